// Golden tests for the checker: every tests/lang/check/{good,bad}/NAME.decree
// is loaded as a rule set and its diagnostics compared with NAME.err beside it
// (an empty or missing .err for good files means: no diagnostics at all), and
// with NAME.zh.err wherever a message reads differently in 中文 (tests/golden.h).
#include "tests/golden.h"

#include "api/decree.h"

namespace {

namespace golden = decree::golden;

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
}

INSTANTIATE_TEST_SUITE_P(Bad, CheckGolden,
                         ::testing::ValuesIn(golden::files("tests/lang/check/bad", ".decree")),
                         golden::test_name);
INSTANTIATE_TEST_SUITE_P(Good, CheckGolden,
                         ::testing::ValuesIn(golden::files("tests/lang/check/good", ".decree")),
                         golden::test_name);

}  // namespace
