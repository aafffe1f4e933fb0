// The embedded registry: proposals and publications in the audit store's own
// SQLite file (tables proposal and publication beside audit_record), so that
// a step and its audit record commit in one transaction and one file holds
// the whole history. For one service, or several processes on one machine;
// replicas on several machines share PostgreSQL (publish/pg_registry.h).
#pragma once

#include <memory>
#include <string>

#include "audit/sqlite_store.h"
#include "publish/registry.h"

namespace decree::publish {

// The registry in `options.path`, created with its tables (and the audit
// store's) if they are missing; its audit() is the audit store of that file,
// opened with the same options. nullptr and `error` if the file cannot be
// opened or is not an audit store. With `options.read_only` every step
// fails and reading works.
std::unique_ptr<Registry> open_sqlite_registry(const audit::SqliteOptions& options,
                                               std::string& error);

}  // namespace decree::publish
