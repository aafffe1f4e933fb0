// decree doc RULES --out DIR: the rule set's timeline as a static site in
// 中文 and English (engine/doc/site.h, docs/doc.md).
#include <cstdio>

#include "api/decree.h"
#include "cli/commands.h"
#include "cli/output_lang.h"
#include "doc/site.h"

namespace decree::cli {

int run_doc(const DocArgs& args) {
  Diagnostics diags;
  auto timeline = RuleTimeline::load(args.rules, diags);
  if (!timeline) {
    print_diagnostics(diags);
    return kExitFailure;
  }
  Message error;
  if (!doc::write_site(*timeline, args.rules, args.out, error)) {
    std::fprintf(stderr, "decree doc: %s\n", message_text(error, output_lang()).c_str());
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace decree::cli
