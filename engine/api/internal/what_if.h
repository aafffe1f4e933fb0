// Internal: what-if parameter values applied to a loaded version's merged
// parameters (RuleSet::load): `--param NAME=VALUE` (every key),
// `--param NAME[K1, …]=VALUE` (one entry, through the patch merge) and
// `--params FILE` overlays (a patch of a bureau's own figures).
#pragma once

#include <map>
#include <string>

#include "api/ruleset.h"
#include "params/merge.h"
#include "params/parameters.h"

namespace decree::loader {

// Applies one --param value. Errors name the option.
bool apply_param_override(std::map<std::string, ParameterSet>& sets, const ParamOverride& o,
                          Diagnostics& diags);

// Reads the overlay file at `path` and merges it into the set (alias) that
// holds its parameters. `text` receives the file's text (for the hash).
bool apply_overlay(std::map<std::string, ParameterSet>& sets, const std::string& path,
                   std::string& text, Diagnostics& diags);

}  // namespace decree::loader
