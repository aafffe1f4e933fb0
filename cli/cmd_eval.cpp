// decree eval: evaluate one case read from a JSON or YAML file and print its
// outputs (and, with --explain, how each was computed) on stdout.
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "api/decree.h"
#include "base/codes_cases.h"
#include "base/codes_runtime.h"
#include "cli/commands.h"
#include "base/json_pretty.h"
#include "cli/output_lang.h"

namespace decree::cli {
namespace {

// The whole file (or stdin for "-"); false with errno set if it cannot be read
// (a directory fails here too, with EISDIR).
bool read_all(const std::string& path, std::string& text) {
  std::FILE* f = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
  if (!f) return false;
  char buffer[1 << 16];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) text.append(buffer, n);
  bool ok = !std::ferror(f);
  int saved = errno;
  if (f != stdin) std::fclose(f);
  errno = saved;
  return ok;
}

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// By extension (.json, .yaml, .yml); otherwise JSON if the text starts with '{'.
bool is_json(const std::string& path, std::string_view text) {
  if (ends_with(path, ".json")) return true;
  if (ends_with(path, ".yaml") || ends_with(path, ".yml")) return false;
  size_t start = text.find_first_not_of(" \t\r\n");
  return start != std::string_view::npos && text[start] == '{';
}

bool write_file(const std::string& path, const std::string& text) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return false;
  bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  return std::fclose(f) == 0 && ok;
}

void ensure_newline(std::string& s) {
  if (!s.empty() && s.back() != '\n') s += '\n';
}

bool write_trace(const std::string& path, const std::string& trace) {
  if (write_file(path, trace)) return true;
  Message m{msg::run_cannot_write_trace, {{"reason", std::strerror(errno)}}};
  std::fprintf(stderr, "%s: error: %s\n", path.c_str(), message_text(m, output_lang()).c_str());
  return false;
}

// A case that could not be decoded or evaluated: a compiler-style
// diagnostic on stderr (at the case's field, or at the rule that failed);
// in JSON format also the error as a JSON object on stdout, for a caller
// that reads stdout only; with --trace-json the trace of the rules that were
// computed before the failure.
void report_failure(const EvalArgs& args, const Session& session, const std::string& name,
                    std::string_view body, const CaseError& err) {
  auto case_file = std::make_shared<SourceFile>(name, std::string(body));
  std::string case_id = Session::peek_case_id(body);
  std::string label = "`" + name + "`" + (case_id.empty() ? "" : " (case_id " + case_id + ")");
  Diagnostics diags;
  diags.add(case_diagnostic(err, case_file.get(), label));
  diags.retain_sources();
  print_diagnostics(diags);
  if (args.format != "yaml") {
    std::string line;
    Session::append_error_json(line, case_id, err, output_lang());
    std::string out = pretty_json(line);
    ensure_newline(out);
    std::fwrite(out.data(), 1, out.size(), stdout);
    std::fflush(stdout);
  }
  if (!args.trace_json.empty() && err.kind == CaseError::Kind::evaluation) {
    std::string trace = session.explain_json();
    ensure_newline(trace);
    write_trace(args.trace_json, trace);
  }
}

}  // namespace

int run_eval(const EvalArgs& args) {
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

  std::string name = args.case_path == "-" ? "<stdin>" : args.case_path;
  std::string text;
  if (!read_all(args.case_path, text)) {
    Diagnostics diags;
    Message m{msg::case_cannot_read, {{"reason", std::strerror(errno)}}};
    diags.error(Span{}, m);
    std::fprintf(stderr, "%s: %s", name.c_str(), render_all(diags, false, output_lang()).c_str());
    return kExitFailure;
  }
  std::string_view body = text;
  if (body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);  // UTF-8 BOM

  Session session(*rules, SessionOptions{args.pick.version, args.as_of});
  CaseError err;
  bool decoded = is_json(args.case_path, body) ? session.decode_json(body, err)
                                               : session.decode_yaml(body, err);
  EvalOptions options;
  options.as_of = args.as_of;
  options.explain = args.explain || !args.trace_json.empty();
  options.partial = args.pick.partial;
  if (!decoded || !session.evaluate(err, options)) {
    report_failure(args, session, name, body, err);
    return err.kind == CaseError::Kind::internal ? kExitInternal : kExitFailure;
  }

  std::string out;
  if (args.format == "yaml") {
    out = session.result_yaml();
  } else {
    std::string line;
    session.append_result_json(line, output_lang());
    // Who pays each amount (fund or employer), where the rules say.
    std::string payers;
    const auto& names = session.rules().output_names();
    for (size_t i = 0; i < names.size(); ++i) {
      const std::string& payer = session.output_payer(i);
      if (payer.empty()) continue;
      payers += (payers.empty() ? "" : ",") + ("\"" + names[i] + "\":\"" + payer + "\"");
    }
    if (!payers.empty()) line.insert(line.size() - 1, ",\"paid_by\":{" + payers + "}");
    out = pretty_json(line);
  }
  ensure_newline(out);
  if (args.explain) {
    out += '\n';
    out += session.explain_text(output_lang());
    ensure_newline(out);
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  // With --partial: each output that failed, on stderr; the others are above.
  bool partly_failed = false;
  const auto& names = session.rules().output_names();
  for (size_t i = 0; i < names.size(); ++i) {
    if (const CaseError* e = session.output_error(i)) {
      Message m{
          msg::run_output_failed,
          {{"output", names[i]}, {"message", describe(*e, Lang::en), describe(*e, Lang::zh)}}};
      std::fprintf(stderr, "%s: error: %s\n", name.c_str(), message_text(m, output_lang()).c_str());
      partly_failed = true;
    }
  }

  if (!args.trace_json.empty()) {
    std::string trace = session.explain_json();
    ensure_newline(trace);
    if (!write_trace(args.trace_json, trace)) return kExitFailure;
  }
  return std::fflush(stdout) == 0 && !partly_failed ? kExitOk : kExitFailure;
}

}  // namespace decree::cli
