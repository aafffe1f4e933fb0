// Shared by the version tests: the demo timeline, loading it, running a
// case, and scratch copies of a rule set to edit.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "api/decree.h"

namespace decree_versions_testing {

namespace fs = std::filesystem;

inline const std::string kDemo = DECREE_SOURCE_DIR "/tests/lang/versions/demo";

inline std::unique_ptr<const decree::RuleTimeline> load(const std::string& path,
                                                        const decree::LoadOptions& options = {}) {
  decree::Diagnostics diags;
  auto t = decree::RuleTimeline::load(path, diags, options);
  EXPECT_NE(t, nullptr) << decree::render_all(diags);
  return t;
}

inline std::string run(decree::Session& s, const std::string& json,
                       decree::CaseError* error = nullptr) {
  decree::CaseError err;
  std::string out;
  if (s.decode_json(json, err) && s.evaluate(err)) {
    s.append_result_json(out);
  } else {
    out = "error: " + err.message;
  }
  if (error) *error = err;
  return out;
}

// A scratch copy of a directory tree, removed at the end of the test.
struct TempCopy {
  fs::path root;
  explicit TempCopy(const fs::path& from) {
    static int copies = 0;  // several copies in one test each have their own
    root = fs::temp_directory_path() /
           ("decree-versions-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name() + "-" +
            std::to_string(++copies));
    fs::remove_all(root);
    fs::create_directories(root);
    fs::copy(from, root, fs::copy_options::recursive);
  }
  ~TempCopy() { fs::remove_all(root); }
  void write(const std::string& rel, const std::string& text) const {
    std::ofstream(root / rel) << text;
  }
  std::string read(const std::string& rel) const {
    std::ifstream in(root / rel);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
};

}  // namespace decree_versions_testing
