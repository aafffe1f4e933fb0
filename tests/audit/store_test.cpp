#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <string>

#include "audit/sqlite_store.h"
#include "audit/verify.h"

namespace decree::audit {
namespace {

namespace fs = std::filesystem;

Query where(std::string Query::*field, std::string value) {
  Query q;
  q.*field = std::move(value);
  return q;
}

Record make(int i) {
  Record r;
  r.decision_id = "0190000" + std::to_string(i);
  r.time = "2026-12-04T01:00:0" + std::to_string(i % 10) + ".000Z";
  r.caller = "intake";
  r.role = "caseworker";
  r.action = "evaluate";
  r.ruleset = "wi_bench";
  r.version = "2024";
  r.rules_hash = i % 2 ? "sha256:aaaa" : "sha256:bbbb";
  r.case_id = "case-" + std::to_string(i);
  r.input_sha256 = std::string(64, 'c');
  r.result_sha256 = std::string(64, 'd');
  r.outcome = "ok";
  return r;
}

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("decree-audit-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = (dir_ / "audit.db").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::unique_ptr<Store> open(SqliteOptions o = {}) {
    o.path = path_;
    std::string error;
    auto store = open_sqlite_store(o, error);
    EXPECT_TRUE(store) << error;
    return store;
  }
  void append(Store& store, int from, int to) {
    std::vector<Record> records;
    for (int i = from; i < to; ++i) records.push_back(make(i));
    std::string error;
    ASSERT_TRUE(store.append(records, error)) << error;
  }
  // Changes the file behind the store's back, as someone with the file would.
  void tamper(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db);
    sqlite3_close(db);
  }
  Verification check(const std::string& head = {}) {
    SqliteOptions o;
    o.path = path_;
    o.read_only = true;
    std::string error;
    auto store = open_sqlite_store(o, error);
    EXPECT_TRUE(store) << error;
    Verification v;
    EXPECT_TRUE(verify(*store, head, v, error)) << error;
    return v;
  }

  fs::path dir_;
  std::string path_;
};

TEST_F(StoreTest, AppendsChainAcrossBatchesAndReopening) {
  {
    auto store = open();
    append(*store, 0, 3);
    append(*store, 3, 5);
  }
  auto store = open();
  append(*store, 5, 6);
  std::vector<Record> all;
  std::string error;
  ASSERT_TRUE(store->query({}, all, error)) << error;
  ASSERT_EQ(all.size(), 6u);
  EXPECT_EQ(all[0].prev_hash, kGenesisHash);
  for (size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i].seq, static_cast<int64_t>(i + 1));
    EXPECT_EQ(all[i].hash, chain_hash(all[i]));
    if (i) {
      EXPECT_EQ(all[i].prev_hash, all[i - 1].hash);
    }
  }
  const Verification v = check();
  EXPECT_TRUE(v.intact) << v.problem;
  EXPECT_EQ(v.records, 6);
  EXPECT_EQ(v.head_hash, all.back().hash);
}

TEST_F(StoreTest, QueriesByEachField) {
  auto store = open();
  append(*store, 0, 8);
  auto count = [&](Query q) {
    std::vector<Record> out;
    std::string error;
    EXPECT_TRUE(store->query(q, out, error)) << error;
    return out.size();
  };
  EXPECT_EQ(count(where(&Query::decision_id, "01900003")), 1u);
  EXPECT_EQ(count(where(&Query::case_id, "case-4")), 1u);
  EXPECT_EQ(count(where(&Query::rules_hash, "sha256:aaaa")), 4u);
  Query between = where(&Query::from, "2026-12-04T01:00:02.000Z");
  between.to = "2026-12-04T01:00:05.000Z";
  EXPECT_EQ(count(between), 3u);
  Query two;
  two.limit = 2;
  EXPECT_EQ(count(two), 2u);
  EXPECT_EQ(count(where(&Query::case_id, "nobody")), 0u);
}

TEST_F(StoreTest, VerifyFindsAnAlteredRecord) {
  append(*open(), 0, 5);
  tamper("UPDATE audit_record SET outcome = 'rule_error' WHERE seq = 3");
  const Verification v = check();
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.broken_at, 3);
  EXPECT_EQ(v.records, 2);
  EXPECT_NE(v.problem.find("altered"), std::string::npos) << v.problem;
}

TEST_F(StoreTest, VerifyFindsARecordRehashedByHand) {
  // Recomputing the altered record's own hash is not enough: the next one
  // names the old hash.
  append(*open(), 0, 5);
  tamper("UPDATE audit_record SET outcome = 'rule_error' WHERE seq = 3");
  {
    auto store = open();
    std::vector<Record> rows;
    std::string error;
    ASSERT_TRUE(store->query(where(&Query::decision_id, "01900002"), rows, error));
    ASSERT_EQ(rows.size(), 1u);
    tamper("UPDATE audit_record SET hash = '" + chain_hash(rows[0]) + "' WHERE seq = 3");
  }
  const Verification v = check();
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.broken_at, 4);
  EXPECT_NE(v.problem.find("prev_hash"), std::string::npos) << v.problem;
}

TEST_F(StoreTest, VerifyFindsADeletedRecord) {
  append(*open(), 0, 5);
  tamper("DELETE FROM audit_record WHERE seq = 2");
  const Verification v = check();
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.broken_at, 3);
  EXPECT_EQ(v.problem, "record 2 is missing");
}

TEST_F(StoreTest, VerifyFindsRecordsCutOffTheEndAgainstANotedHead) {
  append(*open(), 0, 5);
  const std::string head = check().head_hash;
  EXPECT_TRUE(check(head).intact);
  tamper("DELETE FROM audit_record WHERE seq >= 4");
  const Verification cut = check();
  EXPECT_TRUE(cut.intact);  // without the head, a shorter chain is still a chain
  EXPECT_EQ(cut.records, 3);
  const Verification against = check(head);
  EXPECT_FALSE(against.intact);
  EXPECT_FALSE(against.head_found);
  EXPECT_NE(against.problem.find("cut off"), std::string::npos);
}

TEST_F(StoreTest, AStoreAtItsSizeLimitRefusesAndAppendsNothing) {
  SqliteOptions o;
  o.max_bytes = 64 * 1024;
  auto store = open(o);
  std::string error;
  bool refused = false;
  int stored = 0;
  for (int batch = 0; batch < 200 && !refused; ++batch) {
    std::vector<Record> records;
    for (int i = 0; i < 20; ++i) records.push_back(make(batch * 20 + i));
    if (store->append(records, error)) {
      stored += 20;
    } else {
      refused = true;
      EXPECT_EQ(records[0].seq, 0);  // left as they were
      EXPECT_NE(error.find("full"), std::string::npos) << error;
    }
  }
  ASSERT_TRUE(refused);
  const Verification v = check();
  EXPECT_TRUE(v.intact) << v.problem;
  EXPECT_EQ(v.records, stored);
}

TEST_F(StoreTest, AStoreLockedByAnotherWriterRefusesAfterItsBusyTimeout) {
  SqliteOptions o;
  o.busy_timeout_ms = 50;
  auto store = open(o);
  append(*store, 0, 1);
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  std::vector<Record> records{make(1)};
  std::string error;
  EXPECT_FALSE(store->append(records, error));
  EXPECT_NE(error.find("locked"), std::string::npos) << error;
  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);
  EXPECT_TRUE(store->append(records, error)) << error;  // and recovers
  EXPECT_EQ(records[0].seq, 2);
}

TEST_F(StoreTest, RefusesAFileThatIsNotAnAuditStore) {
  tamper("CREATE TABLE payroll(x)");
  SqliteOptions o;
  o.path = path_;
  std::string error;
  EXPECT_FALSE(open_sqlite_store(o, error));
  EXPECT_NE(error.find("not a Decree audit store"), std::string::npos) << error;
  o.path = (dir_ / "no-such-dir" / "audit.db").string();
  EXPECT_FALSE(open_sqlite_store(o, error));
  EXPECT_NE(error.find("cannot open"), std::string::npos) << error;
}

}  // namespace
}  // namespace decree::audit
