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
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/timeline.h"
#include "base/diagnostics.h"
#include "serve/auth.h"
#include "serve/metrics.h"

namespace decree::serve {

struct Request {
  std::string method;  // "GET", "POST"
  std::string target;  // path and query: "/v1/rulesets/x/evaluate?explain=true"
  std::string body;
  Lang lang = Lang::en;       // of messages in the answer (Accept-Language: zh → 中文)
  std::string authorization;  // the Authorization header: "Bearer TOKEN"
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::string allow;       // for 405: the methods the route takes
  bool challenge = false;  // 401: send WWW-Authenticate: Bearer
};

struct ServiceConfig {
  std::vector<std::string> rule_dirs;  // each served under the rule set name it declares
  Tokens tokens;
  // No authentication: every caller is an admin. Only for a server on
  // loopback during development (`decree serve --no-auth`).
  bool open = false;
};

class Service {
 public:
  // Loads every rule set directory; nullptr with diagnostics if one does
  // not load or two declare the same rule set name.
  static std::unique_ptr<Service> load(ServiceConfig config, Diagnostics& diags);
  ~Service();

  // Safe to call from several threads at once.
  Response handle(const Request& request) const;

  struct Loaded {
    std::string path;
    std::unique_ptr<const RuleTimeline> timeline;
  };
  const std::vector<Loaded>& rule_sets() const { return rule_sets_; }

 private:
  Service() = default;
  // The caller, or the 401/403 problem to answer instead.
  std::optional<Response> refuse(const Request& request, bool (*allowed)(Role)) const;
  Response route(const Request& request, Route& which) const;
  Response evaluate(const Loaded& rules, const Request& request, const std::string& query) const;
  Response list_rule_sets() const;
  Response schema(const Loaded& rules, const std::string& query) const;
  std::vector<Loaded> rule_sets_;
  ServiceConfig config_;
  std::unique_ptr<Metrics> metrics_;  // updated by const handle(): atomics only
};

}  // namespace decree::serve
