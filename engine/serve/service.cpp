#include "serve/service.h"

#include <algorithm>
#include <chrono>
#include <future>
#include <map>
#include <set>
#include <tuple>

#include "api/hash.h"
#include "api/param_history.h"
#include "api/session.h"
#include "audit/canonical_json.h"
#include "base/messages.h"
#include "eval/format.h"
#include "serve/batch.h"
#include "serve/decision_id.h"
#include "serve/evaluation.h"
#include "serve/log.h"
#include "serve/openapi.h"
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
// After a reload the thread's Sessions of the old generation are dropped
// (each holds its rule set alive while it is cached).
Session& session_for(const std::shared_ptr<const RuleTimeline>& timeline,
                     const SessionOptions& options, uint64_t generation) {
  using Key = std::tuple<const RuleTimeline*, std::string, std::string>;
  struct Cached {
    std::shared_ptr<const RuleTimeline> timeline;  // declared first: outlives the Session
    std::unique_ptr<Session> session;
  };
  thread_local std::map<Key, Cached> sessions;
  thread_local uint64_t generation_seen = 0;
  if (generation != generation_seen) {
    sessions.clear();
    generation_seen = generation;
  }
  Key key{timeline.get(), options.version, options.as_of ? options.as_of->to_string() : ""};
  auto it = sessions.find(key);
  if (it == sessions.end()) {
    if (sessions.size() >= 64) sessions.clear();  // bounded: callers choose as_of freely
    it = sessions.emplace(key, Cached{timeline, std::make_unique<Session>(*timeline, options)})
             .first;
  }
  return *it->second.session;
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

// The query's version and as_of (and the other `known` parameters into
// `params`), or the 400/404 problem to answer instead.
std::optional<Response> read_pick(const std::string& query, const std::vector<std::string>& known,
                                  const RuleTimeline& timeline,
                                  std::map<std::string, std::string>& params,
                                  SessionOptions& pick) {
  if (auto bad = read_query(query, known, params)) return bad;
  pick.version = params["version"];
  if (!params["as_of"].empty()) {
    pick.as_of = Date::parse(params["as_of"]);
    if (!pick.as_of)
      return problem({400, "bad_as_of", "Bad as_of",
                      "as_of must be a date YYYY-MM-DD, not `" + params["as_of"] + "`"});
  }
  if (!pick.version.empty() && !timeline.find(pick.version))
    return no_such_version(timeline, pick.version);
  return std::nullopt;
}

Response no_such_rule_set(const std::string& name) {
  return problem({404, "ruleset_not_found", "No such rule set",
                  "no rule set " + name + " is served here (GET /v1/rulesets lists them)"});
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
  if (config.jwt) {
    std::string error;
    service->jwt_ = JwtVerifier::make(*config.jwt, error);
    if (!service->jwt_) {
      diags.error({}, "jwt: " + error);
      ok = false;
    }
  }
  if (config.tokens.empty() && !config.jwt && !config.open) {
    diags.error({},
                "no tokens: give callers tokens in the configuration (tokens:), or serve "
                "without authentication with --no-auth (development on loopback only)");
    ok = false;
  }
  auto generation = std::make_shared<Generation>();
  generation->id = 1;
  generation->loaded_at = audit::utc_now();
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
    generation->rule_sets.push_back({dir, std::move(timeline)});
  }
  if (config.audit.path.empty() && !config.no_audit) {
    diags.error({},
                "no audit store: give one in the configuration (audit: {sqlite: FILE}) or with "
                "--audit FILE, or serve without an audit log with --no-audit (development only)");
    ok = false;
  }
  if (!ok || generation->rule_sets.empty()) return nullptr;
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
  for (const auto& r : generation->rule_sets) service->metrics_->add_rule_set(*r.timeline);
  service->generation_.store(std::move(generation));
  return service;
}

std::shared_ptr<const Service::Generation> Service::reload() const {
  std::lock_guard<std::mutex> one_at_a_time(reload_mutex_);
  const auto old = current();
  auto next = std::make_shared<Generation>();
  next->id = old->id + 1;
  next->loaded_at = audit::utc_now();
  std::set<std::string> names;
  for (const auto& dir : config_.rule_dirs) {
    Diagnostics diags;
    std::shared_ptr<const RuleTimeline> timeline = RuleTimeline::load(dir, diags);
    const Loaded* before = nullptr;
    for (const auto& r : old->rule_sets)
      if (r.path == dir) before = &r;
    if (timeline && !names.insert(timeline->name()).second) {
      diags.error({}, "rule set " + timeline->name() + " is served twice (" + dir + ")");
      timeline.reset();
    }
    if (!timeline) {
      // Refused: the previous rule set of this directory stays served.
      next->refused.push_back({dir, render_all(diags)});
      if (before && names.insert(before->timeline->name()).second)
        next->rule_sets.push_back(*before);
      continue;
    }
    next->rule_sets.push_back({dir, std::move(timeline)});
  }
  for (const auto& r : next->rule_sets) metrics_->add_rule_set(*r.timeline);
  std::shared_ptr<const Generation> swapped = next;
  generation_.store(swapped);
  // The old generation's rule sets stop being listed as loaded; requests
  // that began on them finish on them (they hold the old generation).
  for (const auto& r : old->rule_sets) metrics_->retire_rule_set(*r.timeline);
  metrics_->reload(next->refused.empty());
  log::info("reload", "generation=" + std::to_string(next->id) +
                          " served=" + std::to_string(next->rule_sets.size()) +
                          " refused=" + std::to_string(next->refused.size()));
  for (const auto& r : next->refused)
    log::warn("reload_refused",
              "path=" + log::value(r.path) + " diagnostics=" + log::value(r.diagnostics));
  return swapped;
}

Service::~Service() {
  {
    std::lock_guard<std::mutex> lock(reload_queue_mutex_);
    reload_stopping_ = true;
  }
  reload_wake_.notify_one();
  if (reloader_.joinable()) reloader_.join();
}

void Service::reload_async(std::function<void(std::shared_ptr<const Generation>)> done) const {
  std::lock_guard<std::mutex> lock(reload_queue_mutex_);
  reload_queue_.push_back(std::move(done));
  if (!reloader_.joinable())
    reloader_ = std::thread([this] {
      std::unique_lock<std::mutex> lock(reload_queue_mutex_);
      for (;;) {
        reload_wake_.wait(lock, [this] { return reload_stopping_ || !reload_queue_.empty(); });
        if (reload_queue_.empty()) return;
        // Callers that asked while one reload ran share the next one.
        auto waiting = std::move(reload_queue_);
        reload_queue_.clear();
        lock.unlock();
        auto generation = reload();
        for (auto& done : waiting) done(generation);
        lock.lock();
      }
    });
  reload_wake_.notify_one();
}

namespace {

bool any_role(Role) { return true; }
// Evaluating cases: not the auditor, who reads records and changes nothing.
bool may_evaluate(Role r) { return r != Role::auditor; }
// Reloading the rule sets: admins.
bool may_administer(Role r) { return r == Role::admin; }
// The audit log: auditors (and admins).
bool may_read_audit(Role r) { return r == Role::auditor || r == Role::admin; }
// Batches: analysts (and admins), not the caseworker systems' single cases.
bool may_batch(Role r) { return r == Role::analyst || r == Role::admin; }

}  // namespace

std::optional<Response> Service::refuse(const Request& request, bool (*allowed)(Role),
                                        const char* action, Caller& who) const {
  if (config_.open) {
    who = {"anonymous (--no-auth)", Role::admin};
    return std::nullopt;
  }
  // A JWT (header.payload.signature) when JWTs are configured, else one of
  // the tokens whose hashes the configuration holds.
  std::string jwt_reason;
  std::optional<Caller> caller;
  const std::string_view presented = bearer_token(request.authorization);
  if (jwt_ && std::count(presented.begin(), presented.end(), '.') == 2)
    caller = jwt_->verify(presented, jwt_reason, std::chrono::system_clock::now());
  else
    caller = config_.tokens.authenticate(request.authorization);
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
                 : !jwt_reason.empty()         ? jwt_reason
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
  if (request.method == "POST" &&
      request.target.substr(0, request.target.find('?')) == "/v1/admin/reload") {
    // Off the request path: the reload runs on its own thread, and the
    // answer is sent from there when it is done.
    Caller caller;
    if (auto no = refuse(request, may_administer, "reload", caller))
      return send(std::move(*no), Route::admin, start, request.lang, std::move(done));
    reload_async([this, start, lang = request.lang, done = std::move(done)](auto generation) {
      send(reload_answer(*generation), Route::admin, start, lang, done);
    });
    return;
  }
  Route which = Route::other;
  Response r = route(request, which);
  send(std::move(r), which, start, request.lang, std::move(done));
}

void Service::send(Response r, Route which, std::chrono::steady_clock::time_point start, Lang lang,
                   Answer done) const {
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
  audit_->submit(std::move(record), [this, answer, which, start, lang,
                                     done = std::move(done)](bool stored) {
    if (!stored) {
      // One line per 1,000 failures at most: a full disk fails them all.
      static std::atomic<uint64_t> failures{0};
      if (failures.fetch_add(1) % 1000 == 0)
        log::warn("audit_failed", "error=" + log::value(audit_->last_error()) + " answered=503");
    }
    Response sent = stored ? std::move(*answer) : audit_unavailable(lang);
    metrics_->request(which, sent.status, std::chrono::steady_clock::now() - start);
    done(std::move(sent));
  });
}

const Service::Loaded* Service::find(const Generation& generation, const std::string& name) {
  for (const auto& r : generation.rule_sets)
    if (r.timeline->name() == name) return &r;
  return nullptr;
}

bool Service::is_batch(std::string_view method, std::string_view target) {
  const std::string_view path = target.substr(0, target.find('?'));
  const std::string_view prefix = "/v1/rulesets/", suffix = "/batch";
  return method == "POST" && path.size() > prefix.size() + suffix.size() &&
         path.substr(0, prefix.size()) == prefix &&
         path.substr(path.size() - suffix.size()) == suffix &&
         path.substr(prefix.size(), path.size() - prefix.size() - suffix.size()).find('/') ==
             std::string_view::npos;
}

std::unique_ptr<Batch> Service::start_batch(const Request& head, const Answer& refused) const {
  const auto start = std::chrono::steady_clock::now();
  const size_t q = head.target.find('?');
  const std::string path = head.target.substr(0, q);
  const std::string query = q == std::string::npos ? "" : head.target.substr(q + 1);
  const std::string name = path.substr(13, path.size() - 13 - 6);  // /v1/rulesets/NAME/batch
  auto refuse_with = [&](Response r) {
    send(std::move(r), Route::batch, start, head.lang, refused);
    return nullptr;
  };
  Caller caller;
  if (auto no = refuse(head, may_batch, "batch", caller)) return refuse_with(std::move(*no));
  const auto generation = current();
  const Loaded* rules = find(*generation, name);
  if (!rules) return refuse_with(no_such_rule_set(name));
  std::optional<Response> bad;
  auto batch = make_batch(*rules, head, query, caller, bad);
  if (!batch) return refuse_with(std::move(*bad));
  metrics_->request(Route::batch, 200, std::chrono::steady_clock::now() - start);
  return batch;
}

std::unique_ptr<Batch> Service::make_batch(const Loaded& rules, const Request& head,
                                           const std::string& query, const Caller& caller,
                                           std::optional<Response>& bad) const {
  std::map<std::string, std::string> params;
  SessionOptions pick;
  if ((bad = read_pick(query, {"version", "as_of"}, *rules.timeline, params, pick))) return nullptr;
  EvalOptions eval;
  eval.as_of = pick.as_of;
  return std::make_unique<Batch>(rules.timeline, pick, eval, caller, head.lang, max_line_bytes,
                                 *metrics_, audit_.get());
}

Response Service::handle(const Request& request) const {
  std::promise<Response> promise;
  auto answer = promise.get_future();
  handle_async(request, [&promise](Response r) { promise.set_value(std::move(r)); });
  return answer.get();
}

Response Service::route(const Request& request, Route& which) const {
  // The rule sets this request is served from, whatever a reload does meanwhile.
  const auto generation = current();
  const size_t q = request.target.find('?');
  const std::string path = request.target.substr(0, q);
  const std::string query = q == std::string::npos ? "" : request.target.substr(q + 1);
  if (path == "/healthz" || path == "/readyz") {
    which = path == "/healthz" ? Route::healthz : Route::readyz;
    if (request.method != "GET") return method_not_allowed(request.method, "GET");
    if (path == "/healthz") return {200, "application/json", "{\"status\":\"ok\"}"};
    return ready(*generation);
  }
  if (path == "/v1/admin/reload") {
    which = Route::admin;
    if (request.method != "POST") return method_not_allowed(request.method, "POST");
    Caller caller;
    if (auto no = refuse(request, may_administer, "reload", caller)) return *no;
    return reload_answer(*reload());  // (handle_async reloads on the reload thread)
  }
  if (path == "/v1/openapi.json") {
    // Public, as API documents are: it says what the routes are, not what they answer.
    which = Route::other;
    if (request.method != "GET") return method_not_allowed(request.method, "GET");
    return {200, "application/json", std::string(openapi_document())};
  }
  if (path == "/v1/audit/records") {
    which = Route::audit;
    if (request.method != "GET") return method_not_allowed(request.method, "GET");
    Caller caller;
    if (auto no = refuse(request, may_read_audit, "audit", caller)) return *no;
    return audit_records(query);
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
    return list_rule_sets(*generation);
  }
  // /v1/rulesets/{name}/{action}: a rule set's name has no `/`.
  const std::string prefix = "/v1/rulesets/";
  const size_t slash = path.rfind('/');
  if (path.rfind(prefix, 0) == 0 && slash > prefix.size()) {
    const std::string name = path.substr(prefix.size(), slash - prefix.size());
    const std::string action = path.substr(slash + 1);
    const Loaded* rules = find(*generation, name);
    auto no_such_set = [&] { return no_such_rule_set(name); };
    if (action == "evaluate") {
      which = Route::evaluate;
      if (request.method != "POST") return method_not_allowed(request.method, "POST");
      Caller caller;
      if (auto no = refuse(request, may_evaluate, "evaluate", caller)) return *no;
      return rules ? evaluate(*rules, request, query, caller) : no_such_set();
    }
    if (action == "batch") {
      // Only a request not streamed to start_batch ends here: a GET, say.
      which = Route::batch;
      if (request.method != "POST") return method_not_allowed(request.method, "POST");
      Caller caller;
      if (auto no = refuse(request, may_batch, "batch", caller)) return *no;
      if (!rules) return no_such_set();
      std::optional<Response> bad;
      auto batch = make_batch(*rules, request, query, caller, bad);
      if (!batch) return std::move(*bad);
      std::promise<std::string> promise;
      auto text = promise.get_future();
      batch->feed(request.body, true,
                  [&promise](std::string t) { promise.set_value(std::move(t)); });
      return {200, "application/x-ndjson", text.get()};
    }
    if (action == "parameters") {
      which = Route::rulesets;
      if (request.method != "GET") return method_not_allowed(request.method, "GET");
      Caller caller;
      if (auto no = refuse(request, any_role, "parameters", caller)) return *no;
      return rules ? parameters(*rules, query) : no_such_set();
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

std::shared_ptr<const RuleTimeline> Service::what_if_rules(
    const Loaded& rules, const std::vector<ParamOverride>& overrides,
    std::string& diagnostics) const {
  std::string key = rules.path + '\n' + std::to_string(current()->id);
  for (const auto& o : overrides) key += '\n' + o.name + '=' + o.value;
  {
    std::lock_guard<std::mutex> lock(what_if_mutex_);
    for (size_t i = 0; i < what_ifs_.size(); ++i)
      if (what_ifs_[i].key == key) {
        std::rotate(what_ifs_.begin() + static_cast<long>(i),
                    what_ifs_.begin() + static_cast<long>(i) + 1, what_ifs_.end());
        return what_ifs_.back().timeline;
      }
  }
  // Loaded outside the lock: other what-ifs go on meanwhile.
  Diagnostics diags;
  LoadOptions options;
  options.params = overrides;
  std::shared_ptr<const RuleTimeline> timeline = RuleTimeline::load(rules.path, diags, options);
  if (!timeline) {
    diagnostics = render_all(diags);
    return nullptr;
  }
  std::lock_guard<std::mutex> lock(what_if_mutex_);
  if (what_ifs_.size() >= 8) {
    metrics_->retire_rule_set(*what_ifs_.front().timeline);
    what_ifs_.erase(what_ifs_.begin());
  }
  what_ifs_.push_back({key, timeline});
  metrics_->add_rule_set(*timeline);
  return timeline;
}

Response Service::parameters(const Loaded& rules, const std::string& query) const {
  std::map<std::string, std::string> params;
  if (auto bad = read_query(query, {"name"}, params)) return *bad;
  const auto all = parameter_history(*rules.timeline, params["name"]);
  if (all.empty() && !params["name"].empty())
    return problem(
        {404, "parameter_not_found", "No such parameter",
         "rule set " + rules.timeline->name() + " has no parameter `" + params["name"] + "`"});
  std::string out = "{\"ruleset\":";
  append_json_string(out, rules.timeline->name());
  out += ",\"parameters\":" + parameter_history_json(all) + "}";
  return {200, "application/json", std::move(out)};
}

Response Service::audit_records(const std::string& query) const {
  std::map<std::string, std::string> params;
  if (auto bad = read_query(query, {"decision_id", "case_id", "rules_hash", "from", "to", "limit"},
                            params))
    return *bad;
  if (!audit_)
    return problem(
        {404, "audit_off", "No audit log", "this server runs without an audit log (--no-audit)"});
  audit::Query q;
  q.decision_id = params["decision_id"];
  q.case_id = params["case_id"];
  q.rules_hash = params["rules_hash"];
  q.from = params["from"];
  q.to = params["to"];
  if (!params["limit"].empty()) {
    const std::string& l = params["limit"];
    if (l.size() > 6 || l.find_first_not_of("0123456789") != std::string::npos ||
        std::stol(l) < 1 || std::stol(l) > 10000)
      return problem({400, "bad_limit", "Bad limit", "limit is a whole number from 1 to 10000"});
    q.limit = std::stol(l);
  } else {
    q.limit = 1000;
  }
  std::vector<audit::Record> records;
  std::string error;
  if (!audit_->store().query(q, records, error))
    return problem({503, "audit_unavailable", "The audit log cannot be read", error});
  std::string out = "{\"records\":[";
  for (size_t i = 0; i < records.size(); ++i) {
    if (i) out += ',';
    out += audit::record_json(records[i]);
  }
  out += "]}";
  return {200, "application/json", std::move(out)};
}

std::string Service::metrics_text() const {
  std::string out = metrics_->prometheus_text();
  if (audit_) out += audit_metrics_text(*audit_);
  return out;
}

// /readyz: ready while rule sets are served; a directory refused at the
// last reload is listed (its previous rule set, if any, is still served).
Response Service::ready(const Generation& g) const {
  std::string out = "{\"status\":\"ready\",\"rule_sets\":" + std::to_string(g.rule_sets.size()) +
                    ",\"generation\":" + std::to_string(g.id) + ",\"loaded_at\":";
  append_json_string(out, g.loaded_at);
  if (!g.refused.empty()) {
    out += ",\"refused\":[";
    for (size_t i = 0; i < g.refused.size(); ++i) {
      if (i) out += ',';
      out += "{\"path\":";
      append_json_string(out, g.refused[i].path);
      out += '}';
    }
    out += ']';
  }
  out += '}';
  return {200, "application/json", std::move(out)};
}

Response Service::reload_answer(const Generation& g) const {
  std::string out = "{\"generation\":" + std::to_string(g.id) + ",\"reloaded\":[";
  for (size_t i = 0; i < g.rule_sets.size(); ++i) {
    if (i) out += ',';
    out += "{\"ruleset\":";
    append_json_string(out, g.rule_sets[i].timeline->name());
    out += ",\"path\":";
    append_json_string(out, g.rule_sets[i].path);
    out += '}';
  }
  out += "],\"refused\":[";
  for (size_t i = 0; i < g.refused.size(); ++i) {
    if (i) out += ',';
    out += "{\"path\":";
    append_json_string(out, g.refused[i].path);
    out += ",\"diagnostics\":";
    append_json_string(out, g.refused[i].diagnostics);
    out += '}';
  }
  out += "]}";
  return {200, "application/json", std::move(out)};
}

Response Service::list_rule_sets(const Generation& generation) const {
  const auto& rule_sets = generation.rule_sets;
  std::string out = "{\"rule_sets\":[";
  for (size_t i = 0; i < rule_sets.size(); ++i) {
    const RuleTimeline& t = *rule_sets[i].timeline;
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

Response Service::evaluate(const Loaded& served, const Request& request,
                           const std::string& full_query, const Caller& caller) const {
  // What-if values (`param=NAME=VALUE`, repeatable) are taken out first:
  // the other parameters are read as usual.
  std::vector<ParamOverride> overrides;
  std::string query;
  for (size_t start = 0; start <= full_query.size();) {
    size_t amp = std::min(full_query.find('&', start), full_query.size());
    const std::string part = full_query.substr(start, amp - start);
    if (part.rfind("param=", 0) == 0) {
      const std::string spec = percent_decode(part.substr(6));
      const size_t eq = spec.find('=');
      if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size())
        return problem({400, "bad_param", "Bad what-if parameter",
                        "param is NAME=VALUE or NAME[KEY]=VALUE, not `" + spec + "`"});
      overrides.push_back({spec.substr(0, eq), spec.substr(eq + 1)});
    } else if (!part.empty()) {
      query += (query.empty() ? "" : "&") + part;
    }
    start = amp + 1;
  }
  // What-ifs: analysts and admins (a caseworker's answers are paid as computed).
  if (!overrides.empty() && caller.role != Role::analyst && caller.role != Role::admin) {
    Response r = problem({403, "forbidden", "Not allowed for this role",
                          std::string("the role ") + std::string(role_name(caller.role)) + " of " +
                              caller.name + " may not evaluate with what-if parameters"});
    r.record = new_record(&caller, "evaluate", request.body, audit_ != nullptr);
    r.record->outcome = "forbidden";
    if (audit_) r.record->result_sha256 = sha256(r.body);
    return r;
  }
  Loaded what_if;
  if (!overrides.empty()) {
    std::string diagnostics;
    what_if.path = served.path;
    what_if.timeline = what_if_rules(served, overrides, diagnostics);
    if (!what_if.timeline) return problem({400, "bad_param", "Bad what-if parameter", diagnostics});
  }
  const Loaded& rules = overrides.empty() ? served : what_if;
  std::map<std::string, std::string> params;
  SessionOptions options;
  if (auto bad =
          read_pick(query, {"version", "as_of", "explain"}, *rules.timeline, params, options))
    return *bad;
  const std::string explain = params["explain"];
  if (!explain.empty() && explain != "true" && explain != "false")
    return problem({400, "bad_explain", "Bad explain", "explain is true or false"});

  std::string_view body = request.body;
  if (body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);  // UTF-8 BOM
  Session& session = session_for(rules.timeline, options, current()->id);
  EvalOptions eval;
  eval.as_of = options.as_of;
  eval.explain = explain == "true";
  Evaluated e = evaluate_case(*rules.timeline, session, body, caller, eval,
                              overrides.empty() ? "evaluate" : "evaluate_what_if", *metrics_,
                              audit_ != nullptr);
  if (!e.ok) {
    Response r = case_problem(e.err, request.lang, e.record.decision_id);
    if (audit_) e.record.result_sha256 = sha256(r.body);
    r.record = std::move(e.record);
    return r;
  }
  std::string out;
  append_answer_open(session, request.lang, e.record.decision_id, out);
  if (eval.explain) out += ",\"trace\":" + session.explain_json();
  out += '}';
  audit::Record record = std::move(e.record);
  if (audit_) record.result_sha256 = sha256(out);
  Response r{200, "application/json", std::move(out), {}};
  r.record = std::move(record);
  return r;
}

}  // namespace decree::serve
