// Positions: ours are 1-based lines and 1-based columns in Unicode code
// points (base/source.h); LSP's are 0-based lines and 0-based characters in
// UTF-16 code units by default, or UTF-8 bytes when both sides agree
// (positionEncoding, LSP 3.17). A Chinese character is 1 code point, 1 UTF-16
// unit and 3 UTF-8 bytes; one outside the BMP (𠀀) is 2 UTF-16 units.
#pragma once

#include <cstdint>
#include <string_view>

namespace decree::lsp {

enum class Encoding { utf16, utf8 };

// The LSP character offset of 1-based code-point column `col` on `line`.
uint32_t to_character(std::string_view line, uint32_t col, Encoding enc);
// The 1-based code-point column of LSP character offset `character` on `line`
// (past the end: one after the last code point).
uint32_t to_column(std::string_view line, uint32_t character, Encoding enc);

}  // namespace decree::lsp
