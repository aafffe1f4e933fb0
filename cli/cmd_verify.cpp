// decree verify RULES --key PUB…: is every version of the rule set published
// as approved by a second person and signed by a trusted publishing key
// (engine/publish)? One line per version; exit 1 if any is not.
#include <cstdio>
#include <fstream>
#include <sstream>

#include "base/codes_publish.h"
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
      std::fprintf(stderr, "%s\n",
                   message_text({msg::verify_not_a_key, {{"path", path}}}, output_lang()).c_str());
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
    std::printf("%-12s %s  %s\n", c.version.c_str(), ok ? "ok   " : "ERROR",
                message_text(c.message, output_lang()).c_str());
  }
  std::printf("%s\n", message_text({msg::verify_summary,
                                    {{"ruleset", timeline->name()},
                                     {"n", std::to_string(checks.size())},
                                     {"bad", std::to_string(bad)}}},
                                   output_lang())
                          .c_str());
  return bad == 0 ? kExitOk : kExitFailure;
}

}  // namespace decree::cli
