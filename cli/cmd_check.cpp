// decree check: load each rule set, print every diagnostic (warnings too) and
// a summary line, all on stderr.
#include <cstdio>

#include "api/decree.h"
#include "cli/commands.h"
#include "cli/output_lang.h"

namespace decree::cli {
namespace {

const char* plural(size_t n) { return n == 1 ? "" : "s"; }

}  // namespace

int run_check(const CheckArgs& args) {
  if (!args.drafts.empty() && args.paths.size() != 1) {
    std::fputs("decree check: --draft joins one rule set: give its directory as the only PATH\n",
               stderr);
    return kExitUsage;
  }
  size_t errors = 0, warnings = 0;
  LoadOptions options;
  options.drafts = args.drafts;
  for (const std::string& path : args.paths) {
    Diagnostics diags;
    auto rules = RuleTimeline::load(path, diags, options);  // one version, or every version
    print_diagnostics(diags, args.brief);
    size_t path_errors = diags.error_count();
    if (!rules && path_errors == 0) {  // a failed load must never pass as clean
      std::fprintf(stderr, "%s: error: the rule set could not be loaded\n", path.c_str());
      path_errors = 1;
    }
    errors += path_errors;
    warnings += diags.warning_count();
  }
  std::fprintf(stderr, "%zu rule set%s checked: %zu error%s, %zu warning%s\n", args.paths.size(),
               plural(args.paths.size()), errors, plural(errors), warnings, plural(warnings));
  return errors > 0 ? kExitFailure : kExitOk;
}

}  // namespace decree::cli
