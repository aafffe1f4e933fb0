// The syntax stage's single entry point: rule text → ast::Module.
// No ANTLR type crosses this header, and it never throws on bad input:
// syntax errors are reported through Diagnostics with file:line:col.
#pragma once

#include <optional>

#include "base/diagnostics.h"
#include "syntax/ast.h"

namespace decree {

struct ParseLimits {
  size_t max_bytes = 4 * 1024 * 1024;  // a larger rule file is rejected
  unsigned max_depth = 200;            // expression nesting depth
  unsigned max_errors = 50;            // stop reporting after this many syntax errors
};

// Parses one rule file. On any syntax error returns nullopt with at least one
// diagnostic. `first_id` lets several files of one rule set share an id space.
std::optional<ast::Module> parse_module(SourceRef source, Diagnostics& diags,
                                        const ParseLimits& limits = {}, ast::ExprId first_id = 1);

// Parses a standalone expression (for `decree calc`); the same rules for ids.
ast::ExprPtr parse_expression(SourceRef source, Diagnostics& diags, const ParseLimits& limits = {},
                              ast::ExprId first_id = 1);

}  // namespace decree
