#include "plan/print.h"

#include <map>
#include <variant>

#include "base/stack.h"
#include "base/strings.h"
#include "check/print.h"

namespace decree {
namespace {

using K = Type::Kind;

std::string plural(size_t n, const std::string& word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

// The comprehensions of the rule set by expression id (for their variables' names).
void find_comprehensions(const ast::Expr& e,
                         std::map<ast::ExprId, const ast::Comprehension*>& out) {
  auto sub = [&](const ast::ExprPtr& x) {
    if (x) with_enough_stack([&] { find_comprehensions(*x, out); });
  };
  std::visit(
      [&](const auto& k) {
        using T = std::decay_t<decltype(k)>;
        if constexpr (std::is_same_v<T, ast::Select>) {
          sub(k.operand);
        } else if constexpr (std::is_same_v<T, ast::Index>) {
          sub(k.operand);
          for (const auto& key : k.keys) sub(key);
        } else if constexpr (std::is_same_v<T, ast::Call>) {
          for (const auto& a : k.args) sub(a);
        } else if constexpr (std::is_same_v<T, ast::Piecewise>) {
          for (const auto& cs : k.cases) {
            sub(cs.condition);
            sub(cs.value);
          }
          sub(k.otherwise);
        } else if constexpr (std::is_same_v<T, ast::Match>) {
          sub(k.subject);
          for (const auto& arm : k.arms) sub(arm.value);
        } else if constexpr (std::is_same_v<T, ast::Comprehension>) {
          out[e.id] = &k;
          sub(k.initial);
          sub(k.list);
          sub(k.filter);
          sub(k.body);
        } else if constexpr (std::is_same_v<T, ast::ListLiteral>) {
          for (const auto& item : k.items) sub(item);
        }
      },
      e.kind);
}

// Operations that bind a loop slot (node.a) to each item of their list.
bool binds_loop_slot(Op op) {
  return (op >= Op::comp_sum && op <= Op::comp_any) || op == Op::fold || op == Op::filter ||
         op == Op::map;
}

class PlanPrinter {
 public:
  explicit PlanPrinter(const Program& p) : p_(p), c_(*p.checked) {
    for (const auto& r : c_.rules)
      if (r.decl && r.decl->body) find_comprehensions(*r.decl->body, comprehensions_);
    for (const auto& t : c_.tables)
      if (t.decl)
        for (const auto& row : t.decl->rows)
          for (const auto& v : row.values) find_comprehensions(*v, comprehensions_);
    // What each loop slot holds: a comprehension's variable or a table's key.
    loop_names_.resize(p_.loop_slots);
    loop_vars_.resize(p_.loop_slots, "?");
    for (const auto& n : p_.nodes) {
      if (!binds_loop_slot(n.op) || n.a >= loop_names_.size()) continue;
      auto it = comprehensions_.find(n.expr);
      std::string var = it == comprehensions_.end() ? "?" : it->second->var;
      std::string at = n.span ? print_position(c_, *n.span) : "@?";
      loop_vars_[n.a] = var;
      loop_names_[n.a] = var + ": variable of " + std::string(op_name(n.op)) + " " + at;
      if (n.op == Op::fold && n.a + 1 < loop_names_.size()) {
        std::string acc = it == comprehensions_.end() ? "?" : it->second->accumulator;
        loop_vars_[n.a + 1] = acc;
        loop_names_[n.a + 1] = acc + ": accumulator of fold " + at;
      }
    }
    for (size_t t = 0; t < c_.tables.size(); ++t) {
      const TableInfo& tab = c_.tables[t];
      for (size_t k = 0; k < tab.key_slots.size(); ++k) {
        if (tab.key_slots[k] >= loop_names_.size()) continue;
        std::string key = tab.decl && k < tab.decl->keys.size() ? tab.decl->keys[k].name : "?";
        loop_vars_[tab.key_slots[k]] = key;
        loop_names_[tab.key_slots[k]] = key + ": key " + std::to_string(k + 1) + " of table " +
                                        std::to_string(t) + " (" + tab.name + ")";
      }
    }
    // Which node reads each constant: it says how to show the value.
    constant_user_.assign(p_.constants.size(), kNone);
    step_.assign(p_.constants.size(), false);
    for (uint32_t i = 0; i < p_.nodes.size(); ++i) {
      const Node& n = p_.nodes[i];
      if (n.op == Op::constant && n.a < constant_user_.size() && constant_user_[n.a] == kNone)
        constant_user_[n.a] = i;
      if (n.op == Op::round && n.a < step_.size()) step_[n.a] = true;
    }
  }

  std::string print() {
    std::string out = "plan " + c_.ruleset + ": " + plural(p_.nodes.size(), "node") + ", " +
                      plural(p_.constants.size(), "constant") + ", " +
                      plural(p_.input_defaults.size(), "input slot") + ", " +
                      plural(p_.loop_slots, "loop slot") + ", " +
                      plural(p_.tables.size(), "table") + ", " +
                      plural(p_.match_tables.size(), "match table") + "\n";
    inputs(out);
    loops(out);
    constants(out);
    reached_.assign(p_.nodes.size(), false);
    for (size_t r = 0; r < p_.rules.size(); ++r) rule(r, out);
    for (size_t t = 0; t < p_.tables.size(); ++t) table(t, out);
    others(out);
    return out;
  }

 private:
  const Program& p_;
  const CheckedProgram& c_;
  std::map<ast::ExprId, const ast::Comprehension*> comprehensions_;
  std::vector<std::string> loop_names_;  // what each loop slot holds
  std::vector<std::string> loop_vars_;   // the name it holds it under
  std::vector<uint32_t> constant_user_;
  std::vector<bool> step_;
  std::vector<bool> reached_;

  const Type* checked_type(const Node& n) const {
    return n.expr < c_.types.size() ? &c_.types[n.expr] : nullptr;
  }

  std::string kind_of(const Node& n) const {
    const Type* t = checked_type(n);
    return (t && t->list ? "list of " : "") + std::string(kind_name(n.kind));
  }

  // A value as the kind says to read it (Value carries no tag).
  std::string value(const Value& v, K kind, const Type* type) const {
    switch (kind) {
      case K::integer:
      case K::decimal:
      case K::rate:
      case K::money:
        return v.num.to_string();
      case K::boolean:
        return v.bits ? "true" : "false";
      case K::date:
        return Date{static_cast<int32_t>(v.bits)}.to_string();
      case K::text:
        return v.text ? quoted(*v.text) : "<text?>";
      case K::enumeration: {
        std::string out = std::to_string(v.bits);
        if (type && type->ref < c_.enums.size() && v.bits >= 0 &&
            static_cast<size_t>(v.bits) < c_.enums[type->ref].values.size())
          out += " (" + c_.enums[type->ref].name + "." +
                 c_.enums[type->ref].values[static_cast<size_t>(v.bits)] + ")";
        return out;
      }
      case K::rounding_mode:
        return std::string(rounding_mode_name(static_cast<RoundingMode>(v.bits)));
      default:
        return std::to_string(v.bits);
    }
  }

  std::string constant_value(uint32_t ci) const {
    if (ci >= p_.constants.size()) return "?";
    if (constant_user_[ci] != kNone) {
      const Node& user = p_.nodes[constant_user_[ci]];
      return value(p_.constants[ci], user.kind, checked_type(user));
    }
    if (step_[ci]) return p_.constants[ci].num.to_string();
    return "? (read by no node)";
  }

  std::string constant_text(uint32_t ci) const {
    return "c" + std::to_string(ci) + " = " + constant_value(ci);
  }

  std::string input_name(uint32_t slot) const {
    return slot < c_.inputs.size() ? c_.inputs[slot].name : "?";
  }

  std::string rule_name(uint32_t r) const { return r < c_.rules.size() ? c_.rules[r].name : "?"; }

  std::string table_name(uint32_t t) const {
    return t < c_.tables.size() ? c_.tables[t].name : "?";
  }

  std::string column_name(uint32_t t, uint32_t col) const {
    if (t >= c_.tables.size() || !c_.tables[t].decl || col >= c_.tables[t].decl->results.size())
      return "?";
    const std::string& name = c_.tables[t].decl->results[col].name;
    return name.empty() ? "the result" : name;
  }

  std::string where(const Node& n) const { return n.span ? print_position(c_, *n.span) : "@?"; }

  // The decoded a/b operands.
  std::string operands(const Node& n) const {
    switch (n.op) {
      case Op::constant:
        return constant_text(n.a);
      case Op::input:
      case Op::given:
        return "slot " + std::to_string(n.a) + " (" + input_name(n.a) + ")";
      case Op::rule:
        return "rule " + std::to_string(n.a) + " (" + rule_name(n.a) + ")";
      case Op::loop_var:
        return "loop slot " + std::to_string(n.a) + " (" +
               (n.a < loop_vars_.size() ? loop_vars_[n.a] : "?") + ")";
      case Op::field: {
        std::string name = "?";
        if (n.count > 0) {
          const Type* t = checked_type(p_.nodes[p_.child(n, 0)]);
          if (t && t->kind == K::record && t->ref < c_.records.size() &&
              n.a < c_.records[t->ref].fields.size())
            name = c_.records[t->ref].name + "." + c_.records[t->ref].fields[n.a].name;
        }
        return "field " + std::to_string(n.a) + " (" + name + ")";
      }
      case Op::eq:
      case Op::ne:
      case Op::lt:
      case Op::le:
      case Op::gt:
      case Op::ge:
        return n.cmp == Compare::number ? "compare number"
               : n.cmp == Compare::bits ? "compare bits"
                                        : "compare text";
      case Op::match:
        return "match table " + std::to_string(n.a);
      case Op::round:
        return "step " + constant_text(n.a) + ", mode " +
               std::string(rounding_mode_name(static_cast<RoundingMode>(n.b)));
      case Op::param_key:
      case Op::param_date:
      case Op::param_keys: {
        std::string name = "?";
        if (n.a < c_.params.size()) {
          const ParamInfo& pi = c_.params[n.a];
          name = pi.alias + "." + pi.name;
          if (pi.param) name += ", by " + pi.param->index_text();
        }
        return "param " + std::to_string(n.a) + " (" + name + ")";
      }
      case Op::table:
        return "table " + std::to_string(n.a) + " (" + table_name(n.a) + "), column " +
               std::to_string(n.b) + " (" + column_name(n.a, n.b) + ")";
      case Op::table_collect:
        return "table " + std::to_string(n.a) + " (" + table_name(n.a) + "), every match";
      case Op::comp_sum:
      case Op::comp_count:
      case Op::comp_min:
      case Op::comp_max:
      case Op::comp_all:
      case Op::comp_any:
      case Op::filter:
      case Op::map:
        return "loop slot " + std::to_string(n.a);
      case Op::fold:
        return "loop slots " + std::to_string(n.a) + " (item), " + std::to_string(n.a + 1) +
               " (accumulator)";
      default:
        return "";
    }
  }

  // What the k-th child is for, where the opcode gives children roles.
  std::string role(const Node& n, uint32_t k) const {
    switch (n.op) {
      case Op::piecewise:
        if (k + 1 == n.count) return "otherwise";
        return k % 2 == 0 ? "when" : "then";
      case Op::match: {
        if (k == 0) return "subject";
        std::vector<std::string> values;
        const Type* t = checked_type(p_.nodes[p_.child(n, 0)]);
        if (n.a < p_.match_tables.size()) {
          const auto& arms = p_.match_tables[n.a];
          for (size_t v = 0; v < arms.size(); ++v) {
            if (arms[v] != k) continue;
            values.push_back(t && t->ref < c_.enums.size() && v < c_.enums[t->ref].values.size()
                                 ? c_.enums[t->ref].values[v]
                                 : std::to_string(v));
          }
        }
        return "arm " + (values.empty() ? std::string("(unused)") : join(values, " | "));
      }
      case Op::comp_sum:
      case Op::comp_count:
      case Op::comp_min:
      case Op::comp_max:
      case Op::comp_all:
      case Op::comp_any:
      case Op::filter:
      case Op::map:
        return k == 0 ? "list" : k == 1 ? "where" : "body";
      case Op::fold:
        return k == 0 ? "list" : k == 1 ? "where" : k == 2 ? "body" : "initially";
      case Op::range:
        return k == 0 ? "from" : "to";
      case Op::table:
      case Op::table_collect: {
        if (n.a < c_.tables.size() && c_.tables[n.a].decl && k < c_.tables[n.a].decl->keys.size())
          return "key " + c_.tables[n.a].decl->keys[k].name;
        return "key";
      }
      case Op::clamp:
        return k == 0 ? "value" : k == 1 ? "lo" : "hi";
      default:
        return "";
    }
  }

  void tree(uint32_t i, size_t depth, const std::string& label, std::string& out) {
    with_enough_stack([&] { tree_here(i, depth, label, out); });
  }

  void tree_here(uint32_t i, size_t depth, const std::string& label, std::string& out) {
    std::string indent(depth * 2, ' ');
    out += indent + (label.empty() ? "" : label + ": ");
    if (i == kNone) {
      out += "-\n";
      return;
    }
    if (i >= p_.nodes.size()) {
      out += "n" + std::to_string(i) + " (out of range)\n";
      return;
    }
    const Node& n = p_.nodes[i];
    if (reached_[i]) {  // the planner emits a tree; a second parent would be a bug worth seeing
      out += "n" + std::to_string(i) + " (again)\n";
      return;
    }
    reached_[i] = true;
    std::string ops = operands(n);
    out += "n" + std::to_string(i) + " " + std::string(op_name(n.op)) + " " + kind_of(n) +
           (ops.empty() ? "" : " " + ops) + " " + where(n) + "\n";
    for (uint32_t k = 0; k < n.count; ++k) tree(p_.child(n, k), depth + 1, role(n, k), out);
  }

  void inputs(std::string& out) const {
    out += "input slots:\n";
    for (size_t i = 0; i < p_.input_defaults.size(); ++i) {
      std::string line = "  " + std::to_string(i) + " " + input_name(static_cast<uint32_t>(i));
      const Type* t = i < c_.inputs.size() ? &c_.inputs[i].type : nullptr;
      if (t) line += ": " + c_.type_name(*t);
      if (i < p_.input_has_default.size() && p_.input_has_default[i]) {
        line += " = ";
        line += t && t->list ? "[] (made per case)"
                             : value(p_.input_defaults[i], t ? t->kind : K::error, t);
      }
      out += line + "\n";
    }
  }

  void loops(std::string& out) const {
    out += "loop slots:\n";
    for (size_t s = 0; s < loop_names_.size(); ++s)
      out += "  " + std::to_string(s) + " " +
             (loop_names_[s].empty() ? std::string("(unused)") : loop_names_[s]) + "\n";
  }

  void constants(std::string& out) const {
    out += "constants:\n";
    for (uint32_t ci = 0; ci < p_.constants.size(); ++ci) {
      std::string kind = constant_user_[ci] != kNone
                             ? std::string(kind_name(p_.nodes[constant_user_[ci]].kind))
                         : step_[ci] ? "rounding step"
                                     : "unused";
      out += "  c" + std::to_string(ci) + " " + kind + " " + constant_value(ci) + "\n";
    }
  }

  void rule(size_t r, std::string& out) {
    const RulePlan& rp = p_.rules[r];
    const RuleInfo* info = rp.info;
    out += "rule " + std::to_string(r) + " " + (info ? info->name : "?") + ": " +
           (info && info->output ? "output " : "let ") + (info ? c_.type_name(info->type) : "?") +
           (info && info->period != ast::Period::none ? std::string(" ") + period_text(info->period)
                                                      : std::string()) +
           ", root n" + std::to_string(rp.root) + " " +
           (info && info->decl ? print_position(c_, info->decl->span) : "@?") + "\n";
    tree(rp.root, 1, "", out);
  }

  std::string how(const TablePlan& tp) const {
    if (tp.collect) return "collect (every row tested, in row order)";
    if (tp.direct)
      return "direct index from " + std::to_string(tp.direct_base) + " (" +
             std::to_string(tp.direct_rows.size()) +
             (tp.direct_rows.size() == 1 ? " entry)" : " entries)");
    if (!tp.sorted_rows.empty()) return "bisection over sorted intervals";
    if (tp.verify_unique) return "row by row, checking that at most one row matches";
    if (!tp.bound_nodes.empty()) return "row by row (some bounds read names)";
    if (!tp.buckets.empty()) return "buckets by the first key";
    if (tp.key_kinds.size() > 1) return "row by row (several keys, the first not an enum)";
    return "row by row (overlapping rows, `hit first`)";
  }

  static std::string rows(const std::vector<uint32_t>& rs) {
    std::vector<std::string> parts;
    for (uint32_t r : rs) parts.push_back(std::to_string(r + 1));
    return parts.empty() ? "none" : (rs.size() == 1 ? "row " : "rows ") + join(parts);
  }

  // key→row, consecutive keys that go to the same row written as one range
  // (enum and bool keys by name).
  std::string direct_map(const TablePlan& tp, const Type* key) const {
    auto name = [&](int64_t k) {
      if (!key) return std::to_string(k);
      KeyInterval single;
      single.lo = single.hi = Decimal::from_int(k);
      return print_key_interval(c_, single, *key);
    };
    std::vector<std::string> parts;
    for (size_t i = 0; i < tp.direct_rows.size();) {
      size_t j = i;
      while (j + 1 < tp.direct_rows.size() && tp.direct_rows[j + 1] == tp.direct_rows[i]) ++j;
      int64_t lo = tp.direct_base + static_cast<int64_t>(i);
      int64_t hi = tp.direct_base + static_cast<int64_t>(j);
      std::string keys = name(lo) + (j > i ? ".." + name(hi) : "");
      int32_t row = tp.direct_rows[i];
      parts.push_back(keys + "→" + (row < 0 ? "none" : "row " + std::to_string(row + 1)));
      i = j + 1;
    }
    return join(parts);
  }

  void table(size_t t, std::string& out) {
    const TablePlan& tp = p_.tables[t];
    const TableInfo* info = t < c_.tables.size() ? &c_.tables[t] : nullptr;
    out += "table " + std::to_string(t) + " " + table_name(static_cast<uint32_t>(t)) + ": " +
           plural(tp.row_count, "row") + ", " + how(tp) + "\n";
    std::vector<std::string> keys;
    for (size_t k = 0; k < tp.key_kinds.size(); ++k) {
      std::string key =
          info && info->decl && k < info->decl->keys.size() ? info->decl->keys[k].name + ": " : "";
      key += kind_name(tp.key_kinds[k]);
      if (k < tp.key_slots.size()) key += " (loop slot " + std::to_string(tp.key_slots[k]) + ")";
      keys.push_back(key);
    }
    out += "  keys: " + join(keys) + "\n";
    if (tp.direct)
      out += "  direct: " + direct_map(tp, info && !info->keys.empty() ? &info->keys[0] : nullptr) +
             "\n";
    if (!tp.sorted_rows.empty()) out += "  sorted: " + rows(tp.sorted_rows) + "\n";
    for (size_t v = 0; v < tp.buckets.size(); ++v) {
      std::string value = std::to_string(v);
      if (info && !info->keys.empty() && info->keys[0].kind == Type::Kind::text &&
          v + 1 == tp.buckets.size()) {
        value = "(any other text)";
      } else if (info && !info->keys.empty()) {
        KeyInterval single;
        single.lo = single.hi = Decimal::from_int(static_cast<int64_t>(v));
        value = print_key_interval(c_, single, info->keys[0]);
      }
      out += "  bucket " + value + ": " + rows(tp.buckets[v]) + "\n";
    }
    for (size_t r = 0; r < tp.row_count; ++r) {
      std::vector<std::string> patterns;
      for (size_t k = 0; k < tp.key_kinds.size(); ++k)
        patterns.push_back(info && r < info->rows.size() && k < info->keys.size()
                               ? print_key_cell(c_, info->rows[r][k], info->keys[k])
                               : "?");
      std::string at = info && info->decl && r < info->decl->rows.size()
                           ? " " + print_position(c_, info->decl->rows[r].span)
                           : "";
      const bool otherwise = static_cast<int32_t>(r) == tp.otherwise_row;
      out += (otherwise ? std::string("  otherwise (when no row matches)")
                        : "  row " + std::to_string(r + 1)) +
             at + ": " + join(patterns) + "\n";
      if (r >= tp.values.size()) continue;
      for (size_t col = 0; col < tp.values[r].size(); ++col)
        tree(tp.values[r][col], 2,
             tp.values[r].size() > 1 || column_name(static_cast<uint32_t>(t),
                                                    static_cast<uint32_t>(col)) != "the result"
                 ? column_name(static_cast<uint32_t>(t), static_cast<uint32_t>(col))
                 : "",
             out);
    }
  }

  // Nodes no rule or table reaches: the planner emits input defaults there.
  void others(std::string& out) {
    std::vector<bool> is_child(p_.nodes.size(), false);
    for (const auto& n : p_.nodes)
      for (uint32_t k = 0; k < n.count; ++k) {
        uint32_t ch = p_.child(n, k);
        if (ch < is_child.size()) is_child[ch] = true;
      }
    std::string more;
    for (uint32_t i = 0; i < p_.nodes.size(); ++i)
      if (!reached_[i] && !is_child[i]) tree(i, 1, "", more);
    if (!more.empty()) out += "other nodes (input defaults):\n" + more;
  }
};

}  // namespace

std::string_view op_name(Op op) {
  switch (op) {
    case Op::constant:
      return "constant";
    case Op::input:
      return "input";
    case Op::rule:
      return "rule";
    case Op::loop_var:
      return "loop_var";
    case Op::as_of:
      return "as_of";
    case Op::field:
      return "field";
    case Op::add:
      return "add";
    case Op::sub:
      return "sub";
    case Op::mul:
      return "mul";
    case Op::div:
      return "div";
    case Op::neg:
      return "neg";
    case Op::eq:
      return "eq";
    case Op::ne:
      return "ne";
    case Op::lt:
      return "lt";
    case Op::le:
      return "le";
    case Op::gt:
      return "gt";
    case Op::ge:
      return "ge";
    case Op::and_:
      return "and";
    case Op::or_:
      return "or";
    case Op::not_:
      return "not";
    case Op::piecewise:
      return "piecewise";
    case Op::match:
      return "match";
    case Op::round:
      return "round";
    case Op::min:
      return "min";
    case Op::max:
      return "max";
    case Op::clamp:
      return "clamp";
    case Op::abs:
      return "abs";
    case Op::min_list:
      return "min_list";
    case Op::max_list:
      return "max_list";
    case Op::sum_list:
      return "sum_list";
    case Op::count_list:
      return "count_list";
    case Op::all_list:
      return "all_list";
    case Op::any_list:
      return "any_list";
    case Op::year:
      return "year";
    case Op::month:
      return "month";
    case Op::day:
      return "day";
    case Op::months_between:
      return "months_between";
    case Op::add_months:
      return "add_months";
    case Op::age:
      return "age";
    case Op::make_date:
      return "make_date";
    case Op::param_key:
      return "param_key";
    case Op::param_date:
      return "param_date";
    case Op::param_keys:
      return "param_keys";
    case Op::table:
      return "table";
    case Op::table_collect:
      return "table_collect";
    case Op::comp_sum:
      return "comp_sum";
    case Op::comp_count:
      return "comp_count";
    case Op::comp_min:
      return "comp_min";
    case Op::comp_max:
      return "comp_max";
    case Op::comp_all:
      return "comp_all";
    case Op::comp_any:
      return "comp_any";
    case Op::list:
      return "list";
    case Op::given:
      return "given";
    case Op::range:
      return "range";
    case Op::fold:
      return "fold";
    case Op::filter:
      return "filter";
    case Op::map:
      return "map";
  }
  return "?";
}

std::string_view kind_name(Type::Kind kind) {
  switch (kind) {
    case K::error:
      return "error";
    case K::integer:
      return "integer";
    case K::decimal:
      return "decimal";
    case K::rate:
      return "rate";
    case K::money:
      return "money";
    case K::boolean:
      return "bool";
    case K::date:
      return "date";
    case K::text:
      return "text";
    case K::enumeration:
      return "enum";
    case K::record:
      return "record";
    case K::rounding_mode:
      return "rounding mode";
    case K::table_row:
      return "table row";
    case K::param:
      return "parameter";
    case K::param_set:
      return "parameter set";
    case K::enum_type:
      return "enum type";
  }
  return "?";
}

std::string print_plan(const Program& program) { return PlanPrinter(program).print(); }

}  // namespace decree
