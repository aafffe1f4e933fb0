// Where audit records are kept: one small interface, so that a store other
// than the embedded SQLite one (audit/sqlite_store.h) can take its place.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "audit/record.h"

namespace decree::audit {

// What `decree audit query` and GET /v1/audit/records look for; empty
// fields match everything. Times compare as Record::time strings.
struct Query {
  std::string decision_id;
  std::string case_id;
  std::string rules_hash;  // "sha256:HEX"
  std::string from;        // time >= from
  std::string to;          // time < to
  int64_t limit = 1000;
};

class Store {
 public:
  virtual ~Store() = default;
  // Appends the records in order after the last one in the store, in one
  // transaction: fills seq, prev_hash and hash of each. On failure nothing
  // is appended, the records are left as they were and `error` says why.
  virtual bool append(std::vector<Record>& records, std::string& error) = 0;
  // The records that match, in chain order.
  virtual bool query(const Query& query, std::vector<Record>& out, std::string& error) = 0;
  // Every record in chain order, until `each` returns false.
  virtual bool scan(const std::function<bool(const Record&)>& each, std::string& error) = 0;
};

// A Store that forwards to `store`, which stays owned elsewhere: for an
// audit::Log (which owns its store) writing into a registry's audit store
// (publish/registry.h). `store` must outlive it.
std::unique_ptr<Store> borrow(Store& store);

}  // namespace decree::audit
