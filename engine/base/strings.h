// Small text helpers shared by the stages' printers.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace decree {

// `s` in double quotes, with `"`, `\` and newlines escaped: how the printers
// show a text value so that it reads back unambiguously.
std::string quoted(const std::string& s);

// The parts with `by` between them.
std::string join(const std::vector<std::string>& parts, const std::string& by = ", ");

// Display width of a UTF-8 string in terminal columns: CJK and full-width
// characters take two, so that carets and columns line up under Chinese text.
size_t display_width(std::string_view s);

// `s` followed by spaces up to `width` display columns (at least one space).
std::string pad_to_width(const std::string& s, size_t width);

}  // namespace decree
