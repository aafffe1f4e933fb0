// A table cell as a set of keys: the union of its alternatives, or its
// complement for `not(…)`. Over every key domain (numbers, dates, and the
// ordinals and text points, which are integers) a set is a list of sorted,
// disjoint intervals, so the complement is the gaps between them.
#include <algorithm>

#include "check/program.h"

namespace decree {
namespace {

// Whether x's lower bound starts before y's (an open bound first).
bool starts_before(const KeyInterval& x, const KeyInterval& y) {
  if (!x.lo || !y.lo) return !x.lo && y.lo;
  if (*x.lo != *y.lo) return *x.lo < *y.lo;
  return x.lo_inclusive && !y.lo_inclusive;
}

// Whether y starts within x or right where x ends (so the two are one).
bool joins(const KeyInterval& x, const KeyInterval& y) {
  if (!x.hi || !y.lo) return true;
  if (*y.lo < *x.hi) return true;
  return *y.lo == *x.hi && (x.hi_inclusive || y.lo_inclusive);
}

// The union of intervals as sorted disjoint intervals.
std::vector<KeyInterval> merged(std::vector<KeyInterval> parts) {
  std::sort(parts.begin(), parts.end(), starts_before);
  std::vector<KeyInterval> out;
  for (auto& p : parts) {
    if (out.empty() || !joins(out.back(), p)) {
      out.push_back(std::move(p));
      continue;
    }
    KeyInterval& last = out.back();
    if (!last.hi) continue;
    if (!p.hi || *p.hi > *last.hi) {
      last.hi = p.hi;
      last.hi_inclusive = p.hi_inclusive;
    } else if (*p.hi == *last.hi) {
      last.hi_inclusive = last.hi_inclusive || p.hi_inclusive;
    }
  }
  return out;
}

// The gaps between sorted disjoint intervals, and before and after them.
std::vector<KeyInterval> complement(const std::vector<KeyInterval>& set) {
  std::vector<KeyInterval> out;
  KeyInterval gap;  // from the open low end
  for (const auto& iv : set) {
    if (iv.lo) {
      gap.hi = iv.lo;
      gap.hi_inclusive = !iv.lo_inclusive;
      bool empty = gap.lo && (*gap.hi < *gap.lo ||
                              (*gap.hi == *gap.lo && !(gap.lo_inclusive && gap.hi_inclusive)));
      if (!empty) out.push_back(gap);
    }
    if (!iv.hi) return out;  // the set reaches the high end
    gap = KeyInterval{};
    gap.lo = iv.hi;
    gap.lo_inclusive = !iv.hi_inclusive;
  }
  out.push_back(gap);
  return out;
}

}  // namespace

bool KeyCell::is_constant() const {
  return std::all_of(alternatives.begin(), alternatives.end(),
                     [](const KeyInterval& i) { return i.is_constant(); });
}

std::vector<KeyInterval> KeyCell::match_set() const {
  std::vector<KeyInterval> set = merged(alternatives);
  return negated ? complement(set) : set;
}

bool KeyCell::contains(const Decimal& v) const {
  bool in = std::any_of(alternatives.begin(), alternatives.end(),
                        [&](const KeyInterval& i) { return i.contains(v); });
  return in != negated;
}

}  // namespace decree
