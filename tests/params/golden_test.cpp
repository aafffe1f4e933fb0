// Golden tests for parameter-file diagnostics: every
// tests/lang/params/{good,bad}/NAME.yaml is loaded as a parameter file and its
// diagnostics compared with NAME.err (none for a good file without one), and
// with NAME.zh.err wherever a message reads differently in 中文 (tests/golden.h).
// And the files that change another's parameters, each read against
// tests/lang/params/base.yaml and merged into it: patch/ as a version that
// extends it, round/ as a payment-date version, overlay/ as a what-if overlay.
#include "tests/golden.h"

#include "params/merge.h"
#include "params/parameters.h"

namespace {

namespace golden = decree::golden;

class ParamGolden : public ::testing::TestWithParam<golden::fs::path> {};

TEST_P(ParamGolden, DiagnosticsMatch) {
  const golden::fs::path& file = GetParam();
  decree::Diagnostics diags;
  auto set = decree::load_parameters(file.string(), diags);
  const bool bad = file.parent_path().filename() == "bad";
  if (!golden::matches(file, diags, bad)) GTEST_SKIP() << "rewrote the goldens of " << file;
  EXPECT_EQ(set.has_value(), !bad) << decree::render_all(diags);
  // One mistake, one error: a file that fails has exactly the error it shows.
  if (bad) {
    EXPECT_EQ(diags.error_count(), 1u) << decree::render_all(diags);
  }
}

class PatchGolden : public ::testing::TestWithParam<golden::fs::path> {};

TEST_P(PatchGolden, DiagnosticsMatch) {
  const golden::fs::path& file = GetParam();
  const std::string kind = file.parent_path().filename().string();
  decree::Diagnostics diags;
  auto base = decree::load_parameters(DECREE_SOURCE_DIR "/tests/lang/params/base.yaml", diags);
  ASSERT_TRUE(base) << decree::render_all(diags);
  decree::ParamReadOptions read{
      kind == "overlay" ? decree::ParamFileKind::overlay : decree::ParamFileKind::patch, &*base,
      kind == "round"};
  auto patch = decree::load_parameters(file.string(), diags, read);
  bool merged = false;
  if (patch) {
    decree::MergeOptions options{"version \"2021-07-01\"", kind == "patch"};
    merged = decree::merge_parameters(*base, *patch, diags, options).has_value();
  }
  if (!golden::matches(file, diags, true)) GTEST_SKIP() << "rewrote the goldens of " << file;
  EXPECT_FALSE(merged) << "every file here is refused";
  EXPECT_EQ(diags.error_count(), 1u) << decree::render_all(diags);
}

std::vector<golden::fs::path> patch_files() {
  std::vector<golden::fs::path> out;
  for (const char* dir : {"patch", "round", "overlay"})
    for (auto& f : golden::files(std::string("tests/lang/params/") + dir, ".yaml"))
      out.push_back(f);
  return out;
}

// A file over the size limit, made in memory (17 MiB of comments) under the
// name tests/lang/params/large/too_large.yaml; its golden is beside that name.
TEST(ParamGoldenLarge, AFileOverTheLimitIsOneErrorAtItsStart) {
  const golden::fs::path name =
      golden::fs::path(DECREE_SOURCE_DIR) / "tests/lang/params/large/too_large.yaml";
  std::string text = "avg_monthly_wage:\n";
  const std::string line = "# " + std::string(1021, 'x') + "\n";
  while (text.size() <= (17u << 20)) text += line;
  decree::Diagnostics diags;
  auto file = std::make_shared<decree::SourceFile>(name.string(), std::move(text));
  EXPECT_FALSE(decree::parse_parameters(file, diags).has_value());
  EXPECT_EQ(diags.error_count(), 1u) << decree::render_all(diags);
  if (!golden::matches(name, diags, true)) GTEST_SKIP() << "rewrote the golden of " << name;
}

INSTANTIATE_TEST_SUITE_P(Patch, PatchGolden, ::testing::ValuesIn(patch_files()), golden::test_name);

INSTANTIATE_TEST_SUITE_P(Bad, ParamGolden,
                         ::testing::ValuesIn(golden::files("tests/lang/params/bad", ".yaml")),
                         golden::test_name);
INSTANTIATE_TEST_SUITE_P(Good, ParamGolden,
                         ::testing::ValuesIn(golden::files("tests/lang/params/good", ".yaml")),
                         golden::test_name);

}  // namespace
