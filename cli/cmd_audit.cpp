// decree audit verify|query: the audit log of `decree serve` (engine/audit),
// read-only, for auditors: is the chain intact, and which records match.
#include <cstdio>

#include "audit/sqlite_store.h"
#include "audit/verify.h"
#include "publish/pg_audit_store.h"
#include "cli/commands.h"

namespace decree::cli {
namespace {

// A SQLite file, or a PostgreSQL connection URI (replicas' shared store).
std::unique_ptr<audit::Store> open_store(const std::string& path) {
  if (path.rfind("postgresql://", 0) == 0 || path.rfind("postgres://", 0) == 0) {
    std::string error;
    auto store = publish::open_pg_audit_store(path, error);
    if (!store) std::fprintf(stderr, "decree audit: %s\n", error.c_str());
    return store;
  }
  audit::SqliteOptions options;
  options.path = path;
  options.read_only = true;
  std::string error;
  auto store = audit::open_sqlite_store(options, error);
  if (!store) std::fprintf(stderr, "decree audit: %s\n", error.c_str());
  return store;
}

}  // namespace

int run_audit_verify(const AuditArgs& args) {
  auto store = open_store(args.store);
  if (!store) return kExitFailure;
  audit::Verification v;
  std::string error;
  if (!audit::verify(*store, args.head, v, error)) {
    std::fprintf(stderr, "decree audit: %s\n", error.c_str());
    return kExitFailure;
  }
  if (!v.intact) {
    std::printf("%s: the chain is broken: %s\n", args.store.c_str(), v.problem.c_str());
    std::printf("intact up to record %lld of %lld read\n", static_cast<long long>(v.head_seq),
                static_cast<long long>(v.records));
    return kExitFailure;
  }
  std::printf("%s: %lld records, chain intact\n", args.store.c_str(),
              static_cast<long long>(v.records));
  if (v.records)
    std::printf("head: record %lld, hash %s\n", static_cast<long long>(v.head_seq),
                v.head_hash.c_str());
  return kExitOk;
}

int run_audit_query(const AuditArgs& args) {
  auto store = open_store(args.store);
  if (!store) return kExitFailure;
  std::vector<audit::Record> records;
  std::string error;
  if (!store->query(args.query, records, error)) {
    std::fprintf(stderr, "decree audit: %s\n", error.c_str());
    return kExitFailure;
  }
  for (const auto& r : records) std::printf("%s\n", audit::record_json(r).c_str());
  std::fprintf(stderr, "%zu record%s\n", records.size(), records.size() == 1 ? "" : "s");
  return kExitOk;
}

}  // namespace decree::cli
