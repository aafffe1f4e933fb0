// Two time axes: the version a case's own date selects fixes the rules, and
// payment-date versions (`select by as_of`) add the figures of each
// adjustment round for every payment from their date, under every version.
// The fixture tests/lang/versions/rounds has versions 2011-01-01 (60 %) and
// 2021-07-01 (70 %) by injury date, and rounds 2023-07-01 (+100.00 for
// injuries up to 2022) and 2025-07-01 (+250.00 in all, up to 2024).
#include <gtest/gtest.h>

#include "api/decree.h"
#include "api/internal/loader.h"  // ParseCache
#include "test_util.h"

namespace fs = std::filesystem;

namespace {

using decree_versions_testing::TempCopy;

const std::string kRounds = DECREE_SOURCE_DIR "/tests/lang/versions/rounds";

std::unique_ptr<const decree::RuleTimeline> load(const std::string& path, std::string* errors) {
  decree::Diagnostics diags;
  auto t = decree::RuleTimeline::load(path, diags);
  *errors = decree::render_all(diags, /*brief=*/true);
  return t;
}

// The result line of one case paid on `paid`, or "error: …".
std::string paid_on(const decree::RuleTimeline& t, const std::string& injury,
                    const std::string& paid) {
  decree::Session s(t, decree::SessionOptions{"", decree::Date::parse(paid)});
  decree::CaseError err;
  decree::EvalOptions options;
  options.as_of = decree::Date::parse(paid);
  std::string out;
  if (s.decode_json(R"({"injury_date":")" + injury + R"(","wage":"1000.00"})", err) &&
      s.evaluate(err, options))
    s.append_result_json(out);
  else
    out = "error: " + err.message;
  return out;
}

std::string field(const std::string& line, const std::string& key) {
  size_t at = line.find("\"" + key + "\":");
  if (at == std::string::npos) return "";
  at += key.size() + 3;
  size_t end = line[at] == '"' ? line.find('"', at + 1) + 1 : line.find_first_of(",}", at);
  return line.substr(at, end - at);
}

TEST(PaymentVersions, ARoundAppliesFromItsPaymentDate) {
  std::string errors;
  auto t = load(kRounds, &errors);
  ASSERT_NE(t, nullptr) << errors;
  EXPECT_EQ(errors, "");
  ASSERT_EQ(t->versions().size(), 2u);  // the rounds are not versions a case's date selects
  ASSERT_EQ(t->payment_versions().size(), 2u);
  EXPECT_EQ(t->payment_versions()[0].name, "2023-07-01");
  // A 2022 injury under 2021-07-01 (70 % of 1000.00), paid before, on and
  // after each round: the day a round takes effect is the first it pays.
  EXPECT_EQ(field(paid_on(*t, "2022-03-10", "2023-06-30"), "allowance"), "\"700.00\"");
  EXPECT_EQ(field(paid_on(*t, "2022-03-10", "2023-07-01"), "allowance"), "\"800.00\"");
  EXPECT_EQ(field(paid_on(*t, "2022-03-10", "2025-06-30"), "allowance"), "\"800.00\"");
  EXPECT_EQ(field(paid_on(*t, "2022-03-10", "2025-07-01"), "allowance"), "\"950.00\"");
}

TEST(PaymentVersions, AnOldInjuryKeepsItsRulesAndGetsTheLaterRounds) {
  std::string errors;
  auto t = load(kRounds, &errors);
  ASSERT_NE(t, nullptr) << errors;
  // Injured in 2019: the 2011-01-01 rules (60 %), yet paid after both rounds.
  std::string line = paid_on(*t, "2019-03-10", "2025-08-01");
  EXPECT_EQ(field(line, "version"), "\"2011-01-01\"");
  EXPECT_EQ(field(line, "allowance"), "\"850.00\"") << line;
  // Injured in 2024: not covered by the 2023 round (up to 2022), covered by 2025's.
  EXPECT_EQ(field(paid_on(*t, "2024-05-01", "2024-06-01"), "allowance"), "\"700.00\"");
  EXPECT_EQ(field(paid_on(*t, "2024-05-01", "2025-08-01"), "allowance"), "\"950.00\"");
}

TEST(PaymentVersions, EveryResultNamesEachVersionAndHashThatContributed) {
  std::string errors;
  auto t = load(kRounds, &errors);
  ASSERT_NE(t, nullptr) << errors;
  std::string before = paid_on(*t, "2022-03-10", "2023-06-30");
  std::string after = paid_on(*t, "2022-03-10", "2025-08-01");
  const auto& pv = t->payment_versions();
  EXPECT_EQ(before.find("payment_versions"), std::string::npos) << before;
  EXPECT_NE(after.find(R"("payment_versions":{"2023-07-01":"sha256:)" + pv[0].hash +
                       R"(","2025-07-01":"sha256:)" + pv[1].hash + R"("})"),
            std::string::npos)
      << after;
  EXPECT_NE(after.find(R"("versions":{"2011-01-01":"sha256:)"), std::string::npos) << after;
  // The combined hash covers the rounds too.
  EXPECT_NE(field(before, "rules_hash"), field(after, "rules_hash"));
  EXPECT_EQ(field(before, "rules_hash"),
            "\"sha256:" + t->find("2021-07-01")->version().hash + "\"");
  EXPECT_EQ(pv[0].changes, (std::vector<std::string>{"p.round_increment", "p.round_cutoff_year"}));
}

TEST(PaymentVersions, WithoutAPaymentDateTheRoundsInForceOnTheCasesDateApply) {
  std::string errors;
  auto t = load(kRounds, &errors);
  ASSERT_NE(t, nullptr) << errors;
  decree::Session s(*t);
  decree::CaseError err;
  ASSERT_TRUE(s.decode_json(R"({"injury_date":"2024-01-10","wage":"1000.00"})", err))
      << err.message;
  EXPECT_EQ(s.rules().version().payment_versions, 1u);  // 2023-07-01, not 2025-07-01
}

std::string errors_of(const TempCopy& copy) {
  std::string errors;
  auto t = load(copy.root.string(), &errors);
  EXPECT_EQ(t, nullptr);
  for (size_t at; (at = errors.find(copy.root.string() + "/")) != std::string::npos;)
    errors.erase(at, copy.root.string().size() + 1);
  return errors;
}

const std::string kRoundHeader =
    "ruleset demo.rounds\n  version \"2023-07-01\" effective 2023-07-01\n  select by as_of\n";

TEST(PaymentVersions, ARoundChangesFiguresOnly) {
  TempCopy copy(kRounds);
  copy.write("2023-07-01/rules.decree",
             kRoundHeader + "parameters \"params.yaml\" as p\noutput bonus: money = 1.00\n");
  EXPECT_NE(errors_of(copy).find(
                "2023-07-01/rules.decree:5:8: error: payment-date version \"2023-07-01\" declares "
                "output `bonus`: it may only change parameters (rules are fixed by the version the "
                "case's own date selects)"),
            std::string::npos)
      << errors_of(copy);
}

TEST(PaymentVersions, ARoundDoesNotExtend) {
  TempCopy copy(kRounds);
  copy.write("2023-07-01/rules.decree",
             "ruleset demo.rounds\n  version \"2023-07-01\" effective 2023-07-01 extends "
             "\"2021-07-01\"\n  select by as_of\nparameters \"params.yaml\" as p\n");
  EXPECT_NE(errors_of(copy).find("error: payment-date version \"2023-07-01\" cannot extend a "
                                 "version: it applies on top of the version that each case's own "
                                 "date selects"),
            std::string::npos)
      << errors_of(copy);
}

TEST(PaymentVersions, ARoundNamesParametersTheRulesHave) {
  TempCopy copy(kRounds);
  copy.write("2023-07-01/rules.decree", kRoundHeader + "parameters \"params.yaml\" as q\n");
  EXPECT_NE(errors_of(copy).find("2023-07-01/rules.decree:4:1: error: payment-date version "
                                 "\"2023-07-01\" changes parameter set `q`, which version"),
            std::string::npos)
      << errors_of(copy);
  TempCopy misspelt(kRounds);
  misspelt.write("2023-07-01/params.yaml",
                 "round_incremnt:\n  description: x\n  unit: money\n  reference: test value\n"
                 "  values:\n    2023-07-01: \"100.00\"\n");
  EXPECT_NE(errors_of(misspelt).find("2023-07-01: payment-date version \"2023-07-01\" changes "
                                     "parameter `p.round_incremnt`, which no version of "
                                     "demo.rounds has"),
            std::string::npos)
      << errors_of(misspelt);
}

TEST(PaymentVersions, TwoRoundsCannotTakeEffectTheSameDay) {
  TempCopy copy(kRounds);
  fs::create_directories(copy.root / "2023-07-01b");
  copy.write("2023-07-01b/rules.decree",
             "ruleset demo.rounds\n  version \"2023-07-01b\" effective 2023-07-01\n  select by "
             "as_of\nparameters \"params.yaml\" as p\n");
  copy.write("2023-07-01b/params.yaml", copy.read("2023-07-01/params.yaml"));
  EXPECT_NE(errors_of(copy).find("take effect on the same day"), std::string::npos)
      << errors_of(copy);
}

TEST(PaymentVersions, ARoundAloneIsNotARuleSet) {
  decree::Diagnostics diags;
  auto rs = decree::RuleSet::load(kRounds + "/2025-07-01", diags);
  EXPECT_EQ(rs, nullptr);
  EXPECT_NE(decree::render_all(diags, true)
                .find("error: version \"2025-07-01\" applies by payment date (`select by as_of`): "
                      "it is loaded with the rules it changes"),
            std::string::npos)
      << decree::render_all(diags, true);
}

}  // namespace

namespace {

// A timeline parses each file once (LoadOptions::parse_cache) and hands each
// stacked load a copy: the loads give what loads without the cache give.
TEST(ParseCache, LoadsWithTheCacheGiveWhatLoadsWithoutItGive) {
  const std::string jilin = DECREE_SOURCE_DIR "/rules/jilin/work-injury-benefits";
  std::vector<std::string> rounds;
  for (const char* r : {"2017-01-01", "2018-01-01", "2019-10-30", "2020-01-01", "2022-09-13",
                        "2023-09-14", "2024-10-18"})
    rounds.push_back(jilin + "/" + r);
  decree::LoadOptions plain;
  plain.payment_versions = rounds;
  decree::LoadOptions cached = plain;
  cached.parse_cache = std::make_shared<decree::ParseCache>();
  decree::Diagnostics diags;
  auto a = decree::RuleSet::load(jilin + "/2021-07-01", diags, plain);
  auto b = decree::RuleSet::load(jilin + "/2021-07-01", diags, cached);  // parses, fills the cache
  auto c = decree::RuleSet::load(jilin + "/2021-07-01", diags, cached);  // copies from it
  ASSERT_TRUE(a && b && c) << decree::render_all(diags);
  EXPECT_EQ(b->version().hash, a->version().hash);
  EXPECT_EQ(c->version().hash, a->version().hash);
  EXPECT_EQ(c->output_names(), a->output_names());
  // The same case gives the same result line.
  const std::string json =
      R"({"case_id":"k","injury_date":"2023-05-01","region":"jilin_urban","wage_avg_12m":"6000.00","grade":4})";
  auto line = [&](const decree::RuleSet& rules) {
    decree::Session s(rules);
    decree::CaseError err;
    EXPECT_TRUE(s.decode_json(json, err)) << err.message;
    decree::EvalOptions eval;
    eval.as_of = decree::Date::parse("2024-11-01");
    EXPECT_TRUE(s.evaluate(err, eval)) << err.message;
    std::string out;
    s.append_result_json(out);
    return out;
  };
  EXPECT_EQ(line(*c), line(*a));
  EXPECT_NE(line(*c).find(R"("disability_allowance_fund":"4647.00")"), std::string::npos)
      << line(*c);
}

}  // namespace
