// Who may do what: callers present a bearer token; the service keeps only
// the tokens' SHA-256 hashes, each with a caller name and a role.
//   caseworker  evaluate cases
//   analyst     evaluate, batches and what-ifs (later: diff)
//   auditor     read the audit log
//   admin       everything
//   author      proposes rule versions (issue 12, publish/workflow.h)
//   reviewer    approves or rejects them: never their author
//   publisher   signs and publishes approved ones
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace decree::serve {

enum class Role { caseworker, analyst, auditor, admin, author, reviewer, publisher };

std::optional<Role> parse_role(std::string_view name);
std::string_view role_name(Role role);

struct Caller {
  std::string name;
  Role role = Role::caseworker;
};

// What each role may do (docs/service.md, "Who may do what").
inline bool any_role(Role) { return true; }
// Evaluating cases: not the auditor, who reads records and changes nothing.
inline bool may_evaluate(Role r) {
  return r == Role::caseworker || r == Role::analyst || r == Role::admin;
}
// Reloading the rule sets: admins.
inline bool may_administer(Role r) { return r == Role::admin; }
// The audit log: auditors (and admins).
inline bool may_read_audit(Role r) { return r == Role::auditor || r == Role::admin; }
// Batches and what-if values: analysts (and admins), not the caseworker
// systems, whose answers are paid as computed.
inline bool may_batch(Role r) { return r == Role::analyst || r == Role::admin; }
inline bool may_what_if(Role r) { return r == Role::analyst || r == Role::admin; }
// Proposals (publish/workflow.h): each step by its role (admins may take
// any, the workflow still refuses an author's own approval); the list and
// the reports by all who take part, and auditors.
inline bool may_propose(Role r) { return r == Role::author || r == Role::admin; }
inline bool may_review(Role r) { return r == Role::reviewer || r == Role::admin; }
inline bool may_publish(Role r) { return r == Role::publisher || r == Role::admin; }
inline bool may_read_proposals(Role r) {
  return r == Role::author || r == Role::reviewer || r == Role::publisher ||
         r == Role::auditor || r == Role::admin;
}

// SHA-256 of a token, 64 lowercase hex digits (what a configuration stores).
std::string token_hash(std::string_view token);
// A new random token (32 bytes from OpenSSL, hex): for `decree serve --new-token`.
std::string new_token();

// The token of an Authorization header ("Bearer TOKEN", the scheme in any
// case, RFC 7235 §2.1), or empty.
std::string_view bearer_token(std::string_view authorization);

class Tokens {
 public:
  // `sha256`: 64 hex digits; false if it is not.
  bool add(std::string name, std::string sha256, Role role);
  bool empty() const { return entries_.empty(); }
  size_t size() const { return entries_.size(); }
  // The caller whose token this is, from an Authorization header
  // ("Bearer TOKEN"); nullopt if there is none or it is unknown. Hashes are
  // compared in constant time.
  std::optional<Caller> authenticate(std::string_view authorization) const;

 private:
  struct Entry {
    std::string sha256;
    Caller caller;
  };
  std::vector<Entry> entries_;
};

}  // namespace decree::serve
