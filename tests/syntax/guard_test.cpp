// The parser reads text it did not write: size, depth and error limits, and
// no crash, hang or exception on any input.
#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include "test_util.h"

namespace decree {
namespace {

std::string wi_bench() {
  std::ifstream in(std::string(DECREE_SOURCE_DIR) + "/fixtures/bench/wi-bench/wi_bench.decree");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Parses as a module and as an expression; both must fail cleanly with at
// least one error, or succeed without errors.
void survives(const std::string& text, const std::string& what) {
  for (bool as_expr : {false, true}) {
    Diagnostics diags;
    auto src = testing::source(text);
    bool ok;
    if (as_expr) {
      ok = parse_expression(src, diags) != nullptr;
    } else {
      ok = parse_module(src, diags).has_value();
    }
    EXPECT_EQ(ok, !diags.has_errors()) << what << (as_expr ? " (expression)" : "");
    for (const auto& d : diags.items()) {
      if (d.span.valid()) {
        EXPECT_GE(d.span.line, 1u) << what;
        EXPECT_LE(d.span.line, src->line_count() + 1) << what;
      }
      render(d);  // must not crash either
    }
  }
}

TEST(Guard, EmptyAndBlankFiles) {
  EXPECT_EQ(testing::module_errors(""),
            "t.decree:1:1: error: expected `ruleset`, found end of file\n");
  EXPECT_EQ(testing::module_errors("\n\n  # only a comment\n"),
            "t.decree:4:1: error: expected `ruleset`, found end of file\n");
}

TEST(Guard, LoneQuote) {
  EXPECT_EQ(testing::module_errors("\""),
            "t.decree:1:1: error: unterminated string (note: a string ends with `\"` on the line "
            "where it starts)\n"
            "t.decree:1:1: error: expected `ruleset`, found `\"`\n");
  survives("\"", "lone quote");
  survives("ruleset t let a = \"", "quote at the end");
  survives("ruleset t let a = \"\\", "quote and backslash at the end");
}

TEST(Guard, InvalidUtf8) {
  EXPECT_EQ(testing::module_errors("ruleset t\nlet 工资 = \xFF 1"),
            "t.decree:2:10: error: invalid UTF-8 (byte 0xFF) (note: rule files must be saved as "
            "UTF-8)\n");
  auto zh = testing::parse("ruleset t\nlet 工资 = \xFF 1");
  EXPECT_EQ(render_all(zh->diags, /*brief=*/true, Lang::zh),
            "t.decree:2:10: error: 文件含有无效的 UTF-8 编码（字节 0xFF） (note: 规则文件必须以 "
            "UTF-8 编码保存)\n");
  for (std::string bad : {"\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80",
                          "\xE5\xB7", "\x80", "a\xF0"}) {
    std::string text = "ruleset t\nlet a = \"" + bad + "\"";
    EXPECT_NE(testing::module_errors(text).find("invalid UTF-8"), std::string::npos);
    survives(text, "invalid UTF-8");
  }
}

TEST(Guard, FileTooLarge) {
  ParseLimits limits;
  limits.max_bytes = 100;
  std::string text = "ruleset t\n" + std::string(200, '#');
  EXPECT_EQ(testing::module_errors(text, limits),
            "t.decree: error: the file is too large to parse (210 bytes; the limit is 100)\n");
  auto p = testing::parse(text, limits);
  EXPECT_EQ(p->diags.items().size(), 1u);
  EXPECT_EQ(render_all(p->diags, /*brief=*/true, Lang::zh),
            "t.decree: error: 文件太大，无法解析（210 字节，上限为 100 字节）\n");
}

TEST(Guard, DeepParenthesesAreAnErrorNotACrash) {
  std::string text =
      "ruleset t\nlet a = " + std::string(10000, '(') + "1" + std::string(10000, ')');
  auto p = testing::parse(text);
  ASSERT_FALSE(*p);
  EXPECT_EQ(p->errors(),
            "t.decree:2:209: error: expression is nested too deeply (the limit is 200 levels)\n");
  Diagnostics diags;
  EXPECT_FALSE(parse_expression(testing::source(std::string(10000, '(') + "1"), diags));
  EXPECT_NE(render_all(diags).find("nested too deeply"), std::string::npos);
}

TEST(Guard, DeepUnaryMinusIsAnErrorNotACrash) {
  std::string minus;
  for (int i = 0; i < 10000; ++i) minus += "- ";
  auto p = testing::parse("ruleset t\nlet a = " + minus + "1");
  ASSERT_FALSE(*p);
  EXPECT_EQ(p->diags.error_count(), 1u);
  EXPECT_NE(p->errors().find("nested too deeply"), std::string::npos);
  std::string nots;
  for (int i = 0; i < 10000; ++i) nots += "not ";
  EXPECT_NE(testing::module_errors("ruleset t\nlet a = " + nots + "x").find("nested too deeply"),
            std::string::npos);
}

TEST(Guard, OtherDeepNesting) {
  auto deep = [](const std::string& open, const std::string& inner, const std::string& close) {
    std::string text = "ruleset t\nlet a = ";
    for (int i = 0; i < 5000; ++i) text += open;
    text += inner;
    for (int i = 0; i < 5000; ++i) text += close;
    return testing::module_errors(text);
  };
  EXPECT_NE(deep("[", "1", "]").find("nested too deeply"), std::string::npos);
  EXPECT_NE(deep("f(", "1", ")").find("nested too deeply"), std::string::npos);
  EXPECT_NE(deep("if a then ", "1", " else 2").find("nested too deeply"), std::string::npos);
  EXPECT_NE(deep("when a: ", "1", " otherwise: 2").find("nested too deeply"), std::string::npos);
  EXPECT_NE(deep("match x { a => ", "1", " }").find("nested too deeply"), std::string::npos);
  EXPECT_NE(deep("sum(x in ", "xs", ": x)").find("nested too deeply"), std::string::npos);
}

// A long flat chain does not recurse in the parser, but the AST it makes is
// as deep as the chain: the limit covers it so that later stages may recurse.
TEST(Guard, LongOperatorChainsAreBounded) {
  std::string text = "ruleset t\nlet a = 1";
  for (int i = 0; i < 100000; ++i) text += " + 1";
  EXPECT_NE(testing::module_errors(text).find("nested too deeply"), std::string::npos);
  std::string fits = "ruleset t\nlet a = 1";
  for (int i = 0; i < 150; ++i) fits += " + 1";
  EXPECT_EQ(testing::module_errors(fits), "");
}

TEST(Guard, DepthLimitIsConfigurable) {
  ParseLimits limits;
  limits.max_depth = 3;
  EXPECT_EQ(testing::module_errors("ruleset t\nlet a = ((1))", limits), "");
  EXPECT_EQ(testing::module_errors("ruleset t\nlet a = (((1)))", limits),
            "t.decree:2:12: error: expression is nested too deeply (the limit is 3 levels)\n");
}

TEST(Guard, StopsAfterMaxErrors) {
  std::string text = "ruleset t\n";
  for (int i = 0; i < 100; ++i) text += "let a = )\n";
  ParseLimits limits;
  limits.max_errors = 5;
  auto p = testing::parse(text, limits);
  ASSERT_FALSE(*p);
  EXPECT_EQ(p->diags.error_count(), 5u);
  EXPECT_EQ(p->diags.items().back().severity, Severity::note);
  EXPECT_EQ(p->diags.items().back().message, "too many errors; stopped after 5");
  EXPECT_EQ(render(p->diags.items().back(), Lang::zh),
            "t.decree: note: 错误太多，报告 5 个错误后停止\n");

  auto defaults = testing::parse(text);
  EXPECT_EQ(defaults->diags.error_count(), 50u);
}

TEST(Guard, ManyBadCharacters) {
  std::string text = "ruleset t\n";
  for (int i = 0; i < 1000; ++i) text += "@ $\n";
  auto p = testing::parse(text);
  EXPECT_EQ(p->diags.error_count(), 50u);
}

// Every prefix of a real rule file: no crash, and errors iff no module.
TEST(Guard, TruncatedFiles) {
  std::string text = wi_bench();
  ASSERT_FALSE(text.empty());
  size_t step = 1;
  for (size_t n = 0; n < text.size(); n += step) {
    // Stay on code point boundaries.
    while (n < text.size() && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) ++n;
    survives(text.substr(0, n), "prefix of " + std::to_string(n) + " bytes");
    step = n < 2000 ? 7 : 61;
  }
}

TEST(Guard, RandomGarbage) {
  std::mt19937 rng(20240601);
  const std::string alphabet =
      "ruleset let output table input enum record when otherwise if then else match and or not "
      "in of list hit unique first sum count(x in xs where y: z) {}[](),.:;=>-<>=!=+*/_%\"\\#/ "
      "\n0123456789 2021-07-01 60% 0.01 abc 工伤 ＋ \t";
  for (int round = 0; round < 400; ++round) {
    std::string text;
    size_t len = rng() % 300;
    for (size_t i = 0; i < len; ++i) {
      // Whole words now and then, single characters otherwise.
      size_t at = rng() % alphabet.size();
      while (at > 0 && (static_cast<unsigned char>(alphabet[at]) & 0xC0) == 0x80) --at;
      if (rng() % 3 == 0) {
        size_t end = alphabet.find(' ', at);
        text += alphabet.substr(at, end == std::string::npos ? 1 : end - at + 1);
      } else {
        size_t end = at + 1;
        while (end < alphabet.size() && (static_cast<unsigned char>(alphabet[end]) & 0xC0) == 0x80)
          ++end;
        text += alphabet.substr(at, end - at);
      }
    }
    survives(text, "garbage round " + std::to_string(round));
    survives("ruleset t\n" + text, "garbage after a header, round " + std::to_string(round));
  }
}

TEST(Guard, RandomBytes) {
  std::mt19937 rng(7);
  for (int round = 0; round < 200; ++round) {
    std::string text(rng() % 200, '\0');
    for (char& c : text) c = static_cast<char>(rng() % 256);
    survives(text, "random bytes round " + std::to_string(round));
  }
}

TEST(Guard, ControlCharactersAndNul) {
  std::string text("ruleset t\nlet a = 1\0 + 2\x01", 22);
  EXPECT_NE(testing::module_errors(text).find("unexpected character (U+0000)"), std::string::npos);
  survives(text, "NUL");
}

TEST(Guard, NullSourceIsReportedNotDereferenced) {
  Diagnostics diags;
  EXPECT_FALSE(parse_module(nullptr, diags));
  EXPECT_TRUE(diags.has_errors());
  EXPECT_FALSE(parse_expression(nullptr, diags));
}

// Shuffled declarations of the real file: the parser either accepts or
// reports, never throws.
TEST(Guard, ShuffledLines) {
  std::string text = wi_bench();
  std::vector<std::string> lines;
  std::stringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::mt19937 rng(42);
  for (int round = 0; round < 30; ++round) {
    std::shuffle(lines.begin(), lines.end(), rng);
    std::string shuffled;
    for (const auto& l : lines) shuffled += l + "\n";
    survives(shuffled, "shuffled round " + std::to_string(round));
  }
}

// Parsers share ANTLR's prediction cache; parsing on several threads at once
// (as the service does) gives the same trees.
TEST(Guard, ParallelParsing) {
  std::string text = wi_bench();
  std::string expected = ast::print(*testing::parse(text)->module);
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        auto p = testing::parse(i % 5 == 0 ? text.substr(0, text.size() / 2) : text);
        if (i % 5 != 0 && (!*p || ast::print(*p->module) != expected)) ++mismatches[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(mismatches, std::vector<int>(4, 0));
}

}  // namespace
}  // namespace decree
