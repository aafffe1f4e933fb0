// Decree's C++ library API: load a rule set once, evaluate many cases.
//
//   decree::Diagnostics diags;
//   auto rules = decree::RuleTimeline::load("rules/jilin/work-injury-benefits", diags);
//   if (!rules) { std::cerr << decree::render_all(diags); return 1; }
//   decree::Session session(*rules);         // one per thread
//   decree::CaseError err;
//   if (!session.decode_json(line, err)) { ... err.pointer, err.message ... }
//   if (!session.evaluate(err)) { ... err.rule, err.location ... }
//   std::string out;
//   session.append_result_json(out);          // {"case_id":…, "own_wage":"5000.00", …}
//
// A RuleSet (one version) and a RuleTimeline (all versions) are immutable
// after load and shared between threads; a Session holds all per-case state
// and is reused case after case without per-case heap allocation on the
// common path.
#pragma once

#include "api/ruleset.h"
#include "api/session.h"
#include "api/timeline.h"
#include "base/diagnostics.h"
