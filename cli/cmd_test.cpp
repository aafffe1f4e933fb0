// decree test PATH...: runs every YAML rule test found under the paths (a
// YAML file whose top level is a list of tests; parameter files are maps and
// are skipped), in parallel, and prints each failure as a diagnostic at the
// expected value in the test file (expected and actual values), then the
// explanation of the actual value. The last line is "N passed, N failed[, N
// skipped]". With --coverage, the rules and table rows no test exercised
// (testing/coverage.h). Everything in the language of --lang.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "base/codes_testing.h"
#include "cli/commands.h"
#include "base/markup.h"
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

// A path that does not exist is reported in `missing`.
std::vector<fs::path> find_test_files(const std::vector<std::string>& paths, Diagnostics& missing) {
  std::vector<fs::path> files;
  for (const auto& p : paths) {
    std::error_code ec;
    if (fs::is_regular_file(p, ec)) {
      files.push_back(p);
    } else if (fs::is_directory(p, ec)) {
      for (const auto& e : fs::recursive_directory_iterator(p, ec))
        if (e.is_regular_file() && is_test_file(e.path())) files.push_back(e.path());
    } else {
      missing.error(Span{}, {msg::test_no_such_path, {{"path", p}}});
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

// `text` with every line indented by `by` (blank lines stay empty).
std::string indent(const std::string& text, const std::string& by) {
  std::string out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out += (end > start ? by + text.substr(start, end - start) : "") + "\n";
    start = end + 1;
  }
  return out;
}

}  // namespace

int run_test(const TestArgs& args) {
  const Lang lang = output_lang();
  Diagnostics missing;
  auto files = find_test_files(args.paths, missing);
  print_diagnostics(missing);
  std::vector<RuleTest> tests;
  Diagnostics diags;
  for (const auto& f : files) {
    auto more = read_rule_tests(f.string(), diags);
    tests.insert(tests.end(), more.begin(), more.end());
  }
  print_diagnostics(diags);
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
        std::make_unique<RuleTestRunner>("", args.drafts, lang));  // relative paths from here
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
    const RuleTestResult& r = results[k];
    if (r.passed) {
      ++passed;
      continue;
    }
    ++failed;
    report += render_all(r.failures, false, lang);
    if (!r.explanation.empty())
      report += "  " + message_text({msg::test_explanation, {}}, lang) + "\n" +
                indent(r.explanation, "    ");
  }
  if (args.coverage) report += coverage_text(rule_coverage(results), lang);
  // Broken test files count as failures: a typo must not pass silently.
  failed += diags.error_count();

  if (args.format == "junit") {
    std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    // A broken test file is a test case of its own (classname "files"), so
    // that tests = passed + failed, as JUnit readers expect.
    const std::string tests = std::to_string(selected.size() + diags.error_count());
    xml += "<testsuites tests=\"" + tests + "\" failures=\"" + std::to_string(failed) +
           "\" skipped=\"" + std::to_string(skipped) + "\">\n";
    xml += "  <testsuite name=\"decree\" tests=\"" + tests + "\" failures=\"" +
           std::to_string(failed) + "\">\n";
    for (size_t k = 0; k < selected.size(); ++k) {
      const RuleTest& t = *selected[k];
      xml += "    <testcase classname=\"" + xml_escape(fs::path(t.file).stem().string()) +
             "\" name=\"" + xml_escape(t.name) + "\" file=\"" + xml_escape(t.file) + "\" line=\"" +
             std::to_string(t.line) + "\"";
      if (results[k].passed) {
        xml += "/>\n";
        continue;
      }
      const Diagnostics& why = results[k].failures;
      std::string first = why.empty() ? "" : why.items().front().text(lang);
      xml += ">\n      <failure message=\"" + xml_escape(first) + "\">" +
             xml_escape(render_all(why, false, lang) + results[k].explanation) +
             "</failure>\n    </testcase>\n";
    }
    for (const auto& d : diags.items())
      if (d.severity == Severity::error)
        xml += "    <testcase classname=\"files\" name=\"" + xml_escape(render_brief(d, lang)) +
               "\">\n      <failure message=\"" +
               xml_escape(message_text({msg::test_file_invalid, {}}, lang)) +
               "\"/>\n    </testcase>\n";
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
  MessageArgs counts = {{"passed", std::to_string(passed)}, {"failed", std::to_string(failed)}};
  if (skipped) counts.push_back({"skipped", std::to_string(skipped)});
  std::string summary =
      message_text({skipped ? msg::test_summary_skipped : msg::test_summary, counts}, lang);
  std::fprintf(args.format == "junit" && args.output.empty() ? stderr : stdout, "%s\n",
               summary.c_str());
  return failed > 0 || !missing.empty() ? kExitFailure : kExitOk;
}

}  // namespace decree::cli
