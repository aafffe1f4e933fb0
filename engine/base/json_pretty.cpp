#include "base/json_pretty.h"

namespace decree {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

void newline(std::string& out, int depth) {
  out += '\n';
  out.append(static_cast<size_t>(2 * depth), ' ');
}

}  // namespace

std::string pretty_json(std::string_view in) {
  std::string out;
  out.reserve(in.size() * 2);
  int depth = 0;
  bool in_string = false, escaped = false;
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (in_string) {
      out += c;
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
      continue;
    }
    switch (c) {
      case '"':
        in_string = true;
        out += c;
        break;
      case '{':
      case '[': {
        char close = c == '{' ? '}' : ']';
        size_t j = i + 1;
        while (j < in.size() && is_space(in[j])) ++j;
        out += c;
        if (j < in.size() && in[j] == close) {  // empty: keep it on one line
          out += close;
          i = j;
        } else {
          newline(out, ++depth);
        }
        break;
      }
      case '}':
      case ']':
        newline(out, --depth);
        out += c;
        break;
      case ',':
        out += c;
        newline(out, depth);
        break;
      case ':':
        out += ": ";
        break;
      default:
        if (!is_space(c)) out += c;
    }
  }
  out += '\n';
  return out;
}

}  // namespace decree
