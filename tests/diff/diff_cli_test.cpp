// decree diff end to end (the built binary): a change that affects nothing,
// one that changes amounts (totals checked against `decree batch`), one that
// breaks cases, the three case formats, --case, --json and --html.
#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "decimal/decimal.h"
#include "run_cli.h"

namespace decree::cli::testing {
namespace {

using nlohmann::json;

const std::string kDemo = source_path("tests/lang/versions/demo");
const std::string kWiBench = source_path("fixtures/bench/wi-bench");
const std::string kData = source_path("tests/diff/data");
const std::string kCases = kData + "/wi-cases.jsonl";

const char* kDemoCases =
    "{\"injury_date\":\"2021-08-01\",\"wage\":\"2000.00\",\"care\":\"partial\"}\n"
    "{\"injury_date\":\"2022-03-01\",\"wage\":\"9000.00\",\"care\":\"full\"}\n"
    "{\"injury_date\":\"2021-09-01\",\"wage\":\"30000.00\"}\n"
    "{\"injury_date\":\"2019-05-01\",\"wage\":\"4000.00\"}\n"
    "{\"injury_date\":\"2022-12-31\",\"wage\":\"3600.00\",\"care\":\"none\"}\n";

// The last word of the first line of `text` that starts with "  " + label.
std::string row_value(const std::string& text, const std::string& label) {
  for (const auto& line : split_lines(text))
    if (line.rfind("  " + label, 0) == 0) return line.substr(line.find_last_of(' ') + 1);
  return "(no row " + label + ")";
}

json run_json(const std::vector<std::string>& args) {
  std::vector<std::string> all = args;
  all.push_back("--json");
  CliResult r = run_cli(all);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  json j = json::parse(r.out, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << r.out.substr(0, 500);
  return j;
}

const json& output(const json& report, const std::string& name) {
  for (const auto& o : report["outputs"])
    if (o["name"] == name) return o;
  static const json kNone;
  ADD_FAILURE() << "no output " << name;
  return kNone;
}

// Totals of every money output over `decree batch` results.
std::map<std::string, Decimal> batch_totals(const std::vector<std::string>& extra) {
  std::vector<std::string> args{"batch", kWiBench, "--threads", "2"};
  args.insert(args.end(), extra.begin(), extra.end());
  CliResult r = run_cli(args, read_file(kCases));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::map<std::string, Decimal> totals;
  for (const auto& line : split_lines(r.out)) {
    json j = json::parse(line);
    for (auto it = j.begin(); it != j.end(); ++it)
      if (it->is_string() && it.key() != "case_id" && it.key() != "ruleset" &&
          it.key() != "rules_hash" && it.key() != "version")
        if (auto d = Decimal::parse(it->get<std::string>()))
          totals[it.key()] = totals[it.key()] + *d;
  }
  return totals;
}

TEST(DiffCli, IdenticalCandidateChangesNothing) {
  // The candidate is the same rules loaded as a directory of draft files.
  json j = run_json({"diff", kWiBench, "--base", "", "--candidate", kWiBench, kCases});
  EXPECT_EQ(j["diff_format"], "2");
  EXPECT_EQ(j["cases"]["read"], 40);
  EXPECT_EQ(j["cases"]["evaluated_both"], 40);
  EXPECT_EQ(j["cases"]["changed"], 0);
  EXPECT_EQ(j["candidate"]["draft"], true);
  EXPECT_EQ(j["base"]["rules_hash"], j["candidate"]["rules_hash"]);
  for (const auto& o : j["outputs"]) {
    EXPECT_EQ(o["changed"], 0) << o["name"];
    EXPECT_EQ(o["base_total"], o["candidate_total"]) << o["name"];
    EXPECT_EQ(o["difference"], "0.00") << o["name"];
    EXPECT_TRUE(o["largest_changes"].empty());
  }
}

TEST(DiffCli, ChangedParameterChangesAmountsAsBatchDoes) {
  json j = run_json({"diff", kWiBench, "--base", "", "--candidate-param", "p.avg_monthly_wage=6000",
                     kCases, "--threads", "3", "--top", "3"});
  EXPECT_EQ(j["cases"]["changed"], 20);
  EXPECT_EQ(j["candidate"]["param_overrides"]["p.avg_monthly_wage"], "6000");
  auto base = batch_totals({});
  auto candidate = batch_totals({"--param", "p.avg_monthly_wage=6000"});
  for (const auto& o : j["outputs"]) {
    if (o["type"] != "money") continue;
    std::string name = o["name"];
    EXPECT_EQ(o["base_total"], base[name].to_string_fixed(2)) << name;
    EXPECT_EQ(o["candidate_total"], candidate[name].to_string_fixed(2)) << name;
    EXPECT_EQ(o["difference"], (candidate[name] - base[name]).to_string_fixed(2)) << name;
  }
  const json& funeral = output(j, "funeral_grant");
  EXPECT_EQ(funeral["changed"], 3);
  EXPECT_EQ(funeral["increased"].get<int>() + funeral["decreased"].get<int>(), 3);
  ASSERT_EQ(funeral["largest_changes"].size(), 3u);
  // Largest first, by absolute difference.
  auto abs_of = [](const json& c) {
    return Decimal::parse_or_throw(c["difference"].get<std::string>()).abs();
  };
  EXPECT_GE(abs_of(funeral["largest_changes"][0]), abs_of(funeral["largest_changes"][1]));
  EXPECT_GE(abs_of(funeral["largest_changes"][1]), abs_of(funeral["largest_changes"][2]));
  uint64_t in_histogram = 0;
  for (const auto& b : funeral["histogram"]) in_histogram += b["count"].get<uint64_t>();
  EXPECT_EQ(in_histogram, 3u);
  // wi-bench declares no periods: no output is taken for monthly, whatever its
  // doc comment says, and its money is "period not declared".
  const json& allowance = output(j, "disability_allowance");
  EXPECT_EQ(allowance["monthly"], false);
  EXPECT_EQ(allowance["period"]["base"], "");
  EXPECT_FALSE(allowance.contains("yearly"));
}

TEST(DiffCli, TheThreeFormatsGiveTheSameReport) {
  auto strip = [](json j) {
    j.erase("inputs");
    for (auto& o : j["outputs"])
      for (auto& c : o["largest_changes"]) c.erase("file"), c.erase("line");
    for (auto& m : j["failures"]["messages"])
      m["first_case"].erase("file"), m["first_case"].erase("line");
    return j;
  };
  std::vector<std::string> args{
      "diff", kWiBench, "--base", "", "--candidate-param", "p.avg_monthly_wage=6000"};
  auto with = [&](const std::string& file) {
    auto a = args;
    a.push_back(file);
    return strip(run_json(a));
  };
  json jsonl = with(kData + "/wi-cases.jsonl");
  EXPECT_EQ(jsonl["cases"]["evaluated_both"], 40);
  EXPECT_EQ(with(kData + "/wi-cases.csv"), jsonl);
  EXPECT_EQ(with(kData + "/wi-cases.yaml"), jsonl);
}

TEST(DiffCli, ForcedVersionsOfTheDemo) {
  std::string cases = temp_path("demo.jsonl");
  write_file(cases, kDemoCases);
  CliResult r =
      run_cli({"diff", kDemo, "--base", "2011-01-01", "--candidate", "2021-07-01", cases});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(row_value(r.out, "evaluated under both versions"), "4") << r.out;
  // funeral: 138,000.00 → 163,800.00
  EXPECT_NE(r.out.find("138,000.00"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("+25,800.00"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("regional_note [new]"), std::string::npos) << r.out;
  EXPECT_EQ(row_value(r.out, "fail under both"), "1") << r.out;
}

TEST(DiffCli, DraftThatBreaksCases) {
  std::string cases = temp_path("demo.jsonl");
  write_file(cases, kDemoCases);
  std::string draft = kData + "/drafts/demo-unsourced";
  CliResult r = run_cli({"diff", kDemo, "--base", "2021-07-01", "--candidate", draft, cases});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(row_value(r.out, "fail under the candidate only"), "2") << r.out;
  EXPECT_NE(r.out.find("Cases that fail under one version only"), std::string::npos);
  EXPECT_NE(r.out.find("the 2021 figure is withdrawn"), std::string::npos);
  json j = run_json({"diff", kDemo, "--base", "2021-07-01", "--candidate", draft, cases});
  EXPECT_EQ(j["cases"]["failed_candidate_only"], 2);
  EXPECT_EQ(j["cases"]["failed_base_only"], 0);
  ASSERT_EQ(j["failures"]["one_sided"].size(), 2u);
  const json& first = j["failures"]["one_sided"][0];
  EXPECT_EQ(first["line"], 2);
  EXPECT_EQ(first["fails_under"], "candidate_only");
  EXPECT_TRUE(first["base_error"].is_null());
  EXPECT_EQ(first["candidate_error"]["kind"], "evaluation");
  EXPECT_EQ(first["candidate_error"]["rule"], "avg");
}

// The numbers of a report (counts, amounts, dates, lines), in any order;
// not those of messages cut short (each language cuts them elsewhere).
std::multiset<std::string> figures(const std::string& text) {
  std::multiset<std::string> out;
  std::regex number("[0-9][0-9,.]*[0-9]|[0-9]");
  for (const auto& line : split_lines(text)) {
    // A failure's message may be cut in one language and not in the other.
    if (line.find("…") != std::string::npos || line.find("(first: ") != std::string::npos ||
        line.find("（首例：") != std::string::npos)
      continue;
    for (auto it = std::sregex_iterator(line.begin(), line.end(), number);
         it != std::sregex_iterator(); ++it)
      out.insert(it->str());
  }
  return out;
}

TEST(DiffCli, TheReportInChineseHasTheSameFigures) {
  std::string cases = temp_path("demo.jsonl");
  write_file(cases, kDemoCases);
  std::string draft = kData + "/drafts/demo-unsourced";
  for (const std::vector<std::string>& sides :
       {std::vector<std::string>{"--base", "2011-01-01", "--candidate", "2021-07-01"},
        std::vector<std::string>{"--base", "2021-07-01", "--candidate", draft}}) {
    std::vector<std::string> args = {"diff", kDemo, cases, "--group-by", "care"};
    args.insert(args.end(), sides.begin(), sides.end());
    std::vector<std::string> en = {"--lang", "en"}, zh = {"--lang", "zh"};
    en.insert(en.end(), args.begin(), args.end());
    zh.insert(zh.end(), args.begin(), args.end());
    CliResult e = run_cli(en), z = run_cli(zh);
    ASSERT_EQ(e.exit_code, 0) << e.err;
    ASSERT_EQ(z.exit_code, 0) << z.err;
    EXPECT_EQ(figures(e.out), figures(z.out)) << e.out << z.out;
    EXPECT_EQ(z.out.rfind("规则变更比较：demo.benefits\n  基准       ", 0), 0u) << z.out;
    EXPECT_EQ(row_value(z.out, "两版均可计算"), row_value(e.out, "evaluated under both versions"));
    EXPECT_EQ(row_value(z.out, "两版均无法计算"), "1") << z.out;
    EXPECT_EQ(z.out.find("evaluated"), std::string::npos) << z.out;  // no English label left
  }
  // The failing cases' messages in 中文 too.
  CliResult z =
      run_cli({"--lang", "zh", "diff", kDemo, "--base", "2021-07-01", "--candidate", draft, cases});
  EXPECT_NE(z.out.find("\n只在一个版本下无法计算的案件\n  （无 case_id） (" + cases +
                       ":2)\n    候选：     参数 `avg_wage` 没有取值：2021 年"),
            std::string::npos)
      << z.out;
  EXPECT_NE(z.out.find("  仅候选     2  参数 `avg_wage` 没有取值"), std::string::npos) << z.out;
}

TEST(DiffCli, UsageErrorsInChinese) {
  CliResult r = run_cli(
      {"--lang", "zh", "diff", kDemo, "--base", "1999", "--candidate", "2021-07-01", kCases});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(
      r.err.rfind("decree: error: --base 1999：" + kDemo + " 中没有版本“1999”（现有版本：", 0), 0u)
      << r.err;
  r = run_cli({"--lang", "zh", "diff", kDemo, kCases});
  EXPECT_EQ(r.err, "decree: error: diff 需要 --base（或 --timeline）\n");
  r = run_cli({"--lang", "zh", "diff", kDemo, "--base", "", "--candidate", "", "x.txt"});
  EXPECT_EQ(
      r.err,
      "decree: error: x.txt：无法识别的案件文件类型（应为 .jsonl、.ndjson、.json、.yaml、.yml "
      "或 .csv）\n");
}

TEST(DiffCli, AMissingCaseFileIsReportedInTheOutputLanguage) {
  CliResult r = run_cli({"--lang", "zh", "diff", kDemo, "--base", "2011-01-01", "--candidate",
                         "2021-07-01", "/nonexistent/cases.jsonl"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err.rfind("decree: error: /nonexistent/cases.jsonl：无法打开：", 0), 0u) << r.err;
  EXPECT_NE(r.out.find("  error: /nonexistent/cases.jsonl：无法打开："), std::string::npos)
      << r.out;
  r = run_cli({"--lang", "en", "diff", kDemo, "--base", "2011-01-01", "--candidate", "2021-07-01",
               "/nonexistent/cases.jsonl", "--case", "x"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err,
            "decree: error: /nonexistent/cases.jsonl: cannot open: No such file or directory\n"
            "decree: error: no case with case_id \"x\" in the case files\n");
}

TEST(DiffCli, ShortCsvRowIsReportedUnderItsOwnCaseId) {
  std::string cases = temp_path("bad.csv");
  write_file(cases,
             "case_id,injury_date,outcome,grade,care_level,wage_avg_12m,terminated,dependents\n"
             "X1,2022-07-24,disability,7,none,7720.10,false,\n"
             "X2,2022-01-30,disability,8,none,4742.79,true,\n"
             "X3,2022-04-22,disability\n"
             "X4,2022-09-06,disability,9,none,7054.68,false,\n");
  std::vector<std::string> args{"diff", kWiBench, "--base", "", "--candidate", kWiBench, cases};
  CliResult r = run_cli(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("(first: X3 (" + cases + ":4))"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("X2 (" + cases + ":4)"), std::string::npos) << r.out;
  json j = run_json(args);
  EXPECT_EQ(j["cases"]["failed_both"], 1);
  ASSERT_EQ(j["failures"]["messages"].size(), 1u);
  EXPECT_EQ(j["failures"]["messages"][0]["first_case"]["case_id"], "X3");
  EXPECT_EQ(j["failures"]["messages"][0]["first_case"]["line"], 4);
  ASSERT_EQ(j["failures"]["both_sample"].size(), 1u);
  EXPECT_EQ(j["failures"]["both_sample"][0]["case_id"], "X3");
}

TEST(DiffCli, CaseExplanationMarksWhatDiffers) {
  std::vector<std::string> args{
      "diff", kWiBench, "--base", "", "--candidate-param", "p.avg_monthly_wage=6000", kCases};
  json report = run_json(args);
  const json& funeral = output(report, "funeral_grant");
  ASSERT_FALSE(funeral["largest_changes"].empty());
  std::string id = funeral["largest_changes"][0]["case_id"];

  auto a = args;
  a.insert(a.end(), {"--case", id});
  CliResult r = run_cli(a);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("case " + id), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("avg_wage [here]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("parameter p.avg_monthly_wage["), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("funeral_grant [reads]"), std::string::npos) << r.out;

  json j = run_json(a);
  EXPECT_EQ(j["case"]["case_id"], id);
  bool avg_marked = false, funeral_marked = false;
  for (const auto& s : j["steps"]) {
    if (s["rule"] == "avg_wage") {
      avg_marked = s["cause"] == "here" && s["parameters"][0]["differs"] == true &&
                   s["parameters"][0]["candidate"] == "6000";
    }
    if (s["rule"] == "funeral_grant")
      funeral_marked = s["cause"] == "reads" && s["value"]["differs"] == true;
    if (s["rule"] == "previous_year") {
      EXPECT_EQ(s["cause"], "");
    }
  }
  EXPECT_TRUE(avg_marked);
  EXPECT_TRUE(funeral_marked);
  EXPECT_TRUE(j["base_explanation"]["steps"].is_array());
  EXPECT_TRUE(j["candidate_explanation"]["steps"].is_array());

  auto m = args;
  m.insert(m.end(), {"--case", "no-such-case"});
  CliResult missing = run_cli(m);
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("no-such-case"), std::string::npos);
}

TEST(DiffCli, CaseThatFailsUnderTheCandidate) {
  // A draft copy of wi-bench whose 2021 average wage is withdrawn.
  std::string dir = temp_path("wi-draft");
  ASSERT_EQ(system(("mkdir -p '" + dir + "'").c_str()), 0);
  write_file(dir + "/wi_bench.decree", read_file(kWiBench + "/wi_bench.decree"));
  std::string params = read_file(kWiBench + "/params.yaml");
  size_t at = params.find("    2021: \"6685.17\"");
  ASSERT_NE(at, std::string::npos);
  params.replace(at, std::string("    2021: \"6685.17\"").size(),
                 "    2021: {unsourced: \"withdrawn for the test\"}");
  write_file(dir + "/params.yaml", params);

  json j = run_json({"diff", kWiBench, "--base", "", "--candidate", dir, kCases});
  EXPECT_GE(j["cases"]["failed_candidate_only"].get<int>(), 1);
  EXPECT_EQ(j["cases"]["failed_base_only"], 0);
  CliResult r = run_cli(
      {"diff", kWiBench, "--base", "", "--candidate", dir, kCases, "--case", "WB2022-0000037"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("the candidate fails: "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("withdrawn for the test"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("(fails)"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("[added]"), std::string::npos) << r.out;
}

void expect_self_contained(const std::string& html) {
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find(" src="), std::string::npos);
  EXPECT_EQ(html.find("href="), std::string::npos);
  EXPECT_EQ(html.find("@import"), std::string::npos);
  EXPECT_EQ(html.find("url("), std::string::npos);
  EXPECT_NE(html.find("<style>"), std::string::npos);
  EXPECT_NE(html.find("基准"), std::string::npos);  // bilingual labels
  EXPECT_NE(html.find("Base"), std::string::npos);
  EXPECT_NE(html.find("</html>"), std::string::npos);
}

TEST(DiffCli, HtmlIsOneSelfContainedPage) {
  std::string page = temp_path("report.html");
  CliResult r = run_cli({"diff", kWiBench, "--base", "", "--candidate-param",
                         "p.avg_monthly_wage=6000", kCases, "--html", page});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Cases"), std::string::npos);  // the text summary still goes to stdout
  std::string html = read_file(page);
  expect_self_contained(html);
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find("funeral_grant"), std::string::npos);
  EXPECT_NE(html.find("变化的分布"), std::string::npos);

  // URLs quoted in messages (parameter references) are neutralised too.
  std::string cases = temp_path("demo.jsonl");
  write_file(cases, "{\"injury_date\":\"2023-03-01\",\"wage\":\"1.00\"}\n");
  std::string page2 = temp_path("report2.html");
  ASSERT_EQ(run_cli({"diff", kDemo, "--base", "2011-01-01", "--candidate", "2021-07-01", cases,
                     "--html", page2})
                .exit_code,
            0);
  expect_self_contained(read_file(page2));
}

TEST(DiffCli, CaseHtmlSideBySide) {
  std::string page = temp_path("case.html");
  json report = run_json(
      {"diff", kWiBench, "--base", "", "--candidate-param", "p.avg_monthly_wage=6000", kCases});
  std::string id = output(report, "own_wage")["largest_changes"][0]["case_id"];
  CliResult r = run_cli({"diff", kWiBench, "--base", "", "--candidate-param",
                         "p.avg_monthly_wage=6000", kCases, "--case", id, "--html", page});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string html = read_file(page);
  expect_self_contained(html);
  EXPECT_NE(html.find(id), std::string::npos);
  EXPECT_NE(html.find("class=\"d\""), std::string::npos);  // something marked as different
  EXPECT_NE(html.find("badge here"), std::string::npos);
}

TEST(DiffCli, UsageAndLoadErrors) {
  std::string cases = temp_path("c.txt");
  write_file(cases, "{}\n");
  EXPECT_EQ(run_cli({"diff", kDemo, "--base", "2011-01-01", "--candidate", "2021-07-01", cases})
                .exit_code,
            2);  // unknown extension
  EXPECT_EQ(run_cli({"diff", kDemo, "--base", "2011-01-01", kCases}).exit_code, 2);  // no candidate
  EXPECT_EQ(run_cli({"diff", kDemo, "--candidate", "2011-01-01", kCases}).exit_code, 2);  // no base
  CliResult r =
      run_cli({"diff", kDemo, "--base", "2011-01-01", "--candidate", "2030-01-01", kCases});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no version \"2030-01-01\""), std::string::npos) << r.err;
  r = run_cli({"diff", kDemo, "--base", "2011-01-01", "--candidate", "2021-07-01", kCases,
               "--monthly", "nope"});
  EXPECT_EQ(r.exit_code, 2);
  r = run_cli(
      {"diff", kDemo, "--base", "2011-01-01", "--candidate", "2021-07-01", "/nonexistent.jsonl"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("cannot open"), std::string::npos) << r.err;
}

TEST(DiffCli, MonthlyOption) {
  std::string cases = temp_path("demo.jsonl");
  write_file(cases, kDemoCases);
  json j = run_json({"diff", kDemo, "--base", "2011-01-01", "--candidate", "2021-07-01", cases,
                     "--monthly", "nursing"});
  EXPECT_EQ(output(j, "nursing")["monthly"], true);
  EXPECT_EQ(output(j, "funeral")["monthly"], false);
  // nursing: 1650 + 3000 → 1960 + 3660; a year: × 12
  EXPECT_EQ(output(j, "nursing")["yearly"]["difference"], "11640.00");
  bool monthly_group = false;
  for (const auto& g : j["by_payer"])
    if (g["paid_by"] == "fund") {
      monthly_group = true;
      EXPECT_EQ(g["per_month"]["difference"], "970.00");
      EXPECT_EQ(g["per_month_yearly"]["difference"], "11640.00");
    }
  EXPECT_TRUE(monthly_group);
}

}  // namespace
}  // namespace decree::cli::testing

namespace decree::cli::testing {
namespace {

// The text report's totals by payer and period, from the periods the
// versions declare (the draft declares them, 2021-07-01 does not).
TEST(DiffCli, WhoPaysByPeriod) {
  std::string cases = temp_path("demo-periods.jsonl");
  write_file(cases, kDemoCases);
  CliResult r = run_cli({"diff", kDemo, "--base", "2021-07-01", "--candidate",
                         kData + "/drafts/demo-periods", cases});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Who pays (money outputs, each version by its own `paid by` and period)"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("nursing [fund, period not declared→per month]"), std::string::npos)
      << r.out;
  std::vector<std::string> kinds;
  for (const auto& line : split_lines(r.out.substr(r.out.find("Who pays"))))
    for (const char* kind : {"per month x 12", "per month", "once", "period not declared"})
      if (line.find(std::string(" ") + kind + "  ") != std::string::npos) {
        kinds.push_back(kind);
        break;
      }
  EXPECT_EQ(kinds, (std::vector<std::string>{"per month", "per month x 12", "once",
                                             "period not declared"}))
      << r.out;
  // The HTML page has the same groups, with bilingual labels.
  std::string page = temp_path("demo-periods.html");
  r = run_cli({"diff", kDemo, "--base", "2021-07-01", "--candidate", kData + "/drafts/demo-periods",
               cases, "--html", page});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string html = read_file(page);
  for (const char* label :
       {"按月 <span class=\"en\">per month</span>", "一次性 <span class=\"en\">once</span>",
        "未声明周期 <span class=\"en\">period not declared</span>"})
    EXPECT_NE(html.find(label), std::string::npos) << label;
}

}  // namespace
}  // namespace decree::cli::testing
