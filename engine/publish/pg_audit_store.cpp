#include "publish/pg_audit_store.h"

#include <algorithm>

#include "publish/pg_connection.h"

namespace decree::publish {
namespace detail {

// Byte order for every text column ("C"), as in SQLite: times, versions and
// hashes compare and sort the same whatever the database's locale.
const char* const kPgAuditSchema = R"sql(
CREATE TABLE IF NOT EXISTS audit_record (
  seq BIGINT PRIMARY KEY,
  decision_id TEXT COLLATE "C" NOT NULL,
  time TEXT COLLATE "C" NOT NULL,
  caller TEXT COLLATE "C" NOT NULL,
  role TEXT COLLATE "C" NOT NULL,
  action TEXT COLLATE "C" NOT NULL,
  ruleset TEXT COLLATE "C" NOT NULL,
  version TEXT COLLATE "C" NOT NULL,
  versions TEXT COLLATE "C" NOT NULL,
  rules_hash TEXT COLLATE "C" NOT NULL,
  case_id TEXT COLLATE "C" NOT NULL,
  input_sha256 TEXT COLLATE "C" NOT NULL,
  result_sha256 TEXT COLLATE "C" NOT NULL,
  outcome TEXT COLLATE "C" NOT NULL,
  prev_hash TEXT COLLATE "C" NOT NULL,
  hash TEXT COLLATE "C" NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_by_decision ON audit_record(decision_id);
CREATE INDEX IF NOT EXISTS audit_by_case ON audit_record(case_id) WHERE case_id <> '';
CREATE INDEX IF NOT EXISTS audit_by_rules ON audit_record(rules_hash, time);
CREATE INDEX IF NOT EXISTS audit_by_time ON audit_record(time);
)sql";

}  // namespace detail

namespace {

constexpr const char* kColumns =
    "seq, decision_id, time, caller, role, action, ruleset, version, versions, rules_hash, "
    "case_id, input_sha256, result_sha256, outcome, prev_hash, hash";
constexpr int kFields = 16;
// Rows per INSERT: one round trip for many records (a batch of the audit
// log), well under the protocol's 65,535 parameters.
constexpr size_t kRowsPerInsert = 500;
constexpr int64_t kPage = 1000;  // records per query while scanning

// pg_advisory_xact_lock's key while creating tables: "DCRS".
constexpr const char* kSchemaLock = "1145262675";

audit::Record read_row(const pg::Result& r, int row) {
  audit::Record out;
  out.seq = r.integer(row, 0);
  std::string* fields[] = {&out.decision_id, &out.time,      &out.caller,       &out.role,
                           &out.action,      &out.ruleset,   &out.version,      &out.versions,
                           &out.rules_hash,  &out.case_id,   &out.input_sha256, &out.result_sha256,
                           &out.outcome,     &out.prev_hash, &out.hash};
  for (int i = 0; i < kFields - 1; ++i) *fields[i] = r.text(row, i + 1);
  return out;
}

void add_row(pg::Params& p, const audit::Record& r) {
  p.add(r.seq);
  for (const std::string* f : {&r.decision_id, &r.time, &r.caller, &r.role, &r.action, &r.ruleset,
                               &r.version, &r.versions, &r.rules_hash, &r.case_id, &r.input_sha256,
                               &r.result_sha256, &r.outcome, &r.prev_hash, &r.hash})
    p.add(std::string_view(*f));
}

std::string insert_sql(size_t rows) {
  std::string sql = std::string("INSERT INTO audit_record(") + kColumns + ") VALUES ";
  int n = 0;
  for (size_t row = 0; row < rows; ++row) {
    sql += row ? ",(" : "(";
    for (int i = 0; i < kFields; ++i) {
      if (i) sql += ',';
      sql += '$' + std::to_string(++n);
    }
    sql += ')';
  }
  return sql;
}

class PgAuditStore final : public audit::Store {
 public:
  explicit PgAuditStore(std::shared_ptr<pg::Pool> pool) : pool_(std::move(pool)) {}

  bool append(std::vector<audit::Record>& records, std::string& error) override {
    auto c = pool_->acquire(error);
    const bool ok =
        c && c->transaction(
                 [&](std::string& e) {
                   return detail::lock_pg_chain(*c, e) && detail::append_pg_chain(*c, records, e);
                 },
                 error);
    if (!ok)
      for (auto& r : records) {
        r.seq = 0;
        r.prev_hash.clear();
        r.hash.clear();
      }
    return ok;
  }

  bool query(const audit::Query& q, std::vector<audit::Record>& out, std::string& error) override {
    std::string sql = std::string("SELECT ") + kColumns + " FROM audit_record WHERE true";
    pg::Params params;
    int n = 0;
    auto where = [&](const std::string& value, const char* clause) {
      if (value.empty()) return;
      sql += clause;
      sql += std::to_string(++n);
      params.add(std::string_view(value));
    };
    where(q.decision_id, " AND decision_id = $");
    where(q.case_id, " AND case_id = $");
    where(q.rules_hash, " AND rules_hash = $");
    where(q.from, " AND time >= $");
    where(q.to, " AND time < $");
    sql += " ORDER BY seq LIMIT $" + std::to_string(++n);
    params.add(q.limit > 0 ? q.limit : int64_t{1000});
    auto c = pool_->acquire(error);
    pg::Result r;
    if (!c || !c->exec(sql, params, &r, error)) return false;
    for (int i = 0; i < r.rows(); ++i) out.push_back(read_row(r, i));
    return true;
  }

  // A page at a time, each after the last seq seen, with no connection held
  // while `each` runs: a long verification does not hold one, and records
  // appended meanwhile are read at the end, in order.
  bool scan(const std::function<bool(const audit::Record&)>& each, std::string& error) override {
    const std::string sql = std::string("SELECT ") + kColumns +
                            " FROM audit_record WHERE seq > $1 ORDER BY seq LIMIT $2";
    int64_t after = 0;
    for (;;) {
      pg::Result r;
      {
        auto c = pool_->acquire(error);
        if (!c || !c->exec(sql, pg::Params().add(after).add(kPage), &r, error)) return false;
      }
      for (int i = 0; i < r.rows(); ++i) {
        const audit::Record record = read_row(r, i);
        after = record.seq;
        if (!each(record)) return true;
      }
      if (r.rows() < kPage) return true;
    }
  }

 private:
  std::shared_ptr<pg::Pool> pool_;
};

}  // namespace

namespace detail {

bool create_pg_schema(pg::Connection& c, const std::string& schema, std::string& error) {
  return c.transaction(
      [&](std::string& e) {
        return c.exec(std::string("SELECT pg_advisory_xact_lock(") + kSchemaLock + ")", e) &&
               c.exec(schema, e);
      },
      error);
}

bool lock_pg_chain(pg::Connection& c, std::string& error) {
  return c.exec("LOCK TABLE audit_record IN EXCLUSIVE MODE", error);
}

bool append_pg_chain(pg::Connection& c, std::vector<audit::Record>& records, std::string& error) {
  // The chain continues from what is committed, not from memory: another
  // replica may have appended.
  pg::Result last;
  if (!c.exec("SELECT seq, hash FROM audit_record ORDER BY seq DESC LIMIT 1", pg::Params(), &last,
              error))
    return false;
  int64_t seq = last.rows() ? last.integer(0, 0) : 0;
  std::string prev = last.rows() ? last.text(0, 1) : std::string(audit::kGenesisHash);
  for (auto& r : records) {
    r.seq = ++seq;
    r.prev_hash = prev;
    r.hash = audit::chain_hash(r);
    prev = r.hash;
  }
  for (size_t from = 0; from < records.size(); from += kRowsPerInsert) {
    const size_t rows = std::min(kRowsPerInsert, records.size() - from);
    pg::Params params;
    for (size_t i = from; i < from + rows; ++i) add_row(params, records[i]);
    if (!c.exec(insert_sql(rows), params, nullptr, error)) return false;
  }
  return true;
}

std::unique_ptr<audit::Store> pg_audit_store(std::shared_ptr<pg::Pool> pool) {
  return std::make_unique<PgAuditStore>(std::move(pool));
}

}  // namespace detail

std::unique_ptr<audit::Store> open_pg_audit_store(const std::string& conninfo, std::string& error) {
  auto pool = std::make_shared<pg::Pool>(conninfo, 4);
  auto c = pool->acquire(error);
  if (!c || !detail::create_pg_schema(*c, detail::kPgAuditSchema, error)) return nullptr;
  return detail::pg_audit_store(std::move(pool));
}

}  // namespace decree::publish
