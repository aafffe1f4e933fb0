#include "diff/case_reader.h"

#include <simdjson.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <nlohmann/json.hpp>

#include "api/ruleset.h"
#include "api/session.h"
#include "api/yaml_json.h"
#include "check/program.h"
#include "decimal/decimal.h"
#include "eval/format.h"

namespace decree::diff {
namespace {

bool is_blank(std::string_view line) {
  return line.find_first_not_of(" \t") == std::string_view::npos;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

std::optional<CaseFormat> format_of(std::string_view path) {
  if (path == "-") return CaseFormat::jsonl;
  std::string p = lower(path);
  if (ends_with(p, ".jsonl") || ends_with(p, ".ndjson") || ends_with(p, ".json"))
    return CaseFormat::jsonl;
  if (ends_with(p, ".yaml") || ends_with(p, ".yml")) return CaseFormat::yaml;
  if (ends_with(p, ".csv")) return CaseFormat::csv;
  return std::nullopt;
}

const char* format_name(CaseFormat format) {
  switch (format) {
    case CaseFormat::jsonl:
      return "jsonl";
    case CaseFormat::yaml:
      return "yaml";
    case CaseFormat::csv:
      return "csv";
  }
  return "?";
}

// ---- CaseReader -------------------------------------------------------------

CaseReader::CaseReader(std::FILE* in, CaseFormat format, size_t max_record_bytes)
    : in_(in), format_(format), max_record_(std::max<size_t>(max_record_bytes, 16)) {
  buf_.resize(std::min<size_t>(size_t{1} << 20, std::max<size_t>(max_record_, 4096)));
}

// The next line without its "\n" or "\r\n"; valid until the next call. A line
// longer than max_record_ is skipped and returned as the single byte "\0"
// with skipping_long_ set (the caller reports it).
bool CaseReader::next_line(std::string_view& line) {
  skipping_long_ = false;
  bool too_long = false;
  for (;;) {
    const char* p = buf_.data() + begin_;
    size_t avail = end_ - begin_;
    if (const void* nl = std::memchr(p, '\n', avail)) {
      size_t len = static_cast<size_t>(static_cast<const char*>(nl) - p);
      begin_ += len + 1;
      ++line_;
      if (too_long) {
        skipping_long_ = true;
        line = {};
        return true;
      }
      line = std::string_view(p, len);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      return true;
    }
    if (eof_) {
      if (avail == 0 && !too_long) return false;
      begin_ = end_;
      ++line_;
      if (too_long) {
        skipping_long_ = true;
        line = {};
        return true;
      }
      line = std::string_view(p, avail);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      return true;
    }
    // No newline in the buffer: keep the partial line and read more.
    if (avail > max_record_) {
      too_long = true;  // drop what we have of it, keep looking for its end
      begin_ = end_ = 0;
      avail = 0;
    }
    if (begin_ > 0) {
      std::memmove(buf_.data(), buf_.data() + begin_, avail);
      begin_ = 0;
      end_ = avail;
    }
    if (end_ == buf_.size()) buf_.resize(buf_.size() * 2);
    size_t room = buf_.size() - end_;
    size_t n = std::fread(buf_.data() + end_, 1, room, in_);
    if (n < room) {
      eof_ = true;
      if (std::ferror(in_)) read_error_ = true;
    }
    if (first_block_) {
      first_block_ = false;
      if (n >= 3 && std::memcmp(buf_.data() + end_, "\xEF\xBB\xBF", 3) == 0) {
        std::memmove(buf_.data() + end_, buf_.data() + end_ + 3, n - 3);
        n -= 3;
      }
    }
    end_ += n;
  }
}

void CaseReader::add(RecordBatch& batch, std::string_view text, uint64_t line, bool malformed) {
  RecordBatch::Record r;
  r.offset = batch.data.size();
  r.size = text.size();
  r.line = line;
  r.malformed = malformed;
  batch.data.append(text);
  batch.records.push_back(r);
}

void CaseReader::flush_pending(RecordBatch& batch) {
  if (!pending_open_) return;
  pending_open_ = false;
  if (pending_too_long_) {
    add(batch, "case longer than " + std::to_string(max_record_) + " bytes", pending_line_, true);
  } else if (format_ == CaseFormat::csv && in_quotes_) {
    add(batch, "unterminated quoted CSV cell (a \" without its closing \")", pending_line_, true);
  } else if (format_ == CaseFormat::csv && header_.empty() && header_line_ == 0) {
    header_line_ = pending_line_;
    std::vector<std::string> cells;
    std::string message;
    if (!split_csv(pending_, cells, message)) {
      add(batch, "CSV header: " + message, pending_line_, true);
    } else {
      header_ = std::move(cells);
    }
  } else if (format_ == CaseFormat::csv && header_.empty()) {
    add(batch, "no valid CSV header row", pending_line_, true);
  } else {
    add(batch, pending_, pending_line_);
  }
  pending_.clear();
  pending_too_long_ = false;
  in_quotes_ = false;
}

bool CaseReader::read(RecordBatch& batch, size_t max_records, size_t max_bytes) {
  const size_t before = batch.records.size();
  std::string_view line;
  auto full = [&] { return batch.records.size() >= max_records || batch.data.size() >= max_bytes; };
  while (!full()) {
    if (!next_line(line)) {
      flush_pending(batch);
      break;
    }
    const uint64_t number = line_;
    switch (format_) {
      case CaseFormat::jsonl:
        if (skipping_long_) {
          add(batch, "line longer than " + std::to_string(max_record_) + " bytes", number, true);
        } else if (!is_blank(line)) {
          add(batch, line, number);
        }
        break;

      case CaseFormat::csv: {
        if (!pending_open_) {
          if (!skipping_long_ && is_blank(line)) break;
          pending_open_ = true;
          pending_line_ = number;
          pending_.clear();
        }
        if (skipping_long_) {
          pending_too_long_ = true;
        } else {
          if (pending_line_ != number) pending_ += '\n';
          if (!pending_too_long_) {
            if (pending_.size() + line.size() > max_record_) {
              pending_too_long_ = true;
            } else {
              pending_ += line;
            }
          }
          for (char c : line)
            if (c == '"') in_quotes_ = !in_quotes_;
        }
        if (!in_quotes_) flush_pending(batch);
        break;
      }

      case CaseFormat::yaml: {
        if (skipping_long_) {
          if (pending_open_) {
            pending_too_long_ = true;
          } else {
            add(batch, "line longer than " + std::to_string(max_record_) + " bytes", number, true);
          }
          break;
        }
        char c0 = line.empty() ? ' ' : line[0];
        if (c0 == '-' && (line.size() == 1 || line[1] == ' ' || line[1] == '\t')) {
          flush_pending(batch);
          pending_open_ = true;
          pending_line_ = number;
          pending_.assign(line);
          pending_[0] = ' ';  // "- a: 1" → "  a: 1": the item as an indented mapping
          if (pending_.size() > max_record_) {
            pending_too_long_ = true;
            pending_.clear();
          }
          yaml_started_ = true;
        } else if (line == "---" || line.rfind("--- ", 0) == 0 || line == "...") {
          flush_pending(batch);  // document markers separate items too
        } else if (c0 == ' ' || c0 == '\t' || c0 == '#' || is_blank(line)) {
          if (pending_open_) {
            if (!pending_too_long_) {
              if (pending_.size() + line.size() + 1 > max_record_) {
                pending_too_long_ = true;
                pending_.clear();
              } else {
                pending_ += '\n';
                pending_ += line;
              }
            }
          } else if (!is_blank(line) && c0 != '#') {
            add(batch, "expected a list item `- …` at column 0", number, true);
          }
        } else {
          flush_pending(batch);
          add(batch,
              c0 == '['
                  ? "a YAML case file must be a block list of `- ` items at column 0 (flow lists "
                    "[…] are not supported)"
                  : "expected a list item `- …` at column 0 (a YAML case file is a list of "
                    "mappings)",
              number, true);
        }
        break;
      }
    }
  }
  return batch.records.size() > before;
}

// ---- CSV ----------------------------------------------------------------------

bool split_csv(std::string_view record, std::vector<std::string>& cells, std::string& message) {
  cells.clear();
  size_t i = 0, n = record.size();
  for (;;) {
    std::string cell;
    // Leading blanks before a quote are allowed.
    size_t j = i;
    while (j < n && (record[j] == ' ' || record[j] == '\t')) ++j;
    if (j < n && record[j] == '"') {
      i = j + 1;
      for (;;) {
        if (i >= n) {
          message = "unterminated quoted cell";
          return false;
        }
        char c = record[i++];
        if (c == '"') {
          if (i < n && record[i] == '"') {
            cell += '"';
            ++i;
          } else {
            break;
          }
        } else {
          cell += c;
        }
      }
      while (i < n && (record[i] == ' ' || record[i] == '\t')) ++i;
      if (i < n && record[i] != ',') {
        message = "text after a closing quote in cell " + std::to_string(cells.size() + 1);
        return false;
      }
    } else {
      size_t start = i;
      while (i < n && record[i] != ',') {
        if (record[i] == '"') {
          message = "a quote inside an unquoted cell " + std::to_string(cells.size() + 1) +
                    " (quote the whole cell and double the quote)";
          return false;
        }
        ++i;
      }
      std::string_view raw = record.substr(start, i - start);
      size_t a = raw.find_first_not_of(" \t");
      size_t b = raw.find_last_not_of(" \t");
      if (a != std::string_view::npos) cell.assign(raw.substr(a, b - a + 1));
    }
    cells.push_back(std::move(cell));
    if (i >= n) return true;
    ++i;  // the comma
  }
}

CsvConverter::CsvConverter(std::vector<std::string> header,
                           const std::vector<const RuleSet*>& rule_sets)
    : header_(std::move(header)) {
  auto id = std::find(header_.begin(), header_.end(), "case_id");
  case_id_column_ =
      id == header_.end() ? std::string::npos : static_cast<size_t>(id - header_.begin());
  for (const std::string& name : header_) {
    Kind kind = Kind::string;
    for (const RuleSet* rs : rule_sets) {
      if (!rs) continue;
      const auto& inputs = rs->checked().inputs;
      auto it = std::find_if(inputs.begin(), inputs.end(),
                             [&](const InputInfo& in) { return in.name == name; });
      if (it == inputs.end()) continue;
      if (it->type.list || it->type.kind == Type::Kind::record)
        kind = Kind::structured;
      else if (it->type.kind == Type::Kind::boolean)
        kind = Kind::boolean;
      break;
    }
    kinds_.push_back(kind);
    std::string key;
    append_json_string(key, name);
    key += ':';
    keys_.push_back(std::move(key));
  }
}

bool CsvConverter::to_json(std::string_view record, std::string& json, std::string& message) {
  json.clear();
  // On failure cells_ keeps the cells read before the problem: case_id().
  if (!split_csv(record, cells_, message)) return false;
  if (cells_.size() != header_.size()) {
    message = "the row has " + std::to_string(cells_.size()) + " cells, the header " +
              std::to_string(header_.size());
    return false;
  }
  json += '{';
  bool first = true;
  for (size_t i = 0; i < cells_.size(); ++i) {
    const std::string& cell = cells_[i];
    if (cell.empty()) continue;  // absent: the input's default applies
    if (!first) json += ',';
    first = false;
    json += keys_[i];
    switch (kinds_[i]) {
      case Kind::boolean: {
        std::string v = lower(cell);
        if (v == "true" || v == "1")
          json += "true";
        else if (v == "false" || v == "0")
          json += "false";
        else
          append_json_string(json, cell);  // the decoder names the field
        break;
      }
      case Kind::structured:
        if (nlohmann::json::accept(cell))
          json += cell;
        else
          append_json_string(json, cell);
        break;
      case Kind::string:
        append_json_string(json, cell);
        break;
    }
  }
  json += '}';
  return true;
}

std::string CsvConverter::case_id() const {
  return case_id_column_ < cells_.size() ? cells_[case_id_column_] : std::string();
}

// ---- YAML, case ids --------------------------------------------------------------

bool yaml_case_to_json(std::string_view yaml, std::string& json, std::string& message) {
  json.clear();
  try {
    YAML::Node doc = YAML::Load(std::string(yaml));
    if (!doc.IsMap()) {
      message = "a case must be a YAML mapping";
      return false;
    }
    if (yaml_to_json(doc, json)) return true;
    message = "the case nests deeper than 64 levels (a recursive YAML alias?)";
  } catch (const YAML::Exception& e) {
    message = "invalid YAML at line " + std::to_string(e.mark.line + 1) + " of the item, column " +
              std::to_string(e.mark.column + 1) + ": " + e.msg;
  }
  return false;
}

std::string find_case_id(std::string_view json) { return Session::peek_case_id(json); }

}  // namespace decree::diff
