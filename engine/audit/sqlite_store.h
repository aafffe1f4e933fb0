// The embedded audit store: one SQLite database in WAL mode. Appends run in
// one transaction per batch (audit/log.h commits many records at once), so
// the cost of a durable commit is shared by all the requests waiting on it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "audit/store.h"

namespace decree::audit {

struct SqliteOptions {
  std::string path;
  // full: every commit is on disk before it returns (survives a power
  // loss); normal: it survives the process being killed, not a power loss.
  bool synchronous_full = true;
  // The store refuses to grow beyond this many bytes (0: no limit): appends
  // then fail as on a full disk, and the service answers 503.
  int64_t max_bytes = 0;
  int busy_timeout_ms = 5000;  // another process holding the write lock
  bool read_only = false;      // `decree audit verify|query`
};

// The store, created with its table if the file is new; nullptr and
// `error` if it cannot be opened or is not an audit store.
std::unique_ptr<Store> open_sqlite_store(const SqliteOptions& options, std::string& error);

}  // namespace decree::audit
