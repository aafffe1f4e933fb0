// The canonical text of a JSON value, so that the same case sent with other
// whitespace or another key order has the same input hash in its audit
// record: object keys sorted by their UTF-8 bytes, no whitespace, strings
// with the escapes of RFC 8785 §3.2.2.2 (others as UTF-8), and numbers as
// written — unlike RFC 8785, never through a double, since the engine reads
// amounts from their text.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace decree::audit {

// nullopt if `json` is not one well-formed JSON value.
std::optional<std::string> canonical_json(std::string_view json);

}  // namespace decree::audit
