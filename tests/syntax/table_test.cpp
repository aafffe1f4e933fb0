// Decision tables: headers, hit policies, key patterns, and how consecutive
// rows without a separator are split.
#include <gtest/gtest.h>

#include "test_util.h"

namespace decree {
namespace {

std::string flat(const ast::Expr& e) {
  ast::PrintOptions options;
  options.width = 100000;
  std::string out = ast::print(e, options);
  out.pop_back();
  return out;
}

std::string pattern(const ast::KeyPattern& k);

std::string plain_pattern(const ast::KeyPattern& k) {
  switch (k.kind) {
    case ast::KeyPattern::Kind::any:
      return "_";
    case ast::KeyPattern::Kind::value:
      return flat(*k.value);
    case ast::KeyPattern::Kind::alternatives: {
      std::string out;
      for (const auto& a : k.alternatives) out += (out.empty() ? "" : "|") + pattern(a);
      return out;
    }
    case ast::KeyPattern::Kind::range:
      break;
  }
  return std::string(k.lo_inclusive ? "[" : "(") + (k.lo ? flat(*k.lo) : "_") + ", " +
         (k.hi ? flat(*k.hi) : "_") + (k.hi_inclusive ? "]" : ")");
}

std::string pattern(const ast::KeyPattern& k) {
  return k.negated ? "not(" + plain_pattern(k) + ")" : plain_pattern(k);
}

// The rows of the only table in `ruleset t` + `text`, one per line:
// "pattern pattern => value value".
std::string rows(const std::string& text) {
  auto p = testing::parse("ruleset t\n" + text);
  if (!*p) return "error: " + p->errors();
  std::string out;
  for (const auto& row : p->module->tables.at(0).rows) {
    for (const auto& k : row.keys) out += pattern(k) + " ";
    out += "=>";
    for (const auto& v : row.values) out += " " + flat(*v);
    out += "\n";
  }
  return out;
}

TEST(Table, HeaderWithColumns) {
  auto p = testing::parse(R"(ruleset t
table rates(grade: integer, care: Care) -> (months: integer, rate: rate) hit first {
  1, full => 27, 90%
} basis "第35条"
)");
  ASSERT_TRUE(*p) << p->errors();
  const auto& t = p->module->tables[0];
  EXPECT_EQ(t.name, "rates");
  EXPECT_EQ(t.span.col, 7u);
  ASSERT_EQ(t.keys.size(), 2u);
  EXPECT_EQ(t.keys[1].name, "care");
  EXPECT_EQ(t.keys[1].type.name, "Care");
  ASSERT_EQ(t.results.size(), 2u);
  EXPECT_EQ(t.results[1].name, "rate");
  EXPECT_EQ(t.results[1].type.name, "rate");
  EXPECT_FALSE(t.single_result);
  EXPECT_TRUE(t.hit_explicit);
  EXPECT_EQ(t.hit, ast::TableDecl::HitPolicy::first);
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_EQ(t.rows[0].keys.size(), 2u);
  EXPECT_EQ(t.rows[0].values.size(), 2u);
  EXPECT_EQ(t.rows[0].span.line, 3u);
  EXPECT_EQ(t.rows[0].span.col, 3u);
  EXPECT_EQ(t.rows[0].span.end_col, 20u);
  EXPECT_EQ(t.basis, "第35条");
}

TEST(Table, SingleResultAndDefaultHitPolicy) {
  auto p = testing::parse("ruleset t\ntable care_rate(level: Care) -> rate { full => 50% }");
  ASSERT_TRUE(*p) << p->errors();
  const auto& t = p->module->tables[0];
  EXPECT_TRUE(t.single_result);
  ASSERT_EQ(t.results.size(), 1u);
  EXPECT_EQ(t.results[0].name, "");
  EXPECT_EQ(t.results[0].type.name, "rate");
  EXPECT_FALSE(t.hit_explicit);
  EXPECT_EQ(t.hit, ast::TableDecl::HitPolicy::unique);
}

TEST(Table, HitPolicies) {
  for (auto [word, policy] : {std::pair{"unique", ast::TableDecl::HitPolicy::unique},
                              std::pair{"first", ast::TableDecl::HitPolicy::first},
                              std::pair{"collect", ast::TableDecl::HitPolicy::collect},
                              std::pair{"any", ast::TableDecl::HitPolicy::any},
                              std::pair{"priority", ast::TableDecl::HitPolicy::priority},
                              std::pair{"rule order", ast::TableDecl::HitPolicy::rule_order},
                              std::pair{"output order", ast::TableDecl::HitPolicy::output_order}}) {
    auto p = testing::parse(std::string("ruleset t\ntable t(k: integer) -> integer hit ") + word +
                            " { _ => 1 }");
    ASSERT_TRUE(*p) << p->errors();
    EXPECT_EQ(p->module->tables[0].hit, policy);
  }
  // `any` is a builtin's name too, so a hit policy is read as a name.
  EXPECT_EQ(testing::module_errors("ruleset t\ntable t(k: integer) -> integer hit every { }"),
            "t.decree:2:36: error: unknown hit policy `every`: a table's hit policy is unique, "
            "first, any, priority, collect, rule order or output order\n");
  EXPECT_EQ(
      testing::module_errors("ruleset t\ntable t(k: integer) -> integer hit 5 { }"),
      "t.decree:2:36: error: expected a name, `output`, `unique`, `first` or `collect`, found "
      "`5`\n");
}

TEST(Table, EmptyTableParses) {
  auto p = testing::parse("ruleset t\ntable t(k: integer) -> integer { }");
  ASSERT_TRUE(*p) << p->errors();
  EXPECT_TRUE(p->module->tables[0].rows.empty());
}

TEST(Table, KeyPatterns) {
  EXPECT_EQ(rows(R"(table t(k: integer) -> integer {
  _ => 0
  5 => 1
  -5 => 2
  - 2.5 => 3
  spouse => 4
  "text" => 5
  true => 6
  2021-07-01 => 7
  60% => 8
  [1, 5) => 9
  [1, 5] => 10
  (1, 5] => 11
  (1, 5) => 12
  [_, 5) => 13
  (1, _] => 14
  1..5 => 15
  -5..-1 => 16
  >= 5 => 17
  > 5 => 18
  <= -5 => 19
  < 5 => 20
  [2020-01-01, 2021-01-01) => 21
  [0%, 50%) => 22
})"),
            "_ => 0\n5 => 1\n-5 => 2\n-2.5 => 3\nspouse => 4\n\"text\" => 5\ntrue => 6\n"
            "2021-07-01 => 7\n60% => 8\n[1, 5) => 9\n[1, 5] => 10\n(1, 5] => 11\n"
            "(1, 5) => 12\n[_, 5) => 13\n(1, _] => 14\n[1, 5] => 15\n[-5, -1] => 16\n"
            "[5, _] => 17\n(5, _] => 18\n[_, -5] => 19\n[_, 5) => 20\n"
            "[2020-01-01, 2021-01-01) => 21\n[0%, 50%) => 22\n");
}

TEST(Table, KeyPatternStructure) {
  auto p = testing::parse("ruleset t\ntable t(k: integer) -> integer { >= 5 => 1  (_, 2] => 2 }");
  ASSERT_TRUE(*p) << p->errors();
  const auto& r = p->module->tables[0].rows;
  const ast::KeyPattern& ge = r[0].keys[0];
  EXPECT_EQ(ge.kind, ast::KeyPattern::Kind::range);
  ASSERT_TRUE(ge.lo);
  EXPECT_TRUE(ge.lo_inclusive);
  EXPECT_FALSE(ge.hi);
  EXPECT_EQ(ge.span.col, 34u);
  EXPECT_EQ(ge.span.end_col, 37u);
  const ast::KeyPattern& open = r[1].keys[0];
  EXPECT_FALSE(open.lo);
  EXPECT_FALSE(open.lo_inclusive);
  ASSERT_TRUE(open.hi);
  EXPECT_TRUE(open.hi_inclusive);
  EXPECT_EQ(std::get<ast::Literal>(open.hi->kind).text, "2");
}

TEST(Table, PatternsAreLiteralsOrNamesOnly) {
  EXPECT_NE(rows("table t(k: integer) -> integer { a + 1 => 0 }").find("error:"),
            std::string::npos);
  EXPECT_NE(rows("table t(k: integer) -> integer { [a + 1, 5) => 0 }").find("error:"),
            std::string::npos);
  EXPECT_NE(rows("table t(k: integer) -> integer { p.cap[2021] => 0 }").find("error:"),
            std::string::npos);
  EXPECT_NE(rows("table t(k: integer) -> integer { 1.. => 0 }").find("error:"), std::string::npos);
  // A name or a dotted name is a bound the cell reads.
  EXPECT_EQ(rows("table t(k: integer) -> integer { [a, p.cap) => 0 }"), "[a, (. p cap)) => 0\n");
}

TEST(Table, AlternativesAndNegation) {
  EXPECT_EQ(rows(R"(table t(k: integer, s: text) -> integer {
  < 18 | >= 60, "A" | "B" => 1
  not([10, 20]), not("A" | "B") => 2
  not(retirement_age), _ => 3
})"),
            "[_, 18)|[60, _] \"A\"|\"B\" => 1\n"
            "not([10, 20]) not(\"A\"|\"B\") => 2\n"
            "not(retirement_age) _ => 3\n");
  EXPECT_NE(rows("table t(k: integer) -> integer { 1 | _ => 0 }").find("`_` is one alternative"),
            std::string::npos);
  EXPECT_NE(rows("table t(k: integer) -> integer { not(_) => 0 }").find("matches no key"),
            std::string::npos);
}

TEST(Table, SeveralKeysAndValues) {
  EXPECT_EQ(rows(R"(table t(a: integer, b: Care) -> (x: integer, y: rate) {
  1, full => 27, 90%
  [2, 4], _ => f(a), -1%
  _, _ => when a > 1: 2 otherwise: 3, 0%
})"),
            "1 full => 27 90%\n[2, 4] _ => (f a) (-_ 1%)\n"
            "_ _ => (piecewise (when (_>_ a 1) 2) (otherwise 3)) 0%\n");
}

TEST(Table, RowsOnOneLine) {
  EXPECT_EQ(rows("table t(g: integer) -> integer { 1 => 27   2 => 25   3 => 23 }"),
            "1 => 27\n2 => 25\n3 => 23\n");
  EXPECT_EQ(rows("table t(g: integer) -> (a: integer, b: integer) { 1 => 27, 1 2 => 25, 2 }"),
            "1 => 27 1\n2 => 25 2\n");
}

// A row value followed by a row whose first pattern could continue the value
// (`(`, `[`, `-`, `<`, `<=`, `>`, `>=`): every row has one `=>`, so only one
// split is valid and the parser finds it.
TEST(Table, ConsecutiveRowsSplitWhereOnlyOneReadingIsValid) {
  const std::string head = "table t(k: integer) -> integer {\n";
  EXPECT_EQ(rows(head + "  _ => x\n  (1, 5] => y\n}"), "_ => x\n(1, 5] => y\n");
  EXPECT_EQ(rows(head + "  _ => x\n  (1, 5) => y\n}"), "_ => x\n(1, 5) => y\n");
  EXPECT_EQ(rows(head + "  _ => f(a)\n  (1, 5) => y\n}"), "_ => (f a)\n(1, 5) => y\n");
  EXPECT_EQ(rows(head + "  _ => x\n  [1, 5) => y\n}"), "_ => x\n[1, 5) => y\n");
  EXPECT_EQ(rows(head + "  _ => x\n  -1 => y\n}"), "_ => x\n-1 => y\n");
  EXPECT_EQ(rows(head + "  _ => x\n  -1..5 => y\n}"), "_ => x\n[-1, 5] => y\n");
  EXPECT_EQ(rows(head + "  _ => x\n  >= 5 => y\n}"), "_ => x\n[5, _] => y\n");
  EXPECT_EQ(rows(head + "  _ => x\n  > 5 => y\n}"), "_ => x\n(5, _] => y\n");
  EXPECT_EQ(rows(head + "  _ => x\n  <= 5 => y\n}"), "_ => x\n[_, 5] => y\n");
  EXPECT_EQ(rows(head + "  _ => x\n  < 5 => y\n}"), "_ => x\n[_, 5) => y\n");
  EXPECT_EQ(rows(head + "  _ => x\n  spouse => y\n}"), "_ => x\nspouse => y\n");
  // The same on one line.
  EXPECT_EQ(rows(head + "_ => x (1, 5) => y [5, 6] => z - 1 => w < 0 => v }"),
            "_ => x\n(1, 5) => y\n[5, 6] => z\n-1 => w\n[_, 0) => v\n");
  // Operators that continue a value, where they make a valid value.
  EXPECT_EQ(rows(head + "  _ => x\n  - 1\n  2 => y\n}"), "_ => (_-_ x 1)\n2 => y\n");
  EXPECT_EQ(rows(head + "  _ => x\n  [1]\n  2 => y\n}"), "_ => (index x 1)\n2 => y\n");
  EXPECT_EQ(rows(head + "  _ => x\n  (1)\n  2 => y\n}"), "_ => (x 1)\n2 => y\n");
}

TEST(Table, TableErrors) {
  EXPECT_EQ(testing::module_errors("ruleset t\ntable t(k: integer) -> integer { 1 => }"),
            "t.decree:2:39: error: expected an expression, found `}`\n");
  EXPECT_EQ(testing::module_errors("ruleset t\ntable t(k: integer) -> integer { 1 2 }"),
            "t.decree:2:36: error: expected `=>` or `,`, found `2`\n");
  EXPECT_EQ(testing::module_errors("ruleset t\ntable t() -> integer { }"),
            "t.decree:2:9: error: expected a name, found `)`\n");
  EXPECT_EQ(testing::module_errors("ruleset t\ntable t(k: integer) { }"),
            "t.decree:2:21: error: expected `->`, found `{`\n");
  EXPECT_EQ(testing::module_errors("ruleset t\ntable t(k: integer) -> integer { 1 => 2, }"),
            "t.decree:2:42: error: expected an expression, found `}`\n");
}

}  // namespace
}  // namespace decree
