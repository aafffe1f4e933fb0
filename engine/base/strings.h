// Small text helpers shared by the stages' printers.
#pragma once

#include <string>
#include <vector>

namespace decree {

// `s` in double quotes, with `"`, `\` and newlines escaped: how the printers
// show a text value so that it reads back unambiguously.
std::string quoted(const std::string& s);

// The parts with `by` between them.
std::string join(const std::vector<std::string>& parts, const std::string& by = ", ");

}  // namespace decree
