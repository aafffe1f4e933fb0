// Parameters: names, lookups and how keys are written. Lookups run per
// evaluated case: binary searches over the sorted entries, no allocation.
#include "params/parameters.h"

#include <algorithm>
#include <iterator>

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
    case ParamIndex::enumeration:
      return "enum";
  }
  return "date";
}

namespace {
// In the order of the enum Reliability.
constexpr std::string_view kReliabilityNames[] = {"",           "primary",       "official-site",
                                                  "repost",     "reworded",      "secondary",
                                                  "image-scan", "code-secondary"};
}  // namespace

std::string_view reliability_name(Reliability r) {
  return kReliabilityNames[static_cast<size_t>(r)];
}

std::optional<Reliability> parse_reliability(std::string_view name) {
  for (size_t i = 1; i < std::size(kReliabilityNames); ++i)
    if (kReliabilityNames[i] == name) return static_cast<Reliability>(i);
  return std::nullopt;
}

const ParamValue* Parameter::find(std::span<const int64_t> keys) const {
  if (what_if) return &*what_if;
  if (keys.size() != index.size()) return nullptr;
  auto lo = values.begin(), hi = values.end();
  for (size_t i = 0; i < keys.size(); ++i) {
    if (lo == hi) return nullptr;
    // [lo, hi) share keys[0, i); an entry that stops here covers them all.
    if (lo->depth == i) return &*lo;
    auto below = [i](const ParamValue& v, int64_t k) { return v.keys[i] < k; };
    auto above = [i](int64_t k, const ParamValue& v) { return k < v.keys[i]; };
    if (index[i].type == ParamIndex::date) {
      // The block in effect: the last start on or before the day.
      auto end = std::upper_bound(lo, hi, keys[i], above);
      if (end == lo) return nullptr;
      lo = std::lower_bound(lo, end, std::prev(end)->keys[i], below);
      hi = end;
    } else {
      lo = std::lower_bound(lo, hi, keys[i], below);
      hi = std::upper_bound(lo, hi, keys[i], above);
    }
  }
  return lo == hi ? nullptr : &*lo;
}

// One key: a single binary search (the common case, on the batch path).
const ParamValue* Parameter::at_date(Date d) const {
  if (what_if) return &*what_if;
  if (index.size() != 1 || index[0].type != ParamIndex::date) return nullptr;
  auto it = std::upper_bound(values.begin(), values.end(), int64_t{d.days},
                             [](int64_t key, const ParamValue& v) { return key < v.keys[0]; });
  if (it == values.begin()) return nullptr;
  --it;
  return it->value || !it->unsourced.empty() ? &*it : nullptr;
}

const ParamValue* Parameter::at_key(int64_t key) const {
  if (what_if) return &*what_if;
  if (index.size() != 1 || index[0].type == ParamIndex::date) return nullptr;  // not a day count
  auto it = std::lower_bound(values.begin(), values.end(), key,
                             [](const ParamValue& v, int64_t k) { return v.keys[0] < k; });
  if (it == values.end() || it->keys[0] != key) return nullptr;
  return &*it;
}

const std::string& Parameter::reference_for(const ParamValue& v) const {
  return v.reference.empty() ? reference : v.reference;
}

std::string Parameter::key_text(size_t level, int64_t key) const {
  switch (index[level].type) {
    case ParamIndex::date:
      return Date{static_cast<int32_t>(key)}.to_string();
    case ParamIndex::enumeration:
      return key >= 0 && static_cast<size_t>(key) < symbols.size() ? symbols[key].name : "?";
    default:
      return std::to_string(key);
  }
}

int64_t Parameter::symbol(std::string_view name) const {
  for (size_t i = 0; i < symbols.size(); ++i)
    if (symbols[i].name == name) return static_cast<int64_t>(i);
  return -1;
}

std::string Parameter::describe_keys(const std::vector<std::string>& texts) const {
  if (!named_index && index.size() == 1 && !texts.empty()) {
    switch (index[0].type) {
      case ParamIndex::date:
        return texts[0];
      case ParamIndex::year:
        return "year " + texts[0];
      default:
        return "key " + texts[0];
    }
  }
  std::string out;
  for (size_t i = 0; i < texts.size() && i < index.size(); ++i)
    out += (i ? ", " : "") + index[i].name + " " + texts[i];
  return out;
}

std::string Parameter::index_text() const {
  if (!named_index && index.size() == 1) return std::string(param_index_name(index[0].type));
  std::string out = "[";
  for (size_t i = 0; i < index.size(); ++i) {
    out += i ? ", " : "";
    out += index[i].name;
    if (index[i].name != param_index_name(index[i].type))
      out += ": " + std::string(param_index_name(index[i].type));
  }
  return out + "]";
}

std::string Parameter::entry_keys(const ParamValue& v) const {
  std::string out;
  for (size_t i = 0; i < v.depth && i < index.size(); ++i)
    out += (i ? ", " : "") + key_text(i, v.keys[i]);
  return out;
}

const Parameter* ParameterSet::find(std::string_view name) const {
  for (const auto& p : params)
    if (p.name == name) return &p;
  return nullptr;
}

Parameter* ParameterSet::find(std::string_view name) {
  for (auto& p : params)
    if (p.name == name) return &p;
  return nullptr;
}

}  // namespace decree
