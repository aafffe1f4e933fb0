// What the language server knows of a rule set: its diagnostics, and every
// name written in its files with the declaration it refers to (from the
// checker's resolutions), for hover, definition, references, completion
// and rename. Built by loading the rule set the way `decree check` does,
// from a scratch copy in which the editor's unsaved texts replace the files.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "base/messages.h"

namespace decree::lsp {

// A place in a file: 1-based lines, 1-based code-point columns, the end
// column inclusive (as base/source.h's Span).
struct Place {
  std::string path;
  uint32_t line = 0, col = 0, end_line = 0, end_col = 0;
  bool contains(uint32_t l, uint32_t c) const {
    return (l > line || (l == line && c >= col)) && (l < end_line || (l == end_line && c <= end_col));
  }
};

struct Problem {
  Place at;
  bool error = true;  // else a warning
  std::string code;   // the catalogue code, or ""
  std::string message;
};

struct Symbol {
  std::string name;  // as written: own_wage, p.avg_wage, Care.full
  std::string kind;  // input, output, let, table, enum, enum value, record, parameter, …
  Place at;          // its declaration (a parameter: its key in the YAML file)
  std::string hover;  // Markdown
  bool renamable = false;  // declared in a .decree file of this rule set
};

struct Occurrence {
  Place at;  // the name as written
  int symbol = -1;
};

class Analysis {
 public:
  // The rule set `decree_file` belongs to (its version directory, and the
  // versions beside it when its parent directory holds several), with
  // `open` (path → text) in place of those files. Never throws; a rule set
  // that does not load has problems and no symbols.
  static Analysis run(const std::string& decree_file, const std::map<std::string, std::string>& open,
                      Lang lang);

  std::vector<std::string> files;  // the rule files analysed (problems may name others)
  std::vector<Problem> problems;
  std::vector<Symbol> symbols;
  std::vector<Occurrence> occurrences;  // every name written, declarations included
  bool checked = false;                 // the version loaded and checked

  // The occurrence at a position, or nullptr.
  const Occurrence* at(const std::string& path, uint32_t line, uint32_t col) const;
};

}  // namespace decree::lsp
