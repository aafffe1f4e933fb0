// One audit record: which caller asked what, under which rules, with which
// input and result, and what came of it. Records are hash-chained: each
// record's hash covers its fields and the hash of the record before it, so
// a record deleted from the middle of the log or altered anywhere breaks
// the chain (`decree audit verify`, audit/verify.h). 吉政发〔2020〕20号 三(八):
// every evaluation leaves a record that proves which rules produced it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace decree::audit {

struct Record {
  int64_t seq = 0;          // position in the chain, from 1 (set by the store)
  std::string decision_id;  // UUIDv7, also in the answer the caller got
  std::string time;         // UTC, RFC 3339 with milliseconds: 2026-12-04T01:23:45.678Z
  std::string caller;       // the token's or JWT's name; empty when unauthenticated
  std::string role;         // caseworker, analyst, auditor, admin; empty when unauthenticated
  std::string action;       // evaluate, batch, …: what was asked
  std::string ruleset;
  std::string version;     // the version evaluated under (empty if the case did not decode)
  std::string versions;    // every version that went in, "NAME=sha256:HEX" separated by
                           // spaces, when there are several (extends, payment dates)
  std::string rules_hash;  // sha256:HEX of the rules evaluated
  std::string case_id;
  std::string input_sha256;   // of the canonical input (audit/canonical_json.h)
  std::string result_sha256;  // of the answer's body exactly as sent
  std::string outcome;        // ok, input_error, rule_error, internal, unauthenticated, forbidden
  std::string prev_hash;      // the previous record's hash (64 zeros for the first)
  std::string hash;           // SHA-256 over prev_hash and the fields above
};

// The hash of the record before the first.
inline constexpr std::string_view kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

// The record's hash from its fields and `prev_hash` (its own `hash` is not
// read): each field length-prefixed, so that no two records share the bytes
// hashed.
std::string chain_hash(const Record& record);

// The record as one JSON object, its fields in the order above; empty ones
// are left out (`decree audit query`, GET /v1/audit/records).
std::string record_json(const Record& record);

// Now in the format of Record::time.
std::string utc_now();
// A time given in Unix milliseconds in that format.
std::string utc_time(int64_t unix_ms);
// Now in Unix milliseconds.
int64_t unix_ms_now();

}  // namespace decree::audit
