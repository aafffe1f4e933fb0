// The comparison itself, in process: a change that affects nothing, one that
// changes amounts (exact totals, counts, histogram, largest changes), one that
// breaks cases, drafts outside the rules directory, determinism across
// threads, and the explanation diff of one case.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "api/decree.h"
#include "base/codes_reports.h"
#include "diff/diff.h"
#include "diff/explain_diff.h"
#include "diff/report.h"

namespace decree::diff {
namespace {

namespace fs = std::filesystem;

const std::string kSource = DECREE_SOURCE_DIR;
const std::string kDemo = kSource + "/tests/lang/versions/demo";
const std::string kDrafts = kSource + "/tests/diff/data/drafts";

std::string temp_file(const std::string& name, const std::string& text) {
  std::string path =
      ::testing::TempDir() + "decree_diff_" + std::to_string(::getpid()) + "_" + name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

// Demo cases: injury dates 2020-2022 (avg wage 5000/5500/6000 in the base,
// 5600/6100 in 2021-07-01), one of 2019 (no 2018 figure: fails under both).
const char* kDemoCases =
    "{\"injury_date\":\"2021-08-01\",\"wage\":\"2000.00\",\"care\":\"partial\"}\n"
    "{\"injury_date\":\"2022-03-01\",\"wage\":\"9000.00\",\"care\":\"full\"}\n"
    "{\"injury_date\":\"2021-09-01\",\"wage\":\"30000.00\"}\n"
    "{\"injury_date\":\"2019-05-01\",\"wage\":\"4000.00\"}\n"
    "{\"injury_date\":\"2022-12-31\",\"wage\":\"3600.00\",\"care\":\"none\"}\n";

struct Fixture {
  std::unique_ptr<const RuleTimeline> timeline;
  std::unique_ptr<const RuleSet> draft;
  Side side(const std::string& version) { return {timeline->find(version), version, false}; }
  Side draft_side(const std::string& dir) {
    Diagnostics diags;
    draft = RuleSet::load(dir, diags, LoadOptions{{}, {kDemo}});
    EXPECT_TRUE(draft) << render_all(diags);
    return {draft.get(), dir, true};
  }
};

Fixture demo() {
  Fixture f;
  Diagnostics diags;
  f.timeline = RuleTimeline::load(kDemo, diags);
  EXPECT_TRUE(f.timeline) << render_all(diags);
  return f;
}

size_t index_of(const DiffResult& r, const std::string& name) {
  for (size_t i = 0; i < r.outputs.size(); ++i)
    if (r.outputs[i].name == name) return i;
  ADD_FAILURE() << "no output " << name;
  return 0;
}

TEST(DiffRun, IdenticalVersionsChangeNothing) {
  Fixture f = demo();
  std::string cases = temp_file("same.jsonl", kDemoCases);
  DiffOptions options;
  DiffResult r =
      run_diff(f.side("2021-07-01"), f.side("2021-07-01"), {{cases, CaseFormat::jsonl}}, options);
  EXPECT_EQ(r.stats.cases, 5u);
  EXPECT_EQ(r.stats.both_ok, 4u);
  EXPECT_EQ(r.stats.changed, 0u);
  EXPECT_EQ(r.stats.both_failed, 1u);
  EXPECT_EQ(r.stats.base_failed_only + r.stats.candidate_failed_only, 0u);
  for (size_t o = 0; o < r.outputs.size(); ++o) {
    EXPECT_EQ(r.stats.outputs[o].changed, 0u) << r.outputs[o].name;
    EXPECT_EQ(r.stats.outputs[o].base_total, r.stats.outputs[o].candidate_total);
    EXPECT_TRUE(r.stats.outputs[o].largest.empty());
  }
  EXPECT_EQ(r.stats.outputs[index_of(r, "own_wage")].base_total.to_string(),
            "32820.00");  // 3360 + 9000 + 16800 + 3660
}

TEST(DiffRun, ForcedVersionsChangeAmountsExactly) {
  Fixture f = demo();
  std::string cases = temp_file("amounts.jsonl", kDemoCases);
  DiffOptions options;
  options.top = 2;
  DiffResult r =
      run_diff(f.side("2011-01-01"), f.side("2021-07-01"), {{cases, CaseFormat::jsonl}}, options);
  EXPECT_EQ(r.stats.both_ok, 4u);
  EXPECT_EQ(r.stats.changed, 4u);
  // funeral: 6 × avg (base) → 7 × avg (2021-07-01, factor 1), avg also moves:
  // 2020: 5500 → 5600; 2021: 6000 → 6100.
  const OutputStats& funeral = r.stats.outputs[index_of(r, "funeral")];
  EXPECT_EQ(funeral.changed, 4u);
  EXPECT_EQ(funeral.increased, 4u);
  EXPECT_EQ(funeral.base_total.to_string(), "138000.00");       // 33000 + 36000 + 33000 + 36000
  EXPECT_EQ(funeral.candidate_total.to_string(), "163800.00");  // 39200 + 42700 + 39200 + 42700
  ASSERT_EQ(funeral.largest.size(), 2u);
  EXPECT_EQ(funeral.largest[0].difference.to_string(), "6700.00");  // 2022 cases: 36000 → 42700
  EXPECT_EQ(funeral.largest[0].where.line, 2u);                     // ties: input order
  EXPECT_EQ(funeral.largest[1].where.line, 5u);
  EXPECT_EQ(funeral.histogram[static_cast<size_t>(bucket_of(Decimal::from_int(6200)))], 4u);
  // The new output regional_note exists only in the candidate.
  const OutputInfo& note = r.outputs[index_of(r, "regional_note")];
  EXPECT_EQ(note.base_index, -1);
  EXPECT_GE(note.candidate_index, 0);
  EXPECT_EQ(r.stats.outputs[index_of(r, "regional_note")].compared, 0u);
  // Who pays: every money output of the demo is paid by the fund.
  auto payers = payer_totals(r);
  ASSERT_EQ(payers.size(), 1u);
  EXPECT_EQ(payers[0].payer, "fund");
}

TEST(DiffRun, DraftOutsideTheRulesDirectory) {
  Fixture f = demo();
  std::string cases = temp_file("draft.jsonl", kDemoCases);
  Side candidate = f.draft_side(kDrafts + "/demo-funeral-raise");
  ASSERT_TRUE(candidate.rules);
  EXPECT_EQ(candidate.rules->version().extends, "2021-07-01");
  DiffResult r = run_diff(f.side("2021-07-01"), candidate, {{cases, CaseFormat::jsonl}}, {});
  const OutputStats& funeral = r.stats.outputs[index_of(r, "funeral")];
  EXPECT_EQ(funeral.changed, 4u);  // factor 1 → 1.5 from 2021-01-01
  // 7 × avg × 1.5 instead of 7 × avg: 245700.00 − 163800.00
  EXPECT_EQ((funeral.candidate_total - funeral.base_total).to_string(), "81900.00");
  EXPECT_EQ(r.stats.outputs[index_of(r, "own_wage")].changed, 0u);
}

TEST(DiffRun, DraftFindsItsBaseOnlyThroughBaseDirs) {
  // tests/diff/data/drafts has no version 2021-07-01 beside the draft: the
  // loader needs LoadOptions::base_dirs to find it in the rules directory.
  Diagnostics diags;
  EXPECT_FALSE(RuleSet::load(kDrafts + "/demo-funeral-raise", diags));
  EXPECT_NE(render_all(diags).find("no directory beside"), std::string::npos) << render_all(diags);
  Diagnostics ok;
  auto rs = RuleSet::load(kDrafts + "/demo-funeral-raise", ok, LoadOptions{{}, {kDemo}});
  ASSERT_TRUE(rs) << render_all(ok);
  // The chain is draft → 2021-07-01 → 2011-01-01, all three hashed.
  EXPECT_EQ(rs->version().files.size(), 6u);
}

TEST(DiffRun, UnsourcedParameterBreaksCasesUnderOneVersionOnly) {
  Fixture f = demo();
  std::string cases = temp_file("broken.jsonl", kDemoCases);
  Side candidate = f.draft_side(kDrafts + "/demo-unsourced");
  DiffResult r = run_diff(f.side("2021-07-01"), candidate, {{cases, CaseFormat::jsonl}}, {});
  EXPECT_EQ(r.stats.candidate_failed_only, 2u);  // the 2022 injuries need the 2021 average
  EXPECT_EQ(r.stats.base_failed_only, 0u);
  EXPECT_EQ(r.stats.both_failed, 1u);
  EXPECT_EQ(r.stats.both_ok, 2u);
  EXPECT_EQ(r.stats.changed, 0u);
  ASSERT_EQ(r.stats.failed.size(), 2u);
  EXPECT_EQ(r.stats.failed[0].where.line, 2u);
  EXPECT_FALSE(r.stats.failed[0].base_failed);
  EXPECT_TRUE(r.stats.failed[0].candidate_failed);
  EXPECT_NE(r.stats.failed[0].candidate_error.message.find("unsourced"), std::string::npos);
  bool found = false;
  for (const auto& [key, m] : r.stats.messages)
    if (m.kind == FailureKind::candidate_only) {
      found = true;
      EXPECT_EQ(m.count, 2u);
      EXPECT_EQ(m.first.line, 2u);
    }
  EXPECT_TRUE(found);
  // The reverse: the same cases fail under the base only.
  DiffResult back = run_diff(candidate, f.side("2021-07-01"), {{cases, CaseFormat::jsonl}}, {});
  EXPECT_EQ(back.stats.base_failed_only, 2u);
  EXPECT_EQ(back.stats.candidate_failed_only, 0u);
}

TEST(DiffRun, ResultDoesNotDependOnThreadsOrBatches) {
  Fixture f = demo();
  std::string text;
  for (int i = 0; i < 300; ++i) {
    int wage = 1000 + (i * 7919) % 40000;
    text += "{\"injury_date\":\"202" + std::to_string(1 + i % 2) + "-0" +
            std::to_string(1 + i % 9) + "-1" + std::to_string(i % 10) + "\",\"wage\":\"" +
            std::to_string(wage) + ".00\",\"care\":\"" +
            (i % 3 == 0 ? "full" : (i % 3 == 1 ? "partial" : "none")) + "\"}\n";
  }
  std::string cases = temp_file("many.jsonl", text);
  DiffOptions one;
  one.threads = 1;
  one.top = 5;
  DiffOptions many = one;
  many.threads = 4;
  many.batch_records = 3;
  many.batch_bytes = 100;
  auto a = run_diff(f.side("2011-01-01"), f.side("2021-07-01"), {{cases, CaseFormat::jsonl}}, one);
  auto b = run_diff(f.side("2011-01-01"), f.side("2021-07-01"), {{cases, CaseFormat::jsonl}}, many);
  EXPECT_EQ(a.stats.cases, 300u);
  EXPECT_EQ(diff_json(a).dump(), diff_json(b).dump());
}

// A CSV row that cannot become a case is reported under its own case id
// (the short row of X3), or under none when the id itself cannot be read
// (X"6": a quote inside an unquoted cell), never under another row's id.
TEST(DiffRun, UnreadableCsvRowKeepsItsOwnCaseId) {
  Diagnostics diags;
  auto wi = RuleSet::load(kSource + "/fixtures/bench/wi-bench", diags);
  ASSERT_TRUE(wi) << render_all(diags);
  std::string cases =
      temp_file("short.csv",
                "case_id,injury_date,outcome,grade,care_level,wage_avg_12m,terminated,dependents\n"
                "X1,2022-07-24,disability,7,none,7720.10,false,\n"
                "X2,2022-01-30,disability,8,none,4742.79,true,\n"
                "X3,2022-04-22,disability\n"
                "X4,2022-09-06,disability,9,none,7054.68,false,\n"
                "X\"6\",2022-09-06,disability,9,none,7054.68,false,\n");
  Side side{wi.get(), "", false};
  DiffResult r = run_diff(side, side, {{cases, CaseFormat::csv}}, {});
  EXPECT_EQ(r.stats.both_ok, 3u);
  EXPECT_EQ(r.stats.both_failed, 2u);
  ASSERT_EQ(r.stats.failed_both.size(), 2u);
  EXPECT_EQ(r.stats.failed_both[0].where.line, 4u);
  EXPECT_EQ(r.stats.failed_both[0].where.case_id, "X3");
  EXPECT_NE(r.stats.failed_both[0].base_error.message.find("3 cells"), std::string::npos)
      << r.stats.failed_both[0].base_error.message;
  EXPECT_EQ(r.stats.failed_both[1].where.line, 6u);
  EXPECT_EQ(r.stats.failed_both[1].where.case_id, "");
  ASSERT_EQ(r.stats.messages.size(), 2u);
  for (const auto& [key, m] : r.stats.messages) {
    if (m.first.line == 4u) {
      EXPECT_EQ(m.first.case_id, "X3") << m.message;
    } else {
      EXPECT_EQ(m.first.line, 6u) << m.message;
      EXPECT_EQ(m.first.case_id, "") << m.message;
    }
  }
}

TEST(DiffRun, MissingFileIsReported) {
  Fixture f = demo();
  DiffResult r = run_diff(f.side("2011-01-01"), f.side("2021-07-01"),
                          {{"/nonexistent/cases.jsonl", CaseFormat::jsonl}}, {});
  ASSERT_EQ(r.read_errors.size(), 1u);
  EXPECT_EQ(r.read_errors[0].code, msg::report_cannot_open);
  EXPECT_EQ(
      message_text(r.read_errors[0], Lang::en).rfind("/nonexistent/cases.jsonl: cannot open: ", 0),
      0u);
  EXPECT_EQ(
      message_text(r.read_errors[0], Lang::zh).rfind("/nonexistent/cases.jsonl：无法打开：", 0),
      0u);
  EXPECT_EQ(r.stats.cases, 0u);
}

TEST(DiffBuckets, ExactEdges) {
  auto d = [](const char* s) { return Decimal::parse_or_throw(s); };
  EXPECT_EQ(bucket_of(d("0.01")), 7);
  EXPECT_EQ(bucket_of(d("0.99")), 7);
  EXPECT_EQ(bucket_of(d("1")), 8);
  EXPECT_EQ(bucket_of(d("9.99")), 8);
  EXPECT_EQ(bucket_of(d("10.00")), 9);
  EXPECT_EQ(bucket_of(d("99999.99")), 12);
  EXPECT_EQ(bucket_of(d("100000")), 13);
  EXPECT_EQ(bucket_of(d("-0.01")), 6);
  EXPECT_EQ(bucket_of(d("-1")), 5);
  EXPECT_EQ(bucket_of(d("-100000.00")), 0);
  EXPECT_EQ(bucket_label(9), "10 <= d < 100");
  EXPECT_EQ(bucket_label(6), "-1 < d < 0");
  EXPECT_EQ(bucket_label(4), "-100 < d <= -10");
  EXPECT_EQ(bucket_label(0), "d <= -100,000");
  EXPECT_EQ(bucket_label(13), "d >= 100,000");
}

// Totals by the period each version declares: the 2021-07-01 demo declares
// none, the draft `per month` for own_wage and nursing and `once` for funeral.
TEST(DiffPeriods, TotalsGoByTheDeclaredPeriod) {
  Fixture f = demo();
  Side candidate = f.draft_side(kDrafts + "/demo-periods");
  std::string cases = temp_file("periods.jsonl", kDemoCases);
  DiffResult r = run_diff(f.side("2021-07-01"), candidate, {{cases, CaseFormat::jsonl}}, {});
  const OutputInfo& nursing = r.outputs[index_of(r, "nursing")];
  EXPECT_EQ(nursing.base_period, ast::Period::none);
  EXPECT_EQ(nursing.candidate_period, ast::Period::per_month);
  EXPECT_FALSE(nursing.monthly);  // not per month in the base
  EXPECT_EQ(r.outputs[index_of(r, "funeral")].candidate_period, ast::Period::once);
  auto total = [&](const std::string& name, bool base) {
    const OutputStats& st = r.stats.outputs[index_of(r, name)];
    return base ? st.base_total : st.candidate_total;
  };
  auto groups = payer_totals(r);
  ASSERT_EQ(groups.size(), 1u);
  const PayerTotals& fund = groups[0];
  EXPECT_EQ(fund.payer, "fund");
  EXPECT_TRUE(fund.per_month.any && fund.once.any && fund.undeclared.any);
  // The base declares no period: all its money is "not declared", none of the candidate's.
  EXPECT_EQ(fund.undeclared.base,
            total("own_wage", true) + total("nursing", true) + total("funeral", true));
  EXPECT_EQ(fund.undeclared.candidate, Decimal());
  EXPECT_EQ(fund.per_month.base, Decimal());
  EXPECT_EQ(fund.per_month.candidate, total("own_wage", false) + total("nursing", false));
  EXPECT_EQ(fund.once.candidate, total("funeral", false));
  // One case of partial care, at 40% instead of 35% of the 2020 average (5600): +280.00.
  EXPECT_EQ((total("nursing", false) - total("nursing", true)).to_string(), "280.00");
  nlohmann::ordered_json j = diff_json(r);
  EXPECT_EQ(j["diff_format"], "2");
  EXPECT_EQ(j["by_payer"][0]["per_month_yearly"]["candidate"],
            total_text(fund.per_month.candidate * Decimal::from_int(12), true));
  EXPECT_EQ(j["by_payer"][0]["period_not_declared"]["candidate"], "0.00");
  for (const auto& o : j["outputs"]) {
    if (o["name"] == "funeral") {
      EXPECT_EQ(o["period"]["candidate"], "once");
    }
  }
}

// `--monthly` speaks only for a version that declares no period.
TEST(DiffPeriods, MonthlyOptionOnlyWhereNoPeriodIsDeclared) {
  Fixture f = demo();
  Side candidate = f.draft_side(kDrafts + "/demo-periods");
  std::string cases = temp_file("periods-monthly.jsonl", kDemoCases);
  DiffOptions options;
  options.monthly = std::vector<std::string>{"nursing", "funeral"};
  DiffResult r = run_diff(f.side("2021-07-01"), candidate, {{cases, CaseFormat::jsonl}}, options);
  const OutputInfo& nursing = r.outputs[index_of(r, "nursing")];
  EXPECT_EQ(nursing.base_period, ast::Period::per_month);
  EXPECT_TRUE(nursing.monthly);
  const OutputInfo& funeral = r.outputs[index_of(r, "funeral")];
  EXPECT_EQ(funeral.base_period, ast::Period::per_month);
  EXPECT_EQ(funeral.candidate_period, ast::Period::once);  // declared: the option does not apply
  EXPECT_FALSE(funeral.monthly);
  EXPECT_EQ(r.outputs[index_of(r, "own_wage")].base_period, ast::Period::none);
}

TEST(DiffReport, GroupDigits) {
  EXPECT_EQ(group_digits("1234567.50"), "1,234,567.50");
  EXPECT_EQ(group_digits("-1234"), "-1,234");
  EXPECT_EQ(group_digits("123"), "123");
  EXPECT_EQ(group_digits("2/37"), "2/37");
  EXPECT_EQ(signed_text(Decimal::parse_or_throw("1000.00")), "+1,000.00");
  EXPECT_EQ(total_text(Decimal(), true), "0.00");
  EXPECT_EQ(total_text(Decimal(), false), "0");
}

TEST(DiffCase, ExplanationsComparedRuleByRule) {
  Fixture f = demo();
  Side candidate = f.draft_side(kDrafts + "/demo-funeral-raise");
  FoundCase c{{"", 0, 1},
              "{\"injury_date\":\"2021-08-01\",\"wage\":\"2000.00\",\"care\":\"partial\"}"};
  CaseComparison cmp = compare_case(*f.timeline->find("2011-01-01"), *candidate.rules, c, {});
  ASSERT_TRUE(cmp.base.ok);
  ASSERT_TRUE(cmp.candidate.ok);
  auto step = [&](const std::string& rule) -> const StepDiff& {
    for (const auto& s : cmp.steps)
      if (s.rule == rule) return s;
    ADD_FAILURE() << "no step " << rule;
    return cmp.steps.front();
  };
  // avg: the parameter's value differs (5500 → 5600): the change starts there.
  const StepDiff& avg = step("avg");
  EXPECT_EQ(avg.cause, "here");
  ASSERT_EQ(avg.parameters.size(), 1u);
  EXPECT_TRUE(avg.parameters[0].differs);
  EXPECT_EQ(*avg.parameters[0].base, "5500.00");
  EXPECT_EQ(*avg.parameters[0].candidate, "5600.00");
  // nursing: the table row's text differs (30% → 35%) and so does avg.
  const StepDiff& nursing = step("nursing");
  EXPECT_EQ(nursing.cause, "here");
  ASSERT_EQ(nursing.table_rows.size(), 1u);
  EXPECT_TRUE(nursing.table_rows[0].differs);
  // funeral: another formula.
  const StepDiff& funeral = step("funeral");
  EXPECT_TRUE(funeral.formula_differs);
  EXPECT_EQ(funeral.cause, "here");
  // own_wage changed only because avg did.
  EXPECT_EQ(step("own_wage").cause, "reads");
  // regional_note is new.
  EXPECT_EQ(step("regional_note").cause, "added");
  for (const auto& o : cmp.outputs) {
    if (o.name != "funeral") continue;
    ASSERT_TRUE(o.difference);
    EXPECT_EQ(*o.difference, "25800.00");  // 33000 → 7 × 5600 × 1.5
  }
}

}  // namespace
}  // namespace decree::diff
