// Check, plan and evaluation are safe whatever stack they run on: a service's
// worker or a coroutine may have far less than a main thread's 8 MB, and a
// sanitizer build has much larger frames. Each test runs the work on a thread
// with a small stack; without the stack guard (base/stack.h) they die of a
// stack overflow.
#include "base/stack.h"

#include <gtest/gtest.h>
#include <pthread.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>

#include "api/decree.h"

namespace fs = std::filesystem;

namespace {

// Runs `work` on a thread whose whole stack is `bytes`.
void on_small_stack(size_t bytes, const std::function<void()>& work) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  ASSERT_EQ(pthread_attr_setstacksize(&attr, bytes), 0);
  pthread_t thread;
  auto run = [](void* arg) -> void* {
    (*static_cast<const std::function<void()>*>(arg))();
    return nullptr;
  };
  ASSERT_EQ(pthread_create(&thread, &attr, run, const_cast<std::function<void()>*>(&work)), 0);
  pthread_attr_destroy(&attr);
  pthread_join(thread, nullptr);
}

// A chain of n rules: r0 = x, r_i = r_{i-1} + 1, y = r_{n-1}.
std::string chain(int n) {
  std::string text =
      "ruleset deep\ninput { x: integer }\noutput y: integer = r" + std::to_string(n - 1) + "\n";
  text += "let r0: integer = x\n";
  for (int i = 1; i < n; ++i)
    text += "let r" + std::to_string(i) + ": integer = r" + std::to_string(i - 1) + " + 1\n";
  return text;
}

struct TempRules {
  fs::path path;
  explicit TempRules(const std::string& text) {
    path = fs::temp_directory_path() /
           ("decree-stack-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".decree");
    std::ofstream(path) << text;
  }
  ~TempRules() { fs::remove(path); }
};

TEST(Stack, TheGuardKnowsTheStackItRunsOn) {
  size_t main_left = decree::stack_left();
  EXPECT_GT(main_left, size_t{64} * 1024);
  size_t small_left = 0;
  on_small_stack(512 * 1024, [&] { small_left = decree::stack_left(); });
  // 512 KB in all, less the margin and what the thread start used.
  EXPECT_LT(small_left, size_t{512} * 1024 - decree::kStackMargin);
}

TEST(Stack, ALongRuleChainChecksAndEvaluatesOnASmallStack) {
  TempRules file(chain(999));
  std::string outcome;
  on_small_stack(64 * 1024, [&] {
    decree::Diagnostics diags;
    auto rules = decree::RuleSet::load(file.path.string(), diags);
    if (!rules) {
      outcome = "load failed: " + decree::render_all(diags);
      return;
    }
    decree::Session session(*rules);
    decree::CaseError err;
    if (!session.decode_json(R"({"x": 1})", err) || !session.evaluate(err)) {
      outcome = "evaluation failed: " + err.message;
      return;
    }
    outcome = session.output_text(0);
  });
  EXPECT_EQ(outcome, "999");  // 1 + 998
}

TEST(Stack, ADeepExpressionParsesOnASmallStack) {
  // The parser's own nesting limit (200 levels) is the limit, not the stack.
  std::string nested = "x";
  for (int i = 0; i < 90; ++i) nested = "(" + nested + " + 1)";
  TempRules file("ruleset deep\ninput { x: integer }\noutput y: integer = " + nested + "\n");
  std::string outcome;
  on_small_stack(64 * 1024, [&] {
    decree::Diagnostics diags;
    auto rules = decree::RuleSet::load(file.path.string(), diags);
    if (!rules) {
      outcome = decree::render_all(diags);
      return;
    }
    decree::Session session(*rules);
    decree::CaseError err;
    outcome = session.decode_json(R"({"x": 0})", err) && session.evaluate(err)
                  ? session.output_text(0)
                  : err.message;
  });
  EXPECT_EQ(outcome, "90");
}

}  // namespace
