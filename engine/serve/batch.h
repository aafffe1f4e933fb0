// POST /v1/rulesets/{name}/batch: a JSONL body streamed to a JSONL answer,
// the batch contract of `decree batch` over HTTP. The server feeds the body
// as it arrives, piece by piece; each complete line is evaluated, and the
// lines' answers come back in input order once their audit records are
// stored, so memory stays bounded whatever the batch's size. A bad line is
// an error line (with its line number), never the end of the batch:
//   {"case_id":"c7","error":{"kind":"input","pointer":"/grade",…},"decision_id":"…","line":12}
// A line whose audit record cannot be stored gets an error line of kind
// "audit" instead of its result.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "api/session.h"
#include "serve/auth.h"
#include "serve/metrics.h"

namespace decree::audit {
class Log;
}

namespace decree::serve {

class Batch {
 public:
  // Holds `timeline`: a reload during the batch does not change its rules.
  Batch(std::shared_ptr<const RuleTimeline> timeline, const SessionOptions& pick,
        const EvalOptions& options, Caller caller, Lang lang, size_t max_line_bytes,
        Metrics& metrics, audit::Log* log);
  ~Batch();

  // Evaluates the complete lines in `bytes` (after what earlier feeds left
  // over), and with `last` the final line without its newline. `done` is
  // called once, maybe on the audit writer's thread, with their answer
  // lines (each ending in "\n"; empty if no line was complete). One feed at
  // a time: the next after `done`.
  void feed(std::string_view bytes, bool last, std::function<void(std::string)> done);

  uint64_t lines() const { return line_; }
  uint64_t failed() const { return failed_; }

 private:
  struct Item;
  void process(std::string_view line, Item& item);

  std::shared_ptr<const RuleTimeline> timeline_;
  Session session_;
  EvalOptions options_;
  Caller caller_;
  Lang lang_;
  size_t max_line_bytes_;
  Metrics& metrics_;
  audit::Log* log_;        // nullptr: --no-audit
  std::string carry_;      // a line begun in an earlier feed
  bool skipping_ = false;  // inside a line too long, until its newline
  uint64_t line_ = 0;      // lines seen
  uint64_t failed_ = 0;    // error lines written
};

}  // namespace decree::serve
