// A proposal to change a rule set (issue 12): a new version, a correction of
// a published one, or its withdrawal; the files, who did what, and the
// assessment that the reviewer reads (check, rule tests, reference tests,
// impact on the fund over the reference corpus).
//
//   proposed ──approve──▶ approved ──publish──▶ published
//      │  ▲                  │
//      │  └──────amend───────┤        (an amendment voids the approval)
//      └──reject──▶ rejected ┘
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace decree::publish {

// A file of the version directory (or a rule test file), by its path
// relative to that directory ('/'-separated, no "..").
struct ProposalFile {
  std::string path;
  std::string content;
};

enum class ProposalKind { add, correct, withdraw };
enum class ProposalState { proposed, approved, rejected, published };

std::string_view kind_name(ProposalKind kind);
std::optional<ProposalKind> parse_kind(std::string_view name);
std::string_view state_name(ProposalState state);
std::optional<ProposalState> parse_state(std::string_view name);

// One step taken on a proposal, in order.
struct ProposalEvent {
  std::string time;    // UTC, RFC 3339
  std::string who;     // the caller's name
  std::string role;    // author, reviewer, publisher, admin
  std::string action;  // propose, amend, approve, reject, publish
  std::string comment;
  std::string content_hash;  // what the step saw
};

// The result of one part of the assessment.
struct CheckResult {
  std::string name;    // check, rule_tests, reference_tests, impact
  bool passed = false;
  std::string summary;  // one line: "4 passed, 0 failed"
};

struct Assessment {
  std::vector<CheckResult> checks;
  bool passed() const;
  std::string text;  // the report as text (English and 中文 headings)
  std::string json;  // the report as JSON: {"checks": […], "impact": decree diff --json}
  std::string html;  // the report as one HTML page, no external resources
};

struct Proposal {
  std::string id;  // "P000001"
  int64_t revision = 0;
  std::string ruleset;  // the rule set's name: jilin.work_injury.benefits
  std::string version;  // the version added, corrected or withdrawn
  ProposalKind kind = ProposalKind::add;
  ProposalState state = ProposalState::proposed;
  std::string author, comment, created_at, updated_at;
  std::vector<ProposalFile> files;  // the version directory (none for a withdrawal)
  std::vector<ProposalFile> tests;  // its rule test files
  // The assessment's baseline: what-if values of the published side
  // ("adjustment_in_force[2025-07-01]=2024"), and the payment date.
  std::vector<std::string> base_params;
  std::string as_of;
  // "sha256:HEX" of the version's own files (what a publication signs).
  std::string rules_hash;
  // "sha256:HEX" of everything assessed: the rules hash, the tests, the
  // baseline and the payment date. An approval is bound to it.
  std::string content_hash;
  // "sha256:HEX" of the published rule set the assessment compared against:
  // when another publication changes it, the assessment is stale.
  std::string base_hash;
  Assessment assessment;
  // The approval (or rejection): who, when, and the content hash approved.
  std::string reviewer, reviewed_at, review_comment, approved_hash;
  std::string publisher, published_at;
  std::vector<ProposalEvent> events;

  // Without files, tests and reports: for lists.
  Proposal summary() const;
};

// The proposal as JSON (files as {path: content}), and back; nullopt with
// `error` if the text is not a proposal.
std::string proposal_json(const Proposal& p, bool with_content = true);
std::optional<Proposal> parse_proposal_json(std::string_view text, std::string& error);

// "sha256:HEX" of what the approval covers (Proposal::content_hash).
std::string content_hash_of(const Proposal& p);

}  // namespace decree::publish
