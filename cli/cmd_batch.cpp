// decree batch: JSONL cases on stdin → JSONL results on stdout, in order, on
// all cores (the threads live in batch_pipeline). Each output line is the
// case's result, or for a failed case its error with the input line number:
//   {"case_id":"c7","error":{"kind":"input","pointer":"/grade",…},"line":12}
// A case that meets a bug in the engine gets "kind":"internal"; the others
// are still answered, and the exit code is then 3.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <thread>

#include "api/decree.h"
#include "base/codes_runtime.h"
#include "cli/batch_pipeline.h"
#include "cli/commands.h"
#include "cli/output_lang.h"

namespace decree::cli {
namespace {

// One Session per worker thread.
class SessionProcessor final : public LineProcessor {
 public:
  SessionProcessor(const RuleTimeline& rules, const SessionOptions& pick,
                   const EvalOptions& options, std::atomic<uint64_t>& internal_errors)
      : session_(rules, pick), options_(options), internal_errors_(internal_errors) {}

  bool process(std::string_view line, uint64_t line_number, std::string& out,
               std::string& message) override {
    clear(err_);
    if (session_.decode_json(line, err_)) {
      if (session_.evaluate(err_, options_)) {
        session_.append_result_json(out, output_lang());
        return !partly_failed(message);
      }
      append_error(out, session_.case_id(), err_, line_number);
      if (err_.kind == CaseError::Kind::internal) ++internal_errors_;
    } else {
      append_error(out, Session::peek_case_id(line), err_, line_number);
    }
    message = describe(err_, output_lang());
    return false;
  }

  // With --partial: the case's line holds the outputs that were computed; the
  // ones that failed are reported (and the case counts as failed).
  bool partly_failed(std::string& message) const {
    const auto& names = session_.rules().output_names();
    size_t failed = 0;
    for (size_t i = 0; i < names.size(); ++i) {
      const CaseError* e = session_.output_error(i);
      if (!e) continue;
      if (failed++ == 0)
        message = message_text(
            {msg::run_output_failed,
             {{"output", names[i]}, {"message", describe(*e, Lang::en), describe(*e, Lang::zh)}}},
            output_lang());
    }
    if (failed > 1)
      message = message_text(
          {msg::batch_more_outputs, {{"message", message}, {"n", std::to_string(failed - 1)}}},
          output_lang());
    return failed > 0;
  }

  void reject(uint64_t line_number, const Message& why, std::string& out) override {
    CaseError err;
    err.message = message_text(why, Lang::en);
    err.code = why.code;
    err.args = why.args;
    append_error(out, {}, err, line_number);
  }

 private:
  static void clear(CaseError& err) {
    err.kind = CaseError::Kind::input;
    err.pointer.clear();
    err.message.clear();
    err.rule.clear();
    err.location.clear();
    err.code = Code::none;
    err.args.clear();
    err.span = err.param_span = Span{};
    err.line = err.col = 0;
    err.suggestion.clear();
  }

  // Session's error object with `"line":N` added as its last member.
  static void append_error(std::string& out, std::string_view case_id, const CaseError& err,
                           uint64_t line_number) {
    size_t start = out.size();
    Session::append_error_json(out, case_id, err, output_lang());
    if (out.size() > start && out.back() == '}') {
      out.pop_back();
      out += ",\"line\":";
      out += std::to_string(line_number);
      out += '}';
    }
  }

  Session session_;
  EvalOptions options_;
  std::atomic<uint64_t>& internal_errors_;  // cases that met a bug in the engine
  CaseError err_;
};

}  // namespace

int run_batch(const BatchArgs& args) {
  Diagnostics diags;
  LoadOptions load;
  load.params = args.pick.params;
  load.param_files = args.pick.param_files;
  load.drafts = args.pick.drafts;
  auto rules = RuleTimeline::load(args.ruleset, diags, load);
  if (!rules) {
    print_diagnostics(diags);
    return kExitFailure;
  }
  EvalOptions eval;
  eval.as_of = args.as_of;
  eval.partial = args.pick.partial;

  PipelineOptions options;
  options.threads = args.threads ? args.threads : std::max(1u, std::thread::hardware_concurrency());
  options.block_bytes = args.chunk_bytes;
  options.limit_errors = args.limit_errors;
  options.progress = isatty(STDERR_FILENO) != 0;
  options.lang = output_lang();
  static char out_buffer[1 << 20];  // whole chunks are written with one fwrite each
  std::setvbuf(stdout, out_buffer, _IOFBF, sizeof out_buffer);

  const RuleTimeline& timeline = *rules;
  std::atomic<uint64_t> internal_errors{0};
  const SessionOptions pick{args.pick.version, args.as_of};
  PipelineStats stats = run_pipeline(
      stdin, stdout, stderr,
      [&] { return std::make_unique<SessionProcessor>(timeline, pick, eval, internal_errors); },
      options);

  if (stats.errors_printed < stats.failed)
    std::fprintf(stderr, "%s\n",
                 message_text({msg::batch_more_errors,
                               {{"n", std::to_string(stats.failed - stats.errors_printed)}}},
                              output_lang())
                     .c_str());
  int code = kExitOk;
  if (stats.read_error) {
    std::fprintf(stderr, "decree: error: %s\n",
                 message_text({msg::batch_read_failed, {}}, output_lang()).c_str());
    code = kExitFailure;
  }
  if (stats.write_error) {
    std::fprintf(stderr, "decree: error: %s\n",
                 message_text({msg::batch_write_failed, {}}, output_lang()).c_str());
    code = kExitFailure;
  }
  if (stats.failed > 0) {
    std::fprintf(stderr, "%s\n",
                 message_text({msg::batch_summary,
                               {{"cases", std::to_string(stats.cases)},
                                {"failed", std::to_string(stats.failed)}}},
                              output_lang())
                     .c_str());
    code = kExitFailure;
  }
  // Every case was still answered; a bug in the engine outranks case errors.
  if (internal_errors > 0) code = kExitInternal;
  return code;
}

}  // namespace decree::cli
