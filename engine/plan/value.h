// Runtime values. The checker knows every expression's type, so a Value
// carries no tag: the planned program says how to read it.
//   integer, decimal, rate, money → num
//   bool (0/1), date (days), enum (ordinal) → bits
//   text → text (points into the case or the program)
//   list → list; record → record
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "decimal/decimal.h"

namespace decree {

struct ListValue;
struct RecordValue;

struct Value {
  Decimal num;
  int64_t bits = 0;
  union {
    const std::string* text;
    const ListValue* list;
    const RecordValue* record;
    const void* ptr = nullptr;
  };

  static Value of_num(Decimal d) {
    Value v;
    v.num = std::move(d);
    return v;
  }
  static Value of_bits(int64_t b) {
    Value v;
    v.bits = b;
    return v;
  }
};

struct ListValue {
  std::vector<Value> items;
};

struct RecordValue {
  std::vector<Value> fields;
};

}  // namespace decree
