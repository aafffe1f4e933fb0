// `decree lsp`: a language server for rule files over stdio (LSP 3.17,
// JSON-RPC 2.0 on nlohmann/json). What it answers:
//   diagnostics      as the user types: the rule set is checked with the
//                    editor's unsaved texts in place of the files
//   hover            a name's declaration: type, period, payer, doc comment,
//                    basis; a parameter's values with their sources
//   definition       rules, inputs, tables, enums and their values, and
//                    parameters in their YAML file
//   references       every place a name is written in the rule set
//   completion       names in scope, parameters after `p.`, enum values
//                    after `Enum.`, keywords, builtins, rounding modes
//   rename           a name declared in a rule file, in every rule file
// Positions are UTF-16 by default, UTF-8 when the client offers it.
#pragma once

#include <istream>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

#include "base/messages.h"
#include "lsp/analysis.h"
#include "lsp/positions.h"

namespace decree::lsp {

class Server {
 public:
  Server(std::istream& in, std::ostream& out) : in_(in), out_(out) {}
  // Serves until `exit`; the process's exit code (0 after a shutdown, 1 if
  // the client exits without one or the stream ends).
  int run();

 private:
  using json = nlohmann::json;
  std::optional<json> handle(const std::string& method, const json& params, bool& error,
                             int& error_code);
  void notify(const std::string& method, json params);
  // Analyses the rule set of `path` again and publishes its diagnostics.
  void analyse(const std::string& path);
  const Analysis* analysis_of(const std::string& path) const;
  std::string line_text(const std::string& path, uint32_t line) const;
  json range(const Place& p) const;
  json location(const Place& p) const;
  // The 1-based (line, column) of an LSP position in `path`.
  std::pair<uint32_t, uint32_t> position(const std::string& path, const json& pos) const;
  json hover(const json& params) const;
  json definition(const json& params) const;
  json references(const json& params) const;
  json completion(const json& params) const;
  std::optional<json> rename(const json& params, std::string& error) const;

  std::istream& in_;
  std::ostream& out_;
  Encoding encoding_ = Encoding::utf16;
  Lang lang_ = Lang::en;
  bool shutdown_ = false;
  std::map<std::string, std::string> open_;  // path → text
  // By rule file: the analysis of its rule set (shared by its files).
  std::map<std::string, std::shared_ptr<const Analysis>> analyses_;
  std::map<std::string, bool> published_;  // paths with diagnostics shown
};

// file:///a/%E5%B7%A5.decree ↔ /a/工.decree
std::string uri_to_path(const std::string& uri);
std::string path_to_uri(const std::string& path);

}  // namespace decree::lsp
