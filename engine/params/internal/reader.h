// Internal: reading a strict YAML schema through yaml-cpp with positioned
// errors. Spans come from yaml-cpp marks (0-based line, 0-based byte column)
// and are made 1-based with code-point columns; every map is checked for
// duplicate keys (yaml-cpp keeps them silently).
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/codes_params.h"
#include "base/diagnostics.h"
#include "decimal/decimal.h"
#include "params/parameters.h"

namespace decree::params_detail {

using Words = std::span<const std::string_view>;

std::string join_words(Words words);
// The closest of `words` to a mistyped `word`, for "did you mean"
// (base/suggest.h); empty if none is close.
std::string closest(std::string_view word, Words words);
bool is_blank(std::string_view s);

// Where a message is, for its {where}: "parameter 'x'" / "参数 'x'".
inline Message where_parameter(const std::string& name) {
  return {msg::param_where_parameter, {{"name", name}}};
}
// A value's map: "value 2021 of 'x'".
inline Message where_entry(const std::string& name, const std::string& at) {
  return {msg::param_where_entry, {{"name", name}, {"at", at}}};
}
// A value: "'x' at 2021".
inline Message where_value(const std::string& name, const std::string& at) {
  return {msg::param_where_value, {{"name", name}, {"at", at}}};
}

// One key of a YAML map, in file order.
struct Entry {
  std::string key;
  YAML::Node key_node;
  YAML::Node value;
  Span span;  // the key
};

class YamlReader {
 public:
  YamlReader(const SourceFile* file, Diagnostics& diags) : file_(file), diags_(diags) {}

  size_t errors() const { return errors_; }
  const SourceFile* file() const { return file_; }
  Diagnostic& error(Span span, Message message);
  // The mistakes yaml-cpp reports badly (base/yaml_lint.h), as errors;
  // whether there were none.
  bool lint();

  // A span from a yaml-cpp mark covering `bytes` bytes of the line.
  Span span_at(const YAML::Mark& mark, size_t bytes) const;
  // The span of a node's first token: a quoted scalar with its quotes, a
  // plain scalar, or the opening bracket of a flow collection.
  Span span_of(const YAML::Node& node) const;
  // Where a value is, or its key when the value is null (nothing to point at).
  Span value_span(const Entry& e) const { return e.value.IsNull() ? e.span : span_of(e.value); }

  // The entries of a map in file order. Reports keys that are not scalars and,
  // unless `check_duplicates` is false, keys written twice.
  std::vector<Entry> entries(const YAML::Node& map, bool check_duplicates);
  // Reports the key; returns the allowed key it may have meant ("" if none).
  std::string unknown_key(const Entry& e, const Message& where, Words allowed);
  // A non-empty scalar text (description, reference, note).
  std::optional<std::string> text(const Entry& e, const Message& where);
  // The index of one of `names` (unit, key type, reliability).
  std::optional<size_t> choice(const Entry& e, const Message& where, Words names);
  // The number written in `node` (a non-null scalar), checked against `unit`:
  // read from its text (a percentage only for unit rate, no decimals for
  // unit integer).
  std::optional<Decimal> number(const YAML::Node& node, std::optional<ParamUnit> unit,
                                const Message& where);

 private:
  const SourceFile* file_;
  Diagnostics& diags_;
  size_t errors_ = 0;
};

}  // namespace decree::params_detail
