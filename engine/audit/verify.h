// Checking an audit log's chain (`decree audit verify`): every record's
// hash is recomputed from its fields, each must name the one before it, and
// sequence numbers run from 1 without a gap. A record altered, inserted or
// deleted anywhere but at the end breaks it; records cut off the end are
// found by comparing the head with one noted earlier (`--head`), which the
// service logs when it stops.
#pragma once

#include <cstdint>
#include <string>

#include "audit/store.h"

namespace decree::audit {

struct Verification {
  bool intact = false;
  int64_t records = 0;   // records read (up to the first break)
  int64_t head_seq = 0;  // the last intact record
  std::string head_hash;
  int64_t broken_at = 0;   // seq (or position) of the first record that breaks the chain
  std::string problem;     // why, for people
  bool head_found = true;  // `expect_head` was in the chain (true if none was given)
};

// false with `error` only if the store cannot be read; a broken chain is a
// Verification with intact == false.
bool verify(Store& store, const std::string& expect_head, Verification& out, std::string& error);

}  // namespace decree::audit
