#include "testing/coverage.h"

#include <map>
#include <set>

#include "base/codes_testing.h"
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
    v.path = seen.rules->path();
    v.version = seen.rules->version().name;
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

std::string coverage_text(const Coverage& coverage, Lang lang) {
  auto line = [&](Code code, MessageArgs args) {
    return message_text({code, std::move(args)}, lang);
  };
  std::string out;
  for (const VersionCoverage& v : coverage.versions) {
    const CheckedProgram& c = v.rules->checked();
    std::string never_rules, never_rows;
    for (uint32_t i : v.rules_never)
      never_rules += (never_rules.empty() ? "" : ", ") + c.rules[i].name;
    for (const TableRowRef& r : v.rows_never) {
      const auto& table = c.tables[r.table];
      const auto& row = table.decl->rows[r.row];
      never_rows +=
          "\n    " +
          (row.otherwise ? line(msg::test_table_otherwise, {{"table", table.name}})
                         : line(msg::test_table_row,
                                {{"table", table.name}, {"row", std::to_string(r.row + 1)}})) +
          " (" + row.span.location() + ")";
    }
    MessageArgs rules = {{"hit", std::to_string(v.rules_hit.size())},
                         {"total", std::to_string(v.rules_total)}};
    MessageArgs rows = {{"hit", std::to_string(v.rows_hit.size())},
                        {"total", std::to_string(v.rows_total)}};
    out += (v.version.empty()
                ? line(msg::test_coverage_of_unversioned, {{"path", v.path}})
                : line(msg::test_coverage_of, {{"path", v.path}, {"version", v.version}})) +
           "\n";
    if (never_rules.empty()) {
      out += "  " + line(msg::test_rules_evaluated, rules) + "\n";
    } else {
      rules.push_back({"names", never_rules});
      out += "  " + line(msg::test_rules_evaluated_never, rules) + "\n";
    }
    out += "  " +
           (never_rows.empty() ? line(msg::test_rows_matched, rows)
                               : line(msg::test_rows_matched_never, rows) + never_rows) +
           "\n";
  }
  return out;
}

}  // namespace decree
