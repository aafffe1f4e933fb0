// The adjustment rounds of the Jilin 伤残津贴 (工伤保险条例 第四十条) as one fold
// give what the shipped rules' 19 rules `allowance_after_2012` …
// `allowance_after_2030` give, case by case, errors included (docs/guide-zh.md
// shows the fold). The rules are copied to a scratch directory and the fold
// added there; the shipped files are not changed.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "api/decree.h"
#include "base/date.h"

namespace {

namespace fs = std::filesystem;

const char* kFold = R"(
let allowance_after_rounds: money =
  fold(allowance = allowance_base,
       y in 2012..latest_round where y > injury_year and injury_year <= p.adjustment_cutoff_year[y]:
         allowance + p.allowance_increment[y, grade]
         + (if allowance + p.allowance_increment[y, grade] < p.allowance_topup_threshold[y]
            then p.allowance_topup_amount[y] else 0.00))
output allowance_by_fold: money per month =
  when allowance_applies: allowance_after_rounds
  otherwise: 0.00
output without_topups: money per month =
  when allowance_applies:
    fold(allowance = allowance_base,
         y in 2012..latest_round where y > injury_year and injury_year <= p.adjustment_cutoff_year[y]:
           allowance + p.allowance_increment[y, grade])
  otherwise: 0.00
output rounds_applied: integer =
  count(y in 2012..latest_round where y > injury_year and injury_year <= p.adjustment_cutoff_year[y])
)";

TEST(JilinFold, TheAdjustmentRoundsAsOneFoldGiveTheSameAllowance) {
  fs::path dir = fs::temp_directory_path() / ("decree-jilin-fold-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::copy(DECREE_SOURCE_DIR "/rules/jilin/work-injury-benefits/2011-01-01", dir,
           fs::copy_options::recursive);
  std::ofstream(dir / "benefits.decree", std::ios::app) << kFold;
  decree::Diagnostics diags;
  decree::LoadOptions options;
  // The 市(州) average wages are unsourced: a what-if figure lets the cases run.
  options.params.push_back({"pooling_avg_annual_wage", "70000"});
  auto rules = decree::RuleSet::load(dir.string(), diags, options);
  fs::remove_all(dir);
  ASSERT_NE(rules, nullptr) << decree::render_all(diags);
  const auto& names = rules->output_names();
  auto index = [&](const std::string& name) {
    return static_cast<size_t>(std::find(names.begin(), names.end(), name) - names.begin());
  };
  const size_t unrolled = index("allowance_adjusted"), fold = index("allowance_by_fold"),
               rounds = index("rounds_applied"), control = index("without_topups");
  ASSERT_LT(rounds, names.size());
  decree::Session session(*rules);
  int compared = 0, with_rounds = 0, with_two = 0, failing = 0, topped_up = 0;
  for (const char* as_of : {"2017-06-01", "2018-06-01", "2023-06-01", "2023-10-01"})
    for (int year = 2013; year <= 2023; ++year)
      for (int grade = 1; grade <= 6; ++grade)
        for (const char* wage : {"2000.00", "4500.00", "9000.00"}) {
          std::string json = R"({"case_id": "f", "injury_date": ")" + std::to_string(year) +
                             R"(-05-10", "region": "changchun_urban", "wage_avg_12m": ")" + wage +
                             R"(", "grade": )" + std::to_string(grade) +
                             R"(, "no_suitable_work": true})";
          SCOPED_TRACE(json + " as of " + as_of);
          decree::CaseError err;
          ASSERT_TRUE(session.decode_json(json, err)) << err.message;
          decree::EvalOptions eval;
          eval.as_of = decree::Date::parse(as_of);
          eval.partial = true;
          ASSERT_TRUE(session.evaluate(err, eval)) << err.message;
          bool a_failed = session.output_error(unrolled) != nullptr;
          bool b_failed = session.output_error(fold) != nullptr;
          EXPECT_EQ(a_failed, b_failed)
              << session.output_text(unrolled) << " / " << session.output_text(fold);
          if (a_failed || b_failed) {
            ++failing;
            continue;
          }
          EXPECT_EQ(session.output_text(unrolled), session.output_text(fold));
          ++compared;
          // The control (no top-ups) shows the comparison can tell a difference.
          if (session.output_text(control) != session.output_text(fold)) ++topped_up;
          std::string n = session.output_text(rounds);
          if (n != "0") ++with_rounds;
          if (n == "2") ++with_two;
        }
  // Not vacuous: rounds applied in many cases, two in a row (each on top of
  // the other) in some, a top-up in some; the unsourced years fail both ways.
  EXPECT_GT(compared, 300);
  EXPECT_GT(with_rounds, 50);
  EXPECT_GT(with_two, 10);
  EXPECT_GT(topped_up, 0);
  EXPECT_GT(failing, 0);
}

}  // namespace
