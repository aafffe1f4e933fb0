// A version's parameter file as a patch of those it inherits, the rules hash
// over the merged values, what-if values for one key and overlay files, and
// how a result says that it used a figure of a weak source.
#include <gtest/gtest.h>

#include "api/decree.h"
#include "check/program.h"
#include "params/merge.h"
#include "test_util.h"

namespace {

using namespace decree_versions_testing;

// The demo's 2021-07-01 parameters as a patch of 2011-01-01's avg_wage.
const char* kPatch = R"(avg_wage:
  values:
    2021: "6100.00"
    2019: {remove: "the 2019 figure was withdrawn"}
funeral_factor:
  description: a new test parameter
  unit: decimal
  reference: test value
  values:
    2021-01-01: "1"
)";

std::string result(const decree::RuleTimeline& t, const std::string& json,
                   decree::EvalOptions options = {}) {
  decree::Session s(t);
  decree::CaseError err;
  std::string out;
  if (s.decode_json(json, err) && s.evaluate(err, options))
    s.append_result_json(out);
  else
    out = "error: " + err.message;
  return out;
}

const decree::RuleSet& top(const decree::RuleTimeline& t) { return *t.versions().back(); }

TEST(Patches, AVersionFileChangesSingleEntriesAndInheritsTheRest) {
  TempCopy copy(kDemo);
  copy.write("2021-07-01/params.yaml", kPatch);
  auto t = load(copy.root.string());
  ASSERT_NE(t, nullptr);
  // 2021 changed by the patch: 60% of 6100.00.
  EXPECT_NE(
      result(*t, R"({"injury_date":"2022-05-01","wage":"1.00"})").find("\"own_wage\":\"3660.00\""),
      std::string::npos);
  // 2020 inherited from the base (5500.00), 2019 removed, 2022 still unsourced.
  EXPECT_NE(
      result(*t, R"({"injury_date":"2021-08-01","wage":"1.00"})").find("\"own_wage\":\"3300.00\""),
      std::string::npos);
  EXPECT_EQ(result(*t, R"({"injury_date":"2023-01-01","wage":"1.00"})"),
            "error: parameter `avg_wage` has no value for year 2022: unsourced (test: the 2022 "
            "figure is not published)");
  const decree::VersionInfo& info = top(*t).version();
  ASSERT_EQ(info.param_changes.size(), 2u);
  EXPECT_EQ(info.param_changes[0].name, "p.avg_wage");
  EXPECT_EQ(info.param_changes[0].kind, decree::ParamChange::Kind::patched);
  EXPECT_EQ(info.param_changes[0].changed, std::vector<std::string>{"2021"});
  EXPECT_EQ(info.param_changes[0].removed, std::vector<std::string>{"2019"});
  EXPECT_EQ(info.param_changes[1].name, "p.funeral_factor");
  EXPECT_EQ(info.param_changes[1].kind, decree::ParamChange::Kind::added);
  // Still listed among what the version overrides, as before.
  EXPECT_EQ(info.overrides.back(), "parameter p.avg_wage");
  EXPECT_TRUE(t->versions().front()->version().param_changes.empty());
}

TEST(Patches, APatchThatChangesOneEntryChangesTheHash) {
  TempCopy a(kDemo), b(kDemo);
  a.write("2021-07-01/params.yaml", kPatch);
  std::string other = kPatch;
  other.replace(other.find("6100.00"), 7, "6100.01");
  b.write("2021-07-01/params.yaml", other);
  auto ta = load(a.root.string()), tb = load(b.root.string());
  ASSERT_NE(ta, nullptr);
  ASSERT_NE(tb, nullptr);
  EXPECT_NE(top(*ta).version().hash, top(*tb).version().hash);
  EXPECT_EQ(ta->versions().front()->version().hash, tb->versions().front()->version().hash);
}

// The canonical text of the merged parameters the checker was given.
std::string merged_values(const decree::RuleSet& rs) {
  std::string out;
  for (const auto& ps : rs.checked().param_sets)
    if (ps.set) out += decree::canonical_text(*ps.set);
  return out;
}

TEST(Patches, TheSameMergedValuesFromFilesSplitDifferentlyHashDifferently) {
  // A: the base has 2021 = 6000.00 and the patch changes it to 6100.00.
  // B: the base already has 6100.00 (and the same reference), the patch only
  // adds the new parameter. Merged, version 2021-07-01 has the same values.
  TempCopy a(kDemo), b(kDemo);
  a.write("2021-07-01/params.yaml", kPatch);
  std::string patch_b = kPatch;
  patch_b.erase(patch_b.find("    2021: \"6100.00\"\n"), 20);
  b.write("2021-07-01/params.yaml", patch_b);
  std::string base_b = b.read("2011-01-01/params.yaml");
  base_b.replace(base_b.find("2021: \"6000.00\""), 15, "2021: \"6100.00\"");
  b.write("2011-01-01/params.yaml", base_b);
  auto ta = load(a.root.string()), tb = load(b.root.string());
  ASSERT_NE(ta, nullptr);
  ASSERT_NE(tb, nullptr);
  EXPECT_EQ(merged_values(top(*ta)), merged_values(top(*tb)));
  std::string c = R"({"injury_date":"2022-05-01","wage":"1.00"})";
  std::string ra = result(*ta, c), rb = result(*tb, c);
  EXPECT_EQ(ra.substr(ra.find("\"own_wage\"")), rb.substr(rb.find("\"own_wage\"")));
  // As documented (RuleSet::load): the hash identifies the files as well as
  // the values, so that an explanation's file positions can be checked.
  EXPECT_NE(top(*ta).version().hash, top(*tb).version().hash);
}

TEST(Patches, ErrorsOfAPatchAreReportedAtTheirPosition) {
  TempCopy copy(kDemo);
  copy.write("2021-07-01/params.yaml",
             "avg_wage:\n  unit: decimal\n  values:\n    2018: {remove: \"no such entry\"}\n");
  decree::Diagnostics diags;
  EXPECT_EQ(decree::RuleTimeline::load(copy.root.string(), diags), nullptr);
  std::string text = decree::render_all(diags, /*brief=*/true);
  for (size_t at; (at = text.find(copy.root.string() + "/")) != std::string::npos;)
    text.erase(at, copy.root.string().size() + 1);
  EXPECT_NE(text.find("2021-07-01/params.yaml:2:9: error: a patch may not change the unit of "
                      "parameter 'avg_wage' (money in version \"2011-01-01\"): write `replace: "
                      "true` to replace it whole"),
            std::string::npos)
      << text;
}

TEST(WhatIf, OneKeyOfAParameter) {
  decree::LoadOptions options;
  options.params.push_back({"avg_wage[2020]", "7000.00"});
  auto t = load(kDemo, options);
  auto plain = load(kDemo);
  ASSERT_NE(t, nullptr);
  ASSERT_NE(plain, nullptr);
  const decree::RuleSet& base = *t->versions().front();
  EXPECT_NE(base.version().hash, plain->versions().front()->version().hash);
  decree::Session s(*t, decree::SessionOptions{"2011-01-01", std::nullopt});
  std::string out = run(s, R"({"injury_date":"2021-03-01","wage":"1.00"})");
  EXPECT_NE(out.find(R"("param_overrides":{"avg_wage[2020]":"7000.00"})"), std::string::npos)
      << out;
  EXPECT_NE(out.find(R"("own_wage":"4200.00")"), std::string::npos) << out;  // 60% of 7000.00
  // Only that key: 2019 keeps its 5000.00.
  out = run(s, R"({"injury_date":"2020-03-01","wage":"1.00"})");
  EXPECT_NE(out.find(R"("own_wage":"3000.00")"), std::string::npos) << out;
  // The explanation cites the option.
  decree::CaseError err;
  ASSERT_TRUE(s.decode_json(R"({"injury_date":"2021-03-01","wage":"1.00"})", err));
  ASSERT_TRUE(s.evaluate(err, decree::EvalOptions{std::nullopt, true, false}));
  EXPECT_NE(s.explain_text().find("p.avg_wage[2020] = 7000.00 (the value for year 2020; what-if "
                                  "value given with --param avg_wage[2020]=7000.00; --param:1:1)"),
            std::string::npos)
      << s.explain_text();
}

TEST(WhatIf, OneKeyMustFitTheKeys) {
  auto error = [](const std::string& name, const std::string& value) {
    decree::LoadOptions options;
    options.params.push_back({name, value});
    decree::Diagnostics diags;
    EXPECT_EQ(decree::RuleTimeline::load(kDemo, diags, options), nullptr);
    return decree::render_all(diags, true);
  };
  EXPECT_NE(
      error("avg_wage[2020, 1]", "1")
          .find("--param avg_wage[2020, 1]=1: parameter `avg_wage` has 1 key(s) (year), but 2 "
                "are given"),
      std::string::npos);
  EXPECT_NE(error("avg_wage[20x0]", "1")
                .find("--param avg_wage[20x0]=1: '20x0' is not a key of "
                      "type year (key `year` of parameter `avg_wage`)"),
            std::string::npos);
  EXPECT_NE(error("avg_wage[2020]", "lots").find("--param avg_wage[2020]=lots: not an exact money"),
            std::string::npos);
}

TEST(WhatIf, AnOverlayFileOfABureausOwnFigures) {
  TempCopy copy(kDemo);
  copy.write("bureau.yaml", R"(avg_wage:
  values:
    2020: {value: "5800.00", reference: "市统计局 2021年统计公报", reliability: official-site}
)");
  std::string path = (copy.root / "bureau.yaml").string();
  decree::LoadOptions options;
  options.param_files.push_back(path);
  auto t = load(kDemo, options);
  auto plain = load(kDemo);
  ASSERT_NE(t, nullptr);
  EXPECT_NE(t->versions().front()->version().hash, plain->versions().front()->version().hash);
  decree::Session s(*t, decree::SessionOptions{"2011-01-01", std::nullopt});
  std::string out = run(s, R"({"injury_date":"2021-03-01","wage":"1.00"})");
  EXPECT_NE(out.find("\"param_overlays\":[\"" + path + "\"]"), std::string::npos) << out;
  EXPECT_NE(out.find(R"("own_wage":"3480.00")"), std::string::npos) << out;  // 60% of 5800.00

  // Every value names its source, and only the rules' parameters change.
  copy.write("bureau.yaml", "avg_wage:\n  values:\n    2020: \"5800.00\"\n");
  decree::Diagnostics diags;
  EXPECT_EQ(decree::RuleTimeline::load(kDemo, diags, options), nullptr);
  EXPECT_NE(decree::render_all(diags, true)
                .find("bureau.yaml:3:5: error: value 2020 of 'avg_wage' names no source"),
            std::string::npos)
      << decree::render_all(diags, true);
  copy.write("bureau.yaml",
             "avg_wage:\n  reference: r\n  values:\n    2020: \"5800.00\"\n"
             "nursing_rate:\n  description: d\n  unit: rate\n  reference: r\n"
             "  values: {2020-01-01: \"50%\"}\n");
  decree::Diagnostics more;
  EXPECT_EQ(decree::RuleTimeline::load(kDemo, more, options), nullptr);
  EXPECT_NE(decree::render_all(more, true)
                .find("bureau.yaml:5:1: error: no parameter 'nursing_rate' in this rule set"),
            std::string::npos)
      << decree::render_all(more, true);
}

TEST(WeakSources, AResultSaysWhichFiguresHaveAWeakSource) {
  TempCopy copy(kDemo);
  std::string base = copy.read("2011-01-01/params.yaml");
  base.replace(base.find("2020: \"5500.00\""), 15,
               "2020: {value: \"5500.00\", reference: \"a repost\", reliability: repost}");
  base.replace(base.find("  index: year"), 0, "  reliability: official-site\n");
  copy.write("2011-01-01/params.yaml", base);
  auto t = load(copy.root.string());
  ASSERT_NE(t, nullptr);
  decree::Session s(*t, decree::SessionOptions{"2011-01-01", std::nullopt});
  // 2020 has a repost: named once, though two rules read it.
  std::string out = run(s, R"({"injury_date":"2021-03-01","wage":"1.00","care":"full"})");
  EXPECT_NE(
      out.find(
          R"(,"weak_sources":[{"parameter":"p.avg_wage","key":"2020","reliability":"repost"}]})"),
      std::string::npos)
      << out;
  // 2019 is official (the parameter's label): nothing to say.
  out = run(s, R"({"injury_date":"2020-03-01","wage":"1.00"})");
  EXPECT_EQ(out.find("weak_sources"), std::string::npos) << out;

  decree::CaseError err;
  ASSERT_TRUE(s.decode_json(R"({"injury_date":"2021-03-01","wage":"1.00"})", err));
  ASSERT_TRUE(s.evaluate(err, decree::EvalOptions{std::nullopt, true, false}));
  std::string text = s.explain_text();
  EXPECT_NE(text.find("  parameter  p.avg_wage[2020] = 5500.00 (the value for year 2020; a "
                      "repost; "),
            std::string::npos)
      << text;
  EXPECT_NE(text.find(")\n             source: repost, below official: check the figure against "
                      "the issuing body before relying on it\n"),
            std::string::npos)
      << text;
  std::string json = s.explain_json();
  EXPECT_NE(json.find("\"keys\": {\n            \"year\": \"2020\"\n          },"),
            std::string::npos)
      << json;
  EXPECT_NE(json.find("\"reliability\": \"repost\",\n          \"below_official\": true"),
            std::string::npos)
      << json;
}

}  // namespace
