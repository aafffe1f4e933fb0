#include "lsp/jsonrpc.h"

#include <cctype>

namespace decree::lsp {

std::optional<std::string> read_message(std::istream& in, size_t max_bytes) {
  std::optional<size_t> length;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) {
      if (!length) return std::nullopt;
      break;
    }
    const size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string name = line.substr(0, colon);
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (name != "content-length") continue;  // Content-Type is utf-8 in practice
    size_t n = 0;
    bool digits = false;
    for (size_t i = colon + 1; i < line.size(); ++i) {
      if (line[i] == ' ') continue;
      if (!std::isdigit(static_cast<unsigned char>(line[i]))) return std::nullopt;
      n = n * 10 + static_cast<size_t>(line[i] - '0');
      digits = true;
      if (n > max_bytes) return std::nullopt;
    }
    if (!digits) return std::nullopt;
    length = n;
  }
  if (!length || !in) return std::nullopt;
  std::string body(*length, '\0');
  in.read(body.data(), static_cast<std::streamsize>(*length));
  if (static_cast<size_t>(in.gcount()) != *length) return std::nullopt;
  return body;
}

void write_message(std::ostream& out, const std::string& body) {
  out << "Content-Length: " << body.size() << "\r\n\r\n" << body;
  out.flush();
}

}  // namespace decree::lsp
