// A deterministic S-expression rendering of the AST, for golden tests and
// for showing what the parser made of a rule (`--dump-after=parse`).
//   own_wage * 60%         → (_*_ own_wage 60%)
//   p.avg[year(d) - 1]     → (index (. p avg) (_-_ (year d) 1))
//   when a: 1 otherwise: 2 → (piecewise (when a 1) (otherwise 2))
//   [1, 2]                 → [1 2]
// Lines longer than `width` code points are broken, one child per line. A
// module prints its declarations grouped by kind, as ast::Module holds them.
#pragma once

#include <string>

#include "syntax/ast.h"

namespace decree::ast {

struct PrintOptions {
  bool ids = false;    // append #id to every expression
  bool spans = false;  // append @line:col-end to expressions, names and patterns
  size_t width = 100;
};

std::string print(const Expr& expr, const PrintOptions& options = {});
std::string print(const Module& module, const PrintOptions& options = {});

}  // namespace decree::ast
