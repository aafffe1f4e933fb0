// Where proposals and publications are kept (issue 12): one small interface
// with two implementations, the embedded SQLite one (publish/sqlite_registry.h,
// in the audit store's own database file) and PostgreSQL
// (publish/pg_registry.h), for several service replicas sharing one truth.
//
// A registry holds its audit store too: every step of the workflow is stored
// in the same transaction as its audit record, hash-chained with the
// evaluation records (吉政发〔2020〕20号 三(八): 业务环节相互制衡, and every
// step can be proved afterwards). A step whose record cannot be stored does
// not happen.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "audit/record.h"
#include "audit/store.h"
#include "publish/proposal.h"

namespace decree::publish {

// What is published of one version: the last publication step for it.
struct PublishedVersion {
  int64_t seq = 0;  // order of publication steps, from 1 (set by the registry)
  std::string ruleset, version;
  bool withdrawn = false;   // the last step withdrew it: its directory goes
  std::string proposal;     // the proposal that did it
  std::string rules_hash;   // "sha256:HEX" of the files (empty when withdrawn)
  std::vector<ProposalFile> files;  // the version directory's files, PUBLISHED.yaml among them
  std::string time;         // UTC, RFC 3339
};

struct ProposalFilter {
  std::string ruleset;  // empty: all
  std::optional<ProposalState> state;
  int64_t limit = 200;
};

class Registry {
 public:
  virtual ~Registry() = default;

  // Stores a new proposal: gives it its id ("P" and 6 digits, in order of
  // creation), revision 1; then appends `record` (its case_id set to the
  // id) in the same transaction.
  virtual bool create(Proposal& proposal, audit::Record& record, std::string& error) = 0;

  // Replaces a proposal whose stored revision is still `proposal.revision - 1`
  // (two steps at once on the same proposal: the second is a conflict, and
  // nothing of it is stored), with its record, in one transaction.
  // `published`, when given, is appended to the publications in the same
  // transaction, unless the last publication of its version is no longer
  // `expected_head` (0: none), which is a conflict as well.
  enum class Update { ok, conflict, failed };
  virtual Update update(const Proposal& proposal, audit::Record& record, std::string& error,
                        const PublishedVersion* published = nullptr,
                        int64_t expected_head = 0) = 0;

  // Appends a record of a step that was refused (nothing else changes).
  virtual bool record_refusal(audit::Record& record, std::string& error) = 0;

  virtual bool get(const std::string& id, std::optional<Proposal>& out, std::string& error) = 0;
  // Newest first; without files and reports (Proposal::summary()).
  virtual bool list(const ProposalFilter& filter, std::vector<Proposal>& out,
                    std::string& error) = 0;
  // The last publication step of every version of `ruleset` that has one
  // (empty: of every rule set), in version order.
  virtual bool published(const std::string& ruleset, std::vector<PublishedVersion>& out,
                         std::string& error) = 0;

  // The audit store in the same database: evaluations are appended to it by
  // the service's audit log (audit/log.h), steps by the calls above.
  virtual audit::Store& audit() = 0;
};

}  // namespace decree::publish
