#include "check/program.h"

#include "base/codes_check.h"

namespace decree {

int RecordInfo::field_index(const std::string& n) const {
  for (size_t i = 0; i < fields.size(); ++i)
    if (fields[i].name == n) return static_cast<int>(i);
  return -1;
}

std::string CheckedProgram::type_name(const Type& t, Lang lang) const {
  auto words = [&](Code code, MessageArgs args = {}) {
    return message_text({code, std::move(args)}, lang);
  };
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
      base = t.ref < enums.size() ? enums[t.ref].name : words(msg::type_enum);
      break;
    case Type::Kind::record:
      base = t.ref < records.size() ? records[t.ref].name : words(msg::type_record);
      break;
    case Type::Kind::rounding_mode:
      base = words(msg::type_rounding_mode);
      break;
    case Type::Kind::table_row: {
      // "表 x 的行组成的列表" reads better than "表 x 的行 列表".
      MessageArgs table = {{"table", t.ref < tables.size() ? tables[t.ref].name : "?"}};
      return words(t.list ? msg::type_table_rows : msg::type_table_row, std::move(table));
    }
    case Type::Kind::param:
      base = words(msg::type_parameter);
      break;
    case Type::Kind::param_set:
      base = words(msg::type_param_set);
      break;
    case Type::Kind::enum_type:
      base = words(msg::type_enum_type);
      break;
  }
  return t.list ? words(msg::type_list_of, {{"type", base}}) : base;
}

}  // namespace decree
