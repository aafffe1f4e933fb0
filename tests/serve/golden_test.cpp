// Goldens of the service's problem answers, in English and 中文: each
// tests/lang/serve/NAME.req (a comment line, the request line, headers, a
// blank line, the body) is sent to a Service in process, once as is and once
// with Accept-Language: zh; NAME.out and NAME.zh.out hold the status and the
// body (decision ids masked). DECREE_UPDATE_GOLDEN=1 rewrites them.
#include "tests/golden.h"

#include <gtest/gtest.h>

#include <regex>
#include <sstream>

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

Request read_request(const fs::path& file) {
  std::istringstream in(golden::read(file));
  std::string line;
  Request r;
  while (std::getline(in, line) && line.rfind("#", 0) == 0) {
  }
  const size_t space = line.find(' ');
  r.method = line.substr(0, space);
  r.target = line.substr(space + 1);
  while (std::getline(in, line) && !line.empty())
    if (line.rfind("Authorization: ", 0) == 0) r.authorization = line.substr(15);
  std::stringstream body;
  body << in.rdbuf();
  r.body = body.str();
  return r;
}

std::string answer(const Request& request) {
  const Response r = golden_service().handle(request);
  static const std::regex id("\"decision_id\":\"[0-9a-f-]{36}\"");
  std::string text = std::to_string(r.status) + (r.allow.empty() ? "" : " Allow: " + r.allow) +
                     "\n" + std::regex_replace(r.body, id, "\"decision_id\":\"…\"") + "\n";
  return golden::relative(text);
}

class ServeGolden : public ::testing::TestWithParam<fs::path> {};

TEST_P(ServeGolden, AnswersAsTheGoldensShowInBothLanguages) {
  golden::rendered_codes().clear();
  Request request = read_request(GetParam());
  const std::string en = answer(request);
  request.lang = Lang::zh;
  const std::string zh = answer(request);
  golden::record_codes();
  fs::path out = GetParam(), out_zh = GetParam();
  out.replace_extension(".out");
  out_zh.replace_extension(".zh.out");
  if (std::getenv("DECREE_UPDATE_GOLDEN")) {
    std::ofstream(out) << en;
    std::ofstream(out_zh) << zh;
    GTEST_SKIP() << "goldens rewritten";
  }
  EXPECT_EQ(en, golden::read(out)) << GetParam();
  EXPECT_EQ(zh, golden::read(out_zh)) << GetParam() << " in 中文";
  EXPECT_NE(en, zh) << "the 中文 answer is the English one";
}

INSTANTIATE_TEST_SUITE_P(Lang, ServeGolden,
                         ::testing::ValuesIn(golden::files("tests/lang/serve", ".req")),
                         golden::test_name);

}  // namespace
}  // namespace decree::serve
