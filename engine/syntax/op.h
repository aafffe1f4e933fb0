// The evaluator's instruction set: every operation the planner can emit
// (plan/program.h holds the nodes that carry them). It is declared here, below
// the stages that use it, because the table of operators and builtins
// (syntax/builtins.h) names the operation each builtin is planned to; the
// syntax stage itself emits none.
#pragma once

#include <cstdint>

namespace decree {

enum class Op : uint8_t {
  constant,  // a = constant index
  input,     // a = input slot
  rule,      // a = rule index (evaluated once per case, on first use)
  loop_var,  // a = loop slot
  as_of,
  field,  // child0 = record, a = field index
  add,
  sub,
  mul,
  div,
  neg,
  eq,
  ne,
  lt,
  le,
  gt,
  ge,  // cmp says how to compare
  and_,
  or_,
  not_,
  piecewise,  // children: cond0, value0, cond1, value1, …, otherwise
  match,      // child0 = subject; children 1.. = arm values; a = index into match_tables
  round,      // child0 = value; a = constant index of the step; b = RoundingMode
  min,
  max,    // children (2 or more)
  clamp,  // value, lo, hi
  abs,
  min_list,
  max_list,
  sum_list,
  count_list,
  all_list,
  any_list,  // child0 = list
  year,
  month,
  day,
  months_between,
  add_months,
  age,
  make_date,
  param_key,      // a = ParamInfo index; child0 = integer key (year or integer index)
  param_date,     // a = ParamInfo index; child0 = date key
  param_keys,     // a = ParamInfo index, b = ParamLookup index; children = keys (several, or enum)
  table,          // a = table index, b = result column; children = keys
  table_collect,  // a = table index; children = keys → list of column 0
  comp_sum,
  comp_count,
  comp_min,
  comp_max,
  comp_all,
  comp_any,
  // child0 = list, child1 = filter or kNone, child2 = body or kNone; a = loop slot
  list,    // children = items
  given,   // a = input slot: whether the case gave it
  range,   // child0 = lo, child1 = hi: the integers lo..hi (none if hi < lo)
  fold,    // child0 = list, child1 = filter or kNone, child2 = body, child3 = initial;
           // a = the item's loop slot, a + 1 the accumulator's; b = index in Program::folds
  filter,  // child0 = list, child1 = filter or kNone; a = loop slot: the items kept
  map,     // child0 = list, child1 = filter or kNone, child2 = body; a = loop slot
};

}  // namespace decree
