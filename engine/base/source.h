// Source files and spans. Every AST node, diagnostic and trace entry points
// back into the rule text through a Span.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace decree {

// A source file loaded into memory. Lines are 1-based, columns are 1-based
// and count Unicode code points (so a caret lines up under Chinese text).
// Created through std::make_shared (SourceRef) so that diagnostics can keep
// the files they point into alive after the rule set that loaded them is gone.
class SourceFile : public std::enable_shared_from_this<SourceFile> {
 public:
  SourceFile(std::string path, std::string text);
  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }
  // The text of line `line` (1-based) without its newline; empty if out of range.
  std::string_view line_text(uint32_t line) const;
  uint32_t line_count() const { return static_cast<uint32_t>(line_starts_.size()); }

 private:
  std::string path_;
  std::string text_;
  std::vector<uint32_t> line_starts_;  // byte offset of each line
};

struct Span;
// The source text a span covers (several lines joined with '\n', each line's
// leading indentation beyond the first line's kept as is).
std::string span_text(const Span& span);

using SourceRef = std::shared_ptr<const SourceFile>;

// Reads the file at `path` into `text`, stopping once it holds more than
// `limit` bytes (so the caller can tell a file above its limit without
// reading all of it). Returns 0, or the errno of the failure.
int read_file(const std::string& path, size_t limit, std::string& text);

// A range in a source file: start and end (inclusive end column) positions.
struct Span {
  const SourceFile* file = nullptr;    // owned by the RuleSet / SourceRef holder
  uint32_t line = 0, col = 0;          // start, 1-based
  uint32_t end_line = 0, end_col = 0;  // last character, 1-based, inclusive

  bool valid() const { return file != nullptr && line > 0; }
  // "path:line:col" (or "<unknown>")
  std::string location() const;
};

}  // namespace decree
