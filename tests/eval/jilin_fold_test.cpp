// The shipped Jilin 伤残津贴 after the adjustment rounds (工伤保险条例 第四十条:
// `rounds_applied`, a filtered range, and the fold `allowance_after_rounds`
// in rules/jilin/work-injury-benefits/2011-01-01) give what a year-by-year
// computation gives: one rule per year 2012..2030 (generated here as text,
// as the rules were written before the fold), each adding that year's round
// when it applies, with its top-up compared to the amount after the earlier
// rounds. The whole rule set (its two versions and the rounds, which ship as
// payment-date versions beside them) is copied to a scratch directory and the
// unrolled rules added there; the shipped files are not changed. Compared
// over a grid of injury years, grades, wages and payment dates, errors
// included: an unknown round, start date or top-up clause refuses both with
// the same message.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>

#include "api/decree.h"
#include "base/date.h"

namespace {

namespace fs = std::filesystem;

constexpr int kFirstYear = 2012, kLastYear = 2030;

// A round of year Y applies when it is in force on the payment date (Y <=
// latest_round), comes after the injury year and covers it; the conditions in
// the order the shipped range evaluates them (its bound first), so that an
// unsourced figure fails both computations alike.
std::string applies(int y) {
  std::string Y = std::to_string(y);
  return Y + " <= latest_round and " + Y +
         " > injury_year and injury_year <= p.adjustment_cutoff_year[" + Y + "]";
}

std::string unrolled_rules() {
  std::string s =
      "# Added by tests/eval/jilin_fold_test.cpp: the rounds, year by year.\n"
      "ruleset jilin.work_injury.benefits\n\n";
  // Which rounds apply, year by year (1 or 0), and how many: all of them are
  // decided first, in year order, as the shipped list `rounds_applied` is
  // before its fold, so that an unsourced figure fails both alike.
  std::string count;
  for (int y = kFirstYear; y <= kLastYear; ++y) {
    std::string Y = std::to_string(y);
    s += "let applies_" + Y + ": integer = if " + applies(y) + " then 1 else 0\n";
    count += (count.empty() ? "" : " + ") + std::string("applies_") + Y;
  }
  s += "let unrolled_rounds: integer = " + count + "\n";
  // The 伤残津贴 after each year's round: the amount so far, plus the
  // round's increment and its top-up, which compares the amount after the
  // increment with the round's threshold.
  std::string prev = "allowance_base", prev_plain = "allowance_base";
  for (int y = kFirstYear; y <= kLastYear; ++y) {
    std::string Y = std::to_string(y);
    std::string inc = "p.allowance_increment[" + Y + ", grade]";
    s += "let unrolled_" + Y + ": money = " + prev + " +\n  (if applies_" + Y + " == 1\n   then " +
         inc + " + (if " + prev + " + " + inc + " < p.allowance_topup_threshold[" + Y +
         "] then p.allowance_topup_amount[" + Y + "] else 0.00)\n   else 0.00)\n";
    // The control: the same without the top-ups.
    s += "let plain_" + Y + ": money = " + prev_plain + " + (if applies_" + Y + " == 1 then " +
         inc + " else 0.00)\n";
    prev = "unrolled_" + Y;
    prev_plain = "plain_" + Y;
  }
  s += "output allowance_unrolled: money per month =\n"
       "  when allowance_applies: (if unrolled_rounds >= 0 then " +
       prev +
       " else 0.00)\n"
       "  otherwise: 0.00\n";
  s += "output allowance_without_topups: money per month =\n"
       "  when allowance_applies: (if unrolled_rounds >= 0 then " +
       prev_plain +
       " else 0.00)\n"
       "  otherwise: 0.00\n";
  s += "output rounds_unrolled: integer = when allowance_applies: unrolled_rounds otherwise: 0\n";
  return s;
}

TEST(JilinFold, TheShippedRoundsFoldGivesTheYearByYearAllowance) {
  fs::path dir = fs::temp_directory_path() / ("decree-jilin-fold-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::copy(DECREE_SOURCE_DIR "/rules/jilin/work-injury-benefits", dir, fs::copy_options::recursive);
  std::ofstream(dir / "2011-01-01" / "99_unrolled.decree") << unrolled_rules();
  decree::Diagnostics diags;
  decree::LoadOptions options;
  // The average wages are mostly unsourced: a what-if figure lets the cases run
  // (both versions; at 70,000 a year the 60 % floor of 本人工资 is 3,500.00).
  options.params.push_back({"pooling_avg_annual_wage", "70000"});
  auto timeline = decree::RuleTimeline::load(dir.string(), diags, options);
  fs::remove_all(dir);
  ASSERT_NE(timeline, nullptr) << decree::render_all(diags);
  ASSERT_EQ(timeline->payment_versions().size(), 7u);  // the rounds 2017 … 2024

  int compared = 0, with_rounds = 0, with_two = 0, with_three = 0, failing = 0, topped_up = 0;
  std::map<std::string, int> failures;  // by message
  // Payment dates around each round's start, and in the gaps (2019 before
  // 2019-10-30, 2021, 2022 before 2022-09-13, 2024 before 2024-10-18, 2025).
  for (const char* as_of : {"2017-06-01", "2018-06-01", "2019-06-01", "2019-11-01", "2020-06-01",
                            "2021-06-01", "2022-06-01", "2022-10-01", "2023-06-01", "2023-10-01",
                            "2024-06-01", "2024-11-01", "2025-06-01"}) {
    decree::SessionOptions session_options;
    session_options.as_of = decree::Date::parse(as_of);
    decree::Session session(*timeline, session_options);
    for (int year = 2013; year <= 2024; ++year)
      for (int grade = 1; grade <= 7; ++grade)
        for (const char* wage : {"2000.00", "4500.00", "9000.00"}) {
          std::string json = R"({"case_id": "f", "injury_date": ")" + std::to_string(year) +
                             R"(-05-10", "region": "changchun_urban", "wage_avg_12m": ")" + wage +
                             R"(", "grade": )" + std::to_string(grade) +
                             R"(, "no_suitable_work": true})";
          SCOPED_TRACE(json + " as of " + as_of);
          decree::CaseError err;
          ASSERT_TRUE(session.decode_json(json, err)) << err.message;
          decree::EvalOptions eval;
          eval.as_of = session_options.as_of;
          eval.partial = true;
          ASSERT_TRUE(session.evaluate(err, eval)) << err.message;
          const auto& names = session.rules().output_names();
          auto index = [&](const std::string& name) {
            auto it = std::find(names.begin(), names.end(), name);
            EXPECT_NE(it, names.end()) << name;
            return static_cast<size_t>(it - names.begin());
          };
          const size_t shipped = index("allowance_adjusted"),
                       unrolled = index("allowance_unrolled"), rounds = index("rounds_unrolled"),
                       control = index("allowance_without_topups");
          const decree::CaseError* a = session.output_error(shipped);
          const decree::CaseError* b = session.output_error(unrolled);
          EXPECT_EQ(a != nullptr, b != nullptr)
              << session.output_text(shipped) << " / " << session.output_text(unrolled);
          if (a || b) {
            if (a && b) {
              EXPECT_EQ(a->message, b->message);
            }
            ++failing;
            ++failures[a ? a->message : b->message];
            continue;
          }
          EXPECT_EQ(session.output_text(shipped), session.output_text(unrolled));
          ++compared;
          // The control (no top-ups) shows the comparison can tell a difference.
          if (session.output_text(control) != session.output_text(unrolled)) ++topped_up;
          std::string n = session.output_text(rounds);
          if (n != "0") ++with_rounds;
          if (n == "2") ++with_two;
          if (n == "3") ++with_three;
        }
  }
  // Not vacuous: rounds applied in many cases, two and three in a row (each
  // on top of the other) in some, a top-up in some; the unknown rounds and
  // start dates fail both ways, each for its own reason.
  EXPECT_GT(compared, 1000);
  EXPECT_GT(with_rounds, 100);
  EXPECT_GT(with_two, 20);
  EXPECT_GT(with_three, 10);
  EXPECT_GT(topped_up, 10);
  EXPECT_GT(failing, 500);
  EXPECT_GE(failures.size(), 5u);
  std::string seen;
  for (const auto& [message, n] : failures) seen += std::to_string(n) + "  " + message + "\n";
  bool missing_2021 = false, missing_start = false;
  for (const auto& [message, n] : failures) {
    if (message.find("2021 adjustment") != std::string::npos) missing_2021 = true;
    if (message.find("adjustment_in_force") != std::string::npos) missing_start = true;
  }
  EXPECT_TRUE(missing_2021) << seen;
  EXPECT_TRUE(missing_start) << seen;
}

}  // namespace
