// The planned program: rules as flat arrays of nodes with slots instead of
// names, tables compiled to direct or interval lookups. It is immutable after
// planning and shared by all evaluating threads (cel-cpp flat_expr_builder).
#pragma once

#include <array>
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

// One cell of a planned table row: its alternatives are
// TablePlan::intervals[first, first + count).
struct TableCell {
  uint32_t first = 0, count = 0;
  bool any = true;       // `_`: holds every key, nothing to test
  bool negated = false;  // `not(…)`: holds when none of its intervals does
  bool constant = true;  // false: a bound reads a name (TablePlan::bound_nodes)
};

// A decision table compiled for lookup. Single-key tables on integers, enums,
// bools or texts whose cells are bounded sets of keys get a direct index;
// single-key tables of disjoint constant intervals are bisected; several keys
// with an enum, bool or text first key are bucketed by it; the rest are
// searched row by row. The `otherwise` row is the last row, in none of them.
struct TablePlan {
  std::vector<Type::Kind> key_kinds;
  uint32_t row_count = 0;
  std::vector<TableCell> cells;        // row r, key k: cells[r * key_kinds.size() + k]
  std::vector<KeyInterval> intervals;  // every cell's alternatives, row by row
  // By interval: the nodes of its lower and upper bounds where they read a
  // name (-1: constant). Empty when no bound of the table reads one.
  std::vector<std::array<int32_t, 2>> bound_nodes;
  std::vector<std::vector<uint32_t>> values;  // values[r][column] = node index
  bool direct = false;
  int64_t direct_base = 0;
  std::vector<int32_t> direct_rows;  // key - base → row, -1 if none
  // One key whose rows' match sets are disjoint: every interval sorted by
  // lower bound, with its row, searched by bisection.
  std::vector<KeyInterval> sorted_intervals;
  std::vector<uint32_t> sorted_rows;
  // Several keys, the first an enum, bool or text: the rows that can match
  // each value of the first key, in row order (so `first` keeps its meaning).
  std::vector<std::vector<uint32_t>> buckets;
  std::vector<uint32_t> key_slots;  // where cells read the keys
  bool collect = false;
  bool any = false;            // hit any: every matching row must give the same value
  bool priority = false;       // the match whose first result has the lowest enum ordinal
  bool output_order = false;   // collect, then sort by the result's enum ordinal
  bool verify_unique = false;  // unique, but the checker could not prove it: check each lookup
  int32_t otherwise_row = -1;  // the row `otherwise => …` (the last one), -1 if none

  const TableCell* row_cells(size_t r) const { return &cells[r * key_kinds.size()]; }
};

// A table lookup node's column (Node::b) that asks for every column: a
// collect lookup of a multi-column table gives a list of rows.
constexpr uint32_t kAllColumns = UINT32_MAX;

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
