// Hot reload (Service::reload, POST /v1/admin/reload): a changed rule set is
// served after the swap, one that does not load is refused and the previous
// one stays served, and requests running during reloads each get an answer
// from one consistent version.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "publish/publication.h"
#include "publish/signing.h"
#include "publish/verify.h"
#include "serve/service.h"
#include "tests/publish/publish_all.h"
#include "tests/serve/temp_dir.h"

namespace decree::serve {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const std::string kCase =
    R"({"case_id":"R-1","injury_date":"2020-10-20","outcome":"disability","grade":8,)"
    R"("care_level":"partial","wage_avg_12m":"9000.00","terminated":true})";

class ReloadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    rules_ = dir_.file("wi-bench");
    fs::create_directories(rules_);
    for (const char* f : {"wi_bench.decree", "params.yaml"})
      fs::copy_file(DECREE_SOURCE_DIR "/fixtures/bench/wi-bench/" + std::string(f),
                    rules_ + "/" + f);
    ServiceConfig config;
    config.rule_dirs = {rules_};
    config.audit.path = dir_.file("audit.db");
    config.tokens.add("ops", token_hash("admin-token"), Role::admin);
    config.tokens.add("intake", token_hash("caseworker-token"), Role::caseworker);
    Diagnostics diags;
    service_ = Service::load(std::move(config), diags);
    ASSERT_NE(service_, nullptr) << render_all(diags);
  }
  // A change to the rules file: a comment, so the rules hash changes and the
  // figures do not.
  void touch_rules(const std::string& comment) {
    std::ofstream(rules_ + "/wi_bench.decree", std::ios::app) << "# " << comment << "\n";
  }
  Response evaluate() const {
    return service_->handle(
        {"POST", "/v1/rulesets/wi_bench/evaluate", kCase, Lang::en, "Bearer caseworker-token"});
  }
  std::string hash_served() const {
    Response r = evaluate();
    EXPECT_EQ(r.status, 200) << r.body;
    return json::parse(r.body)["rules_hash"];
  }
  std::string metrics() const {
    return service_->handle({"GET", "/metrics", {}, Lang::en, "Bearer admin-token"}).body;
  }

  testing::TempDir dir_;
  std::string rules_;
  std::unique_ptr<Service> service_;
};

TEST_F(ReloadTest, AChangedRuleSetIsServedAfterTheReload) {
  const std::string before = hash_served();
  touch_rules("changed");
  EXPECT_EQ(hash_served(), before);  // nothing changes until the reload
  auto g = service_->reload();
  EXPECT_EQ(g->id, 2u);
  EXPECT_TRUE(g->refused.empty());
  const std::string after = hash_served();
  EXPECT_NE(after, before);
  const std::string m = metrics();
  EXPECT_NE(m.find("rules_hash=\"" + after + "\"} 1"), std::string::npos) << m;
  EXPECT_EQ(m.find("rules_hash=\"" + before + "\"} 1"), std::string::npos) << m;
  EXPECT_NE(m.find("decree_reloads_total{result=\"ok\"} 1"), std::string::npos);
  EXPECT_EQ(json::parse(service_->handle({"GET", "/readyz", {}, Lang::en, {}}).body)["generation"],
            2);
}

TEST_F(ReloadTest, ARuleSetThatDoesNotLoadIsRefusedAndThePreviousOneStaysServed) {
  const std::string before = hash_served();
  std::ofstream(rules_ + "/wi_bench.decree", std::ios::app) << "output broken: money = 1 +\n";
  auto g = service_->reload();
  ASSERT_EQ(g->refused.size(), 1u);
  EXPECT_EQ(g->refused[0].path, rules_);
  EXPECT_NE(g->refused[0].diagnostics.find("wi_bench.decree:"), std::string::npos)
      << g->refused[0].diagnostics;
  EXPECT_EQ(hash_served(), before);
  const json ready = json::parse(service_->handle({"GET", "/readyz", {}, Lang::en, {}}).body);
  EXPECT_EQ(ready["status"], "ready");
  ASSERT_EQ(ready["refused"].size(), 1u);
  EXPECT_EQ(ready["refused"][0]["path"], rules_);
  EXPECT_NE(metrics().find("decree_reloads_total{result=\"refused\"} 1"), std::string::npos);
}

TEST_F(ReloadTest, TheAdminRouteReloadsAndOnlyForAdmins) {
  Response no =
      service_->handle({"POST", "/v1/admin/reload", {}, Lang::en, "Bearer caseworker-token"});
  EXPECT_EQ(no.status, 403);
  touch_rules("by the admin route");
  Response r = service_->handle({"POST", "/v1/admin/reload", {}, Lang::en, "Bearer admin-token"});
  ASSERT_EQ(r.status, 200) << r.body;
  const json j = json::parse(r.body);
  EXPECT_EQ(j["generation"], 2);
  ASSERT_EQ(j["reloaded"].size(), 1u);
  EXPECT_EQ(j["reloaded"][0]["ruleset"], "wi_bench");
  EXPECT_TRUE(j["refused"].empty());
}

TEST_F(ReloadTest, RequestsDuringReloadsAllSucceedEachOnOneVersion) {
  std::set<std::string> hashes{hash_served()};
  std::atomic<bool> done{false};
  std::atomic<int> failed{0}, answered{0};
  std::mutex seen_mutex;
  std::set<std::string> seen;
  std::vector<std::thread> callers;
  for (int t = 0; t < 3; ++t)
    callers.emplace_back([&] {
      while (!done) {
        Response r = evaluate();
        if (r.status != 200) {
          ++failed;
          continue;
        }
        ++answered;
        const json j = json::parse(r.body);
        std::lock_guard<std::mutex> lock(seen_mutex);
        seen.insert(j["rules_hash"].get<std::string>());
      }
    });
  for (int i = 0; i < 5; ++i) {
    touch_rules("reload " + std::to_string(i));
    hashes.insert(service_->reload()->rule_sets[0].timeline->versions().back()->version().hash);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  done = true;
  for (auto& t : callers) t.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_GT(answered.load(), 0);
  // Every answer names a version that was served (never a mixture).
  std::set<std::string> served;
  for (const auto& h : hashes) served.insert(h.rfind("sha256:", 0) == 0 ? h : "sha256:" + h);
  for (const auto& h : seen) EXPECT_TRUE(served.count(h)) << h;
}

// ---- With publishing keys: only versions published as approved are served.

TEST(Publishing, AnUnpublishedRuleSetIsNotServedAndAPublishedOneIs) {
  testing::TempDir dir;
  const std::string rules = dir.file("jilin");
  fs::copy(DECREE_SOURCE_DIR "/rules/jilin/work-injury-benefits", rules,
           fs::copy_options::recursive);
  std::string error;
  const auto key = *publish::new_key_pair(error);
  ServiceConfig config;
  config.rule_dirs = {rules};
  config.open = true;
  config.no_audit = true;
  config.publishing_keys = {key.public_pem};
  Diagnostics unpublished;
  EXPECT_EQ(Service::load(config, unpublished), nullptr);
  EXPECT_NE(render_all(unpublished).find("is not published as approved: no PUBLISHED.yaml"),
            std::string::npos)
      << render_all(unpublished);

  publish::testing::publish_all(rules, key);
  Diagnostics diags;
  auto service = Service::load(config, diags);
  ASSERT_NE(service, nullptr) << render_all(diags);
  // A rule file edited after publication: the reload refuses the rule set
  // and the published one stays served.
  std::ofstream(rules + "/2011-01-01/10_death.decree", std::ios::app) << "\n# edited\n";
  auto g = service->reload();
  ASSERT_EQ(g->refused.size(), 1u);
  EXPECT_NE(g->refused[0].diagnostics.find("version 2011-01-01 is not published as approved"),
            std::string::npos)
      << g->refused[0].diagnostics;
  EXPECT_EQ(g->rule_sets.size(), 1u);
}

}  // namespace
}  // namespace decree::serve
