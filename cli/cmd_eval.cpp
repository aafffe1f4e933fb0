// decree eval: evaluate one case read from a JSON or YAML file and print its
// outputs (and, with --explain, how each was computed) on stdout.
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "api/decree.h"
#include "cli/commands.h"
#include "cli/json_pretty.h"
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
    std::fprintf(stderr, "%s: error: cannot read the case: %s\n", name.c_str(),
                 std::strerror(errno));
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
    std::fprintf(stderr, "%s: error: %s\n", name.c_str(), describe(err).c_str());
    return err.kind == CaseError::Kind::internal ? kExitInternal : kExitFailure;
  }

  std::string out;
  if (args.format == "yaml") {
    out = session.result_yaml();
  } else {
    std::string line;
    session.append_result_json(line);
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
    out += session.explain_text();
    ensure_newline(out);
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  // With --partial: each output that failed, on stderr; the others are above.
  bool partly_failed = false;
  const auto& names = session.rules().output_names();
  for (size_t i = 0; i < names.size(); ++i) {
    if (const CaseError* e = session.output_error(i)) {
      std::fprintf(stderr, "%s: error: output %s: %s\n", name.c_str(), names[i].c_str(),
                   describe(*e).c_str());
      partly_failed = true;
    }
  }

  if (!args.trace_json.empty()) {
    std::string trace = session.explain_json();
    ensure_newline(trace);
    if (!write_file(args.trace_json, trace)) {
      std::fprintf(stderr, "%s: error: cannot write the trace: %s\n", args.trace_json.c_str(),
                   std::strerror(errno));
      return kExitFailure;
    }
  }
  return std::fflush(stdout) == 0 && !partly_failed ? kExitOk : kExitFailure;
}

}  // namespace decree::cli
