// The check stage's entry point: collect declarations, check every rule,
// table and input, then report what is unused and money outputs that could
// carry more than two decimals unrounded.
#include "check/check.h"

#include <algorithm>
#include <tuple>

#include "base/codes_check.h"
#include "base/suggest.h"
#include "check/internal/checker.h"

namespace decree {
namespace check_detail {

void Checker::report_unused() {
  // The input that picks the version (`select by payment_date`) is used by
  // that choice, even when no rule reads it.
  auto selects = [&](const std::string& name) {
    return std::any_of(out_.modules.begin(), out_.modules.end(),
                       [&](const ast::Module* m) { return m->select_by == name; });
  };
  for (size_t i = 0; i < out_.inputs.size(); ++i)
    if (!input_used_[i] && out_.inputs[i].name != "case_id" && !selects(out_.inputs[i].name))
      diags_.warning(out_.inputs[i].decl->span,
                     {msg::input_unused, {{"input", out_.inputs[i].name}}});
  for (size_t i = 0; i < rules_.size(); ++i)
    if (!rules_[i].output && !rule_used_[i])
      diags_.warning(rules_[i].decl->span, {msg::rule_unused, {{"rule", rules_[i].name}}});
  for (size_t i = 0; i < out_.tables.size(); ++i)
    if (!table_used_[i])
      diags_.warning(out_.tables[i].decl->span,
                     {msg::table_unused, {{"table", out_.tables[i].name}}});
  report_unused_parameters();
  report_unused_enums();
}

// What the rules read, from the resolutions: a parameter file or a parameter
// that no rule reads is dead, and in an extending version it is usually a
// misspelling that leaves the base's value in force.
void Checker::report_unused_parameters() {
  std::vector<bool> set_used(out_.param_sets.size(), false), param_used(out_.params.size(), false);
  for (const Resolution& r : out_.resolutions) {
    if (r.kind == Resolution::Kind::param_set) set_used[r.index] = true;
    if (r.kind == Resolution::Kind::param) param_used[r.index] = true;
  }
  for (size_t s = 0; s < out_.param_sets.size(); ++s) {
    const ParamSetInfo& ps = out_.param_sets[s];
    if (!ps.set || set_used[s]) continue;
    auto& d = diags_.warning(
        ps.decl->span, {msg::param_set_unused, {{"alias", ps.alias}, {"path", ps.decl->path}}});
    for (size_t o = 0; o < out_.param_sets.size(); ++o)
      if (set_used[o])
        d.note(out_.param_sets[o].decl->span,
               {msg::rules_read_params_as, {{"alias", out_.param_sets[o].alias}}});
  }
  for (size_t i = 0; i < out_.params.size(); ++i) {
    const ParamInfo& p = out_.params[i];
    if (param_used[i] || !set_used[param_set_by_alias_[p.alias]]) continue;
    auto& d =
        diags_.warning(p.param->span, {msg::param_unused, {{"alias", p.alias}, {"param", p.name}}});
    // A parameter the rules do read, named almost the same: a misspelling in
    // an extending version adds a new parameter instead of replacing it.
    std::vector<std::string> read;
    std::vector<const ParamInfo*> by_name;
    for (size_t j = 0; j < out_.params.size(); ++j)
      if (param_used[j] && out_.params[j].alias == p.alias) {
        read.push_back(out_.params[j].name);
        by_name.push_back(&out_.params[j]);
      }
    if (auto s = closest_name(p.name, read); !s.empty()) {
      const ParamInfo* similar = by_name[std::find(read.begin(), read.end(), s) - read.begin()];
      d.note(similar->param->span, {msg::did_you_mean_read_param, {{"name", s}}});
    }
  }
}

void Checker::report_unused_enums() {
  std::vector<bool> used(out_.enums.size(), false);
  auto mark = [&](const Type& t) {
    if (t.kind == Type::Kind::enumeration || t.kind == Type::Kind::enum_type) used[t.ref] = true;
  };
  for (const Type& t : out_.types) mark(t);
  for (const auto& in : out_.inputs) mark(in.type);
  for (const auto& rec : out_.records)
    for (const auto& f : rec.fields) mark(f.type);
  for (const auto& t : out_.tables) {
    for (const auto& k : t.keys) mark(k);
    for (const auto& r : t.results) mark(r);
  }
  for (const auto& r : rules_) mark(r.type);
  for (size_t i = 0; i < out_.enums.size(); ++i)
    if (!used[i])
      diags_.warning(out_.enums[i].decl->span, {msg::enum_unused, {{"enum", out_.enums[i].name}}});
}

// Periods: only money outputs have one, and once one money output declares
// its period, every money output must, so that no amount is left to a guess
// (`decree diff` totals by period).
void check_periods(const CheckedProgram& out, Diagnostics& diags) {
  const RuleInfo* declared = nullptr;
  for (uint32_t o : out.outputs) {
    const RuleInfo& r = out.rules[o];
    bool money = !r.type.list && r.type.kind == Type::Kind::money;
    if (r.period != ast::Period::none && !money && !r.type.is_error())
      diags.error(r.decl->period_span,
                  {msg::period_not_money, {{"rule", r.name}, out.type_arg("type", r.type)}});
    if (r.period != ast::Period::none && money && !declared) declared = &r;
  }
  if (!declared) return;
  for (uint32_t o : out.outputs) {
    const RuleInfo& r = out.rules[o];
    if (r.period != ast::Period::none || r.type.list || r.type.kind != Type::Kind::money) continue;
    diags.error(r.decl->span, {msg::period_missing, {{"rule", r.name}}})
        .note(declared->decl->period_span,
              {declared->period == ast::Period::once ? msg::paid_once : msg::paid_per_month,
               {{"rule", declared->name}}})
        .note({}, {msg::period_how, {{"rule", r.name}}});
  }
}

}  // namespace check_detail

std::optional<CheckedProgram> check(const std::vector<const ast::Module*>& modules,
                                    const std::vector<const ParameterSet*>& params,
                                    Diagnostics& diags) {
  CheckedProgram out;
  Diagnostics local;
  check_detail::Checker c(out, local);
  ast::ExprId ids = 1;
  for (const auto* m : modules) ids = std::max(ids, m->next_id);
  out.types.assign(ids, Type{});
  out.resolutions.assign(ids, Resolution{});
  out.scales.assign(ids, 0);
  out.untyped_literal.assign(ids, 0);

  c.collect(modules, params);
  // Who pays an amount: the fund that provincial pooling collects and spends, or the employer.
  for (const auto* m : modules)
    for (const auto& r : m->rules)
      if (!r.payer.empty() && r.payer != "fund" && r.payer != "employer")
        local.error(r.payer_span, {msg::bad_payer, {{"payer", r.payer}}});
  c.check_input_defaults();
  c.check_rules();
  c.check_tables();
  // A case that reaches a gap makes sense only for rules that check.
  c.report_table_gaps(!local.has_errors());
  // Follow-on warnings would only distract from the errors.
  if (!local.has_errors()) {
    c.report_unused();
    c.check_reachable_parameters();
  }

  out.rules = c.rules_;
  out.order = c.order_;
  // Evaluation follows chains of rules recursively: a chain longer than
  // kMaxRuleDepth (a generated file, say) is refused rather than allowed to
  // exhaust the stack.
  if (!local.has_errors()) {
    constexpr int kMaxRuleDepth = 1000;
    std::vector<int> depth(out.rules.size(), 0);
    for (uint32_t r : out.order) {
      for (uint32_t d : out.rules[r].deps) depth[r] = std::max(depth[r], depth[d]);
      if (++depth[r] == kMaxRuleDepth + 1)
        local.error(out.rules[r].decl->span,
                    {msg::rule_chain_too_deep,
                     {{"rule", out.rules[r].name}, {"n", std::to_string(kMaxRuleDepth)}}});
    }
  }
  for (uint32_t i = 0; i < out.rules.size(); ++i) {
    const RuleInfo& r = out.rules[i];
    if (!r.output) continue;
    out.outputs.push_back(i);
    if (r.type.kind == Type::Kind::money && !r.type.list && r.scale > 2) {
      local
          .error(r.decl->body->span,
                 r.scale >= kInfiniteScale
                     ? Message{msg::money_unrounded_unbounded, {{"rule", r.name}}}
                     : Message{msg::money_unrounded,
                               {{"rule", r.name}, {"n", std::to_string(r.scale)}}})
          .note({}, {msg::round_explicitly, {}});
    }
  }
  check_detail::check_periods(out, local);
  if (out.outputs.empty() && !local.has_errors() && !modules.empty())
    local.warning(modules.front()->ruleset_span,
                  {msg::ruleset_no_outputs, {{"ruleset", out.ruleset}}});

  // Diagnostics in source order, as a compiler prints them.
  auto items = local.items();
  std::stable_sort(items.begin(), items.end(), [](const Diagnostic& a, const Diagnostic& b) {
    auto key = [](const Diagnostic& d) {
      return std::make_tuple(d.span.file ? d.span.file->path() : std::string(), d.span.line,
                             d.span.col);
    };
    return key(a) < key(b);
  });
  bool failed = local.has_errors();
  for (auto& d : items) diags.add(std::move(d));
  if (failed) return std::nullopt;
  return out;
}

}  // namespace decree
