// What `decree diff` reports, computed from a DiffResult, and its JSON form
// (`--json`; the keys are documented in docs/regression.md and only ever
// added to within a diff_format version).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "diff/diff.h"
#include "diff/explain_diff.h"

namespace decree::diff {

// 2: totals by the periods the outputs declare (`per_month`, `once`,
// `period_not_declared`) instead of by a guess (`one_off`, `monthly`).
inline constexpr const char* kDiffFormat = "2";

// The sum of some money outputs under each version.
struct Totals {
  Decimal base, candidate;
  bool any = false;  // some output is in this group (its totals may still be 0)
};

// Sums of money outputs by who pays them, and within that by period (each
// version by its own `paid by` and period): per month (also × 12 for a year),
// once, and outputs whose period is not declared.
struct PayerTotals {
  std::string payer;                 // "fund", "employer" or "" (unspecified)
  std::vector<std::string> outputs;  // names, base's payer first
  Totals per_month, once, undeclared;
};
// fund, employer, unspecified; groups without any output are left out.
std::vector<PayerTotals> payer_totals(const DiffResult& r);
// The same over other totals by plan_outputs() index (one --group-by group's).
std::vector<PayerTotals> payer_totals(const DiffResult& r, const std::vector<Decimal>& base_totals,
                                      const std::vector<Decimal>& candidate_totals);

// "per month", "once", or "period not declared".
const char* period_label(ast::Period p);

// "sha256:…", version name, path and what-if values of one side.
nlohmann::ordered_json side_json(const Side& side);

nlohmann::ordered_json diff_json(const DiffResult& r);
nlohmann::ordered_json case_json(const std::string& ruleset, const Side& base,
                                 const Side& candidate, const std::vector<InputFile>& inputs,
                                 const CaseComparison& c);

// Exact decimal text with thousands separators and an optional sign:
// group_digits("-1234567.50") = "-1,234,567.50".
std::string group_digits(const std::string& decimal_text);
std::string signed_text(const Decimal& d, bool money = true);  // "+12.00", "-3.50", "0.00"
// A total as text: money with exactly two decimals ("0.00"), others exact.
std::string total_text(const Decimal& d, bool money);
// A histogram bucket as a range of the difference d: "-1,000 < d <= -100",
// "0 < d < 1", "d >= 100,000" (ASCII; `unicode` uses − ≤ ≥).
std::string bucket_label(int bucket, bool unicode = false);

// The buckets a histogram occupies: the first and last non-empty bucket
// (first = -1 when all are empty) and the largest count.
struct HistogramSpan {
  int first = -1, last = -1;
  uint64_t max = 0;
};
HistogramSpan histogram_span(const std::array<uint64_t, kBuckets>& histogram);

}  // namespace decree::diff
