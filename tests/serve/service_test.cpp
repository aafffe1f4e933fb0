// Service::handle without the network: each route, and bad input as a 4xx
// problem+json that names the field.
#include "serve/service.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "check/program.h"

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
    service_ = Service::load(std::move(config), diags).release();
    ASSERT_NE(service_, nullptr) << render_all(diags);
  }
  static void TearDownTestSuite() { delete service_; }
  static Response call(const std::string& method, const std::string& target,
                       const std::string& body = "", Lang lang = Lang::en) {
    return service_->handle(Request{method, target, body, lang, {}});
  }
  static const Service* service_;
};
const Service* ServiceTest::service_ = nullptr;

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
std::unique_ptr<Service> with_tokens() {
  ServiceConfig config;
  config.rule_dirs = {kBench};
  EXPECT_TRUE(config.tokens.add("intake", token_hash("caseworker-secret"), Role::caseworker));
  EXPECT_TRUE(config.tokens.add("audit-office", token_hash("auditor-secret"), Role::auditor));
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
  auto s = with_tokens();
  const std::string target = "/v1/rulesets/wi_bench/evaluate";
  for (const char* auth : {"", "Bearer wrong", "Basic Y2FzZXdvcmtlci1zZWNyZXQ=", "Bearer"}) {
    Response r = call_as(*s, "POST", target, auth);
    EXPECT_EQ(r.status, 401) << auth;
    EXPECT_TRUE(r.challenge);
    EXPECT_EQ(json::parse(r.body)["code"], "unauthenticated");
  }
}

TEST(Auth, ARoleThatMayNotIs403AndTheRightOneIsServed) {
  auto s = with_tokens();
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

}  // namespace
}  // namespace decree::serve
