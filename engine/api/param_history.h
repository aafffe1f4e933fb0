// A rule set's parameters over its history (`decree params`, after
// OpenFisca's parameter explorer): every entry with its value, source,
// reliability and the version that set it, and what each later version
// changed. The history follows the latest version's extends chain, then the
// payment-date versions stacked on it.
#pragma once

#include <string>
#include <vector>

#include "api/timeline.h"

namespace decree {

struct ParamEntryChange {
  std::string version;  // the version that set this value
  std::string value;    // "83028", "unsourced: why", "(ends)", "(removed)"
};

struct ParamEntryHistory {
  std::string keys;                           // as written: "2021", "2023, 5", "2021-12-01, tier1"
  std::string value, reference, reliability;  // the latest
  std::string set_by;                         // the version that set the latest value
  std::vector<ParamEntryChange> changes;      // oldest first; the last is the latest
};

struct ParamHistory {
  std::string name;  // "p.allowance_increment"
  std::string description, unit, index, reference, reliability;
  std::vector<ParamEntryHistory> entries;  // by keys, then removed ones
};

// Every parameter (or only `name`, qualified "p.x" or bare "x"); empty if
// there is none of that name.
std::vector<ParamHistory> parameter_history(const RuleTimeline& timeline,
                                            const std::string& name = "");

// As JSON (`decree params --json`, GET /v1/rulesets/{name}/parameters): an
// array of {"parameter","description","unit","index","reference",
// "reliability","entries":[{"keys","value","reference","reliability",
// "set_by","history":[{"version","value"}]}]}; `indent` as nlohmann's dump
// (-1: one line).
std::string parameter_history_json(const std::vector<ParamHistory>& all, int indent = -1);

}  // namespace decree
