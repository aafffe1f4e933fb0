#include "base/source.h"

#include <cerrno>
#include <cstdio>

namespace decree {

SourceFile::SourceFile(std::string path, std::string text)
    : path_(std::move(path)), text_(std::move(text)) {
  line_starts_.push_back(0);
  for (uint32_t i = 0; i < text_.size(); ++i)
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
}

std::string_view SourceFile::line_text(uint32_t line) const {
  if (line == 0 || line > line_starts_.size()) return {};
  uint32_t begin = line_starts_[line - 1];
  uint32_t end =
      line < line_starts_.size() ? line_starts_[line] - 1 : static_cast<uint32_t>(text_.size());
  if (end > begin && text_[end - 1] == '\r') --end;
  return std::string_view(text_).substr(begin, end - begin);
}

namespace {
size_t byte_at_column(std::string_view line, uint32_t col) {
  size_t i = 0;
  for (uint32_t c = 1; c < col && i < line.size(); ++c) {
    unsigned char b = static_cast<unsigned char>(line[i]);
    i += b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
  }
  return i < line.size() ? i : line.size();
}
}  // namespace

std::string span_text(const Span& span) {
  if (!span.valid()) return {};
  std::string out;
  uint32_t last = span.end_line >= span.line ? span.end_line : span.line;
  for (uint32_t l = span.line; l <= last; ++l) {
    std::string_view text = span.file->line_text(l);
    size_t begin = l == span.line ? byte_at_column(text, span.col) : 0;
    size_t end = l == last && span.end_line >= span.line ? byte_at_column(text, span.end_col + 1)
                                                         : text.size();
    if (l != span.line) out += '\n';
    if (end > begin) out += text.substr(begin, end - begin);
  }
  return out;
}

std::string Span::location() const {
  if (!valid()) return file ? file->path() : "<unknown>";
  return file->path() + ":" + std::to_string(line) + ":" + std::to_string(col);
}

int read_file(const std::string& path, size_t limit, std::string& text) {
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) return errno;
  errno = 0;
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f.get())) > 0) {
    text.append(buf, n);
    if (text.size() > limit) break;
  }
  if (std::ferror(f.get())) return errno ? errno : EIO;
  return 0;
}

}  // namespace decree
