// decree serve: the rule sets as an HTTP/JSON service (engine/serve).
#include <cstdio>
#include <thread>

#include "cli/commands.h"
#include "cli/output_lang.h"
#include "serve/config.h"
#include "serve/http_server.h"
#include "serve/log.h"
#include "serve/watch.h"

namespace decree::cli {
namespace {

// decree serve --new-token NAME:ROLE: the token for the caller (shown once)
// and the line of the configuration, which keeps only its hash.
int print_new_token(const std::string& spec) {
  const size_t colon = spec.rfind(':');
  const auto role =
      colon == std::string::npos ? std::nullopt : serve::parse_role(spec.substr(colon + 1));
  if (!role || colon == 0) {
    std::fprintf(stderr,
                 "decree serve: --new-token %s: expected NAME:ROLE, ROLE one of caseworker, "
                 "analyst, auditor, admin\n",
                 spec.c_str());
    return kExitUsage;
  }
  const std::string token = serve::new_token();
  std::printf("token (give it to the caller; it is not stored): %s\n", token.c_str());
  std::printf("configuration entry (under tokens:):\n  - {name: %s, role: %s, sha256: %s}\n",
              spec.substr(0, colon).c_str(), std::string(serve::role_name(*role)).c_str(),
              serve::token_hash(token).c_str());
  return kExitOk;
}

}  // namespace

int run_serve(const ServeArgs& args) {
  if (!args.new_token.empty()) return print_new_token(args.new_token);
  Diagnostics diags;
  serve::ServeConfig config;
  if (!args.config.empty()) {
    auto read = serve::read_serve_config(args.config, diags);
    if (!read) {
      print_diagnostics(diags);
      return kExitFailure;
    }
    config = std::move(*read);
  }
  const std::string listen =
      !args.listen.empty() ? args.listen : config.listen.value_or("127.0.0.1:8080");
  const size_t colon = listen.rfind(':');
  unsigned long port = 0;
  try {
    if (colon == std::string::npos) throw std::invalid_argument("no port");
    port = std::stoul(listen.substr(colon + 1));
    if (port > 65535) throw std::out_of_range("port");
  } catch (const std::exception&) {
    std::fprintf(stderr, "decree serve: listen %s: expected ADDRESS:PORT (127.0.0.1:8080)\n",
                 listen.c_str());
    return kExitUsage;
  }
  serve::ServiceConfig service_config;
  service_config.rule_dirs = config.rules;
  service_config.rule_dirs.insert(service_config.rule_dirs.end(), args.rules.begin(),
                                  args.rules.end());
  if (service_config.rule_dirs.empty()) {
    std::fprintf(stderr, "decree serve: no rule sets: give RULES or `rules:` in --config\n");
    return kExitUsage;
  }
  service_config.tokens = config.tokens;
  service_config.jwt = config.jwt;
  service_config.publishing_keys = config.publishing_keys;
  service_config.open = args.no_auth;
  service_config.audit.path = !args.audit.empty() ? args.audit : config.audit_sqlite;
  service_config.audit.synchronous_full = config.audit_synchronous_full.value_or(true);
  service_config.audit.max_bytes = config.audit_max_bytes.value_or(0);
  if (config.audit_max_queue) service_config.audit_max_queue = *config.audit_max_queue;
  service_config.no_audit = args.no_audit;
  service_config.postgresql = config.audit_postgresql;
  service_config.tls = !args.tls_cert.empty() || !config.tls_cert_file.empty();
  if (!config.managed.empty()) {
    publish::WorkflowConfig workflow;
    workflow.rule_sets = config.managed;
    workflow.signing_key = config.signing_key;
    workflow.threads = std::max(1u, std::thread::hardware_concurrency());
    service_config.workflow = std::move(workflow);
  }
  if (config.sync_interval_ms) service_config.sync_interval_ms = *config.sync_interval_ms;
  const std::vector<std::string> service_config_dirs = service_config.rule_dirs;
  auto service = serve::Service::load(std::move(service_config), diags);
  print_diagnostics(diags);
  if (!service) return kExitFailure;

  serve::ServerOptions options;
  options.address = listen.substr(0, colon);
  options.port = static_cast<uint16_t>(port);
  options.threads = args.threads     ? args.threads
                    : config.threads ? *config.threads
                                     : std::max(1u, std::thread::hardware_concurrency());
  if (args.max_body_bytes || config.max_body_bytes)
    options.max_body_bytes = args.max_body_bytes ? args.max_body_bytes : *config.max_body_bytes;
  if (args.read_timeout_ms || config.read_timeout_ms)
    options.read_timeout = std::chrono::milliseconds(
        args.read_timeout_ms ? args.read_timeout_ms : *config.read_timeout_ms);
  options.tls_cert_file = !args.tls_cert.empty() ? args.tls_cert : config.tls_cert_file;
  options.tls_key_file = !args.tls_key.empty() ? args.tls_key : config.tls_key_file;
  options.stop_on_signals = true;
  options.reload_on_sighup = true;
  serve::HttpServer server(*service, options);
  std::string error;
  if (!server.listen(error)) {
    std::fprintf(stderr, "decree serve: %s\n", error.c_str());
    return kExitFailure;
  }
  if (args.no_auth)
    std::fprintf(stderr, "decree serve: warning: --no-auth: every caller is admin\n");
  if (args.no_audit)
    std::fprintf(stderr, "decree serve: warning: --no-audit: answers are not recorded\n");
  // The bound address on one line (with port 0, the one chosen): scripts
  // and tests wait for it.
  std::fprintf(stderr, "decree serve: listening on %s:%u (%s%zu rule set%s, %u thread%s)\n",
               options.address.c_str(), static_cast<unsigned>(server.port()),
               options.tls_cert_file.empty() ? "" : "TLS, ", service->rule_sets().size(),
               service->rule_sets().size() == 1 ? "" : "s", options.threads,
               options.threads == 1 ? "" : "s");
  std::fflush(stderr);
  serve::log::init();
  // --watch: a change in a rules directory reloads, as SIGHUP does.
  std::unique_ptr<serve::RulesWatcher> watcher;
  if (args.watch || config.watch) {
    watcher = std::make_unique<serve::RulesWatcher>(service_config_dirs, [&service] {
      service->reload_async([](auto) {});  // Service::reload logs what it did
    });
    if (!watcher->ok()) {
      std::fprintf(stderr, "decree serve: --watch: %s\n", watcher->error().c_str());
      return kExitFailure;
    }
  }
  serve::log::info("start", "listen=" + options.address + ":" + std::to_string(server.port()) +
                                " rule_sets=" + std::to_string(service->rule_sets().size()) +
                                " audit=" + (args.no_audit ? "off" : "on") +
                                " auth=" + (args.no_auth ? "off" : "on") +
                                " watch=" + (watcher ? "on" : "off"));
  server.run();
  // Every answered request's record is stored by now (an answer waits for
  // its record). The head lets `decree audit verify --head` find records
  // cut off the end later.
  if (const audit::Log* log = service->audit_log()) {
    const auto [seq, hash] = log->head();
    std::fprintf(stderr, "decree serve: audit head: record %lld, hash %s\n",
                 static_cast<long long>(seq), hash.empty() ? "(none)" : hash.c_str());
  }
  std::fprintf(stderr, "decree serve: stopped\n");
  return kExitOk;
}

}  // namespace decree::cli
