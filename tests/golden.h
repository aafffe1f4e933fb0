// Golden files shared by the diagnostic golden tests (checker, parameter
// files): each input NAME.ext has NAME.err beside it with its diagnostics in
// English, and NAME.zh.err wherever a message reads differently in 中文.
// DECREE_UPDATE_GOLDEN=1 rewrites them for review with `git diff` (no empty
// .err where none is needed, no .zh.err where the Chinese is the English).
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "base/diagnostics.h"

namespace decree::golden {

namespace fs = std::filesystem;

inline std::string read(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Paths in diagnostics made relative to the source tree, so goldens are portable.
inline std::string relative(std::string text) {
  std::string root = std::string(DECREE_SOURCE_DIR) + "/";
  for (size_t at; (at = text.find(root)) != std::string::npos;) text.erase(at, root.size());
  return text;
}

// The files of DECREE_SOURCE_DIR/dir ending in `ext`, sorted.
inline std::vector<fs::path> files(const std::string& dir, const std::string& ext) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(fs::path(DECREE_SOURCE_DIR) / dir))
    if (e.path().extension() == ext) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

// "bad_name": the folder and the file's stem, for a test's name.
inline std::string test_name(const ::testing::TestParamInfo<fs::path>& info) {
  std::string n = info.param.stem().string();
  for (char& c : n)
    if (!isalnum(static_cast<unsigned char>(c))) c = '_';
  return info.param.parent_path().filename().string() + "_" + n;
}

// The catalogue codes rendered since the current test started: each
// message, its notes, and the parts they were composed of (base/messages.h:
// set_message_observer). Cleared at the start of every test.
inline std::set<Code>& rendered_codes() {
  static std::set<Code> codes;
  return codes;
}
// Tests of the same binary render messages from several threads (parallel
// parsing): the set is guarded.
inline std::mutex& rendered_codes_mutex() {
  static std::mutex m;
  return m;
}

class RenderedCodesListener : public ::testing::EmptyTestEventListener {
  void OnTestStart(const ::testing::TestInfo&) override {
    std::lock_guard<std::mutex> lock(rendered_codes_mutex());
    rendered_codes().clear();
  }
};

inline const bool rendered_codes_observed = [] {
  set_message_observer([](Code c) {
    std::lock_guard<std::mutex> lock(rendered_codes_mutex());
    rendered_codes().insert(c);
  });
  ::testing::UnitTest::GetInstance()->listeners().Append(new RenderedCodesListener);
  return true;
}();

// Writes the codes a golden test printed to DECREE_BINARY_DIR/golden-codes/
// <test>.codes, one per line; tests/base/golden_coverage_test.cpp reads them
// all to find the catalogue entries that no golden shows.
inline void record_codes() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string name = std::string(info->test_suite_name()) + "." + info->name();
  for (char& c : name)
    if (!isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_') c = '_';
  fs::path dir = fs::path(DECREE_BINARY_DIR) / "golden-codes";
  fs::create_directories(dir);
  std::ofstream out(dir / (name + ".codes"));
  std::lock_guard<std::mutex> lock(rendered_codes_mutex());
  for (Code c : rendered_codes()) out << code_name(c) << "\n";
}

// Compares the diagnostics of `file` with its goldens, or rewrites them.
// `need_err`: the .err is written even if empty (a file that must fail).
// False if the goldens were rewritten (the test is then skipped).
inline bool matches(const fs::path& file, const Diagnostics& diags, bool need_err) {
  std::string en = relative(render_all(diags));
  std::string zh = relative(render_all(diags, false, Lang::zh));
  record_codes();
  fs::path golden = file, golden_zh = file;
  golden.replace_extension(".err");
  golden_zh.replace_extension(".zh.err");
  if (std::getenv("DECREE_UPDATE_GOLDEN")) {
    if (!en.empty() || need_err || fs::exists(golden)) std::ofstream(golden) << en;
    if (zh != en)
      std::ofstream(golden_zh) << zh;
    else
      fs::remove(golden_zh);
    return false;
  }
  EXPECT_EQ(en, fs::exists(golden) ? read(golden) : "") << "for " << file;
  if (zh != en) {
    EXPECT_TRUE(fs::exists(golden_zh)) << golden_zh << " is missing";
    EXPECT_EQ(zh, read(golden_zh)) << "for " << file << " in 中文";
  } else {
    EXPECT_FALSE(fs::exists(golden_zh)) << golden_zh << " is the English: remove it";
  }
  return true;
}

}  // namespace decree::golden
