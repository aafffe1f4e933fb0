// decree params: each parameter's entries with value, source, reliability and
// the version that set them, and their history over the versions. On the
// demo rounds: round_increment starts in 2011-01-01 (0.00 from 2011-01-01)
// and the rounds add an entry each; a draft round adds its own.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "run_cli.h"

namespace decree::cli::testing {
namespace {

const std::string kRounds = source_path("tests/lang/versions/rounds");
const std::string kRound2027 = source_path("docs/examples/round-2027-07-01");
const std::string kJilin = source_path("rules/jilin/work-injury-benefits");

// The same listing in 中文: the column heads and labels translated and the
// columns still aligned (a Chinese head is two columns per character).
TEST(CliParams, TheListingInChinese) {
  CliResult r = run_cli({"--lang", "zh", "params", kRounds, "round_increment"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("p.round_increment  money, 键 date"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  键          取值    来源可靠性  设定版本"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  2011-01-01  0.00                2011-01-01\n"), std::string::npos)
      << r.out;
}

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
  // Each round ships as a payment-date version (2017-01-01, …): the 2017
  // round's entries are set by the 2017 version, not by the base.
  EXPECT_EQ(first["set_by"], "2017-01-01");
  EXPECT_NE(first["reference"].get<std::string>().find("吉人社办字〔2017〕62号"),
            std::string::npos);
  ASSERT_EQ(first["history"].size(), 1u);
  EXPECT_EQ(first["history"][0]["version"], "2017-01-01");
  EXPECT_EQ(first["history"][0]["value"], "159");
  // Over the versions: every round version sets its own year's entries, in
  // the order of the versions; the base keeps the unknown 2021 round, as an
  // unsourced entry; the 2024 round is from a secondary source.
  std::map<std::string, std::string> set_by;  // round year -> version
  std::vector<std::string> order;             // versions, as the entries go
  for (const auto& e : j[0]["entries"]) {
    std::string year = e["keys"].get<std::string>().substr(0, 4);
    std::string version = e["set_by"].get<std::string>();
    auto [it, added] = set_by.emplace(year, version);
    EXPECT_EQ(it->second, version) << "round " << year << " set by two versions";
    if (order.empty() || order.back() != version) order.push_back(version);
    if (year == "2024") {
      EXPECT_EQ(e["reliability"], "secondary") << e.dump();
    }
    if (year == "2021") {
      EXPECT_EQ(e["value"].get<std::string>().rfind("unsourced:", 0), 0u) << e.dump();
    }
  }
  const std::vector<std::string> expected = {"2017-01-01", "2018-01-01", "2019-10-30",
                                             "2020-01-01", "2011-01-01", "2022-09-13",
                                             "2023-09-14", "2024-10-18"};
  EXPECT_EQ(order, expected) << r.out;
  EXPECT_EQ(set_by["2021"], "2011-01-01");
  EXPECT_EQ(set_by["2022"], "2022-09-13");
  EXPECT_EQ(set_by.count("2025"), 0u);  // no round after 2024 is known
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
