// decree versions RULES_DIR: the rule set's versions, each with its dates,
// what it extends and overrides, and its content hash.
#include <cstdio>

#include "api/decree.h"
#include "cli/commands.h"

namespace decree::cli {

int run_versions(const std::string& path) {
  Diagnostics diags;
  auto timeline = RuleTimeline::load(path, diags);
  if (!timeline) {
    std::fputs(render_all(diags).c_str(), stderr);
    return kExitFailure;
  }
  std::printf("rule set %s", timeline->name().c_str());
  if (!timeline->select_by().empty())
    std::printf(" (a case's version is chosen by `%s`)", timeline->select_by().c_str());
  std::printf("\n");
  for (const auto& v : timeline->versions()) {
    const VersionInfo& info = v->version();
    std::printf("\nversion %s\n",
                info.name.empty() ? "(unversioned)" : ("\"" + info.name + "\"").c_str());
    std::printf("  effective  %s to %s\n",
                info.effective.empty() ? "always" : info.effective.c_str(),
                info.until.empty() ? "(open)" : info.until.c_str());
    if (!info.extends.empty()) std::printf("  extends    \"%s\"\n", info.extends.c_str());
    if (!info.overrides.empty()) {
      std::printf("  overrides ");
      for (size_t i = 0; i < info.overrides.size(); ++i)
        std::printf("%s %s", i ? "," : "", info.overrides[i].c_str());
      std::printf("\n");
    }
    std::printf("  path       %s\n", v->path().c_str());
    std::printf("  sha256     %s\n", info.hash.c_str());
  }
  return std::fflush(stdout) == 0 ? kExitOk : kExitFailure;
}

}  // namespace decree::cli
