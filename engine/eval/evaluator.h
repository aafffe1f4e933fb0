// The eval stage's entry point: per-thread evaluation state over a shared,
// immutable Program. Rules are evaluated on first use and remembered for the
// rest of the case, so a branch that is not taken never reads its inputs.
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "base/date.h"
#include "base/messages.h"
#include "eval/trace.h"
#include "plan/program.h"

namespace decree {

// A rule error in one case (division by zero, a missing parameter year, an
// absent optional input, no table row): a value with the span it came from.
// Rule errors travel as values, not exceptions: a batch in which most cases
// fail (unsourced figures, say) costs about what one that succeeds does.
struct EvalFailure {
  const Span* span = nullptr;
  std::string message;    // in English; `code` and `args` render it in any language
  uint32_t rule = kNone;  // the rule being evaluated
  Code code = Code::none;
  MessageArgs args;
  // A parameter lookup that found no value: the parameter (index into
  // CheckedProgram::params), so the error can point at its file.
  uint32_t param = kNone;
  // An entry that stands for the value but has none (`{unsourced: "why"}`):
  // the error points at it.
  const ParamValue* entry = nullptr;
};

// A broken invariant of the engine itself (a planned node it does not know):
// a bug, never a rule error. The CLI exits with 3 for it.
struct InternalError : std::logic_error {
  using std::logic_error::logic_error;
};

class EvalState {
 public:
  explicit EvalState(const Program& program);

  // Clears the previous case (keeps every buffer's capacity).
  void reset();
  // Inputs are set by the decoder between reset() and evaluate_outputs().
  Value& input(uint32_t slot) { return inputs_[slot]; }
  void mark_present(uint32_t slot) { present_[slot] = 1; }
  bool is_present(uint32_t slot) const { return present_[slot] != 0; }
  std::string& text_buffer(uint32_t slot) { return texts_[slot]; }
  ListValue* new_list();
  RecordValue* new_record();

  // Applies defaults to absent inputs; evaluates every output. Returns the
  // first failure (nullptr if there is none; it stays valid until the next
  // evaluation); or, given `failures` (one slot per output), records each
  // output's failure there, goes on with the others (a rule that failed fails
  // again, with the same error, for every output that reads it) and returns
  // nullptr. Throws InternalError only for a bug in the engine. Safe on any
  // thread's stack: deep rule chains continue on a fresh stack
  // (base/stack.h).
  const EvalFailure* evaluate_outputs(const std::optional<Date>& as_of, Trace* trace,
                                      std::vector<std::optional<EvalFailure>>* failures = nullptr);
  const Value& rule_value(uint32_t rule) const { return rule_values_[rule]; }
  // The parameter entries below official (Reliability) the last evaluation
  // used, in the order it used them (an entry used twice is listed twice).
  const std::vector<TraceParam>& weak_sources() const { return weak_; }
  bool rule_done(uint32_t rule) const { return rule_state_[rule] == 2; }
  const Program& program() const { return program_; }

 private:
  // Each returns an unspecified Value when it fails; then failed() is true
  // and failures_[failing_] says why. Callers check failed() after every
  // child they evaluate and return at once.
  Value eval(uint32_t node);
  // The switch itself, inlined into eval(): one native frame per node.
  [[gnu::always_inline]] inline Value eval_node(const Node& n);
  Value eval_on_fresh_stack(uint32_t node);
  const Value& eval_rule(uint32_t rule, const Node& at);
  [[gnu::always_inline]] inline Value lookup_table(const Node& n);  // into eval_out_of_line
  Value lookup_any(const Node& n, const TablePlan& tp, const TableInfo& info, const Value* keys);
  Value lookup_list(const Node& n, const TablePlan& tp, const Value* keys);
  // The row a table lookup used, for the trace (when one is kept).
  void record_row(const Node& n, int32_t row, const Value* keys);
  // Whether row r's cells hold every key (a `_` cell holds any). A bound
  // that reads a name is evaluated; if that fails, false with failed() set.
  bool row_matches(const TablePlan& tp, size_t r, const Value* keys, uint32_t nkeys);
  bool cell_reads_hold(const TablePlan& tp, const TableCell& cell, const Value& key,
                       Type::Kind kind);
  // a..b as a list; fold; [x in xs where c] and [e for x in xs] (lists.cpp's
  // counterparts in the checker).
  // Table lookups and the list operations (lists.cpp), dispatched out of line.
  [[gnu::noinline]] Value eval_out_of_line(const Node& n);
  Value make_range(const Node& n);
  Value eval_fold(const Node& n);
  Value eval_list_form(const Node& n);
  // Calls each(item) for every item of the list node `list` (a range's
  // integers are made one at a time); stops early when each returns false.
  // Check failed() afterwards.
  template <class Each>
  void for_each_item(uint32_t list, Each&& each);
  bool range_bounds(const Node& n, int64_t& lo, int64_t& hi);
  // A parameter lookup (param_key, param_date, param_keys): its keys, then the entry.
  Value lookup_param(const Node& n);
  // Several keys, or an enum key (kept out of eval(): its frame stays small).
  [[gnu::noinline]] Value lookup_params(const Node& n);
  // A parameter entry a rule used, when tracing or when its source is below
  // official: traced, and remembered as a weak source.
  void found_param(uint32_t param, const std::array<int64_t, kMaxParamKeys>& keys,
                   const ParamValue* v);
  Value fail(const Node& n, Message message, uint32_t param = kNone,
             const ParamValue* entry = nullptr);
  bool failed() const { return failing_ != kNone; }

  const Program& program_;
  std::vector<Value> inputs_;
  std::vector<uint8_t> present_;
  std::vector<uint8_t> given_;  // present_ as decoded, before defaults
  std::vector<std::string> texts_;
  std::vector<Value> rule_values_;
  std::vector<uint8_t> rule_state_;     // 0 not yet, 1 evaluating, 2 done, 3 failed
  std::vector<uint32_t> rule_failure_;  // for state 3: index into failures_
  std::vector<EvalFailure> failures_;   // this evaluation's failures
  uint32_t failing_ = kNone;            // the failure being returned, if any
  const char* stack_limit_ = nullptr;   // below it, continue on a fresh stack
  std::vector<Value> loop_vars_;
  std::vector<std::unique_ptr<ListValue>> lists_;
  size_t lists_used_ = 0;
  std::vector<std::unique_ptr<RecordValue>> records_;
  size_t records_used_ = 0;
  // Pool use when the first evaluation of this case began: later evaluations
  // of the same case (say, again with explain) start over from here.
  bool evaluated_ = false;
  size_t lists_mark_ = 0, records_mark_ = 0;
  std::vector<uint32_t> rule_stack_;
  std::optional<Date> as_of_;
  Trace* trace_ = nullptr;
  std::vector<TraceParam> weak_;
  // A language limit (rule chains are bounded by the checker too); the stack
  // itself is never the limit.
  static constexpr unsigned kMaxEvalDepth = 6000;
  unsigned depth_ = 0;
};

}  // namespace decree
