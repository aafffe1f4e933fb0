// Calls: table lookups, and operators and builtin functions by the type rule
// their entry in the builtins table gives (syntax/builtins.h). The checker
// records the builtin's id in the call's resolution; the planner emits the
// entry's Op from it.
#include <algorithm>

#include "base/codes_check.h"
#include "base/suggest.h"
#include "check/internal/checker.h"
#include "syntax/builtins.h"

namespace decree::check_detail {
namespace {

using K = Type::Kind;

// "takes 3 arguments, not 2"; false if the count is outside [lo, hi].
bool check_arity(Checker& c, const ast::Expr& e, const std::string& f, size_t n, size_t lo,
                 size_t hi) {
  if (n >= lo && n <= hi) return true;
  MessageArgs args = {{"function", f}, {"given", std::to_string(n)}};
  Code code = msg::call_arity;
  if (hi > 100) {
    code = msg::call_arity_at_least;
    args.emplace_back("lo", std::to_string(lo));
    args.emplace_back("s", lo == 1 ? "" : "s");
  } else if (lo != hi) {
    code = msg::call_arity_range;
    args.emplace_back("lo", std::to_string(lo));
    args.emplace_back("hi", std::to_string(hi));
  } else {
    args.emplace_back("n", std::to_string(lo));
    args.emplace_back("s", lo == 1 ? "" : "s");
  }
  c.diags_.error(e.span, {code, std::move(args)});
  return false;
}

Type arg_type(ArgKind k) {
  switch (k) {
    case ArgKind::integer:
      return Type::of(K::integer);
    case ArgKind::date:
      return Type::of(K::date);
    case ArgKind::integer_list:
      return Type::list_of(Type::of(K::integer));
    case ArgKind::none:
      break;
  }
  return Type{};
}

Code needs_here(ArgKind k) {
  return k == ArgKind::date ? msg::needs_date_here : msg::needs_integer_here;
}

// round(x, step, mode): the step must be a literal power of ten, so that the
// result's scale is known.
Inferred check_round(Checker& c, const ast::Call& call, const std::vector<Inferred>& a) {
  if (!a[0].type.is_numeric())
    return c.error_at(call.args[0]->span,
                      {msg::round_needs_number, {c.type_arg("type", a[0].type)}});
  const ast::Expr& step = *call.args[1];
  const auto* lit = std::get_if<ast::Literal>(&step.kind);
  std::optional<Decimal> sv;
  if (lit && (lit->kind == ast::Literal::Kind::integer || lit->kind == ast::Literal::Kind::decimal))
    sv = literal_number(lit->text);
  bool power_of_ten = false;
  int step_scale = 0;
  if (sv && sv->sign() > 0) {
    try {
      sv->round(*sv, RoundingMode::down);
      power_of_ten = true;
      step_scale = std::max(0, sv->scale());
      // 0.010 has scale 3 but steps by 0.01: use the significant scale.
      std::string s = sv->to_string();
      if (auto dot = s.find('.'); dot != std::string::npos) {
        size_t last = s.find_last_not_of('0');
        step_scale = last > dot ? static_cast<int>(last - dot) : 0;
      }
    } catch (const DecimalError&) {
    }
  }
  if (!power_of_ten) return c.error_at(step.span, {msg::round_step, {}});
  if (a[2].type.kind != K::rounding_mode) {
    c.diags_.error(call.args[2]->span, {msg::round_mode_argument, {}})
        .note({}, {msg::rounding_modes, {}});
    return {};
  }
  return {a[0].type, step_scale, false};
}

// The type rule of a builtin, on arguments already inferred (none an error).
Inferred apply_rule(Checker& c, const ast::Expr& e, const ast::Call& call, const BuiltinInfo& b,
                    const std::vector<Inferred>& a) {
  const std::string& f = call.function;
  auto bad = [&](Message message) { return c.error_at(e.span, std::move(message)); };
  auto type = [&](const char* key, size_t i) { return c.type_arg(key, a[i].type); };
  auto need = [&](size_t i, ArgKind kind) {
    Type want = arg_type(kind);
    if (a[i].type.list != want.list || a[i].type.kind != want.kind) {
      c.diags_.error(call.args[i]->span,
                     {needs_here(kind), {{"function", std::string(b.written)}, type("type", i)}});
      return false;
    }
    return true;
  };
  switch (b.rule) {
    case TypeRule::add_sub: {
      bool add = b.id == Builtin::add;
      Type t = common_type(a[0], a[1]);
      if (t.is_error() || !t.is_numeric())
        return bad(
            {add ? msg::cannot_add : msg::cannot_subtract, {type("left", 0), type("right", 1)}});
      return {t, std::max(a[0].scale, a[1].scale), a[0].literal && a[1].literal};
    }
    case TypeRule::multiply: {
      if (!a[0].type.is_numeric() || !a[1].type.is_numeric())
        return bad({msg::cannot_multiply, {type("left", 0), type("right", 1)}});
      if (is_money(a[0].type) && is_money(a[1].type))
        return bad({msg::multiply_money_by_money, {}});
      Type t = (is_money(a[0].type) || is_money(a[1].type)) ? Type::of(K::money)
                                                            : common_type(a[0], a[1]);
      return {t, add_scales(a[0].scale, a[1].scale), a[0].literal && a[1].literal};
    }
    case TypeRule::divide: {
      if (!a[0].type.is_numeric() || !a[1].type.is_numeric())
        return bad({msg::cannot_divide, {type("left", 0), type("right", 1)}});
      Type t;
      if (is_money(a[0].type) && is_money(a[1].type)) {
        t = Type::of(K::decimal);
      } else if (is_money(a[1].type)) {
        return bad({msg::divide_by_money, {type("left", 0)}});
      } else if (is_money(a[0].type)) {
        t = Type::of(K::money);
      } else {
        t = common_type(a[0], a[1]);
        if (t.kind == K::integer) t = Type::of(K::decimal);
      }
      return {t, kInfiniteScale, a[0].literal && a[1].literal};
    }
    case TypeRule::negate:
      if (!a[0].type.is_numeric()) return bad({msg::cannot_negate, {type("type", 0)}});
      return a[0];
    case TypeRule::equality:
    case TypeRule::order: {
      Type t = common_type(a[0], a[1]);
      bool ordered = b.rule == TypeRule::order;
      bool ok = !t.is_error() && !t.list && t.kind != K::rounding_mode && t.kind != K::param &&
                t.kind != K::param_set && t.kind != K::table_row && t.kind != K::enum_type &&
                t.kind != K::record;
      if (ok && ordered && !(t.is_numeric() || t.kind == K::date)) ok = false;
      if (!ok)
        return bad({ordered && !t.is_error() ? msg::cannot_compare_order : msg::cannot_compare,
                    {type("left", 0), type("right", 1)}});
      return {Type::of(K::boolean), 0, false};
    }
    case TypeRule::logic:
      for (size_t i = 0; i < a.size(); ++i)
        if (a[i].type != Type::of(K::boolean))
          return c.error_at(
              call.args[i]->span,
              {msg::logic_needs_bool, {{"op", std::string(b.written)}, type("type", i)}});
      return {Type::of(K::boolean), 0, false};
    case TypeRule::round:
      return check_round(c, call, a);
    case TypeRule::extremum:
    case TypeRule::clamp: {
      if (call.args.size() == 1) {  // min(list)
        if (!a[0].type.list || !a[0].type.element().is_numeric())
          return c.error_at(call.args[0]->span, {msg::extremum_needs_list, {{"function", f}}});
        return {a[0].type.element(), a[0].scale, false};
      }
      Inferred r = a[0];
      for (size_t i = 1; i < a.size(); ++i) {
        Type t = common_type(r, a[i]);
        if (t.is_error() || !(t.is_numeric() || t.kind == K::date))
          return c.error_at(
              call.args[i]->span,
              {msg::extremum_mix, {{"function", f}, c.type_arg("left", r.type), type("right", i)}});
        r = {t, std::max(r.scale, a[i].scale), r.literal && a[i].literal};
      }
      return r;
    }
    case TypeRule::abs:
      if (!a[0].type.is_numeric()) return bad({msg::abs_needs_number, {}});
      return a[0];
    case TypeRule::signature:
      for (size_t i = 0; i < a.size(); ++i)
        if (!need(i, b.args[i])) return {};
      return {arg_type(b.result), 0, false};
    case TypeRule::list: {
      if (!a[0].type.list) return bad({msg::needs_list, {{"what", f}, type("type", 0)}});
      Type el = a[0].type.element();
      if (b.id == Builtin::count) return {Type::of(K::integer), 0, false};
      if (b.id == Builtin::sum) {
        if (!el.is_numeric()) return bad({msg::sum_needs_numbers, {}});
        return {el, a[0].scale, false};
      }
      if (el != Type::of(K::boolean)) return bad({msg::needs_bool_list, {{"function", f}}});
      return {Type::of(K::boolean), 0, false};
    }
    case TypeRule::given:
    case TypeRule::fold:
    case TypeRule::filter:
    case TypeRule::map:
      break;  // given: checked before its argument is inferred; the others are not calls
  }
  return bad({msg::unknown_function, {{"function", f}}});
}

}  // namespace

// given(grade): whether the case gave an input (for optional inputs and defaults).
Inferred Checker::infer_given(const ast::Expr& e, const ast::Call& call) {
  const auto* id = call.args.size() == 1 ? std::get_if<ast::Ident>(&call.args[0]->kind) : nullptr;
  auto in = id ? input_by_name_.find(id->name) : input_by_name_.end();
  if (in == input_by_name_.end()) return error_at(e.span, {msg::given_needs_input, {}});
  input_used_[in->second] = true;
  out_.resolutions[call.args[0]->id] = {Resolution::Kind::input, in->second, 0};
  set(*call.args[0], {out_.inputs[in->second].type, 0, false});
  out_.resolutions[e.id] = {Resolution::Kind::builtin, static_cast<uint32_t>(Builtin::given), 0};
  return {Type::of(K::boolean), 0, false};
}

Inferred Checker::infer_table_lookup(const ast::Expr& e, const ast::Call& call, uint32_t t) {
  out_.resolutions[e.id] = {Resolution::Kind::table, t, 0};
  table_used_[t] = true;
  if (table_in_progress_[t])
    return error_at(e.span, {msg::table_uses_itself, {{"table", out_.tables[t].name}}});
  if (!table_checked_[t]) {
    // Checking a table checks the tables its rows use, recursively: bound it.
    if (table_depth_ >= 1000) {
      if (depth_reported_) return {};
      depth_reported_ = true;
      return error_at(e.span, {msg::table_chain_too_deep, {}});
    }
    ++table_depth_;
    check_table_rows(t);
    --table_depth_;
  }
  const TableInfo& tab = out_.tables[t];
  bool ok =
      check_arity(*this, e, call.function, call.args.size(), tab.keys.size(), tab.keys.size());
  for (size_t i = 0; i < call.args.size(); ++i) {
    Inferred a = infer(*call.args[i]);
    if (i >= tab.keys.size() || a.type.is_error() || tab.keys[i].is_error()) continue;
    if (common_type({tab.keys[i], 0, false}, a) != tab.keys[i]) {
      diags_
          .error(call.args[i]->span, {msg::table_key_type,
                                      {{"table", tab.name},
                                       {"key", tab.decl->keys[i].name},
                                       type_arg("want", tab.keys[i]),
                                       type_arg("got", a.type)}})
          .note(tab.decl->keys[i].span, {msg::declared_here, {}});
      ok = false;
    }
  }
  if (!ok) return {};
  // A list lookup of one column gives the list of its values; of several,
  // the list of the matching rows (each row's columns read as row.column).
  if (ast::TableDecl::gives_list(tab.decl->hit))
    return tab.results.size() == 1
               ? Inferred{Type::list_of(tab.results[0]), tab.result_scales[0], false}
               : Inferred{Type::list_of(Type::of(K::table_row, t)), 0, false};
  if (tab.decl->single_result) return {tab.results[0], tab.result_scales[0], false};
  return {Type::of(K::table_row, t), 0, false};
}

// Operators, builtin functions and table lookups.
Inferred Checker::infer_call(const ast::Expr& e, const ast::Call& call) {
  const std::string& f = call.function;
  if (auto it = table_by_name_.find(f); it != table_by_name_.end())
    return infer_table_lookup(e, call, it->second);
  const BuiltinInfo* b = find_builtin(f);
  if (b && (b->forms & kFold) && !(b->forms & kCall))
    return error_at(call.function_span, {msg::fold_is_written, {{"function", f}}});
  if (b && (b->forms & kList) && !(b->forms & kCall))
    return error_at(call.function_span,
                    {msg::not_a_function, {{"function", f}, {"usage", std::string(b->usage)}}});
  if (b && !(b->forms & (kCall | kInfix | kPrefix))) b = nullptr;
  if (b && b->rule == TypeRule::given) return infer_given(e, call);
  const bool is_round = b && b->rule == TypeRule::round;
  const bool is_comparison = b && (b->rule == TypeRule::equality || b->rule == TypeRule::order);
  std::vector<Inferred> a;
  for (size_t i = 0; i < call.args.size(); ++i) {
    // round's third argument names a rounding mode, even where a rule of the
    // same name exists (an output called `floor`, say).
    const auto* id = std::get_if<ast::Ident>(&call.args[i]->kind);
    if (is_round && i == 2 && id && parse_rounding_mode(id->name)) {
      Inferred mode{Type::of(K::rounding_mode), 0, false};
      out_.resolutions[call.args[i]->id] = {Resolution::Kind::rounding_mode, 0,
                                            static_cast<uint32_t>(*parse_rounding_mode(id->name))};
      set(*call.args[i], mode);
      a.push_back(mode);
      continue;
    }
    if (is_round && i == 2 && id && !input_by_name_.count(id->name) &&
        !rule_by_name_.count(id->name)) {
      diags_.error(call.args[i]->span, {msg::not_a_rounding_mode, {{"name", id->name}}})
          .note({}, {msg::rounding_modes, {}});
      return {};
    }
    if (is_comparison && call.args.size() == 2 && i == 0 && is_shared_enum_value(*call.args[0])) {
      // `none == death`: the other side says which enum `none` belongs to.
      Inferred right = infer(*call.args[1]);
      a.push_back(infer_expecting(*call.args[0], right.type));
      a.push_back(right);
      break;
    }
    if (is_comparison && i == 1) {
      a.push_back(infer_expecting(*call.args[i], a[0].type));
      continue;
    }
    a.push_back(infer(*call.args[i]));
  }
  for (const auto& x : a)
    if (x.type.is_error()) return {};
  if (!b) {
    std::vector<std::string> names;
    for (const BuiltinInfo& x : builtins())
      if (x.forms & kCall) names.emplace_back(x.name);
    std::sort(names.begin(), names.end());
    for (const auto& t : out_.tables) names.push_back(t.name);
    auto& d = diags_.error(call.function_span, {msg::unknown_function_or_table, {{"name", f}}});
    if (auto s = closest_name(f, names); !s.empty()) d.note({}, {msg::did_you_mean, {{"name", s}}});
    return {};
  }
  for (size_t i = 0; i < a.size(); ++i) {
    bool mode_argument = is_round && i == 2;
    if (!mode_argument && !is_value(a[i].type))
      return error_at(call.args[i]->span, not_a_value(a[i].type));
  }
  out_.resolutions[e.id] = {Resolution::Kind::builtin, static_cast<uint32_t>(b->id), 0};
  if (!check_arity(*this, e, f, call.args.size(), b->min_args, b->max_args)) return {};
  return apply_rule(*this, e, call, *b, a);
}

}  // namespace decree::check_detail
