// A deterministic text rendering of the checked program (check/program.h),
// for golden tests (tests/lang/check/*.checked) and for
// `decree check --dump-after=check`: what the checker declared, resolved,
// typed and ordered. Declarations come first, by kind and index; then every
// rule in evaluation order with its type, the decimals it may carry, what
// its names resolved to and the rules it reads. No addresses and no paths
// (positions are `@line:col`), so the text only changes when the checker does.
//
// From fixtures/bench/wi-bench (tests/lang/check/wi_bench.checked):
//   input 3 grade: integer in 1..10 optional
//   table 1 care_rate(level: Care) -> rate (2 decimals) hit unique, 4 rows @79:7
//     key loop slots: level 1
//     row 1 @80:3: full => 50%
//   evaluation order:
//   output own_wage: money (2 decimals) @39:8
//     reads: builtin round, builtin clamp, input wage_avg_12m, rule avg_wage, rounding half_up
//     deps: avg_wage ×2
#pragma once

#include <string>

#include "base/source.h"
#include "check/program.h"

namespace decree {

std::string print_checked(const CheckedProgram& program);

// One key pattern of a table row as the checker compiled it, over the key's
// type: `_`, `5`, `[3, 4]`, `[0, 5000)`, `< 18`, `spouse`, `true`, `2021-07-01`.
// A bound that reads a name prints the name: `> retirement_age`.
std::string print_key_interval(const CheckedProgram& program, const KeyInterval& interval,
                               const Type& key);
// One cell: its alternatives joined by ` | `, in `not(…)` when negated.
std::string print_key_cell(const CheckedProgram& program, const KeyCell& cell, const Type& key);

// `@12:3`; `@benefits.decree:12:3` (the file's name) when the rule set has
// several files; `@?` for a span without a position.
std::string print_position(const CheckedProgram& program, const Span& span);

// A number of decimals as the checker tracks it: "2 decimals", "unbounded decimals".
std::string print_scale(int scale);

}  // namespace decree
