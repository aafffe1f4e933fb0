// serve/watch.h: a change in a rule set directory or a version directory
// (also one created after the watch began) calls back once, after the quiet
// time; a service reloads on it.
#include "serve/watch.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "serve/service.h"
#include "tests/serve/temp_dir.h"

namespace decree::serve {
namespace {

namespace fs = std::filesystem;

// Waits up to 5 s for `n` to reach `at_least`.
bool reaches(const std::atomic<int>& n, int at_least) {
  for (int i = 0; i < 500 && n.load() < at_least; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  return n.load() >= at_least;
}

TEST(Watch, AChangeCallsBackOnceAfterTheQuietTime) {
  testing::TempDir dir;
  const std::string rules = dir.file("rules");
  fs::create_directories(rules + "/2021-01-01");
  std::atomic<int> calls{0};
  RulesWatcher w(
      {rules}, [&] { ++calls; }, std::chrono::milliseconds(300));
  ASSERT_TRUE(w.ok()) << w.error();
  // Three writes in a row: one call.
  for (int i = 0; i < 3; ++i) std::ofstream(rules + "/2021-01-01/a.decree") << i;
  ASSERT_TRUE(reaches(calls, 1));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(calls.load(), 1);
  // A version directory made after the watch began, and a file in it.
  fs::create_directories(rules + "/2024-01-01");
  ASSERT_TRUE(reaches(calls, 2));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  std::ofstream(rules + "/2024-01-01/b.decree") << "x";
  EXPECT_TRUE(reaches(calls, 3));
}

TEST(Watch, ADirectoryThatDoesNotExistCannotBeWatched) {
  RulesWatcher w({"/nonexistent/rules"}, [] {});
  EXPECT_FALSE(w.ok());
  EXPECT_NE(w.error().find("/nonexistent/rules"), std::string::npos) << w.error();
}

TEST(Watch, AServiceReloadsWhenItsRulesChange) {
  testing::TempDir dir;
  const std::string rules = dir.file("wi-bench");
  fs::create_directories(rules);
  for (const char* f : {"wi_bench.decree", "params.yaml"})
    fs::copy_file(DECREE_SOURCE_DIR "/fixtures/bench/wi-bench/" + std::string(f), rules + "/" + f);
  ServiceConfig config;
  config.rule_dirs = {rules};
  config.open = true;
  config.no_audit = true;
  Diagnostics diags;
  auto service = Service::load(std::move(config), diags);
  ASSERT_NE(service, nullptr) << render_all(diags);
  std::atomic<int> reloaded{0};
  RulesWatcher w(
      {rules}, [&] { service->reload_async([&](auto) { ++reloaded; }); },
      std::chrono::milliseconds(100));
  ASSERT_TRUE(w.ok()) << w.error();
  std::ofstream(rules + "/wi_bench.decree", std::ios::app) << "# changed\n";
  ASSERT_TRUE(reaches(reloaded, 1));
  EXPECT_EQ(service->current()->id, 2u);
  EXPECT_TRUE(service->current()->refused.empty());
}

}  // namespace
}  // namespace decree::serve
