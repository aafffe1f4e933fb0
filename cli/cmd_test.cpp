// decree test PATH...: runs every YAML rule test found under the paths (a
// YAML file whose top level is a list of tests; parameter files are maps and
// are skipped), in parallel, and prints each failure with the expected and
// actual values, the explanation of the actual value, and the test's
// file:line. The last line is "N passed, N failed[, N skipped]". With
// --coverage, the rules and table rows no test exercised (testing/coverage.h).
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "cli/commands.h"
#include "cli/markup.h"
#include "cli/output_lang.h"
#include "testing/coverage.h"
#include "testing/rule_tests.h"

namespace decree::cli {
namespace {

namespace fs = std::filesystem;

bool is_test_file(const fs::path& p) {
  if (p.extension() != ".yaml" && p.extension() != ".yml") return false;
  try {
    return YAML::LoadFile(p.string()).IsSequence();
  } catch (const YAML::Exception&) {
    return true;  // let the reader report the syntax error
  }
}

std::vector<fs::path> find_test_files(const std::vector<std::string>& paths, bool& missing) {
  std::vector<fs::path> files;
  for (const auto& p : paths) {
    std::error_code ec;
    if (fs::is_regular_file(p, ec)) {
      files.push_back(p);
    } else if (fs::is_directory(p, ec)) {
      for (const auto& e : fs::recursive_directory_iterator(p, ec))
        if (e.is_regular_file() && is_test_file(e.path())) files.push_back(e.path());
    } else {
      std::fprintf(stderr, "%s: error: no such file or directory\n", p.c_str());
      missing = true;
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string indent(const std::string& text, const std::string& by) {
  std::string out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out += by + text.substr(start, end - start) + "\n";
    start = end + 1;
  }
  return out;
}

}  // namespace

int run_test(const TestArgs& args) {
  bool missing = false;
  auto files = find_test_files(args.paths, missing);
  std::vector<RuleTest> tests;
  Diagnostics diags;
  for (const auto& f : files) {
    auto more = read_rule_tests(f.string(), diags);
    tests.insert(tests.end(), more.begin(), more.end());
  }
  print_diagnostics(diags, true);
  size_t skipped = 0;
  std::vector<const RuleTest*> selected;
  for (const auto& t : tests) {
    if (!args.filter.empty() && t.name.find(args.filter) == std::string::npos) {
      ++skipped;
      continue;
    }
    selected.push_back(&t);
  }

  // Workers take tests in turn; each has its own runner (and rule set cache).
  std::vector<RuleTestResult> results(selected.size());
  std::atomic<size_t> next{0};
  unsigned threads =
      args.threads ? args.threads : std::max(1u, std::thread::hardware_concurrency());
  threads = std::min<unsigned>(threads, std::max<size_t>(1, selected.size()));
  std::vector<std::unique_ptr<RuleTestRunner>>
      runners;  // outlive the threads: results point into them
  for (unsigned i = 0; i < threads; ++i)
    runners.push_back(
        std::make_unique<RuleTestRunner>("", args.drafts));  // relative paths from here
  std::vector<std::thread> pool;
  for (unsigned i = 0; i < threads; ++i) {
    pool.emplace_back([&, i] {
      for (size_t k; (k = next++) < selected.size();) results[k] = runners[i]->run(*selected[k]);
    });
  }
  for (auto& t : pool) t.join();

  size_t passed = 0, failed = 0;
  std::string report;
  for (size_t k = 0; k < selected.size(); ++k) {
    const RuleTest& t = *selected[k];
    const RuleTestResult& r = results[k];
    if (r.passed) {
      ++passed;
      continue;
    }
    ++failed;
    report += t.location() + ": test '" + t.name + "' failed\n";
    for (const auto& f : r.failures) report += indent(f, "  ");
    if (!r.explanation.empty())
      report += "  explanation of the actual result:\n" + indent(r.explanation, "    ");
  }
  if (args.coverage) report += coverage_text(rule_coverage(results));
  // Broken test files count as failures: a typo must not pass silently.
  failed += diags.error_count();

  if (args.format == "junit") {
    std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    xml += "<testsuites tests=\"" + std::to_string(selected.size()) + "\" failures=\"" +
           std::to_string(failed) + "\" skipped=\"" + std::to_string(skipped) + "\">\n";
    xml += "  <testsuite name=\"decree\" tests=\"" + std::to_string(selected.size()) +
           "\" failures=\"" + std::to_string(failed) + "\">\n";
    for (size_t k = 0; k < selected.size(); ++k) {
      const RuleTest& t = *selected[k];
      xml += "    <testcase classname=\"" + xml_escape(fs::path(t.file).stem().string()) +
             "\" name=\"" + xml_escape(t.name) + "\" file=\"" + xml_escape(t.file) + "\" line=\"" +
             std::to_string(t.line) + "\"";
      if (results[k].passed) {
        xml += "/>\n";
        continue;
      }
      std::string why;
      for (const auto& f : results[k].failures) why += f + "\n";
      xml += ">\n      <failure message=\"" +
             xml_escape(results[k].failures.empty() ? "" : results[k].failures[0]) + "\">" +
             xml_escape(why + results[k].explanation) + "</failure>\n    </testcase>\n";
    }
    for (const auto& d : diags.items())
      if (d.severity == Severity::error)
        xml += "    <testcase classname=\"files\" name=\"" +
               xml_escape(render_brief(d, output_lang())) +
               "\">\n      <failure message=\"the test file is invalid\"/>\n    </testcase>\n";
    xml += "  </testsuite>\n</testsuites>\n";
    if (args.output.empty()) {
      std::fputs(xml.c_str(), stdout);
    } else {
      std::ofstream(args.output) << xml;
    }
    std::fputs(report.c_str(), stderr);
  } else {
    std::fputs(report.c_str(), stdout);
  }
  std::string summary = std::to_string(passed) + " passed, " + std::to_string(failed) + " failed";
  if (skipped) summary += ", " + std::to_string(skipped) + " skipped";
  std::fprintf(args.format == "junit" && args.output.empty() ? stderr : stdout, "%s\n",
               summary.c_str());
  return failed > 0 || missing ? kExitFailure : kExitOk;
}

}  // namespace decree::cli
