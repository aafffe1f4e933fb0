// Calendar dates (proleptic Gregorian), stored as days since 1970-01-01.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace decree {

struct Date {
  int32_t days = 0;  // days since 1970-01-01

  static Date from_ymd(int year, unsigned month, unsigned day);
  // Strict "YYYY-MM-DD" with a real calendar day; nullopt otherwise.
  static std::optional<Date> parse(std::string_view text);
  int year() const;
  unsigned month() const;
  unsigned day() const;
  std::string to_string() const;  // "YYYY-MM-DD"
  void append_to(std::string& out) const;

  friend auto operator<=>(Date a, Date b) = default;
};

// Adds n calendar months; the day is clamped to the end of the target month
// (2024-01-31 + 1 month = 2024-02-29).
Date add_months(Date d, int n);
// Whole months from a to b (negative if b < a): 2021-01-15 → 2021-03-14 is 1.
int months_between(Date a, Date b);
// Age in whole years on `at` of someone born on `birth`.
int age_at(Date birth, Date at);

}  // namespace decree
