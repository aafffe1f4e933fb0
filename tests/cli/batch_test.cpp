// decree batch: JSONL in, JSONL out in the same order; bad lines become error
// lines (with their line number) and stderr messages, and the rest still run.
#include <gtest/gtest.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "run_cli.h"

namespace decree::cli::testing {
namespace {

using nlohmann::json;

const std::string kMini = source_path("tests/cli/data/mini");
const std::string kWiBench = source_path("fixtures/bench/wi-bench");

std::string cents_text(long long cents) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld.%02lld", cents / 100, cents % 100);
  return buf;
}

// Generated case i (0-based) for the mini rule set, and its expected outputs.
struct MiniCase {
  std::string line;
  std::string case_id, doubled, bonus, total;
  int next_count;
};

MiniCase mini_case(int i) {
  static const long long kHalfBase[] = {50000, 55005, 60010};  // round(base × 50%) for 2020-2022
  MiniCase c;
  char id[16];
  std::snprintf(id, sizeof id, "B%05d", i);
  c.case_id = id;
  long long cents = (static_cast<long long>(i) * 7919) % 1000000;
  bool large = i % 3 == 0;
  int year = 2020 + (i / 3) % 3;
  int count = i % 101;
  char date[16];
  std::snprintf(date, sizeof date, "%d-%02d-%02d", year, 1 + i % 12, 1 + i % 28);
  c.line = "{\"case_id\":\"" + c.case_id + "\",\"kind\":\"" + (large ? "large" : "small") +
           "\",\"amount\":\"" + cents_text(cents) + "\",\"day\":\"" + date +
           "\",\"count\":" + std::to_string(count) + "}";
  long long bonus = large ? kHalfBase[year - 2020] : 0;
  c.doubled = cents_text(2 * cents);
  c.bonus = cents_text(bonus);
  c.total = cents_text(2 * cents + bonus);
  c.next_count = count + 1;
  return c;
}

json parse_line(const std::string& text) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  EXPECT_FALSE(j.is_discarded()) << "not JSON: " << text;
  return j;
}

void expect_outputs(const std::string& output_line, const MiniCase& c) {
  json out = parse_line(output_line);
  ASSERT_TRUE(out.is_object()) << output_line;
  ASSERT_FALSE(out.contains("error")) << output_line;
  EXPECT_EQ(out.value("case_id", ""), c.case_id);
  EXPECT_EQ(out.value("doubled", ""), c.doubled) << output_line;
  EXPECT_EQ(out.value("bonus", ""), c.bonus) << output_line;
  EXPECT_EQ(out.value("total", ""), c.total) << output_line;
  EXPECT_EQ(out.value("next_count", -1), c.next_count) << output_line;
}

std::string generated_input(int n) {
  std::string input;
  for (int i = 0; i < n; ++i) input += mini_case(i).line + "\n";
  return input;
}

void expect_all_evaluated_in_order(const CliResult& r, int n) {
  ASSERT_EQ(r.exit_code, 0) << r.err.substr(0, 2000);
  EXPECT_EQ(r.err, "");  // no errors, and no progress line when stderr is not a terminal
  std::vector<std::string> lines = split_lines(r.out);
  ASSERT_EQ(lines.size(), static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    expect_outputs(lines[static_cast<size_t>(i)], mini_case(i));
    if (::testing::Test::HasFailure()) FAIL() << "first bad output line: " << i + 1;
  }
}

TEST(CliBatch, KeepsInputOrderWithTwoThreads) {
  expect_all_evaluated_in_order(run_cli({"batch", kMini, "--threads", "2"}, generated_input(20000)),
                                20000);
}

TEST(CliBatch, KeepsInputOrderAcrossManySmallChunks) {
  // ~4 KiB chunks: several hundred of them, finished out of order by 3 threads.
  expect_all_evaluated_in_order(
      run_cli({"batch", kMini, "--threads", "3", "--chunk-bytes", "4096"}, generated_input(20000)),
      20000);
}

TEST(CliBatch, BadLinesAreReportedAndTheOthersStillEvaluated) {
  const int n = 20000;
  std::vector<std::string> input_lines;
  for (int i = 0; i < n; ++i) input_lines.push_back(mini_case(i).line);
  // 1-based line numbers of the bad lines and what is wrong with them.
  input_lines[4999] = R"({"case_id":"X5000","kind":)";  // bad JSON
  input_lines[9999] = R"({"case_id":"X10000","kind":"medium","amount":"1.00","day":"2021-01-01"})";
  input_lines[14999] = R"({"case_id":"X15000","kind":"small","day":"2021-01-01"})";  // no amount
  input_lines[17499] = R"({"case_id":"X17500","kind":"large","amount":"1.00","day":"2030-01-01"})";
  std::string input;
  for (const std::string& l : input_lines) input += l + "\n";

  CliResult r = run_cli({"batch", kMini, "--threads", "2", "--chunk-bytes", "8192"}, input);
  EXPECT_EQ(r.exit_code, 1);
  std::vector<std::string> lines = split_lines(r.out);
  ASSERT_EQ(lines.size(), static_cast<size_t>(n));
  for (int number : {5000, 10000, 15000, 17500}) {
    json out = parse_line(lines[static_cast<size_t>(number - 1)]);
    EXPECT_TRUE(out.contains("error") && !out["error"].empty()) << out.dump();
    EXPECT_EQ(out.value("line", -1), number) << out.dump();
  }
  // An evaluation error comes after a successful decode, so the case id is known.
  EXPECT_EQ(parse_line(lines[17499]).value("case_id", ""), "X17500");
  for (int i = 0; i < n; ++i) {
    int number = i + 1;
    if (number == 5000 || number == 10000 || number == 15000 || number == 17500) continue;
    expect_outputs(lines[static_cast<size_t>(i)], mini_case(i));
    if (HasFailure()) FAIL() << "first bad output line: " << number;
  }

  EXPECT_NE(r.err.find("stdin:5000: error: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("stdin:10000: error: /kind: "), std::string::npos) << r.err;
  size_t missing = r.err.find("stdin:15000: error: ");
  ASSERT_NE(missing, std::string::npos) << r.err;
  EXPECT_NE(r.err.substr(missing, r.err.find('\n', missing) - missing).find("amount"),
            std::string::npos)
      << r.err;
  size_t eval_error = r.err.find("stdin:17500: error: ");
  ASSERT_NE(eval_error, std::string::npos) << r.err;
  EXPECT_NE(r.err.find("(in rule ", eval_error), std::string::npos) << r.err;
  // Messages in input order, then the summary.
  EXPECT_LT(r.err.find("stdin:5000:"), r.err.find("stdin:10000:"));
  EXPECT_LT(r.err.find("stdin:10000:"), r.err.find("stdin:15000:"));
  std::vector<std::string> err_lines = split_lines(r.err);
  ASSERT_FALSE(err_lines.empty());
  EXPECT_EQ(err_lines.back(), "20000 cases, 4 failed");
}

TEST(CliBatch, BlankLinesAreSkippedAndCrlfAccepted) {
  std::string input = mini_case(0).line + "\r\n\r\n   \n" + R"({"kind":"huge"})" + "\r\n" +
                      mini_case(1).line;  // the last line has no newline
  CliResult r = run_cli({"batch", kMini}, input);
  EXPECT_EQ(r.exit_code, 1);
  std::vector<std::string> lines = split_lines(r.out);
  ASSERT_EQ(lines.size(), 3u) << r.out;
  expect_outputs(lines[0], mini_case(0));
  EXPECT_EQ(parse_line(lines[1]).value("line", -1), 4) << lines[1];  // blank lines count
  expect_outputs(lines[2], mini_case(1));
  EXPECT_NE(r.err.find("stdin:4: error: "), std::string::npos) << r.err;
  EXPECT_EQ(split_lines(r.err).back(), "3 cases, 1 failed");
}

TEST(CliBatch, LimitErrorsPrintsFewerMessagesButCountsAll) {
  std::string input = "nonsense\n" + mini_case(0).line + "\n[1,2]\n{}\n";
  CliResult r = run_cli({"batch", kMini, "--limit-errors", "1"}, input);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("stdin:1: error: "), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("stdin:3:"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("stdin:4:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("(2 more errors not shown)"), std::string::npos) << r.err;
  EXPECT_EQ(split_lines(r.err).back(), "4 cases, 3 failed");
  EXPECT_EQ(split_lines(r.out).size(), 4u);
}

TEST(CliBatch, GarbageInputGivesErrorLinesNotACrash) {
  // Deterministic junk: every byte value, NULs and invalid UTF-8 included.
  std::string input;
  unsigned state = 12345;
  for (int i = 0; i < 200000; ++i) {
    state = state * 1103515245u + 12345u;
    input += static_cast<char>((state >> 16) & 0xff);
  }
  input += "\n" + std::string(100000, '[') + "\n{\"case_id\":" + std::string(5000, '{') + "\n";
  CliResult r = run_cli({"batch", kMini, "--limit-errors", "3"}, input);
  EXPECT_EQ(r.exit_code, 1) << r.err.substr(0, 500);
  std::vector<std::string> lines = split_lines(r.out);
  ASSERT_FALSE(lines.empty());
  for (const std::string& line : lines) {
    json out = parse_line(line);
    ASSERT_TRUE(out.contains("error")) << line;
  }
  EXPECT_EQ(split_lines(r.err).back(),
            std::to_string(lines.size()) + " cases, " + std::to_string(lines.size()) + " failed");
}

TEST(CliBatch, EmptyInputIsFine) {
  CliResult r = run_cli({"batch", kMini}, "");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");
}

TEST(CliBatch, ALoadErrorStopsBeforeReading) {
  CliResult r = run_cli({"batch", source_path("tests/cli/data/broken")}, mini_case(0).line);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("broken.decree:7:31: error: "), std::string::npos) << r.err;
}

TEST(CliBatch, WiBenchBranchCases) {
  std::string cases = read_file(kWiBench + "/cases/branches.jsonl");
  std::vector<std::string> expected =
      split_lines(read_file(kWiBench + "/cases/branches.expected.jsonl"));
  CliResult r = run_cli({"batch", kWiBench, "--threads", "2"}, cases);
  EXPECT_EQ(r.exit_code, 1);  // the fixture has invalid cases
  std::vector<std::string> lines = split_lines(r.out);
  ASSERT_EQ(lines.size(), expected.size());
  size_t failed = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    json want = parse_line(expected[i]), got = parse_line(lines[i]);
    if (want.value("error", false)) {
      ++failed;
      EXPECT_TRUE(got.contains("error")) << lines[i];
      EXPECT_EQ(got.value("line", 0u), i + 1) << lines[i];
      EXPECT_NE(r.err.find("stdin:" + std::to_string(i + 1) + ": error: "), std::string::npos)
          << r.err;
    } else {
      EXPECT_EQ(got.value("case_id", ""), want.value("case_id", "")) << lines[i];
      EXPECT_EQ(got.value("own_wage", ""), want.value("own_wage", "")) << lines[i];
      EXPECT_EQ(got.value("total_lump_sum", ""), want.value("total_lump_sum", "")) << lines[i];
    }
  }
  EXPECT_GT(failed, 0u);
  EXPECT_EQ(split_lines(r.err).back(),
            std::to_string(lines.size()) + " cases, " + std::to_string(failed) + " failed");
}

}  // namespace
}  // namespace decree::cli::testing
