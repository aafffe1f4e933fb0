#include "base/diagnostics.h"

#include <algorithm>

#include "base/strings.h"

namespace decree {
namespace {

std::string_view severity_name(Severity s) {
  switch (s) {
    case Severity::error:
      return "error";
    case Severity::warning:
      return "warning";
    case Severity::note:
      return "note";
  }
  return "error";
}

// Byte offset of the (1-based) code-point column `col` in `line`.
size_t byte_of_column(std::string_view line, uint32_t col) {
  size_t i = 0;
  for (uint32_t c = 1; c < col && i < line.size(); ++c) {
    unsigned char b = static_cast<unsigned char>(line[i]);
    i += b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
  }
  return std::min(i, line.size());
}

std::string header(const Span& span, Severity sev, const std::string& message) {
  std::string out;
  if (span.file) out += span.location() + ": ";
  out += severity_name(sev);
  out += ": ";
  out += message;
  return out;
}

void append_excerpt(std::string& out, const Span& span) {
  if (!span.valid()) return;
  std::string_view text = span.file->line_text(span.line);
  std::string num = std::to_string(span.line);
  std::string gutter(num.size(), ' ');
  out += " " + num + " | ";
  out += text;
  out += "\n " + gutter + " | ";
  size_t start = byte_of_column(text, span.col);
  std::string_view before = text.substr(0, start);
  for (size_t i = 0; i < before.size(); ++i)
    if (before[i] == '\t') out += '\t';
  out += std::string(
      display_width(before) - static_cast<size_t>(std::count(before.begin(), before.end(), '\t')),
      ' ');
  size_t end = span.end_line == span.line && span.end_col >= span.col
                   ? byte_of_column(text, span.end_col + 1)
                   : text.size();
  size_t width = std::max<size_t>(1, display_width(text.substr(start, end - start)));
  out += '^';
  out += std::string(width - 1, '~');
  out += '\n';
}

}  // namespace

void Diagnostics::keep_alive(const Diagnostic& d) {
  auto keep = [&](const Span& s) {
    if (!s.file) return;
    for (const auto& f : sources_)
      if (f.get() == s.file) return;
    if (auto ref = s.file->weak_from_this().lock()) sources_.push_back(std::move(ref));
  };
  keep(d.span);
  for (const auto& n : d.notes) keep(n.span);
}

void Diagnostics::retain_sources() {
  for (const auto& d : items_) keep_alive(d);
}

void Diagnostics::add(Diagnostic d) {
  keep_alive(d);
  items_.push_back(std::move(d));
}

Diagnostic::Diagnostic(Severity sev, Span where, Message m)
    : severity(sev),
      span(where),
      message(message_text(m, Lang::en)),
      code(m.code),
      args(std::move(m.args)) {}

Diagnostic::Note::Note(Span where, Message m)
    : span(where), message(message_text(m, Lang::en)), code(m.code), args(std::move(m.args)) {}

std::string Diagnostic::text(Lang lang) const {
  return code == Code::none || lang == Lang::en ? message : message_text({code, args}, lang);
}

std::string Diagnostic::Note::text(Lang lang) const {
  return code == Code::none || lang == Lang::en ? message : message_text({code, args}, lang);
}

Diagnostic& Diagnostics::error(Span span, std::string message) {
  add(Diagnostic(Severity::error, span, std::move(message)));
  return items_.back();
}

Diagnostic& Diagnostics::warning(Span span, std::string message) {
  add(Diagnostic(Severity::warning, span, std::move(message)));
  return items_.back();
}

Diagnostic& Diagnostics::error(Span span, Message message) {
  add(Diagnostic(Severity::error, span, std::move(message)));
  return items_.back();
}

Diagnostic& Diagnostics::warning(Span span, Message message) {
  add(Diagnostic(Severity::warning, span, std::move(message)));
  return items_.back();
}

void Diagnostics::append(const Diagnostics& other) {
  for (const auto& d : other.items_) add(d);
}

bool Diagnostics::has_errors() const { return error_count() > 0; }

size_t Diagnostics::error_count() const {
  return std::count_if(items_.begin(), items_.end(),
                       [](const Diagnostic& d) { return d.severity == Severity::error; });
}

size_t Diagnostics::warning_count() const {
  return std::count_if(items_.begin(), items_.end(),
                       [](const Diagnostic& d) { return d.severity == Severity::warning; });
}

std::string render(const Diagnostic& d, Lang lang) {
  std::string out = header(d.span, d.severity, d.text(lang)) + "\n";
  append_excerpt(out, d.span);
  for (const auto& note : d.notes) {
    out += header(note.span, Severity::note, note.text(lang)) + "\n";
    append_excerpt(out, note.span);
  }
  return out;
}

namespace {

// A note of several lines (a case to paste into a test) on one line: each
// line break and the indentation after it become "; " (a space after ':').
std::string one_line(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\n') {
      out += text[i];
      continue;
    }
    while (i + 1 < text.size() && text[i + 1] == ' ') ++i;
    out += !out.empty() && out.back() == ':' ? " " : "; ";
  }
  return out;
}

}  // namespace

std::string render_brief(const Diagnostic& d, Lang lang) {
  std::string out = header(d.span, d.severity, one_line(d.text(lang)));
  for (const auto& note : d.notes) out += " (note: " + one_line(note.text(lang)) + ")";
  return out;
}

std::string render_all(const Diagnostics& ds, bool brief, Lang lang) {
  std::string out;
  for (const auto& d : ds.items()) out += brief ? render_brief(d, lang) + "\n" : render(d, lang);
  return out;
}

}  // namespace decree
