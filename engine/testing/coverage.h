// Rule coverage from rule tests (cel-cpp coverage_index): per rule set
// version, which rules the tests evaluated and which table rows they
// matched, and so what no test exercises yet (`decree test --coverage`).
//
//   coverage of tests/lang/versions/demo/2011-01-01 (version "2011-01-01"):
//     rules evaluated: 4 of 4
//     table rows matched: 1 of 3; never:
//       care_share row 2 (tests/lang/versions/demo/2011-01-01/rules.decree:23:3)
//       care_share row 3 (tests/lang/versions/demo/2011-01-01/rules.decree:24:3)
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "testing/rule_tests.h"

namespace decree {

struct TableRowRef {
  uint32_t table = 0;
  uint32_t row = 0;  // 0-based, in the table's declaration
  friend bool operator==(const TableRowRef&, const TableRowRef&) = default;
};

struct VersionCoverage {
  std::string label;  // PATH (version "NAME"): the version's path and name
  std::string path, version;
  const RuleSet* rules = nullptr;
  size_t rules_total = 0;
  std::vector<uint32_t> rules_hit;    // rule indexes, ascending
  std::vector<uint32_t> rules_never;  // rule indexes, ascending (declaration order)
  size_t rows_total = 0;              // rows of all tables
  std::vector<TableRowRef> rows_hit;  // by table, then row
  std::vector<TableRowRef> rows_never;
};

struct Coverage {
  std::vector<VersionCoverage> versions;  // by label
};

// Gathers what the results exercised. Results that did not evaluate (no
// `version`) count for nothing; the versions they refer to must still be
// alive (the RuleTestRunner that made them).
Coverage rule_coverage(const std::vector<RuleTestResult>& results);

// The text `decree test --coverage` prints: per version, "rules evaluated:
// N of M[; never: a, b]" and "table rows matched: N of M[; never:" with one
// line per row never matched, naming its table, 1-based row and file:line:col
// (in `lang`: 中文 or English).
std::string coverage_text(const Coverage& coverage, Lang lang = Lang::en);

}  // namespace decree
