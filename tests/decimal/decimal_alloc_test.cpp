// The inline fast path must not allocate: this binary replaces the global
// operator new with a counting one and checks hot-path operations.
#include <gtest/gtest.h>

#include <cstdlib>
#include <new>
#include <string>

#include "decimal/decimal.h"

namespace {
thread_local long g_allocations = 0;
}  // namespace

void* operator new(std::size_t size) {
  ++g_allocations;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) { return operator new(size); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

namespace decree {
namespace {

TEST(DecimalAllocation, CounterWorks) {
  const long before = g_allocations;
  auto* p = new int(3);
  delete p;
  EXPECT_EQ(g_allocations - before, 1);
  // A Big result does allocate, so the counter can see the slow path.
  const Decimal e20 = *Decimal::parse("100000000000000000000");
  const long mid = g_allocations;
  const Decimal e40 = e20 * e20;
  EXPECT_FALSE(e40.is_inline());
  EXPECT_GT(g_allocations - mid, 0);
}

TEST(DecimalAllocation, InlineHotPathDoesNotAllocate) {
  const Decimal a = *Decimal::parse("1234.56");
  const Decimal b = *Decimal::parse("0.0765");
  const Decimal cent = *Decimal::parse("0.01");
  std::string out;
  out.reserve(256);
  const long before = g_allocations;
  Decimal acc;
  for (int i = 0; i < 1000; ++i) {
    const Decimal x = *Decimal::parse("3123.45");
    acc = acc + a * b - x;
    acc = acc.round(cent, RoundingMode::half_up);
    acc = acc / Decimal::from_int(4);  // terminates: stays a decimal
    if (acc < a) acc = -acc;
    out.clear();
    acc.append_fixed(out, 8);
    a.append_fixed(out, 2);
    a.append_to(out);
  }
  EXPECT_EQ(g_allocations - before, 0);
  EXPECT_TRUE(acc.is_inline());
  EXPECT_FALSE(out.empty());
}

}  // namespace
}  // namespace decree
