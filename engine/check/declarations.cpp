// Collects the declarations of every module of a rule set into symbol tables,
// resolving declared types and reporting duplicates.
#include <set>

#include "base/codes_check.h"
#include "base/suggest.h"
#include "check/internal/checker.h"

namespace decree::check_detail {
namespace {

Type unit_type(ParamUnit unit) {
  switch (unit) {
    case ParamUnit::money:
      return Type::of(Type::Kind::money);
    case ParamUnit::rate:
      return Type::of(Type::Kind::rate);
    case ParamUnit::decimal:
      return Type::of(Type::Kind::decimal);
    case ParamUnit::integer:
      return Type::of(Type::Kind::integer);
  }
  return Type{};
}

}  // namespace

Type Checker::resolve_type(const ast::TypeRef& ref) {
  static const std::unordered_map<std::string, Type::Kind> kBuiltin = {
      {"integer", Type::Kind::integer}, {"decimal", Type::Kind::decimal},
      {"rate", Type::Kind::rate},       {"money", Type::Kind::money},
      {"bool", Type::Kind::boolean},    {"date", Type::Kind::date},
      {"text", Type::Kind::text}};
  Type t;
  if (auto it = kBuiltin.find(ref.name); it != kBuiltin.end()) {
    t = Type::of(it->second);
  } else if (auto e = enum_by_name_.find(ref.name); e != enum_by_name_.end()) {
    t = Type::of(Type::Kind::enumeration, e->second);
  } else if (auto r = record_by_name_.find(ref.name); r != record_by_name_.end()) {
    t = Type::of(Type::Kind::record, r->second);
  } else {
    std::vector<std::string> names = {"integer", "decimal", "rate", "money",
                                      "bool",    "date",    "text"};
    for (auto& [n, _] : enum_by_name_) names.push_back(n);
    for (auto& [n, _] : record_by_name_) names.push_back(n);
    auto& d = diags_.error(ref.span, {msg::unknown_type, {{"name", ref.name}}});
    if (auto s = closest_name(ref.name, names); !s.empty())
      d.note({}, {msg::did_you_mean, {{"name", s}}});
    return Type{};
  }
  t.list = ref.is_list;
  return t;
}

void Checker::collect(const std::vector<const ast::Module*>& modules,
                      const std::vector<const ParameterSet*>& params) {
  // Every global name and the span that declared it, to report duplicates
  // (`duplicate` is the message for what is declared: duplicate_enum …).
  std::unordered_map<std::string, Span> declared;
  auto declare = [&](const std::string& name, const Span& span, Code duplicate) {
    auto [it, inserted] = declared.emplace(name, span);
    if (!inserted) {
      diags_.error(span, {duplicate, {{"name", name}}})
          .note(it->second, {msg::first_declared_here, {}});
      return false;
    }
    return true;
  };

  size_t param_file = 0;
  for (const ast::Module* m : modules) {
    out_.modules.push_back(m);
    if (out_.ruleset.empty()) {
      out_.ruleset = m->ruleset;
    } else if (m->ruleset != out_.ruleset) {
      diags_.error(m->ruleset_span,
                   {msg::ruleset_mismatch, {{"ruleset", m->ruleset}, {"others", out_.ruleset}}});
    }
    if (!m->basis.empty())
      out_.basis = out_.basis.empty() ? m->basis : out_.basis + "; " + m->basis;

    for (const auto& pd : m->parameters) {
      const ParameterSet* set = param_file < params.size() ? params[param_file] : nullptr;
      ++param_file;
      if (!declare(pd.alias, pd.span, msg::duplicate_param_set)) continue;
      param_set_by_alias_[pd.alias] = static_cast<uint32_t>(out_.param_sets.size());
      out_.param_sets.push_back({pd.alias, set, &pd});
      if (!set) continue;  // the loader reported why
      for (const auto& prm : set->params) {
        ParamInfo info;
        info.alias = pd.alias;
        info.name = prm.name;
        info.param = &prm;
        info.type = unit_type(prm.unit);
        for (const auto& v : prm.values)
          if (v.value) info.scale = std::max(info.scale, v.value->scale());
        if (prm.what_if && prm.what_if->value)
          info.scale = std::max(info.scale, prm.what_if->value->scale());
        out_.params.push_back(std::move(info));
      }
    }
    for (const auto& e : m->enums) {
      if (!declare(e.name, e.span, msg::duplicate_enum)) continue;
      EnumInfo info{e.name, {}, &e};
      std::set<std::string> seen;
      for (const auto& [v, span] : e.values) {
        if (!seen.insert(v).second) {
          diags_.error(span, {msg::enum_value_twice, {{"enum", e.name}, {"value", v}}});
          continue;
        }
        enum_values_[v].push_back(
            {static_cast<uint32_t>(out_.enums.size()), static_cast<uint32_t>(info.values.size())});
        info.values.push_back(v);
      }
      enum_by_name_[e.name] = static_cast<uint32_t>(out_.enums.size());
      out_.enums.push_back(std::move(info));
    }
    for (const auto& r : m->records) {
      if (!declare(r.name, r.span, msg::duplicate_record)) continue;
      record_by_name_[r.name] = static_cast<uint32_t>(out_.records.size());
      out_.records.push_back(RecordInfo{r.name, {}, &r});
    }
  }
  // Record fields may name records declared later, so resolve them second.
  for (auto& rec : out_.records) {
    std::set<std::string> seen;
    for (const auto& f : rec.decl->fields) {
      if (!seen.insert(f.name).second) {
        diags_.error(f.span, {msg::record_field_twice, {{"record", rec.name}, {"field", f.name}}});
        continue;
      }
      rec.fields.push_back({f.name, resolve_type(f.type)});
    }
  }
  for (const ast::Module* m : modules) {
    for (const auto& in : m->inputs) {
      if (!declare(in.name, in.span, msg::duplicate_input)) continue;
      InputInfo info;
      info.name = in.name;
      info.type = resolve_type(in.type);
      info.decl = &in;
      info.optional = in.optional;
      if (info.optional && in.default_value)
        diags_.error(in.span, {msg::input_optional_with_default, {{"input", in.name}}});
      input_by_name_[in.name] = static_cast<uint32_t>(out_.inputs.size());
      out_.inputs.push_back(std::move(info));
    }
    for (const auto& r : m->rules) {
      if (!declare(
              r.name, r.span,
              r.kind == ast::RuleDecl::Kind::output ? msg::duplicate_output : msg::duplicate_let))
        continue;
      RuleInfo info;
      info.name = r.name;
      info.output = r.kind == ast::RuleDecl::Kind::output;
      info.period = r.period;
      info.decl = &r;
      rule_by_name_[r.name] = static_cast<uint32_t>(rules_.size());
      rules_.push_back(std::move(info));
    }
    for (const auto& t : m->tables) {
      if (!declare(t.name, t.span, msg::duplicate_table)) continue;
      TableInfo info;
      info.name = t.name;
      info.decl = &t;
      for (const auto& k : t.keys) info.keys.push_back(resolve_type(k.type));
      for (const auto& c : t.results) info.results.push_back(resolve_type(c.type));
      info.result_scales.assign(info.results.size(), 0);
      table_by_name_[t.name] = static_cast<uint32_t>(out_.tables.size());
      out_.tables.push_back(std::move(info));
    }
  }
  rule_state_.assign(rules_.size(), State::unchecked);
  input_used_.assign(out_.inputs.size(), false);
  rule_used_.assign(rules_.size(), false);
  table_used_.assign(out_.tables.size(), false);
  table_checked_.assign(out_.tables.size(), false);
  table_in_progress_.assign(out_.tables.size(), false);
}

}  // namespace decree::check_detail
