#include "serve/schema.h"

#include "check/program.h"
#include "eval/format.h"

namespace decree::serve {
namespace {

using K = Type::Kind;

// How a case writes a value of type `t` (api/decode_json.cpp): numbers as
// JSON numbers or as exact decimal strings (never exponents), money with at
// most two decimals, dates as "YYYY-MM-DD" strings.
std::string input_type(const CheckedProgram& c, const Type& t) {
  if (t.list) return "{\"type\":\"array\",\"items\":" + input_type(c, t.element()) + "}";
  switch (t.kind) {
    case K::integer:
      return R"js({"type":["integer","string"],"pattern":"^-?[0-9]+$"})js";
    case K::money:
      return R"js({"type":["number","string"],"pattern":"^-?[0-9]+(\\.[0-9]{1,2})?$","multipleOf":0.01,"description":"an amount in yuan, at most two decimals (exact: a string such as \"5000.00\" is best)"})js";
    case K::decimal:
    case K::rate:
      return R"js({"type":["number","string"],"pattern":"^-?[0-9]+(\\.[0-9]+)?$","description":"an exact decimal (a string such as \"0.75\" is best; no exponent)"})js";
    case K::boolean:
      return R"js({"type":"boolean"})js";
    case K::date:
      return R"js({"type":"string","format":"date","pattern":"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"})js";
    case K::text:
      return R"js({"type":"string"})js";
    case K::enumeration:
      return "{\"$ref\":\"#/$defs/" + c.enums[t.ref].name + "\"}";
    case K::record:
      return "{\"$ref\":\"#/$defs/" + c.records[t.ref].name + "\"}";
    default:
      return "{}";
  }
}

// How a result writes it (eval/format.h: append_value_json).
std::string output_type(const CheckedProgram& c, const Type& t) {
  if (t.list) return "{\"type\":\"array\",\"items\":" + output_type(c, t.element()) + "}";
  switch (t.kind) {
    case K::integer:
      return R"js({"type":"integer"})js";
    case K::money:
      return R"js({"type":"string","pattern":"^-?[0-9]+\\.[0-9]{2}$"})js";
    case K::decimal:
    case K::rate:
      return R"js({"type":"string","pattern":"^-?[0-9]+(\\.[0-9]+)?$"})js";
    case K::boolean:
      return R"js({"type":"boolean"})js";
    case K::date:
      return R"js({"type":"string","format":"date"})js";
    case K::text:
      return R"js({"type":"string"})js";
    case K::enumeration:
      return "{\"$ref\":\"#/$defs/" + c.enums[t.ref].name + "\"}";
    case K::record:
      return "{\"$ref\":\"#/$defs/" + c.records[t.ref].name + "_result\"}";
    default:
      return "{}";
  }
}

std::string defs(const CheckedProgram& c, bool for_output) {
  std::string out = "\"$defs\":{";
  bool first = true;
  for (const auto& e : c.enums) {
    if (!first) out += ',';
    first = false;
    append_json_string(out, e.name);
    out += ":{\"enum\":[";
    for (size_t i = 0; i < e.values.size(); ++i) {
      if (i) out += ',';
      append_json_string(out, e.values[i]);
    }
    out += "]}";
  }
  for (const auto& r : c.records) {
    if (!first) out += ',';
    first = false;
    append_json_string(out, for_output ? r.name + "_result" : r.name);
    out += ":{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{";
    for (size_t i = 0; i < r.fields.size(); ++i) {
      if (i) out += ',';
      append_json_string(out, r.fields[i].name);
      out +=
          ':' + (for_output ? output_type(c, r.fields[i].type) : input_type(c, r.fields[i].type));
    }
    out += "},\"required\":[";
    for (size_t i = 0; i < r.fields.size(); ++i) {
      if (i) out += ',';
      append_json_string(out, r.fields[i].name);
    }
    out += "]}";
  }
  return out + "}";
}

std::string input_schema(const RuleSet& rules) {
  const CheckedProgram& c = rules.checked();
  std::string props, required;
  for (const auto& in : c.inputs) {
    if (!props.empty()) props += ',';
    append_json_string(props, in.name);
    std::string t = input_type(c, in.type);
    const bool has_default = in.decl && in.decl->default_value;
    // Bounds of `in lo..hi`, for a value written as a JSON number (a string
    // is checked by the service itself, with the same bounds).
    std::string extra;
    if (in.min) extra += ",\"minimum\":" + in.min->to_string();
    if (in.max) extra += ",\"maximum\":" + in.max->to_string();
    if (in.min_date) extra += ",\"description\":\"on or after " + in.min_date->to_string() + "\"";
    if (in.decl && !in.decl->doc.empty()) {
      std::string doc;
      append_json_string(doc, in.decl->doc);
      extra += ",\"title\":" + doc;
    }
    if (in.optional || has_default) {
      // May be left out, or given as null.
      props += ":{\"anyOf\":[" + t + ",{\"type\":\"null\"}]" + extra + "}";
    } else {
      props += ":{\"allOf\":[" + t + "]" + extra + "}";
      if (!required.empty()) required += ',';
      append_json_string(required, in.name);
    }
  }
  std::string out = "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",";
  out += "\"title\":";
  append_json_string(out, "A case of " + rules.name() + " " + rules.version().name);
  out += ",\"type\":\"object\",\"additionalProperties\":false,\"properties\":{" + props +
         "},\"required\":[" + required + "]," + defs(c, false) + "}";
  return out;
}

std::string output_schema(const RuleSet& rules) {
  const CheckedProgram& c = rules.checked();
  std::string props =
      R"js("case_id":{"type":"string"},"ruleset":{"type":"string"},"version":{"type":"string"},)js"
      R"js("rules_hash":{"type":"string","pattern":"^sha256:[0-9a-f]{64}$"},)js"
      R"js("decision_id":{"type":"string","format":"uuid"},)js"
      R"js("paid_by":{"type":"object","additionalProperties":{"enum":["fund","employer"]}},)js"
      R"js("output_errors":{"type":"object","additionalProperties":{"type":"string"}},)js"
      R"js("weak_sources":{"type":"array"},"param_overrides":{"type":"object","additionalProperties":{"type":"string"}},)js"
      R"js("param_overlays":{"type":"array","items":{"type":"string"}},"trace":{"type":"object"})js";
  std::string required = R"js("ruleset","rules_hash","decision_id")js";
  for (uint32_t r : c.outputs) {
    const RuleInfo& o = c.rules[r];
    props += ',';
    append_json_string(props, o.name);
    // null where the output failed on its own (see output_errors).
    props += ":{\"anyOf\":[" + output_type(c, o.type) + ",{\"type\":\"null\"}]}";
    required += ',';
    append_json_string(required, o.name);
  }
  std::string out = "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",";
  out += "\"title\":";
  append_json_string(out, "The result of " + rules.name() + " " + rules.version().name);
  out += ",\"type\":\"object\",\"additionalProperties\":false,\"properties\":{" + props +
         "},\"required\":[" + required + "]," + defs(c, true) + "}";
  return out;
}

}  // namespace

std::string version_schemas(const RuleSet& rules) {
  std::string out = "{\"ruleset\":";
  append_json_string(out, rules.name());
  out += ",\"version\":";
  append_json_string(out, rules.version().name);
  out += ",\"rules_hash\":";
  append_json_string(out, "sha256:" + rules.version().hash);
  out += ",\"input\":" + input_schema(rules) + ",\"output\":" + output_schema(rules) + "}";
  return out;
}

}  // namespace decree::serve
