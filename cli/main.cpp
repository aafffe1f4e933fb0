// decree: check rule sets, evaluate cases (one, or a stream), try expressions.
// Exit codes: 0 ok, 1 errors in the input, 2 bad command line, 3 internal error.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "base/codes_runtime.h"
#include "base/codes_versions.h"
#include "base/date.h"
#include "cli/commands.h"
#include "cli/output_lang.h"
#include "cli/record_codes.h"

namespace decree::cli {
namespace {

// --as-of: a real calendar day, checked while parsing (a usage error).
const CLI::Validator kDate(
    [](std::string& text) {
      return Date::parse(text) ? std::string() : "not a date: '" + text + "' (expected YYYY-MM-DD)";
    },
    "DATE");

std::optional<Date> parse_date(const std::string& text) {
  if (text.empty()) return std::nullopt;
  return Date::parse(text);
}

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& p : parts) {
    if (!out.empty()) out += ' ';
    out += p;
  }
  return out;
}

// NAME=VALUE (or NAME[KEY, …]=VALUE) pairs of --param; a malformed one is a
// usage error.
bool parse_params(const std::vector<std::string>& raw, std::vector<ParamOverride>& out) {
  for (const auto& r : raw) {
    auto eq = r.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == r.size()) {
      std::fprintf(stderr, "decree: %s\n",
                   message_text({msg::cli_param_syntax, {{"option", r}}}, output_lang()).c_str());
      return false;
    }
    out.push_back({r.substr(0, eq), r.substr(eq + 1)});
  }
  return true;
}

// --draft DIR, spelled and explained the same in every command that loads
// rules: an unpublished version directory, anywhere, loaded as if it were in
// the rules directory (it may extend one of its versions).
void add_draft_option(CLI::App* cmd, std::vector<std::string>& drafts) {
  cmd->add_option("--draft", drafts,
                  "A draft version directory, loaded as if it were in the rules directory "
                  "(repeatable)")
      ->allow_extra_args(false)
      ->check(CLI::ExistingDirectory);
}

int run(int argc, char** argv) {
  CLI::App app{"Decree: check social-insurance benefit rules and evaluate cases.", "decree"};
  app.set_version_flag("--version", std::string("decree ") + DECREE_VERSION);
  app.require_subcommand(1);
  // The messages' language; JSON field names and error codes stay English.
  std::string lang;
  app.add_option("--lang", lang,
                 "Language of messages: zh (中文) or en; default from LC_ALL, LC_MESSAGES, LANG")
      ->check(CLI::IsMember({"zh", "en"}));

  CheckArgs check;
  auto* check_cmd = app.add_subcommand("check", "Check rule sets; print errors and warnings");
  check_cmd->add_option("paths", check.paths, "Rule set directories or .decree files")->required();
  check_cmd->add_flag("--brief", check.brief, "One line per message (path:line:col: ...)");
  check_cmd
      ->add_option("--dump-after", check.dump_after,
                   "Print what a stage made of the rules: parse (AST), check (types), plan")
      ->check(CLI::IsMember({"parse", "check", "plan"}));
  add_draft_option(check_cmd, check.drafts);

  EvalArgs eval;
  std::string eval_as_of;
  auto* eval_cmd = app.add_subcommand("eval", "Evaluate one case (JSON or YAML file)");
  eval_cmd->add_option("ruleset", eval.ruleset, "Rule set directory or .decree file")->required();
  eval_cmd->add_option("--case", eval.case_path, "Case file (.json, .yaml/.yml; - for stdin)")
      ->required();
  eval_cmd
      ->add_option("--as-of", eval_as_of,
                   "Evaluation date: the value of `as_of`, and the version in effect then")
      ->check(kDate);
  std::vector<std::string> eval_params;
  eval_cmd->add_option("--version", eval.pick.version, "Evaluate under this version (by name)");
  add_draft_option(eval_cmd, eval.pick.drafts);
  eval_cmd->add_flag("--partial", eval.pick.partial,
                     "Report an output that fails on its own and compute the others");
  eval_cmd->add_option("--param", eval_params,
                       "What-if value NAME=VALUE for a parameter at every key, or NAME[KEY]=VALUE "
                       "(NAME[K1,K2]=VALUE) for one entry (repeatable)");
  eval_cmd->add_option("--params", eval.pick.param_files,
                       "Overlay FILE of a bureau's own figures, each with its source (repeatable)");
  eval_cmd->add_flag("--explain", eval.explain, "Also print how each output was computed");
  eval_cmd->add_option("--format", eval.format, "Output format")
      ->check(CLI::IsMember({"json", "yaml"}))
      ->capture_default_str();
  eval_cmd->add_option("--trace-json", eval.trace_json, "Write the explanation as JSON to FILE");

  std::vector<std::string> expression;
  auto* calc_cmd = app.add_subcommand(
      "calc", "Evaluate an expression exactly, e.g. 'round(2.675, 0.01, half_even)'");
  calc_cmd->add_option("expression", expression, "The expression (put -- before a leading '-')")
      ->required();

  BatchArgs batch;
  std::string batch_as_of;
  auto* batch_cmd = app.add_subcommand(
      "batch", "Evaluate JSONL cases from stdin; JSONL results on stdout, in input order");
  batch_cmd->add_option("ruleset", batch.ruleset, "Rule set directory or .decree file")->required();
  batch_cmd->add_option("--threads", batch.threads, "Worker threads (default: all cores)")
      ->check(CLI::Range(1u, 1024u));
  batch_cmd->add_option("--limit-errors", batch.limit_errors,
                        "Print at most N error messages (all are counted)");
  batch_cmd
      ->add_option("--as-of", batch_as_of,
                   "Evaluation date: the value of `as_of`, and the version in effect then")
      ->check(kDate);
  std::vector<std::string> batch_params;
  batch_cmd->add_option("--version", batch.pick.version, "Evaluate under this version (by name)");
  add_draft_option(batch_cmd, batch.pick.drafts);
  batch_cmd->add_flag("--partial", batch.pick.partial,
                      "Report an output that fails on its own and compute the others");
  batch_cmd->add_option("--param", batch_params,
                        "What-if value NAME=VALUE for a parameter at every key, or NAME[KEY]=VALUE "
                        "(NAME[K1,K2]=VALUE) for one entry (repeatable)");
  batch_cmd->add_option(
      "--params", batch.pick.param_files,
      "Overlay FILE of a bureau's own figures, each with its source (repeatable)");

  TestArgs test;
  auto* test_cmd = app.add_subcommand("test", "Run YAML rule tests (expected outputs, exactly)");
  test_cmd->add_option("paths", test.paths, "Test files, or directories searched for them")
      ->required();
  test_cmd->add_option("--filter", test.filter, "Run only tests whose name contains TEXT");
  test_cmd->add_option("--format", test.format, "Report format")
      ->check(CLI::IsMember({"text", "junit"}))
      ->capture_default_str();
  test_cmd->add_option("--output", test.output, "With --format junit: write the XML to FILE");
  test_cmd->add_flag("--coverage", test.coverage,
                     "Also list the rules and table rows that no test exercised");
  test_cmd->add_option("--threads", test.threads, "Worker threads (default: all cores)")
      ->check(CLI::Range(1u, 1024u));
  add_draft_option(test_cmd, test.drafts);

  DiffArgs diff;
  std::string diff_as_of, diff_monthly;
  std::vector<std::string> diff_params, diff_base_params, diff_candidate_params;
  auto* diff_cmd = app.add_subcommand(
      "diff", "Evaluate historical cases under two versions and report what changed");
  diff_cmd->add_option("rules", diff.rules, "Rule set directory (one subdirectory per version)")
      ->required();
  diff_cmd->add_option("cases", diff.cases, "Case files: .jsonl, .yaml/.yml (a list) or .csv")
      ->required();
  auto* diff_base =
      diff_cmd->add_option("--base", diff.base, "Base: a version of RULES, or a draft directory");
  diff_cmd->add_option("--candidate", diff.candidate,
                       "Candidate: a version of RULES, or a directory of draft rule files");
  add_draft_option(diff_cmd, diff.drafts);
  diff_cmd->add_flag("--timeline", diff.timeline,
                     "Each case under the version its own dates select: RULES as published "
                     "against RULES with the --draft versions (what publishing them changes)");
  diff_cmd->add_option("--group-by", diff.group_by,
                       "Totals per value of an input, or per year of a date: FIELD or year(FIELD)");
  diff_cmd->add_flag("--json", diff.json, "Print the report as JSON");
  diff_cmd->add_option("--html", diff.html, "Also write the report as one HTML page to FILE");
  diff_cmd->add_option("--case", diff.case_id, "Explain why the case with this case_id changed");
  diff_cmd->add_option("--as-of", diff_as_of, "Evaluation date: the value of `as_of`")
      ->check(kDate);
  diff_cmd->add_option("--threads", diff.threads, "Worker threads (default: all cores)")
      ->check(CLI::Range(1u, 1024u));
  diff_cmd->add_option("--top", diff.top, "Largest changes listed per output")
      ->check(CLI::Range(size_t{0}, size_t{100000}));
  diff_cmd->add_option(
      "--monthly", diff_monthly,
      "Outputs to count as per month where the rules declare no period (comma-separated)");
  diff_cmd->add_option("--param", diff_params, "What-if value NAME=VALUE for both versions")
      ->allow_extra_args(false);
  diff_cmd
      ->add_option("--base-param", diff_base_params, "What-if value NAME=VALUE for the base only")
      ->allow_extra_args(false);
  diff_cmd
      ->add_option("--candidate-param", diff_candidate_params,
                   "What-if value NAME=VALUE for the candidate only")
      ->allow_extra_args(false);
  diff_cmd
      ->add_option("--base-params", diff.base_param_files,
                   "Overlay FILE of parameter values for the base only")
      ->allow_extra_args(false);
  diff_cmd
      ->add_option("--candidate-params", diff.candidate_param_files,
                   "Overlay FILE of parameter values for the candidate only")
      ->allow_extra_args(false);

  ParamsArgs params_args;
  auto* params_cmd = app.add_subcommand(
      "params", "List parameters: every entry's value, source, reliability and setting version");
  params_cmd->add_option("rules", params_args.rules, "Rule set directory")->required();
  params_cmd->add_option("name", params_args.name, "Only this parameter (p.name or name)");
  params_cmd->add_flag("--json", params_args.json, "Print as JSON");
  add_draft_option(params_cmd, params_args.drafts);

  std::string versions_path;
  std::vector<std::string> versions_drafts;
  auto* versions_cmd = app.add_subcommand("versions", "List the versions of a rule set");
  add_draft_option(versions_cmd, versions_drafts);
  versions_cmd
      ->add_option("rules", versions_path, "Rule set directory (one subdirectory per version)")
      ->required();
  DocArgs doc_args;
  auto* doc_cmd = app.add_subcommand(
      "doc", "Write a rule set's documentation: a static site in 中文 and English (docs/doc.md)");
  doc_cmd->add_option("rules", doc_args.rules, "Rule set directory (one subdirectory per version)")
      ->required();
  doc_cmd->add_option("--out", doc_args.out, "The site's directory (created if missing)")
      ->required();
  batch_cmd->add_option("--chunk-bytes", batch.chunk_bytes, "Read block size")
      ->check(CLI::Range(size_t{64}, size_t{1} << 30))
      ->group("");  // hidden: lets tests force many small chunks

  ServeArgs serve;
  auto* serve_cmd = app.add_subcommand(
      "serve", "Serve rule sets over HTTP/JSON for caseworker systems (docs/service.md)");
  serve_cmd->add_option("rules", serve.rules,
                        "Rule set directories (added to the configuration's)");
  serve_cmd->add_option("--config", serve.config, "Configuration file (YAML)")
      ->check(CLI::ExistingFile);
  serve_cmd->add_option("--listen", serve.listen,
                        "Address and port (default 127.0.0.1:8080; port 0: any)");
  serve_cmd->add_option("--threads", serve.threads, "I/O threads (default: all cores)")
      ->check(CLI::Range(1u, 256u));
  serve_cmd->add_option("--max-body-bytes", serve.max_body_bytes, "Largest request body (4 MiB)")
      ->check(CLI::Range(size_t{1024}, size_t{1} << 30));
  serve_cmd
      ->add_option("--read-timeout-ms", serve.read_timeout_ms,
                   "A request must arrive whole within this time; idle connections close after it")
      ->check(CLI::Range(10u, 3'600'000u));
  serve_cmd->add_flag("--no-auth", serve.no_auth,
                      "No tokens: every caller is admin (development on loopback only)");
  serve_cmd->add_option("--new-token", serve.new_token,
                        "Print a new token for NAME:ROLE and its configuration entry, and exit");
  serve_cmd->add_option("--audit", serve.audit, "The audit store (SQLite file; created if new)");
  serve_cmd->add_flag("--watch", serve.watch,
                      "Reload the rule sets when their directories change (as SIGHUP does)");
  serve_cmd->add_option("--tls-cert", serve.tls_cert, "Serve HTTPS: the certificate chain (PEM)");
  serve_cmd->add_option("--tls-key", serve.tls_key, "Serve HTTPS: its private key (PEM)");
  serve_cmd->add_flag("--no-audit", serve.no_audit,
                      "No audit log: answers are not recorded (development only)");

  VerifyArgs verify;
  auto* publish_verify_cmd = app.add_subcommand(
      "verify", "Check that every version is published as approved and signed by a trusted key");
  publish_verify_cmd->add_option("rules", verify.rules, "Rule set directory")
      ->required()
      ->check(CLI::ExistingDirectory);
  publish_verify_cmd
      ->add_option("--key", verify.keys, "A trusted publishing key (public PEM; repeatable)")
      ->required()
      ->check(CLI::ExistingFile);

  // The workflow's steps, as a client of decree serve (docs/publishing.md).
  WorkflowArgs flow;
  auto server_options = [&flow](CLI::App* cmd) {
    cmd->add_option("--server", flow.server,
                    "The service: http://HOST:PORT or https://HOST:PORT (else $DECREE_SERVER)");
    cmd->add_option("--token-file", flow.token_file,
                    "A file holding your token (else $DECREE_TOKEN holds it)")
        ->check(CLI::ExistingFile);
    cmd->add_option("--cacert", flow.cacert, "https: trust this CA file (PEM)")
        ->check(CLI::ExistingFile);
  };
  auto* propose_cmd = app.add_subcommand(
      "propose", "Propose a version directory: checked, tested and assessed by the service");
  propose_cmd->add_option("draft", flow.draft, "The version directory")
      ->required()
      ->check(CLI::ExistingDirectory);
  propose_cmd->add_option("--tests", flow.tests, "Its rule tests (YAML; repeatable)")
      ->check(CLI::ExistingFile);
  propose_cmd->add_option("--base-param", flow.base_params,
                          "The assessment's baseline: NAME[KEY]=VALUE for the published side");
  propose_cmd->add_option("--as-of", flow.as_of,
                          "The payment date assessed (default: the version's effective date)");
  propose_cmd->add_option("--comment", flow.comment, "Why: for the reviewer");
  propose_cmd->add_flag("--correct", flow.correct, "A correction of a published version");
  propose_cmd->add_option("--amend", flow.amend, "New content for proposal ID (voids a review)");
  server_options(propose_cmd);
  auto* review_cmd =
      app.add_subcommand("review", "Approve or reject a proposal (never your own)");
  review_cmd->add_option("id", flow.id, "The proposal: P000001")->required();
  review_cmd->add_flag("--approve", flow.approve, "Approve what you read");
  review_cmd->add_flag("--reject", flow.reject, "Reject it");
  review_cmd->add_option("--comment", flow.comment, "Why");
  server_options(review_cmd);
  auto* publish_cmd =
      app.add_subcommand("publish", "Publish an approved proposal: signed, written and served");
  publish_cmd->add_option("id", flow.id, "The proposal: P000001")->required();
  server_options(publish_cmd);
  auto* withdraw_cmd = app.add_subcommand(
      "withdraw", "Propose the withdrawal of a published version (reviewed like any proposal)");
  withdraw_cmd->add_option("ruleset", flow.ruleset, "The rule set's name")->required();
  withdraw_cmd->add_option("version", flow.version, "The version")->required();
  withdraw_cmd->add_option("--comment", flow.comment, "Why");
  server_options(withdraw_cmd);
  auto* proposals_cmd =
      app.add_subcommand("proposals", "List the proposals, or show one with its history");
  proposals_cmd->add_option("id", flow.id, "One proposal: P000001");
  proposals_cmd->add_option("--state", flow.state, "proposed, approved, rejected or published")
      ->check(CLI::IsMember({"proposed", "approved", "rejected", "published"}));
  proposals_cmd->add_option("--report", flow.report, "Print its assessment: text, json or html")
      ->check(CLI::IsMember({"text", "json", "html"}));
  server_options(proposals_cmd);
  std::string new_key_path;
  auto* new_key_cmd = app.add_subcommand(
      "new-key", "Make a publishing key pair: PATH.key (private) and PATH.pub (public)");
  new_key_cmd->add_option("path", new_key_path, "Where: PATH.key and PATH.pub")->required();

  auto* lsp_cmd = app.add_subcommand(
      "lsp", "The language server for editors, on stdin and stdout (editors/vscode)");

  AuditArgs audit;
  auto* audit_cmd = app.add_subcommand(
      "audit", "Verify and query the audit log of decree serve (docs/service.md)");
  audit_cmd->require_subcommand(1);
  auto* verify_cmd =
      audit_cmd->add_subcommand("verify", "Check the hash chain of every record in an audit store");
  verify_cmd
      ->add_option("store", audit.store,
                   "The audit store: a SQLite file, or postgresql://… (replicas' shared store)")
      ->required();
  verify_cmd->add_option("--head", audit.head,
                         "A head hash noted earlier: it must still be in the chain");
  auto* query_cmd =
      audit_cmd->add_subcommand("query", "Find audit records; one JSON object per line");
  query_cmd
      ->add_option("store", audit.store,
                   "The audit store: a SQLite file, or postgresql://… (replicas' shared store)")
      ->required();
  query_cmd->add_option("--decision-id", audit.query.decision_id, "The decision id of an answer");
  query_cmd->add_option("--case-id", audit.query.case_id, "The case_id of the case");
  query_cmd->add_option("--rules-hash", audit.query.rules_hash, "sha256:HEX of the rules");
  query_cmd->add_option("--from", audit.query.from,
                        "From this time on (2026-12-04 or RFC 3339, UTC)");
  query_cmd->add_option("--to", audit.query.to, "Before this time (UTC)");
  query_cmd->add_option("--limit", audit.query.limit, "At most this many records (1000)")
      ->check(CLI::Range(int64_t{1}, int64_t{1'000'000'000}));

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);  // prints help, the version or the error
    return code == 0 ? kExitOk : kExitUsage;
  }
  if (!lang.empty()) set_output_lang(*parse_lang(lang));

  if (*check_cmd && !check.dump_after.empty() && !check.drafts.empty()) {
    std::fprintf(stderr, "decree check: %s\n",
                 message_text({msg::cli_dump_with_draft, {}}, output_lang()).c_str());
    return kExitUsage;
  }
  if (*check_cmd)
    return check.dump_after.empty() ? run_check(check) : run_dump(check.paths, check.dump_after);
  if (*versions_cmd) return run_versions(versions_path, versions_drafts);
  if (*doc_cmd) return run_doc(doc_args);
  if (*serve_cmd) return run_serve(serve);
  if (*publish_verify_cmd) return run_verify(verify);
  if (*propose_cmd) return run_propose(flow);
  if (*review_cmd) return run_review(flow);
  if (*publish_cmd) return run_publish(flow);
  if (*withdraw_cmd) return run_withdraw(flow);
  if (*proposals_cmd) return run_proposals(flow);
  if (*new_key_cmd) return run_new_key(new_key_path);
  if (*lsp_cmd) return run_lsp();
  if (*verify_cmd) return run_audit_verify(audit);
  if (*query_cmd) return run_audit_query(audit);
  if (*params_cmd) return run_params(params_args);
  if (*test_cmd) return run_test(test);
  if (*diff_cmd) {
    diff.base_given = diff_base->count() > 0;
    diff.as_of = parse_date(diff_as_of);
    if (!diff_monthly.empty()) {
      diff.monthly.emplace();
      for (size_t start = 0; start <= diff_monthly.size();) {
        size_t comma = std::min(diff_monthly.find(',', start), diff_monthly.size());
        std::string name = diff_monthly.substr(start, comma - start);
        if (!name.empty() && name != "none") diff.monthly->push_back(name);
        start = comma + 1;
      }
    }
    if (!parse_params(diff_params, diff.params) ||
        !parse_params(diff_base_params, diff.base_params) ||
        !parse_params(diff_candidate_params, diff.candidate_params))
      return kExitUsage;
    return run_diff(diff);
  }
  if (*eval_cmd) {
    eval.as_of = parse_date(eval_as_of);
    if (!parse_params(eval_params, eval.pick.params)) return kExitUsage;
    return run_eval(eval);
  }
  if (*calc_cmd) return run_calc(join(expression));
  batch.as_of = parse_date(batch_as_of);
  if (!parse_params(batch_params, batch.pick.params)) return kExitUsage;
  return run_batch(batch);
}

}  // namespace
}  // namespace decree::cli

int main(int argc, char** argv) {
  decree::cli::record_codes_from_environment();
  try {
    return decree::cli::run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "decree: %s\n",
                 decree::message_text({decree::msg::run_internal, {{"detail", e.what()}}},
                                      decree::cli::output_lang())
                     .c_str());
  } catch (...) {
    std::fprintf(stderr, "decree: %s\n",
                 decree::message_text(
                     {decree::msg::run_internal,
                      {{"detail", decree::message_text({decree::msg::cli_unknown_exception, {}},
                                                       decree::cli::output_lang())}}},
                     decree::cli::output_lang())
                     .c_str());
  }
  return decree::cli::kExitInternal;
}
