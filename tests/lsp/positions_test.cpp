// LSP positions against ours (lsp/positions.h): a Chinese character is one
// code point and one UTF-16 unit but three UTF-8 bytes; 𠀀 (outside the BMP)
// is two UTF-16 units and four bytes.
#include "lsp/positions.h"

#include <gtest/gtest.h>

#include <sstream>

#include "lsp/jsonrpc.h"

namespace decree::lsp {
namespace {

const std::string kLine = "output 伤残津贴 = 𠀀 + x";

TEST(LspPositions, ColumnsToCharactersInBothEncodings) {
  EXPECT_EQ(to_character(kLine, 1, Encoding::utf16), 0u);
  EXPECT_EQ(to_character(kLine, 8, Encoding::utf16), 7u);  // 伤
  EXPECT_EQ(to_character(kLine, 9, Encoding::utf16), 8u);
  EXPECT_EQ(to_character(kLine, 9, Encoding::utf8), 10u);
  EXPECT_EQ(to_character(kLine, 15, Encoding::utf16), 14u);  // 𠀀
  EXPECT_EQ(to_character(kLine, 16, Encoding::utf16), 16u);  // after the pair
  EXPECT_EQ(to_character(kLine, 16, Encoding::utf8), 7u + 12u + 3u + 4u);
  // Past the end of the line: one per column.
  EXPECT_EQ(to_character("ab", 5, Encoding::utf16), 4u);
}

TEST(LspPositions, CharactersToColumnsRoundTrip) {
  for (Encoding e : {Encoding::utf16, Encoding::utf8})
    for (uint32_t col = 1; col <= 20; ++col)
      EXPECT_EQ(to_column(kLine, to_character(kLine, col, e), e), col) << col;
  // Inside a character (a byte of 伤, half of a surrogate pair): that character.
  EXPECT_EQ(to_column(kLine, 8, Encoding::utf8), 8u);
  EXPECT_EQ(to_column(kLine, 15, Encoding::utf16), 15u);
}

TEST(LspJsonRpc, MessagesAreFramedByContentLength) {
  std::stringstream s;
  write_message(s, R"({"a":"伤"})");
  write_message(s, "{}");
  EXPECT_EQ(read_message(s), std::optional<std::string>(R"({"a":"伤"})"));
  EXPECT_EQ(read_message(s), std::optional<std::string>("{}"));
  EXPECT_EQ(read_message(s), std::nullopt);
  std::stringstream bad("Content-Length: x\r\n\r\n{}");
  EXPECT_EQ(read_message(bad), std::nullopt);
  std::stringstream big("Content-Length: 99999999999\r\n\r\n");
  EXPECT_EQ(read_message(big, 1024), std::nullopt);
}

}  // namespace
}  // namespace decree::lsp
