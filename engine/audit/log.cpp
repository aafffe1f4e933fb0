#include "audit/log.h"

namespace decree::audit {

Log::Log(std::unique_ptr<Store> store, size_t max_queue)
    : store_(std::move(store)), max_queue_(max_queue), writer_([this] { write_loop(); }) {}

Log::~Log() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();  // unconditionally: the writer may be about to wait
  writer_.join();
}

void Log::submit(Record record, Done done) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!stopping_ && queue_.size() < max_queue_) {
      queue_.push_back({std::move(record), std::move(done)});
      depth_.store(queue_.size(), std::memory_order_relaxed);
      // While the writer commits, records gather without a wake-up each.
      if (writer_waiting_) wake_.notify_one();
      return;
    }
    last_error_ = stopping_ ? "the audit log is stopping" : "the audit queue is full";
  }
  failed_.fetch_add(1, std::memory_order_relaxed);
  done(false);
}

std::string Log::last_error() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return last_error_;
}

std::pair<int64_t, std::string> Log::head() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return {head_seq_, head_hash_};
}

void Log::write_loop() {
  std::vector<Pending> batch;
  std::vector<Record> records;
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    writer_waiting_ = true;
    wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    writer_waiting_ = false;
    if (queue_.empty()) return;  // stopping, and everything is stored
    batch.swap(queue_);
    depth_.store(0, std::memory_order_relaxed);
    lock.unlock();

    // While this batch commits, the next one gathers in queue_.
    records.clear();
    for (auto& p : batch) records.push_back(std::move(p.record));
    std::string error;
    const bool ok = store_->append(records, error);
    commits_.fetch_add(1, std::memory_order_relaxed);
    (ok ? stored_ : failed_).fetch_add(records.size(), std::memory_order_relaxed);
    {
      // Before the callbacks: one that asks why (or for the head) is told.
      std::lock_guard<std::mutex> relock(mutex_);
      if (!ok) {
        last_error_ = error;
      } else if (!records.empty()) {
        head_seq_ = records.back().seq;
        head_hash_ = records.back().hash;
      }
    }
    for (auto& p : batch) p.done(ok);
    batch.clear();
    lock.lock();
  }
}

}  // namespace decree::audit
