// The checked program's printer (check/print.h): golden files for a few rule
// sets, and the parts of the text that must not depend on anything but the
// checker's result.
//   fixtures/bench/wi-bench            → tests/lang/check/wi_bench.checked
//   tests/lang/eval/NAME.decree        → tests/lang/check/NAME.checked
//   tests/lang/versions/demo/2021-07-01 → tests/lang/check/demo_2021.checked (extends a base)
// DECREE_UPDATE_GOLDEN=1 rewrites the golden files; review them with git diff.
#include "check/print.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "api/decree.h"
#include "check/program.h"

namespace decree {
namespace {

namespace fs = std::filesystem;

const fs::path kRoot = DECREE_SOURCE_DIR;

struct PrintCase {
  std::string name;    // the golden file's stem
  std::string source;  // relative to the source tree
};

void PrintTo(const PrintCase& c, std::ostream* os) { *os << c.source; }

std::vector<PrintCase> print_cases() {
  std::vector<PrintCase> out = {{"wi_bench", "fixtures/bench/wi-bench"},
                                {"demo_2021", "tests/lang/versions/demo/2021-07-01"}};
  for (const char* name :
       {"arithmetic",     "control",     "dates",      "enums",        "folds",
        "lists",          "params",      "params_end", "params_multi", "periods",
        "ranges",         "rounding",    "table_any",  "table_cells",  "table_otherwise",
        "table_priority", "table_reads", "table_rows", "tables",       "text_tables"})
    out.push_back({name, std::string("tests/lang/eval/") + name + ".decree"});
  return out;
}

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::unique_ptr<const RuleSet> load(const std::string& source) {
  Diagnostics diags;
  auto rules = RuleSet::load((kRoot / source).string(), diags);
  EXPECT_NE(rules, nullptr) << render_all(diags);
  return rules;
}

class CheckPrint : public ::testing::TestWithParam<PrintCase> {};

TEST_P(CheckPrint, MatchesGolden) {
  const PrintCase& c = GetParam();
  auto rules = load(c.source);
  ASSERT_NE(rules, nullptr);
  std::string actual = print_checked(rules->checked());
  fs::path golden = kRoot / "tests/lang/check" / (c.name + ".checked");
  const char* update = std::getenv("DECREE_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(golden, std::ios::binary) << actual;
    GTEST_SKIP() << "rewrote " << golden;
  }
  ASSERT_TRUE(fs::exists(golden)) << golden
                                  << " is missing; run with DECREE_UPDATE_GOLDEN=1 and review it";
  EXPECT_EQ(read(golden), actual) << "for " << c.source;
}

// No path of this machine and no address: two loads print the same text.
TEST_P(CheckPrint, IsDeterministicAndHasNoPaths) {
  const PrintCase& c = GetParam();
  auto a = load(c.source), b = load(c.source);
  ASSERT_TRUE(a && b);
  std::string text = print_checked(a->checked());
  EXPECT_EQ(text, print_checked(b->checked()));
  EXPECT_EQ(text.find(kRoot.string()), std::string::npos) << text;
  EXPECT_EQ(text.find("0x"), std::string::npos) << text;
}

INSTANTIATE_TEST_SUITE_P(Golden, CheckPrint, ::testing::ValuesIn(print_cases()),
                         [](const ::testing::TestParamInfo<PrintCase>& info) {
                           return info.param.name;
                         });

TEST(CheckPrint, ShowsTypesScalesResolutionsAndDependenciesInEvaluationOrder) {
  auto rules = load("fixtures/bench/wi-bench");
  ASSERT_NE(rules, nullptr);
  std::string text = print_checked(rules->checked());
  EXPECT_NE(text.find("input 3 grade: integer in 1..10 optional\n"), std::string::npos) << text;
  EXPECT_NE(text.find("output own_wage: money (2 decimals) @39:8\n"
                      "  reads: builtin round, builtin clamp, input wage_avg_12m, rule avg_wage, "
                      "rounding half_up\n"
                      "  deps: avg_wage ×2\n"),
            std::string::npos)
      << text;
  // avg_wage is read by own_wage, so it is printed first.
  size_t avg = text.find("let avg_wage:"), own = text.find("output own_wage:");
  ASSERT_NE(avg, std::string::npos);
  EXPECT_LT(avg, own);
  EXPECT_NE(text.find("table 1 care_rate(level: Care) -> rate (2 decimals) hit unique, 4 rows"),
            std::string::npos)
      << text;
}

TEST(CheckPrint, KeyIntervalsReadLikeTheirPatterns) {
  CheckedProgram c;
  c.enums.push_back({"Relation", {"spouse", "child"}, nullptr});
  auto d = [](const char* s) { return Decimal::parse_or_throw(s); };
  auto iv = [](std::optional<Decimal> lo, std::optional<Decimal> hi, bool li, bool hi_in) {
    KeyInterval k;
    k.lo = lo;
    k.hi = hi;
    k.lo_inclusive = li;
    k.hi_inclusive = hi_in;
    return k;
  };
  const Type money = Type::of(Type::Kind::money), rel = Type::of(Type::Kind::enumeration, 0);
  EXPECT_EQ(print_key_interval(c, iv(std::nullopt, std::nullopt, true, true), money), "_");
  EXPECT_EQ(print_key_interval(c, iv(d("0"), d("5000"), true, false), money), "[0, 5000)");
  EXPECT_EQ(print_key_interval(c, iv(d("1"), d("2"), false, true), money), "(1, 2]");
  EXPECT_EQ(print_key_interval(c, iv(d("8000"), std::nullopt, true, true), money), ">= 8000");
  EXPECT_EQ(print_key_interval(c, iv(std::nullopt, d("18"), true, false), money), "< 18");
  EXPECT_EQ(print_key_interval(c, iv(d("1"), d("1"), true, true), rel), "child");
  EXPECT_EQ(print_key_interval(c, iv(d("7"), d("7"), true, true), rel), "7");  // no such value
  EXPECT_EQ(print_key_interval(c, iv(d("1"), d("1"), true, true), Type::of(Type::Kind::boolean)),
            "true");
  EXPECT_EQ(print_key_interval(c, iv(d("0"), d("0"), true, true), Type::of(Type::Kind::date)),
            "1970-01-01");
  EXPECT_EQ(print_scale(2), "2 decimals");
  EXPECT_EQ(print_scale(1), "1 decimal");
  EXPECT_EQ(print_scale(kInfiniteScale), "unbounded decimals");
}

TEST(CheckPrint, PositionsNameTheFileWhenARuleSetHasSeveral) {
  auto rules = load("tests/lang/versions/demo/2021-07-01");
  ASSERT_NE(rules, nullptr);
  std::string text = print_checked(rules->checked());
  // Both versions' files are called rules.decree: the folder tells them apart.
  EXPECT_NE(text.find("@2011-01-01/rules.decree:"), std::string::npos) << text;
  EXPECT_NE(text.find("@2021-07-01/rules.decree:"), std::string::npos) << text;
}

}  // namespace
}  // namespace decree
