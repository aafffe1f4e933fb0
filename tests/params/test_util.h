// Shared by the parameter tests: parse a file held in a string, render its
// errors one line each, look entries up by their keys.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "params/parameters.h"

namespace decree::params_testing {

struct Parsed {
  SourceRef source;
  Diagnostics diags;
  std::optional<ParameterSet> set;

  // One "p.yaml:line:col: error: message" per diagnostic (notes left out).
  std::vector<std::string> errors() const {
    std::vector<std::string> out;
    for (Diagnostic d : diags.items()) {
      d.notes.clear();
      out.push_back(render_brief(d));
    }
    return out;
  }
  const Parameter& param(std::string_view name) const {
    const Parameter* p = set ? set->find(name) : nullptr;
    if (!p) throw std::runtime_error("no parameter " + std::string(name));
    return *p;
  }
};

// Parses `text` as the file `path`; a leading newline is dropped so that raw
// strings start at line 1.
inline std::unique_ptr<Parsed> parse(std::string text, const ParamReadOptions& options = {},
                                     const std::string& path = "p.yaml") {
  if (!text.empty() && text[0] == '\n') text.erase(0, 1);
  auto r = std::make_unique<Parsed>();
  r->source = std::make_shared<SourceFile>(path, std::move(text));
  r->set = parse_parameters(r->source, r->diags, options);
  return r;
}

// The value found at `keys` as text: "<none>" if no entry applies, "<null>"
// for an end or an unsourced entry (then "<unsourced: why>").
inline std::string at(const Parameter& p, std::vector<int64_t> keys) {
  const ParamValue* v = p.find(keys);
  if (!v) return "<none>";
  if (!v->unsourced.empty()) return "<unsourced: " + v->unsourced + ">";
  if (!v->value) return "<null>";
  return v->value->to_string();
}

inline int64_t day(const char* text) { return Date::parse(text)->days; }

}  // namespace decree::params_testing
