// The publishing workflow over HTTP (issue 12, docs/publishing.md):
//   GET  /v1/proposals?state=S&ruleset=R   the list, newest first
//   POST /v1/proposals                     propose (author): {ruleset, kind, version, files,
//                                          tests, base_params, as_of, comment}
//   GET  /v1/proposals/{id}                the proposal with its files and reports
//   PUT  /v1/proposals/{id}                amend it (its author): the same body
//   GET  /v1/proposals/{id}/report?format=text|json|html
//   POST /v1/proposals/{id}/review         {decision: approve|reject, comment, content_hash}
//   POST /v1/proposals/{id}/publish        (publisher)
// The workflow (publish/workflow.h) enforces the rules and records every
// step in the audit chain; this file only reads requests and writes answers.
#include <nlohmann/json.hpp>

#include "base/codes_publish.h"
#include "serve/problem.h"
#include "serve/requests.h"
#include "serve/service.h"

namespace decree::serve {
namespace {

using nlohmann::json;

// The status a refused step answers with.
int status_of(const publish::StepResult& r) {
  using O = publish::StepResult::Outcome;
  switch (r.outcome) {
    case O::ok:
      return 200;
    case O::not_found:
      return 404;
    case O::conflict:
      return 409;
    case O::failed:
      return 503;
    case O::refused:
      break;
  }
  const Code c = r.why.code;
  if (c == msg::workflow_no_role || c == msg::workflow_not_author ||
      c == msg::workflow_self_review)
    return 403;
  if (c == msg::workflow_no_such_ruleset || c == msg::workflow_no_such_version) return 404;
  if (c == msg::workflow_no_signing_key) return 503;  // the service's configuration
  if (c == msg::workflow_bad_path || c == msg::workflow_not_utf8 || c == msg::workflow_no_files ||
      c == msg::workflow_no_version || c == msg::workflow_version_changed)
    return 422;
  return 409;  // the proposal's state does not allow it (yet)
}

Response step_answer(const publish::StepResult& r, Lang lang, int ok_status = 200) {
  if (!r.ok()) {
    const int status = status_of(r);
    const Code c = r.why.code;
    Code title = msg::serve_title_step_refused;
    std::string code = "step_refused";
    if (c == msg::workflow_no_such_proposal) {
      title = msg::serve_title_proposal_not_found, code = "proposal_not_found";
    } else if (c == msg::workflow_no_such_ruleset) {
      title = msg::serve_title_ruleset_not_found, code = "ruleset_not_found";
    } else if (c == msg::workflow_no_such_version) {
      title = msg::serve_title_version_not_found, code = "version_not_found";
    } else if (c == msg::workflow_store_failed) {
      title = msg::serve_title_store_failed, code = "store_failed";
    } else if (c == msg::workflow_no_signing_key) {
      title = msg::serve_title_publishing_off, code = "no_signing_key";
    } else if (status == 422) {
      title = msg::serve_title_bad_proposal, code = "bad_proposal";
    }
    return problem(lang, status, code, title, r.why);
  }
  return {ok_status, "application/json", publish::proposal_json(*r.proposal, false)};
}

Response bad_body(const std::string& detail, Lang lang) {
  return problem(lang, 400, "bad_proposal", msg::serve_title_bad_proposal,
                 {msg::serve_bad_proposal, {{"detail", detail}}});
}

// {"path": "content", …} into files; false with `error` naming the member.
bool files_of(const json& body, const char* key, std::vector<publish::ProposalFile>& out,
              std::string& error) {
  auto it = body.find(key);
  if (it == body.end()) return true;
  if (!it->is_object()) {
    error = std::string("/") + key + ": an object of file paths and their contents";
    return false;
  }
  for (auto f = it->begin(); f != it->end(); ++f) {
    if (!f->is_string()) {
      error = std::string("/") + key + "/" + f.key() + ": the file's content, a string";
      return false;
    }
    out.push_back({f.key(), f->get<std::string>()});
  }
  return true;
}

bool text_of(const json& body, const char* key, std::string& out, std::string& error) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return true;
  if (!it->is_string()) {
    error = std::string("/") + key + ": a string";
    return false;
  }
  out = it->get<std::string>();
  return true;
}

// `amend`: a PUT, whose proposal already names its rule set.
std::optional<publish::Submission> submission_of(const std::string& text, bool amend,
                                                 std::string& error) {
  json body;
  try {
    body = json::parse(text);
  } catch (const std::exception& e) {
    error = std::string("the body is not JSON: ") + e.what();
    return std::nullopt;
  }
  if (!body.is_object()) {
    error = "the body is a JSON object {ruleset, files, tests, …}";
    return std::nullopt;
  }
  for (auto it = body.begin(); it != body.end(); ++it) {
    static const char* known[] = {"ruleset", "kind",   "version", "files",
                                  "tests",   "base_params", "as_of", "comment"};
    if (std::find_if(std::begin(known), std::end(known),
                     [&](const char* k) { return it.key() == k; }) == std::end(known)) {
      error = "/" + it.key() + ": unknown member";
      return std::nullopt;
    }
  }
  publish::Submission s;
  std::string kind = "add";
  if (!text_of(body, "ruleset", s.ruleset, error) || !text_of(body, "kind", kind, error) ||
      !text_of(body, "version", s.version, error) || !text_of(body, "as_of", s.as_of, error) ||
      !text_of(body, "comment", s.comment, error) || !files_of(body, "files", s.files, error) ||
      !files_of(body, "tests", s.tests, error))
    return std::nullopt;
  auto k = publish::parse_kind(kind);
  if (!k) {
    error = "/kind: add, correct or withdraw, not `" + kind + "`";
    return std::nullopt;
  }
  s.kind = *k;
  if (auto it = body.find("base_params"); it != body.end()) {
    if (!it->is_array()) {
      error = "/base_params: a list of NAME=VALUE strings";
      return std::nullopt;
    }
    for (size_t i = 0; i < it->size(); ++i) {
      if (!(*it)[i].is_string()) {
        error = "/base_params/" + std::to_string(i) + ": a NAME=VALUE string";
        return std::nullopt;
      }
      s.base_params.push_back((*it)[i].get<std::string>());
    }
  }
  if (s.ruleset.empty() && !amend) {
    error = "/ruleset: the rule set's name is required";
    return std::nullopt;
  }
  return s;
}

}  // namespace

Response Service::proposals(const Request& request, const std::string& path,
                            const std::string& query, Route& which) const {
  which = Route::proposals;
  const Lang lang = request.lang;
  // /v1/proposals, /v1/proposals/{id}, /v1/proposals/{id}/{action}
  const std::string rest = path.size() > 13 ? path.substr(14) : "";
  const size_t slash = rest.find('/');
  const std::string id = rest.substr(0, slash);
  const std::string action = slash == std::string::npos ? "" : rest.substr(slash + 1);
  auto allow = [&](const char* methods) {
    return std::string_view(methods).find(request.method) == std::string_view::npos
               ? std::optional<Response>(method_not_allowed(request.method, methods, lang))
               : std::nullopt;
  };
  if (!action.empty() && action != "report" && action != "review" && action != "publish")
    return not_found(path, lang);
  if (id.empty()) {
    if (auto no = allow("GET, POST")) return *no;
  } else if (action.empty()) {
    if (auto no = allow("GET, PUT")) return *no;
  } else if (auto no = allow(action == "report" ? "GET" : "POST")) {
    return *no;
  }
  bool (*who)(Role) = may_read_proposals;
  if (request.method == "POST" && id.empty()) who = may_propose;
  if (request.method == "PUT") who = may_propose;
  if (action == "review") who = may_review;
  if (action == "publish") who = may_publish;
  Caller caller;
  if (auto no = refuse(request, who, "proposals", caller)) return *no;
  if (!workflow_)
    return problem(lang, 404, "publishing_off", msg::serve_title_publishing_off,
                   {msg::serve_publishing_off, {}});
  const publish::Actor actor{caller.name, std::string(role_name(caller.role))};

  if (id.empty() && request.method == "GET") {
    std::map<std::string, std::string> params;
    if (auto bad = read_query(query, {"state", "ruleset", "limit"}, params, lang)) return *bad;
    publish::ProposalFilter filter;
    filter.ruleset = params["ruleset"];
    if (!params["state"].empty()) {
      filter.state = publish::parse_state(params["state"]);
      if (!filter.state)
        return bad_body("state: proposed, approved, rejected or published, not `" +
                            params["state"] + "`",
                        lang);
    }
    std::vector<publish::Proposal> list;
    std::string error;
    if (!workflow_->list(filter, list, error))
      return problem(lang, 503, "store_failed", msg::serve_title_store_failed,
                     {msg::workflow_store_failed, {{"detail", error}}});
    std::string out = "{\"proposals\":[";
    for (size_t i = 0; i < list.size(); ++i)
      out += (i ? "," : "") + publish::proposal_json(list[i], false);
    return {200, "application/json", out + "]}"};
  }
  if (request.method == "POST" && id.empty()) {
    std::string error;
    auto s = submission_of(request.body, false, error);
    if (!s) return bad_body(error, lang);
    return step_answer(workflow_->propose(actor, *s), lang, 201);
  }
  if (request.method == "PUT") {
    std::string error;
    auto s = submission_of(request.body, true, error);
    if (!s) return bad_body(error, lang);
    return step_answer(workflow_->amend(actor, id, *s), lang);
  }
  if (action == "review") {
    json body;
    try {
      body = json::parse(request.body);
    } catch (const std::exception& e) {
      return bad_body(std::string("the body is not JSON: ") + e.what(), lang);
    }
    std::string decision, comment, hash, error;
    if (!body.is_object() || !text_of(body, "decision", decision, error) ||
        !text_of(body, "comment", comment, error) || !text_of(body, "content_hash", hash, error))
      return bad_body(error.empty() ? "the body is {decision, comment, content_hash}" : error,
                      lang);
    if (decision != "approve" && decision != "reject")
      return bad_body("/decision: approve or reject, not `" + decision + "`", lang);
    if (hash.empty())
      return bad_body("/content_hash: the content hash of the proposal as read is required",
                      lang);
    return step_answer(workflow_->review(actor, id, decision == "approve", comment, hash), lang);
  }
  if (action == "publish") return step_answer(workflow_->publish(actor, id), lang);

  auto got = workflow_->get(id);
  if (!got.ok()) return step_answer(got, lang);
  if (action == "report") {
    std::map<std::string, std::string> params;
    if (auto bad = read_query(query, {"format"}, params, lang)) return *bad;
    const std::string format = params["format"].empty() ? "json" : params["format"];
    const auto& a = got.proposal->assessment;
    if (format == "text") return {200, "text/plain; charset=utf-8", a.text};
    if (format == "html") {
      Response r{200, "text/html; charset=utf-8", a.html};
      r.headers.push_back({"Content-Security-Policy",
                           "default-src 'none'; style-src 'unsafe-inline'; img-src data:"});
      return r;
    }
    if (format == "json") return {200, "application/json", a.json};
    return bad_body("format: text, json or html, not `" + format + "`", lang);
  }
  return {200, "application/json", publish::proposal_json(*got.proposal, true)};
}

}  // namespace decree::serve
