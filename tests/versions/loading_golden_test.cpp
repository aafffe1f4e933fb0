// Golden tests of loading a rule set's versions, in both languages
// (tests/golden.h): each directory tests/lang/loading/bad/NAME is a rule set
// with one mistake in its versions (a misnamed directory, an `extends` that
// finds nothing or takes effect later, two versions on one day, another rule
// set's version); NAME.err (+ NAME.zh.err) beside it holds its diagnostics.
// DECREE_UPDATE_GOLDEN=1 rewrites them; review with git diff.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "api/decree.h"
#include "tests/golden.h"

namespace decree {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> bad_rule_sets() {
  std::vector<fs::path> out;
  for (const auto& e :
       fs::directory_iterator(fs::path(DECREE_SOURCE_DIR) / "tests/lang/loading/bad"))
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

class LoadingErrors : public ::testing::TestWithParam<fs::path> {};

TEST_P(LoadingErrors, MatchGolden) {
  Diagnostics diags;
  EXPECT_EQ(RuleTimeline::load(GetParam().string(), diags), nullptr) << GetParam() << " loads";
  EXPECT_EQ(diags.error_count(), 1u) << "one mistake, one error:\n" << render_all(diags);
  for (const auto& d : diags.items()) EXPECT_NE(d.code, Code::none) << d.message;
  if (!golden::matches(GetParam(), diags, true)) GTEST_SKIP() << "golden rewritten";
}

INSTANTIATE_TEST_SUITE_P(Lang, LoadingErrors, ::testing::ValuesIn(bad_rule_sets()), name_of);

}  // namespace
}  // namespace decree
