// Lists: list literals; aggregates over a list (sum, count, min, max, all,
// any with `x in xs [where c]: body`); accumulations (fold); lists made from a
// list (`[x in xs where c]`, `[e for x in xs]`). Each is typed by its
// builtin's entry (syntax/builtins.h).
#include <algorithm>

#include "base/codes_check.h"
#include "check/internal/checker.h"
#include "syntax/builtins.h"

namespace decree::check_detail {

using K = Type::Kind;

namespace {

// What a value of type `got` may be kept as, where `want` is declared: the
// same type, or an untyped literal that adapts (an integer only from an integer).
bool fits(const Type& want, const Inferred& got) {
  return common_type({want, 0, false}, got) == want &&
         !(want.kind == K::integer && !want.list && got.type.kind != K::integer);
}

}  // namespace

// The element type of the list an aggregate, fold or list form reads.
Type Checker::item_type(const ast::Comprehension& comp, const Inferred& list,
                        const BuiltinInfo& b) {
  if (list.type.is_error()) return Type{};
  if (!list.type.list) {
    std::string what = b.forms & kList ? "[… in …]" : comp.op;
    diags_.error(comp.list->span, {msg::needs_list, {{"what", what}, type_arg("type", list.type)}});
    return Type{};
  }
  return list.type.element();
}

void Checker::check_where(const ast::Comprehension& comp) {
  if (!comp.filter) return;
  Inferred f = infer(*comp.filter);
  if (!f.type.is_error() && f.type != Type::of(K::boolean))
    diags_.error(comp.filter->span, {msg::where_not_bool, {type_arg("type", f.type)}});
}

// fold(acc [: T] = initial, x in xs [where c]: body). The accumulator has the
// initial value's type (or the declared one) and the body must give that
// type. Scale: if the body never carries more decimals than the initial value
// (money additions), that many; else each step may add some: unbounded.
Inferred Checker::infer_fold(const ast::Expr& e, const ast::Comprehension& comp,
                             const BuiltinInfo& b) {
  const bool declared = comp.accumulator_type.has_value();
  Type acc = declared ? resolve_type(*comp.accumulator_type) : Type{};
  Inferred init = infer_expecting(*comp.initial, acc);
  if (!init.type.is_error() && !is_value(init.type)) {
    diags_.error(comp.initial->span, not_a_value(init.type));
    init = Inferred{};
  }
  if (!declared) acc = init.type;
  bool ok = !acc.is_error() && !init.type.is_error();
  if (declared && ok && !fits(acc, init)) {
    diags_
        .error(comp.initial->span,
               {msg::fold_initial_type,
                {{"acc", comp.accumulator}, type_arg("got", init.type), type_arg("declared", acc)}})
        .note(comp.accumulator_type->span, {msg::declared_here, {}});
    ok = false;
  }
  const int acc_scale = acc.kind == K::integer ? 0 : init.scale;
  Inferred list = infer(*comp.list);
  Type elem = item_type(comp, list, b);
  uint32_t slot = out_.loop_var_count;
  out_.loop_var_count += 2;  // the item's, then the accumulator's
  out_.resolutions[e.id] = {Resolution::Kind::builtin, static_cast<uint32_t>(b.id), slot};
  auto check_body = [&](const Type& acc_type, bool literal) {
    scope_.push_back({comp.var, elem, slot});
    scope_.push_back({comp.accumulator, acc_type, slot + 1, acc_scale, literal});
    check_where(comp);
    Inferred body = infer(*comp.body);
    scope_.pop_back();
    scope_.pop_back();
    return body;
  };
  // An untyped number adapts, as in `when c: own_wage otherwise: 0.00`:
  // `fold(total = 0.00, d in ds: total + d.share)` accumulates money. The
  // body is checked once with the accumulator as adaptable as the literal,
  // then again with the type that gave (which catches money × money).
  const bool adapt = !declared && init.literal && adapting_folds_ < kMaxAdaptingFolds;
  const size_t errors = diags_.error_count();
  const uint32_t slots = out_.loop_var_count;
  const size_t deps = rule_stack_.empty() ? 0 : rules_[rule_stack_.back()].deps.size();
  if (adapt) ++adapting_folds_;
  Inferred body = check_body(acc, adapt);
  if (adapt) --adapting_folds_;
  if (adapt && diags_.error_count() == errors && body.type.is_numeric() && body.type != acc &&
      common_type(init, body) == body.type) {
    acc = body.type;
    out_.loop_var_count = slots;  // the second check takes the same slots and deps again
    if (!rule_stack_.empty()) rules_[rule_stack_.back()].deps.resize(deps);
    body = check_body(acc, false);
  }
  if (!body.type.is_error() && !is_value(body.type)) {
    diags_.error(comp.body->span, not_a_value(body.type));
    return {};
  }
  if (acc.is_error() || body.type.is_error()) return {};
  if (!fits(acc, body)) {
    auto& d = diags_.error(
        comp.body->span,
        {msg::fold_body_type,
         {type_arg("got", body.type), {"acc", comp.accumulator}, type_arg("type", acc)}});
    if (declared)
      d.note(comp.accumulator_type->span, {msg::declared_here, {}});
    else
      d.note(comp.initial->span, {msg::fold_type_of_initial, {{"acc", comp.accumulator}}});
    return {};
  }
  if (!ok) return {};
  int scale = acc.kind == K::integer ? 0 : body.scale <= acc_scale ? acc_scale : kInfiniteScale;
  return {acc, scale, false};
}

Inferred Checker::infer_comprehension(const ast::Expr& e, const ast::Comprehension& comp) {
  const BuiltinInfo* b = find_builtin(comp.op);
  if (b == nullptr || !(b->forms & (kOver | kFold | kList)))
    return error_at(e.span, {msg::not_an_aggregate, {{"op", comp.op}}});
  if (b->rule == TypeRule::fold) return infer_fold(e, comp, *b);
  Inferred list = infer(*comp.list);
  Type elem = item_type(comp, list, *b);
  uint32_t slot = out_.loop_var_count++;
  out_.resolutions[e.id] = {Resolution::Kind::builtin, static_cast<uint32_t>(b->id), slot};
  scope_.push_back({comp.var, elem, slot});
  check_where(comp);
  Inferred body;
  if (comp.body) body = infer(*comp.body);
  scope_.pop_back();
  if (b->rule == TypeRule::filter) {
    if (elem.is_error()) return {};
    return {Type::list_of(elem), list.scale, false};
  }
  if (b->rule == TypeRule::map) {
    if (body.type.is_error()) return {};
    if (!is_value(body.type)) return error_at(comp.body->span, not_a_value(body.type));
    if (body.type.list)
      return error_at(comp.body->span, {msg::map_item_is_list, {type_arg("type", body.type)}});
    return {Type::list_of(body.type), body.scale, false};
  }
  if (b->id == Builtin::count) return {Type::of(K::integer), 0, false};
  if (body.type.is_error()) return {};
  if (b->id == Builtin::all || b->id == Builtin::any) {
    if (body.type != Type::of(K::boolean))
      return error_at(comp.body->span,
                      {msg::aggregate_needs_bool, {{"op", comp.op}, type_arg("type", body.type)}});
    return {Type::of(K::boolean), 0, false};
  }
  if (!body.type.is_numeric() &&
      !(b->id != Builtin::sum && body.type.kind == K::date && !body.type.list))
    return error_at(comp.body->span,
                    {msg::aggregate_needs_numbers, {{"op", comp.op}, type_arg("type", body.type)}});
  return {body.type, body.scale, false};
}

Inferred Checker::infer_list(const ast::Expr& e, const ast::ListLiteral& list) {
  if (list.items.empty()) return error_at(e.span, {msg::empty_list_literal, {}});
  // A list holds values: `[p.avg_wage]` is a parameter, not a list of amounts.
  auto item = [&](const ast::Expr& x) {
    Inferred v = infer(x);
    if (!v.type.is_error() && !is_value(v.type)) return error_at(x.span, not_a_value(v.type));
    return v;
  };
  Inferred result = item(*list.items[0]);
  for (size_t i = 1; i < list.items.size(); ++i) {
    Inferred v = item(*list.items[i]);
    Type t = common_type(result, v);
    if (t.is_error() && !v.type.is_error() && !result.type.is_error())
      return error_at(
          list.items[i]->span,
          {msg::list_item_types, {type_arg("got", v.type), type_arg("first", result.type)}});
    result = {t, std::max(result.scale, v.scale), result.literal && v.literal};
  }
  if (result.type.is_error()) return {};
  return {Type::list_of(result.type), result.scale, false};
}

}  // namespace decree::check_detail
