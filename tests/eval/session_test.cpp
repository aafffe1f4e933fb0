// Evaluating one decoded case several times: each evaluation computes every
// rule afresh, so an explanation asked for second is complete and results
// do not change.
#include <gtest/gtest.h>

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
  EXPECT_NE(text.find("table      pension_share row 1 (relation = spouse)"), std::string::npos) << text;
  EXPECT_NE(text.find("parameter  p.avg_monthly_wage[2020] = 6214.42"), std::string::npos) << text;
  std::string json = s.explain_json();
  EXPECT_NE(json.find("\"trace_format\": \"1\""), std::string::npos);
  EXPECT_NE(json.find("\"citation\": \"工伤保险条例 第39条第1款第2项\""), std::string::npos);
}

}  // namespace
