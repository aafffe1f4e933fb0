// One case evaluated for the service, shared by the evaluate and batch
// routes: the Session's work, the metrics, and the audit record filled in
// (not yet stored) whatever the outcome.
#pragma once

#include <string>
#include <string_view>

#include "api/session.h"
#include "audit/record.h"
#include "serve/auth.h"
#include "serve/metrics.h"

namespace decree::serve {

struct Evaluated {
  bool ok = false;
  CaseError err;  // when !ok
  Outcome outcome = Outcome::ok;
  audit::Record record;  // result_sha256 is left for the caller, who writes the answer
};

// Decodes and evaluates `body` (a JSON object) in `session`, counting it in
// `metrics`; `action` names the route in the record ("evaluate", "batch").
// Without `audited` (--no-audit) the record's hashes are left out.
Evaluated evaluate_case(const RuleTimeline& timeline, Session& session, std::string_view body,
                        const Caller& caller, const EvalOptions& options, const char* action,
                        Metrics& metrics, bool audited);

// The answer of a case evaluated: the result object of `decree batch`, plus
// "paid_by" (who pays each output) and "decision_id", without its closing
// brace (the evaluate route may add "trace").
void append_answer_open(const Session& session, Lang lang, const std::string& decision_id,
                        std::string& out);

// A record of what `caller` (nullptr: not authenticated) asked, with the
// hash of its input: of the canonical JSON of `body` (the same case sent
// with other whitespace or key order hashes the same), of the bytes as
// received when the body is not JSON.
audit::Record new_record(const Caller* caller, const char* action, std::string_view body,
                         bool audited = true);

}  // namespace decree::serve
