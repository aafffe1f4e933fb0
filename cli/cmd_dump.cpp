// decree check --dump-after=parse|check|plan: what a stage made of the rules,
// for authors and for debugging. The text comes from the library
// (api/dump.h, which calls each stage's own printer); this only prints it.
#include <cstdio>

#include "api/dump.h"
#include "cli/commands.h"
#include "cli/output_lang.h"

namespace decree::cli {

int run_dump(const std::vector<std::string>& paths, const std::string& stage_name) {
  auto stage = dump_stage(stage_name);
  if (!stage) {  // main.cpp accepts only the three names
    std::fprintf(stderr, "decree: --dump-after %s: expected parse, check or plan\n",
                 stage_name.c_str());
    return kExitUsage;
  }
  int code = kExitOk;
  for (const auto& path : paths) {
    Diagnostics diags;
    std::string out = dump_after(path, *stage, diags);
    print_diagnostics(diags);
    if (diags.has_errors()) code = kExitFailure;
    std::fputs(out.c_str(), stdout);
  }
  return code;
}

}  // namespace decree::cli
