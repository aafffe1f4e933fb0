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
  const std::string paren = " (note: the `(` opened here is not closed)\n";
  const std::string bracket = " (note: the `[` opened here is not closed)\n";
  EXPECT_EQ(errors("let a = f(1, 2\nlet b = 1"),
            "t.decree:3:1: error: expected `,` or `)`, found `let`" + paren);
  EXPECT_EQ(errors("let a = f("),
            "t.decree:2:11: error: expected an expression or `)`, found end of file" + paren);
  EXPECT_EQ(errors("let a = (1 + 2"),
            "t.decree:2:15: error: expected `)`, found end of file" + paren);
  EXPECT_EQ(errors("let a = x[1"),
            "t.decree:2:12: error: expected `,` or `]`, found end of file" + bracket);
  EXPECT_EQ(errors("let a = [1, 2"),
            "t.decree:2:14: error: expected `,` or `]`, found end of file" + bracket);
  // A bracket closed later is not "not closed": the error is inside it.
  EXPECT_EQ(errors("let a = f(1 2)"), "t.decree:2:13: error: expected `,` or `)`, found `2`\n");
}

// The note points at the bracket left open, also when brackets opened and
// closed after it, or a `}` that ends the block around it, come later.
TEST(Errors, TheNoteShowsWhereTheUnclosedBracketOpened) {
  auto p = testing::parse("ruleset t\nlet a = round(max(x, 1), 0.01\nlet b = f(2)\n");
  ASSERT_FALSE(*p);
  ASSERT_EQ(p->diags.items().size(), 1u);
  const Diagnostic& d = p->diags.items()[0];
  ASSERT_EQ(d.notes.size(), 1u);
  EXPECT_EQ(d.notes[0].span.line, 2u);
  EXPECT_EQ(d.notes[0].span.col, 14u);
  EXPECT_EQ(render(d),
            "t.decree:3:1: error: expected `,` or `)`, found `let`\n"
            " 3 | let b = f(2)\n"
            "   | ^~~\n"
            "t.decree:2:14: note: the `(` opened here is not closed\n"
            " 2 | let a = round(max(x, 1), 0.01\n"
            "   |              ^\n");
  EXPECT_EQ(render(d, Lang::zh),
            "t.decree:3:1: error: 此处应为 `,` 或 `)`，但遇到了 `let`\n"
            " 3 | let b = f(2)\n"
            "   | ^~~\n"
            "t.decree:2:14: note: 这里的 `(` 没有闭合\n"
            " 2 | let a = round(max(x, 1), 0.01\n"
            "   |              ^\n");
  EXPECT_EQ(errors("input { a: integer = f(1 }\nlet b = 1"),
            "t.decree:2:26: error: expected `,` or `)`, found `}` (note: the `(` opened here is "
            "not closed)\n");
  EXPECT_EQ(errors("input { a: integer\nlet b = 1"),
            "t.decree:3:1: error: expected a name, `,` or `}`, found `let` (note: the `{` opened "
            "here is not closed)\n");
  // An interval is closed by either bracket.
  EXPECT_EQ(errors("table t(k: integer) -> integer { [1, 5 => 1 }"),
            "t.decree:2:40: error: expected `)` or `]`, found `=>` (note: the `[` opened here is "
            "not closed)\n");
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
            "t.decree:5:1: error: expected `)`, found `output` (note: the `(` opened here is not "
            "closed)\n"
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

// Every message of the parser and lexer has a code and renders in 中文 too.
TEST(Errors, MessagesRenderInChinese) {
  auto zh = [](const std::string& text) {
    auto p = testing::parse("ruleset t\n" + text);
    return render_all(p->diags, /*brief=*/true, Lang::zh);
  };
  EXPECT_EQ(zh("let a = 1 +\nlet b = 2"), "t.decree:3:1: error: 此处应为表达式，但遇到了 `let`\n");
  EXPECT_EQ(
      zh("let a = f("),
      "t.decree:2:11: error: 此处应为表达式或 `)`，但遇到了文件结尾 (note: 这里的 `(` 没有闭合)\n");
  EXPECT_EQ(zh("input { b: integer in x..y }"),
            "t.decree:2:23: error: 此处应为数字或日期，或 `..`，但遇到了 `x`\n");
  EXPECT_EQ(zh("let x = if a = 1 then 2 else 3"),
            "t.decree:2:14: error: 此处应为 `then`，但遇到了 `=`（比较是否相等请写 `==`）\n");
  EXPECT_EQ(zh("let a = f（1）"),
            "t.decree:2:10: error: 无法识别的字符 `（`（U+FF08） (note: 是不是 `(`？)\n"
            "t.decree:2:12: error: 无法识别的字符 `）`（U+FF09） (note: 是不是 `)`？)\n");
  EXPECT_EQ(zh("let a = \"x"),
            "t.decree:2:9: error: 字符串没有结束 (note: 字符串必须在开始的那一行以 `\"` 结束)\n");
  auto p = testing::parse("ruleset t\n/// nothing\n");
  ASSERT_TRUE(*p);
  ASSERT_EQ(p->diags.items().size(), 1u);
  EXPECT_NE(p->diags.items()[0].code, Code::none);
  std::string warning = render_brief(p->diags.items()[0], Lang::zh);
  EXPECT_EQ(warning.rfind("t.decree:2:1: warning: 这条 `///` 说明不属于任何声明", 0), 0u)
      << warning;
}

// No message of the parser is printed as written, without a code.
TEST(Errors, EveryMessageHasACode) {
  for (std::string text : {"let a = (1", "let a = 1 @ 2", "let a = 2021-02-30", "let a = \"\\q\"",
                           "let 1", "output x: money per week = 1", "let a = 1..2..3"}) {
    auto p = testing::parse("ruleset t\n" + text);
    ASSERT_FALSE(p->diags.empty()) << text;
    for (const Diagnostic& d : p->diags.items()) {
      EXPECT_NE(d.code, Code::none) << text << ": " << d.message;
      for (const auto& n : d.notes) EXPECT_NE(n.code, Code::none) << text << ": " << n.message;
    }
  }
}

}  // namespace
}  // namespace decree
