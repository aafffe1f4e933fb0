#include "doc/uses.h"

#include <algorithm>
#include <variant>

#include "base/stack.h"

namespace decree::doc {
namespace {

using RK = Resolution::Kind;

void add(std::vector<uint32_t>& to, uint32_t i) {
  if (std::find(to.begin(), to.end(), i) == to.end()) to.push_back(i);
}

class Walker {
 public:
  Walker(const CheckedProgram& c, Uses& out) : c_(c), out_(out) {}

  void expr(const ast::Expr& e) {
    note(e);
    with_enough_stack([&] { std::visit([&](const auto& k) { kind(k); }, e.kind); });
  }

 private:
  const CheckedProgram& c_;
  Uses& out_;

  void note(const ast::Expr& e) {
    if (e.id >= c_.resolutions.size()) return;
    const Resolution& r = c_.resolutions[e.id];
    switch (r.kind) {
      case RK::rule:
        if (r.index < c_.rules.size()) add(out_.rules, r.index);
        break;
      case RK::input:
        if (r.index < c_.inputs.size()) add(out_.inputs, r.index);
        break;
      case RK::param:
        if (r.index < c_.params.size()) add(out_.params, r.index);
        break;
      case RK::table:
      case RK::table_column:
        if (r.index < c_.tables.size()) add(out_.tables, r.index);
        break;
      default:
        break;
    }
  }

  void kind(const ast::Literal&) {}
  void kind(const ast::Ident&) {}
  void kind(const ast::Select& s) { expr(*s.operand); }
  void kind(const ast::Index& i) {
    expr(*i.operand);
    for (const auto& k : i.keys) expr(*k);
  }
  void kind(const ast::Call& call) {
    for (const auto& a : call.args) expr(*a);
  }
  void kind(const ast::Piecewise& pw) {
    for (const auto& cs : pw.cases) {
      expr(*cs.condition);
      expr(*cs.value);
    }
    expr(*pw.otherwise);
  }
  void kind(const ast::Match& m) {
    expr(*m.subject);
    for (const auto& arm : m.arms) expr(*arm.value);
  }
  void kind(const ast::Comprehension& comp) {
    if (comp.initial) expr(*comp.initial);
    expr(*comp.list);
    if (comp.filter) expr(*comp.filter);
    if (comp.body) expr(*comp.body);
  }
  void kind(const ast::ListLiteral& list) {
    for (const auto& item : list.items) expr(*item);
  }
};

}  // namespace

Uses uses_of(const CheckedProgram& c, const ast::Expr& e) {
  Uses out;
  Walker(c, out).expr(e);
  return out;
}

}  // namespace decree::doc
