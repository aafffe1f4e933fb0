#include "check/print.h"

#include <algorithm>
#include <filesystem>
#include <variant>

#include "base/stack.h"
#include "base/strings.h"
#include "syntax/builtins.h"
#include "syntax/print.h"

namespace decree {
namespace {

using K = Type::Kind;
using RK = Resolution::Kind;

// A value of the key's domain, as the checker stores it in a KeyInterval.
std::string key_value(const CheckedProgram& c, const Decimal& v, const Type& key) {
  if (v.is_integer() && v.abs() <= Decimal::from_int(1000000000)) {
    int64_t n = v.to_int64();
    if (key.kind == K::boolean && (n == 0 || n == 1)) return n ? "true" : "false";
    if (key.kind == K::enumeration && key.ref < c.enums.size() && n >= 0 &&
        static_cast<size_t>(n) < c.enums[key.ref].values.size())
      return c.enums[key.ref].values[static_cast<size_t>(n)];
    if (key.kind == K::date) return Date{static_cast<int32_t>(n)}.to_string();
    if (key.kind == K::text && n >= 0 && static_cast<size_t>(n) < c.table_texts.size())
      return quoted(c.table_texts[static_cast<size_t>(n)]);
  }
  return v.to_string();
}

const char* hit_name(ast::TableDecl::HitPolicy hit) { return ast::hit_policy_name(hit); }

// An expression as the parser printed it, on one line (rows and defaults are short).
std::string expr_text(const ast::Expr& e) {
  std::string s = ast::print(e);
  while (!s.empty() && s.back() == '\n') s.pop_back();
  return s;
}

std::string typed(const CheckedProgram& c, const Type& t, int scale) {
  std::string out = c.type_name(t);
  if (t.is_numeric()) out += " (" + print_scale(scale) + ")";
  return out;
}

// What every name in an expression resolved to, in order of first appearance.
class Names {
 public:
  explicit Names(const CheckedProgram& c) : c_(c) {}

  std::vector<std::string> names;

  void expr(const ast::Expr& e) {
    with_enough_stack([&] { std::visit([&](const auto& k) { kind(e, k); }, e.kind); });
  }

 private:
  const CheckedProgram& c_;

  const Resolution& res(const ast::Expr& e) const {
    static const Resolution kNoResolution;
    return e.id < c_.resolutions.size() ? c_.resolutions[e.id] : kNoResolution;
  }

  void add(std::string name) {
    if (std::find(names.begin(), names.end(), name) == names.end())
      names.push_back(std::move(name));
  }

  std::string enum_value(const Resolution& r) const {
    if (r.index >= c_.enums.size() || r.sub >= c_.enums[r.index].values.size()) return "enum ?";
    return "enum " + c_.enums[r.index].name + "." + c_.enums[r.index].values[r.sub];
  }

  void kind(const ast::Expr&, const ast::Literal&) {}

  void kind(const ast::Expr& e, const ast::Ident& id) {
    const Resolution& r = res(e);
    switch (r.kind) {
      case RK::input:
        return add("input " + id.name);
      case RK::rule:
        return add("rule " + id.name);
      case RK::loop_var:
        return add("loop " + id.name + " (slot " + std::to_string(r.index) + ")");
      case RK::enum_value:
        return add(enum_value(r));
      case RK::param_set:
        return add("parameters " + id.name);
      case RK::enum_type:
        return add("enum type " + id.name);
      case RK::rounding_mode:
        return add("rounding " + std::string(rounding_mode_name(static_cast<RoundingMode>(r.sub))));
      case RK::as_of:
        return add("as_of");
      default:
        return add("unresolved " + id.name);
    }
  }

  void kind(const ast::Expr& e, const ast::Select& sel) {
    const Resolution& r = res(e);
    switch (r.kind) {
      case RK::enum_value:  // Enum.value: the operand is the enum's name
        return add(enum_value(r));
      case RK::param:  // p.name: the operand is the parameter set
        if (r.index < c_.params.size())
          return add("param " + c_.params[r.index].alias + "." + c_.params[r.index].name);
        return add("param ?");
      case RK::table_column: {  // t(keys).column: one lookup
        if (r.index < c_.tables.size()) add("table " + c_.tables[r.index].name + "." + sel.field);
        if (const auto* call = std::get_if<ast::Call>(&sel.operand->kind))
          for (const auto& a : call->args) expr(*a);
        return;
      }
      case RK::record_field:
        expr(*sel.operand);
        if (r.index < c_.records.size())
          return add("field " + c_.records[r.index].name + "." + sel.field);
        return add("field ?." + sel.field);
      default:
        expr(*sel.operand);
        return add("unresolved ." + sel.field);
    }
  }

  void kind(const ast::Expr&, const ast::Index& idx) {
    expr(*idx.operand);
    for (const auto& k : idx.keys) expr(*k);
  }

  void kind(const ast::Expr& e, const ast::Call& call) {
    const Resolution& r = res(e);
    if (r.kind == RK::table && r.index < c_.tables.size())
      add("table " + c_.tables[r.index].name);
    else if (r.kind == RK::builtin && r.index < builtins().size()) {
      const BuiltinInfo& b = builtins()[r.index];
      if (b.forms & kCall) add("builtin " + std::string(b.name));  // operators go unsaid
    } else
      add("unresolved " + call.function);
    for (const auto& a : call.args) expr(*a);
  }

  void kind(const ast::Expr&, const ast::Piecewise& pw) {
    for (const auto& cs : pw.cases) {
      expr(*cs.condition);
      expr(*cs.value);
    }
    expr(*pw.otherwise);
  }

  void kind(const ast::Expr&, const ast::Match& m) {
    expr(*m.subject);
    for (const auto& arm : m.arms) expr(*arm.value);
  }

  void kind(const ast::Expr& e, const ast::Comprehension& comp) {
    if (comp.initial) expr(*comp.initial);
    expr(*comp.list);
    add("loop " + comp.var + " (slot " + std::to_string(res(e).sub) + ")");
    if (comp.initial)
      add("loop " + comp.accumulator + " (slot " + std::to_string(res(e).sub + 1) + ")");
    if (comp.filter) expr(*comp.filter);
    if (comp.body) expr(*comp.body);
  }

  void kind(const ast::Expr&, const ast::ListLiteral& list) {
    for (const auto& item : list.items) expr(*item);
  }
};

void print_declarations(const CheckedProgram& c, std::string& out) {
  for (size_t i = 0; i < c.enums.size(); ++i)
    out += "enum " + std::to_string(i) + " " + c.enums[i].name + " { " + join(c.enums[i].values) +
           " }\n";
  for (size_t i = 0; i < c.records.size(); ++i) {
    std::vector<std::string> fields;
    for (const auto& f : c.records[i].fields) fields.push_back(f.name + ": " + c.type_name(f.type));
    out += "record " + std::to_string(i) + " " + c.records[i].name + " { " + join(fields) + " }\n";
  }
  for (size_t i = 0; i < c.inputs.size(); ++i) {
    const InputInfo& in = c.inputs[i];
    out += "input " + std::to_string(i) + " " + in.name + ": " + c.type_name(in.type);
    if (in.min || in.max)
      out +=
          " in " + (in.min ? in.min->to_string() : "") + ".." + (in.max ? in.max->to_string() : "");
    if (in.min_date || in.max_date)
      out += " in " + (in.min_date ? in.min_date->to_string() : "") + ".." +
             (in.max_date ? in.max_date->to_string() : "");
    if (in.optional) out += " optional";
    if (in.decl && in.decl->default_value) out += " = " + expr_text(*in.decl->default_value);
    out += "\n";
  }
  for (size_t i = 0; i < c.param_sets.size(); ++i) {
    const ParamSetInfo& ps = c.param_sets[i];
    out += "parameters " + std::to_string(i) + " " + ps.alias;
    if (ps.decl) out += " " + quoted(ps.decl->path);
    out += "\n";
  }
  for (size_t i = 0; i < c.params.size(); ++i) {
    const ParamInfo& p = c.params[i];
    out += "param " + std::to_string(i) + " " + p.alias + "." + p.name + ": " + c.type_name(p.type);
    if (p.param) out += " by " + p.param->index_text();
    out += " (" + print_scale(p.scale) + ")\n";
  }
}

void print_tables(const CheckedProgram& c, std::string& out) {
  for (size_t t = 0; t < c.tables.size(); ++t) {
    const TableInfo& tab = c.tables[t];
    const ast::TableDecl* decl = tab.decl;
    std::vector<std::string> keys, results;
    for (size_t k = 0; k < tab.keys.size(); ++k)
      keys.push_back((decl && k < decl->keys.size() ? decl->keys[k].name + ": " : "") +
                     c.type_name(tab.keys[k]));
    for (size_t k = 0; k < tab.results.size(); ++k) {
      std::string name = decl && k < decl->results.size() ? decl->results[k].name : "";
      int scale = k < tab.result_scales.size() ? tab.result_scales[k] : 0;
      results.push_back((name.empty() ? "" : name + ": ") + typed(c, tab.results[k], scale));
    }
    bool single = decl && decl->single_result && results.size() == 1;
    out += "table " + std::to_string(t) + " " + tab.name + "(" + join(keys) + ") -> " +
           (single ? results[0] : "(" + join(results) + ")");
    if (decl) out += " hit " + std::string(hit_name(decl->hit));
    out += ", " + std::to_string(tab.rows.size()) + " row" + (tab.rows.size() == 1 ? "" : "s");
    if (decl) out += " " + print_position(c, decl->span);
    out += "\n";
    if (!tab.key_slots.empty()) {
      std::vector<std::string> slots;
      for (size_t k = 0; k < tab.key_slots.size(); ++k)
        slots.push_back((decl && k < decl->keys.size() ? decl->keys[k].name : "?") + " " +
                        std::to_string(tab.key_slots[k]));
      out += "  key loop slots: " + join(slots) + "\n";
    }
    for (size_t r = 0; r < tab.rows.size(); ++r) {
      std::vector<std::string> patterns, values;
      for (size_t k = 0; k < tab.rows[r].size() && k < tab.keys.size(); ++k)
        patterns.push_back(print_key_cell(c, tab.rows[r][k], tab.keys[k]));
      const bool otherwise = decl && r < decl->rows.size() && decl->rows[r].otherwise;
      out += otherwise ? std::string("  otherwise") : "  row " + std::to_string(r + 1);
      if (decl && r < decl->rows.size()) {
        out += " " + print_position(c, decl->rows[r].span);
        for (const auto& v : decl->rows[r].values) values.push_back(expr_text(*v));
      }
      out += ": " + join(patterns) + " => " + join(values) + "\n";
    }
  }
}

void print_rules(const CheckedProgram& c, std::string& out) {
  out += "evaluation order:\n";
  for (uint32_t r : c.order) {
    const RuleInfo& info = c.rules[r];
    out += std::string(info.output ? "output " : "let ") + info.name + ": " +
           typed(c, info.type, info.scale);
    if (info.period != ast::Period::none) out += std::string(" ") + period_text(info.period);
    if (info.decl) out += " " + print_position(c, info.decl->span);
    out += "\n";
    if (info.decl && info.decl->body) {
      Names names(c);
      names.expr(*info.decl->body);
      if (!names.names.empty()) out += "  reads: " + join(names.names) + "\n";
    }
    // RuleInfo::deps has one entry per reference: `own_wage ×2` reads it twice.
    std::vector<uint32_t> seen;
    std::vector<size_t> times;
    for (uint32_t d : info.deps) {
      auto it = std::find(seen.begin(), seen.end(), d);
      if (it == seen.end()) {
        seen.push_back(d);
        times.push_back(1);
      } else {
        ++times[static_cast<size_t>(it - seen.begin())];
      }
    }
    std::vector<std::string> deps;
    for (size_t i = 0; i < seen.size(); ++i)
      deps.push_back((seen[i] < c.rules.size() ? c.rules[seen[i]].name : "?") +
                     (times[i] > 1 ? " ×" + std::to_string(times[i]) : ""));
    if (!deps.empty()) out += "  deps: " + join(deps) + "\n";
  }
  std::vector<std::string> outputs;
  for (uint32_t o : c.outputs) outputs.push_back(c.rules[o].name);
  out += "outputs: " + join(outputs) + "\n";
  out += "loop variables: " + std::to_string(c.loop_var_count) + "\n";
}

}  // namespace

std::string print_scale(int scale) {
  if (scale >= kInfiniteScale) return "unbounded decimals";
  return std::to_string(scale) + (scale == 1 ? " decimal" : " decimals");
}

std::string print_key_interval(const CheckedProgram& c, const KeyInterval& iv, const Type& key) {
  auto lo = [&] { return iv.lo_expr ? expr_text(*iv.lo_expr) : key_value(c, *iv.lo, key); };
  auto hi = [&] { return iv.hi_expr ? expr_text(*iv.hi_expr) : key_value(c, *iv.hi, key); };
  const bool has_lo = iv.lo || iv.lo_expr, has_hi = iv.hi || iv.hi_expr;
  if (!has_lo && !has_hi) return "_";
  if (iv.lo_expr && iv.lo_expr == iv.hi_expr) return lo();  // a value pattern that reads a name
  if (iv.lo && iv.hi && iv.lo_inclusive && iv.hi_inclusive && *iv.lo == *iv.hi)
    return key_value(c, *iv.lo, key);
  if (!has_hi) return (iv.lo_inclusive ? ">= " : "> ") + lo();
  if (!has_lo) return (iv.hi_inclusive ? "<= " : "< ") + hi();
  return (iv.lo_inclusive ? "[" : "(") + lo() + ", " + hi() + (iv.hi_inclusive ? "]" : ")");
}

std::string print_key_cell(const CheckedProgram& c, const KeyCell& cell, const Type& key) {
  std::string out;
  for (const auto& iv : cell.alternatives)
    out += (out.empty() ? "" : " | ") + print_key_interval(c, iv, key);
  return cell.negated ? "not(" + out + ")" : out;
}

std::string print_position(const CheckedProgram& c, const Span& span) {
  if (!span.valid()) return "@?";
  std::string where = std::to_string(span.line) + ":" + std::to_string(span.col);
  if (c.modules.size() <= 1) return "@" + where;
  namespace fs = std::filesystem;
  fs::path file(span.file->path());
  bool one_folder = true;
  for (const ast::Module* m : c.modules)
    if (m->source && fs::path(m->source->path()).parent_path() != file.parent_path())
      one_folder = false;
  std::string name = file.filename().generic_string();
  if (!one_folder) name = file.parent_path().filename().generic_string() + "/" + name;
  return "@" + name + ":" + where;
}

std::string print_checked(const CheckedProgram& c) {
  std::string out = "checked " + c.ruleset + "\n";
  if (!c.basis.empty()) out += "basis " + quoted(c.basis) + "\n";
  print_declarations(c, out);
  print_tables(c, out);
  print_rules(c, out);
  return out;
}

}  // namespace decree
