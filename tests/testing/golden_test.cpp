// Golden tests for rule-test files (tests/lang/testing/{good,bad}/NAME.yaml):
// each file is read as a test file and every test that reads cleanly is run
// (rule sets from the source tree); the diagnostics of both are compared
// with NAME.err, and with NAME.zh.err where the Chinese differs
// (tests/golden.h).
#include "tests/golden.h"

#include "base/codes_testing.h"
#include "testing/rule_tests.h"

namespace decree {
namespace {

class TestFileGolden : public ::testing::TestWithParam<golden::fs::path> {};

TEST_P(TestFileGolden, DiagnosticsMatch) {
  const golden::fs::path& file = GetParam();
  Diagnostics diags;
  auto tests = read_rule_tests(file.string(), diags);
  RuleTestRunner runner(DECREE_SOURCE_DIR);
  size_t failed = 0;
  for (const auto& t : tests) {
    RuleTestResult r = runner.run(t);
    diags.append(r.failures);
    if (!r.passed) ++failed;
  }
  const bool bad = file.parent_path().filename() == "bad";
  if (!golden::matches(file, diags, bad)) GTEST_SKIP() << "rewrote the goldens of " << file;
  if (!bad) {
    EXPECT_TRUE(diags.empty()) << render_all(diags);
    EXPECT_EQ(failed, 0u);
    return;
  }
  ASSERT_TRUE(diags.has_errors());
  // One mistake, one error: each bad file has exactly one error in it (a
  // rule set that does not load adds the loader's own), at its place.
  size_t here = 0;
  for (const auto& d : diags.items())
    if (d.span.valid() && d.span.file->path() == file.string()) ++here;
  EXPECT_EQ(here, 1u) << render_all(diags);
}

TEST(TestFiles, AFileThatCannotBeReadIsAnError) {
  Diagnostics diags;
  auto tests = read_rule_tests(DECREE_BINARY_DIR "/no-such-dir/t.yaml", diags);
  EXPECT_TRUE(tests.empty());
  ASSERT_EQ(diags.error_count(), 1u);
  EXPECT_EQ(diags.items()[0].code, msg::test_cannot_read);
  EXPECT_EQ(render_all(diags, true, Lang::zh), "error: 无法读取测试文件 '" DECREE_BINARY_DIR
                                               "/no-such-dir/t.yaml'：No such file or directory\n");
}

TEST(TestFiles, AFileTooLargeIsRefusedBeforeParsing) {
  const std::string path = DECREE_BINARY_DIR "/tests/too_large_tests.yaml";
  {
    std::ofstream out(path);
    const std::string line = "# " + std::string(1022, 'x') + "\n";
    for (int i = 0; i < 16 * 1024 + 1; ++i) out << line;
  }
  Diagnostics diags;
  EXPECT_TRUE(read_rule_tests(path, diags).empty());
  ASSERT_EQ(diags.error_count(), 1u);
  EXPECT_EQ(diags.items()[0].code, msg::test_file_too_large);
  golden::fs::remove(path);
}

INSTANTIATE_TEST_SUITE_P(Bad, TestFileGolden,
                         ::testing::ValuesIn(golden::files("tests/lang/testing/bad", ".yaml")),
                         golden::test_name);
INSTANTIATE_TEST_SUITE_P(Good, TestFileGolden,
                         ::testing::ValuesIn(golden::files("tests/lang/testing/good", ".yaml")),
                         golden::test_name);

}  // namespace
}  // namespace decree
