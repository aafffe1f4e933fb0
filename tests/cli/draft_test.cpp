// `--draft DIR` in every command that loads rules: an unpublished version
// directory outside the rules directory joins it as if it were published.
// Drafts used: fixtures/historical/drafts/lump-sum-plus-one-month (version
// "2026-01-01", extends the Jilin "2021-07-01": one more month of
// 一次性伤残补助金), and docs/examples/round-2027-07-01 (a payment-date round
// for tests/lang/versions/rounds: +330.00 for injuries up to 2026).
#include <gtest/gtest.h>

#include "run_cli.h"

namespace decree::cli::testing {
namespace {

const std::string kJilin = source_path("rules/jilin/work-injury-benefits");
const std::string kLumpSum = source_path("fixtures/historical/drafts/lump-sum-plus-one-month");
const std::string kRounds = source_path("tests/lang/versions/rounds");
const std::string kRound2027 = source_path("docs/examples/round-2027-07-01");

// A grade 5 injury of 2026: 19 months of 本人工资 under the draft, 18 without.
// Jilin's 2025 average wage is unsourced: a what-if value (84000 a year, 7000
// a month) stands in for it, so 6000.00 is within 60 %–300 %.
const std::string kCase2026 =
    R"({"case_id":"d1","injury_date":"2026-03-10","region":"changchun_urban",)"
    R"("wage_avg_12m":"6000.00","grade":5})";

TEST(CliDraft, CheckWithoutTheRulesSaysHow) {
  CliResult alone = run_cli({"check", kLumpSum});
  EXPECT_EQ(alone.exit_code, 1);
  EXPECT_NE(alone.err.find("note: a draft outside the rules directory joins it with --draft"),
            std::string::npos)
      << alone.err;
  CliResult joined = run_cli({"check", kJilin, "--draft", kLumpSum});
  EXPECT_EQ(joined.exit_code, 0) << joined.err;
  EXPECT_NE(joined.err.find("1 rule set checked: 0 errors"), std::string::npos) << joined.err;
  EXPECT_EQ(run_cli({"check", kJilin, kRounds, "--draft", kLumpSum}).exit_code, 2);
}

TEST(CliDraft, EvalAndBatchUseTheDraftForTheCasesItSelects) {
  std::string path = temp_path("case.json");
  write_file(path, kCase2026);
  // The draft takes effect on 2026-01-01, so it selects this injury.
  const std::string what_if = "pooling_avg_annual_wage=84000";
  CliResult with = run_cli({"eval", kJilin, "--draft", kLumpSum, "--case", path, "--as-of",
                            "2026-06-01", "--param", what_if});
  EXPECT_NE(with.out.find(R"("version": "2026-01-01")"), std::string::npos) << with.out << with.err;
  EXPECT_NE(with.out.find(R"("lump_sum_disability": "114000.00")"), std::string::npos) << with.out;
  CliResult batch =
      run_cli({"batch", kJilin, "--draft", kLumpSum, "--as-of", "2026-06-01", "--param", what_if},
              kCase2026);
  EXPECT_NE(batch.out.find(R"("version":"2026-01-01")"), std::string::npos) << batch.out;
  EXPECT_NE(batch.out.find(R"("lump_sum_disability":"114000.00")"), std::string::npos) << batch.out;
  CliResult without =
      run_cli({"batch", kJilin, "--as-of", "2026-06-01", "--param", what_if}, kCase2026);
  EXPECT_NE(without.out.find(R"("lump_sum_disability":"108000.00")"), std::string::npos)
      << without.out;
}

TEST(CliDraft, APaymentDateDraftAppliesToEveryVersion) {
  const std::string old_injury = R"({"injury_date":"2019-03-10","wage":"1000.00"})";
  CliResult before = run_cli({"batch", kRounds, "--as-of", "2027-08-01"}, old_injury);
  EXPECT_NE(before.out.find(R"("allowance":"850.00")"), std::string::npos) << before.out;
  CliResult after =
      run_cli({"batch", kRounds, "--draft", kRound2027, "--as-of", "2027-08-01"}, old_injury);
  EXPECT_NE(after.out.find(R"("allowance":"930.00")"), std::string::npos) << after.out << after.err;
  EXPECT_NE(after.out.find(R"("2027-07-01":"sha256:)"), std::string::npos) << after.out;
  CliResult versions = run_cli({"versions", kRounds, "--draft", kRound2027});
  EXPECT_NE(versions.out.find("version \"2027-07-01\"\n  payments   from 2027-07-01"),
            std::string::npos)
      << versions.out;
}

TEST(CliDraft, RuleTestsOfTheSameRuleSetSeeTheDraft) {
  std::string tests = temp_path("tests.yaml");
  write_file(tests, R"(- name: the 2027 round
  ruleset: )" + kRounds +
                        R"(
  as_of: 2027-08-01
  input: {injury_date: 2019-03-10, wage: "1000.00"}
  output: {allowance: "930.00"}
)");
  CliResult without = run_cli({"test", tests});
  EXPECT_EQ(without.exit_code, 1) << without.out;
  CliResult with = run_cli({"test", tests, "--draft", kRound2027});
  EXPECT_EQ(with.exit_code, 0) << with.out << with.err;
  EXPECT_NE(with.out.find("1 passed, 0 failed"), std::string::npos) << with.out;
  // A draft of another rule set is left out of this one.
  CliResult other = run_cli({"test", tests, "--draft", kRound2027, "--draft", kLumpSum});
  EXPECT_EQ(other.exit_code, 0) << other.out << other.err;
}

TEST(CliDraft, DiffNamesTheDraftLikeAnyVersion) {
  // A 2022 grade 5 case (2021's average is sourced): 18 months under
  // 2021-07-01, 19 under the draft, named by its version as if published.
  std::string cases = temp_path("cases.jsonl");
  write_file(cases, R"({"case_id":"a","injury_date":"2022-03-10","region":"changchun_urban",)"
                    R"("wage_avg_12m":"6000.00","grade":5})"
                    "\n");
  CliResult r = run_cli({"diff", kJilin, "--draft", kLumpSum, "--base", "2021-07-01", "--candidate",
                         "2026-01-01", cases, "--as-of", "2023-03-01"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("candidate  2026-01-01"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("108,000.00       114,000.00   +6,000.00"), std::string::npos) << r.out;
}

TEST(CliDraft, DiffOfTwoVersionsAppliesThePaymentDateVersionsOnBothSides) {
  // An injury of 2019 paid on 2025-08-01: the rounds in force then (the
  // fixture's increment is cumulative: 250.00 from 2025-07-01, 100.00 from
  // 2023-07-01) cover it under either regime. 2011-01-01: 60 % of 1000.00
  // + 250.00 = 850.00; 2021-07-01: 70 % + 250.00 = 950.00. Without the
  // rounds the sides would be 600.00 and 700.00.
  std::string cases = temp_path("rounds-fixed.jsonl");
  write_file(cases, R"({"injury_date":"2019-03-10","wage":"1000.00"})"
                    "\n");
  auto per_month = [&](const char* as_of) {
    CliResult r = run_cli({"diff", kRounds, "--base", "2011-01-01", "--candidate", "2021-07-01",
                           cases, "--as-of", as_of, "--json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    size_t at = r.out.find(R"("per_month": {)");
    return at == std::string::npos ? r.out : r.out.substr(at, 80);
  };
  EXPECT_NE(per_month("2025-08-01").find(R"("base": "850.00",)"), std::string::npos)
      << per_month("2025-08-01");
  EXPECT_NE(per_month("2025-08-01").find(R"("candidate": "950.00",)"), std::string::npos);
  // Before the 2025 round: the 2023 round's 100.00.
  EXPECT_NE(per_month("2024-08-01").find(R"("base": "700.00",)"), std::string::npos)
      << per_month("2024-08-01");
}

TEST(CliDraft, DiffOverTheTimelineShowsWhatPublishingChangesByYear) {
  std::string cases = temp_path("rounds.jsonl");
  write_file(cases, R"({"injury_date":"2019-03-10","wage":"1000.00"})"
                    "\n"
                    R"({"injury_date":"2027-03-10","wage":"2000.00"})"
                    "\n");
  std::string html = temp_path("report.html");
  CliResult r = run_cli({"diff", kRounds, "--timeline", "--draft", kRound2027, cases, "--as-of",
                         "2027-08-01", "--group-by", "year(injury_date)", "--html", html});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("By year(injury_date)"), std::string::npos) << r.out;
  // The allowance is paid per month: a year's change is 12 × 80.00.
  EXPECT_NE(r.out.find("  2019                   1        1       0                     +960.00"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("  2027                   1        0       0                        0.00"),
            std::string::npos)
      << r.out;
  std::string page = read_file(html);
  EXPECT_NE(page.find("<td>2019</td>"), std::string::npos);
  EXPECT_NE(page.find("+960.00"), std::string::npos);
  // --timeline takes the drafts, not --base/--candidate.
  EXPECT_EQ(run_cli({"diff", kRounds, "--timeline", cases}).exit_code, 2);
  EXPECT_EQ(
      run_cli({"diff", kRounds, "--timeline", "--draft", kRound2027, "--base", "2011-01-01", cases})
          .exit_code,
      2);
  EXPECT_EQ(run_cli({"diff", kRounds, "--timeline", "--draft", kRound2027, "--group-by",
                     "month(injury_date)", cases})
                .exit_code,
            2);
}

}  // namespace
}  // namespace decree::cli::testing
