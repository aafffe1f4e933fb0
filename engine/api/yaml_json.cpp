#include "api/yaml_json.h"

#include "decimal/decimal.h"
#include "eval/format.h"

namespace decree {
namespace {

constexpr int kMaxDepth = 64;

bool convert(const YAML::Node& n, std::string& out, int depth) {
  if (depth > kMaxDepth) return false;
  switch (n.Type()) {
    case YAML::NodeType::Map: {
      out += '{';
      bool first = true;
      for (const auto& kv : n) {
        if (!first) out += ',';
        first = false;
        append_json_string(out, kv.first.Scalar());
        out += ':';
        if (!convert(kv.second, out, depth + 1)) return false;
      }
      out += '}';
      return true;
    }
    case YAML::NodeType::Sequence: {
      out += '[';
      for (size_t i = 0; i < n.size(); ++i) {
        if (i) out += ',';
        if (!convert(n[i], out, depth + 1)) return false;
      }
      out += ']';
      return true;
    }
    case YAML::NodeType::Scalar: {
      const std::string& s = n.Scalar();
      bool plain = n.Tag() != "!";
      bool number = false;
      try {
        number = Decimal::parse(s).has_value();
      } catch (const DecimalError&) {
        number = true;  // out of range: the decoder reports it by its pointer
      }
      if (plain && (s == "true" || s == "false" || number)) {
        out += s;
      } else if (plain && (s == "null" || s == "~")) {
        out += "null";
      } else {
        append_json_string(out, s);
      }
      return true;
    }
    default:
      out += "null";
      return true;
  }
}

}  // namespace

bool yaml_to_json(const YAML::Node& node, std::string& out) { return convert(node, out, 0); }

}  // namespace decree
