#include "syntax/internal/text.h"

#include <cstdint>
#include <cstdio>

namespace decree::syntax_detail {

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

}  // namespace decree::syntax_detail
