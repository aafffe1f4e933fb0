// Reading parameter files: the strict schema (params/parameters.h), for a
// version's own file, a patch of it, or a what-if overlay.
//
// Schema decisions beyond the header's summary:
//  - Value keys are compared after parsing, so `2021` and `"2021"` clash.
//  - year keys are four-digit years; integer keys are optional '-' and digits
//    fitting int64; date keys are real YYYY-MM-DD days; enum keys are any
//    non-empty text (the checker compares them with the enum of the lookup).
//  - `index:` is one key type, or a list of up to four keys, each `NAME: TYPE`
//    or a type alone (then named after it): `[year, grade: integer]`.
//  - With several keys, values nest one map per key. Above the last key, a
//    map with `unsourced` (or, in a patch, `remove`) is an entry that covers
//    every key below it.
//  - `null` (or `~`, or nothing) ends validity, only at or below a date key,
//    and never as the first (earliest) value of a date key.
//  - description, reference and, when present, a value's reference and note
//    are non-empty scalars; reliability is one of the labels of Reliability.
//  - A patch (and an overlay) may also write `replace: true` on a parameter
//    and `{remove: "why"}` as a value, and may leave out what it does not
//    change; a parameter it does not restate takes its unit and keys from the
//    base (one it lacks has index date unless it says otherwise, as in a
//    version's own file). Whether a new parameter is complete is checked by the merge
//    (params/merge.h). In an overlay every value names its source: its own
//    reference, or the overlay parameter's.
//  - A file holds exactly one YAML document with at least one parameter.
//  - Errors point at the key concerned (unknown, missing or duplicate keys,
//    bad names and index keys) or at the offending value, 1-based lines and
//    code-point columns.
#include <yaml-cpp/depthguard.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <memory>

#include "base/characters.h"
#include "base/codes_params.h"
#include "base/codes_yaml.h"
#include "base/yaml_errors.h"
#include "params/internal/reader.h"
#include "params/parameters.h"

namespace decree {
namespace {

using params_detail::closest;
using params_detail::Entry;
using params_detail::join_words;
using params_detail::where_entry;
using params_detail::where_parameter;
using params_detail::where_value;
using params_detail::Words;
using params_detail::YamlReader;

constexpr size_t kMaxFileBytes = 16u << 20;  // parameter files are small

constexpr std::string_view kDefinitionKeys[] = {"description", "unit",   "reference", "reliability",
                                                "index",       "values", "bounds"};
constexpr std::string_view kPatchKeys[] = {"description", "unit",   "reference", "reliability",
                                           "index",       "values", "replace",   "bounds"};
constexpr std::string_view kEntryKeys[] = {"value", "reference", "note", "reliability",
                                           "unsourced"};
constexpr std::string_view kPatchEntryKeys[] = {"value",       "reference", "note",
                                                "reliability", "unsourced", "remove"};
constexpr std::string_view kBlockKeys[] = {"unsourced", "reference", "note"};
constexpr std::string_view kPatchBlockKeys[] = {"unsourced", "reference", "note", "remove"};
// In the order of the enums ParamUnit, ParamIndex and Reliability (from primary).
constexpr std::string_view kUnitNames[] = {"money", "rate", "decimal", "integer"};
constexpr std::string_view kIndexNames[] = {"date", "year", "integer", "enum"};
constexpr std::string_view kReliabilityNames[] = {
    "primary", "official-site", "repost", "reworded", "secondary", "image-scan", "code-secondary"};

bool keys_less(const ParamValue& a, const ParamValue& b) { return a.keys < b.keys; }

class SchemaReader : public YamlReader {
 public:
  SchemaReader(const SourceFile* file, Diagnostics& diags, const ParamReadOptions& options)
      : YamlReader(file, diags), options_(options) {}

  bool patch() const { return options_.kind != ParamFileKind::full; }
  const ParamReadOptions& options() const { return options_; }

  std::optional<Parameter> parameter(const Entry& def) {
    Parameter p;
    p.name = def.key;
    p.span = def.span;
    bool ok = true;
    if (!is_identifier(def.key)) {
      error(def.span, {msg::param_name_not_identifier, {{"name", def.key}}});
      ok = false;
    }
    const Message where = where_parameter(def.key);
    Words allowed = patch() ? Words(kPatchKeys) : Words(kDefinitionKeys);
    if (!def.value.IsMap()) {
      error(value_span(def),
            {msg::param_not_map, {{"where", where}, {"keys", join_words(allowed)}}});
      return std::nullopt;
    }
    std::optional<ParamUnit> unit;
    bool index_ok = true;
    const Entry* values = nullptr;
    std::vector<Entry> fields = entries(def.value, true);
    const Entry* bounds = nullptr;
    std::vector<std::string> meant;  // the keys that misspelt ones may have meant
    for (const Entry& f : fields) {
      if (std::find(allowed.begin(), allowed.end(), f.key) == allowed.end()) {
        meant.push_back(unknown_key(f, where, allowed));
        ok = false;
        continue;
      }
      if (f.key == "description") {
        p.fields |= Parameter::kDescription;
        if (auto s = text(f, where))
          p.description = std::move(*s);
        else
          ok = false;
      } else if (f.key == "reference") {
        p.fields |= Parameter::kReference;
        if (auto s = text(f, where))
          p.reference = std::move(*s);
        else
          ok = false;
      } else if (f.key == "reliability") {
        p.fields |= Parameter::kReliability;
        if (auto r = choice(f, where, kReliabilityNames))
          p.reliability = static_cast<Reliability>(*r + 1);
        else
          ok = false;
      } else if (f.key == "unit") {
        p.fields |= Parameter::kUnit;
        p.unit_span = value_span(f);
        if (auto u = choice(f, where, kUnitNames))
          unit = p.unit = static_cast<ParamUnit>(*u);
        else
          ok = false;
      } else if (f.key == "index") {
        p.fields |= Parameter::kIndex;
        p.index_span = value_span(f);
        if (!read_index(f, where, p)) ok = index_ok = false;
      } else if (f.key == "bounds") {
        bounds = &f;
      } else if (f.key == "replace") {
        if (f.value.IsScalar() && (f.value.Scalar() == "true" || f.value.Scalar() == "false")) {
          p.replace = f.value.Scalar() == "true";
        } else {
          error(value_span(f), {msg::param_replace_not_bool, {{"where", where}}});
          ok = false;
        }
      } else {
        p.fields |= Parameter::kValues;
        values = &f;
      }
    }
    // The schema the values are read with: the parameter's own, else (a
    // patch of a parameter it does not restate) the base's.
    const Parameter* base =
        patch() && options_.base && !p.replace ? options_.base->find(p.name) : nullptr;
    if (base) {
      if (!(p.fields & Parameter::kUnit)) unit = base->unit;
      if (!(p.fields & Parameter::kIndex)) p.index = base->index, p.named_index = base->named_index;
    }
    if (!patch()) {
      constexpr std::string_view kRequired[] = {"description", "unit", "reference", "values"};
      constexpr uint8_t kBits[] = {Parameter::kDescription, Parameter::kUnit, Parameter::kReference,
                                   Parameter::kValues};
      for (size_t i = 0; i < std::size(kRequired); ++i) {
        if (p.fields & kBits[i]) continue;
        // `value:` for `values:` is one mistake, reported once (at the key).
        if (std::find(meant.begin(), meant.end(), kRequired[i]) != meant.end()) continue;
        error(def.span,
              {msg::param_missing_field, {{"where", where}, {"field", std::string(kRequired[i])}}});
        ok = false;
      }
    } else if (p.fields == 0) {
      error(def.span, {msg::param_patch_empty, {{"where", where}}});
      ok = false;
    }
    if (bounds && !read_bounds(*bounds, unit, where, p)) ok = false;
    if (!bounds && base && base->bounds_written) {
      p.bounds_written = true;
      p.min = base->min;
      p.max = base->max;
      p.bounds_span = base->bounds_span;
    }
    if (values && index_ok && !read_values(*values, unit, p)) ok = false;
    if (ok && unit && !plausible(p, *unit)) ok = false;
    if (ok && options_.kind == ParamFileKind::overlay) ok = overlay_sources(p);
    if (!ok) return std::nullopt;
    return p;
  }

 private:
  // `index: year` or `index: [year, grade: integer]`.
  bool read_index(const Entry& f, const Message& where, Parameter& p) {
    if (f.value.IsScalar()) {
      auto t = choice(f, where, kIndexNames);
      if (!t) return false;
      p.index = {ParamKey{std::string(kIndexNames[*t]), static_cast<ParamIndex>(*t)}};
      return true;
    }
    if (!f.value.IsSequence() || f.value.size() == 0 || f.value.size() > kMaxParamKeys) {
      if (f.value.IsSequence())
        error(value_span(f),
              {msg::param_index_count, {{"where", where}, {"max", std::to_string(kMaxParamKeys)}}});
      else
        error(value_span(f),
              {msg::param_index_not_type, {{"where", where}, {"names", join_words(kIndexNames)}}});
      return false;
    }
    std::vector<ParamKey> keys;
    bool ok = true;
    for (const YAML::Node& item : f.value) {
      Entry e{"", YAML::Node(), item, span_of(item)};
      ParamKey k;
      if (item.IsScalar()) {
        e.key = "index";
      } else if (item.IsMap() && item.size() == 1) {
        e.key_node.reset(item.begin()->first);
        e.value.reset(item.begin()->second);
        e.span = span_of(e.key_node);
        e.key = e.key_node.IsScalar() ? e.key_node.Scalar() : "";
        if (!is_identifier(e.key)) {
          error(e.span, {msg::param_key_name_not_identifier, {{"name", e.key}, {"where", where}}});
          ok = false;
          continue;
        }
        k.name = e.key;
      } else {
        error(span_of(item), {msg::param_index_item, {{"where", where}}});
        ok = false;
        continue;
      }
      auto t = choice(e, where, kIndexNames);
      if (!t) {
        ok = false;
        continue;
      }
      k.type = static_cast<ParamIndex>(*t);
      if (k.name.empty()) k.name = std::string(kIndexNames[*t]);
      if (std::any_of(keys.begin(), keys.end(),
                      [&](const ParamKey& o) { return o.name == k.name; })) {
        error(e.span, {msg::param_index_twice, {{"name", k.name}, {"where", where}}});
        ok = false;
        continue;
      }
      keys.push_back(std::move(k));
    }
    if (!ok) return false;
    p.index = std::move(keys);
    p.named_index = true;
    return true;
  }

  std::optional<int64_t> parse_key(const Entry& e, ParamIndex index, const Message& where,
                                   Parameter& p) {
    const std::string& k = e.key;
    auto bad = [&](Code code) {
      error(e.span, {code, {{"key", k}, {"where", where}}});
      return std::nullopt;
    };
    switch (index) {
      case ParamIndex::date:
        if (auto d = Date::parse(k)) return d->days;
        return bad(msg::param_key_not_date);
      case ParamIndex::year: {
        int64_t y = 0;
        if (k.size() == 4 &&
            std::all_of(k.begin(), k.end(), [](char c) { return c >= '0' && c <= '9'; })) {
          std::from_chars(k.data(), k.data() + k.size(), y);
          return y;
        }
        return bad(msg::param_key_not_year);
      }
      case ParamIndex::integer: {
        int64_t v = 0;
        size_t digits = k.size() - (k.starts_with('-') ? 1 : 0);
        auto [end, ec] = std::from_chars(k.data(), k.data() + k.size(), v);
        if (digits > 0 && ec == std::errc() && end == k.data() + k.size()) return v;
        return bad(msg::param_key_not_integer);
      }
      case ParamIndex::enumeration: {
        if (params_detail::is_blank(k)) return bad(msg::param_key_empty);
        int64_t id = p.symbol(k);
        if (id >= 0) return id;
        p.symbols.push_back({k, e.span});
        return static_cast<int64_t>(p.symbols.size() - 1);
      }
    }
    return std::nullopt;
  }

  // Is there a date key at or above `level`? (null is allowed there.)
  static bool dated(const Parameter& p, size_t level) {
    for (size_t i = 0; i <= level && i < p.index.size(); ++i)
      if (p.index[i].type == ParamIndex::date) return true;
    return false;
  }

  static Message null_message(const Parameter& p, const std::string& at) {
    if (p.index.size() == 1)
      return {msg::param_null_needs_date,
              {{"name", p.name},
               {"at", at},
               {"index", std::string(param_index_name(p.index[0].type))}}};
    return {msg::param_null_needs_date_key, {{"name", p.name}, {"at", at}}};
  }

  // One value entry: `KEY: number`, `KEY: null`, `KEY: {value, reference,
  // note, reliability}`, `KEY: {unsourced: why}` or, in a patch,
  // `KEY: {remove: why}`. Returns false after reporting an error.
  bool value_entry(const Entry& e, std::optional<ParamUnit> unit, const Parameter& p,
                   const std::string& at, bool leaf, ParamValue& out) {
    const Message where = where_value(p.name, at);
    out.span = e.span;
    YAML::Node v = e.value;
    Span null_span = e.span;
    bool ok = true;
    if (v.IsMap()) {
      const Message entry_where = where_entry(p.name, at);
      Words allowed = leaf ? (patch() ? Words(kPatchEntryKeys) : Words(kEntryKeys))
                           : (patch() ? Words(kPatchBlockKeys) : Words(kBlockKeys));
      bool has_value = false, has_other = false;
      YAML::Node inner;  // rebound with reset(): operator= would write into the document
      for (const Entry& f : entries(v, true)) {
        if (std::find(allowed.begin(), allowed.end(), f.key) == allowed.end()) {
          unknown_key(f, entry_where, allowed);
          ok = false;
          continue;
        }
        if (f.key != "remove") has_other = true;
        if (f.key == "value") {
          has_value = true, inner.reset(f.value), null_span = f.span;
        } else if (f.key == "reliability") {
          if (auto r = choice(f, entry_where, kReliabilityNames))
            out.reliability = static_cast<Reliability>(*r + 1);
          else
            ok = false;
        } else if (auto s = text(f, entry_where)) {
          (f.key == "reference"   ? out.reference
           : f.key == "note"      ? out.note
           : f.key == "unsourced" ? out.unsourced
                                  : out.remove) = std::move(*s);
        } else {
          ok = false;
        }
      }
      if (!out.remove.empty()) {
        if (has_other) {
          error(e.span, {msg::param_remove_alone,
                         {{"where", entry_where},
                          {"example", "{remove: \"why\"}", "{remove: \"删除的原因\"}"}}});
          return false;
        }
        return ok;
      }
      if (!out.unsourced.empty()) {
        // A figure that could not be found: no value, and a case that needs
        // it fails naming the parameter, the key and this text.
        if (has_value) {
          error(e.span, {msg::param_value_and_unsourced, {{"where", entry_where}}});
          return false;
        }
        out.value.reset();
        return ok;
      }
      if (!has_value) {
        error(e.span, {msg::param_entry_no_value, {{"where", entry_where}}});
        return false;
      }
      v.reset(inner);
    }
    if (v.IsNull()) {
      if (!dated(p, p.index.size() - 1)) {
        error(null_span, null_message(p, at));
        return false;
      }
      out.value.reset();
      return ok;
    }
    if (!v.IsScalar()) {
      if (v.IsSequence())
        error(span_of(v), {msg::param_value_sequence, {{"where", where}}});
      else
        error(span_of(v),
              {msg::param_value_not_number, {{"where", where}, {"keys", join_words(kEntryKeys)}}});
      return false;
    }
    out.value = number(v, unit, where);
    return ok && out.value.has_value();
  }

  // The entries of one level's map (and, recursively, the levels below).
  bool read_level(const YAML::Node& map, size_t level, const ParamValue& prefix,
                  const std::string& path, std::optional<ParamUnit> unit, Parameter& p) {
    bool ok = true;
    std::vector<Entry> list = entries(map, false);
    if (list.size() != map.size()) ok = false;
    const bool leaf = level + 1 == p.index.size();
    const ParamIndex type = p.index[level].type;
    const Message where = where_parameter(p.name);
    struct Seen {
      int64_t key;
      Span span;
      bool null_end;
    };
    std::vector<Seen> seen;
    for (const Entry& e : list) {
      std::string at = path.empty() ? e.key : path + ", " + e.key;
      std::optional<int64_t> key = parse_key(e, type, where, p);
      ParamValue v = prefix;
      if (key) v.keys[level] = *key;
      v.depth = static_cast<uint8_t>(level + 1);
      bool good = true;
      bool block = !leaf && e.value.IsMap() && (e.value["unsourced"] || e.value["remove"]);
      if (leaf || block) {
        good = value_entry(e, unit, p, at, leaf, v);
        if (leaf) v.depth = static_cast<uint8_t>(p.index.size());
      } else if (e.value.IsNull()) {
        v.span = e.span;
        if (!dated(p, level)) {
          error(e.span, null_message(p, at));
          good = false;
        }
      } else if (e.value.IsMap() && e.value.size() > 0) {
        if (key && !read_level(e.value, level + 1, v, at, unit, p)) ok = false;
        good = true;
      } else {
        error(value_span(e), {msg::param_level_not_map,
                              {{"name", p.name},
                               {"at", at},
                               {"key", p.index[level + 1].name},
                               {"keys", key_names(p)}}});
        good = false;
      }
      if (!key) {
        ok = false;
        continue;
      }
      bool inner_map = !leaf && !block && !e.value.IsNull();
      bool null_end = !inner_map && !v.value && v.unsourced.empty() && v.remove.empty();
      auto dup =
          std::find_if(seen.begin(), seen.end(), [&](const Seen& s) { return s.key == *key; });
      if (dup != seen.end()) {
        MessageArgs args{{"key", p.key_text(level, *key)}, {"name", p.name}};
        if (!path.empty()) args.push_back({"path", path});
        error(e.span,
              {path.empty() ? msg::param_duplicate_value_key : msg::param_duplicate_value_key_under,
               std::move(args)})
            .note(dup->span, {msg::param_same_key_here, {}});
        ok = false;
        continue;
      }
      seen.push_back({*key, e.span, null_end});
      if (!good) {
        ok = false;
        continue;
      }
      if (!inner_map) p.values.push_back(std::move(v));
    }
    if (ok && type == ParamIndex::date && !seen.empty()) {
      auto first = std::min_element(seen.begin(), seen.end(),
                                    [](const Seen& a, const Seen& b) { return a.key < b.key; });
      if (first->null_end) {
        error(first->span, {msg::param_first_null, {{"name", p.name}}});
        ok = false;
      }
    }
    return ok;
  }

  static std::string key_names(const Parameter& p) {
    std::string out;
    for (const auto& k : p.index) out += (out.empty() ? "" : ", ") + k.name;
    return out;
  }

  bool read_values(const Entry& values, std::optional<ParamUnit> unit, Parameter& p) {
    if (!values.value.IsMap() || values.value.size() == 0) {
      std::string shape;
      for (const auto& k : p.index)
        shape += (p.named_index ? k.name : std::string(param_index_name(k.type))) + " → ";
      error(values.value.IsMap() || values.value.IsNull() ? values.span : span_of(values.value),
            {msg::param_values_shape,
             {{"name", p.name}, {"shape", shape + "value", shape + "取值"}}});
      return false;
    }
    bool ok = read_level(values.value, 0, ParamValue{}, "", unit, p);
    std::sort(p.values.begin(), p.values.end(), keys_less);
    return ok;
  }

  // `bounds: [min, max]`, numbers in the parameter's unit; null is open.
  bool read_bounds(const Entry& f, std::optional<ParamUnit> unit, const Message& where,
                   Parameter& p) {
    p.bounds_span = value_span(f);
    if (!f.value.IsSequence() || f.value.size() != 2) {
      error(value_span(f), {msg::param_bounds_shape, {{"where", where}}});
      return false;
    }
    bool ok = true;
    std::optional<Decimal> ends[2];
    for (size_t i = 0; i < 2; ++i) {
      const YAML::Node& n = f.value[i];
      if (n.IsNull()) continue;
      if (!n.IsScalar()) {
        error(span_of(n), {msg::param_bounds_shape, {{"where", where}}});
        ok = false;
        continue;
      }
      ends[i] = number(n, unit, {msg::param_where_bounds, {{"where", where}}});
      if (!ends[i]) ok = false;
    }
    if (ok && ends[0] && ends[1] && *ends[1] < *ends[0]) {
      error(value_span(f), {msg::param_bounds_empty, {{"where", where}}});
      ok = false;
    }
    p.bounds_written = true;
    p.min = ends[0];
    p.max = ends[1];
    return ok;
  }

  // Every value within the parameter's bounds, or within the unit's plausible
  // range when it declares none.
  bool plausible(const Parameter& p, ParamUnit unit) {
    std::optional<Decimal> min = p.min, max = p.max;
    if (!p.bounds_written) {
      if (unit == ParamUnit::rate) min = Decimal::from_int(-1), max = Decimal::from_int(1);
      if (unit == ParamUnit::money) min = Decimal::from_int(0);
    }
    // A rate as a percentage, without the zeros the scale adds: 150.25%.
    auto shown = [&](const Decimal& v) {
      if (unit != ParamUnit::rate) return v.to_string();
      std::string t = (v * Decimal::from_int(100)).to_string();
      if (t.find('.') != std::string::npos) {
        while (t.back() == '0') t.pop_back();
        if (t.back() == '.') t.pop_back();
      }
      return t + "%";
    };
    bool ok = true;
    for (const ParamValue& v : p.values) {
      if (!v.value) continue;
      const bool low = min && *v.value < *min, high = max && *v.value > *max;
      if (!low && !high) continue;
      const std::string bound = shown(low ? *min : *max);
      auto& d = error(v.span, {low ? msg::param_value_below : msg::param_value_above,
                               {{"value", shown(*v.value)},
                                {"keys", p.entry_keys(v)},
                                {"name", p.name},
                                {"bound", bound}}});
      if (p.bounds_written)
        d.note(p.bounds_span, {msg::param_bounds_here, {}});
      else
        d.note({}, {unit == ParamUnit::rate ? msg::param_rate_hint : msg::param_money_hint,
                    {{"name", p.name}}});
      ok = false;
    }
    return ok;
  }

  // An overlay's values are a bureau's own figures: each names its source.
  bool overlay_sources(const Parameter& p) {
    bool ok = true;
    for (const ParamValue& v : p.values) {
      if (!v.value || !v.reference.empty() || (p.fields & Parameter::kReference)) continue;
      error(v.span, {msg::param_overlay_unsourced, {{"keys", p.entry_keys(v)}, {"name", p.name}}});
      ok = false;
    }
    return ok;
  }

  const ParamReadOptions& options_;
};

std::optional<ParameterSet> parse_document(const SourceRef& source, SchemaReader& r) {
  // Tabs and full-width punctuation first: yaml-cpp reports them as
  // something else, often on another line.
  if (!r.lint()) return std::nullopt;
  std::vector<YAML::Node> docs;
  try {
    docs = YAML::LoadAll(source->text());
  } catch (const YAML::DeepRecursion& e) {  // yaml-cpp calls it "bad file"
    r.error(r.span_at(e.mark, 1), {msg::yaml_syntax, {yaml_error_detail("nesting too deep")}});
    return std::nullopt;
  } catch (const YAML::Exception& e) {
    r.error(r.span_at(e.mark, 1), {msg::yaml_syntax, {yaml_error_detail(e.msg)}});
    return std::nullopt;
  }
  if (docs.empty() || (docs.size() == 1 && docs[0].IsNull())) {
    r.error(Span{source.get(), 1, 1, 1, 1}, {msg::param_file_empty, {}});
    return std::nullopt;
  }
  if (docs.size() > 1) {
    r.error(r.span_of(docs[1]),
            {msg::param_file_documents, {{"count", std::to_string(docs.size())}}});
    return std::nullopt;
  }
  const YAML::Node& top = docs[0];
  if (!top.IsMap()) {
    r.error(r.span_of(top), {msg::param_file_not_map, {}});
    return std::nullopt;
  }
  ParameterSet set;
  set.source = source;
  const ParamReadOptions& options = r.options();
  for (const Entry& e : r.entries(top, true)) {
    if (options.skip_unknown && options.base && !options.base->find(e.key) &&
        !(e.value.IsMap() && e.value["replace"] && e.value["replace"].IsScalar() &&
          e.value["replace"].Scalar() == "true")) {
      set.skipped.push_back(e.key);
      continue;
    }
    if (auto p = r.parameter(e)) set.params.push_back(std::move(*p));
  }
  if (r.errors() > 0) return std::nullopt;
  return set;
}

// Why a file could not be read, in both languages for the usual reasons.
MessageArg why_unreadable(int err) {
  std::string en = std::strerror(err);
  switch (err) {
    case ENOENT:
      return {"reason", en, "文件不存在"};
    case EISDIR:
      return {"reason", en, "这是一个目录，不是文件"};
    case EACCES:
      return {"reason", en, "没有读取权限"};
    default:
      return {"reason", en};
  }
}

}  // namespace

std::optional<ParameterSet> parse_parameters(SourceRef source, Diagnostics& diags,
                                             const ParamReadOptions& options) {
  if (!source) {
    diags.error(Span{}, {msg::param_no_source, {}});
    return std::nullopt;
  }
  SchemaReader r(source.get(), diags, options);
  Span file_span{source.get(), 1, 1, 1, 1};
  if (source->text().size() > kMaxFileBytes) {
    r.error(file_span, {msg::param_file_too_large, {{"mib", std::to_string(kMaxFileBytes >> 20)}}});
    return std::nullopt;
  }
  try {
    return parse_document(source, r);
  } catch (const std::exception& e) {  // a broken invariant: report, never throw
    r.error(file_span, {msg::param_file_internal, {{"detail", e.what()}}});
    return std::nullopt;
  }
}

std::optional<ParameterSet> load_parameters(const std::string& path, Diagnostics& diags,
                                            const ParamReadOptions& options) {
  std::string text;  // (parse_parameters reports a file above the limit)
  if (int err = read_file(path, kMaxFileBytes, text)) {
    // The error names the file as its place (no line: there is no text).
    auto file = std::make_shared<const SourceFile>(path, "");
    diags.error(Span{file.get()}, {msg::param_file_unreadable, {why_unreadable(err)}});
    return std::nullopt;
  }
  // Diagnostics keep the file alive if the parse fails (SourceFile is shared).
  return parse_parameters(std::make_shared<const SourceFile>(path, std::move(text)), diags,
                          options);
}

}  // namespace decree
