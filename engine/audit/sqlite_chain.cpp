#include "audit/sqlite_chain.h"

namespace decree::audit::detail {
namespace {

std::string text_column(sqlite3_stmt* s, int i) {
  const auto* p = sqlite3_column_text(s, i);
  return p ? std::string(reinterpret_cast<const char*>(p),
                         static_cast<size_t>(sqlite3_column_bytes(s, i)))
           : std::string();
}

}  // namespace

SqliteChain::~SqliteChain() {
  sqlite3_finalize(insert_);
  sqlite3_finalize(last_);
}

bool SqliteChain::prepare(sqlite3* db, std::string& error) {
  db_ = db;
  if (sqlite3_prepare_v2(db,
                         "INSERT INTO audit_record(seq, decision_id, time, caller, role, action, "
                         "ruleset, version, versions, rules_hash, case_id, input_sha256, "
                         "result_sha256, outcome, prev_hash, hash) "
                         "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                         -1, &insert_, nullptr) != SQLITE_OK ||
      sqlite3_prepare_v2(db, "SELECT seq, hash FROM audit_record ORDER BY seq DESC LIMIT 1", -1,
                         &last_, nullptr) != SQLITE_OK) {
    error = std::string("cannot prepare the audit statements: ") + sqlite3_errmsg(db);
    return false;
  }
  return true;
}

bool SqliteChain::append(std::vector<Record>& records, std::string& error) {
  auto fail = [&](const char* what) {
    error = std::string(what) + ": " + sqlite3_errmsg(db_);
    sqlite3_reset(insert_);
    sqlite3_reset(last_);
    return false;
  };
  // The chain continues from what is in the file, not from memory: another
  // writer may have appended, or an earlier commit failed.
  int64_t seq = 0;
  std::string prev(kGenesisHash);
  sqlite3_reset(last_);
  const int step = sqlite3_step(last_);
  if (step == SQLITE_ROW) {
    seq = sqlite3_column_int64(last_, 0);
    prev = text_column(last_, 1);
  } else if (step != SQLITE_DONE) {
    return fail("cannot read the last audit record");
  }
  sqlite3_reset(last_);
  for (auto& r : records) {
    r.seq = ++seq;
    r.prev_hash = prev;
    r.hash = chain_hash(r);
    prev = r.hash;
    sqlite3_reset(insert_);
    sqlite3_bind_int64(insert_, 1, r.seq);
    const std::string* fields[] = {&r.decision_id, &r.time,      &r.caller,       &r.role,
                                   &r.action,      &r.ruleset,   &r.version,      &r.versions,
                                   &r.rules_hash,  &r.case_id,   &r.input_sha256, &r.result_sha256,
                                   &r.outcome,     &r.prev_hash, &r.hash};
    for (int i = 0; i < 15; ++i)
      sqlite3_bind_text(insert_, i + 2, fields[i]->data(), static_cast<int>(fields[i]->size()),
                        SQLITE_STATIC);
    if (sqlite3_step(insert_) != SQLITE_DONE) return fail("cannot write an audit record");
  }
  sqlite3_reset(insert_);
  return true;
}

}  // namespace decree::audit::detail
