#include "base/characters.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>

namespace decree {
namespace {

struct CodePointRange {
  char32_t first, last;
};

#include "base/characters.inc"

template <size_t N>
bool in_ranges(const CodePointRange (&ranges)[N], char32_t cp) {
  auto it = std::upper_bound(std::begin(ranges), std::end(ranges), cp,
                             [](char32_t c, const CodePointRange& r) { return c < r.first; });
  return it != std::begin(ranges) && cp <= std::prev(it)->last;
}

// The length of the UTF-8 sequence that starts with byte `b` (1 if invalid).
size_t sequence_length(unsigned char b) {
  return b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
}

}  // namespace

char32_t first_code_point(std::string_view text) {
  if (text.empty()) return 0xFFFD;
  auto c = static_cast<unsigned char>(text[0]);
  if (c < 0x80) return c;
  size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
  if (len == 0 || text.size() < len) return 0xFFFD;
  char32_t cp = c & (0x7F >> len);
  for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(text[k]) & 0x3F);
  return cp;
}

std::string code_point_name(char32_t cp) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp));
  return buf;
}

std::string_view ascii_lookalike(char32_t cp) {
  // Full-width forms U+FF01..U+FF5E map onto ASCII 0x21..0x7E.
  static constexpr std::string_view kAscii =
      "!\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`"
      "abcdefghijklmnopqrstuvwxyz{|}~";
  if (cp >= 0xFF01 && cp <= 0xFF5E) return kAscii.substr(cp - 0xFF01, 1);
  switch (cp) {
    case 0x3001:
      return ",";  // 、
    case 0x3002:
      return ".";  // 。
    case 0x201C:   // “
    case 0x201D:
      return "\"";  // ”
    case 0x2018:    // ‘
    case 0x2019:
      return "'";  // ’
    case 0x3010:
      return "[";  // 【
    case 0x3011:
      return "]";  // 】
    case 0x2014:
      return "-";  // —
    case 0x2212:
      return "-";  // − (minus sign)
    case 0x00A0:   // no-break space
    case 0x3000:
      return " ";  // ideographic space
    default:
      return {};
  }
}

bool is_identifier_start(char32_t cp) { return in_ranges(kIdentStart, cp); }

bool is_identifier_part(char32_t cp) { return in_ranges(kIdentPart, cp); }

bool is_identifier(std::string_view text) {
  if (text.empty()) return false;
  for (size_t i = 0; i < text.size();) {
    std::string_view rest = text.substr(i);
    size_t len = sequence_length(static_cast<unsigned char>(rest[0]));
    if (static_cast<unsigned char>(rest[0]) >= 0xF8 || len > rest.size() ||
        !std::all_of(rest.begin() + 1, rest.begin() + len,
                     [](char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }))
      return false;  // not UTF-8
    char32_t cp = first_code_point(rest);
    if (!(i == 0 ? is_identifier_start(cp) : is_identifier_part(cp))) return false;
    i += len;
  }
  return true;
}

std::optional<size_t> find_invalid_utf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  size_t n = text.size();
  for (size_t i = 0; i < n;) {
    unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    uint32_t cp, min;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2, cp = c & 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3, cp = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4, cp = c & 0x07, min = 0x10000;
    } else {
      return i;
    }
    if (i + len > n) return i;
    for (size_t k = 1; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += len;
  }
  return std::nullopt;
}

}  // namespace decree
