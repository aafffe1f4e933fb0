// Dated parameters loaded from YAML (OpenFisca style), with a strict schema.
//
//   avg_monthly_wage:
//     description: 全省在岗职工月平均工资
//     unit: money                 # money | rate | decimal | integer
//     reference: "吉林省统计局 …, 2023-06-30"
//     index: year                 # date (default) | year | integer
//     values:
//       2021: "6685.17"                       # plain value, or:
//       2022: {value: "6973.58", reference: "…", note: "…"}
//       2023: {unsourced: "not yet published by …"}   # no invented figure
//
// index: date    keys are start dates (YYYY-MM-DD); a value holds until the
//                next date; a `null` value ends it (OpenFisca).
// index: year    keys are calendar years; a year without an entry is missing.
// index: integer keys are integers (e.g. a disability grade).
// Values are read from their YAML text, never through double. Any unknown or
// misplaced key is an error at its file:line:col.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/date.h"
#include "base/diagnostics.h"
#include "decimal/decimal.h"

namespace decree {

enum class ParamUnit { money, rate, decimal, integer };
enum class ParamIndex { date, year, integer };

std::string_view param_unit_name(ParamUnit unit);
std::string_view param_index_name(ParamIndex index);

struct ParamValue {
  int64_t key = 0;               // date: Date::days; year: the year; integer: the key
  std::optional<Decimal> value;  // nullopt: validity ends here (date index only), or unsourced
  std::string reference;         // per-value source, may be empty
  std::string note;
  std::string unsourced;         // `{unsourced: "why"}`: the figure could not be found
  Span span;
};

struct Parameter {
  std::string name;
  std::string description;
  ParamUnit unit = ParamUnit::decimal;
  std::string reference;
  ParamIndex index = ParamIndex::date;
  std::vector<ParamValue> values;  // sorted by key, keys unique
  Span span;
  // `--param NAME=VALUE`: a what-if value that applies at every key.
  std::optional<ParamValue> what_if;

  // index == date: the value in effect on `d` (last start date <= d), or
  // nullptr when none applies (before the first date, or after a null end).
  // An unsourced entry is returned (its value is empty), so that the error
  // can say why. A what-if value, if set, applies at every key.
  const ParamValue* at_date(Date d) const;
  // index == year or integer: the entry with exactly this key, or nullptr.
  const ParamValue* at_key(int64_t key) const;
  // The reference to cite for a value: its own, else the parameter's.
  const std::string& reference_for(const ParamValue& v) const;
};

struct ParameterSet {
  SourceRef source;
  std::vector<Parameter> params;  // in file order
  const Parameter* find(std::string_view name) const;
};

// Parses a parameter file already in memory; errors go to `diags` with
// file:line:col. Returns nullopt if there was any error.
std::optional<ParameterSet> parse_parameters(SourceRef source, Diagnostics& diags);
// Reads and parses a parameter file; an unreadable file is an error naming the path.
std::optional<ParameterSet> load_parameters(const std::string& path, Diagnostics& diags);

}  // namespace decree
