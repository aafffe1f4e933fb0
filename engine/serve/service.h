// The service without the network: a request in, a response out. The HTTP
// server (serve/http_server.h) parses requests and calls handle(); tests call
// it directly as well as through a real server.
//
// Routes (docs/service.md):
//   GET  /healthz                           the process is up
//   GET  /readyz                            rule sets are loaded and served
//   GET  /metrics                           counters in the Prometheus text format
//   GET  /v1/rulesets                       the rule sets, their versions and hashes
//   GET  /v1/rulesets/{name}/schema?version=V   JSON Schemas of a version's case and result
//   POST /v1/rulesets/{name}/evaluate       one case (JSON body) → outputs, who pays,
//        ?version=V&as_of=D&explain=true    version, rules hash, decision_id (+ trace)
// Errors are RFC 9457 problem+json (serve/problem.h); bad input is a 4xx.
// Every route but /healthz and /readyz needs a bearer token (serve/auth.h):
// none or an unknown one is 401, a role that may not do it is 403.
// Every evaluation and every refused request is recorded in the audit log
// (audit/log.h) before it is answered; one whose record cannot be stored
// is answered 503 instead (fail closed).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "api/timeline.h"
#include "audit/log.h"
#include "audit/sqlite_store.h"
#include "base/diagnostics.h"
#include "publish/registry.h"
#include "publish/workflow.h"
#include "serve/auth.h"
#include "serve/jwt.h"
#include "serve/metrics.h"

namespace decree::serve {

class Batch;

struct Request {
  Request() = default;
  Request(std::string method_, std::string target_, std::string body_ = {},
          Lang lang_ = Lang::en, std::string authorization_ = {})
      : method(std::move(method_)),
        target(std::move(target_)),
        body(std::move(body_)),
        lang(lang_),
        authorization(std::move(authorization_)) {}
  std::string method;  // "GET", "POST"
  std::string target;  // path and query: "/v1/rulesets/x/evaluate?explain=true"
  std::string body;
  Lang lang = Lang::en;       // of messages in the answer (Accept-Language: zh → 中文)
  std::string authorization;  // the Authorization header: "Bearer TOKEN"
  std::string cookie;         // the Cookie header (the review page's sign-in)
  std::string content_type;   // of the body: application/x-www-form-urlencoded for the page's forms
};

struct Response {
  Response() = default;
  Response(int status_, std::string content_type_, std::string body_, std::string allow_ = {},
           bool challenge_ = false)
      : status(status_),
        content_type(std::move(content_type_)),
        body(std::move(body_)),
        allow(std::move(allow_)),
        challenge(challenge_) {}
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::string allow;       // for 405: the methods the route takes
  bool challenge = false;  // 401: send WWW-Authenticate: Bearer
  // More headers to send (Set-Cookie, Location, Cache-Control, …).
  std::vector<std::pair<std::string, std::string>> headers;
  // Inside the service: the record to store before this may be sent.
  std::optional<audit::Record> record;
};

struct ServiceConfig {
  std::vector<std::string> rule_dirs;  // each served under the rule set name it declares
  Tokens tokens;
  // Callers may also present a JWT signed by a key given here (an
  // identity provider's): a bearer token with two dots is checked as one.
  std::optional<JwtConfig> jwt;
  // No authentication: every caller is an admin. Only for a server on
  // loopback during development (`decree serve --no-auth`).
  bool open = false;
  // The audit store (SQLite); the service does not start without one
  // unless `no_audit` (`decree serve --no-audit`, development only).
  audit::SqliteOptions audit;
  // The publishing keys (public PEM texts): when given, a rule set is
  // served only if every version is published as approved and signed by
  // one of them (`decree verify`), at the start and at every reload.
  std::vector<std::string> publishing_keys;
  size_t audit_max_queue = 65536;  // records waiting beyond this are refused (503)
  bool no_audit = false;
  // The server speaks TLS itself (the review page's cookie is then Secure).
  bool tls = false;
  // The audit store (and the registry) in PostgreSQL instead of SQLite: a
  // libpq connection string, for replicas sharing one store.
  std::string postgresql;
  // The publishing workflow (issue 12): proposals, reviews and
  // publications over /v1/proposals and the review page at /review. Its
  // registry lives in the audit store's database.
  std::optional<publish::WorkflowConfig> workflow;
  // How often a replica brings its rules directories in line with what the
  // registry says is published (0: only after its own publications).
  unsigned sync_interval_ms = 2000;
};

class Service {
 public:
  // Loads every rule set directory; nullptr with diagnostics if one does
  // not load or two declare the same rule set name.
  static std::unique_ptr<Service> load(ServiceConfig config, Diagnostics& diags);
  ~Service();

  // Safe to call from several threads at once. `done` is called once with
  // the answer: at once, or from the audit writer's thread when the
  // request's record is stored (or could not be: then a 503).
  using Answer = std::function<void(Response)>;
  void handle_async(const Request& request, Answer done) const;
  // The same, waiting for the answer.
  Response handle(const Request& request) const;

  // POST /v1/rulesets/{name}/batch (serve/batch.h), from the request's
  // method, target and headers, before its body is read: the Batch to feed
  // the body to, or nullptr when the request is refused (401, 403, 404, a
  // bad query); `refused` is then called with the answer, as `done` of
  // handle_async.
  std::unique_ptr<Batch> start_batch(const Request& head, const Answer& refused) const;
  // Whether the request's body goes to start_batch rather than being read whole.
  static bool is_batch(std::string_view method, std::string_view target);
  // The longest line of a batch (the limit of a single case's body).
  size_t max_line_bytes = 4 * 1024 * 1024;

  // nullptr with --no-audit.
  const audit::Log* audit_log() const { return audit_.get(); }

  struct Loaded {
    std::string path;
    std::shared_ptr<const RuleTimeline> timeline;
  };
  // A rule set directory that did not load at the last (re)load: served
  // still in its previous version, if it had one.
  struct Refusal {
    std::string path;
    std::string diagnostics;  // as `decree check` prints them
  };
  // What is served: swapped whole by a reload, while each request keeps
  // the one it started with.
  struct Generation {
    uint64_t id = 0;
    std::vector<Loaded> rule_sets;
    std::vector<Refusal> refused;  // at the reload that made this generation
    std::string loaded_at;         // UTC
  };
  std::shared_ptr<const Generation> current() const { return generation_.load(); }
  std::vector<Loaded> rule_sets() const { return current()->rule_sets; }

  // Loads, checks and plans every rule set directory again, off the request
  // path, and swaps the result in at once; a directory that does not load
  // keeps its previous rule set served. One reload at a time. (SIGHUP and
  // POST /v1/admin/reload call it.)
  std::shared_ptr<const Generation> reload() const;
  // The same on the service's reload thread; `done` is called there.
  void reload_async(std::function<void(std::shared_ptr<const Generation>)> done) const;

 private:
  Service() = default;
  // Opens the registry and the workflow (publishing: rulesets, or audit:
  // postgresql) and brings the rules directories in line with it.
  static bool open_workflow(Service& service, ServiceConfig& config, Diagnostics& diags);
  void start_sync();
  // The 401/403 problem to answer instead (with its audit record), or
  // nullopt with `caller` set.
  std::optional<Response> refuse(const Request& request, bool (*allowed)(Role), const char* action,
                                 Caller& caller) const;
  Response route(const Request& request, Route& which) const;
  // Stores `r`'s record (if any) and then calls `done` with it, or with a
  // 503 if the record cannot be stored; counts the request in the metrics.
  void send(Response r, Route which, std::chrono::steady_clock::time_point start, Lang lang,
            Answer done) const;
  static const Loaded* find(const Generation& generation, const std::string& name);
  Response reload_answer(const Generation& generation) const;
  std::unique_ptr<Batch> make_batch(const Loaded& rules, const Request& head,
                                    const std::string& query, const Caller& caller,
                                    std::optional<Response>& bad) const;
  Response evaluate(const Loaded& rules, const Request& request, const std::string& query,
                    const Caller& caller) const;
  Response list_rule_sets(const Generation& generation) const;
  Response ready(const Generation& generation) const;
  std::string metrics_text() const;
  Response audit_records(const std::string& query, Lang lang) const;
  Response parameters(const Loaded& rules, const std::string& query, Lang lang) const;
  Response schema(const Loaded& rules, const std::string& query, Lang lang) const;
  // /v1/proposals… (proposal_routes.cpp) and /review… (review_routes.cpp).
  Response proposals(const Request& request, const std::string& path, const std::string& query,
                     Route& which) const;
  Response review_page(const Request& request, const std::string& path,
                       const std::string& query) const;
  mutable std::atomic<std::shared_ptr<const Generation>> generation_;
  mutable std::mutex reload_mutex_;
  // The reload thread and the callers waiting for it.
  mutable std::mutex reload_queue_mutex_;
  mutable std::condition_variable reload_wake_;
  mutable std::vector<std::function<void(std::shared_ptr<const Generation>)>> reload_queue_;
  mutable bool reload_stopping_ = false;
  mutable std::thread reloader_;
  ServiceConfig config_;
  std::optional<JwtVerifier> jwt_;
  // The rules of what-if requests (`param=NAME=VALUE`): loaded once per rule
  // set directory, generation and set of values, a few kept.
  std::shared_ptr<const RuleTimeline> what_if_rules(const Loaded& rules,
                                                    const std::vector<ParamOverride>& overrides,
                                                    Lang lang, std::string& diagnostics) const;
  struct WhatIf {
    std::string key;
    std::shared_ptr<const RuleTimeline> timeline;
  };
  mutable std::mutex what_if_mutex_;
  mutable std::vector<WhatIf> what_ifs_;  // most recently used last
  std::unique_ptr<Metrics> metrics_;      // updated by const handle(): atomics only
  // The publishing workflow, when configured; the registry also holds the
  // audit store then.
  std::unique_ptr<publish::Registry> registry_;
  std::unique_ptr<publish::Workflow> workflow_;
  // The replica's sync thread (sync_interval_ms).
  mutable std::mutex sync_mutex_;
  mutable std::condition_variable sync_wake_;
  mutable bool sync_stopping_ = false;
  mutable std::thread syncer_;
  // Declared last: destroyed first, storing what is still queued while the
  // rest of the service is still there.
  std::unique_ptr<audit::Log> audit_;
};

}  // namespace decree::serve
