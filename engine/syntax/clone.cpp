#include "syntax/clone.h"

#include <type_traits>

namespace decree::ast {
namespace {

std::vector<ExprPtr> clone_all(const std::vector<ExprPtr>& xs) {
  std::vector<ExprPtr> out;
  out.reserve(xs.size());
  for (const auto& x : xs) out.push_back(clone(x));
  return out;
}

// Each node kind: its plain fields copied, its children cloned.
struct CloneKind {
  using Kind = decltype(Expr::kind);
  Kind operator()(const Literal& n) const { return n; }
  Kind operator()(const Ident& n) const { return n; }
  Kind operator()(const Select& n) const { return Select{clone(n.operand), n.field, n.field_span}; }
  Kind operator()(const Index& n) const { return Index{clone(n.operand), clone_all(n.keys)}; }
  Kind operator()(const Call& n) const {
    return Call{n.function, n.function_span, clone_all(n.args)};
  }
  Kind operator()(const Piecewise& n) const {
    Piecewise out;
    for (const auto& c : n.cases) out.cases.push_back({clone(c.condition), clone(c.value)});
    out.otherwise = clone(n.otherwise);
    return out;
  }
  Kind operator()(const Match& n) const {
    Match out;
    out.subject = clone(n.subject);
    for (const auto& a : n.arms) out.arms.push_back({a.patterns, a.pattern_span, clone(a.value)});
    return out;
  }
  Kind operator()(const Comprehension& n) const {
    Comprehension out;
    out.op = n.op;
    out.var = n.var;
    out.var_span = n.var_span;
    out.list = clone(n.list);
    out.filter = clone(n.filter);
    out.body = clone(n.body);
    out.accumulator = n.accumulator;
    out.accumulator_span = n.accumulator_span;
    out.accumulator_type = n.accumulator_type;
    out.initial = clone(n.initial);
    return out;
  }
  Kind operator()(const ListLiteral& n) const { return ListLiteral{clone_all(n.items)}; }
};

KeyPattern clone(const KeyPattern& k) {
  KeyPattern out;
  out.kind = k.kind;
  out.value = clone(k.value);
  out.lo = clone(k.lo);
  out.hi = clone(k.hi);
  out.lo_inclusive = k.lo_inclusive;
  out.hi_inclusive = k.hi_inclusive;
  for (const auto& a : k.alternatives) out.alternatives.push_back(clone(a));
  out.negated = k.negated;
  out.span = k.span;
  return out;
}

}  // namespace

ExprPtr clone(const ExprPtr& e) {
  if (!e) return nullptr;
  auto out = std::make_unique<Expr>();
  out->id = e->id;
  out->span = e->span;
  out->kind = std::visit(CloneKind{}, e->kind);
  return out;
}

Module clone(const Module& m) {
  Module out;
  out.ruleset = m.ruleset;
  out.ruleset_span = m.ruleset_span;
  out.basis = m.basis;
  out.version = m.version;
  out.effective = m.effective;
  out.until = m.until;
  out.extends = m.extends;
  out.version_span = m.version_span;
  out.select_by = m.select_by;
  out.select_by_span = m.select_by_span;
  out.parameters = m.parameters;
  out.enums = m.enums;
  out.records = m.records;
  for (const auto& in : m.inputs) {
    InputDecl c;
    c.is_override = in.is_override;
    c.name = in.name;
    c.span = in.span;
    c.type = in.type;
    c.range_min = clone(in.range_min);
    c.range_max = clone(in.range_max);
    c.default_value = clone(in.default_value);
    c.optional = in.optional;
    c.doc = in.doc;
    out.inputs.push_back(std::move(c));
  }
  for (const auto& r : m.rules) {
    RuleDecl c;
    c.is_override = r.is_override;
    c.kind = r.kind;
    c.name = r.name;
    c.span = r.span;
    c.type = r.type;
    c.body = clone(r.body);
    c.basis = r.basis;
    c.basis_span = r.basis_span;
    c.doc = r.doc;
    c.payer = r.payer;
    c.payer_span = r.payer_span;
    c.period = r.period;
    c.period_span = r.period_span;
    out.rules.push_back(std::move(c));
  }
  for (const auto& t : m.tables) {
    TableDecl c;
    c.is_override = t.is_override;
    c.name = t.name;
    c.span = t.span;
    c.keys = t.keys;
    c.results = t.results;
    c.single_result = t.single_result;
    c.hit = t.hit;
    c.hit_explicit = t.hit_explicit;
    for (const auto& row : t.rows) {
      TableDecl::Row cr;
      for (const auto& k : row.keys) cr.keys.push_back(clone(k));
      cr.values = clone_all(row.values);
      cr.span = row.span;
      cr.otherwise = row.otherwise;
      c.rows.push_back(std::move(cr));
    }
    c.basis = t.basis;
    c.basis_span = t.basis_span;
    c.doc = t.doc;
    out.tables.push_back(std::move(c));
  }
  out.next_id = m.next_id;
  out.source = m.source;
  return out;
}

}  // namespace decree::ast
