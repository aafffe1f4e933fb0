// The rule language's operators and builtin functions, in one table (cel-cpp's
// builtins.h). Each entry says the name a call carries in the AST (operators
// are lowered to calls: `a + b` is Call{"_+_"}), how it is written, how many
// arguments it takes, the type rule the checker applies to it and the
// operation the planner emits for it. The parser lowers operators and
// recognises aggregates through this table, the checker types calls, checks
// arities and suggests names ("did you mean") from it, reach and the table
// checker recognise calls by it, and the planner turns a checked call into its
// Op by the builtin's id, which the checker records (Resolution::Kind::builtin);
// no stage spells a builtin's name itself. docs/language.md lists every entry
// (a test compares the two).
//
//   a + b                      _+_    2 arguments   add_sub    Op::add
//   round(x, 0.01, half_up)    round  3             round      Op::round
//   min(a, b)  min(xs)         min    1 to 1000     extremum   Op::min, Op::min_list
//   min(d in xs: d.age)        min    (aggregate)              Op::comp_min
//   2012..n                    _.._   2             signature  Op::range
//   fold(acc = 0, x in xs: …)  fold   (accumulation) fold      Op::fold
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "syntax/ast.h"
#include "syntax/op.h"

namespace decree {

enum class Builtin : uint8_t {
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
  ge,
  and_,
  or_,
  not_,
  round,
  clamp,
  abs,
  year,
  month,
  day,
  months_between,
  add_months,
  age,
  date,
  sum,
  count,
  min,
  max,
  all,
  any,
  given,
  range,
  fold,
  filter,
  map,
};

// The ways a builtin is written (bits of BuiltinInfo::forms).
enum BuiltinForm : uint8_t {
  kInfix = 1,   // a + b
  kPrefix = 2,  // -a, not a
  kCall = 4,    // round(x, step, mode)
  kOver = 8,    // sum(x in xs [where c]: body): an aggregate over a list
  kFold = 16,   // fold(acc = init, x in xs [where c]: body): an accumulation
  kList = 32,   // [x in xs where c], [e for x in xs where c]: a list from a list
};

// The longest list `a..b` may make (10 000 integers: centuries of months); a
// longer range is an error, never a long loop.
inline constexpr int64_t kMaxRangeLength = 10000;

// The checker's type rule for a call (check/expressions.cpp applies it).
enum class TypeRule : uint8_t {
  add_sub,    // numbers of one unit (money ± money, rate ± rate); scale: the larger
  multiply,   // money × number is money, money × money an error; scale: the sum
  divide,     // money ÷ money is decimal, a number ÷ money an error; scale: unbounded
  negate,     // a number
  equality,   // two values of one type
  order,      // two numbers or two dates
  logic,      // bools
  round,      // a number, a literal power of ten, a rounding mode; scale: the step's
  extremum,   // numbers or dates of one type, or one list of numbers
  clamp,      // three numbers or dates of one type
  abs,        // a number
  signature,  // the fixed kinds in BuiltinInfo::args and result
  list,       // one list: of numbers (sum), of bools (all, any), of anything (count)
  given,      // the name of an input
  fold,       // the accumulator's type is its initial value's (or the declared one),
              // and the body gives that type; scale: the initial value's if the body
              // never adds decimals, else unbounded
  filter,     // the items of a list that pass a bool condition: a list of the same type
  map,        // a value per item: a list of the body's type
};

// Argument and result kinds of a fixed signature (TypeRule::signature).
enum class ArgKind : uint8_t { none, integer, date, integer_list };

struct BuiltinInfo {
  Builtin id;
  std::string_view name;        // in ast::Call::function and ast::Comprehension::op
  std::string_view written;     // as in the rules: "+", "not", "round"
  uint8_t forms;                // BuiltinForm bits
  uint16_t min_args, max_args;  // of the call or operator
  TypeRule rule;
  ArgKind args[3];  // TypeRule::signature: the arguments' kinds …
  ArgKind result;   // … and the result's
  Op op;            // what the planner emits for the call or operator
  Op list_op;       // … for a call with one argument (min(xs) → min_list); else op
  Op over_op;       // … for the aggregate form (sum(x in xs: e) → comp_sum)
  bool over_body;   // the aggregate form takes `: body` (count does not)
  // The forms as docs/language.md's table of builtins shows them.
  std::string_view usage;
};

// Every entry, in the order of Builtin.
std::span<const BuiltinInfo> builtins();
const BuiltinInfo& builtin(Builtin id);
// By the name in the AST ("_+_", "round"); nullptr for any other name.
const BuiltinInfo* find_builtin(std::string_view name);
// The operator written `written` in the given form (kInfix or kPrefix):
// ("+", kInfix) → _+_, ("-", kPrefix) → -_; nullptr if there is none.
const BuiltinInfo* find_operator(std::string_view written, BuiltinForm form);
// Whether the call is to this builtin, by name (for stages that see calls
// before the checker resolves them: a table pattern's `-5`, an input default).
bool calls(const ast::Call& call, Builtin id);

}  // namespace decree
