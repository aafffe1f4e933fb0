// The shared registry: proposals and publications in PostgreSQL (tables
// proposal and publication, as in SQLite), beside the audit chain they are
// recorded in (publish/pg_audit_store.h), for several service replicas that
// must agree on one truth. A step takes the chain's lock first, so steps of
// all replicas happen one after another, each seeing the ones before it.
#pragma once

#include <memory>
#include <string>

#include "publish/registry.h"

namespace decree::publish {

// The registry in the database of `conninfo` (libpq's "host=… dbname=…" or
// a postgresql:// URI), its tables created if missing; its audit() is the
// audit store in the same database. Thread-safe: calls share a few
// connections. nullptr and `error` if the server cannot be reached or the
// tables cannot be made.
std::unique_ptr<Registry> open_pg_registry(const std::string& conninfo, std::string& error);

}  // namespace decree::publish
