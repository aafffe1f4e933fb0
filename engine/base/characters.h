// Characters typed by mistake: full-width and typographic punctuation that
// looks like the ASCII a rule file or a YAML file needs (a Chinese input
// method gives `：` for `:`). Shared by the rule lexer and the YAML readers.
// And the characters of names: an identifier is the same in a rule file and
// in the files it reads (parameter names).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace decree {

// Byte offset of the first byte that does not start a well-formed UTF-8
// sequence (overlong forms, surrogates and code points above U+10FFFF are
// rejected); nullopt if the whole text is valid.
std::optional<size_t> find_invalid_utf8(std::string_view text);

// First code point of `text` (U+FFFD if it is not valid UTF-8).
char32_t first_code_point(std::string_view text);

// "U+FF1A"
std::string code_point_name(char32_t cp);

// The ASCII character a full-width or typographic one was probably meant to
// be: `：` → ":", `（` → "(", `“` → "\"". Empty if none.
std::string_view ascii_lookalike(char32_t cp);

// Is `cp` a letter or '_' (may start an identifier), or also a mark or a
// decimal digit (may continue one)? The rule lexer's IDENT classes (\p{L},
// \p{M}, \p{Nd}): `工伤`, `café` and `x_2` are identifiers, `2x`, `a-b` not.
bool is_identifier_start(char32_t cp);
bool is_identifier_part(char32_t cp);
// Is `text` (UTF-8) one identifier of the rule language?
bool is_identifier(std::string_view text);

}  // namespace decree
