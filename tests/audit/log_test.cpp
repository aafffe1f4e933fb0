#include "audit/log.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "audit/sqlite_store.h"
#include "audit/verify.h"

namespace decree::audit {
namespace {

namespace fs = std::filesystem;

std::string temp_db(const char* name) {
  const fs::path dir = fs::temp_directory_path() /
                       ("decree-log-" + std::string(name) + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return (dir / "audit.db").string();
}

std::unique_ptr<Store> open(const std::string& path, int64_t max_bytes = 0) {
  SqliteOptions o;
  o.path = path;
  o.synchronous_full = false;
  o.max_bytes = max_bytes;
  std::string error;
  auto store = open_sqlite_store(o, error);
  EXPECT_TRUE(store) << error;
  return store;
}

Record record(int thread, int i) {
  Record r;
  r.decision_id = std::to_string(thread) + "-" + std::to_string(i);
  r.time = utc_now();
  r.outcome = "ok";
  return r;
}

TEST(AuditLog, ManyThreadsShareCommitsAndEveryRecordIsStored) {
  const std::string path = temp_db("threads");
  constexpr int kThreads = 4, kEach = 500;
  std::atomic<int> stored{0}, refused{0};
  {
    Log log(open(path));
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
      threads.emplace_back([&, t] {
        for (int i = 0; i < kEach; ++i)
          log.submit(record(t, i), [&](bool ok) { (ok ? stored : refused).fetch_add(1); });
      });
    for (auto& t : threads) t.join();
  }  // the destructor stores what is still queued
  EXPECT_EQ(stored.load(), kThreads * kEach);
  EXPECT_EQ(refused.load(), 0);
  auto store = open(path);
  Verification v;
  std::string error;
  ASSERT_TRUE(verify(*store, {}, v, error)) << error;
  EXPECT_TRUE(v.intact) << v.problem;
  EXPECT_EQ(v.records, kThreads * kEach);
}

TEST(AuditLog, GroupsRecordsWaitingDuringACommit) {
  const std::string path = temp_db("group");
  Log log(open(path));
  std::atomic<int> done{0};
  for (int i = 0; i < 2000; ++i) log.submit(record(0, i), [&](bool) { done.fetch_add(1); });
  while (done.load() < 2000) std::this_thread::yield();
  EXPECT_EQ(log.stored(), 2000u);
  EXPECT_LT(log.commits(), 2000u);  // at least one commit held more than one record
  EXPECT_EQ(log.queue_depth(), 0u);
}

TEST(AuditLog, AFullStoreFailsTheRecordsAndSaysWhy) {
  const std::string path = temp_db("full");
  Log log(open(path, 32 * 1024));
  std::atomic<int> ok{0}, failed{0};
  for (int i = 0; i < 3000; ++i)
    log.submit(record(0, i), [&](bool stored) { (stored ? ok : failed).fetch_add(1); });
  while (ok.load() + failed.load() < 3000) std::this_thread::yield();
  EXPECT_GT(failed.load(), 0);
  EXPECT_EQ(log.failed(), static_cast<uint64_t>(failed.load()));
  EXPECT_NE(log.last_error().find("full"), std::string::npos) << log.last_error();
}

TEST(AuditLog, ABoundedQueueRefusesAtOnceWhenFull) {
  const std::string path = temp_db("bounded");
  std::atomic<int> refused{0}, done{0};
  {
    Log log(open(path), 1);
    for (int i = 0; i < 500; ++i)
      log.submit(record(0, i), [&](bool stored) {
        if (!stored) refused.fetch_add(1);
        done.fetch_add(1);
      });
  }
  EXPECT_EQ(done.load(), 500);
  EXPECT_GT(refused.load(), 0);  // 500 submits outrun a queue of one
}

}  // namespace
}  // namespace decree::audit
