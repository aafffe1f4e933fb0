// decree check: exit codes, compiler-style messages with a caret, --brief, summary.
#include <gtest/gtest.h>

#include "run_cli.h"

namespace decree::cli::testing {
namespace {

const std::string kMini = source_path("tests/cli/data/mini");
const std::string kBroken = source_path("tests/cli/data/broken");
const std::string kWarn = source_path("tests/cli/data/warn");
const std::string kWiBench = source_path("fixtures/bench/wi-bench");

std::string last_line(const std::string& text) {
  std::vector<std::string> lines = split_lines(text);
  return lines.empty() ? "" : lines.back();
}

TEST(CliCheck, AGoodRuleSetPasses) {
  CliResult r = run_cli({"check", kMini});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(last_line(r.err).rfind("1 rule set checked: 0 errors, ", 0), 0u) << r.err;
  EXPECT_EQ(r.err.find(": error:"), std::string::npos) << r.err;
}

TEST(CliCheck, TheSummaryIsInTheOutputLanguage) {
  CliResult r = run_cli({"--lang", "zh", "check", kBroken, kMini});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(last_line(r.err).rfind("已检查 2 个规则集：1 个错误，", 0), 0u) << r.err;
}

TEST(CliCheck, ASingleDecreeFileCanBeChecked) {
  CliResult r = run_cli({"check", kMini + "/mini.decree"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST(CliCheck, WiBenchPasses) {
  CliResult r = run_cli({"check", kWiBench});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(last_line(r.err).rfind("1 rule set checked: 0 errors", 0), 0u) << r.err;
}

TEST(CliCheck, AnErrorIsPrintedWithFileLineColumnAndACaret) {
  CliResult r = run_cli({"check", kBroken});
  EXPECT_EQ(r.exit_code, 1);
  std::string where = kBroken + "/broken.decree:7:31: error: ";
  size_t at = r.err.find(where);
  ASSERT_NE(at, std::string::npos) << r.err;
  EXPECT_NE(r.err.find("amont", at), std::string::npos) << r.err;

  // The source line, then a caret under `amont` (column 31).
  std::vector<std::string> lines = split_lines(r.err.substr(at));
  ASSERT_GE(lines.size(), 3u) << r.err;
  const std::string& source = lines[1];
  const std::string& caret = lines[2];
  size_t word = source.find("amont");
  ASSERT_NE(word, std::string::npos) << source;
  EXPECT_NE(source.find("7 |"), std::string::npos) << source;
  EXPECT_EQ(caret.find('^'), word) << source << "\n" << caret;
  EXPECT_EQ(caret.substr(word, 5), "^~~~~") << caret;

  EXPECT_EQ(last_line(r.err).rfind("1 rule set checked: 1 error, ", 0), 0u) << r.err;
}

TEST(CliCheck, BriefPrintsOneLinePerMessage) {
  CliResult r = run_cli({"check", "--brief", kBroken});
  EXPECT_EQ(r.exit_code, 1);
  std::vector<std::string> lines = split_lines(r.err);
  ASSERT_GE(lines.size(), 2u) << r.err;
  for (size_t i = 0; i + 1 < lines.size(); ++i) {
    EXPECT_EQ(lines[i].rfind(kBroken + "/broken.decree:", 0), 0u) << lines[i];
    EXPECT_EQ(lines[i].find(" | "), std::string::npos) << lines[i];
  }
  EXPECT_NE(r.err.find("broken.decree:7:31: error: "), std::string::npos) << r.err;
}

TEST(CliCheck, WarningsArePrintedButDoNotFail) {
  CliResult r = run_cli({"check", kWarn});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find(kWarn + "/warn.decree:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(": warning: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("note"), std::string::npos) << r.err;  // the unused input
  EXPECT_EQ(last_line(r.err).rfind("1 rule set checked: 0 errors, ", 0), 0u) << r.err;
  EXPECT_EQ(last_line(r.err).find(", 0 warnings"), std::string::npos) << r.err;
}

TEST(CliCheck, SeveralPathsAreAllCheckedAndSummed) {
  CliResult r = run_cli({"check", kMini, kBroken, kWarn});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(last_line(r.err).rfind("3 rule sets checked: 1 error, ", 0), 0u) << r.err;
}

// --dump-after prints each stage's own IR on stdout, and nothing else there.
TEST(CliCheck, EachDumpStagePrintsItsOwnForm) {
  CliResult parse = run_cli({"check", "--dump-after=parse", kWiBench});
  ASSERT_EQ(parse.exit_code, 0) << parse.err;
  EXPECT_EQ(parse.out.rfind(";; " + kWiBench + "/wi_bench.decree\n(module wi_bench", 0), 0u)
      << parse.out;
  EXPECT_NE(parse.out.find("(_*_ 60% avg_wage)"), std::string::npos) << parse.out;  // the AST

  CliResult check = run_cli({"check", "--dump-after=check", kWiBench});
  ASSERT_EQ(check.exit_code, 0) << check.err;
  EXPECT_EQ(check.out.rfind(";; " + kWiBench + "\nchecked wi_bench\n", 0), 0u) << check.out;
  EXPECT_NE(check.out.find("output own_wage: money (2 decimals) @39:8\n"
                           "  reads: builtin round, builtin clamp, input wage_avg_12m, rule "
                           "avg_wage, rounding half_up\n"),
            std::string::npos)
      << check.out;

  CliResult plan = run_cli({"check", "--dump-after=plan", kWiBench});
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_EQ(plan.out.rfind(";; " + kWiBench + "\nplan wi_bench: ", 0), 0u) << plan.out;
  EXPECT_NE(plan.out.find("n20 round money step c3 = 0.01, mode half_up"), std::string::npos)
      << plan.out;
  EXPECT_NE(plan.out.find("table 0 disability_rates: 10 rows, direct index from 1 (10 entries)"),
            std::string::npos)
      << plan.out;

  // What one stage prints, the others do not.
  EXPECT_EQ(parse.out.find("evaluation order:"), std::string::npos);
  EXPECT_EQ(check.out.find("(module"), std::string::npos);
  EXPECT_EQ(check.out.find(" round money "), std::string::npos);
  EXPECT_EQ(plan.out.find("evaluation order:"), std::string::npos);
  // The library's printers are the CLI's: the golden files match the dump.
  EXPECT_EQ(check.out,
            ";; " + kWiBench + "\n" + read_file(source_path("tests/lang/check/wi_bench.checked")));
  EXPECT_EQ(plan.out,
            ";; " + kWiBench + "\n" + read_file(source_path("tests/lang/plan/wi_bench.plan")));
}

TEST(CliCheck, DumpAfterFailsOnBrokenOrMissingRules) {
  CliResult r = run_cli({"check", "--dump-after=parse", kBroken});
  EXPECT_EQ(r.exit_code, 0) << r.err;  // broken.decree parses; its error is a type error
  r = run_cli({"check", "--dump-after=check", kBroken});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("broken.decree:7:31: error: "), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
  r = run_cli({"check", "--dump-after=parse", source_path("tests/cli/data/no-such-rule-set")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no-such-rule-set: no such file or directory"), std::string::npos) << r.err;
}

TEST(CliCheck, AMissingPathIsAnError) {
  CliResult r = run_cli({"check", source_path("tests/cli/data/no-such-rule-set")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no-such-rule-set"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace decree::cli::testing
