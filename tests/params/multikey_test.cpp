// Parameters with several keys (index: [year, grade: integer]), enum keys and
// reliability labels: the schema, its errors with their positions, and
// lookups key by key.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_util.h"

namespace decree {
namespace {

using ::testing::ElementsAre;
using namespace params_testing;

const char* kIncrements = R"(
allowance_increment:
  description: d
  unit: money
  reference: the notices
  reliability: repost
  index: [year, grade: integer]
  values:
    2017:
      1: "159"
      2: {value: "152", reference: own, reliability: official-site}
    2018: {2: "225", 1: "236"}
    2019: {unsourced: "no notice found"}
)";

TEST(MultiKey, KeysAreNamedTypedAndNested) {
  auto r = parse(kIncrements);
  ASSERT_TRUE(r->set) << render_all(r->diags);
  const Parameter& p = r->param("allowance_increment");
  ASSERT_EQ(p.arity(), 2u);
  EXPECT_EQ(p.index[0].name, "year");
  EXPECT_EQ(p.index[0].type, ParamIndex::year);
  EXPECT_EQ(p.index[1].name, "grade");
  EXPECT_EQ(p.index[1].type, ParamIndex::integer);
  EXPECT_TRUE(p.named_index);
  EXPECT_EQ(p.index_text(), "[year, grade: integer]");
  EXPECT_EQ(p.values.size(), 5u);  // four leaves and the block of 2019
  EXPECT_EQ(at(p, {2017, 1}), "159");
  EXPECT_EQ(at(p, {2017, 2}), "152");
  EXPECT_EQ(at(p, {2018, 1}), "236");  // in key order, whatever the file's order
  EXPECT_EQ(at(p, {2018, 2}), "225");
  EXPECT_EQ(at(p, {2017, 3}), "<none>");                        // exact: no grade 3
  EXPECT_EQ(at(p, {2016, 1}), "<none>");                        // exact: no earlier year is used
  EXPECT_EQ(at(p, {2019, 4}), "<unsourced: no notice found>");  // the block covers every grade
  EXPECT_EQ(at(p, {2019, 99}), "<unsourced: no notice found>");
  EXPECT_EQ(at(p, {2017}), "<none>");  // a lookup gives every key
  const ParamValue* v = p.find(std::vector<int64_t>{2017, 2});
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->span.location(), "p.yaml:10:7");
  EXPECT_EQ(p.entry_keys(*v), "2017, 2");
  EXPECT_EQ(p.describe_keys({"2031", "3"}), "year 2031, grade 3");
  // Reliability: the value's own, else the parameter's.
  EXPECT_EQ(p.reliability_for(*v), Reliability::official_site);
  EXPECT_EQ(p.reference_for(*v), "own");
  const ParamValue* w = p.find(std::vector<int64_t>{2017, 1});
  EXPECT_EQ(p.reliability_for(*w), Reliability::repost);
  EXPECT_TRUE(is_weak(p.reliability_for(*w)));
  EXPECT_FALSE(is_weak(p.reliability_for(*v)));
}

TEST(MultiKey, ADateKeyFindsTheBlockInEffectThenTheKeyInIt) {
  auto r = parse(R"(
min_wage:
  description: d
  unit: money
  reference: r
  index: [date, tier: enum]
  values:
    2017-10-01: {tier1: "1780", tier2: "1680", tier4: "1480"}
    2021-12-01: {tier1: "1880", tier2: "1760", tier4: null}
    2024-10-01: {tier1: "2120"}
    2026-01-01: null
)");
  ASSERT_TRUE(r->set) << render_all(r->diags);
  const Parameter& p = r->param("min_wage");
  int64_t t1 = p.symbol("tier1"), t2 = p.symbol("tier2"), t4 = p.symbol("tier4");
  ASSERT_GE(t1, 0);
  ASSERT_GE(t4, 0);
  EXPECT_EQ(p.symbol("tier3"), -1);
  EXPECT_EQ(p.key_text(1, t2), "tier2");
  EXPECT_EQ(p.symbols[static_cast<size_t>(t4)].span.location(), "p.yaml:7:48");
  EXPECT_EQ(at(p, {day("2017-09-30"), t1}), "<none>");  // before the first block
  EXPECT_EQ(at(p, {day("2017-10-01"), t1}), "1780");
  EXPECT_EQ(at(p, {day("2021-11-30"), t4}), "1480");
  EXPECT_EQ(at(p, {day("2021-12-01"), t1}), "1880");
  EXPECT_EQ(at(p, {day("2021-12-01"), t4}), "<null>");  // ended in this block
  // The 2024 block has tier1 only: tier2 is missing from then on, it does not
  // fall back to the block before.
  EXPECT_EQ(at(p, {day("2025-05-05"), t1}), "2120");
  EXPECT_EQ(at(p, {day("2025-05-05"), t2}), "<none>");
  EXPECT_EQ(at(p, {day("2026-01-01"), t1}), "<null>");  // every tier ends
  EXPECT_EQ(p.describe_keys({"2025-05-05", "tier2"}), "date 2025-05-05, tier tier2");
}

TEST(MultiKey, ASingleNamedKeyAndTheShortForms) {
  auto r = parse(R"(
a:
  description: d
  unit: integer
  reference: r
  index: [grade: integer]
  values: {5: 10}
b:
  description: d
  unit: integer
  reference: r
  index: [year, date]
  values: {2020: {2020-01-01: 1}}
)");
  ASSERT_TRUE(r->set) << render_all(r->diags);
  EXPECT_EQ(r->param("a").describe_keys({"5"}), "grade 5");
  EXPECT_EQ(r->param("a").index_text(), "[grade: integer]");
  EXPECT_EQ(r->param("b").index[1].name, "date");
  EXPECT_EQ(r->param("b").index_text(), "[year, date]");
  EXPECT_EQ(at(r->param("b"), {2020, day("2020-06-01")}), "1");
}

TEST(MultiKeyErrors, BadIndexLists) {
  auto r = parse(R"(
a:
  description: d
  unit: money
  reference: r
  index: [year, grade: integer, c: integer, d: integer, e: integer]
  values: {2020: "1"}
b:
  description: d
  unit: money
  reference: r
  index: [year, year]
  values: {2020: "1"}
c:
  description: d
  unit: money
  reference: r
  index: [year, grade: intger]
  values: {2020: "1"}
d:
  description: d
  unit: money
  reference: r
  index: [year, 1grade: integer]
  values: {2020: "1"}
)");
  EXPECT_FALSE(r->set);
  EXPECT_THAT(
      r->errors(),
      ElementsAre("p.yaml:5:10: error: 'index' of parameter 'a' must list from 1 to 4 keys",
                  "p.yaml:11:17: error: key 'year' is named twice in 'index' of parameter 'b'",
                  "p.yaml:17:24: error: 'grade' of parameter 'c' is 'intger'; expected one "
                  "of: date, year, integer, enum",
                  "p.yaml:23:17: error: key name '1grade' in 'index' of parameter 'd' is not "
                  "an identifier (letters, Chinese ones too, digits and '_', not starting "
                  "with a digit)"));
}

TEST(MultiKeyErrors, ValuesNestOneMapPerKey) {
  auto r = parse(R"(
p:
  description: d
  unit: money
  reference: r
  index: [year, grade: integer]
  values:
    2017: "159"
    2018: {1: "1", 01: "2", x: "3"}
    2019:
      1: null
    2020: {unsourced: "u", value: "1"}
)");
  EXPECT_FALSE(r->set);
  EXPECT_THAT(
      r->errors(),
      ElementsAre(
          "p.yaml:7:11: error: value of 'p' at 2017 must be a map of grade → value (the keys are "
          "year, grade)",
          "p.yaml:8:20: error: duplicate key 1 under 2018 in 'values' of parameter 'p'",
          "p.yaml:8:29: error: key 'x' of parameter 'p' is not an integer (index integer: digits "
          "with an optional '-')",
          "p.yaml:10:7: error: value of 'p' at 2019, 1 is null; only a parameter with a date key "
          "allows null (it ends validity) at or below that key",
          "p.yaml:11:28: error: unknown key 'value' in value 2020 of 'p'; allowed keys: unsourced, "
          "reference, note"));
}

TEST(MultiKeyErrors, AFirstNullUnderADateKey) {
  auto r = parse(R"(
p:
  description: d
  unit: money
  reference: r
  index: [tier: enum, from: date]
  values:
    tier1: {2020-01-01: null, 2021-01-01: "1"}
)");
  EXPECT_FALSE(r->set);
  EXPECT_THAT(r->errors(), ElementsAre("p.yaml:7:13: error: the first value of parameter 'p' is "
                                       "null; null ends a validity, so it cannot come first"));
}

TEST(Reliability, LabelsAreTheSourcesLegend) {
  for (auto r : {Reliability::primary, Reliability::official_site, Reliability::repost,
                 Reliability::reworded, Reliability::secondary, Reliability::image_scan,
                 Reliability::code_secondary})
    EXPECT_EQ(parse_reliability(reliability_name(r)), r) << reliability_name(r);
  EXPECT_EQ(reliability_name(Reliability::official_site), "official-site");
  EXPECT_EQ(reliability_name(Reliability::code_secondary), "code-secondary");
  EXPECT_EQ(parse_reliability("official"), std::nullopt);
  EXPECT_FALSE(is_weak(Reliability::unstated));  // not said: nothing to report
  EXPECT_FALSE(is_weak(Reliability::primary));
  EXPECT_TRUE(is_weak(Reliability::secondary));
  EXPECT_TRUE(is_weak(Reliability::image_scan));
}

TEST(Reliability, AnUnknownLabelIsAnErrorWithAGuess) {
  auto r = parse(R"(
p:
  description: d
  unit: money
  reference: r
  reliability: offical-site
  values:
    2020-01-01: {value: "1", reliability: hearsay}
)");
  EXPECT_FALSE(r->set);
  EXPECT_THAT(r->errors(),
              ElementsAre("p.yaml:5:16: error: 'reliability' of parameter 'p' is 'offical-site'; "
                          "expected one of: primary, official-site, repost, reworded, secondary, "
                          "image-scan, code-secondary",
                          "p.yaml:7:43: error: 'reliability' of value 2020-01-01 of 'p' is "
                          "'hearsay'; expected one of: primary, official-site, repost, reworded, "
                          "secondary, image-scan, code-secondary"));
  EXPECT_EQ(r->diags.items()[0].notes.at(0).message, "did you mean `official-site`?");
}

TEST(PatchSchema, OnlyPatchesMayRemoveOrReplace) {
  auto r = parse(R"(
p:
  replace: true
  description: d
  unit: money
  reference: r
  index: year
  values:
    2020: {remove: "why"}
)");
  EXPECT_FALSE(r->set);
  EXPECT_THAT(
      r->errors(),
      ElementsAre("p.yaml:2:3: error: unknown key 'replace' in parameter 'p'; allowed "
                  "keys: description, unit, reference, reliability, index, values, bounds",
                  "p.yaml:8:12: error: unknown key 'remove' in value 2020 of 'p'; allowed "
                  "keys: value, reference, note, reliability, unsourced",
                  "p.yaml:8:5: error: value 2020 of 'p' has no 'value' (required: value, or "
                  "unsourced: why it is missing; optional: reference, note, reliability)"));
}

TEST(PatchSchema, APatchTakesUnitAndKeysFromTheBase) {
  auto base = parse(kIncrements);
  ASSERT_TRUE(base->set);
  auto patch = parse(R"(
allowance_increment:
  values:
    2023: {1: "182"}
    2017: {2: {remove: "withdrawn"}}
    2019: {remove: "the round is known now"}
)",
                     {ParamFileKind::patch, &*base->set});
  ASSERT_TRUE(patch->set) << render_all(patch->diags);
  const Parameter& p = patch->param("allowance_increment");
  EXPECT_EQ(p.arity(), 2u);  // from the base
  EXPECT_EQ(p.fields, Parameter::kValues);
  ASSERT_EQ(p.values.size(), 3u);
  EXPECT_EQ(p.values[0].remove, "withdrawn");
  EXPECT_EQ(p.values[0].depth, 2);
  EXPECT_EQ(p.values[1].remove, "the round is known now");
  EXPECT_EQ(p.values[1].depth, 1);  // the whole block
  EXPECT_EQ(at(p, {2023, 1}), "182");
  // A removal says only why; a patch that changes nothing is an error.
  auto bad = parse(R"(
allowance_increment:
  values:
    2017: {1: {remove: "x", value: "1"}}
other: {}
)",
                   {ParamFileKind::patch, &*base->set});
  EXPECT_FALSE(bad->set);
  EXPECT_THAT(bad->errors(),
              ElementsAre("p.yaml:3:12: error: value 2017, 1 of 'allowance_increment' removes the "
                          "entry: write only {remove: \"why\"}",
                          "p.yaml:4:1: error: parameter 'other' changes nothing: a patch gives "
                          "values, or the fields it changes"));
}

TEST(PatchSchema, AnOverlayValueNamesItsSource) {
  auto base = parse(kIncrements);
  ASSERT_TRUE(base->set);
  auto overlay = parse(R"(
allowance_increment:
  values:
    2024: {1: "170", 2: {value: "162", reference: "our bureau's notice"}}
)",
                       {ParamFileKind::overlay, &*base->set}, "bureau.yaml");
  EXPECT_FALSE(overlay->set);
  EXPECT_THAT(overlay->errors(),
              ElementsAre("bureau.yaml:3:12: error: value 2024, 1 of 'allowance_increment' names "
                          "no source: in an overlay every value has a reference (its own, or the "
                          "parameter's)"));
  auto good = parse(R"(
allowance_increment:
  reference: "our bureau's notice of 2024"
  values:
    2024: {1: "170"}
)",
                    {ParamFileKind::overlay, &*base->set}, "bureau.yaml");
  EXPECT_TRUE(good->set) << render_all(good->diags);
}

}  // namespace
}  // namespace decree
