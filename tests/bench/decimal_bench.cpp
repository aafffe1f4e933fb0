// Micro-benchmarks of the Decimal hot path (inline values) and of the Big
// fallback for comparison. Run: build/bin/decree_decimal_bench
#include <benchmark/benchmark.h>

#include <array>
#include <string>
#include <string_view>

#include "decimal/decimal.h"

namespace decree {
namespace {

Decimal D(std::string_view text) { return Decimal::parse_or_throw(text); }

// Typical money and rate values; cycling through them defeats constant folding.
const std::array<std::string_view, 8> kMoneyText = {"1234.56", "3123.45", "0.01",   "987654.32",
                                                    "12.5",    "-450.75", "100000", "7.99"};
const std::array<std::string_view, 8> kRateText = {"0.0765", "0.7",   "1.5",   "0.33",
                                                   "0.04",   "0.125", "0.995", "2"};

std::array<Decimal, 8> load(const std::array<std::string_view, 8>& text) {
  std::array<Decimal, 8> out;
  for (size_t i = 0; i < text.size(); ++i) out[i] = D(text[i]);
  return out;
}

void BM_Parse(benchmark::State& state) {
  size_t i = 0;
  for (auto _ : state) {
    auto d = Decimal::parse(kMoneyText[i++ & 7]);
    benchmark::DoNotOptimize(d);
  }
}
BENCHMARK(BM_Parse);

void BM_ParseLong(benchmark::State& state) {  // 40 digits: Big path
  const std::string text = "1234567890123456789012345678901234567.890";
  for (auto _ : state) {
    auto d = Decimal::parse(text);
    benchmark::DoNotOptimize(d);
  }
}
BENCHMARK(BM_ParseLong);

void BM_AddSameScale(benchmark::State& state) {
  const auto a = load(kMoneyText);
  const Decimal b = D("0.25");
  size_t i = 0;
  for (auto _ : state) {
    Decimal r = a[i++ & 7] + b;
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_AddSameScale);

void BM_AddMixedScale(benchmark::State& state) {
  const auto a = load(kMoneyText);
  const auto b = load(kRateText);
  size_t i = 0;
  for (auto _ : state) {
    Decimal r = a[i & 7] + b[(i + 3) & 7];
    ++i;
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_AddMixedScale);

void BM_Mul(benchmark::State& state) {
  const auto a = load(kMoneyText);
  const auto b = load(kRateText);
  size_t i = 0;
  for (auto _ : state) {
    Decimal r = a[i & 7] * b[(i + 5) & 7];
    ++i;
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_Mul);

void BM_Compare(benchmark::State& state) {
  const auto a = load(kMoneyText);
  const auto b = load(kRateText);
  size_t i = 0;
  for (auto _ : state) {
    bool r = a[i & 7] < b[(i + 1) & 7];
    ++i;
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_Compare);

void BM_RoundCentsHalfUp(benchmark::State& state) {
  // Products of money × rate: scale 3..6, as in round(wage * rate, 0.01, half_up).
  const auto a = load(kMoneyText);
  const auto b = load(kRateText);
  std::array<Decimal, 8> products;
  for (size_t k = 0; k < 8; ++k) products[k] = a[k] * b[k];
  const Decimal cent = D("0.01");
  size_t i = 0;
  for (auto _ : state) {
    Decimal r = products[i++ & 7].round(cent, RoundingMode::half_up);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_RoundCentsHalfUp);

void BM_MulThenRound(benchmark::State& state) {
  const auto a = load(kMoneyText);
  const auto b = load(kRateText);
  const Decimal cent = D("0.01");
  size_t i = 0;
  for (auto _ : state) {
    Decimal r = (a[i & 7] * b[(i + 2) & 7]).round(cent, RoundingMode::half_up);
    ++i;
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_MulThenRound);

void BM_AppendFixed(benchmark::State& state) {
  const auto a = load(kMoneyText);
  std::string out;
  out.reserve(64);
  size_t i = 0;
  for (auto _ : state) {
    out.clear();
    a[i++ & 7].append_fixed(out, 2);
    benchmark::DoNotOptimize(out.data());
  }
}
BENCHMARK(BM_AppendFixed);

void BM_ToString(benchmark::State& state) {
  const auto a = load(kMoneyText);
  size_t i = 0;
  for (auto _ : state) {
    std::string s = a[i++ & 7].to_string();
    benchmark::DoNotOptimize(s);
  }
}
BENCHMARK(BM_ToString);

void BM_DivTerminating(benchmark::State& state) {
  const auto a = load(kMoneyText);
  const std::array<Decimal, 4> divisors = {D("2"), D("4"), D("0.5"), D("8")};
  size_t i = 0;
  for (auto _ : state) {
    Decimal r = a[i & 7] / divisors[i & 3];
    ++i;
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_DivTerminating);

void BM_DivFractionThenRound(benchmark::State& state) {  // Big path: x / 3 → fraction → round
  const auto a = load(kMoneyText);
  const Decimal three = D("3"), cent = D("0.01");
  size_t i = 0;
  for (auto _ : state) {
    Decimal r = (a[i++ & 7] / three).round(cent, RoundingMode::half_even);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_DivFractionThenRound);

void BM_AddBig(benchmark::State& state) {  // both operands beyond 128 bits
  const Decimal a = D("123456789012345678901234567890123456789012.5");
  const Decimal b = D("0.25");
  for (auto _ : state) {
    Decimal r = a + b;
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_AddBig);

}  // namespace
}  // namespace decree
