// How often an output's amount is paid, as declared after its type. Its own
// header, so that the library API (api/ruleset.h) can say it without the AST.
//   output disability_allowance: money per month = …
//   output lump_sum_disability: money once = …
#pragma once

#include <cstdint>

namespace decree::ast {

enum class Period : uint8_t { none, per_month, once };

// As written: "per month", "once"; "" for none.
inline const char* period_text(Period p) {
  return p == Period::per_month ? "per month" : p == Period::once ? "once" : "";
}

}  // namespace decree::ast
