// Parameter patches (params/merge.h): what a later version's file adds,
// changes, removes and replaces, what it may not change, and the canonical
// text the rules hash covers.
#include "params/merge.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/codes_params.h"
#include "test_util.h"

namespace decree {
namespace {

using ::testing::ElementsAre;
using namespace params_testing;

const char* kBase = R"(
avg_wage:
  description: average wage
  unit: money
  reference: statistics bureau
  reliability: official-site
  index: year
  values:
    2020: "6000.00"
    2021: "6500.00"
    2022: {unsourced: "not published"}
increment:
  description: increments
  unit: money
  reference: notices
  index: [year, grade: integer]
  values:
    2022: {1: "214", 2: "204"}
    2023: {unsourced: "notice not found"}
tier_wage:
  description: by tier
  unit: money
  reference: r
  index: [tier: enum]
  values: {tier1: "1880", tier2: "1760"}
)";

struct Merged {
  std::unique_ptr<Parsed> base, patch;
  Diagnostics diags;
  std::optional<std::vector<ParamChange>> changes;
  std::vector<std::string> errors() const {
    std::vector<std::string> out;
    for (Diagnostic d : diags.items()) {
      d.notes.clear();
      out.push_back(render_brief(d));
    }
    return out;
  }
};

// Parses kBase as base.yaml and `patch` as patch.yaml against it, and merges.
std::unique_ptr<Merged> merge(const std::string& patch, ParamFileKind kind = ParamFileKind::patch) {
  auto m = std::make_unique<Merged>();
  m->base = parse(kBase, {}, "base.yaml");
  if (!m->base->set) throw std::runtime_error(render_all(m->base->diags));
  m->patch = parse(patch, {kind, &*m->base->set}, "patch.yaml");
  if (!m->patch->set) {
    m->diags.append(m->patch->diags);
    return m;
  }
  MergeOptions options;
  options.base_label = "version \"base\"";
  options.allow_new = kind == ParamFileKind::patch;
  m->changes = merge_parameters(*m->base->set, *m->patch->set, m->diags, options);
  return m;
}

const Parameter& param(const Merged& m, const char* name) { return *m.base->set->find(name); }

TEST(Merge, AnEntryIsAddedChangedOrRemovedAndTheRestInherited) {
  auto m = merge(R"(
avg_wage:
  values:
    2023: {value: "7000.00", reference: "2024 yearbook"}
    2021: "6600.00"
    2020: {remove: "withdrawn"}
)");
  ASSERT_TRUE(m->changes) << render_all(m->diags);
  const Parameter& p = param(*m, "avg_wage");
  EXPECT_EQ(at(p, {2020}), "<none>");
  EXPECT_EQ(at(p, {2021}), "6600.00");
  EXPECT_EQ(at(p, {2022}), "<unsourced: not published>");  // inherited
  EXPECT_EQ(at(p, {2023}), "7000.00");
  // Each entry cites where it comes from: the patch's file, or the base's.
  EXPECT_EQ(p.find(std::vector<int64_t>{2021})->span.location(), "patch.yaml:4:5");
  EXPECT_EQ(p.find(std::vector<int64_t>{2022})->span.location(), "base.yaml:10:5");
  EXPECT_EQ(p.reference_for(*p.find(std::vector<int64_t>{2023})), "2024 yearbook");
  EXPECT_EQ(p.reference_for(*p.find(std::vector<int64_t>{2021})), "statistics bureau");
  EXPECT_EQ(p.description, "average wage");  // not restated: kept
  ASSERT_EQ(m->changes->size(), 1u);
  const ParamChange& c = m->changes->front();
  EXPECT_EQ(c.name, "avg_wage");
  EXPECT_EQ(c.kind, ParamChange::Kind::patched);
  EXPECT_EQ(c.added, std::vector<std::string>{"2023"});
  EXPECT_EQ(c.changed, std::vector<std::string>{"2021"});
  EXPECT_EQ(c.removed, std::vector<std::string>{"2020"});
  EXPECT_EQ(m->base->set->patch_sources.size(), 1u);  // the patch's spans stay valid
}

TEST(Merge, WithSeveralKeysAnEntryIsOneLeaf) {
  auto m = merge(R"(
increment:
  values:
    2022: {2: "205"}
    2023: {1: "182", 2: "174"}
    2024: {1: "170"}
)");
  ASSERT_TRUE(m->changes) << render_all(m->diags);
  const Parameter& p = param(*m, "increment");
  EXPECT_EQ(at(p, {2022, 1}), "214");  // the other grade of 2022 is kept
  EXPECT_EQ(at(p, {2022, 2}), "205");
  // 2023 was unsourced as a whole: the new entry replaces that block, so
  // the grades it does not give are missing, no longer unsourced.
  EXPECT_EQ(at(p, {2023, 1}), "182");
  EXPECT_EQ(at(p, {2023, 2}), "174");
  EXPECT_EQ(at(p, {2023, 3}), "<none>");
  EXPECT_EQ(at(p, {2024, 1}), "170");
  const ParamChange& c = m->changes->front();
  EXPECT_EQ(c.arity, 2u);
  // Both grades of 2023 had an entry before (the unsourced block): changed.
  EXPECT_EQ(c.changed, (std::vector<std::string>{"2022, 2", "2023, 1", "2023, 2"}));
  EXPECT_EQ(c.added, std::vector<std::string>{"2024, 1"});
}

TEST(Merge, ABlockIsRemovedWhole) {
  auto m = merge(R"(
increment:
  values:
    2022: {remove: "the 2022 round was annulled"}
)");
  ASSERT_TRUE(m->changes) << render_all(m->diags);
  const Parameter& p = param(*m, "increment");
  EXPECT_EQ(at(p, {2022, 1}), "<none>");
  EXPECT_EQ(at(p, {2022, 2}), "<none>");
  EXPECT_EQ(m->changes->front().removed, std::vector<std::string>{"2022"});
}

TEST(Merge, RemovingWhatTheBaseLacksIsRefused) {
  auto m = merge(R"(
avg_wage:
  values:
    2019: {remove: "typo for 2020?"}
increment:
  values:
    2023: {1: {remove: "inside an unsourced block"}}
)");
  EXPECT_FALSE(m->changes);
  EXPECT_THAT(m->errors(),
              ElementsAre("patch.yaml:3:5: error: parameter 'avg_wage' has no entry 2019 in "
                          "version \"base\" to remove",
                          "patch.yaml:6:12: error: parameter 'increment' has no entry 2023, 1 in "
                          "version \"base\" to remove"));
}

TEST(Merge, APatchMayNotChangeTheUnitOrTheIndex) {
  auto m = merge(R"(
avg_wage:
  unit: decimal
  values: {2023: "1"}
increment:
  index: [year, level: integer]
  values: {2024: {1: "1"}}
)");
  EXPECT_FALSE(m->changes);
  EXPECT_THAT(m->errors(),
              ElementsAre("patch.yaml:2:9: error: a patch may not change the unit of parameter "
                          "'avg_wage' (money in version \"base\"): write `replace: true` to "
                          "replace it whole",
                          "patch.yaml:5:10: error: a patch may not change the index of parameter "
                          "'increment' ([year, grade: integer] in version \"base\"): write "
                          "`replace: true` to replace it whole"));
  EXPECT_EQ(m->diags.items()[0].notes.at(0).span.location(), "base.yaml:1:1");
  // Restating the same unit and index is fine.
  auto same = merge("avg_wage:\n  unit: money\n  index: year\n  values: {2023: \"1\"}\n");
  EXPECT_TRUE(same->changes) << render_all(same->diags);
}

TEST(Merge, ReplaceTakesTheParameterWhole) {
  auto m = merge(R"(
avg_wage:
  replace: true
  description: the province's series
  unit: money
  reference: provincial bureau
  index: year
  values:
    2021: "7000.00"
)");
  ASSERT_TRUE(m->changes) << render_all(m->diags);
  const Parameter& p = param(*m, "avg_wage");
  EXPECT_EQ(at(p, {2020}), "<none>");  // nothing of the base's series is left
  EXPECT_EQ(at(p, {2022}), "<none>");
  EXPECT_EQ(at(p, {2021}), "7000.00");
  EXPECT_EQ(p.description, "the province's series");
  EXPECT_EQ(p.reliability, Reliability::unstated);  // the base's is not carried over
  EXPECT_EQ(m->changes->front().kind, ParamChange::Kind::replaced);
  EXPECT_EQ(m->changes->front().entries, 1u);
  // replace: true may change the unit and the keys, but must say everything.
  auto changed = merge(R"(
increment:
  replace: true
  description: d
  unit: rate
  reference: r
  index: [year, grade: integer, care: enum]
  values: {2024: {1: {full: "5%"}}}
)");
  EXPECT_TRUE(changed->changes) << render_all(changed->diags);
  auto incomplete = merge("avg_wage:\n  replace: true\n  values: {2023-01-01: \"1\"}\n");
  EXPECT_FALSE(incomplete->changes);
  EXPECT_THAT(incomplete->errors(),
              ElementsAre("patch.yaml:1:1: error: parameter 'avg_wage' replaces the base's whole "
                          "(`replace: true`), so it needs description, unit, reference and values "
                          "(and its index, unless it is date); missing: description, unit, "
                          "reference"));
  auto nothing = merge(
      "avg_wag:\n  replace: true\n  description: d\n  unit: money\n  reference: r\n"
      "  index: year\n  values: {2023: \"1\"}\n");
  EXPECT_THAT(nothing->errors(),
              ElementsAre("patch.yaml:1:1: error: `replace: true` on parameter 'avg_wag', but "
                          "version \"base\" has no parameter of that name"));
}

// A patch without rules of its own (a payment-date version, an overlay) may
// not retype a parameter, not even by replacing it: the base's rules read it,
// and would each fail on the new type (one error at every use, none here).
TEST(Merge, APatchWithoutRulesKeepsTheTypeEvenWhenItReplaces) {
  const char* retyped = R"(
avg_wage:
  replace: true
  description: d
  unit: rate
  reference: r
  index: [year, grade: integer]
  values: {2024: {1: "5%"}}
)";
  auto m = merge(retyped, ParamFileKind::overlay);
  EXPECT_FALSE(m->changes);
  EXPECT_THAT(m->errors(),
              ElementsAre("patch.yaml:4:9: error: the patch changes the unit of parameter "
                          "'avg_wage' from money to rate, but it has no rules of its own: the "
                          "rules of version \"base\" read it as money; a payment-date version or "
                          "an overlay may not change a parameter's type, even with `replace: true`",
                          "patch.yaml:6:10: error: the patch changes the index of parameter "
                          "'avg_wage' from year to [year, grade: integer], but it has no rules of "
                          "its own: the rules of version \"base\" read it as year; a payment-date "
                          "version or an overlay may not change a parameter's type, even with "
                          "`replace: true`"));
  ASSERT_FALSE(m->diags.items().empty());
  EXPECT_EQ(m->diags.items()[0].notes.at(0).span.location(), "base.yaml:1:1");
  EXPECT_EQ(m->diags.items()[0].code, msg::param_retype_without_rules);
  // A version with rules of its own may (its rules say how they read it).
  EXPECT_TRUE(merge(retyped)->changes);
  // Replacing with the same type is fine without rules too.
  auto same = merge(
      "avg_wage:\n  replace: true\n  description: d\n  unit: money\n  reference: r\n"
      "  index: year\n  values: {2024: \"7000.00\"}\n",
      ParamFileKind::overlay);
  EXPECT_TRUE(same->changes) << render_all(same->diags);
}

TEST(Merge, ANewParameterIsComplete) {
  auto m = merge(R"(
funeral_months:
  description: months of the average wage
  unit: integer
  reference: r
  values: {2021-01-01: 6}
avg_wag:
  values: {2023-01-01: "7000.00"}
)");
  EXPECT_FALSE(m->changes);
  EXPECT_THAT(m->errors(),
              ElementsAre("patch.yaml:6:1: error: parameter 'avg_wag' is new (version \"base\" "
                          "has none), so it needs description, unit, reference and values (and "
                          "its index, unless it is date); missing: description, unit, reference"));
  EXPECT_EQ(m->diags.items()[0].notes.at(0).message,
            "did you mean `avg_wage`? a patch of a parameter gives only what changes");
  auto good = merge(R"(
funeral_months:
  description: months of the average wage
  unit: integer
  reference: r
  values: {2021-01-01: 6}
)");
  ASSERT_TRUE(good->changes) << render_all(good->diags);
  EXPECT_EQ(good->changes->front().kind, ParamChange::Kind::added);
  EXPECT_EQ(at(param(*good, "funeral_months"), {day("2022-01-01")}), "6");
}

TEST(Merge, NewReferenceOrReliabilityLeavesInheritedEntriesTheirSources) {
  auto m = merge(R"(
avg_wage:
  reference: a repost of the bureau's table
  reliability: repost
  values: {2023: "7000.00"}
)");
  ASSERT_TRUE(m->changes) << render_all(m->diags);
  const Parameter& p = param(*m, "avg_wage");
  const ParamValue& old_entry = *p.find(std::vector<int64_t>{2021});
  const ParamValue& new_entry = *p.find(std::vector<int64_t>{2023});
  EXPECT_EQ(p.reference_for(old_entry), "statistics bureau");
  EXPECT_EQ(p.reliability_for(old_entry), Reliability::official_site);
  EXPECT_EQ(p.reference_for(new_entry), "a repost of the bureau's table");
  EXPECT_EQ(p.reliability_for(new_entry), Reliability::repost);
}

TEST(Merge, EnumKeysAreMatchedByName) {
  auto m = merge(R"(
tier_wage:
  values: {tier3: "1640", tier2: "1770"}
)");
  ASSERT_TRUE(m->changes) << render_all(m->diags);
  const Parameter& p = param(*m, "tier_wage");
  EXPECT_EQ(at(p, {p.symbol("tier1")}), "1880");
  EXPECT_EQ(at(p, {p.symbol("tier2")}), "1770");
  EXPECT_EQ(at(p, {p.symbol("tier3")}), "1640");
  EXPECT_EQ(m->changes->front().added, std::vector<std::string>{"tier3"});
  EXPECT_EQ(m->changes->front().changed, std::vector<std::string>{"tier2"});
}

TEST(Merge, AnOverlayChangesOnlyTheRulesParameters) {
  auto m = merge(R"(
avg_wage:
  values: {2022: {value: "6800.00", reference: "our city's figure", reliability: official-site}}
new_one:
  description: d
  unit: money
  reference: r
  values: {2020-01-01: "1"}
)",
                 ParamFileKind::overlay);
  EXPECT_FALSE(m->changes);
  EXPECT_THAT(m->errors(), ElementsAre("patch.yaml:3:1: error: no parameter 'new_one' in version "
                                       "\"base\": an overlay only changes the rules' parameters"));
}

TEST(CanonicalText, CoversEveryMergedValueAndNotTheLayout) {
  auto a = parse(kBase, {}, "base.yaml");
  ASSERT_TRUE(a->set);
  std::string text = canonical_text(*a->set);
  EXPECT_NE(
      text.find("parameter avg_wage unit money index year\n"
                "  [2020] 6000.00 reference \"statistics bureau\" reliability official-site\n"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("  [2022] unsourced \"not published\""), std::string::npos) << text;
  EXPECT_NE(text.find("parameter increment unit money index [year, grade: integer]\n"
                      "  [2022, 1] 214 reference \"notices\"\n"),
            std::string::npos)
      << text;
  // The same values written in another order, with other spacing: the same text.
  std::string shuffled = kBase;
  const std::string from = "    2020: \"6000.00\"\n    2021: \"6500.00\"\n";
  shuffled.replace(shuffled.find(from), from.size(),
                   "    2021:   \"6500.00\"\n    2020: \"6000.00\"\n");
  auto b = parse(shuffled, {}, "other.yaml");
  ASSERT_TRUE(b->set) << render_all(b->diags);
  EXPECT_EQ(canonical_text(*b->set), text);
  // One entry changed by a patch: a different text.
  auto m = merge("avg_wage:\n  values: {2021: \"6500.01\"}\n");
  ASSERT_TRUE(m->changes);
  EXPECT_NE(canonical_text(*m->base->set), text);
  // A what-if value for every key is part of it too.
  a->set->find("avg_wage")->what_if = ParamValue{};
  a->set->find("avg_wage")->what_if->value = Decimal::from_int(7000);
  EXPECT_NE(canonical_text(*a->set).find("  what-if 7000\n"), std::string::npos);
}

}  // namespace
}  // namespace decree
