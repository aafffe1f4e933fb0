// What a rule's formula reads, from the checker's resolutions: the rules,
// tables, parameters and inputs it names, each once, in order of first
// appearance. The version page links each to its definition.
//   output lump_sum = own_wage * disability_grade(grade).lump_sum_months
//   → rules [own_wage], tables [disability_grade], inputs [grade]
#pragma once

#include <cstdint>
#include <vector>

#include "check/program.h"

namespace decree::doc {

struct Uses {
  std::vector<uint32_t> rules;   // CheckedProgram::rules indexes
  std::vector<uint32_t> tables;  // CheckedProgram::tables indexes
  std::vector<uint32_t> params;  // CheckedProgram::params indexes
  std::vector<uint32_t> inputs;  // CheckedProgram::inputs indexes
};

// The names `e` reads (not those of the rules it reads in turn).
Uses uses_of(const CheckedProgram& c, const ast::Expr& e);

}  // namespace decree::doc
