#include "eval/format.h"

#include "base/date.h"

namespace decree {
namespace {

using K = Type::Kind;

void append_scalar(std::string& out, const Value& v, const Type& t, const CheckedProgram& prog,
                   bool json) {
  switch (t.kind) {
    case K::money:
      if (json) out += '"';
      if (v.num.is_terminating() && v.num.scale() <= 2)
        v.num.append_fixed(out, 2);
      else
        v.num.append_to(out);
      if (json) out += '"';
      return;
    case K::integer:
      v.num.append_to(out);
      return;
    case K::decimal:
    case K::rate:
      if (json) out += '"';
      v.num.append_to(out);
      if (json) out += '"';
      return;
    case K::boolean:
      out += v.bits ? "true" : "false";
      return;
    case K::date:
      if (json) out += '"';
      Date{static_cast<int32_t>(v.bits)}.append_to(out);
      if (json) out += '"';
      return;
    case K::enumeration: {
      const std::string& name = prog.enums[t.ref].values[static_cast<size_t>(v.bits)];
      if (json)
        append_json_string(out, name);
      else
        out += name;
      return;
    }
    case K::text:
      if (json)
        append_json_string(out, v.text ? *v.text : std::string());
      else
        out += v.text ? *v.text : std::string();
      return;
    case K::record: {
      const RecordInfo& rec = prog.records[t.ref];
      out += json ? "{" : rec.name + " {";
      for (size_t i = 0; i < rec.fields.size() && i < v.record->fields.size(); ++i) {
        if (i) out += ", ";
        if (json)
          append_json_string(out, rec.fields[i].name), out += ':';
        else
          out += rec.fields[i].name + ": ";
        append_scalar(out, v.record->fields[i], rec.fields[i].type, prog, json);
      }
      out += '}';
      return;
    }
    case K::table_row: {
      // One row of a list lookup: its columns by name.
      const TableInfo& tab = prog.tables[t.ref];
      out += '{';
      for (size_t i = 0; i < tab.results.size() && i < v.record->fields.size(); ++i) {
        if (i) out += ", ";
        const std::string& name = tab.decl->results[i].name;
        if (json)
          append_json_string(out, name), out += ':';
        else
          out += name + ": ";
        append_scalar(out, v.record->fields[i], tab.results[i], prog, json);
      }
      out += '}';
      return;
    }
    default:
      out += "?";
      return;
  }
}

void append_any(std::string& out, const Value& v, const Type& t, const CheckedProgram& prog,
                bool json) {
  if (!t.list) return append_scalar(out, v, t, prog, json);
  out += '[';
  const Type el = t.element();
  bool first = true;
  if (v.list)
    for (const Value& item : v.list->items) {
      if (!first) out += ", ";
      first = false;
      append_scalar(out, item, el, prog, json);
    }
  out += ']';
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
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
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += ch;
        }
    }
  }
  out += '"';
}

void append_value_text(std::string& out, const Value& v, const Type& t,
                       const CheckedProgram& prog) {
  append_any(out, v, t, prog, false);
}

std::string value_text(const Value& v, const Type& t, const CheckedProgram& prog) {
  std::string s;
  append_value_text(s, v, t, prog);
  return s;
}

void append_value_json(std::string& out, const Value& v, const Type& t,
                       const CheckedProgram& prog) {
  append_any(out, v, t, prog, true);
}

}  // namespace decree
