// `decree versions`, and eval/batch choosing versions and taking what-if values.
#include <gtest/gtest.h>

#include "run_cli.h"

namespace decree::cli::testing {
namespace {

const std::string kDemo = source_path("tests/lang/versions/demo");

TEST(CliVersions, ListsDatesExtendsOverridesAndHashes) {
  auto r = run_cli({"versions", kDemo});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("rule set demo.benefits (a case's version is chosen by `injury_date`)"),
            std::string::npos)
      << r.out;
  EXPECT_NE(
      r.out.find(
          "version \"2021-07-01\"\n  effective  2021-07-01 to (open)\n  extends    \"2011-01-01\"\n"
          "  overrides  output funeral, table care_share, parameter p.avg_wage\n"),
      std::string::npos)
      << r.out;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n') > 8, true);
  EXPECT_NE(r.out.find("  sha256     "), std::string::npos);
}

// The same listing in 中文: labels in their column (by display width),
// names, dates and hashes as in English.
TEST(CliVersions, ListsInChineseWithLangZh) {
  auto r = run_cli({"--lang", "zh", "versions", kDemo});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("规则集 demo.benefits（案例的版本按 `injury_date` 选定）"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("版本 \"2021-07-01\"\n  生效       2021-07-01 至 （未定）\n"
                       "  基于       \"2011-01-01\"\n"
                       "  改写       output funeral, table care_share, parameter p.avg_wage\n"),
            std::string::npos)
      << r.out;
  auto en = run_cli({"--lang", "en", "versions", kDemo});
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'),
            std::count(en.out.begin(), en.out.end(), '\n'));
}

TEST(CliVersions, BatchPicksTheVersionByTheCaseDate) {
  auto r = run_cli({"batch", kDemo},
                   "{\"injury_date\":\"2021-06-30\",\"wage\":\"1.00\"}\n{\"injury_date\":\"2021-07-"
                   "01\",\"wage\":\"1.00\"}\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto lines = split_lines(r.out);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_NE(lines[0].find("\"version\":\"2011-01-01\""), std::string::npos);
  EXPECT_NE(lines[1].find("\"version\":\"2021-07-01\""), std::string::npos);
}

TEST(CliVersions, EvalTakesAVersionAndWhatIfParameters) {
  std::string c = temp_path("case.json");
  write_file(c, "{\"injury_date\":\"2021-07-01\",\"wage\":\"1000.00\"}");
  auto r = run_cli(
      {"eval", kDemo, "--case", c, "--version", "2011-01-01", "--param", "avg_wage=7000.00"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // 60% of the what-if 7000.00 bounds the wage; the result says which value was used.
  EXPECT_NE(r.out.find("\"own_wage\": \"4200.00\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"avg_wage\": \"7000.00\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"version\": \"2011-01-01\""), std::string::npos) << r.out;
  // Who pays each amount, as the rules say (`paid by fund`).
  EXPECT_NE(r.out.find("\"paid_by\": {\n    \"own_wage\": \"fund\""), std::string::npos) << r.out;
  r = run_cli({"eval", kDemo, "--case", c, "--param", "avg_wage"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("expected NAME=VALUE"), std::string::npos) << r.err;
}

TEST(CliVersions, AnInputErrorLineKeepsTheCaseId) {
  auto r = run_cli({"batch", kDemo},
                   "{\"case_id\":\"C9\",\"injury_date\":\"2021-07-01\",\"wage\":\"x\"}\n");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(
      r.out.rfind("{\"case_id\":\"C9\",\"error\":{\"kind\":\"input\",\"pointer\":\"/case_id\"", 0),
      0u)
      << r.out;  // the demo rule set has no case_id input: the error names it, and the line keeps
                 // the id
}

TEST(CliDump, EachStageShowsWhatItMade) {
  auto r = run_cli({"check", "--dump-after=parse", kDemo + "/2021-07-01"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("(version \"2021-07-01\" (effective 2021-07-01) (extends \"2011-01-01\"))"),
            std::string::npos)
      << r.out;
  r = run_cli({"check", "--dump-after=check", kDemo});
  EXPECT_NE(r.out.find("output own_wage: money (2 decimals)"), std::string::npos) << r.out;
  r = run_cli({"check", "--dump-after=plan", kDemo});
  EXPECT_NE(r.out.find("table 0 care_share: 3 rows, direct index from 0 (3 entries)"),
            std::string::npos)
      << r.out;
  r = run_cli({"check", "--dump-after=typo", kDemo});
  EXPECT_EQ(r.exit_code, 2);
}

}  // namespace
}  // namespace decree::cli::testing
