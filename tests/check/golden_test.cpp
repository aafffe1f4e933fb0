// Golden tests for the checker: every tests/lang/check/{good,bad}/NAME.decree
// is loaded as a rule set and its diagnostics compared with NAME.err beside it
// (an empty or missing .err for good files means: no diagnostics at all).
// Where any message reads differently in 中文, NAME.zh.err holds the Chinese
// rendering, and must exist. DECREE_UPDATE_GOLDEN=1 rewrites the golden files
// for review with `git diff` (no empty .err for a good file, no .zh.err where
// the Chinese is the English).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "api/decree.h"

namespace fs = std::filesystem;

namespace {

std::string read(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Paths in diagnostics are made relative to the source tree so goldens are portable.
std::string relative(std::string text) {
  std::string root = std::string(DECREE_SOURCE_DIR) + "/";
  for (size_t at; (at = text.find(root)) != std::string::npos;) text.erase(at, root.size());
  return text;
}

std::vector<fs::path> cases(const std::string& sub) {
  std::vector<fs::path> out;
  for (const auto& e :
       fs::directory_iterator(fs::path(DECREE_SOURCE_DIR) / "tests/lang/check" / sub))
    if (e.path().extension() == ".decree") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

class CheckGolden : public ::testing::TestWithParam<fs::path> {};

TEST_P(CheckGolden, DiagnosticsMatch) {
  const fs::path& file = GetParam();
  decree::Diagnostics diags;
  auto rules = decree::RuleSet::load(file.string(), diags);
  bool bad = file.parent_path().filename() == "bad";
  std::string actual = relative(decree::render_all(diags));
  std::string actual_zh = relative(decree::render_all(diags, false, decree::Lang::zh));
  fs::path golden = file, golden_zh = file;
  golden.replace_extension(".err");
  golden_zh.replace_extension(".zh.err");
  if (std::getenv("DECREE_UPDATE_GOLDEN")) {
    if (!actual.empty() || bad || fs::exists(golden)) std::ofstream(golden) << actual;
    if (actual_zh != actual)
      std::ofstream(golden_zh) << actual_zh;
    else
      fs::remove(golden_zh);
    GTEST_SKIP() << "rewrote " << golden;
  }
  if (actual_zh != actual) {
    EXPECT_TRUE(fs::exists(golden_zh)) << golden_zh << " is missing";
    EXPECT_EQ(actual_zh, read(golden_zh)) << "for " << file << " in 中文";
  } else {
    EXPECT_FALSE(fs::exists(golden_zh)) << golden_zh << " is the English: remove it";
  }
  if (bad) {
    EXPECT_EQ(rules, nullptr) << file << " should fail to check";
    EXPECT_TRUE(diags.has_errors());
  } else {
    EXPECT_NE(rules, nullptr) << actual;
  }
  std::string expected = fs::exists(golden) ? read(golden) : "";
  EXPECT_EQ(actual, expected) << "for " << file;
}

std::string name_of(const ::testing::TestParamInfo<fs::path>& info) {
  std::string n = info.param.stem().string();
  for (char& c : n)
    if (!isalnum(static_cast<unsigned char>(c))) c = '_';
  return info.param.parent_path().filename().string() + "_" + n;
}

INSTANTIATE_TEST_SUITE_P(Bad, CheckGolden, ::testing::ValuesIn(cases("bad")), name_of);
INSTANTIATE_TEST_SUITE_P(Good, CheckGolden, ::testing::ValuesIn(cases("good")), name_of);

}  // namespace
