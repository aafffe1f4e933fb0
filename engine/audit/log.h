// Group commit: requests hand their records to one writer thread, which
// appends everything waiting in one transaction and then tells each request
// whether its record is stored. A request answers only after that, and a
// request whose record could not be stored is refused (fail closed), so no
// caller ever holds an answer without its record.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "audit/store.h"

namespace decree::audit {

class Log {
 public:
  // Called on the writer thread once the record is stored (true) or could
  // not be (false); must not block.
  using Done = std::function<void(bool stored)>;

  // `max_queue`: records waiting beyond this are refused at once (the
  // store cannot keep up; the service answers 503 rather than queueing
  // without bound).
  Log(std::unique_ptr<Store> store, size_t max_queue = 65536);
  // Stores everything submitted so far, then stops the writer.
  ~Log();
  Log(const Log&) = delete;
  Log& operator=(const Log&) = delete;

  void submit(Record record, Done done);

  size_t queue_depth() const { return depth_.load(std::memory_order_relaxed); }
  uint64_t stored() const { return stored_.load(std::memory_order_relaxed); }
  uint64_t failed() const { return failed_.load(std::memory_order_relaxed); }
  uint64_t commits() const { return commits_.load(std::memory_order_relaxed); }
  // The reason of the last failure (empty if none yet).
  std::string last_error() const;
  // The last record this log stored: its seq and hash (0 and "" if none).
  std::pair<int64_t, std::string> head() const;

  // The store, to read (its query and scan may run beside the writer).
  Store& store() const { return *store_; }

 private:
  struct Pending {
    Record record;
    Done done;
  };
  void write_loop();

  std::unique_ptr<Store> store_;
  const size_t max_queue_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<Pending> queue_;
  bool stopping_ = false;
  bool writer_waiting_ = false;  // submit wakes the writer only when it waits
  std::string last_error_;
  int64_t head_seq_ = 0;
  std::string head_hash_;
  std::atomic<size_t> depth_{0};
  std::atomic<uint64_t> stored_{0}, failed_{0}, commits_{0};
  std::thread writer_;
};

}  // namespace decree::audit
