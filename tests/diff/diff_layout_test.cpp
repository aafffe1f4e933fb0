// decree diff's reports fit what they show (the built binary): every text of
// a histogram lies inside its SVG whatever the number of bars, the --case
// page shows the whole input, and the text --case tables stay within a
// terminal's 100 columns when a value is a long list.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>

#include "run_cli.h"

namespace decree::cli::testing {
namespace {

using nlohmann::json;

const std::string kDemo = source_path("tests/lang/versions/demo");
const std::string kWiBench = source_path("fixtures/bench/wi-bench");
const std::string kCases = source_path("tests/diff/data/wi-cases.jsonl");

// Terminal columns of UTF-8 text: CJK and full-width characters count two.
// (An SVG text of 12px needs at least 6px a column: a CJK glyph is 1em.)
size_t columns(const std::string& s) {
  size_t w = 0;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    uint32_t cp = c;
    size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (len == 3 && i + 2 < s.size())
      cp = ((c & 0x0Fu) << 12) | ((s[i + 1] & 0x3Fu) << 6) | (s[i + 2] & 0x3Fu);
    else if (len == 4)
      cp = 0x20000;
    w += cp >= 0x2E80 ? 2 : 1;
    i += len;
  }
  return w;
}

std::string unescape(std::string s) {
  for (auto [entity, text] : std::vector<std::pair<std::string, std::string>>{{"&lt;", "<"},
                                                                              {"&gt;", ">"},
                                                                              {"&quot;", "\""},
                                                                              {"&#39;", "'"},
                                                                              {"&#58;", ":"},
                                                                              {"&amp;", "&"}}) {
    for (size_t at = s.find(entity); at != std::string::npos; at = s.find(entity, at + 1))
      s.replace(at, entity.size(), text);
  }
  return s;
}

std::vector<std::string> histograms(const std::string& html) {
  std::vector<std::string> out;
  const std::string mark = "aria-label=\"变化的分布 distribution of changes\"";
  for (size_t at = html.find(mark); at != std::string::npos; at = html.find(mark, at + 1)) {
    size_t start = html.rfind("<svg", at);
    size_t end = html.find("</svg>", at);
    out.push_back(html.substr(start, end - start));
  }
  return out;
}

int attribute(const std::string& tag, const std::string& name) {
  std::smatch m;
  if (!std::regex_search(tag, m, std::regex(" " + name + "=\"(-?[0-9]+)\""))) return -1;
  return std::stoi(m[1]);
}

// Every <text> of the chart inside the SVG's width, the viewBox its size,
// and texts on one line (the captions under the bars) not overlapping.
// Returns the number of bars.
size_t expect_texts_fit(const std::string& svg) {
  std::string open = svg.substr(0, svg.find('>'));
  const int width = attribute(open, "width"), height = attribute(open, "height");
  EXPECT_GT(width, 0) << open;
  EXPECT_NE(
      open.find("viewBox=\"0 0 " + std::to_string(width) + " " + std::to_string(height) + "\""),
      std::string::npos)
      << open;
  std::map<int, std::vector<std::pair<int, int>>> by_line;  // y → [from, to) in px
  std::regex text_re("<text([^>]*)>([^<]*)</text>");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), text_re);
       it != std::sregex_iterator(); ++it) {
    std::string attrs = (*it)[1], content = unescape((*it)[2]);
    int x = attribute(attrs, "x"), y = attribute(attrs, "y");
    int w = static_cast<int>(columns(content)) * 6;
    bool middle = attrs.find("text-anchor=\"middle\"") != std::string::npos;
    int from = middle ? x - w / 2 : x, to = middle ? x + w / 2 : x + w;
    EXPECT_GE(from, 0) << content << " in\n" << svg;
    EXPECT_LE(to, width) << content << " (" << columns(content) << " columns) in\n" << svg;
    by_line[y].push_back({from, to});
  }
  for (auto& [y, spans] : by_line) {
    std::sort(spans.begin(), spans.end());
    for (size_t i = 1; i < spans.size(); ++i)
      EXPECT_LE(spans[i - 1].second, spans[i].first) << "texts overlap at y=" << y << " in\n"
                                                     << svg;
  }
  size_t bars = 0;
  for (size_t at = svg.find("<rect"); at != std::string::npos; at = svg.find("<rect", at + 1))
    ++bars;
  return bars;
}

TEST(DiffLayout, HistogramFitsItsCaptionsForAnyNumberOfBars) {
  std::map<size_t, int> charts_by_bars;
  // The demo: every changed funeral grant moves by 1,000 to 10,000: one bar.
  std::string cases = temp_path("demo.jsonl");
  write_file(cases,
             "{\"injury_date\":\"2021-08-01\",\"wage\":\"2000.00\",\"care\":\"partial\"}\n"
             "{\"injury_date\":\"2022-03-01\",\"wage\":\"9000.00\",\"care\":\"full\"}\n"
             "{\"injury_date\":\"2021-09-01\",\"wage\":\"30000.00\"}\n");
  std::string page = temp_path("demo.html");
  CliResult r = run_cli(
      {"diff", kDemo, "--base", "2011-01-01", "--candidate", "2021-07-01", cases, "--html", page});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // wi-bench with another average wage: changes of many sizes, up and down.
  std::string page2 = temp_path("wi.html");
  r = run_cli({"diff", kWiBench, "--base", "", "--candidate-param", "p.avg_monthly_wage=6000",
               kCases, "--html", page2});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const std::string& p : {page, page2})
    for (const std::string& svg : histograms(read_file(p))) ++charts_by_bars[expect_texts_fit(svg)];
  EXPECT_GT(charts_by_bars[1], 0) << "no histogram with one bar";
  EXPECT_GT(std::count_if(charts_by_bars.begin(), charts_by_bars.end(),
                          [](const auto& kv) { return kv.first >= 3; }),
            0)
      << "no histogram with three bars or more";
}

// The <style> rule for `selector`, e.g. "pre{…}".
std::string css_rule(const std::string& html, const std::string& selector) {
  size_t style = html.find("<style>");
  size_t end = html.find("</style>");
  std::string css = html.substr(style, end - style);
  size_t at = css.find("\n" + selector + "{");
  if (at == std::string::npos) at = css.find("}" + selector + "{");
  if (at == std::string::npos) return "";
  return css.substr(at + 1, css.find('}', at + 1) - at);
}

TEST(DiffLayout, CasePageShowsTheWholeInputPrettyPrinted) {
  // A death case with dependants: the longest input of the sample.
  std::string line, id;
  for (const auto& l : split_lines(read_file(kCases)))
    if (l.size() > line.size()) line = l;
  json input = json::parse(line);
  ASSERT_TRUE(input["dependents"].size() >= 2) << line;
  id = input["case_id"];
  std::string page = temp_path("case.html");
  CliResult r = run_cli({"diff", kWiBench, "--base", "", "--candidate-param",
                         "p.avg_monthly_wage=6000", kCases, "--case", id, "--html", page});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string html = read_file(page);
  size_t pre = html.find("<pre");
  ASSERT_NE(pre, std::string::npos);
  size_t from = html.find('>', pre) + 1;
  std::string shown = unescape(html.substr(from, html.find("</pre>", from) - from));
  // All of it, and one field a line.
  EXPECT_EQ(json::parse(shown), input) << shown;
  auto lines = split_lines(shown);
  EXPECT_GT(lines.size(), input.size() + input["dependents"].size()) << shown;
  for (const auto& l : lines) EXPECT_LE(columns(l), 80u) << l;
  // Whatever is still too long wraps instead of running off the page.
  std::string rule = css_rule(html, "pre");
  EXPECT_NE(rule.find("white-space:pre-wrap"), std::string::npos) << rule;
  EXPECT_NE(rule.find("overflow-wrap:anywhere"), std::string::npos) << rule;
}

TEST(DiffLayout, CaseTextTablesStayWithinATerminalWithALongList) {
  // A rule whose value is the list of dependants.
  std::string dir = temp_path("lists");
  ASSERT_EQ(system(("mkdir -p '" + dir + "'").c_str()), 0);
  write_file(dir + "/lists.decree",
             "ruleset t.lists\n"
             "enum Relation { spouse, child, parent }\n"
             "record Dependent {\n  relation: Relation,\n  orphan_or_alone: bool,\n}\n"
             "input {\n  case_id: text\n  dependents: list of Dependent = []\n"
             "  bonus: money = 0.00\n  remark: text = \"\"\n}\n"
             "/// every dependant\n"
             "let everyone: list of Dependent = dependents\n"
             "output eligible: integer = count(d in everyone where d.relation != parent)\n"
             "output pension: money = bonus * eligible\n"
             "output remark_shown: text = remark\n");
  // … and an output that is one word of 150 characters.
  std::string remark;
  for (int i = 0; i < 15; ++i) remark += "remark-" + std::to_string(i) + "-";
  json c = {{"case_id", "L1"}, {"dependents", json::array()}, {"remark", remark}};
  for (const char* rel : {"spouse", "child", "child", "parent", "parent", "child"})
    c["dependents"].push_back({{"relation", rel}, {"orphan_or_alone", false}});
  std::string cases = temp_path("lists.jsonl");
  write_file(cases, c.dump() + "\n");
  std::vector<std::string> args{"diff", dir,   "--base", "",  "--candidate",
                                dir,    cases, "--case", "L1"};
  CliResult r = run_cli(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto with_json = args;
  with_json.push_back("--json");
  CliResult rj = run_cli(with_json);
  ASSERT_EQ(rj.exit_code, 0) << rj.err;
  std::string everyone;
  const json explained = json::parse(rj.out);
  for (const auto& s : explained["steps"])
    if (s["rule"] == "everyone") everyone = s["value"]["base"];
  ASSERT_GT(columns(everyone), 200u) << everyone;

  // The two tables (from "Outputs" to the end) fit in 100 columns…
  size_t tables = r.out.find("\nOutputs");
  ASSERT_NE(tables, std::string::npos) << r.out;
  auto lines = split_lines(r.out.substr(tables + 1));
  for (const auto& l : lines) EXPECT_LE(columns(l), 100u) << l << "\n" << r.out;
  // … and the list is shown in full below its table.
  auto squeeze = [](const std::string& s) {
    std::string out;
    for (char ch : s)
      if (ch != ' ' && ch != '\n') out += ch;
    return out;
  };
  EXPECT_NE(squeeze(r.out.substr(tables)).find(squeeze(everyone)), std::string::npos) << r.out;
  EXPECT_NE(squeeze(r.out.substr(tables)).find(remark), std::string::npos) << r.out;
  bool row = false;
  for (const auto& l : lines)
    if (l.rfind("  everyone ", 0) == 0) row = true;
  EXPECT_TRUE(row) << r.out;
}

}  // namespace
}  // namespace decree::cli::testing
