// KeyCell as a set of keys: the union of its alternatives, merged into
// sorted disjoint intervals, and for `not(…)` the complement.
#include <gtest/gtest.h>

#include "check/program.h"

namespace decree {
namespace {

KeyInterval iv(std::optional<int> lo, std::optional<int> hi, bool lo_in = true, bool hi_in = true) {
  KeyInterval i;
  if (lo) i.lo = Decimal::from_int(*lo);
  if (hi) i.hi = Decimal::from_int(*hi);
  i.lo_inclusive = lo_in;
  i.hi_inclusive = hi_in;
  return i;
}

// "[1, 5) (7, _]": each interval of a set, written with `_` for open ends.
std::string text(const std::vector<KeyInterval>& set) {
  std::string out;
  for (const auto& i : set) {
    if (!out.empty()) out += " ";
    out += std::string(i.lo && i.lo_inclusive ? "[" : "(") + (i.lo ? i.lo->to_string() : "_") +
           ", " + (i.hi ? i.hi->to_string() : "_") + (i.hi && i.hi_inclusive ? "]" : ")");
  }
  return out;
}

TEST(KeyCell, UnionMergesOverlappingAndTouchingIntervals) {
  KeyCell c{{iv(5, 8), iv(1, 3), iv(3, 4, false, true), iv(8, 10, true, false)}, false};
  EXPECT_EQ(text(c.match_set()), "[1, 4] [5, 10)");
  // Touching at a point that neither includes stays two intervals.
  KeyCell apart{{iv(1, 3, true, false), iv(3, 5, false, true)}, false};
  EXPECT_EQ(text(apart.match_set()), "[1, 3) (3, 5]");
  KeyCell open{{iv(std::nullopt, 2), iv(0, std::nullopt)}, false};
  EXPECT_EQ(text(open.match_set()), "(_, _)");
}

TEST(KeyCell, NegationIsTheComplement) {
  KeyCell c{{iv(10, 20)}, true};
  EXPECT_EQ(text(c.match_set()), "(_, 10) (20, _)");
  EXPECT_TRUE(c.contains(Decimal::from_int(9)));
  EXPECT_FALSE(c.contains(Decimal::from_int(10)));
  EXPECT_FALSE(c.contains(Decimal::from_int(20)));
  EXPECT_TRUE(c.contains(Decimal::from_int(21)));
  // Two points (two texts, say): three gaps; the point -1 (any other text) is in.
  KeyCell texts{{iv(0, 0), iv(2, 2)}, true};
  EXPECT_EQ(text(texts.match_set()), "(_, 0) (0, 2) (2, _)");
  EXPECT_TRUE(texts.contains(Decimal::from_int(-1)));
  EXPECT_TRUE(texts.contains(Decimal::from_int(1)));
  EXPECT_FALSE(texts.contains(Decimal::from_int(2)));
  // Open ends: the complement of `< 18 | >= 60` is [18, 60).
  KeyCell ends{{iv(std::nullopt, 18, true, false), iv(60, std::nullopt)}, true};
  EXPECT_EQ(text(ends.match_set()), "[18, 60)");
  // Everything negated is nothing.
  KeyCell all{{iv(std::nullopt, 5), iv(5, std::nullopt, false, true)}, true};
  EXPECT_TRUE(all.match_set().empty());
}

TEST(KeyCell, AnyIsOneOpenIntervalNotNegated) {
  EXPECT_TRUE((KeyCell{{KeyInterval{}}, false}).is_any());
  EXPECT_FALSE((KeyCell{{KeyInterval{}}, true}).is_any());
  EXPECT_FALSE((KeyCell{{iv(1, 1)}, false}).is_any());
}

}  // namespace
}  // namespace decree
