// The request goldens of the service (tests/lang/serve, tests/lang/proposals):
// each NAME.req (comment lines starting with #, the request line, headers, a
// blank line, the body) is sent to a Service in process, once as is and once
// with Accept-Language: zh; NAME.out and NAME.zh.out hold the status and the
// body (decision ids masked, and whatever else the suite masks).
// DECREE_UPDATE_GOLDEN=1 rewrites them.
#pragma once

#include "tests/golden.h"

#include <gtest/gtest.h>

#include <functional>
#include <regex>
#include <sstream>

#include "serve/service.h"

namespace decree::serve::golden_requests {

namespace fs = std::filesystem;

inline Request read_request(const fs::path& file) {
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

// "STATUS[ Allow: …]\nBODY\n", decision ids masked.
inline std::string answer_text(const Response& r) {
  static const std::regex id("\"decision_id\":\"[0-9a-f-]{36}\"");
  std::string text = std::to_string(r.status) + (r.allow.empty() ? "" : " Allow: " + r.allow) +
                     "\n" + std::regex_replace(r.body, id, "\"decision_id\":\"…\"") + "\n";
  return golden::relative(text);
}

// Sends `file`'s request to `answer` in English and 中文, and compares both
// answers with the goldens beside it (or rewrites them).
inline void check(const fs::path& file, Request request,
                  const std::function<std::string(const Request&)>& answer) {
  golden::rendered_codes().clear();
  const std::string en = answer(request);
  request.lang = Lang::zh;
  const std::string zh = answer(request);
  golden::record_codes();
  fs::path out = file, out_zh = file;
  out.replace_extension(".out");
  out_zh.replace_extension(".zh.out");
  if (std::getenv("DECREE_UPDATE_GOLDEN")) {
    std::ofstream(out) << en;
    std::ofstream(out_zh) << zh;
    GTEST_SKIP() << "goldens rewritten";
  }
  EXPECT_EQ(en, golden::read(out)) << file;
  EXPECT_EQ(zh, golden::read(out_zh)) << file << " in 中文";
  EXPECT_NE(en, zh) << "the 中文 answer is the English one";
}

}  // namespace decree::serve::golden_requests
