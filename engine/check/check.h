// The check stage's entry point: resolves names, checks types and units,
// finds cycles, table gaps and overlaps, unrounded money outputs and unused
// inputs, and orders rules for evaluation.
#pragma once

#include <optional>
#include <vector>

#include "base/diagnostics.h"
#include "check/program.h"
#include "params/parameters.h"
#include "syntax/ast.h"

namespace decree {

// `params[i]` is the parameter file loaded for the i-th `parameters` decl
// over all modules (in module order), or nullptr if it failed to load.
// Returns nullopt if any error was reported; warnings do not prevent success.
std::optional<CheckedProgram> check(const std::vector<const ast::Module*>& modules,
                                    const std::vector<const ParameterSet*>& params,
                                    Diagnostics& diags);

}  // namespace decree
