#include "publish/assessment.h"

#include <nlohmann/json.hpp>

#include "api/decree.h"
#include "base/markup.h"
#include "base/strings.h"
#include "diff/diff.h"
#include "diff/render.h"
#include "diff/report.h"
#include "testing/rule_tests.h"

namespace decree::publish {
namespace {

using nlohmann::ordered_json;

// Reports name the candidate copy by the proposal, not by its temporary path.
std::string shown(std::string text, const AssessmentInput& in) {
  if (in.candidate_dir.empty()) return text;
  size_t at = 0;
  while ((at = text.find(in.candidate_dir, at)) != std::string::npos) {
    text.replace(at, in.candidate_dir.size(), in.shown_as);
    at += in.shown_as.size();
  }
  return text;
}

std::vector<ParamOverride> overrides_of(const std::vector<std::string>& raw, std::string& bad) {
  std::vector<ParamOverride> out;
  for (const auto& r : raw) {
    const size_t eq = r.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == r.size()) {
      bad = r;
      return {};
    }
    out.push_back({r.substr(0, eq), r.substr(eq + 1)});
  }
  return out;
}

struct TestRun {
  size_t passed = 0, failed = 0;
  std::string failures;  // as `decree test` prints them
};

// Every test against the candidate, whatever rule set path it names: the
// proposal's tests are written for the rule set it changes.
TestRun run_tests(const std::vector<std::string>& files, const AssessmentInput& in) {
  TestRun run;
  Diagnostics diags;
  std::vector<RuleTest> tests;
  for (const auto& f : files) {
    auto more = read_rule_tests(f, diags);
    tests.insert(tests.end(), more.begin(), more.end());
  }
  run.failed += diags.error_count();
  run.failures += render_all(diags);
  RuleTestRunner runner("", {}, Lang::en);
  for (auto& t : tests) {
    t.ruleset = in.candidate_dir;
    RuleTestResult r = runner.run(t);
    if (r.passed) {
      ++run.passed;
      continue;
    }
    ++run.failed;
    run.failures += render_all(r.failures);
  }
  return run;
}

std::string tests_summary(const TestRun& r) {
  return std::to_string(r.passed) + " passed, " + std::to_string(r.failed) + " failed";
}

}  // namespace

Assessment assess(const AssessmentInput& in) {
  Assessment a;
  std::string text;
  ordered_json report;

  // 1. The rule set with the change, checked as `decree check` does.
  Diagnostics check_diags;
  auto candidate = RuleTimeline::load(in.candidate_dir, check_diags);
  {
    CheckResult c{"check", candidate && check_diags.error_count() == 0, ""};
    c.summary = std::to_string(check_diags.error_count()) + " errors, " +
                std::to_string(check_diags.warning_count()) + " warnings";
    a.checks.push_back(c);
    text += "检查 / Check: " + c.summary + "\n" + shown(render_all(check_diags), in);
  }

  // 2. The proposal's rule tests, then the rule set's reference tests.
  {
    TestRun own = run_tests(in.test_files, in);
    CheckResult c{"rule_tests", own.failed == 0, tests_summary(own)};
    if (in.needs_tests && own.passed + own.failed == 0) {
      c.passed = false;
      c.summary = "no rule tests: a new or corrected version needs worked cases of its own";
    }
    a.checks.push_back(c);
    text += "\n规则测试 / Rule tests: " + c.summary + "\n" + shown(own.failures, in);
    TestRun ref = run_tests(in.rules->reference_tests, in);
    CheckResult r{"reference_tests", ref.failed == 0, tests_summary(ref)};
    a.checks.push_back(r);
    text += "\n参考测试 / Reference tests: " + r.summary + "\n" + shown(ref.failures, in);
  }

  // 3. The impact over the reference corpus.
  CheckResult impact{"impact", false, ""};
  std::string bad_param;
  const auto base_params = overrides_of(in.base_params, bad_param);
  Diagnostics base_diags;
  LoadOptions before;
  before.params = base_params;
  auto published = bad_param.empty() ? RuleTimeline::load(in.rules->dir, base_diags, before)
                                     : nullptr;
  if (!bad_param.empty()) {
    impact.summary = "a baseline value is not NAME=VALUE: " + bad_param;
  } else if (!published) {
    impact.summary = "the published rules with the baseline values do not load";
    text += "\n" + render_all(base_diags);
  } else if (!candidate) {
    impact.summary = "not run: the rule set with the change does not load";
  } else if (in.rules->corpus.empty()) {
    impact.summary = "not run: the rule set has no reference corpus configured";
  } else {
    diff::Side base{published->versions().back().get(), "published", false, published.get()};
    diff::Side cand{candidate->versions().back().get(), in.shown_as, true, candidate.get()};
    std::vector<diff::InputFile> inputs;
    for (const auto& path : in.rules->corpus) {
      auto format = diff::format_of(path);
      inputs.push_back({path, format ? *format : diff::CaseFormat::jsonl});
    }
    diff::DiffOptions options;
    options.as_of = in.as_of;
    options.threads = std::max(1u, in.threads);
    if (!in.rules->group_by.empty()) options.group_by = diff::parse_group_by(in.rules->group_by);
    diff::DiffResult result = diff::run_diff(base, cand, inputs, options);
    impact.passed = result.read_errors.empty() && result.stats.cases > 0;
    impact.summary = diff::group_digits(std::to_string(result.stats.cases)) + " cases, " +
                     diff::group_digits(std::to_string(result.stats.changed)) + " changed, " +
                     std::to_string(result.stats.candidate_failed_only) +
                     " failing only with the change";
    for (const auto& e : result.read_errors) impact.summary += "; " + message_text(e, Lang::en);
    text += "\n影响评估 / Impact on the fund:\n" + shown(diff::diff_text(result, Lang::en), in);
    report["impact"] = diff::diff_json(result);
    a.html = shown(diff::diff_html(result), in);
  }
  if (!impact.passed && report.find("impact") == report.end())
    text += "\n影响评估 / Impact on the fund: " + impact.summary + "\n";
  a.checks.push_back(impact);

  ordered_json checks = ordered_json::array();
  for (const auto& c : a.checks)
    checks.push_back({{"name", c.name}, {"passed", c.passed}, {"summary", c.summary}});
  ordered_json top;
  top["passed"] = a.passed();
  top["checks"] = checks;
  if (report.contains("impact")) top["impact"] = report["impact"];
  a.json = shown(top.dump(), in);
  if (a.html.empty())
    a.html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" +
             xml_escape(in.shown_as) + "</title></head><body><pre>" + xml_escape(text) +
             "</pre></body></html>";
  a.text = text;
  return a;
}

}  // namespace decree::publish
