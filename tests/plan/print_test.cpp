// The planned program's printer (plan/print.h): golden files for a few rule
// sets, and properties any plan's text must have (every node printed exactly
// once, every opcode named).
//   fixtures/bench/wi-bench            → tests/lang/plan/wi_bench.plan
//   tests/lang/eval/NAME.decree        → tests/lang/plan/NAME.plan
//   tests/lang/versions/demo/2021-07-01 → tests/lang/plan/demo_2021.plan (extends a base)
// DECREE_UPDATE_GOLDEN=1 rewrites the golden files; review them with git diff.
#include "plan/print.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "api/decree.h"
#include "plan/program.h"

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

class PlanPrint : public ::testing::TestWithParam<PrintCase> {};

TEST_P(PlanPrint, MatchesGolden) {
  const PrintCase& c = GetParam();
  auto rules = load(c.source);
  ASSERT_NE(rules, nullptr);
  std::string actual = print_plan(rules->program());
  fs::path golden = kRoot / "tests/lang/plan" / (c.name + ".plan");
  const char* update = std::getenv("DECREE_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(golden, std::ios::binary) << actual;
    GTEST_SKIP() << "rewrote " << golden;
  }
  ASSERT_TRUE(fs::exists(golden)) << golden
                                  << " is missing; run with DECREE_UPDATE_GOLDEN=1 and review it";
  EXPECT_EQ(read(golden), actual) << "for " << c.source;
}

// Each node of Program::nodes heads exactly one line, and each constant of
// Program::constants is listed: nothing planned is hidden or printed twice.
TEST_P(PlanPrint, ShowsEveryNodeAndConstantOnce) {
  auto rules = load(GetParam().source);
  ASSERT_NE(rules, nullptr);
  const Program& p = rules->program();
  std::string text = print_plan(p);
  std::map<size_t, int> lines_per_node;
  std::set<size_t> constants;
  std::istringstream in(text);
  const std::regex node_line(R"(^ *(?:[^ :][^:]*: )?n([0-9]+) [a-z_]+ )");
  const std::regex constant_line(R"(^  c([0-9]+) )");
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (std::regex_search(line, m, node_line)) ++lines_per_node[std::stoul(m[1])];
    if (std::regex_search(line, m, constant_line)) constants.insert(std::stoul(m[1]));
  }
  EXPECT_EQ(text.find("(again)"), std::string::npos) << text;
  EXPECT_EQ(text.find("out of range"), std::string::npos) << text;
  ASSERT_EQ(lines_per_node.size(), p.nodes.size()) << text;
  for (const auto& [node, lines] : lines_per_node) {
    EXPECT_LT(node, p.nodes.size());
    EXPECT_EQ(lines, 1) << "node n" << node;
  }
  EXPECT_EQ(constants.size(), p.constants.size()) << text;
  EXPECT_EQ(text.find("? (read by no node)"), std::string::npos) << text;
}

TEST_P(PlanPrint, IsDeterministicAndHasNoPaths) {
  const PrintCase& c = GetParam();
  auto a = load(c.source), b = load(c.source);
  ASSERT_TRUE(a && b);
  std::string text = print_plan(a->program());
  EXPECT_EQ(text, print_plan(b->program()));
  EXPECT_EQ(text.find(kRoot.string()), std::string::npos) << text;
}

INSTANTIATE_TEST_SUITE_P(Golden, PlanPrint, ::testing::ValuesIn(print_cases()),
                         [](const ::testing::TestParamInfo<PrintCase>& info) {
                           return info.param.name;
                         });

TEST(PlanPrint, EveryOpcodeAndKindHasItsOwnName) {
  std::set<std::string_view> names;
  for (int op = 0; op <= static_cast<int>(Op::given); ++op) {
    std::string_view name = op_name(static_cast<Op>(op));
    EXPECT_NE(name, "?") << "opcode " << op;
    EXPECT_TRUE(names.insert(name).second) << name << " twice";
  }
  std::set<std::string_view> kinds;
  for (int k = 0; k <= static_cast<int>(Type::Kind::enum_type); ++k)
    EXPECT_TRUE(kinds.insert(kind_name(static_cast<Type::Kind>(k))).second) << "kind " << k;
}

TEST(PlanPrint, ShowsSlotsOperandsAndTableLookups) {
  auto rules = load("tests/lang/eval/tables.decree");
  ASSERT_NE(rules, nullptr);
  std::string text = print_plan(rules->program());
  EXPECT_NE(text.find("table 0 months: 3 rows, direct index from 1 (4 entries)\n"
                      "  keys: grade: integer (loop slot 0)\n"
                      "  direct: 1→row 1, 2→row 2, 3..4→row 3\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("table 1 tax_band: 3 rows, bisection over sorted intervals\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("  bucket child: rows 2, 3\n"), std::string::npos) << text;
  EXPECT_NE(text.find("table 3 bonuses: 3 rows, collect"), std::string::npos) << text;
  // A cell that reads a key by name reads its loop slot.
  EXPECT_NE(text.find("loop_var integer loop slot 6 (year)"), std::string::npos) << text;
  EXPECT_NE(text.find("key year: n13 constant integer c0 = 2023"), std::string::npos) << text;

  auto wi = load("fixtures/bench/wi-bench");
  ASSERT_NE(wi, nullptr);
  text = print_plan(wi->program());
  EXPECT_NE(text.find("n20 round money step c3 = 0.01, mode half_up"), std::string::npos) << text;
  EXPECT_NE(text.find("  7 dependents: list of Dependent = [] (made per case)\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("  2 d: variable of comp_sum @130:9\n"), std::string::npos) << text;
  EXPECT_NE(text.find("direct: none→row 4, partial→row 3, most→row 2, full→row 1\n"),
            std::string::npos)
      << text;
}

}  // namespace
}  // namespace decree
