#include "api/param_history.h"

#include <map>
#include <nlohmann/json.hpp>

#include "check/program.h"

namespace decree {
namespace {

std::string value_text(const ParamValue& v) {
  if (v.value) return v.value->to_string();
  if (!v.unsourced.empty()) return "unsourced: " + v.unsourced;
  return "(ends)";
}

// The rule sets in the order the latest version's history built them: each
// version of its extends chain alone, then with each payment-date version.
std::vector<std::pair<std::string, const RuleSet*>> states(const RuleTimeline& t) {
  std::vector<std::pair<std::string, const RuleSet*>> out;
  const RuleSet* latest = t.versions().back().get();
  for (const Contribution& c : latest->version().contributions)
    if (const RuleSet* v = t.find(c.name)) out.emplace_back(c.name, v);
  if (out.empty()) out.emplace_back(latest->version().name, latest);
  for (const auto& pv : t.payment_versions())
    out.emplace_back(pv.name, t.for_payment(latest, Date::parse(pv.effective)));
  return out;
}

}  // namespace

std::vector<ParamHistory> parameter_history(const RuleTimeline& t, const std::string& only) {
  std::vector<ParamHistory> out;
  std::map<std::string, size_t> by_name;
  // entries[parameter][keys] = index into that parameter's entries
  std::vector<std::map<std::string, size_t>> entry_at;
  std::vector<std::vector<std::string>> last_order;  // keys in the latest state's order
  for (const auto& [version, rs] : states(t)) {
    std::map<std::string, bool> seen_params;
    for (const ParamInfo& info : rs->checked().params) {
      const Parameter& p = *info.param;
      std::string name = info.alias + "." + p.name;
      if (!only.empty() && only != name && only != p.name) continue;
      auto [it, fresh] = by_name.emplace(name, out.size());
      if (fresh) {
        out.push_back({name, {}, {}, {}, {}, {}, {}});
        entry_at.emplace_back();
        last_order.emplace_back();
      }
      ParamHistory& h = out[it->second];
      h.description = p.description;
      h.unit = std::string(param_unit_name(p.unit));
      h.index = p.index_text();
      h.reference = p.reference;
      h.reliability = std::string(reliability_name(p.reliability));
      auto& at = entry_at[it->second];
      std::map<std::string, bool> present;
      last_order[it->second].clear();
      for (const ParamValue& v : p.values) {
        std::string keys = p.entry_keys(v);
        present[keys] = true;
        last_order[it->second].push_back(keys);
        std::string text = value_text(v);
        auto [e, added] = at.emplace(keys, h.entries.size());
        if (added) h.entries.push_back({keys, {}, {}, {}, {}, {}});
        ParamEntryHistory& entry = h.entries[e->second];
        entry.reference = p.reference_for(v);
        entry.reliability = std::string(reliability_name(p.reliability_for(v)));
        if (entry.changes.empty() || entry.changes.back().value != text) {
          entry.changes.push_back({version, text});
          entry.set_by = version;
          entry.value = text;
        }
      }
      for (auto& entry : h.entries)
        if (!present.count(entry.keys) && !entry.changes.empty() &&
            entry.changes.back().value != "(removed)") {
          entry.changes.push_back({version, "(removed)"});
          entry.set_by = version;
          entry.value = "(removed)";
        }
    }
  }
  // The latest state's order (the parameter's own key order), removed last.
  for (size_t i = 0; i < out.size(); ++i) {
    std::vector<ParamEntryHistory> sorted;
    for (const auto& keys : last_order[i]) sorted.push_back(out[i].entries[entry_at[i][keys]]);
    for (const auto& e : out[i].entries)
      if (e.value == "(removed)") sorted.push_back(e);
    out[i].entries = std::move(sorted);
  }
  return out;
}

std::string parameter_history_json(const std::vector<ParamHistory>& all, int indent) {
  nlohmann::ordered_json params = nlohmann::ordered_json::array();
  for (const auto& h : all) {
    nlohmann::ordered_json entries = nlohmann::ordered_json::array();
    for (const auto& e : h.entries) {
      nlohmann::ordered_json changes = nlohmann::ordered_json::array();
      for (const auto& c : e.changes)
        changes.push_back({{"version", c.version}, {"value", c.value}});
      entries.push_back({{"keys", e.keys},
                         {"value", e.value},
                         {"reference", e.reference},
                         {"reliability", e.reliability},
                         {"set_by", e.set_by},
                         {"history", changes}});
    }
    params.push_back({{"parameter", h.name},
                      {"description", h.description},
                      {"unit", h.unit},
                      {"index", h.index},
                      {"reference", h.reference},
                      {"reliability", h.reliability},
                      {"entries", entries}});
  }
  return params.dump(indent);
}

}  // namespace decree
