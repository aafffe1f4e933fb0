// Explanations of folds (tests/lang/eval/folds.decree): the initial value and
// every step, a skipped item marked, a long fold shortened, and the same in
// the JSON trace.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "api/decree.h"

namespace {

class FoldTrace : public ::testing::Test {
 protected:
  void SetUp() override {
    rules_ = decree::RuleSet::load(DECREE_SOURCE_DIR "/tests/lang/eval/folds.decree", diags_);
    ASSERT_NE(rules_, nullptr) << decree::render_all(diags_);
    session_ = std::make_unique<decree::Session>(*rules_);
  }

  std::string explain(const std::string& json) {
    decree::CaseError err;
    EXPECT_TRUE(session_->decode_json(json, err)) << err.message;
    decree::EvalOptions options;
    options.explain = true;
    EXPECT_TRUE(session_->evaluate(err, options)) << err.message;
    return session_->explain_text();
  }

  decree::Diagnostics diags_;
  std::unique_ptr<const decree::RuleSet> rules_;
  std::unique_ptr<decree::Session> session_;
};

TEST_F(FoldTrace, EveryStepWithItsValue) {
  std::string text = explain(R"({"n": 5, "base": "100.00"})");
  EXPECT_NE(text.find("  fold       acc = 100.00 at first, then for each y in lo..n:\n"
                      "               y = 1: acc = 110.00\n"
                      "               y = 2: acc = 121.00\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("               y = 5: acc = 161.05\n"), std::string::npos) << text;
  // topped: the filter reads the accumulator; items 4 and 5 leave it at 1000.00.
  EXPECT_NE(text.find("               y = 3: acc = 1000.00\n"
                      "               y = 4: skipped (where)\n"
                      "               y = 5: skipped (where)\n"),
            std::string::npos)
      << text;
}

TEST_F(FoldTrace, AnEmptyListLeavesTheInitialValue) {
  std::string text = explain(R"({"n": 0, "base": "100.00"})");
  EXPECT_NE(text.find("output compound = 100.00\n"), std::string::npos) << text;
  EXPECT_NE(text.find("  fold       acc = 100.00 at first, then for no y in lo..n\n"),
            std::string::npos)
      << text;
}

TEST_F(FoldTrace, ALongFoldShowsItsFirstAndLastSteps) {
  std::string text = explain(R"({"n": 100, "base": "0.00"})");
  size_t at = text.find("output topped");
  ASSERT_NE(at, std::string::npos);
  std::string topped = text.substr(at, text.find("\noutput", at + 1) - at);
  EXPECT_NE(topped.find("               y = 23: skipped (where)\n"
                        "               … 76 more\n"
                        "               y = 100: skipped (where)\n"),
            std::string::npos)
      << topped;
  EXPECT_EQ(topped.find("y = 24:"), std::string::npos) << topped;
}

TEST_F(FoldTrace, TheJsonTraceHasEveryStep) {
  explain(R"({"n": 3, "base": "100.00"})");
  auto j = nlohmann::json::parse(session_->explain_json());
  const nlohmann::json* compound = nullptr;
  for (const auto& step : j["steps"])
    if (step["rule"] == "compound") compound = &step;
  ASSERT_NE(compound, nullptr);
  ASSERT_EQ((*compound)["folds"].size(), 1u);
  const auto& fold = (*compound)["folds"][0];
  EXPECT_EQ(fold["accumulator"], "acc");
  EXPECT_EQ(fold["variable"], "y");
  EXPECT_EQ(fold["list"], "lo..n");
  EXPECT_EQ(fold["initial"], "100.00");
  ASSERT_EQ(fold["steps"].size(), 3u);
  EXPECT_EQ(fold["steps"][2]["item"], "3");
  EXPECT_EQ(fold["steps"][2]["value"], "133.10");
}

}  // namespace
