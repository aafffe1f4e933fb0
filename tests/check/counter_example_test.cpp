// The case the checker gives with a table-gap warning or a reachable missing
// parameter value is real: taken from the diagnostic of a small rule file
// as it is, it decodes as a YAML case and fails evaluation with the run-time
// error for that gap (no table row, no parameter value).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "api/decree.h"
#include "base/codes_check.h"
#include "base/codes_runtime.h"
#include "base/codes_tables.h"

namespace decree {
namespace {

namespace fs = std::filesystem;

// Parameters for the lookups below: the 2021 average wage is missing, and
// the minimum wage has no value from 2023-07-01.
constexpr const char* kParams = R"(avg_wage:
  description: test average monthly wage
  unit: money
  reference: test value
  index: year
  values:
    2019: "5500.00"
    2020: "6000.00"
    2022: "6800.00"
min_wage:
  description: test minimum wage
  unit: money
  reference: test value
  values:
    2020-01-01: "1780.00"
    2023-07-01: null
)";

class CounterExample : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("decree-counter-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    std::ofstream(dir_ / "params.yaml") << kParams;
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Loads the rule file (it must check) and gives the case of the first
  // warning whose message has `code`, from its note `note`; "" if none.
  std::string case_of(const std::string& rules, Code code, Code note) {
    std::ofstream(dir_ / "r.decree") << rules;
    diags_ = Diagnostics{};
    rules_ = RuleSet::load((dir_ / "r.decree").string(), diags_);
    if (!rules_) return "load failed:\n" + render_all(diags_);
    for (const auto& d : diags_.items()) {
      if (d.code != code) continue;
      for (const auto& a : d.args)
        if (a.name == "table" || a.name == "param") warned_of_ = a.en;
      for (const auto& n : d.notes)
        if (n.code == note)
          for (const auto& a : n.args)
            if (a.name == "case") return a.en;
      return "";
    }
    return "no warning with that code:\n" + render_all(diags_);
  }

  // Evaluates the case; the code of its error (Code::none if it passed).
  Code run(const std::string& yaml) {
    EXPECT_TRUE(rules_);
    if (!rules_) return Code::none;
    Session session(*rules_);
    CaseError err;
    if (!session.decode_yaml(yaml, err)) {
      ADD_FAILURE() << "the case does not decode: " << describe(err) << "\n" << yaml;
      return Code::none;
    }
    if (session.evaluate(err)) return Code::none;
    message_ = describe(err);
    failed_at_.clear();
    for (const auto& a : err.args)
      if (a.name == "table" || a.name == "param") failed_at_ = a.en;
    return err.code;
  }

  // The gap's case hits the gap: evaluating it fails with `runtime`.
  void expect_reaches(const std::string& rules, Code code, Code note, Code runtime) {
    std::string yaml = case_of(rules, code, note);
    ASSERT_FALSE(yaml.empty()) << render_all(diags_);
    EXPECT_EQ(run(yaml), runtime) << message_ << "\n" << yaml << "\n" << render_all(diags_);
    EXPECT_EQ(failed_at_, warned_of_) << message_;
  }

  void expect_table_gap(const std::string& rules, Code code = msg::table_gap) {
    expect_reaches(rules, code, msg::table_gap_example, msg::run_table_no_row);
  }

  fs::path dir_;
  Diagnostics diags_;
  std::unique_ptr<const RuleSet> rules_;
  std::string message_;
  std::string failed_at_;  // the table or parameter the case failed at
  std::string warned_of_;  // the one the warning names
};

TEST_F(CounterExample, AnIntegerGapThroughALet) {
  expect_table_gap(R"(ruleset t
enum Care { none, partial, full }
input {
  grade: integer in 1..10
  wage: money in 0.00..100000.00
  care: Care
  region: text
  injured_on: date in 2020-01-01..2024-12-31
  retired: bool
  note: text = ""
}
let level: integer = grade
table months(grade: integer) -> integer hit unique {
  1..4 => 27
  7..10 => 13
}
output lump: integer = months(level)
output pay: money = wage
output cares: bool = care == none and region == "" and not retired
output year_of: integer = year(injured_on)
)");
}

// Every input a case needs, in declaration order: the gap's key in the hole,
// the others plausible (the lower bound, the first enum value, "", false);
// inputs with a default and optional ones are left out.
TEST_F(CounterExample, TheCaseListsEveryInputACaseNeeds) {
  std::string yaml = case_of(R"(ruleset t
enum Care { none, partial, full }
input {
  grade: integer in 1..10
  wage: money in 500.00..100000.00
  care: Care
  region: text
  injured_on: date in 2020-01-01..2024-12-31
  retired: bool
  note: text = ""
  dependents: integer optional
}
table months(grade: integer) -> integer hit unique {
  1..4 => 27
  7..10 => 13
}
output lump: integer = months(grade)
output pay: money = wage
output cares: bool = care == none and region == note and not retired and given(dependents)
output year_of: integer = year(injured_on)
)",
                             msg::table_gap, msg::table_gap_example);
  EXPECT_EQ(yaml,
            "    grade: 5\n"
            "    wage: \"500.00\"\n"
            "    care: none\n"
            "    region: \"\"\n"
            "    injured_on: \"2020-01-01\"\n"
            "    retired: false");
  EXPECT_EQ(run(yaml), msg::run_table_no_row) << message_;
}

TEST_F(CounterExample, AnEnumGap) {
  expect_table_gap(R"(ruleset t
enum Care { none, partial, full }
input { care: Care }
table care_rate(level: Care) -> rate hit unique {
  none => 0%
  full => 50%
}
output rate: rate = care_rate(care)
)");
}

TEST_F(CounterExample, AMoneyGapBetweenOpenBounds) {
  expect_table_gap(R"(ruleset t
input { wage: money in 0.00..100000.00 }
table band(wage: money) -> integer hit unique {
  < 3000.00 => 1
  > 3000.00 => 2
}
output b: integer = band(wage)
)");
  expect_table_gap(R"(ruleset t
input { wage: money }
table band(wage: money) -> integer hit unique {
  <= 3000.00 => 1
  > 4000.00 => 2
}
output b: integer = band(wage)
)");
}

TEST_F(CounterExample, ADecimalGapAndADateGap) {
  expect_table_gap(R"(ruleset t
input { ratio: decimal }
table band(ratio: decimal) -> integer hit unique {
  < 0.5 => 1
  > 0.5 => 2
}
output b: integer = band(ratio)
)");
  expect_table_gap(R"(ruleset t
input { day: date in 2020-01-01..2025-12-31 }
table era(day: date) -> integer hit unique {
  < 2021-01-01 => 1
  > 2021-01-01 => 2
}
output e: integer = era(day)
)");
}

TEST_F(CounterExample, ATextGapAndAnyOtherText) {
  expect_table_gap(R"(ruleset t
input { region: text }
table rate(region: text) -> rate hit unique {
  not("长春市" | "吉林市") => 0.8%
  "吉林市"                 => 1.2%
}
output r: rate = rate(region)
)");
  expect_table_gap(R"(ruleset t
input { region: text }
table rate(region: text) -> rate hit unique {
  "other"  => 0.8%
  "吉林市" => 1.2%
}
output r: rate = rate(region)
)",
                   msg::table_gap_other_text);
}

TEST_F(CounterExample, AKeyEqualToTheNameItsBoundsRead) {
  expect_table_gap(R"(ruleset t
input {
  age: integer in 16..70
  retirement_age: integer in 50..65
}
table stage(age: integer) -> text hit unique {
  < retirement_age => "working"
  > retirement_age => "retired"
}
output s: text = stage(age)
)");
}

TEST_F(CounterExample, OneKeyOfSeveral) {
  expect_table_gap(R"(ruleset t
enum Care { none, partial, full }
input {
  grade: integer in 1..10
  care: Care
}
table rate(grade: integer, care: Care) -> rate hit unique {
  1..4, _    => 10%
  6..10, _   => 20%
}
output r: rate = rate(grade, care)
)");
}

TEST_F(CounterExample, NoCaseForAKeyTheCheckerCannotInvert) {
  std::string yaml = case_of(R"(ruleset t
input { grade: integer in 1..10 }
table months(grade: integer) -> integer hit unique {
  1..4 => 27
  7..20 => 13
}
output lump: integer = months(grade * 2)
)",
                             msg::table_gap, msg::table_gap_example);
  EXPECT_EQ(yaml, "");
}

TEST_F(CounterExample, NoCaseForAGapOutsideTheInputsBounds) {
  std::string yaml = case_of(R"(ruleset t
input { grade: integer in 5..10 }
table months(grade: integer) -> integer hit unique {
  1..2 => 27
  4..20 => 13
}
output lump: integer = months(grade)
)",
                             msg::table_gap, msg::table_gap_example);
  EXPECT_EQ(yaml, "");
}

TEST_F(CounterExample, AMissingYearThroughYearOfADateMinusOne) {
  std::string rules = R"(ruleset t
parameters "params.yaml" as p
input {
  injury_date: date in 2020-01-01..2023-12-31
  grade: integer in 1..10
}
let previous_year: integer = year(injury_date) - 1
output avg: money = p.avg_wage[previous_year]
output g: integer = grade
)";
  std::string yaml = case_of(rules, msg::param_no_value_years, msg::param_missing_example);
  EXPECT_EQ(yaml, "    injury_date: \"2022-01-01\"\n    grade: 1");
  EXPECT_EQ(run(yaml), msg::run_param_no_value) << message_;
}

TEST_F(CounterExample, AMissingYearThroughAnIntegerInput) {
  expect_reaches(R"(ruleset t
parameters "params.yaml" as p
input { year: integer in 2019..2022 }
output avg: money = p.avg_wage[2 + (year - 1) - 1]
)",
                 msg::param_no_value_years, msg::param_missing_example, msg::run_param_no_value);
}

TEST_F(CounterExample, AMissingDate) {
  expect_reaches(R"(ruleset t
parameters "params.yaml" as p
input { paid_on: date in 2022-01-01..2024-12-31 }
let on: date = paid_on
output min: money = p.min_wage[on]
)",
                 msg::param_no_value_dates, msg::param_missing_example, msg::run_param_no_value);
}

}  // namespace
}  // namespace decree
