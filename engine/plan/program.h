// The planned program: rules as flat arrays of nodes with slots instead of
// names, tables compiled to direct or interval lookups. It is immutable after
// planning and shared by all evaluating threads (cel-cpp flat_expr_builder).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "check/program.h"
#include "plan/value.h"
#include "syntax/op.h"

namespace decree {

enum class Compare : uint8_t { number, bits, text };

constexpr uint32_t kNone = 0xFFFFFFFF;

struct Node {
  Op op = Op::constant;
  Compare cmp = Compare::number;
  Type::Kind kind = Type::Kind::error;  // result type (element type for lists)
  uint32_t a = 0, b = 0;
  uint32_t first = 0, count = 0;  // children: program.children[first .. first+count)
  ast::ExprId expr = 0;
  const Span* span = nullptr;
};

// A decision table compiled for lookup. Single-key tables on integers, enums
// or bools whose rows are single values (or small integer ranges) get a direct
// index; others are searched row by row over precomputed intervals.
struct TablePlan {
  std::vector<Type::Kind> key_kinds;
  std::vector<std::vector<KeyInterval>> rows;  // rows[r][k]
  std::vector<std::vector<uint32_t>> values;   // values[r][column] = node index
  bool direct = false;
  int64_t direct_base = 0;
  std::vector<int32_t> direct_rows;  // key - base → row, -1 if none
  // One key with disjoint intervals (numbers, dates, ranges): rows sorted by
  // lower bound, searched by bisection.
  std::vector<uint32_t> sorted_rows;
  // Several keys, the first an enum or bool: the rows that can match each
  // value of the first key, in row order (so `first` keeps its meaning).
  std::vector<std::vector<uint32_t>> buckets;
  std::vector<uint32_t> key_slots;  // where cells read the keys
  bool collect = false;
  bool any = false;           // hit any: every matching row must give the same value
  bool priority = false;      // the match whose first result has the lowest enum ordinal
  bool output_order = false;  // collect, then sort by the result's enum ordinal
  // The row `otherwise => …` (the last one), used when no other row
  // matches; -1 if the table has none. The lookup structures leave it out.
  int32_t otherwise_row = -1;
};

struct RulePlan {
  uint32_t root = 0;  // node index of the body
  const RuleInfo* info = nullptr;
};

class Program {
 public:
  const CheckedProgram* checked = nullptr;
  std::vector<Node> nodes;
  std::vector<uint32_t> children;
  std::vector<Value> constants;
  std::vector<std::string> constant_texts;  // storage for text constants
  std::vector<RulePlan> rules;              // by rule index
  std::vector<TablePlan> tables;            // by table index
  // A text key's value → its point in the tables' intervals (the index of
  // CheckedProgram::table_texts); a text no pattern names matches only `_`.
  std::unordered_map<std::string, int64_t> table_text_ids;
  std::vector<std::vector<uint32_t>> match_tables;  // enum ordinal → arm (child position)
  std::vector<const ast::Comprehension*> folds;     // by a fold node's b: the fold as written
  std::vector<Value> input_defaults;                // by input slot (unused if no default)
  std::vector<bool> input_has_default;
  uint32_t loop_slots = 0;

  const Node& node(uint32_t i) const { return nodes[i]; }
  uint32_t child(const Node& n, uint32_t k) const { return children[n.first + k]; }
};

}  // namespace decree
