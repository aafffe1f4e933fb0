// The publishing workflow over HTTP (serve/proposal_routes.cpp): the
// HYPOTHETICAL 2025 round proposed, refused to its author, approved by a
// second person, published and then served; and two replicas sharing one
// PostgreSQL store, each serving what the other published.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "audit/verify.h"
#include "publish/files.h"
#include "publish/signing.h"
#include "serve/service.h"
#include "tests/publish/pg_cluster.h"
#include <set>
#include "tests/serve/temp_dir.h"

namespace decree::serve {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const std::string kName = "jilin.work_injury.benefits";
// A 2022 grade 5 injury paid on 2025-08-01 (docs/policy-change.md, 4.).
const std::string kCase =
    R"({"case_id":"t1","injury_date":"2022-03-15","region":"changchun_urban",)"
    R"("wage_avg_12m":"6850.00","grade":5,"no_suitable_work":true})";

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// POST /v1/proposals's body for the round.
std::string round_2025_body() {
  json files = json::object(), tests = json::object();
  for (const auto& f :
       publish::read_files(DECREE_SOURCE_DIR "/fixtures/proposals/round-2025/2025-07-01"))
    files[f.path] = f.content;
  tests["round-2025-tests.yaml"] =
      slurp(DECREE_SOURCE_DIR "/fixtures/proposals/round-2025/round-2025-tests.yaml");
  return json{{"ruleset", kName},
              {"files", files},
              {"tests", tests},
              {"base_params", {"adjustment_in_force[2025-07-01]=2024"}},
              {"as_of", "2025-08-01"},
              {"comment", "HYPOTHETICAL 2025 round"}}
      .dump();
}

struct Replica {
  std::string rules;
  std::unique_ptr<Service> service;

  Response call(const std::string& method, const std::string& target, const std::string& token,
                const std::string& body = "") const {
    return service->handle({method, target, body, Lang::en, "Bearer " + token});
  }
  // The payment versions the case is evaluated under, on 2025-08-01.
  std::string paid_under() const {
    Response r = call("POST", "/v1/rulesets/" + kName + "/evaluate?as_of=2025-08-01",
                      "caseworker-token", kCase);
    if (r.status != 200) return "status " + std::to_string(r.status);
    std::string out;
    const json answer = json::parse(r.body);
    if (!answer.contains("payment_versions")) return "none in " + r.body.substr(0, 300);
    for (auto it = answer["payment_versions"].begin(); it != answer["payment_versions"].end(); ++it)
      out += it.key() + " ";
    return out;
  }
};

class ProposalsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    key_ = *publish::new_key_pair(error);
  }

  // A service with its own copy of the rules; `postgresql` empty: SQLite.
  Replica start(const std::string& name, const std::string& postgresql = "",
                unsigned sync_ms = 0) {
    Replica r;
    r.rules = dir_.file(name + "/work-injury-benefits");
    fs::create_directories(fs::path(r.rules).parent_path());
    fs::copy(DECREE_SOURCE_DIR "/rules/jilin/work-injury-benefits", r.rules,
             fs::copy_options::recursive);
    ServiceConfig config;
    config.rule_dirs = {r.rules};
    // One store or the other, as a configuration gives it.
    if (postgresql.empty()) config.audit.path = dir_.file(name + "/audit.db");
    config.audit.synchronous_full = false;
    config.postgresql = postgresql;
    config.sync_interval_ms = sync_ms;
    config.tokens.add("wang.fang", publish_token_hash("author-token"), Role::author);
    config.tokens.add("li.na", publish_token_hash("reviewer-token"), Role::reviewer);
    config.tokens.add("wang.fang", publish_token_hash("fang-reviewer-token"), Role::reviewer);
    config.tokens.add("zhao.lei", publish_token_hash("publisher-token"), Role::publisher);
    config.tokens.add("intake", publish_token_hash("caseworker-token"), Role::caseworker);
    config.tokens.add("audit", publish_token_hash("auditor-token"), Role::auditor);
    publish::WorkflowConfig workflow;
    publish::ManagedRuleSet m;
    m.dir = r.rules;
    m.reference_tests = {DECREE_SOURCE_DIR "/fixtures/jilin/benefits/adjustments.yaml"};
    m.corpus = {DECREE_SOURCE_DIR "/fixtures/historical/jilin-sample.jsonl"};
    workflow.rule_sets = {m};
    workflow.signing_key = key_.private_pem;
    workflow.threads = 2;
    config.workflow = workflow;
    Diagnostics diags;
    r.service = Service::load(std::move(config), diags);
    EXPECT_NE(r.service, nullptr) << render_all(diags);
    return r;
  }
  static std::string publish_token_hash(const char* token) { return token_hash(token); }

  testing::TempDir dir_;
  publish::KeyPair key_;
};

TEST_F(ProposalsTest, ProposedReviewedByASecondPersonPublishedAndServed) {
  Replica a = start("a");
  ASSERT_NE(a.service, nullptr);
  // Before: a 2025 payment of a 2022 injury is refused (no 2025 round).
  EXPECT_EQ(a.paid_under(), "status 422");

  Response proposed = a.call("POST", "/v1/proposals", "author-token", round_2025_body());
  ASSERT_EQ(proposed.status, 201) << proposed.body;
  const json p = json::parse(proposed.body);
  EXPECT_EQ(p["id"], "P000001");
  EXPECT_EQ(p["state"], "proposed");
  EXPECT_TRUE(p["assessment"]["passed"]) << p["assessment"].dump();
  EXPECT_FALSE(p.contains("files")) << "the answer to a step is the summary";
  const std::string hash = p["content_hash"];

  // The roles: a caseworker may not read proposals, an author may not review.
  EXPECT_EQ(a.call("GET", "/v1/proposals", "caseworker-token").status, 403);
  const std::string approve =
      json{{"decision", "approve"}, {"comment", "figures checked"}, {"content_hash", hash}}.dump();
  EXPECT_EQ(a.call("POST", "/v1/proposals/P000001/review", "author-token", approve).status, 403);
  // The author's own reviewer token: the same person, refused by the workflow.
  Response self = a.call("POST", "/v1/proposals/P000001/review", "fang-reviewer-token", approve);
  EXPECT_EQ(self.status, 403);
  EXPECT_NE(self.body.find("may not review it: a second person must"), std::string::npos)
      << self.body;
  // Publishing before approval is refused.
  EXPECT_EQ(a.call("POST", "/v1/proposals/P000001/publish", "publisher-token").status, 409);

  // The reviewer reads the proposal and its report, then approves.
  Response full = a.call("GET", "/v1/proposals/P000001", "reviewer-token");
  ASSERT_EQ(full.status, 200);
  EXPECT_TRUE(json::parse(full.body)["files"].contains("params.yaml"));
  Response text = a.call("GET", "/v1/proposals/P000001/report?format=text", "reviewer-token");
  EXPECT_EQ(text.content_type, "text/plain; charset=utf-8");
  EXPECT_NE(text.body.find("Who pays"), std::string::npos);
  Response html = a.call("GET", "/v1/proposals/P000001/report?format=html", "reviewer-token");
  EXPECT_EQ(html.body.rfind("<!DOCTYPE html>", 0), 0u);
  Response approved = a.call("POST", "/v1/proposals/P000001/review", "reviewer-token", approve);
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(json::parse(approved.body)["state"], "approved");
  EXPECT_EQ(a.call("GET", "/v1/proposals?state=approved", "publisher-token").body.find("P000001") !=
                std::string::npos,
            true);

  Response published = a.call("POST", "/v1/proposals/P000001/publish", "publisher-token");
  ASSERT_EQ(published.status, 200) << published.body;
  // Served at once, as the publisher's answer came.
  EXPECT_NE(a.paid_under().find("2025-07-01"), std::string::npos) << a.paid_under() << published.body;

  // Every step in the audit trail, chained with the evaluations.
  Response records =
      a.call("GET", "/v1/audit/records?case_id=P000001", "auditor-token");
  ASSERT_EQ(records.status, 200);
  std::string actions;
  const json listed = json::parse(records.body);
  for (const auto& r : listed["records"])
    actions += std::string(r["action"]) + ":" + std::string(r["outcome"]) + " ";
  EXPECT_EQ(actions, "propose:ok approve:refused publish:refused approve:ok publish:ok ");
}

TEST_F(ProposalsTest, BadBodiesNameTheirMember) {
  Replica a = start("a");
  ASSERT_NE(a.service, nullptr);
  auto problem = [&](const std::string& body) {
    Response r = a.call("POST", "/v1/proposals", "author-token", body);
    return std::to_string(r.status) + " " + std::string(json::parse(r.body).value("detail", ""));
  };
  EXPECT_EQ(problem("[]"), "400 the body is a JSON object {ruleset, files, tests, …}");
  EXPECT_EQ(problem(R"({"ruleset":"x","files":{"a.decree":1}})"),
            "400 /files/a.decree: the file's content, a string");
  EXPECT_EQ(problem(R"({"ruleset":"x","colour":"red"})"), "400 /colour: unknown member");
  EXPECT_EQ(problem(R"({"ruleset":"x","kind":"replace"})"),
            "400 /kind: add, correct or withdraw, not `replace`");
  EXPECT_EQ(problem(R"({"ruleset":"x","files":{"a.decree":"version \"1\""}})"),
            "404 no rule set x is managed by this service");
  EXPECT_EQ(a.call("GET", "/v1/proposals/P000009", "reviewer-token").status, 404);
}

// Two replicas behind a load balancer: one PostgreSQL store, a rules
// directory each. A version published through one is served by both, and
// the two share one audit chain.
TEST_F(ProposalsTest, TwoReplicasShareOnePostgresStore) {
  std::string why;
  bool missing = false;
  auto cluster = publish::testing::PgCluster::start(dir_.file(""), why, missing);
  if (!cluster && missing) GTEST_SKIP() << why;
  ASSERT_NE(cluster, nullptr) << why;
  std::string error;
  const std::string conninfo = cluster->create_database("replicas", error);
  ASSERT_FALSE(conninfo.empty()) << error;
  Replica a = start("a", conninfo, 100), b = start("b", conninfo, 100);
  ASSERT_TRUE(a.service && b.service);

  // Evaluations on both while the round goes through: proposed on a,
  // approved on b, published on a.
  std::atomic<bool> done{false};
  std::atomic<int> answered{0};
  std::thread load([&] {
    while (!done) {
      for (const Replica* r : {&a, &b})
        if (r->call("POST", "/v1/rulesets/" + kName + "/evaluate?as_of=2024-12-01",
                    "caseworker-token", kCase)
                .status == 200)
          ++answered;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  });
  Response proposed = a.call("POST", "/v1/proposals", "author-token", round_2025_body());
  ASSERT_EQ(proposed.status, 201) << proposed.body;
  const std::string hash = json::parse(proposed.body)["content_hash"];
  // b sees a's proposal: one registry.
  Response seen = b.call("GET", "/v1/proposals/P000001", "reviewer-token");
  ASSERT_EQ(seen.status, 200);
  Response approved = b.call("POST", "/v1/proposals/P000001/review", "reviewer-token",
                             json{{"decision", "approve"}, {"content_hash", hash}}.dump());
  ASSERT_EQ(approved.status, 200) << approved.body;
  ASSERT_EQ(a.call("POST", "/v1/proposals/P000001/publish", "publisher-token").status, 200);
  EXPECT_NE(a.paid_under().find("2025-07-01"), std::string::npos);
  // b follows within its sync interval (bounded wait).
  std::string on_b;
  for (int i = 0; i < 100 && on_b.find("2025-07-01") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    on_b = b.paid_under();
  }
  EXPECT_NE(on_b.find("2025-07-01"), std::string::npos) << on_b;
  EXPECT_TRUE(fs::exists(b.rules + "/2025-07-01/PUBLISHED.yaml"));
  // Publishing again through b is refused: it is published.
  EXPECT_EQ(b.call("POST", "/v1/proposals/P000001/publish", "publisher-token").status, 409);
  done = true;
  load.join();
  EXPECT_GT(answered.load(), 0);
  // One chain for both replicas' evaluations and steps, intact.
  Response records = b.call("GET", "/v1/audit/records?limit=10000", "auditor-token");
  ASSERT_EQ(records.status, 200);
  std::set<std::string> callers;
  int64_t last = 0;
  const json listed = json::parse(records.body);
  for (const auto& r : listed["records"]) {
    EXPECT_EQ(r["seq"].get<int64_t>(), last + 1);
    last = r["seq"];
    callers.insert(r.value("caller", ""));
  }
  EXPECT_TRUE(callers.count("intake") && callers.count("li.na") && callers.count("zhao.lei"));
}

}  // namespace
}  // namespace decree::serve
