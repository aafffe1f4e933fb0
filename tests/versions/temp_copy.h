// Test helper: a scratch copy of a directory tree, removed at the end of the
// test (named after the test, so parallel tests do not collide).
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace decree::testing {

struct TempCopy {
  std::filesystem::path root;
  explicit TempCopy(const std::filesystem::path& from) {
    root = std::filesystem::temp_directory_path() /
           ("decree-versions-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(root);
    std::filesystem::create_directories(root);
    std::filesystem::copy(from, root, std::filesystem::copy_options::recursive);
  }
  ~TempCopy() { std::filesystem::remove_all(root); }
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

}  // namespace decree::testing
