// JSON Schemas (draft 2020-12) of a version's case and result, generated from
// its declarations, for integrators: the inputs a case may have (types, enum
// values, bounds, which are required) and the outputs a result carries.
#pragma once

#include <string>

#include "api/ruleset.h"

namespace decree::serve {

// {"ruleset":…,"version":…,"rules_hash":…,"input":{schema},"output":{schema}}
std::string version_schemas(const RuleSet& rules);

}  // namespace decree::serve
