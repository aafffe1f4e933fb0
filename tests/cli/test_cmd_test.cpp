// `decree test`: YAML rule tests run in parallel; a failure is a diagnostic
// at the expected value in the test file (expected and actual values), then
// the explanation; the last line is "N passed, N failed"; all of it in the
// language of --lang.
#include <gtest/gtest.h>

#include "run_cli.h"

namespace decree::cli::testing {
namespace {

// Tests against the small two-version rule set of tests/lang/versions/demo.
const std::string kTests = R"(
- name: provincial version, full care
  ruleset: )" + source_path("tests/lang/versions/demo") +
                           R"(
  input: {injury_date: "2021-07-01", wage: "1000.00", care: full}
  output: {own_wage: "3360.00", nursing: "3360.00"}
- name: base version by name
  ruleset: )" + source_path("tests/lang/versions/demo") +
                           R"(
  version: "2011-01-01"
  input: {injury_date: "2021-07-01", wage: "1000.00"}
  output: {funeral: "33000.00"}  # 6 × avg wage 2020 (5500.00)
- name: the unsourced 2022 wage stops the case
  ruleset: )" + source_path("tests/lang/versions/demo") +
                           R"(
  version: "2011-01-01"
  input: {injury_date: "2023-02-01", wage: "1000.00"}
  error: "unsourced"
)";

TEST(CliTest, PassingTestsEndWithTheCounts) {
  std::string file = temp_path("pass.yaml");
  write_file(file, kTests);
  auto r = run_cli({"test", file});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(split_lines(r.out).back(), "3 passed, 0 failed");
}

TEST(CliTest, AFailureShowsExpectedActualExplanationAndPlace) {
  std::string file = temp_path("fail.yaml");
  std::string text = kTests;
  text.replace(text.find("nursing: \"3360.00\""), 18, "nursing: \"3361.00\"");
  write_file(file, text);
  auto r = run_cli({"--lang", "en", "test", file});
  EXPECT_EQ(r.exit_code, 1);
  // At the expected value, in the test file, with the source line and a caret.
  EXPECT_NE(
      r.out.find(file + ":5:42: error: test 'provincial version, full care': nursing: 3360.00 "
                        "differs from expected 3361.00\n"
                        " 5 |   output: {own_wage: \"3360.00\", nursing: \"3361.00\"}\n"
                        "   |                                          ^~~~~~~~~\n"
                        "  explanation of the actual result:\n"),
      std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("output nursing = 3360.00"), std::string::npos) << r.out;  // the explanation
  EXPECT_EQ(split_lines(r.out).back(), "2 passed, 1 failed");
}

// The whole report of a failing test, in each language: the diagnostic at
// the expected value, the explanation of the actual value, the counts.
const std::string kFailing = R"(- name: 日津贴
  ruleset: )" + source_path("tests/lang/testing/rules") +
                             R"(
  input: {wage: "100.00", days: 3}
  output: {daily: "33.34"}
- name: four days
  ruleset: )" + source_path("tests/lang/testing/rules") +
                             R"(
  input: {wage: "100.00", days: 4}
  output: {daily: "25.00"}
)";

TEST(CliTest, AFailingTestReadsSoInEnglish) {
  std::string file = temp_path("failing_en.yaml");
  write_file(file, kFailing);
  auto r = run_cli({"--lang", "en", "test", file});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out, file +
                       ":4:19: error: test '日津贴': daily: 33.33 differs from expected 33.34\n"
                       " 4 |   output: {daily: \"33.34\"}\n"
                       "   |                   ^~~~~~~\n"
                       "  explanation of the actual result:\n"
                       "    Rule set testing.daily\n"
                       "\n"
                       "    output daily = 33.33\n"
                       "      formula    round(wage / days, 0.01, half_up)\n"
                       "      with       wage = 100.00 (input)\n"
                       "                 days = 3 (input)\n"
                       "      paid by    fund\n"
                       "      at         " +
                       source_path("tests/lang/testing/rules/daily.decree") +
                       ":10:8\n"
                       "1 passed, 1 failed\n");
}

TEST(CliTest, AFailingTestReadsSoInChinese) {
  std::string file = temp_path("failing_zh.yaml");
  write_file(file, kFailing);
  auto r = run_cli({"--lang", "zh", "test", file});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out, file +
                       ":4:19: error: 测试“日津贴”：输出 daily 实际为 33.33，与期望值 33.34 不符\n"
                       " 4 |   output: {daily: \"33.34\"}\n"
                       "   |                   ^~~~~~~\n"
                       "  实际结果的计算过程：\n"
                       "    规则集 testing.daily\n"
                       "\n"
                       "    output daily = 33.33\n"
                       "      公式       round(wage / days, 0.01, half_up)\n"
                       "      代入       wage = 100.00（输入）\n"
                       "                 days = 3（输入）\n"
                       "      支付方     fund\n"
                       "      位置       " +
                       source_path("tests/lang/testing/rules/daily.decree") +
                       ":10:8\n"
                       "通过 1 个，未通过 1 个\n");
}

TEST(CliTest, MistakesInTestFilesAndMissingPathsInChinese) {
  std::string file = temp_path("typo_zh.yaml");
  write_file(file, "- name: typo\n  ruleset: x\n  input: {}\n  outptu: {a: \"1\"}\n");
  const std::string nowhere = temp_path("nowhere");
  auto r = run_cli({"--lang", "zh", "test", file, nowhere});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "error: 没有这个文件或目录：" + nowhere + "\n" + file +
                       ":4:3: error: 测试“typo”中有未知的键 'outptu'\n"
                       " 4 |   outptu: {a: \"1\"}\n"
                       "   |   ^~~~~~\n"
                       "note: 是不是 `output`？\n"
                       "note: 测试可用的键有：name、ruleset、version、as_of、params、basis、facts、"
                       "input，以及 output 或 error（二者选一）\n");
  EXPECT_EQ(r.out, "通过 0 个，未通过 1 个\n");
  std::string tests = temp_path("filter_zh.yaml");
  write_file(tests, kFailing);
  r = run_cli({"--lang", "zh", "test", tests, "--filter", "four"});
  EXPECT_EQ(r.out, "通过 1 个，未通过 0 个，跳过 1 个\n") << r.out;
}

TEST(CliTest, FilterSkipsAndJunitReports) {
  std::string file = temp_path("junit.yaml");
  write_file(file, kTests);
  auto r = run_cli({"test", file, "--filter", "base version"});
  EXPECT_EQ(split_lines(r.out).back(), "1 passed, 0 failed, 2 skipped");
  std::string xml = temp_path("report.xml");
  r = run_cli({"test", file, "--format", "junit", "--output", xml});
  EXPECT_EQ(r.exit_code, 0);
  std::string report = read_file(xml);
  EXPECT_NE(report.find("<testsuites tests=\"3\" failures=\"0\""), std::string::npos) << report;
  EXPECT_NE(report.find("name=\"base version by name\""), std::string::npos);
}

TEST(CliTest, CoverageListsWhatNoTestExercised) {
  std::string file = temp_path("coverage.yaml");
  write_file(file, kTests);
  auto r = run_cli({"test", file, "--coverage"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  // The base version: every rule evaluated, one care_share row of three matched.
  EXPECT_NE(r.out.find("(version \"2011-01-01\"):\n  rules evaluated: 4 of 4\n  table rows "
                       "matched: 1 of 3; never:"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("care_share row 3 ("), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("(version \"2021-07-01\"):\n  rules evaluated: 5 of 5"), std::string::npos)
      << r.out;
}

// The whole report, byte for byte (engine/testing/coverage.h renders it; the
// CLI prints it after the failures and before the counts).
TEST(CliTest, CoverageReportIsExactlyThis) {
  std::string file = temp_path("coverage_exact.yaml");
  write_file(file, kTests);
  auto r = run_cli({"test", file, "--coverage"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const std::string demo = source_path("tests/lang/versions/demo");
  EXPECT_EQ(r.out, "coverage of " + demo +
                       "/2011-01-01 (version \"2011-01-01\"):\n"
                       "  rules evaluated: 4 of 4\n"
                       "  table rows matched: 1 of 3; never:\n"
                       "    care_share row 2 (" +
                       demo +
                       "/2011-01-01/rules.decree:23:3)\n"
                       "    care_share row 3 (" +
                       demo +
                       "/2011-01-01/rules.decree:24:3)\n"
                       "coverage of " +
                       demo +
                       "/2021-07-01 (version \"2021-07-01\"):\n"
                       "  rules evaluated: 5 of 5\n"
                       "  table rows matched: 1 of 3; never:\n"
                       "    care_share row 1 (" +
                       demo +
                       "/2021-07-01/rules.decree:13:3)\n"
                       "    care_share row 2 (" +
                       demo +
                       "/2021-07-01/rules.decree:14:3)\n"
                       "3 passed, 0 failed\n");
}

TEST(CliTest, AnUnknownKeyIsAFailureNotASilentPass) {
  std::string file = temp_path("typo.yaml");
  write_file(file, "- name: typo\n  ruleset: x\n  input: {}\n  outptu: {a: \"1\"}\n");
  auto r = run_cli({"--lang", "en", "test", file});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(file + ":4:3: error: unknown key 'outptu' in test 'typo'\n"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("note: did you mean `output`?\n"), std::string::npos) << r.err;
  // One mistake, one error: the misspelt output is not also a missing one.
  EXPECT_EQ(r.out, "0 passed, 1 failed\n") << r.err;
}

}  // namespace
}  // namespace decree::cli::testing
