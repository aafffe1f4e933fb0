// Mistakes in a YAML file that yaml-cpp reports badly, often on the wrong
// line: a tab or a full-width space in the indentation, and a full-width
// colon or dash typed where YAML needs `:` or `-` (a Chinese input method
// gives `：` for `:`). Found on the text, before the YAML is parsed, with the
// exact line and column, as the rule lexer does for .decree files.
#pragma once

#include <vector>

#include "base/diagnostics.h"
#include "base/source.h"

namespace decree {

// The mistakes of `file`, as errors; empty if there are none. Quoted
// scalars and comments are left alone (a full-width comma in a source text
// is text).
std::vector<Diagnostic> lint_yaml(const SourceFile& file);

}  // namespace decree
