// Decree's C++ library API: load a rule set once, evaluate many cases.
//
//   decree::Diagnostics diags;
//   auto rules = decree::RuleSet::load("fixtures/bench/wi-bench", diags);
//   if (!rules) { std::cerr << decree::render_all(diags); return 1; }
//   decree::Session session(*rules);         // one per thread
//   decree::CaseError err;
//   if (!session.decode_json(line, err)) { ... err.pointer, err.message ... }
//   if (!session.evaluate(err)) { ... err.rule, err.location ... }
//   std::string out;
//   session.append_result_json(out);          // {"case_id":…, "own_wage":"5000.00", …}
//
// A RuleSet is immutable after load and shared between threads; a Session
// holds all per-case state and is reused case after case without per-case
// heap allocation on the common path.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/date.h"
#include "base/diagnostics.h"

namespace decree {

struct CheckedProgram;
class Program;
struct SessionState;

// Where and why one case could not be decoded or evaluated. Rule errors are
// values: a bad case never stops a batch.
struct CaseError {
  enum class Kind { input, evaluation } kind = Kind::input;
  std::string pointer;   // JSON pointer of the offending input field ("/grade",
                         // "/dependents/1/relation"); empty if none
  std::string message;   // human-readable, names the field or the rule
  std::string rule;      // evaluation errors: the rule being evaluated
  std::string location;  // evaluation errors: path:line:col of the failing expression
};

// Options that apply to one evaluation.
struct EvalOptions {
  std::optional<Date> as_of;  // the value of the builtin `as_of`; rules that read it need it
  bool explain = false;       // record a trace for explain_text / explain_json
};

class RuleSet {
 public:
  // Loads a directory of .decree files (with the parameter files they name)
  // or a single .decree file: parse → check → plan. Returns nullptr with
  // diagnostics on any error; warnings are left in `diags` too.
  static std::unique_ptr<const RuleSet> load(const std::string& path, Diagnostics& diags);
  ~RuleSet();

  const std::string& name() const;
  const std::string& path() const { return path_; }
  // Names of the outputs, in source order.
  const std::vector<std::string>& output_names() const;
  const CheckedProgram& checked() const { return *checked_; }
  const Program& program() const { return *program_; }

 private:
  RuleSet();
  struct Storage;  // owns sources, ASTs and parameter sets
  std::unique_ptr<Storage> storage_;
  std::unique_ptr<CheckedProgram> checked_;
  std::unique_ptr<Program> program_;
  std::string path_;
  std::vector<std::string> output_names_;
};

class Session {
 public:
  explicit Session(const RuleSet& rules);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Decodes one case from a JSON object (text). Unknown fields are errors;
  // numbers are read from their text, never through double. On error returns
  // false and fills err (kind input, pointer, message).
  bool decode_json(std::string_view json, CaseError& err);
  // Same from a YAML mapping (text).
  bool decode_yaml(std::string_view yaml, CaseError& err);

  // Evaluates every output of the decoded case. On a rule error returns false
  // with err (kind evaluation, rule, location, message).
  bool evaluate(CaseError& err, const EvalOptions& options = {});

  // The value of the `case_id` input if the rule set has one and it was given.
  std::string_view case_id() const;

  // {"case_id":"…","own_wage":"5000.00",…}: money as strings with exactly two
  // decimals, decimals and rates as exact strings, integers as numbers.
  void append_result_json(std::string& out) const;
  // {"case_id":"…","error":{"kind":"input","pointer":"/grade","message":"…"}}
  static void append_error_json(std::string& out, std::string_view case_id, const CaseError& err);
  // Outputs as YAML (for `decree eval --format yaml`).
  std::string result_yaml() const;
  // Output i's value as text (money "5000.00").
  std::string output_text(size_t i) const;

  // After evaluate() with explain: a readable explanation of every output
  // (formula, the values that went in, the table rows and parameters used,
  // citations), and the same as versioned JSON (see docs/trace-format.md).
  std::string explain_text() const;
  std::string explain_json() const;

 private:
  const RuleSet& rules_;
  std::unique_ptr<SessionState> state_;
};

// Evaluates a standalone expression (`decree calc`): literals, unary minus,
// + - * /, parentheses, round, min, max, abs, clamp, dates and date functions.
// Returns the exact result as text, or nullopt with diagnostics.
std::optional<std::string> calc(std::string_view expression, Diagnostics& diags);

}  // namespace decree
