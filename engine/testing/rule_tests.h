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

struct RuleTest {
  std::string file;
  unsigned line = 0;  // where the test starts
  std::string name;
  std::string ruleset;
  std::string version;
  std::optional<Date> as_of;
  std::vector<ParamOverride> params;
  std::string basis, facts;
  std::string input_json;  // the input as JSON text (scalars keep their text)
  std::vector<std::pair<std::string, std::string>> expected;  // output → text
  std::optional<std::string> expected_error;
  std::string location() const { return file + ":" + std::to_string(line); }
};

// Reads every test of a YAML test file; schema errors (an unknown key, a
// missing input, both output and error…) are reported at file:line:col.
std::vector<RuleTest> read_rule_tests(const std::string& path, Diagnostics& diags);

struct RuleTestResult {
  bool passed = false;
  // For a failure: one line per difference ("own_wage: 5600.00 differs from
  // expected 5660.00"), or the error that stopped the case.
  std::vector<std::string> failures;
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
  explicit RuleTestRunner(std::string root, std::vector<std::string> drafts = {})
      : root_(std::move(root)), drafts_(std::move(drafts)) {}
  RuleTestResult run(const RuleTest& test);

 private:
  const RuleTimeline* timeline(const RuleTest& test, std::string& error);
  std::string root_;
  std::vector<std::string> drafts_;
  std::map<std::string, std::unique_ptr<const RuleTimeline>> cache_;
  std::map<std::string, std::string> load_errors_;
};

}  // namespace decree
