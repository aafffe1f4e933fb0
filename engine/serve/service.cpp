#include "serve/service.h"

#include <chrono>
#include <future>
#include <map>
#include <set>
#include <tuple>

#include "api/hash.h"
#include "api/session.h"
#include "audit/canonical_json.h"
#include "base/messages.h"
#include "eval/format.h"
#include "serve/decision_id.h"
#include "serve/problem.h"
#include "serve/schema.h"

namespace decree::serve {
namespace {

Response problem(const Problem& p) {
  return Response{p.status, "application/problem+json", problem_json(p), {}, false};
}

Response not_found(const std::string& path) {
  return problem({404, "route_not_found", "No such route", "no route " + path});
}

Response method_not_allowed(const std::string& method, const std::string& allow) {
  Response r = problem({405, "method_not_allowed", "Method not allowed",
                        method + " is not allowed here; use " + allow});
  r.allow = allow;
  return r;
}

// %XX and + of a query value.
std::string percent_decode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() &&
               std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
               std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// The query's parameters, or the first that is not one of `known`.
bool parse_query(const std::string& query, const std::set<std::string>& known,
                 std::map<std::string, std::string>& out, std::string& unknown) {
  for (size_t start = 0; start < query.size();) {
    size_t amp = std::min(query.find('&', start), query.size());
    std::string_view part(query.data() + start, amp - start);
    size_t eq = part.find('=');
    std::string key = percent_decode(part.substr(0, eq));
    std::string value = eq == std::string_view::npos ? "" : percent_decode(part.substr(eq + 1));
    if (!key.empty()) {
      if (!known.count(key)) {
        unknown = key;
        return false;
      }
      out[key] = value;
    }
    start = amp + 1;
  }
  return true;
}

// A Session per thread, rule set and choice of version: Sessions are reused
// case after case and are not shared between threads.
Session& session_for(const RuleTimeline& timeline, const SessionOptions& options) {
  using Key = std::tuple<const RuleTimeline*, std::string, std::string>;
  thread_local std::map<Key, std::unique_ptr<Session>> sessions;
  Key key{&timeline, options.version, options.as_of ? options.as_of->to_string() : ""};
  auto it = sessions.find(key);
  if (it == sessions.end()) {
    if (sessions.size() >= 64) sessions.clear();  // bounded: callers choose as_of freely
    it = sessions.emplace(key, std::make_unique<Session>(timeline, options)).first;
  }
  return *it->second;
}

Response case_problem(const CaseError& err, Lang lang, const std::string& decision_id) {
  Problem p;
  p.decision_id = decision_id;
  p.code = err.code == Code::none ? "case_error" : std::string(code_name(err.code));
  p.detail = describe(err, lang);
  p.pointer = err.pointer;
  switch (err.kind) {
    case CaseError::Kind::input:
      p.status = 400;
      p.title = "The case is not valid input";
      break;
    case CaseError::Kind::evaluation:
      // The request was well formed, but the rules cannot compute this case
      // (no table row, an unsourced figure): 422, never a server error.
      p.status = 422;
      p.title = "The rules cannot evaluate this case";
      p.location = err.location;
      break;
    case CaseError::Kind::internal:
      p.status = 500;
      p.title = "Internal error";
      break;
  }
  return problem(p);
}

// The query's parameters, or the 400 problem naming the unknown one.
std::optional<Response> read_query(const std::string& query, const std::vector<std::string>& known,
                                   std::map<std::string, std::string>& params) {
  std::string unknown;
  if (parse_query(query, std::set<std::string>(known.begin(), known.end()), params, unknown))
    return std::nullopt;
  std::string list;
  for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
  return problem({400, "unknown_query_parameter", "Unknown query parameter",
                  "unknown query parameter `" + unknown + "` (known: " + list + ")"});
}

Response no_such_version(const RuleTimeline& timeline, const std::string& version) {
  return problem({404, "version_not_found", "No such version",
                  "rule set " + timeline.name() + " has no version `" + version + "` (" +
                      timeline.describe() + ")"});
}

std::string sha256(std::string_view bytes) { return sha256_hex(bytes); }

// The input's hash in its audit record: of its canonical JSON, so that the
// same case sent with other whitespace or key order hashes the same; of the
// bytes as received when the body is not JSON (an input error).
std::string input_hash(std::string_view body) {
  const auto canonical = audit::canonical_json(body);
  return sha256(canonical ? std::string_view(*canonical) : body);
}

// A record of what `caller` (nullptr: not authenticated) asked.
audit::Record new_record(const Caller* caller, const char* action, std::string_view body) {
  audit::Record r;
  r.decision_id = new_decision_id();
  r.time = audit::utc_now();
  if (caller) {
    r.caller = caller->name;
    r.role = std::string(role_name(caller->role));
  }
  r.action = action;
  r.input_sha256 = input_hash(body);
  return r;
}

// Which rules produced an evaluation, in its record.
void record_rules(audit::Record& r, const RuleSet& rules) {
  const VersionInfo& v = rules.version();
  r.version = v.name;
  r.rules_hash = "sha256:" + v.hash;
  if (v.contributions.size() > 1)
    for (const auto& c : v.contributions)
      r.versions += (r.versions.empty() ? "" : " ") + c.name + "=sha256:" + c.hash;
}

Response audit_unavailable(Lang) {
  return problem({503, "audit_unavailable", "The audit record could not be stored",
                  "the answer is withheld because its audit record could not be stored; "
                  "try again later"});
}

}  // namespace

std::unique_ptr<Service> Service::load(ServiceConfig config, Diagnostics& diags) {
  auto service = std::unique_ptr<Service>(new Service());
  std::set<std::string> names;
  bool ok = true;
  if (config.tokens.empty() && !config.open) {
    diags.error({},
                "no tokens: give callers tokens in the configuration (tokens:), or serve "
                "without authentication with --no-auth (development on loopback only)");
    ok = false;
  }
  for (const auto& dir : config.rule_dirs) {
    auto timeline = RuleTimeline::load(dir, diags);
    if (!timeline) {
      ok = false;
      continue;
    }
    if (!names.insert(timeline->name()).second) {
      diags.error({}, "rule set " + timeline->name() + " is served twice (" + dir + ")");
      ok = false;
      continue;
    }
    service->rule_sets_.push_back({dir, std::move(timeline)});
  }
  if (config.audit.path.empty() && !config.no_audit) {
    diags.error({},
                "no audit store: give one in the configuration (audit: {sqlite: FILE}) or with "
                "--audit FILE, or serve without an audit log with --no-audit (development only)");
    ok = false;
  }
  if (!ok || service->rule_sets_.empty()) return nullptr;
  if (!config.no_audit) {
    std::string error;
    auto store = audit::open_sqlite_store(config.audit, error);
    if (!store) {
      diags.error({}, "audit store: " + error);
      return nullptr;
    }
    service->audit_ = std::make_unique<audit::Log>(std::move(store), config.audit_max_queue);
  }
  service->config_ = std::move(config);
  service->metrics_ = std::make_unique<Metrics>();
  for (const auto& r : service->rule_sets_) service->metrics_->add_rule_set(*r.timeline);
  return service;
}

Service::~Service() = default;

namespace {

bool any_role(Role) { return true; }
// Evaluating cases: not the auditor, who reads records and changes nothing.
bool may_evaluate(Role r) { return r != Role::auditor; }

}  // namespace

std::optional<Response> Service::refuse(const Request& request, bool (*allowed)(Role),
                                        const char* action, Caller& who) const {
  if (config_.open) {
    who = {"anonymous (--no-auth)", Role::admin};
    return std::nullopt;
  }
  const auto caller = config_.tokens.authenticate(request.authorization);
  // A refused request is recorded too: who tried what, and when.
  auto recorded = [&](Response r, const char* outcome) {
    r.record = new_record(caller ? &*caller : nullptr, action, request.body);
    r.record->outcome = outcome;
    r.record->result_sha256 = sha256(r.body);
    return r;
  };
  if (!caller) {
    Response r =
        problem({401, "unauthenticated", "Authentication required",
                 request.authorization.empty() ? "send a bearer token: Authorization: Bearer TOKEN"
                                               : "the token is not known here"});
    r.challenge = true;
    return recorded(std::move(r), "unauthenticated");
  }
  if (!allowed(caller->role))
    return recorded(problem({403, "forbidden", "Not allowed for this role",
                             std::string("the role ") + std::string(role_name(caller->role)) +
                                 " of " + caller->name + " may not do this"}),
                    "forbidden");
  who = *caller;
  return std::nullopt;
}

void Service::handle_async(const Request& request, Answer done) const {
  const auto start = std::chrono::steady_clock::now();
  Route which = Route::other;
  Response r = route(request, which);
  if (!r.record || !audit_) {  // nothing to record, or --no-audit
    r.record.reset();
    metrics_->request(which, r.status, std::chrono::steady_clock::now() - start);
    done(std::move(r));
    return;
  }
  audit::Record record = std::move(*r.record);
  r.record.reset();
  // std::function needs a copyable callback: the answer waits in a shared_ptr.
  auto answer = std::make_shared<Response>(std::move(r));
  audit_->submit(std::move(record), [this, answer, which, start, lang = request.lang,
                                     done = std::move(done)](bool stored) {
    Response sent = stored ? std::move(*answer) : audit_unavailable(lang);
    metrics_->request(which, sent.status, std::chrono::steady_clock::now() - start);
    done(std::move(sent));
  });
}

Response Service::handle(const Request& request) const {
  std::promise<Response> promise;
  auto answer = promise.get_future();
  handle_async(request, [&promise](Response r) { promise.set_value(std::move(r)); });
  return answer.get();
}

Response Service::route(const Request& request, Route& which) const {
  const size_t q = request.target.find('?');
  const std::string path = request.target.substr(0, q);
  const std::string query = q == std::string::npos ? "" : request.target.substr(q + 1);
  if (path == "/healthz" || path == "/readyz") {
    which = path == "/healthz" ? Route::healthz : Route::readyz;
    if (request.method != "GET") return method_not_allowed(request.method, "GET");
    return {200,
            "application/json",
            path == "/healthz"
                ? "{\"status\":\"ok\"}"
                : "{\"status\":\"ready\",\"rule_sets\":" + std::to_string(rule_sets_.size()) + "}",
            {}};
  }
  if (path == "/metrics") {
    which = Route::metrics;
    if (request.method != "GET") return method_not_allowed(request.method, "GET");
    Caller caller;
    if (auto no = refuse(request, any_role, "metrics", caller)) return *no;
    return {200, "text/plain; version=0.0.4; charset=utf-8", metrics_text(), {}};
  }
  if (path == "/v1/rulesets") {
    which = Route::rulesets;
    if (request.method != "GET") return method_not_allowed(request.method, "GET");
    Caller caller;
    if (auto no = refuse(request, any_role, "rulesets", caller)) return *no;
    return list_rule_sets();
  }
  // /v1/rulesets/{name}/{action}: a rule set's name has no `/`.
  const std::string prefix = "/v1/rulesets/";
  const size_t slash = path.rfind('/');
  if (path.rfind(prefix, 0) == 0 && slash > prefix.size()) {
    const std::string name = path.substr(prefix.size(), slash - prefix.size());
    const std::string action = path.substr(slash + 1);
    const Loaded* rules = nullptr;
    for (const auto& r : rule_sets_)
      if (r.timeline->name() == name) rules = &r;
    auto no_such_set = [&] {
      return problem({404, "ruleset_not_found", "No such rule set",
                      "no rule set " + name + " is served here (GET /v1/rulesets lists them)"});
    };
    if (action == "evaluate") {
      which = Route::evaluate;
      if (request.method != "POST") return method_not_allowed(request.method, "POST");
      Caller caller;
      if (auto no = refuse(request, may_evaluate, "evaluate", caller)) return *no;
      return rules ? evaluate(*rules, request, query, caller) : no_such_set();
    }
    if (action == "schema") {
      which = Route::rulesets;
      if (request.method != "GET") return method_not_allowed(request.method, "GET");
      Caller caller;
      if (auto no = refuse(request, any_role, "schema", caller)) return *no;
      return rules ? schema(*rules, query) : no_such_set();
    }
  }
  return not_found(path);
}

Response Service::schema(const Loaded& rules, const std::string& query) const {
  std::map<std::string, std::string> params;
  if (auto bad = read_query(query, {"version"}, params)) return *bad;
  // The latest version unless one is named: the one new cases are most likely under.
  const RuleSet* version = params.count("version") ? rules.timeline->find(params["version"])
                                                   : rules.timeline->versions().back().get();
  if (!version) return no_such_version(*rules.timeline, params["version"]);
  return {200, "application/json", version_schemas(*version), {}};
}

std::string Service::metrics_text() const {
  std::string out = metrics_->prometheus_text();
  if (audit_) out += audit_metrics_text(*audit_);
  return out;
}

Response Service::list_rule_sets() const {
  std::string out = "{\"rule_sets\":[";
  for (size_t i = 0; i < rule_sets_.size(); ++i) {
    const RuleTimeline& t = *rule_sets_[i].timeline;
    if (i) out += ',';
    out += "{\"name\":";
    append_json_string(out, t.name());
    out += ",\"select_by\":";
    append_json_string(out, t.select_by());
    out += ",\"versions\":[";
    for (size_t v = 0; v < t.versions().size(); ++v) {
      const VersionInfo& info = t.versions()[v]->version();
      if (v) out += ',';
      out += "{\"version\":";
      append_json_string(out, info.name);
      out += ",\"effective\":";
      append_json_string(out, info.effective);
      if (!info.until.empty()) {
        out += ",\"until\":";
        append_json_string(out, info.until);
      }
      if (!info.extends.empty()) {
        out += ",\"extends\":";
        append_json_string(out, info.extends);
      }
      out += ",\"rules_hash\":";
      append_json_string(out, "sha256:" + info.hash);
      out += '}';
    }
    out += "],\"payment_versions\":[";
    for (size_t v = 0; v < t.payment_versions().size(); ++v) {
      const auto& p = t.payment_versions()[v];
      if (v) out += ',';
      out += "{\"version\":";
      append_json_string(out, p.name);
      out += ",\"effective\":";
      append_json_string(out, p.effective);
      out += ",\"hash\":";
      append_json_string(out, "sha256:" + p.hash);
      out += '}';
    }
    out += "]}";
  }
  out += "]}";
  return {200, "application/json", out, {}};
}

Response Service::evaluate(const Loaded& rules, const Request& request, const std::string& query,
                           const Caller& caller) const {
  std::map<std::string, std::string> params;
  if (auto bad = read_query(query, {"version", "as_of", "explain"}, params)) return *bad;
  SessionOptions options;
  options.version = params["version"];
  if (!params["as_of"].empty()) {
    options.as_of = Date::parse(params["as_of"]);
    if (!options.as_of)
      return problem({400, "bad_as_of", "Bad as_of",
                      "as_of must be a date YYYY-MM-DD, not `" + params["as_of"] + "`"});
  }
  const std::string explain = params["explain"];
  if (!explain.empty() && explain != "true" && explain != "false")
    return problem({400, "bad_explain", "Bad explain", "explain is true or false"});
  if (!options.version.empty() && !rules.timeline->find(options.version))
    return no_such_version(*rules.timeline, options.version);

  std::string_view body = request.body;
  if (body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);  // UTF-8 BOM
  Session& session = session_for(*rules.timeline, options);
  CaseError err;
  EvalOptions eval;
  eval.as_of = options.as_of;
  eval.explain = explain == "true";
  // Every evaluation leaves a record, whatever its outcome.
  audit::Record record = new_record(&caller, "evaluate", body);
  record.ruleset = rules.timeline->name();
  const bool decoded = session.decode_json(body, err);
  if (decoded) {
    record_rules(record, session.rules());
    record.case_id = std::string(session.case_id());
  } else {
    record.case_id = Session::peek_case_id(body);
  }
  if (!decoded || !session.evaluate(err, eval)) {
    const Outcome outcome = err.kind == CaseError::Kind::input        ? Outcome::input_error
                            : err.kind == CaseError::Kind::evaluation ? Outcome::rule_error
                                                                      : Outcome::internal;
    metrics_->evaluation(*rules.timeline, decoded ? &session.rules() : nullptr, outcome);
    Response r = case_problem(err, request.lang, record.decision_id);
    record.outcome = outcome_name(outcome);
    record.result_sha256 = sha256(r.body);
    r.record = std::move(record);
    return r;
  }
  metrics_->evaluation(*rules.timeline, &session.rules(), Outcome::ok);

  std::string out;
  session.append_result_json(out, request.lang);
  out.pop_back();  // the closing brace: the service's fields follow
  std::string payers;
  const auto& names = session.rules().output_names();
  for (size_t i = 0; i < names.size(); ++i) {
    const std::string& payer = session.output_payer(i);
    if (payer.empty()) continue;
    payers += payers.empty() ? "" : ",";
    append_json_string(payers, names[i]);
    payers += ':';
    append_json_string(payers, payer);
  }
  if (!payers.empty()) out += ",\"paid_by\":{" + payers + "}";
  out += ",\"decision_id\":";
  append_json_string(out, record.decision_id);
  if (eval.explain) out += ",\"trace\":" + session.explain_json();
  out += '}';
  record.outcome = outcome_name(Outcome::ok);
  record.result_sha256 = sha256(out);
  Response r{200, "application/json", std::move(out), {}};
  r.record = std::move(record);
  return r;
}

}  // namespace decree::serve
