// What-if parameter values (api/internal/what_if.h).
#include "api/internal/what_if.h"

#include <charconv>
#include <memory>

#include "base/codes_versions.h"
#include "base/suggest.h"

namespace decree::loader {
namespace {

std::string trim(std::string s) {
  size_t b = s.find_first_not_of(" \t"), e = s.find_last_not_of(" \t");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

// "60%" → 0.60, "7000.00" → 7000.00; nullopt if not an exact number.
std::optional<Decimal> what_if_number(std::string text) {
  try {
    bool percent = !text.empty() && text.back() == '%';
    if (percent) text.pop_back();
    auto value = Decimal::parse(text);
    if (value && percent) value = *value / Decimal::from_int(100);
    return value;
  } catch (const DecimalError&) {
    return std::nullopt;
  }
}

// One key of `NAME[K1, K2]` as the parameter's key of that level.
std::optional<int64_t> parse_key(const Parameter& p, size_t level, const std::string& text,
                                 Parameter& patch) {
  switch (p.index[level].type) {
    case ParamIndex::date:
      if (auto d = Date::parse(text)) return d->days;
      return std::nullopt;
    case ParamIndex::enumeration: {
      int64_t id = patch.symbol(text);
      if (id >= 0) return id;
      if (text.empty()) return std::nullopt;
      patch.symbols.push_back({text, Span{}});
      return static_cast<int64_t>(patch.symbols.size() - 1);
    }
    default: {
      int64_t v = 0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
      if (ec != std::errc() || end != text.data() + text.size() || text.empty())
        return std::nullopt;
      if (p.index[level].type == ParamIndex::year && (v < 1000 || v > 9999)) return std::nullopt;
      return v;
    }
  }
}

}  // namespace

bool apply_param_override(std::map<std::string, ParameterSet>& sets, const ParamOverride& o,
                          Diagnostics& diags) {
  const std::string option = "--param " + o.name + "=" + o.value;
  std::string alias, name = o.name, key_list;
  bool keyed = false;
  if (auto open = name.find('['); open != std::string::npos) {
    if (name.back() != ']') {
      diags.error({}, Message{msg::what_if_syntax, {{"option", option}}});
      return false;
    }
    key_list = name.substr(open + 1, name.size() - open - 2);
    name = name.substr(0, open);
    keyed = true;
  }
  if (auto dot = name.find('.'); dot != std::string::npos)
    alias = name.substr(0, dot), name = name.substr(dot + 1);
  Parameter* target = nullptr;
  ParameterSet* target_set = nullptr;
  for (auto& [a, set] : sets) {
    if (!alias.empty() && a != alias) continue;
    if (Parameter* p = set.find(name)) target = p, target_set = &set;
  }
  if (!target) {
    auto& d = diags.error({}, Message{msg::what_if_unknown_param, {{"name", o.name}}});
    std::vector<std::string> names;
    for (const auto& [a, set] : sets)
      for (const auto& p : set.params) names.push_back(p.name);
    if (auto s = closest_name(name, names); !s.empty())
      d.note({}, Message{msg::did_you_mean, {{"name", s}}});
    return false;
  }
  std::optional<Decimal> value = what_if_number(o.value);
  if (!value || (target->unit == ParamUnit::integer && !value->is_integer())) {
    diags.error(
        {}, Message{msg::what_if_not_exact,
                    {{"option", option}, {"unit", std::string(param_unit_name(target->unit))}}});
    return false;
  }
  ParamValue v;
  v.value = *value;
  v.reference = "what-if value given with " + option;
  if (!keyed) {
    target->what_if = v;
    return true;
  }
  // One entry: a patch of that parameter, merged like a version's.
  ParameterSet patch;
  patch.source = std::make_shared<const SourceFile>("--param", o.name + "=" + o.value);
  Parameter p;
  p.name = target->name;
  p.fields = Parameter::kValues;
  p.index = target->index;
  p.span = Span{patch.source.get(), 1, 1, 1, static_cast<uint32_t>(o.name.size())};
  std::vector<std::string> keys;
  for (size_t start = 0; start <= key_list.size();) {
    size_t comma = std::min(key_list.find(',', start), key_list.size());
    keys.push_back(trim(key_list.substr(start, comma - start)));
    start = comma + 1;
  }
  if (keys.size() != target->arity()) {
    diags.error({}, Message{msg::what_if_key_count,
                            {{"option", option},
                             {"param", target->name},
                             {"n", std::to_string(target->arity())},
                             {"index", target->index_text()},
                             {"given", std::to_string(keys.size())}}});
    return false;
  }
  v.depth = static_cast<uint8_t>(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    auto k = parse_key(*target, i, keys[i], p);
    if (!k) {
      diags.error({}, Message{msg::what_if_bad_key,
                              {{"option", option},
                               {"key", keys[i]},
                               {"type", std::string(param_index_name(target->index[i].type))},
                               {"name", target->index[i].name},
                               {"param", target->name}}});
      return false;
    }
    v.keys[i] = *k;
  }
  v.span = p.span;
  p.values.push_back(std::move(v));
  patch.params.push_back(std::move(p));
  MergeOptions options{"this rule set", false};
  return merge_parameters(*target_set, patch, diags, options).has_value();
}

namespace {

// The errors of an overlay file that does not load, the first with a note
// saying so: one mistake, one error (as for a rule set's own parameter files).
void report_with_note(const Diagnostics& reading, const std::string& path, Diagnostics& diags) {
  bool noted = false;
  for (Diagnostic d : reading.items()) {
    if (!noted && d.severity == Severity::error) {
      d.note({}, Message{msg::overlay_does_not_load, {{"path", path}}});
      noted = true;
    }
    diags.add(std::move(d));
  }
  if (!noted) diags.error({}, Message{msg::overlay_does_not_load, {{"path", path}}});
}

}  // namespace

bool apply_overlay(std::map<std::string, ParameterSet>& sets, const std::string& path,
                   std::string& text, Diagnostics& diags) {
  // First the set it patches: the one that declares its first parameter. The
  // file is read against each set in turn, since its keys (years, integers,
  // dates) can only be read with the declarations of the set they belong to.
  std::string alias;
  std::optional<ParameterSet> names;
  Diagnostics first_reading;  // what reading it without a set says, if no set fits
  for (auto& [a, set] : sets) {
    Diagnostics scratch;
    names = load_parameters(path, scratch, {ParamFileKind::overlay, &set});
    if (names && !names->params.empty() && set.find(names->params.front().name)) {
      alias = a;
      break;
    }
  }
  if (alias.empty())
    names = load_parameters(path, first_reading, {ParamFileKind::overlay, nullptr});
  if (alias.empty() && sets.size() == 1) alias = sets.begin()->first;
  if (alias.empty()) {
    if (!names) {
      report_with_note(first_reading, path, diags);
    } else {
      diags.error({}, Message{msg::overlay_unknown_param,
                              {{"path", path}, {"param", names->params.front().name}}});
    }
    return false;
  }
  ParameterSet& base = sets[alias];
  Diagnostics reading;
  auto overlay = load_parameters(path, reading, {ParamFileKind::overlay, &base});
  if (!overlay) {
    report_with_note(reading, path, diags);
    return false;
  }
  diags.append(reading);
  text = overlay->source->text();
  MergeOptions options{"this rule set", false};
  return merge_parameters(base, *overlay, diags, options).has_value();
}

}  // namespace decree::loader
