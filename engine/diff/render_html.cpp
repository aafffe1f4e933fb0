// `decree diff --html FILE`: one self-contained page for policy staff. Inline
// CSS and inline SVG charts only: no scripts, no fonts or images from the
// network, no links out. Labels are bilingual (中文 / English). Bar lengths
// are computed from the exact totals with Decimal arithmetic.
#include <algorithm>

#include "base/codes_reports.h"
#include "diff/render.h"
#include "base/json_pretty.h"
#include "base/markup.h"
#include "diff/report.h"

namespace decree::diff {
namespace {

using diff::DiffResult;
using diff::OutputInfo;
using diff::OutputStats;

std::string esc(const std::string& s) { return xml_escape(s, /*hide_urls=*/true); }

std::string count(uint64_t n) { return diff::group_digits(std::to_string(n)); }
std::string amount(const Decimal& d, bool money = true) {
  return diff::group_digits(diff::total_text(d, money));
}

// Bilingual label from the catalogue: 中文 <span class="en">English</span>.
// Placeholder values are HTML already (escaped by the caller).
std::string bi(Code code, MessageArgs args = {}) {
  Message m{code, std::move(args)};
  return message_text(m, Lang::zh) + " <span class=\"en\">" + message_text(m, Lang::en) + "</span>";
}

// Both languages as plain text (a title, a badge, a chart's legend).
std::string both(Code code) {
  Message m{code, {}};
  return message_text(m, Lang::zh) + " " + message_text(m, Lang::en);
}

// A case's error in 中文, and in English beside it where it reads differently.
std::string error_html(const CaseError& err) {
  std::string zh = diff::error_text(err, Lang::zh), en = diff::error_text(err, Lang::en);
  return esc(zh) + (zh == en ? "" : " <span class=\"en\">" + esc(en) + "</span>");
}

std::string badge(Code code) { return " <span class=\"badge\">" + both(code) + "</span>"; }

std::string diff_class(const Decimal& d) {
  return d.sign() > 0 ? "up" : (d.sign() < 0 ? "down" : "same");
}

// round(|value| × width / max) in whole pixels, exactly.
int64_t scaled(const Decimal& value, const Decimal& max, int width) {
  if (max.sign() == 0) return 0;
  Decimal r = value.abs() * Decimal::from_int(width) / max.abs();
  return r.round_places(0, RoundingMode::half_up).to_int64();
}

const char* kStyle = R"(
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",
 "Helvetica Neue",Arial,sans-serif;margin:2em auto;max-width:1200px;padding:0 1em;color:#1f2933;
 line-height:1.45}
h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.25em;margin-top:2em;border-bottom:2px solid
 #d9e2ec;padding-bottom:.2em}h3{font-size:1.05em;margin-top:1.5em}
.en{color:#52606d;font-weight:normal;font-size:.9em}
table{border-collapse:collapse;margin:.5em 0 1em;font-size:.92em}
th,td{border:1px solid #d9e2ec;padding:.3em .6em;vertical-align:top}
th{background:#f0f4f8;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums;
 white-space:nowrap}
tr.sub td{color:#52606d;font-style:italic}
.up{color:#b44d12}.down{color:#1c6e8c}.same{color:#52606d}
.cards{display:flex;flex-wrap:wrap;gap:.8em}.card{border:1px solid #d9e2ec;border-radius:6px;
 padding:.6em 1em;min-width:9em}.card b{display:block;font-size:1.4em}
.meta{color:#52606d}code{background:#f0f4f8;padding:0 .25em;border-radius:3px}
.d{background:#fff3c4}.badge{display:inline-block;border-radius:3px;padding:0 .4em;
 font-size:.8em;background:#e4e7eb}.badge.here{background:#f7c948}.badge.reads{background:#c6f7e2}
.badge.added,.badge.removed{background:#ffbdbd}
ul.k{margin:.2em 0;padding-left:1.2em}pre{background:#f0f4f8;padding:.6em;white-space:pre-wrap;
 overflow-wrap:anywhere}
svg{max-width:100%;height:auto}svg text{font-family:inherit;font-size:12px;fill:#1f2933}
footer{margin-top:3em;color:#52606d;font-size:.85em}
)";

std::string head(const std::string& title) {
  return "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
         esc(title) + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n";
}

std::string versions_table(const diff::Side& base, const diff::Side& candidate) {
  auto cell = [](const diff::Side& s, int what) -> std::string {
    const VersionInfo& v = s.rules->version();
    switch (what) {
      case 0:
        return esc(s.label) + (s.draft ? badge(msg::report_html_draft) : "");
      case 1:
        return esc(v.name) +
               (v.extends.empty()
                    ? ""
                    : " (" + bi(msg::report_html_extends, {{"version", esc(v.extends)}}) + ")");
      case 2:
        return esc(v.effective);
      case 3:
        return "<code>" + esc(s.rules->path()) + "</code>";
      case 4:
        return "<code>sha256:" + esc(v.hash) + "</code>";
      default: {
        std::string p;
        for (const auto& o : s.rules->param_overrides())
          p += "<code>" + esc(o.name) + "=" + esc(o.value) + "</code> ";
        for (const auto& f : s.rules->param_files()) p += "<code>--params " + esc(f) + "</code> ";
        return p.empty() ? "—" : p;
      }
    }
  };
  const Code rows[] = {msg::report_html_compared,   msg::report_html_version,
                       msg::report_html_effective,  msg::report_html_path,
                       msg::report_html_rules_hash, msg::report_html_what_if};
  std::string out = "<table>\n<tr><th></th><th>" + bi(msg::report_html_base_heading) + "</th><th>" +
                    bi(msg::report_html_candidate_heading) + "</th></tr>\n";
  for (int i = 0; i < 6; ++i)
    out += "<tr><th>" + bi(rows[i]) + "</th><td>" + cell(base, i) + "</td><td>" +
           cell(candidate, i) + "</td></tr>\n";
  return out + "</table>\n";
}

std::string where_html(const diff::CaseRef& w, const std::vector<diff::InputFile>& inputs) {
  std::string file = w.file < inputs.size() ? inputs[w.file].path : "?";
  return "<code>" + (w.case_id.empty() ? bi(msg::report_no_case_id) : esc(w.case_id)) +
         "</code> <span class=\"en\">" + esc(file) + ":" + std::to_string(w.line) + "</span>";
}

std::string payer_html(const std::string& p) {
  if (p == "fund") return bi(msg::report_html_fund);
  if (p == "employer") return bi(msg::report_html_employer);
  return bi(msg::report_html_unspecified);
}

// The width in px of `text` in the charts' 12px font, generously: a display
// column is at most 7px (a CJK glyph is 12px and two columns wide).
int text_px(const std::string& text) { return static_cast<int>(display_width(text)) * 7; }

std::string svg_open(int width, int height, const std::string& label) {
  std::string w = std::to_string(width), h = std::to_string(height);
  return "<svg width=\"" + w + "\" height=\"" + h + "\" viewBox=\"0 0 " + w + " " + h +
         "\" role=\"img\" aria-label=\"" + label + "\">\n";
}

// Horizontal bars: base and candidate total of each money output.
std::string totals_chart(const DiffResult& r) {
  std::vector<size_t> rows;
  Decimal max;
  for (size_t o = 0; o < r.outputs.size(); ++o) {
    const OutputInfo& info = r.outputs[o];
    if (!info.money) continue;
    rows.push_back(o);
    const OutputStats& st = r.stats.outputs[o];
    if (st.base_total.abs() > max) max = st.base_total.abs();
    if (st.candidate_total.abs() > max) max = st.candidate_total.abs();
  }
  if (rows.empty()) return "";
  const int label_w = 330, bar_w = 480, row_h = 34;
  int height = static_cast<int>(rows.size()) * row_h + 30;
  std::string svg = svg_open(label_w + bar_w + 170, height, both(msg::report_html_totals_chart));
  svg += "<rect x=\"" + std::to_string(label_w) +
         "\" y=\"4\" width=\"12\" height=\"10\" fill=\"#9aa5b1\"/><text x=\"" +
         std::to_string(label_w + 16) + "\" y=\"13\">" + both(msg::report_html_base) + "</text>";
  svg += "<rect x=\"" + std::to_string(label_w + 110) +
         "\" y=\"4\" width=\"12\" height=\"10\" fill=\"#2680c2\"/><text x=\"" +
         std::to_string(label_w + 126) + "\" y=\"13\">" + both(msg::report_html_candidate) +
         "</text>\n";
  int y = 24;
  for (size_t o : rows) {
    const OutputInfo& info = r.outputs[o];
    const OutputStats& st = r.stats.outputs[o];
    std::string label = info.name + (info.label.empty() ? "" : " " + info.label);
    svg += "<text x=\"0\" y=\"" + std::to_string(y + 18) + "\">" + esc(label) + "</text>\n";
    int64_t wb = scaled(st.base_total, max, bar_w), wc = scaled(st.candidate_total, max, bar_w);
    if (info.base_index >= 0)
      svg += "<rect x=\"" + std::to_string(label_w) + "\" y=\"" + std::to_string(y + 4) +
             "\" width=\"" + std::to_string(wb) + "\" height=\"12\" fill=\"#9aa5b1\"><title>" +
             esc(amount(st.base_total, info.money)) + "</title></rect>\n";
    if (info.candidate_index >= 0)
      svg += "<rect x=\"" + std::to_string(label_w) + "\" y=\"" + std::to_string(y + 17) +
             "\" width=\"" + std::to_string(wc) + "\" height=\"12\" fill=\"#2680c2\"><title>" +
             esc(amount(st.candidate_total, info.money)) + "</title></rect>\n";
    svg += "<text x=\"" + std::to_string(label_w + std::max(wb, wc) + 6) + "\" y=\"" +
           std::to_string(y + 22) + "\">" +
           esc(diff::signed_text(st.candidate_total - st.base_total, info.money)) + "</text>\n";
    y += row_h;
  }
  return svg + "</svg>\n";
}

std::string short_edge(const std::string& s) {
  if (s == "1000") return "1k";
  if (s == "10000") return "10k";
  if (s == "100000") return "100k";
  return s;
}

std::string short_bucket(int b) {
  auto [lo, hi] = diff::bucket_abs_edges(b);
  lo = short_edge(lo);
  hi = short_edge(hi);
  std::string m = "\u2212";
  if (diff::bucket_negative(b))
    return hi.empty() ? "\u2264" + m + lo : m + hi + "\u2026" + (lo == "0" ? "0" : m + lo);
  return hi.empty() ? "\u2265" + lo : lo + "\u2026" + hi;
}

// Vertical bars: the number of cases per bucket of the difference. Each bar
// gets a slot as wide as the texts above and below it, and the chart is as
// wide as its caption, so that nothing is cut with one bar or with fourteen.
std::string histogram_chart(const OutputStats& st) {
  const auto [first, last, max] = diff::histogram_span(st.histogram);
  if (first < 0) return "";
  const int margin = 10, gap = 10, chart_h = 160, top = 20;
  const std::string caption_zh = message_text({msg::report_html_histogram_caption, {}}, Lang::zh);
  const std::string caption_en = message_text({msg::report_html_histogram_caption, {}}, Lang::en);
  int bar = 64;
  for (int b = first; b <= last; ++b)
    bar = std::max({bar, text_px(short_bucket(b)), text_px(count(st.histogram[b]))});
  const int n = last - first + 1;
  const int width =
      2 * margin + std::max({n * (bar + gap) - gap, text_px(caption_zh), text_px(caption_en)});
  const int height = top + chart_h + 64;
  std::string svg = svg_open(width, height, both(msg::report_html_histogram));
  for (int b = first; b <= last; ++b) {
    int i = b - first;
    uint64_t c = st.histogram[b];
    int h = static_cast<int>(max ? (c * static_cast<uint64_t>(chart_h) + max - 1) / max : 0);
    if (c == 0) h = 0;
    int x = margin + i * (bar + gap);
    svg += "<rect x=\"" + std::to_string(x) + "\" y=\"" + std::to_string(top + chart_h - h) +
           "\" width=\"" + std::to_string(bar) + "\" height=\"" + std::to_string(h) + "\" fill=\"" +
           (diff::bucket_negative(b) ? "#1c6e8c" : "#d9822b") + "\"><title>" +
           esc(diff::bucket_label(b, true)) + ": " + count(c) + "</title></rect>\n";
    svg += "<text x=\"" + std::to_string(x + bar / 2) + "\" y=\"" +
           std::to_string(top + chart_h - h - 4) + "\" text-anchor=\"middle\">" + count(c) +
           "</text>\n";
    svg += "<text x=\"" + std::to_string(x + bar / 2) + "\" y=\"" +
           std::to_string(top + chart_h + 16) + "\" text-anchor=\"middle\">" +
           esc(short_bucket(b)) + "</text>\n";
  }
  svg += "<line x1=\"5\" x2=\"" + std::to_string(width - 5) + "\" y1=\"" +
         std::to_string(top + chart_h) + "\" y2=\"" + std::to_string(top + chart_h) +
         "\" stroke=\"#7b8794\"/>\n";
  svg += "<text x=\"" + std::to_string(margin) + "\" y=\"" + std::to_string(top + chart_h + 38) +
         "\">" + esc(caption_zh) + "</text>\n";
  svg += "<text x=\"" + std::to_string(margin) + "\" y=\"" + std::to_string(top + chart_h + 55) +
         "\">" + esc(caption_en) + "</text>\n";
  return svg + "</svg>\n";
}

}  // namespace

// --group-by: per value, the cases and the change of the money totals by payer.
std::string groups_html(const DiffResult& r) {
  const Decimal twelve = Decimal::from_int(12);
  const Decimal one = Decimal::from_int(1);
  auto all = diff::payer_totals(r);
  std::string out = "<h2>" + bi(msg::report_html_by_group, {{"group", esc(r.group_by->label())}}) +
                    "</h2>\n<p>" + bi(msg::report_html_changes_of_the_money_totals) +
                    "</p>\n<table>\n<tr><th>" + esc(r.group_by->label()) + "</th><th>" +
                    bi(msg::report_html_cases) + "</th><th>" + bi(msg::report_html_changed) +
                    "</th><th>" + bi(msg::report_html_failed) + "</th>";
  for (const auto& p : all) {
    if (p.per_month.any)
      out += "<th>" + payer_html(p.payer) + " " + bi(msg::report_html_per_month_12) + "</th>";
    if (p.once.any) out += "<th>" + payer_html(p.payer) + " " + bi(msg::report_html_once) + "</th>";
    if (p.undeclared.any)
      out +=
          "<th>" + payer_html(p.payer) + " " + bi(msg::report_html_period_not_declared) + "</th>";
  }
  out += "</tr>\n";
  for (const auto& [value, g] : r.stats.groups) {
    out += "<tr><td>" + esc(value) + "</td><td class=\"n\">" + std::to_string(g.cases) +
           "</td><td class=\"n\">" + std::to_string(g.changed) + "</td><td class=\"n\">" +
           std::to_string(g.failed) + "</td>";
    auto mine = diff::payer_totals(r, g.base_total, g.candidate_total);
    for (const auto& p : all) {
      auto it = std::find_if(mine.begin(), mine.end(),
                             [&](const diff::PayerTotals& m) { return m.payer == p.payer; });
      auto cell = [&](const diff::Totals diff::PayerTotals::*kind, const Decimal& factor) {
        Decimal d = it == mine.end()
                        ? Decimal()
                        : ((*it).*kind).candidate * factor - ((*it).*kind).base * factor;
        out += "<td class=\"n " + diff_class(d) + "\">" + diff::signed_text(d) + "</td>";
      };
      if (p.per_month.any) cell(&diff::PayerTotals::per_month, twelve);
      if (p.once.any) cell(&diff::PayerTotals::once, one);
      if (p.undeclared.any) cell(&diff::PayerTotals::undeclared, one);
    }
    out += "</tr>\n";
  }
  return out + "</table>\n";
}

std::string diff_html(const DiffResult& r) {
  const auto& s = r.stats;
  const Decimal twelve = Decimal::from_int(12);
  std::string out = head(both(msg::report_html_page_title) + " — " + r.ruleset);
  out += "<h1>" + bi(msg::report_html_policy_change_impact_assessment) + "</h1>\n";
  out += "<p class=\"meta\">" + bi(msg::report_html_rule_set) + ": <code>" + esc(r.ruleset) +
         "</code> · " + bi(msg::report_html_as_of) + ": " +
         (r.as_of ? esc(r.as_of->to_string()) : std::string("—")) + " · " +
         bi(msg::report_html_historical_cases) + ": ";
  for (size_t i = 0; i < r.inputs.size(); ++i)
    out += (i ? ", " : "") + std::string("<code>") + esc(r.inputs[i].path) + "</code>";
  out += "</p>\n";
  for (const auto& e : r.read_errors)
    out += "<p class=\"up\">" + esc(message_text(e, Lang::zh)) + " <span class=\"en\">" +
           esc(message_text(e, Lang::en)) + "</span></p>\n";

  out += "<h2>" + bi(msg::report_html_versions_compared) + "</h2>\n";
  out += versions_table(r.base, r.candidate);

  out += "<h2>" + bi(msg::report_html_cases_heading) + "</h2>\n<div class=\"cards\">\n";
  auto card = [&](Code label, uint64_t n) {
    out += "<div class=\"card\"><b>" + count(n) + "</b>" + bi(label) + "</div>\n";
  };
  card(msg::report_html_read, s.cases);
  card(msg::report_html_evaluated_both, s.both_ok);
  card(msg::report_html_changed_card, s.changed);
  card(msg::report_html_unchanged, s.both_ok - s.changed);
  card(msg::report_html_fail_base_only, s.base_failed_only);
  card(msg::report_html_fail_candidate_only, s.candidate_failed_only);
  card(msg::report_html_fail_both, s.both_failed);
  out += "</div>\n";

  auto payers = diff::payer_totals(r);
  if (!payers.empty()) {
    out += "<h2>" + bi(msg::report_html_effect_by_who_pays) + "</h2>\n";
    out += "<p>" + bi(msg::report_html_totals_over_the_cases_evaluated) +
           "</p>\n<table>\n<tr><th>" + bi(msg::report_html_paid_by) + "</th><th>" +
           bi(msg::report_html_kind) + "</th><th>" + bi(msg::report_html_base) + "</th><th>" +
           bi(msg::report_html_candidate) + "</th><th>" + bi(msg::report_html_difference) +
           "</th></tr>\n";
    for (const auto& g : payers) {
      int rows = (g.per_month.any ? 2 : 0) + (g.once.any ? 1 : 0) + (g.undeclared.any ? 1 : 0);
      bool first = true;
      auto row = [&](const std::string& kind, const Decimal& b, const Decimal& c, bool sub) {
        out += std::string(sub ? "<tr class=\"sub\">" : "<tr>");
        if (first)
          out += "<td rowspan=\"" + std::to_string(rows) + "\">" + payer_html(g.payer) + "</td>";
        first = false;
        Decimal d = c - b;
        out += "<td>" + kind + "</td><td class=\"n\">" + amount(b) + "</td><td class=\"n\">" +
               amount(c) + "</td><td class=\"n " + diff_class(d) + "\">" + diff::signed_text(d) +
               "</td></tr>\n";
      };
      if (g.per_month.any) {
        row(bi(msg::report_html_per_month), g.per_month.base, g.per_month.candidate, false);
        row(bi(msg::report_html_per_month_12_a_year), g.per_month.base * twelve,
            g.per_month.candidate * twelve, true);
      }
      if (g.once.any) row(bi(msg::report_html_once), g.once.base, g.once.candidate, false);
      if (g.undeclared.any)
        row(bi(msg::report_html_period_not_declared), g.undeclared.base, g.undeclared.candidate,
            false);
    }
    out += "</table>\n";
    if (std::any_of(payers.begin(), payers.end(),
                    [](const diff::PayerTotals& g) { return g.payer.empty(); }))
      out += "<p class=\"meta\">" + bi(msg::report_html_unspecified_outputs_without_paid_by) +
             "</p>\n";
  }
  if (r.group_by) out += groups_html(r);

  out += "<h2>" + bi(msg::report_html_outputs) + "</h2>\n<table>\n<tr><th>" +
         bi(msg::report_html_output) + "</th><th>" + bi(msg::report_html_paid_by) + "</th><th>" +
         bi(msg::report_html_changed_cases) + "</th><th>" + bi(msg::report_html_up) + "</th><th>" +
         bi(msg::report_html_down) + "</th><th>" + bi(msg::report_html_base_total) + "</th><th>" +
         bi(msg::report_html_candidate_total) + "</th><th>" + bi(msg::report_html_difference) +
         "</th></tr>\n";
  for (size_t o = 0; o < r.outputs.size(); ++o) {
    const OutputInfo& info = r.outputs[o];
    const OutputStats& st = s.outputs[o];
    std::string name = "<code>" + esc(info.name) + "</code>";
    if (!info.label.empty()) name += " " + esc(info.label);
    if (info.monthly) name += badge(msg::report_html_per_month);
    if (ast::Period p = info.candidate_index >= 0 ? info.candidate_period : info.base_period;
        p == ast::Period::once)
      name += badge(msg::report_html_once);
    if (info.base_index < 0) name += badge(msg::report_html_new);
    if (info.candidate_index < 0) name += badge(msg::report_html_removed);
    std::string payer = info.base_index >= 0 ? payer_html(info.base_payer) : "";
    if (info.base_index >= 0 && info.candidate_index >= 0 &&
        info.base_payer != info.candidate_payer)
      payer += " → " + payer_html(info.candidate_payer);
    else if (info.base_index < 0)
      payer = payer_html(info.candidate_payer);
    out += "<tr><td>" + name + "</td><td>" + payer + "</td><td class=\"n\">" + count(st.changed) +
           "</td>";
    if (!info.numeric) {
      out += "<td></td><td></td><td></td><td></td><td></td></tr>\n";
      continue;
    }
    Decimal d = st.candidate_total - st.base_total;
    out += "<td class=\"n\">" + count(st.increased) + "</td><td class=\"n\">" +
           count(st.decreased) + "</td><td class=\"n\">" +
           (info.base_index >= 0 ? amount(st.base_total, info.money) : "—") +
           "</td><td class=\"n\">" +
           (info.candidate_index >= 0 ? amount(st.candidate_total, info.money) : "—") +
           "</td><td class=\"n " + diff_class(d) + "\">" + diff::signed_text(d, info.money) +
           "</td></tr>\n";
    if (info.monthly)
      out += "<tr class=\"sub\"><td>×12 " + bi(msg::report_html_a_year) +
             "</td><td></td><td></td><td></td><td></td><td class=\"n\">" +
             amount(st.base_total * twelve, info.money) + "</td><td class=\"n\">" +
             amount(st.candidate_total * twelve, info.money) + "</td><td class=\"n " +
             diff_class(d) + "\">" + diff::signed_text(d * twelve, info.money) + "</td></tr>\n";
  }
  out += "</table>\n";
  out += "<h3>" + bi(msg::report_html_totals_compared) + "</h3>\n" + totals_chart(r);

  bool any_changed = false;
  for (size_t o = 0; o < r.outputs.size(); ++o) {
    const OutputInfo& info = r.outputs[o];
    const OutputStats& st = s.outputs[o];
    if (st.changed == 0) continue;
    if (!any_changed)
      out += "<h2>" + bi(msg::report_html_distribution_and_largest_changes) + "</h2>\n";
    any_changed = true;
    out += "<h3><code>" + esc(info.name) + "</code> " + esc(info.label) + " — " +
           count(st.changed) + " / " + count(st.compared) + " " +
           bi(msg::report_html_cases_changed) + "</h3>\n";
    if (info.numeric) {
      out += "<p>" + bi(msg::report_html_up) + " " + count(st.increased) + " (" +
             diff::signed_text(st.increase_total, info.money) + ") · " + bi(msg::report_html_down) +
             " " + count(st.decreased) + " (" + diff::signed_text(st.decrease_total, info.money) +
             ")</p>\n";
      out += histogram_chart(st);
    }
    out += "<table>\n<tr><th>" + bi(msg::report_html_case) + "</th><th>" +
           bi(msg::report_html_base) + "</th><th>" + bi(msg::report_html_candidate) + "</th><th>" +
           bi(msg::report_html_difference) + "</th></tr>\n";
    for (const auto& c : st.largest) {
      out += "<tr><td>" + where_html(c.where, r.inputs) + "</td><td class=\"n\">" +
             esc(info.numeric ? diff::group_digits(c.base) : c.base) + "</td><td class=\"n\">" +
             esc(info.numeric ? diff::group_digits(c.candidate) : c.candidate) + "</td>";
      out += info.numeric ? "<td class=\"n " + diff_class(c.difference) + "\">" +
                                diff::signed_text(c.difference, info.money) + "</td>"
                          : "<td></td>";
      out += "</tr>\n";
    }
    out += "</table>\n";
  }

  if (!s.messages.empty()) {
    out += "<h2>" + bi(msg::report_html_cases_that_fail) + "</h2>\n<table>\n<tr><th>" +
           bi(msg::report_html_fails_under) + "</th><th>" + bi(msg::report_html_case_count) +
           "</th><th>" + bi(msg::report_html_message) + "</th><th>" +
           bi(msg::report_html_first_case) + "</th></tr>\n";
    const auto ms = diff::messages_in_report_order(s);
    for (const auto* m : ms) {
      std::string kind =
          m->kind == diff::FailureKind::base_only
              ? bi(msg::report_html_base_only)
              : (m->kind == diff::FailureKind::candidate_only ? bi(msg::report_html_candidate_only)
                                                              : bi(msg::report_html_both));
      out += "<tr><td>" + kind + "</td><td class=\"n\">" + count(m->count) + "</td><td>" +
             error_html(m->error) + "</td><td>" + where_html(m->first, r.inputs) + "</td></tr>\n";
    }
    out += "</table>\n";
  }
  if (!s.failed.empty()) {
    out += "<h3>" + bi(msg::report_html_cases_that_fail_under_one) + "</h3>\n<table>\n<tr><th>" +
           bi(msg::report_html_case) + "</th><th>" + bi(msg::report_html_base) + "</th><th>" +
           bi(msg::report_html_candidate) + "</th></tr>\n";
    for (const auto& f : s.failed)
      out += "<tr><td>" + where_html(f.where, r.inputs) + "</td><td>" +
             (f.base_failed ? error_html(f.base_error) : "✓") + "</td><td>" +
             (f.candidate_failed ? error_html(f.candidate_error) : "✓") + "</td></tr>\n";
    out += "</table>\n";
  }

  out += "<footer>" + bi(msg::report_html_made_by_decree_diff_amounts) +
         "</footer>\n</body>\n</html>\n";
  return out;
}

std::string case_html(const std::string& ruleset, const diff::Side& base,
                      const diff::Side& candidate, const std::vector<diff::InputFile>& inputs,
                      const diff::CaseComparison& c) {
  std::string out = head(both(msg::report_html_case_page_title) + " — " + c.where.case_id);
  out += "<h1>" + bi(msg::report_html_why_this_case_changed) + ": <code>" + esc(c.where.case_id) +
         "</code></h1>\n";
  out += "<p class=\"meta\">" + bi(msg::report_html_rule_set) + ": <code>" + esc(ruleset) +
         "</code> · " + where_html(c.where, inputs) + "</p>\n";
  out += versions_table(base, candidate);
  // One field a line; a string too long for the page wraps (see pre{} above).
  std::string input = pretty_json(c.input_json);
  while (!input.empty() && input.back() == '\n') input.pop_back();
  out += "<h2>" + bi(msg::report_html_input) + "</h2>\n<pre>" + esc(input) + "</pre>\n";
  if (!c.base.ok)
    out += "<p class=\"up\">" + bi(msg::report_html_the_base_fails) + ": " +
           error_html(c.base.error) + "</p>\n";
  if (!c.candidate.ok)
    out += "<p class=\"up\">" + bi(msg::report_html_the_candidate_fails) + ": " +
           error_html(c.candidate.error) + "</p>\n";

  out += "<h2>" + bi(msg::report_html_case_outputs) + "</h2>\n<table>\n<tr><th>" +
         bi(msg::report_html_output) + "</th><th>" + bi(msg::report_html_base) + "</th><th>" +
         bi(msg::report_html_candidate) + "</th><th>" + bi(msg::report_html_difference) +
         "</th></tr>\n";
  for (const auto& o : c.outputs) {
    std::string cls = o.differs ? " class=\"d\"" : "";
    out += "<tr" + cls + "><td><code>" + esc(o.name) + "</code></td><td class=\"n\">" +
           esc(o.base ? *o.base : "—") + "</td><td class=\"n\">" +
           esc(o.candidate ? *o.candidate : "—") + "</td><td class=\"n\">" +
           (o.difference ? esc(diff::signed_text(Decimal::parse_or_throw(*o.difference), false))
                         : "") +
           "</td></tr>\n";
  }
  out += "</table>\n";

  out += "<h2>" + bi(msg::report_html_the_two_derivations_side_by) + "</h2>\n<p>" +
         bi(msg::report_html_yellow_marks_what_differs_cause) + "</p>\n<table>\n<tr><th>" +
         bi(msg::report_html_rule) + "</th><th>" + bi(msg::report_html_base) + "</th><th>" +
         bi(msg::report_html_candidate) + "</th></tr>\n";
  auto mark = [](bool d) { return d ? std::string(" class=\"d\"") : std::string(); };
  for (const auto& d : c.steps) {
    auto side_cell = [&](bool is_base) {
      bool present = is_base ? d.in_base : d.in_candidate;
      if (!present && !(is_base ? c.base.ok : c.candidate.ok))
        return std::string("<td class=\"d\">" + bi(msg::report_html_fails) + "</td>");
      if (!present)
        return std::string("<td class=\"d\">" + bi(msg::report_html_not_needed) + "</td>");
      const std::string& value = is_base ? d.base_value : d.candidate_value;
      const std::string& formula = is_base ? d.base_formula : d.candidate_formula;
      const std::string& citation = is_base ? d.base_citation : d.candidate_citation;
      const std::string& payer = is_base ? d.base_payer : d.candidate_payer;
      const std::string& loc = is_base ? d.base_location : d.candidate_location;
      std::string cell = "<td>";
      cell += "<div" + mark(d.value_differs) + "><b>" + esc(value) + "</b></div>";
      cell += "<div" + mark(d.formula_differs) + "><code>" + esc(formula) + "</code></div>";
      if (!citation.empty())
        cell += "<div" + mark(d.citation_differs) + "><span class=\"en\">" + esc(citation) +
                "</span></div>";
      if (!payer.empty() || d.payer_differs)
        cell += "<div" + mark(d.payer_differs) + ">" + payer_html(payer) + "</div>";
      std::string list;
      for (const auto& v : d.reads) {
        const auto& val = is_base ? v.base : v.candidate;
        if (!val) continue;
        list += "<li" + mark(v.differs) + ">" + esc(v.name) + " = " + esc(*val) + "</li>";
      }
      for (const auto& p : d.parameters) {
        const auto& val = is_base ? p.base : p.candidate;
        if (!val) continue;
        const std::string& from = is_base ? p.base_from : p.candidate_from;
        const std::string& ref = is_base ? p.base_reference : p.candidate_reference;
        list += "<li" + mark(p.differs) + ">" + bi(msg::report_html_parameter) + " <code>" +
                esc(p.name) + "[" + esc(p.key) + "]</code> = " + esc(*val) + " (" +
                bi(msg::report_html_from, {{"date", esc(from)}}) + ")<br><span class=\"en\">" +
                esc(ref) + " · " + esc(is_base ? p.base_location : p.candidate_location) +
                "</span></li>";
      }
      for (const auto& t : d.table_rows) {
        const auto& row = is_base ? t.base_row : t.candidate_row;
        if (!row) continue;
        list += "<li" + mark(t.differs) + ">" + bi(msg::report_html_table) + " <code>" +
                esc(t.table) + "</code> (" + esc(t.keys) + ") " +
                bi(msg::report_html_row, {{"row", std::to_string(*row)}}) + ": <code>" +
                esc(is_base ? t.base_text : t.candidate_text) + "</code> <span class=\"en\">" +
                esc(is_base ? t.base_location : t.candidate_location) + "</span></li>";
      }
      if (!list.empty()) cell += "<ul class=\"k\">" + list + "</ul>";
      if (!loc.empty()) cell += "<span class=\"en\">" + esc(loc) + "</span>";
      return cell + "</td>";
    };
    out += "<tr><td><code>" + esc(d.rule) + "</code>" +
           (d.kind == "output" ? badge(msg::report_html_output) : "") +
           (d.cause.empty()
                ? ""
                : " <span class=\"badge " + esc(d.cause) + "\">" + esc(d.cause) + "</span>") +
           "</td>" + side_cell(true) + side_cell(false) + "</tr>\n";
  }
  out += "</table>\n<footer>" + bi(msg::report_html_made_by_decree_diff_case) +
         "</footer>\n</body>\n</html>\n";
  return out;
}

}  // namespace decree::diff
