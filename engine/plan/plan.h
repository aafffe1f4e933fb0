// The plan stage's entry point: turns a checked rule set into an immutable
// Program (flat nodes, slots, compiled tables). Literals become constants
// (a percent already divided by 100), but nothing is folded: `0.1 + 0.2` is
// an add node over two constants (see tests/lang/plan/arithmetic.plan).
#pragma once

#include <memory>

#include "check/program.h"
#include "plan/program.h"

namespace decree {

// Never fails on a checked program; the result refers to `checked` (and so to
// its ASTs and parameter sets), which must outlive it.
std::unique_ptr<Program> plan(const CheckedProgram& checked);

}  // namespace decree
