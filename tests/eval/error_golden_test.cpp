// Golden tests of the errors a case meets, in both languages (tests/golden.h):
//   tests/lang/cases/bad/NAME.json|.yaml → NAME.err (+ NAME.zh.err): a case
//     of tests/lang/cases/cases.decree that cannot be decoded, at its line
//     and column in the case file;
//   tests/lang/cases/unplaced/NAME.json|.yaml → NAME.err (+ .zh.err): one
//     whose error has no line and column (an empty case, one that is not an
//     object, one nested too deep): at the case file alone;
//   tests/lang/cases/no_source/NAME.json|.yaml → NAME.err (+ .zh.err): one
//     diagnosed without its text (case_diagnostic without a case file, as by
//     a caller that keeps none): at its field's JSON pointer, and a note
//     names the case;
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
// named by its path relative to the source tree (`with_text`: the case's
// text given to case_diagnostic, as `decree eval` gives it).
Diagnostics diagnose(const CaseError& err, const fs::path& case_path, const std::string& text,
                     bool with_text = true) {
  std::string shown = fs::relative(case_path, DECREE_SOURCE_DIR).generic_string();
  auto file = std::make_shared<SourceFile>(shown, text);
  Diagnostics diags;
  diags.add(case_diagnostic(err, with_text ? file.get() : nullptr, "`" + shown + "`"));
  diags.retain_sources();
  return diags;
}

bool decode(Session& s, const fs::path& path, const std::string& text, CaseError& err) {
  return path.extension() == ".json" ? s.decode_json(text, err) : s.decode_yaml(text, err);
}

// A case of cases.decree that must not decode, against its goldens.
// `placed`: its error has a line and column in the case file (else none);
// `with_text`: diagnosed with the case's text.
void expect_case_error(const fs::path& path, bool placed, bool with_text) {
  Diagnostics load;
  auto rules = RuleSet::load(DECREE_SOURCE_DIR "/tests/lang/cases/cases.decree", load);
  ASSERT_NE(rules, nullptr) << render_all(load);
  Session session(*rules);
  std::string text = golden::read(path);
  CaseError err;
  ASSERT_FALSE(decode(session, path, text, err)) << path << " decodes";
  EXPECT_EQ(err.kind, CaseError::Kind::input);
  EXPECT_NE(err.code, Code::none) << "a catalogued message: " << err.message;
  if (placed)
    EXPECT_GT(err.line, 0u) << "a position in the case file: " << err.message;
  else
    EXPECT_EQ(err.line, 0u) << "no position in the case file (move it to bad/): " << err.message;
  if (!golden::matches(path, diagnose(err, path, text, with_text), true))
    GTEST_SKIP() << "golden rewritten";
}

// The .json and .yaml cases of a directory of tests/lang/cases.
std::vector<fs::path> cases_in(const std::string& dir) {
  auto out = golden::files("tests/lang/cases/" + dir, ".json");
  auto yaml = golden::files("tests/lang/cases/" + dir, ".yaml");
  out.insert(out.end(), yaml.begin(), yaml.end());
  return out;
}

class CaseErrors : public ::testing::TestWithParam<fs::path> {};

TEST_P(CaseErrors, MatchGolden) { expect_case_error(GetParam(), true, true); }

INSTANTIATE_TEST_SUITE_P(Lang, CaseErrors, ::testing::ValuesIn(cases_in("bad")), golden::test_name);

class CaseErrorsUnplaced : public ::testing::TestWithParam<fs::path> {};

TEST_P(CaseErrorsUnplaced, MatchGolden) { expect_case_error(GetParam(), false, true); }

INSTANTIATE_TEST_SUITE_P(Lang, CaseErrorsUnplaced, ::testing::ValuesIn(cases_in("unplaced")),
                         golden::test_name);

class CaseErrorsWithoutText : public ::testing::TestWithParam<fs::path> {};

TEST_P(CaseErrorsWithoutText, MatchGolden) { expect_case_error(GetParam(), true, false); }

INSTANTIATE_TEST_SUITE_P(Lang, CaseErrorsWithoutText, ::testing::ValuesIn(cases_in("no_source")),
                         golden::test_name);

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
