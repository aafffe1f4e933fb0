// Text helpers for the syntax stage (no ANTLR): UTF-8 checks, string
// literal escapes, and hints for full-width punctuation typed by mistake.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "base/characters.h"

namespace decree::syntax_detail {

using ::decree::find_invalid_utf8;  // base/characters.h

// Number of code points in valid UTF-8 text.
size_t count_code_points(std::string_view text);

// The value of a string literal token ("a\"b" → a"b). Unknown escapes keep
// the escaped character; a missing closing quote is tolerated.
std::string unescape_string(std::string_view token);

// The inverse, with surrounding quotes: a"b → "a\"b". Other control
// characters are written as \u{XX}.
std::string quote_string(std::string_view value);

using decree::ascii_lookalike;
using decree::code_point_name;
using decree::first_code_point;

}  // namespace decree::syntax_detail
