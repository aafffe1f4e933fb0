// Helpers for the syntax tests: parse from a string, print compactly.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "base/diagnostics.h"
#include "syntax/parse.h"
#include "syntax/print.h"

namespace decree::testing {

inline SourceRef source(std::string text, std::string path = "t.decree") {
  return std::make_shared<SourceFile>(std::move(path), std::move(text));
}

// One-line S-expression of a parsed expression, or "error: <brief diagnostics>".
inline std::string expr(const std::string& text, ast::PrintOptions options = {}) {
  Diagnostics diags;
  auto src = source(text);
  ast::ExprPtr e = parse_expression(src, diags);
  if (!e) return "error: " + render_all(diags, /*brief=*/true);
  options.width = 100000;
  std::string out = ast::print(*e, options);
  out.pop_back();  // the newline
  return out;
}

// A parsed module that keeps its source alive.
struct Parsed {
  SourceRef src;
  Diagnostics diags;
  std::optional<ast::Module> module;
  explicit operator bool() const { return module.has_value(); }
  const ast::Module* operator->() const { return &*module; }
  std::string errors() const { return render_all(diags, /*brief=*/true); }
};

inline std::unique_ptr<Parsed> parse(std::string text, ParseLimits limits = {}) {
  auto p = std::make_unique<Parsed>();
  p->src = source(std::move(text));
  p->module = parse_module(p->src, p->diags, limits);
  return p;
}

// Brief diagnostics of a module that must not parse ("" if it parses).
inline std::string module_errors(std::string text, ParseLimits limits = {}) {
  auto p = parse(std::move(text), limits);
  return p->module ? "" : p->errors();
}

// The printed body of the first rule of `ruleset t` + `text`.
inline std::string first_rule(const std::string& text) {
  auto p = parse("ruleset t\n" + text);
  if (!*p) return "error: " + p->errors();
  if (p->module->rules.empty()) return "no rule";
  ast::PrintOptions options;
  options.width = 100000;
  std::string out = ast::print(*p->module->rules[0].body, options);
  out.pop_back();
  return out;
}

}  // namespace decree::testing
