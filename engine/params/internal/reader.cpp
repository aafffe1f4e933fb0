// Internal: the YAML helpers of the parameter reader (positions, entries,
// texts, choices, exact numbers).
//  - Values are read from the scalar's text with Decimal::parse (plain or
//    quoted: `0.1` and "0.1" are the same exact 0.1); the scale is kept as
//    written ("4478.25", "31195"). Exponents, '+', ".5", "1_000" are errors.
//  - unit rate also accepts a percentage: "60%" is 0.60 and "12.5%" is 0.125
//    (the decimal point moves two places, the scale grows by two; no division).
//    '%' with any other unit is an error.
//  - unit integer values are whole numbers written without a decimal point
//    ("10.0" is an error).
#include "params/internal/reader.h"

#include <algorithm>

#include "base/suggest.h"
#include "base/yaml_lint.h"

namespace decree::params_detail {
namespace {

size_t code_points(std::string_view s) {
  return static_cast<size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// "60" → "0.60", "12.5" → "0.125", "-150" → "-1.50": the percentage as a
// fraction, exactly, by moving the decimal point two places to the left.
std::string percent_to_fraction(std::string_view text) {
  std::string sign;
  if (!text.empty() && text[0] == '-') sign = "-", text.remove_prefix(1);
  size_t dot = text.find('.');
  std::string digits(text.substr(0, dot));
  size_t scale = 2;
  if (dot != std::string_view::npos) {
    digits += text.substr(dot + 1);
    scale += text.size() - dot - 1;
  }
  if (digits.size() < scale + 1) digits.insert(0, scale + 1 - digits.size(), '0');
  std::string int_part = digits.substr(0, digits.size() - scale);
  size_t nz = int_part.find_first_not_of('0');
  int_part = nz == std::string::npos ? "0" : int_part.substr(nz);
  return sign + int_part + "." + digits.substr(digits.size() - scale);
}

}  // namespace

std::string join_words(Words words) {
  std::string out;
  for (auto w : words) {
    if (!out.empty()) out += ", ";
    out += w;
  }
  return out;
}

std::string closest(std::string_view word, Words words) {
  return closest_name(std::string(word), std::vector<std::string>(words.begin(), words.end()));
}

bool is_blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

Diagnostic& YamlReader::error(Span span, Message message) {
  ++errors_;
  return diags_.error(span, std::move(message));
}

bool YamlReader::lint() {
  auto found = lint_yaml(*file_);
  for (auto& d : found) {
    ++errors_;
    diags_.add(std::move(d));
  }
  return found.empty();
}

Span YamlReader::span_at(const YAML::Mark& mark, size_t bytes) const {
  Span s;
  s.file = file_;
  if (mark.line < 0 || mark.column < 0) return s;
  s.line = s.end_line = static_cast<uint32_t>(mark.line) + 1;
  std::string_view text = file_->line_text(s.line);
  size_t b = static_cast<size_t>(mark.column);
  if (s.line == 1 && text.substr(0, 3) == "\xEF\xBB\xBF") b += 3;  // yaml-cpp skips a BOM
  b = std::min(b, text.size());
  size_t e = std::min(b + std::max<size_t>(bytes, 1), text.size());
  s.col = static_cast<uint32_t>(code_points(text.substr(0, b))) + 1;
  s.end_col =
      s.col + static_cast<uint32_t>(std::max<size_t>(code_points(text.substr(b, e - b)), 1)) - 1;
  return s;
}

Span YamlReader::span_of(const YAML::Node& node) const {
  YAML::Mark mark = node.Mark();
  if (mark.line < 0 || mark.column < 0) return span_at(mark, 1);
  std::string_view text = file_->line_text(static_cast<uint32_t>(mark.line) + 1);
  size_t b = static_cast<size_t>(mark.column);
  if (mark.line == 0 && text.substr(0, 3) == "\xEF\xBB\xBF") b += 3;
  if (b >= text.size()) return span_at(mark, 1);
  std::string_view rest = text.substr(b);
  size_t len = 1;
  if (rest[0] == '"') {
    for (len = 1; len < rest.size() && rest[len] != '"'; ++len)
      if (rest[len] == '\\') ++len;
    len = std::min(len + 1, rest.size());
  } else if (rest[0] == '\'') {
    for (len = 1; len < rest.size(); ++len) {
      if (rest[len] != '\'') continue;
      if (len + 1 < rest.size() && rest[len + 1] == '\'')
        ++len;
      else
        break;
    }
    len = std::min(len + 1, rest.size());
  } else if (node.IsScalar() && !node.Scalar().empty() && rest[0] != '|' && rest[0] != '>') {
    len = std::min(node.Scalar().size(), rest.size());
  } else if (node.IsNull()) {
    len = rest.starts_with("null") || rest.starts_with("Null") || rest.starts_with("NULL") ? 4 : 1;
  }
  return span_at(mark, len);
}

std::vector<Entry> YamlReader::entries(const YAML::Node& map, bool check_duplicates) {
  std::vector<Entry> out;
  for (auto it = map.begin(); it != map.end(); ++it) {
    Entry e{"", it->first, it->second, span_of(it->first)};
    if (!e.key_node.IsScalar()) {
      MessageArg kind = e.key_node.IsMap()        ? MessageArg{"kind", "map", "映射"}
                        : e.key_node.IsSequence() ? MessageArg{"kind", "sequence", "列表"}
                                                  : MessageArg{"kind", "null", " null"};
      error(e.span, {msg::param_key_not_scalar, {kind}});
      continue;
    }
    e.key = e.key_node.Scalar();
    if (check_duplicates) {
      auto first =
          std::find_if(out.begin(), out.end(), [&](const Entry& o) { return o.key == e.key; });
      if (first != out.end()) {
        error(e.span, {msg::param_duplicate_key, {{"key", e.key}}})
            .note(first->span, {msg::param_first_written_here, {}});
        continue;
      }
    }
    out.push_back(std::move(e));
  }
  return out;
}

std::string YamlReader::unknown_key(const Entry& e, const Message& where, Words allowed) {
  Diagnostic& d = error(
      e.span,
      {msg::param_unknown_key, {{"key", e.key}, {"where", where}, {"keys", join_words(allowed)}}});
  std::string guess = closest(e.key, allowed);
  if (!guess.empty()) d.note({}, {msg::did_you_mean, {{"name", guess}}});
  return guess;
}

std::optional<std::string> YamlReader::text(const Entry& e, const Message& where) {
  if (!e.value.IsScalar()) {
    error(value_span(e), {msg::param_text_not_scalar, {{"key", e.key}, {"where", where}}});
    return std::nullopt;
  }
  if (is_blank(e.value.Scalar())) {
    error(span_of(e.value), {msg::param_text_empty, {{"key", e.key}, {"where", where}}});
    return std::nullopt;
  }
  return e.value.Scalar();
}

std::optional<size_t> YamlReader::choice(const Entry& e, const Message& where, Words names) {
  if (e.value.IsScalar())
    for (size_t i = 0; i < names.size(); ++i)
      if (names[i] == e.value.Scalar()) return i;
  MessageArgs args{{"key", e.key}, {"where", where}, {"names", join_words(names)}};
  if (!e.value.IsScalar()) {
    error(value_span(e), {msg::param_choice_missing, std::move(args)});
    return std::nullopt;
  }
  args.push_back({"value", e.value.Scalar()});
  Diagnostic& d = error(value_span(e), {msg::param_choice_unknown, std::move(args)});
  if (std::string guess = closest(e.value.Scalar(), names); !guess.empty())
    d.note({}, {msg::did_you_mean, {{"name", guess}}});
  return std::nullopt;
}

std::optional<Decimal> YamlReader::number(const YAML::Node& node, std::optional<ParamUnit> unit,
                                          const Message& where) {
  std::string_view t = node.Scalar();
  MessageArgs args{{"value", node.Scalar()}, {"where", where}};
  bool percent = !t.empty() && t.back() == '%';
  if (percent) {
    if (unit && *unit != ParamUnit::rate) {
      error(span_of(node), {msg::param_percent_not_rate, std::move(args)});
      return std::nullopt;
    }
    t.remove_suffix(1);
  }
  std::optional<Decimal> value;
  try {
    value = Decimal::parse(t);
    if (value && percent) value = Decimal::parse(percent_to_fraction(t));
  } catch (const DecimalError& err) {
    // Parsing fails only by overflow: a number too long to hold exactly.
    args.push_back(
        err.kind() == DecimalError::Kind::overflow
            ? MessageArg{"detail", err.what(),
                         "数值超出可精确表示的范围（绝对值须小于 10^60，小数不超过 120 位）"}
            : MessageArg{"detail", err.what()});
    error(span_of(node), {msg::param_number_error, std::move(args)});
    return std::nullopt;
  }
  if (!value) {
    error(span_of(node),
          {unit == ParamUnit::rate ? msg::param_not_decimal_rate : msg::param_not_decimal,
           std::move(args)});
    return std::nullopt;
  }
  if (unit == ParamUnit::integer && t.find('.') != std::string_view::npos) {
    error(span_of(node), {msg::param_integer_decimals, std::move(args)});
    return std::nullopt;
  }
  return value;
}

}  // namespace decree::params_detail
