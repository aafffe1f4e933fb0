// decree eval: one case from JSON or YAML, outputs as JSON or YAML, --explain,
// --trace-json, and how input, evaluation and load errors are reported.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "run_cli.h"

namespace decree::cli::testing {
namespace {

using nlohmann::json;

const std::string kMini = source_path("tests/cli/data/mini");
const std::string kCases = source_path("tests/cli/data/cases");

// large.json / large.yaml: amount 10.25, kind large, 2021 (base 1100.10), count 4.
void expect_large_case_outputs(const json& out) {
  ASSERT_TRUE(out.is_object()) << out.dump();
  EXPECT_EQ(out.value("case_id", ""), "E1");
  EXPECT_EQ(out.value("doubled", ""), "20.50");
  EXPECT_EQ(out.value("bonus", ""), "550.05");
  EXPECT_EQ(out.value("total", ""), "570.55");
  EXPECT_EQ(out.at("next_count"), 5);
  EXPECT_FALSE(out.contains("error"));
}

json parse(const std::string& text) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  EXPECT_FALSE(j.is_discarded()) << "not JSON:\n" << text;
  return j;
}

TEST(CliEval, JsonCaseGivesAPrettyJsonObject) {
  CliResult r = run_cli({"eval", kMini, "--case", kCases + "/large.json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  expect_large_case_outputs(parse(r.out));
  EXPECT_NE(r.out.find("\n  \"doubled\": \"20.50\""), std::string::npos) << r.out;
  EXPECT_EQ(r.out.back(), '\n');
}

TEST(CliEval, YamlCaseGivesTheSameOutputs) {
  CliResult r = run_cli({"eval", kMini, "--case", kCases + "/large.yaml"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  expect_large_case_outputs(parse(r.out));
}

TEST(CliEval, FormatYamlPrintsTheOutputsAsYaml) {
  CliResult r = run_cli({"eval", kMini, "--case", kCases + "/large.json", "--format", "yaml"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("doubled:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("20.50"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("bonus:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("550.05"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find('{'), std::string::npos) << r.out;
}

TEST(CliEval, TheFormatOfAFileWithoutKnownExtensionIsSniffed) {
  std::string as_json = temp_path("case.txt"), as_yaml = temp_path("case.txt");
  write_file(as_json, read_file(kCases + "/large.json"));
  write_file(as_yaml, read_file(kCases + "/large.yaml"));
  for (const std::string& path : {as_json, as_yaml}) {
    CliResult r = run_cli({"eval", kMini, "--case", path});
    ASSERT_EQ(r.exit_code, 0) << path << "\n" << r.err;
    expect_large_case_outputs(parse(r.out));
  }
}

TEST(CliEval, CaseFromStdin) {
  CliResult r = run_cli({"eval", kMini, "--case", "-"}, read_file(kCases + "/large.json"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  expect_large_case_outputs(parse(r.out));
}

TEST(CliEval, ExplainPrintsTheExplanationAfterTheOutputs) {
  CliResult r = run_cli({"eval", kMini, "--case", kCases + "/large.json", "--explain"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  size_t end = r.out.find("\n}\n");
  ASSERT_NE(end, std::string::npos) << r.out;
  expect_large_case_outputs(parse(r.out.substr(0, end + 3)));
  std::string explanation = r.out.substr(end + 3);
  EXPECT_NE(explanation.find("bonus"), std::string::npos) << explanation;
  EXPECT_NE(explanation.find("550.05"), std::string::npos) << explanation;
}

TEST(CliEval, TraceJsonWritesTheExplanationAsJson) {
  std::string trace = temp_path("trace.json");
  CliResult r = run_cli({"eval", kMini, "--case", kCases + "/large.json", "--trace-json", trace});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  expect_large_case_outputs(parse(r.out));  // stdout: only the outputs
  json t = parse(read_file(trace));
  EXPECT_TRUE(t.is_object()) << t.dump();
  EXPECT_NE(t.dump().find("550.05"), std::string::npos) << t.dump();
}

TEST(CliEval, AnUnwritableTraceFileIsAnError) {
  CliResult r = run_cli({"eval", kMini, "--case", kCases + "/large.json", "--trace-json",
                         source_path("tests/cli/data/no-such-dir/trace.json")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no-such-dir/trace.json"), std::string::npos) << r.err;
}

TEST(CliEval, AnInputErrorNamesTheFileAndThePointer) {
  std::string file = kCases + "/bad_enum.json";
  CliResult r = run_cli({"eval", kMini, "--case", file});
  EXPECT_EQ(r.exit_code, 1);
  // On stderr at the field's line and column, with the line and a caret; on
  // stdout (JSON output) the same as a JSON error object with its code.
  EXPECT_THAT(r.err, ::testing::ContainsRegex("^" + file + ":[0-9]+:[0-9]+: error: `"));
  EXPECT_NE(r.err.find(" | "), std::string::npos) << r.err;
  json out = parse(r.out);
  EXPECT_EQ(out["error"]["pointer"], "/kind") << r.out;
  EXPECT_EQ(out["error"]["code"], "case_not_enum_value") << r.out;
  EXPECT_EQ(out["error"]["kind"], "input") << r.out;
}

TEST(CliEval, AMissingFieldIsAnInputError) {
  std::string file = kCases + "/missing_field.json";
  CliResult r = run_cli({"eval", kMini, "--case", file});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err.rfind(file + ":1:1: error: missing field `", 0), 0u) << r.err;
  EXPECT_NE(r.err.find("amount"), std::string::npos) << r.err;
  EXPECT_EQ(parse(r.out)["error"]["code"], "case_missing_field") << r.out;
}

TEST(CliEval, AnUnknownFieldIsAnInputError) {
  std::string file = kCases + "/unknown_field.json";
  CliResult r = run_cli({"eval", kMini, "--case", file});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, ::testing::ContainsRegex("^" + file + ":[0-9]+:[0-9]+: error: unknown field"));
  EXPECT_NE(r.err.find("colour"), std::string::npos) << r.err;
}

TEST(CliEval, AnEvaluationErrorNamesTheRuleAndItsLocation) {
  std::string file = kCases + "/year_2030.json";
  CliResult r = run_cli({"eval", kMini, "--case", file});
  EXPECT_EQ(r.exit_code, 1);
  // The missing year is the parameter file's: the error is there, the rule
  // that read it a note, and a note names the case.
  std::string params = source_path("tests/cli/data/mini/params.yaml");
  EXPECT_EQ(
      r.err.rfind(params + ":2:1: error: parameter `base_amount` has no value for year 2030", 0),
      0u)
      << r.err;
  EXPECT_NE(r.err.find("mini.decree:20:19: note: rule `base` reads it here"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("note: while evaluating the case `" + file + "` (case_id E5)"),
            std::string::npos)
      << r.err;
  json out = parse(r.out);
  EXPECT_EQ(out["error"]["code"], "run_param_no_value") << r.out;
  EXPECT_EQ(out["error"]["rule"], "base") << r.out;
}

TEST(CliEval, ARunTimeErrorIsInChineseWithLangZh) {
  std::string file = kCases + "/year_2030.json";
  CliResult r = run_cli({"--lang", "zh", "eval", kMini, "--case", file});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("error: 参数 `base_amount` 没有取值：2030 年"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("note: 规则 `base` 在这里读取它"), std::string::npos) << r.err;
  json out = parse(r.out);
  EXPECT_EQ(out["error"]["code"], "run_param_no_value") << r.out;  // the code stays
  EXPECT_EQ(out["error"]["message"], "参数 `base_amount` 没有取值：2030 年") << r.out;
}

TEST(CliEval, TraceJsonOfAFailedCaseHasTheStepsBeforeTheError) {
  std::string trace = temp_path("failed-trace.json");
  CliResult r =
      run_cli({"eval", kMini, "--case", kCases + "/year_2030.json", "--trace-json", trace});
  EXPECT_EQ(r.exit_code, 1);
  json t = parse(read_file(trace));
  EXPECT_EQ(t["error"]["code"], "run_param_no_value") << t.dump();
  EXPECT_EQ(t["error"]["rule"], "base") << t.dump();
  ASSERT_TRUE(t["steps"].is_array()) << t.dump();
  for (const auto& step : t["steps"]) EXPECT_NE(step["rule"], "base") << "the failed rule";
}

TEST(CliEval, AnUnreadableCaseFileIsAnError) {
  std::string file = kCases + "/no-such-case.json";
  CliResult r = run_cli({"eval", kMini, "--case", file});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(file), std::string::npos) << r.err;
}

TEST(CliEval, ADirectoryAsCaseFileIsAnErrorNotACrash) {
  CliResult r = run_cli({"eval", kMini, "--case", kCases});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find(kCases + ": error: "), std::string::npos) << r.err;
}

TEST(CliEval, BrokenCaseFilesAreErrorsNotCrashes) {
  struct Broken {
    const char* name;
    std::string text;
  };
  const Broken cases[] = {
      {"binary.json", std::string("{\"case_id\":\"\0\xff\xfe\"", 16)},
      {"truncated.json", "{\"case_id\": \"E1\", \"kind\": "},
      {"deep.json", std::string(100000, '[') + std::string(100000, ']')},
      {"list.yaml", "- 1\n- 2\n"},
      {"tabs.yaml", "case_id:\t[unclosed\n"},
      {"deep.yaml", "a: " + std::string(100000, '[')},
      {"empty.json", ""},
  };
  for (const Broken& c : cases) {
    std::string path = temp_path(c.name);
    write_file(path, c.text);
    CliResult r = run_cli({"eval", kMini, "--case", path});
    EXPECT_EQ(r.exit_code, 1) << c.name << "\n" << r.err.substr(0, 500);
    EXPECT_EQ(r.err.rfind(path + ":", 0), 0u) << c.name << "\n" << r.err.substr(0, 500);
    EXPECT_NE(r.err.find(": error: "), std::string::npos) << c.name << "\n" << r.err.substr(0, 500);
  }
}

// yaml-cpp resolves `*a` inside `&a` to the node itself: a converter that
// follows it without a depth limit overflows the stack.
TEST(CliEval, ARecursiveYamlAliasIsAnErrorNotACrash) {
  std::string path = temp_path("recursive_alias.yaml");
  write_file(path, "a: &a [*a]\n");
  CliResult r = run_cli({"eval", kMini, "--case", path});
  EXPECT_EQ(r.exit_code, 1) << r.err.substr(0, 500);
  EXPECT_EQ(r.err.rfind(path + ":", 0), 0u) << r.err.substr(0, 500);
  EXPECT_NE(r.err.find(": error: "), std::string::npos) << r.err.substr(0, 500);
}

TEST(CliEval, ALoadErrorPrintsTheDiagnostics) {
  CliResult r =
      run_cli({"eval", source_path("tests/cli/data/broken"), "--case", kCases + "/large.json"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("broken.decree:7:31: error: "), std::string::npos) << r.err;
}

TEST(CliEval, ABadAsOfDateIsAUsageError) {
  for (const char* bad : {"2021-02-30", "yesterday", "2021-1-5"}) {
    CliResult r = run_cli({"eval", kMini, "--case", kCases + "/large.json", "--as-of", bad});
    EXPECT_EQ(r.exit_code, 2) << bad;
    EXPECT_NE(r.err.find("--as-of"), std::string::npos) << r.err;
    EXPECT_EQ(r.out, "");
  }
  CliResult ok =
      run_cli({"eval", kMini, "--case", kCases + "/large.json", "--as-of", "2024-02-29"});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
}

TEST(CliEval, WiBenchSampleCase) {
  CliResult r = run_cli({"eval", source_path("fixtures/bench/wi-bench"), "--case",
                         source_path("fixtures/bench/wi-bench/cases/sample.json")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json out = parse(r.out);
  // Worked out by hand from WI-BENCH.md: grade 8, 2020 (A = 5893.75), wage 9000.00,
  // partial care, terminated.
  EXPECT_EQ(out.value("own_wage", ""), "9000.00");
  EXPECT_EQ(out.value("lump_sum_disability", ""), "99000.00");
  EXPECT_EQ(out.value("disability_allowance", ""), "0.00");
  EXPECT_EQ(out.value("nursing_care", ""), "1768.13");
  EXPECT_EQ(out.value("medical_subsidy", ""), "23575.00");
  EXPECT_EQ(out.value("employment_subsidy", ""), "53043.75");
  EXPECT_EQ(out.value("total_lump_sum", ""), "175618.75");
  EXPECT_EQ(out.value("monthly_total", ""), "1768.13");
}

}  // namespace
}  // namespace decree::cli::testing

namespace {

// The language follows the environment (LC_ALL, then LC_MESSAGES, then
// LANG: zh_* is 中文), and --lang overrides it; the JSON codes never change.
TEST(CliEvalLang, TheEnvironmentChoosesTheLanguageAndLangOverridesIt) {
  using decree::cli::testing::run_cli;
  using decree::cli::testing::source_path;
  const std::string rules = source_path("tests/lang/runtime/division_by_zero.decree");
  const std::string case_file = source_path("tests/lang/runtime/division_by_zero.case.yaml");
  auto err_of = [&](std::vector<std::string> args, std::vector<std::string> env) {
    args.insert(args.end(), {"eval", rules, "--case", case_file});
    return run_cli(args, "", env).err;
  };
  EXPECT_NE(err_of({}, {}).find("error: division by zero"), std::string::npos);
  EXPECT_NE(err_of({}, {"LANG=zh_CN.UTF-8"}).find("error: 除数为零"), std::string::npos);
  EXPECT_NE(err_of({}, {"LANG=zh_CN.UTF-8", "LC_ALL=en_US.UTF-8"}).find("error: division by zero"),
            std::string::npos);
  EXPECT_NE(err_of({"--lang", "en"}, {"LC_MESSAGES=zh_CN.UTF-8"}).find("error: division by zero"),
            std::string::npos);
  EXPECT_NE(err_of({"--lang", "zh"}, {}).find("note: 计算案例"), std::string::npos);
}

}  // namespace
