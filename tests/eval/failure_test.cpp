// Rule errors are values and engine bugs are not: a failed rule fails every
// output that reads it with the same error, the other outputs are computed
// (partial results), and a broken invariant of the engine is an internal
// error (CLI exit code 3), never a rule error.
#include <gtest/gtest.h>

#include "api/decree.h"
#include "plan/program.h"

namespace {

std::unique_ptr<const decree::RuleSet> wi_bench() {
  decree::Diagnostics diags;
  auto rules = decree::RuleSet::load(DECREE_SOURCE_DIR "/fixtures/bench/wi-bench", diags);
  EXPECT_NE(rules, nullptr) << decree::render_all(diags);
  return rules;
}

const char* kDeath =
    R"({"case_id":"d","injury_date":"2021-03-02","outcome":"death","wage_avg_12m":"5000.00",)"
    R"("dependents":[{"relation":"spouse","orphan_or_alone":false}]})";

TEST(Failures, AnUnknownPlannedNodeIsAnInternalErrorNotARuleError) {
  auto rules = wi_bench();
  ASSERT_NE(rules, nullptr);
  // Corrupt this rule set's plan: the first output's root node gets an
  // operation the evaluator does not know.
  auto& program = const_cast<decree::Program&>(rules->program());
  uint32_t root = program.rules[rules->checked().outputs[0]].root;
  program.nodes[root].op = static_cast<decree::Op>(250);
  decree::Session s(*rules);
  decree::CaseError err;
  ASSERT_TRUE(s.decode_json(kDeath, err)) << err.message;
  EXPECT_FALSE(s.evaluate(err));
  EXPECT_EQ(err.kind, decree::CaseError::Kind::internal);
  EXPECT_NE(err.message.find("internal error: the evaluator met a planned node it does not know"),
            std::string::npos)
      << err.message;
  std::string line;
  decree::Session::append_error_json(line, "d", err);
  EXPECT_NE(line.find(R"("kind":"internal")"), std::string::npos) << line;
}

TEST(Failures, AFailedRuleFailsEveryOutputThatReadsItAndNoOther) {
  auto rules = wi_bench();
  ASSERT_NE(rules, nullptr);
  decree::Session s(*rules);
  decree::CaseError err;
  // 2030 has no average wage: every output that needs it fails with that error.
  ASSERT_TRUE(s.decode_json(
      R"({"case_id":"x","injury_date":"2031-03-02","outcome":"death","wage_avg_12m":"5000.00",)"
      R"("dependents":[]})",
      err))
      << err.message;
  EXPECT_FALSE(s.evaluate(err));
  EXPECT_EQ(err.kind, decree::CaseError::Kind::evaluation);
  EXPECT_NE(err.message.find("has no value for year 2030"), std::string::npos) << err.message;
  const std::string first = err.message;
  decree::EvalOptions partial;
  partial.partial = true;
  ASSERT_TRUE(s.evaluate(err, partial));
  size_t failed = 0, same_as_first = 0, computed = 0;
  for (size_t i = 0; i < rules->output_names().size(); ++i) {
    if (const decree::CaseError* e = s.output_error(i)) {
      ++failed;
      same_as_first += e->message == first;
      // The average wage or the disposable income of 2030: both are missing.
      EXPECT_NE(e->message.find("has no value for year 2030"), std::string::npos) << e->message;
    } else {
      ++computed;
    }
  }
  EXPECT_GT(same_as_first, 1u);      // several outputs read the average wage
  EXPECT_GT(failed, same_as_first);  // one reads the disposable income
  EXPECT_GT(computed, 0u);           // and some read neither
  // The same session then evaluates a good case as if nothing had happened.
  ASSERT_TRUE(s.decode_json(kDeath, err)) << err.message;
  EXPECT_TRUE(s.evaluate(err)) << err.message;
  for (size_t i = 0; i < rules->output_names().size(); ++i) EXPECT_EQ(s.output_error(i), nullptr);
}

}  // namespace
