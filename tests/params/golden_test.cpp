// Golden tests for parameter-file diagnostics: every
// tests/lang/params/{good,bad}/NAME.yaml is loaded as a parameter file and its
// diagnostics compared with NAME.err (none for a good file without one), and
// with NAME.zh.err wherever a message reads differently in 中文.
// DECREE_UPDATE_GOLDEN=1 rewrites them for review with `git diff`.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "params/parameters.h"

namespace fs = std::filesystem;

namespace {

std::string read(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string relative(std::string text) {
  std::string root = std::string(DECREE_SOURCE_DIR) + "/";
  for (size_t at; (at = text.find(root)) != std::string::npos;) text.erase(at, root.size());
  return text;
}

std::vector<fs::path> cases(const std::string& sub) {
  std::vector<fs::path> out;
  for (const auto& e :
       fs::directory_iterator(fs::path(DECREE_SOURCE_DIR) / "tests/lang/params" / sub))
    if (e.path().extension() == ".yaml") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

class ParamGolden : public ::testing::TestWithParam<fs::path> {};

TEST_P(ParamGolden, DiagnosticsMatch) {
  const fs::path& file = GetParam();
  decree::Diagnostics diags;
  auto set = decree::load_parameters(file.string(), diags);
  const bool bad = file.parent_path().filename() == "bad";
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
  EXPECT_EQ(set.has_value(), !bad) << actual;
  // One mistake, one error: a file that fails has exactly the errors it shows.
  if (bad) {
    EXPECT_EQ(diags.error_count(), 1u) << actual;
  }
  EXPECT_EQ(actual, fs::exists(golden) ? read(golden) : "") << "for " << file;
  if (actual_zh != actual) {
    EXPECT_EQ(actual_zh, read(golden_zh)) << "for " << file << " in 中文";
  } else {
    EXPECT_FALSE(fs::exists(golden_zh)) << golden_zh << " is the English: remove it";
  }
}

std::string name_of(const ::testing::TestParamInfo<fs::path>& info) {
  std::string n = info.param.stem().string();
  for (char& c : n)
    if (!isalnum(static_cast<unsigned char>(c))) c = '_';
  return info.param.parent_path().filename().string() + "_" + n;
}

INSTANTIATE_TEST_SUITE_P(Bad, ParamGolden, ::testing::ValuesIn(cases("bad")), name_of);
INSTANTIATE_TEST_SUITE_P(Good, ParamGolden, ::testing::ValuesIn(cases("good")), name_of);

}  // namespace
