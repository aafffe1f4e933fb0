#include "cli/output_lang.h"

#include <cstdio>
#include <optional>

namespace decree::cli {
namespace {

std::optional<Lang>& chosen() {
  static std::optional<Lang> lang;
  return lang;
}

}  // namespace

Lang output_lang() {
  if (!chosen()) chosen() = lang_from_environment();
  return *chosen();
}

void set_output_lang(Lang lang) { chosen() = lang; }

void print_diagnostics(const Diagnostics& diags, bool brief) {
  std::fputs(render_all(diags, brief, output_lang()).c_str(), stderr);
}

}  // namespace decree::cli
