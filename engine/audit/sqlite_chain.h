// Appending to the audit chain of a SQLite file inside a transaction that
// the caller opened, on any connection to that file: the audit store's own
// appends (audit/sqlite_store.cpp) and the publishing registry's steps
// (publish/sqlite_registry.cpp), whose records must commit together with
// the change they record. Not for other callers: the store is the interface.
#pragma once

#include <sqlite3.h>

#include <string>
#include <vector>

#include "audit/record.h"

namespace decree::audit::detail {

class SqliteChain {
 public:
  SqliteChain() = default;
  ~SqliteChain();
  SqliteChain(const SqliteChain&) = delete;
  SqliteChain& operator=(const SqliteChain&) = delete;

  // Prepares the statements on `db`, whose audit_record table exists.
  bool prepare(sqlite3* db, std::string& error);

  // Inside a write transaction (BEGIN IMMEDIATE, so that no other writer
  // comes between reading the last record and inserting after it): fills
  // seq, prev_hash and hash of each record, continuing from the last record
  // in the file, and inserts them. On failure `error` says why and the
  // caller rolls back; the records' chain fields are then meaningless.
  bool append(std::vector<Record>& records, std::string& error);

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* insert_ = nullptr;
  sqlite3_stmt* last_ = nullptr;
};

}  // namespace decree::audit::detail
