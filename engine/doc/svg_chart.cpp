#include "doc/svg_chart.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "base/date.h"
#include "doc/html.h"
#include "params/parameters.h"

namespace decree::doc {
namespace {

// The drawing's size and margins, in SVG user units.
constexpr double kWidth = 640, kHeight = 260, kLeft = 78, kRight = 16, kTop = 14, kBottom = 46;
constexpr size_t kMaxXLabels = 10;
constexpr const char* kPalette[] = {"#1f6fb2", "#d9541e", "#2a9d48", "#8e44ad", "#c0392b",
                                    "#16a085", "#b8860b", "#34495e", "#e84393", "#7f8c8d"};

// A coordinate with one decimal, written without printf (no locale can
// change the decimal point). Coordinates are drawing, not money: a double
// is exact enough for a pixel, and no figure is ever computed from one.
std::string coord(double v) {
  int64_t tenths = std::llround(v * 10);
  std::string out = tenths < 0 ? "-" : "";
  uint64_t a = static_cast<uint64_t>(tenths < 0 ? -tenths : tenths);
  out += std::to_string(a / 10);
  if (a % 10) out += "." + std::to_string(a % 10);
  return out;
}

// "83028", "-0.5", "0.75" → its value, for placing the point; nullopt for
// "unsourced: …", "(ends)", "(removed)".
std::optional<double> number(const std::string& text) {
  size_t i = 0;
  bool negative = false;
  if (i < text.size() && text[i] == '-') {
    negative = true;
    ++i;
  }
  double v = 0, scale = 0;
  bool digits = false;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c >= '0' && c <= '9') {
      digits = true;
      if (scale == 0) {
        v = v * 10 + (c - '0');
      } else {
        v += (c - '0') * scale;
        scale /= 10;
      }
    } else if (c == '.' && scale == 0) {
      scale = 0.1;
    } else {
      return std::nullopt;
    }
  }
  if (!digits) return std::nullopt;
  return negative ? -v : v;
}

std::vector<std::string> split_keys(const std::string& keys) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    size_t comma = keys.find(", ", start);
    out.push_back(keys.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) return out;
    start = comma + 2;
  }
}

struct Point {
  std::string first, rest;  // the first key; the others joined ("" for one key)
  std::optional<double> y;
  const ParamEntryHistory* entry = nullptr;
};

}  // namespace

std::string svg_chart(const ParamHistory& h) {
  std::vector<Point> points;
  size_t numeric = 0;
  for (const auto& e : h.entries) {
    if (e.value == "(removed)") continue;
    std::vector<std::string> keys = split_keys(e.keys);
    Point p;
    p.first = keys[0];
    for (size_t i = 1; i < keys.size(); ++i) p.rest += (i > 1 ? ", " : "") + keys[i];
    p.y = number(e.value);
    p.entry = &e;
    numeric += p.y ? 1 : 0;
    points.push_back(std::move(p));
  }
  if (numeric < 2) return "";

  // x: dates by day, years and integers by value, anything else by order.
  bool dates = true, integers = true;
  for (const Point& p : points) {
    if (!Date::parse(p.first)) dates = false;
    if (!number(p.first) || p.first.find('.') != std::string::npos) integers = false;
  }
  std::vector<std::string> firsts;  // the distinct first keys, in order
  for (const Point& p : points)
    if (std::find(firsts.begin(), firsts.end(), p.first) == firsts.end()) firsts.push_back(p.first);
  auto x_of = [&](const std::string& key) -> double {
    if (dates) return Date::parse(key)->days;
    if (integers) return *number(key);
    return static_cast<double>(std::find(firsts.begin(), firsts.end(), key) - firsts.begin());
  };
  double x_lo = x_of(points[0].first), x_hi = x_lo;
  double y_lo = 0, y_hi = 0;
  const ParamEntryHistory *lo_entry = nullptr, *hi_entry = nullptr;
  for (const Point& p : points) {
    x_lo = std::min(x_lo, x_of(p.first));
    x_hi = std::max(x_hi, x_of(p.first));
    if (!p.y) continue;
    if (!lo_entry || *p.y < y_lo) y_lo = *p.y, lo_entry = p.entry;
    if (!hi_entry || *p.y > y_hi) y_hi = *p.y, hi_entry = p.entry;
  }
  // The scale starts at 0 for positive values, so that heights compare.
  const bool from_zero = y_lo > 0;
  double base = from_zero ? 0 : y_lo;
  double top = y_hi > base ? y_hi : base + 1;
  if (x_hi == x_lo) x_hi = x_lo + 1;
  const double plot_w = kWidth - kLeft - kRight, plot_h = kHeight - kTop - kBottom;
  auto sx = [&](double x) { return kLeft + (x - x_lo) / (x_hi - x_lo) * plot_w; };
  auto sy = [&](double y) { return kTop + plot_h - (y - base) / (top - base) * plot_h; };

  std::string out = "<svg class=\"chart\" viewBox=\"0 0 " + coord(kWidth) + " " + coord(kHeight) +
                    "\" width=\"" + coord(kWidth) + "\" height=\"" + coord(kHeight) +
                    "\" role=\"img\" aria-label=\"" + esc(h.name) + "\">\n";
  // Axes, and the lowest and highest value as written.
  const double y0 = kTop + plot_h;
  out += "<line x1=\"" + coord(kLeft) + "\" y1=\"" + coord(y0) + "\" x2=\"" +
         coord(kWidth - kRight) + "\" y2=\"" + coord(y0) + "\" stroke=\"#888\"/>\n";
  out += "<line x1=\"" + coord(kLeft) + "\" y1=\"" + coord(kTop) + "\" x2=\"" + coord(kLeft) +
         "\" y2=\"" + coord(y0) + "\" stroke=\"#888\"/>\n";
  auto y_label = [&](double y, const std::string& text) {
    out += "<text class=\"y-label\" x=\"" + coord(kLeft - 6) + "\" y=\"" + coord(sy(y) + 4) +
           "\" text-anchor=\"end\">" + esc(text) + "</text>\n";
    out += "<line x1=\"" + coord(kLeft) + "\" y1=\"" + coord(sy(y)) + "\" x2=\"" +
           coord(kWidth - kRight) + "\" y2=\"" + coord(sy(y)) + "\" stroke=\"#eee\"/>\n";
  };
  if (from_zero) y_label(0, "0");
  y_label(y_lo, lo_entry->value);
  if (y_hi != y_lo) y_label(y_hi, hi_entry->value);
  // The first keys along the x axis, at most kMaxXLabels of them.
  size_t step = (firsts.size() + kMaxXLabels - 1) / kMaxXLabels;
  for (size_t i = 0; i < firsts.size(); ++i) {
    if (i % step != 0 && i + 1 != firsts.size()) continue;
    out += "<text class=\"x-label\" x=\"" + coord(sx(x_of(firsts[i]))) + "\" y=\"" +
           coord(y0 + 16) + "\" text-anchor=\"middle\">" + esc(firsts[i]) + "</text>\n";
  }
  // One series per value of the other keys, in the order met.
  std::vector<std::string> series;
  for (const Point& p : points)
    if (std::find(series.begin(), series.end(), p.rest) == series.end()) series.push_back(p.rest);
  for (size_t s = 0; s < series.size(); ++s) {
    const char* color = kPalette[s % std::size(kPalette)];
    // The line, broken where a value is missing; a date's value holds until
    // the next date (steps), a year's or an integer's is its own (segments).
    std::string line;
    std::optional<double> last_y;
    auto flush = [&] {
      if (line.find(' ') != std::string::npos)
        out += "<polyline class=\"series\" fill=\"none\" stroke=\"" + std::string(color) +
               "\" stroke-width=\"1.5\" points=\"" + line + "\"/>\n";
      line.clear();
      last_y.reset();
    };
    for (const Point& p : points) {
      if (p.rest != series[s]) continue;
      if (!p.y) {
        flush();
        continue;
      }
      const double x = sx(x_of(p.first)), y = sy(*p.y);
      if (!line.empty()) line += ' ';
      if (dates && last_y) line += coord(x) + "," + coord(*last_y) + " ";
      line += coord(x) + "," + coord(y);
      last_y = y;
    }
    flush();
    for (const Point& p : points) {
      if (p.rest != series[s]) continue;
      const ParamEntryHistory& e = *p.entry;
      std::string title = e.keys + ": " + e.value;
      if (!e.reliability.empty()) title += " (" + e.reliability + ")";
      if (!e.reference.empty()) title += " — " + e.reference;
      if (!p.y) {
        out += "<text class=\"unsourced\" x=\"" + coord(sx(x_of(p.first))) + "\" y=\"" +
               coord(y0 - 3) + "\" text-anchor=\"middle\" fill=\"#a00\">×<title>" + esc(title) +
               "</title></text>\n";
        continue;
      }
      auto r = parse_reliability(e.reliability);
      const bool weak = r && is_weak(*r);
      out += "<circle class=\"point" + std::string(weak ? " weak" : "") + "\" cx=\"" +
             coord(sx(x_of(p.first))) + "\" cy=\"" + coord(sy(*p.y)) + "\" r=\"3\" fill=\"" +
             (weak ? "#fff" : color) + "\" stroke=\"" + color + "\"><title>" + esc(title) +
             "</title></circle>\n";
    }
  }
  // The legend: the other keys of each line.
  if (series.size() > 1 || !series[0].empty()) {
    double x = kLeft;
    for (size_t s = 0; s < series.size(); ++s) {
      const char* color = kPalette[s % std::size(kPalette)];
      out += "<text class=\"legend\" x=\"" + coord(x) + "\" y=\"" + coord(kHeight - 8) +
             "\" fill=\"" + color + "\">■ " + esc(series[s]) + "</text>\n";
      x += 18 + 7.0 * static_cast<double>(series[s].size());
    }
  }
  out += "</svg>\n";
  return out;
}

}  // namespace decree::doc
