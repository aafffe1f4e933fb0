// Policy-change regression (`decree diff`): evaluate historical cases under a
// base version and a candidate version of a rule set and aggregate what
// changed, in constant memory and on all cores.
//
//   reader (caller's thread) ──batches of records──▶ N workers (two Sessions each)
//
// Each worker keeps its own aggregates (counts, exact decimal totals, a
// histogram, top-N lists, a bounded list of failing cases); they are merged
// when the input ends. Every kept list is ordered by a total order (size of
// the change, then the case's file and line), so the result does not depend
// on the number of threads or on timing.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "api/decree.h"
#include "decimal/decimal.h"
#include "diff/case_reader.h"
#include "syntax/ast.h"

namespace decree::diff {

// One side of the comparison: one version, or a whole timeline in which each
// case is evaluated under the version its own dates select (with the
// payment-date versions in effect on `as_of`).
struct Side {
  const RuleSet* rules = nullptr;  // the version; for a timeline, its latest version
  std::string label;               // the version's name, or the draft directory as given
  bool draft = false;              // a directory of draft rule files, not a version of RULES
  const RuleTimeline* timeline = nullptr;  // set: each case under its own version
};

// `--group-by FIELD` or `--group-by year(FIELD)`: totals per value of an
// input (as the case gives it) or per year of a date input.
struct GroupBy {
  std::string field;
  bool year = false;
  std::string label() const { return year ? "year(" + field + ")" : field; }
};
// Parses "region" or "year(injury_date)"; nullopt if malformed.
std::optional<GroupBy> parse_group_by(const std::string& text);

// One group's counts and exact totals (numeric outputs, by plan_outputs()
// index, over the group's cases evaluated under both sides).
struct GroupStats {
  uint64_t cases = 0, both_ok = 0, changed = 0, failed = 0;
  std::vector<Decimal> base_total, candidate_total;
};
// The value that stands for a case without the field (or not a date).
inline constexpr const char* kNoGroupValue = "(none)";
// Where the groups beyond DiffOptions::max_groups are counted.
inline constexpr const char* kOtherGroups = "(other values)";

// Histogram of the differences (candidate − base) of a numeric output, over
// the cases where it changed: by sign and magnitude, with exact decimal edges
// 1, 10, 100, 1 000, 10 000, 100 000. Bucket i < 7 holds decreases, from the
// largest (|d| ≥ 100 000) to the smallest (|d| < 1); bucket i ≥ 7 increases,
// from the smallest (0 < d < 1) to the largest (d ≥ 100 000).
inline constexpr int kBuckets = 14;
// The magnitude class of bucket i: 0 for |d| < 1, k for 10^(k-1) ≤ |d| < 10^k
// (k = 1..5), 6 for |d| ≥ 100 000; and its sign.
int bucket_class(int bucket);
bool bucket_negative(int bucket);
// Exact edges of bucket i as text: lower and upper bound of |d| ("" = none).
std::pair<std::string, std::string> bucket_abs_edges(int bucket);
int bucket_of(const Decimal& difference);

// An output as compared: present in the base, the candidate or both.
struct OutputInfo {
  std::string name;
  std::string label;  // a short name from the doc comment (often Chinese), or ""
  std::string type;   // "money", "integer", "Care", …
  bool numeric = false, money = false;
  int base_index = -1, candidate_index = -1;  // in each side's output_names()
  std::string base_payer, candidate_payer;    // "fund", "employer" or ""
  // As each version declares it (`output x: money per month`, `once`), or
  // per month where `--monthly` names an output that declares no period.
  ast::Period base_period = ast::Period::none, candidate_period = ast::Period::none;
  // Per month in every version that has it: its totals are also shown × 12.
  bool monthly = false;
};

// `monthly`: outputs to count as per month where a version declares no period
// for them (an older version or a draft without periods); the others' periods
// come from the rules, and an output without one is "period not declared".
std::vector<OutputInfo> plan_outputs(const RuleSet& base, const RuleSet& candidate,
                                     const std::optional<std::vector<std::string>>& monthly);

struct CaseRef {
  std::string case_id;
  uint32_t file = 0;
  uint64_t line = 0;
  friend bool operator<(const CaseRef& a, const CaseRef& b) {
    return a.file != b.file ? a.file < b.file : a.line < b.line;
  }
};

struct Change {
  CaseRef where;
  std::string base, candidate;  // the values as text
  Decimal difference;           // numeric outputs: candidate − base
};

struct OutputStats {
  uint64_t compared = 0;  // cases evaluated under both versions (with the output in both)
  uint64_t changed = 0, increased = 0, decreased = 0;
  Decimal base_total, candidate_total;     // numeric outputs, over the cases evaluated under both
  Decimal increase_total, decrease_total;  // sums of the positive and of the negative differences
  std::array<uint64_t, kBuckets> histogram{};
  // Numeric: the largest |difference| first (ties: input order). Other
  // types: the first changes in input order.
  std::vector<Change> largest;
};

struct FailedCase {
  CaseRef where;
  bool base_failed = false, candidate_failed = false;
  CaseError base_error, candidate_error;
};

// Failing cases grouped by message: which side failed and why.
enum class FailureKind { base_only = 0, candidate_only = 1, both = 2 };
struct MessageCount {
  FailureKind kind = FailureKind::both;
  std::string message;  // the failing side's error (for `both`, the base's)
  uint64_t count = 0;
  CaseRef first;    // the first case with it, in input order
  CaseError error;  // the first case's error (`message` in English; error_text in any language)
};

struct DiffStats {
  uint64_t cases = 0;    // records read (malformed ones included)
  uint64_t both_ok = 0;  // evaluated under both versions
  uint64_t changed = 0;  // … with at least one output different
  uint64_t base_failed_only = 0, candidate_failed_only = 0, both_failed = 0;
  std::vector<OutputStats> outputs;     // by plan_outputs() index
  std::vector<FailedCase> failed;       // failing under exactly one version, first max_failed
  std::vector<FailedCase> failed_both;  // failing under both, first max_failed_both
  std::map<std::pair<int, std::string>, MessageCount> messages;  // (kind, message), bounded
  std::array<uint64_t, 3> other_messages{};  // failures whose message did not fit the bound
  std::map<std::string, GroupStats> groups;  // with DiffOptions::group_by, by value
};

// The failure messages as the reports list them: by who fails (base only,
// candidate only, both), then most cases first, then the earliest case.
std::vector<const MessageCount*> messages_in_report_order(const DiffStats& stats);

struct InputFile {
  std::string path;  // "-" is stdin
  CaseFormat format = CaseFormat::jsonl;
};

struct DiffOptions {
  std::optional<Date> as_of;  // the value of `as_of` for both versions
  unsigned threads = 1;
  size_t top = 10;              // largest changes kept per output
  size_t max_failed = 100;      // one-sided failures listed
  size_t max_failed_both = 10;  // failures under both versions listed
  size_t max_messages = 100;    // distinct failure messages counted
  std::optional<std::vector<std::string>> monthly;
  std::optional<GroupBy> group_by;
  size_t max_groups = 1000;  // distinct values; more are counted under kOtherGroups
  size_t batch_records = 512, batch_bytes = size_t{256} << 10;
  size_t max_record_bytes = size_t{64} << 20;
  // Called from the reading thread about twice a second with the cases read so far.
  std::function<void(uint64_t cases)> progress;
};

struct DiffResult {
  std::string ruleset;
  Side base, candidate;
  std::vector<InputFile> inputs;
  std::optional<Date> as_of;
  std::optional<GroupBy> group_by;
  std::vector<OutputInfo> outputs;
  DiffStats stats;
  std::vector<Message> read_errors;  // "FILE: cannot open …", "FILE: read error"
  uint64_t elapsed_ms = 0;           // wall time of the run (not part of --json)
};

// Runs the comparison over every input, in order. Files that cannot be
// opened are reported in read_errors (and skipped).
DiffResult run_diff(const Side& base, const Side& candidate, const std::vector<InputFile>& inputs,
                    const DiffOptions& options);

// One line for an error: "/grade: message" or "message (in rule R at file:line:col)".
std::string error_text(const CaseError& err, Lang lang = Lang::en);

}  // namespace decree::diff
