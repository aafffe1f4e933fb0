// The evaluator: a switch over planned nodes. No parsing, no name lookup and
// no per-node heap allocation on the common path; lists and records come from
// pools kept across cases.
#include "eval/evaluator.h"

#include <algorithm>

namespace decree {
namespace {

using K = Type::Kind;

Decimal key_as_decimal(const Value& v, K kind) {
  switch (kind) {
    case K::integer:
    case K::decimal:
    case K::rate:
    case K::money:
      return v.num;
    default:
      return Decimal::from_int(v.bits);
  }
}

int compare(const Value& x, const Value& y, Compare how) {
  switch (how) {
    case Compare::number: {
      auto o = x.num <=> y.num;
      return o < 0 ? -1 : o > 0 ? 1 : 0;
    }
    case Compare::bits:
      return x.bits < y.bits ? -1 : x.bits > y.bits ? 1 : 0;
    case Compare::text: {
      int c = x.text->compare(*y.text);
      return c < 0 ? -1 : c > 0 ? 1 : 0;
    }
  }
  return 0;
}

// ": unsourced (why)" for an entry whose figure could not be found.
std::string unsourced_reason(const ParamValue* pv) {
  return pv && !pv->unsourced.empty() ? ": unsourced (" + pv->unsourced + ")" : "";
}

bool is_number_kind(K k) {
  return k == K::integer || k == K::decimal || k == K::rate || k == K::money;
}

}  // namespace

EvalState::EvalState(const Program& program)
    : program_(program),
      inputs_(program.checked->inputs.size()),
      present_(program.checked->inputs.size(), 0),
      texts_(program.checked->inputs.size()),
      rule_values_(program.rules.size()),
      rule_state_(program.rules.size(), 0),
      rule_failures_(program.rules.size()),
      loop_vars_(program.loop_slots) {}

void EvalState::reset() {
  std::fill(present_.begin(), present_.end(), 0);
  std::fill(rule_state_.begin(), rule_state_.end(), 0);
  for (size_t i = 0; i < lists_used_; ++i) lists_[i]->items.clear();
  for (size_t i = 0; i < records_used_; ++i) records_[i]->fields.clear();
  lists_used_ = records_used_ = 0;
  rule_stack_.clear();
  evaluated_ = false;
}

ListValue* EvalState::new_list() {
  if (lists_used_ == lists_.size()) lists_.push_back(std::make_unique<ListValue>());
  return lists_[lists_used_++].get();
}

RecordValue* EvalState::new_record() {
  if (records_used_ == records_.size()) records_.push_back(std::make_unique<RecordValue>());
  return records_[records_used_++].get();
}

void EvalState::fail(const Node& n, std::string message) const {
  throw EvalFailure{n.span, std::move(message), rule_stack_.empty() ? kNone : rule_stack_.back()};
}

void EvalState::evaluate_outputs(const std::optional<Date>& as_of, Trace* trace,
                                 std::vector<std::optional<EvalFailure>>* failures) {
  as_of_ = as_of;
  trace_ = trace;
  if (trace_) trace_->clear();
  // Every evaluation computes every rule afresh (the as-of date or tracing
  // may differ); lists made by the previous evaluation are reused.
  if (evaluated_) {
    for (size_t i = lists_mark_; i < lists_used_; ++i) lists_[i]->items.clear();
    for (size_t i = records_mark_; i < records_used_; ++i) records_[i]->fields.clear();
    lists_used_ = lists_mark_;
    records_used_ = records_mark_;
  }
  std::fill(rule_state_.begin(), rule_state_.end(), 0);
  rule_stack_.clear();
  depth_ = 0;
  if (!evaluated_) given_ = present_;
  const CheckedProgram& c = *program_.checked;
  for (uint32_t i = 0; i < inputs_.size(); ++i) {
    if (present_[i] || !program_.input_has_default[i]) continue;
    if (c.inputs[i].type.list) {
      ListValue* l = new_list();
      inputs_[i].list = l;
    } else {
      inputs_[i] = program_.input_defaults[i];
    }
    present_[i] = 1;
  }
  if (!evaluated_) {
    evaluated_ = true;
    lists_mark_ = lists_used_;
    records_mark_ = records_used_;
  }
  if (failures) failures->assign(c.outputs.size(), std::nullopt);
  for (size_t i = 0; i < c.outputs.size(); ++i) {
    uint32_t out = c.outputs[i];
    const RulePlan& rp = program_.rules[out];
    if (!failures) {
      eval_rule(out, program_.nodes[rp.root]);
      continue;
    }
    try {
      eval_rule(out, program_.nodes[rp.root]);
    } catch (const EvalFailure& f) {
      // The rules being evaluated failed with it: remember, and go on.
      for (uint32_t r : rule_stack_) {
        rule_state_[r] = 3;
        rule_failures_[r] = f;
      }
      rule_stack_.clear();
      depth_ = 0;
      if (trace_) trace_->open.clear();
      (*failures)[i] = f;
    }
  }
}

const Value& EvalState::eval_rule(uint32_t rule, const Node& at) {
  if (rule_state_[rule] == 2) return rule_values_[rule];
  if (rule_state_[rule] == 3) throw rule_failures_[rule];
  if (rule_state_[rule] == 1)
    fail(at, "rule `" + program_.rules[rule].info->name + "` depends on itself");
  rule_state_[rule] = 1;
  rule_stack_.push_back(rule);
  if (trace_) trace_->open.push_back(TraceStep{rule, {}, {}, {}});
  rule_values_[rule] = eval(program_.rules[rule].root);
  if (trace_) {
    trace_->steps.push_back(std::move(trace_->open.back()));
    trace_->open.pop_back();
  }
  rule_stack_.pop_back();
  rule_state_[rule] = 2;
  return rule_values_[rule];
}

Value EvalState::lookup_param(const Node& n, const Value& key) {
  const ParamInfo& info = program_.checked->params[n.a];
  const Parameter& p = *info.param;
  const ParamValue* pv = nullptr;
  int64_t k = 0;
  if (n.op == Op::param_date) {
    k = key.bits;
    pv = p.at_date(Date{static_cast<int32_t>(k)});
    if (!pv || !pv->value)
      fail(n, "parameter `" + info.name + "` has no value for " +
                  Date{static_cast<int32_t>(k)}.to_string() + unsourced_reason(pv));
  } else {
    if (!key.num.is_integer())
      fail(n, "parameter `" + info.name + "` needs an integer key, got " + key.num.to_string());
    k = key.num.to_int64();
    pv = p.at_key(k);
    if (!pv || !pv->value)
      fail(n, "parameter `" + info.name + "` has no value for " +
                  (p.index == ParamIndex::year ? "year " : "key ") + std::to_string(k) +
                  unsourced_reason(pv));
  }
  if (trace_ && !trace_->open.empty()) trace_->open.back().params.push_back({n.a, k, pv});
  return Value::of_num(*pv->value);
}

Value EvalState::lookup_table(const Node& n) {
  const TablePlan& tp = program_.tables[n.a];
  const TableInfo& info = program_.checked->tables[n.a];
  // Keys live on the stack for the usual few; a wider table gets a heap
  // buffer (a member buffer would be overwritten by a nested lookup).
  constexpr uint32_t kInlineKeys = 8;
  Value inline_keys[kInlineKeys];
  std::vector<Value> wide_keys;
  const uint32_t nkeys = n.count;
  if (nkeys > kInlineKeys) wide_keys.resize(nkeys);
  Value* keys = nkeys > kInlineKeys ? wide_keys.data() : inline_keys;
  for (uint32_t k = 0; k < nkeys; ++k) keys[k] = eval(program_.child(n, k));
  // Cells may read the keys by name.
  for (uint32_t k = 0; k < nkeys && k < tp.key_slots.size(); ++k)
    loop_vars_[tp.key_slots[k]] = keys[k];
  auto record_hit = [&](int32_t row) {
    if (trace_ && !trace_->open.empty())
      trace_->open.back().rows.push_back({n.a, row, std::vector<Value>(keys, keys + nkeys)});
  };
  if (n.op == Op::table_collect) {
    ListValue* out = new_list();
    for (size_t r = 0; r < tp.rows.size(); ++r) {
      bool match = true;
      for (uint32_t k = 0; k < nkeys && match; ++k)
        match = tp.rows[r][k].contains(key_as_decimal(keys[k], tp.key_kinds[k]));
      if (!match) continue;
      record_hit(static_cast<int32_t>(r));
      out->items.push_back(eval(tp.values[r][0]));
    }
    Value v;
    v.list = out;
    return v;
  }
  int32_t row = -1;
  if (tp.direct) {
    int64_t k = is_number_kind(tp.key_kinds[0])
                    ? (keys[0].num.is_integer() ? keys[0].num.to_int64() : INT64_MIN)
                    : keys[0].bits;
    if (k != INT64_MIN && k >= tp.direct_base &&
        k - tp.direct_base < static_cast<int64_t>(tp.direct_rows.size()))
      row = tp.direct_rows[k - tp.direct_base];
  } else if (!tp.sorted_rows.empty()) {
    // Disjoint intervals sorted by lower bound: the last row starting at or
    // before the key is the only one that can hold it.
    Decimal key = key_as_decimal(keys[0], tp.key_kinds[0]);
    auto starts_after = [&](const Decimal& k, uint32_t r) {
      const KeyInterval& iv = tp.rows[r][0];
      return iv.lo && (iv.lo_inclusive ? k < *iv.lo : k <= *iv.lo);
    };
    auto it = std::upper_bound(tp.sorted_rows.begin(), tp.sorted_rows.end(), key, starts_after);
    if (it != tp.sorted_rows.begin() && tp.rows[*(it - 1)][0].contains(key))
      row = static_cast<int32_t>(*(it - 1));
  } else {
    auto matches = [&](size_t r) {
      for (uint32_t k = 0; k < nkeys; ++k) {
        const KeyInterval& iv = tp.rows[r][k];
        if ((iv.lo || iv.hi) && !iv.contains(key_as_decimal(keys[k], tp.key_kinds[k])))
          return false;
      }
      return true;
    };
    if (!tp.buckets.empty()) {
      // Only the rows that can match the first key's value.
      for (uint32_t r : tp.buckets[static_cast<size_t>(keys[0].bits)])
        if (matches(r)) {
          row = static_cast<int32_t>(r);
          break;
        }
    } else {
      for (size_t r = 0; r < tp.rows.size() && row < 0; ++r)
        if (matches(r)) row = static_cast<int32_t>(r);
    }
  }
  if (row < 0) {
    std::string shown;
    for (uint32_t k = 0; k < nkeys; ++k) {
      if (k) shown += ", ";
      shown += info.decl->keys[k].name + " = ";
      if (is_number_kind(tp.key_kinds[k]))
        shown += keys[k].num.to_string();
      else if (tp.key_kinds[k] == K::enumeration)
        shown += program_.checked->enums[info.keys[k].ref].values[keys[k].bits];
      else if (tp.key_kinds[k] == K::date)
        shown += Date{static_cast<int32_t>(keys[k].bits)}.to_string();
      else
        shown += keys[k].bits ? "true" : "false";
    }
    fail(n, "no row of table `" + info.name + "` matches " + shown);
  }
  record_hit(row);
  return eval(tp.values[row][n.b]);
}

Value EvalState::eval(uint32_t index) {
  const Node& n = program_.nodes[index];
  // Each nested evaluation is a native stack frame: bound the nesting so that
  // no rule set (tables calling tables, say) can exhaust the stack.
  if (++depth_ > kMaxEvalDepth) {
    depth_ = 0;  // the failure unwinds every frame
    fail(n, "evaluation nested more than " + std::to_string(kMaxEvalDepth) + " deep");
  }
  struct Leave {
    unsigned& depth;
    ~Leave() {
      if (depth) --depth;
    }
  } leave{depth_};
  auto arg = [&](uint32_t k) { return eval(program_.child(n, k)); };
  try {
    switch (n.op) {
      case Op::constant:
        return program_.constants[n.a];
      case Op::input:
        if (!present_[n.a])
          fail(n, "input `" + program_.checked->inputs[n.a].name +
                      "` is not given, and this case needs it");
        if (trace_ && !trace_->open.empty())
          trace_->open.back().reads.push_back({TraceRead::Kind::input, n.a});
        return inputs_[n.a];
      case Op::rule: {
        const Value& v = eval_rule(n.a, n);
        if (trace_ && !trace_->open.empty())
          trace_->open.back().reads.push_back({TraceRead::Kind::rule, n.a});
        return v;
      }
      case Op::loop_var:
        return loop_vars_[n.a];
      case Op::as_of:
        if (!as_of_) fail(n, "this rule reads `as_of`: give the evaluation date (--as-of)");
        return Value::of_bits(as_of_->days);
      case Op::field:
        return arg(0).record->fields[n.a];
      case Op::add: {
        Value x = arg(0);  // left before right: the first error is the leftmost
        Value y = arg(1);
        return Value::of_num(x.num + y.num);
      }
      case Op::sub: {
        Value x = arg(0);  // left before right: the first error is the leftmost
        Value y = arg(1);
        return Value::of_num(x.num - y.num);
      }
      case Op::mul: {
        Value x = arg(0);  // left before right: the first error is the leftmost
        Value y = arg(1);
        return Value::of_num(x.num * y.num);
      }
      case Op::div: {
        Value x = arg(0), y = arg(1);
        if (y.num.sign() == 0) fail(n, "division by zero");
        return Value::of_num(x.num / y.num);
      }
      case Op::neg:
        return Value::of_num(-arg(0).num);
      case Op::eq:
      case Op::ne:
      case Op::lt:
      case Op::le:
      case Op::gt:
      case Op::ge: {
        Value x = arg(0);
        Value y = arg(1);
        int c = compare(x, y, n.cmp);
        switch (n.op) {
          case Op::eq:
            return Value::of_bits(c == 0);
          case Op::ne:
            return Value::of_bits(c != 0);
          case Op::lt:
            return Value::of_bits(c < 0);
          case Op::le:
            return Value::of_bits(c <= 0);
          case Op::gt:
            return Value::of_bits(c > 0);
          default:
            return Value::of_bits(c >= 0);
        }
      }
      case Op::and_:
        return Value::of_bits(arg(0).bits && arg(1).bits);
      case Op::or_:
        return Value::of_bits(arg(0).bits || arg(1).bits);
      case Op::not_:
        return Value::of_bits(!arg(0).bits);
      case Op::piecewise: {
        uint32_t k = 0;
        for (; k + 1 < n.count; k += 2)
          if (arg(k).bits) return arg(k + 1);
        return arg(k);
      }
      case Op::match: {
        Value s = arg(0);
        uint32_t position = program_.match_tables[n.a][static_cast<size_t>(s.bits)];
        return arg(position);
      }
      case Op::round:
        return Value::of_num(
            arg(0).num.round(program_.constants[n.a].num, static_cast<RoundingMode>(n.b)));
      case Op::min:
      case Op::max: {
        bool is_num = is_number_kind(n.kind);
        Value best = arg(0);
        for (uint32_t k = 1; k < n.count; ++k) {
          Value v = arg(k);
          bool less = is_num ? v.num < best.num : v.bits < best.bits;
          bool greater = is_num ? v.num > best.num : v.bits > best.bits;
          if (n.op == Op::min ? less : greater) best = std::move(v);
        }
        return best;
      }
      case Op::clamp: {
        Value x = arg(0), lo = arg(1), hi = arg(2);
        if (is_number_kind(n.kind)) {
          if (lo.num > hi.num)
            fail(n, "clamp: the lower bound " + lo.num.to_string() + " is above the upper bound " +
                        hi.num.to_string());
          return x.num < lo.num ? lo : x.num > hi.num ? hi : x;
        }
        return x.bits < lo.bits ? lo : x.bits > hi.bits ? hi : x;
      }
      case Op::abs:
        return Value::of_num(arg(0).num.abs());
      case Op::min_list:
      case Op::max_list: {
        Value l = arg(0);
        if (l.list->items.empty())
          fail(n, std::string(n.op == Op::min_list ? "min" : "max") + " of an empty list");
        const Value* best = &l.list->items[0];
        for (const Value& v : l.list->items)
          if (n.op == Op::min_list ? v.num < best->num : v.num > best->num) best = &v;
        return *best;
      }
      case Op::sum_list: {
        Decimal total;
        for (const Value& v : arg(0).list->items) total = total + v.num;
        return Value::of_num(std::move(total));
      }
      case Op::count_list:
        return Value::of_num(Decimal::from_int(static_cast<int64_t>(arg(0).list->items.size())));
      case Op::all_list:
      case Op::any_list: {
        bool want = n.op == Op::any_list;
        for (const Value& v : arg(0).list->items)
          if (static_cast<bool>(v.bits) == want) return Value::of_bits(want);
        return Value::of_bits(!want);
      }
      case Op::year:
        return Value::of_num(Decimal::from_int(Date{static_cast<int32_t>(arg(0).bits)}.year()));
      case Op::month:
        return Value::of_num(Decimal::from_int(Date{static_cast<int32_t>(arg(0).bits)}.month()));
      case Op::day:
        return Value::of_num(Decimal::from_int(Date{static_cast<int32_t>(arg(0).bits)}.day()));
      case Op::months_between:
        return Value::of_num(Decimal::from_int(months_between(
            Date{static_cast<int32_t>(arg(0).bits)}, Date{static_cast<int32_t>(arg(1).bits)})));
      case Op::age:
        return Value::of_num(Decimal::from_int(age_at(Date{static_cast<int32_t>(arg(0).bits)},
                                                      Date{static_cast<int32_t>(arg(1).bits)})));
      case Op::add_months: {
        Value d = arg(0), m = arg(1);
        int64_t months = m.num.to_int64();
        if (months < -120000 || months > 120000)
          fail(n, "add_months: " + m.num.to_string() + " months is out of range");
        return Value::of_bits(
            add_months(Date{static_cast<int32_t>(d.bits)}, static_cast<int>(months)).days);
      }
      case Op::make_date: {
        int64_t y = arg(0).num.to_int64();
        int64_t m = arg(1).num.to_int64();
        int64_t d = arg(2).num.to_int64();
        char buf[32];
        std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lld", static_cast<long long>(y),
                      static_cast<long long>(m), static_cast<long long>(d));
        auto date = (y >= 1 && y <= 9999) ? Date::parse(buf) : std::nullopt;
        if (!date)
          fail(n, "date(" + std::to_string(y) + ", " + std::to_string(m) + ", " +
                      std::to_string(d) + ") is not a calendar date");
        return Value::of_bits(date->days);
      }
      case Op::param_key:
      case Op::param_date:
        return lookup_param(n, arg(0));
      case Op::table:
      case Op::table_collect:
        return lookup_table(n);
      case Op::comp_sum:
      case Op::comp_count:
      case Op::comp_min:
      case Op::comp_max:
      case Op::comp_all:
      case Op::comp_any: {
        Value l = arg(0);
        uint32_t filter = program_.child(n, 1), body = program_.child(n, 2);
        Decimal total;
        int64_t count = 0;
        Value best;
        bool have = false;
        for (const Value& item : l.list->items) {
          loop_vars_[n.a] = item;
          if (filter != kNone && !eval(filter).bits) continue;
          ++count;
          if (n.op == Op::comp_count) continue;
          Value v = eval(body);
          switch (n.op) {
            case Op::comp_sum:
              total = total + v.num;
              break;
            case Op::comp_all:
              if (!v.bits) return Value::of_bits(0);
              break;
            case Op::comp_any:
              if (v.bits) return Value::of_bits(1);
              break;
            default:
              if (!have || (n.op == Op::comp_min
                                ? (is_number_kind(n.kind) ? v.num < best.num : v.bits < best.bits)
                                : (is_number_kind(n.kind) ? v.num > best.num : v.bits > best.bits)))
                best = std::move(v), have = true;
          }
        }
        switch (n.op) {
          case Op::comp_sum:
            return Value::of_num(std::move(total));
          case Op::comp_count:
            return Value::of_num(Decimal::from_int(count));
          case Op::comp_all:
            return Value::of_bits(1);
          case Op::comp_any:
            return Value::of_bits(0);
          default:
            if (!have)
              fail(n, std::string(n.op == Op::comp_min ? "min" : "max") + " over no items");
            return best;
        }
      }
      case Op::given:
        return Value::of_bits(given_[n.a]);
      case Op::list: {
        ListValue* l = new_list();
        for (uint32_t k = 0; k < n.count; ++k) l->items.push_back(arg(k));
        Value v;
        v.list = l;
        return v;
      }
    }
  } catch (const DecimalError& e) {
    fail(n, e.what());
  }
  fail(n, "internal error: unknown operation");
}

}  // namespace decree
