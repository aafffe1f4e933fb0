#include "base/markup.h"

namespace decree {

std::string xml_escape(const std::string& s, bool hide_urls) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      case ':':
        out += hide_urls && s.compare(i, 3, "://") == 0 ? "&#58;" : ":";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace decree
