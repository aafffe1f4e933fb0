// decree check: load each rule set, print every diagnostic (warnings too) and
// a summary line, all on stderr.
#include <cstdio>
#include <string>

#include "api/decree.h"
#include "base/codes_check.h"
#include "cli/commands.h"
#include "cli/output_lang.h"

namespace decree::cli {
namespace {

// "3 warnings", "3 个警告": a count with its noun, in the output language.
MessageArg count(const char* key, Code noun, size_t n) {
  return {key, Message{noun, {{"n", std::to_string(n)}, {"s", n == 1 ? "" : "s"}}}};
}

std::string text(const Message& m) { return message_text(m, output_lang()); }

}  // namespace

int run_check(const CheckArgs& args) {
  if (!args.drafts.empty() && args.paths.size() != 1) {
    std::fprintf(stderr, "decree check: %s\n", text({msg::check_draft_one_path, {}}).c_str());
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
      std::fprintf(stderr, "%s: error: %s\n", path.c_str(),
                   text({msg::check_not_loaded, {}}).c_str());
      path_errors = 1;
    }
    errors += path_errors;
    warnings += diags.warning_count();
  }
  std::fprintf(stderr, "%s\n",
               text({msg::check_summary,
                     {count("rule_sets", msg::count_rule_sets, args.paths.size()),
                      count("errors", msg::count_errors, errors),
                      count("warnings", msg::count_warnings, warnings)}})
                   .c_str());
  return errors > 0 ? kExitFailure : kExitOk;
}

}  // namespace decree::cli
