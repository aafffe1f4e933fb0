// Re-indents compact JSON for people (`decree eval --format json`). Only
// whitespace changes: numbers and strings are copied byte for byte, never
// parsed, so exact decimals stay exact.
#pragma once

#include <string>
#include <string_view>

namespace decree {

// {"a":"1.00","b":[1,2]} →
// {
//   "a": "1.00",
//   "b": [
//     1,
//     2
//   ]
// }
// followed by a newline. Empty objects and arrays stay "{}" and "[]".
std::string pretty_json(std::string_view compact);

}  // namespace decree
