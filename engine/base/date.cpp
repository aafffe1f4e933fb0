#include "base/date.h"

#include <charconv>

namespace decree {
namespace {

// Howard Hinnant's days_from_civil / civil_from_days.
int32_t days_from_civil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

struct Civil {
  int y;
  unsigned m, d;
};

Civil civil_from_days(int32_t z) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int y = static_cast<int>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2), m, d};
}

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned last_day(int y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

}  // namespace

Date Date::from_ymd(int year, unsigned month, unsigned day) {
  return Date{days_from_civil(year, month, day)};
}

std::optional<Date> Date::parse(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  auto num = [&](size_t pos, size_t len, int& out) {
    for (size_t i = pos; i < pos + len; ++i)
      if (t[i] < '0' || t[i] > '9') return false;
    std::from_chars(t.data() + pos, t.data() + pos + len, out);
    return true;
  };
  int y, m, d;
  if (!num(0, 4, y) || !num(5, 2, m) || !num(8, 2, d)) return std::nullopt;
  if (m < 1 || m > 12 || d < 1 || static_cast<unsigned>(d) > last_day(y, m)) return std::nullopt;
  return from_ymd(y, m, d);
}

int Date::year() const { return civil_from_days(days).y; }
unsigned Date::month() const { return civil_from_days(days).m; }
unsigned Date::day() const { return civil_from_days(days).d; }

void Date::append_to(std::string& out) const {
  Civil c = civil_from_days(days);
  char buf[16];
  int y = c.y;
  buf[0] = static_cast<char>('0' + (y / 1000) % 10);
  buf[1] = static_cast<char>('0' + (y / 100) % 10);
  buf[2] = static_cast<char>('0' + (y / 10) % 10);
  buf[3] = static_cast<char>('0' + y % 10);
  buf[4] = '-';
  buf[5] = static_cast<char>('0' + c.m / 10);
  buf[6] = static_cast<char>('0' + c.m % 10);
  buf[7] = '-';
  buf[8] = static_cast<char>('0' + c.d / 10);
  buf[9] = static_cast<char>('0' + c.d % 10);
  out.append(buf, 10);
}

std::string Date::to_string() const {
  std::string s;
  append_to(s);
  return s;
}

Date add_months(Date d, int n) {
  Civil c = civil_from_days(d.days);
  int total = c.y * 12 + static_cast<int>(c.m - 1) + n;
  int y = total >= 0 ? total / 12 : (total - 11) / 12;
  unsigned m = static_cast<unsigned>(total - y * 12) + 1;
  unsigned day = c.d;
  if (day > last_day(y, m)) day = last_day(y, m);
  return Date::from_ymd(y, m, day);
}

int months_between(Date a, Date b) {
  if (b < a) return -months_between(b, a);
  Civil ca = civil_from_days(a.days), cb = civil_from_days(b.days);
  int months = (cb.y - ca.y) * 12 + static_cast<int>(cb.m) - static_cast<int>(ca.m);
  if (months > 0 && add_months(a, months) > b) --months;
  return months;
}

int age_at(Date birth, Date at) {
  Civil b = civil_from_days(birth.days), a = civil_from_days(at.days);
  int age = a.y - b.y;
  if (a.m < b.m || (a.m == b.m && a.d < b.d)) --age;
  return age;
}

}  // namespace decree
