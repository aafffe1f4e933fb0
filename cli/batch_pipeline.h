// The streaming machinery behind `decree batch`: JSONL in, one output line per
// case out, in input order, in constant memory, on all cores.
//
//   reader thread ──chunks──▶ N worker threads ──chunks──▶ writer (caller's thread)
//
// The reader reads the input in big blocks (std::fread) and hands out chunks
// of whole lines (a line that crosses a block boundary is carried over to the
// next chunk). Each worker owns a LineProcessor (for `decree batch`: one
// Session) and turns a chunk's lines into that chunk's output buffer. The
// writer emits the chunks strictly in input order with one fwrite each. A
// fixed pool of chunks bounds the memory whatever the input size; the buffers
// are reused chunk after chunk, and no lock is taken per line.
//
// Lines end in "\n" or "\r\n"; the last line may lack its newline. A UTF-8 BOM
// at the very start is ignored. Blank lines (only spaces, tabs) are skipped
// silently: they produce no output line but still count for line numbers. A
// line longer than `max_line_bytes` is rejected as a whole (an error line) and
// the run goes on with the next one.
//
// This file knows nothing about rules: it is tested with a fake processor.
#pragma once

#include <cstdint>
#include <cstdio>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <string_view>

#include "base/messages.h"

namespace decree::cli {

// Turns one input line into one output line. One instance per worker thread,
// so an implementation keeps its scratch state without locking.
class LineProcessor {
 public:
  virtual ~LineProcessor() = default;
  // Appends the output line for `line` (without its newline) to `out`.
  // Returns false if the case failed: then `out` holds an error line and
  // `message` the text to report ("/grade: not one of 1..10").
  virtual bool process(std::string_view line, uint64_t line_number, std::string& out,
                       std::string& message) = 0;
  // Appends an error line for a line the pipeline itself rejected (too long).
  virtual void reject(uint64_t line_number, const Message& why, std::string& out) = 0;
};

using ProcessorFactory = std::function<std::unique_ptr<LineProcessor>()>;

struct PipelineOptions {
  unsigned threads = 1;                  // worker threads, at least 1
  size_t block_bytes = size_t{1} << 20;  // read size; also the usual chunk size
  size_t max_line_bytes = size_t{64} << 20;
  size_t chunks_per_thread = 4;  // chunks in flight: chunks_per_thread × threads
  // At most this many error messages are printed; all failures are counted.
  uint64_t limit_errors = std::numeric_limits<uint64_t>::max();
  std::string input_name = "stdin";  // error messages: "<input_name>:LINE: error: …"
  bool progress = false;             // "\r… cases, … cases/s" on `err` every ~0.5 s
  Lang lang = Lang::en;              // of the pipeline's own messages
};

struct PipelineStats {
  uint64_t lines = 0;           // physical lines read, blank ones included
  uint64_t cases = 0;           // non-blank lines
  uint64_t failed = 0;          // cases whose output line is an error
  uint64_t errors_printed = 0;  // ≤ limit_errors
  bool read_error = false;      // reading `in` failed (the output is then incomplete)
  bool write_error = false;     // writing `out` failed (the output is then incomplete)
};

// Runs the whole pipeline; returns when the input is exhausted and every
// output line has been written (and `out` flushed). Error messages and the
// progress line go to `err`. An exception thrown by a processor stops the run
// and is rethrown here after all threads have been joined.
PipelineStats run_pipeline(std::FILE* in, std::FILE* out, std::FILE* err,
                           const ProcessorFactory& make_processor, const PipelineOptions& options);

}  // namespace decree::cli
