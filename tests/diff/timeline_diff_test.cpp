// `decree diff --timeline`: each case under the version its own dates select,
// before and after a draft joins the timeline (the real effect of publishing
// it), and totals grouped by an input or a year. On tests/lang/versions/rounds
// with the draft round docs/examples/round-2027-07-01 (+330.00 in all, for
// injuries up to 2026, from 2027-07-01), paid on 2027-08-01:
//   2019 (60 % of 1000.00 = 600 + 250 → + 330):   850.00 →   930.00
//   2022 (70 % of 1000.00 = 700 + 250 → + 330):   950.00 → 1,030.00
//   2026 (70 % of 2000.00, not covered → +330): 1,400.00 → 1,730.00
//   2027 (not covered by any round):            1,400.00 → 1,400.00
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "api/decree.h"
#include "diff/diff.h"
#include "diff/report.h"

namespace decree::diff {
namespace {

const std::string kRounds = DECREE_SOURCE_DIR "/tests/lang/versions/rounds";
const std::string kRound2027 = DECREE_SOURCE_DIR "/docs/examples/round-2027-07-01";

std::unique_ptr<const RuleTimeline> load(const std::vector<std::string>& drafts) {
  Diagnostics diags;
  LoadOptions options;
  options.drafts = drafts;
  auto t = RuleTimeline::load(kRounds, diags, options);
  EXPECT_NE(t, nullptr) << render_all(diags);
  return t;
}

std::string cases_file() {
  std::string path = ::testing::TempDir() + "decree_timeline_" + std::to_string(::getpid()) +
                     ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".jsonl";
  std::ofstream(path) << R"({"injury_date":"2019-03-10","wage":"1000.00"})"
                         "\n"
                         R"({"injury_date":"2022-03-10","wage":"1000.00"})"
                         "\n"
                         R"({"injury_date":"2026-03-10","wage":"2000.00"})"
                         "\n"
                         R"({"injury_date":"2027-03-10","wage":"2000.00"})"
                         "\n"
                         R"({"wage":"2000.00"})"
                         "\n";  // no injury date: fails on both sides
  return path;
}

DiffResult run(unsigned threads, std::optional<GroupBy> group_by) {
  static auto published = load({});
  static auto with_draft = load({kRound2027});
  Side before{published->versions().back().get(), "published", false, published.get()};
  Side after{with_draft->versions().back().get(), "with the 2027 round", true, with_draft.get()};
  DiffOptions options;
  options.as_of = Date::parse("2027-08-01");
  options.threads = threads;
  options.group_by = group_by;
  return run_diff(before, after, {{cases_file(), CaseFormat::jsonl}}, options);
}

TEST(TimelineDiff, EachCaseRunsUnderItsOwnVersionOnBothSides) {
  DiffResult r = run(1, std::nullopt);
  EXPECT_EQ(r.stats.cases, 5u);
  EXPECT_EQ(r.stats.both_ok, 4u);
  EXPECT_EQ(r.stats.both_failed, 1u);
  EXPECT_EQ(r.stats.changed, 3u);
  ASSERT_EQ(r.outputs.size(), 1u);
  const OutputStats& allowance = r.stats.outputs[0];
  EXPECT_EQ(allowance.base_total.to_string(), "4600.00");       // 850 + 950 + 1400 + 1400
  EXPECT_EQ(allowance.candidate_total.to_string(), "5090.00");  // 930 + 1030 + 1730 + 1400
  EXPECT_EQ(allowance.increase_total.to_string(), "490.00");
}

TEST(TimelineDiff, TotalsPerYearOfTheInjuryAreExactAndAddUp) {
  DiffResult r = run(2, GroupBy{"injury_date", true});
  const auto& g = r.stats.groups;
  ASSERT_EQ(g.size(), 5u);
  EXPECT_EQ(g.at("2019").base_total[0].to_string(), "850.00");
  EXPECT_EQ(g.at("2019").candidate_total[0].to_string(), "930.00");
  EXPECT_EQ(g.at("2026").candidate_total[0].to_string(), "1730.00");
  EXPECT_EQ(g.at("2027").changed, 0u);
  EXPECT_EQ(g.at(kNoGroupValue).failed, 1u);
  Decimal sum;
  for (const auto& [value, stats] : g) sum = sum + stats.candidate_total[0];
  EXPECT_EQ(sum, r.stats.outputs[0].candidate_total);
  auto json = diff_json(r);
  EXPECT_EQ(json["groups"]["by"], "year(injury_date)");
  EXPECT_EQ(json["groups"]["rows"][0]["value"], "(none)");
  EXPECT_EQ(json["groups"]["rows"][1]["outputs"]["allowance"]["difference"], "80.00");
  EXPECT_EQ(json["candidate"]["timeline"]["payment_versions"].size(), 3u);
}

TEST(TimelineDiff, GroupsByAnInputAsTheCaseGivesIt) {
  DiffResult r = run(1, GroupBy{"wage", false});
  ASSERT_EQ(r.stats.groups.size(), 2u);
  EXPECT_EQ(r.stats.groups.at("1000.00").cases, 2u);
  EXPECT_EQ(r.stats.groups.at("2000.00").cases, 3u);
}

TEST(TimelineDiff, GroupByParsesAFieldOrTheYearOfOne) {
  EXPECT_EQ(parse_group_by("region")->label(), "region");
  EXPECT_EQ(parse_group_by("year(injury_date)")->label(), "year(injury_date)");
  EXPECT_FALSE(parse_group_by("year(injury date)"));
  EXPECT_FALSE(parse_group_by("month(injury_date)"));
  EXPECT_FALSE(parse_group_by(""));
}

}  // namespace
}  // namespace decree::diff
