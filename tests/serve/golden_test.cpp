// Goldens of the service's problem answers, in English and 中文: each
// tests/lang/serve/NAME.req (a comment line, the request line, headers, a
// blank line, the body) is sent to a Service in process, once as is and once
// with Accept-Language: zh; NAME.out and NAME.zh.out hold the status and the
// body (decision ids masked). DECREE_UPDATE_GOLDEN=1 rewrites them
// (tests/serve/golden_requests.h). This service has no publishing workflow:
// tests/serve/proposals_golden_test.cpp has the goldens of one that has.
#include "tests/serve/golden_requests.h"

#include <gtest/gtest.h>

#include "serve/service.h"
#include "tests/serve/temp_dir.h"

namespace decree::serve {
namespace {

namespace fs = std::filesystem;

const Service& golden_service() {
  static testing::TempDir* dir = new testing::TempDir();
  static std::unique_ptr<Service> service = [] {
    ServiceConfig config;
    config.rule_dirs = {DECREE_SOURCE_DIR "/fixtures/bench/wi-bench"};
    config.audit.path = dir->file("audit.db");
    config.tokens.add("intake", token_hash("caseworker-token"), Role::caseworker);
    config.tokens.add("statistics", token_hash("analyst-token"), Role::analyst);
    config.tokens.add("audit-office", token_hash("auditor-token"), Role::auditor);
    JwtConfig jwt;
    jwt.issuer = "https://idp.example";
    jwt.audience = "decree";
    jwt.hs256.push_back({"", {}, DECREE_SOURCE_DIR "/tests/lang/serve/jwt.secret"});
    config.jwt = jwt;
    Diagnostics diags;
    auto s = Service::load(std::move(config), diags);
    EXPECT_NE(s, nullptr) << render_all(diags);
    return s;
  }();
  return *service;
}

class ServeGolden : public ::testing::TestWithParam<fs::path> {};

TEST_P(ServeGolden, AnswersAsTheGoldensShowInBothLanguages) {
  golden_requests::check(GetParam(), golden_requests::read_request(GetParam()),
                         [](const Request& r) {
                           return golden_requests::answer_text(golden_service().handle(r));
                         });
}

INSTANTIATE_TEST_SUITE_P(Lang, ServeGolden,
                         ::testing::ValuesIn(golden::files("tests/lang/serve", ".req")),
                         golden::test_name);

}  // namespace
}  // namespace decree::serve
