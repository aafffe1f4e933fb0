#include "serve/requests.h"

#include <set>
#include <tuple>

#include "base/codes_serve.h"

namespace decree::serve {
namespace {

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

}  // namespace

Response problem(const Problem& p) {
  return Response{p.status, "application/problem+json", problem_json(p), {}, false};
}

Response problem(Lang lang, int status, std::string code, Code title, const Message& detail) {
  return problem(localized(lang, status, std::move(code), title, detail));
}

Response not_found(const std::string& path, Lang lang) {
  return problem(lang, 404, "route_not_found", msg::serve_title_route_not_found,
                 {msg::serve_route_not_found, {{"path", path}}});
}

Response method_not_allowed(const std::string& method, const std::string& allow, Lang lang) {
  Response r = problem(lang, 405, "method_not_allowed", msg::serve_title_method_not_allowed,
                       {msg::serve_method_not_allowed, {{"method", method}, {"allow", allow}}});
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
      p.title = message_text({msg::serve_title_case_input, {}}, lang);
      break;
    case CaseError::Kind::evaluation:
      // The request was well formed, but the rules cannot compute this case
      // (no table row, an unsourced figure): 422, never a server error.
      p.status = 422;
      p.title = message_text({msg::serve_title_case_rule_error, {}}, lang);
      p.location = err.location;
      break;
    case CaseError::Kind::internal:
      p.status = 500;
      p.title = message_text({msg::serve_title_internal, {}}, lang);
      break;
  }
  return problem(p);
}

// The query's parameters, or the 400 problem naming the unknown one.
std::optional<Response> read_query(const std::string& query, const std::vector<std::string>& known,
                                   std::map<std::string, std::string>& params, Lang lang) {
  std::string unknown;
  if (parse_query(query, std::set<std::string>(known.begin(), known.end()), params, unknown))
    return std::nullopt;
  std::string list;
  for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
  return problem(lang, 400, "unknown_query_parameter", msg::serve_title_unknown_query_parameter,
                 {msg::serve_unknown_query_parameter, {{"name", unknown}, {"known", list}}});
}

Response no_such_version(const RuleTimeline& timeline, const std::string& version, Lang lang) {
  return problem(
      lang, 404, "version_not_found", msg::serve_title_version_not_found,
      {msg::serve_version_not_found,
       {{"ruleset", timeline.name()}, {"version", version}, {"versions", timeline.describe()}}});
}

// The query's version and as_of (and the other `known` parameters into
// `params`), or the 400/404 problem to answer instead.
std::optional<Response> read_pick(const std::string& query, const std::vector<std::string>& known,
                                  const RuleTimeline& timeline,
                                  std::map<std::string, std::string>& params, SessionOptions& pick,
                                  Lang lang) {
  if (auto bad = read_query(query, known, params, lang)) return bad;
  pick.version = params["version"];
  if (!params["as_of"].empty()) {
    pick.as_of = Date::parse(params["as_of"]);
    if (!pick.as_of)
      return problem(lang, 400, "bad_as_of", msg::serve_title_bad_as_of,
                     {msg::serve_bad_as_of, {{"value", params["as_of"]}}});
  }
  if (!pick.version.empty() && !timeline.find(pick.version))
    return no_such_version(timeline, pick.version, lang);
  return std::nullopt;
}

Response no_such_rule_set(const std::string& name, Lang lang) {
  return problem(lang, 404, "ruleset_not_found", msg::serve_title_ruleset_not_found,
                 {msg::serve_ruleset_not_found, {{"ruleset", name}}});
}

Response audit_unavailable(Lang lang) {
  return problem(lang, 503, "audit_unavailable", msg::serve_title_audit_unavailable,
                 {msg::serve_audit_unavailable, {}});
}

}  // namespace decree::serve
