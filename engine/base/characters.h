// Characters typed by mistake: full-width and typographic punctuation that
// looks like the ASCII a rule file or a YAML file needs (a Chinese input
// method gives `：` for `:`). Shared by the rule lexer and the YAML readers.
#pragma once

#include <string>
#include <string_view>

namespace decree {

// First code point of `text` (U+FFFD if it is not valid UTF-8).
char32_t first_code_point(std::string_view text);

// "U+FF1A"
std::string code_point_name(char32_t cp);

// The ASCII character a full-width or typographic one was probably meant to
// be: `：` → ":", `（` → "(", `“` → "\"". Empty if none.
std::string_view ascii_lookalike(char32_t cp);

}  // namespace decree
