// What an evaluation did, recorded only when an explanation is asked for:
// each rule evaluated, with the values it read, the parameters it looked up
// and the table rows that matched.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "params/parameters.h"
#include "plan/value.h"

namespace decree {

struct TraceRead {
  enum class Kind : uint8_t { input, rule } kind;
  uint32_t index;
};

struct TraceParam {
  uint32_t param;  // ParamInfo index
  // The keys asked for, one per key of the parameter: the year or integer,
  // the date's days, an enum key's id (Parameter::symbols); kNoKey beyond.
  std::array<int64_t, kMaxParamKeys> keys;
  const ParamValue* value;  // the entry that applied
};

struct TraceTableRow {
  uint32_t table;
  int32_t row;  // 0-based row index
  std::vector<Value> keys;
};

// One evaluation of a fold: the initial value, then for each item the
// accumulator after it (unchanged for an item the `where` filter skipped).
struct TraceFold {
  uint32_t node = 0;  // the fold's planned node (its span, its names)
  Value initial;
  std::vector<Value> items;
  std::vector<Value> values;
  std::vector<uint8_t> kept;  // 0: skipped by `where`
};

struct TraceStep {
  uint32_t rule = 0;
  std::vector<TraceRead> reads;
  std::vector<TraceParam> params;
  std::vector<TraceTableRow> rows;
  std::vector<TraceFold> folds;  // in the order they started
};

struct Trace {
  std::vector<TraceStep> steps;  // in the order rules finished
  std::vector<TraceStep> open;   // rules being evaluated (a stack)
  void clear() {
    steps.clear();
    open.clear();
  }
};

}  // namespace decree
