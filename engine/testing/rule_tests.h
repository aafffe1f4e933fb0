// Rule tests in YAML beside the rules (the OpenFisca habit): each test names
// the rule set (and optionally a version, an evaluation date and what-if
// parameter values), the input case and the expected outputs, exactly. Used
// by the project's own test suite over fixtures/ and by `decree test`.
//
//   - name: grade 5, labour relation ended
//     ruleset: rules/jilin/work-injury-benefits    # from the root given to the runner
//     version: "2021-07-01"     # optional: else the case's `select by` date decides
//     as_of: 2023-10-01         # optional: the evaluation date
//     params: {avg_monthly_wage: "7000.00"}        # optional what-if values
//     basis: "工伤保险条例 第36条"                   # optional: the citation
//     facts: "the hand computation"                 # optional
//     input: {…}
//     output: {own_wage: "6000.00"}                 # exact strings, or
//     error: "substring of the expected error"
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/decree.h"
#include "base/diagnostics.h"

namespace decree {

// One expected output of a test: `own_wage: "6000.00"` under `output:`.
struct ExpectedOutput {
  std::string name;
  std::string text;  // compared with the actual value's text, exactly
  Span key, value;   // where the name and the expected value are written
};

struct RuleTest {
  std::string file;
  unsigned line = 0;   // where the test starts
  unsigned index = 0;  // 1-based place in its file (names a test without a name)
  std::string name;
  std::string ruleset;
  std::string version;
  std::optional<Date> as_of;
  std::vector<ParamOverride> params;
  std::string basis, facts;
  std::string input_json;  // the input as JSON text (scalars keep their text)
  std::vector<ExpectedOutput> expected;
  std::optional<std::string> expected_error;
  // The test file's text, which the spans point into (kept alive here), and
  // the places failures are reported at: the test (its first key), its
  // ruleset, input and error values. Empty for a test built in code.
  SourceRef source;
  Span span, ruleset_span, input_span, error_span;
  // Where each field of the input is written, by JSON pointer ("/wage",
  // "/dependents/0/relation"), for an input error at its field: the key (or
  // the list item), and the value if it is a scalar.
  struct FieldPlace {
    std::string pointer;
    Span key, value;
  };
  std::vector<FieldPlace> input_places;
  std::string location() const { return file + ":" + std::to_string(line); }
};

// How a message names a test: 'its name' (“名称”), or #N (第 N 项) for a test
// without one.
MessageArg test_label(const std::string& name, unsigned index);

// Reads every test of a YAML test file; mistakes (a tab or a full-width
// colon, a YAML syntax error, an unknown key, a missing input, both output
// and error …) are reported at their line and column in the file, with the
// source line and a caret.
std::vector<RuleTest> read_rule_tests(const std::string& path, Diagnostics& diags);

struct RuleTestResult {
  bool passed = false;
  // For a failure: one error per difference, at the expected value in the
  // test file ("test 'x': own_wage: 5600.00 differs from expected 5660.00"),
  // or the error that stopped the case (then the rule's own diagnostics).
  Diagnostics failures;
  std::string explanation;  // explain_text of the actual evaluation, if it ran
  // What the evaluation exercised (see Session::coverage), under `version`.
  const RuleSet* version = nullptr;
  std::vector<uint32_t> rules_hit;
  std::vector<std::pair<uint32_t, int32_t>> rows_hit;
};

// Runs tests, loading each rule set (with its what-if values) once.
class RuleTestRunner {
 public:
  // Results point at the rule sets this runner loaded: keep it alive while
  // they are used.
  // Relative `ruleset` paths are taken from `root`.
  // `drafts` (version directories, `decree test --draft`) join every rule
  // set of the same name that a test loads.
  // `lang`: the language of the explanations of failing tests.
  explicit RuleTestRunner(std::string root, std::vector<std::string> drafts = {},
                          Lang lang = Lang::en)
      : root_(std::move(root)), drafts_(std::move(drafts)), lang_(lang) {}
  RuleTestResult run(const RuleTest& test);

 private:
  // The rule set of `test`, or null with its load errors in `errors`.
  const RuleTimeline* timeline(const RuleTest& test, const Diagnostics*& errors);
  void check_outputs(const RuleTest& test, const Session& session, RuleTestResult& r) const;
  std::string root_;
  std::vector<std::string> drafts_;
  Lang lang_ = Lang::en;
  std::map<std::string, std::unique_ptr<const RuleTimeline>> cache_;
  std::map<std::string, Diagnostics> load_errors_;
};

}  // namespace decree
