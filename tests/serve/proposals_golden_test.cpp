// Goldens of the publishing workflow's answers over HTTP (issue 12), in
// English and 中文: each tests/lang/proposals/NAME.req is sent, as the
// goldens of tests/lang/serve are (tests/serve/golden_requests.h), to one
// Service with a workflow over its own copy of the Jilin benefits rules (in
// a temporary directory). Before the first request the test brings its
// registry into this state, through the same routes:
//
//   P000001  the HYPOTHETICAL 2025 round (fixtures/proposals/round-2025),
//            proposed by wang.fang, approved by li.na, published by zhao.lei
//   P000002  a correction of 2024-10-18 (a comment line added to its
//            params.yaml), proposed by wang.fang and approved by li.na before
//            P000001 was published: its base is stale
//   P000003  a correction of 2023-09-14 whose rule test expects a wrong
//            amount: its assessment did not pass
//   P000004  a correction of 2022-09-13, proposed by wang.fang only
//
// A request with the header X-Golden-Service: keyless goes to a second
// service instead, one without a publishing key, whose P000001 is a
// correction of 2024-10-18 proposed by wang.fang and approved by li.na.
// With X-Golden-Lock: store, another connection holds the service's SQLite
// store (audit and registry) for writing while the request runs; the stores
// wait 50 ms for a lock, so the step's record fails at once.
//
// Tokens: author-token (wang.fang, author), sun-token (sun.li, author),
// reviewer-token (li.na), fang-reviewer-token (wang.fang as a reviewer),
// publisher-token (zhao.lei), auditor-token. In a .req body,
// ${P000003.content_hash} stands for that proposal's content hash; in the
// answers every sha256:<64 hex> is masked (hashes change with the rules).
//
// The requests answer refusals only (problem+json, no time in them), so
// their order does not matter and the registry stays in its state (each
// refusal adds an audit record). The binary runs as one ctest test
// (tests/serve/CMakeLists.txt): the setups' five assessments run once.
#include "tests/serve/golden_requests.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "publish/files.h"
#include "publish/signing.h"
#include "serve/service.h"
#include "tests/serve/temp_dir.h"

namespace decree::serve {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const std::string kName = "jilin.work_injury.benefits";

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

json files_json(const std::vector<publish::ProposalFile>& files) {
  json out = json::object();
  for (const auto& f : files) out[f.path] = f.content;
  return out;
}

// A correction of `version` of the rules copy: a comment line added to its
// params.yaml, with `tests` as its rule tests.
std::string correction(const std::string& rules, const std::string& version,
                       const json& tests) {
  auto files = publish::read_files(rules + "/" + version);
  for (auto& f : files)
    if (f.path == "params.yaml") f.content += "# HYPOTHETICAL correction: a note\n";
  return json{{"ruleset", kName},
              {"kind", "correct"},
              {"files", files_json(files)},
              {"tests", tests},
              {"comment", "HYPOTHETICAL correction of " + version}}
      .dump();
}

// A worked case of the 2023 round computed wrongly by hand: 70 % of 6850.00
// = 4795.00, + 150 (2023 round, grade 5) = 4945.00, written 4954.00.
const char* kWrongTest = R"(- name: a 2022 grade 5 injury paid 2023-10-01 gets the 2023 round
  as_of: 2023-10-01
  input: {case_id: w1, injury_date: 2022-03-15, region: changchun_urban, wage_avg_12m: "6850.00", grade: 5, no_suitable_work: true}
  output: {allowance_adjusted: "4954.00"}
)";

struct Golden {
  testing::TempDir dir;
  std::string rules;  // the service's copy
  std::string store;  // its audit store and registry (SQLite)
  std::unique_ptr<Service> service;
  std::map<std::string, std::string> content_hash;  // by proposal id
  std::string error;                                // of the setup

  Response call(const std::string& method, const std::string& target, const std::string& token,
                const std::string& body = "") const {
    return service->handle({method, target, body, Lang::en, "Bearer " + token});
  }

  // A step that must answer `status`; false with `error` otherwise.
  bool step(const std::string& what, const Response& r, int status) {
    if (r.status == status) return true;
    error = what + ": " + std::to_string(r.status) + " " + r.body.substr(0, 2000);
    return false;
  }

  bool propose(const std::string& id, const std::string& body, bool passed) {
    Response r = call("POST", "/v1/proposals", "author-token", body);
    if (!step("propose " + id, r, 201)) return false;
    const json p = json::parse(r.body);
    if (p["id"] != id || p["assessment"]["passed"] != passed) {
      error = "propose " + id + ": " + r.body.substr(0, 2000);
      return false;
    }
    content_hash[id] = p["content_hash"];
    return true;
  }

  bool approve(const std::string& id) {
    return step("approve " + id,
                call("POST", "/v1/proposals/" + id + "/review", "reviewer-token",
                     json{{"decision", "approve"},
                          {"comment", "figures checked"},
                          {"content_hash", content_hash[id]}}
                         .dump()),
                200);
  }

  // A service over its own copy of the rules; `signing_key` empty: one
  // that cannot publish.
  bool start(const std::string& name, const std::string& signing_key) {
    rules = dir.file(name + "/work-injury-benefits");
    fs::create_directories(fs::path(rules).parent_path());
    fs::copy(DECREE_SOURCE_DIR "/rules/jilin/work-injury-benefits", rules,
             fs::copy_options::recursive);
    ServiceConfig config;
    config.rule_dirs = {rules};
    store = dir.file(name + "/audit.db");
    config.audit.path = store;
    config.audit.synchronous_full = false;
    config.audit.busy_timeout_ms = 50;  // a locked store fails at once (store_failed.req)
    config.tokens.add("wang.fang", token_hash("author-token"), Role::author);
    config.tokens.add("sun.li", token_hash("sun-token"), Role::author);
    config.tokens.add("li.na", token_hash("reviewer-token"), Role::reviewer);
    config.tokens.add("wang.fang", token_hash("fang-reviewer-token"), Role::reviewer);
    config.tokens.add("zhao.lei", token_hash("publisher-token"), Role::publisher);
    config.tokens.add("audit", token_hash("auditor-token"), Role::auditor);
    publish::WorkflowConfig workflow;
    publish::ManagedRuleSet m;
    m.dir = rules;
    m.reference_tests = {DECREE_SOURCE_DIR "/fixtures/jilin/benefits/adjustments.yaml"};
    m.corpus = {DECREE_SOURCE_DIR "/fixtures/historical/jilin-sample.jsonl"};
    workflow.rule_sets = {m};
    workflow.signing_key = signing_key;
    workflow.threads = 2;
    config.workflow = workflow;
    Diagnostics diags;
    service = Service::load(std::move(config), diags);
    if (!service) error = name + ": " + render_all(diags);
    return service != nullptr;
  }

  static json rounds_tests() {
    return {{"rounds.yaml",
             slurp(DECREE_SOURCE_DIR "/fixtures/jilin/benefits/rounds_2019_2024.yaml")}};
  }

  bool set_up() {
    std::string key_error;
    auto key = publish::new_key_pair(key_error);
    if (!key) {
      error = key_error;
      return false;
    }
    if (!start("publishing", key->private_pem)) return false;
    json round_files = json::object();
    for (const auto& f :
         publish::read_files(DECREE_SOURCE_DIR "/fixtures/proposals/round-2025/2025-07-01"))
      round_files[f.path] = f.content;
    const std::string round =
        json{{"ruleset", kName},
             {"files", round_files},
             {"tests",
              {{"round-2025-tests.yaml",
                slurp(DECREE_SOURCE_DIR "/fixtures/proposals/round-2025/round-2025-tests.yaml")}}},
             {"base_params", {"adjustment_in_force[2025-07-01]=2024"}},
             {"as_of", "2025-08-01"},
             {"comment", "HYPOTHETICAL 2025 round"}}
            .dump();
    return propose("P000001", round, true) &&
           propose("P000002", correction(rules, "2024-10-18", rounds_tests()), true) &&
           approve("P000001") && approve("P000002") &&
           step("publish P000001",
                call("POST", "/v1/proposals/P000001/publish", "publisher-token"), 200) &&
           propose("P000003",
                   correction(rules, "2023-09-14", {{"wrong-2023.yaml", kWrongTest}}), false) &&
           propose("P000004", correction(rules, "2022-09-13", rounds_tests()), true);
  }

  // The service without a publishing key: P000001 a correction of
  // 2024-10-18, approved.
  bool set_up_keyless() {
    return start("keyless", "") &&
           propose("P000001", correction(rules, "2024-10-18", rounds_tests()), true) &&
           approve("P000001");
  }

  // ${P000003.content_hash} in a request's body: that proposal's hash.
  std::string expand(std::string body) const {
    for (const auto& [id, hash] : content_hash) {
      const std::string name = "${" + id + ".content_hash}";
      for (size_t at; (at = body.find(name)) != std::string::npos;)
        body.replace(at, name.size(), hash);
    }
    return body;
  }
};

Golden& golden_state() {
  static Golden* g = [] {
    auto* made = new Golden();
    made->set_up();
    return made;
  }();
  return *g;
}

Golden& keyless_state() {
  static Golden* g = [] {
    auto* made = new Golden();
    made->set_up_keyless();
    return made;
  }();
  return *g;
}

std::function<std::string(const Request&)> answer_of(const Golden& g) {
  return [&g](const Request& request) {
    static const std::regex hash("sha256:[0-9a-f]{64}");
    return std::regex_replace(golden_requests::answer_text(g.service->handle(request)), hash,
                              "sha256:…");
  };
}

class ProposalsGolden : public ::testing::TestWithParam<fs::path> {};

TEST_P(ProposalsGolden, AnswersAsTheGoldensShowInBothLanguages) {
  const bool keyless =
      golden::read(GetParam()).find("\nX-Golden-Service: keyless\n") != std::string::npos;
  Golden& g = keyless ? keyless_state() : golden_state();
  ASSERT_TRUE(g.error.empty()) << "the setup failed: " << g.error;
  Request request = golden_requests::read_request(GetParam());
  request.body = g.expand(request.body);
  // X-Golden-Lock: the service's store is held by another writer meanwhile.
  sqlite3* other = nullptr;
  if (golden::read(GetParam()).find("\nX-Golden-Lock: store\n") != std::string::npos) {
    ASSERT_EQ(sqlite3_open(g.store.c_str(), &other), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  }
  golden_requests::check(GetParam(), request, answer_of(g));
  if (other) {
    sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(other);
  }
}

INSTANTIATE_TEST_SUITE_P(Lang, ProposalsGolden,
                         ::testing::ValuesIn(golden::files("tests/lang/proposals", ".req")),
                         golden::test_name);

}  // namespace
}  // namespace decree::serve
