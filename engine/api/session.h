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
#include "base/diagnostics.h"

namespace decree {

struct SessionState;

// Where and why one case could not be decoded or evaluated. Rule errors are
// values: a bad case never stops a batch.
struct CaseError {
  enum class Kind;
  CaseError() = default;
  CaseError(Kind k, std::string pointer_, std::string message_, std::string rule_ = {},
            std::string location_ = {})
      : kind(k),
        pointer(std::move(pointer_)),
        message(std::move(message_)),
        rule(std::move(rule_)),
        location(std::move(location_)) {}
  // input: the case is malformed; evaluation: a rule failed on it (no table
  // row, an unsourced figure); internal: a bug in the engine (exit code 3).
  enum class Kind { input, evaluation, internal };
  Kind kind = Kind::input;
  std::string pointer;   // JSON pointer of the offending input field ("/grade",
                         // "/dependents/1/relation"); empty if none
  std::string message;   // human-readable, names the field or the rule
  std::string rule;      // evaluation errors: the rule being evaluated
  std::string location;  // evaluation errors: path:line:col of the failing expression
  // The message's catalogue code (JSON error objects carry its name, which
  // does not change with the language) and its placeholders; Code::none for
  // a message not in the catalogue (then `message` is used as written).
  Code code = Code::none;
  MessageArgs args;
  Span span;        // evaluation errors: the failing expression in the rule file
  Span param_span;  // a parameter without a value: the parameter in its file
  // Input errors: where in the case's text (1-based line and column, in code
  // points; 0 when not known), for a JSON syntax error or the offending field.
  uint32_t line = 0, col = 0;
  std::string suggestion;  // an unknown field: the input it may have meant ("did you mean")

  // The message in a language (`message` if it has no code).
  std::string text(Lang lang) const;
};

// One line for people: "/grade: not one of 1..10", or for a rule error
// "no value for 2030 (in rule own_wage at wi_bench.decree:40:3)".
std::string describe(const CaseError& err, Lang lang = Lang::en);

// The error as a compiler-style diagnostic: a rule error at the failing
// expression in its rule file (a missing parameter value at the parameter
// in its file, with the rule that read it as a note); an input error at its
// line and column in `case_file` (if given and known). Either way a note
// names the case (`case_name`: its file, and its case_id if it has one).
Diagnostic case_diagnostic(const CaseError& err, const SourceFile* case_file,
                           const std::string& case_name);

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
  // The messages of "output_errors" (outputs that failed on their own) are in
  // `lang`; the field names stay English.
  void append_result_json(std::string& out, Lang lang = Lang::en) const;
  // The result also lists, as "weak_sources", every parameter entry the case
  // used whose source is below official (params/parameters.h, Reliability),
  // once each, by the entry's key (for a date key, the day it applies from):
  //   "weak_sources":[{"parameter":"p.x","key":"2022","reliability":"repost"}]
  // (left out when there is none; "param_overlays" lists --params files).
  // {"case_id":"…","error":{"kind":"input","pointer":"/grade","message":"…"}}
  // "code" is the message's stable code; "message" is in `lang`.
  static void append_error_json(std::string& out, std::string_view case_id, const CaseError& err,
                                Lang lang = Lang::en);
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
  // (explain_text in English or 中文; the JSON's field names are English.)
  std::string explain_text(Lang lang = Lang::en) const;
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
