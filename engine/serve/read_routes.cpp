// The routes that read: the rule sets, a version's schemas, parameters with
// their history, the audit log, readiness, metrics, a reload's answer.
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

Response Service::schema(const Loaded& rules, const std::string& query, Lang lang) const {
  std::map<std::string, std::string> params;
  if (auto bad = read_query(query, {"version"}, params, lang)) return *bad;
  // The latest version unless one is named: the one new cases are most likely under.
  const RuleSet* version = params.count("version") ? rules.timeline->find(params["version"])
                                                   : rules.timeline->versions().back().get();
  if (!version) return no_such_version(*rules.timeline, params["version"], lang);
  return {200, "application/json", version_schemas(*version), {}};
}

Response Service::parameters(const Loaded& rules, const std::string& query, Lang lang) const {
  std::map<std::string, std::string> params;
  if (auto bad = read_query(query, {"name"}, params, lang)) return *bad;
  const auto all = parameter_history(*rules.timeline, params["name"]);
  if (all.empty() && !params["name"].empty())
    return problem(lang, 404, "parameter_not_found", msg::serve_title_parameter_not_found,
                   {msg::serve_parameter_not_found,
                    {{"ruleset", rules.timeline->name()}, {"name", params["name"]}}});
  std::string out = "{\"ruleset\":";
  append_json_string(out, rules.timeline->name());
  out += ",\"parameters\":" + parameter_history_json(all) + "}";
  return {200, "application/json", std::move(out)};
}

Response Service::audit_records(const std::string& query, Lang lang) const {
  std::map<std::string, std::string> params;
  if (auto bad = read_query(query, {"decision_id", "case_id", "rules_hash", "from", "to", "limit"},
                            params, lang))
    return *bad;
  if (!audit_)
    return problem(lang, 404, "audit_off", msg::serve_title_audit_off, {msg::serve_audit_off, {}});
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
      return problem(lang, 400, "bad_limit", msg::serve_title_bad_limit,
                     {msg::serve_bad_limit, {}});
    q.limit = std::stol(l);
  } else {
    q.limit = 1000;
  }
  std::vector<audit::Record> records;
  std::string error;
  if (!audit_->store().query(q, records, error))
    return problem({503, "audit_unavailable",
                    message_text({msg::serve_title_audit_unreadable, {}}, lang), error});
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

}  // namespace decree::serve
