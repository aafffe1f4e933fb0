#include "syntax/internal/text.h"

#include <cstdint>
#include <cstdio>

namespace decree::syntax_detail {

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

size_t count_code_points(std::string_view text) {
  size_t n = 0;
  for (char c : text)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

std::string unescape_string(std::string_view token) {
  std::string out;
  for (size_t i = token.empty() || token[0] != '"' ? 0 : 1; i < token.size(); ++i) {
    char c = token[i];
    if (c == '"') break;
    if (c == '\\') {
      if (++i == token.size()) break;
      c = token[i] == 'n' ? '\n' : token[i];
    }
    out += c;
  }
  return out;
}

std::string quote_string(std::string_view value) {
  std::string out = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "\\u{%02X}", static_cast<unsigned>(c));
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

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

}  // namespace decree::syntax_detail
