// decree serve: the rule sets as an HTTP/JSON service (engine/serve).
#include <cstdio>
#include <thread>

#include "cli/commands.h"
#include "cli/output_lang.h"
#include "serve/http_server.h"

namespace decree::cli {

int run_serve(const ServeArgs& args) {
  const size_t colon = args.listen.rfind(':');
  unsigned long port = 0;
  try {
    if (colon == std::string::npos) throw std::invalid_argument("no port");
    port = std::stoul(args.listen.substr(colon + 1));
    if (port > 65535) throw std::out_of_range("port");
  } catch (const std::exception&) {
    std::fprintf(stderr, "decree serve: --listen %s: expected ADDRESS:PORT (127.0.0.1:8080)\n",
                 args.listen.c_str());
    return kExitUsage;
  }
  Diagnostics diags;
  auto service = serve::Service::load(args.rules, diags);
  print_diagnostics(diags);
  if (!service) return kExitFailure;

  serve::ServerOptions options;
  options.address = args.listen.substr(0, colon);
  options.port = static_cast<uint16_t>(port);
  options.threads = args.threads ? args.threads : std::max(1u, std::thread::hardware_concurrency());
  options.max_body_bytes = args.max_body_bytes;
  options.read_timeout = std::chrono::milliseconds(args.read_timeout_ms);
  options.stop_on_signals = true;
  serve::HttpServer server(*service, options);
  std::string error;
  if (!server.listen(error)) {
    std::fprintf(stderr, "decree serve: %s\n", error.c_str());
    return kExitFailure;
  }
  // The bound address on one line (with port 0, the one chosen): scripts
  // and tests wait for it.
  std::fprintf(stderr, "decree serve: listening on %s:%u (%zu rule set%s, %u thread%s)\n",
               options.address.c_str(), static_cast<unsigned>(server.port()),
               service->rule_sets().size(), service->rule_sets().size() == 1 ? "" : "s",
               options.threads, options.threads == 1 ? "" : "s");
  std::fflush(stderr);
  server.run();
  std::fprintf(stderr, "decree serve: stopped\n");
  return kExitOk;
}

}  // namespace decree::cli
