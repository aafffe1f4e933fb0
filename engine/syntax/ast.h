// The rule language's own AST: it owns its data, carries source spans, and
// knows nothing of ANTLR. Operators are lowered to calls so that the checker
// and evaluator have one path for them (cel-cpp style):
//   a + b     → Call{"_+_", [a, b]}       -a     → Call{"-_", [a]}
//   a - b     → Call{"_-_"}  a * b → "_*_"  a / b → "_/_"
//   a == b    → "_==_"  != "_!=_"  < "_<_"  <= "_<=_"  > "_>_"  >= "_>=_"
//   a and b   → "_and_"   a or b → "_or_"   not a → "!_"
//   a .. b    → "_.._"  (the integers from a to b)
//   f(x, y)   → Call{"f", [x, y]}   (round, min, max, clamp, abs, year, …)
// The names, and everything else about the operators and builtins, are in
// one table: syntax/builtins.h.
// Every Expr has a unique id (within its Module); spans live in Expr too.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "base/source.h"
#include "syntax/period.h"

namespace decree::ast {

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;
using ExprId = uint32_t;

// A type as written: money, rate, decimal, integer, bool, date, text, an enum
// or record name, or `list of T`.
struct TypeRef {
  std::string name;  // element name for lists
  bool is_list = false;
  Span span;
};

// 12, 0.01, 60%, true, "text", 2021-07-01. `text` is the literal exactly as
// written (for numbers) or its unescaped value (for strings); a percent
// literal's text excludes the '%'. Example: `60%` → {percent, "60"}.
struct Literal {
  enum class Kind { integer, decimal, percent, boolean, text, date };
  Kind kind;
  std::string text;
};

// A bare name: an input, let, output, enum value, or loop variable.
struct Ident {
  std::string name;
};

// operand.field — record field, parameter in a parameter set (p.min_wage),
// table result column (rates(grade).allowance) or Enum.value.
struct Select {
  ExprPtr operand;
  std::string field;
  Span field_span;
};

// operand[key, …] — parameter lookup by its keys (year, date, integer or
// enum), one per key of the parameter: p.avg_wage[R], p.increment[y, grade]
struct Index {
  ExprPtr operand;
  std::vector<ExprPtr> keys;  // one or more
};

// Function and operator calls (see the header comment for operator names).
// Table lookups are calls too: lump_sum_months(grade).
struct Call {
  std::string function;
  Span function_span;
  std::vector<ExprPtr> args;
};

// when c1: e1  when c2: e2  otherwise: e3   (first true condition wins)
// `if c then a else b` is parsed into the same node with one case.
struct Piecewise {
  struct Case {
    ExprPtr condition;
    ExprPtr value;
  };
  std::vector<Case> cases;
  ExprPtr otherwise;  // never null
};

// match outcome { disability => e1, death => e2 }   or with `_ => e`
struct Match {
  struct Arm {
    std::vector<std::string> patterns;  // enum value names; empty means `_`
    Span pattern_span;
    ExprPtr value;
  };
  ExprPtr subject;
  std::vector<Arm> arms;
};

// Aggregates over lists, with an optional filter:
//   sum(d in dependents: share(d))          count(d in dependents where d.age < 18)
//   min/max/all/any(d in xs [where cond]: body)
// An accumulation (op "fold"): the body computes the next value of the
// accumulator from its current one and the item, starting from `initial`:
//   fold(acc = allowance_base, y in 2012..latest_round where y > injury_year: acc + p.inc[y])
//   fold(total: money = 0, d in dependants: total + d.share)
// Lists made from a list (op "filter" and "map"):
//   [d in dependants where d.eligible]          (filter: body is null)
//   [d.share for d in dependants where d.eligible]
// For `count` and `filter`, body is null.
struct Comprehension {
  std::string op;  // a builtin with an aggregate form: "sum" … "any", "fold", "filter", "map"
  std::string var;
  Span var_span;
  ExprPtr list;
  ExprPtr filter;  // may be null
  ExprPtr body;    // null only for count and filter
  // fold only:
  std::string accumulator;
  Span accumulator_span;
  std::optional<TypeRef> accumulator_type;  // fold(acc: money = …)
  ExprPtr initial;
};

// [e1, e2, ...]
struct ListLiteral {
  std::vector<ExprPtr> items;
};

struct Expr {
  ExprId id = 0;
  Span span;
  std::variant<Literal, Ident, Select, Index, Call, Piecewise, Match, Comprehension, ListLiteral>
      kind;
};

// parameters "params.yaml" as p
struct ParametersDecl {
  std::string path;  // relative to the .decree file's directory
  std::string alias;
  Span span;
};

// enum Outcome { disability, death }
struct EnumDecl {
  bool is_override = false;  // `override enum …` in an extending version
  std::string name;
  Span span;
  std::vector<std::pair<std::string, Span>> values;
  std::string doc;  // `///` comment lines above, joined with '\n'
};

// record Dependent { relation: Relation, orphan_or_alone: bool }
struct RecordDecl {
  bool is_override = false;
  std::string name;
  Span span;
  struct Field {
    std::string name;
    TypeRef type;
    Span span;
  };
  std::vector<Field> fields;
  std::string doc;  // `///` comment lines above, joined with '\n'
};

// Inside `input { ... }`:
//   grade: integer in 1..10 optional   # may be absent; reading it then is an error
//   care_level: Care = none            # default when absent
//   wage_avg_12m: money in 0..         # open upper bound
struct InputDecl {
  bool is_override = false;
  std::string name;
  Span span;  // the name
  TypeRef type;
  ExprPtr range_min;  // `in lo..hi` (both inclusive, literals); either may be null
  ExprPtr range_max;
  ExprPtr default_value;  // may be null
  bool optional = false;
  std::string doc;  // `///` comment lines above, joined with '\n'
};

// let NAME[: TYPE] = EXPR      (intermediate, not reported)
// output NAME[: TYPE] = EXPR   (reported in results)
// optionally preceded by `///` doc lines and followed by a citation:
//   output own_wage: money = round(...) basis "工伤保险条例 第64条"
struct RuleDecl {
  bool is_override = false;
  enum class Kind { let, output };
  Kind kind = Kind::let;
  std::string name;
  Span span;  // the name
  std::optional<TypeRef> type;
  ExprPtr body;
  std::string basis;  // citation, may be empty
  Span basis_span;
  std::string doc;
  std::string payer;  // `paid by fund` → "fund"; empty if not said
  Span payer_span;
  Period period = Period::none;  // output x: money per month = …
  Span period_span;
};

// A key pattern in a table row: `_`, a value (5, spouse, true, a name the
// cell reads), or a range `[lo, hi)`, `[lo, hi]`, `(lo, hi]`, `lo..hi`
// (inclusive), `>= lo`, `< hi`… A missing bound (lo or hi null) is open.
// A cell is one pattern or several alternatives (`"A" | "B"`), negated or
// not (`not(< 18 | >= 60)`).
struct KeyPattern {
  enum class Kind { any, value, range, alternatives };
  Kind kind = Kind::any;
  ExprPtr value;   // kind == value
  ExprPtr lo, hi;  // kind == range
  bool lo_inclusive = true, hi_inclusive = true;
  std::vector<KeyPattern> alternatives;  // kind == alternatives: two or more, none negated
  bool negated = false;                  // `not(…)`: every key the pattern does not match
  Span span;
};

// table disability_rates(grade: integer) -> (months: integer, allowance: rate) hit unique {
//   1 => 27, 90%
//   [2, 4] => 25, 85%
//   _ => 0, 0%
// } basis "工伤保险条例 第35条"
// With one result column the parentheses around the result may be omitted:
// table care_rate(level: Care) -> rate hit unique { full => 50%  ... }
struct TableDecl {
  bool is_override = false;
  // any: several rows may match, but they must give the same values.
  // priority: the match whose first result comes first in its enum's order.
  // rule_order, output_order: every match, as a list, in row order or in the
  // enum order of the result (collect is in row order too).
  enum class HitPolicy { unique, first, collect, any, priority, rule_order, output_order };
  // Whether a lookup gives the list of every matching row's value.
  static bool gives_list(HitPolicy h) {
    return h == HitPolicy::collect || h == HitPolicy::rule_order || h == HitPolicy::output_order;
  }
  std::string name;
  Span span;
  struct Column {
    std::string name;
    TypeRef type;
    Span span;
  };
  std::vector<Column> keys;
  std::vector<Column> results;  // a single unnamed result column has name ""
  bool single_result = false;   // declared as `-> T` rather than `-> (a: T, ...)`
  HitPolicy hit = HitPolicy::unique;
  bool hit_explicit = false;
  struct Row {
    std::vector<KeyPattern> keys;
    std::vector<ExprPtr> values;
    Span span;
    // `otherwise => …`: the default output, used when no row matches. It is
    // the last row, with `_` for every key; not a row for overlap analysis.
    bool otherwise = false;
  };
  std::vector<Row> rows;
  std::string basis;
  Span basis_span;
  std::string doc;
};

// A hit policy as written: "unique", "rule order", …
inline const char* hit_policy_name(TableDecl::HitPolicy h) {
  static const char* const names[] = {"unique",   "first",      "collect",     "any",
                                      "priority", "rule order", "output order"};
  return names[static_cast<int>(h)];
}

// One .decree file:
//   ruleset wi_bench basis "..."   (the basis is optional: the rule set's citation)
//   parameters "params.yaml" as p
//   enum/record/input/let/output/table declarations in any order
struct Module {
  std::string ruleset;
  Span ruleset_span;
  std::string basis;
  // version "2021-07-01" effective 2021-07-01 [until D] [extends "2011-01-01"]
  std::string version;                    // empty: the file states no version
  std::string effective, until, extends;  // dates as written; may be empty
  Span version_span;
  std::string select_by;  // select by injury_date
  Span select_by_span;
  std::vector<ParametersDecl> parameters;
  std::vector<EnumDecl> enums;
  std::vector<RecordDecl> records;
  std::vector<InputDecl> inputs;
  std::vector<RuleDecl> rules;  // lets and outputs, in source order
  std::vector<TableDecl> tables;
  ExprId next_id = 1;  // ids handed out so far (ids are 1..next_id-1)
  SourceRef source;
};

}  // namespace decree::ast
