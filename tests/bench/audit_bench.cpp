// The audit store on its own: appending batches of records (one
// transaction each) to a SQLite file in a temporary directory, and the
// per-request work of a record (canonical input, hashes).
//   build/bin/decree_audit_bench --benchmark_min_time=0.5
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>

#include "api/hash.h"
#include "audit/canonical_json.h"
#include "audit/sqlite_store.h"

namespace decree::audit {
namespace {

namespace fs = std::filesystem;

Record sample(int64_t i) {
  Record r;
  r.decision_id = "01a23ead-5e21-73f2-bd72-" + std::to_string(100000000000 + i);
  r.time = utc_now();
  r.caller = "intake";
  r.role = "caseworker";
  r.action = "evaluate";
  r.ruleset = "wi_bench";
  r.rules_hash = "sha256:" + std::string(64, 'a');
  r.case_id = "C-" + std::to_string(i * 7919 % 1000003);
  r.input_sha256 = std::string(64, 'b');
  r.result_sha256 = std::string(64, 'c');
  r.outcome = "ok";
  return r;
}

// Appends batches of state.range(0) records; range(1): synchronous full (1) or normal (0).
void BM_AppendBatch(benchmark::State& state) {
  const fs::path dir =
      fs::temp_directory_path() / ("decree-audit-bench-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  SqliteOptions o;
  o.path = (dir / "audit.db").string();
  o.synchronous_full = state.range(1) != 0;
  std::string error;
  auto store = open_sqlite_store(o, error);
  if (!store) {
    state.SkipWithError(error.c_str());
    return;
  }
  int64_t n = 0;
  std::vector<Record> batch;
  for (auto _ : state) {
    batch.clear();
    for (int64_t i = 0; i < state.range(0); ++i) batch.push_back(sample(n++));
    if (!store->append(batch, error)) state.SkipWithError(error.c_str());
  }
  state.SetItemsProcessed(n);
  store.reset();
  fs::remove_all(dir);
}
BENCHMARK(BM_AppendBatch)
    ->Args({1, 0})
    ->Args({16, 0})
    ->Args({64, 0})
    ->Args({64, 1})
    ->Args({256, 0});

// What a request adds: the canonical input and its hash, the answer's hash.
void BM_RecordHashes(benchmark::State& state) {
  const std::string body =
      R"({"case_id":"T-1","injury_date":"2020-10-20","outcome":"disability","grade":8,)"
      R"("care_level":"partial","wage_avg_12m":"9000.00","terminated":true})";
  const std::string answer(600, 'x');
  for (auto _ : state) {
    auto canonical = canonical_json(body);
    Sha256 a;
    a.update(*canonical);
    Sha256 b;
    b.update(answer);
    benchmark::DoNotOptimize(a.hex());
    benchmark::DoNotOptimize(b.hex());
  }
}
BENCHMARK(BM_RecordHashes);

}  // namespace
}  // namespace decree::audit
