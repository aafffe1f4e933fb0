#include "audit/canonical_json.h"

#include <simdjson.h>

#include <algorithm>
#include <utility>
#include <vector>

namespace decree::audit {
namespace {

namespace od = simdjson::ondemand;

// Not eval/format.h's append_json_string: RFC 8785 §3.2.2.2 wants \b and \f
// as short escapes, which that one writes as \u0008 and \u000c.
void append_string(std::string& out, std::string_view s) {
  out += '"';
  size_t run = 0;  // start of the characters copied as they are
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default: {
        static const char* hex = "0123456789abcdef";
        out += "\\u00";
        out += hex[c >> 4];
        out += hex[c & 15];
      }
    }
  }
  out.append(s.data() + run, s.size() - run);
  out += '"';
}

// Deep inputs are refused by the case decoder long before this depth.
constexpr int kMaxDepth = 256;

bool append_value(od::value value, std::string& out, int depth) {
  if (depth > kMaxDepth) return false;
  od::json_type type;
  if (value.type().get(type)) return false;
  switch (type) {
    case od::json_type::object: {
      od::object object;
      if (value.get_object().get(object)) return false;
      std::vector<std::pair<std::string, std::string>> fields;
      for (auto field : object) {
        std::string_view key;
        if (field.unescaped_key().get(key)) return false;
        std::string text;
        if (!append_value(field.value(), text, depth + 1)) return false;
        fields.emplace_back(std::string(key), std::move(text));
      }
      std::stable_sort(fields.begin(), fields.end(),
                       [](const auto& a, const auto& b) { return a.first < b.first; });
      out += '{';
      for (size_t i = 0; i < fields.size(); ++i) {
        if (i) out += ',';
        append_string(out, fields[i].first);
        out += ':';
        out += fields[i].second;
      }
      out += '}';
      return true;
    }
    case od::json_type::array: {
      od::array array;
      if (value.get_array().get(array)) return false;
      out += '[';
      bool first = true;
      for (auto element : array) {
        od::value v;
        if (element.get(v)) return false;
        if (!first) out += ',';
        first = false;
        if (!append_value(v, out, depth + 1)) return false;
      }
      out += ']';
      return true;
    }
    case od::json_type::string: {
      std::string_view s;
      if (value.get_string().get(s)) return false;
      append_string(out, s);
      return true;
    }
    case od::json_type::number: {
      // The literal as written (simdjson has checked it is a number token).
      std::string_view raw = value.raw_json_token();
      while (!raw.empty() &&
             (raw.back() == ' ' || raw.back() == '\n' || raw.back() == '\r' || raw.back() == '\t'))
        raw.remove_suffix(1);
      out += raw;
      return true;
    }
    case od::json_type::boolean: {
      bool b;
      if (value.get_bool().get(b)) return false;
      out += b ? "true" : "false";
      return true;
    }
    case od::json_type::null:
      if (!value.is_null()) return false;
      out += "null";
      return true;
    default:
      return false;
  }
}

}  // namespace

std::optional<std::string> canonical_json(std::string_view json) {
  thread_local od::parser parser;
  simdjson::padded_string padded(json);
  od::document doc;
  if (parser.iterate(padded).get(doc)) return std::nullopt;
  std::string out;
  od::json_type type;
  if (doc.type().get(type)) return std::nullopt;
  // Cases are objects; a bare scalar is not a case.
  if (type != od::json_type::object && type != od::json_type::array) return std::nullopt;
  od::value root;
  if (doc.get_value().get(root)) return std::nullopt;
  if (!append_value(root, out, 0)) return std::nullopt;
  // current_location() fails only when the whole input was consumed.
  if (!doc.current_location().error()) return std::nullopt;
  return out;
}

}  // namespace decree::audit
