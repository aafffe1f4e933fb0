// Parameter names in Chinese, end to end: a parameter file whose parameter
// and key names are Chinese, read by a rule file that uses them, checked and
// evaluated (tests/lang/params/names). A parameter file accepts exactly the
// identifiers of the rule language (base/characters.h).
#include <gtest/gtest.h>

#include "api/decree.h"

namespace {

const char* kRules = DECREE_SOURCE_DIR "/tests/lang/params/names/rules.decree";

TEST(ChineseNames, ARuleFileReadsAParameterNamedInChinese) {
  decree::Diagnostics diags;
  auto rules = decree::RuleSet::load(kRules, diags);
  ASSERT_NE(rules, nullptr) << decree::render_all(diags);
  EXPECT_TRUE(diags.empty()) << decree::render_all(diags);
  decree::Session s(*rules);
  decree::CaseError err;
  ASSERT_TRUE(s.decode_json(R"({"injury_date": "2023-05-01", "grade": 2})", err)) << err.message;
  decree::EvalOptions explain;
  explain.explain = true;
  ASSERT_TRUE(s.evaluate(err, explain)) << err.message;
  std::string json;
  s.append_result_json(json);
  // The year before the injury, and grade 2 of the injury's year (a Chinese key name).
  EXPECT_NE(json.find("\"月平均工资\":\"7268.50\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"increment\":\"204.00\""), std::string::npos) << json;
  std::string text = s.explain_text();
  EXPECT_NE(text.find("参数.月平均工资[2022] = 7268.50"), std::string::npos) << text;
}

}  // namespace
