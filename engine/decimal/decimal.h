// Exact decimal numbers for money, rates and parameters.
//
// A Decimal is an exact rational number. Values written in decimal notation
// (coefficient × 10^-scale) that fit a 128-bit coefficient live inline and
// never allocate; anything wider, and quotients that do not terminate
// (2/37), switch to an exact big rational (Boost.Multiprecision cpp_rational).
// There is no binary floating point anywhere.
//
// + - × are exact. ÷ is exact too: the quotient stays a fraction until an
// explicit round(). The scale of a decimal is kept as written: "1234.50"
// prints as "1234.50"; a + b has the larger scale, a × b the sum of scales.
// A result beyond the supported magnitude (|x| ≥ 10^60 or a fraction whose
// numerator or denominator exceeds 400 bits) throws DecimalError{overflow},
// never wraps.
#pragma once

#include <compare>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace decree {

// The rounding vocabulary of the rule language (round(x, step, mode)).
//  half_up:   ties away from zero      ( 2.5 →  3, -2.5 → -3)
//  half_even: ties to the even neighbour (2.5 → 2, 3.5 → 4)
//  half_down: ties towards zero        ( 2.5 →  2, -2.5 → -2)
//  up:        away from zero           ( 2.1 →  3, -2.1 → -3)
//  down:      towards zero (truncate)  ( 2.9 →  2, -2.9 → -2)
//  ceiling:   towards +infinity        ( 2.1 →  3, -2.9 → -2)
//  floor:     towards -infinity        ( 2.9 →  2, -2.1 → -3)
enum class RoundingMode : uint8_t { half_up, half_even, half_down, up, down, ceiling, floor };

std::optional<RoundingMode> parse_rounding_mode(std::string_view name);
std::string_view rounding_mode_name(RoundingMode mode);

class DecimalError : public std::runtime_error {
 public:
  enum class Kind { overflow, division_by_zero, not_an_integer, invalid_step, inexact, syntax };
  DecimalError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

class Decimal {
 public:
  Decimal() = default;  // exactly 0 (scale 0)
  static Decimal from_int(int64_t value);
  // Decimal notation only: optional '-', digits, optional '.' and digits
  // ("-1234.50", "0.01", "12", ".5" is rejected, "1e3" is rejected).
  static std::optional<Decimal> parse(std::string_view text);
  // As parse(), but throws DecimalError{syntax} naming the text.
  static Decimal parse_or_throw(std::string_view text);

  friend Decimal operator+(const Decimal& a, const Decimal& b);
  friend Decimal operator-(const Decimal& a, const Decimal& b);
  friend Decimal operator*(const Decimal& a, const Decimal& b);
  // Exact quotient. Throws DecimalError{division_by_zero}.
  friend Decimal operator/(const Decimal& a, const Decimal& b);
  Decimal operator-() const;

  // Numeric comparison: 1.50 == 1.5, 1/3 < 0.34.
  friend bool operator==(const Decimal& a, const Decimal& b);
  friend std::strong_ordering operator<=>(const Decimal& a, const Decimal& b);

  // Rounds to a multiple of `step`, which must be a positive power of ten
  // (…, 0.01, 0.1, 1, 10, 100, …); otherwise throws DecimalError{invalid_step}.
  // The result has the step's scale (round(2.675, 0.01, half_even) = 2.68,
  // round(1234, 10, down) = 1230).
  Decimal round(const Decimal& step, RoundingMode mode) const;
  // Rounds to `places` decimal places (negative: tens, hundreds…).
  Decimal round_places(int places, RoundingMode mode) const;

  Decimal abs() const;
  int sign() const;          // -1, 0, 1
  bool is_integer() const;   // numerically an integer (3.00 is)
  bool is_terminating() const;  // has a finite decimal expansion
  int scale() const;         // decimal places as written/computed; 0 for fractions
  // Throws not_an_integer or overflow.
  int64_t to_int64() const;

  // Decimal notation with the value's own scale ("1234.50"); a fraction that
  // does not terminate prints as "n/d" ("2/37").
  std::string to_string() const;
  // Appends to_string() to `out` (no temporary string on the fast path).
  void append_to(std::string& out) const;
  // Exactly `places` decimals ("5.5" with 2 → "5.50"). Throws DecimalError{inexact}
  // if the value has more significant places than that (never rounds silently).
  std::string to_string_fixed(int places) const;
  void append_fixed(std::string& out, int places) const;

  // True when the value uses the inline (non-allocating) representation.
  bool is_inline() const { return big_ == nullptr; }

  // Implementation detail, public only for the .cpp helpers.
  struct Big;

 private:
  __int128 coef_ = 0;  // value = coef_ × 10^-scale_ when big_ == nullptr
  int32_t scale_ = 0;
  std::shared_ptr<const Big> big_;  // exact rational when the inline form cannot hold it
};

}  // namespace decree
