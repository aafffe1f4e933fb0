// Base: calendar dates and compiler-style diagnostics.
#include <gtest/gtest.h>

#include "base/date.h"
#include "base/diagnostics.h"
#include "base/yaml_errors.h"

namespace decree {
namespace {

TEST(Date, ParsesOnlyRealCalendarDays) {
  EXPECT_TRUE(Date::parse("2024-02-29"));
  EXPECT_FALSE(Date::parse("2023-02-29"));
  EXPECT_FALSE(Date::parse("2021-13-01"));
  EXPECT_FALSE(Date::parse("2021-7-1"));
  EXPECT_FALSE(Date::parse("2021-07-01 "));
  EXPECT_EQ(Date::parse("1970-01-01")->days, 0);
  EXPECT_EQ(Date::parse("1970-01-02")->days, 1);
  EXPECT_EQ(Date::parse("1969-12-31")->days, -1);
  EXPECT_EQ(Date::parse("2021-07-01")->to_string(), "2021-07-01");
}

TEST(Date, FieldsRoundTrip) {
  Date d = *Date::parse("2000-02-29");
  EXPECT_EQ(d.year(), 2000);
  EXPECT_EQ(d.month(), 2u);
  EXPECT_EQ(d.day(), 29u);
  EXPECT_EQ(Date::from_ymd(2000, 2, 29), d);
}

TEST(Date, AddMonthsClampsToTheMonthEnd) {
  EXPECT_EQ(add_months(*Date::parse("2024-01-31"), 1).to_string(), "2024-02-29");
  EXPECT_EQ(add_months(*Date::parse("2023-01-31"), 1).to_string(), "2023-02-28");
  EXPECT_EQ(add_months(*Date::parse("2021-07-01"), 12).to_string(), "2022-07-01");
  EXPECT_EQ(add_months(*Date::parse("2021-03-31"), -1).to_string(), "2021-02-28");
  EXPECT_EQ(add_months(*Date::parse("2021-01-15"), -13).to_string(), "2019-12-15");
}

TEST(Date, MonthsBetweenCountsWholeMonths) {
  EXPECT_EQ(months_between(*Date::parse("2021-01-15"), *Date::parse("2021-03-14")), 1);
  EXPECT_EQ(months_between(*Date::parse("2021-01-15"), *Date::parse("2021-03-15")), 2);
  EXPECT_EQ(months_between(*Date::parse("2021-03-15"), *Date::parse("2021-01-15")), -2);
  // Consistent with add_months: one month after 01-31 is 02-28.
  EXPECT_EQ(months_between(*Date::parse("2021-01-31"), *Date::parse("2021-02-28")), 1);
  EXPECT_EQ(months_between(*Date::parse("2021-01-31"), *Date::parse("2021-02-27")), 0);
}

TEST(Date, AgeCountsBirthdays) {
  EXPECT_EQ(age_at(*Date::parse("1990-07-01"), *Date::parse("2021-06-30")), 30);
  EXPECT_EQ(age_at(*Date::parse("1990-07-01"), *Date::parse("2021-07-01")), 31);
  EXPECT_EQ(age_at(*Date::parse("2000-02-29"), *Date::parse("2001-02-28")), 0);
  EXPECT_EQ(age_at(*Date::parse("2000-02-29"), *Date::parse("2001-03-01")), 1);
}

TEST(Diagnostics, RendersLikeACompiler) {
  auto file = std::make_shared<SourceFile>("benefits.decree",
                                           "ruleset t\noutput x: money = own_wage + 60%\n");
  Diagnostics diags;
  diags.error(Span{file.get(), 2, 19, 2, 32}, "cannot add rate to money");
  EXPECT_EQ(render(diags.items()[0]),
            "benefits.decree:2:19: error: cannot add rate to money\n"
            " 2 | output x: money = own_wage + 60%\n"
            "   |                   ^~~~~~~~~~~~~~\n");
  EXPECT_EQ(render_brief(diags.items()[0]),
            "benefits.decree:2:19: error: cannot add rate to money");
  EXPECT_TRUE(diags.has_errors());
  EXPECT_EQ(diags.error_count(), 1u);
}

TEST(Diagnostics, BriefKeepsANoteOfSeveralLinesOnOneLine) {
  auto file = std::make_shared<SourceFile>("t.decree", "table months(grade: integer)\n");
  Diagnostics diags;
  diags.warning(Span{file.get(), 1, 7, 1, 12}, "table `months` has no row for `grade` = 5")
      .note({}, Message{Code::none, {}});
  Diagnostic d = diags.items()[0];
  d.notes[0].message = "a case:\n    grade: 5\n    care: none";
  EXPECT_EQ(render_brief(d),
            "t.decree:1:7: warning: table `months` has no row for `grade` = 5 "
            "(note: a case: grade: 5; care: none)");
}

TEST(Diagnostics, CaretLinesUpUnderChineseText) {
  // Columns count code points; CJK characters take two terminal cells.
  auto file =
      std::make_shared<SourceFile>("工伤.decree", "output 伤残津贴: money = 本人工资 * 90%\n");
  Diagnostics diags;
  diags.warning(Span{file.get(), 1, 22, 1, 25}, "example");
  std::string text = render(diags.items()[0]);
  EXPECT_NE(text.find("工伤.decree:1:22: warning: example"), std::string::npos);
  // "output 伤残津贴: money = " is 7 + 4×2 + 10 = 25 cells wide; 本人工资 takes 4×2 cells.
  EXPECT_NE(text.find("\n   | " + std::string(25, ' ') + "^~~~~~~~\n"), std::string::npos) << text;
}

TEST(Diagnostics, KeepTheirSourceAliveAfterTheLoaderIsGone) {
  Diagnostics diags;
  {
    auto file = std::make_shared<SourceFile>("gone.decree", "let x = y\n");
    diags.error(Span{file.get(), 1, 9, 1, 9}, "unknown name `y`");
  }
  EXPECT_NE(render(diags.items()[0]).find(" 1 | let x = y"), std::string::npos);
}

TEST(Source, SpanTextCoversSeveralLines) {
  auto file = std::make_shared<SourceFile>("f", "output x =\n  a +\n  b\n");
  EXPECT_EQ(span_text(Span{file.get(), 2, 3, 3, 3}), "a +\n  b");
  EXPECT_EQ(span_text(Span{file.get(), 1, 8, 1, 8}), "x");
}

// yaml-cpp's texts (yaml-cpp/exceptions.h ErrorMsg) read in 中文; the English
// stays yaml-cpp's own, and an unknown text is kept as written.
TEST(YamlErrors, YamlCppsTextsAreTranslatedAndTheEnglishKept) {
  for (const char* text :
       {"end of map not found", "end of map flow not found", "end of sequence not found",
        "end of sequence flow not found", "illegal map value", "illegal map key",
        "illegal block entry", "illegal flow end", "illegal EOF in scalar",
        "illegal character in scalar", "unknown token", "the referenced anchor is not defined",
        "nesting too deep"}) {
    MessageArg a = yaml_error_detail(text);
    EXPECT_EQ(a.name, "detail");
    EXPECT_EQ(a.value(Lang::en), text);
    EXPECT_NE(a.value(Lang::zh), text) << text;
  }
  MessageArg escape = yaml_error_detail("unknown escape character: q");
  EXPECT_EQ(escape.value(Lang::en), "unknown escape character: q");
  EXPECT_NE(escape.value(Lang::zh).find("`q`"), std::string::npos) << escape.value(Lang::zh);
  MessageArg other = yaml_error_detail("bad conversion");
  EXPECT_EQ(other.value(Lang::en), "bad conversion");
  EXPECT_EQ(other.value(Lang::zh), "bad conversion");
}

}  // namespace
}  // namespace decree
