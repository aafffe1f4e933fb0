// The review page's routes (serve/review_routes.cpp) through Service::handle:
// a service managing a copy of the Jilin rules, the 2025 round of
// docs/policy-change.md proposed over POST /v1/proposals, then signing in,
// the session cookie, the anti-forgery value, who may see and do what, the
// review step and its audit records, methods and missing pages, both
// languages. (tests/browser does the same review in a real browser.)
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "api/hash.h"
#include "serve/routes.h"
#include "serve/service.h"
#include "temp_dir.h"

namespace decree::serve {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const std::string kSource = DECREE_SOURCE_DIR;
const std::string kPolicy =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; "
    "frame-ancestors 'none'";

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A file of the draft in docs/policy-change.md: its `cat > /tmp/drafts/NAME <<'EOF'`.
std::string draft(const std::string& name) {
  const std::string page = read(kSource + "/docs/policy-change.md");
  const std::string start = "cat > /tmp/drafts/" + name + " <<'EOF'\n";
  const size_t at = page.find(start);
  if (at == std::string::npos) return {};
  const size_t from = at + start.size();
  return page.substr(from, page.find("\nEOF\n", from) - from + 1);
}

std::string header(const Response& r, const std::string& name) {
  for (const auto& [n, v] : r.headers)
    if (n == name) return v;
  return {};
}

class ReviewRoutes : public ::testing::Test {
 protected:
  void SetUp() override {
    rules_ = dir_.file("rules");
    fs::copy(kSource + "/rules/jilin/work-injury-benefits", rules_, fs::copy_options::recursive);
    // A few historical cases: enough for the impact report, quick to assess.
    std::ifstream all(kSource + "/fixtures/historical/jilin-sample.jsonl");
    std::ofstream corpus(dir_.file("corpus.jsonl"));
    std::string line;
    for (int i = 0; i < 40 && std::getline(all, line); ++i) corpus << line << "\n";
    corpus.close();
    service_ = load(true);
    ASSERT_NE(service_, nullptr);
  }

  std::unique_ptr<Service> load(bool with_workflow) {
    ServiceConfig config;
    config.rule_dirs = {rules_};
    config.audit.path = dir_.file(with_workflow ? "audit.db" : "plain.db");
    for (const auto& [name, role] :
         std::vector<std::pair<std::string, Role>>{{"alice", Role::author},
                                                   {"bob", Role::reviewer},
                                                   {"pat", Role::publisher},
                                                   {"audrey", Role::auditor},
                                                   {"carl", Role::caseworker},
                                                   {"root", Role::admin}})
      EXPECT_TRUE(config.tokens.add(name, token_hash(name + "-token"), role));
    if (with_workflow) {
      publish::WorkflowConfig w;
      w.rule_sets.push_back({rules_, {}, {dir_.file("corpus.jsonl")}, ""});
      config.workflow = w;
    }
    Diagnostics diags;
    auto s = Service::load(std::move(config), diags);
    EXPECT_NE(s, nullptr) << render_all(diags);
    return s;
  }

  // POST /v1/proposals as alice: the 2025 round; its id.
  std::string propose() {
    json body = {{"ruleset", "jilin.work_injury.benefits"},
                 {"files",
                  {{"rules.decree", draft("2025-07-01/rules.decree")},
                   {"params.yaml", draft("2025-07-01/params.yaml")}}},
                 {"tests", {{"round-2025-tests.yaml", draft("round-2025-tests.yaml")}}},
                 {"base_params", {"adjustment_in_force[2025-07-01]=2024"}},
                 {"as_of", "2025-08-01"},
                 {"comment", "the 2025 round"}};
    Request r;
    r.method = "POST";
    r.target = "/v1/proposals";
    r.body = body.dump();
    r.authorization = "Bearer alice-token";
    r.content_type = "application/json";
    Response answer = service_->handle(r);
    EXPECT_TRUE(answer.status == 201 || answer.status == 200) << answer.body;
    const json p = json::parse(answer.body, nullptr, false);
    EXPECT_TRUE(p.is_object() && p.value("/assessment/passed"_json_pointer, false)) << answer.body;
    content_hash_ = p.is_object() ? p.value("content_hash", "") : "";
    return p.is_object() ? p.value("id", "") : "";
  }

  Response page(const std::string& method, const std::string& target, const std::string& who = "",
                const std::string& form = "", Lang lang = Lang::en) {
    Request r;
    r.method = method;
    r.target = target;
    r.lang = lang;
    if (!who.empty()) r.cookie = "other=1; decree_session=" + who + "-token";
    r.body = form;
    if (method == "POST") r.content_type = "application/x-www-form-urlencoded";
    return service_->handle(r);
  }

  std::string csrf(const std::string& who) {
    return sha256_hex("decree-review-csrf:" + who + "-token");
  }

  std::string review_form(const std::string& who, const std::string& decision,
                          const std::string& comment = "ok") {
    return "decision=" + decision + "&comment=" + comment +
           "&content_hash=" + std::string("sha256%3A") + content_hash_.substr(7) +
           "&csrf=" + csrf(who);
  }

  json records(const std::string& case_id) {
    Request r;
    r.method = "GET";
    r.target = "/v1/audit/records" + (case_id.empty() ? "" : "?case_id=" + case_id);
    r.authorization = "Bearer audrey-token";
    return json::parse(service_->handle(r).body)["records"];
  }

  json proposal(const std::string& id) {
    Request r;
    r.method = "GET";
    r.target = "/v1/proposals/" + id;
    r.authorization = "Bearer bob-token";
    return json::parse(service_->handle(r).body);
  }

  testing::TempDir dir_;
  std::string rules_, content_hash_;
  std::unique_ptr<Service> service_;
};

void expect_page_headers(const Response& r) {
  EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(header(r, "Content-Security-Policy"), kPolicy);
  EXPECT_EQ(header(r, "Cache-Control"), "no-store");
}

TEST_F(ReviewRoutes, WithoutTheWorkflowThereAreNoPages) {
  auto plain = load(false);
  ASSERT_NE(plain, nullptr);
  Request r;
  r.method = "GET";
  r.target = "/review";
  Response answer = plain->handle(r);
  EXPECT_EQ(answer.status, 404);
  expect_page_headers(answer);
  EXPECT_NE(answer.body.find("Publishing is not configured"), std::string::npos);
}

TEST_F(ReviewRoutes, SigningInSetsTheCookieAndABadTokenIsRefusedAndRecorded) {
  Response form = page("GET", "/review");
  EXPECT_EQ(form.status, 200);
  expect_page_headers(form);
  EXPECT_NE(form.body.find("name=\"token\""), std::string::npos);

  Response ok = page("POST", "/review/sign-in", "", "token=bob-token&next=%2Freview%2FP000001");
  EXPECT_EQ(ok.status, 303);
  EXPECT_EQ(header(ok, "Location"), "/review/P000001?lang=en");
  EXPECT_EQ(header(ok, "Set-Cookie"),
            "decree_session=bob-token; HttpOnly; SameSite=Strict; Path=/review");
  expect_page_headers(ok);
  // Elsewhere than a review page, never (no open redirect).
  for (const char* next : {"%2F%2Fevil.example", "https%3A%2F%2Fevil.example", "%2Fv1%2Frulesets",
                           "%2Freview%2F..%2Fv1", ""})
    EXPECT_EQ(
        header(page("POST", "/review/sign-in", "", std::string("token=bob-token&next=") + next),
               "Location"),
        "/review?lang=en")
        << next;

  Response bad = page("POST", "/review/sign-in", "", "token=nope");
  EXPECT_EQ(bad.status, 401);
  expect_page_headers(bad);
  EXPECT_NE(bad.body.find("This token is not valid here."), std::string::npos);
  EXPECT_NE(bad.body.find("name=\"token\""), std::string::npos);
  // Both stored (handle() answers once its record is): who signed in, who tried.
  const json all = records("");
  int refused = 0, signed_in = 0;
  for (const auto& r : all) {
    refused += r["action"] == "sign_in" && r["outcome"] == "unauthenticated";
    signed_in += r["action"] == "sign_in" && r["outcome"] == "ok" && r["caller"] == "bob";
  }
  EXPECT_EQ(refused, 1) << all.dump();
  EXPECT_EQ(signed_in, 6) << all.dump();

  // A caller who may not read proposals is refused at the sign-in.
  EXPECT_EQ(page("POST", "/review/sign-in", "", "token=carl-token").status, 403);
  // A form that is not a form.
  Request json_body;
  json_body.method = "POST";
  json_body.target = "/review/sign-in";
  json_body.body = "{\"token\":\"bob-token\"}";
  json_body.content_type = "application/json";
  EXPECT_EQ(service_->handle(json_body).status, 400);

  Response out = page("POST", "/review/sign-out", "bob");
  EXPECT_EQ(out.status, 303);
  EXPECT_EQ(header(out, "Set-Cookie"),
            "decree_session=; HttpOnly; SameSite=Strict; Path=/review; Max-Age=0");
}

TEST_F(ReviewRoutes, ThePagesForEachCaller) {
  const std::string id = propose();
  ASSERT_FALSE(id.empty());
  Response list = page("GET", "/review", "bob");
  EXPECT_EQ(list.status, 200);
  expect_page_headers(list);
  EXPECT_NE(list.body.find("data-id=\"" + id + "\""), std::string::npos);
  EXPECT_NE(list.body.find("<b class=\"caller\">bob</b>"), std::string::npos);

  Response mine = page("GET", "/review/" + id, "bob");
  EXPECT_EQ(mine.status, 200);
  EXPECT_NE(mine.body.find("<form class=\"review\""), std::string::npos);
  EXPECT_NE(mine.body.find("name=\"csrf\" value=\"" + csrf("bob") + "\""), std::string::npos);
  EXPECT_NE(mine.body.find("value=\"" + content_hash_ + "\""), std::string::npos);
  // The author, the publisher and the auditor read it without the form.
  for (const char* who : {"alice", "pat", "audrey"}) {
    Response r = page("GET", "/review/" + id, who);
    EXPECT_EQ(r.status, 200) << who;
    EXPECT_EQ(r.body.find("<form class=\"review\""), std::string::npos) << who;
  }
  // A caseworker may not read proposals; an unknown cookie signs in again.
  EXPECT_EQ(page("GET", "/review/" + id, "carl").status, 403);
  Response stale = page("GET", "/review/" + id, "gone");
  EXPECT_EQ(stale.status, 401);
  EXPECT_NE(stale.body.find("value=\"/review/" + id + "\""), std::string::npos);  // next
  EXPECT_NE(header(stale, "Set-Cookie").find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(page("GET", "/review/" + id).status, 401);

  Response report = page("GET", "/review/" + id + "/report", "pat");
  EXPECT_EQ(report.status, 200);
  expect_page_headers(report);
  EXPECT_NE(report.body.find("<!DOCTYPE html>"), std::string::npos);
  EXPECT_EQ(page("GET", "/review/P999999", "bob").status, 404);
  EXPECT_EQ(page("GET", "/review/P999999/report", "bob").status, 404);

  // The page's language: ?lang=, else Accept-Language.
  EXPECT_NE(page("GET", "/review/" + id + "?lang=zh", "bob").body.find("待审核"),
            std::string::npos);
  EXPECT_NE(page("GET", "/review/" + id, "bob", "", Lang::zh).body.find("待审核"),
            std::string::npos);
  EXPECT_NE(page("GET", "/review/" + id + "?lang=en", "bob", "", Lang::zh)
                .body.find("Waiting for review"),
            std::string::npos);
}

TEST_F(ReviewRoutes, AReviewThroughThePageIsTheWorkflowsStepAndInTheTrail) {
  const std::string id = propose();
  ASSERT_FALSE(id.empty());
  // Without the page's anti-forgery value: refused, recorded, nothing done.
  std::string forged = review_form("bob", "approve");
  forged.replace(forged.find("csrf=") + 5, 64, std::string(64, '0'));
  Response r = page("POST", "/review/" + id, "bob", forged);
  EXPECT_EQ(r.status, 403);
  EXPECT_NE(r.body.find("The form has expired"), std::string::npos);
  EXPECT_EQ(proposal(id)["state"], "proposed");
  // Another caller's value does not do either.
  EXPECT_EQ(page("POST", "/review/" + id, "root", review_form("bob", "approve")).status, 403);
  // The author's role may not review; nor may the author as an admin would.
  EXPECT_EQ(page("POST", "/review/" + id, "alice", review_form("alice", "approve")).status, 403);
  EXPECT_EQ(page("POST", "/review/" + id, "bob", review_form("bob", "maybe")).status, 400);
  // A content hash other than the proposal's: the workflow refuses, saying why.
  std::string other = review_form("bob", "approve");
  other.replace(other.find("content_hash=sha256%3A") + 22, 64, std::string(64, 'a'));
  Response changed = page("POST", "/review/" + id, "bob", other);
  EXPECT_TRUE(changed.status == 403 || changed.status == 409) << changed.status;
  EXPECT_NE(changed.body.find("banner error"), std::string::npos);
  EXPECT_EQ(proposal(id)["state"], "proposed");

  Response done =
      page("POST", "/review/" + id + "?lang=zh", "bob",
           review_form("bob", "approve", "%E6%95%B0%E5%AD%97%E5%B7%B2%E6%A0%B8%E5%AF%B9+ok"));
  EXPECT_EQ(done.status, 303) << done.body;
  EXPECT_EQ(header(done, "Location"), "/review/" + id + "?lang=zh&done=approved");
  Response after = page("GET", header(done, "Location"), "bob");
  EXPECT_NE(after.body.find("您已批准该提案。"), std::string::npos);
  EXPECT_EQ(after.body.find("<form class=\"review\""), std::string::npos);
  const json p = proposal(id);
  EXPECT_EQ(p["state"], "approved");
  EXPECT_EQ(p["reviewer"], "bob");
  EXPECT_EQ(p["review_comment"], "数字已核对 ok");

  int approvals = 0, forgeries = 0;
  for (const auto& rec : records(id)) {
    approvals += rec["action"] == "approve" && rec["caller"] == "bob" && rec["outcome"] == "ok";
    forgeries += rec["action"] == "review" && rec["outcome"] == "forbidden";
  }
  EXPECT_EQ(approvals, 1) << records(id).dump();
  EXPECT_EQ(forgeries, 2) << records(id).dump();

  // Once approved, a second review is the workflow's refusal on the page.
  Response again = page("POST", "/review/" + id, "root", review_form("root", "reject"));
  EXPECT_TRUE(again.status == 403 || again.status == 409) << again.status;
  EXPECT_NE(again.body.find("banner error"), std::string::npos);
}

TEST_F(ReviewRoutes, EveryPageRouteIsServedAndOtherMethodsAre405) {
  const std::string id = propose();
  ASSERT_FALSE(id.empty());
  for (const RouteInfo& route : page_table()) {
    std::string target(route.path);
    if (const size_t at = target.find("{id}"); at != std::string::npos) target.replace(at, 4, id);
    const std::string method(route.method);
    const std::string form = target == "/review/sign-in" ? "token=bob-token"
                             : method == "POST"          ? review_form("bob", "reject")
                                                         : "";
    Response ok = page(method, target, "bob", form);
    EXPECT_NE(ok.status, 404) << method << " " << target << ": " << ok.body.substr(0, 300);
    EXPECT_NE(ok.status, 405) << method << " " << target;
    expect_page_headers(ok);
    Response wrong = page("DELETE", target, "bob");
    EXPECT_EQ(wrong.status, 405) << target;
    EXPECT_NE(wrong.allow.find(method), std::string::npos) << target << ": " << wrong.allow;
  }
  EXPECT_EQ(page("GET", "/review/sign-in").status, 405);
  EXPECT_EQ(page("GET", "/review/" + id + "/nothing", "bob").status, 404);
  EXPECT_EQ(page("GET", "/review/", "bob").status, 404);
}

}  // namespace
}  // namespace decree::serve
