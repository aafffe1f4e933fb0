// Expressions: precedence, lowering to calls, literals, ids and spans.
#include <gtest/gtest.h>

#include <set>

#include "test_util.h"

namespace decree {
namespace {

using testing::expr;

TEST(Expr, ArithmeticPrecedenceAndAssociativity) {
  EXPECT_EQ(expr("1 + 2 * 3"), "(_+_ 1 (_*_ 2 3))");
  EXPECT_EQ(expr("(1 + 2) * 3"), "(_*_ (_+_ 1 2) 3)");
  EXPECT_EQ(expr("a - b - c"), "(_-_ (_-_ a b) c)");
  EXPECT_EQ(expr("a / b / c"), "(_/_ (_/_ a b) c)");
  EXPECT_EQ(expr("a - b * c / d + e"), "(_+_ (_-_ a (_/_ (_*_ b c) d)) e)");
}

TEST(Expr, UnaryMinus) {
  EXPECT_EQ(expr("-a"), "(-_ a)");
  EXPECT_EQ(expr("-a * b"), "(_*_ (-_ a) b)");
  EXPECT_EQ(expr("-a.b"), "(-_ (. a b))");
  EXPECT_EQ(expr("- -a"), "(-_ (-_ a))");
  EXPECT_EQ(expr("a - -1"), "(_-_ a (-_ 1))");
  EXPECT_EQ(expr("-5"), "(-_ 5)");  // not folded into the literal
  EXPECT_EQ(expr("2 * -x[1]"), "(_*_ 2 (-_ (index x 1)))");
}

TEST(Expr, Comparisons) {
  EXPECT_EQ(expr("a == b"), "(_==_ a b)");
  EXPECT_EQ(expr("a != b"), "(_!=_ a b)");
  EXPECT_EQ(expr("a < b"), "(_<_ a b)");
  EXPECT_EQ(expr("a <= b"), "(_<=_ a b)");
  EXPECT_EQ(expr("a > b"), "(_>_ a b)");
  EXPECT_EQ(expr("a >= b"), "(_>=_ a b)");
  EXPECT_EQ(expr("a + 1 < b * 2"), "(_<_ (_+_ a 1) (_*_ b 2))");
  EXPECT_EQ(expr("(a < b) == c"), "(_==_ (_<_ a b) c)");
}

TEST(Expr, ComparisonsAreNotAssociative) {
  EXPECT_EQ(expr("a < b < c"),
            "error: t.decree:1:7: error: comparisons cannot be chained (note: write `a < b and b "
            "< c`, or `(a < b) < c` to compare the result of the first comparison)\n");
  EXPECT_NE(expr("a == b == c").find("comparisons cannot be chained"), std::string::npos);
  EXPECT_NE(expr("a < b >= c").find("1:7: error: comparisons cannot be chained"),
            std::string::npos);
}

TEST(Expr, BooleanOperators) {
  EXPECT_EQ(expr("a or b and c"), "(_or_ a (_and_ b c))");
  EXPECT_EQ(expr("a and b or c"), "(_or_ (_and_ a b) c)");
  EXPECT_EQ(expr("not a and b"), "(_and_ (!_ a) b)");
  EXPECT_EQ(expr("not a == b"), "(!_ (_==_ a b))");
  EXPECT_EQ(expr("not not a"), "(!_ (!_ a))");
  EXPECT_EQ(expr("a and not b or c"), "(_or_ (_and_ a (!_ b)) c)");
  EXPECT_EQ(expr("a and b and c"), "(_and_ (_and_ a b) c)");
}

TEST(Expr, PostfixSelectIndexAndCalls) {
  EXPECT_EQ(expr("p.min_wage[year(d)]"), "(index (. p min_wage) (year d))");
  EXPECT_EQ(expr("rates(grade).allowance"), "(. (rates grade) allowance)");
  EXPECT_EQ(expr("a.b.c"), "(. (. a b) c)");
  EXPECT_EQ(expr("x[1][2]"), "(index (index x 1) 2)");
  EXPECT_EQ(expr("f()"), "(f)");
  EXPECT_EQ(expr("round(2.675, 0.01, half_even)"), "(round 2.675 0.01 half_even)");
  EXPECT_EQ(expr("round(\n  x,\n  0.01,\n  half_up,\n)"), "(round x 0.01 half_up)");
  EXPECT_EQ(expr("min(a, b)"), "(min a b)");
  EXPECT_EQ(expr("sum(xs)"), "(sum xs)");
  EXPECT_EQ(expr("(a).b"), "(. a b)");
}

TEST(Expr, CalleeIsAPlainName) {
  // Only `name(args)` is a call; a call result is not called again.
  EXPECT_NE(expr("f(x)(y)").find("error:"), std::string::npos);
  EXPECT_NE(expr("p.f(x)").find("error:"), std::string::npos);
  EXPECT_NE(expr("(f)(x)").find("error:"), std::string::npos);
}

TEST(Expr, WhenAndIf) {
  EXPECT_EQ(expr("when a: 1 otherwise: 2"), "(piecewise (when a 1) (otherwise 2))");
  EXPECT_EQ(expr("when a: 1\nwhen b or c: 2\notherwise: 3"),
            "(piecewise (when a 1) (when (_or_ b c) 2) (otherwise 3))");
  EXPECT_EQ(expr("if a then 1 else 2"), "(piecewise (when a 1) (otherwise 2))");
  // The last branch reaches as far as it can.
  EXPECT_EQ(expr("if a then 1 else 2 + 3"), "(piecewise (when a 1) (otherwise (_+_ 2 3)))");
  EXPECT_EQ(expr("when a: 1 otherwise: x or y"), "(piecewise (when a 1) (otherwise (_or_ x y)))");
  EXPECT_EQ(expr("if a then if b then 1 else 2 else 3"),
            "(piecewise (when a (piecewise (when b 1) (otherwise 2))) (otherwise 3))");
  EXPECT_EQ(expr("1 + (if a then 1 else 2)"), "(_+_ 1 (piecewise (when a 1) (otherwise 2)))");
  // A nested `when` takes the following cases (dangling else): parenthesize.
  EXPECT_EQ(expr("when a: when b: 1 otherwise: 2 otherwise: 3"),
            "(piecewise (when a (piecewise (when b 1) (otherwise 2))) (otherwise 3))");
}

// `when` and `if` may start any operand, like a prefix operator, and their
// last branch extends as far as it can.
TEST(Expr, WhenAndIfExtendToTheEnd) {
  EXPECT_EQ(expr("1 + if a then 1 else 2"), "(_+_ 1 (piecewise (when a 1) (otherwise 2)))");
  EXPECT_EQ(expr("x * if a then 1 else 2 + 3"),
            "(_*_ x (piecewise (when a 1) (otherwise (_+_ 2 3))))");
  EXPECT_EQ(expr("not when a: b otherwise: c and d"),
            "(!_ (piecewise (when a b) (otherwise (_and_ c d))))");
  EXPECT_NE(expr("when a: 1").find("expected `when` or `otherwise`, found end of file"),
            std::string::npos);
}

TEST(Expr, Match) {
  EXPECT_EQ(expr("match o { disability => 1, death => 2 }"),
            "(match o (case disability => 1) (case death => 2))");
  EXPECT_EQ(expr("match o {\n  a, b => 1\n  _ => 2\n}"), "(match o (case a b => 1) (case _ => 2))");
  EXPECT_EQ(expr("match o { a => x b => y, }"), "(match o (case a => x) (case b => y))");
  EXPECT_EQ(expr("match o.kind { a => -1 _ => f(x) }"),
            "(match (. o kind) (case a => (-_ 1)) (case _ => (f x)))");
  EXPECT_NE(expr("match o { }").find("error:"), std::string::npos);
  EXPECT_NE(expr("match o { a, _ => 1 }").find("error:"), std::string::npos);
}

TEST(Expr, Comprehensions) {
  EXPECT_EQ(expr("sum(d in dependents: share(d))"), "(sum d (in dependents) (share d))");
  EXPECT_EQ(expr("count(d in dependents where d.age < 18)"),
            "(count d (in dependents) (where (_<_ (. d age) 18)))");
  EXPECT_EQ(expr("count(d in ds)"), "(count d (in ds))");
  EXPECT_EQ(expr("max(d in ds where d.ok: d.age)"), "(max d (in ds) (where (. d ok)) (. d age))");
  EXPECT_EQ(expr("min(d in ds: d.age)"), "(min d (in ds) (. d age))");
  EXPECT_EQ(expr("all(d in ds: d.ok)"), "(all d (in ds) (. d ok))");
  EXPECT_EQ(expr("any(d in [1, 2]: d > 1)"), "(any d (in [1 2]) (_>_ d 1))");
  EXPECT_EQ(expr("sum(d in ds: sum(e in d.items: e))"),
            "(sum d (in ds) (sum e (in (. d items)) e))");
}

TEST(Expr, ComprehensionMistakes) {
  EXPECT_NE(expr("sum(d in ds)").find("1:12: error: expected `:` and a body in `sum(...)`"),
            std::string::npos);
  EXPECT_NE(expr("count(d in ds: d)").find("1:14: error: `count` takes no `: body`"),
            std::string::npos);
  EXPECT_NE(expr("total(d in ds: d)").find("1:1: error: `total` is not an aggregate"),
            std::string::npos);
}

TEST(Expr, Lists) {
  EXPECT_EQ(expr("[]"), "[]");
  EXPECT_EQ(expr("[1, 2, 3,]"), "[1 2 3]");
  EXPECT_EQ(expr("[[1], [a, b]]"), "[[1] [a b]]");
  EXPECT_EQ(expr("[1, 2][0]"), "(index [1 2] 0)");
}

TEST(Expr, Literals) {
  Diagnostics diags;
  auto check = [&](const std::string& text, ast::Literal::Kind kind, const std::string& value) {
    ast::ExprPtr e = parse_expression(testing::source(text), diags);
    ASSERT_TRUE(e) << text << ": " << render_all(diags);
    const auto* lit = std::get_if<ast::Literal>(&e->kind);
    ASSERT_TRUE(lit) << text;
    EXPECT_EQ(lit->kind, kind) << text;
    EXPECT_EQ(lit->text, value) << text;
  };
  using K = ast::Literal::Kind;
  check("12", K::integer, "12");
  check("007", K::integer, "007");
  check("0.01", K::decimal, "0.01");
  check("0.00", K::decimal, "0.00");
  check("60%", K::percent, "60");
  check("12.5%", K::percent, "12.5");
  check("2021-07-01", K::date, "2021-07-01");
  check("2024-02-29", K::date, "2024-02-29");
  check("true", K::boolean, "true");
  check("false", K::boolean, "false");
  check(R"("abc")", K::text, "abc");
  check(R"("")", K::text, "");
  check(R"("a\"b\\c\nd")", K::text, "a\"b\\c\nd");
  check(R"("工伤保险条例 第64条")", K::text, "工伤保险条例 第64条");
  EXPECT_TRUE(diags.empty());
}

TEST(Expr, LiteralMistakes) {
  EXPECT_EQ(expr("2021-02-30"), "error: t.decree:1:1: error: invalid date `2021-02-30`\n");
  EXPECT_NE(expr("2021-13-01").find("invalid date"), std::string::npos);
  EXPECT_EQ(expr("\"a\\qb\""),
            "error: t.decree:1:3: error: unknown escape `\\q` in a string (note: a string may "
            "contain \\\" (quote), \\\\ (backslash) and \\n (newline))\n");
  EXPECT_EQ(expr("\"abc"),
            "error: t.decree:1:1: error: unterminated string (note: a string ends with `\"` on "
            "the line where it starts)\n");
  EXPECT_NE(expr("\"ab\ncd\"").find("unterminated string"), std::string::npos);
  EXPECT_NE(expr("1.").find("error:"), std::string::npos);
  EXPECT_NE(expr(".5").find("error:"), std::string::npos);
}

TEST(Expr, DateLexesAsOneTokenOnlyWithoutSpaces) {
  EXPECT_EQ(expr("2021-07-01"), "2021-07-01");
  EXPECT_EQ(expr("2021 - 07 - 01"), "(_-_ (_-_ 2021 07) 01)");
  EXPECT_EQ(expr("2021-7"), "(_-_ 2021 7)");
}

TEST(Expr, UnicodeIdentifiers) {
  EXPECT_EQ(expr("本人工资 * 60%"), "(_*_ 本人工资 60%)");
  EXPECT_EQ(expr("_x1 + été + Ωmega_2"), "(_+_ (_+_ _x1 été) Ωmega_2)");
  EXPECT_NE(expr("1abc").find("error:"), std::string::npos);
}

TEST(Expr, KeywordsAreReserved) {
  EXPECT_NE(expr("first + 1").find("error:"), std::string::npos);
  EXPECT_NE(expr("where").find("error:"), std::string::npos);
  // Type names are not keywords.
  EXPECT_EQ(expr("money + rate + date + text"), "(_+_ (_+_ (_+_ money rate) date) text)");
}

TEST(Expr, TrailingInputIsAnError) {
  EXPECT_EQ(expr("1 2"), "error: t.decree:1:3: error: expected end of file, found `2`\n");
  EXPECT_EQ(expr(""), "error: t.decree:1:1: error: expected an expression, found end of file\n");
  EXPECT_EQ(expr("a +"), "error: t.decree:1:4: error: expected an expression, found end of file\n");
}

// Ids are unique, handed out in pre-order from first_id.
TEST(Expr, IdsArePreOrderFromFirstId) {
  Diagnostics diags;
  ast::ExprPtr e = parse_expression(testing::source("a + b * 2"), diags, {}, 10);
  ASSERT_TRUE(e);
  ast::PrintOptions options;
  options.ids = true;
  EXPECT_EQ(ast::print(*e, options), "(_+_#10 a#11 (_*_#12 b#13 2#14))\n");
}

TEST(Expr, ModuleIdsAreUniqueAndNextIdFollows) {
  auto p = testing::parse(R"(ruleset t
input { a: integer in 1..5 = 3 }
let x = a + 1
table t(k: integer) -> integer { [1, 2) => x  _ => 0 }
)",
                          {});
  ASSERT_TRUE(*p) << p->errors();
  std::set<ast::ExprId> ids;
  std::function<void(const ast::Expr&)> walk = [&](const ast::Expr& e) {
    EXPECT_TRUE(ids.insert(e.id).second) << e.id;
    if (const auto* c = std::get_if<ast::Call>(&e.kind))
      for (const auto& a : c->args) walk(*a);
  };
  const ast::Module& m = *p->module;
  walk(*m.inputs[0].range_min);
  walk(*m.inputs[0].range_max);
  walk(*m.inputs[0].default_value);
  walk(*m.rules[0].body);
  for (const auto& row : m.tables[0].rows) {
    for (const auto& k : row.keys) {
      if (k.value) walk(*k.value);
      if (k.lo) walk(*k.lo);
      if (k.hi) walk(*k.hi);
    }
    for (const auto& v : row.values) walk(*v);
  }
  EXPECT_EQ(ids.size(), 10u);
  EXPECT_EQ(*ids.begin(), 1u);
  EXPECT_EQ(*ids.rbegin(), 10u);
  EXPECT_EQ(m.next_id, 11u);
}

TEST(Expr, SpansCoverTheWholeExpression) {
  Diagnostics diags;
  auto src = testing::source("(a + b) * foo(c, 1)");
  ast::ExprPtr e = parse_expression(src, diags);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->span.file, src.get());
  EXPECT_EQ(e->span.line, 1u);
  EXPECT_EQ(e->span.col, 1u);
  EXPECT_EQ(e->span.end_line, 1u);
  EXPECT_EQ(e->span.end_col, 19u);
  const auto& mul = std::get<ast::Call>(e->kind);
  EXPECT_EQ(mul.function_span.col, 9u);  // the operator
  EXPECT_EQ(mul.function_span.end_col, 9u);
  const ast::Expr& sum = *mul.args[0];  // parentheses are not part of the node
  EXPECT_EQ(sum.span.col, 2u);
  EXPECT_EQ(sum.span.end_col, 6u);
  const ast::Expr& call = *mul.args[1];
  EXPECT_EQ(call.span.col, 11u);
  EXPECT_EQ(call.span.end_col, 19u);
  EXPECT_EQ(std::get<ast::Call>(call.kind).function_span.end_col, 13u);
}

TEST(Expr, SpansPrinted) {
  ast::PrintOptions spans;
  spans.spans = true;
  EXPECT_EQ(expr("p.min_wage[y]", spans),
            "(index@1:1-13 (.@1:1-10 p@1:1-1 min_wage@1:3-10) y@1:12-12)");
  EXPECT_EQ(expr("-x", spans), "(-_@1:1-2 x@1:2-2)");
  EXPECT_EQ(expr("when a:\n  1\notherwise: 2", spans),
            "(piecewise@1:1-3:12 (when a@1:6-6 1@2:3-3) (otherwise 2@3:12-12))");
  EXPECT_EQ(expr("sum(d in ds: d)", spans), "(sum@1:1-15 d@1:5-5 (in ds@1:10-11) d@1:14-14)");
}

// Columns count code points, not bytes.
TEST(Expr, ChineseColumnsCountCodePoints) {
  ast::PrintOptions spans;
  spans.spans = true;
  EXPECT_EQ(expr("本人工资 * 60% + 护理费", spans),
            "(_+_@1:1-16 (_*_@1:1-10 本人工资@1:1-4 60%@1:8-10) 护理费@1:14-16)");
  EXPECT_EQ(expr("\"工伤\" + x", spans), "(_+_@1:1-8 \"工伤\"@1:1-4 x@1:8-8)");
  EXPECT_EQ(expr("𝑥 + y", spans), "(_+_@1:1-5 𝑥@1:1-1 y@1:5-5)");  // outside the BMP
  EXPECT_EQ(expr("工资 ＋ 1"),
            "error: t.decree:1:4: error: unexpected character `＋` (U+FF0B) (note: did you mean "
            "`+`?)\n");
}

}  // namespace
}  // namespace decree
