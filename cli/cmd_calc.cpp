// decree calc: evaluate one standalone expression exactly.
#include <cstdio>

#include "api/decree.h"
#include "cli/commands.h"
#include "cli/output_lang.h"

namespace decree::cli {

int run_calc(const std::string& expression) {
  Diagnostics diags;
  std::optional<std::string> result = calc(expression, diags);
  print_diagnostics(diags);
  if (!result || diags.has_errors()) return kExitFailure;
  std::printf("%s\n", result->c_str());
  return kExitOk;
}

}  // namespace decree::cli
