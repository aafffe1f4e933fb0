// Golden tests for the checker: every tests/lang/check/{good,bad}/NAME.decree
// (and every directory tests/lang/check/bad/NAME, a rule set of several files)
// is loaded as a rule set and its diagnostics compared with NAME.err beside it
// (an empty or missing .err for good files means: no diagnostics at all), and
// with NAME.zh.err wherever a message reads differently in 中文 (tests/golden.h).
#include "tests/golden.h"

#include "api/decree.h"
#include "base/codes_check.h"
#include "base/codes_runtime.h"
#include "base/codes_tables.h"

namespace {

namespace golden = decree::golden;

std::string arg(const decree::MessageArgs& args, const std::string& name) {
  for (const auto& a : args)
    if (a.name == name) return a.en;
  return "";
}

// Every case a warning offers reaches what it warns of: evaluated as it is,
// it fails with the run-time error for a missing table row or parameter value.
void expect_cases_reach_their_gaps(const decree::RuleSet& rules, const decree::Diagnostics& diags) {
  using decree::Code;
  namespace msg = decree::msg;
  for (const auto& d : diags.items())
    for (const auto& note : d.notes) {
      Code want = note.code == msg::table_gap_example       ? msg::run_table_no_row
                  : note.code == msg::param_missing_example ? msg::run_param_no_value
                                                            : Code::none;
      if (want == Code::none) continue;
      ASSERT_FALSE(note.args.empty());
      const std::string& yaml = note.args.front().en;
      decree::Session session(rules);
      decree::CaseError err;
      ASSERT_TRUE(session.decode_yaml(yaml, err)) << decree::describe(err) << "\n" << yaml;
      EXPECT_FALSE(session.evaluate(err)) << yaml;
      EXPECT_EQ(err.code, want) << decree::render(d) << decree::describe(err);
      // … at the table or parameter warned of, not at another on the way.
      const char* what = want == msg::run_table_no_row ? "table" : "param";
      EXPECT_EQ(arg(err.args, what), arg(d.args, what))
          << decree::render(d) << decree::describe(err);
    }
}

class CheckGolden : public ::testing::TestWithParam<golden::fs::path> {};

TEST_P(CheckGolden, DiagnosticsMatch) {
  const golden::fs::path& file = GetParam();
  decree::Diagnostics diags;
  auto rules = decree::RuleSet::load(file.string(), diags);
  bool bad = file.parent_path().filename() == "bad";
  if (!golden::matches(file, diags, bad)) GTEST_SKIP() << "rewrote the goldens of " << file;
  if (bad) {
    EXPECT_EQ(rules, nullptr) << file << " should fail to check";
    EXPECT_TRUE(diags.has_errors());
  } else {
    EXPECT_NE(rules, nullptr) << decree::render_all(diags);
  }
  if (rules) expect_cases_reach_their_gaps(*rules, diags);
}

// The bad files, and the bad rule sets of several files: each directory
// tests/lang/check/bad/NAME is loaded as one rule set, NAME.err beside it
// (a mistake between files, such as two rule set names).
std::vector<golden::fs::path> bad_rule_sets() {
  auto out = golden::files("tests/lang/check/bad", ".decree");
  for (const auto& e :
       golden::fs::directory_iterator(golden::fs::path(DECREE_SOURCE_DIR) / "tests/lang/check/bad"))
    if (e.is_directory()) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

INSTANTIATE_TEST_SUITE_P(Bad, CheckGolden, ::testing::ValuesIn(bad_rule_sets()), golden::test_name);
INSTANTIATE_TEST_SUITE_P(Good, CheckGolden,
                         ::testing::ValuesIn(golden::files("tests/lang/check/good", ".decree")),
                         golden::test_name);

}  // namespace
