#include "base/yaml_lint.h"

#include <cctype>
#include <optional>

#include "base/characters.h"
#include "base/codes_yaml.h"

namespace decree {
namespace {

size_t utf8_length(unsigned char lead) {
  return lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
}

Span at(const SourceFile& file, uint32_t line, uint32_t col) {
  return Span{&file, line, col, line, col};
}

// A word that can only be a mapping key here: letters (any script), digits,
// `_` and `-`, nothing else (no space, no punctuation).
bool plain_key(std::string_view s) {
  if (s.empty()) return false;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (!(std::isalnum(c) || c == '_' || c == '-')) return false;
      ++i;
      continue;
    }
    uint32_t cp = first_code_point(s.substr(i));
    // CJK ideographs and other letters; not full-width or CJK punctuation.
    if ((cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFF65)) return false;
    i += utf8_length(c);
  }
  return true;
}

// The byte offset of a quote that starts a scalar on this line and is not
// closed on it. YAML lets a quoted scalar run on over lines, and then it takes
// the rest of the file in when its closing quote is forgotten (the error
// comes far below, or not at all); in these files a quoted value is one line.
std::optional<size_t> unclosed_quote(std::string_view text) {
  bool scalar_start = true;  // here a scalar may start
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ' ') continue;
    if (c == '#' && (i == 0 || text[i - 1] == ' ')) return std::nullopt;  // a comment
    if (scalar_start && (c == '"' || c == '\'')) {
      size_t j = i + 1;
      for (; j < text.size(); ++j) {
        if (c == '"' && text[j] == '\\') {
          ++j;
        } else if (text[j] == c) {
          if (c == '\'' && j + 1 < text.size() && text[j + 1] == '\'') {
            ++j;  // '' is a quote inside single quotes
            continue;
          }
          break;
        }
      }
      if (j >= text.size()) return i;
      i = j;
      scalar_start = false;
      continue;
    }
    const bool separator =
        (c == ':' || c == '-' || c == ',') && (i + 1 == text.size() || text[i + 1] == ' ');
    scalar_start = separator || c == '[' || c == '{';
  }
  return std::nullopt;
}

}  // namespace

std::vector<Diagnostic> lint_yaml(const SourceFile& file) {
  std::vector<Diagnostic> out;
  for (uint32_t line = 1; line <= file.line_count(); ++line) {
    std::string_view text = file.line_text(line);
    // The indentation: a tab or a full-width space there is no indentation
    // to YAML (and a tab is refused by the YAML standard).
    uint32_t col = 1;
    size_t i = 0;
    for (; i < text.size(); ++col) {
      if (text[i] == ' ') {
        ++i;
        continue;
      }
      if (text[i] == '\t') {
        out.emplace_back(Severity::error, at(file, line, col), Message{msg::yaml_tab_indent, {}});
        out.back().note({}, {msg::yaml_indent_with_spaces, {}});
        break;
      }
      if (first_code_point(text.substr(i)) == 0x3000) {
        out.emplace_back(Severity::error, at(file, line, col),
                         Message{msg::yaml_fullwidth_space_indent, {}});
        out.back().note({}, {msg::yaml_indent_with_spaces, {}});
        break;
      }
      break;
    }
    if (!out.empty() && out.back().span.line == line) continue;
    if (auto quote = unclosed_quote(text)) {
      uint32_t quote_col = 1;  // in code points, as the renderer counts
      for (size_t b = 0; b < *quote; ++b)
        if ((static_cast<unsigned char>(text[b]) & 0xC0) != 0x80) ++quote_col;
      out.emplace_back(
          Severity::error, at(file, line, quote_col),
          Message{msg::yaml_quote_not_closed, {{"quote", std::string(1, text[*quote])}}});
      continue;
    }
    // A full-width dash starting an item: `－ 2023`.
    if (i < text.size() && first_code_point(text.substr(i)) == 0xFF0D) {
      out.emplace_back(Severity::error, at(file, line, col),
                       Message{msg::yaml_fullwidth_punctuation,
                               {{"char", "－"}, {"code_point", "U+FF0D"}, {"ascii", "-"}}});
      continue;
    }
    // A full-width colon after a key, before any ASCII `: ` on the line and
    // outside quotes and comments: the key separator typed in full width.
    char quote = 0;
    if (text.substr(i, 2) == "- ") i += 2, col += 2;
    const size_t key_start = i;
    for (; i < text.size(); ++col) {
      unsigned char c = static_cast<unsigned char>(text[i]);
      if (quote) {
        if (c == static_cast<unsigned char>(quote)) quote = 0;
        i += utf8_length(c);
        continue;
      }
      if (c == '"' || c == '\'') {
        quote = static_cast<char>(c);
        ++i;
        continue;
      }
      if (c == '#' && (i == 0 || text[i - 1] == ' ')) break;  // a comment
      if (c == ':' && (i + 1 == text.size() || text[i + 1] == ' '))
        break;  // a key: the rest is a value
      size_t len = utf8_length(c);
      if (len == 3 && first_code_point(text.substr(i)) == 0xFF1A) {
        std::string_view after = text.substr(i + 3);
        // `key：value` with no space after it too, where what comes before
        // is a plain key (`name：日津贴`), not text with a colon in it.
        if (after.empty() || after[0] == ' ' || after[0] == '\t' ||
            plain_key(text.substr(key_start, i - key_start))) {
          out.emplace_back(Severity::error, at(file, line, col),
                           Message{msg::yaml_fullwidth_punctuation,
                                   {{"char", "："}, {"code_point", "U+FF1A"}, {"ascii", ":"}}});
          break;
        }
      }
      i += len;
    }
  }
  return out;
}

}  // namespace decree
