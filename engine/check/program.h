// The checker's output: the rule set's symbols with resolved types, and side
// tables keyed by expression id (cel-cpp style) that say what each name
// refers to, each expression's type and, for numbers, how many decimal
// places it may carry. The AST itself is not modified.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/date.h"
#include "base/messages.h"
#include "check/types.h"
#include "decimal/decimal.h"
#include "params/parameters.h"
#include "syntax/ast.h"

namespace decree {

struct EnumInfo {
  std::string name;
  std::vector<std::string> values;
  const ast::EnumDecl* decl = nullptr;
};

struct RecordInfo {
  std::string name;
  struct Field {
    std::string name;
    Type type;
  };
  std::vector<Field> fields;
  const ast::RecordDecl* decl = nullptr;
  int field_index(const std::string& name) const;
};

struct InputInfo {
  std::string name;
  Type type;
  const ast::InputDecl* decl = nullptr;
  // Bounds from `in lo..hi` (numeric types use the Decimal, dates the Date).
  std::optional<Decimal> min, max;
  std::optional<Date> min_date, max_date;
  bool optional = false;
};

struct RuleInfo {
  std::string name;
  bool output = false;
  Type type;
  const ast::RuleDecl* decl = nullptr;
  int scale = 0;               // decimal places the value may carry (kInfiniteScale if unbounded)
  std::vector<uint32_t> deps;  // rules it reads directly
  // An output's period: `per month`, `once`, or none declared (always none
  // for a let). When any money output of a rule set declares one, they all do.
  ast::Period period = ast::Period::none;
};

// A table row's key pattern as an interval over the key's ordered domain:
// numbers by value, enums by ordinal, bool as 0/1, dates as day numbers,
// texts by their index in CheckedProgram::table_texts.
// A single value v is [v, v]; `_` is unbounded on both sides.
struct KeyInterval {
  std::optional<Decimal> lo, hi;  // nullopt: open (unless the bound reads a name)
  bool lo_inclusive = true, hi_inclusive = true;
  // A bound that reads a name (`> retirement_age`): its value is known only
  // when a case is evaluated. A value pattern that reads one has lo == hi.
  const ast::Expr* lo_expr = nullptr;
  const ast::Expr* hi_expr = nullptr;
  bool is_constant() const { return !lo_expr && !hi_expr; }
  bool is_any() const { return !lo && !hi && is_constant(); }
  // Only for a constant interval.
  bool contains(const Decimal& v) const {
    if (lo && (lo_inclusive ? v < *lo : v <= *lo)) return false;
    if (hi && (hi_inclusive ? v > *hi : v >= *hi)) return false;
    return true;
  }
};

// One cell of a row: the union of its alternatives (`< 18 | >= 60`), or with
// `not(…)` every key none of them holds. `_` is one unbounded interval.
struct KeyCell {
  std::vector<KeyInterval> alternatives;
  bool negated = false;
  // A pattern of the cell was in error (reported): the analyses leave the
  // row out rather than read it as `_` and report overlaps that are not there.
  bool invalid = false;
  bool is_any() const { return !negated && alternatives.size() == 1 && alternatives[0].is_any(); }
  bool is_constant() const;
  // The keys a constant cell matches, as sorted disjoint intervals (for a
  // negated cell, the complement of its alternatives). Empty if it matches
  // none; only for a constant cell.
  std::vector<KeyInterval> match_set() const;
  bool contains(const Decimal& v) const;  // only for a constant cell
};

struct TableInfo {
  std::string name;
  std::vector<std::vector<KeyCell>> rows;  // rows[r][k]: row r's cell for key k
  // Two rows of a unique table might both match, and the checker cannot tell
  // (a bound reads a name): the evaluator checks that at most one matches.
  bool verify_unique = false;
  std::vector<Type> keys;
  std::vector<Type> results;
  std::vector<int> result_scales;
  std::vector<uint32_t> key_slots;  // cells may read the keys by name: loop-variable slots
  const ast::TableDecl* decl = nullptr;
};

struct ParamInfo {
  std::string alias;  // "p"
  std::string name;   // "avg_monthly_wage"
  const Parameter* param = nullptr;
  Type type;      // unit as a type
  int scale = 0;  // largest scale of its values
};

// One lookup `p.x[k1, …]`: for each enum key, the enum of the lookup and the
// parameter's key id of each of its values (-1: the parameter has no such key).
struct ParamLookup {
  uint32_t param = 0;                              // ParamInfo index
  std::vector<int32_t> enums;                      // per key: enum index, or -1
  std::vector<std::vector<int64_t>> key_of_value;  // per enum key: ordinal → key id
};

struct ParamSetInfo {
  std::string alias;
  const ParameterSet* set = nullptr;
  const ast::ParametersDecl* decl = nullptr;
};

constexpr int kInfiniteScale = 1 << 20;

// What a name (Ident, Select, Call) refers to.
struct Resolution {
  enum class Kind : uint8_t {
    none,
    input,          // index = input
    rule,           // index = rule
    enum_value,     // index = enum, sub = value ordinal
    loop_var,       // index = comprehension var slot (per checked program)
    param_set,      // index = param set
    param,          // index = ParamInfo index; a lookup p.x[…]: sub = ParamLookup index
    table,          // index = table (a call)
    table_column,   // index = table, sub = column (a Select on a table call)
    row_column,     // index = table, sub = column (a Select on one row of a list lookup)
    record_field,   // sub = field index
    builtin,        // a builtin function call
    rounding_mode,  // sub = RoundingMode
    enum_type,      // index = enum
    as_of,          // the evaluation's as-of date
  };
  Kind kind = Kind::none;
  uint32_t index = 0;
  uint32_t sub = 0;
};

struct CheckedProgram {
  std::string ruleset;
  std::string basis;
  std::vector<const ast::Module*> modules;
  std::vector<EnumInfo> enums;
  std::vector<RecordInfo> records;
  std::vector<InputInfo> inputs;
  std::vector<RuleInfo> rules;    // lets and outputs in declaration order
  std::vector<uint32_t> order;    // rule indexes, each after the rules it reads
  std::vector<uint32_t> outputs;  // rule indexes of outputs, in source order
  std::vector<TableInfo> tables;
  // The text literals of table patterns, each once: a text key's pattern
  // "Medium" is the point (its index here) in its KeyInterval.
  std::vector<std::string> table_texts;
  std::vector<ParamSetInfo> param_sets;
  std::vector<ParamInfo> params;
  std::vector<ParamLookup> param_lookups;  // by Resolution::sub of each parameter lookup
  uint32_t loop_var_count = 0;

  // Side tables by expression id.
  std::vector<Type> types;
  std::vector<Resolution> resolutions;
  std::vector<int> scales;
  std::vector<uint8_t> untyped_literal;  // numeric literal that adapts to money/rate

  const Type& type_of(const ast::Expr& e) const { return types[e.id]; }
  const Resolution& resolution_of(const ast::Expr& e) const { return resolutions[e.id]; }
  // A type as messages name it: the code names stay as written (money,
  // list of money / money 列表, row of table months / 表 months 的行).
  std::string type_name(const Type& t, Lang lang = Lang::en) const;
  // A message argument naming a type, in each language.
  MessageArg type_arg(std::string key, const Type& t) const {
    return {std::move(key), type_name(t, Lang::en), type_name(t, Lang::zh)};
  }
  // How many values a bool (2) or an enum type has, ordinals 0 to n - 1.
  size_t value_count(const Type& t) const {
    return t.kind == Type::Kind::boolean ? 2 : enums[t.ref].values.size();
  }
};

}  // namespace decree
