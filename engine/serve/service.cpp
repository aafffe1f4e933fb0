#include "serve/service.h"

#include <filesystem>
#include <algorithm>
#include <chrono>
#include <future>
#include <map>
#include <set>

#include "api/hash.h"
#include "api/param_history.h"
#include "api/session.h"
#include "audit/canonical_json.h"
#include "base/codes_publish.h"
#include "base/messages.h"
#include "eval/format.h"
#include "publish/pg_registry.h"
#include "publish/sqlite_registry.h"
#include "publish/verify.h"
#include "serve/batch.h"
#include "audit/decision_id.h"
#include "serve/evaluation.h"
#include "serve/log.h"
#include "serve/openapi.h"
#include "serve/problem.h"
#include "serve/requests.h"
#include "serve/schema.h"

namespace decree::serve {
namespace {
namespace fs = std::filesystem;

// With publishing keys configured, a rule set is served only if every one
// of its versions is published as approved and signed by one of them
// (publish/verify.h): fail closed, each refusal an error saying why.
bool published_as_approved(const RuleTimeline& timeline, const std::string& dir,
                           const std::vector<std::string>& keys, Diagnostics& diags) {
  if (keys.empty()) return true;
  bool ok = true;
  for (const auto& c : publish::verify_versions(timeline, dir, keys))
    if (c.result != publish::VersionCheck::Result::ok) {
      diags.error(
          {}, Message{msg::publish_not_approved,
                      {{"ruleset", timeline.name()}, {"version", c.version}, {"why", c.message}}});
      ok = false;
    }
  return ok;
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
  // The registry (proposals, publications, and the audit store in the same
  // database) first: a replica writes what is published before it loads.
  if (!open_workflow(*service, config, diags)) return nullptr;
  auto generation = std::make_shared<Generation>();
  generation->id = 1;
  generation->loaded_at = audit::utc_now();
  for (const auto& dir : config.rule_dirs) {
    auto timeline = RuleTimeline::load(dir, diags);
    if (!timeline || !published_as_approved(*timeline, dir, config.publishing_keys, diags)) {
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
  if (config.audit.path.empty() && config.postgresql.empty() && !config.no_audit) {
    diags.error({},
                "no audit store: give one in the configuration (audit: {sqlite: FILE} or "
                "{postgresql: CONNINFO}) or with "
                "--audit FILE, or serve without an audit log with --no-audit (development only)");
    ok = false;
  }
  if (!ok || generation->rule_sets.empty()) return nullptr;
  if (!config.no_audit && service->registry_) {
    service->audit_ = std::make_unique<audit::Log>(audit::borrow(service->registry_->audit()),
                                                   config.audit_max_queue);
  } else if (!config.no_audit) {
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
  service->start_sync();
  return service;
}

bool Service::open_workflow(Service& service, ServiceConfig& config, Diagnostics& diags) {
  if (!config.workflow && config.postgresql.empty()) return true;
  if (config.no_audit) {
    diags.error({}, "the publishing workflow records every step in the audit store: it does not "
                    "run with --no-audit");
    return false;
  }
  std::string error;
  if (!config.postgresql.empty())
    service.registry_ = publish::open_pg_registry(config.postgresql, error);
  else if (!config.audit.path.empty())
    service.registry_ = publish::open_sqlite_registry(config.audit, error);
  if (!service.registry_) {
    diags.error({}, "audit store: " + error);
    return false;
  }
  if (!config.workflow) return true;
  for (const auto& m : config.workflow->rule_sets) {
    const auto normal = fs::path(m.dir).lexically_normal();
    bool served = false;
    for (const auto& dir : config.rule_dirs) served |= fs::path(dir).lexically_normal() == normal;
    if (!served) {
      diags.error({}, "publishing: rulesets: " + m.dir + " is not among the rule sets served (rules:)");
      return false;
    }
  }
  service.workflow_ = std::make_unique<publish::Workflow>(*service.registry_, *config.workflow);
  bool changed = false;
  if (!service.workflow_->sync(changed, error)) {
    diags.error({}, "publishing: cannot write what is published: " + error);
    return false;
  }
  return true;
}

void Service::start_sync() {
  if (!workflow_) return;
  // After a publication (here or, seen at a sync, on another replica) the
  // rule sets are loaded again at once: the answer to a publish means served.
  workflow_->on_published = [this] { reload(); };
  if (config_.sync_interval_ms == 0) return;
  syncer_ = std::thread([this] {
    std::unique_lock<std::mutex> lock(sync_mutex_);
    while (!sync_stopping_) {
      sync_wake_.wait_for(lock, std::chrono::milliseconds(config_.sync_interval_ms));
      if (sync_stopping_) break;
      lock.unlock();
      bool changed = false;
      std::string error;
      if (!workflow_->sync(changed, error)) log::warn("sync_failed", "error=" + log::value(error));
      lock.lock();
    }
  });
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
    if (timeline && !published_as_approved(*timeline, dir, config_.publishing_keys, diags))
      timeline.reset();
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
    std::lock_guard<std::mutex> lock(sync_mutex_);
    sync_stopping_ = true;
  }
  sync_wake_.notify_one();
  if (syncer_.joinable()) syncer_.join();
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

std::optional<Response> Service::refuse(const Request& request, bool (*allowed)(Role),
                                        const char* action, Caller& who) const {
  if (config_.open) {
    who = {"anonymous (--no-auth)", Role::admin};
    return std::nullopt;
  }
  // A JWT (header.payload.signature) when JWTs are configured, else one of
  // the tokens whose hashes the configuration holds.
  Message jwt_reason;
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
    r.record->result_sha256 = sha256_hex(r.body);
    return r;
  };
  if (!caller) {
    const Message why = request.authorization.empty() ? Message{msg::serve_no_token, {}}
                        : jwt_reason.code != Code::none
                            ? Message{msg::serve_bad_jwt, {{"reason", jwt_reason}}}
                            : Message{msg::serve_unknown_token, {}};
    Response r =
        problem(request.lang, 401, "unauthenticated", msg::serve_title_unauthenticated, why);
    r.challenge = true;
    return recorded(std::move(r), "unauthenticated");
  }
  if (!allowed(caller->role))
    return recorded(
        problem(request.lang, 403, "forbidden", msg::serve_title_forbidden,
                {msg::serve_forbidden,
                 {{"role", std::string(role_name(caller->role))}, {"caller", caller->name}}}),
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
    if (request.method != "GET") return method_not_allowed(request.method, "GET", request.lang);
    if (path == "/healthz") return {200, "application/json", "{\"status\":\"ok\"}"};
    return ready(*generation);
  }
  if (path == "/v1/admin/reload") {
    which = Route::admin;
    if (request.method != "POST") return method_not_allowed(request.method, "POST", request.lang);
    Caller caller;
    if (auto no = refuse(request, may_administer, "reload", caller)) return *no;
    return reload_answer(*reload());  // (handle_async reloads on the reload thread)
  }
  if (path == "/v1/proposals" || path.rfind("/v1/proposals/", 0) == 0)
    return proposals(request, path, query, which);
  if (path == "/review" || path.rfind("/review/", 0) == 0) {
    which = Route::review;
    return review_page(request, path, query);
  }
  if (path == "/v1/openapi.json") {
    // Public, as API documents are: it says what the routes are, not what they answer.
    which = Route::other;
    if (request.method != "GET") return method_not_allowed(request.method, "GET", request.lang);
    return {200, "application/json", std::string(openapi_document())};
  }
  if (path == "/v1/audit/records") {
    which = Route::audit;
    if (request.method != "GET") return method_not_allowed(request.method, "GET", request.lang);
    Caller caller;
    if (auto no = refuse(request, may_read_audit, "audit", caller)) return *no;
    return audit_records(query, request.lang);
  }
  if (path == "/metrics") {
    which = Route::metrics;
    if (request.method != "GET") return method_not_allowed(request.method, "GET", request.lang);
    Caller caller;
    if (auto no = refuse(request, any_role, "metrics", caller)) return *no;
    return {200, "text/plain; version=0.0.4; charset=utf-8", metrics_text(), {}};
  }
  if (path == "/v1/rulesets") {
    which = Route::rulesets;
    if (request.method != "GET") return method_not_allowed(request.method, "GET", request.lang);
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
    auto no_such_set = [&] { return no_such_rule_set(name, request.lang); };
    if (action == "evaluate") {
      which = Route::evaluate;
      if (request.method != "POST") return method_not_allowed(request.method, "POST", request.lang);
      Caller caller;
      if (auto no = refuse(request, may_evaluate, "evaluate", caller)) return *no;
      return rules ? evaluate(*rules, request, query, caller) : no_such_set();
    }
    if (action == "batch") {
      // Only a request not streamed to start_batch ends here: a GET, say.
      which = Route::batch;
      if (request.method != "POST") return method_not_allowed(request.method, "POST", request.lang);
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
      if (request.method != "GET") return method_not_allowed(request.method, "GET", request.lang);
      Caller caller;
      if (auto no = refuse(request, any_role, "parameters", caller)) return *no;
      return rules ? parameters(*rules, query, request.lang) : no_such_set();
    }
    if (action == "schema") {
      which = Route::rulesets;
      if (request.method != "GET") return method_not_allowed(request.method, "GET", request.lang);
      Caller caller;
      if (auto no = refuse(request, any_role, "schema", caller)) return *no;
      return rules ? schema(*rules, query, request.lang) : no_such_set();
    }
  }
  return not_found(path, request.lang);
}

}  // namespace decree::serve
