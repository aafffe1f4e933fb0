#include "serve/metrics.h"

#include <algorithm>

namespace decree::serve {
namespace {

const char* route_label(size_t r) {
  static const char* names[] = {"healthz", "readyz", "metrics", "rulesets", "evaluate",
                                "batch",   "audit",  "admin", "proposals", "review", "other"};
  return names[r];
}

const char* outcome_label(size_t o) {
  static const char* names[] = {"ok", "input_error", "rule_error", "internal"};
  return names[o];
}

}  // namespace

const char* outcome_name(Outcome outcome) { return outcome_label(static_cast<size_t>(outcome)); }

namespace {

// A label value with `\`, `"` and newlines escaped (the text format's rules).
std::string label(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

// Nanoseconds as exact decimal seconds: 250000 → "0.00025", 1000000000 → "1".
std::string seconds(uint64_t ns) {
  std::string frac = std::to_string(ns % 1'000'000'000);
  frac.insert(0, 9 - frac.size(), '0');
  while (!frac.empty() && frac.back() == '0') frac.pop_back();
  return std::to_string(ns / 1'000'000'000) + (frac.empty() ? "" : "." + frac);
}

}  // namespace

void Metrics::add_rule_set(const RuleTimeline& timeline) {
  std::unique_lock lock(mutex_);
  // A version loaded again (a reload) counts on in the same series.
  auto add = [&](const RuleSet* rs, const std::string& version, const std::string& hash) {
    auto& slot = by_key_[{timeline.name(), version, hash}];
    if (!slot) {
      versions_.push_back(std::make_unique<VersionCounters>());
      slot = versions_.back().get();
      slot->ruleset = timeline.name();
      slot->version = version;
      slot->hash = hash;
    }
    ++slot->served;
    if (rs) by_rules_[rs] = slot;
    return slot;
  };
  for (const RuleSet* rs : timeline.all()) {
    // A version with payment-date versions on top: "2021-07-01+2024-10-18".
    std::string name = rs->version().name;
    for (const auto& c : rs->version().contributions)
      if (c.select_by == "as_of") name += "+" + c.name;
    add(rs, name, rs->version().hash);
  }
  undecoded_[&timeline] = add(nullptr, "(none)", "");
}

void Metrics::retire_rule_set(const RuleTimeline& timeline) {
  std::unique_lock lock(mutex_);
  for (const RuleSet* rs : timeline.all()) {
    auto it = by_rules_.find(rs);
    if (it == by_rules_.end()) continue;
    --it->second->served;
    by_rules_.erase(it);
  }
  auto it = undecoded_.find(&timeline);
  if (it != undecoded_.end()) {
    --it->second->served;
    undecoded_.erase(it);
  }
}

void Metrics::reload(bool ok) {
  (ok ? reloads_ok_ : reloads_refused_).fetch_add(1, std::memory_order_relaxed);
}

void Metrics::request(Route route, int status, std::chrono::nanoseconds took) {
  RouteCounters& r = routes_[static_cast<size_t>(route)];
  size_t s = kStatuses.size() - 1;
  for (size_t i = 0; i + 1 < kStatuses.size(); ++i)
    if (kStatuses[i] == status) s = i;
  r.by_status[s].fetch_add(1, std::memory_order_relaxed);
  const uint64_t ns = static_cast<uint64_t>(std::max<int64_t>(took.count(), 0));
  size_t b = 0;
  while (b < kBuckets.size() && ns > kBuckets[b]) ++b;
  r.buckets[b].fetch_add(1, std::memory_order_relaxed);
  r.nanoseconds.fetch_add(ns, std::memory_order_relaxed);
}

void Metrics::evaluation(const RuleTimeline& timeline, const RuleSet* version, Outcome outcome) {
  std::shared_lock lock(mutex_);
  VersionCounters* c = nullptr;
  if (version) {
    auto it = by_rules_.find(version);
    if (it != by_rules_.end()) c = it->second;
  }
  if (!c) {
    auto it = undecoded_.find(&timeline);
    if (it == undecoded_.end()) return;
    c = it->second;
  }
  c->outcomes[static_cast<size_t>(outcome)].fetch_add(1, std::memory_order_relaxed);
}

std::string Metrics::prometheus_text() const {
  std::shared_lock lock(mutex_);
  std::string out;
  out += "# HELP decree_http_requests_total Requests answered, by route and HTTP status.\n";
  out += "# TYPE decree_http_requests_total counter\n";
  for (size_t r = 0; r < routes_.size(); ++r)
    for (size_t s = 0; s < kStatuses.size(); ++s) {
      const uint64_t n = routes_[r].by_status[s].load(std::memory_order_relaxed);
      if (n == 0) continue;
      out += std::string("decree_http_requests_total{route=\"") + route_label(r) + "\",status=\"" +
             (kStatuses[s] ? std::to_string(kStatuses[s]) : std::string("other")) + "\"} " +
             std::to_string(n) + "\n";
    }
  out +=
      "# HELP decree_request_duration_seconds Time to answer a request (in the service), by "
      "route.\n";
  out += "# TYPE decree_request_duration_seconds histogram\n";
  for (size_t r = 0; r < routes_.size(); ++r) {
    uint64_t cumulative = 0;
    for (size_t b = 0; b <= kBuckets.size(); ++b) {
      cumulative += routes_[r].buckets[b].load(std::memory_order_relaxed);
      out += std::string("decree_request_duration_seconds_bucket{route=\"") + route_label(r) +
             "\",le=\"" + (b < kBuckets.size() ? seconds(kBuckets[b]) : std::string("+Inf")) +
             "\"} " + std::to_string(cumulative) + "\n";
    }
    out += std::string("decree_request_duration_seconds_sum{route=\"") + route_label(r) + "\"} " +
           seconds(routes_[r].nanoseconds.load(std::memory_order_relaxed)) + "\n";
    out += std::string("decree_request_duration_seconds_count{route=\"") + route_label(r) + "\"} " +
           std::to_string(cumulative) + "\n";
  }
  out +=
      "# HELP decree_evaluations_total Cases evaluated, by rule set, version and outcome "
      "(version \"(none)\": the case did not decode).\n";
  out += "# TYPE decree_evaluations_total counter\n";
  for (const auto& v : versions_)
    for (size_t o = 0; o < v->outcomes.size(); ++o)
      out += "decree_evaluations_total{ruleset=\"" + label(v->ruleset) + "\",version=\"" +
             label(v->version) + "\",outcome=\"" + outcome_label(o) + "\"} " +
             std::to_string(v->outcomes[o].load(std::memory_order_relaxed)) + "\n";
  out += "# HELP decree_rule_set_version_info A version served, with its rules hash.\n";
  out += "# TYPE decree_rule_set_version_info gauge\n";
  for (const auto& v : versions_)
    if (!v->hash.empty() && v->served > 0)
      out += "decree_rule_set_version_info{ruleset=\"" + label(v->ruleset) + "\",version=\"" +
             label(v->version) + "\",rules_hash=\"sha256:" + v->hash + "\"} 1\n";
  out +=
      "# HELP decree_reloads_total Reloads of the rule sets, by result (refused: one or more "
      "rule sets did not load and their previous versions stay served).\n";
  out += "# TYPE decree_reloads_total counter\n";
  out += "decree_reloads_total{result=\"ok\"} " +
         std::to_string(reloads_ok_.load(std::memory_order_relaxed)) + "\n";
  out += "decree_reloads_total{result=\"refused\"} " +
         std::to_string(reloads_refused_.load(std::memory_order_relaxed)) + "\n";
  return out;
}

std::string audit_metrics_text(const audit::Log& log) {
  std::string out;
  out += "# HELP decree_audit_queue_depth Audit records waiting for their commit.\n";
  out += "# TYPE decree_audit_queue_depth gauge\n";
  out += "decree_audit_queue_depth " + std::to_string(log.queue_depth()) + "\n";
  out +=
      "# HELP decree_audit_records_total Audit records by result (failed: the request got 503).\n";
  out += "# TYPE decree_audit_records_total counter\n";
  out += "decree_audit_records_total{result=\"stored\"} " + std::to_string(log.stored()) + "\n";
  out += "decree_audit_records_total{result=\"failed\"} " + std::to_string(log.failed()) + "\n";
  out += "# HELP decree_audit_commits_total Transactions of the audit store (group commits).\n";
  out += "# TYPE decree_audit_commits_total counter\n";
  out += "decree_audit_commits_total " + std::to_string(log.commits()) + "\n";
  return out;
}

}  // namespace decree::serve
