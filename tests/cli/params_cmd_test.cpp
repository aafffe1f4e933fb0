// Parameters from the command line: what-if values for one key
// (`--param NAME[KEY]=VALUE`), overlay files (`--params FILE`) for eval and
// batch, each side of `decree diff` on its own, and what `decree versions`
// says a version's parameter file changed.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "run_cli.h"

namespace decree::cli::testing {
namespace {

const std::string kDemo = source_path("tests/lang/versions/demo");

std::string demo_case() {
  std::string c = temp_path("case.json");
  write_file(c, "{\"injury_date\":\"2021-03-01\",\"wage\":\"1.00\"}");
  return c;
}

TEST(CliParams, EvalTakesAValueForOneKey) {
  std::string c = demo_case();
  auto r = run_cli({"eval", kDemo, "--case", c, "--param", "avg_wage[2020]=7000.00"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // The 2021-03-01 injury reads the 2020 figure: 60% of 7000.00.
  EXPECT_NE(r.out.find("\"own_wage\": \"4200.00\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"avg_wage[2020]\": \"7000.00\""), std::string::npos) << r.out;
  // Another key of the same parameter keeps its figure (2019: 5000.00).
  std::string c2019 = temp_path("case2019.json");
  write_file(c2019, "{\"injury_date\":\"2020-03-01\",\"wage\":\"1.00\"}");
  r = run_cli({"eval", kDemo, "--case", c2019, "--param", "avg_wage[2020]=7000.00"});
  EXPECT_NE(r.out.find("\"own_wage\": \"3000.00\""), std::string::npos) << r.out;
  r = run_cli({"eval", kDemo, "--case", c, "--param", "avg_wage[2020,1]=7000.00"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("parameter `avg_wage` has 1 key(s) (year), but 2 are given"),
            std::string::npos)
      << r.err;
}

TEST(CliParams, EvalAndBatchTakeAnOverlayFile) {
  std::string overlay = temp_path("bureau.yaml");
  write_file(overlay,
             "avg_wage:\n  reference: \"市统计局 2021年统计公报\"\n  values:\n"
             "    2020: \"5800.00\"\n");
  std::string c = demo_case();
  auto r = run_cli({"eval", kDemo, "--case", c, "--params", overlay});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"own_wage\": \"3480.00\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"param_overlays\": [\n    \"" + overlay + "\"\n  ]"), std::string::npos)
      << r.out;
  auto plain = run_cli({"batch", kDemo}, "{\"injury_date\":\"2021-03-01\",\"wage\":\"1.00\"}\n");
  auto b = run_cli({"batch", kDemo, "--params", overlay},
                   "{\"injury_date\":\"2021-03-01\",\"wage\":\"1.00\"}\n");
  ASSERT_EQ(b.exit_code, 0) << b.err;
  EXPECT_NE(b.out.find("\"own_wage\":\"3480.00\""), std::string::npos) << b.out;
  EXPECT_NE(b.out.find("\"param_overlays\":[\"" + overlay + "\"]"), std::string::npos) << b.out;
  // The overlay is part of the hash.
  auto hash = [](const std::string& line) { return line.substr(line.find("\"rules_hash\""), 80); };
  EXPECT_NE(hash(b.out), hash(plain.out));
  // A value without its source is refused, with its position.
  write_file(overlay, "avg_wage:\n  values:\n    2020: \"5800.00\"\n");
  r = run_cli({"eval", kDemo, "--case", c, "--params", overlay});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(overlay + ":3:5: error: value 2020 of 'avg_wage' names no source"),
            std::string::npos)
      << r.err;
}

TEST(CliParams, DiffSetsEachSideOnItsOwn) {
  std::string cases = temp_path("cases.jsonl");
  write_file(cases, "{\"injury_date\":\"2021-03-01\",\"wage\":\"1.00\"}\n");
  std::string overlay = temp_path("bureau.yaml");
  write_file(overlay, "avg_wage:\n  reference: r\n  values:\n    2020: \"5800.00\"\n");
  auto own_wage = [](const nlohmann::json& j) {
    for (const auto& o : j["outputs"])
      if (o["name"] == "own_wage") return o;
    return nlohmann::json();
  };
  // The base with a value of its own, the candidate as shipped.
  auto r = run_cli({"diff", kDemo, cases, "--base", "2011-01-01", "--candidate", "2011-01-01",
                    "--base-param", "avg_wage[2020]=7000.00", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["base"]["param_overrides"]["avg_wage[2020]"], "7000.00");
  EXPECT_TRUE(j["candidate"]["param_overrides"].empty());
  EXPECT_EQ(own_wage(j)["base_total"], "4200.00");
  EXPECT_EQ(own_wage(j)["candidate_total"], "3300.00");
  // Overlay files, one per side.
  r = run_cli({"diff", kDemo, cases, "--base", "2011-01-01", "--candidate", "2011-01-01",
               "--candidate-params", overlay, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["candidate"]["param_overlays"][0], overlay);
  EXPECT_FALSE(j["base"].contains("param_overlays"));
  EXPECT_EQ(own_wage(j)["candidate_total"], "3480.00");
  r = run_cli({"diff", kDemo, cases, "--base", "2011-01-01", "--base-params", overlay,
               "--candidate-param", "avg_wage=6000.00", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  j = nlohmann::json::parse(r.out);
  EXPECT_EQ(own_wage(j)["base_total"], "3480.00");
  EXPECT_EQ(own_wage(j)["candidate_total"], "3600.00");
}

TEST(CliParams, VersionsSaysWhatEachParameterFileChanged) {
  std::string root = temp_path("demo");
  for (const char* v : {"2011-01-01", "2021-07-01"}) {
    std::string dir = root + "/" + v;
    std::filesystem::create_directories(dir);
    std::string rules = read_file(kDemo + "/" + v + "/rules.decree");
    write_file(dir + "/rules.decree", rules);
    write_file(dir + "/params.yaml", read_file(kDemo + "/" + v + "/params.yaml"));
  }
  write_file(root + "/2021-07-01/params.yaml",
             "avg_wage:\n  values:\n    2021: \"6100.00\"\n    2023: \"6500.00\"\n"
             "    2019: {remove: \"withdrawn\"}\n"
             "funeral_factor:\n  description: d\n  unit: decimal\n  reference: r\n"
             "  values: {2021-01-01: \"1\"}\n");
  auto r = run_cli({"versions", root});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("  overrides  output funeral, table care_share, parameter p.avg_wage\n"
                       "  parameters p.avg_wage: added 2023; changed 2021; removed 2019\n"
                       "             p.funeral_factor: new, 1 entry\n"
                       "  path       "),
            std::string::npos)
      << r.out;
  // The shipped demo replaces avg_wage whole (a different series).
  r = run_cli({"versions", kDemo});
  EXPECT_NE(r.out.find("  parameters p.avg_wage: replaced whole, 2 entries\n"), std::string::npos)
      << r.out;
}

}  // namespace
}  // namespace decree::cli::testing
