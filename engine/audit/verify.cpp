#include "audit/verify.h"

namespace decree::audit {

bool verify(Store& store, const std::string& expect_head, Verification& out, std::string& error) {
  out = {};
  out.head_found = expect_head.empty();
  std::string prev(kGenesisHash);
  int64_t expected_seq = 1;
  bool broken = false;
  const bool read = store.scan(
      [&](const Record& r) {
        auto brake = [&](std::string why) {
          broken = true;
          out.broken_at = r.seq;
          out.problem = std::move(why);
          return false;
        };
        if (r.seq != expected_seq)
          return brake(r.seq > expected_seq
                           ? "record " + std::to_string(expected_seq) +
                                 (r.seq == expected_seq + 1
                                      ? " is missing"
                                      : " to " + std::to_string(r.seq - 1) + " are missing")
                           : "record " + std::to_string(r.seq) + " is out of order");
        if (r.prev_hash != prev)
          return brake("record " + std::to_string(r.seq) +
                       " does not name the record before it (its prev_hash differs)");
        if (chain_hash(r) != r.hash)
          return brake("record " + std::to_string(r.seq) +
                       " was altered: its fields do not give its hash");
        prev = r.hash;
        ++expected_seq;
        ++out.records;
        out.head_seq = r.seq;
        out.head_hash = r.hash;
        if (!out.head_found && r.hash == expect_head) out.head_found = true;
        return true;
      },
      error);
  if (!read) return false;
  out.intact = !broken && out.head_found;
  if (!broken && !out.head_found)
    out.problem = "the head noted earlier (" + expect_head +
                  ") is not in the chain: records were cut off its end";
  return true;
}

}  // namespace decree::audit
