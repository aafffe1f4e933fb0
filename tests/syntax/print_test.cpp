// The AST printer: layout, options, and every node kind.
#include <gtest/gtest.h>

#include "test_util.h"

namespace decree {
namespace {

TEST(Print, BreaksLongLinesOneChildPerLine) {
  Diagnostics diags;
  ast::ExprPtr e = parse_expression(
      testing::source("round(clamp(wage, 60% * avg_wage, 300% * avg_wage), 0.01, half_up)"), diags);
  ASSERT_TRUE(e);
  ast::PrintOptions narrow;
  narrow.width = 40;
  EXPECT_EQ(ast::print(*e, narrow),
            "(round\n"
            "  (clamp wage\n"
            "    (_*_ 60% avg_wage)\n"
            "    (_*_ 300% avg_wage))\n"
            "  0.01\n"
            "  half_up)\n");
  EXPECT_EQ(ast::print(*e),
            "(round (clamp wage (_*_ 60% avg_wage) (_*_ 300% avg_wage)) 0.01 half_up)\n");
}

TEST(Print, Module) {
  auto p = testing::parse(R"(ruleset demo basis "law"
parameters "p.yaml" as p
/// e
enum E { a, b }
record R { x: integer, ys: list of E }
input { i: integer in -1..2 = 0 optional, j: E }
/// doc "quoted"
output o: money = i basis "art. 1"
table t(k: integer) -> (v: integer, w: rate) hit collect { [1, 2) => 1, 2% }
)");
  ASSERT_TRUE(*p) << p->errors();
  EXPECT_EQ(ast::print(*p->module),
            "(module demo\n"
            "  (basis \"law\")\n"
            "  (parameters \"p.yaml\" p)\n"
            "  (enum E a b (doc \"e\"))\n"
            "  (record R (x integer) (ys (list E)))\n"
            "  (input i integer (in -1 2) (default 0) optional)\n"
            "  (input j E)\n"
            "  (output o (: money) i (basis \"art. 1\") (doc \"doc \\\"quoted\\\"\"))\n"
            "  (table t\n"
            "    (keys (k integer))\n"
            "    (results (v integer) (w rate))\n"
            "    (hit collect)\n"
            "    (row [1, 2) => 1 2%)))\n");
}

TEST(Print, SpansOnDeclarations) {
  auto p = testing::parse("ruleset t\nlet 工资: money = 1 basis \"x\"\n");
  ASSERT_TRUE(*p) << p->errors();
  ast::PrintOptions spans;
  spans.spans = true;
  EXPECT_EQ(ast::print(*p->module, spans),
            "(module t@1:9-9\n"
            "  (let 工资@2:5-6 (: money@2:9-13) 1@2:17-17 (basis \"x\"@2:25-27)))\n");
}

TEST(Print, IdsAndMatch) {
  Diagnostics diags;
  ast::ExprPtr e = parse_expression(testing::source("match o { a => 1, _ => [2] }"), diags);
  ASSERT_TRUE(e);
  ast::PrintOptions ids;
  ids.ids = true;
  EXPECT_EQ(ast::print(*e, ids), "(match#1 o#2 (case a => 1#3) (case _ => [#4 2#5]))\n");
}

TEST(Print, StringEscapes) {
  Diagnostics diags;
  ast::ExprPtr e = parse_expression(testing::source(R"("a\"b\\c\nd")"), diags);
  ASSERT_TRUE(e);
  EXPECT_EQ(ast::print(*e), "\"a\\\"b\\\\c\\nd\"\n");
}

}  // namespace
}  // namespace decree
