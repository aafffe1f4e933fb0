// Data-driven evaluator tests: every tests/lang/eval/NAME.decree is loaded and
// evaluated on each line of NAME.cases.jsonl beside it. A line is
//   {"name": "...", "input": {...}, "expect": {"output": "value", ...}}
// or, for a case that must fail,
//   {"name": "...", "input": {...}, "error": "substring of the message"[, "pointer": "/field"]}
// optionally with "as_of": "YYYY-MM-DD", or with "input_json": "<raw text>"
// instead of "input". Expected values are computed by hand
// (see the comments in each .decree file); values are compared as text.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "api/decree.h"
#include "base/date.h"

namespace fs = std::filesystem;

namespace {

std::vector<fs::path> rule_files() {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(fs::path(DECREE_SOURCE_DIR) / "tests/lang/eval"))
    if (e.path().extension() == ".decree") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

class EvalCases : public ::testing::TestWithParam<fs::path> {};

TEST_P(EvalCases, OutputsMatch) {
  const fs::path& file = GetParam();
  decree::Diagnostics diags;
  auto rules = decree::RuleSet::load(file.string(), diags);
  ASSERT_NE(rules, nullptr) << decree::render_all(diags);
  fs::path cases = file;
  cases.replace_extension(".cases.jsonl");
  std::ifstream in(cases);
  ASSERT_TRUE(in) << "missing " << cases;
  decree::Session session(*rules);
  std::string line;
  int count = 0;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    ++count;
    auto test = nlohmann::json::parse(line);
    std::string name = test.value("name", "case " + std::to_string(count));
    SCOPED_TRACE(file.filename().string() + ": " + name);
    decree::EvalOptions options;
    options.explain = true;  // explanations must never change results
    if (test.contains("as_of"))
      options.as_of = decree::Date::parse(test["as_of"].get<std::string>());
    decree::CaseError err;
    // "input_json" gives the case's exact text, for number spellings that a
    // JSON library would normalise (1e3).
    std::string input =
        test.contains("input_json") ? test["input_json"].get<std::string>() : test["input"].dump();
    bool ok = session.decode_json(input, err) && session.evaluate(err, options);
    if (test.contains("error")) {
      EXPECT_FALSE(ok) << "expected an error containing: " << test["error"];
      EXPECT_NE(err.message.find(test["error"].get<std::string>()), std::string::npos)
          << "actual error: " << err.message;
      if (test.contains("pointer")) {
        EXPECT_EQ(err.pointer, test["pointer"].get<std::string>());
      }
      continue;
    }
    ASSERT_TRUE(ok) << err.pointer << ": " << err.message << " " << err.location;
    const auto& names = rules->output_names();
    for (const auto& [key, want] : test["expect"].items()) {
      auto it = std::find(names.begin(), names.end(), key);
      ASSERT_NE(it, names.end()) << "no output " << key;
      EXPECT_EQ(session.output_text(static_cast<size_t>(it - names.begin())),
                want.get<std::string>())
          << "output " << key;
    }
  }
  EXPECT_GT(count, 0);
}

std::string name_of(const ::testing::TestParamInfo<fs::path>& info) {
  std::string n = info.param.stem().string();
  for (char& c : n)
    if (!isalnum(static_cast<unsigned char>(c))) c = '_';
  return n;
}

INSTANTIATE_TEST_SUITE_P(Lang, EvalCases, ::testing::ValuesIn(rule_files()), name_of);

}  // namespace
