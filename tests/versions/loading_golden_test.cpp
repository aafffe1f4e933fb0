// Golden tests of loading a rule set's versions, in both languages
// (tests/golden.h): each directory tests/lang/loading/bad/NAME is a rule set
// with one mistake in its versions (a misnamed directory, an `extends` that
// finds nothing or takes effect later, two versions on one day, another rule
// set's version, a payment-date version that does more than change figures,
// an `override` that replaces nothing); NAME.err (+ NAME.zh.err) beside it
// holds its diagnostics. The suites below do the same for drafts, what-if
// values, the choice of a case's version and a path that does not exist.
// DECREE_UPDATE_GOLDEN=1 rewrites them; review with git diff.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <sstream>

#include "api/decree.h"
#include "api/dump.h"
#include "base/codes_versions.h"
#include "tests/golden.h"

namespace decree {
namespace {

namespace fs = std::filesystem;

// The directories of tests/lang/loading/`dir`, sorted.
std::vector<fs::path> rule_sets_in(const std::string& dir) {
  std::vector<fs::path> out;
  for (const auto& e :
       fs::directory_iterator(fs::path(DECREE_SOURCE_DIR) / "tests/lang/loading" / dir))
    if (e.is_directory()) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

std::string name_of(const ::testing::TestParamInfo<fs::path>& info) {
  std::string n = info.param.filename().string();
  for (char& c : n)
    if (!isalnum(static_cast<unsigned char>(c))) c = '_';
  return n;
}

// One mistake, one error, each with its catalogue code.
void expect_one_error(const Diagnostics& diags) {
  EXPECT_EQ(diags.error_count(), 1u) << "one mistake, one error:\n" << render_all(diags);
  for (const auto& d : diags.items()) EXPECT_NE(d.code, Code::none) << d.message;
}

class LoadingErrors : public ::testing::TestWithParam<fs::path> {};

TEST_P(LoadingErrors, MatchGolden) {
  Diagnostics diags;
  EXPECT_EQ(RuleTimeline::load(GetParam().string(), diags), nullptr) << GetParam() << " loads";
  expect_one_error(diags);
  if (!golden::matches(GetParam(), diags, true)) GTEST_SKIP() << "golden rewritten";
}

INSTANTIATE_TEST_SUITE_P(Lang, LoadingErrors, ::testing::ValuesIn(rule_sets_in("bad")), name_of);

// tests/lang/loading/drafts/NAME: a draft with one mistake, loaded as the
// commands load it (NAME.err beside it):
//   NAME/draft: `decree check NAME/rules --draft NAME/draft`; without
//     NAME/rules, `decree check NAME/draft`, the draft by itself (it finds the
//     version it extends beside it);
//   NAME/candidate (which may be missing): `decree diff NAME/rules --candidate
//     NAME/candidate`, one version by itself (RuleSet::load), finding the
//     version it extends beside it or in NAME/rules.
class DraftErrors : public ::testing::TestWithParam<fs::path> {};

TEST_P(DraftErrors, MatchGolden) {
  const fs::path rules = GetParam() / "rules", draft = GetParam() / "draft";
  Diagnostics diags;
  LoadOptions options;
  if (fs::exists(draft)) {
    if (fs::exists(rules)) options.drafts = {draft.string()};
    EXPECT_EQ(RuleTimeline::load((fs::exists(rules) ? rules : draft).string(), diags, options),
              nullptr)
        << GetParam() << " loads";
  } else {
    options.base_dirs = {rules.string()};
    EXPECT_EQ(RuleSet::load((GetParam() / "candidate").string(), diags, options), nullptr)
        << GetParam() << " loads";
  }
  expect_one_error(diags);
  if (!golden::matches(GetParam(), diags, true)) GTEST_SKIP() << "golden rewritten";
}

INSTANTIATE_TEST_SUITE_P(Lang, DraftErrors, ::testing::ValuesIn(rule_sets_in("drafts")), name_of);

// tests/lang/loading/what_if/: what-if values with one mistake, over the rule
// set what_if/rules (two parameter sets), as `decree eval what_if/rules`
// loads them: NAME.param holds one `--param` (NAME=VALUE, as typed after
// it), NAME.yaml is a `--params` overlay.
class WhatIfErrors : public ::testing::TestWithParam<fs::path> {};

TEST_P(WhatIfErrors, MatchGolden) {
  LoadOptions options;
  if (GetParam().extension() == ".param") {
    std::string text = golden::read(GetParam());
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    size_t eq = text.find('=');  // as main.cpp splits --param
    ASSERT_NE(eq, std::string::npos) << GetParam();
    options.params = {{text.substr(0, eq), text.substr(eq + 1)}};
  } else {
    options.param_files = {GetParam().string()};
  }
  Diagnostics diags;
  EXPECT_EQ(
      RuleTimeline::load(DECREE_SOURCE_DIR "/tests/lang/loading/what_if/rules", diags, options),
      nullptr)
      << GetParam() << " loads";
  // An overlay that does not load says so after its own errors.
  const auto said = static_cast<size_t>(
      std::count_if(diags.items().begin(), diags.items().end(),
                    [](const Diagnostic& d) { return d.code == msg::overlay_does_not_load; }));
  EXPECT_EQ(diags.error_count() - said, 1u) << "one mistake, one error:\n" << render_all(diags);
  for (const auto& d : diags.items()) EXPECT_NE(d.code, Code::none) << d.message;
  if (!golden::matches(GetParam(), diags, true)) GTEST_SKIP() << "golden rewritten";
}

std::vector<fs::path> what_ifs() {
  auto out = golden::files("tests/lang/loading/what_if", ".param");
  auto yaml = golden::files("tests/lang/loading/what_if", ".yaml");
  out.insert(out.end(), yaml.begin(), yaml.end());
  return out;
}

INSTANTIATE_TEST_SUITE_P(Lang, WhatIfErrors, ::testing::ValuesIn(what_ifs()), golden::test_name);

// tests/lang/loading/select/NAME.yaml: a case for which no version can be
// chosen; its first line is the command that evaluates it,
// `# decree eval RULES [--version V] [--as-of D] …`, RULES a rule set of
// select/ (by_date: two versions by `injury_date`; undated: two without
// `select by`). The error is shown as `decree eval` shows it.
class SelectErrors : public ::testing::TestWithParam<fs::path> {};

TEST_P(SelectErrors, MatchGolden) {
  const std::string text = golden::read(GetParam());
  std::istringstream command(text.substr(0, text.find('\n')));
  std::string hash, decree, eval, rules;
  command >> hash >> decree >> eval >> rules;
  ASSERT_EQ(hash + " " + decree + " " + eval, "# decree eval") << GetParam();
  SessionOptions options;
  for (std::string option, value; command >> option >> value;) {
    if (option == "--version") options.version = value;
    if (option == "--as-of") options.as_of = Date::parse(value);
  }
  Diagnostics load;
  auto timeline = RuleTimeline::load((GetParam().parent_path() / rules).string(), load);
  ASSERT_NE(timeline, nullptr) << render_all(load);
  Session session(*timeline, options);
  CaseError err;
  ASSERT_FALSE(session.decode_yaml(text, err)) << GetParam() << " decodes";
  EXPECT_EQ(err.kind, CaseError::Kind::input);
  EXPECT_NE(err.code, Code::none) << "a catalogued message: " << err.message;
  std::string shown = fs::relative(GetParam(), DECREE_SOURCE_DIR).generic_string();
  auto file = std::make_shared<SourceFile>(shown, text);
  Diagnostics diags;
  diags.add(case_diagnostic(err, file.get(), "`" + shown + "`"));
  diags.retain_sources();
  if (!golden::matches(GetParam(), diags, true)) GTEST_SKIP() << "golden rewritten";
}

INSTANTIATE_TEST_SUITE_P(Lang, SelectErrors,
                         ::testing::ValuesIn(golden::files("tests/lang/loading/select", ".yaml")),
                         golden::test_name);

// tests/lang/loading/no_such_path.err: `decree check --dump-after=parse` of a
// path that does not exist.
TEST(LangDumpAfter, PathNotFound) {
  const fs::path path = fs::path(DECREE_SOURCE_DIR) / "tests/lang/loading/no_such_path";
  Diagnostics diags;
  EXPECT_EQ(dump_after(path.string(), DumpStage::parse, diags), "");
  expect_one_error(diags);
  if (!golden::matches(path, diags, true)) GTEST_SKIP() << "golden rewritten";
}

}  // namespace
}  // namespace decree
