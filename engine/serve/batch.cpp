#include "serve/batch.h"

#include <atomic>
#include <vector>

#include "api/hash.h"
#include "audit/log.h"
#include "base/codes_runtime.h"
#include "base/messages.h"
#include "eval/format.h"
#include "serve/evaluation.h"

namespace decree::serve {

struct Batch::Item {
  std::string out;  // the answer line, without its newline
  std::optional<audit::Record> record;
  std::string case_id;
  uint64_t line = 0;
};

namespace {

// Session's error object with the record's id and `"line":N` added as its
// last members (the line format of `decree batch`).
void append_error_line(std::string& out, std::string_view case_id, const CaseError& err, Lang lang,
                       const std::string& decision_id, uint64_t line) {
  Session::append_error_json(out, case_id, err, lang);
  out.pop_back();
  if (!decision_id.empty()) {
    out += ",\"decision_id\":";
    append_json_string(out, decision_id);
  }
  out += ",\"line\":" + std::to_string(line) + "}";
}

bool blank(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

}  // namespace

Batch::Batch(std::shared_ptr<const RuleTimeline> timeline, const SessionOptions& pick,
             const EvalOptions& options, Caller caller, Lang lang, size_t max_line_bytes,
             Metrics& metrics, audit::Log* log)
    : timeline_(std::move(timeline)),
      session_(*timeline_, pick),
      options_(options),
      caller_(std::move(caller)),
      lang_(lang),
      max_line_bytes_(max_line_bytes),
      metrics_(metrics),
      log_(log) {}

Batch::~Batch() = default;

void Batch::process(std::string_view line, Item& item) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line_ == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);  // UTF-8 BOM
  item.line = line_;
  Evaluated e = evaluate_case(*timeline_, session_, line, caller_, options_, "batch", metrics_,
                              log_ != nullptr);
  item.case_id = e.record.case_id;
  if (e.ok) {
    append_answer_open(session_, lang_, e.record.decision_id, item.out);
    item.out += '}';
  } else {
    ++failed_;
    append_error_line(item.out, e.record.case_id, e.err, lang_, e.record.decision_id, line_);
  }
  if (!log_) return;  // --no-audit: nothing to store
  e.record.result_sha256 = sha256_hex(item.out);
  item.record = std::move(e.record);
}

void Batch::feed(std::string_view bytes, bool last, std::function<void(std::string)> done) {
  auto items = std::make_shared<std::vector<Item>>();
  auto too_long = [&] {
    ++failed_;
    Item item;
    item.line = line_;
    CaseError err;
    const Message why{msg::batch_line_too_long, {{"limit", std::to_string(max_line_bytes_)}}};
    err.message = message_text(why, Lang::en);
    err.code = why.code;
    err.args = why.args;
    append_error_line(item.out, {}, err, lang_, {}, line_);
    items->push_back(std::move(item));  // no evaluation, so no record
  };
  auto complete = [&](std::string_view line) {
    if (blank(line)) return;  // counted, no answer line (as `decree batch`)
    Item item;
    process(line, item);
    items->push_back(std::move(item));
  };
  while (!bytes.empty()) {
    const size_t nl = bytes.find('\n');
    const std::string_view piece = bytes.substr(0, nl);
    if (skipping_) {
      if (nl != std::string_view::npos) skipping_ = false;
    } else if (carry_.size() + piece.size() > max_line_bytes_) {
      ++line_;
      too_long();
      carry_.clear();
      skipping_ = nl == std::string_view::npos;
    } else if (nl == std::string_view::npos) {
      carry_.append(piece);  // the line goes on in the next feed
    } else {
      ++line_;
      if (carry_.empty()) {
        complete(piece);
      } else {
        carry_.append(piece);
        complete(carry_);
        carry_.clear();
      }
    }
    if (nl == std::string_view::npos) break;
    bytes.remove_prefix(nl + 1);
  }
  if (last && !carry_.empty() && !skipping_) {
    ++line_;
    complete(carry_);
    carry_.clear();
  }

  // The answer lines, once every record is stored; a line whose record
  // could not be gets an audit error line instead (fail closed).
  struct Join {
    std::shared_ptr<std::vector<Item>> items;
    std::vector<char> stored;
    std::atomic<size_t> waiting{0};
    std::function<void(std::string)> done;
  };
  auto join = std::make_shared<Join>();
  join->items = items;
  join->stored.assign(items->size(), 1);
  join->done = std::move(done);
  auto finish = [](Join& j) {
    std::string text;
    for (size_t i = 0; i < j.items->size(); ++i) {
      Item& item = (*j.items)[i];
      if (j.stored[i]) {
        text += item.out;
      } else {
        // Not an engine error: the kind says why the answer is missing.
        text += "{\"case_id\":";
        append_json_string(text, item.case_id);
        text +=
            ",\"error\":{\"kind\":\"audit\",\"code\":\"audit_unavailable\",\"message\":\"the "
            "answer is withheld because its audit record could not be stored\"},\"line\":" +
            std::to_string(item.line) + "}";
      }
      text += '\n';
    }
    j.done(std::move(text));
  };
  size_t to_store = 0;
  for (const auto& item : *items) to_store += item.record && log_ ? 1 : 0;
  if (to_store == 0) return finish(*join);
  join->waiting = to_store;
  for (size_t i = 0; i < items->size(); ++i) {
    Item& item = (*items)[i];
    if (!item.record) continue;
    log_->submit(std::move(*item.record), [join, i, finish](bool stored) {
      if (!stored) join->stored[i] = 0;
      if (join->waiting.fetch_sub(1) == 1) finish(*join);
    });
  }
}

}  // namespace decree::serve
