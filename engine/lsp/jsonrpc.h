// JSON-RPC 2.0 messages of the Language Server Protocol over a byte
// stream: each one a `Content-Length: N` header block, a blank line, and N
// bytes of JSON (LSP 3.17, "Base Protocol").
#pragma once

#include <istream>
#include <optional>
#include <ostream>
#include <string>

namespace decree::lsp {

// The next message's body; nullopt at the end of the stream or on a header
// block without a valid Content-Length (the stream cannot be resynchronised).
// `max_bytes`: a larger body is refused (nullopt) rather than allocated.
std::optional<std::string> read_message(std::istream& in, size_t max_bytes = size_t{64} << 20);

// Writes one message and flushes.
void write_message(std::ostream& out, const std::string& body);

}  // namespace decree::lsp
