// Values as text, by their checked type: money with exactly two decimals
// (the checker guarantees no more), other numbers exact, dates ISO, enums by
// name. Used by results, explanations and traces alike.
#pragma once

#include <string>

#include "check/program.h"
#include "plan/value.h"

namespace decree {

void append_value_text(std::string& out, const Value& v, const Type& t, const CheckedProgram& prog);
std::string value_text(const Value& v, const Type& t, const CheckedProgram& prog);

// Appends v as a JSON value: numbers other than integers as strings (exact),
// integers as JSON numbers, bool, dates and enums as strings, lists as arrays,
// records as objects.
void append_value_json(std::string& out, const Value& v, const Type& t, const CheckedProgram& prog);
// A JSON string literal with escapes.
void append_json_string(std::string& out, std::string_view s);

}  // namespace decree
