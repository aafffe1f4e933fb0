// `decree verify RULES` (issue 12): is every version of a rule set published
// as approved? For each version directory: its PUBLISHED.yaml is there, names
// this rule set and version, its rules hash is the hash of the version's
// files as they are now, its author and reviewer are two people, and its
// signature verifies with one of the trusted publishing keys.
#pragma once

#include <string>
#include <vector>

#include "api/timeline.h"
#include "base/messages.h"

namespace decree::publish {

struct VersionCheck {
  std::string version;
  std::string path;  // of its PUBLISHED.yaml
  enum class Result {
    ok,
    unpublished,
    unreadable,
    other_version,
    changed,
    self_approved,
    unknown_key,
    bad_signature
  };
  Result result = Result::ok;
  Message message;     // why (or, when ok, who published it), in either language
  std::string detail;  // the message in English
};

// Each version of a rule set with its directory and the hash of its own
// files (what its publication signs): the versions, then the payment-date
// versions. `rules_dir`: the directory `timeline` was loaded from.
struct VersionFiles {
  std::string version, dir, hash;  // hash: hex, without "sha256:"
};
std::vector<VersionFiles> version_files(const RuleTimeline& timeline, const std::string& rules_dir);

// `rules_dir`: the directory of version directories `timeline` was loaded
// from. `trusted_keys`: the publishing keys' public PEMs.
std::vector<VersionCheck> verify_versions(const RuleTimeline& timeline,
                                          const std::string& rules_dir,
                                          const std::vector<std::string>& trusted_keys);

}  // namespace decree::publish
