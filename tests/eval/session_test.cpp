// Evaluating one decoded case several times: each evaluation computes every
// rule afresh, so an explanation asked for second is complete and results
// do not change.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "api/decree.h"

namespace {

TEST(Session, ReevaluationRecomputesAndExplains) {
  decree::Diagnostics diags;
  auto rules = decree::RuleSet::load(DECREE_SOURCE_DIR "/fixtures/bench/wi-bench", diags);
  ASSERT_NE(rules, nullptr) << decree::render_all(diags);
  decree::Session s(*rules);
  decree::CaseError err;
  ASSERT_TRUE(s.decode_json(
      R"({"case_id":"d","injury_date":"2021-03-02","outcome":"death","wage_avg_12m":"5000.00",)"
      R"("dependents":[{"relation":"spouse","orphan_or_alone":false},{"relation":"child","orphan_or_alone":true}]})",
      err));
  ASSERT_TRUE(s.evaluate(err)) << err.message;
  std::string first;
  s.append_result_json(first);
  decree::EvalOptions explain;
  explain.explain = true;
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(s.evaluate(err, explain)) << err.message;
    std::string again;
    s.append_result_json(again);
    EXPECT_EQ(again, first);
  }
  // avg wage 2020 = 6214.42: own wage 5000.00; spouse 40% = 2000.00, child 30% + 10% = 2000.00.
  EXPECT_NE(first.find("\"dependents_pension_total\":\"4000.00\""), std::string::npos) << first;
  std::string text = s.explain_text();
  EXPECT_NE(text.find("output dependents_pension_total = 4000.00"), std::string::npos) << text;
  EXPECT_NE(text.find("table      pension_share row 1 (relation = spouse)"), std::string::npos)
      << text;
  EXPECT_NE(text.find("parameter  p.avg_monthly_wage[2020] = 6214.42"), std::string::npos) << text;
  // The same sheet in 中文: labels in their column (a Chinese character is
  // two columns wide), names, values and formulas as written.
  std::string zh = s.explain_text(decree::Lang::zh);
  EXPECT_NE(zh.find("规则集 wi_bench"), std::string::npos) << zh;
  EXPECT_NE(zh.find("output dependents_pension_total = 4000.00"), std::string::npos) << zh;
  EXPECT_NE(zh.find("  决策表     pension_share 第 1 行 (relation = spouse)"), std::string::npos)
      << zh;
  EXPECT_NE(zh.find("  参数       p.avg_monthly_wage[2020] = 6214.42 (2020 年度的取值; "),
            std::string::npos)
      << zh;
  EXPECT_NE(zh.find("  代入       "), std::string::npos) << zh;
  EXPECT_EQ(zh.find("formula"), std::string::npos) << zh;
  std::string json = s.explain_json();
  EXPECT_NE(json.find("\"trace_format\": \"1\""), std::string::npos);
  EXPECT_NE(json.find("\"citation\": \"工伤保险条例 第39条第1款第2项\""), std::string::npos);
}

}  // namespace

namespace {

TEST(Session, PartialResultsKeepTheOutputsThatCanBeComputed) {
  auto path = std::filesystem::temp_directory_path() / "decree-partial-test.decree";
  std::ofstream(path) << "ruleset partial\n"
                         "input { x: integer }\n"
                         "let inverse: decimal = 1 / x\n"
                         "output doubled: integer = 2 * x\n"
                         "output share: decimal = round(inverse, 0.01, half_up)\n"
                         "output twice_share: decimal = 2 * share\n"
                         "output tripled: integer = 3 * x\n";
  decree::Diagnostics diags;
  auto rules = decree::RuleSet::load(path.string(), diags);
  std::filesystem::remove(path);
  ASSERT_NE(rules, nullptr) << decree::render_all(diags);
  decree::Session s(*rules);
  decree::CaseError err;
  ASSERT_TRUE(s.decode_json(R"({"x": 0})", err));
  // Without partial results, the first failure fails the case.
  EXPECT_FALSE(s.evaluate(err));
  EXPECT_EQ(err.message, "division by zero");
  // With them, `share` and what reads it fail with that error; the rest is computed.
  decree::EvalOptions partial;
  partial.partial = true;
  ASSERT_TRUE(s.evaluate(err, partial));
  EXPECT_EQ(s.output_text(0), "0");
  ASSERT_NE(s.output_error(1), nullptr);
  EXPECT_EQ(s.output_error(1)->message, "division by zero");
  EXPECT_EQ(s.output_error(1)->rule, "inverse");
  ASSERT_NE(s.output_error(2), nullptr);
  EXPECT_EQ(s.output_error(2)->message, "division by zero");
  EXPECT_EQ(s.output_error(3), nullptr);
  EXPECT_EQ(s.output_text(3), "0");
  std::string json;
  s.append_result_json(json);
  EXPECT_NE(
      json.find(
          R"x("doubled":0,"share":null,"twice_share":null,"tripled":0,"output_errors":{"share":"division by zero (in rule inverse at )x" +
          path.string() + ":3:24)"),
      std::string::npos)
      << json;
  // A case without failures has no output_errors.
  ASSERT_TRUE(s.decode_json(R"({"x": 4})", err));
  ASSERT_TRUE(s.evaluate(err, partial));
  json.clear();
  s.append_result_json(json);
  EXPECT_EQ(json.find("output_errors"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("share":"0.25","twice_share":"0.50")"), std::string::npos) << json;
}

}  // namespace
