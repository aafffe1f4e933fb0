#include "check/program.h"

namespace decree {

int RecordInfo::field_index(const std::string& n) const {
  for (size_t i = 0; i < fields.size(); ++i)
    if (fields[i].name == n) return static_cast<int>(i);
  return -1;
}

std::string CheckedProgram::type_name(const Type& t) const {
  std::string base;
  switch (t.kind) {
    case Type::Kind::error:
      base = "<error>";
      break;
    case Type::Kind::integer:
      base = "integer";
      break;
    case Type::Kind::decimal:
      base = "decimal";
      break;
    case Type::Kind::rate:
      base = "rate";
      break;
    case Type::Kind::money:
      base = "money";
      break;
    case Type::Kind::boolean:
      base = "bool";
      break;
    case Type::Kind::date:
      base = "date";
      break;
    case Type::Kind::text:
      base = "text";
      break;
    case Type::Kind::enumeration:
      base = t.ref < enums.size() ? enums[t.ref].name : "enum";
      break;
    case Type::Kind::record:
      base = t.ref < records.size() ? records[t.ref].name : "record";
      break;
    case Type::Kind::rounding_mode:
      base = "rounding mode";
      break;
    case Type::Kind::table_row:
      base = "row of table " + (t.ref < tables.size() ? tables[t.ref].name : std::string("?"));
      break;
    case Type::Kind::param:
      base = "parameter";
      break;
    case Type::Kind::param_set:
      base = "parameter set";
      break;
    case Type::Kind::enum_type:
      base = "enum type";
      break;
  }
  return t.list ? "list of " + base : base;
}

}  // namespace decree
