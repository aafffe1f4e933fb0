// Ranges (`a..b`), accumulations (`fold`) and lists made from a list
// (`[x in xs where c]`, `[e for x in xs]`). A range read by a fold or a list
// form is never made: its integers are produced one at a time. Like every
// node, these return a rule error as a value and check failed() after each
// child they evaluate.
#include "base/codes_runtime.h"
#include "eval/evaluator.h"
#include "syntax/builtins.h"

namespace decree {

bool EvalState::range_bounds(const Node& n, int64_t& lo, int64_t& hi) {
  Value a = eval(program_.child(n, 0));
  if (failed()) return false;
  Value b = eval(program_.child(n, 1));
  if (failed()) return false;
  lo = 0, hi = -1;
  if (b.num < a.num) return true;  // empty
  Decimal length = b.num - a.num + Decimal::from_int(1);
  if (length > Decimal::from_int(kMaxRangeLength)) {
    fail(n, {msg::run_range_too_long,
             {{"a", a.num.to_string()},
              {"b", b.num.to_string()},
              {"n", length.to_string()},
              {"limit", std::to_string(kMaxRangeLength)}}});
    return false;
  }
  const Decimal limit = Decimal::from_int(int64_t{1} << 53);
  if (!a.num.is_integer() || !b.num.is_integer() || a.num.abs() > limit || b.num.abs() > limit) {
    fail(n, {msg::run_range_bounds, {{"a", a.num.to_string()}, {"b", b.num.to_string()}}});
    return false;
  }
  lo = a.num.to_int64();
  hi = b.num.to_int64();
  return true;
}

Value EvalState::make_range(const Node& n) {
  int64_t lo, hi;
  if (!range_bounds(n, lo, hi)) return {};
  ListValue* l = new_list();
  l->items.reserve(static_cast<size_t>(hi - lo + 1));
  for (int64_t i = lo; i <= hi; ++i) l->items.push_back(Value::of_num(Decimal::from_int(i)));
  Value v;
  v.list = l;
  return v;
}

template <class Each>
void EvalState::for_each_item(uint32_t list, Each&& each) {
  const Node& ln = program_.nodes[list];
  if (ln.op == Op::range) {
    int64_t lo, hi;
    if (!range_bounds(ln, lo, hi)) return;
    for (int64_t i = lo; i <= hi; ++i)
      if (!each(Value::of_num(Decimal::from_int(i)))) return;
    return;
  }
  Value l = eval(list);
  if (failed()) return;
  for (const Value& item : l.list->items)
    if (!each(item)) return;
}

Value EvalState::eval_fold(const Node& n) {
  // children: list, where or kNone, body, initial; a: the item's slot, a + 1 the accumulator's
  Value acc = eval(program_.child(n, 3));
  if (failed()) return {};
  const uint32_t filter = program_.child(n, 1), body = program_.child(n, 2);
  // The explanation's record of the steps, found again by index each time:
  // the body may open a rule's step or start a nested fold, which moves them.
  const bool traced = trace_ && !trace_->open.empty();
  size_t step = 0, record = 0;
  if (traced) {
    step = trace_->open.size() - 1;
    record = trace_->open[step].folds.size();
    trace_->open[step].folds.push_back(
        TraceFold{static_cast<uint32_t>(&n - program_.nodes.data()), acc, {}, {}, {}});
  }
  for_each_item(program_.child(n, 0), [&](const Value& item) {
    loop_vars_[n.a] = item;
    loop_vars_[n.a + 1] = acc;
    bool keep = true;
    if (filter != kNone) {
      Value k = eval(filter);
      if (failed()) return false;
      keep = k.bits != 0;
    }
    if (keep) {
      acc = eval(body);
      if (failed()) return false;
    }
    if (traced) {
      TraceFold& f = trace_->open[step].folds[record];
      f.items.push_back(item);
      f.values.push_back(acc);
      f.kept.push_back(keep);
    }
    return true;
  });
  if (failed()) return {};
  return acc;
}

Value EvalState::eval_list_form(const Node& n) {
  // children: list, where or kNone, body (map) or kNone (filter); a: the item's slot
  const uint32_t filter = program_.child(n, 1), body = program_.child(n, 2);
  ListValue* out = new_list();
  for_each_item(program_.child(n, 0), [&](const Value& item) {
    loop_vars_[n.a] = item;
    if (filter != kNone) {
      Value keep = eval(filter);
      if (failed()) return false;
      if (!keep.bits) return true;
    }
    if (n.op == Op::filter) {
      out->items.push_back(item);
      return true;
    }
    Value v = eval(body);
    if (failed()) return false;
    out->items.push_back(std::move(v));
    return true;
  });
  if (failed()) return {};
  Value v;
  v.list = out;
  return v;
}

}  // namespace decree
