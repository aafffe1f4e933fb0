// Name resolution, type and unit checking, and scale analysis of expressions.
//
// Units: money (CNY) and rate are kept apart from plain numbers. money + rate
// is an error; money × rate, money × integer and money ÷ decimal are money;
// money ÷ money is a decimal. An untyped numeric literal (12, 0.00) adapts to
// money or rate where the other side needs it. Scale = the most decimal places
// a value may carry; ÷ makes it unbounded until a round().
#include <algorithm>
#include <set>

#include "base/codes_check.h"
#include "base/codes_tables.h"
#include "base/stack.h"
#include "base/suggest.h"
#include "check/internal/checker.h"
#include "syntax/builtins.h"

namespace decree::check_detail {

using K = Type::Kind;

bool is_money(const Type& t) { return !t.list && t.kind == K::money; }

int add_scales(int a, int b) { return std::min(kInfiniteScale, a + b); }

std::optional<Decimal> literal_number(const std::string& text) {
  try {
    return Decimal::parse(text);
  } catch (const DecimalError&) {
    return std::nullopt;
  }
}

namespace {

int literal_scale(const std::string& text) {
  auto dot = text.find('.');
  return dot == std::string::npos ? 0 : static_cast<int>(text.size() - dot - 1);
}

}  // namespace

Type common_type(const Inferred& a, const Inferred& b) {
  const Type &x = a.type, &y = b.type;
  if (x.is_error() || y.is_error()) return Type{};
  if (x == y) return x;
  if (x.is_numeric() && y.is_numeric()) {
    if (is_money(x) || is_money(y)) {
      const Inferred& other = is_money(x) ? b : a;
      return (is_money(other.type) || other.literal) ? Type::of(K::money) : Type{};
    }
    if (x.kind == K::rate || y.kind == K::rate) return Type::of(K::rate);
    if (x.kind == K::decimal || y.kind == K::decimal) return Type::of(K::decimal);
    return Type::of(K::integer);
  }
  if (x.list && y.list && (x.element() == y.element())) return x;
  return Type{};
}

bool is_value(const Type& t) {
  if (t.list) return true;  // a list of table rows (a collect lookup) is a value
  switch (t.kind) {
    case K::table_row:
    case K::param:
    case K::param_set:
    case K::enum_type:
    case K::rounding_mode:
      return false;
    default:
      return true;
  }
}

Message not_a_value(const Type& t) {
  switch (t.kind) {
    case K::table_row:
      return {msg::not_value_table_row, {}};
    case K::param:
      return {msg::not_value_param, {}};
    case K::param_set:
      return {msg::not_value_param_set, {}};
    case K::enum_type:
      return {msg::not_value_enum_type, {}};
    default:
      return {msg::not_value_rounding_mode, {}};
  }
}

void Checker::set(const ast::Expr& e, const Inferred& inf) {
  out_.types[e.id] = inf.type;
  out_.scales[e.id] = inf.scale;
  out_.untyped_literal[e.id] = inf.literal;
}

Inferred Checker::error_at(const Span& span, const std::string& message) {
  diags_.error(span, message);
  return Inferred{};
}

Inferred Checker::error_at(const Span& span, Message message) {
  diags_.error(span, std::move(message));
  return Inferred{};
}

std::vector<std::string> Checker::names_in_scope() const {
  std::vector<std::string> names;
  for (const auto& v : scope_) names.push_back(v.name);
  for (const auto& in : out_.inputs) names.push_back(in.name);
  for (const auto& r : rules_) names.push_back(r.name);
  for (const auto& t : out_.tables) names.push_back(t.name);
  for (const auto& ps : out_.param_sets) names.push_back(ps.alias);
  for (const auto& [v, _] : enum_values_) names.push_back(v);
  return names;
}

namespace {

struct InferVisitor {
  Checker& c;
  const ast::Expr& e;

  Inferred operator()(const ast::Literal& lit) const {
    using LK = ast::Literal::Kind;
    if ((lit.kind == LK::integer || lit.kind == LK::decimal || lit.kind == LK::percent) &&
        !literal_number(lit.text))
      return c.error_at(e.span, {msg::number_out_of_range, {{"number", lit.text}}});
    switch (lit.kind) {
      case ast::Literal::Kind::integer:
        return {Type::of(K::integer), 0, true};
      case ast::Literal::Kind::decimal:
        return {Type::of(K::decimal), literal_scale(lit.text), true};
      case ast::Literal::Kind::percent:
        return {Type::of(K::rate), literal_scale(lit.text) + 2, false};
      case ast::Literal::Kind::boolean:
        return {Type::of(K::boolean), 0, false};
      case ast::Literal::Kind::text:
        return {Type::of(K::text), 0, false};
      case ast::Literal::Kind::date:
        if (!Date::parse(lit.text))
          return c.error_at(e.span, {msg::not_a_date, {{"text", lit.text}}});
        return {Type::of(K::date), 0, false};
    }
    return {};
  }

  Inferred rule_ref(uint32_t index) const {
    auto& res = c.out_.resolutions[e.id];
    res = {Resolution::Kind::rule, index, 0};
    c.rule_used_[index] = true;
    if (!c.rule_stack_.empty()) c.rules_[c.rule_stack_.back()].deps.push_back(index);
    if (c.rule_state_[index] == Checker::State::in_progress) {
      auto& d =
          c.diags_.error(e.span, {msg::rule_depends_on_itself, {{"rule", c.rules_[index].name}}});
      std::string path;
      bool on = false;
      for (uint32_t r : c.rule_stack_) {
        if (r == index) on = true;
        if (on) path += c.rules_[r].name + " → ";
      }
      d.note(c.rules_[index].decl->span,
             {msg::rule_cycle, {{"path", path + c.rules_[index].name}}});
      return {};
    }
    // Evaluation follows the chain of rules recursively: bound it, so that a
    // generated rule file cannot exhaust the stack.
    constexpr size_t kMaxRuleDepth =
        1100;  // above check.cpp's limit on chains, which reports first
    if (c.rule_state_[index] == Checker::State::unchecked &&
        c.rule_stack_.size() >= kMaxRuleDepth) {
      if (c.depth_reported_) return {};
      c.depth_reported_ = true;
      return c.error_at(
          e.span, {msg::rule_chain_too_deep, {{"rule", c.rules_[index].name}, {"n", "1000"}}});
    }
    if (c.rule_state_[index] == Checker::State::unchecked) {
      // Check the rule first; loop variables are not visible inside it.
      auto saved = std::move(c.scope_);
      c.scope_.clear();
      Checker& ch = c;
      ch.rule_state_[index] = Checker::State::in_progress;
      ch.rule_stack_.push_back(index);
      RuleInfo& rule = ch.rules_[index];
      Type declared_type = rule.decl->type ? ch.resolve_type(*rule.decl->type) : Type{};
      Inferred body = ch.infer_expecting(*rule.decl->body, declared_type);
      if (!body.type.is_error() && !is_value(body.type)) {
        ch.diags_.error(rule.decl->body->span, not_a_value(body.type));
        body = Inferred{};
      }
      Type declared = rule.decl->type ? declared_type : body.type;
      if (rule.decl->type && !declared.is_error() && !body.type.is_error()) {
        Inferred want{declared, 0, false};
        if (common_type(want, body) != declared ||
            (declared.kind == K::integer && body.type.kind != K::integer)) {
          ch.diags_
              .error(rule.decl->body->span, {msg::rule_declared_type,
                                             {{"rule", rule.name},
                                              ch.type_arg("declared", declared),
                                              ch.type_arg("got", body.type)}})
              .note(rule.decl->type->span, {msg::declared_here, {}});
        }
      }
      rule.type = declared;
      rule.scale = declared.kind == K::integer ? 0 : body.scale;
      ch.rule_stack_.pop_back();
      ch.rule_state_[index] = Checker::State::done;
      ch.order_.push_back(index);
      c.scope_ = std::move(saved);
    }
    const RuleInfo& r = c.rules_[index];
    return {r.type, r.scale, false};
  }

  Inferred operator()(const ast::Ident& id) const {
    auto& res = c.out_.resolutions[e.id];
    for (auto it = c.scope_.rbegin(); it != c.scope_.rend(); ++it) {
      if (it->name == id.name) {
        res = {Resolution::Kind::loop_var, it->slot, 0};
        return {it->type, it->scale, it->literal};
      }
    }
    if (auto it = c.input_by_name_.find(id.name); it != c.input_by_name_.end()) {
      res = {Resolution::Kind::input, it->second, 0};
      c.input_used_[it->second] = true;
      const Type& t = c.out_.inputs[it->second].type;
      // Money inputs are checked to carry at most 2 decimals when a case is read.
      int scale = t.kind == K::money ? 2 : t.kind == K::integer ? 0 : kInfiniteScale;
      return {t, scale, false};
    }
    if (auto it = c.rule_by_name_.find(id.name); it != c.rule_by_name_.end())
      return rule_ref(it->second);
    if (auto it = c.param_set_by_alias_.find(id.name); it != c.param_set_by_alias_.end()) {
      res = {Resolution::Kind::param_set, it->second, 0};
      return {Type::of(K::param_set, it->second), 0, false};
    }
    if (auto it = c.enum_values_.find(id.name); it != c.enum_values_.end()) {
      if (it->second.size() > 1 && c.expected_enum_ >= 0) {
        for (auto [en, ord] : it->second) {
          if (static_cast<int>(en) != c.expected_enum_) continue;
          res = {Resolution::Kind::enum_value, en, ord};
          return {Type::of(K::enumeration, en), 0, false};
        }
      }
      if (it->second.size() > 1) {
        std::string which;
        for (auto [en, _] : it->second)
          which += (which.empty() ? "`" : " `") + c.out_.enums[en].name + "." + id.name + "`";
        return c.error_at(e.span,
                          {msg::enum_value_ambiguous, {{"name", id.name}, {"which", which}}});
      }
      auto [en, ord] = it->second.front();
      res = {Resolution::Kind::enum_value, en, ord};
      return {Type::of(K::enumeration, en), 0, false};
    }
    if (auto it = c.enum_by_name_.find(id.name); it != c.enum_by_name_.end()) {
      res = {Resolution::Kind::enum_type, it->second, 0};
      return {Type::of(K::enum_type, it->second), 0, false};
    }
    if (auto mode = parse_rounding_mode(id.name)) {
      res = {Resolution::Kind::rounding_mode, 0, static_cast<uint32_t>(*mode)};
      return {Type::of(K::rounding_mode), 0, false};
    }
    if (id.name == "as_of") {
      res = {Resolution::Kind::as_of, 0, 0};
      return {Type::of(K::date), 0, false};
    }
    auto& d = c.diags_.error(e.span, {msg::unknown_name, {{"name", id.name}}});
    if (auto s = closest_name(id.name, c.names_in_scope()); !s.empty())
      d.note({}, {msg::did_you_mean, {{"name", s}}});
    return {};
  }

  Inferred operator()(const ast::Select& sel) const {
    auto& res = c.out_.resolutions[e.id];
    Inferred base = c.infer(*sel.operand);
    const Type& t = base.type;
    if (t.is_error()) return {};
    if (!t.list && t.kind == K::enum_type) {
      const EnumInfo& en = c.out_.enums[t.ref];
      for (uint32_t i = 0; i < en.values.size(); ++i) {
        if (en.values[i] == sel.field) {
          res = {Resolution::Kind::enum_value, t.ref, i};
          return {Type::of(K::enumeration, t.ref), 0, false};
        }
      }
      auto& d = c.diags_.error(sel.field_span,
                               {msg::enum_has_no_value, {{"enum", en.name}, {"name", sel.field}}});
      if (auto s = closest_name(sel.field, en.values); !s.empty())
        d.note({}, {msg::did_you_mean, {{"name", s}}});
      return {};
    }
    if (!t.list && t.kind == K::record) {
      const RecordInfo& rec = c.out_.records[t.ref];
      int f = rec.field_index(sel.field);
      if (f < 0) {
        std::vector<std::string> names;
        for (auto& fl : rec.fields) names.push_back(fl.name);
        auto& d = c.diags_.error(
            sel.field_span, {msg::record_no_field, {{"record", rec.name}, {"field", sel.field}}});
        if (auto s = closest_name(sel.field, names); !s.empty())
          d.note({}, {msg::did_you_mean, {{"name", s}}});
        return {};
      }
      res = {Resolution::Kind::record_field, t.ref, static_cast<uint32_t>(f)};
      const Type& ft = rec.fields[f].type;
      return {ft, ft.kind == K::money ? 2 : ft.kind == K::integer ? 0 : kInfiniteScale, false};
    }
    if (t.kind == K::table_row) {
      // t(keys).column; on a list lookup (`hit collect` and the like) of
      // several columns, t(keys).column is the list of that column, and
      // row.column reads one row of the list in an aggregate or a list.
      const TableInfo& tab = c.out_.tables[t.ref];
      const bool on_call = std::holds_alternative<ast::Call>(sel.operand->kind);
      const auto* id = std::get_if<ast::Ident>(&sel.operand->kind);
      const bool on_row = !t.list && id && sel.operand->id < c.out_.resolutions.size() &&
                          c.out_.resolutions[sel.operand->id].kind == Resolution::Kind::loop_var;
      if (!on_call && !on_row)
        return c.error_at(sel.operand->span, {msg::table_column_on_lookup,
                                              {{"table", tab.name}, {"column", sel.field}}});
      for (uint32_t i = 0; i < tab.results.size(); ++i) {
        if (tab.decl->results[i].name == sel.field) {
          res = {on_call ? Resolution::Kind::table_column : Resolution::Kind::row_column, t.ref, i};
          return {t.list ? Type::list_of(tab.results[i]) : tab.results[i], tab.result_scales[i],
                  false};
        }
      }
      std::vector<std::string> names;
      for (auto& col : tab.decl->results) names.push_back(col.name);
      auto& d = c.diags_.error(
          sel.field_span, {msg::table_no_column, {{"table", tab.name}, {"column", sel.field}}});
      if (auto s = closest_name(sel.field, names); !s.empty())
        d.note({}, {msg::did_you_mean, {{"name", s}}});
      return {};
    }
    if (!t.list && t.kind == K::param_set) {
      const ParamSetInfo& ps = c.out_.param_sets[t.ref];
      std::vector<std::string> names;
      for (uint32_t i = 0; i < c.out_.params.size(); ++i) {
        const ParamInfo& p = c.out_.params[i];
        if (p.alias != ps.alias) continue;
        if (p.name == sel.field) {
          res = {Resolution::Kind::param, i, 0};
          return {Type::of(K::param, i), p.scale, false};
        }
        names.push_back(p.name);
      }
      if (!ps.set) return {};  // the file failed to load; already reported
      auto& d = c.diags_.error(
          sel.field_span, {msg::param_set_no_param,
                           {{"alias", ps.alias}, {"path", ps.decl->path}, {"name", sel.field}}});
      if (auto s = closest_name(sel.field, names); !s.empty())
        d.note({}, {msg::did_you_mean, {{"name", s}}});
      return {};
    }
    return c.error_at(sel.field_span,
                      {msg::type_no_field, {c.type_arg("type", t), {"field", sel.field}}});
  }

  Inferred operator()(const ast::Index& idx) const {
    Inferred base = c.infer(*idx.operand);
    std::vector<Inferred> keys;
    bool failed = base.type.is_error();
    for (const auto& k : idx.keys) {
      keys.push_back(c.infer(*k));
      failed = failed || keys.back().type.is_error();
    }
    if (failed) return {};
    if (!base.type.list && base.type.kind == K::param &&
        !std::holds_alternative<ast::Select>(idx.operand->kind))
      return c.error_at(idx.operand->span, {msg::param_lookup_by_name, {}});
    if (base.type.list || base.type.kind != K::param)
      return c.error_at(idx.operand->span, {msg::index_not_param, {c.type_arg("type", base.type)}});
    const ParamInfo& p = c.out_.params[base.type.ref];
    const Parameter& prm = *p.param;
    if (idx.keys.size() != prm.arity()) {
      std::string names;
      for (const auto& k : prm.index) names += (names.empty() ? "" : ", ") + k.name;
      Span at = idx.keys.size() > prm.arity() ? idx.keys[prm.arity()]->span : e.span;
      c.diags_
          .error(at, {msg::param_key_count,
                      {{"param", p.name},
                       {"n", std::to_string(prm.arity())},
                       {"s", prm.arity() == 1 ? "" : "s"},
                       {"keys", names},
                       {"given", std::to_string(idx.keys.size())},
                       {"alias", p.alias}}})
          .note(prm.span, {msg::declared_here, {}});
      return {};
    }
    ParamLookup lookup;
    lookup.param = base.type.ref;
    bool ok = true;
    for (size_t i = 0; i < keys.size(); ++i) {
      const ParamKey& pk = prm.index[i];
      const Type& got = keys[i].type;
      const ast::Expr& key = *idx.keys[i];
      lookup.enums.push_back(-1);
      lookup.key_of_value.emplace_back();
      if (pk.type == ParamIndex::enumeration) {
        if (got.list || got.kind != K::enumeration) {
          key_type_error(p, prm, i, key, nullptr, got);
          ok = false;
          continue;
        }
        lookup.enums.back() = static_cast<int32_t>(got.ref);
        ok = enum_keys(p, prm, i, key, got.ref, lookup.key_of_value.back()) && ok;
        continue;
      }
      Type want = Type::of(pk.type == ParamIndex::date ? K::date : K::integer);
      if (got != want) {
        key_type_error(p, prm, i, key, &want, got);
        ok = false;
      }
    }
    if (!ok) return {};
    c.out_.resolutions[e.id] = {Resolution::Kind::param, base.type.ref,
                                static_cast<uint32_t>(c.out_.param_lookups.size())};
    c.out_.param_lookups.push_back(std::move(lookup));
    return {p.type, p.type.kind == K::integer ? 0 : p.scale, false};
  }

  // `want` is the type the key needs; an enum key needs an enum value (`want` null).
  void key_type_error(const ParamInfo& p, const Parameter& prm, size_t i, const ast::Expr& key,
                      const Type* want, const Type& type) const {
    const bool single = prm.arity() == 1 && !prm.named_index;
    Code code = Code::none;
    switch (prm.index[single ? 0 : i].type) {
      case ParamIndex::date:
        code = single ? msg::param_key_date : msg::param_named_key_date;
        break;
      case ParamIndex::year:
        code = single ? msg::param_key_year : msg::param_named_key_year;
        break;
      case ParamIndex::integer:
        code = single ? msg::param_key_integer : msg::param_named_key_integer;
        break;
      case ParamIndex::enumeration:
        code = single ? msg::param_key_enum : msg::param_named_key_enum;
        break;
    }
    MessageArgs args = {{"param", p.name}, c.type_arg("got", type)};
    if (!single) args.emplace_back("key", prm.index[i].name);
    if (want) args.push_back(c.type_arg("want", *want));
    c.diags_.error(key.span, {code, std::move(args)}).note(prm.span, {msg::declared_here, {}});
  }

  // Every key the parameter has at enum key `i` must be a value of the enum
  // of the lookup; fills the map from the enum's values to the keys' ids.
  bool enum_keys(const ParamInfo& p, const Parameter& prm, size_t i, const ast::Expr& key,
                 uint32_t enum_index, std::vector<int64_t>& key_of_value) const {
    const EnumInfo& en = c.out_.enums[enum_index];
    for (const auto& value : en.values) key_of_value.push_back(prm.symbol(value));
    std::set<int64_t> used;
    for (const ParamValue& v : prm.values)
      if (v.depth > i) used.insert(v.keys[i]);
    bool ok = true;
    for (int64_t id : used) {
      const ParamSymbol& s = prm.symbols[static_cast<size_t>(id)];
      if (std::find(en.values.begin(), en.values.end(), s.name) != en.values.end()) continue;
      ok = false;
      if (!c.reported_param_keys_.insert({&prm, id}).second) continue;
      auto& d = c.diags_.error(s.span, {msg::param_key_not_in_enum,
                                        {{"key", s.name}, {"param", p.name}, {"enum", en.name}}});
      if (auto guess = closest_name(s.name, en.values); !guess.empty())
        d.note({}, {msg::did_you_mean, {{"name", guess}}});
      d.note(key.span, {msg::param_looked_up_with_enum, {{"enum", en.name}}});
    }
    return ok;
  }

  Inferred operator()(const ast::Call& call) const { return c.infer_call(e, call); }

  Inferred operator()(const ast::Piecewise& pw) const {
    Inferred result;
    bool first = true;
    bool failed = false;
    auto take = [&](const ast::Expr& value) {
      Inferred v = c.infer(value);
      if (!v.type.is_error() && !is_value(v.type)) {
        c.diags_.error(value.span, not_a_value(v.type));
        v = Inferred{};
      }
      if (failed || v.type.is_error()) {
        failed = true;
        return;
      }
      if (first) {
        result = v;
        first = false;
        return;
      }
      Type t = common_type(result, v);
      if (t.is_error()) {
        c.diags_.error(
            value.span,
            {msg::branch_types, {c.type_arg("got", v.type), c.type_arg("earlier", result.type)}});
        failed = true;
        return;
      }
      result = {t, std::max(result.scale, v.scale), result.literal && v.literal};
    };
    for (const auto& cs : pw.cases) {
      Inferred cond = c.infer(*cs.condition);
      if (!cond.type.is_error() && cond.type != Type::of(K::boolean))
        c.diags_.error(cs.condition->span,
                       {msg::condition_not_bool, {c.type_arg("type", cond.type)}});
      take(*cs.value);
    }
    take(*pw.otherwise);
    return failed ? Inferred{} : result;
  }

  Inferred operator()(const ast::Match& m) const {
    Inferred subject = c.infer(*m.subject);
    if (subject.type.is_error()) {
      for (const auto& arm : m.arms) c.infer(*arm.value);
      return {};
    }
    if (subject.type.list || subject.type.kind != K::enumeration)
      return c.error_at(m.subject->span,
                        {msg::match_needs_enum, {c.type_arg("type", subject.type)}});
    const EnumInfo& en = c.out_.enums[subject.type.ref];
    std::vector<bool> covered(en.values.size(), false);
    bool wildcard = false;
    Inferred result;
    bool first = true, failed = false;
    for (const auto& arm : m.arms) {
      if (arm.patterns.empty()) {
        if (wildcard) c.diags_.error(arm.pattern_span, {msg::match_second_wildcard, {}});
        wildcard = true;
      }
      for (const auto& pat : arm.patterns) {
        auto it = std::find(en.values.begin(), en.values.end(), pat);
        if (it == en.values.end()) {
          auto& d = c.diags_.error(arm.pattern_span,
                                   {msg::enum_has_no_value, {{"enum", en.name}, {"name", pat}}});
          if (auto s = closest_name(pat, en.values); !s.empty())
            d.note({}, {msg::did_you_mean, {{"name", s}}});
          continue;
        }
        size_t i = it - en.values.begin();
        if (covered[i])
          c.diags_.error(arm.pattern_span, {msg::match_value_twice, {{"value", pat}}});
        covered[i] = true;
      }
      Inferred v = c.infer(*arm.value);
      if (!v.type.is_error() && !is_value(v.type)) {
        c.diags_.error(arm.value->span, not_a_value(v.type));
        v = Inferred{};
      }
      if (failed || v.type.is_error()) {
        failed = true;
        continue;
      }
      if (first) {
        result = v;
        first = false;
        continue;
      }
      Type t = common_type(result, v);
      if (t.is_error()) {
        c.diags_.error(arm.value->span,
                       {msg::match_arm_types,
                        {c.type_arg("got", v.type), c.type_arg("earlier", result.type)}});
        failed = true;
        continue;
      }
      result = {t, std::max(result.scale, v.scale), result.literal && v.literal};
    }
    if (!wildcard) {
      std::string missing;
      for (size_t i = 0; i < covered.size(); ++i)
        if (!covered[i]) missing += (missing.empty() ? "`" : ", `") + en.values[i] + "`";
      if (!missing.empty())
        c.diags_.error(e.span,
                       {msg::match_not_exhaustive, {{"enum", en.name}, {"missing", missing}}});
    }
    return failed ? Inferred{} : result;
  }

  Inferred operator()(const ast::Comprehension& comp) const {
    return c.infer_comprehension(e, comp);
  }

  Inferred operator()(const ast::ListLiteral& list) const { return c.infer_list(e, list); }
};

}  // namespace

bool Checker::is_shared_enum_value(const ast::Expr& e) const {
  const auto* id = std::get_if<ast::Ident>(&e.kind);
  if (!id) return false;
  auto it = enum_values_.find(id->name);
  return it != enum_values_.end() && it->second.size() > 1 && !input_by_name_.count(id->name) &&
         !rule_by_name_.count(id->name);
}

Inferred Checker::infer(const ast::Expr& e) {
  // Checking follows rule references and nested tables: deep, whatever the
  // stack (base/stack.h).
  return with_enough_stack([&] {
    Inferred inf = std::visit(InferVisitor{*this, e}, e.kind);
    set(e, inf);
    return inf;
  });
}

void Checker::check_rules() {
  for (uint32_t i = 0; i < rules_.size(); ++i) {
    if (rule_state_[i] != State::unchecked) continue;
    ast::Expr fake;  // a reference to rule i, to reuse the lazy path
    fake.id = 0;
    fake.span = rules_[i].decl->span;
    InferVisitor{*this, fake}.rule_ref(i);
    rule_used_[i] = false;  // the fake reference does not count as a use
    out_.resolutions[0] = {};
  }
  // Re-mark rules actually used by other rules.
  for (const auto& r : rules_)
    for (uint32_t d : r.deps) rule_used_[d] = true;
}

void Checker::check_input_defaults() {
  for (auto& in : out_.inputs) {
    const ast::InputDecl& d = *in.decl;
    auto bound = [&](const ast::ExprPtr& b, std::optional<Decimal>& num,
                     std::optional<Date>& date) {
      if (!b) return;
      Inferred v = infer(*b);
      if (v.type.is_error() || in.type.is_error()) return;
      const auto* lit = std::get_if<ast::Literal>(&b->kind);
      bool neg = false;
      if (const auto* call = std::get_if<ast::Call>(&b->kind); call && calls(*call, Builtin::neg)) {
        lit = std::get_if<ast::Literal>(&call->args[0]->kind);
        neg = true;
      }
      if (in.type.is_numeric() && lit && common_type({in.type, 0, false}, v) == in.type &&
          (lit->kind == ast::Literal::Kind::integer || lit->kind == ast::Literal::Kind::decimal)) {
        num = literal_number(lit->text);
        if (neg && num) num = -*num;
      } else if (!in.type.list && in.type.kind == K::date && lit &&
                 lit->kind == ast::Literal::Kind::date) {
        date = Date::parse(lit->text);
      } else {
        diags_.error(b->span, {msg::input_bound_not_literal,
                               {{"input", in.name}, type_arg("type", in.type)}});
      }
    };
    bound(d.range_min, in.min, in.min_date);
    bound(d.range_max, in.max, in.max_date);
    if (d.default_value) {
      if (const auto* list = std::get_if<ast::ListLiteral>(&d.default_value->kind);
          list && list->items.empty()) {
        set(*d.default_value, {in.type, 0, false});
        if (!in.type.is_error() && !in.type.list)
          diags_.error(d.default_value->span, {msg::input_default_empty_list,
                                               {{"input", in.name}, type_arg("type", in.type)}});
        continue;
      }
      Inferred v = infer_expecting(*d.default_value, in.type);
      // A default is a literal: a number (possibly negative), text, bool, date or enum value.
      const ast::Expr* lit = d.default_value.get();
      if (const auto* neg = std::get_if<ast::Call>(&lit->kind); neg && calls(*neg, Builtin::neg))
        lit = neg->args[0].get();
      bool literal = std::holds_alternative<ast::Literal>(lit->kind) ||
                     out_.resolutions[d.default_value->id].kind == Resolution::Kind::enum_value;
      if (!v.type.is_error() && !literal) {
        diags_.error(d.default_value->span, {msg::input_default_not_literal, {{"input", in.name}}});
        continue;
      }
      if (!v.type.is_error() && !in.type.is_error() &&
          common_type({in.type, 0, false}, v) != in.type) {
        diags_.error(d.default_value->span,
                     {msg::input_default_type,
                      {{"input", in.name}, type_arg("got", v.type), type_arg("want", in.type)}});
        continue;
      }
      check_default_in_bounds(in);
    }
  }
}

// A default must satisfy the input's own bounds: a case that leaves the input
// out would otherwise be computed with a value no case may give.
void Checker::check_default_in_bounds(const InputInfo& in) {
  const ast::Expr& def = *in.decl->default_value;
  const ast::Expr* lit_expr = &def;
  bool negative = false;
  if (const auto* neg = std::get_if<ast::Call>(&def.kind); neg && calls(*neg, Builtin::neg)) {
    lit_expr = neg->args[0].get();
    negative = true;
  }
  const auto* lit = std::get_if<ast::Literal>(&lit_expr->kind);
  if (!lit) return;
  std::string shown, lo, hi;
  bool below = false, above = false;
  if (lit->kind == ast::Literal::Kind::date) {
    auto d = Date::parse(lit->text);
    if (!d) return;
    below = in.min_date && *d < *in.min_date;
    above = in.max_date && *d > *in.max_date;
    shown = lit->text;
    if (in.min_date) lo = in.min_date->to_string();
    if (in.max_date) hi = in.max_date->to_string();
  } else if (lit->kind == ast::Literal::Kind::integer || lit->kind == ast::Literal::Kind::decimal ||
             lit->kind == ast::Literal::Kind::percent) {
    auto n = literal_number(lit->text);
    if (!n) return;
    if (lit->kind == ast::Literal::Kind::percent) n = *n / Decimal::from_int(100);
    if (negative) n = -*n;
    below = in.min && *n < *in.min;
    above = in.max && *n > *in.max;
    shown = n->to_string();
    if (in.min) lo = in.min->to_string();
    if (in.max) hi = in.max->to_string();
  } else {
    return;
  }
  if (!below && !above) return;
  diags_
      .error(def.span, {below ? msg::input_default_below : msg::input_default_above,
                        {{"input", in.name}, {"value", shown}, {"bound", below ? lo : hi}}})
      .note(below ? in.decl->range_min->span : in.decl->range_max->span,
            {msg::bound_declared_here, {}});
}

}  // namespace decree::check_detail
