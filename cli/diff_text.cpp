// `decree diff` as text: aligned tables for a terminal (CJK labels count two
// columns), amounts exact with thousands separators.
#include "cli/diff_text.h"

#include <algorithm>

#include "diff/report.h"

namespace decree::cli {
namespace {

using diff::DiffResult;
using diff::OutputInfo;
using diff::OutputStats;

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

std::string where_text(const diff::CaseRef& w, const std::vector<diff::InputFile>& inputs) {
  std::string file = w.file < inputs.size() ? inputs[w.file].path : "?";
  std::string id = w.case_id.empty() ? "(no case_id)" : w.case_id;
  return id + " (" + file + ":" + std::to_string(w.line) + ")";
}

std::string side_text(const diff::Side& s) {
  if (s.timeline) {
    // A timeline: each case under its own version; name them all.
    std::string text = s.label + " (each case under the version its dates select:";
    for (const auto& v : s.timeline->versions()) text += " \"" + v->version().name + "\"";
    for (const auto& p : s.timeline->payment_versions()) text += " \"" + p.name + "\" (payments)";
    return text + ")";
  }
  const VersionInfo& v = s.rules->version();
  std::string text = s.label;
  if (s.draft) {
    text += " (draft";
    if (!v.name.empty()) text += ": version \"" + v.name + "\"";
    if (!v.extends.empty()) text += " extends \"" + v.extends + "\"";
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

std::string payer_name(const std::string& p) { return p.empty() ? "unspecified" : p; }

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
  // The cells for `base` and `candidate` of `what` (a rule or an output),
  // each at most `max_cell` columns wide.
  std::pair<std::string, std::string> cells(size_t max_cell, const std::string& what,
                                            const std::string& base, const std::string& candidate,
                                            bool in_base = true, bool in_candidate = true) {
    bool long_base = in_base && display_width(base) > max_cell;
    bool long_candidate = in_candidate && display_width(candidate) > max_cell;
    if (long_base && long_candidate && base == candidate) {
      std::string m = note(what + ", base and candidate", base);
      return {m, m};
    }
    return {long_base ? note(what + ", base", base) : base,
            long_candidate ? note(what + ", candidate", candidate) : candidate};
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

std::string output_tags(const OutputInfo& o) {
  std::vector<std::string> tags;
  if (o.base_payer == o.candidate_payer || o.candidate_index < 0 || o.base_index < 0) {
    const std::string& p = o.base_index >= 0 ? o.base_payer : o.candidate_payer;
    if (!p.empty()) tags.push_back(p);
  } else {
    tags.push_back(payer_name(o.base_payer) + "→" + payer_name(o.candidate_payer));
  }
  if (o.base_index >= 0 && o.candidate_index >= 0 && o.base_period != o.candidate_period)
    tags.push_back(std::string(diff::period_label(o.base_period)) + "→" +
                   diff::period_label(o.candidate_period));
  else if (ast::Period p = o.base_index >= 0 ? o.base_period : o.candidate_period;
           p != ast::Period::none)
    tags.push_back(period_text(p));
  if (o.base_index < 0) tags.push_back("new");
  if (o.candidate_index < 0) tags.push_back("removed");
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

size_t display_width(const std::string& s) {
  size_t w = 0;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    uint32_t cp = c;
    size_t len = 1;
    if (c >= 0xF0 && i + 3 < s.size()) {
      cp = ((c & 0x07u) << 18) | ((s[i + 1] & 0x3Fu) << 12) | ((s[i + 2] & 0x3Fu) << 6) |
           (s[i + 3] & 0x3Fu);
      len = 4;
    } else if (c >= 0xE0 && i + 2 < s.size()) {
      cp = ((c & 0x0Fu) << 12) | ((s[i + 1] & 0x3Fu) << 6) | (s[i + 2] & 0x3Fu);
      len = 3;
    } else if (c >= 0xC0 && i + 1 < s.size()) {
      cp = ((c & 0x1Fu) << 6) | (s[i + 1] & 0x3Fu);
      len = 2;
    }
    bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
    w += wide ? 2 : 1;
    i += len;
  }
  return w;
}

// --group-by: per value, the cases and the change of the money totals by
// payer (candidate − base; monthly amounts also as a year).
std::string groups_text(const DiffResult& r) {
  const Decimal twelve = Decimal::from_int(12);
  auto all = diff::payer_totals(r);
  std::vector<std::string> header = {r.group_by->label(), "cases", "changed", "failed"};
  for (const auto& p : all) {
    if (p.per_month.any) header.push_back(payer_name(p.payer) + " per month x 12");
    if (p.once.any) header.push_back(payer_name(p.payer) + " once");
    if (p.undeclared.any) header.push_back(payer_name(p.payer) + " period not declared");
  }
  Table t(header);
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
    t.add(row);
  }
  return "\nBy " + r.group_by->label() +
         " (changes of the money totals, candidate - base, over the cases evaluated under both)\n" +
         t.render();
}

std::string diff_text(const DiffResult& r) {
  const auto& s = r.stats;
  const Decimal twelve = Decimal::from_int(12);
  std::string out;
  out += "decree diff: " + r.ruleset + "\n";
  out += "  base       " + side_text(r.base) + "\n";
  out += "  candidate  " + side_text(r.candidate) + "\n";
  for (size_t i = 0; i < r.inputs.size(); ++i)
    out += std::string(i == 0 ? "  cases      " : "             ") + r.inputs[i].path + " (" +
           diff::format_name(r.inputs[i].format) + ")\n";
  if (r.as_of) out += "  as of      " + r.as_of->to_string() + "\n";
  for (const auto& e : r.read_errors) out += "  error: " + e + "\n";

  out += "\nCases\n";
  Table cases({"", ""});
  cases.add({"read", count(s.cases)});
  cases.add({"evaluated under both versions", count(s.both_ok)});
  cases.add({"  changed (any output)", count(s.changed)});
  cases.add({"  unchanged", count(s.both_ok - s.changed)});
  cases.add({"fail under the base only", count(s.base_failed_only)});
  cases.add({"fail under the candidate only", count(s.candidate_failed_only)});
  cases.add({"fail under both", count(s.both_failed)});
  std::string ct = cases.render();
  out += ct.substr(ct.find('\n') + 1);  // without the empty header row

  out +=
      "\nOutputs (totals over the " + count(s.both_ok) + " cases evaluated under both versions)\n";
  Table outputs({"output", "changed", "up", "down", "base total", "candidate total", "difference"});
  for (size_t o = 0; o < r.outputs.size(); ++o) {
    const OutputInfo& info = r.outputs[o];
    const OutputStats& st = s.outputs[o];
    std::string name = info.name;
    if (!info.label.empty()) name += " " + info.label;
    std::string tags = output_tags(info);
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
          {"  x 12 (a year)", "", "", "",
           info.base_index >= 0 ? amount(st.base_total * twelve, info.money) : "-",
           info.candidate_index >= 0 ? amount(st.candidate_total * twelve, info.money) : "-",
           diff::signed_text((st.candidate_total - st.base_total) * twelve, info.money)});
  }
  out += outputs.render();

  auto payers = diff::payer_totals(r);
  if (!payers.empty()) {
    out += "\nWho pays (money outputs, each version by its own `paid by` and period)\n";
    Table t({"paid by", "", "base", "candidate", "difference"});
    for (const auto& g : payers) {
      std::string who = payer_name(g.payer);
      bool first = true;
      auto row = [&](const std::string& what, const Decimal& b, const Decimal& c) {
        t.add({first ? who : "", what, amount(b), amount(c), diff::signed_text(c - b)});
        first = false;
      };
      if (g.per_month.any) {
        row("per month", g.per_month.base, g.per_month.candidate);
        row("per month x 12", g.per_month.base * twelve, g.per_month.candidate * twelve);
      }
      if (g.once.any) row("once", g.once.base, g.once.candidate);
      if (g.undeclared.any) row("period not declared", g.undeclared.base, g.undeclared.candidate);
    }
    out += t.render();
    bool unspecified = std::any_of(payers.begin(), payers.end(),
                                   [](const diff::PayerTotals& g) { return g.payer.empty(); });
    if (unspecified)
      out += "  (unspecified: outputs without `paid by`; they may be sums of other outputs)\n";
  }
  if (r.group_by) out += groups_text(r);

  for (size_t o = 0; o < r.outputs.size(); ++o) {
    const OutputInfo& info = r.outputs[o];
    const OutputStats& st = s.outputs[o];
    if (st.changed == 0) continue;
    out += "\n" + info.name + ": " + count(st.changed) + " of " + count(st.compared) +
           " cases changed";
    if (info.numeric) {
      out += " (";
      if (st.increased)
        out += count(st.increased) + " up by " + amount(st.increase_total, info.money);
      if (st.increased && st.decreased) out += ", ";
      if (st.decreased)
        out += count(st.decreased) + " down by " + amount(st.decrease_total.abs(), info.money);
      out += ")";
    }
    out += "\n";
    if (info.numeric) {
      const auto [first, last, max] = diff::histogram_span(st.histogram);
      Table h({"difference d", "cases", ""});
      for (int b = first; b >= 0 && b <= last; ++b)
        h.add({diff::bucket_label(b), count(st.histogram[b]), ""});
      std::string rendered = h.render("    ");
      // Append the bars after the aligned columns.
      std::vector<std::string> lines;
      for (size_t p = 0; p < rendered.size();) {
        size_t nl = rendered.find('\n', p);
        lines.push_back(rendered.substr(p, nl - p));
        p = nl + 1;
      }
      size_t width = 0;
      for (const auto& l : lines) width = std::max(width, display_width(l));
      out += lines[0] + "\n";
      for (size_t i = 1; i < lines.size(); ++i) {
        int b = first + static_cast<int>(i) - 1;
        out += pad_right(lines[i], width) + "  " + bar(st.histogram[b], max, 40) + "\n";
      }
      out += "  largest changes:\n";
    } else {
      out += "  first changes:\n";
    }
    Table big({"case", "base", "candidate", "difference"});
    for (const auto& c : st.largest)
      big.add({where_text(c.where, r.inputs), info.numeric ? diff::group_digits(c.base) : c.base,
               info.numeric ? diff::group_digits(c.candidate) : c.candidate,
               info.numeric ? diff::signed_text(c.difference, info.money) : ""});
    out += big.render("    ");
  }

  if (!s.messages.empty() || s.base_failed_only + s.candidate_failed_only + s.both_failed > 0) {
    out += "\nFailures by message\n";
    std::vector<const diff::MessageCount*> ms;
    for (const auto& [key, m] : s.messages) ms.push_back(&m);
    std::stable_sort(ms.begin(), ms.end(), [](const auto* a, const auto* b) {
      if (a->kind != b->kind) return a->kind < b->kind;
      if (a->count != b->count) return a->count > b->count;
      return a->first < b->first;
    });
    static const char* kKinds[] = {"base only", "candidate only", "both"};
    Table t({"fails under", "cases", "message (first case)"});
    for (const auto* m : ms) t.add({kKinds[static_cast<int>(m->kind)], count(m->count), ""});
    std::string rendered = t.render();
    // Messages are long: put each after its counts.
    std::vector<std::string> lines;
    for (size_t p = 0; p < rendered.size();) {
      size_t nl = rendered.find('\n', p);
      lines.push_back(rendered.substr(p, nl - p));
      p = nl + 1;
    }
    out += lines[0] + "\n";
    const size_t shown = std::min<size_t>(ms.size(), 15);
    for (size_t i = 1; i <= shown; ++i) {
      const auto* m = ms[i - 1];
      out += lines[i] + "  " + shorten(m->message, 160) +
             "  (first: " + where_text(m->first, r.inputs) + ")\n";
    }
    if (shown < ms.size()) {
      uint64_t rest = 0;
      for (size_t i = shown; i < ms.size(); ++i) rest += ms[i]->count;
      out += "  … " + count(ms.size() - shown) + " more messages (" + count(rest) +
             " cases): see --json or --html\n";
    }
    for (int k = 0; k < 3; ++k)
      if (s.other_messages[k])
        out += "  " + std::string(kKinds[k]) + ": " + count(s.other_messages[k]) +
               " more cases with other messages\n";
  }
  if (!s.failed.empty()) {
    const uint64_t one_sided = s.base_failed_only + s.candidate_failed_only;
    const size_t shown = std::min<size_t>(s.failed.size(), 10);
    out += "\nCases that fail under one version only";
    if (shown < one_sided) out += " (the first " + count(shown) + " of " + count(one_sided) + ")";
    out += "\n";
    for (size_t i = 0; i < shown; ++i) {
      const auto& f = s.failed[i];
      out += "  " + where_text(f.where, r.inputs) + "\n";
      if (f.base_failed) out += "    base:      " + diff::error_text(f.base_error) + "\n";
      if (f.candidate_failed) out += "    candidate: " + diff::error_text(f.candidate_error) + "\n";
    }
    if (shown < one_sided)
      out += "  (--json and --html list the first " + count(s.failed.size()) + ")\n";
  }
  return out;
}

std::string case_text(const std::string& ruleset, const diff::Side& base,
                      const diff::Side& candidate, const std::vector<diff::InputFile>& inputs,
                      const diff::CaseComparison& c) {
  std::string out;
  out += "decree diff: " + ruleset + ", case " + where_text(c.where, inputs) + "\n";
  out += "  base       " + side_text(base) + "\n";
  out += "  candidate  " + side_text(candidate) + "\n";
  if (!c.base.ok) out += "  the base fails: " + diff::error_text(c.base.error) + "\n";
  if (!c.candidate.ok)
    out += "  the candidate fails: " + diff::error_text(c.candidate.error) + "\n";

  out += "\nOutputs (* = differs)\n";
  Table t({"output", "base", "candidate", "difference", ""});
  size_t name_w = display_width("output"), difference_w = display_width("difference");
  for (const auto& o : c.outputs) {
    name_w = std::max(name_w, display_width(o.name));
    if (o.difference)
      difference_w =
          std::max(difference_w,
                   display_width(diff::signed_text(Decimal::parse_or_throw(*o.difference), false)));
  }
  LongValues long_values;
  const size_t output_cell = value_cell_width(2 + name_w + 2 + 2 + 2 + difference_w + 2 + 1, 2);
  for (const auto& o : c.outputs) {
    auto [b, cv] = long_values.cells(output_cell, o.name, o.base ? *o.base : "-",
                                     o.candidate ? *o.candidate : "-");
    t.add({o.name, b, cv,
           o.difference ? diff::signed_text(Decimal::parse_or_throw(*o.difference), false) : "",
           o.differs ? "*" : ""});
  }
  out += t.render();
  out += long_values.render_new();

  if (c.base.ok || c.candidate.ok) {
    out +=
        "\nDerivation, rule by rule (* = differs; cause: here = the change starts in this "
        "rule,\nreads = a value it read changed, derivation = same value, different "
        "derivation)\n";
    Table steps({"rule", "base", "candidate", "", "cause"});
    auto label = [](const diff::StepDiff& d) {
      return d.rule + (d.kind == "output" ? " (output)" : "");
    };
    size_t rule_w = display_width("rule"), cause_w = display_width("cause");
    for (const auto& d : c.steps) {
      rule_w = std::max(rule_w, display_width(label(d)));
      cause_w = std::max(cause_w, display_width(d.cause));
    }
    const size_t step_cell = value_cell_width(2 + rule_w + 2 + 2 + 2 + 1 + 2 + cause_w, 2);
    for (const auto& d : c.steps) {
      auto [b, cv] = long_values.cells(
          step_cell, d.rule, d.in_base ? d.base_value : (c.base.ok ? "(not needed)" : "(fails)"),
          d.in_candidate ? d.candidate_value : (c.candidate.ok ? "(not needed)" : "(fails)"),
          d.in_base, d.in_candidate);
      steps.add({label(d), b, cv, d.differs() ? "*" : "", d.cause});
    }
    out += steps.render();
    out += long_values.render_new();

    bool any = false;
    for (const auto& d : c.steps) {
      if (!d.differs()) continue;
      if (!any) out += "\nWhat differs\n";
      any = true;
      out += "  " + d.rule + " [" + d.cause + "]";
      if (!d.base_location.empty() || !d.candidate_location.empty())
        out += "  " + (d.in_candidate ? d.candidate_location : d.base_location);
      out += "\n";
      auto pair_line = [&](const std::string& what, const std::string& b, const std::string& cv) {
        const std::string indent(17, ' ');
        out += "    " + what + "\n      base:      " + wrap(b, kTerminalColumns - 17, indent) +
               "\n      candidate: " + wrap(cv, kTerminalColumns - 17, indent) + "\n";
      };
      if (d.value_differs) pair_line("value", d.base_value, d.candidate_value);
      if (d.formula_differs) pair_line("formula", d.base_formula, d.candidate_formula);
      if (d.citation_differs) pair_line("citation", d.base_citation, d.candidate_citation);
      if (d.payer_differs)
        pair_line("paid by", payer_name(d.base_payer), payer_name(d.candidate_payer));
      for (const auto& v : d.reads)
        if (v.differs)
          out += "    " +
                 wrap("reads " + v.kind + " " + v.name + ": " + (v.base ? *v.base : "-") + " -> " +
                          (v.candidate ? *v.candidate : "-"),
                      kTerminalColumns - 4, "      ") +
                 "\n";
      for (const auto& p : d.parameters) {
        if (!p.differs) continue;
        out += "    parameter " + p.name + "[" + p.key + "]: ";
        out += (p.base ? *p.base + " (from " + p.base_from + ")" : "-");
        out += " -> ";
        out += (p.candidate ? *p.candidate + " (from " + p.candidate_from + ")" : "-");
        out += "\n";
        if (!p.candidate_location.empty() && p.candidate_location != p.base_location)
          out += "      written at " + p.candidate_location + "\n";
        if (p.base_reference != p.candidate_reference && p.base && p.candidate)
          out += "      reference: " + p.base_reference + "\n             -> " +
                 p.candidate_reference + "\n";
      }
      for (const auto& tr : d.table_rows) {
        if (!tr.differs) continue;
        out += "    table " + tr.table + " (" + tr.keys + "): ";
        out += tr.base_row ? "row " + std::to_string(*tr.base_row) + " `" + tr.base_text + "`"
                           : std::string("-");
        out += " -> ";
        out += tr.candidate_row
                   ? "row " + std::to_string(*tr.candidate_row) + " `" + tr.candidate_text + "`"
                   : std::string("-");
        out += "\n";
        if (!tr.candidate_location.empty() && tr.candidate_location != tr.base_location)
          out += "      written at " + tr.candidate_location + "\n";
      }
    }
    if (!any) out += "\nThe two derivations are the same.\n";
  }
  return out;
}

}  // namespace decree::cli
