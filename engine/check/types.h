// Types of the rule language, with units: money (CNY) and rate (a fraction
// written as a percent) are distinct from plain decimals, so that money + rate
// is a type error while money × rate is money.
#pragma once

#include <cstdint>
#include <string>

namespace decree {

struct Type {
  enum class Kind : uint8_t {
    error,  // poisoned by an earlier error; suppresses follow-on messages
    integer,
    decimal,
    rate,
    money,
    boolean,
    date,
    text,
    enumeration,    // ref = enum index
    record,         // ref = record index
    rounding_mode,  // half_up, half_even, … (only as round()'s third argument)
    table_row,      // a multi-column table lookup before `.column`; ref = table index
    param,          // p.name before `[key]`; ref = parameter index
    param_set,      // the alias p itself
    enum_type,      // the name of an enum (for Enum.value); ref = enum index
  };
  Kind kind = Kind::error;
  bool list = false;  // list of the element type described by kind/ref
  uint32_t ref = 0;

  static Type of(Kind k, uint32_t ref = 0) { return Type{k, false, ref}; }
  static Type list_of(Type t) { return Type{t.kind, true, t.ref}; }
  Type element() const { return Type{kind, false, ref}; }

  bool is_error() const { return kind == Kind::error; }
  bool is_numeric() const {
    return !list && (kind == Kind::integer || kind == Kind::decimal || kind == Kind::rate ||
                     kind == Kind::money);
  }
  friend bool operator==(const Type& a, const Type& b) = default;
};

}  // namespace decree
