// Decimal rounding: every mode, positive and negative, exact midpoints and
// non-midpoints, several steps, rationals and Big values. The expected
// results are worked out by hand from the definitions in decimal.h.
#include <gtest/gtest.h>

#include <string>

#include "decimal/decimal.h"

namespace decree {
namespace {

Decimal D(std::string_view text) { return Decimal::parse_or_throw(text); }
std::string repeat(char c, size_t n) { return std::string(n, c); }

constexpr RoundingMode kModes[7] = {
    RoundingMode::half_up, RoundingMode::half_even, RoundingMode::half_down, RoundingMode::up,
    RoundingMode::down,    RoundingMode::ceiling,   RoundingMode::floor};

struct Row {
  const char* value;
  const char* step;
  // Expected to_string() for half_up, half_even, half_down, up, down, ceiling, floor.
  const char* expected[7];
};

void check_rows(const Row* rows, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    const Row& row = rows[i];
    const Decimal value = D(row.value), step = D(row.step);
    for (int m = 0; m < 7; ++m) {
      EXPECT_EQ(value.round(step, kModes[m]).to_string(), row.expected[m])
          << "round(" << row.value << ", " << row.step << ", " << rounding_mode_name(kModes[m])
          << ")";
    }
  }
}

//                         half_up half_even half_down  up    down  ceiling floor
TEST(DecimalRound, ToUnits) {
  static const Row rows[] = {
      {"2.5", "1", {"3", "2", "2", "3", "2", "3", "2"}},
      {"-2.5", "1", {"-3", "-2", "-2", "-3", "-2", "-2", "-3"}},
      {"3.5", "1", {"4", "4", "3", "4", "3", "4", "3"}},
      {"-3.5", "1", {"-4", "-4", "-3", "-4", "-3", "-3", "-4"}},
      {"2.4", "1", {"2", "2", "2", "3", "2", "3", "2"}},
      {"-2.4", "1", {"-2", "-2", "-2", "-3", "-2", "-2", "-3"}},
      {"2.6", "1", {"3", "3", "3", "3", "2", "3", "2"}},
      {"-2.6", "1", {"-3", "-3", "-3", "-3", "-2", "-2", "-3"}},
      {"2.000", "1", {"2", "2", "2", "2", "2", "2", "2"}},
      {"-2", "1", {"-2", "-2", "-2", "-2", "-2", "-2", "-2"}},
      {"0.5", "1", {"1", "0", "0", "1", "0", "1", "0"}},
      {"-0.5", "1", {"-1", "0", "0", "-1", "0", "0", "-1"}},
      {"0.4", "1", {"0", "0", "0", "1", "0", "1", "0"}},
      {"-0.4", "1", {"0", "0", "0", "-1", "0", "0", "-1"}},
      {"0.500000001", "1", {"1", "1", "1", "1", "0", "1", "0"}},
      {"-0.499999999", "1", {"0", "0", "0", "-1", "0", "0", "-1"}},
  };
  check_rows(rows, std::size(rows));
}

TEST(DecimalRound, ToCents) {
  static const Row rows[] = {
      {"2.675", "0.01", {"2.68", "2.68", "2.67", "2.68", "2.67", "2.68", "2.67"}},
      {"-2.675", "0.01", {"-2.68", "-2.68", "-2.67", "-2.68", "-2.67", "-2.67", "-2.68"}},
      {"2.665", "0.01", {"2.67", "2.66", "2.66", "2.67", "2.66", "2.67", "2.66"}},
      {"-2.665", "0.01", {"-2.67", "-2.66", "-2.66", "-2.67", "-2.66", "-2.66", "-2.67"}},
      {"0.125", "0.01", {"0.13", "0.12", "0.12", "0.13", "0.12", "0.13", "0.12"}},
      {"-0.125", "0.01", {"-0.13", "-0.12", "-0.12", "-0.13", "-0.12", "-0.12", "-0.13"}},
      {"1.005", "0.01", {"1.01", "1.00", "1.00", "1.01", "1.00", "1.01", "1.00"}},
      {"-1.005", "0.01", {"-1.01", "-1.00", "-1.00", "-1.01", "-1.00", "-1.00", "-1.01"}},
      {"1.0051", "0.01", {"1.01", "1.01", "1.01", "1.01", "1.00", "1.01", "1.00"}},
      {"-1.0051", "0.01", {"-1.01", "-1.01", "-1.01", "-1.01", "-1.00", "-1.00", "-1.01"}},
      {"1.0049", "0.01", {"1.00", "1.00", "1.00", "1.01", "1.00", "1.01", "1.00"}},
      {"-1.0049", "0.01", {"-1.00", "-1.00", "-1.00", "-1.01", "-1.00", "-1.00", "-1.01"}},
      {"0.995", "0.01", {"1.00", "1.00", "0.99", "1.00", "0.99", "1.00", "0.99"}},
      {"-0.001", "0.01", {"0.00", "0.00", "0.00", "-0.01", "0.00", "0.00", "-0.01"}},
      // Fewer places than the step: padded to the step's scale, exact in every mode.
      {"5.5", "0.01", {"5.50", "5.50", "5.50", "5.50", "5.50", "5.50", "5.50"}},
      {"-7", "0.01", {"-7.00", "-7.00", "-7.00", "-7.00", "-7.00", "-7.00", "-7.00"}},
      {"1.20", "0.01", {"1.20", "1.20", "1.20", "1.20", "1.20", "1.20", "1.20"}},
  };
  check_rows(rows, std::size(rows));
}

TEST(DecimalRound, ToTenths) {
  static const Row rows[] = {
      {"0.25", "0.1", {"0.3", "0.2", "0.2", "0.3", "0.2", "0.3", "0.2"}},
      {"-0.25", "0.1", {"-0.3", "-0.2", "-0.2", "-0.3", "-0.2", "-0.2", "-0.3"}},
      {"0.35", "0.1", {"0.4", "0.4", "0.3", "0.4", "0.3", "0.4", "0.3"}},
      {"-0.35", "0.1", {"-0.4", "-0.4", "-0.3", "-0.4", "-0.3", "-0.3", "-0.4"}},
      {"9.96", "0.1", {"10.0", "10.0", "10.0", "10.0", "9.9", "10.0", "9.9"}},
      {"-9.96", "0.1", {"-10.0", "-10.0", "-10.0", "-10.0", "-9.9", "-9.9", "-10.0"}},
  };
  check_rows(rows, std::size(rows));
}

TEST(DecimalRound, ToTensAndHundreds) {
  static const Row rows[] = {
      {"1234", "10", {"1230", "1230", "1230", "1240", "1230", "1240", "1230"}},
      {"-1234", "10", {"-1230", "-1230", "-1230", "-1240", "-1230", "-1230", "-1240"}},
      {"1235", "10", {"1240", "1240", "1230", "1240", "1230", "1240", "1230"}},
      {"1245", "10", {"1250", "1240", "1240", "1250", "1240", "1250", "1240"}},
      {"-1245", "10", {"-1250", "-1240", "-1240", "-1250", "-1240", "-1240", "-1250"}},
      {"1234.5", "10", {"1230", "1230", "1230", "1240", "1230", "1240", "1230"}},
      {"1235.00", "10", {"1240", "1240", "1230", "1240", "1230", "1240", "1230"}},
      {"5", "10", {"10", "0", "0", "10", "0", "10", "0"}},
      {"-5", "10", {"-10", "0", "0", "-10", "0", "0", "-10"}},
      {"150", "100", {"200", "200", "100", "200", "100", "200", "100"}},
      {"250", "100", {"300", "200", "200", "300", "200", "300", "200"}},
      {"-250", "100", {"-300", "-200", "-200", "-300", "-200", "-200", "-300"}},
      {"249.99", "100", {"200", "200", "200", "300", "200", "300", "200"}},
      {"-250.01", "100", {"-300", "-300", "-300", "-300", "-200", "-200", "-300"}},
      {"49.99", "100", {"0", "0", "0", "100", "0", "100", "0"}},
      {"-49.99", "100", {"0", "0", "0", "-100", "0", "0", "-100"}},
      {"0", "100", {"0", "0", "0", "0", "0", "0", "0"}},
  };
  check_rows(rows, std::size(rows));
}

TEST(DecimalRound, Rationals) {
  // 2/37 = 0.054054…  → 5.405… cents.
  const Decimal q = D("2") / D("37");
  const char* pos[7] = {"0.05", "0.05", "0.05", "0.06", "0.05", "0.06", "0.05"};
  const char* neg[7] = {"-0.05", "-0.05", "-0.05", "-0.06", "-0.05", "-0.05", "-0.06"};
  for (int m = 0; m < 7; ++m) {
    EXPECT_EQ(q.round(D("0.01"), kModes[m]).to_string(), pos[m]) << m;
    EXPECT_EQ((-q).round(D("0.01"), kModes[m]).to_string(), neg[m]) << m;
  }
  EXPECT_EQ(q.round(D("0.01"), RoundingMode::half_up), D("0.05"));
  EXPECT_TRUE(q.round(D("0.01"), RoundingMode::half_up).is_inline());

  // 1/3, 2/3 and -2/3 to units.
  const Decimal third = D("1") / D("3");
  const Decimal two_thirds = D("2") / D("3");
  const char* t[7] = {"0", "0", "0", "1", "0", "1", "0"};
  const char* tt[7] = {"1", "1", "1", "1", "0", "1", "0"};
  const char* ntt[7] = {"-1", "-1", "-1", "-1", "0", "0", "-1"};
  for (int m = 0; m < 7; ++m) {
    EXPECT_EQ(third.round(D("1"), kModes[m]).to_string(), t[m]) << m;
    EXPECT_EQ(two_thirds.round(D("1"), kModes[m]).to_string(), tt[m]) << m;
    EXPECT_EQ((-two_thirds).round(D("1"), kModes[m]).to_string(), ntt[m]) << m;
  }
  // 1000/3 = 333.33… to tens: 330 / 340; 2000/3 = 666.67 to hundreds: 700 / 600.
  EXPECT_EQ((D("1000") / D("3")).round(D("10"), RoundingMode::half_even).to_string(), "330");
  EXPECT_EQ((D("1000") / D("3")).round(D("10"), RoundingMode::up).to_string(), "340");
  EXPECT_EQ((D("2000") / D("3")).round(D("100"), RoundingMode::half_down).to_string(), "700");
  EXPECT_EQ((D("2000") / D("3")).round(D("100"), RoundingMode::floor).to_string(), "600");
  // -1/300 = -0.00333… rounds to a zero that prints without sign.
  EXPECT_EQ((D("-1") / D("300")).round(D("0.01"), RoundingMode::half_up).to_string(), "0.00");
  EXPECT_EQ((D("-1") / D("300")).round(D("0.01"), RoundingMode::floor).to_string(), "-0.01");
  // To 50 places: fifty threes, a Big decimal.
  const Decimal fine = third.round(D("0." + repeat('0', 49) + "1"), RoundingMode::down);
  EXPECT_FALSE(fine.is_inline());
  EXPECT_EQ(fine.to_string(), "0." + repeat('3', 50));
  EXPECT_EQ(two_thirds.round_places(50, RoundingMode::half_up).to_string(),
            "0." + repeat('6', 49) + "7");
}

TEST(DecimalRound, BigMidpoints) {
  // 10^40 + 0.5 and its negation at step 1.
  const std::string e40 = "1" + repeat('0', 40);
  const std::string e40p1 = "1" + repeat('0', 39) + "1";
  const Decimal v = D(e40 + ".5");
  EXPECT_FALSE(v.is_inline());
  const std::string pos[7] = {e40p1, e40, e40, e40p1, e40, e40p1, e40};
  const std::string neg[7] = {"-" + e40p1, "-" + e40, "-" + e40,  "-" + e40p1,
                              "-" + e40,   "-" + e40, "-" + e40p1};
  for (int m = 0; m < 7; ++m) {
    EXPECT_EQ(v.round(D("1"), kModes[m]).to_string(), pos[m]) << m;
    EXPECT_EQ((-v).round(D("1"), kModes[m]).to_string(), neg[m]) << m;
  }
  // 10^40 + 1.5: half_even goes to the even neighbour 10^40 + 2.
  EXPECT_EQ(D(e40p1 + ".5").round(D("1"), RoundingMode::half_even).to_string(),
            "1" + repeat('0', 39) + "2");
  EXPECT_EQ(D(e40p1 + ".5").round(D("1"), RoundingMode::half_down).to_string(), e40p1);
  // A Big value with 50 places at an exact cent midpoint.
  const Decimal mid = D("-2.675" + repeat('0', 47));
  EXPECT_FALSE(mid.is_inline());
  EXPECT_EQ(mid.round(D("0.01"), RoundingMode::half_even).to_string(), "-2.68");
  EXPECT_EQ(mid.round(D("0.01"), RoundingMode::half_down).to_string(), "-2.67");
  EXPECT_EQ(mid.round(D("0.01"), RoundingMode::ceiling).to_string(), "-2.67");
  // Just above the midpoint in the 50th place.
  const Decimal above = D("2.665" + repeat('0', 46) + "1");
  EXPECT_EQ(above.round(D("0.01"), RoundingMode::half_even).to_string(), "2.67");
  EXPECT_EQ(above.round(D("0.01"), RoundingMode::half_down).to_string(), "2.67");
}

TEST(DecimalRound, RoundPlaces) {
  EXPECT_EQ(D("2.675").round_places(2, RoundingMode::half_up).to_string(), "2.68");
  EXPECT_EQ(D("2.5").round_places(0, RoundingMode::half_even).to_string(), "2");
  EXPECT_EQ(D("1234").round_places(-1, RoundingMode::down).to_string(), "1230");
  EXPECT_EQ(D("150").round_places(-2, RoundingMode::half_up).to_string(), "200");
  EXPECT_EQ(D("-150").round_places(-2, RoundingMode::half_even).to_string(), "-200");
  EXPECT_EQ(D("1.5").round_places(3, RoundingMode::down).to_string(), "1.500");
  // Coarser than the value itself.
  EXPECT_EQ(D("123.45").round_places(-5, RoundingMode::half_up).to_string(), "0");
  EXPECT_EQ(D("123.45").round_places(-5, RoundingMode::up).to_string(), "100000");
  EXPECT_EQ(D("-123.45").round_places(-5, RoundingMode::floor).to_string(), "-100000");
  EXPECT_EQ(D("0.001").round_places(-45, RoundingMode::ceiling).to_string(), "1" + repeat('0', 45));
  EXPECT_EQ(D("0.001").round_places(-1000, RoundingMode::down).to_string(), "0");
  EXPECT_THROW(D("0.001").round_places(-1000, RoundingMode::up), DecimalError);
  // The same step written as a Decimal and as places agree.
  EXPECT_EQ(D("9.87654").round_places(3, RoundingMode::half_up),
            D("9.87654").round(D("0.001"), RoundingMode::half_up));
}

TEST(DecimalRound, StepsWithTrailingZerosAndBigSteps) {
  // A step is a value: 0.10 is the power of ten 0.1; the result has one place.
  EXPECT_EQ(D("2.25").round(D("0.10"), RoundingMode::half_up).to_string(), "2.3");
  EXPECT_EQ(D("2.25").round(D("1.00"), RoundingMode::half_up).to_string(), "2");
  // 10^40 as a step.
  EXPECT_EQ(D("123").round(D("1" + repeat('0', 40)), RoundingMode::up).to_string(),
            "1" + repeat('0', 40));
  EXPECT_EQ(D("123").round(D("1" + repeat('0', 40)), RoundingMode::half_up).to_string(), "0");
}

TEST(DecimalRound, InvalidSteps) {
  for (const char* step :
       {"0.05", "0", "-1", "3", "-0.01", "0.2", "20", "0.11", "0.00", "99", "1.01"}) {
    try {
      D("1.234").round(D(step), RoundingMode::half_up);
      ADD_FAILURE() << "step " << step << " accepted";
    } catch (const DecimalError& e) {
      EXPECT_EQ(e.kind(), DecimalError::Kind::invalid_step) << step;
    }
  }
  // A fraction is never a power of ten; neither is a Big non-power.
  EXPECT_THROW(D("1").round(D("1") / D("3"), RoundingMode::down), DecimalError);
  EXPECT_THROW(D("1").round(D("2" + repeat('0', 40)), RoundingMode::down), DecimalError);
}

}  // namespace
}  // namespace decree
