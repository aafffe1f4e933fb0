// Parameter files: a strict YAML schema read through yaml-cpp.
//
// Schema decisions beyond the header's summary:
//  - Every map is checked for duplicate keys (yaml-cpp keeps them silently);
//    value keys are compared after parsing, so `2021` and `"2021"` clash.
//  - Values are read from the scalar's text with Decimal::parse (plain or
//    quoted: `0.1` and "0.1" are the same exact 0.1); the scale is kept as
//    written ("4478.25", "31195"). Exponents, '+', ".5", "1_000" are errors.
//  - unit rate also accepts a percentage: "60%" is 0.60 and "12.5%" is 0.125
//    (the decimal point moves two places, the scale grows by two; no division).
//    '%' with any other unit is an error.
//  - unit integer values are whole numbers written without a decimal point
//    ("10.0" is an error).
//  - year keys are four-digit years; integer keys are optional '-' and digits
//    fitting int64; date keys are real YYYY-MM-DD days.
//  - `null` (or `~`, or nothing) ends validity, with index date only, and
//    never as the first (earliest) value.
//  - description, reference and, when present, a value's reference and note
//    are non-empty scalars.
//  - A file holds exactly one YAML document with at least one parameter.
//  - Errors point at the key concerned (unknown, missing or duplicate keys,
//    bad names and index keys) or at the offending value, 1-based lines and
//    code-point columns.
#include "params/parameters.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <memory>
#include <span>

namespace decree {

std::string_view param_unit_name(ParamUnit unit) {
  switch (unit) {
    case ParamUnit::money:
      return "money";
    case ParamUnit::rate:
      return "rate";
    case ParamUnit::decimal:
      return "decimal";
    case ParamUnit::integer:
      return "integer";
  }
  return "decimal";
}

std::string_view param_index_name(ParamIndex index) {
  switch (index) {
    case ParamIndex::date:
      return "date";
    case ParamIndex::year:
      return "year";
    case ParamIndex::integer:
      return "integer";
  }
  return "date";
}

// Lookups run per evaluated case: binary search, no allocation.
const ParamValue* Parameter::at_date(Date d) const {
  if (what_if) return &*what_if;
  if (index != ParamIndex::date) return nullptr;
  auto it = std::upper_bound(values.begin(), values.end(), int64_t{d.days},
                             [](int64_t key, const ParamValue& v) { return key < v.key; });
  if (it == values.begin()) return nullptr;
  --it;
  return it->value || !it->unsourced.empty() ? &*it : nullptr;
}

const ParamValue* Parameter::at_key(int64_t key) const {
  if (what_if) return &*what_if;
  if (index == ParamIndex::date) return nullptr;  // a year is not a day count
  auto it = std::lower_bound(values.begin(), values.end(), key,
                             [](const ParamValue& v, int64_t k) { return v.key < k; });
  if (it == values.end() || it->key != key) return nullptr;
  return &*it;
}

const std::string& Parameter::reference_for(const ParamValue& v) const {
  return v.reference.empty() ? reference : v.reference;
}

const Parameter* ParameterSet::find(std::string_view name) const {
  for (const auto& p : params)
    if (p.name == name) return &p;
  return nullptr;
}

namespace {

constexpr size_t kMaxFileBytes = 16u << 20;  // parameter files are small

using Words = std::span<const std::string_view>;
constexpr std::string_view kDefinitionKeys[] = {"description", "unit", "reference", "index",
                                                "values"};
constexpr std::string_view kEntryKeys[] = {"value", "reference", "note", "unsourced"};
// In the order of the enums ParamUnit and ParamIndex.
constexpr std::string_view kUnitNames[] = {"money", "rate", "decimal", "integer"};
constexpr std::string_view kIndexNames[] = {"date", "year", "integer"};

std::string join(Words words) {
  std::string out;
  for (auto w : words) {
    if (!out.empty()) out += ", ";
    out += w;
  }
  return out;
}

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

// The closest word within a third of its length, for "did you mean".
std::string_view closest(std::string_view word, Words words) {
  std::string_view best;
  size_t best_d = std::max<size_t>(1, word.size() / 3) + 1;
  for (auto w : words) {
    size_t d = edit_distance(word, w);
    if (d < best_d) best = w, best_d = d;
  }
  return best;
}

bool is_identifier(std::string_view s) {
  if (s.empty()) return false;
  auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (!alpha(s[0])) return false;
  return std::all_of(s.begin(), s.end(),
                     [&](char c) { return alpha(c) || (c >= '0' && c <= '9'); });
}

bool is_blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

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

struct Entry {
  std::string key;
  YAML::Node key_node;
  YAML::Node value;
  Span span;  // the key
};

class Reader {
 public:
  Reader(const SourceFile* file, Diagnostics& diags) : file_(file), diags_(diags) {}

  size_t errors() const { return errors_; }

  Diagnostic& error(Span span, std::string message) {
    ++errors_;
    return diags_.error(span, std::move(message));
  }

  // A span from a yaml-cpp mark (0-based line, 0-based byte column) covering
  // `bytes` bytes of the line; columns count code points.
  Span span_at(const YAML::Mark& mark, size_t bytes) const {
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

  // The span of a node's first token: a quoted scalar with its quotes, a
  // plain scalar, or the opening bracket of a flow collection.
  Span span_of(const YAML::Node& node) const {
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
      len =
          rest.starts_with("null") || rest.starts_with("Null") || rest.starts_with("NULL") ? 4 : 1;
    }
    return span_at(mark, len);
  }

  // The entries of a map in file order. Reports keys that are not scalars and,
  // unless `check_duplicates` is false, keys written twice.
  std::vector<Entry> entries(const YAML::Node& map, bool check_duplicates) {
    std::vector<Entry> out;
    for (auto it = map.begin(); it != map.end(); ++it) {
      Entry e{"", it->first, it->second, span_of(it->first)};
      if (!e.key_node.IsScalar()) {
        error(e.span, "a key must be a plain scalar, not a " +
                          std::string(e.key_node.IsMap()        ? "map"
                                      : e.key_node.IsSequence() ? "sequence"
                                                                : "null"));
        continue;
      }
      e.key = e.key_node.Scalar();
      if (check_duplicates) {
        auto first =
            std::find_if(out.begin(), out.end(), [&](const Entry& o) { return o.key == e.key; });
        if (first != out.end()) {
          error(e.span, "duplicate key '" + e.key + "'")
              .notes.push_back({first->span, "first written here"});
          continue;
        }
      }
      out.push_back(std::move(e));
    }
    return out;
  }

  void unknown_key(const Entry& e, const std::string& where, Words allowed) {
    Diagnostic& d = error(
        e.span, "unknown key '" + e.key + "' in " + where + "; allowed keys: " + join(allowed));
    std::string_view guess = closest(e.key, allowed);
    if (!guess.empty()) d.notes.push_back({Span{}, "did you mean '" + std::string(guess) + "'?"});
  }

  // A non-empty scalar text (description, reference, note).
  std::optional<std::string> text(const Entry& e, const std::string& where) {
    if (!e.value.IsScalar()) {
      error(e.value.IsNull() ? e.span : span_of(e.value),
            "'" + e.key + "' of " + where + " must be a non-empty text");
      return std::nullopt;
    }
    if (is_blank(e.value.Scalar())) {
      error(span_of(e.value), "'" + e.key + "' of " + where + " must not be empty");
      return std::nullopt;
    }
    return e.value.Scalar();
  }

  // One of `names` (unit or index).
  template <typename Enum>
  std::optional<Enum> choice(const Entry& e, const std::string& where, Words names) {
    if (e.value.IsScalar()) {
      int i = 0;
      for (auto n : names) {
        if (n == e.value.Scalar()) return static_cast<Enum>(i);
        ++i;
      }
    }
    std::string got = e.value.IsScalar() ? "'" + e.value.Scalar() + "'" : "no name";
    Diagnostic& d =
        error(e.value.IsNull() ? e.span : span_of(e.value),
              "'" + e.key + "' of " + where + " is " + got + "; expected one of: " + join(names));
    if (e.value.IsScalar()) {
      std::string_view guess = closest(e.value.Scalar(), names);
      if (!guess.empty()) d.notes.push_back({Span{}, "did you mean '" + std::string(guess) + "'?"});
    }
    return std::nullopt;
  }

  std::optional<int64_t> parse_key(const Entry& e, ParamIndex index, const std::string& where) {
    const std::string& k = e.key;
    switch (index) {
      case ParamIndex::date:
        if (auto d = Date::parse(k)) return d->days;
        error(e.span, "key '" + k + "' of " + where +
                          " is not a date (index date: a real calendar day written YYYY-MM-DD)");
        return std::nullopt;
      case ParamIndex::year: {
        int64_t y = 0;
        if (k.size() == 4 &&
            std::all_of(k.begin(), k.end(), [](char c) { return c >= '0' && c <= '9'; })) {
          std::from_chars(k.data(), k.data() + k.size(), y);
          return y;
        }
        error(e.span, "key '" + k + "' of " + where +
                          " is not a year (index year: a four-digit year such as 2021)");
        return std::nullopt;
      }
      case ParamIndex::integer: {
        int64_t v = 0;
        size_t digits = k.size() - (k.starts_with('-') ? 1 : 0);
        auto [end, ec] = std::from_chars(k.data(), k.data() + k.size(), v);
        if (digits > 0 && ec == std::errc() && end == k.data() + k.size()) return v;
        error(e.span, "key '" + k + "' of " + where +
                          " is not an integer (index integer: digits with an optional '-')");
        return std::nullopt;
      }
    }
    return std::nullopt;
  }

  // The number written in `node` (a non-null scalar), checked against `unit`.
  std::optional<Decimal> number(const YAML::Node& node, std::optional<ParamUnit> unit,
                                const std::string& where) {
    std::string_view t = node.Scalar();
    bool percent = !t.empty() && t.back() == '%';
    if (percent) {
      if (unit && *unit != ParamUnit::rate) {
        error(span_of(node), "value '" + std::string(t) + "' of " + where +
                                 " is a percentage, which only unit rate allows");
        return std::nullopt;
      }
      t.remove_suffix(1);
    }
    std::optional<Decimal> value;
    try {
      value = Decimal::parse(t);
      if (value && percent) value = Decimal::parse(percent_to_fraction(t));
    } catch (const DecimalError& err) {
      error(span_of(node), "value '" + node.Scalar() + "' of " + where + ": " + err.what());
      return std::nullopt;
    }
    if (!value) {
      error(span_of(node), "value '" + node.Scalar() + "' of " + where +
                               " is not an exact decimal number (write digits with an optional "
                               "'-' and '.', e.g. \"4478.25\"" +
                               (unit == ParamUnit::rate ? std::string(" or \"60%\")") : ")"));
      return std::nullopt;
    }
    if (unit == ParamUnit::integer && t.find('.') != std::string_view::npos) {
      error(span_of(node), "value '" + node.Scalar() + "' of " + where +
                               " has decimals, but unit integer needs a whole number");
      return std::nullopt;
    }
    return value;
  }

  // One value entry: `KEY: number`, `KEY: null` or `KEY: {value, reference, note}`.
  // Returns false after reporting an error.
  bool value_entry(const Entry& e, std::optional<ParamUnit> unit, std::optional<ParamIndex> index,
                   const std::string& name, ParamValue& out) {
    std::string where = "'" + name + "' at " + e.key;
    out.span = e.span;
    YAML::Node v = e.value;
    Span null_span = e.span;
    bool ok = true;
    if (v.IsMap()) {
      std::string entry_where = "value " + e.key + " of '" + name + "'";
      bool has_value = false;
      YAML::Node inner;  // rebound with reset(): operator= would write into the document
      for (const Entry& f : entries(v, true)) {
        if (f.key == "value") {
          has_value = true, inner.reset(f.value), null_span = f.span;
        } else if (f.key == "reference" || f.key == "note" || f.key == "unsourced") {
          auto s = text(f, entry_where);
          if (!s)
            ok = false;
          else
            (f.key == "reference" ? out.reference : f.key == "note" ? out.note : out.unsourced) =
                std::move(*s);
        } else {
          unknown_key(f, entry_where, kEntryKeys);
          ok = false;
        }
      }
      if (!out.unsourced.empty()) {
        // A figure that could not be found: no value, and a case that needs
        // it fails naming the parameter, the key and this text.
        if (has_value) {
          error(e.span, entry_where + " has both 'value' and 'unsourced': give one");
          return false;
        }
        out.value.reset();
        return ok;
      }
      if (!has_value) {
        error(e.span, entry_where +
                          " has no 'value' (required: value, or unsourced: why it is missing; "
                          "optional: reference, note)");
        return false;
      }
      v.reset(inner);
    }
    if (v.IsNull()) {
      if (index && *index != ParamIndex::date) {
        error(null_span, "value of " + where +
                             " is null; only index date allows null (it ends "
                             "validity), index " +
                             std::string(param_index_name(*index)) + " needs a number");
        return false;
      }
      out.value.reset();
      return ok;
    }
    if (!v.IsScalar()) {
      error(span_of(v),
            "value of " + where + " must be a number" +
                (v.IsSequence() ? ", not a sequence" : " or a map with keys " + join(kEntryKeys)));
      return false;
    }
    out.value = number(v, unit, where);
    return ok && out.value.has_value();
  }

  std::optional<Parameter> parameter(const Entry& def) {
    Parameter p;
    p.name = def.key;
    p.span = def.span;
    bool ok = true;
    if (!is_identifier(def.key)) {
      error(def.span, "parameter name '" + def.key +
                          "' is not an identifier (ASCII letters, digits and '_', not starting "
                          "with a digit)");
      ok = false;
    }
    std::string where = "parameter '" + def.key + "'";
    if (!def.value.IsMap()) {
      error(def.value.IsNull() ? def.span : span_of(def.value),
            where + " must be a map with keys " + join(kDefinitionKeys));
      return std::nullopt;
    }
    std::optional<std::string> description, reference;
    std::optional<ParamUnit> unit;
    std::optional<ParamIndex> index = ParamIndex::date;
    const Entry* values = nullptr;
    bool seen[std::size(kDefinitionKeys)] = {};
    std::vector<Entry> fields = entries(def.value, true);
    for (const Entry& f : fields) {
      auto known = std::find(std::begin(kDefinitionKeys), std::end(kDefinitionKeys), f.key);
      if (known == std::end(kDefinitionKeys)) {
        unknown_key(f, where, kDefinitionKeys);
        ok = false;
        continue;
      }
      seen[known - std::begin(kDefinitionKeys)] = true;
      if (f.key == "description") {
        if (!(description = text(f, where))) ok = false;
      } else if (f.key == "reference") {
        if (!(reference = text(f, where))) ok = false;
      } else if (f.key == "unit") {
        if (!(unit = choice<ParamUnit>(f, where, kUnitNames))) ok = false;
      } else if (f.key == "index") {
        if (!(index = choice<ParamIndex>(f, where, kIndexNames))) ok = false;
      } else {
        values = &f;
      }
    }
    for (size_t i = 0; i < std::size(seen); ++i) {
      std::string_view key = kDefinitionKeys[i];
      if (!seen[i] && key != "index") {
        error(def.span, where + " has no '" + std::string(key) +
                            "' (required: description, unit, reference, values; optional: index)");
        ok = false;
      }
    }
    if (description) p.description = std::move(*description);
    if (reference) p.reference = std::move(*reference);
    if (unit) p.unit = *unit;
    if (index) p.index = *index;
    if (values && !read_values(*values, unit, index, p)) ok = false;
    if (!ok) return std::nullopt;
    return p;
  }

  bool read_values(const Entry& values, std::optional<ParamUnit> unit,
                   std::optional<ParamIndex> index, Parameter& p) {
    if (!values.value.IsMap() || values.value.size() == 0) {
      error(values.value.IsMap() || values.value.IsNull() ? values.span : span_of(values.value),
            "'values' of parameter '" + p.name + "' must be a non-empty map of " +
                (index ? std::string(param_index_name(*index)) : std::string("key")) + " → value");
      return false;
    }
    bool ok = true;
    std::vector<Entry> list = entries(values.value, false);
    if (list.size() != values.value.size()) ok = false;
    for (const Entry& e : list) {
      std::optional<int64_t> key;
      if (index) key = parse_key(e, *index, "parameter '" + p.name + "'");
      ParamValue v;
      bool good = value_entry(e, unit, index, p.name, v);
      if (!good || !key) {
        ok = false;
        continue;
      }
      v.key = *key;
      p.values.push_back(std::move(v));
    }
    // Sorted by key; equal keys (`2021` and `"2021"`, `5` and `05`) are errors.
    // The sort is stable, so of two equal keys the later one is in file order.
    std::stable_sort(p.values.begin(), p.values.end(),
                     [](const ParamValue& a, const ParamValue& b) { return a.key < b.key; });
    for (size_t i = 1; i < p.values.size(); ++i) {
      if (p.values[i].key != p.values[i - 1].key) continue;
      const ParamValue& earlier = p.values[i - 1];
      const ParamValue& later = p.values[i];
      std::string key = p.index == ParamIndex::date
                            ? Date{static_cast<int32_t>(later.key)}.to_string()
                            : std::to_string(later.key);
      error(later.span, "duplicate key " + key + " in 'values' of parameter '" + p.name + "'")
          .notes.push_back({earlier.span, "the same key is written here"});
      ok = false;
    }
    if (ok && index == ParamIndex::date && !p.values.empty() && !p.values.front().value &&
        p.values.front().unsourced.empty()) {
      error(p.values.front().span, "the first value of parameter '" + p.name +
                                       "' is null; null ends a validity, so it cannot come first");
      ok = false;
    }
    return ok;
  }

 private:
  const SourceFile* file_;
  Diagnostics& diags_;
  size_t errors_ = 0;
};

std::optional<ParameterSet> parse_document(const SourceRef& source, Reader& r) {
  std::vector<YAML::Node> docs;
  try {
    docs = YAML::LoadAll(source->text());
  } catch (const YAML::DeepRecursion& e) {  // yaml-cpp calls it "bad file"
    r.error(r.span_at(e.mark, 1), "YAML syntax error: nesting too deep");
    return std::nullopt;
  } catch (const YAML::Exception& e) {
    r.error(r.span_at(e.mark, 1), "YAML syntax error: " + e.msg);
    return std::nullopt;
  }
  if (docs.empty() || (docs.size() == 1 && docs[0].IsNull())) {
    r.error(Span{source.get(), 1, 1, 1, 1}, "parameter file defines no parameters");
    return std::nullopt;
  }
  if (docs.size() > 1) {
    r.error(r.span_of(docs[1]), "parameter file holds " + std::to_string(docs.size()) +
                                    " YAML documents; expected exactly one");
    return std::nullopt;
  }
  const YAML::Node& top = docs[0];
  if (!top.IsMap()) {
    r.error(r.span_of(top), "a parameter file is a map of parameter name → definition");
    return std::nullopt;
  }
  ParameterSet set;
  set.source = source;
  for (const Entry& e : r.entries(top, true))
    if (auto p = r.parameter(e)) set.params.push_back(std::move(*p));
  if (r.errors() > 0) return std::nullopt;
  return set;
}

}  // namespace

std::optional<ParameterSet> parse_parameters(SourceRef source, Diagnostics& diags) {
  if (!source) {
    diags.error(Span{}, "no parameter source");
    return std::nullopt;
  }
  Reader r(source.get(), diags);
  Span file_span{source.get(), 1, 1, 1, 1};
  if (source->text().size() > kMaxFileBytes) {
    r.error(file_span,
            "parameter file is larger than " + std::to_string(kMaxFileBytes >> 20) + " MiB");
    return std::nullopt;
  }
  try {
    return parse_document(source, r);
  } catch (const std::exception& e) {  // a broken invariant: report, never throw
    r.error(file_span, std::string("internal error while reading parameters: ") + e.what());
    return std::nullopt;
  }
}

std::optional<ParameterSet> load_parameters(const std::string& path, Diagnostics& diags) {
  auto fail = [&](int err) {
    diags.error(Span{}, "cannot read parameter file '" + path + "': " + std::strerror(err));
    return std::nullopt;
  };
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) return fail(errno);
  std::string text;
  errno = 0;
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f.get())) > 0) {
    text.append(buf, n);
    if (text.size() > kMaxFileBytes) break;  // parse_parameters reports the size
  }
  if (std::ferror(f.get())) return fail(errno ? errno : EIO);
  // Diagnostics keep the file alive if the parse fails (SourceFile is shared).
  return parse_parameters(std::make_shared<const SourceFile>(path, std::move(text)), diags);
}

}  // namespace decree
