// `decree diff` as text: aligned tables for a terminal (CJK labels count two
// columns), amounts exact with thousands separators; labels and sentences
// from the catalogue (base/messages_reports.def) in the language asked for.
#include "diff/render.h"

#include <algorithm>

#include "base/codes_reports.h"
#include "base/strings.h"
#include "diff/report.h"

namespace decree::diff {
namespace {

using diff::DiffResult;
using diff::OutputInfo;
using diff::OutputStats;

// The report's words in one language.
struct Words {
  Lang lang;
  std::string operator()(Code code, MessageArgs args = {}) const {
    return message_text({code, std::move(args)}, lang);
  }
};

std::string count(uint64_t n) { return diff::group_digits(std::to_string(n)); }
std::string amount(const Decimal& d, bool money = true) {
  return diff::group_digits(diff::total_text(d, money));
}

std::string pad_right(const std::string& s, size_t width) {
  size_t w = display_width(s);
  return w >= width ? s : s + std::string(width - w, ' ');
}
std::string pad_left(const std::string& s, size_t width) {
  size_t w = display_width(s);
  return w >= width ? s : std::string(width - w, ' ') + s;
}

// A table: the first column left-aligned, the others right-aligned.
class Table {
 public:
  explicit Table(std::vector<std::string> header) { rows_.push_back(std::move(header)); }
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  std::string render(const std::string& indent = "  ") const {
    std::vector<size_t> widths;
    for (const auto& row : rows_)
      for (size_t i = 0; i < row.size(); ++i) {
        if (widths.size() <= i) widths.push_back(0);
        widths[i] = std::max(widths[i], display_width(row[i]));
      }
    std::string out;
    for (const auto& row : rows_) {
      std::string line = indent;
      for (size_t i = 0; i < row.size(); ++i) {
        if (i) line += "  ";
        line += i == 0 ? pad_right(row[i], widths[i]) : pad_left(row[i], widths[i]);
      }
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out += line + "\n";
    }
    return out;
  }

 private:
  std::vector<std::vector<std::string>> rows_;
};

std::string where_text(const diff::CaseRef& w, const std::vector<diff::InputFile>& inputs,
                       const Words& t) {
  std::string file = w.file < inputs.size() ? inputs[w.file].path : "?";
  std::string id = w.case_id.empty() ? t(msg::report_no_case_id) : w.case_id;
  return id + " (" + file + ":" + std::to_string(w.line) + ")";
}

std::string side_text(const diff::Side& s, const Words& t) {
  if (s.timeline) {
    // A timeline: each case under its own version; name them all.
    std::string text = s.label + " (" + t(msg::report_timeline);
    for (const auto& v : s.timeline->versions()) text += " \"" + v->version().name + "\"";
    for (const auto& p : s.timeline->payment_versions())
      text += " \"" + p.name + "\" " + t(msg::report_payments);
    return text + ")";
  }
  const VersionInfo& v = s.rules->version();
  std::string text = s.label;
  if (s.draft) {
    text += " (" + t(msg::report_draft);
    if (!v.name.empty()) text += ": " + t(msg::report_draft_version, {{"version", v.name}});
    if (!v.extends.empty()) text += " " + t(msg::report_extends, {{"version", v.extends}});
    text += ")";
  }
  for (const auto& p : s.rules->param_overrides()) text += " --param " + p.name + "=" + p.value;
  for (const auto& f : s.rules->param_files()) text += " --params " + f;
  text += "  sha256:" + v.hash.substr(0, 12);
  return text;
}

// At most `max` code points, with "…" when cut (messages quote long sources).
std::string shorten(const std::string& s, size_t max) {
  size_t points = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;
    if (points++ == max) return s.substr(0, i) + "…";
  }
  return s;
}

std::string payer_name(const std::string& p, const Words& t) {
  return p.empty() ? t(msg::report_unspecified) : p;
}

// The label of a period ("per month", "once", "period not declared").
std::string period_name(ast::Period p, const Words& t) {
  switch (p) {
    case ast::Period::per_month:
      return t(msg::report_per_month);
    case ast::Period::once:
      return t(msg::report_once);
    default:
      return t(msg::report_period_not_declared);
  }
}

// "  base       …": a label of the head, padded to the values' column.
std::string head_line(const std::string& label, const std::string& value) {
  return "  " + pad_to_width(label, 11) + value + "\n";
}

// A terminal's width: the --case tables and the long values below them fit in it.
constexpr size_t kTerminalColumns = 100;

// `text` cut into lines of at most `width` display columns, at spaces where
// it can be and inside a word longer than a line; the lines after the first
// start with `indent`.
std::string wrap(const std::string& text, size_t width, const std::string& indent) {
  std::string out, line;
  size_t line_w = 0;
  auto flush = [&] {
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += (out.empty() ? "" : "\n" + indent) + line;
    line.clear();
    line_w = 0;
  };
  for (size_t i = 0; i < text.size();) {
    size_t end = text.find(' ', i);
    end = end == std::string::npos ? text.size() : end + 1;  // the word and its space
    std::string word = text.substr(i, end - i);
    i = end;
    size_t w = display_width(word);
    if (line_w + w > width + (word.back() == ' ' ? 1 : 0) && line_w > 0) flush();
    while (display_width(word) > width + (word.back() == ' ' ? 1 : 0)) {  // a word too long
      size_t cut = 0, cut_w = 0;
      for (size_t k = 0; k < word.size();) {
        size_t len = 1;
        while (k + len < word.size() && (static_cast<unsigned char>(word[k + len]) & 0xC0) == 0x80)
          ++len;
        size_t cw = display_width(word.substr(k, len));
        if (cut_w + cw > width) break;
        cut_w += cw;
        k += len;
        cut = k;
      }
      if (cut == 0) break;  // one character wider than the line
      line = word.substr(0, cut);
      flush();
      word.erase(0, cut);
    }
    line += word;
    line_w += display_width(word);
  }
  if (!line.empty() || out.empty()) flush();
  return out;
}

// Values too wide for a cell of a --case table (a list of dependants): the
// cell shows a marker "[n]" and the value is printed in full, wrapped, below
// the table. One numbering for the whole report; equal values of both
// versions, and the same value of an output in both tables, share a note.
class LongValues {
 public:
  explicit LongValues(const Words& t) : t_(t) {}

  // The cells for `base` and `candidate` of `what` (a rule or an output),
  // each at most `max_cell` columns wide.
  std::pair<std::string, std::string> cells(size_t max_cell, const std::string& what,
                                            const std::string& base, const std::string& candidate,
                                            bool in_base = true, bool in_candidate = true) {
    bool long_base = in_base && display_width(base) > max_cell;
    bool long_candidate = in_candidate && display_width(candidate) > max_cell;
    if (long_base && long_candidate && base == candidate) {
      std::string m = note(t_(msg::report_long_both, {{"what", what}}), base);
      return {m, m};
    }
    return {long_base ? note(t_(msg::report_long_base, {{"what", what}}), base) : base,
            long_candidate ? note(t_(msg::report_long_candidate, {{"what", what}}), candidate)
                           : candidate};
  }

  // The notes made since the last call.
  std::string render_new() {
    std::string out;
    for (; rendered_ < notes_.size(); ++rendered_) {
      out += "  [" + std::to_string(rendered_ + 1) + "] " + notes_[rendered_].first + ":\n";
      out += "      " + wrap(notes_[rendered_].second, kTerminalColumns - 6, "      ") + "\n";
    }
    return out;
  }

 private:
  std::string note(const std::string& what, const std::string& value) {
    auto it = std::find(notes_.begin(), notes_.end(), std::make_pair(what, value));
    size_t n = static_cast<size_t>(it - notes_.begin()) + 1;
    if (it == notes_.end()) notes_.emplace_back(what, value);
    return "[" + std::to_string(n) + "]";
  }

  const Words& t_;
  std::vector<std::pair<std::string, std::string>> notes_;  // what, value
  size_t rendered_ = 0;
};

// The widest a value cell may be for `values` of them to fit in a terminal
// beside the fixed columns (`fixed` columns, indent and gaps included); never
// less than 12.
size_t value_cell_width(size_t fixed, size_t values) {
  size_t room = fixed < kTerminalColumns ? kTerminalColumns - fixed : 0;
  return std::max<size_t>(12, room / values);
}

std::string output_tags(const OutputInfo& o, const Words& t) {
  std::vector<std::string> tags;
  if (o.base_payer == o.candidate_payer || o.candidate_index < 0 || o.base_index < 0) {
    const std::string& p = o.base_index >= 0 ? o.base_payer : o.candidate_payer;
    if (!p.empty()) tags.push_back(p);
  } else {
    tags.push_back(payer_name(o.base_payer, t) + "→" + payer_name(o.candidate_payer, t));
  }
  if (o.base_index >= 0 && o.candidate_index >= 0 && o.base_period != o.candidate_period)
    tags.push_back(period_name(o.base_period, t) + "→" + period_name(o.candidate_period, t));
  else if (ast::Period p = o.base_index >= 0 ? o.base_period : o.candidate_period;
           p != ast::Period::none)
    tags.push_back(period_name(p, t));
  if (o.base_index < 0) tags.push_back(t(msg::report_new));
  if (o.candidate_index < 0) tags.push_back(t(msg::report_removed));
  std::string s;
  for (const auto& t : tags) s += (s.empty() ? "" : ", ") + t;
  return s.empty() ? s : "[" + s + "]";
}

std::string bar(uint64_t n, uint64_t max, size_t width) {
  if (n == 0 || max == 0) return "";
  size_t len = static_cast<size_t>((n * width + max - 1) / max);
  std::string s;
  for (size_t i = 0; i < len; ++i) s += "#";
  return s;
}

}  // namespace

size_t display_width(const std::string& s) { return decree::display_width(std::string_view(s)); }

namespace {

// --group-by: per value, the cases and the change of the money totals by
// payer (candidate − base; monthly amounts also as a year).
std::string groups_text(const DiffResult& r, const Words& t) {
  const Decimal twelve = Decimal::from_int(12);
  auto all = diff::payer_totals(r);
  std::vector<std::string> header = {r.group_by->label(), t(msg::report_group_cases),
                                     t(msg::report_changed), t(msg::report_failed)};
  for (const auto& p : all) {
    MessageArgs payer = {{"payer", payer_name(p.payer, t)}};
    if (p.per_month.any) header.push_back(t(msg::report_payer_per_month_year, payer));
    if (p.once.any) header.push_back(t(msg::report_payer_once, payer));
    if (p.undeclared.any) header.push_back(t(msg::report_payer_not_declared, payer));
  }
  Table table(header);
  for (const auto& [value, g] : r.stats.groups) {
    std::vector<std::string> row = {value, count(g.cases), count(g.changed), count(g.failed)};
    auto mine = diff::payer_totals(r, g.base_total, g.candidate_total);
    for (const auto& p : all) {
      auto it = std::find_if(mine.begin(), mine.end(),
                             [&](const diff::PayerTotals& m) { return m.payer == p.payer; });
      auto change = [&](const diff::Totals diff::PayerTotals::*kind, const Decimal& factor) {
        return diff::signed_text(it == mine.end() ? Decimal()
                                                  : ((*it).*kind).candidate * factor -
                                                        ((*it).*kind).base * factor);
      };
      const Decimal one = Decimal::from_int(1);
      if (p.per_month.any) row.push_back(change(&diff::PayerTotals::per_month, twelve));
      if (p.once.any) row.push_back(change(&diff::PayerTotals::once, one));
      if (p.undeclared.any) row.push_back(change(&diff::PayerTotals::undeclared, one));
    }
    table.add(row);
  }
  return "\n" + t(msg::report_by_group, {{"group", r.group_by->label()}}) + "\n" + table.render();
}

// The lines of a rendered table.
std::vector<std::string> lines_of(const std::string& rendered) {
  std::vector<std::string> lines;
  for (size_t p = 0; p < rendered.size();) {
    size_t nl = rendered.find('\n', p);
    lines.push_back(rendered.substr(p, nl - p));
    p = nl + 1;
  }
  return lines;
}

std::string head_text(const DiffResult& r, const Words& t) {
  std::string out = t(msg::report_title, {{"ruleset", r.ruleset}}) + "\n";
  out += head_line(t(msg::report_base), side_text(r.base, t));
  out += head_line(t(msg::report_candidate), side_text(r.candidate, t));
  for (size_t i = 0; i < r.inputs.size(); ++i)
    out += head_line(i == 0 ? t(msg::report_case_files) : "",
                     r.inputs[i].path + " (" + diff::format_name(r.inputs[i].format) + ")");
  if (r.as_of) out += head_line(t(msg::report_as_of), r.as_of->to_string());
  for (const auto& e : r.read_errors) out += "  error: " + message_text(e, t.lang) + "\n";
  return out;
}

std::string cases_text(const diff::DiffStats& s, const Words& t) {
  Table cases({"", ""});
  cases.add({t(msg::report_read), count(s.cases)});
  cases.add({t(msg::report_evaluated_both), count(s.both_ok)});
  cases.add({"  " + t(msg::report_changed_any), count(s.changed)});
  cases.add({"  " + t(msg::report_unchanged), count(s.both_ok - s.changed)});
  cases.add({t(msg::report_fail_base_only), count(s.base_failed_only)});
  cases.add({t(msg::report_fail_candidate_only), count(s.candidate_failed_only)});
  cases.add({t(msg::report_fail_both), count(s.both_failed)});
  std::string ct = cases.render();
  return "\n" + t(msg::report_cases) + "\n" + ct.substr(ct.find('\n') + 1);  // no header row
}

std::string outputs_text(const DiffResult& r, const Words& t) {
  const auto& s = r.stats;
  const Decimal twelve = Decimal::from_int(12);
  std::string out = "\n" + t(msg::report_outputs_title, {{"cases", count(s.both_ok)}}) + "\n";
  Table outputs({t(msg::report_output), t(msg::report_changed), t(msg::report_up),
                 t(msg::report_down), t(msg::report_base_total), t(msg::report_candidate_total),
                 t(msg::report_difference)});
  for (size_t o = 0; o < r.outputs.size(); ++o) {
    const OutputInfo& info = r.outputs[o];
    const OutputStats& st = s.outputs[o];
    std::string name = info.name;
    if (!info.label.empty()) name += " " + info.label;
    std::string tags = output_tags(info, t);
    if (!tags.empty()) name += " " + tags;
    if (!info.numeric) {
      outputs.add({name, count(st.changed), "", "", "", "", ""});
      continue;
    }
    outputs.add({name, count(st.changed), count(st.increased), count(st.decreased),
                 info.base_index >= 0 ? amount(st.base_total, info.money) : "-",
                 info.candidate_index >= 0 ? amount(st.candidate_total, info.money) : "-",
                 diff::signed_text(st.candidate_total - st.base_total, info.money)});
    if (info.monthly)
      outputs.add(
          {"  " + t(msg::report_a_year), "", "", "",
           info.base_index >= 0 ? amount(st.base_total * twelve, info.money) : "-",
           info.candidate_index >= 0 ? amount(st.candidate_total * twelve, info.money) : "-",
           diff::signed_text((st.candidate_total - st.base_total) * twelve, info.money)});
  }
  return out + outputs.render();
}

std::string payers_text(const DiffResult& r, const Words& t) {
  const Decimal twelve = Decimal::from_int(12);
  auto payers = diff::payer_totals(r);
  if (payers.empty()) return "";
  std::string out = "\n" + t(msg::report_who_pays) + "\n";
  Table table({t(msg::report_paid_by), "", t(msg::report_base), t(msg::report_candidate),
               t(msg::report_difference)});
  for (const auto& g : payers) {
    std::string who = payer_name(g.payer, t);
    bool first = true;
    auto row = [&](const std::string& what, const Decimal& b, const Decimal& c) {
      table.add({first ? who : "", what, amount(b), amount(c), diff::signed_text(c - b)});
      first = false;
    };
    if (g.per_month.any) {
      row(t(msg::report_per_month), g.per_month.base, g.per_month.candidate);
      row(t(msg::report_per_month_year), g.per_month.base * twelve, g.per_month.candidate * twelve);
    }
    if (g.once.any) row(t(msg::report_once), g.once.base, g.once.candidate);
    if (g.undeclared.any)
      row(t(msg::report_period_not_declared), g.undeclared.base, g.undeclared.candidate);
  }
  out += table.render();
  bool unspecified = std::any_of(payers.begin(), payers.end(),
                                 [](const diff::PayerTotals& g) { return g.payer.empty(); });
  if (unspecified) out += "  " + t(msg::report_unspecified_note) + "\n";
  return out;
}

// One output's changes: counts, the histogram of the differences, the
// largest (or first) changes.
std::string changes_text(const DiffResult& r, size_t o, const Words& t) {
  const OutputInfo& info = r.outputs[o];
  const OutputStats& st = r.stats.outputs[o];
  std::string out = "\n" + t(msg::report_output_changed, {{"output", info.name},
                                                          {"changed", count(st.changed)},
                                                          {"compared", count(st.compared)}});
  if (info.numeric) {
    std::vector<std::string> parts;
    if (st.increased)
      parts.push_back(t(msg::report_went_up, {{"count", count(st.increased)},
                                              {"amount", amount(st.increase_total, info.money)}}));
    if (st.decreased)
      parts.push_back(
          t(msg::report_went_down, {{"count", count(st.decreased)},
                                    {"amount", amount(st.decrease_total.abs(), info.money)}}));
    out += " (" + join(parts) + ")";
  }
  out += "\n";
  if (info.numeric) {
    const auto [first, last, max] = diff::histogram_span(st.histogram);
    Table h({t(msg::report_difference_d), t(msg::report_group_cases), ""});
    for (int b = first; b >= 0 && b <= last; ++b)
      h.add({diff::bucket_label(b), count(st.histogram[b]), ""});
    // Append the bars after the aligned columns.
    std::vector<std::string> lines = lines_of(h.render("    "));
    size_t width = 0;
    for (const auto& l : lines) width = std::max(width, display_width(l));
    out += lines[0] + "\n";
    for (size_t i = 1; i < lines.size(); ++i) {
      int b = first + static_cast<int>(i) - 1;
      out += pad_right(lines[i], width) + "  " + bar(st.histogram[b], max, 40) + "\n";
    }
    out += "  " + t(msg::report_largest_changes) + "\n";
  } else {
    out += "  " + t(msg::report_first_changes) + "\n";
  }
  Table big({t(msg::report_case), t(msg::report_base), t(msg::report_candidate),
             t(msg::report_difference)});
  for (const auto& c : st.largest)
    big.add({where_text(c.where, r.inputs, t), info.numeric ? diff::group_digits(c.base) : c.base,
             info.numeric ? diff::group_digits(c.candidate) : c.candidate,
             info.numeric ? diff::signed_text(c.difference, info.money) : ""});
  return out + big.render("    ");
}

std::string failure_kind(diff::FailureKind k, const Words& t) {
  switch (k) {
    case diff::FailureKind::base_only:
      return t(msg::report_base_only);
    case diff::FailureKind::candidate_only:
      return t(msg::report_candidate_only);
    case diff::FailureKind::both:
      return t(msg::report_both);
  }
  return "";
}

std::string messages_text(const DiffResult& r, const Words& t) {
  const auto& s = r.stats;
  if (s.messages.empty() && s.base_failed_only + s.candidate_failed_only + s.both_failed == 0)
    return "";
  std::string out = "\n" + t(msg::report_failures_by_message) + "\n";
  const auto ms = diff::messages_in_report_order(s);
  Table table(
      {t(msg::report_fails_under), t(msg::report_group_cases), t(msg::report_message_first_case)});
  for (const auto* m : ms) table.add({failure_kind(m->kind, t), count(m->count), ""});
  // Messages are long: put each after its counts.
  std::vector<std::string> lines = lines_of(table.render());
  out += lines[0] + "\n";
  const size_t shown = std::min<size_t>(ms.size(), 15);
  for (size_t i = 1; i <= shown; ++i) {
    const auto* m = ms[i - 1];
    out += lines[i] + "  " + shorten(diff::error_text(m->error, t.lang), 160) + "  " +
           t(msg::report_first_case, {{"case", where_text(m->first, r.inputs, t)}}) + "\n";
  }
  if (shown < ms.size()) {
    uint64_t rest = 0;
    for (size_t i = shown; i < ms.size(); ++i) rest += ms[i]->count;
    out += "  " +
           t(msg::report_more_messages,
             {{"messages", count(ms.size() - shown)}, {"cases", count(rest)}}) +
           "\n";
  }
  for (int k = 0; k < 3; ++k)
    if (s.other_messages[k])
      out += "  " +
             t(msg::report_other_messages,
               {{"kind", failure_kind(static_cast<diff::FailureKind>(k), t)},
                {"count", count(s.other_messages[k])}}) +
             "\n";
  return out;
}

// "    base:      …", "    candidate: …": labels padded to one column.
std::string side_label(Code label, const Words& t) {
  return pad_to_width(
      t(label == msg::report_base ? msg::report_base_side : msg::report_candidate_side), 11);
}

std::string one_sided_text(const DiffResult& r, const Words& t) {
  const auto& s = r.stats;
  if (s.failed.empty()) return "";
  const uint64_t one_sided = s.base_failed_only + s.candidate_failed_only;
  const size_t shown = std::min<size_t>(s.failed.size(), 10);
  std::string out = "\n" + t(msg::report_one_sided);
  if (shown < one_sided)
    out += " " + t(msg::report_first_of, {{"shown", count(shown)}, {"total", count(one_sided)}});
  out += "\n";
  for (size_t i = 0; i < shown; ++i) {
    const auto& f = s.failed[i];
    out += "  " + where_text(f.where, r.inputs, t) + "\n";
    if (f.base_failed)
      out +=
          "    " + side_label(msg::report_base, t) + diff::error_text(f.base_error, t.lang) + "\n";
    if (f.candidate_failed)
      out += "    " + side_label(msg::report_candidate, t) +
             diff::error_text(f.candidate_error, t.lang) + "\n";
  }
  if (shown < one_sided)
    out += "  " + t(msg::report_lists_first, {{"count", count(s.failed.size())}}) + "\n";
  return out;
}

}  // namespace

std::string diff_text(const DiffResult& r, Lang lang) {
  const Words t{lang};
  std::string out =
      head_text(r, t) + cases_text(r.stats, t) + outputs_text(r, t) + payers_text(r, t);
  if (r.group_by) out += groups_text(r, t);
  for (size_t o = 0; o < r.outputs.size(); ++o)
    if (r.stats.outputs[o].changed > 0) out += changes_text(r, o, t);
  return out + messages_text(r, t) + one_sided_text(r, t);
}

namespace {

// What differs in one step of --case: value, formula, citation, payer, the
// values it read, its parameters and table rows.
std::string step_differences(const diff::StepDiff& d, const Words& t) {
  std::string out = "  " + d.rule + " [" + d.cause + "]";
  if (!d.base_location.empty() || !d.candidate_location.empty())
    out += "  " + (d.in_candidate ? d.candidate_location : d.base_location);
  out += "\n";
  auto pair_line = [&](Code what, const std::string& b, const std::string& cv) {
    const std::string indent(17, ' ');
    out += "    " + t(what) + "\n      " + side_label(msg::report_base, t) +
           wrap(b, kTerminalColumns - 17, indent) + "\n      " +
           side_label(msg::report_candidate, t) + wrap(cv, kTerminalColumns - 17, indent) + "\n";
  };
  if (d.value_differs) pair_line(msg::report_value, d.base_value, d.candidate_value);
  if (d.formula_differs) pair_line(msg::report_formula, d.base_formula, d.candidate_formula);
  if (d.citation_differs) pair_line(msg::report_citation, d.base_citation, d.candidate_citation);
  if (d.payer_differs)
    pair_line(msg::report_paid_by, payer_name(d.base_payer, t), payer_name(d.candidate_payer, t));
  for (const auto& v : d.reads)
    if (v.differs)
      out += "    " +
             wrap(t(msg::report_reads, {{"kind", v.kind},
                                        {"name", v.name},
                                        {"base", v.base ? *v.base : "-"},
                                        {"candidate", v.candidate ? *v.candidate : "-"}}),
                  kTerminalColumns - 4, "      ") +
             "\n";
  for (const auto& p : d.parameters) {
    if (!p.differs) continue;
    out += "    " + t(msg::report_parameter, {{"name", p.name}, {"key", p.key}}) + " ";
    out += p.base ? *p.base + " " + t(msg::report_from, {{"date", p.base_from}}) : "-";
    out += " -> ";
    out +=
        p.candidate ? *p.candidate + " " + t(msg::report_from, {{"date", p.candidate_from}}) : "-";
    out += "\n";
    if (!p.candidate_location.empty() && p.candidate_location != p.base_location)
      out += "      " + t(msg::report_written_at, {{"location", p.candidate_location}}) + "\n";
    if (p.base_reference != p.candidate_reference && p.base && p.candidate) {
      out += "      " + t(msg::report_reference) + " " + p.base_reference + "\n             -> " +
             p.candidate_reference + "\n";
    }
  }
  for (const auto& tr : d.table_rows) {
    if (!tr.differs) continue;
    auto row = [&](const std::optional<int>& n, const std::string& text) {
      return n ? t(msg::report_row, {{"row", std::to_string(*n)}}) + " `" + text + "`"
               : std::string("-");
    };
    out += "    " + t(msg::report_table, {{"table", tr.table}, {"keys", tr.keys}}) + " " +
           row(tr.base_row, tr.base_text) + " -> " + row(tr.candidate_row, tr.candidate_text) +
           "\n";
    if (!tr.candidate_location.empty() && tr.candidate_location != tr.base_location)
      out += "      " + t(msg::report_written_at, {{"location", tr.candidate_location}}) + "\n";
  }
  return out;
}

}  // namespace

std::string case_text(const std::string& ruleset, const diff::Side& base,
                      const diff::Side& candidate, const std::vector<diff::InputFile>& inputs,
                      const diff::CaseComparison& c, Lang lang) {
  const Words t{lang};
  std::string out =
      t(msg::report_case_title, {{"ruleset", ruleset}, {"case", where_text(c.where, inputs, t)}}) +
      "\n";
  out += head_line(t(msg::report_base), side_text(base, t));
  out += head_line(t(msg::report_candidate), side_text(candidate, t));
  if (!c.base.ok)
    out += "  " + t(msg::report_base_fails) + " " + diff::error_text(c.base.error, lang) + "\n";
  if (!c.candidate.ok)
    out += "  " + t(msg::report_candidate_fails) + " " + diff::error_text(c.candidate.error, lang) +
           "\n";

  out += "\n" + t(msg::report_case_outputs) + "\n";
  const std::string output_h = t(msg::report_output), difference_h = t(msg::report_difference);
  Table outputs({output_h, t(msg::report_base), t(msg::report_candidate), difference_h, ""});
  size_t name_w = display_width(output_h), difference_w = display_width(difference_h);
  for (const auto& o : c.outputs) {
    name_w = std::max(name_w, display_width(o.name));
    if (o.difference)
      difference_w =
          std::max(difference_w,
                   display_width(diff::signed_text(Decimal::parse_or_throw(*o.difference), false)));
  }
  LongValues long_values(t);
  const size_t output_cell = value_cell_width(2 + name_w + 2 + 2 + 2 + difference_w + 2 + 1, 2);
  for (const auto& o : c.outputs) {
    auto [b, cv] = long_values.cells(output_cell, o.name, o.base ? *o.base : "-",
                                     o.candidate ? *o.candidate : "-");
    outputs.add(
        {o.name, b, cv,
         o.difference ? diff::signed_text(Decimal::parse_or_throw(*o.difference), false) : "",
         o.differs ? "*" : ""});
  }
  out += outputs.render();
  out += long_values.render_new();
  if (!c.base.ok && !c.candidate.ok) return out;

  out += "\n" + t(msg::report_derivation) + "\n";
  const std::string rule_h = t(msg::report_rule), cause_h = t(msg::report_cause);
  Table steps({rule_h, t(msg::report_base), t(msg::report_candidate), "", cause_h});
  auto label = [&](const diff::StepDiff& d) {
    return d.rule + (d.kind == "output" ? " " + t(msg::report_is_output) : "");
  };
  size_t rule_w = display_width(rule_h), cause_w = display_width(cause_h);
  for (const auto& d : c.steps) {
    rule_w = std::max(rule_w, display_width(label(d)));
    cause_w = std::max(cause_w, display_width(d.cause));
  }
  const size_t step_cell = value_cell_width(2 + rule_w + 2 + 2 + 2 + 1 + 2 + cause_w, 2);
  const std::string not_needed = t(msg::report_not_needed), fails = t(msg::report_fails);
  for (const auto& d : c.steps) {
    auto [b, cv] = long_values.cells(
        step_cell, d.rule, d.in_base ? d.base_value : (c.base.ok ? not_needed : fails),
        d.in_candidate ? d.candidate_value : (c.candidate.ok ? not_needed : fails), d.in_base,
        d.in_candidate);
    steps.add({label(d), b, cv, d.differs() ? "*" : "", d.cause});
  }
  out += steps.render();
  out += long_values.render_new();

  bool any = false;
  for (const auto& d : c.steps) {
    if (!d.differs()) continue;
    if (!any) out += "\n" + t(msg::report_what_differs) + "\n";
    any = true;
    out += step_differences(d, t);
  }
  if (!any) out += "\n" + t(msg::report_same_derivation) + "\n";
  return out;
}

}  // namespace decree::diff
