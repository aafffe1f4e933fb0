// Golden tests for parameter-file diagnostics: every
// tests/lang/params/{good,bad}/NAME.yaml is loaded as a parameter file and its
// diagnostics compared with NAME.err (none for a good file without one), and
// with NAME.zh.err wherever a message reads differently in 中文 (tests/golden.h).
#include "tests/golden.h"

#include "params/parameters.h"

namespace {

namespace golden = decree::golden;

class ParamGolden : public ::testing::TestWithParam<golden::fs::path> {};

TEST_P(ParamGolden, DiagnosticsMatch) {
  const golden::fs::path& file = GetParam();
  decree::Diagnostics diags;
  auto set = decree::load_parameters(file.string(), diags);
  const bool bad = file.parent_path().filename() == "bad";
  if (!golden::matches(file, diags, bad)) GTEST_SKIP() << "rewrote the goldens of " << file;
  EXPECT_EQ(set.has_value(), !bad) << decree::render_all(diags);
  // One mistake, one error: a file that fails has exactly the error it shows.
  if (bad) {
    EXPECT_EQ(diags.error_count(), 1u) << decree::render_all(diags);
  }
}

INSTANTIATE_TEST_SUITE_P(Bad, ParamGolden,
                         ::testing::ValuesIn(golden::files("tests/lang/params/bad", ".yaml")),
                         golden::test_name);
INSTANTIATE_TEST_SUITE_P(Good, ParamGolden,
                         ::testing::ValuesIn(golden::files("tests/lang/params/good", ".yaml")),
                         golden::test_name);

}  // namespace
