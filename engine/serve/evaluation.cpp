#include "serve/evaluation.h"

#include "api/hash.h"
#include "audit/canonical_json.h"
#include "eval/format.h"
#include "audit/decision_id.h"

namespace decree::serve {
namespace {

// Which rules produced an evaluation, in its record.
void record_rules(audit::Record& r, const RuleSet& rules) {
  const VersionInfo& v = rules.version();
  r.version = v.name;
  r.rules_hash = "sha256:" + v.hash;
  if (v.contributions.size() > 1)
    for (const auto& c : v.contributions)
      r.versions += (r.versions.empty() ? "" : " ") + c.name + "=sha256:" + c.hash;
}

}  // namespace

audit::Record new_record(const Caller* caller, const char* action, std::string_view body,
                         bool audited) {
  audit::Record r;
  const int64_t now = audit::unix_ms_now();
  r.decision_id = audit::new_decision_id(static_cast<uint64_t>(now));
  r.time = audit::utc_time(now);
  if (caller) {
    r.caller = caller->name;
    r.role = std::string(role_name(caller->role));
  }
  r.action = action;
  if (!audited) return r;
  const auto canonical = audit::canonical_json(body);
  r.input_sha256 = sha256_hex(canonical ? std::string_view(*canonical) : body);
  return r;
}

Evaluated evaluate_case(const RuleTimeline& timeline, Session& session, std::string_view body,
                        const Caller& caller, const EvalOptions& options, const char* action,
                        Metrics& metrics, bool audited) {
  Evaluated e;
  // Every evaluation leaves a record, whatever its outcome.
  e.record = new_record(&caller, action, body, audited);
  e.record.ruleset = timeline.name();
  const bool decoded = session.decode_json(body, e.err);
  if (decoded) {
    record_rules(e.record, session.rules());
    e.record.case_id = std::string(session.case_id());
  } else {
    e.record.case_id = Session::peek_case_id(body);
  }
  e.ok = decoded && session.evaluate(e.err, options);
  e.outcome = e.ok                                        ? Outcome::ok
              : e.err.kind == CaseError::Kind::input      ? Outcome::input_error
              : e.err.kind == CaseError::Kind::evaluation ? Outcome::rule_error
                                                          : Outcome::internal;
  metrics.evaluation(timeline, decoded ? &session.rules() : nullptr, e.outcome);
  e.record.outcome = outcome_name(e.outcome);
  return e;
}

void append_answer_open(const Session& session, Lang lang, const std::string& decision_id,
                        std::string& out) {
  session.append_result_json(out, lang);
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
  append_json_string(out, decision_id);
}

}  // namespace decree::serve
