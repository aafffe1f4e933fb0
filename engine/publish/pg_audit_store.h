// The audit store in PostgreSQL, for service replicas that share one chain:
// table audit_record with the SQLite store's columns (audit/sqlite_store.h),
// the same append, query and scan. Appenders in any number of processes
// take the table's EXCLUSIVE lock inside their transaction (reads go on
// beside it), so each continues the chain from the last committed record.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "audit/store.h"

namespace decree::publish {
namespace pg {
class Connection;  // publish/pg_connection.h: libpq stays out of this header
class Pool;
}  // namespace pg

// The store in the database of `conninfo` (libpq's "host=… dbname=…" or a
// postgresql:// URI), its table created if missing; nullptr and `error` if
// the server cannot be reached or the table cannot be made.
std::unique_ptr<audit::Store> open_pg_audit_store(const std::string& conninfo, std::string& error);

// For publish/pg_registry.cpp, whose steps append their records in their
// own transaction.
namespace detail {

// CREATE … IF NOT EXISTS of audit_record and its indexes.
extern const char* const kPgAuditSchema;

// Runs `schema` in one transaction under an advisory lock, so that replicas
// starting at once do not race to create the same tables.
bool create_pg_schema(pg::Connection& c, const std::string& schema, std::string& error);

// Inside a transaction: waits for the chain's lock, held until the
// transaction ends. Every appender takes it first.
bool lock_pg_chain(pg::Connection& c, std::string& error);

// Inside a transaction holding the chain's lock: fills seq, prev_hash and
// hash of each record after the last committed one and inserts them.
bool append_pg_chain(pg::Connection& c, std::vector<audit::Record>& records, std::string& error);

// The store on connections shared with a registry.
std::unique_ptr<audit::Store> pg_audit_store(std::shared_ptr<pg::Pool> pool);

}  // namespace detail
}  // namespace decree::publish
