// Diagnostics: errors and warnings as values with spans, printed like a
// compiler (path:line:col: error: message, the source line, a caret).
#pragma once

#include <string>
#include <vector>

#include "base/messages.h"
#include "base/source.h"

namespace decree {

enum class Severity { error, warning, note };

// A message is its catalogue code and placeholder values (base/messages.h),
// rendered in the language asked for where it is printed; `message` is its
// English text. A message not yet in the catalogue has Code::none and is
// printed as written.
struct Diagnostic {
  Diagnostic() = default;
  Diagnostic(Severity sev, Span where, std::string text)
      : severity(sev), span(where), message(std::move(text)) {}
  Diagnostic(Severity sev, Span where, Message m);

  Severity severity = Severity::error;
  Span span;
  std::string message;
  Code code = Code::none;
  MessageArgs args;
  // Secondary places and hints ("expected because of ...", "did you mean ...").
  struct Note {
    Note(Span where, std::string text) : span(where), message(std::move(text)) {}
    Note(Span where, Message m);
    Span span;  // may be invalid: then the note prints without a location
    std::string message;
    Code code = Code::none;
    MessageArgs args;
    std::string text(Lang lang) const;
  };
  std::vector<Note> notes;

  // The message in a language (its English text if it has no code).
  std::string text(Lang lang) const;
  Diagnostic& note(Span where, Message m) {
    notes.emplace_back(where, std::move(m));
    return *this;
  }
};

// Collects diagnostics from every stage; several errors per run.
class Diagnostics {
 public:
  Diagnostic& error(Span span, std::string message);
  Diagnostic& warning(Span span, std::string message);
  Diagnostic& error(Span span, Message message);
  Diagnostic& warning(Span span, Message message);
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
// The words error, warning and note stay English in every language: editors
// and CI match them.
std::string render(const Diagnostic& d, Lang lang = Lang::en);
// One line per message, for editors and CI: path:line:col: error: message
std::string render_brief(const Diagnostic& d, Lang lang = Lang::en);
std::string render_all(const Diagnostics& ds, bool brief = false, Lang lang = Lang::en);

}  // namespace decree
