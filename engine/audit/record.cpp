#include "audit/record.h"

#include <chrono>
#include <cstdio>
#include <ctime>

#include "api/hash.h"

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

std::string utc_now() {
  using namespace std::chrono;
  const auto now = system_clock::now();
  const auto ms = duration_cast<milliseconds>(now.time_since_epoch()).count();
  const std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(ms % 1000));
  return buf;
}

}  // namespace decree::audit
