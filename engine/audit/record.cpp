#include "audit/record.h"

#include <chrono>
#include <cstdio>
#include <ctime>

#include "api/hash.h"
#include "eval/format.h"

namespace decree::audit {

std::string chain_hash(const Record& r) {
  // One buffer, one SHA-256: the writer thread hashes every record.
  std::string bytes;
  bytes.reserve(512);
  auto field = [&](std::string_view value) {
    // "LEN:VALUE;" — a value cannot run into the next field.
    bytes += std::to_string(value.size());
    bytes += ':';
    bytes += value;
    bytes += ';';
  };
  field("decree-audit-v1");
  field(std::to_string(r.seq));
  field(r.prev_hash);
  field(r.decision_id);
  field(r.time);
  field(r.caller);
  field(r.role);
  field(r.action);
  field(r.ruleset);
  field(r.version);
  field(r.versions);
  field(r.rules_hash);
  field(r.case_id);
  field(r.input_sha256);
  field(r.result_sha256);
  field(r.outcome);
  return sha256_hex(bytes);
}

std::string record_json(const Record& r) {
  std::string out = "{\"seq\":" + std::to_string(r.seq);
  auto field = [&](const char* key, const std::string& value) {
    if (value.empty()) return;
    out += ",\"";
    out += key;
    out += "\":";
    append_json_string(out, value);
  };
  field("decision_id", r.decision_id);
  field("time", r.time);
  field("caller", r.caller);
  field("role", r.role);
  field("action", r.action);
  field("ruleset", r.ruleset);
  field("version", r.version);
  field("versions", r.versions);
  field("rules_hash", r.rules_hash);
  field("case_id", r.case_id);
  field("input_sha256", r.input_sha256);
  field("result_sha256", r.result_sha256);
  field("outcome", r.outcome);
  field("prev_hash", r.prev_hash);
  field("hash", r.hash);
  out += '}';
  return out;
}

int64_t unix_ms_now() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string utc_now() { return utc_time(unix_ms_now()); }

std::string utc_time(int64_t ms) {
  // The date and time of day change once a second: formatted then, and
  // the milliseconds written into a copy.
  thread_local int64_t cached_second = -1;
  thread_local char cached[80];
  const int64_t second = ms / 1000;
  if (second != cached_second) {
    const std::time_t secs = static_cast<std::time_t>(second);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    std::snprintf(cached, sizeof cached, "%04d-%02d-%02dT%02d:%02d:%02d.", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    cached_second = second;
  }
  std::string out(cached);
  const int milli = static_cast<int>(ms % 1000);
  out += static_cast<char>('0' + milli / 100);
  out += static_cast<char>('0' + milli / 10 % 10);
  out += static_cast<char>('0' + milli % 10);
  out += 'Z';
  return out;
}

}  // namespace decree::audit
