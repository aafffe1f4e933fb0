// Google Benchmark for the evaluator on the wi-bench rule set: decode a case
// from JSON, evaluate it, and write its JSON result, separately and together.
// Run: build/bin/decree_eval_bench  (figures in docs/performance.md)
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "api/decree.h"

namespace {

const char* kRules = DECREE_SOURCE_DIR "/fixtures/bench/wi-bench";

// Representative cases: each disability branch and a death case with dependants.
const std::vector<std::string> kCases = {
    R"({"case_id":"C1","injury_date":"2020-10-20","outcome":"disability","grade":8,"care_level":"partial","wage_avg_12m":"9000.00","terminated":true})",
    R"({"case_id":"C2","injury_date":"2023-03-02","outcome":"disability","grade":2,"care_level":"full","wage_avg_12m":"1200.55","terminated":false})",
    R"({"case_id":"C3","injury_date":"2018-07-15","outcome":"disability","grade":6,"care_level":"none","wage_avg_12m":"25000.00","terminated":false})",
    R"({"case_id":"C4","injury_date":"2024-12-01","outcome":"death","wage_avg_12m":"6300.00","dependents":[{"relation":"spouse","orphan_or_alone":false},{"relation":"child","orphan_or_alone":true},{"relation":"parent","orphan_or_alone":false}]})",
};

std::unique_ptr<const decree::RuleSet> load() {
  decree::Diagnostics diags;
  auto rules = decree::RuleSet::load(kRules, diags);
  if (!rules) std::abort();
  return rules;
}

void BM_Decode(benchmark::State& state) {
  auto rules = load();
  decree::Session session(*rules);
  decree::CaseError err;
  size_t i = 0;
  for (auto _ : state) {
    bool ok = session.decode_json(kCases[i++ % kCases.size()], err);
    benchmark::DoNotOptimize(ok);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Decode);

void BM_Evaluate(benchmark::State& state) {
  auto rules = load();
  std::vector<std::unique_ptr<decree::Session>> sessions;
  decree::CaseError err;
  for (const auto& c : kCases) {
    sessions.push_back(std::make_unique<decree::Session>(*rules));
    if (!sessions.back()->decode_json(c, err)) std::abort();
  }
  size_t i = 0;
  for (auto _ : state) {
    bool ok = sessions[i++ % sessions.size()]->evaluate(err);
    benchmark::DoNotOptimize(ok);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Evaluate);

// The error path: the same cases with injury dates whose figures the
// parameters lack, evaluated with partial results (every output is tried, as
// `decree batch --partial` does). Compare with BM_EvaluatePartial/0: a case
// that fails should cost about what one that succeeds does.
std::string without_figures(std::string json) {
  size_t at = json.find("\"injury_date\":\"20");
  json.replace(at + 15, 4, "2041");
  return json;
}

void BM_EvaluatePartial(benchmark::State& state) {
  const bool failing = state.range(0) != 0;
  auto rules = load();
  std::vector<std::unique_ptr<decree::Session>> sessions;
  decree::CaseError err;
  for (const auto& c : kCases) {
    sessions.push_back(std::make_unique<decree::Session>(*rules));
    if (!sessions.back()->decode_json(failing ? without_figures(c) : c, err)) std::abort();
  }
  decree::EvalOptions partial;
  partial.partial = true;
  size_t i = 0, failed_outputs = 0;
  for (auto _ : state) {
    decree::Session& s = *sessions[i++ % sessions.size()];
    bool ok = s.evaluate(err, partial);
    benchmark::DoNotOptimize(ok);
    failed_outputs += s.output_error(0) != nullptr;
  }
  // The failing variant must really fail (own_wage needs the missing wage).
  if (failing != (failed_outputs == static_cast<size_t>(state.iterations()))) std::abort();
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EvaluatePartial)->Arg(0)->Arg(1);

void BM_Explain(benchmark::State& state) {
  auto rules = load();
  decree::Session session(*rules);
  decree::CaseError err;
  if (!session.decode_json(kCases[0], err)) std::abort();
  decree::EvalOptions options;
  options.explain = true;
  for (auto _ : state) {
    session.evaluate(err, options);
    std::string text = session.explain_json();
    benchmark::DoNotOptimize(text.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Explain);

void BM_DecodeEvaluateWrite(benchmark::State& state) {
  auto rules = load();
  decree::Session session(*rules);
  decree::CaseError err;
  std::string out;
  size_t i = 0;
  for (auto _ : state) {
    out.clear();
    if (session.decode_json(kCases[i++ % kCases.size()], err) && session.evaluate(err))
      session.append_result_json(out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DecodeEvaluateWrite);

void BM_LoadRuleSet(benchmark::State& state) {
  for (auto _ : state) {
    auto rules = load();
    benchmark::DoNotOptimize(rules.get());
  }
}
BENCHMARK(BM_LoadRuleSet)->Unit(benchmark::kMillisecond);

}  // namespace
