// Exact decimal arithmetic: an inline __int128 fast path and an exact
// Boost.Multiprecision rational fallback. See decimal.h for the contract.
//
// Invariants of the representation:
//  * inline (big_ == nullptr): value = coef_ × 10^-scale_, 0 <= scale_ <= kMaxInlineScale.
//  * Big decimal (big_->scale >= 0): value = big_->coef × 10^-big_->scale, with
//    0 <= scale <= kMaxScale; only used when the inline form cannot hold it.
//  * Big fraction (big_->scale == kFraction): a rational whose decimal expansion
//    does not terminate. A fraction that terminates is always turned back into
//    a decimal (with the smallest scale that represents it).
//  * Every Big value satisfies the magnitude limits (|x| < 10^60, numerator and
//    denominator in lowest terms at most 400 bits).
// No binary floating point is used anywhere in this file.
#include "decimal/decimal.h"

#include <algorithm>
#include <array>
#include <boost/multiprecision/cpp_int.hpp>
#include <climits>
#include <cstring>
#include <utility>

namespace decree {

namespace mp = boost::multiprecision;
using BigInt = mp::cpp_int;
using BigRational = mp::cpp_rational;
using u128 = unsigned __int128;
using i128 = __int128;

namespace {

constexpr int kMaxInlineScale = 38;  // 10^38 still fits a signed 128-bit integer
constexpr int kMaxScale = 120;       // 10^120 < 2^400 < 10^121: the 400-bit denominator limit
constexpr int kMaxBits = 400;
constexpr int kMaxMagnitudeDigits = 60;  // |x| < 10^60
constexpr int32_t kFraction = -1;

constexpr i128 kI128Max = static_cast<i128>(~u128{0} >> 1);

constexpr std::array<i128, kMaxInlineScale + 1> make_pow10() {
  std::array<i128, kMaxInlineScale + 1> table{};
  i128 p = 1;
  for (int i = 0; i <= kMaxInlineScale; ++i) {
    table[i] = p;
    if (i < kMaxInlineScale) p *= 10;
  }
  return table;
}
constexpr std::array<i128, kMaxInlineScale + 1> kPow10 = make_pow10();

[[noreturn]] void throw_error(DecimalError::Kind kind, const std::string& message) {
  throw DecimalError(kind, message);
}

[[noreturn]] void throw_overflow() {
  throw_error(DecimalError::Kind::overflow,
              "decimal overflow: result beyond 10^60 or 400-bit fraction or 120 decimal places");
}

inline u128 uabs(i128 v) { return v < 0 ? u128{0} - static_cast<u128>(v) : static_cast<u128>(v); }

inline int ctz128(u128 v) {  // v != 0
  const auto lo = static_cast<uint64_t>(v);
  if (lo != 0) return __builtin_ctzll(lo);
  return 64 + __builtin_ctzll(static_cast<uint64_t>(v >> 64));
}

// Binary GCD; gcd(0, b) = b.
u128 gcd128(u128 a, u128 b) {
  if (a == 0) return b;
  if (b == 0) return a;
  if ((a >> 64) == 0 && (b >> 64) == 0) {
    auto x = static_cast<uint64_t>(a), y = static_cast<uint64_t>(b);
    const int shift = __builtin_ctzll(x | y);
    x >>= __builtin_ctzll(x);
    do {
      y >>= __builtin_ctzll(y);
      if (x > y) std::swap(x, y);
      y -= x;
    } while (y != 0);
    return static_cast<u128>(x) << shift;
  }
  const int shift = ctz128(a | b);
  a >>= ctz128(a);
  do {
    b >>= ctz128(b);
    if (a > b) std::swap(a, b);
    b -= a;
  } while (b != 0);
  return a << shift;
}

// ---- Big-number helpers -------------------------------------------------

BigInt to_big(i128 v) {
  const u128 u = uabs(v);
  BigInt r = static_cast<uint64_t>(u >> 64);
  r <<= 64;
  r += static_cast<uint64_t>(u);
  if (v < 0) r = -r;
  return r;
}

// True (and sets out) when |v| <= 2^127 - 1.
bool fits_i128(const BigInt& v, i128& out) {
  if (v.is_zero()) {
    out = 0;
    return true;
  }
  BigInt mag = mp::abs(v);
  if (mp::msb(mag) >= 127) return false;
  const auto lo = static_cast<uint64_t>(mag & BigInt(UINT64_MAX));
  const auto hi = static_cast<uint64_t>(mag >> 64);
  const i128 m = static_cast<i128>((static_cast<u128>(hi) << 64) | lo);
  out = v.sign() < 0 ? -m : m;
  return true;
}

const BigInt& pow10_big(int n) {
  static const std::array<BigInt, 2 * kMaxScale + 1> table = [] {
    std::array<BigInt, 2 * kMaxScale + 1> t;
    t[0] = 1;
    for (size_t i = 1; i < t.size(); ++i) t[i] = t[i - 1] * 10;
    return t;
  }();
  if (n < 0 || n >= static_cast<int>(table.size())) throw_overflow();  // unreachable by design
  return table[static_cast<size_t>(n)];
}

size_t bit_length(const BigInt& v) { return v.is_zero() ? 0 : mp::msb(mp::abs(v)) + 1; }

void check_limits(const BigRational& q) {
  const BigInt& num = mp::numerator(q);
  const BigInt& den = mp::denominator(q);
  if (bit_length(num) > kMaxBits || bit_length(den) > kMaxBits) throw_overflow();
  if (mp::abs(num) >= pow10_big(kMaxMagnitudeDigits) * den) throw_overflow();
}

// Exponent m when v == 10^m (v > 0), else -1.
int exact_log10(BigInt v) {
  int m = 0;
  while (v > 1) {
    BigInt r;
    mp::divide_qr(v, BigInt(10), v, r);
    if (!r.is_zero()) return -1;
    ++m;
  }
  return v == 1 ? m : -1;
}

// The rounding decision shared by both representations. The exact value is
// n / d (d > 0) truncated to q with remainder r (sign of n). Returns true when
// q must move one step away from zero. `half` compares |r| with d - |r|.
inline bool round_away(RoundingMode mode, bool negative, int half, bool q_odd) {
  switch (mode) {
    case RoundingMode::half_up:
      return half >= 0;
    case RoundingMode::half_even:
      return half > 0 || (half == 0 && q_odd);
    case RoundingMode::half_down:
      return half > 0;
    case RoundingMode::up:
      return true;
    case RoundingMode::down:
      return false;
    case RoundingMode::ceiling:
      return !negative;
    case RoundingMode::floor:
      return negative;
  }
  return false;
}

// coef / unit (unit = 10^k > 0) as an integer, rounded with `mode`. S is the
// signed type, U its unsigned twin (|remainder| and unit - |remainder| fit U).
template <typename S, typename U>
inline S round_quotient(S coef, S unit, RoundingMode mode) {
  S q = coef / unit;
  const S rem = coef % unit;
  if (rem != 0) {
    const U r = rem < 0 ? U{0} - static_cast<U>(rem) : static_cast<U>(rem);
    const U other = static_cast<U>(unit) - r;
    const int half = r < other ? -1 : (r > other ? 1 : 0);
    const bool negative = coef < 0;
    if (round_away(mode, negative, half, (q & 1) != 0)) q += negative ? -1 : 1;
  }
  return q;
}

// Appends sign, the coefficient digits (no leading zeros; "0" for zero) with a
// decimal point `scale` places from the right, then `pad` extra zeros.
void emit(std::string& out, bool negative, const char* digits, size_t n, int scale, int pad) {
  if (negative) out.push_back('-');
  const auto s = static_cast<size_t>(scale);
  if (n <= s) {
    out.push_back('0');
    out.push_back('.');
    out.append(s - n, '0');
    out.append(digits, n);
  } else {
    out.append(digits, n - s);
    if (s > 0 || pad > 0) out.push_back('.');
    out.append(digits + (n - s), s);
  }
  out.append(static_cast<size_t>(pad), '0');
}

// Writes |coef| with a decimal point `scale` places from the right (and at
// least one integer digit) so that the text ends at `end`; returns the start.
char* write_decimal(u128 u, int scale, char* end) {
  char* p = end;
  int produced = 0;
  auto put = [&](unsigned digit) {
    if (produced == scale && scale > 0) *--p = '.';
    *--p = static_cast<char>('0' + digit);
    ++produced;
  };
  constexpr uint64_t kChunk = 10000000000000000000ULL;  // 10^19
  while ((u >> 64) != 0) {
    const u128 q = u / kChunk;
    auto r = static_cast<uint64_t>(u - q * kChunk);
    for (int i = 0; i < 19; ++i) {
      put(static_cast<unsigned>(r % 10));
      r /= 10;
    }
    u = q;
  }
  auto v = static_cast<uint64_t>(u);
  do {
    put(static_cast<unsigned>(v % 10));
    v /= 10;
  } while (v != 0 || produced <= scale);
  return p;
}

// Formats the whole text in a stack buffer and appends it once.
void append_inline(std::string& out, i128 coef, int scale, int pad) {
  constexpr int kMaxPadInBuffer = 40;
  // [sign][up to 39 digits, or "0." and 38 places]['.' if pad][pad zeros]
  char buf[48 + 1 + kMaxPadInBuffer];
  char* const body_end = buf + 48;
  char* p = write_decimal(uabs(coef), scale, body_end);
  if (coef < 0) *--p = '-';
  char* tail = body_end;
  if (pad > 0 && pad <= kMaxPadInBuffer) {
    if (scale == 0) *tail++ = '.';
    std::memset(tail, '0', static_cast<size_t>(pad));
    tail += pad;
    pad = 0;
  }
  out.append(p, static_cast<size_t>(tail - p));
  if (pad > 0) {
    if (scale == 0) out.push_back('.');
    out.append(static_cast<size_t>(pad), '0');
  }
}

void append_big_coef(std::string& out, const BigInt& coef, int scale, int pad) {
  const std::string digits = BigInt(mp::abs(coef)).str();
  emit(out, coef.sign() < 0, digits.data(), digits.size(), scale, pad);
}

}  // namespace

// The Big representation. As a nested class it may use Decimal's private
// members, so the .cpp helpers live here as static functions.
struct Decimal::Big {
  BigRational q;  // the exact value, lowest terms
  BigInt coef;    // decimals only: value = coef × 10^-scale
  int32_t scale;  // >= 0: decimal with that many places; kFraction: non-terminating

  Big(BigRational q_, BigInt coef_, int32_t scale_)
      : q(std::move(q_)), coef(std::move(coef_)), scale(scale_) {}

  static Decimal make_inline(i128 coef, int32_t scale) {
    Decimal d;
    d.coef_ = coef;
    d.scale_ = scale;
    return d;
  }

  static bool is_decimal(const Decimal& d) { return d.big_ == nullptr || d.big_->scale >= 0; }
  static int32_t decimal_scale(const Decimal& d) {
    return d.big_ == nullptr ? d.scale_ : d.big_->scale;
  }
  // Coefficient of a decimal (inline or Big decimal).
  static BigInt coef_of(const Decimal& d) {
    return d.big_ == nullptr ? to_big(d.coef_) : d.big_->coef;
  }
  static BigRational rational_of(const Decimal& d) {
    if (d.big_ != nullptr) return d.big_->q;
    return BigRational(to_big(d.coef_), pow10_big(d.scale_));
  }

  // coef × 10^-scale, inline when possible; checks the limits.
  static Decimal from_decimal(const BigInt& coef, int scale) {
    if (scale > kMaxScale) throw_overflow();
    i128 small;
    if (scale <= kMaxInlineScale && fits_i128(coef, small)) return make_inline(small, scale);
    BigRational q(coef, pow10_big(scale));
    check_limits(q);
    Decimal d;
    d.big_ = std::make_shared<const Big>(std::move(q), coef, scale);
    return d;
  }

  // An exact rational: a decimal with the smallest scale >= min_scale when it
  // terminates, else a fraction. Checks the limits.
  static Decimal from_rational(const BigRational& q, int min_scale) {
    check_limits(q);
    const BigInt& den = mp::denominator(q);
    const auto v2 = static_cast<int>(mp::lsb(den));
    BigInt rest = den >> v2;
    int v5 = 0;
    for (;;) {
      BigInt quo, rem;
      mp::divide_qr(rest, BigInt(5), quo, rem);
      if (!rem.is_zero()) break;
      rest = std::move(quo);
      ++v5;
    }
    if (rest != 1) {
      Decimal d;
      d.big_ = std::make_shared<const Big>(q, BigInt(0), kFraction);
      return d;
    }
    const int scale = std::max({v2, v5, min_scale});
    if (scale > kMaxScale) throw_overflow();
    return from_decimal(mp::numerator(q) * pow10_big(scale) / den, scale);
  }

  static Decimal add(const Decimal& a, const Decimal& b, bool subtract) {
    if (is_decimal(a) && is_decimal(b)) {
      const int sa = decimal_scale(a), sb = decimal_scale(b);
      const int s = std::max(sa, sb);
      BigInt ca = coef_of(a) * pow10_big(s - sa);
      BigInt cb = coef_of(b) * pow10_big(s - sb);
      return from_decimal(subtract ? BigInt(ca - cb) : BigInt(ca + cb), s);
    }
    const BigRational qa = rational_of(a), qb = rational_of(b);
    return from_rational(subtract ? BigRational(qa - qb) : BigRational(qa + qb), 0);
  }

  static Decimal mul(const Decimal& a, const Decimal& b) {
    if (is_decimal(a) && is_decimal(b)) {
      const int s = decimal_scale(a) + decimal_scale(b);
      if (s > kMaxScale) throw_overflow();
      return from_decimal(coef_of(a) * coef_of(b), s);
    }
    return from_rational(rational_of(a) * rational_of(b), 0);
  }

  static Decimal div(const Decimal& a, const Decimal& b) {
    const int min_scale =
        is_decimal(a) && is_decimal(b) ? std::max(0, decimal_scale(a) - decimal_scale(b)) : 0;
    return from_rational(rational_of(a) / rational_of(b), min_scale);
  }

  static int compare(const Decimal& a, const Decimal& b) {
    if (a.big_ == nullptr && b.big_ == nullptr) {
      if (a.scale_ == b.scale_) return (a.coef_ > b.coef_) - (a.coef_ < b.coef_);
      if (a.scale_ < b.scale_) {
        i128 x;
        if (__builtin_mul_overflow(a.coef_, kPow10[b.scale_ - a.scale_], &x))
          return a.coef_ > 0 ? 1 : -1;
        return (x > b.coef_) - (x < b.coef_);
      }
      i128 y;
      if (__builtin_mul_overflow(b.coef_, kPow10[a.scale_ - b.scale_], &y))
        return b.coef_ > 0 ? -1 : 1;
      return (a.coef_ > y) - (a.coef_ < y);
    }
    BigRational tmp_a, tmp_b;
    const BigRational& qa = a.big_ != nullptr ? a.big_->q : (tmp_a = rational_of(a));
    const BigRational& qb = b.big_ != nullptr ? b.big_->q : (tmp_b = rational_of(b));
    return qa < qb ? -1 : (qa > qb ? 1 : 0);
  }

  static Decimal negate(const Decimal& x) {
    if (x.big_ == nullptr) return from_decimal(-to_big(x.coef_), x.scale_);
    if (x.big_->scale >= 0) return from_decimal(-x.big_->coef, x.big_->scale);
    Decimal d;
    d.big_ = std::make_shared<const Big>(BigRational(-x.big_->q), BigInt(0), kFraction);
    return d;
  }

  static Decimal round(const Decimal& x, int places, RoundingMode mode) {
    if (places > kMaxScale) throw_overflow();
    // |x| < 10^60, so any coarser step behaves like 10^61 (result 0 or overflow).
    places = std::max(places, -(kMaxMagnitudeDigits + 1));
    const BigRational q = rational_of(x);
    BigInt n = mp::numerator(q);
    BigInt d = mp::denominator(q);
    if (places >= 0)
      n *= pow10_big(places);
    else
      d *= pow10_big(-places);
    BigInt quo, rem;
    mp::divide_qr(n, d, quo, rem);  // truncates towards zero
    if (!rem.is_zero()) {
      const BigInt r = mp::abs(rem);
      const BigInt other = d - r;
      const int half = r < other ? -1 : (r > other ? 1 : 0);
      const bool negative = n.sign() < 0;
      if (round_away(mode, negative, half, BigInt(quo % 2) != 0)) quo += negative ? -1 : 1;
    }
    if (places >= 0) return from_decimal(quo, places);
    return from_decimal(quo * pow10_big(-places), 0);
  }

  // Decimal places of a step 10^-places; throws invalid_step otherwise.
  static int step_places(const Decimal& step) {
    if (step.big_ == nullptr) {
      if (step.coef_ > 0) {
        for (int m = 0; m <= kMaxInlineScale; ++m) {
          if (kPow10[m] == step.coef_) return step.scale_ - m;
          if (kPow10[m] > step.coef_) break;
        }
      }
    } else if (step.big_->scale >= 0 && step.big_->q > 0) {
      const BigInt& n = mp::numerator(step.big_->q);
      const BigInt& d = mp::denominator(step.big_->q);
      if (d == 1) {
        const int m = exact_log10(n);
        if (m >= 0) return -m;
      } else if (n == 1) {
        const int m = exact_log10(d);
        if (m >= 0) return m;
      }
    }
    throw_error(
        DecimalError::Kind::invalid_step,
        "rounding step must be a positive power of ten (0.01, 1, 10 ...), got " + step.to_string());
  }

  static void append_fixed(const Decimal& x, std::string& out, int places) {
    if (places < 0)
      throw_error(DecimalError::Kind::invalid_step, "negative number of decimal places");
    auto inexact = [&]() {
      throw_error(DecimalError::Kind::inexact,
                  x.to_string() + " has more than " + std::to_string(places) + " decimal places");
    };
    if (x.big_ == nullptr) {
      if (x.scale_ <= places) return append_inline(out, x.coef_, x.scale_, places - x.scale_);
      const i128 unit = kPow10[x.scale_ - places];
      if (x.coef_ % unit != 0) inexact();
      return append_inline(out, x.coef_ / unit, places, 0);
    }
    if (x.big_->scale < 0) inexact();
    const int s = x.big_->scale;
    if (s <= places) return append_big_coef(out, x.big_->coef, s, places - s);
    BigInt quo, rem;
    mp::divide_qr(x.big_->coef, pow10_big(s - places), quo, rem);
    if (!rem.is_zero()) inexact();
    append_big_coef(out, quo, places, 0);
  }
};

using Impl = Decimal::Big;

// ---- Rounding-mode names ------------------------------------------------

namespace {
constexpr std::array<std::pair<std::string_view, RoundingMode>, 7> kModeNames = {{
    {"half_up", RoundingMode::half_up},
    {"half_even", RoundingMode::half_even},
    {"half_down", RoundingMode::half_down},
    {"up", RoundingMode::up},
    {"down", RoundingMode::down},
    {"ceiling", RoundingMode::ceiling},
    {"floor", RoundingMode::floor},
}};
}  // namespace

std::optional<RoundingMode> parse_rounding_mode(std::string_view name) {
  for (const auto& [text, mode] : kModeNames)
    if (text == name) return mode;
  return std::nullopt;
}

std::string_view rounding_mode_name(RoundingMode mode) {
  for (const auto& [text, m] : kModeNames)
    if (m == mode) return text;
  return "?";
}

// ---- Construction and parsing -------------------------------------------

Decimal Decimal::from_int(int64_t value) { return Impl::make_inline(value, 0); }

std::optional<Decimal> Decimal::parse(std::string_view t) {
  const size_t n = t.size();
  size_t i = 0;
  const bool negative = n > 0 && t[0] == '-';
  if (negative) ++i;
  auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  const size_t int_begin = i;
  while (i < n && is_digit(t[i])) ++i;
  const size_t int_end = i;
  if (int_end == int_begin) return std::nullopt;
  size_t frac_begin = int_end, frac_end = int_end;
  if (i < n && t[i] == '.') {
    frac_begin = ++i;
    while (i < n && is_digit(t[i])) ++i;
    frac_end = i;
    if (frac_end == frac_begin) return std::nullopt;
  }
  if (i != n) return std::nullopt;

  const size_t scale = frac_end - frac_begin;
  size_t lead = int_begin;  // first significant integer digit
  while (lead < int_end && t[lead] == '0') ++lead;
  if (scale > static_cast<size_t>(kMaxScale) ||
      int_end - lead > static_cast<size_t>(kMaxMagnitudeDigits))
    throw_overflow();

  // Significant digits of the coefficient (integer digits then fraction digits).
  size_t first = lead;
  if (first == int_end) {
    first = frac_begin;
    while (first < frac_end && t[first] == '0') ++first;
  }
  const size_t significant = (first < int_end ? (int_end - first) + scale : frac_end - first);

  if (significant <= 38 && scale <= static_cast<size_t>(kMaxInlineScale)) {
    uint64_t acc = 0;
    u128 wide = 0;
    size_t count = 0;
    auto feed = [&](size_t from, size_t to) {
      for (size_t k = from; k < to; ++k) {
        const auto digit = static_cast<unsigned>(t[k] - '0');
        if (count < 19) {
          acc = acc * 10 + digit;
        } else {
          if (count == 19) wide = acc;
          wide = wide * 10 + digit;
        }
        ++count;
      }
    };
    if (first < int_end) {
      feed(first, int_end);
      feed(frac_begin, frac_end);
    } else {
      feed(first, frac_end);
    }
    const u128 mag = count <= 19 ? u128{acc} : wide;
    const i128 coef = static_cast<i128>(mag);
    return Impl::make_inline(negative ? -coef : coef, static_cast<int32_t>(scale));
  }

  std::string digits;
  digits.reserve(significant);
  if (first < int_end) {
    digits.append(t.substr(first, int_end - first));
    digits.append(t.substr(frac_begin, scale));
  } else {
    digits.append(t.substr(first, frac_end - first));
  }
  if (digits.empty()) digits = "0";  // no leading zeros: Boost reads "0…" as octal
  BigInt coef(digits);
  if (negative) coef = -coef;
  return Impl::from_decimal(coef, static_cast<int>(scale));
}

Decimal Decimal::parse_or_throw(std::string_view text) {
  if (auto d = parse(text)) return *d;
  throw_error(DecimalError::Kind::syntax, "not a decimal number: '" + std::string(text) + "'");
}

// ---- Arithmetic ----------------------------------------------------------

Decimal operator+(const Decimal& a, const Decimal& b) {
  if (a.big_ == nullptr && b.big_ == nullptr) [[likely]] {
    i128 r;
    if (a.scale_ == b.scale_) {
      if (!__builtin_add_overflow(a.coef_, b.coef_, &r)) return Impl::make_inline(r, a.scale_);
    } else if (a.scale_ < b.scale_) {
      i128 x;
      if (!__builtin_mul_overflow(a.coef_, kPow10[b.scale_ - a.scale_], &x) &&
          !__builtin_add_overflow(x, b.coef_, &r))
        return Impl::make_inline(r, b.scale_);
    } else {
      i128 y;
      if (!__builtin_mul_overflow(b.coef_, kPow10[a.scale_ - b.scale_], &y) &&
          !__builtin_add_overflow(a.coef_, y, &r))
        return Impl::make_inline(r, a.scale_);
    }
  }
  return Impl::add(a, b, false);
}

Decimal operator-(const Decimal& a, const Decimal& b) {
  if (a.big_ == nullptr && b.big_ == nullptr) [[likely]] {
    i128 r;
    if (a.scale_ == b.scale_) {
      if (!__builtin_sub_overflow(a.coef_, b.coef_, &r)) return Impl::make_inline(r, a.scale_);
    } else if (a.scale_ < b.scale_) {
      i128 x;
      if (!__builtin_mul_overflow(a.coef_, kPow10[b.scale_ - a.scale_], &x) &&
          !__builtin_sub_overflow(x, b.coef_, &r))
        return Impl::make_inline(r, b.scale_);
    } else {
      i128 y;
      if (!__builtin_mul_overflow(b.coef_, kPow10[a.scale_ - b.scale_], &y) &&
          !__builtin_sub_overflow(a.coef_, y, &r))
        return Impl::make_inline(r, a.scale_);
    }
  }
  return Impl::add(a, b, true);
}

Decimal operator*(const Decimal& a, const Decimal& b) {
  if (a.big_ == nullptr && b.big_ == nullptr) [[likely]] {
    const int32_t s = a.scale_ + b.scale_;
    i128 r;
    if (s <= kMaxInlineScale && !__builtin_mul_overflow(a.coef_, b.coef_, &r))
      return Impl::make_inline(r, s);
  }
  return Impl::mul(a, b);
}

Decimal operator/(const Decimal& a, const Decimal& b) {
  if (b.sign() == 0) throw_error(DecimalError::Kind::division_by_zero, "division by zero");
  if (a.big_ == nullptr && b.big_ == nullptr) {
    // a / b = (ua / ub) × 10^(sb - sa), reduced to lowest terms. It terminates
    // iff ub = 2^v2 × 5^v5; then ua / ub = ua × m / 10^k with k = max(v2, v5).
    u128 ua = uabs(a.coef_), ub = uabs(b.coef_);
    const u128 g = gcd128(ua, ub);
    ua /= g;
    ub /= g;
    const int v2 = ctz128(ub);
    u128 rest = ub >> v2;
    int v5 = 0;
    if ((rest >> 64) == 0) {
      auto r64 = static_cast<uint64_t>(rest);
      while (r64 % 5 == 0) {
        r64 /= 5;
        ++v5;
      }
      rest = r64;
    } else {
      while (rest % 5 == 0) {
        rest /= 5;
        ++v5;
      }
    }
    if (rest == 1) {
      const int k = std::max(v2, v5);
      const int e = k + a.scale_ - b.scale_;  // scale of ua × m
      const int s = std::max(0, e);           // >= max(0, sa - sb) since k >= 0
      if (k <= kMaxInlineScale && s <= kMaxInlineScale && s - e <= kMaxInlineScale) {
        const u128 m = static_cast<u128>(kPow10[k]) / ub;
        u128 c;
        if (!__builtin_mul_overflow(ua, m, &c) &&
            !__builtin_mul_overflow(c, static_cast<u128>(kPow10[s - e]), &c) &&
            c <= static_cast<u128>(kI128Max)) {
          const bool negative = (a.coef_ < 0) != (b.coef_ < 0);
          const auto sc = static_cast<i128>(c);
          return Impl::make_inline(negative ? -sc : sc, s);
        }
      }
    }
  }
  return Impl::div(a, b);
}

Decimal Decimal::operator-() const {
  if (big_ == nullptr && coef_ != -kI128Max - 1) return Impl::make_inline(-coef_, scale_);
  return Impl::negate(*this);
}

// ---- Comparison ----------------------------------------------------------

bool operator==(const Decimal& a, const Decimal& b) { return Impl::compare(a, b) == 0; }

std::strong_ordering operator<=>(const Decimal& a, const Decimal& b) {
  const int c = Impl::compare(a, b);
  return c < 0 ? std::strong_ordering::less
               : (c > 0 ? std::strong_ordering::greater : std::strong_ordering::equal);
}

// ---- Rounding ------------------------------------------------------------

Decimal Decimal::round(const Decimal& step, RoundingMode mode) const {
  return round_places(Impl::step_places(step), mode);
}

Decimal Decimal::round_places(int places, RoundingMode mode) const {
  if (big_ == nullptr) {
    const int s = scale_;
    const int result_scale = std::max(0, places);
    if (places >= s) {
      i128 r;
      if (places <= kMaxInlineScale && !__builtin_mul_overflow(coef_, kPow10[places - s], &r))
        return Impl::make_inline(r, places);
    } else if (s - places <= kMaxInlineScale) {
      // s >= 0 and s - places <= 38, so -places <= 38 as well.
      const int d = s - places;
      const i128 q = d <= 18 && coef_ >= INT64_MIN && coef_ <= INT64_MAX
                         ? round_quotient<int64_t, uint64_t>(static_cast<int64_t>(coef_),
                                                             static_cast<int64_t>(kPow10[d]), mode)
                         : round_quotient<i128, u128>(coef_, kPow10[d], mode);
      if (places >= 0) return Impl::make_inline(q, result_scale);
      i128 r;
      if (!__builtin_mul_overflow(q, kPow10[-places], &r)) return Impl::make_inline(r, 0);
    }
  }
  return Impl::round(*this, places, mode);
}

// ---- Queries -------------------------------------------------------------

Decimal Decimal::abs() const { return sign() < 0 ? -*this : *this; }

int Decimal::sign() const {
  if (big_ == nullptr) return (coef_ > 0) - (coef_ < 0);
  return big_->q.sign();
}

bool Decimal::is_integer() const {
  if (big_ == nullptr) return scale_ == 0 || coef_ % kPow10[scale_] == 0;
  return mp::denominator(big_->q) == 1;
}

bool Decimal::is_terminating() const { return big_ == nullptr || big_->scale >= 0; }

int Decimal::scale() const {
  if (big_ == nullptr) return scale_;
  return big_->scale >= 0 ? big_->scale : 0;
}

int64_t Decimal::to_int64() const {
  if (!is_integer())
    throw_error(DecimalError::Kind::not_an_integer, to_string() + " is not an integer");
  if (big_ == nullptr) {
    const i128 v = scale_ == 0 ? coef_ : coef_ / kPow10[scale_];
    if (v < INT64_MIN || v > INT64_MAX)
      throw_error(DecimalError::Kind::overflow, to_string() + " does not fit 64 bits");
    return static_cast<int64_t>(v);
  }
  const BigInt& v = mp::numerator(big_->q);
  if (v < INT64_MIN || v > INT64_MAX)
    throw_error(DecimalError::Kind::overflow, to_string() + " does not fit 64 bits");
  return static_cast<int64_t>(v);
}

// ---- Printing ------------------------------------------------------------

std::string Decimal::to_string() const {
  std::string out;
  append_to(out);
  return out;
}

void Decimal::append_to(std::string& out) const {
  if (big_ == nullptr) return append_inline(out, coef_, scale_, 0);
  if (big_->scale >= 0) return append_big_coef(out, big_->coef, big_->scale, 0);
  out += mp::numerator(big_->q).str();
  out += '/';
  out += mp::denominator(big_->q).str();
}

std::string Decimal::to_string_fixed(int places) const {
  std::string out;
  append_fixed(out, places);
  return out;
}

void Decimal::append_fixed(std::string& out, int places) const {
  Impl::append_fixed(*this, out, places);
}

}  // namespace decree
