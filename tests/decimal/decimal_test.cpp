// Decimal: parsing, printing, arithmetic, scale rules, representation changes.
// All expected values are worked out by hand (see the comments), never
// produced by running the implementation.
#include "decimal/decimal.h"

#include <gtest/gtest.h>

#include <string>

namespace decree {
namespace {

Decimal D(std::string_view text) { return Decimal::parse_or_throw(text); }

// Expects `fn` to throw DecimalError of the given kind.
template <typename Fn>
void expect_error(DecimalError::Kind kind, Fn&& fn) {
  try {
    fn();
    ADD_FAILURE() << "expected a DecimalError";
  } catch (const DecimalError& e) {
    EXPECT_EQ(e.kind(), kind) << e.what();
  }
}

std::string repeat(char c, size_t n) { return std::string(n, c); }

// 10^n written out.
Decimal pow10(size_t n) { return D("1" + repeat('0', n)); }

// ---- parse / print -------------------------------------------------------

TEST(DecimalParse, RoundTripsKeepTheScale) {
  for (const char* text :
       {"0", "12", "-12", "1234.50", "-1234.50", "0.01", "-0.001", "0.000", "100", "10.10",
        "99999999999999999999999999999999999999",                  // 38 digits, inline
        "-1234567890123456789012345678.9012345678",                // 38 digits, inline
        "0.00000000000000000000000000000000000001",                // scale 38, inline
        "1234567890123456789012345678901234567890.5",              // 41 digits, Big
        "-0.000000000000000000000000000000000000000000000001"}) {  // scale 48, Big
    EXPECT_EQ(D(text).to_string(), text);
  }
}

TEST(DecimalParse, ScaleIsAsWritten) {
  EXPECT_EQ(D("1234.50").scale(), 2);
  EXPECT_EQ(D("12").scale(), 0);
  EXPECT_EQ(D("0.000").scale(), 3);
  EXPECT_EQ(D("1.5").scale(), 1);
}

TEST(DecimalParse, LeadingZerosAreAccepted) {
  EXPECT_EQ(D("007"), Decimal::from_int(7));
  EXPECT_EQ(D("007").to_string(), "7");
  EXPECT_EQ(D("-007.50").to_string(), "-7.50");
  EXPECT_EQ(D("0000.001").to_string(), "0.001");
  // 50 leading zeros do not count as significant digits: still inline.
  const Decimal x = D(repeat('0', 50) + "123.45");
  EXPECT_TRUE(x.is_inline());
  EXPECT_EQ(x.to_string(), "123.45");
  // Leading zeros on a long coefficient must not be read as octal.
  EXPECT_EQ(D("0" + repeat('1', 45)).to_string(), repeat('1', 45));
}

TEST(DecimalParse, NegativeZeroPrintsWithoutSign) {
  EXPECT_EQ(D("-0").to_string(), "0");
  EXPECT_EQ(D("-0.00").to_string(), "0.00");
  EXPECT_EQ(D("-0.00").sign(), 0);
  EXPECT_EQ(D("-0.00"), Decimal());
  EXPECT_EQ((-D("0.00")).to_string(), "0.00");
  EXPECT_EQ((D("0") * D("-1.5")).to_string(), "0.0");
  EXPECT_EQ((D("1.25") - D("1.25")).to_string(), "0.00");
}

TEST(DecimalParse, Rejections) {
  for (const char* text : {"",    "-",    "+1",    "+",   "1e3", "1E3",  "1e-3",  " 1",   "1 ",
                           " ",   ".5",   "5.",    "-.5", "-5.", ".",    "1.2.3", "1,5",  "--1",
                           "-+1", "0x10", "1_000", "nan", "inf", "-inf", "1/3",   "1.-5", "٣"}) {
    EXPECT_FALSE(Decimal::parse(text).has_value()) << "'" << text << "'";
  }
  // An embedded NUL is not part of a number either.
  EXPECT_FALSE(Decimal::parse(std::string_view("1\0"
                                               "2",
                                               3))
                   .has_value());
}

TEST(DecimalParse, ParseOrThrowReportsSyntax) {
  expect_error(DecimalError::Kind::syntax, [] { Decimal::parse_or_throw("1e3"); });
  try {
    Decimal::parse_or_throw("12x");
    ADD_FAILURE() << "expected a syntax error";
  } catch (const DecimalError& e) {
    EXPECT_NE(std::string(e.what()).find("12x"), std::string::npos) << e.what();
  }
  EXPECT_EQ(Decimal::parse_or_throw("-3.5").to_string(), "-3.5");
}

TEST(DecimalParse, LongInputsGoBigOrOverflow) {
  // 39 significant digits no longer fit the 38-digit inline form.
  const std::string d39 = "123456789012345678901234567890123456789";
  // ... except that values up to 2^127 - 1 do, and inline is preferred.
  const std::string i128max = "170141183460469231731687303715884105727";  // 2^127 - 1
  const std::string two127 = "170141183460469231731687303715884105728";   // 2^127
  EXPECT_TRUE(D(d39).is_inline());                                        // 1.2e38 < 2^127
  EXPECT_TRUE(D(i128max).is_inline());
  EXPECT_FALSE(D(two127).is_inline());
  EXPECT_EQ(D(two127).to_string(), two127);

  // 60 nines: 10^60 - 1 is still allowed.
  const std::string nines60 = repeat('9', 60);
  EXPECT_FALSE(D(nines60).is_inline());
  EXPECT_EQ(D(nines60).to_string(), nines60);
  EXPECT_EQ(D("-" + nines60 + ".5").to_string(), "-" + nines60 + ".5");
  // 10^60 and beyond overflow.
  expect_error(DecimalError::Kind::overflow, [] { Decimal::parse("1" + repeat('0', 60)); });
  expect_error(DecimalError::Kind::overflow, [] { Decimal::parse("-1" + repeat('0', 60) + ".5"); });
  expect_error(DecimalError::Kind::overflow, [] { Decimal::parse(repeat('7', 1000)); });
  // A long run of leading zeros is not a large number.
  EXPECT_EQ(D(repeat('0', 1000) + "5"), Decimal::from_int(5));
  // Tiny values with a long scale are Big, and exact.
  const Decimal tiny = D("0." + repeat('0', 50) + "1");  // 10^-51
  EXPECT_FALSE(tiny.is_inline());
  EXPECT_EQ(tiny.scale(), 51);
  EXPECT_EQ(tiny * pow10(51), Decimal::from_int(1));
}

TEST(DecimalParse, MoreThan120PlacesOverflow) {
  // 10^-120 has a 399-bit denominator; 10^-121 needs 402 bits (> 400).
  EXPECT_EQ(D("0." + repeat('0', 119) + "1").scale(), 120);
  expect_error(DecimalError::Kind::overflow, [] { Decimal::parse("0." + repeat('0', 120) + "1"); });
}

TEST(DecimalParse, FromInt) {
  EXPECT_EQ(Decimal::from_int(0).to_string(), "0");
  EXPECT_EQ(Decimal::from_int(-42).to_string(), "-42");
  EXPECT_EQ(Decimal::from_int(INT64_MIN).to_string(), "-9223372036854775808");
  EXPECT_EQ(Decimal::from_int(INT64_MAX).to_string(), "9223372036854775807");
  EXPECT_EQ(Decimal::from_int(INT64_MIN).to_int64(), INT64_MIN);
  EXPECT_EQ(Decimal().to_string(), "0");
  EXPECT_EQ(Decimal().scale(), 0);
}

TEST(DecimalParse, AppendToAppends) {
  std::string out = "x=";
  D("-12.30").append_to(out);
  EXPECT_EQ(out, "x=-12.30");
  (D("1") / D("3")).append_to(out);
  EXPECT_EQ(out, "x=-12.301/3");
}

// ---- arithmetic and scale rules -------------------------------------------

TEST(DecimalArithmetic, PointOnePlusPointTwo) {
  EXPECT_EQ(D("0.1") + D("0.2"), D("0.3"));
  EXPECT_EQ((D("0.1") + D("0.2")).to_string(), "0.3");
  EXPECT_NE(D("0.1") + D("0.2"), D("0.30000000000000004"));
}

TEST(DecimalArithmetic, AddSubUseTheLargerScale) {
  EXPECT_EQ((D("1.5") + D("2.25")).to_string(), "3.75");
  EXPECT_EQ((D("1.50") + D("1")).to_string(), "2.50");
  EXPECT_EQ((D("1") + D("1.50")).to_string(), "2.50");
  EXPECT_EQ((D("1.10") - D("0.10")).to_string(), "1.00");
  EXPECT_EQ((D("1.10") - D("0.10")).scale(), 2);
  EXPECT_EQ((D("5") - D("7.125")).to_string(), "-2.125");
  EXPECT_EQ((D("-0.5") + D("0.25")).to_string(), "-0.25");
  EXPECT_EQ((D("1234.50") - D("1234.5")).to_string(), "0.00");
}

TEST(DecimalArithmetic, MulAddsTheScales) {
  EXPECT_EQ((D("1.5") * D("1.5")).to_string(), "2.25");
  EXPECT_EQ((D("2.50") * D("4.0")).to_string(), "10.000");
  EXPECT_EQ((D("0.1") * D("10")).to_string(), "1.0");
  EXPECT_EQ((D("-3") * D("0.07")).to_string(), "-0.21");
  EXPECT_EQ((D("-1.2") * D("-1.2")).to_string(), "1.44");
  // 3123.45 × 0.0765 = 238.943925 (scale 2 + 4 = 6).
  EXPECT_EQ((D("3123.45") * D("0.0765")).to_string(), "238.943925");
}

TEST(DecimalArithmetic, Negation) {
  EXPECT_EQ((-D("2.50")).to_string(), "-2.50");
  EXPECT_EQ((-D("-2.50")).to_string(), "2.50");
  EXPECT_EQ(D("-2.50").abs().to_string(), "2.50");
  EXPECT_EQ(D("2.50").abs().to_string(), "2.50");
  EXPECT_EQ(D("-2.5").sign(), -1);
  EXPECT_EQ(D("2.5").sign(), 1);
  EXPECT_EQ(D("0.0").sign(), 0);
}

TEST(DecimalDivision, TerminatingQuotientsAreDecimals) {
  EXPECT_EQ((D("10") / D("4")).to_string(), "2.5");
  EXPECT_EQ((D("1") / D("8")).to_string(), "0.125");
  EXPECT_EQ((D("100") / D("4")).to_string(), "25");
  EXPECT_EQ((D("1") / D("0.25")).to_string(), "4");
  EXPECT_EQ((D("3") / D("0.5")).to_string(), "6");
  EXPECT_EQ((D("-9") / D("4")).to_string(), "-2.25");
  EXPECT_EQ((D("9") / D("-4")).to_string(), "-2.25");
  EXPECT_EQ((D("-9") / D("-4")).to_string(), "2.25");
  // The scale is at least scale_a - scale_b: 7.50 / 2.5 = 3.0, 1.00 / 4 = 0.25.
  EXPECT_EQ((D("7.50") / D("2.5")).to_string(), "3.0");
  EXPECT_EQ((D("1.00") / D("4")).to_string(), "0.25");
  EXPECT_EQ((D("0.03") / D("0.1")).to_string(), "0.3");
  EXPECT_EQ((D("12.3456") / D("1000")).to_string(), "0.0123456");
  EXPECT_EQ((D("0") / D("5")).to_string(), "0");
  EXPECT_EQ((D("0.00") / D("5")).to_string(), "0.00");
  EXPECT_TRUE((D("10") / D("4")).is_inline());
}

TEST(DecimalDivision, NonTerminatingQuotientsStayExact) {
  const Decimal third = D("1") / D("3");
  EXPECT_FALSE(third.is_terminating());
  EXPECT_FALSE(third.is_inline());
  EXPECT_EQ(third.scale(), 0);
  EXPECT_EQ(third.to_string(), "1/3");
  EXPECT_EQ((D("2") / D("37")).to_string(), "2/37");
  EXPECT_EQ((D("-2") / D("37")).to_string(), "-2/37");
  EXPECT_EQ((D("2") / D("-37")).to_string(), "-2/37");
  EXPECT_EQ((D("4") / D("6")).to_string(), "2/3");
  EXPECT_EQ((D("1.5") / D("4.5")).to_string(), "1/3");
  EXPECT_EQ(third + third + third, Decimal::from_int(1));
  EXPECT_EQ((third + third + third).to_string(), "1");
  EXPECT_TRUE((third + third + third).is_inline());
  const Decimal q = D("2") / D("37");
  EXPECT_EQ(q * D("37"), Decimal::from_int(2));
  EXPECT_EQ((q * D("37")).to_string(), "2");
  EXPECT_EQ((third + D("0.5")).to_string(), "5/6");
  EXPECT_EQ((third - third).to_string(), "0");
  EXPECT_EQ((third / third).to_string(), "1");
  EXPECT_EQ((q / D("2")).to_string(), "1/37");
  EXPECT_EQ((D("1") / third).to_string(), "3");
  // A fraction times a decimal that terminates becomes a decimal again, with
  // the smallest scale that is exact: 1/3 × 0.30 = 0.1.
  EXPECT_EQ((third * D("0.30")).to_string(), "0.1");
  EXPECT_TRUE((D("1") / D("4")).is_terminating());
  EXPECT_TRUE(D("0.1").is_terminating());
  EXPECT_EQ((-third).to_string(), "-1/3");
  EXPECT_EQ((-third).abs().to_string(), "1/3");
  EXPECT_EQ((-third).sign(), -1);
}

TEST(DecimalDivision, ByZeroThrows) {
  expect_error(DecimalError::Kind::division_by_zero, [] { D("1") / D("0"); });
  expect_error(DecimalError::Kind::division_by_zero, [] { D("1") / D("0.00"); });
  expect_error(DecimalError::Kind::division_by_zero, [] { D("0") / D("0"); });
  expect_error(DecimalError::Kind::division_by_zero, [] { (D("1") / D("3")) / Decimal(); });
  expect_error(DecimalError::Kind::division_by_zero, [] { pow10(50) / D("-0"); });
}

TEST(DecimalDivision, BigOperands) {
  // 10^50 / 4 = 25 × 10^48 exactly.
  EXPECT_EQ((pow10(50) / D("4")).to_string(), "25" + repeat('0', 48));
  // (10^40 + 1) / 10^40 = 1.(39 zeros)1: needs 40 places, so Big.
  const Decimal x = (pow10(40) + D("1")) / pow10(40);
  EXPECT_FALSE(x.is_inline());
  EXPECT_EQ(x.to_string(), "1." + repeat('0', 39) + "1");
  // 10^40 / 3 is a fraction.
  EXPECT_EQ((pow10(40) / D("3")).to_string(), "1" + repeat('0', 40) + "/3");
}

// ---- limits -------------------------------------------------------------

TEST(DecimalLimits, MultiplicationChainsOverflow) {
  const Decimal e20 = pow10(20);
  const Decimal e40 = e20 * e20;
  EXPECT_FALSE(e40.is_inline());
  EXPECT_EQ(e40, pow10(40));
  expect_error(DecimalError::Kind::overflow, [&] { e40* e20; });
  expect_error(DecimalError::Kind::overflow, [&] { -e40* e20; });
  // Squaring 2 repeatedly: 2^128 is fine, 2^256 > 10^60 is not.
  Decimal x = Decimal::from_int(2);
  int squarings = 0;
  try {
    for (; squarings < 20; ++squarings) x = x * x;
  } catch (const DecimalError& e) {
    EXPECT_EQ(e.kind(), DecimalError::Kind::overflow);
  }
  EXPECT_EQ(squarings, 7);  // 2^(2^7) = 2^128 ok; 2^(2^8) = 2^256 overflows
  EXPECT_EQ(x.to_string(), "340282366920938463463374607431768211456");  // 2^128
}

TEST(DecimalLimits, TheMagnitudeBoundIsExact) {
  // (10^30 - 1)^2 = 10^60 - 2·10^30 + 1 < 10^60.
  const Decimal n = D(repeat('9', 30));
  const Decimal sq = n * n;
  EXPECT_EQ(sq.to_string(), repeat('9', 29) + "8" + repeat('0', 29) + "1");
  const Decimal two_e30 = D("2" + repeat('0', 30));
  EXPECT_EQ((sq + (two_e30 - D("2"))).to_string(), repeat('9', 60));             // 10^60 - 1
  expect_error(DecimalError::Kind::overflow, [&] { sq + (two_e30 - D("1")); });  // = 10^60
  expect_error(DecimalError::Kind::overflow, [&] { -sq - (two_e30 - D("1")); });
}

TEST(DecimalLimits, FractionBitLimit) {
  // 3^252 has 400 bits (252 · log2 3 = 399.41), 3^253 has 401 (400.996).
  Decimal x = Decimal::from_int(1);
  const Decimal three = Decimal::from_int(3);
  for (int i = 0; i < 252; ++i) x = x / three;
  EXPECT_FALSE(x.is_terminating());
  EXPECT_GT(x, Decimal());
  expect_error(DecimalError::Kind::overflow, [&] { x / three; });
  expect_error(DecimalError::Kind::overflow, [&] { x*(D("1") / three); });
  // Multiplying back gives exactly one.
  for (int i = 0; i < 252; ++i) x = x * three;
  EXPECT_EQ(x, Decimal::from_int(1));
  EXPECT_TRUE(x.is_inline());
}

TEST(DecimalLimits, ScaleLimit) {
  // 0.1^120 = 10^-120 is allowed; one more factor needs 121 places (402 bits).
  Decimal x = Decimal::from_int(1);
  const Decimal tenth = D("0.1");
  for (int i = 0; i < 120; ++i) x = x * tenth;
  EXPECT_EQ(x.scale(), 120);
  EXPECT_EQ(x.to_string(), "0." + repeat('0', 119) + "1");
  expect_error(DecimalError::Kind::overflow, [&] { x* tenth; });
  expect_error(DecimalError::Kind::overflow, [&] { x / D("10"); });
}

// ---- integers -----------------------------------------------------------

TEST(DecimalInteger, IsInteger) {
  EXPECT_TRUE(D("3.00").is_integer());
  EXPECT_TRUE(D("-4").is_integer());
  EXPECT_TRUE(D("0.000").is_integer());
  EXPECT_FALSE(D("3.01").is_integer());
  EXPECT_FALSE(D("-0.5").is_integer());
  EXPECT_FALSE((D("1") / D("3")).is_integer());
  EXPECT_TRUE(((D("2") / D("37")) * D("37")).is_integer());
  EXPECT_TRUE(pow10(40).is_integer());
  EXPECT_FALSE((pow10(40) + D("0.5")).is_integer());
  EXPECT_TRUE(D("1." + repeat('0', 50)).is_integer());
}

TEST(DecimalInteger, ToInt64) {
  EXPECT_EQ(D("3.00").to_int64(), 3);
  EXPECT_EQ(D("-42").to_int64(), -42);
  EXPECT_EQ(D("0").to_int64(), 0);
  EXPECT_EQ(D("9223372036854775807").to_int64(), INT64_MAX);
  EXPECT_EQ(D("-9223372036854775808").to_int64(), INT64_MIN);
  EXPECT_EQ(D("-9223372036854775808.000").to_int64(), INT64_MIN);
  EXPECT_EQ(((D("2") / D("37")) * D("37")).to_int64(), 2);
  EXPECT_EQ(D("1." + repeat('0', 50)).to_int64(), 1);
  expect_error(DecimalError::Kind::not_an_integer, [] { D("3.5").to_int64(); });
  expect_error(DecimalError::Kind::not_an_integer, [] { (D("1") / D("3")).to_int64(); });
  expect_error(DecimalError::Kind::overflow, [] { D("9223372036854775808").to_int64(); });
  expect_error(DecimalError::Kind::overflow, [] { D("-9223372036854775809").to_int64(); });
  expect_error(DecimalError::Kind::overflow, [] { pow10(40).to_int64(); });
}

// ---- fixed printing -----------------------------------------------------

TEST(DecimalFixed, PadsAndStripsInsignificantZeros) {
  EXPECT_EQ(D("5.5").to_string_fixed(2), "5.50");
  EXPECT_EQ(D("3").to_string_fixed(2), "3.00");
  EXPECT_EQ(D("3").to_string_fixed(0), "3");
  EXPECT_EQ(D("3.120").to_string_fixed(2), "3.12");
  EXPECT_EQ(D("-7.100").to_string_fixed(1), "-7.1");
  EXPECT_EQ(D("-7.100").to_string_fixed(3), "-7.100");
  EXPECT_EQ(D("0").to_string_fixed(3), "0.000");
  EXPECT_EQ(D("-0.00").to_string_fixed(2), "0.00");
  EXPECT_EQ(D("-0.000").to_string_fixed(0), "0");
  EXPECT_EQ(D("0.05").to_string_fixed(2), "0.05");
  EXPECT_EQ(D("-0.05").to_string_fixed(3), "-0.050");
  EXPECT_EQ(D("1234.5").to_string_fixed(2), "1234.50");
  EXPECT_EQ(D("12.000").to_string_fixed(0), "12");
  EXPECT_EQ((D("1") / D("4")).to_string_fixed(2), "0.25");
  EXPECT_EQ((pow10(40) + D("0.5")).to_string_fixed(2), "1" + repeat('0', 40) + ".50");
  EXPECT_EQ(D("1." + repeat('0', 50)).to_string_fixed(2), "1.00");
  EXPECT_EQ(D("-99999999999999999999999999999999999999").to_string_fixed(1),
            "-99999999999999999999999999999999999999.0");
}

TEST(DecimalFixed, NeverRoundsSilently) {
  expect_error(DecimalError::Kind::inexact, [] { D("3.125").to_string_fixed(2); });
  expect_error(DecimalError::Kind::inexact, [] { D("-0.5").to_string_fixed(0); });
  expect_error(DecimalError::Kind::inexact, [] { D("0.001").to_string_fixed(2); });
  expect_error(DecimalError::Kind::inexact, [] { (D("1") / D("3")).to_string_fixed(5); });
  expect_error(DecimalError::Kind::inexact, [] { (pow10(40) + D("0.5")).to_string_fixed(0); });
  expect_error(DecimalError::Kind::invalid_step, [] { D("1").to_string_fixed(-1); });
}

TEST(DecimalFixed, AppendFixedAppends) {
  std::string out = "x=";
  D("5.5").append_fixed(out, 2);
  EXPECT_EQ(out, "x=5.50");
  out += ';';
  D("-12").append_fixed(out, 1);
  EXPECT_EQ(out, "x=5.50;-12.0");
}

// ---- comparison ---------------------------------------------------------

TEST(DecimalCompare, NumericNotTextual) {
  EXPECT_EQ(D("1.50"), D("1.5"));
  EXPECT_TRUE((D("1.5") <=> D("1.50")) == 0);
  EXPECT_LT(D("-1"), D("0.5"));
  EXPECT_LT(D("0.09"), D("0.1"));
  EXPECT_GT(D("10"), D("9.99"));
  EXPECT_LT(D("-10"), D("-9.99"));
  EXPECT_NE(D("1.01"), D("1.1"));
  EXPECT_EQ(D("-0.00"), D("0"));
  EXPECT_LE(D("2.0"), D("2"));
  EXPECT_GE(D("2.0"), D("2"));
}

TEST(DecimalCompare, AlignmentOverflowIsHandled) {
  // Scaling 38 nines to 38 places does not fit 128 bits; the order is still right.
  const Decimal big = D(repeat('9', 38));
  const Decimal small = D("0." + repeat('0', 37) + "1");
  EXPECT_TRUE(big.is_inline());
  EXPECT_TRUE(small.is_inline());
  EXPECT_GT(big, small);
  EXPECT_LT(small, big);
  EXPECT_LT(-big, small);
  EXPECT_GT(small, -big);
  EXPECT_LT(-big, -small);
  EXPECT_NE(big, small);
}

TEST(DecimalCompare, AcrossRepresentations) {
  const Decimal third = D("1") / D("3");
  EXPECT_LT(third, D("0.34"));
  EXPECT_GT(third, D("0.33"));
  EXPECT_GT(third, D("0." + repeat('3', 37)));
  EXPECT_LT(third, D("0." + repeat('3', 37) + "4"));
  EXPECT_EQ(third, D("2") / D("6"));
  EXPECT_LT(third, D("2") / D("3"));
  EXPECT_GT(-third, D("-0.34"));
  const Decimal e40 = pow10(40);
  EXPECT_GT(e40, D(repeat('9', 38)));
  EXPECT_LT(-e40, D("-" + repeat('9', 38)));
  EXPECT_GT(e40, third);
  // The same value in two representations.
  const Decimal one_long = D("1." + repeat('0', 50));  // scale 50: Big
  EXPECT_FALSE(one_long.is_inline());
  EXPECT_EQ(one_long, Decimal::from_int(1));
  EXPECT_EQ(one_long.to_string(), "1." + repeat('0', 50));
  EXPECT_EQ(one_long.scale(), 50);
  EXPECT_EQ(third * D("3"), one_long);
  EXPECT_TRUE((one_long <=> D("0.99")) > 0);
}

// ---- representation changes -----------------------------------------------

TEST(DecimalRepresentation, InlineToBigAndBack) {
  const Decimal e20 = pow10(20);
  EXPECT_TRUE(e20.is_inline());
  const Decimal e40 = e20 * e20;
  EXPECT_FALSE(e40.is_inline());
  const Decimal back = e40 / e20;
  EXPECT_TRUE(back.is_inline());
  EXPECT_EQ(back, e20);

  const Decimal third = D("1") / D("3");
  EXPECT_FALSE(third.is_inline());
  EXPECT_TRUE((third * D("3")).is_inline());

  // Big decimal minus its integer part is a small decimal again.
  const Decimal mixed = e40 + D("0.25");
  EXPECT_FALSE(mixed.is_inline());
  EXPECT_EQ(mixed.to_string(), "1" + repeat('0', 40) + ".25");
  const Decimal frac = mixed - e40;
  EXPECT_TRUE(frac.is_inline());
  EXPECT_EQ(frac.to_string(), "0.25");

  // Rounding a Big value can bring it back inline.
  const Decimal tiny_mid = D("0.125" + repeat('0', 47));  // scale 50
  EXPECT_FALSE(tiny_mid.is_inline());
  const Decimal r = tiny_mid.round(D("0.01"), RoundingMode::half_even);
  EXPECT_TRUE(r.is_inline());
  EXPECT_EQ(r.to_string(), "0.12");
}

TEST(DecimalRepresentation, Int128Boundary) {
  const std::string max = "170141183460469231731687303715884105727";  // 2^127 - 1
  const std::string two127 = "170141183460469231731687303715884105728";
  const Decimal m = D(max);
  EXPECT_TRUE(m.is_inline());
  const Decimal over = m + D("1");
  EXPECT_FALSE(over.is_inline());
  EXPECT_EQ(over.to_string(), two127);
  const Decimal under = over - D("1");
  EXPECT_TRUE(under.is_inline());
  EXPECT_EQ(under, m);
  // -2^127 is reachable inline by subtraction; negating it must not wrap.
  const Decimal min = -m - D("1");
  EXPECT_EQ(min.to_string(), "-" + two127);
  EXPECT_EQ((-min).to_string(), two127);
  EXPECT_EQ(min.abs().to_string(), two127);
  EXPECT_EQ(min, D("-" + two127));
  EXPECT_LT(min, -m);
  EXPECT_EQ((min + D("1")).to_string(), "-" + max);
  // Aligning scales past 128 bits falls back to Big: 2^127 - 1 + 0.5.
  const Decimal half_more = m + D("0.5");
  EXPECT_FALSE(half_more.is_inline());
  EXPECT_EQ(half_more.to_string(), max + ".5");
  // Products beyond 38 places fall back to Big and come back after rounding.
  const Decimal p19 = D("0." + repeat('0', 18) + "1");  // 10^-19
  EXPECT_TRUE((p19 * p19).is_inline());                 // scale 38
  const Decimal p57 = p19 * p19 * p19;                  // scale 57
  EXPECT_FALSE(p57.is_inline());
  EXPECT_EQ(p57.to_string(), "0." + repeat('0', 56) + "1");
  EXPECT_EQ(p57.round(D("0.01"), RoundingMode::up).to_string(), "0.01");
  EXPECT_TRUE(p57.round(D("0.01"), RoundingMode::up).is_inline());
}

TEST(DecimalRoundingModeNames, RoundTrip) {
  const RoundingMode modes[] = {
      RoundingMode::half_up, RoundingMode::half_even, RoundingMode::half_down, RoundingMode::up,
      RoundingMode::down,    RoundingMode::ceiling,   RoundingMode::floor};
  const char* names[] = {"half_up", "half_even", "half_down", "up", "down", "ceiling", "floor"};
  for (int i = 0; i < 7; ++i) {
    EXPECT_EQ(rounding_mode_name(modes[i]), names[i]);
    EXPECT_EQ(parse_rounding_mode(names[i]), modes[i]);
  }
  EXPECT_FALSE(parse_rounding_mode("HALF_UP").has_value());
  EXPECT_FALSE(parse_rounding_mode("bankers").has_value());
  EXPECT_FALSE(parse_rounding_mode("").has_value());
}

}  // namespace
}  // namespace decree
