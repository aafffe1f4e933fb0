// Planning: each rule body becomes a tree of flat nodes addressed by index,
// names become slots, tables become direct or interval lookups. Nothing here
// runs per case.
#include "plan/plan.h"

#include <algorithm>

#include "base/stack.h"
#include "syntax/builtins.h"

namespace decree {
namespace {

using K = Type::Kind;

class Planner {
 public:
  Planner(const CheckedProgram& c, Program& p) : c_(c), p_(p) {}

  uint32_t emit(const ast::Expr& e) {
    return with_enough_stack(
        [&] { return std::visit([&](const auto& k) { return emit_kind(e, k); }, e.kind); });
  }

  void plan_tables();
  bool direct_index(TablePlan& tp, const std::vector<std::vector<KeyInterval>>& sets);
  void sort_disjoint(TablePlan& tp, const std::vector<std::vector<KeyInterval>>& sets);

 private:
  const CheckedProgram& c_;
  Program& p_;

  uint32_t add(const ast::Expr& e, Op op, std::vector<uint32_t> kids = {}, uint32_t a = 0,
               uint32_t b = 0) {
    Node n;
    n.op = op;
    n.kind = c_.types[e.id].kind;
    n.a = a;
    n.b = b;
    n.first = static_cast<uint32_t>(p_.children.size());
    n.count = static_cast<uint32_t>(kids.size());
    p_.children.insert(p_.children.end(), kids.begin(), kids.end());
    n.expr = e.id;
    n.span = &e.span;
    p_.nodes.push_back(n);
    return static_cast<uint32_t>(p_.nodes.size() - 1);
  }

  uint32_t constant(const ast::Expr& e, Value v) {
    p_.constants.push_back(std::move(v));
    return add(e, Op::constant, {}, static_cast<uint32_t>(p_.constants.size() - 1));
  }

  uint32_t emit_kind(const ast::Expr& e, const ast::Literal& lit) {
    using LK = ast::Literal::Kind;
    switch (lit.kind) {
      case LK::integer:
      case LK::decimal:
        return constant(e, Value::of_num(Decimal::parse_or_throw(lit.text)));
      case LK::percent:
        return constant(
            e, Value::of_num(Decimal::parse_or_throw(lit.text) * Decimal::parse_or_throw("0.01")));
      case LK::boolean:
        return constant(e, Value::of_bits(lit.text == "true"));
      case LK::date:
        return constant(e, Value::of_bits(Date::parse(lit.text)->days));
      case LK::text: {
        p_.constant_texts.push_back(lit.text);
        Value v;
        v.bits = static_cast<int64_t>(p_.constant_texts.size() - 1);  // fixed up after planning
        v.ptr = nullptr;
        uint32_t n = constant(e, v);
        text_constants_.push_back(static_cast<uint32_t>(p_.constants.size() - 1));
        return n;
      }
    }
    return 0;
  }

  uint32_t emit_kind(const ast::Expr& e, const ast::Ident&) {
    const Resolution& r = c_.resolutions[e.id];
    switch (r.kind) {
      case Resolution::Kind::input:
        return add(e, Op::input, {}, r.index);
      case Resolution::Kind::rule:
        return add(e, Op::rule, {}, r.index);
      case Resolution::Kind::loop_var:
        return add(e, Op::loop_var, {}, r.index);
      case Resolution::Kind::enum_value:
        return constant(e, Value::of_bits(r.sub));
      case Resolution::Kind::as_of:
        return add(e, Op::as_of);
      case Resolution::Kind::rounding_mode:
        return constant(e, Value::of_bits(r.sub));
      default:
        break;
    }
    throw std::logic_error("planner: unresolved name");
  }

  uint32_t emit_kind(const ast::Expr& e, const ast::Select& sel) {
    const Resolution& r = c_.resolutions[e.id];
    switch (r.kind) {
      case Resolution::Kind::enum_value:
        return constant(e, Value::of_bits(r.sub));
      case Resolution::Kind::record_field:
        return add(e, Op::field, {emit(*sel.operand)}, r.sub);
      case Resolution::Kind::table_column: {
        // t(keys).column: one lookup node that yields the column directly.
        const auto& call = std::get<ast::Call>(sel.operand->kind);
        std::vector<uint32_t> keys;
        for (const auto& a : call.args) keys.push_back(emit(*a));
        const bool list = ast::TableDecl::gives_list(c_.tables[r.index].decl->hit);
        return add(e, list ? Op::table_collect : Op::table, keys, r.index, r.sub);
      }
      case Resolution::Kind::row_column:
        return add(e, Op::field, {emit(*sel.operand)}, r.sub);
      default:
        break;
    }
    throw std::logic_error("planner: unexpected select");
  }

  uint32_t emit_kind(const ast::Expr& e, const ast::Index& idx) {
    const Resolution& r = c_.resolutions[e.id];
    const ParamInfo& p = c_.params[r.index];
    std::vector<uint32_t> keys;
    for (const auto& k : idx.keys) keys.push_back(emit(*k));
    // One year, integer or date key: a direct lookup; else key by key.
    const ParamIndex first = p.param->index[0].type;
    Op op = p.param->arity() > 1 || first == ParamIndex::enumeration ? Op::param_keys
            : first == ParamIndex::date                              ? Op::param_date
                                                                     : Op::param_key;
    return add(e, op, keys, r.index, r.sub);
  }

  uint32_t emit_kind(const ast::Expr& e, const ast::Call& call) {
    const Resolution& r = c_.resolutions[e.id];
    std::vector<uint32_t> kids;
    if (r.kind == Resolution::Kind::table) {
      for (const auto& a : call.args) kids.push_back(emit(*a));
      const auto& tab = c_.tables[r.index];
      if (!ast::TableDecl::gives_list(tab.decl->hit)) return add(e, Op::table, kids, r.index, 0);
      return add(e, Op::table_collect, kids, r.index, tab.results.size() > 1 ? kAllColumns : 0);
    }
    if (r.kind != Resolution::Kind::builtin || r.index >= builtins().size())
      throw std::logic_error("planner: unresolved call " + call.function);
    // The checker resolved the call to a builtin; its entry names the Op.
    const BuiltinInfo& b = builtin(static_cast<Builtin>(r.index));
    if (b.rule == TypeRule::given) return add(e, b.op, {}, c_.resolutions[call.args[0]->id].index);
    if (b.rule == TypeRule::round) {
      Decimal step = Decimal::parse_or_throw(std::get<ast::Literal>(call.args[1]->kind).text);
      p_.constants.push_back(Value::of_num(step));
      uint32_t step_index = static_cast<uint32_t>(p_.constants.size() - 1);
      uint32_t mode = c_.resolutions[call.args[2]->id].sub;
      return add(e, b.op, {emit(*call.args[0])}, step_index, mode);
    }
    for (const auto& a : call.args) kids.push_back(emit(*a));
    uint32_t n = add(e, call.args.size() == 1 ? b.list_op : b.op, kids);
    if (b.rule == TypeRule::equality || b.rule == TypeRule::order) {
      const Type& t = c_.types[call.args[0]->id];
      const Type& u = c_.types[call.args[1]->id];
      p_.nodes[n].cmp = (t.is_numeric() || u.is_numeric()) ? Compare::number
                        : t.kind == K::text                ? Compare::text
                                                           : Compare::bits;
    }
    return n;
  }

  uint32_t emit_kind(const ast::Expr& e, const ast::Piecewise& pw) {
    std::vector<uint32_t> kids;
    for (const auto& cs : pw.cases) {
      kids.push_back(emit(*cs.condition));
      kids.push_back(emit(*cs.value));
    }
    kids.push_back(emit(*pw.otherwise));
    return add(e, Op::piecewise, kids);
  }

  uint32_t emit_kind(const ast::Expr& e, const ast::Match& m) {
    const Type& t = c_.types[m.subject->id];
    const EnumInfo& en = c_.enums[t.ref];
    std::vector<uint32_t> kids = {emit(*m.subject)};
    std::vector<uint32_t> arm_of(en.values.size(), kNone);
    for (const auto& arm : m.arms) {
      kids.push_back(emit(*arm.value));
      uint32_t position = static_cast<uint32_t>(kids.size() - 1);
      if (arm.patterns.empty()) {
        for (auto& x : arm_of)
          if (x == kNone) x = position;
      }
      for (const auto& pat : arm.patterns)
        for (uint32_t i = 0; i < en.values.size(); ++i)
          if (en.values[i] == pat && arm_of[i] == kNone) arm_of[i] = position;
    }
    p_.match_tables.push_back(std::move(arm_of));
    return add(e, Op::match, kids, static_cast<uint32_t>(p_.match_tables.size() - 1));
  }

  uint32_t emit_kind(const ast::Expr& e, const ast::Comprehension& comp) {
    const Resolution& r = c_.resolutions[e.id];  // the builtin, and the loop slot
    const BuiltinInfo& b = builtin(static_cast<Builtin>(r.index));
    // In source order: fold's initial value, the list, the filter, the body.
    uint32_t initial = comp.initial ? emit(*comp.initial) : kNone;
    uint32_t list = emit(*comp.list);
    uint32_t filter = comp.filter ? emit(*comp.filter) : kNone;
    uint32_t body = comp.body ? emit(*comp.body) : kNone;
    if (b.rule == TypeRule::fold) {
      p_.folds.push_back(&comp);  // for explanations: the names and the list as written
      return add(e, b.over_op, {list, filter, body, initial}, r.sub,
                 static_cast<uint32_t>(p_.folds.size() - 1));
    }
    return add(e, b.over_op, {list, filter, body}, r.sub);
  }

  uint32_t emit_kind(const ast::Expr& e, const ast::ListLiteral& list) {
    std::vector<uint32_t> kids;
    for (const auto& item : list.items) kids.push_back(emit(*item));
    uint32_t n = add(e, Op::list, kids);
    p_.nodes[n].kind = c_.types[e.id].kind;
    return n;
  }

 public:
  std::vector<uint32_t> text_constants_;
};

void Planner::plan_tables() {
  p_.tables.resize(c_.tables.size());
  for (size_t i = 0; i < c_.table_texts.size(); ++i)
    p_.table_text_ids.emplace(c_.table_texts[i], static_cast<int64_t>(i));
  for (size_t t = 0; t < c_.tables.size(); ++t) {
    const TableInfo& info = c_.tables[t];
    TablePlan& tp = p_.tables[t];
    tp.collect = ast::TableDecl::gives_list(info.decl->hit);
    tp.output_order = info.decl->hit == ast::TableDecl::HitPolicy::output_order;
    tp.priority = info.decl->hit == ast::TableDecl::HitPolicy::priority;
    tp.any = info.decl->hit == ast::TableDecl::HitPolicy::any;
    tp.verify_unique = info.verify_unique;
    tp.key_slots = info.key_slots;
    for (const auto& k : info.keys) tp.key_kinds.push_back(k.kind);
    tp.row_count = static_cast<uint32_t>(info.rows.size());
    bool reads_names = false;
    for (const auto& row : info.rows)
      for (const KeyCell& cell : row) {
        TableCell tc;
        tc.first = static_cast<uint32_t>(tp.intervals.size());
        tc.count = static_cast<uint32_t>(cell.alternatives.size());
        tc.any = cell.is_any();
        tc.negated = cell.negated;
        tc.constant = cell.is_constant();
        for (const KeyInterval& iv : cell.alternatives) {
          tp.intervals.push_back(iv);
          if (iv.is_constant()) continue;
          reads_names = true;
          tp.bound_nodes.resize(tp.intervals.size(), {-1, -1});
          // A value pattern reads its name once: lo and hi are one node.
          int32_t lo = iv.lo_expr ? static_cast<int32_t>(emit(*iv.lo_expr)) : -1;
          int32_t hi = iv.hi_expr == iv.lo_expr ? lo
                       : iv.hi_expr             ? static_cast<int32_t>(emit(*iv.hi_expr))
                                                : -1;
          tp.bound_nodes.back() = {lo, hi};
        }
        tp.cells.push_back(tc);
      }
    if (reads_names) tp.bound_nodes.resize(tp.intervals.size(), {-1, -1});
    for (const auto& row : info.decl->rows) {
      std::vector<uint32_t> vals;
      for (const auto& v : row.values) vals.push_back(emit(*v));
      tp.values.push_back(std::move(vals));
    }
    // The lookup structures are built over the other rows; the otherwise row
    // stays last, for the lookup that finds none.
    size_t rows = info.rows.size();
    if (!info.decl->rows.empty() && info.decl->rows.back().otherwise)
      tp.otherwise_row = static_cast<int32_t>(--rows);
    // Several keys, the first with few values: bucket the rows by it. A
    // text first key has a bucket per text the patterns name and a last one
    // for every other text (point -1). A first cell that reads a name goes
    // in every bucket.
    const K first = info.keys.empty() ? K::error : info.keys[0].kind;
    if (!tp.collect && info.keys.size() > 1 &&
        (first == K::enumeration || first == K::boolean || first == K::text)) {
      size_t n = first == K::text ? c_.table_texts.size() + 1 : c_.value_count(info.keys[0]);
      tp.buckets.resize(n);
      for (size_t v = 0; v < n; ++v) {
        int64_t point = first == K::text && v + 1 == n ? -1 : static_cast<int64_t>(v);
        for (size_t r = 0; r < rows; ++r) {
          const KeyCell& cell = info.rows[r][0];
          if (!cell.is_constant() || cell.contains(Decimal::from_int(point)))
            tp.buckets[v].push_back(static_cast<uint32_t>(r));
        }
      }
    }
    // A direct index keeps one row per key; `any` needs every matching row,
    // so it gets one only through disjoint rows (at most one can match).
    // A cell that reads a name is known only at lookup: no index.
    if (!tp.collect && !tp.verify_unique && !reads_names && info.keys.size() == 1) {
      std::vector<std::vector<KeyInterval>> sets;  // each row's keys, computed once for both
      for (size_t r = 0; r < rows; ++r) sets.push_back(info.rows[r][0].match_set());
      if (tp.any || !direct_index(tp, sets)) sort_disjoint(tp, sets);
    }
  }
}

// Direct index: one discrete key, every row's set (sets[r], the rows before the otherwise) bounded,
// 65,536 keys at most from the least to the greatest (256 KiB of row numbers).
bool Planner::direct_index(TablePlan& tp, const std::vector<std::vector<KeyInterval>>& sets) {
  K kind = tp.key_kinds[0];
  if (kind != K::integer && kind != K::enumeration && kind != K::boolean && kind != K::text)
    return false;
  if (sets.empty()) return false;
  int64_t lo = INT64_MAX, hi = INT64_MIN;
  const Decimal limit = Decimal::from_int(1000000000);
  auto first_key = [](const KeyInterval& iv) {
    return iv.lo->to_int64() + (iv.lo_inclusive ? 0 : 1);
  };
  auto last_key = [](const KeyInterval& iv) {
    return iv.hi->to_int64() - (iv.hi_inclusive ? 0 : 1);
  };
  for (const auto& set : sets) {
    for (const KeyInterval& iv : set) {
      if (!iv.lo || !iv.hi || iv.lo->abs() > limit || iv.hi->abs() > limit) return false;
      lo = std::min(lo, first_key(iv));
      hi = std::max(hi, last_key(iv));
    }
  }
  if (hi - lo >= 65536 || hi < lo) return false;
  tp.direct = true;
  tp.direct_base = lo;
  tp.direct_rows.assign(static_cast<size_t>(hi - lo + 1), -1);
  for (size_t r = 0; r < sets.size(); ++r)
    for (const KeyInterval& iv : sets[r])
      for (int64_t k = first_key(iv); k <= last_key(iv); ++k)
        if (tp.direct_rows[k - lo] < 0)
          tp.direct_rows[k - lo] = static_cast<int32_t>(r);  // first wins
  return true;
}

// Every row's match set, its intervals sorted by lower bound; kept only if no
// two overlap, so that at most one row can match and bisection finds it.
void Planner::sort_disjoint(TablePlan& tp, const std::vector<std::vector<KeyInterval>>& sets) {
  std::vector<std::pair<KeyInterval, uint32_t>> entries;
  for (size_t r = 0; r < sets.size(); ++r)
    for (const KeyInterval& iv : sets[r]) entries.emplace_back(iv, static_cast<uint32_t>(r));
  std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    const KeyInterval &x = a.first, &y = b.first;
    if (!x.lo || !y.lo) return !x.lo && y.lo;
    if (*x.lo != *y.lo) return *x.lo < *y.lo;
    return x.lo_inclusive && !y.lo_inclusive;
  });
  for (size_t i = 1; i < entries.size(); ++i) {
    const KeyInterval &prev = entries[i - 1].first, &next = entries[i].first;
    bool apart = prev.hi && next.lo &&
                 (*prev.hi < *next.lo ||
                  (*prev.hi == *next.lo && !(prev.hi_inclusive && next.lo_inclusive)));
    if (!apart) return;  // overlapping rows (a `first` table): searched in row order
  }
  for (auto& [iv, r] : entries) {
    tp.sorted_intervals.push_back(std::move(iv));
    tp.sorted_rows.push_back(r);
  }
}

}  // namespace

std::unique_ptr<Program> plan(const CheckedProgram& checked) {
  auto p = std::make_unique<Program>();
  p->checked = &checked;
  Planner planner(checked, *p);
  p->rules.resize(checked.rules.size());
  for (size_t i = 0; i < checked.rules.size(); ++i) {
    p->rules[i].info = &checked.rules[i];
    p->rules[i].root = planner.emit(*checked.rules[i].decl->body);
  }
  planner.plan_tables();
  p->input_defaults.resize(checked.inputs.size());
  p->input_has_default.assign(checked.inputs.size(), false);
  std::vector<std::pair<size_t, uint32_t>> default_nodes;  // (input, node)
  for (size_t i = 0; i < checked.inputs.size(); ++i) {
    const auto* d = checked.inputs[i].decl->default_value.get();
    if (!d) continue;
    p->input_has_default[i] = true;
    if (std::holds_alternative<ast::ListLiteral>(d->kind) &&
        std::get<ast::ListLiteral>(d->kind).items.empty()) {
      continue;  // the empty list is made per case
    }
    default_nodes.emplace_back(i, planner.emit(*d));
  }
  p->loop_slots = checked.loop_var_count;
  // Text constants point into constant_texts, which no longer moves.
  for (uint32_t ci : planner.text_constants_)
    p->constants[ci].text = &p->constant_texts[p->constants[ci].bits];
  // Defaults are literals (the checker makes sure): a constant, or a negated one.
  for (auto [input, n] : default_nodes) {
    const Node& node = p->nodes[n];
    if (node.op == Op::constant) {
      p->input_defaults[input] = p->constants[node.a];
    } else if (node.op == Op::neg && p->nodes[p->child(node, 0)].op == Op::constant) {
      p->input_defaults[input] = Value::of_num(-p->constants[p->nodes[p->child(node, 0)].a].num);
    } else {
      throw std::logic_error("planner: input default is not a literal");
    }
  }
  return p;
}

}  // namespace decree
