// Diagnostics: errors and warnings as values with spans, printed like a
// compiler (path:line:col: error: message, the source line, a caret).
#pragma once

#include <string>
#include <vector>

#include "base/source.h"

namespace decree {

enum class Severity { error, warning, note };

struct Diagnostic {
  Severity severity = Severity::error;
  Span span;
  std::string message;
  // Secondary places and hints ("expected because of ...", "did you mean ...").
  struct Note {
    Span span;  // may be invalid: then the note prints without a location
    std::string message;
  };
  std::vector<Note> notes;
};

// Collects diagnostics from every stage; several errors per run.
class Diagnostics {
 public:
  Diagnostic& error(Span span, std::string message);
  Diagnostic& warning(Span span, std::string message);
  void add(Diagnostic d);
  void append(const Diagnostics& other);
  // Keeps every file that a diagnostic or note points into alive (notes added
  // to a diagnostic after it was reported are picked up here).
  void retain_sources();

  bool has_errors() const;
  size_t error_count() const;
  size_t warning_count() const;
  const std::vector<Diagnostic>& items() const { return items_; }
  bool empty() const { return items_.empty(); }

 private:
  void keep_alive(const Diagnostic& d);
  std::vector<Diagnostic> items_;
  std::vector<std::shared_ptr<const SourceFile>> sources_;  // the files spans point into
};

// Full compiler-style rendering:
//   path:12:7: error: message
//      12 |   own_wage + 60%
//         |   ^~~~~~~~~~~~~~
//   note: did you mean ...
std::string render(const Diagnostic& d);
// One line per message, for editors and CI: path:line:col: error: message
std::string render_brief(const Diagnostic& d);
std::string render_all(const Diagnostics& ds, bool brief = false);

}  // namespace decree
