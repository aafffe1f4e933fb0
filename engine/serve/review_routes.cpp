// The review page's routes (issue 12), HTML for the people who approve rule
// versions; serve/review_page.h renders, this file decides who is signed in
// and takes the review step through the workflow.
//
//   GET  /review                 the proposals by state (or the sign-in form)
//   POST /review/sign-in         token=… → a session cookie, 303 to /review
//   POST /review/sign-out        the cookie cleared, 303 to /review
//   GET  /review/{id}            one proposal, with the review form for a reviewer
//   GET  /review/{id}/report     its impact report (assessment.html) as it is
//   POST /review/{id}            decision=approve|reject, comment, content_hash, csrf
//
// The session cookie holds the caller's token itself, checked at every
// request exactly as a bearer token is (Service::refuse): revoking the
// token, or a JWT expiring, ends the session at once, and there is no
// session state to keep or to share between replicas. It is HttpOnly and
// SameSite=Strict, and every form also carries a value derived from the
// token (csrf) that another site cannot know.
#include <openssl/crypto.h>

#include <cctype>
#include <map>

#include "api/hash.h"
#include "serve/evaluation.h"
#include "serve/requests.h"
#include "serve/review_page.h"
#include "serve/service.h"

namespace decree::serve {
namespace {

constexpr const char* kCookie = "decree_session";
// No scripts, nothing from anywhere (the page's own forms excepted), never
// inside another site's frame.
constexpr const char* kPolicy =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; "
    "frame-ancestors 'none'";

Response html(int status, std::string body) {
  Response r(status, "text/html; charset=utf-8", std::move(body));
  r.headers = {{"Cache-Control", "no-store"},
               {"Content-Security-Policy", kPolicy},
               {"X-Content-Type-Options", "nosniff"},
               {"Referrer-Policy", "no-referrer"}};
  return r;
}

Response redirect(const std::string& location) {
  Response r = html(303, {});
  r.headers.emplace_back("Location", location);
  return r;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// name=value pairs split on `sep` (a query's or a form's '&'), decoded; the
// first of a name wins.
std::map<std::string, std::string> pairs(std::string_view text, char sep, bool trim_spaces) {
  std::map<std::string, std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(sep, start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view item = text.substr(start, end - start);
    while (trim_spaces && !item.empty() && item.front() == ' ') item.remove_prefix(1);
    const size_t eq = item.find('=');
    if (!item.empty())
      out.emplace(percent_decode(item.substr(0, eq)), eq == std::string_view::npos
                                                          ? std::string()
                                                          : percent_decode(item.substr(eq + 1)));
    start = end + 1;
  }
  return out;
}

std::map<std::string, std::string> form_of(const Request& request, bool& ok) {
  ok = lower(request.content_type).rfind("application/x-www-form-urlencoded", 0) == 0;
  return ok ? pairs(request.body, '&', false) : std::map<std::string, std::string>{};
}

// The cookie's value is the token percent-encoded: a token may hold what a
// cookie may not (RFC 6265's cookie-octet); hex tokens and JWTs pass as they are.
std::string cookie_value(const std::string& token) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : token)
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~')
      out += static_cast<char>(c);
    else
      out += {'%', hex[c >> 4], hex[c & 15]};
  return out;
}

std::string session_token(const Request& request) {
  const auto cookies = pairs(request.cookie, ';', true);
  const auto it = cookies.find(kCookie);
  return it == cookies.end() ? std::string() : it->second;
}

// `Secure` when the service itself speaks TLS; behind a TLS proxy on
// loopback it cannot tell (docs/service.md says to use TLS beyond loopback).
std::string set_cookie(const std::string& value, bool clear, bool tls) {
  return std::string(kCookie) + "=" + value + "; HttpOnly; SameSite=Strict; Path=/review" +
         (tls ? "; Secure" : "") + (clear ? "; Max-Age=0" : "");
}

std::string csrf_of(const std::string& token) { return sha256_hex("decree-review-csrf:" + token); }

bool same_secret(const std::string& a, const std::string& b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

// Where a sign-in may send the browser: a review page of this service,
// nothing else (no open redirect).
std::string safe_next(const std::string& next) {
  const std::string prefix = "/review/";
  if (next.rfind(prefix, 0) != 0) return "/review";
  const std::string id = next.substr(prefix.size());
  if (id.empty() || id.size() > 32) return "/review";
  for (unsigned char c : id)
    if (!std::isalnum(c)) return "/review";
  return next;
}

std::string with_lang(const std::string& path, Lang lang) {
  return path + "?lang=" + (lang == Lang::zh ? "zh" : "en");
}

}  // namespace

Response Service::review_page(const Request& request, const std::string& path,
                              const std::string& query) const {
  const auto params = pairs(query, '&', false);
  Lang lang = request.lang;
  if (auto it = params.find("lang"); it != params.end())
    if (auto l = parse_lang(it->second)) lang = *l;
  PageContext ctx;
  ctx.lang = lang;
  auto label = [&](const char* key) { return review_label(key, lang); };
  auto notice = [&](int status, const char* title, const std::string& text) {
    return html(status, notice_html(ctx, label(title), text));
  };

  // Which route: /review, /review/sign-in|sign-out, /review/{id}[/report].
  std::string id, allow;
  bool report = false;
  if (path == "/review") {
    allow = "GET";
  } else if (path == "/review/sign-in" || path == "/review/sign-out") {
    allow = "POST";
  } else {
    id = path.substr(std::string("/review/").size());
    const size_t slash = id.find('/');
    if (slash != std::string::npos) {
      report = id.substr(slash) == "/report";
      if (!report) return notice(404, "not_found", label("no_page"));
      id.resize(slash);
    }
    if (id.empty()) return notice(404, "not_found", label("no_page"));
    allow = report ? "GET" : "GET, POST";
  }
  if ((request.method != "GET" && request.method != "POST") ||
      allow.find(request.method) == std::string::npos) {
    Response r = notice(405, "refused", label("bad_method"));
    r.allow = allow;
    return r;
  }
  // Without the workflow there is nothing to review: the pages do not exist.
  if (!workflow_) return notice(404, "not_found", label("not_configured"));

  if (path == "/review/sign-out") {
    Response r = redirect(with_lang("/review", lang));
    r.headers.emplace_back("Set-Cookie", set_cookie("", true, config_.tls));
    return r;
  }

  // The token presented, checked as Service::refuse checks a bearer token
  // (JWTs included), on a copy of the request that carries it so: one
  // place decides who a caller is. A refusal's audit record goes with the
  // page that answers it. The copy has no body: a sign-in's body is the
  // token, which is not to be hashed into a record.
  Caller caller;
  auto check = [&](const std::string& token, bool (*allowed)(Role), const char* action) {
    Request as_bearer;
    as_bearer.method = request.method;
    as_bearer.target = request.target;
    as_bearer.lang = lang;
    as_bearer.authorization = "Bearer " + token;
    return refuse(as_bearer, allowed, action, caller);
  };
  // The sign-in form again, with why (and the refusal's record).
  auto sign_in_again = [&](Response refused, const std::string& next) {
    PageContext c;
    c.lang = lang;
    c.message = label(refused.status == 403 ? "forbidden" : "bad_token");
    c.message_is_error = true;
    Response r = html(refused.status, sign_in_html(c, next));
    r.record = std::move(refused.record);
    // A cookie that no longer signs in is of no use: dropped.
    r.headers.emplace_back("Set-Cookie", set_cookie("", true, config_.tls));
    return r;
  };

  if (path == "/review/sign-in") {
    bool form_ok = false;
    auto form = form_of(request, form_ok);
    const std::string next = safe_next(form["next"]);
    if (!form_ok) {
      ctx.message = label("bad_form");
      ctx.message_is_error = true;
      return html(400, sign_in_html(ctx, next));
    }
    const std::string token = form["token"];
    if (auto no = check(token, may_read_proposals, "sign_in"))
      return sign_in_again(std::move(*no), next);
    Response r = redirect(with_lang(next, lang));
    r.headers.emplace_back("Set-Cookie", set_cookie(cookie_value(token), false, config_.tls));
    // Who signed in, and when: the trail shows the session's start.
    r.record = new_record(&caller, "sign_in", {}, audit_ != nullptr);
    r.record->outcome = "ok";
    r.record->result_sha256 = sha256_hex(r.body);
    return r;
  }

  const std::string token = session_token(request);
  const std::string here = id.empty() ? "/review" : "/review/" + id;
  if (token.empty()) return html(id.empty() ? 200 : 401, sign_in_html(ctx, safe_next(here)));
  const bool posting = request.method == "POST";
  if (auto no = check(token, posting ? may_review : may_read_proposals,
                      posting ? "review" : "review_page")) {
    if (no->status == 401) return sign_in_again(std::move(*no), safe_next(here));
    Response r = notice(no->status, "refused", label(posting ? "only_reviewers" : "forbidden"));
    r.record = std::move(no->record);
    return r;
  }
  ctx.caller = caller.name;
  ctx.role = std::string(role_name(caller.role));
  ctx.csrf = csrf_of(token);

  if (id.empty()) {
    std::vector<publish::Proposal> all;
    std::string error;
    if (!workflow_->list(publish::ProposalFilter{}, all, error))
      return notice(500, "refused", error);
    return html(200, review_list_html(all, ctx));
  }

  // The proposal's page, with a banner; `p` as the workflow has it now.
  auto proposal_page = [&](int status, const publish::Proposal& p) {
    std::vector<publish::ProposalFile> published;
    if (p.kind != publish::ProposalKind::add && registry_) {
      std::vector<publish::PublishedVersion> versions;
      std::string error;
      if (registry_->published(p.ruleset, versions, error))
        for (auto& v : versions)
          if (v.version == p.version && !v.withdrawn) published = std::move(v.files);
    }
    return html(status, review_proposal_html(p, published, ctx));
  };
  auto found = workflow_->get(id);
  if (found.outcome == publish::StepResult::Outcome::not_found || (found.ok() && !found.proposal))
    return notice(404, "not_found", label("no_proposal"));
  if (!found.ok()) return notice(500, "refused", message_text(found.why, lang));
  const publish::Proposal& p = *found.proposal;

  if (report) {
    if (p.assessment.html.empty()) return notice(404, "not_found", label("no_report"));
    return html(200, p.assessment.html);
  }
  if (!posting) {
    if (auto done = params.find("done");
        done != params.end() && (done->second == "approved" || done->second == "rejected"))
      ctx.message = label(("done." + done->second).c_str());
    return proposal_page(200, p);
  }

  // POST /review/{id}: the review step.
  bool form_ok = false;
  auto form = form_of(request, form_ok);
  if (!form_ok || !same_secret(form["csrf"], ctx.csrf)) {
    // Not from this page (or from a session since signed out): refused,
    // and recorded as a refusal is.
    ctx.message = label("bad_form");
    ctx.message_is_error = true;
    Response r = proposal_page(403, p);
    r.record = new_record(&caller, "review", {}, audit_ != nullptr);
    r.record->outcome = "forbidden";
    r.record->case_id = id;
    r.record->result_sha256 = sha256_hex(r.body);
    return r;
  }
  const std::string decision = form["decision"];
  if (decision != "approve" && decision != "reject") {
    ctx.message = label("bad_decision");
    ctx.message_is_error = true;
    return proposal_page(400, p);
  }
  const publish::Actor actor{caller.name, std::string(role_name(caller.role))};
  auto step =
      workflow_->review(actor, id, decision == "approve", form["comment"], form["content_hash"]);
  if (step.ok())
    return redirect(with_lang("/review/" + id, lang) +
                    "&done=" + (decision == "approve" ? "approved" : "rejected"));
  using Outcome = publish::StepResult::Outcome;
  const int status = step.outcome == Outcome::refused     ? 403
                     : step.outcome == Outcome::conflict  ? 409
                     : step.outcome == Outcome::not_found ? 404
                                                          : 500;
  ctx.message = message_text(step.why, lang);
  ctx.message_is_error = true;
  if (step.outcome == Outcome::not_found) return notice(404, "not_found", ctx.message);
  // The page as the proposal is now (another reviewer may have been first).
  auto now = workflow_->get(id);
  return proposal_page(status, now.ok() && now.proposal ? *now.proposal : p);
}

}  // namespace decree::serve
