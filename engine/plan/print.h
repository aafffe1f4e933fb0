// A deterministic text rendering of the planned Program (plan/program.h), for
// golden tests (tests/lang/plan/*.plan) and `decree check --dump-after=plan`.
// It shows everything the evaluator will read: the input and loop slots, the
// constants, every rule's nodes as a tree (node index, opcode, result kind,
// the decoded a/b operands, children labelled by role, source position), and
// how each table is looked up (direct index, bisection, buckets or row by
// row) with every row's cells; last, the nodes the planner emitted outside
// rules and tables (input defaults). Node and constant numbers are the
// indexes in Program::nodes and Program::constants; nothing depends on
// addresses or paths, and no constant is folded: the text is the plan.
//
// From fixtures/bench/wi-bench (tests/lang/plan/wi_bench.plan):
//   rule 4 own_wage: output money, root n20 @39:8
//     n20 round money step c3 = 0.01, mode half_up @40:3
//       n19 clamp money @40:9
//         value: n12 input money slot 5 (wage_avg_12m) @40:15
//         lo: n15 mul money @40:29
//           n13 constant rate c4 = 0.60 @40:29
//           n14 rule money rule 1 (avg_wage) @40:35
//         ...
//   table 1 care_rate: 4 rows, direct index from 0 (4 entries)
//     keys: level: enum (loop slot 1)
//     direct: none→row 4, partial→row 3, most→row 2, full→row 1
//     row 1 @80:3: full
//       n157 constant rate c50 = 0.50 @80:14
#pragma once

#include <string>
#include <string_view>

#include "plan/program.h"

namespace decree {

std::string print_plan(const Program& program);

// The opcode's name as the printer shows it: "add", "table_collect", "and".
std::string_view op_name(Op op);

// A result kind's name: "money", "bool", "enum", "rounding mode".
std::string_view kind_name(Type::Kind kind);

}  // namespace decree
