// decree audit verify|query: the audit log of `decree serve` (engine/audit),
// read-only, for auditors: is the chain intact, and which records match.
#include <cstdio>

#include "audit/sqlite_store.h"
#include "audit/verify.h"
#include "cli/commands.h"
#include "eval/format.h"

namespace decree::cli {
namespace {

std::unique_ptr<audit::Store> open_store(const std::string& path) {
  audit::SqliteOptions options;
  options.path = path;
  options.read_only = true;
  std::string error;
  auto store = audit::open_sqlite_store(options, error);
  if (!store) std::fprintf(stderr, "decree audit: %s\n", error.c_str());
  return store;
}

// One record as a JSON object on one line, its fields in the order of the
// record (audit/record.h); empty fields are left out.
std::string record_json(const audit::Record& r) {
  std::string out = "{\"seq\":" + std::to_string(r.seq);
  auto field = [&](const char* key, const std::string& value) {
    if (value.empty()) return;
    out += ",\"";
    out += key;
    out += "\":";
    append_json_string(out, value);
  };
  field("decision_id", r.decision_id);
  field("time", r.time);
  field("caller", r.caller);
  field("role", r.role);
  field("action", r.action);
  field("ruleset", r.ruleset);
  field("version", r.version);
  field("versions", r.versions);
  field("rules_hash", r.rules_hash);
  field("case_id", r.case_id);
  field("input_sha256", r.input_sha256);
  field("result_sha256", r.result_sha256);
  field("outcome", r.outcome);
  field("prev_hash", r.prev_hash);
  field("hash", r.hash);
  out += '}';
  return out;
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
  for (const auto& r : records) std::printf("%s\n", record_json(r).c_str());
  std::fprintf(stderr, "%zu record%s\n", records.size(), records.size() == 1 ? "" : "s");
  return kExitOk;
}

}  // namespace decree::cli
