// Text helpers of the syntax stage.
#include "syntax/internal/text.h"

#include <gtest/gtest.h>

namespace decree::syntax_detail {
namespace {

TEST(Text, FindInvalidUtf8) {
  EXPECT_EQ(find_invalid_utf8("plain ascii"), std::nullopt);
  EXPECT_EQ(find_invalid_utf8("工伤保险 𝑥 é"), std::nullopt);
  EXPECT_EQ(find_invalid_utf8("ab\xFF"), 2u);
  EXPECT_EQ(find_invalid_utf8("\xC0\xAF"), 0u);          // overlong '/'
  EXPECT_EQ(find_invalid_utf8("x\xE0\x80\xAF"), 1u);     // overlong
  EXPECT_EQ(find_invalid_utf8("\xED\xA0\x80"), 0u);      // surrogate
  EXPECT_EQ(find_invalid_utf8("\xF4\x90\x80\x80"), 0u);  // above U+10FFFF
  EXPECT_EQ(find_invalid_utf8("工\xE5\xB7"), 3u);        // truncated
  EXPECT_EQ(find_invalid_utf8("\x80"), 0u);              // lone continuation
  EXPECT_EQ(find_invalid_utf8(std::string_view("a\0b", 3)), std::nullopt);
}

TEST(Text, CountCodePoints) {
  EXPECT_EQ(count_code_points(""), 0u);
  EXPECT_EQ(count_code_points("abc"), 3u);
  EXPECT_EQ(count_code_points("工伤 x"), 4u);
  EXPECT_EQ(count_code_points("𝑥"), 1u);
}

TEST(Text, UnescapeAndQuote) {
  EXPECT_EQ(unescape_string(R"("a\"b\\c\nd")"), "a\"b\\c\nd");
  EXPECT_EQ(unescape_string(R"("")"), "");
  EXPECT_EQ(unescape_string(R"("unterminated)"), "unterminated");
  EXPECT_EQ(unescape_string(R"("\q")"), "q");
  EXPECT_EQ(unescape_string(R"("\\")"), "\\");
  EXPECT_EQ(quote_string("a\"b\\c\nd"), R"("a\"b\\c\nd")");
  EXPECT_EQ(quote_string(std::string("\x01\t", 2)), R"("\u{01}\u{09}")");
  EXPECT_EQ(quote_string("工伤"), "\"工伤\"");
}

TEST(Text, CodePoints) {
  EXPECT_EQ(first_code_point("a"), U'a');
  EXPECT_EQ(first_code_point("：x"), U'：');
  EXPECT_EQ(first_code_point("𝑥"), U'𝑥');
  EXPECT_EQ(code_point_name(U'：'), "U+FF1A");
  EXPECT_EQ(code_point_name(U'𝑥'), "U+1D465");
  EXPECT_EQ(ascii_lookalike(U'：'), ":");
  EXPECT_EQ(ascii_lookalike(U'（'), "(");
  EXPECT_EQ(ascii_lookalike(U'～'), "~");
  EXPECT_EQ(ascii_lookalike(U'”'), "\"");
  EXPECT_EQ(ascii_lookalike(U'　'), " ");
  EXPECT_EQ(ascii_lookalike(U'工'), "");
}

}  // namespace
}  // namespace decree::syntax_detail
