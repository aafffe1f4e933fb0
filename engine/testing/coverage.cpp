#include "testing/coverage.h"

#include <map>
#include <set>

#include "check/program.h"

namespace decree {

Coverage rule_coverage(const std::vector<RuleTestResult>& results) {
  struct Seen {
    const RuleSet* rules = nullptr;
    std::set<uint32_t> rule_hits;
    std::set<std::pair<uint32_t, int32_t>> row_hits;  // row -1: no row matched
  };
  std::map<std::string, Seen> by_version;
  for (const auto& r : results) {
    if (!r.version) continue;
    Seen& seen = by_version[r.version->path() + " (version \"" + r.version->version().name + "\")"];
    if (!seen.rules) seen.rules = r.version;
    seen.rule_hits.insert(r.rules_hit.begin(), r.rules_hit.end());
    seen.row_hits.insert(r.rows_hit.begin(), r.rows_hit.end());
  }
  Coverage out;
  for (const auto& [label, seen] : by_version) {
    const CheckedProgram& c = seen.rules->checked();
    VersionCoverage v;
    v.label = label;
    v.rules = seen.rules;
    v.rules_total = c.rules.size();
    v.rules_hit.assign(seen.rule_hits.begin(), seen.rule_hits.end());
    for (uint32_t i = 0; i < c.rules.size(); ++i)
      if (!seen.rule_hits.count(i)) v.rules_never.push_back(i);
    for (const auto& [table, row] : seen.row_hits)
      if (row >= 0) v.rows_hit.push_back({table, static_cast<uint32_t>(row)});
    for (uint32_t t = 0; t < c.tables.size(); ++t) {
      const auto& rows = c.tables[t].decl->rows;
      v.rows_total += rows.size();
      for (uint32_t r = 0; r < rows.size(); ++r)
        if (!seen.row_hits.count({t, static_cast<int32_t>(r)})) v.rows_never.push_back({t, r});
    }
    out.versions.push_back(std::move(v));
  }
  return out;
}

std::string coverage_text(const Coverage& coverage) {
  std::string out;
  for (const VersionCoverage& v : coverage.versions) {
    const CheckedProgram& c = v.rules->checked();
    std::string never_rules, never_rows;
    for (uint32_t i : v.rules_never)
      never_rules += (never_rules.empty() ? "" : ", ") + c.rules[i].name;
    for (const TableRowRef& r : v.rows_never)
      never_rows +=
          "\n    " + c.tables[r.table].name +
          (c.tables[r.table].decl->rows[r.row].otherwise ? std::string(" otherwise")
                                                         : " row " + std::to_string(r.row + 1)) +
          " (" + c.tables[r.table].decl->rows[r.row].span.location() + ")";
    out += "coverage of " + v.label + ":\n";
    out += "  rules evaluated: " + std::to_string(v.rules_hit.size()) + " of " +
           std::to_string(v.rules_total) + (never_rules.empty() ? "" : "; never: " + never_rules) +
           "\n";
    out += "  table rows matched: " + std::to_string(v.rows_hit.size()) + " of " +
           std::to_string(v.rows_total) + (never_rows.empty() ? "" : "; never:" + never_rows) +
           "\n";
  }
  return out;
}

}  // namespace decree
