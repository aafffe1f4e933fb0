// The evaluator: a switch over planned nodes. No parsing, no name lookup and
// no per-node heap allocation on the common path; lists and records come from
// pools kept across cases.
#include "eval/evaluator.h"

#include <algorithm>

#include "base/codes_runtime.h"
#include "base/stack.h"
#include "base/strings.h"
#include "eval/format.h"

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

// The keys a lookup asked for, as the parameter names them: `2024-03-01`,
// year 2024 (2024 年), key 3, or `grade 3, region 长春市` for several keys.
MessageArg keys_arg(const Parameter& p, const std::vector<std::string>& texts) {
  if (!p.named_index && p.index.size() == 1 && !texts.empty()) {
    switch (p.index[0].type) {
      case ParamIndex::date:
        return {"keys", texts[0]};
      case ParamIndex::year:
        return {"keys", Message{msg::run_keys_year, {{"key", texts[0]}}}};
      default:
        return {"keys", Message{msg::run_keys_key, {{"key", texts[0]}}}};
    }
  }
  return {"keys", p.describe_keys(texts)};
}

// The decimal library's words for an overflow (decimal/decimal.cpp), in 中文 too.
MessageArg overflow_detail(const std::string& what) {
  const std::string_view fits = " does not fit 64 bits";
  if (what.size() > fits.size() && what.compare(what.size() - fits.size(), fits.size(), fits) == 0)
    return {"detail", what, what.substr(0, what.size() - fits.size()) + " 超出了 64 位整数的范围"};
  return {"detail", what, "数值超过 10^60，或小数超过 120 位"};
}

// An exact-decimal error (overflow, an inexact result) in the rules' arithmetic.
Message decimal_failure(const DecimalError& e) {
  switch (e.kind()) {
    case DecimalError::Kind::overflow:
      return {msg::run_overflow, {overflow_detail(e.what())}};
    case DecimalError::Kind::division_by_zero:
      return {msg::run_division_by_zero, {}};
    case DecimalError::Kind::inexact:
      return {msg::run_inexact, {{"detail", e.what()}}};
    default:
      return {msg::run_decimal, {{"detail", e.what()}}};
  }
}

// No value at these keys; for an unsourced entry, why the figure could not be found.
Message no_value(const ParamInfo& info, const ParamValue* pv,
                 const std::vector<std::string>& keys) {
  if (pv && !pv->unsourced.empty())
    return {msg::run_param_unsourced,
            {{"param", info.name}, keys_arg(*info.param, keys), {"why", pv->unsourced}}};
  return {msg::run_param_no_value, {{"param", info.name}, keys_arg(*info.param, keys)}};
}

// The bucket of a first key's value: its ordinal, or for a text no pattern
// names (-1) the last bucket, of the `_` rows.
size_t bucket_of(const TablePlan& tp, const Value& key) {
  return key.bits < 0 ? tp.buckets.size() - 1 : static_cast<size_t>(key.bits);
}

bool is_number_kind(K k) {
  return k == K::integer || k == K::decimal || k == K::rate || k == K::money;
}

// The rows a scan looks at: all but the `otherwise` row.
size_t rows_to_scan(const TablePlan& tp) {
  return tp.otherwise_row >= 0 ? static_cast<size_t>(tp.otherwise_row) : tp.row_count;
}

// "grade = 5, region = \"长春市\""
std::string keys_text(const TablePlan& tp, const TableInfo& info, const CheckedProgram& c,
                      const Value* keys, uint32_t nkeys) {
  std::string shown;
  for (uint32_t k = 0; k < nkeys; ++k) {
    if (k) shown += ", ";
    shown += info.decl->keys[k].name + " = ";
    if (is_number_kind(tp.key_kinds[k]))
      shown += keys[k].num.to_string();
    else if (tp.key_kinds[k] == K::enumeration)
      shown += c.enums[info.keys[k].ref].values[keys[k].bits];
    else if (tp.key_kinds[k] == K::date)
      shown += Date{static_cast<int32_t>(keys[k].bits)}.to_string();
    else if (tp.key_kinds[k] == K::text)
      shown += quoted(*keys[k].text);
    else
      shown += keys[k].bits ? "true" : "false";
  }
  return shown;
}

// "no row of table `t` matches grade = 5, region = \"长春市\""
Message no_row_message(const TablePlan& tp, const TableInfo& info, const CheckedProgram& c,
                       const Value* keys, uint32_t nkeys) {
  return {msg::run_table_no_row,
          {{"table", info.name}, {"keys", keys_text(tp, info, c, keys, nkeys)}}};
}

}  // namespace

EvalState::EvalState(const Program& program)
    : program_(program),
      inputs_(program.checked->inputs.size()),
      present_(program.checked->inputs.size(), 0),
      texts_(program.checked->inputs.size()),
      rule_values_(program.rules.size()),
      rule_state_(program.rules.size(), 0),
      rule_failure_(program.rules.size(), kNone),
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

Value EvalState::fail(const Node& n, Message message, uint32_t param, const ParamValue* entry) {
  failing_ = static_cast<uint32_t>(failures_.size());
  failures_.push_back(EvalFailure{n.span, message_text(message, Lang::en),
                                  rule_stack_.empty() ? kNone : rule_stack_.back(), message.code,
                                  std::move(message.args), param, entry});
  return Value{};
}

const EvalFailure* EvalState::evaluate_outputs(const std::optional<Date>& as_of, Trace* trace,
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
  failures_.clear();
  weak_.clear();
  failing_ = kNone;
  depth_ = 0;
  stack_limit_ = stack_limit();
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
    eval_rule(out, program_.nodes[program_.rules[out].root]);
    if (!failed()) continue;
    if (!failures) return &failures_[failing_];
    // Remember, and go on with the next output.
    (*failures)[i] = failures_[failing_];
    failing_ = kNone;
  }
  return nullptr;
}

const Value& EvalState::eval_rule(uint32_t rule, const Node& at) {
  static const Value kNoValue;
  if (rule_state_[rule] == 2) return rule_values_[rule];
  if (rule_state_[rule] == 3) {
    failing_ = rule_failure_[rule];
    return kNoValue;
  }
  if (rule_state_[rule] == 1) {
    fail(at, {msg::run_rule_cycle, {{"rule", program_.rules[rule].info->name}}});
    return kNoValue;
  }
  rule_state_[rule] = 1;
  rule_stack_.push_back(rule);
  if (trace_) trace_->open.push_back(TraceStep{rule, {}, {}, {}, {}});
  Value v = eval(program_.rules[rule].root);
  rule_stack_.pop_back();
  if (failed()) {
    // Every rule being evaluated fails with it; a later read fails the same way.
    rule_state_[rule] = 3;
    rule_failure_[rule] = failing_;
    if (trace_) trace_->open.pop_back();
    return kNoValue;
  }
  rule_values_[rule] = std::move(v);
  if (trace_) {
    trace_->steps.push_back(std::move(trace_->open.back()));
    trace_->open.pop_back();
  }
  rule_state_[rule] = 2;
  return rule_values_[rule];
}

Value EvalState::lookup_param(const Node& n) {
  if (n.op == Op::param_keys) return lookup_params(n);
  Value key = eval(program_.child(n, 0));
  if (failed()) return {};
  const ParamInfo& info = program_.checked->params[n.a];
  const Parameter& p = *info.param;
  const ParamValue* pv = nullptr;
  int64_t k = 0;
  if (n.op == Op::param_date) {
    k = key.bits;
    pv = p.at_date(Date{static_cast<int32_t>(k)});
    if (!pv || !pv->value)
      return fail(n, no_value(info, pv, {Date{static_cast<int32_t>(k)}.to_string()}), n.a, pv);
  } else {
    if (!key.num.is_integer())
      return fail(
          n, {msg::run_param_integer_key, {{"param", info.name}, {"value", key.num.to_string()}}});
    k = key.num.to_int64();
    pv = p.at_key(k);
    if (!pv || !pv->value) return fail(n, no_value(info, pv, {std::to_string(k)}), n.a, pv);
  }
  if (trace_ || is_weak(p.reliability_for(*pv))) [[unlikely]]
    found_param(n.a, {k, kNoKey, kNoKey, kNoKey}, pv);
  return Value::of_num(*pv->value);
}

void EvalState::found_param(uint32_t param, const std::array<int64_t, kMaxParamKeys>& keys,
                            const ParamValue* v) {
  if (trace_ && !trace_->open.empty()) trace_->open.back().params.push_back({param, keys, v});
  if (is_weak(program_.checked->params[param].param->reliability_for(*v)))
    weak_.push_back({param, keys, v});
}

Value EvalState::lookup_params(const Node& n) {
  const CheckedProgram& c = *program_.checked;
  const ParamInfo& info = c.params[n.a];
  const ParamLookup& lookup = c.param_lookups[n.b];
  const Parameter& p = *info.param;
  std::array<int64_t, kMaxParamKeys> keys = {kNoKey, kNoKey, kNoKey, kNoKey};
  std::array<Value, kMaxParamKeys> given;
  for (uint32_t i = 0; i < n.count; ++i) {
    given[i] = eval(program_.child(n, i));
    if (failed()) return Value{};
    switch (p.index[i].type) {
      case ParamIndex::date:
        keys[i] = given[i].bits;
        break;
      case ParamIndex::enumeration:
        keys[i] = lookup.key_of_value[i][static_cast<size_t>(given[i].bits)];  // -1: none
        break;
      default:
        if (!given[i].num.is_integer())
          return fail(n, {msg::run_param_integer_key_named,
                          {{"param", info.name},
                           {"key", p.index[i].name},
                           {"value", given[i].num.to_string()}}});
        keys[i] = given[i].num.to_int64();
    }
  }
  const ParamValue* pv = p.find(std::span<const int64_t>(keys.data(), n.count));
  if (!pv || !pv->value) {
    // Every key, as the case gave it.
    std::vector<std::string> texts;
    for (uint32_t i = 0; i < n.count; ++i) {
      const Value& v = given[i];
      switch (p.index[i].type) {
        case ParamIndex::date:
          texts.push_back(Date{static_cast<int32_t>(v.bits)}.to_string());
          break;
        case ParamIndex::enumeration:
          texts.push_back(
              c.enums[static_cast<size_t>(lookup.enums[i])].values[static_cast<size_t>(v.bits)]);
          break;
        default:
          texts.push_back(v.num.to_string());
      }
    }
    return fail(n, no_value(info, pv, texts), n.a, pv);
  }
  if (trace_ || is_weak(p.reliability_for(*pv))) found_param(n.a, keys, pv);
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
  for (uint32_t k = 0; k < nkeys; ++k) {
    keys[k] = eval(program_.child(n, k));
    if (failed()) return {};
  }
  // Cells may read the keys by name.
  for (uint32_t k = 0; k < nkeys && k < tp.key_slots.size(); ++k)
    loop_vars_[tp.key_slots[k]] = keys[k];
  // A text key matches by its point (Program::table_text_ids); the text
  // itself stays for messages. A text no pattern names is -1: only `_`.
  for (uint32_t k = 0; k < nkeys; ++k)
    if (tp.key_kinds[k] == K::text) [[unlikely]] {
      auto it = program_.table_text_ids.find(*keys[k].text);
      keys[k].bits = it == program_.table_text_ids.end() ? -1 : it->second;
    }
  if (n.op == Op::table_collect) return lookup_list(n, tp, keys);
  int32_t row = -1;
  if ((tp.any && tp.sorted_rows.empty()) || tp.priority || tp.verify_unique)
    return lookup_any(n, tp, info, keys);
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
    auto starts_after = [](const Decimal& k, const KeyInterval& iv) {
      return iv.lo && (iv.lo_inclusive ? k < *iv.lo : k <= *iv.lo);
    };
    const auto& ivs = tp.sorted_intervals;
    auto it = std::upper_bound(ivs.begin(), ivs.end(), key, starts_after);
    if (it != ivs.begin() && (it - 1)->contains(key))
      row = static_cast<int32_t>(tp.sorted_rows[it - 1 - ivs.begin()]);
  } else {
    // The first matching row; a bound that reads a name may fail.
    auto found = [&](size_t r) {
      if (row_matches(tp, r, keys, nkeys)) row = static_cast<int32_t>(r);
      return row >= 0 || failed();
    };
    if (!tp.buckets.empty()) {
      // Only the rows that can match the first key's value.
      for (uint32_t r : tp.buckets[bucket_of(tp, keys[0])])
        if (found(r)) break;
    } else {
      const size_t scan = rows_to_scan(tp);
      for (size_t r = 0; r < scan && !found(r); ++r) {
      }
    }
    if (failed()) return {};
  }
  if (row < 0) row = tp.otherwise_row;  // the default output, if the table has one
  if (row < 0) return fail(n, no_row_message(tp, info, *program_.checked, keys, nkeys));
  record_row(n, row, keys);
  return eval(tp.values[row][n.b]);
}

// hit any: the first matching row's value, after checking that every other
// matching row gives the same (else an error naming both rows). hit
// priority: the matching row whose first result comes first in its enum's
// declared order (of rows with the same, the first). A unique table whose
// rows the checker could not prove apart: the only matching row's value,
// else an error naming two that match.
Value EvalState::lookup_any(const Node& n, const TablePlan& tp, const TableInfo& info,
                            const Value* keys) {
  const uint32_t nkeys = n.count;
  const size_t scan = rows_to_scan(tp);
  const Type& type = info.results[n.b];
  const Compare how = is_number_kind(type.kind) ? Compare::number
                      : type.kind == K::text    ? Compare::text
                                                : Compare::bits;
  int32_t row = -1;
  Value first;
  // Each matching row in turn; false once the lookup has failed.
  auto visit = [&](uint32_t r) {
    if (r >= scan || !row_matches(tp, r, keys, nkeys)) return !failed();
    if (tp.verify_unique) {
      if (row >= 0) {
        fail(n, {msg::run_table_unique_both,
                 {{"a", std::to_string(row + 1)},
                  {"b", std::to_string(r + 1)},
                  {"table", info.name},
                  {"keys", keys_text(tp, info, *program_.checked, keys, nkeys)}}});
        return false;
      }
      row = static_cast<int32_t>(r);
      return true;
    }
    Value v = eval(tp.values[r][tp.priority ? 0 : n.b]);
    if (failed()) return false;
    if (row < 0 || (tp.priority && v.bits < first.bits)) {
      row = static_cast<int32_t>(r);
      first = std::move(v);
    } else if (tp.any && compare(first, v, how) != 0) {
      fail(n, {msg::run_table_any_differ,
               {{"a", std::to_string(row + 1)},
                {"b", std::to_string(r + 1)},
                {"table", info.name},
                {"x", value_text(first, type, *program_.checked)},
                {"y", value_text(v, type, *program_.checked)}}});
      return false;
    }
    return true;
  };
  // The rows of the first key's bucket, or all of them.
  if (!tp.buckets.empty()) {
    for (uint32_t r : tp.buckets[bucket_of(tp, keys[0])])
      if (!visit(r)) return {};
  } else {
    for (uint32_t r = 0; r < scan; ++r)
      if (!visit(r)) return {};
  }
  if (row < 0) row = tp.otherwise_row;
  if (row < 0) return fail(n, no_row_message(tp, info, *program_.checked, keys, nkeys));
  record_row(n, row, keys);
  if (row == tp.otherwise_row || tp.verify_unique || (tp.priority && n.b != 0))
    return eval(tp.values[row][n.b]);
  return first;
}

// collect, rule order, output order: every matching row's value, in row
// order (output order: then by the first result's enum order, rows of equal
// value in row order); for several columns (kAllColumns) each row as a
// record of its columns.
Value EvalState::lookup_list(const Node& n, const TablePlan& tp, const Value* keys) {
  const uint32_t nkeys = n.count;
  ListValue* out = new_list();
  std::vector<Value> order;  // output order of several columns: each item's first column
  const size_t scan = rows_to_scan(tp);
  for (size_t r = 0; r < scan; ++r) {
    if (!row_matches(tp, r, keys, nkeys)) {
      if (failed()) return {};
      continue;
    }
    record_row(n, static_cast<int32_t>(r), keys);
    Value item;
    if (n.b == kAllColumns) {
      RecordValue* rec = new_record();
      rec->fields.clear();
      for (uint32_t column : tp.values[r]) {
        rec->fields.push_back(eval(column));
        if (failed()) return {};
      }
      item.record = rec;
    } else {
      item = eval(tp.values[r][n.b]);
      if (failed()) return {};
    }
    out->items.push_back(std::move(item));
  }
  if (tp.output_order) {
    auto rank = [&](const Value& v) {
      return n.b == kAllColumns ? v.record->fields[0].bits : v.bits;
    };
    std::stable_sort(out->items.begin(), out->items.end(),
                     [&](const Value& a, const Value& b) { return rank(a) < rank(b); });
  }
  Value v;
  v.list = out;
  return v;
}

void EvalState::record_row(const Node& n, int32_t row, const Value* keys) {
  if (trace_ && !trace_->open.empty())
    trace_->open.back().rows.push_back({n.a, row, std::vector<Value>(keys, keys + n.count)});
}

bool EvalState::row_matches(const TablePlan& tp, size_t r, const Value* keys, uint32_t nkeys) {
  const TableCell* cells = tp.row_cells(r);
  for (uint32_t k = 0; k < nkeys; ++k) {
    const TableCell& c = cells[k];
    if (c.any) continue;
    bool in = false;
    if (c.constant) [[likely]] {
      const Decimal x = key_as_decimal(keys[k], tp.key_kinds[k]);
      for (uint32_t i = c.first, end = c.first + c.count; i < end && !in; ++i)
        in = tp.intervals[i].contains(x);
    } else {
      in = cell_reads_hold(tp, c, keys[k], tp.key_kinds[k]);
      if (failed()) return false;
    }
    if (in == c.negated) return false;
  }
  return true;
}

// A cell with a bound that reads a name: each alternative's bounds are
// evaluated now (in the lookup's context: the cells may read the keys). A
// text key compares with the text read; other keys by their points.
bool EvalState::cell_reads_hold(const TablePlan& tp, const TableCell& cell, const Value& key,
                                K kind) {
  const Decimal x = key_as_decimal(key, kind);
  for (uint32_t i = cell.first, end = cell.first + cell.count; i < end; ++i) {
    const KeyInterval& iv = tp.intervals[i];
    const auto [lo_node, hi_node] = tp.bound_nodes[i];
    if (lo_node < 0 && hi_node < 0) {
      if (iv.contains(x)) return true;
      continue;
    }
    if (kind == K::text) {  // a value pattern: lo and hi are one node
      Value v = eval(static_cast<uint32_t>(lo_node));
      if (failed()) return false;
      if (v.text && key.text && *v.text == *key.text) return true;
      continue;
    }
    KeyInterval now = iv;
    if (lo_node >= 0) {
      Value v = eval(static_cast<uint32_t>(lo_node));
      if (failed()) return false;
      now.lo = key_as_decimal(v, kind);
    }
    if (hi_node == lo_node) {
      now.hi = now.lo;
    } else if (hi_node >= 0) {
      Value v = eval(static_cast<uint32_t>(hi_node));
      if (failed()) return false;
      now.hi = key_as_decimal(v, kind);
    }
    if (now.contains(x)) return true;
  }
  return false;
}

// The rest of a deep evaluation continues on a fresh stack, with its own
// limit; this thread waits.
Value EvalState::eval_on_fresh_stack(uint32_t index) {
  const char* saved = stack_limit_;
  Value result;
  run_on_fresh_stack([&] {
    stack_limit_ = stack_limit();
    result = eval(index);
  });
  stack_limit_ = saved;
  return result;
}

Value EvalState::eval(uint32_t index) {
  const Node& n = program_.nodes[index];
  if (stack_low(stack_limit_)) return eval_on_fresh_stack(index);
  if (depth_ >= kMaxEvalDepth)
    return fail(n, {msg::run_too_deep, {{"limit", std::to_string(kMaxEvalDepth)}}});
  struct Nested {  // one level deeper until this frame returns
    unsigned& depth;
    explicit Nested(unsigned& d) : depth(d) { ++depth; }
    ~Nested() { --depth; }
  } nested{depth_};
  try {
    return eval_node(n);  // straight into the caller's value: no temporary
  } catch (const DecimalError& e) {
    return fail(n, decimal_failure(e));
  }
}

// Evaluates child k into `var`, or returns at once if it failed: the first
// failure, leftmost first, is the case's.
#define DECREE_CHILD(var, k)                \
  Value var = eval(program_.child(n, (k))); \
  if (failed()) return {                    \
    }

Value EvalState::eval_node(const Node& n) {
  switch (n.op) {
    case Op::constant:
      return program_.constants[n.a];
    case Op::input:
      if (!present_[n.a])
        return fail(n, {msg::run_input_missing, {{"input", program_.checked->inputs[n.a].name}}});
      if (trace_ && !trace_->open.empty())
        trace_->open.back().reads.push_back({TraceRead::Kind::input, n.a});
      return inputs_[n.a];
    case Op::rule: {
      const Value& v = eval_rule(n.a, n);
      if (failed()) return {};
      if (trace_ && !trace_->open.empty())
        trace_->open.back().reads.push_back({TraceRead::Kind::rule, n.a});
      return v;
    }
    case Op::loop_var:
      return loop_vars_[n.a];
    case Op::as_of:
      if (!as_of_) return fail(n, {msg::run_as_of_missing, {}});
      return Value::of_bits(as_of_->days);
    case Op::field: {
      DECREE_CHILD(record, 0);
      return record.record->fields[n.a];
    }
    case Op::add: {
      DECREE_CHILD(x, 0);
      DECREE_CHILD(y, 1);
      return Value::of_num(x.num + y.num);
    }
    case Op::sub: {
      DECREE_CHILD(x, 0);
      DECREE_CHILD(y, 1);
      return Value::of_num(x.num - y.num);
    }
    case Op::mul: {
      DECREE_CHILD(x, 0);
      DECREE_CHILD(y, 1);
      return Value::of_num(x.num * y.num);
    }
    case Op::div: {
      DECREE_CHILD(x, 0);
      DECREE_CHILD(y, 1);
      if (y.num.sign() == 0) return fail(n, {msg::run_division_by_zero, {}});
      return Value::of_num(x.num / y.num);
    }
    case Op::neg: {
      DECREE_CHILD(x, 0);
      return Value::of_num(-x.num);
    }
    case Op::eq:
    case Op::ne:
    case Op::lt:
    case Op::le:
    case Op::gt:
    case Op::ge: {
      DECREE_CHILD(x, 0);
      DECREE_CHILD(y, 1);
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
    case Op::or_: {
      // Short-circuit: the right side is read only when it decides.
      DECREE_CHILD(x, 0);
      if (static_cast<bool>(x.bits) == (n.op == Op::or_)) return Value::of_bits(x.bits != 0);
      DECREE_CHILD(y, 1);
      return Value::of_bits(y.bits != 0);
    }
    case Op::not_: {
      DECREE_CHILD(x, 0);
      return Value::of_bits(!x.bits);
    }
    case Op::piecewise: {
      uint32_t k = 0;
      for (; k + 1 < n.count; k += 2) {
        DECREE_CHILD(cond, k);
        if (cond.bits) return eval(program_.child(n, k + 1));
      }
      return eval(program_.child(n, k));
    }
    case Op::match: {
      DECREE_CHILD(subject, 0);
      uint32_t position = program_.match_tables[n.a][static_cast<size_t>(subject.bits)];
      return eval(program_.child(n, position));
    }
    case Op::round: {
      DECREE_CHILD(x, 0);
      return Value::of_num(
          x.num.round(program_.constants[n.a].num, static_cast<RoundingMode>(n.b)));
    }
    case Op::min:
    case Op::max: {
      bool is_num = is_number_kind(n.kind);
      DECREE_CHILD(best, 0);
      for (uint32_t k = 1; k < n.count; ++k) {
        DECREE_CHILD(v, k);
        bool less = is_num ? v.num < best.num : v.bits < best.bits;
        bool greater = is_num ? v.num > best.num : v.bits > best.bits;
        if (n.op == Op::min ? less : greater) best = std::move(v);
      }
      return best;
    }
    case Op::clamp: {
      DECREE_CHILD(x, 0);
      DECREE_CHILD(lo, 1);
      DECREE_CHILD(hi, 2);
      if (is_number_kind(n.kind)) {
        if (lo.num > hi.num)
          return fail(
              n, {msg::run_clamp_bounds, {{"lo", lo.num.to_string()}, {"hi", hi.num.to_string()}}});
        return x.num < lo.num ? lo : x.num > hi.num ? hi : x;
      }
      return x.bits < lo.bits ? lo : x.bits > hi.bits ? hi : x;
    }
    case Op::abs: {
      DECREE_CHILD(x, 0);
      return Value::of_num(x.num.abs());
    }
    case Op::min_list:
    case Op::max_list: {
      DECREE_CHILD(l, 0);
      if (l.list->items.empty())
        return fail(n,
                    {n.op == Op::min_list ? msg::run_min_empty_list : msg::run_max_empty_list, {}});
      const Value* best = &l.list->items[0];
      for (const Value& v : l.list->items)
        if (n.op == Op::min_list ? v.num < best->num : v.num > best->num) best = &v;
      return *best;
    }
    case Op::sum_list: {
      DECREE_CHILD(l, 0);
      Decimal total;
      for (const Value& v : l.list->items) total = total + v.num;
      return Value::of_num(std::move(total));
    }
    case Op::count_list: {
      DECREE_CHILD(l, 0);
      return Value::of_num(Decimal::from_int(static_cast<int64_t>(l.list->items.size())));
    }
    case Op::all_list:
    case Op::any_list: {
      DECREE_CHILD(l, 0);
      bool want = n.op == Op::any_list;
      for (const Value& v : l.list->items)
        if (static_cast<bool>(v.bits) == want) return Value::of_bits(want);
      return Value::of_bits(!want);
    }
    case Op::year:
    case Op::month:
    case Op::day: {
      DECREE_CHILD(d, 0);
      Date date{static_cast<int32_t>(d.bits)};
      int part = n.op == Op::year ? date.year() : n.op == Op::month ? date.month() : date.day();
      return Value::of_num(Decimal::from_int(part));
    }
    case Op::months_between:
    case Op::age: {
      DECREE_CHILD(from, 0);
      DECREE_CHILD(to, 1);
      Date a{static_cast<int32_t>(from.bits)}, b{static_cast<int32_t>(to.bits)};
      return Value::of_num(
          Decimal::from_int(n.op == Op::age ? age_at(a, b) : months_between(a, b)));
    }
    case Op::add_months: {
      DECREE_CHILD(d, 0);
      DECREE_CHILD(m, 1);
      int64_t months = m.num.to_int64();
      if (months < -120000 || months > 120000)
        return fail(n, {msg::run_add_months_range, {{"months", m.num.to_string()}}});
      return Value::of_bits(
          add_months(Date{static_cast<int32_t>(d.bits)}, static_cast<int>(months)).days);
    }
    case Op::make_date: {
      DECREE_CHILD(year, 0);
      DECREE_CHILD(month, 1);
      DECREE_CHILD(day, 2);
      int64_t y = year.num.to_int64();
      int64_t m = month.num.to_int64();
      int64_t d = day.num.to_int64();
      char buf[32];
      std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lld", static_cast<long long>(y),
                    static_cast<long long>(m), static_cast<long long>(d));
      auto date = (y >= 1 && y <= 9999) ? Date::parse(buf) : std::nullopt;
      if (!date)
        return fail(
            n, {msg::run_not_a_date,
                {{"y", std::to_string(y)}, {"m", std::to_string(m)}, {"d", std::to_string(d)}}});
      return Value::of_bits(date->days);
    }
    case Op::param_key:
    case Op::param_date:
    case Op::param_keys:
      return lookup_param(n);
    case Op::table:
    case Op::table_collect:
    case Op::range:
    case Op::fold:
    case Op::filter:
    case Op::map:
      // Out of line, through one call: a new target in this switch would
      // cost every node a spilled register (measured with callgrind).
      return eval_out_of_line(n);
    case Op::comp_sum:
    case Op::comp_count:
    case Op::comp_min:
    case Op::comp_max:
    case Op::comp_all:
    case Op::comp_any: {
      DECREE_CHILD(l, 0);
      uint32_t filter = program_.child(n, 1), body = program_.child(n, 2);
      Decimal total;
      int64_t count = 0;
      Value best;
      bool have = false;
      for (const Value& item : l.list->items) {
        loop_vars_[n.a] = item;
        if (filter != kNone) {
          Value keep = eval(filter);
          if (failed()) return {};
          if (!keep.bits) continue;
        }
        ++count;
        if (n.op == Op::comp_count) continue;
        Value v = eval(body);
        if (failed()) return {};
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
            return fail(n,
                        {n.op == Op::comp_min ? msg::run_min_no_items : msg::run_max_no_items, {}});
          return best;
      }
    }
    case Op::given:
      return Value::of_bits(given_[n.a]);
    case Op::list: {
      ListValue* l = new_list();
      for (uint32_t k = 0; k < n.count; ++k) {
        DECREE_CHILD(item, k);
        l->items.push_back(std::move(item));
      }
      Value v;
      v.list = l;
      return v;
    }
  }
  throw InternalError("the evaluator met a planned node it does not know (operation " +
                      std::to_string(static_cast<unsigned>(n.op)) + ")" +
                      (n.span ? " at " + n.span->location() : std::string()));
}

#undef DECREE_CHILD

Value EvalState::eval_out_of_line(const Node& n) {
  // Table lookups are the common case here: one well-predicted test.
  if (n.op == Op::table || n.op == Op::table_collect) [[likely]]
    return lookup_table(n);
  switch (n.op) {
    case Op::range:
      return make_range(n);
    case Op::fold:
      return eval_fold(n);
    case Op::filter:
    case Op::map:
      return eval_list_form(n);
    default:
      break;
  }
  throw InternalError("eval_out_of_line: not a table or list operation");
}

}  // namespace decree
