// The routes that evaluate: one case (with what-if values for analysts) and
// a streamed batch (serve/batch.h).
#include <algorithm>
#include <future>
#include <map>

#include "api/hash.h"
#include "api/param_history.h"
#include "api/session.h"
#include "audit/canonical_json.h"
#include "base/messages.h"
#include "eval/format.h"
#include "serve/batch.h"
#include "audit/decision_id.h"
#include "serve/evaluation.h"
#include "serve/log.h"
#include "serve/openapi.h"
#include "serve/problem.h"
#include "serve/requests.h"
#include "serve/schema.h"

namespace decree::serve {
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
  if (!rules) return refuse_with(no_such_rule_set(name, head.lang));
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
  if ((bad = read_pick(query, {"version", "as_of"}, *rules.timeline, params, pick, head.lang)))
    return nullptr;
  EvalOptions eval;
  eval.as_of = pick.as_of;
  return std::make_unique<Batch>(rules.timeline, pick, eval, caller, head.lang, max_line_bytes,
                                 *metrics_, audit_.get());
}

std::shared_ptr<const RuleTimeline> Service::what_if_rules(
    const Loaded& rules, const std::vector<ParamOverride>& overrides, Lang lang,
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
    diagnostics = render_all(diags, false, lang);
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
        return problem(request.lang, 400, "bad_param", msg::serve_title_bad_param,
                       {msg::serve_bad_param, {{"value", spec}}});
      overrides.push_back({spec.substr(0, eq), spec.substr(eq + 1)});
    } else if (!part.empty()) {
      query += (query.empty() ? "" : "&") + part;
    }
    start = amp + 1;
  }
  // What-ifs: analysts and admins (a caseworker's answers are paid as computed).
  if (!overrides.empty() && !may_what_if(caller.role)) {
    Response r =
        problem(request.lang, 403, "forbidden", msg::serve_title_forbidden,
                {msg::serve_forbidden_what_if,
                 {{"role", std::string(role_name(caller.role))}, {"caller", caller.name}}});
    r.record = new_record(&caller, "evaluate", request.body, audit_ != nullptr);
    r.record->outcome = "forbidden";
    if (audit_) r.record->result_sha256 = sha256_hex(r.body);
    return r;
  }
  Loaded what_if;
  if (!overrides.empty()) {
    std::string diagnostics;
    what_if.path = served.path;
    what_if.timeline = what_if_rules(served, overrides, request.lang, diagnostics);
    if (!what_if.timeline)
      return problem({400, "bad_param",
                      message_text({msg::serve_title_bad_param, {}}, request.lang), diagnostics});
  }
  const Loaded& rules = overrides.empty() ? served : what_if;
  std::map<std::string, std::string> params;
  SessionOptions options;
  if (auto bad = read_pick(query, {"version", "as_of", "explain"}, *rules.timeline, params, options,
                           request.lang))
    return *bad;
  const std::string explain = params["explain"];
  if (!explain.empty() && explain != "true" && explain != "false")
    return problem(request.lang, 400, "bad_explain", msg::serve_title_bad_explain,
                   {msg::serve_bad_explain, {}});

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
    if (audit_) e.record.result_sha256 = sha256_hex(r.body);
    r.record = std::move(e.record);
    return r;
  }
  std::string out;
  append_answer_open(session, request.lang, e.record.decision_id, out);
  if (eval.explain) out += ",\"trace\":" + session.explain_json();
  out += '}';
  audit::Record record = std::move(e.record);
  if (audit_) record.result_sha256 = sha256_hex(out);
  Response r{200, "application/json", std::move(out), {}};
  r.record = std::move(record);
  return r;
}

}  // namespace decree::serve
