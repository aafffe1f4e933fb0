#include "lsp/positions.h"

namespace decree::lsp {
namespace {

// The bytes of the UTF-8 sequence starting with `lead` (1 for a stray byte).
size_t sequence_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead >> 5) == 0x6) return 2;
  if ((lead >> 4) == 0xE) return 3;
  if ((lead >> 3) == 0x1E) return 4;
  return 1;
}

uint32_t units(size_t bytes, Encoding enc) {
  if (enc == Encoding::utf8) return static_cast<uint32_t>(bytes);
  return bytes == 4 ? 2 : 1;  // outside the BMP: a surrogate pair
}

}  // namespace

uint32_t to_character(std::string_view line, uint32_t col, Encoding enc) {
  uint32_t character = 0, column = 1;
  for (size_t i = 0; i < line.size() && column < col; ++column) {
    const size_t n = sequence_length(static_cast<unsigned char>(line[i]));
    character += units(n, enc);
    i += n;
  }
  return character + (col > column ? col - column : 0);
}

uint32_t to_column(std::string_view line, uint32_t character, Encoding enc) {
  uint32_t at = 0, column = 1;
  for (size_t i = 0; i < line.size(); ++column) {
    const size_t n = sequence_length(static_cast<unsigned char>(line[i]));
    const uint32_t u = units(n, enc);
    if (at + u > character) return column;
    at += u;
    i += n;
  }
  return column;
}

}  // namespace decree::lsp
