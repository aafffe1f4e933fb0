// Evaluating cases: a Session holds all per-case state and is reused case
// after case (one per thread) without per-case heap allocation on the
// common path.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/ruleset.h"
#include "api/timeline.h"
#include "base/date.h"

namespace decree {

struct SessionState;

// Where and why one case could not be decoded or evaluated. Rule errors are
// values: a bad case never stops a batch.
struct CaseError {
  // input: the case is malformed; evaluation: a rule failed on it (no table
  // row, an unsourced figure); internal: a bug in the engine (exit code 3).
  enum class Kind { input, evaluation, internal } kind = Kind::input;
  std::string pointer;   // JSON pointer of the offending input field ("/grade",
                         // "/dependents/1/relation"); empty if none
  std::string message;   // human-readable, names the field or the rule
  std::string rule;      // evaluation errors: the rule being evaluated
  std::string location;  // evaluation errors: path:line:col of the failing expression
};

// One line for people: "/grade: not one of 1..10", or for a rule error
// "no value for 2030 (in rule own_wage at wi_bench.decree:40:3)".
std::string describe(const CaseError& err);

// Options that apply to one evaluation.
struct EvalOptions {
  std::optional<Date> as_of;  // the value of the builtin `as_of`; rules that read it need it
  bool explain = false;       // record a trace for explain_text / explain_json
  // Partial results: an output whose rules fail (an unsourced figure, say)
  // is reported on its own and the other outputs are still computed;
  // evaluate() then succeeds and output_error() tells which failed.
  bool partial = false;
};

// How a Session over a timeline picks the version for each case: the named
// version if given; else the one in effect on the case's `select by` date;
// else (a case without that date) the one in effect on `as_of`.
struct SessionOptions {
  std::string version;
  std::optional<Date> as_of;
};

class Session {
 public:
  explicit Session(const RuleSet& rules);
  explicit Session(const RuleTimeline& timeline, SessionOptions options = {});
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Decodes one case from a JSON object (text), first choosing its version.
  // Unknown fields are errors; numbers are read from their text, never
  // through double. On error returns false and fills err.
  bool decode_json(std::string_view json, CaseError& err);
  // Same from a YAML mapping (text).
  bool decode_yaml(std::string_view yaml, CaseError& err);

  // Evaluates every output of the decoded case. On a rule error returns false
  // with err (kind evaluation, rule, location, message).
  bool evaluate(CaseError& err, const EvalOptions& options = {});

  // The version the current case is evaluated under.
  const RuleSet& rules() const;
  // The value of the `case_id` input if the rule set has one and it was given.
  std::string_view case_id() const;

  // {"case_id":"…","ruleset":"…","version":"…","rules_hash":"…","own_wage":"5000.00",…}:
  // money as strings with exactly two decimals, decimals and rates as exact
  // strings, integers as numbers; "param_overrides" lists any what-if values.
  void append_result_json(std::string& out) const;
  // The result also lists, as "weak_sources", every parameter entry the case
  // used whose source is below official (params/parameters.h, Reliability),
  // once each, by the entry's key (for a date key, the day it applies from):
  //   "weak_sources":[{"parameter":"p.x","key":"2022","reliability":"repost"}]
  // (left out when there is none; "param_overlays" lists --params files).
  // {"case_id":"…","error":{"kind":"input","pointer":"/grade","message":"…"}}
  static void append_error_json(std::string& out, std::string_view case_id, const CaseError& err);
  // The `case_id` string of a case's JSON text, even one that does not decode
  // (for its error line); empty if there is none.
  static std::string peek_case_id(std::string_view json);
  // Outputs as YAML (for `decree eval --format yaml`).
  std::string result_yaml() const;
  // Output i's value as text (money "5000.00").
  std::string output_text(size_t i) const;
  // With EvalOptions::partial: output i's failure, or nullptr if it was computed.
  const CaseError* output_error(size_t i) const;
  // Who pays output i ("fund", "employer"), or empty.
  const std::string& output_payer(size_t i) const;

  // After evaluate() with explain: a readable explanation of every output
  // (formula, the values that went in, the table rows and parameters used,
  // citations), and the same as versioned JSON (docs/trace-format.md).
  std::string explain_text() const;
  std::string explain_json() const;

  // After evaluate() with explain: what the case exercised, for rule
  // coverage (`decree test --coverage`): rule indexes evaluated, and table
  // rows matched as (table index, 0-based row).
  void coverage(std::vector<uint32_t>& rules,
                std::vector<std::pair<uint32_t, int32_t>>& rows) const;

 private:
  void append_weak_sources(std::string& out) const;
  bool choose_version(std::string_view json, CaseError& err);
  // The current version's state, made on first use (also before any case
  // was decoded, so that every accessor is safe to call).
  SessionState& state() const;

  const RuleTimeline* timeline_ = nullptr;
  std::vector<const RuleSet*> rule_sets_;  // by version index
  SessionOptions options_;
  mutable std::vector<std::unique_ptr<SessionState>> states_;  // made on first use
  size_t current_ = 0;
};

// Evaluates a standalone expression (`decree calc`): literals, unary minus,
// + - * /, parentheses, round, min, max, abs, clamp, dates and date functions.
// Returns the exact result as text, or nullopt with diagnostics.
std::optional<std::string> calc(std::string_view expression, Diagnostics& diags);

}  // namespace decree
