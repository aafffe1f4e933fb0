// The four-eyes workflow of rule versions (issue 12; 吉政发〔2020〕20号 三(八):
// 工伤保险政策制定或调整要同步进行基金管理风险评估, 岗位相互监督、业务环节相互制衡).
//
//   propose   an author submits a version directory (or a correction, or a
//             withdrawal); it is checked, its rule tests and the rule set's
//             reference tests are run, and its impact on the fund over the
//             reference corpus is assessed (decree diff --timeline)
//   review    a reviewer, never the author, approves or rejects it with a
//             comment; an approval holds for the content hash it saw
//   publish   a publisher signs it (Ed25519) and it joins the rules
//             directory, where running services load it
//
// The rules are enforced here, whatever the caller (CLI, HTTP, tests): self
// approval, approving a failed assessment, publishing what was not approved
// or has changed since, and publishing on a stale base are refused. Each
// step (and each refusal) is an audit record in the registry's store.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/messages.h"
#include "publish/proposal.h"
#include "publish/registry.h"

namespace decree::publish {

// Who takes a step: an authenticated caller's name and role (author,
// reviewer, publisher; admin may take every step, but is still one person).
struct Actor {
  std::string name;
  std::string role;
};

// A rule set the workflow may change, and what its assessment runs over.
struct ManagedRuleSet {
  std::string dir;  // the directory of version directories
  // Rule test files that every proposal must pass (fixtures of the rule set).
  std::vector<std::string> reference_tests;
  // Historical cases (JSONL or CSV) for the impact assessment. A rule set
  // without any cannot have a proposal approved.
  std::vector<std::string> corpus;
  std::string group_by;  // "year(injury_date)"; empty: no groups
};

struct WorkflowConfig {
  std::vector<ManagedRuleSet> rule_sets;
  // The publishing key (private PEM): only a service that publishes needs it.
  std::string signing_key;
  unsigned threads = 1;  // of the impact assessment
};

// What an author submits (POST /v1/proposals, `decree propose`).
struct Submission {
  std::string ruleset;  // the rule set's name
  ProposalKind kind = ProposalKind::add;
  std::string version;  // withdraw: the version; else read from the files' header if empty
  std::vector<ProposalFile> files;
  std::vector<ProposalFile> tests;
  std::vector<std::string> base_params;
  std::string as_of;  // empty: the version's effective date
  std::string comment;
};

struct StepResult {
  enum class Outcome { ok, refused, not_found, conflict, failed };
  Outcome outcome = Outcome::ok;
  Message why;  // when not ok
  std::optional<Proposal> proposal;
  bool ok() const { return outcome == Outcome::ok; }
};

class Workflow {
 public:
  Workflow(Registry& registry, WorkflowConfig config);

  StepResult propose(const Actor& author, const Submission& submission);
  // New files (or tests, baseline) for a proposal not yet published, by its
  // author: assessed again; an approval is void.
  StepResult amend(const Actor& author, const std::string& id, const Submission& submission);
  // `seen_hash`: the content hash the reviewer read (an approval of
  // anything else is refused).
  StepResult review(const Actor& reviewer, const std::string& id, bool approve,
                    const std::string& comment, const std::string& seen_hash);
  // Signs and records the publication, then writes the rules directory
  // (sync()); `on_published` lets a service reload at once.
  StepResult publish(const Actor& publisher, const std::string& id);

  StepResult get(const std::string& id) const;
  bool list(const ProposalFilter& filter, std::vector<Proposal>& out, std::string& error) const;

  // Makes each managed rules directory hold what the registry says is
  // published: writes versions published elsewhere (another replica),
  // removes withdrawn ones; versions the registry never published are left
  // as they are. `changed`: whether anything was written.
  bool sync(bool& changed, std::string& error);

  // Called after a publication and after a sync that changed something.
  std::function<void()> on_published;

  const WorkflowConfig& config() const { return config_; }
  const ManagedRuleSet* managed(const std::string& ruleset_name) const;

 private:
  // Stores the proposal as changed by a step (its revision one more) with
  // the step's audit record, and the publication if any, in one transaction.
  StepResult store_step(Proposal p, const Actor& who, const char* action,
                        const std::string& input_sha256,
                        const PublishedVersion* published = nullptr, int64_t expected_head = 0);
  Registry& registry_;
  WorkflowConfig config_;
  std::vector<std::string> names_;  // of config_.rule_sets, by index
};

}  // namespace decree::publish
