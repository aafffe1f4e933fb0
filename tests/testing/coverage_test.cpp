// Rule coverage (testing/coverage.h): what rule tests exercised, per version,
// over the two-version rule set of tests/lang/versions/demo.
#include "testing/coverage.h"

#include <gtest/gtest.h>

#include "check/program.h"

namespace decree {
namespace {

const std::string kDemo = DECREE_SOURCE_DIR "/tests/lang/versions/demo";

RuleTest demo_test(const std::string& version, const std::string& care) {
  RuleTest t;
  t.name = version + " " + care;
  t.ruleset = kDemo;
  t.version = version;
  t.input_json = R"({"injury_date": "2021-07-01", "wage": "1000.00", "care": ")" + care + "\"}";
  return t;
}

TEST(Coverage, ListsRulesAndRowsHitAndNeverHitPerVersion) {
  RuleTestRunner runner("");
  std::vector<RuleTestResult> results = {runner.run(demo_test("2011-01-01", "none")),
                                         runner.run(demo_test("2011-01-01", "full")),
                                         runner.run(demo_test("2021-07-01", "partial"))};
  for (const auto& r : results) ASSERT_NE(r.version, nullptr) << render_all(r.failures);
  Coverage cov = rule_coverage(results);
  ASSERT_EQ(cov.versions.size(), 2u);
  const VersionCoverage& base = cov.versions[0];
  EXPECT_EQ(base.label, kDemo + "/2011-01-01 (version \"2011-01-01\")");
  EXPECT_EQ(base.rules_total, 4u);
  EXPECT_EQ(base.rules_hit, (std::vector<uint32_t>{0, 1, 2, 3}));
  EXPECT_TRUE(base.rules_never.empty());
  EXPECT_EQ(base.rows_total, 3u);
  // Two tests, two rows (none, full): the results are merged.
  EXPECT_EQ(base.rows_hit, (std::vector<TableRowRef>{{0, 0}, {0, 2}}));
  EXPECT_EQ(base.rows_never, (std::vector<TableRowRef>{{0, 1}}));
  const VersionCoverage& provincial = cov.versions[1];
  EXPECT_EQ(provincial.rows_hit, (std::vector<TableRowRef>{{0, 1}}));
  EXPECT_EQ(provincial.rows_never, (std::vector<TableRowRef>{{0, 0}, {0, 2}}));

  EXPECT_EQ(coverage_text(cov), "coverage of " + kDemo +
                                    "/2011-01-01 (version \"2011-01-01\"):\n"
                                    "  rules evaluated: 4 of 4\n"
                                    "  table rows matched: 2 of 3; never:\n"
                                    "    care_share row 2 (" +
                                    kDemo +
                                    "/2011-01-01/rules.decree:23:3)\n"
                                    "coverage of " +
                                    kDemo +
                                    "/2021-07-01 (version \"2021-07-01\"):\n"
                                    "  rules evaluated: 5 of 5\n"
                                    "  table rows matched: 1 of 3; never:\n"
                                    "    care_share row 1 (" +
                                    kDemo +
                                    "/2021-07-01/rules.decree:13:3)\n"
                                    "    care_share row 3 (" +
                                    kDemo + "/2021-07-01/rules.decree:15:3)\n");
}

TEST(Coverage, RulesNeverEvaluatedAreNamed) {
  RuleTestRunner runner("");
  RuleTestResult r = runner.run(demo_test("2011-01-01", "none"));
  ASSERT_NE(r.version, nullptr);
  // Pretend the case evaluated only `avg` (rule 0) and matched no row.
  r.rules_hit = {0};
  r.rows_hit = {{0, -1}};
  Coverage cov = rule_coverage({r});
  ASSERT_EQ(cov.versions.size(), 1u);
  EXPECT_EQ(cov.versions[0].rules_never, (std::vector<uint32_t>{1, 2, 3}));
  EXPECT_TRUE(cov.versions[0].rows_hit.empty());  // "no row" is not a row
  std::string text = coverage_text(cov);
  EXPECT_NE(text.find("  rules evaluated: 1 of 4; never: own_wage, nursing, funeral\n"
                      "  table rows matched: 0 of 3; never:\n"),
            std::string::npos)
      << text;
}

TEST(Coverage, ResultsThatDidNotEvaluateCountForNothing) {
  RuleTestResult failed;  // e.g. the rule set did not load: no version
  failed.rules_hit = {0, 1};
  Coverage cov = rule_coverage({failed});
  EXPECT_TRUE(cov.versions.empty());
  EXPECT_EQ(coverage_text(cov), "");
}

TEST(Coverage, TheReportReadsSoInChinese) {
  RuleTestRunner runner("");
  RuleTestResult r = runner.run(demo_test("2011-01-01", "none"));
  ASSERT_NE(r.version, nullptr) << render_all(r.failures);
  r.rules_hit = {0};
  Coverage cov = rule_coverage({r});
  EXPECT_EQ(coverage_text(cov, Lang::zh),
            kDemo +
                "/2011-01-01（版本“2011-01-01”）的覆盖情况：\n"
                "  计算到的规则：1 / 4；从未计算：own_wage, nursing, funeral\n"
                "  命中的决策表行：1 / 3；从未命中：\n"
                "    care_share 第 2 行 (" +
                kDemo +
                "/2011-01-01/rules.decree:23:3)\n"
                "    care_share 第 3 行 (" +
                kDemo + "/2011-01-01/rules.decree:24:3)\n");
}

}  // namespace
}  // namespace decree
