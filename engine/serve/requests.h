// Reading a request's query and writing the service's problem answers:
// what the routes of serve/service.cpp, serve/read_routes.cpp and
// serve/evaluate_route.cpp share. Inside the service only.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/session.h"
#include "base/codes_serve.h"
#include "serve/problem.h"
#include "serve/service.h"

namespace decree::serve {

Response problem(const Problem& p);
// A problem whose title and detail are catalogue messages (base/messages_serve.def)
// in the caller's language.
Response problem(Lang lang, int status, std::string code, Code title, const Message& detail);
Response not_found(const std::string& path, Lang lang);
Response method_not_allowed(const std::string& method, const std::string& allow, Lang lang);
Response no_such_version(const RuleTimeline& timeline, const std::string& version, Lang lang);
Response no_such_rule_set(const std::string& name, Lang lang);
// 503: the request's audit record could not be stored.
Response audit_unavailable(Lang lang);
// A case that did not decode (400) or that the rules cannot compute (422),
// naming its audit record.
Response case_problem(const CaseError& err, Lang lang, const std::string& decision_id);

// %XX and + of a query value.
std::string percent_decode(std::string_view s);
// The query's parameters, or the 400 problem naming an unknown one.
std::optional<Response> read_query(const std::string& query, const std::vector<std::string>& known,
                                   std::map<std::string, std::string>& params, Lang lang);
// The query's version and as_of (and the other `known` parameters into
// `params`), or the 400/404 problem to answer instead.
std::optional<Response> read_pick(const std::string& query, const std::vector<std::string>& known,
                                  const RuleTimeline& timeline,
                                  std::map<std::string, std::string>& params, SessionOptions& pick,
                                  Lang lang);

// A Session of this thread for a rule set and choice of version (reused case
// after case; dropped when the generation of rule sets changes).
Session& session_for(const std::shared_ptr<const RuleTimeline>& timeline,
                     const SessionOptions& options, uint64_t generation);

}  // namespace decree::serve
