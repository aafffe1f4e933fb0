// Internal: what the checker proves about a decision table's rows before any
// case is evaluated (check/table_analysis.cpp).
#pragma once

#include "base/diagnostics.h"
#include "check/program.h"

namespace decree::check_detail {

// Overlaps: rows of a unique table that one case can match (an error), rows
// of an `any` table that can match together but give different values (an
// error). Where a bound reads a name the verdict may be "cannot tell": a
// warning, and for a unique table TableInfo::verify_unique.
void check_table_overlaps(const CheckedProgram& program, TableInfo& table, Diagnostics& diags);

// Gaps, per key column: values of the key's domain that no row's cell for
// that column covers (a warning).
void check_table_gaps(const CheckedProgram& program, const TableInfo& table, Diagnostics& diags);

}  // namespace decree::check_detail
