// The plan stage: tables compile to direct indexes or interval searches,
// names become slots, and the planned program is shared read-only.
#include <gtest/gtest.h>

#include "api/decree.h"
#include "check/program.h"
#include "plan/program.h"

namespace {

std::unique_ptr<const decree::RuleSet> load(const std::string& path) {
  decree::Diagnostics diags;
  auto rules = decree::RuleSet::load(path, diags);
  EXPECT_NE(rules, nullptr) << decree::render_all(diags);
  return rules;
}

const decree::TablePlan& table(const decree::RuleSet& rs, const std::string& name) {
  const auto& c = rs.checked();
  for (size_t i = 0; i < c.tables.size(); ++i)
    if (c.tables[i].name == name) return rs.program().tables[i];
  throw std::runtime_error("no table " + name);
}

TEST(Plan, IntegerAndEnumTablesGetADirectIndex) {
  auto rs = load(DECREE_SOURCE_DIR "/fixtures/bench/wi-bench");
  ASSERT_NE(rs, nullptr);
  const auto& rates = table(*rs, "disability_rates");
  EXPECT_TRUE(rates.direct);
  EXPECT_EQ(rates.direct_base, 1);
  ASSERT_EQ(rates.direct_rows.size(), 10u);
  for (int g = 0; g < 10; ++g) EXPECT_EQ(rates.direct_rows[g], g) << "grade " << g + 1;
  const auto& care = table(*rs, "care_rate");
  EXPECT_TRUE(care.direct);
  // Rows are written full, most, partial, none; enum ordinals are none=0 … full=3.
  ASSERT_EQ(care.direct_rows.size(), 4u);
  EXPECT_EQ(care.direct_rows[0], 3);
  EXPECT_EQ(care.direct_rows[3], 0);
}

TEST(Plan, RangeAndMultiKeyTablesAreSearchedByInterval) {
  auto rs = load(DECREE_SOURCE_DIR "/tests/lang/eval/tables.decree");
  ASSERT_NE(rs, nullptr);
  const auto& tax = table(*rs, "tax_band");  // money key with open ranges: bisection
  EXPECT_FALSE(tax.direct);
  EXPECT_EQ(tax.sorted_rows, (std::vector<uint32_t>{0, 1, 2}));
  const auto& share = table(*rs, "share");  // two keys, the first an enum: buckets
  EXPECT_FALSE(share.direct);
  ASSERT_EQ(share.buckets.size(), 3u);  // spouse, child, parent
  EXPECT_EQ(share.buckets[0], (std::vector<uint32_t>{0, 1, 2}));
  EXPECT_EQ(share.buckets[1], (std::vector<uint32_t>{1, 2}));
  EXPECT_TRUE(table(*rs, "bonuses").collect);
  const auto& months = table(*rs, "months");  // 1, 2, [3, 4]
  ASSERT_TRUE(months.direct);
  ASSERT_EQ(months.direct_rows.size(), 4u);
  EXPECT_EQ(months.direct_rows[2], 2);
  EXPECT_EQ(months.direct_rows[3], 2);
}

TEST(Plan, NamesBecomeSlots) {
  auto rs = load(DECREE_SOURCE_DIR "/fixtures/bench/wi-bench");
  ASSERT_NE(rs, nullptr);
  const auto& prog = rs->program();
  const auto& c = rs->checked();
  size_t inputs = 0, rules = 0;
  for (const auto& n : prog.nodes) {
    if (n.op == decree::Op::input) {
      ++inputs;
      EXPECT_LT(n.a, c.inputs.size());
    }
    if (n.op == decree::Op::rule) {
      ++rules;
      EXPECT_LT(n.a, c.rules.size());
    }
  }
  EXPECT_GT(inputs, 0u);
  EXPECT_GT(rules, 0u);
  // Every rule has a body and every output is a rule.
  ASSERT_EQ(prog.rules.size(), c.rules.size());
  for (const auto& r : prog.rules) EXPECT_LT(r.root, prog.nodes.size());
  EXPECT_EQ(rs->output_names().size(), 11u);
}

TEST(Plan, OneProgramServesManySessions) {
  auto rs = load(DECREE_SOURCE_DIR "/fixtures/bench/wi-bench");
  ASSERT_NE(rs, nullptr);
  decree::Session a(*rs), b(*rs);
  decree::CaseError err;
  ASSERT_TRUE(a.decode_json(
      R"({"case_id":"a","injury_date":"2020-10-20","outcome":"disability","grade":8,"wage_avg_12m":"9000.00","terminated":true})",
      err));
  ASSERT_TRUE(b.decode_json(
      R"({"case_id":"b","injury_date":"2020-10-20","outcome":"death","wage_avg_12m":"1000.00"})",
      err));
  ASSERT_TRUE(a.evaluate(err));
  ASSERT_TRUE(b.evaluate(err));
  // avg wage 2019 = 5893.75: a's own wage is 9000.00; b's is floored at 60% = 3536.25.
  EXPECT_EQ(a.output_text(0), "9000.00");
  EXPECT_EQ(b.output_text(0), "3536.25");
}

}  // namespace
