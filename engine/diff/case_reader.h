// Reading historical cases for `decree diff`, in constant memory: a JSONL
// file (one JSON object a line), a YAML list (a block sequence of mappings,
// `- case_id: …` items at column 0) or a CSV file with a header row. The
// format comes from the file's extension (format_of).
//
// A CaseReader splits the input into one record per case, block by block,
// without parsing the cases: the worker threads do that. Records are handed
// out in batches; each record knows its first line number.
//
// CSV cells become JSON values by the type of the input of the same name
// (CsvConverter): an empty cell is an absent field; `true`/`false` (any case)
// and `1`/`0` fill a bool input; a list or record input takes its cell as JSON
// text (`[{"relation":"spouse",…}]`); every other cell is a JSON string (the
// case decoder reads numbers, dates and enum values from strings). A YAML item
// becomes JSON as `decree eval` reads YAML: a plain scalar that reads as an
// exact number or as true/false stays one, anything else is a string.
#pragma once

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace decree {
class RuleSet;
}

namespace decree::diff {

enum class CaseFormat { jsonl, yaml, csv };

// By extension: .jsonl .ndjson .json → jsonl; .yaml .yml → yaml; .csv → csv
// (case-insensitive; a trailing .gz is not supported). "-" (stdin) is JSONL.
std::optional<CaseFormat> format_of(std::string_view path);
const char* format_name(CaseFormat format);

// Records of one input file, stored back to back in `data`.
struct RecordBatch {
  struct Record {
    size_t offset = 0, size = 0;
    uint64_t line = 0;       // line of the record's first line (1-based)
    bool malformed = false;  // the text is an error message, not a case
  };
  uint32_t file = 0;  // index of the input file
  std::string data;
  std::vector<Record> records;

  void clear() {
    data.clear();
    records.clear();
  }
  std::string_view text(const Record& r) const {
    return std::string_view(data).substr(r.offset, r.size);
  }
};

class CaseReader {
 public:
  CaseReader(std::FILE* in, CaseFormat format, size_t max_record_bytes = size_t{64} << 20);

  // Appends whole records to `batch` until it holds `max_records` records or
  // `max_bytes` bytes, or the input ends. Returns false when nothing was added
  // (the end of the input).
  bool read(RecordBatch& batch, size_t max_records, size_t max_bytes);

  bool read_error() const { return read_error_; }
  // CSV: the header's column names, once the first record has been read.
  const std::vector<std::string>& csv_header() const { return header_; }
  uint64_t header_line() const { return header_line_; }

 private:
  bool next_line(std::string_view& line);
  void add(RecordBatch& batch, std::string_view text, uint64_t line, bool malformed = false);
  void flush_pending(RecordBatch& batch);

  std::FILE* in_;
  CaseFormat format_;
  size_t max_record_;
  std::vector<char> buf_;
  size_t begin_ = 0, end_ = 0;
  bool eof_ = false, read_error_ = false, first_block_ = true;
  uint64_t line_ = 0;  // number of the last line returned

  // A record being assembled (YAML item, CSV record across quoted newlines).
  std::string pending_;
  uint64_t pending_line_ = 0;
  bool pending_open_ = false;
  bool pending_too_long_ = false;
  bool in_quotes_ = false;      // CSV
  bool yaml_started_ = false;   // YAML: the first item has been seen
  bool skipping_long_ = false;  // a line longer than max_record_ is being skipped
  std::vector<std::string> header_;
  uint64_t header_line_ = 0;
};

// Splits one CSV record into its cells (RFC 4180: "" inside quotes is a
// quote; cells are separated by commas; unquoted cells are trimmed of spaces
// and tabs). Returns false with a message on a malformed record.
bool split_csv(std::string_view record, std::vector<std::string>& cells, std::string& message);

// CSV record → JSON object, by the header and the inputs' types.
class CsvConverter {
 public:
  // The types come from the first rule set that declares an input of the
  // column's name (base first, then candidate).
  CsvConverter(std::vector<std::string> header, const std::vector<const RuleSet*>& rule_sets);
  // False with a message (and `json` empty) when the record does not split
  // into exactly one cell per column.
  bool to_json(std::string_view record, std::string& json, std::string& message);
  // The `case_id` cell of the record last given to to_json, even when that
  // record did not convert (a short row still names its case); "" when the
  // header has no case_id column or the record could not be read as far as
  // that cell.
  std::string case_id() const;

 private:
  enum class Kind { string, boolean, structured };
  std::vector<std::string> header_;
  size_t case_id_column_;  // npos: none
  std::vector<Kind> kinds_;
  std::vector<std::string> keys_;  // "\"name\":" per column
  std::vector<std::string> cells_;
};

// YAML mapping text → JSON object text (scalars keep their text). Returns
// false with a message on invalid YAML or when the text is not a mapping.
bool yaml_case_to_json(std::string_view yaml, std::string& json, std::string& message);

// The top-level "case_id" string of a JSON case, if any (for messages about
// cases that could not be decoded).
std::string find_case_id(std::string_view json);

}  // namespace decree::diff
