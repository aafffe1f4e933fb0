// "Did you mean" (base/suggest.h) and the identifiers of the rule language
// (base/characters.h): the two helpers every stage shares for names.
#include "base/suggest.h"

#include <gtest/gtest.h>

#include "base/characters.h"

namespace decree {
namespace {

TEST(ClosestName, AShortNameMayHaveTwoTypos) {
  // Below six characters the threshold is 2 edits, not a third of the length.
  EXPECT_EQ(closest_name("uint", {"unit", "index"}), "unit");  // two substitutions
  EXPECT_EQ(closest_name("vlue", {"value", "note"}), "value");
  EXPECT_EQ(closest_name("xyz", {"unit"}), "");  // three edits from everything
  EXPECT_EQ(closest_name("ab", {"xyz"}), "");
}

TEST(ClosestName, ALongNameMayHaveAThirdOfItsLengthWrong) {
  // 24 characters: up to 8 edits.
  EXPECT_EQ(closest_name("pooling_avg_anual_wage_x", {"pooling_avg_annual_wage"}),
            "pooling_avg_annual_wage");
  EXPECT_EQ(closest_name("pooling_avg_monthly_wage", {"pooling_avg_annual_wage"}),
            "pooling_avg_annual_wage");  // 7 edits
  EXPECT_EQ(closest_name("disposable_income", {"pooling_avg_annual_wage"}), "");
}

TEST(ClosestName, OnATieTheFirstCandidateWins) {
  EXPECT_EQ(closest_name("grade", {"grades", "graded"}), "grades");
  EXPECT_EQ(closest_name("grade", {"graded", "grades"}), "graded");
  // A closer candidate later still wins.
  EXPECT_EQ(closest_name("grade", {"grad_x", "grades"}), "grades");
}

TEST(ClosestName, CaseCountsAsAnEdit) {
  EXPECT_EQ(closest_name("Unit", {"unit"}), "unit");
  EXPECT_EQ(closest_name("REFERENCE", {"reference"}), "");  // nine edits
  EXPECT_EQ(closest_name("Reference", {"reference"}), "reference");
}

TEST(ClosestName, AChineseCharacterIsOneEdit) {
  // Two characters of three bytes each: one wrong character is one edit.
  EXPECT_EQ(closest_name("工资", {"工龄", "津贴"}), "工龄");
  EXPECT_EQ(closest_name("月平均工资", {"年平均工资", "伤残等级"}), "年平均工资");
  EXPECT_EQ(closest_name("护理费", {"伤残津贴"}), "");
}

TEST(Identifiers, AreTheRuleLanguagesNames) {
  for (const char* name :
       {"x", "_", "avg_wage", "x_2", "工资", "月平均工资", "档次2", "café", "_内部", "Ünter"})
    EXPECT_TRUE(is_identifier(name)) << name;
  for (const char* name : {"", "2x", "a-b", "a b", "工资：", "工资（元）", "a.b", "５x", "x%"})
    EXPECT_FALSE(is_identifier(name)) << name;
  // A decimal digit or a combining mark continues a name but cannot start one.
  EXPECT_TRUE(is_identifier_part(U'5'));
  EXPECT_FALSE(is_identifier_start(U'5'));
  EXPECT_TRUE(is_identifier("e\xCC\x81"));  // e + combining acute accent
  EXPECT_FALSE(
      is_identifier("\xCC\x81"
                    "e"));
  // Not UTF-8: a lone continuation byte, a cut sequence.
  EXPECT_FALSE(is_identifier("a\x80"));
  EXPECT_FALSE(is_identifier("\xE5\xB7"));
}

}  // namespace
}  // namespace decree
