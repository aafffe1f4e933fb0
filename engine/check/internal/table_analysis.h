// Internal: what the checker proves about a decision table's rows before any
// case is evaluated (check/table_analysis.cpp).
#pragma once

#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "check/program.h"

namespace decree::check_detail {

// Overlaps: rows of a unique table that one case can match (an error), rows
// of an `any` table that can match together but give different values (an
// error). Where a bound reads a name the verdict may be "cannot tell": a
// warning, and for a unique table TableInfo::verify_unique.
void check_table_overlaps(const CheckedProgram& program, TableInfo& table, Diagnostics& diags);

// A gap warning with the key values that fall into it, reported once every
// rule is checked: a case that reaches the gap follows a lookup's keys back
// to the inputs, so it needs the resolutions of the rules that look it up.
struct TableGap {
  Diagnostic warning;
  size_t key = 0;
  // One key value per hole, in the warning's order: points of the key's
  // domain (KeyInterval's numbering), texts no row names, or the name every
  // bound reads (the hole is the key equal to it). None for "cannot tell".
  std::vector<Decimal> points;
  std::vector<std::string> texts;
  const ast::Expr* equals = nullptr;
};

// Gaps, per key column: values of the key's domain that no row's cell for
// that column covers (a warning each, in `gaps`).
void check_table_gaps(const CheckedProgram& program, const TableInfo& table,
                      std::vector<TableGap>& gaps);

}  // namespace decree::check_detail
