// The plan stage's entry point: turns a checked rule set into an immutable
// Program (flat nodes, slots, compiled tables, folded constants).
#pragma once

#include <memory>

#include "check/program.h"
#include "plan/program.h"

namespace decree {

// Never fails on a checked program; the result refers to `checked` (and so to
// its ASTs and parameter sets), which must outlive it.
std::unique_ptr<Program> plan(const CheckedProgram& checked);

}  // namespace decree
