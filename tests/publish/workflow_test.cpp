// The four-eyes workflow (publish/workflow.h) on a copy of the Jilin
// benefits rules, with the HYPOTHETICAL 2025 round of docs/policy-change.md
// (fixtures/proposals/round-2025) as the proposal, over both registries:
// SQLite in a temporary file and PostgreSQL in a temporary cluster.
#include "publish/workflow.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "api/timeline.h"
#include "audit/verify.h"
#include "base/codes_publish.h"
#include "pg_cluster.h"
#include "publish/files.h"
#include "publish/pg_registry.h"
#include "publish/signing.h"
#include "publish/sqlite_registry.h"
#include "publish/verify.h"

namespace decree::publish {
namespace {

namespace fs = std::filesystem;
using Outcome = StepResult::Outcome;

const char* kRuleSet = "jilin.work_injury.benefits";
const Actor kAlice{"wang.fang", "author"};
const Actor kBob{"li.na", "reviewer"};
const Actor kCarol{"zhao.lei", "publisher"};

std::string source(const std::string& relative) {
  return std::string(DECREE_SOURCE_DIR) + "/" + relative;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The round as an author submits it.
Submission round_2025() {
  Submission s;
  s.ruleset = kRuleSet;
  s.files = read_files(source("fixtures/proposals/round-2025/2025-07-01"));
  s.tests = {{"round-2025-tests.yaml",
              slurp(source("fixtures/proposals/round-2025/round-2025-tests.yaml"))}};
  // The baseline "no 2025 round" (docs/policy-change.md, 5.).
  s.base_params = {"adjustment_in_force[2025-07-01]=2024"};
  s.as_of = "2025-08-01";
  s.comment = "HYPOTHETICAL 2025 round";
  return s;
}

enum class StoreKind { sqlite, postgres };

class WorkflowTest : public ::testing::TestWithParam<StoreKind> {
 protected:
  static void TearDownTestSuite() { cluster_.reset(); }

  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("decree-workflow-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "rules");
    fs::copy(source("rules/jilin/work-injury-benefits"), dir_ / "rules/work-injury-benefits",
             fs::copy_options::recursive);
    registry_ = open_store();
    if (!registry_) return;
    std::string error;
    auto key = new_key_pair(error);
    ASSERT_TRUE(key) << error;
    key_ = *key;
    WorkflowConfig config;
    ManagedRuleSet m;
    m.dir = rules_dir();
    m.reference_tests = {source("fixtures/jilin/benefits/adjustments.yaml")};
    m.corpus = {source("fixtures/historical/jilin-sample.jsonl")};
    m.group_by = "year(injury_date)";
    config.rule_sets = {m};
    config.signing_key = key_.private_pem;
    config.threads = 2;
    workflow_ = std::make_unique<Workflow>(*registry_, config);
  }

  void TearDown() override {
    workflow_.reset();
    registry_.reset();
    fs::remove_all(dir_);
  }

  std::unique_ptr<Registry> open_store() {
    std::string error;
    if (GetParam() == StoreKind::sqlite) {
      audit::SqliteOptions o;
      o.path = (dir_ / "audit.db").string();
      o.synchronous_full = false;
      auto r = open_sqlite_registry(o, error);
      EXPECT_NE(r, nullptr) << error;
      return r;
    }
    if (!cluster_) {
      bool missing = false;
      cluster_ = testing::PgCluster::start(fs::temp_directory_path(), why_, missing);
      if (!cluster_ && !missing) ADD_FAILURE() << why_;
    }
    if (!cluster_) {
      skip_ = true;
      return nullptr;
    }
    static int n = 0;
    const std::string conninfo = cluster_->create_database("wf" + std::to_string(++n), error);
    EXPECT_FALSE(conninfo.empty()) << error;
    auto r = open_pg_registry(conninfo, error);
    EXPECT_NE(r, nullptr) << error;
    return r;
  }

  std::string rules_dir() const { return (dir_ / "rules/work-injury-benefits").string(); }

  Proposal propose_ok(const Submission& s, const Actor& who = kAlice) {
    StepResult r = workflow_->propose(who, s);
    EXPECT_TRUE(r.ok()) << message_text(r.why, Lang::en);
    return r.proposal.value_or(Proposal{});
  }

  std::vector<audit::Record> records() {
    std::vector<audit::Record> out;
    std::string error;
    EXPECT_TRUE(registry_->audit().scan(
        [&](const audit::Record& r) {
          out.push_back(r);
          return true;
        },
        error))
        << error;
    return out;
  }

  void expect_chain_intact() {
    audit::Verification v;
    std::string error;
    ASSERT_TRUE(audit::verify(registry_->audit(), "", v, error)) << error;
    EXPECT_TRUE(v.intact) << v.problem;
  }

  static std::unique_ptr<testing::PgCluster> cluster_;
  static std::string why_;
  bool skip_ = false;
  fs::path dir_;
  std::unique_ptr<Registry> registry_;
  std::unique_ptr<Workflow> workflow_;
  KeyPair key_;
};

std::unique_ptr<testing::PgCluster> WorkflowTest::cluster_;
std::string WorkflowTest::why_;

#define NEED_STORE()                                  \
  do {                                                \
    if (skip_) GTEST_SKIP() << why_;                  \
    ASSERT_NE(workflow_, nullptr) << "no store opened"; \
  } while (0)

TEST_P(WorkflowTest, ProposalIsAssessedAndStoredWithItsRecord) {
  NEED_STORE();
  Proposal p = propose_ok(round_2025());
  EXPECT_EQ(p.id, "P000001");
  EXPECT_EQ(p.version, "2025-07-01");
  EXPECT_EQ(p.state, ProposalState::proposed);
  ASSERT_EQ(p.assessment.checks.size(), 4u);
  for (const auto& c : p.assessment.checks) EXPECT_TRUE(c.passed) << c.name << ": " << c.summary;
  EXPECT_EQ(p.assessment.checks[1].summary, "4 passed, 0 failed");
  // The impact over the 500 historical cases: the round changes some 2022
  // and 2023 injuries' monthly payments, and breaks nothing.
  EXPECT_NE(p.assessment.checks[3].summary.find("500 cases"), std::string::npos)
      << p.assessment.checks[3].summary;
  EXPECT_NE(p.assessment.checks[3].summary.find(" 0 failing only with the change"),
            std::string::npos);
  EXPECT_EQ(p.assessment.checks[3].summary.find(" 0 changed"), std::string::npos);
  EXPECT_NE(p.assessment.text.find("Who pays"), std::string::npos);
  EXPECT_NE(p.assessment.json.find("\"impact\""), std::string::npos);
  EXPECT_EQ(p.assessment.text.find("decree-proposal-"), std::string::npos)
      << "reports name the proposal, not its scratch copy";
  EXPECT_EQ(p.rules_hash.rfind("sha256:", 0), 0u);
  EXPECT_EQ(p.content_hash, content_hash_of(p));
  // Nothing is published by proposing.
  EXPECT_FALSE(fs::exists(fs::path(rules_dir()) / "2025-07-01"));
  auto rs = records();
  ASSERT_EQ(rs.size(), 1u);
  EXPECT_EQ(rs[0].action, "propose");
  EXPECT_EQ(rs[0].case_id, "P000001");
  EXPECT_EQ(rs[0].caller, kAlice.name);
  EXPECT_EQ(rs[0].rules_hash, p.rules_hash);
  EXPECT_EQ(rs[0].outcome, "ok");
}

TEST_P(WorkflowTest, SelfApprovalIsRefusedWhateverTheRole) {
  NEED_STORE();
  Proposal p = propose_ok(round_2025());
  for (const std::string role : {"reviewer", "admin"}) {
    StepResult r = workflow_->review({kAlice.name, role}, p.id, true, "looks right", p.content_hash);
    EXPECT_EQ(r.outcome, Outcome::refused);
    EXPECT_EQ(r.why.code, msg::workflow_self_review);
  }
  // A role that does not review is refused as well, before anything else.
  StepResult r = workflow_->review(kCarol, p.id, true, "", p.content_hash);
  EXPECT_EQ(r.why.code, msg::workflow_no_role);
  EXPECT_EQ(workflow_->get(p.id).proposal->state, ProposalState::proposed);
  // Each refusal is in the audit trail, by who tried.
  auto rs = records();
  ASSERT_EQ(rs.size(), 4u);
  EXPECT_EQ(rs[1].action, "approve");
  EXPECT_EQ(rs[1].caller, kAlice.name);
  EXPECT_EQ(rs[1].outcome, "refused");
  EXPECT_EQ(rs[2].role, "admin");
  EXPECT_EQ(rs[3].caller, kCarol.name);
  expect_chain_intact();
}

TEST_P(WorkflowTest, ApprovedProposalIsPublishedSignedAndVerifies) {
  NEED_STORE();
  Proposal p = propose_ok(round_2025());
  StepResult approved = workflow_->review(kBob, p.id, true, "figures checked", p.content_hash);
  ASSERT_TRUE(approved.ok()) << message_text(approved.why, Lang::en);
  EXPECT_EQ(approved.proposal->approved_hash, p.content_hash);
  int published_calls = 0;
  workflow_->on_published = [&] { ++published_calls; };
  StepResult published = workflow_->publish(kCarol, p.id);
  ASSERT_TRUE(published.ok()) << message_text(published.why, Lang::en);
  EXPECT_EQ(published.proposal->state, ProposalState::published);
  EXPECT_EQ(published_calls, 1);
  // The version is in the rules directory with its publication, and
  // `decree verify` accepts it with the publishing key.
  const fs::path version = fs::path(rules_dir()) / "2025-07-01";
  ASSERT_TRUE(fs::exists(version / "PUBLISHED.yaml"));
  EXPECT_EQ(slurp(version / "params.yaml"),
            slurp(source("fixtures/proposals/round-2025/2025-07-01/params.yaml")));
  Diagnostics diags;
  auto timeline = RuleTimeline::load(rules_dir(), diags);
  ASSERT_NE(timeline, nullptr) << render_all(diags);
  bool seen = false;
  for (const auto& c : verify_versions(*timeline, rules_dir(), {key_.public_pem})) {
    if (c.version != "2025-07-01") continue;
      seen = true;
      EXPECT_EQ(c.result, VersionCheck::Result::ok) << c.detail;
    EXPECT_NE(c.detail.find("wang.fang proposed, li.na approved"), std::string::npos) << c.detail;
  }
  EXPECT_TRUE(seen);
  // A tampered rule file is detected afterwards.
  std::ofstream(version / "params.yaml", std::ios::app) << "# changed after publication\n";
  auto again = RuleTimeline::load(rules_dir(), diags);
  ASSERT_NE(again, nullptr);
  for (const auto& c : verify_versions(*again, rules_dir(), {key_.public_pem})) {
    if (c.version != "2025-07-01") continue;
    EXPECT_EQ(c.result, VersionCheck::Result::changed);
  }
  // A sync writes back what the registry says was published.
  bool changed = false;
  std::string error;
  ASSERT_TRUE(workflow_->sync(changed, error)) << error;
  EXPECT_TRUE(changed);
  EXPECT_EQ(slurp(version / "params.yaml"),
            slurp(source("fixtures/proposals/round-2025/2025-07-01/params.yaml")));
  auto rs = records();
  ASSERT_EQ(rs.size(), 3u);
  EXPECT_EQ(rs[1].action, "approve");
  EXPECT_EQ(rs[1].caller, kBob.name);
  EXPECT_EQ(rs[2].action, "publish");
  EXPECT_EQ(rs[2].caller, kCarol.name);
  EXPECT_EQ(rs[2].rules_hash, p.rules_hash);
  expect_chain_intact();
}

TEST_P(WorkflowTest, AChangeAfterApprovalVoidsIt) {
  NEED_STORE();
  Proposal p = propose_ok(round_2025());
  ASSERT_TRUE(workflow_->review(kBob, p.id, true, "ok", p.content_hash).ok());
  // The author amends: one figure changed.
  Submission changed = round_2025();
  for (auto& f : changed.files)
    if (f.path == "params.yaml") f.content += "# a note added after the approval\n";
  StepResult amended = workflow_->amend(kAlice, p.id, changed);
  ASSERT_TRUE(amended.ok()) << message_text(amended.why, Lang::en);
  EXPECT_EQ(amended.proposal->state, ProposalState::proposed);
  EXPECT_TRUE(amended.proposal->approved_hash.empty());
  EXPECT_NE(amended.proposal->content_hash, p.content_hash);
  EXPECT_EQ(workflow_->publish(kCarol, p.id).why.code, msg::workflow_wrong_state);
  // An approval of what the reviewer read before the amendment is refused.
  EXPECT_EQ(workflow_->review(kBob, p.id, true, "ok", p.content_hash).why.code,
            msg::workflow_changed_since_read);
  // Approved again, then changed in the store behind the workflow's back.
  ASSERT_TRUE(workflow_->review(kBob, p.id, true, "ok", amended.proposal->content_hash).ok());
  Proposal stored = *workflow_->get(p.id).proposal;
  for (auto& f : stored.files)
    if (f.path == "params.yaml") f.content += "# tampered\n";
  ++stored.revision;
  audit::Record record;
  record.action = "tamper";
  std::string error;
  ASSERT_EQ(registry_->update(stored, record, error), Registry::Update::ok) << error;
  StepResult refused = workflow_->publish(kCarol, p.id);
  EXPECT_EQ(refused.why.code, msg::workflow_approval_void);
  EXPECT_FALSE(fs::exists(fs::path(rules_dir()) / "2025-07-01"));
}

TEST_P(WorkflowTest, AProposalWhoseTestsFailCannotBeApproved) {
  NEED_STORE();
  Submission s = round_2025();
  // A worked case computed wrongly by hand: 5228.00 written as 5229.00.
  const std::string right = "allowance_adjusted: \"5228.00\"";
  auto& tests = s.tests[0].content;
  ASSERT_NE(tests.find(right), std::string::npos);
  tests.replace(tests.find(right), right.size(), "allowance_adjusted: \"5229.00\"");
  Proposal p = propose_ok(s);
  EXPECT_FALSE(p.assessment.passed());
  EXPECT_EQ(p.assessment.checks[1].summary, "3 passed, 1 failed");
  EXPECT_NE(p.assessment.text.find("5229.00"), std::string::npos);
  StepResult r = workflow_->review(kBob, p.id, true, "", p.content_hash);
  EXPECT_EQ(r.why.code, msg::workflow_assessment_failed);
  // Rejecting it is allowed: the reviewer says why.
  EXPECT_TRUE(workflow_->review(kBob, p.id, false, "test t1 is wrong", p.content_hash).ok());
  EXPECT_EQ(workflow_->get(p.id).proposal->state, ProposalState::rejected);
}

TEST_P(WorkflowTest, ConcurrentProposalsOnOneBaseThenAWithdrawal) {
  NEED_STORE();
  // Two proposals on the same published rules, at the same time: the round,
  // and a correction of the 2024 round (a note added to its parameters).
  Submission correction;
  correction.ruleset = kRuleSet;
  correction.kind = ProposalKind::correct;
  correction.files = read_files(rules_dir() + "/2024-10-18");
  for (auto& f : correction.files)
    if (f.path == "params.yaml") f.content += "# HYPOTHETICAL correction: a note\n";
  correction.tests = {{"rounds.yaml", slurp(source("fixtures/jilin/benefits/rounds_2019_2024.yaml"))}};
  correction.comment = "HYPOTHETICAL correction";
  const Actor sun{"sun.li", "author"};
  std::optional<StepResult> a, b;
  std::thread ta([&] { a = workflow_->propose(kAlice, round_2025()); });
  std::thread tb([&] { b = workflow_->propose(sun, correction); });
  ta.join();
  tb.join();
  ASSERT_TRUE(a->ok()) << message_text(a->why, Lang::en);
  ASSERT_TRUE(b->ok()) << message_text(b->why, Lang::en);
  EXPECT_NE(a->proposal->id, b->proposal->id);
  EXPECT_EQ(a->proposal->base_hash, b->proposal->base_hash);
  const Proposal round = *a->proposal, fix = *b->proposal;
  EXPECT_EQ(fix.version, "2024-10-18");
  ASSERT_TRUE(workflow_->review(kBob, round.id, true, "", round.content_hash).ok());
  StepResult approved = workflow_->review(kBob, fix.id, true, "", fix.content_hash);
  ASSERT_TRUE(approved.ok()) << message_text(approved.why, Lang::en);
  ASSERT_TRUE(workflow_->publish(kCarol, round.id).ok());
  // The correction was assessed against rules without the round: stale.
  EXPECT_EQ(workflow_->publish(kCarol, fix.id).why.code, msg::workflow_stale_base);
  // Amended (as it was), it is assessed again and needs a new approval.
  StepResult amended = workflow_->amend(sun, fix.id, correction);
  ASSERT_TRUE(amended.ok()) << message_text(amended.why, Lang::en);
  EXPECT_EQ(workflow_->publish(kCarol, fix.id).why.code, msg::workflow_wrong_state);
  ASSERT_TRUE(workflow_->review(kBob, fix.id, true, "", amended.proposal->content_hash).ok());
  StepResult corrected = workflow_->publish(kCarol, fix.id);
  ASSERT_TRUE(corrected.ok()) << message_text(corrected.why, Lang::en);
  EXPECT_NE(slurp(fs::path(rules_dir()) / "2024-10-18/params.yaml").find("HYPOTHETICAL correction"),
            std::string::npos);
  EXPECT_TRUE(fs::exists(fs::path(rules_dir()) / "2024-10-18/PUBLISHED.yaml"));
  // A second proposal of the published round is refused.
  EXPECT_EQ(workflow_->propose(kAlice, round_2025()).why.code, msg::workflow_version_exists);

  // The round is withdrawn, four eyes again.
  Submission withdraw;
  withdraw.ruleset = kRuleSet;
  withdraw.kind = ProposalKind::withdraw;
  withdraw.version = "2025-07-01";
  withdraw.comment = "HYPOTHETICAL: published in error";
  Proposal out = propose_ok(withdraw, sun);
  EXPECT_TRUE(out.assessment.passed()) << out.assessment.text;
  EXPECT_EQ(workflow_->review({sun.name, "admin"}, out.id, true, "", out.content_hash).why.code,
            msg::workflow_self_review);
  ASSERT_TRUE(workflow_->review(kBob, out.id, true, "", out.content_hash).ok());
  StepResult withdrawn = workflow_->publish(kCarol, out.id);
  ASSERT_TRUE(withdrawn.ok()) << message_text(withdrawn.why, Lang::en);
  EXPECT_FALSE(fs::exists(fs::path(rules_dir()) / "2025-07-01"));
  std::vector<PublishedVersion> published;
  std::string error;
  ASSERT_TRUE(registry_->published(kRuleSet, published, error)) << error;
  ASSERT_EQ(published.size(), 2u);
  EXPECT_EQ(published[0].version, "2024-10-18");
  EXPECT_FALSE(published[0].withdrawn);
  EXPECT_EQ(published[1].version, "2025-07-01");
  EXPECT_TRUE(published[1].withdrawn);
  std::vector<std::string> actions;
  for (const auto& r : records()) actions.push_back(r.action + ":" + r.outcome);
  EXPECT_NE(std::find(actions.begin(), actions.end(), "withdraw:ok"), actions.end());
  EXPECT_EQ(std::count(actions.begin(), actions.end(), "publish:ok"), 2);
  expect_chain_intact();
}

TEST_P(WorkflowTest, BadSubmissionsAreRefusedAtTheirFile) {
  NEED_STORE();
  Submission s = round_2025();
  s.files.push_back({"../escape.yaml", "x: 1\n"});
  EXPECT_EQ(workflow_->propose(kAlice, s).why.code, msg::workflow_bad_path);
  s = round_2025();
  s.files.push_back({"PUBLISHED.yaml", "forged: true\n"});
  EXPECT_EQ(workflow_->propose(kAlice, s).why.code, msg::workflow_bad_path);
  s = round_2025();
  s.files[0].content += "\xff\xfe";
  EXPECT_EQ(workflow_->propose(kAlice, s).why.code, msg::workflow_not_utf8);
  s = round_2025();
  s.ruleset = "jilin.work_injury.contributions";
  EXPECT_EQ(workflow_->propose(kAlice, s).why.code, msg::workflow_no_such_ruleset);
  EXPECT_EQ(workflow_->propose(kBob, round_2025()).why.code, msg::workflow_no_role);
  Submission existing;
  existing.ruleset = kRuleSet;
  existing.kind = ProposalKind::withdraw;
  existing.version = "1999-01-01";
  EXPECT_EQ(workflow_->propose(kAlice, existing).why.code, msg::workflow_no_such_version);
  EXPECT_EQ(records().size(), 6u);
}

INSTANTIATE_TEST_SUITE_P(Stores, WorkflowTest,
                         ::testing::Values(StoreKind::sqlite, StoreKind::postgres),
                         [](const auto& info) {
                           return info.param == StoreKind::sqlite ? "Sqlite" : "Postgres";
                         });

}  // namespace
}  // namespace decree::publish
