#include "lsp/server.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "lsp/jsonrpc.h"
#include "syntax/builtins.h"

namespace decree::lsp {
namespace {

using json = nlohmann::json;

// JSON-RPC and LSP error codes.
constexpr int kMethodNotFound = -32601;
constexpr int kInvalidParams = -32602;
constexpr int kRequestFailed = -32803;
constexpr int kServerNotInitialized = -32002;

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_rule_file(const std::string& path) {
  return path.size() > 7 && path.compare(path.size() - 7, 7, ".decree") == 0;
}

const char* const kKeywords[] = {
    "ruleset", "basis",  "parameters", "as",        "enum",     "record",   "input",
    "let",     "output", "table",      "hit",       "unique",   "first",    "collect",
    "when",    "otherwise", "if",      "then",      "else",     "match",    "and",
    "or",      "not",    "in",         "where",     "optional", "list",     "of",
    "true",    "false",  "version",    "effective", "until",    "extends",  "select",
    "by",      "override", "paid",     "per",       "once",     "for"};
const char* const kTypes[] = {"integer", "decimal", "rate", "money", "bool", "date", "text"};
const char* const kRounding[] = {"half_up", "half_even", "half_down", "up",
                                 "down",    "ceiling",   "floor"};

// LSP CompletionItemKind
constexpr int kFunction = 3, kField = 5, kVariable = 6, kClass = 7, kKeyword = 14,
              kEnumMember = 20, kConstant = 21, kTypeParameter = 25;

int completion_kind(const std::string& kind) {
  if (kind == "output" || kind == "let") return kVariable;
  if (kind == "input") return kField;
  if (kind == "table") return kFunction;
  if (kind == "enum") return kClass;
  if (kind == "enum value") return kEnumMember;
  return kConstant;
}

}  // namespace

std::string uri_to_path(const std::string& uri) {
  std::string s = uri.rfind("file://", 0) == 0 ? uri.substr(7) : uri;
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string path_to_uri(const std::string& path) {
  static const char* digits = "0123456789ABCDEF";
  std::string out = "file://";
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += digits[c >> 4];
      out += digits[c & 15];
    }
  }
  return out;
}

int Server::run() {
  bool initialized = false;
  while (auto body = read_message(in_)) {
    json msg;
    try {
      msg = json::parse(*body);
    } catch (const std::exception& e) {
      write_message(out_, json{{"jsonrpc", "2.0"},
                               {"id", nullptr},
                               {"error", {{"code", -32700}, {"message", e.what()}}}}
                              .dump());
      continue;
    }
    const std::string method = msg.value("method", "");
    const bool request = msg.contains("id");
    const json params = msg.contains("params") ? msg["params"] : json::object();
    if (method == "exit") return shutdown_ ? 0 : 1;
    bool error = false;
    int code = 0;
    std::optional<json> result;
    if (!initialized && method != "initialize") {
      error = true;
      code = kServerNotInitialized;
      result = "the server is not initialized";
    } else {
      try {
        result = handle(method, params, error, code);
      } catch (const std::exception& e) {
        error = true;
        code = kInvalidParams;
        result = std::string(e.what());
      }
    }
    if (method == "initialize" && !error) initialized = true;
    if (!request) continue;  // a notification gets no answer
    json answer{{"jsonrpc", "2.0"}, {"id", msg["id"]}};
    if (error)
      answer["error"] = {{"code", code}, {"message", result ? *result : json("")}};
    else
      answer["result"] = result ? *result : json(nullptr);
    write_message(out_, answer.dump(-1, ' ', false, json::error_handler_t::replace));
  }
  return 1;
}

std::optional<nlohmann::json> Server::handle(const std::string& method, const json& params,
                                             bool& error, int& code) {
  if (method == "initialize") {
    // UTF-8 positions when the client can take them: then a column is a
    // byte offset, as in the rule files themselves.
    encoding_ = Encoding::utf16;
    if (params.contains("capabilities") && params["capabilities"].contains("general") &&
        params["capabilities"]["general"].contains("positionEncodings"))
      for (const auto& e : params["capabilities"]["general"]["positionEncodings"])
        if (e == "utf-8") encoding_ = Encoding::utf8;
    const std::string locale = params.value("locale", "");
    lang_ = locale.rfind("zh", 0) == 0 ? Lang::zh : Lang::en;
    return json{{"capabilities",
                 {{"positionEncoding", encoding_ == Encoding::utf8 ? "utf-8" : "utf-16"},
                  {"textDocumentSync", {{"openClose", true}, {"change", 1}, {"save", true}}},
                  {"hoverProvider", true},
                  {"definitionProvider", true},
                  {"referencesProvider", true},
                  {"renameProvider", true},
                  {"completionProvider", {{"triggerCharacters", {"."}}}}}},
                {"serverInfo", {{"name", "decree"}}}};
  }
  if (method == "initialized" || method == "$/setTrace" || method == "$/cancelRequest")
    return std::nullopt;
  if (method == "shutdown") {
    shutdown_ = true;
    return json(nullptr);
  }
  if (method == "textDocument/didOpen" || method == "textDocument/didChange") {
    const json& doc = params["textDocument"];
    const std::string path = uri_to_path(doc["uri"]);
    if (method == "textDocument/didOpen")
      open_[path] = doc["text"].get<std::string>();
    else if (!params["contentChanges"].empty())
      open_[path] = params["contentChanges"].back()["text"].get<std::string>();  // full sync
    if (is_rule_file(path)) analyse(path);
    return std::nullopt;
  }
  if (method == "textDocument/didSave") {
    const std::string path = uri_to_path(params["textDocument"]["uri"]);
    if (is_rule_file(path)) analyse(path);
    return std::nullopt;
  }
  if (method == "textDocument/didClose") {
    const std::string path = uri_to_path(params["textDocument"]["uri"]);
    open_.erase(path);
    // The file as saved is what the rule set is now.
    if (is_rule_file(path)) analyse(path);
    return std::nullopt;
  }
  if (method == "textDocument/hover") return hover(params);
  if (method == "textDocument/definition") return definition(params);
  if (method == "textDocument/references") return references(params);
  if (method == "textDocument/completion") return completion(params);
  if (method == "textDocument/rename") {
    std::string why;
    auto edit = rename(params, why);
    if (!edit) {
      error = true;
      code = kRequestFailed;
      return json(why);
    }
    return edit;
  }
  error = true;
  code = kMethodNotFound;
  return json("no method " + method);
}

void Server::notify(const std::string& method, json params) {
  write_message(out_, json{{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}}
                          .dump(-1, ' ', false, json::error_handler_t::replace));
}

void Server::analyse(const std::string& path) {
  auto a = std::make_shared<const Analysis>(Analysis::run(path, open_, lang_));
  analyses_[path] = a;
  for (const auto& f : a->files) analyses_[f] = a;
  // Every file with problems now, and every file that had some and has none.
  std::map<std::string, json> by_file;
  for (auto& [p, shown] : published_)
    if (shown) by_file[p] = json::array();
  for (const auto& f : a->files) by_file[f] = json::array();
  by_file[path] = json::array();
  for (const auto& p : a->problems) {
    json d{{"range", range(p.at)},
           {"severity", p.error ? 1 : 2},
           {"source", "decree"},
           {"message", p.message}};
    if (!p.code.empty()) d["code"] = p.code;
    by_file[p.at.path].push_back(d);
  }
  for (auto& [p, list] : by_file) {
    published_[p] = !list.empty();
    notify("textDocument/publishDiagnostics", {{"uri", path_to_uri(p)}, {"diagnostics", list}});
  }
}

const Analysis* Server::analysis_of(const std::string& path) const {
  auto it = analyses_.find(path);
  return it == analyses_.end() ? nullptr : it->second.get();
}

std::string Server::line_text(const std::string& path, uint32_t line) const {
  std::string text;
  if (auto it = open_.find(path); it != open_.end()) {
    text = it->second;
  } else {
    std::ifstream f(path, std::ios::binary);
    std::ostringstream s;
    s << f.rdbuf();
    text = s.str();
  }
  size_t start = 0;
  for (uint32_t l = 1; l < line && start != std::string::npos; ++l) {
    start = text.find('\n', start);
    if (start != std::string::npos) ++start;
  }
  if (start == std::string::npos || start > text.size()) return {};
  size_t end = text.find('\n', start);
  std::string out = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
  if (!out.empty() && out.back() == '\r') out.pop_back();
  return out;
}

nlohmann::json Server::range(const Place& p) const {
  const uint32_t line = p.line ? p.line : 1, end_line = p.end_line ? p.end_line : line;
  const std::string first = line_text(p.path, line);
  const std::string last = end_line == line ? first : line_text(p.path, end_line);
  return {{"start",
           {{"line", line - 1}, {"character", to_character(first, p.col ? p.col : 1, encoding_)}}},
          // The end is exclusive in LSP, inclusive in our spans.
          {"end",
           {{"line", end_line - 1},
            {"character", to_character(last, (p.end_col ? p.end_col : 1) + 1, encoding_)}}}};
}

nlohmann::json Server::location(const Place& p) const {
  return {{"uri", path_to_uri(p.path)}, {"range", range(p)}};
}

std::pair<uint32_t, uint32_t> Server::position(const std::string& path, const json& pos) const {
  const uint32_t line = pos.at("line").get<uint32_t>() + 1;
  return {line, to_column(line_text(path, line), pos.at("character").get<uint32_t>(), encoding_)};
}

nlohmann::json Server::hover(const json& params) const {
  const std::string path = uri_to_path(params["textDocument"]["uri"]);
  const Analysis* a = analysis_of(path);
  if (!a) return nullptr;
  auto [line, col] = position(path, params["position"]);
  const Occurrence* o = a->at(path, line, col);
  if (!o) return nullptr;
  return {{"contents", {{"kind", "markdown"}, {"value", a->symbols[o->symbol].hover}}},
          {"range", range(o->at)}};
}

nlohmann::json Server::definition(const json& params) const {
  const std::string path = uri_to_path(params["textDocument"]["uri"]);
  const Analysis* a = analysis_of(path);
  if (!a) return nullptr;
  auto [line, col] = position(path, params["position"]);
  const Occurrence* o = a->at(path, line, col);
  if (!o) return nullptr;
  return location(a->symbols[o->symbol].at);
}

nlohmann::json Server::references(const json& params) const {
  const std::string path = uri_to_path(params["textDocument"]["uri"]);
  const Analysis* a = analysis_of(path);
  json out = json::array();
  if (!a) return out;
  auto [line, col] = position(path, params["position"]);
  const Occurrence* o = a->at(path, line, col);
  if (!o) return out;
  const bool with_declaration =
      params.contains("context") && params["context"].value("includeDeclaration", false);
  const Place& decl = a->symbols[o->symbol].at;
  std::set<std::tuple<std::string, uint32_t, uint32_t>> seen;
  for (const auto& r : a->occurrences) {
    if (r.symbol != o->symbol) continue;
    const bool is_decl = r.at.path == decl.path && r.at.line == decl.line && r.at.col == decl.col;
    if (is_decl && !with_declaration) continue;
    if (!seen.insert({r.at.path, r.at.line, r.at.col}).second) continue;
    out.push_back(location(r.at));
  }
  return out;
}

nlohmann::json Server::completion(const json& params) const {
  const std::string path = uri_to_path(params["textDocument"]["uri"]);
  auto [line, col] = position(path, params["position"]);
  const std::string text = line_text(path, line);
  // The text before the cursor: is it `alias.` or `Enum.`?
  const std::string before = text.substr(0, [&] {
    size_t byte = 0;
    for (uint32_t c = 1; c < col && byte < text.size(); ++c) {
      ++byte;
      while (byte < text.size() && (static_cast<unsigned char>(text[byte]) & 0xC0) == 0x80) ++byte;
    }
    return byte;
  }());
  std::smatch m;
  const std::string prefix =
      std::regex_search(before, m, std::regex(R"(([A-Za-z_\x80-\xff][\w\x80-\xff]*)\.[\w\x80-\xff]*$)"))
          ? m[1].str()
          : "";
  json items = json::array();
  std::set<std::string> seen;
  auto add = [&](const std::string& label, int kind, const std::string& detail) {
    if (!seen.insert(label).second) return;
    json item{{"label", label}, {"kind", kind}};
    if (!detail.empty()) item["detail"] = detail;
    items.push_back(item);
  };
  const Analysis* a = analysis_of(path);
  if (!prefix.empty()) {
    if (a)
      for (const auto& s : a->symbols) {
        if (s.kind == "parameter" && s.name.rfind(prefix + ".", 0) == 0)
          add(s.name.substr(prefix.size() + 1), kConstant, "parameter");
      }
    if (a)
      for (size_t i = 0; i < a->symbols.size(); ++i)
        if (a->symbols[i].kind == "enum" && a->symbols[i].name == prefix)
          for (const auto& s : a->symbols)
            if (s.kind == "enum value" && s.hover.find("enum `" + prefix + "`") != std::string::npos)
              add(s.name, kEnumMember, prefix);
    return json{{"isIncomplete", false}, {"items", items}};
  }
  if (a)
    for (const auto& s : a->symbols)
      if (s.kind != "parameter") add(s.name, completion_kind(s.kind), s.kind);
  for (const auto& b : builtins())
    if (b.forms & kCall) add(std::string(b.name), kFunction, std::string(b.usage));
  for (const char* k : kKeywords) add(k, kKeyword, "");
  for (const char* t : kTypes) add(t, kTypeParameter, "type");
  for (const char* r : kRounding) add(r, kConstant, "rounding mode");
  return json{{"isIncomplete", false}, {"items", items}};
}

std::optional<nlohmann::json> Server::rename(const json& params, std::string& error) const {
  const std::string path = uri_to_path(params["textDocument"]["uri"]);
  const Analysis* a = analysis_of(path);
  const std::string name = params.value("newName", "");
  static const std::regex ident(R"(^[A-Za-z_\x80-\xff][\w\x80-\xff]*$)");
  if (!std::regex_match(name, ident)) {
    error = "`" + name + "` is not a name";
    return std::nullopt;
  }
  if (!a) {
    error = "the rule set has not been analysed";
    return std::nullopt;
  }
  auto [line, col] = position(path, params["position"]);
  const Occurrence* o = a->at(path, line, col);
  if (!o) {
    error = "no name here";
    return std::nullopt;
  }
  const Symbol& s = a->symbols[o->symbol];
  if (!s.renamable) {
    error = s.kind == "parameter" ? "a parameter is renamed in its YAML file and every rule set "
                                    "that reads it, not here"
                                  : "`" + s.name + "` is not declared in a rule file";
    return std::nullopt;
  }
  for (const auto& other : a->symbols)
    if (other.name == name && other.kind != "enum value" && s.kind != "enum value") {
      error = "`" + name + "` is declared already (" + other.kind + ")";
      return std::nullopt;
    }
  json changes = json::object();
  std::set<std::tuple<std::string, uint32_t, uint32_t>> seen;
  for (const auto& r : a->occurrences) {
    if (r.symbol != o->symbol || !is_rule_file(r.at.path)) continue;
    if (!seen.insert({r.at.path, r.at.line, r.at.col}).second) continue;
    changes[path_to_uri(r.at.path)].push_back({{"range", range(r.at)}, {"newText", name}});
  }
  return json{{"changes", changes}};
}

}  // namespace decree::lsp
