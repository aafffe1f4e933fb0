// Golden tests of the errors a case meets, in both languages (tests/golden.h):
//   tests/lang/cases/bad/NAME.json|.yaml → NAME.err (+ NAME.zh.err): a case
//     of tests/lang/cases/cases.decree that cannot be decoded, at its line
//     and column in the case file;
//   tests/lang/runtime/NAME.decree + NAME.case.yaml → NAME.err (+ .zh.err):
//     a case that decodes but whose rules fail on it, at the failing
//     expression (a missing parameter value: at the parameter file).
// DECREE_UPDATE_GOLDEN=1 rewrites them; review with git diff.
#include <gtest/gtest.h>

#include <memory>

#include "api/decree.h"
#include "tests/golden.h"

namespace decree {
namespace {

namespace fs = std::filesystem;

// The case's diagnostic, as `decree eval` prints it, with the case file
// named by its path relative to the source tree.
Diagnostics diagnose(const CaseError& err, const fs::path& case_path, const std::string& text) {
  std::string shown = fs::relative(case_path, DECREE_SOURCE_DIR).generic_string();
  auto file = std::make_shared<SourceFile>(shown, text);
  Diagnostics diags;
  diags.add(case_diagnostic(err, file.get(), "`" + shown + "`"));
  diags.retain_sources();
  return diags;
}

bool decode(Session& s, const fs::path& path, const std::string& text, CaseError& err) {
  return path.extension() == ".json" ? s.decode_json(text, err) : s.decode_yaml(text, err);
}

class CaseErrors : public ::testing::TestWithParam<fs::path> {};

TEST_P(CaseErrors, MatchGolden) {
  Diagnostics load;
  auto rules = RuleSet::load(DECREE_SOURCE_DIR "/tests/lang/cases/cases.decree", load);
  ASSERT_NE(rules, nullptr) << render_all(load);
  Session session(*rules);
  std::string text = golden::read(GetParam());
  CaseError err;
  ASSERT_FALSE(decode(session, GetParam(), text, err)) << GetParam() << " decodes";
  EXPECT_EQ(err.kind, CaseError::Kind::input);
  EXPECT_NE(err.code, Code::none) << "a catalogued message: " << err.message;
  EXPECT_GT(err.line, 0u) << "a position in the case file: " << err.message;
  if (!golden::matches(GetParam(), diagnose(err, GetParam(), text), true))
    GTEST_SKIP() << "golden rewritten";
}

std::vector<fs::path> bad_cases() {
  auto out = golden::files("tests/lang/cases/bad", ".json");
  auto yaml = golden::files("tests/lang/cases/bad", ".yaml");
  out.insert(out.end(), yaml.begin(), yaml.end());
  return out;
}

INSTANTIATE_TEST_SUITE_P(Lang, CaseErrors, ::testing::ValuesIn(bad_cases()), golden::test_name);

class RunTimeErrors : public ::testing::TestWithParam<fs::path> {};

TEST_P(RunTimeErrors, MatchGolden) {
  Diagnostics load;
  auto rules = RuleSet::load(GetParam().string(), load);
  ASSERT_NE(rules, nullptr) << render_all(load);
  Session session(*rules);
  fs::path case_path = GetParam();
  case_path.replace_extension(".case.yaml");
  std::string text = golden::read(case_path);
  CaseError err;
  ASSERT_TRUE(session.decode_yaml(text, err)) << case_path << ": " << err.message;
  ASSERT_FALSE(session.evaluate(err)) << GetParam() << " evaluates";
  EXPECT_EQ(err.kind, CaseError::Kind::evaluation);
  EXPECT_NE(err.code, Code::none) << "a catalogued message: " << err.message;
  EXPECT_TRUE(err.span.valid()) << "the failing expression: " << err.message;
  if (!golden::matches(GetParam(), diagnose(err, case_path, text), true))
    GTEST_SKIP() << "golden rewritten";
}

INSTANTIATE_TEST_SUITE_P(Lang, RunTimeErrors,
                         ::testing::ValuesIn(golden::files("tests/lang/runtime", ".decree")),
                         golden::test_name);

}  // namespace
}  // namespace decree
