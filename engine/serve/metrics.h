// The service's counters, for GET /metrics in the Prometheus text format
// (version 0.0.4): requests by route and status, the time to answer by
// route, evaluations by rule set, version and outcome, and the versions
// loaded with their rules hashes. Counters are atomics: updating them takes
// no lock on the request path.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "api/ruleset.h"
#include "api/timeline.h"
#include "audit/log.h"

namespace decree::serve {

enum class Route {
  healthz,
  readyz,
  metrics,
  rulesets,
  evaluate,
  batch,
  audit,
  admin,
  proposals,
  review,
  other,
  count
};
enum class Outcome { ok, input_error, rule_error, internal, count };
// "ok", "input_error", … (the metrics' label and the audit record's outcome).
const char* outcome_name(Outcome outcome);

class Metrics {
 public:
  // The versions served, each with its own evaluation counters. A reload
  // adds the new rule sets and then retires the ones they replace (their
  // counters stay; only the served ones are listed as loaded).
  void add_rule_set(const RuleTimeline& timeline);
  void retire_rule_set(const RuleTimeline& timeline);
  void reload(bool ok);

  void request(Route route, int status, std::chrono::nanoseconds took);
  // `version`: the rule set the case was evaluated under (a version, or one
  // with payment-date versions on top); nullptr when the case did not decode.
  void evaluation(const RuleTimeline& timeline, const RuleSet* version, Outcome outcome);

  std::string prometheus_text() const;

 private:
  static constexpr std::array<int, 12> kStatuses = {200, 400, 401, 403, 404, 405,
                                                    413, 422, 431, 500, 503, 0};  // 0: any other
  // Upper bounds of the latency buckets, in nanoseconds (no floating point:
  // the `le` labels are written from these as exact decimal seconds).
  static constexpr std::array<uint64_t, 10> kBuckets = {
      100'000,   250'000,    500'000,    1'000'000,   2'500'000,
      5'000'000, 10'000'000, 25'000'000, 100'000'000, 1'000'000'000};
  struct RouteCounters {
    std::array<std::atomic<uint64_t>, kStatuses.size()> by_status{};
    std::array<std::atomic<uint64_t>, kBuckets.size() + 1> buckets{};  // the last: +Inf
    std::atomic<uint64_t> nanoseconds{0};
  };
  std::array<RouteCounters, static_cast<size_t>(Route::count)> routes_{};

  struct VersionCounters {
    std::string ruleset, version, hash;
    int served = 0;  // rule sets loaded that hold this version
    std::array<std::atomic<uint64_t>, static_cast<size_t>(Outcome::count)> outcomes{};
  };
  // A reader-writer lock: evaluations read the maps (shared), a reload
  // changes them (exclusive).
  mutable std::shared_mutex mutex_;
  std::vector<std::unique_ptr<VersionCounters>> versions_;
  std::map<std::tuple<std::string, std::string, std::string>, VersionCounters*> by_key_;
  std::unordered_map<const RuleSet*, VersionCounters*> by_rules_;
  std::unordered_map<const RuleTimeline*, VersionCounters*> undecoded_;  // version ""
  std::atomic<uint64_t> reloads_ok_{0}, reloads_refused_{0};
};

// The audit log's gauges and counters: records waiting for their commit,
// records stored and failed, commits.
std::string audit_metrics_text(const audit::Log& log);

}  // namespace decree::serve
