// How the CLI prints a CaseError (one line, without the "where: error: " part).
#pragma once

#include <string>

#include "api/decree.h"

namespace decree::cli {

// input:      "/grade: not one of 1..10"  (just the message when there is no pointer)
// evaluation: "no avg_monthly_wage for 2030 (in rule own_wage at wi_bench.decree:40:3)"
std::string describe(const CaseError& err);

}  // namespace decree::cli
