#include "audit/sqlite_store.h"

#include <sqlite3.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "audit/sqlite_chain.h"

namespace decree::audit {
namespace {

// PRAGMA application_id of an audit store: "DCRA".
constexpr int kApplicationId = 0x44435241;
constexpr int kFormat = 1;  // PRAGMA user_version

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS audit_record (
  seq INTEGER PRIMARY KEY,
  decision_id TEXT NOT NULL,
  time TEXT NOT NULL,
  caller TEXT NOT NULL,
  role TEXT NOT NULL,
  action TEXT NOT NULL,
  ruleset TEXT NOT NULL,
  version TEXT NOT NULL,
  versions TEXT NOT NULL,
  rules_hash TEXT NOT NULL,
  case_id TEXT NOT NULL,
  input_sha256 TEXT NOT NULL,
  result_sha256 TEXT NOT NULL,
  outcome TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_by_decision ON audit_record(decision_id);
CREATE INDEX IF NOT EXISTS audit_by_case ON audit_record(case_id) WHERE case_id <> '';
CREATE INDEX IF NOT EXISTS audit_by_rules ON audit_record(rules_hash, time);
CREATE INDEX IF NOT EXISTS audit_by_time ON audit_record(time);
)sql";

constexpr const char* kColumns =
    "seq, decision_id, time, caller, role, action, ruleset, version, versions, rules_hash, "
    "case_id, input_sha256, result_sha256, outcome, prev_hash, hash";

struct Statement {
  sqlite3_stmt* stmt = nullptr;
  ~Statement() { sqlite3_finalize(stmt); }
};

std::string text_column(sqlite3_stmt* s, int i) {
  const auto* p = sqlite3_column_text(s, i);
  return p ? std::string(reinterpret_cast<const char*>(p),
                         static_cast<size_t>(sqlite3_column_bytes(s, i)))
           : std::string();
}

Record read_row(sqlite3_stmt* s) {
  Record r;
  r.seq = sqlite3_column_int64(s, 0);
  std::string* fields[] = {&r.decision_id, &r.time,      &r.caller,       &r.role,
                           &r.action,      &r.ruleset,   &r.version,      &r.versions,
                           &r.rules_hash,  &r.case_id,   &r.input_sha256, &r.result_sha256,
                           &r.outcome,     &r.prev_hash, &r.hash};
  for (int i = 0; i < 15; ++i) *fields[i] = text_column(s, i + 1);
  return r;
}

class SqliteStore final : public Store {
 public:
  ~SqliteStore() override {
    if (checkpointer_.joinable()) {
      {
        std::lock_guard<std::mutex> lock(checkpoint_mutex_);
        stopping_ = true;
      }
      checkpoint_wake_.notify_one();
      checkpointer_.join();
    }
    sqlite3_close(checkpoint_);
    chain_.reset();  // its statements before their connection
    sqlite3_close(write_);
    sqlite3_close(read_);
  }

  bool open(const SqliteOptions& o, std::string& error) {
    const int flags =
        o.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    if (sqlite3_open_v2(o.path.c_str(), &read_, flags | SQLITE_OPEN_FULLMUTEX, nullptr) !=
        SQLITE_OK)
      return fail(read_, "cannot open " + o.path, error);
    sqlite3_busy_timeout(read_, o.busy_timeout_ms);
    int app = 0, format = 0;
    if (!pragma_int(read_, "application_id", app) || !pragma_int(read_, "user_version", format))
      return fail(read_, o.path + " is not a SQLite database", error);
    bool empty = false;
    if (!is_empty(read_, empty, error)) return false;
    if (!empty && (app != kApplicationId || format != kFormat)) {
      error = o.path + " is not a Decree audit store (or one of another format)";
      return false;
    }
    if (o.read_only) {
      if (empty) {
        error = o.path + " holds no audit store";
        return false;
      }
      return true;
    }
    if (sqlite3_open_v2(o.path.c_str(), &write_, flags | SQLITE_OPEN_FULLMUTEX, nullptr) !=
        SQLITE_OK)
      return fail(write_, "cannot open " + o.path, error);
    sqlite3_busy_timeout(write_, o.busy_timeout_ms);
    // Checkpoints (copying the WAL into the database, with an fsync) run on
    // their own thread and connection, not in a commit that requests wait on.
    std::string setup = "PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0; PRAGMA synchronous=";
    setup += o.synchronous_full ? "FULL;" : "NORMAL;";
    if (empty) {
      setup += "PRAGMA application_id=" + std::to_string(kApplicationId) +
               "; PRAGMA user_version=" + std::to_string(kFormat) + ";";
    }
    setup += kSchema;
    if (!exec(write_, setup, error)) return false;
    // journal_mode answers with the mode it took; a file system without
    // shared memory stays in another mode, which would still be correct.
    if (o.max_bytes > 0) {
      int page_size = 4096;
      pragma_int(write_, "page_size", page_size);
      const int64_t pages = std::max<int64_t>(1, o.max_bytes / page_size);
      if (!exec(write_, "PRAGMA max_page_count=" + std::to_string(pages), error)) return false;
    }
    chain_ = std::make_unique<detail::SqliteChain>();
    if (!chain_->prepare(write_, error)) return false;
    if (sqlite3_open_v2(o.path.c_str(), &checkpoint_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK)
      return fail(checkpoint_, "cannot open " + o.path, error);
    sqlite3_busy_timeout(checkpoint_, 0);  // a passive checkpoint never waits
    checkpointer_ = std::thread([this] { checkpoint_loop(); });
    return true;
  }

  bool append(std::vector<Record>& records, std::string& error) override {
    std::lock_guard<std::mutex> lock(write_mutex_);
    if (!write_) {
      error = "the audit store is open read-only";
      return false;
    }
    if (!exec(write_, "BEGIN IMMEDIATE", error)) return false;
    if (!chain_->append(records, error)) return rollback(records);
    if (sqlite3_exec(write_, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
      error = std::string("cannot commit the audit records: ") + sqlite3_errmsg(write_);
      return rollback(records);
    }
    return true;
  }

  bool query(const Query& q, std::vector<Record>& out, std::string& error) override {
    std::string sql = std::string("SELECT ") + kColumns + " FROM audit_record WHERE 1";
    std::vector<const std::string*> binds;
    auto where = [&](const std::string& value, const char* clause) {
      if (value.empty()) return;
      sql += clause;
      binds.push_back(&value);
    };
    where(q.decision_id, " AND decision_id = ?");
    where(q.case_id, " AND case_id = ?");
    where(q.rules_hash, " AND rules_hash = ?");
    where(q.from, " AND time >= ?");
    where(q.to, " AND time < ?");
    sql += " ORDER BY seq LIMIT " + std::to_string(q.limit > 0 ? q.limit : 1000);
    std::lock_guard<std::mutex> lock(read_mutex_);
    Statement s;
    if (sqlite3_prepare_v2(read_, sql.c_str(), -1, &s.stmt, nullptr) != SQLITE_OK)
      return fail(read_, "cannot query the audit store", error);
    for (size_t i = 0; i < binds.size(); ++i)
      sqlite3_bind_text(s.stmt, static_cast<int>(i + 1), binds[i]->data(),
                        static_cast<int>(binds[i]->size()), SQLITE_STATIC);
    int rc;
    while ((rc = sqlite3_step(s.stmt)) == SQLITE_ROW) out.push_back(read_row(s.stmt));
    if (rc != SQLITE_DONE) return fail(read_, "cannot query the audit store", error);
    return true;
  }

  bool scan(const std::function<bool(const Record&)>& each, std::string& error) override {
    std::lock_guard<std::mutex> lock(read_mutex_);
    Statement s;
    const std::string sql = std::string("SELECT ") + kColumns + " FROM audit_record ORDER BY seq";
    if (sqlite3_prepare_v2(read_, sql.c_str(), -1, &s.stmt, nullptr) != SQLITE_OK)
      return fail(read_, "cannot read the audit store", error);
    int rc;
    while ((rc = sqlite3_step(s.stmt)) == SQLITE_ROW)
      if (!each(read_row(s.stmt))) return true;
    if (rc != SQLITE_DONE) return fail(read_, "cannot read the audit store", error);
    return true;
  }

 private:
  // Every 100 ms a passive checkpoint: it copies what no reader still needs
  // and never blocks the writer. The WAL then restarts from its beginning
  // at a later commit, so it stays small.
  void checkpoint_loop() {
    std::unique_lock<std::mutex> lock(checkpoint_mutex_);
    while (!stopping_) {
      checkpoint_wake_.wait_for(lock, std::chrono::milliseconds(100));
      if (stopping_) break;
      lock.unlock();
      sqlite3_wal_checkpoint_v2(checkpoint_, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
      lock.lock();
    }
    // A last full one, so that a stopped service leaves a short WAL.
    lock.unlock();
    sqlite3_wal_checkpoint_v2(checkpoint_, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
  }

  static bool fail(sqlite3* db, const std::string& what, std::string& error) {
    error = what + ": " + (db ? sqlite3_errmsg(db) : "out of memory");
    return false;
  }
  static bool exec(sqlite3* db, const std::string& sql, std::string& error) {
    char* message = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) == SQLITE_OK) return true;
    error = message ? message : sqlite3_errmsg(db);
    sqlite3_free(message);
    return false;
  }
  static bool pragma_int(sqlite3* db, const char* name, int& value) {
    Statement s;
    const std::string sql = std::string("PRAGMA ") + name;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s.stmt, nullptr) != SQLITE_OK) return false;
    if (sqlite3_step(s.stmt) != SQLITE_ROW) return false;
    value = sqlite3_column_int(s.stmt, 0);
    return true;
  }
  static bool is_empty(sqlite3* db, bool& empty, std::string& error) {
    Statement s;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_schema", -1, &s.stmt, nullptr) !=
            SQLITE_OK ||
        sqlite3_step(s.stmt) != SQLITE_ROW)
      return fail(db, "cannot read the database schema", error);
    empty = sqlite3_column_int(s.stmt, 0) == 0;
    return true;
  }
  // After a failure that set `error`: nothing of the batch stays.
  bool rollback(std::vector<Record>& records) {
    sqlite3_exec(write_, "ROLLBACK", nullptr, nullptr, nullptr);
    for (auto& r : records) {
      r.seq = 0;
      r.prev_hash.clear();
      r.hash.clear();
    }
    return false;
  }

  sqlite3* write_ = nullptr;
  sqlite3* read_ = nullptr;
  std::unique_ptr<detail::SqliteChain> chain_;
  std::mutex write_mutex_, read_mutex_;
  sqlite3* checkpoint_ = nullptr;
  std::thread checkpointer_;
  std::mutex checkpoint_mutex_;
  std::condition_variable checkpoint_wake_;
  bool stopping_ = false;
};

}  // namespace

std::unique_ptr<Store> open_sqlite_store(const SqliteOptions& options, std::string& error) {
  auto store = std::make_unique<SqliteStore>();
  if (!store->open(options, error)) return nullptr;
  return store;
}

}  // namespace decree::audit
