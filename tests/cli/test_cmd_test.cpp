// `decree test`: YAML rule tests run in parallel; failures show expected and
// actual values, the explanation and the test's file:line; the last line is
// "N passed, N failed".
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
  auto r = run_cli({"test", file});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find(file + ":2: test 'provincial version, full care' failed"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("  nursing: 3360.00 differs from expected 3361.00"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("output nursing = 3360.00"), std::string::npos) << r.out;  // the explanation
  EXPECT_EQ(split_lines(r.out).back(), "2 passed, 1 failed");
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
  auto r = run_cli({"test", file});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(file + ":4:3: unknown key 'outptu'"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("0 passed, 2 failed"), std::string::npos)
      << r.out;  // unknown key + no output
}

}  // namespace
}  // namespace decree::cli::testing
