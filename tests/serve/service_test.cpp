// Service::handle without the network: each route, and bad input as a 4xx
// problem+json that names the field.
#include "serve/service.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <ctime>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "api/hash.h"
#include "audit/canonical_json.h"
#include "check/program.h"
#include "serve/routes.h"
#include "tests/serve/jwt_sign.h"
#include "tests/serve/temp_dir.h"

namespace decree::serve {
namespace {

using nlohmann::json;

const char* kBench = DECREE_SOURCE_DIR "/fixtures/bench/wi-bench";

// The first case of the wi-bench fixture, as the CLI tests use it.
std::string bench_case() {
  return R"({"case_id":"T-1","injury_date":"2020-10-20","outcome":"disability","grade":8,)"
         R"("care_level":"partial","wage_avg_12m":"9000.00","terminated":true})";
}

class ServiceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Diagnostics diags;
    ServiceConfig config;
    config.rule_dirs = {kBench};
    config.open = true;  // these tests are about routes; Auth* tests below give tokens
    dir_ = new testing::TempDir();
    config.audit.path = dir_->file("audit.db");
    service_ = Service::load(std::move(config), diags).release();
    ASSERT_NE(service_, nullptr) << render_all(diags);
  }
  static void TearDownTestSuite() {
    delete service_;
    delete dir_;
  }
  static Response call(const std::string& method, const std::string& target,
                       const std::string& body = "", Lang lang = Lang::en) {
    return service_->handle(Request{method, target, body, lang, {}});
  }
  static const Service* service_;
  static testing::TempDir* dir_;
};
const Service* ServiceTest::service_ = nullptr;
testing::TempDir* ServiceTest::dir_ = nullptr;

TEST_F(ServiceTest, HealthAndReadiness) {
  EXPECT_EQ(json::parse(call("GET", "/healthz").body)["status"], "ok");
  Response ready = call("GET", "/readyz");
  EXPECT_EQ(ready.status, 200);
  EXPECT_EQ(json::parse(ready.body)["rule_sets"], 1);
}

TEST_F(ServiceTest, ListsRuleSetsWithTheirVersionsAndHashes) {
  json j = json::parse(call("GET", "/v1/rulesets").body);
  ASSERT_EQ(j["rule_sets"].size(), 1u);
  const json& rs = j["rule_sets"][0];
  EXPECT_EQ(rs["name"], service_->rule_sets()[0].timeline->name());
  ASSERT_FALSE(rs["versions"].empty());
  EXPECT_TRUE(std::regex_match(rs["versions"][0]["rules_hash"].get<std::string>(),
                               std::regex("sha256:[0-9a-f]{64}")));
}

TEST_F(ServiceTest, EvaluatesACaseWithADecisionIdAndWhoPays) {
  const std::string name = service_->rule_sets()[0].timeline->name();
  Response r = call("POST", "/v1/rulesets/" + name + "/evaluate", bench_case());
  ASSERT_EQ(r.status, 200) << r.body;
  json j = json::parse(r.body);
  EXPECT_EQ(j["case_id"], "T-1");
  EXPECT_EQ(j["ruleset"], name);
  EXPECT_TRUE(j.contains("rules_hash"));
  EXPECT_TRUE(std::regex_match(j["decision_id"].get<std::string>(),
                               std::regex("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-"
                                          "[0-9a-f]{12}")));
  EXPECT_FALSE(j.contains("trace"));
  // Two evaluations of one case: the same outputs, never the same decision.
  json again = json::parse(call("POST", "/v1/rulesets/" + name + "/evaluate", bench_case()).body);
  EXPECT_NE(again["decision_id"], j["decision_id"]);
  again.erase("decision_id");
  j.erase("decision_id");
  EXPECT_EQ(again, j);
}

TEST_F(ServiceTest, ExplainAddsTheVersionedTrace) {
  const std::string name = service_->rule_sets()[0].timeline->name();
  Response r = call("POST", "/v1/rulesets/" + name + "/evaluate?explain=true", bench_case());
  ASSERT_EQ(r.status, 200) << r.body;
  json j = json::parse(r.body);
  ASSERT_TRUE(j.contains("trace"));
  EXPECT_EQ(j["trace"]["trace_format"], "1");
  EXPECT_EQ(j["trace"]["case_id"], "T-1");
}

TEST_F(ServiceTest, BadInputIsAProblemWithThePointerOfTheField) {
  const std::string name = service_->rule_sets()[0].timeline->name();
  std::string body = bench_case();
  body.replace(body.find("\"grade\":8"), 9, "\"grade\":\"eight\"");
  Response r = call("POST", "/v1/rulesets/" + name + "/evaluate", body);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.content_type, "application/problem+json");
  json j = json::parse(r.body);
  EXPECT_EQ(j["status"], 400);
  EXPECT_EQ(j["pointer"], "/grade");
  EXPECT_FALSE(j["code"].get<std::string>().empty());
  EXPECT_EQ(j["type"], "urn:decree:problem:" + j["code"].get<std::string>());
  // The detail follows the caller's language; the code does not.
  json zh = json::parse(call("POST", "/v1/rulesets/" + name + "/evaluate", body, Lang::zh).body);
  EXPECT_EQ(zh["code"], j["code"]);
  EXPECT_NE(zh["detail"], j["detail"]);
}

TEST_F(ServiceTest, MalformedJsonIsA400NotAServerError) {
  const std::string name = service_->rule_sets()[0].timeline->name();
  for (const char* body : {"", "{", "[1,2]", "{\"case_id\": }", "not json"}) {
    Response r = call("POST", "/v1/rulesets/" + name + "/evaluate", body);
    EXPECT_EQ(r.status, 400) << body << " → " << r.body;
    EXPECT_EQ(r.content_type, "application/problem+json");
  }
}

TEST_F(ServiceTest, UnknownThingsAre404And405AndBadQueriesAre400) {
  EXPECT_EQ(call("GET", "/nope").status, 404);
  EXPECT_EQ(call("POST", "/v1/rulesets/no.such.set/evaluate", bench_case()).status, 404);
  const std::string name = service_->rule_sets()[0].timeline->name();
  Response get = call("GET", "/v1/rulesets/" + name + "/evaluate");
  EXPECT_EQ(get.status, 405);
  EXPECT_EQ(get.allow, "POST");
  EXPECT_EQ(call("POST", "/v1/rulesets/" + name + "/evaluate?verbose=1", bench_case()).status, 400);
  EXPECT_EQ(
      call("POST", "/v1/rulesets/" + name + "/evaluate?as_of=2024-13-01", bench_case()).status,
      400);
  Response version = call("POST", "/v1/rulesets/" + name + "/evaluate?version=1999", bench_case());
  EXPECT_EQ(version.status, 404);
  EXPECT_EQ(json::parse(version.body)["code"], "version_not_found");
}

TEST_F(ServiceTest, MetricsCountRequestsAndEvaluationsInThePrometheusFormat) {
  const std::string name = service_->rule_sets()[0].timeline->name();
  auto count = [&](const std::string& series) {
    const std::string text = call("GET", "/metrics").body;
    const size_t at = text.find(series + " ");
    return at == std::string::npos ? -1L : std::stol(text.substr(at + series.size() + 1));
  };
  const std::string ok =
      "decree_evaluations_total{ruleset=\"wi_bench\",version=\"\",outcome=\"ok\"}";
  const std::string bad =
      "decree_evaluations_total{ruleset=\"wi_bench\",version=\"(none)\",outcome=\"input_error\"}";
  const long ok_before = count(ok), bad_before = count(bad);
  ASSERT_GE(ok_before, 0);
  call("POST", "/v1/rulesets/" + name + "/evaluate", bench_case());
  call("POST", "/v1/rulesets/" + name + "/evaluate", bench_case());
  call("POST", "/v1/rulesets/" + name + "/evaluate", "{");
  EXPECT_EQ(count(ok), ok_before + 2);
  EXPECT_EQ(count(bad), bad_before + 1);
  Response m = call("GET", "/metrics");
  EXPECT_EQ(m.content_type, "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_GE(count("decree_http_requests_total{route=\"evaluate\",status=\"200\"}"), 2);
  EXPECT_GE(count("decree_http_requests_total{route=\"evaluate\",status=\"400\"}"), 1);
  // The histogram's +Inf bucket counts every request of the route.
  EXPECT_EQ(count("decree_request_duration_seconds_bucket{route=\"evaluate\",le=\"+Inf\"}"),
            count("decree_request_duration_seconds_count{route=\"evaluate\"}"));
  EXPECT_NE(
      m.body.find(
          "decree_rule_set_version_info{ruleset=\"wi_bench\",version=\"\",rules_hash=\"sha256:"),
      std::string::npos);
}

TEST_F(ServiceTest, TheSchemasDescribeTheCaseAndTheResultAsTheServiceReadsAndWritesThem) {
  const std::string name = service_->rule_sets()[0].timeline->name();
  Response r = call("GET", "/v1/rulesets/" + name + "/schema");
  ASSERT_EQ(r.status, 200) << r.body;
  json j = json::parse(r.body);  // the schemas are JSON
  const json& in = j["input"];
  const json& out = j["output"];
  EXPECT_EQ(in["$schema"], "https://json-schema.org/draft/2020-12/schema");
  EXPECT_EQ(in["additionalProperties"], false);
  // Every input is a property; exactly those without a default or `optional` are required.
  const CheckedProgram& c = service_->rule_sets()[0].timeline->versions().back()->checked();
  for (const auto& input : c.inputs) {
    ASSERT_TRUE(in["properties"].contains(input.name)) << input.name;
    const bool required = !input.optional && !(input.decl && input.decl->default_value);
    const auto& req = in["required"];
    EXPECT_EQ(std::find(req.begin(), req.end(), input.name) != req.end(), required) << input.name;
  }
  // An enum input refers to its values.
  for (const auto& e : c.enums) EXPECT_EQ(in["$defs"][e.name]["enum"].size(), e.values.size());
  // A case the service accepts has no field the schema does not know, and
  // the result has no field the output schema does not know, and all it requires.
  const json sent = json::parse(bench_case());
  for (const auto& [key, value] : sent.items()) EXPECT_TRUE(in["properties"].contains(key)) << key;
  json result = json::parse(call("POST", "/v1/rulesets/" + name + "/evaluate", bench_case()).body);
  for (const auto& [key, value] : result.items())
    EXPECT_TRUE(out["properties"].contains(key)) << key;
  for (const auto& key : out["required"]) EXPECT_TRUE(result.contains(key)) << key;
  EXPECT_EQ(call("GET", "/v1/rulesets/" + name + "/schema?version=1999").status, 404);
  EXPECT_EQ(call("GET", "/v1/rulesets/nope/schema").status, 404);
}

// A service with two callers' tokens (their hashes only).
std::unique_ptr<Service> with_tokens(const std::string& audit_path) {
  ServiceConfig config;
  config.rule_dirs = {kBench};
  config.audit.path = audit_path;
  EXPECT_TRUE(config.tokens.add("intake", token_hash("caseworker-secret"), Role::caseworker));
  EXPECT_TRUE(config.tokens.add("audit-office", token_hash("auditor-secret"), Role::auditor));
  EXPECT_TRUE(config.tokens.add("statistics", token_hash("analyst-secret"), Role::analyst));
  Diagnostics diags;
  auto s = Service::load(std::move(config), diags);
  EXPECT_NE(s, nullptr) << render_all(diags);
  return s;
}

Response call_as(const Service& s, const std::string& method, const std::string& target,
                 const std::string& authorization) {
  Request r{method, target, bench_case(), Lang::en, authorization};
  return s.handle(r);
}

TEST(Auth, NoTokenOrAnUnknownOneIs401WithAChallenge) {
  testing::TempDir dir;
  auto s = with_tokens(dir.file("audit.db"));
  const std::string target = "/v1/rulesets/wi_bench/evaluate";
  for (const char* auth : {"", "Bearer wrong", "Basic Y2FzZXdvcmtlci1zZWNyZXQ=", "Bearer"}) {
    Response r = call_as(*s, "POST", target, auth);
    EXPECT_EQ(r.status, 401) << auth;
    EXPECT_TRUE(r.challenge);
    EXPECT_EQ(json::parse(r.body)["code"], "unauthenticated");
  }
}

TEST(Auth, ARoleThatMayNotIs403AndTheRightOneIsServed) {
  testing::TempDir dir;
  auto s = with_tokens(dir.file("audit.db"));
  const std::string target = "/v1/rulesets/wi_bench/evaluate";
  Response auditor = call_as(*s, "POST", target, "Bearer auditor-secret");
  EXPECT_EQ(auditor.status, 403);
  EXPECT_EQ(json::parse(auditor.body)["code"], "forbidden");
  EXPECT_EQ(call_as(*s, "POST", target, "Bearer caseworker-secret").status, 200);
  EXPECT_EQ(call_as(*s, "POST", target, "bearer caseworker-secret").status,
            200);  // RFC 7235: any case
  // Any role may list the rule sets; health needs no token at all.
  EXPECT_EQ(call_as(*s, "GET", "/v1/rulesets", "Bearer auditor-secret").status, 200);
  EXPECT_EQ(call_as(*s, "GET", "/v1/rulesets", "").status, 401);
  EXPECT_EQ(call_as(*s, "GET", "/healthz", "").status, 200);
  EXPECT_EQ(call_as(*s, "GET", "/metrics", "").status, 401);
  EXPECT_EQ(call_as(*s, "GET", "/metrics", "Bearer auditor-secret").status, 200);
  EXPECT_EQ(call_as(*s, "GET", "/readyz", "").status, 200);
}

TEST(Auth, AServiceWithoutTokensDoesNotStartUnlessOpenOnPurpose) {
  ServiceConfig config;
  config.rule_dirs = {kBench};
  config.no_audit = true;
  Diagnostics diags;
  EXPECT_EQ(Service::load(config, diags), nullptr);
  EXPECT_NE(render_all(diags).find("--no-auth"), std::string::npos) << render_all(diags);
}

TEST(Auth, TokensAreKeptAsHashesOfSixtyFourHexDigits) {
  Tokens t;
  EXPECT_FALSE(t.add("x", "not-a-hash", Role::admin));
  EXPECT_FALSE(t.add("x", std::string(63, 'a'), Role::admin));
  EXPECT_TRUE(t.add("x", std::string(64, 'A'), Role::admin));  // upper case is read as lower
  EXPECT_EQ(token_hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  const std::string a = new_token(), b = new_token();
  EXPECT_EQ(a.size(), 64u);
  EXPECT_NE(a, b);
}

// ---- The audit log: every evaluation and refusal recorded before it is answered.

std::string sha256_of(const std::string& bytes) {
  Sha256 h;
  h.update(bytes);
  return h.hex();
}

std::vector<audit::Record> records_of(const std::string& path, audit::Query q = {}) {
  audit::SqliteOptions o;
  o.path = path;
  o.read_only = true;
  std::string error;
  auto store = audit::open_sqlite_store(o, error);
  EXPECT_TRUE(store) << error;
  std::vector<audit::Record> out;
  if (store) {
    EXPECT_TRUE(store->query(q, out, error)) << error;
  }
  return out;
}

audit::Query by_decision(const std::string& id) {
  audit::Query q;
  q.decision_id = id;
  return q;
}

TEST(Audit, AnEvaluationIsRecordedWithWhoAskedTheRulesAndTheHashesOfInputAndAnswer) {
  testing::TempDir dir;
  auto s = with_tokens(dir.file("audit.db"));
  Response r = call_as(*s, "POST", "/v1/rulesets/wi_bench/evaluate", "Bearer caseworker-secret");
  ASSERT_EQ(r.status, 200) << r.body;
  const json j = json::parse(r.body);
  const auto records = records_of(dir.file("audit.db"), by_decision(j["decision_id"]));
  ASSERT_EQ(records.size(), 1u);
  const audit::Record& rec = records[0];
  EXPECT_EQ(rec.caller, "intake");
  EXPECT_EQ(rec.role, "caseworker");
  EXPECT_EQ(rec.action, "evaluate");
  EXPECT_EQ(rec.ruleset, "wi_bench");
  EXPECT_EQ(rec.rules_hash, j["rules_hash"]);
  EXPECT_EQ(rec.case_id, "T-1");
  EXPECT_EQ(rec.outcome, "ok");
  EXPECT_EQ(rec.result_sha256, sha256_of(r.body));  // the answer exactly as sent
  EXPECT_EQ(rec.input_sha256, sha256_of(*audit::canonical_json(bench_case())));
  EXPECT_TRUE(std::regex_match(rec.time, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")));
  EXPECT_EQ(rec.hash, audit::chain_hash(rec));
}

TEST(Audit, TheSameCaseWrittenAnotherWayHasTheSameInputHash) {
  testing::TempDir dir;
  auto s = with_tokens(dir.file("audit.db"));
  const json sent = json::parse(bench_case());
  Request a{"POST", "/v1/rulesets/wi_bench/evaluate", sent.dump(), Lang::en,
            "Bearer caseworker-secret"};
  Request b = a;
  b.body = sent.dump(4);  // indented, the same fields
  const json ra = json::parse(s->handle(a).body), rb = json::parse(s->handle(b).body);
  const auto x = records_of(dir.file("audit.db"), by_decision(ra["decision_id"]));
  const auto y = records_of(dir.file("audit.db"), by_decision(rb["decision_id"]));
  ASSERT_EQ(x.size(), 1u);
  ASSERT_EQ(y.size(), 1u);
  EXPECT_EQ(x[0].input_sha256, y[0].input_sha256);
  EXPECT_NE(x[0].result_sha256, y[0].result_sha256);  // other decision ids
}

TEST(Audit, ABadCaseIsRecordedWithItsOutcomeAndTheProblemNamesTheRecord) {
  testing::TempDir dir;
  auto s = with_tokens(dir.file("audit.db"));
  std::string body = bench_case();
  body.replace(body.find("\"grade\":8"), 9, "\"grade\":\"eight\"");
  Response r = s->handle(
      {"POST", "/v1/rulesets/wi_bench/evaluate", body, Lang::en, "Bearer caseworker-secret"});
  ASSERT_EQ(r.status, 400);
  const json j = json::parse(r.body);
  ASSERT_TRUE(j.contains("decision_id")) << r.body;
  const auto records = records_of(dir.file("audit.db"), by_decision(j["decision_id"]));
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].outcome, "input_error");
  EXPECT_EQ(records[0].case_id, "T-1");  // peeked from a case that did not decode
  EXPECT_EQ(records[0].result_sha256, sha256_of(r.body));
}

TEST(Audit, RefusedRequestsAreRecordedAs401And403Apart) {
  testing::TempDir dir;
  auto s = with_tokens(dir.file("audit.db"));
  EXPECT_EQ(call_as(*s, "POST", "/v1/rulesets/wi_bench/evaluate", "Bearer wrong").status, 401);
  EXPECT_EQ(call_as(*s, "POST", "/v1/rulesets/wi_bench/evaluate", "Bearer auditor-secret").status,
            403);
  const auto records = records_of(dir.file("audit.db"));
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].outcome, "unauthenticated");
  EXPECT_EQ(records[0].caller, "");
  EXPECT_EQ(records[1].outcome, "forbidden");
  EXPECT_EQ(records[1].caller, "audit-office");
  EXPECT_EQ(records[1].role, "auditor");
  EXPECT_EQ(records[1].action, "evaluate");
}

TEST(Audit, AFullStoreGets503AndNoAnswerLeavesWithoutItsRecord) {
  testing::TempDir dir;
  ServiceConfig config;
  config.rule_dirs = {kBench};
  config.open = true;
  config.audit.path = dir.file("audit.db");
  config.audit.max_bytes = 64 * 1024;  // a store that fills up as a disk would
  Diagnostics diags;
  auto s = Service::load(std::move(config), diags);
  ASSERT_NE(s, nullptr) << render_all(diags);
  std::set<std::string> answered;
  int refused = 0;
  for (int i = 0; i < 2000 && refused == 0; ++i) {
    Response r = s->handle({"POST", "/v1/rulesets/wi_bench/evaluate", bench_case(), Lang::en, {}});
    if (r.status == 200) {
      answered.insert(json::parse(r.body)["decision_id"].get<std::string>());
    } else {
      EXPECT_EQ(r.status, 503) << r.body;
      const json p = json::parse(r.body);
      EXPECT_EQ(p["code"], "audit_unavailable");
      EXPECT_FALSE(p.contains("decision_id"));  // nothing to cite: no record exists
      ++refused;
    }
  }
  ASSERT_EQ(refused, 1) << "the store never filled";
  std::set<std::string> recorded;
  for (const auto& r : records_of(dir.file("audit.db"))) recorded.insert(r.decision_id);
  EXPECT_EQ(recorded, answered);
  const std::string metrics = s->handle({"GET", "/metrics", {}, Lang::en, {}}).body;
  EXPECT_NE(metrics.find("decree_audit_records_total{result=\"failed\"} 1\n"), std::string::npos)
      << metrics;
  EXPECT_NE(metrics.find("decree_audit_queue_depth 0\n"), std::string::npos);
}

TEST(Audit, AStoreLockedByAnotherWriterGets503ThenRecovers) {
  testing::TempDir dir;
  ServiceConfig config;
  config.rule_dirs = {kBench};
  config.open = true;
  config.audit.path = dir.file("audit.db");
  config.audit.busy_timeout_ms = 50;
  Diagnostics diags;
  auto s = Service::load(std::move(config), diags);
  ASSERT_NE(s, nullptr) << render_all(diags);
  const Request eval{"POST", "/v1/rulesets/wi_bench/evaluate", bench_case(), Lang::en, {}};
  ASSERT_EQ(s->handle(eval).status, 200);
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(dir.file("audit.db").c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  EXPECT_EQ(s->handle(eval).status, 503);
  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);
  EXPECT_EQ(s->handle(eval).status, 200);
  EXPECT_EQ(records_of(dir.file("audit.db")).size(), 2u);
}

TEST(Audit, AServiceWithoutAnAuditStoreDoesNotStartUnlessToldSo) {
  ServiceConfig config;
  config.rule_dirs = {kBench};
  config.open = true;
  Diagnostics diags;
  EXPECT_EQ(Service::load(config, diags), nullptr);
  EXPECT_NE(render_all(diags).find("--no-audit"), std::string::npos) << render_all(diags);
  config.audit.path = "/nonexistent-dir/audit.db";
  Diagnostics bad;
  EXPECT_EQ(Service::load(config, bad), nullptr);
  EXPECT_NE(render_all(bad).find("cannot open"), std::string::npos) << render_all(bad);
  config.audit.path.clear();
  config.no_audit = true;
  Diagnostics none;
  auto s = Service::load(config, none);
  ASSERT_NE(s, nullptr) << render_all(none);
  EXPECT_EQ(s->audit_log(), nullptr);
  EXPECT_EQ(
      s->handle({"POST", "/v1/rulesets/wi_bench/evaluate", bench_case(), Lang::en, {}}).status,
      200);
}

// ---- JWTs beside the tokens.

TEST(Auth, AJwtOfTheConfiguredIssuerIsACallerWithItsRoleAndName) {
  testing::TempDir dir;
  const std::string secret = "a-shared-secret-of-thirty-two-bytes-or-more";
  { std::ofstream(dir.file("jwt.secret")) << secret; }
  ServiceConfig config;
  config.rule_dirs = {kBench};
  config.audit.path = dir.file("audit.db");
  JwtConfig jwt;
  jwt.issuer = "https://idp.example";
  jwt.audience = "decree";
  jwt.hs256.push_back({"k1", {}, dir.file("jwt.secret")});
  config.jwt = jwt;
  EXPECT_TRUE(config.tokens.add("intake", token_hash("caseworker-secret"), Role::caseworker));
  Diagnostics diags;
  auto s = Service::load(std::move(config), diags);
  ASSERT_NE(s, nullptr) << render_all(diags);
  const long now = static_cast<long>(std::time(nullptr));
  auto claims = [&](const std::string& role, long exp) {
    return R"({"iss":"https://idp.example","aud":"decree","sub":"zhang.wei","role":")" + role +
           R"(","exp":)" + std::to_string(exp) + "}";
  };
  const std::string target = "/v1/rulesets/wi_bench/evaluate";
  Response ok = call_as(*s, "POST", target,
                        "Bearer " + testing::hs256_jwt(secret, claims("caseworker", now + 600)));
  ASSERT_EQ(ok.status, 200) << ok.body;
  const auto rec =
      records_of(dir.file("audit.db"), by_decision(json::parse(ok.body)["decision_id"]));
  ASSERT_EQ(rec.size(), 1u);
  EXPECT_EQ(rec[0].caller, "zhang.wei");
  EXPECT_EQ(rec[0].role, "caseworker");
  // Expired: 401 saying so; an auditor's JWT may not evaluate: 403.
  Response expired = call_as(
      *s, "POST", target, "Bearer " + testing::hs256_jwt(secret, claims("caseworker", now - 600)));
  EXPECT_EQ(expired.status, 401);
  EXPECT_NE(json::parse(expired.body)["detail"].get<std::string>().find("expired"),
            std::string::npos)
      << expired.body;
  EXPECT_EQ(call_as(*s, "POST", target,
                    "Bearer " + testing::hs256_jwt(secret, claims("auditor", now + 600)))
                .status,
            403);
  // Signed with another secret: 401. The configured tokens still work.
  EXPECT_EQ(call_as(*s, "POST", target,
                    "Bearer " + testing::hs256_jwt("another-secret-of-thirty-two-bytes-long!!",
                                                   claims("admin", now + 600)))
                .status,
            401);
  EXPECT_EQ(call_as(*s, "POST", target, "Bearer caseworker-secret").status, 200);
}

TEST(Auth, AJwtKeyThatCannotBeReadStopsTheStart) {
  ServiceConfig config;
  config.rule_dirs = {kBench};
  config.no_audit = true;
  JwtConfig jwt;
  jwt.rs256.push_back({"k2", {}, "/nonexistent/idp.pem"});
  config.jwt = jwt;
  Diagnostics diags;
  EXPECT_EQ(Service::load(std::move(config), diags), nullptr);
  EXPECT_NE(render_all(diags).find("jwt: "), std::string::npos) << render_all(diags);
}

// ---- The route table (serve/routes.h) is what the router serves.

TEST_F(ServiceTest, EveryRouteOfTheTableIsServedAndOtherMethodsAre405) {
  for (const RouteInfo& r : route_table()) {
    std::string target(r.path);
    const size_t brace = target.find("{name}");
    if (brace != std::string::npos) target.replace(brace, 6, "wi_bench");
    if (const size_t id = target.find("{id}"); id != std::string::npos)
      target.replace(id, 4, "P000001");
    const std::string method(r.method);
    const std::string body = target.find("/batch") != std::string::npos ? bench_case() + "\n"
                             : method == "POST"                         ? bench_case()
                                                                        : "";
    // The methods of the path, in the table's order: what a 405 allows.
    std::string allow;
    for (const RouteInfo& other : route_table())
      if (other.path == r.path) allow += (allow.empty() ? "" : ", ") + std::string(other.method);
    Response ok = call(method, target, body);
    // Served: a 404 here says why (publishing is not configured in this
    // service), never that the route does not exist.
    EXPECT_TRUE(ok.status != 404 || ok.body.find("publishing_off") != std::string::npos)
        << method << " " << target << ": " << ok.body;
    EXPECT_NE(ok.status, 405) << method << " " << target;
    Response wrong = call("DELETE", target, "");
    EXPECT_EQ(wrong.status, 405) << target;
    EXPECT_EQ(wrong.allow, allow) << target;
  }
  // And nothing outside the table is served.
  EXPECT_EQ(call("GET", "/v1/rulesets/wi_bench/nothing").status, 404);
  EXPECT_EQ(call("GET", "/v2/rulesets").status, 404);
}

// ---- What-if parameters: analysts only, never a caseworker's payable answer.

TEST(WhatIf, AnAnalystEvaluatesWithOtherFiguresAndTheAnswerSaysSo) {
  testing::TempDir dir;
  auto s = with_tokens(dir.file("audit.db"));
  const std::string target = "/v1/rulesets/wi_bench/evaluate";
  const json served = json::parse(call_as(*s, "POST", target, "Bearer analyst-secret").body);
  Response r = call_as(*s, "POST", target + "?param=medical_months%3D1", "Bearer analyst-secret");
  ASSERT_EQ(r.status, 200) << r.body;
  const json j = json::parse(r.body);
  ASSERT_TRUE(j.contains("param_overrides")) << r.body;
  EXPECT_EQ(j.at("param_overrides").value("medical_months", ""), "1") << r.body;
  EXPECT_NE(j["rules_hash"], served["rules_hash"]);  // the figures are part of the rules
  EXPECT_NE(j["medical_subsidy"], served["medical_subsidy"]);
  EXPECT_EQ(j["own_wage"], served["own_wage"]);
  // A second request with the same values uses the rules loaded for the first.
  EXPECT_EQ(
      json::parse(call_as(*s, "POST", target + "?param=medical_months=1", "Bearer analyst-secret")
                      .body)["medical_subsidy"],
      j["medical_subsidy"]);
  const auto rec = records_of(dir.file("audit.db"), by_decision(j["decision_id"]));
  ASSERT_EQ(rec.size(), 1u);
  EXPECT_EQ(rec[0].action, "evaluate_what_if");
}

TEST(WhatIf, ACaseworkerMayNotAndABadValueIs400) {
  testing::TempDir dir;
  auto s = with_tokens(dir.file("audit.db"));
  const std::string target = "/v1/rulesets/wi_bench/evaluate";
  Response no = call_as(*s, "POST", target + "?param=medical_months=1", "Bearer caseworker-secret");
  EXPECT_EQ(no.status, 403);
  EXPECT_NE(json::parse(no.body)["detail"].get<std::string>().find("what-if"), std::string::npos);
  Response unknown =
      call_as(*s, "POST", target + "?param=no_such_parameter=1", "Bearer analyst-secret");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(json::parse(unknown.body)["code"], "bad_param");
  EXPECT_NE(json::parse(unknown.body)["detail"].get<std::string>().find("no_such_parameter"),
            std::string::npos)
      << unknown.body;
  EXPECT_EQ(call_as(*s, "POST", target + "?param=medical_months", "Bearer analyst-secret").status,
            400);
}

}  // namespace
}  // namespace decree::serve
