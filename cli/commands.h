// The `decree` subcommands. main.cpp parses the command line into these
// argument structs and calls one run_* function, whose result is the exit code.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "api/ruleset.h"
#include "audit/store.h"
#include "base/date.h"

namespace decree::cli {

// Exit codes of every subcommand.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;   // errors in the rules, the case(s) or the expression
inline constexpr int kExitUsage = 2;     // bad command line
inline constexpr int kExitInternal = 3;  // a bug: an exception reached main

// decree check PATH... [--brief]
struct CheckArgs {
  std::vector<std::string> paths;
  std::vector<std::string> drafts;  // --draft DIR: versions to check as part of the one PATH
  bool brief = false;
  std::string dump_after;  // parse | check | plan: print that stage's result instead
};
int run_check(const CheckArgs& args);
// decree check --dump-after=STAGE PATH...
int run_dump(const std::vector<std::string>& paths, const std::string& stage);

// The version to evaluate under and what-if parameter values (eval, batch).
struct VersionArgs {
  std::string version;                   // --version NAME
  std::vector<std::string> drafts;       // --draft DIR: unpublished versions joining the rules
  std::vector<ParamOverride> params;     // --param NAME=VALUE, NAME[K1, …]=VALUE (repeatable)
  std::vector<std::string> param_files;  // --params FILE: overlays (repeatable)
  bool partial = false;                  // --partial: failed outputs apart, the others computed
};

// decree eval RULESET --case FILE [--as-of DATE] [--version V] [--param N=V]... [--params FILE]...
//                     [--explain] [--format json|yaml] [--trace-json FILE]
struct EvalArgs {
  std::string ruleset;
  VersionArgs pick;
  std::string case_path;  // "-" reads the case from stdin
  std::optional<Date> as_of;
  bool explain = false;
  std::string format = "json";
  std::string trace_json;  // empty: no trace file
};
int run_eval(const EvalArgs& args);

// decree calc EXPR
int run_calc(const std::string& expression);

// decree batch RULESET [--threads N] [--limit-errors N] [--as-of DATE] [--version V]
//              [--param N=V]... [--params FILE]...
struct BatchArgs {
  std::string ruleset;
  VersionArgs pick;
  unsigned threads = 0;  // 0: std::thread::hardware_concurrency()
  uint64_t limit_errors = std::numeric_limits<uint64_t>::max();
  std::optional<Date> as_of;
  size_t chunk_bytes = size_t{1} << 20;  // hidden option, for tests
};
int run_batch(const BatchArgs& args);

// decree versions RULES_DIR
// decree params RULES [NAME] [--json] [--draft DIR]...
struct ParamsArgs {
  std::string rules;
  std::string name;  // empty: every parameter
  bool json = false;
  std::vector<std::string> drafts;
};
int run_params(const ParamsArgs& args);

int run_versions(const std::string& path, const std::vector<std::string>& drafts);

// decree doc RULES --out DIR: the timeline's documentation site (docs/doc.md).
struct DocArgs {
  std::string rules;
  std::string out;
};
int run_doc(const DocArgs& args);

// decree diff RULES --base V --candidate V|DIR CASES... [--json] [--html FILE] [--case ID]
//             [--as-of DATE] [--threads N] [--top N] [--monthly LIST]
//             [--param N=V]... [--base-param N=V]... [--candidate-param N=V]...
//             [--base-params FILE]... [--candidate-params FILE]...
struct DiffArgs {
  std::string rules;               // the rule set directory (one subdirectory per version)
  std::string base;                // a version of RULES, or a directory of draft rule files
  std::string candidate;           // same; empty: the base (with --candidate-param values)
  std::vector<std::string> cases;  // .jsonl/.ndjson/.json, .yaml/.yml, .csv; "-" is JSONL on stdin
  bool json = false;
  std::string html;     // write the HTML page to this file
  std::string case_id;  // explain this one case instead of the summary
  std::optional<Date> as_of;
  unsigned threads = 0;  // 0: all cores
  size_t top = 10;
  std::optional<std::vector<std::string>> monthly;  // --monthly a,b (or none)
  std::vector<ParamOverride> params;                // both versions
  std::vector<ParamOverride> base_params;           // the base only
  std::vector<ParamOverride> candidate_params;      // the candidate only
  std::vector<std::string> base_param_files;        // --base-params FILE: overlays, base only
  std::vector<std::string> candidate_param_files;   // --candidate-params FILE: candidate only
  std::vector<std::string>
      drafts;  // --draft DIR: versions joining RULES (name them in --base/--candidate)
  // --timeline: each case under the version its own dates select, before
  // (RULES as published) and after the drafts join it.
  bool timeline = false;
  bool base_given = false;  // --base was given (its value may be "", an unversioned rule set)
  std::string group_by;     // --group-by FIELD | year(FIELD)
};
int run_diff(const DiffArgs& args);

// decree test PATH... [--filter TEXT] [--format text|junit] [--output FILE] [--threads N]
// [--coverage]
struct TestArgs {
  std::vector<std::string> paths;
  std::string filter;
  std::string format = "text";
  std::string output;  // junit: write the XML here instead of stdout
  unsigned threads = 0;
  bool coverage = false;            // also report rules and table rows no test exercised
  std::vector<std::string> drafts;  // --draft DIR: joins the rule sets of the same name
};
int run_test(const TestArgs& args);

// decree serve [RULES...] [--config FILE] [--listen ADDR:PORT] [--threads N]
// [--max-body-bytes N] [--read-timeout-ms N] [--no-auth]; decree serve --new-token NAME:ROLE
// (docs/service.md). A flag given overrides the configuration; 0 / empty: not given.
struct ServeArgs {
  std::vector<std::string> rules;  // rule set directories, each served under its name
  std::string config;
  std::string listen;
  unsigned threads = 0;
  size_t max_body_bytes = 0;
  unsigned read_timeout_ms = 0;
  bool no_auth = false;
  std::string audit;  // the SQLite audit store
  std::string tls_cert, tls_key;
  bool watch = false;  // reload when the rule set directories change
  bool no_audit = false;
  std::string new_token;  // NAME:ROLE: print a new token and its configuration entry
};
int run_serve(const ServeArgs& args);

// decree verify RULES --key PUB…
struct VerifyArgs {
  std::string rules;
  std::vector<std::string> keys;  // the trusted publishing keys' public PEM files
};
int run_verify(const VerifyArgs& args);

// The workflow's steps as a client of `decree serve` (issue 12,
// docs/publishing.md): decree propose | review | publish | withdraw |
// proposals, and decree new-key.
struct WorkflowArgs {
  std::string server;      // --server URL, else $DECREE_SERVER
  std::string token_file;  // --token-file FILE, else $DECREE_TOKEN holds the token
  std::string cacert;      // --cacert FILE (https)
  // propose
  std::string draft;                    // the version directory
  std::vector<std::string> tests;       // --tests FILE (repeatable)
  std::vector<std::string> base_params; // --base-param NAME[KEY]=VALUE (repeatable)
  std::string as_of, comment;
  bool correct = false;                 // --correct: a correction of a published version
  std::string amend;                    // --amend ID: new content for a proposal
  // review, publish, proposals
  std::string id;
  bool approve = false, reject = false;
  // withdraw
  std::string ruleset, version;
  // proposals
  std::string state, report;            // --state S, --report text|json|html
};
int run_propose(const WorkflowArgs& args);
int run_review(const WorkflowArgs& args);
int run_publish(const WorkflowArgs& args);
int run_withdraw(const WorkflowArgs& args);
int run_proposals(const WorkflowArgs& args);
// decree new-key PATH: PATH.key (private, mode 0600) and PATH.pub.
int run_new_key(const std::string& path);

// decree lsp: the language server over stdio (engine/lsp/server.h).
int run_lsp();

struct AuditArgs {
  std::string store;
  std::string head;    // verify --head
  audit::Query query;  // query's filters
};
int run_audit_verify(const AuditArgs& args);
int run_audit_query(const AuditArgs& args);

}  // namespace decree::cli
