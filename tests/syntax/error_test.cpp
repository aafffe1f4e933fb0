// Syntax error messages: where they point and what they say.
#include <gtest/gtest.h>

#include "test_util.h"

namespace decree {
namespace {

std::string errors(const std::string& text) { return testing::module_errors("ruleset t\n" + text); }

TEST(Errors, MissingExpression) {
  EXPECT_EQ(errors("let a ="), "t.decree:2:8: error: expected an expression, found end of file\n");
  EXPECT_EQ(errors("let a = 1 +\nlet b = 2"),
            "t.decree:3:1: error: expected an expression, found `let`\n");
  EXPECT_EQ(errors("let a = 1 -\nlet b = 2"),
            "t.decree:3:1: error: expected an expression, found `let`\n");
  EXPECT_EQ(errors("let a = (1 + )"), "t.decree:2:14: error: expected an expression, found `)`\n");
}

TEST(Errors, UnclosedCallsAndBrackets) {
  EXPECT_EQ(errors("let a = f(1, 2\nlet b = 1"),
            "t.decree:3:1: error: expected `,` or `)`, found `let`\n");
  EXPECT_EQ(errors("let a = f(1 2)"), "t.decree:2:13: error: expected `,` or `)`, found `2`\n");
  EXPECT_EQ(errors("let a = f("),
            "t.decree:2:11: error: expected an expression or `)`, found end of file\n");
  EXPECT_EQ(errors("let a = (1 + 2"), "t.decree:2:15: error: expected `)`, found end of file\n");
  EXPECT_EQ(errors("let a = x[1"),
            "t.decree:2:12: error: expected `,` or `]`, found end of file\n");
  EXPECT_EQ(errors("let a = [1, 2"),
            "t.decree:2:14: error: expected `,` or `]`, found end of file\n");
}

TEST(Errors, UnexpectedTokens) {
  EXPECT_EQ(errors("let a = 1 }"),
            "t.decree:2:11: error: expected a declaration or end of file, found `}`\n");
  EXPECT_EQ(errors("let a = x\nfoo = 1"),
            "t.decree:3:1: error: expected a declaration or end of file, found `foo`\n");
  EXPECT_EQ(errors("let = 1"), "t.decree:2:5: error: expected a name, found `=`\n");
  EXPECT_EQ(errors("let a: = 1"), "t.decree:2:8: error: expected a name or `list`, found `=`\n");
  EXPECT_EQ(errors("output a 1"), "t.decree:2:10: error: expected `=` or `:`, found `1`\n");
}

TEST(Errors, AssignmentInsteadOfComparison) {
  EXPECT_EQ(errors("let x = when a = 1: 2 otherwise: 3"),
            "t.decree:2:16: error: expected `:`, found `=` (to compare, write `==`)\n");
  EXPECT_EQ(errors("let x = if a = 1 then 2 else 3"),
            "t.decree:2:14: error: expected `then`, found `=` (to compare, write `==`)\n");
}

TEST(Errors, WhenWithoutOtherwise) {
  EXPECT_EQ(errors("let x = when a: 1\nlet y = 2"),
            "t.decree:3:1: error: expected `when` or `otherwise`, found `let`\n");
}

TEST(Errors, KeywordAsName) {
  EXPECT_EQ(errors("let first = 1"), "t.decree:2:5: error: expected a name, found `first`\n");
  EXPECT_EQ(errors("input { optional: bool }"),
            "t.decree:2:9: error: expected a name or `}`, found `optional`\n");
}

TEST(Errors, SeveralErrorsAreReportedInSourceOrder) {
  std::string out = errors("let a = 1 +\nlet b = @\nlet c = (2\noutput d = \"x\\y\"\n");
  EXPECT_EQ(out,
            "t.decree:3:1: error: expected an expression, found `let`\n"
            "t.decree:3:9: error: unexpected character `@` (U+0040)\n"
            "t.decree:5:1: error: expected `)`, found `output`\n"
            "t.decree:5:14: error: unknown escape `\\y` in a string (note: a string may contain "
            "\\\" (quote), \\\\ (backslash) and \\n (newline))\n");
}

TEST(Errors, FullWidthPunctuationHints) {
  EXPECT_EQ(errors("let a = f（1）"),
            "t.decree:2:10: error: unexpected character `（` (U+FF08) (note: did you mean `(`?)\n"
            "t.decree:2:12: error: unexpected character `）` (U+FF09) (note: did you mean `)`?)\n");
  EXPECT_EQ(errors("let a = 1，"),
            "t.decree:2:10: error: unexpected character `，` (U+FF0C) (note: did you mean `,`?)\n");
  EXPECT_EQ(errors("let a = “x”"),
            "t.decree:2:9: error: unexpected character `“` (U+201C) (note: did you mean `\"`?)\n"
            "t.decree:2:11: error: unexpected character `”` (U+201D) (note: did you mean `\"`?)\n");
  EXPECT_EQ(errors("let a =　1"),
            "t.decree:2:8: error: unexpected character (U+3000) (note: use an ASCII space)\n");
  EXPECT_EQ(errors("let a = 1 $$$ 2"), "t.decree:2:11: error: unexpected characters\n");
}

TEST(Errors, RenderedWithCaretUnderChineseText) {
  auto p = testing::parse("ruleset t\nlet 工资 = 基数 ＊ 60%");
  ASSERT_FALSE(*p);
  EXPECT_EQ(render_all(p->diags),
            "t.decree:2:13: error: unexpected character `＊` (U+FF0A)\n"
            " 2 | let 工资 = 基数 ＊ 60%\n"
            "   |                 ^~\n"
            "note: did you mean `*`?\n");
}

}  // namespace
}  // namespace decree
