// decree verify RULES --key PUB…: is every version of the rule set published
// as approved by a second person and signed by a trusted publishing key
// (engine/publish)? One line per version; exit 1 if any is not.
#include <cstdio>
#include <fstream>
#include <sstream>

#include "cli/commands.h"
#include "cli/output_lang.h"
#include "publish/verify.h"

namespace decree::cli {

int run_verify(const VerifyArgs& args) {
  std::vector<std::string> keys;
  for (const auto& path : args.keys) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    if (!in || text.str().find("BEGIN PUBLIC KEY") == std::string::npos) {
      std::fprintf(stderr, "decree verify: %s is not a public key in PEM\n", path.c_str());
      return kExitUsage;
    }
    keys.push_back(text.str());
  }
  Diagnostics diags;
  auto timeline = RuleTimeline::load(args.rules, diags);
  if (!timeline) {
    print_diagnostics(diags);
    return kExitFailure;
  }
  const auto checks = publish::verify_versions(*timeline, args.rules, keys);
  size_t bad = 0;
  for (const auto& c : checks) {
    const bool ok = c.result == publish::VersionCheck::Result::ok;
    if (!ok) ++bad;
    std::printf("%-12s %s  %s\n", c.version.c_str(), ok ? "ok   " : "ERROR", c.detail.c_str());
  }
  std::printf("%s: %zu version%s, %zu not published as approved\n", timeline->name().c_str(),
              checks.size(), checks.size() == 1 ? "" : "s", bad);
  return bad == 0 ? kExitOk : kExitFailure;
}

}  // namespace decree::cli
