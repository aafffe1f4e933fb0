// One conformance suite for both registries (publish/registry.h): SQLite in
// a temporary file, PostgreSQL in a fresh database of a temporary cluster
// (pg_cluster.h) started once for the whole binary. Every case opens its
// registries through the same factory, so both keep the same promises.
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "audit/log.h"
#include "audit/verify.h"
#include "publish/pg_registry.h"
#include "publish/sqlite_registry.h"
#include "tests/publish/pg_cluster.h"

namespace decree::publish {
namespace {

namespace fs = std::filesystem;

enum class Backend { sqlite, postgres };

// This binary's own temporary directory (the SQLite files and the
// cluster), removed when it exits.
struct TempDir {
  fs::path path = fs::temp_directory_path() / ("decree-registry-" + std::to_string(getpid()));
  TempDir() {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};
const fs::path& temp_dir() {
  static const TempDir dir;
  return dir.path;
}

// The cluster, started when a PostgreSQL case first needs it and stopped
// when the binary exits (its cases run in one process:
// tests/publish/CMakeLists.txt).
struct SharedCluster {
  std::unique_ptr<testing::PgCluster> cluster;
  std::string why;
  bool missing = false;
  SharedCluster() { cluster = testing::PgCluster::start(temp_dir(), why, missing); }
};
SharedCluster& shared_cluster() {
  static SharedCluster shared;
  return shared;
}

audit::Record step_record(const std::string& action, const std::string& who = "wang.fang") {
  audit::Record r;
  r.decision_id = "0193a1b2-0000-7000-8000-" + std::to_string(std::hash<std::string>()(action));
  r.time = "2026-12-04T03:00:00.000Z";
  r.caller = who;
  r.role = "author";
  r.action = action;
  r.ruleset = "jilin.work_injury.benefits";
  r.version = "2026-07-01";
  r.outcome = "ok";
  return r;
}

Proposal full_proposal(const std::string& ruleset = "jilin.work_injury.benefits",
                       const std::string& version = "2026-07-01") {
  Proposal p;
  p.ruleset = ruleset;
  p.version = version;
  p.kind = ProposalKind::correct;
  p.author = "wang.fang";
  p.comment = "一次性伤残补助金 per 吉人社〔2026〕3号";
  p.created_at = p.updated_at = "2026-12-04T03:00:00.000Z";
  p.files = {{"benefits.decree", "rule x = 1\n"}, {"params/wage.yaml", "values:\n  2026: 5600\n"}};
  p.tests = {{"tests/grade5.yaml", "- name: grade 5\n"}};
  p.base_params = {"adjustment_in_force[2025-07-01]=2024"};
  p.as_of = "2026-07-01";
  p.rules_hash = "sha256:" + std::string(64, 'a');
  p.content_hash = "sha256:" + std::string(64, 'b');
  p.base_hash = "sha256:" + std::string(64, 'c');
  p.assessment.checks = {{"check", true, "no diagnostics"}, {"impact", true, "+1.2% of payments"}};
  p.assessment.text = "Check 检查: passed\n";
  p.assessment.json = R"({"checks":[],"impact":{"cases":3}})";
  p.assessment.html = "<!doctype html><h1>评估</h1>";
  p.events = {
      {"2026-12-04T03:00:00.000Z", "wang.fang", "author", "propose", "first", p.content_hash}};
  return p;
}

PublishedVersion publication(const std::string& ruleset, const std::string& version,
                             const std::string& proposal, bool withdrawn = false) {
  PublishedVersion v;
  v.ruleset = ruleset;
  v.version = version;
  v.proposal = proposal;
  v.withdrawn = withdrawn;
  v.time = "2026-12-04T04:00:00.000Z";
  if (!withdrawn) {
    v.rules_hash = "sha256:" + std::string(64, 'd');
    v.files = {{"benefits.decree", "rule x = " + version + "\n"},
               {"PUBLISHED.yaml", "ruleset: " + ruleset + "\n"}};
  }
  return v;
}

class RegistryTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    static int next = 0;
    const std::string name = "t" + std::to_string(++next);
    if (GetParam() == Backend::sqlite) {
      path_ = (temp_dir() / (name + ".db")).string();
      return;
    }
    auto& shared = shared_cluster();
    if (!shared.cluster) {
      if (shared.missing) GTEST_SKIP() << shared.why;
      FAIL() << "cannot start PostgreSQL: " << shared.why;
    }
    std::string error;
    conninfo_ = shared.cluster->create_database(name, error);
    ASSERT_FALSE(conninfo_.empty()) << error;
  }

  // Another registry on the test's store: another process, or replica.
  std::unique_ptr<Registry> open() {
    std::string error;
    std::unique_ptr<Registry> r;
    if (GetParam() == Backend::sqlite) {
      audit::SqliteOptions o;
      o.path = path_;
      o.synchronous_full = false;
      r = open_sqlite_registry(o, error);
    } else {
      r = open_pg_registry(conninfo_, error);
    }
    EXPECT_TRUE(r) << error;
    return r;
  }

  // SQL on the store behind the registry's back (the same in both).
  void raw(const std::string& sql) {
    if (GetParam() == Backend::sqlite) {
      sqlite3* db = nullptr;
      ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
      ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
          << sqlite3_errmsg(db);
      sqlite3_close(db);
      return;
    }
    PGconn* c = PQconnectdb(conninfo_.c_str());
    PGresult* r = PQexec(c, sql.c_str());
    EXPECT_EQ(PQresultStatus(r), PGRES_COMMAND_OK) << PQerrorMessage(c);
    PQclear(r);
    PQfinish(c);
  }
  // Makes every append of a record by `caller` fail inside the store.
  void refuse_records_of(const std::string& caller) {
    if (GetParam() == Backend::sqlite) {
      raw("CREATE TRIGGER refuse BEFORE INSERT ON audit_record WHEN NEW.caller = '" + caller +
          "' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END");
    } else {
      raw("CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
          "IF NEW.caller = '" +
          caller +
          "' THEN RAISE EXCEPTION 'refused by the test'; END IF; "
          "RETURN NEW; END $$; CREATE TRIGGER refuse BEFORE INSERT ON audit_record "
          "FOR EACH ROW EXECUTE FUNCTION refuse()");
    }
  }

  static std::vector<audit::Record> records(Registry& r) {
    std::vector<audit::Record> out;
    std::string error;
    EXPECT_TRUE(r.audit().scan(
        [&](const audit::Record& rec) {
          out.push_back(rec);
          return true;
        },
        error))
        << error;
    return out;
  }
  static audit::Verification verified(Registry& r) {
    audit::Verification v;
    std::string error;
    EXPECT_TRUE(audit::verify(r.audit(), "", v, error)) << error;
    EXPECT_TRUE(v.intact) << v.problem;
    return v;
  }
  static Proposal create(Registry& r, Proposal p = full_proposal()) {
    auto record = step_record("propose");
    std::string error;
    EXPECT_TRUE(r.create(p, record, error)) << error;
    return p;
  }
  static Proposal stored(Registry& r, const std::string& id) {
    std::optional<Proposal> p;
    std::string error;
    EXPECT_TRUE(r.get(id, p, error)) << error;
    EXPECT_TRUE(p) << id;
    return p ? *p : Proposal();
  }
  static std::vector<std::string> ids(const std::vector<Proposal>& ps) {
    std::vector<std::string> out;
    for (const auto& p : ps) out.push_back(p.id);
    return out;
  }

  std::string path_, conninfo_;
};

TEST_P(RegistryTest, CreateGivesIdsInOrderAndRecordsEachInTheSameStep) {
  auto reg = open();
  Proposal a = full_proposal(), b = full_proposal();
  auto ra = step_record("propose"), rb = step_record("propose");
  std::string error;
  ASSERT_TRUE(reg->create(a, ra, error)) << error;
  ASSERT_TRUE(reg->create(b, rb, error)) << error;
  EXPECT_EQ(a.id, "P000001");
  EXPECT_EQ(b.id, "P000002");
  EXPECT_EQ(a.revision, 1);
  EXPECT_EQ(ra.case_id, "P000001");
  EXPECT_EQ(rb.case_id, "P000002");
  EXPECT_EQ(ra.seq, 1);
  EXPECT_EQ(rb.seq, 2);
  EXPECT_EQ(rb.prev_hash, ra.hash);
  // A registry opened later continues the numbering from the store.
  auto again = open();
  EXPECT_EQ(create(*again).id, "P000003");
}

TEST_P(RegistryTest, GetGivesBackEveryField) {
  auto reg = open();
  const Proposal p = create(*reg);
  const Proposal got = stored(*reg, p.id);
  EXPECT_EQ(proposal_json(got, true), proposal_json(p, true));
  ASSERT_EQ(got.files.size(), 2u);
  EXPECT_EQ(got.files[1].path, "params/wage.yaml");
  EXPECT_EQ(got.files[1].content, "values:\n  2026: 5600\n");
  ASSERT_EQ(got.tests.size(), 1u);
  EXPECT_EQ(got.tests[0].path, "tests/grade5.yaml");
  EXPECT_EQ(got.kind, ProposalKind::correct);
  EXPECT_EQ(got.comment, p.comment);
  EXPECT_EQ(got.base_params, p.base_params);
  EXPECT_EQ(got.assessment.text, "Check 检查: passed\n");
  EXPECT_EQ(got.assessment.json, p.assessment.json);
  EXPECT_EQ(got.assessment.html, "<!doctype html><h1>评估</h1>");
  ASSERT_EQ(got.assessment.checks.size(), 2u);
  EXPECT_EQ(got.assessment.checks[1].summary, "+1.2% of payments");
  ASSERT_EQ(got.events.size(), 1u);
  EXPECT_EQ(got.events[0].comment, "first");
  EXPECT_EQ(got.events[0].content_hash, p.content_hash);

  std::optional<Proposal> none;
  std::string error;
  ASSERT_TRUE(reg->get("P999999", none, error)) << error;
  EXPECT_FALSE(none);
}

TEST_P(RegistryTest, AnUpdateOnAStaleRevisionIsAConflictAndStoresNothing) {
  auto reg = open();
  Proposal p = create(*reg);
  Proposal approve = p;
  approve.revision = 2;
  approve.state = ProposalState::approved;
  approve.reviewer = "li.na";
  auto record = step_record("approve", "li.na");
  record.case_id = p.id;
  std::string error;
  ASSERT_EQ(reg->update(approve, record, error), Registry::Update::ok) << error;
  EXPECT_EQ(record.seq, 2);
  EXPECT_EQ(stored(*reg, p.id).reviewer, "li.na");

  // A second step that also read revision 1.
  Proposal reject = p;
  reject.revision = 2;
  reject.state = ProposalState::rejected;
  reject.reviewer = "zhao.lei";
  auto late = step_record("reject", "zhao.lei");
  ASSERT_EQ(reg->update(reject, late, error), Registry::Update::conflict);
  EXPECT_NE(error.find("revision 2 is stored"), std::string::npos) << error;
  EXPECT_EQ(late.seq, 0);
  const Proposal now = stored(*reg, p.id);
  EXPECT_EQ(now.state, ProposalState::approved);
  EXPECT_EQ(now.reviewer, "li.na");
  EXPECT_EQ(now.revision, 2);
  EXPECT_EQ(records(*reg).size(), 2u);

  Proposal missing = p;
  missing.id = "P000404";
  missing.revision = 2;
  auto r3 = step_record("approve");
  EXPECT_EQ(reg->update(missing, r3, error), Registry::Update::failed);
  EXPECT_EQ(records(*reg).size(), 2u);
}

TEST_P(RegistryTest, APublicationAfterAnotherOfItsVersionIsAConflict) {
  auto reg = open();
  Proposal first = create(*reg), second = create(*reg);
  std::string error;
  first.revision = 2;
  first.state = ProposalState::published;
  auto pv = publication(first.ruleset, first.version, first.id);
  auto r1 = step_record("publish");
  ASSERT_EQ(reg->update(first, r1, error, &pv, 0), Registry::Update::ok) << error;

  // The second was assessed when the version had no publication.
  second.revision = 2;
  second.state = ProposalState::published;
  auto pv2 = publication(second.ruleset, second.version, second.id);
  auto r2 = step_record("publish");
  ASSERT_EQ(reg->update(second, r2, error, &pv2, 0), Registry::Update::conflict);
  EXPECT_EQ(stored(*reg, second.id).state, ProposalState::proposed);
  std::vector<PublishedVersion> published;
  ASSERT_TRUE(reg->published("", published, error)) << error;
  ASSERT_EQ(published.size(), 1u);
  EXPECT_EQ(published[0].proposal, first.id);
  EXPECT_EQ(records(*reg).size(), 3u);

  // Against the head it saw, it goes in.
  ASSERT_EQ(reg->update(second, r2, error, &pv2, published[0].seq), Registry::Update::ok) << error;
  published.clear();
  ASSERT_TRUE(reg->published("", published, error)) << error;
  ASSERT_EQ(published.size(), 1u);
  EXPECT_EQ(published[0].proposal, second.id);
  EXPECT_EQ(published[0].seq, 2);
}

TEST_P(RegistryTest, PublishedGivesTheLastStepOfEveryVersionInVersionOrder) {
  auto reg = open();
  std::string error;
  auto publish = [&](const std::string& ruleset, const std::string& version, bool withdrawn) {
    Proposal p = create(*reg, full_proposal(ruleset, version));
    std::vector<PublishedVersion> now;
    ASSERT_TRUE(reg->published(ruleset, now, error)) << error;
    int64_t head = 0;
    for (const auto& v : now)
      if (v.version == version) head = v.seq;
    p.revision = 2;
    p.state = ProposalState::published;
    auto pv = publication(ruleset, version, p.id, withdrawn);
    auto record = step_record(withdrawn ? "withdraw" : "publish");
    ASSERT_EQ(reg->update(p, record, error, &pv, head), Registry::Update::ok) << error;
  };
  publish("jilin.benefits", "2024-01-01", false);
  publish("jilin.benefits", "2021-07-01", false);
  publish("jilin.contributions", "2015-10-01", false);
  publish("jilin.benefits", "2021-07-01", true);  // withdrawn after

  std::vector<PublishedVersion> benefits;
  ASSERT_TRUE(reg->published("jilin.benefits", benefits, error)) << error;
  ASSERT_EQ(benefits.size(), 2u);
  EXPECT_EQ(benefits[0].version, "2021-07-01");
  EXPECT_TRUE(benefits[0].withdrawn);
  EXPECT_EQ(benefits[0].seq, 4);
  EXPECT_EQ(benefits[0].proposal, "P000004");
  EXPECT_TRUE(benefits[0].files.empty());
  EXPECT_TRUE(benefits[0].rules_hash.empty());
  EXPECT_EQ(benefits[1].version, "2024-01-01");
  EXPECT_FALSE(benefits[1].withdrawn);
  EXPECT_EQ(benefits[1].seq, 1);
  EXPECT_EQ(benefits[1].rules_hash, "sha256:" + std::string(64, 'd'));
  EXPECT_EQ(benefits[1].time, "2026-12-04T04:00:00.000Z");
  ASSERT_EQ(benefits[1].files.size(), 2u);
  EXPECT_EQ(benefits[1].files[0].content, "rule x = 2024-01-01\n");
  EXPECT_EQ(benefits[1].files[1].path, "PUBLISHED.yaml");

  std::vector<PublishedVersion> all;
  ASSERT_TRUE(reg->published("", all, error)) << error;
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[2].ruleset, "jilin.contributions");
}

TEST_P(RegistryTest, ListFiltersNewestFirstWithoutContent) {
  auto reg = open();
  create(*reg, full_proposal("a"));
  Proposal b = create(*reg, full_proposal("b"));
  create(*reg, full_proposal("a"));
  b.revision = 2;
  b.state = ProposalState::approved;
  auto record = step_record("approve");
  std::string error;
  ASSERT_EQ(reg->update(b, record, error), Registry::Update::ok) << error;

  std::vector<Proposal> all;
  ASSERT_TRUE(reg->list({}, all, error)) << error;
  EXPECT_EQ(ids(all), (std::vector<std::string>{"P000003", "P000002", "P000001"}));
  for (const auto& p : all) {
    EXPECT_TRUE(p.files.empty());
    EXPECT_TRUE(p.tests.empty());
    EXPECT_TRUE(p.assessment.text.empty() && p.assessment.json.empty() &&
                p.assessment.html.empty());
    EXPECT_EQ(p.assessment.checks.size(), 2u);  // the summary keeps the results
    EXPECT_EQ(p.events.size(), 1u);
  }
  std::vector<Proposal> a;
  ASSERT_TRUE(reg->list({"a", std::nullopt, 200}, a, error)) << error;
  EXPECT_EQ(ids(a), (std::vector<std::string>{"P000003", "P000001"}));
  std::vector<Proposal> approved;
  ASSERT_TRUE(reg->list({"", ProposalState::approved, 200}, approved, error)) << error;
  EXPECT_EQ(ids(approved), (std::vector<std::string>{"P000002"}));
  std::vector<Proposal> none;
  ASSERT_TRUE(reg->list({"a", ProposalState::approved, 200}, none, error)) << error;
  EXPECT_TRUE(none.empty());
  std::vector<Proposal> newest;
  ASSERT_TRUE(reg->list({"", std::nullopt, 1}, newest, error)) << error;
  EXPECT_EQ(ids(newest), (std::vector<std::string>{"P000003"}));
}

TEST_P(RegistryTest, EveryStepAndRefusalIsInTheVerifiedChain) {
  auto reg = open();
  Proposal p = create(*reg);
  auto refusal = step_record("approve", "wang.fang");
  refusal.case_id = p.id;
  refusal.outcome = "refused";
  std::string error;
  ASSERT_TRUE(reg->record_refusal(refusal, error)) << error;
  EXPECT_EQ(refusal.seq, 2);
  p.revision = 2;
  p.state = ProposalState::approved;
  auto approval = step_record("approve", "li.na");
  approval.case_id = p.id;
  ASSERT_EQ(reg->update(p, approval, error), Registry::Update::ok) << error;
  p.revision = 3;
  p.state = ProposalState::published;
  auto pv = publication(p.ruleset, p.version, p.id);
  auto published = step_record("publish", "zhao.lei");
  published.case_id = p.id;
  ASSERT_EQ(reg->update(p, published, error, &pv, 0), Registry::Update::ok) << error;

  const auto chain = records(*reg);
  ASSERT_EQ(chain.size(), 4u);
  EXPECT_EQ(chain[0].action, "propose");
  EXPECT_EQ(chain[0].case_id, p.id);
  EXPECT_EQ(chain[1].outcome, "refused");
  EXPECT_EQ(chain[1].hash, refusal.hash);
  EXPECT_EQ(chain[2].caller, "li.na");
  EXPECT_EQ(chain[2].hash, approval.hash);
  EXPECT_EQ(chain[3].action, "publish");
  EXPECT_EQ(chain[3].hash, published.hash);
  const auto v = verified(*reg);
  EXPECT_EQ(v.records, 4);
  EXPECT_EQ(v.head_hash, published.hash);

  std::vector<audit::Record> found;
  audit::Query q;
  q.case_id = p.id;
  ASSERT_TRUE(reg->audit().query(q, found, error)) << error;
  EXPECT_EQ(found.size(), 4u);
}

TEST_P(RegistryTest, AStepWhoseRecordCannotBeStoredDoesNotHappen) {
  auto reg = open();
  Proposal p = create(*reg);
  refuse_records_of("mallory");
  std::string error;
  Proposal q = full_proposal();
  auto record = step_record("propose", "mallory");
  EXPECT_FALSE(reg->create(q, record, error));
  EXPECT_NE(error.find("refused by the test"), std::string::npos) << error;
  EXPECT_TRUE(q.id.empty());
  EXPECT_EQ(record.seq, 0);
  EXPECT_TRUE(record.case_id.empty());

  p.revision = 2;
  p.state = ProposalState::approved;
  auto pv = publication(p.ruleset, p.version, p.id);
  EXPECT_EQ(reg->update(p, record, error, &pv, 0), Registry::Update::failed);
  EXPECT_FALSE(reg->record_refusal(record, error));

  EXPECT_EQ(stored(*reg, p.id).revision, 1);
  std::vector<Proposal> all;
  ASSERT_TRUE(reg->list({}, all, error)) << error;
  EXPECT_EQ(ids(all), (std::vector<std::string>{"P000001"}));
  std::vector<PublishedVersion> published;
  ASSERT_TRUE(reg->published("", published, error)) << error;
  EXPECT_TRUE(published.empty());
  EXPECT_EQ(verified(*reg).records, 1);
  EXPECT_EQ(create(*reg).id, "P000002");  // the refused one took no id
}

// Creates and updates from `threads` threads on `registries` (one store).
void run_steps(std::vector<Registry*> registries, int threads, int each,
               std::vector<std::string>& ids) {
  std::mutex mutex;
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      Registry& reg = *registries[t % registries.size()];
      for (int i = 0; i < each; ++i) {
        Proposal p = full_proposal("r" + std::to_string(t), std::to_string(i));
        auto record = step_record("propose");
        std::string error;
        ASSERT_TRUE(reg.create(p, record, error)) << error;
        p.revision = 2;
        p.state = ProposalState::approved;
        auto approval = step_record("approve", "li.na");
        ASSERT_EQ(reg.update(p, approval, error), Registry::Update::ok) << error;
        std::lock_guard<std::mutex> lock(mutex);
        ids.push_back(p.id);
      }
    });
  for (auto& th : pool) th.join();
}

TEST_P(RegistryTest, ConcurrentStepsGetDistinctIdsAndOneChain) {
  auto reg = open();
  std::vector<std::string> got;
  run_steps({reg.get()}, 4, 25, got);
  const std::set<std::string> distinct(got.begin(), got.end());
  EXPECT_EQ(distinct.size(), 100u);
  EXPECT_EQ(*distinct.begin(), "P000001");
  EXPECT_EQ(*distinct.rbegin(), "P000100");
  EXPECT_EQ(verified(*reg).records, 200);
}

TEST_P(RegistryTest, TwoRegistriesOnOneStoreKeepOneChain) {
  // Two connections: two replicas of the service (or two processes).
  auto a = open(), b = open();
  std::vector<std::string> got;
  run_steps({a.get(), b.get()}, 4, 15, got);
  EXPECT_EQ(std::set<std::string>(got.begin(), got.end()).size(), 60u);
  std::set<int64_t> seqs;
  for (const auto& r : records(*b)) EXPECT_TRUE(seqs.insert(r.seq).second) << r.seq;
  EXPECT_EQ(seqs.size(), 120u);
  EXPECT_EQ(verified(*a).records, 120);
}

TEST_P(RegistryTest, TheEvaluationsLogAndTheStepsShareOneChain) {
  auto reg = open();
  std::atomic<int> stored{0}, failed{0};
  {
    audit::Log log(audit::borrow(reg->audit()));
    std::thread evaluations([&] {
      for (int i = 0; i < 300; ++i) {
        audit::Record r = step_record("evaluate", "intake");
        r.role = "caseworker";
        r.case_id = "case-" + std::to_string(i);
        log.submit(r, [&](bool ok) { (ok ? stored : failed).fetch_add(1); });
        if (i % 50 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
    });
    for (int i = 0; i < 20; ++i) {
      Proposal p = create(*reg);
      auto refusal = step_record("approve");
      std::string error;
      ASSERT_TRUE(reg->record_refusal(refusal, error)) << error;
    }
    evaluations.join();
  }  // the log stores everything submitted before it stops
  EXPECT_EQ(stored.load(), 300);
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(verified(*reg).records, 340);
  std::vector<Proposal> all;
  std::string error;
  ASSERT_TRUE(reg->list({}, all, error)) << error;
  EXPECT_EQ(all.size(), 20u);
}

INSTANTIATE_TEST_SUITE_P(Stores, RegistryTest,
                         ::testing::Values(Backend::sqlite, Backend::postgres),
                         [](const auto& info) {
                           return info.param == Backend::sqlite ? "Sqlite" : "Postgres";
                         });

}  // namespace
}  // namespace decree::publish
