#include "syntax/builtins.h"

#include <array>

namespace decree {
namespace {

using A = ArgKind;
using R = TypeRule;

constexpr BuiltinInfo infix(Builtin id, std::string_view name, std::string_view written, R rule,
                            Op op, std::string_view usage) {
  return {id, name, written, kInfix, 2, 2, rule, {}, A::none, op, op, Op::constant, false, usage};
}

constexpr BuiltinInfo prefix(Builtin id, std::string_view name, std::string_view written, R rule,
                             Op op, std::string_view usage) {
  return {id, name, written, kPrefix, 1, 1, rule, {}, A::none, op, op, Op::constant, false, usage};
}

constexpr BuiltinInfo function(Builtin id, std::string_view name, uint16_t min_args,
                               uint16_t max_args, R rule, Op op, std::string_view usage) {
  return {id, name,    name, kCall, min_args,     max_args, rule,
          {}, A::none, op,   op,    Op::constant, false,    usage};
}

constexpr BuiltinInfo fixed(Builtin id, std::string_view name, std::array<A, 3> args, A result,
                            Op op, std::string_view usage) {
  uint16_t n = 0;
  while (n < 3 && args[n] != A::none) ++n;
  return {id,     name, name, kCall,        n,     n,    R::signature, {args[0], args[1], args[2]},
          result, op,   op,   Op::constant, false, usage};
}

// A builtin that is also an aggregate: sum(x in xs [where c]: body).
constexpr BuiltinInfo over(BuiltinInfo b, Op over_op, bool body) {
  b.forms |= kOver;
  b.over_op = over_op;
  b.over_body = body;
  return b;
}

constexpr BuiltinInfo with_list_op(BuiltinInfo b, Op list_op) {
  b.list_op = list_op;
  return b;
}

using B = Builtin;
constexpr A I = A::integer, D = A::date, N = A::none;

constexpr BuiltinInfo kTable[] = {
    infix(B::add, "_+_", "+", R::add_sub, Op::add, "`a + b`"),
    infix(B::sub, "_-_", "-", R::add_sub, Op::sub, "`a - b`"),
    infix(B::mul, "_*_", "*", R::multiply, Op::mul, "`a * b`"),
    infix(B::div, "_/_", "/", R::divide, Op::div, "`a / b`"),
    prefix(B::neg, "-_", "-", R::negate, Op::neg, "`-a`"),
    infix(B::eq, "_==_", "==", R::equality, Op::eq, "`a == b`"),
    infix(B::ne, "_!=_", "!=", R::equality, Op::ne, "`a != b`"),
    infix(B::lt, "_<_", "<", R::order, Op::lt, "`a < b`"),
    infix(B::le, "_<=_", "<=", R::order, Op::le, "`a <= b`"),
    infix(B::gt, "_>_", ">", R::order, Op::gt, "`a > b`"),
    infix(B::ge, "_>=_", ">=", R::order, Op::ge, "`a >= b`"),
    infix(B::and_, "_and_", "and", R::logic, Op::and_, "`a and b`"),
    infix(B::or_, "_or_", "or", R::logic, Op::or_, "`a or b`"),
    prefix(B::not_, "!_", "not", R::logic, Op::not_, "`not a`"),
    function(B::round, "round", 3, 3, R::round, Op::round, "`round(x, step, mode)`"),
    function(B::clamp, "clamp", 3, 3, R::clamp, Op::clamp, "`clamp(x, lo, hi)`"),
    function(B::abs, "abs", 1, 1, R::abs, Op::abs, "`abs(x)`"),
    fixed(B::year, "year", {D, N, N}, I, Op::year, "`year(d)`"),
    fixed(B::month, "month", {D, N, N}, I, Op::month, "`month(d)`"),
    fixed(B::day, "day", {D, N, N}, I, Op::day, "`day(d)`"),
    fixed(B::months_between, "months_between", {D, D, N}, I, Op::months_between,
          "`months_between(a, b)`"),
    fixed(B::add_months, "add_months", {D, I, N}, D, Op::add_months, "`add_months(d, n)`"),
    fixed(B::age, "age", {D, D, N}, I, Op::age, "`age(birth, at)`"),
    fixed(B::date, "date", {I, I, I}, D, Op::make_date, "`date(y, m, d)`"),
    over(function(B::sum, "sum", 1, 1, R::list, Op::sum_list, "`sum(xs)`, `sum(x in xs: e)`"),
         Op::comp_sum, true),
    over(
        function(B::count, "count", 1, 1, R::list, Op::count_list, "`count(xs)`, `count(x in xs)`"),
        Op::comp_count, false),
    over(with_list_op(function(B::min, "min", 1, 1000, R::extremum, Op::min,
                               "`min(a, b, …)`, `min(xs)`, `min(x in xs: e)`"),
                      Op::min_list),
         Op::comp_min, true),
    over(with_list_op(function(B::max, "max", 1, 1000, R::extremum, Op::max,
                               "`max(a, b, …)`, `max(xs)`, `max(x in xs: e)`"),
                      Op::max_list),
         Op::comp_max, true),
    over(function(B::all, "all", 1, 1, R::list, Op::all_list, "`all(xs)`, `all(x in xs: c)`"),
         Op::comp_all, true),
    over(function(B::any, "any", 1, 1, R::list, Op::any_list, "`any(xs)`, `any(x in xs: c)`"),
         Op::comp_any, true),
    function(B::given, "given", 1, 1, R::given, Op::given, "`given(input)`"),
    {B::range,
     "_.._",
     "..",
     kInfix,
     2,
     2,
     R::signature,
     {I, I, N},
     A::integer_list,
     Op::range,
     Op::range,
     Op::constant,
     false,
     "`a..b`"},
    {B::fold,
     "fold",
     "fold",
     kFold,
     0,
     0,
     R::fold,
     {},
     A::none,
     Op::constant,
     Op::constant,
     Op::fold,
     true,
     "`fold(acc = init, x in xs: e)`"},
    {B::filter,
     "filter",
     "[x in xs where c]",
     kList,
     0,
     0,
     R::filter,
     {},
     A::none,
     Op::constant,
     Op::constant,
     Op::filter,
     false,
     "`[x in xs where c]`"},
    {B::map,
     "map",
     "[e for x in xs]",
     kList,
     0,
     0,
     R::map,
     {},
     A::none,
     Op::constant,
     Op::constant,
     Op::map,
     true,
     "`[e for x in xs where c]`"},
};

constexpr bool in_order() {
  for (size_t i = 0; i < std::size(kTable); ++i)
    if (static_cast<size_t>(kTable[i].id) != i) return false;
  return true;
}
static_assert(in_order(), "kTable must list the builtins in the order of enum Builtin");

}  // namespace

std::span<const BuiltinInfo> builtins() { return kTable; }

const BuiltinInfo& builtin(Builtin id) { return kTable[static_cast<size_t>(id)]; }

const BuiltinInfo* find_builtin(std::string_view name) {
  for (const BuiltinInfo& b : kTable)
    if (b.name == name) return &b;
  return nullptr;
}

const BuiltinInfo* find_operator(std::string_view written, BuiltinForm form) {
  for (const BuiltinInfo& b : kTable)
    if ((b.forms & form) && b.written == written) return &b;
  return nullptr;
}

bool calls(const ast::Call& call, Builtin id) { return call.function == builtin(id).name; }

}  // namespace decree
