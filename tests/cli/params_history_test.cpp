// decree params: each parameter's entries with value, source, reliability and
// the version that set them, and their history over the versions. On the
// demo rounds: round_increment starts in 2011-01-01 (0.00 from 2011-01-01)
// and the rounds add an entry each; a draft round adds its own.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "run_cli.h"

namespace decree::cli::testing {
namespace {

const std::string kRounds = source_path("tests/lang/versions/rounds");
const std::string kRound2027 = source_path("docs/examples/round-2027-07-01");
const std::string kJilin = source_path("rules/jilin/work-injury-benefits");

TEST(CliParams, EachEntryNamesTheVersionThatSetIt) {
  CliResult r = run_cli({"params", kRounds, "round_increment"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("p.round_increment  money, index date"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  2011-01-01  0.00                 2011-01-01\n"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("  2025-07-01  250.00               2025-07-01\n"), std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("round_cutoff_year"), std::string::npos);  // only the one asked for
  CliResult with = run_cli({"params", kRounds, "p.round_increment", "--draft", kRound2027});
  EXPECT_NE(with.out.find("  2027-07-01  330.00               2027-07-01\n"), std::string::npos)
      << with.out;
}

TEST(CliParams, JsonHasSourcesReliabilityAndHistory) {
  CliResult r = run_cli({"params", kJilin, "allowance_increment", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0]["parameter"], "p.allowance_increment");
  EXPECT_EQ(j[0]["index"], "[year, grade: integer]");
  const auto& first = j[0]["entries"][0];
  EXPECT_EQ(first["keys"], "2017, 1");
  EXPECT_EQ(first["value"], "159");
  EXPECT_EQ(first["reliability"], "repost");
  EXPECT_EQ(first["set_by"], "2011-01-01");
  EXPECT_NE(first["reference"].get<std::string>().find("吉人社办字〔2017〕62号"),
            std::string::npos);
  EXPECT_EQ(first["history"].size(), 1u);
}

TEST(CliParams, ASeriesReplacedByALaterVersionShowsItsHistory) {
  // 2021-07-01 replaces the 市(州) series of pooling_avg_annual_wage with the
  // provincial one: the year 2021 entry is set by 2021-07-01.
  CliResult r = run_cli({"params", kJilin, "pooling_avg_annual_wage", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  bool found = false;
  for (const auto& e : j[0]["entries"])
    if (e["keys"] == "2021") {
      found = true;
      EXPECT_EQ(e["value"], "83028");
      EXPECT_EQ(e["set_by"], "2021-07-01");
      EXPECT_GE(e["history"].size(), 1u);
    }
  EXPECT_TRUE(found) << r.out;
}

TEST(CliParams, AnUnknownParameterIsAnError) {
  CliResult r = run_cli({"params", kRounds, "no_such_parameter"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("has no parameter no_such_parameter"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace decree::cli::testing
