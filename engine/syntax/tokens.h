// The tokens of a rule file with their positions, comments included: what
// the formatter (engine/format) needs beyond the AST, which drops comments
// and the spelling of numbers. Our own struct, so that no ANTLR type leaves
// engine/syntax; produced by the same lexer as parse_module (parse.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "syntax/parse.h"

namespace decree::syntax {

struct SourceToken {
  enum class Kind {
    ident,        // claimant, 本人工资
    keyword,      // let, when, otherwise, ...
    number,       // 12  0.01  60%
    date,         // 2021-07-01
    string,       // "..." as written, quotes and escapes included
    punct,        // ( ) , => .. _ ...
    comment,      // # ... or // ..., to the end of the line
    doc_comment,  // /// ..., to the end of the line
    bad,          // a character no token accepts, a malformed string
  };
  Kind kind = Kind::punct;
  std::string text;   // exactly as in the source
  uint32_t line = 1;  // 1-based; a token never spans lines
};

// Every token of `source` in order, comments included, without whitespace.
// Returns nullopt (with a diagnostic) only when the text cannot be lexed at
// all: too large, or not UTF-8; bad characters come back as Kind::bad.
std::optional<std::vector<SourceToken>> lex_tokens(SourceRef source, Diagnostics& diags,
                                                   const ParseLimits& limits = {});

}  // namespace decree::syntax
