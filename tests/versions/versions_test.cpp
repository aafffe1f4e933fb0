// Versioned rule sets: choosing the version for a case, `extends` and
// `override`, content hashes and what-if parameter values.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "api/decree.h"
#include "test_util.h"

namespace fs = std::filesystem;

namespace {

using namespace decree_versions_testing;

TEST(Versions, TimelineListsVersionsInDateOrder) {
  auto t = load(kDemo);
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->name(), "demo.benefits");
  EXPECT_EQ(t->select_by(), "injury_date");
  ASSERT_EQ(t->versions().size(), 2u);
  EXPECT_EQ(t->versions()[0]->version().name, "2011-01-01");
  EXPECT_EQ(t->versions()[1]->version().name, "2021-07-01");
  EXPECT_EQ(t->versions()[1]->version().extends, "2011-01-01");
  EXPECT_EQ(
      t->versions()[1]->version().overrides,
      (std::vector<std::string>{"output funeral", "table care_share", "parameter p.avg_wage"}));
  EXPECT_EQ(t->in_effect(*decree::Date::parse("2021-06-30")), t->versions()[0].get());
  EXPECT_EQ(t->in_effect(*decree::Date::parse("2021-07-01")), t->versions()[1].get());
  EXPECT_EQ(t->in_effect(*decree::Date::parse("2010-12-31")), nullptr);
}

TEST(Versions, TheCaseDateChoosesTheVersion) {
  auto t = load(kDemo);
  ASSERT_NE(t, nullptr);
  decree::Session s(*t);
  // Base version: avg wage 2020 = 5500.00; full care 50% = 2750.00; funeral 6 × 5500.00.
  std::string before = run(s, R"({"injury_date":"2021-06-30","wage":"1000.00","care":"full"})");
  EXPECT_NE(before.find(R"("version":"2011-01-01")"), std::string::npos) << before;
  EXPECT_NE(before.find(R"("own_wage":"3300.00","nursing":"2750.00","funeral":"33000.00")"),
            std::string::npos)
      << before;
  // Provincial version: avg wage 2020 = 5600.00 (its own series); full care 60% = 3360.00;
  // funeral 7 × 5600.00 × 1 = 39200.00; the new input's default "长春".
  std::string after = run(s, R"({"injury_date":"2021-07-01","wage":"1000.00","care":"full"})");
  EXPECT_NE(after.find(R"("version":"2021-07-01")"), std::string::npos) << after;
  EXPECT_NE(
      after.find(
          R"("own_wage":"3360.00","nursing":"3360.00","funeral":"39200.00","regional_note":"长春")"),
      std::string::npos)
      << after;
  EXPECT_NE(after.find("\"rules_hash\":\"sha256:" + t->versions()[1]->version().hash + "\""),
            std::string::npos);
  decree::CaseError err;
  EXPECT_EQ(
      run(s, R"({"injury_date":"2010-05-05","wage":"1.00"})", &err).rfind("error: no version", 0),
      0u);
  EXPECT_EQ(err.pointer, "/injury_date");
  run(s, R"({"wage":"1.00"})", &err);
  EXPECT_NE(err.message.find("picks the version"), std::string::npos) << err.message;
}

TEST(Versions, ASessionIsSafeToAskBeforeAnyCaseDecoded) {
  auto t = load(kDemo);
  ASSERT_NE(t, nullptr);
  decree::Session s(*t);
  decree::CaseError err;
  // No injury_date: the version cannot be chosen, and nothing was decoded.
  EXPECT_FALSE(s.decode_json(R"({"wage":"1.00"})", err));
  EXPECT_EQ(s.case_id(), "");
  EXPECT_EQ(s.output_error(0), nullptr);
}

TEST(Versions, AVersionCanBeForcedButTheEvaluationDateDoesNotMoveACase) {
  auto t = load(kDemo);
  ASSERT_NE(t, nullptr);
  decree::Session by_name(*t, decree::SessionOptions{"2011-01-01", std::nullopt});
  EXPECT_NE(run(by_name, R"({"injury_date":"2022-01-05","wage":"1000.00"})")
                .find(R"("version":"2011-01-01")"),
            std::string::npos);
  // A later evaluation date does not move an earlier injury to the later version.
  decree::Session by_date(*t, decree::SessionOptions{"", decree::Date::parse("2023-07-01")});
  EXPECT_NE(run(by_date, R"({"injury_date":"2021-03-05","wage":"1000.00"})")
                .find(R"("version":"2011-01-01")"),
            std::string::npos);
  decree::Session unknown(*t, decree::SessionOptions{"1999", std::nullopt});
  EXPECT_EQ(run(unknown, R"({"injury_date":"2020-01-05","wage":"1.00"})")
                .rfind("error: no version \"1999\"", 0),
            0u);
}

TEST(Versions, AnUnsourcedFigureStopsTheCaseWithItsReason) {
  auto t = load(kDemo);
  ASSERT_NE(t, nullptr);
  decree::Session s(*t, decree::SessionOptions{"2011-01-01", std::nullopt});
  std::string out = run(s, R"({"injury_date":"2023-03-01","wage":"1000.00"})");
  EXPECT_EQ(
      out,
      "error: parameter `avg_wage` has no value for year 2022: unsourced (test: the 2022 figure is "
      "not published)");
}

TEST(Versions, TheHashIsStableAndFollowsEveryByte) {
  auto a = load(kDemo), b = load(kDemo);
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  const std::string base_hash = a->versions()[0]->version().hash;
  const std::string top_hash = a->versions()[1]->version().hash;
  EXPECT_EQ(base_hash, b->versions()[0]->version().hash);
  EXPECT_EQ(top_hash, b->versions()[1]->version().hash);
  EXPECT_EQ(top_hash.size(), 64u);
  EXPECT_NE(base_hash, top_hash);

  TempCopy copy(kDemo);
  // Same content, Windows line ends: the normalised text and so the hash are the same.
  std::string params = copy.read("2011-01-01/params.yaml");
  std::string crlf;
  for (char c : params) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  copy.write("2011-01-01/params.yaml", crlf);
  auto same = load(copy.root.string());
  ASSERT_NE(same, nullptr);
  EXPECT_EQ(same->versions()[0]->version().hash, base_hash);
  // A comma added to a reference: both versions' hashes change (the extension includes its base).
  std::string edited = params;
  edited.replace(edited.find("reference: test value"), 21, "reference: test, value");
  copy.write("2011-01-01/params.yaml", edited);
  auto changed = load(copy.root.string());
  ASSERT_NE(changed, nullptr);
  EXPECT_NE(changed->versions()[0]->version().hash, base_hash);
  EXPECT_NE(changed->versions()[1]->version().hash, top_hash);
}

TEST(Versions, AWhatIfParameterIsMarkedAndChangesTheHash) {
  decree::LoadOptions what_if;
  what_if.params.push_back({"avg_wage", "7000.00"});
  auto t = load(kDemo, what_if);
  auto plain = load(kDemo);
  ASSERT_NE(t, nullptr);
  ASSERT_NE(plain, nullptr);
  EXPECT_NE(t->versions()[1]->version().hash, plain->versions()[1]->version().hash);
  decree::Session s(*t);
  // 60% of 7000.00 = 4200.00 bounds the wage of 1000.00.
  std::string out = run(s, R"({"injury_date":"2022-05-01","wage":"1000.00"})");
  EXPECT_NE(out.find(R"("param_overrides":{"avg_wage":"7000.00"})"), std::string::npos) << out;
  EXPECT_NE(out.find(R"("own_wage":"4200.00")"), std::string::npos) << out;

  decree::Diagnostics diags;
  decree::LoadOptions bad;
  bad.params.push_back({"no_such", "1"});
  EXPECT_EQ(decree::RuleTimeline::load(kDemo, diags, bad), nullptr);
  EXPECT_NE(decree::render_all(diags).find("--param no_such: no parameter of that name"),
            std::string::npos);

  // A misspelt name gets the nearest parameter as a hint, in either language.
  decree::Diagnostics typo;
  decree::LoadOptions near;
  near.params.push_back({"avg_wag", "1"});
  EXPECT_EQ(decree::RuleTimeline::load(kDemo, typo, near), nullptr);
  EXPECT_NE(decree::render_all(typo).find("note: did you mean `avg_wage`?"), std::string::npos)
      << decree::render_all(typo);
  EXPECT_NE(decree::render_all(typo, false, decree::Lang::zh).find("这个规则集没有这个名称的参数"),
            std::string::npos);
}

// Writes a two-version rule set whose extension is `extension` and returns
// the diagnostics of loading it.
std::string load_errors(const std::string& extension, const std::string& base_header_extra = "") {
  TempCopy copy(kDemo);
  copy.write("2021-07-01/rules.decree", extension);
  if (!base_header_extra.empty()) {
    std::string base = copy.read("2011-01-01/rules.decree");
    copy.write("2011-01-01/rules.decree", base + base_header_extra);
  }
  decree::Diagnostics diags;
  auto t = decree::RuleTimeline::load(copy.root.string(), diags);
  EXPECT_EQ(t, nullptr);
  std::string text = decree::render_all(diags, /*brief=*/true);
  for (size_t at; (at = text.find(copy.root.string() + "/")) != std::string::npos;)
    text.erase(at, copy.root.string().size() + 1);
  return text;
}

const std::string kHeader =
    "ruleset demo.benefits version \"2021-07-01\" effective 2021-07-01 extends \"2011-01-01\" "
    "select by injury_date\n";

TEST(Versions, OverrideErrors) {
  EXPECT_EQ(load_errors(kHeader + "override output pension: money = 1.00\n"),
            "2021-07-01/rules.decree:2:17: error: `override` of output `pension`, but version "
            "\"2011-01-01\" (and those it extends) has none\n");
  EXPECT_EQ(load_errors(kHeader + "output funeral: money = 1.00\n"),
            "2021-07-01/rules.decree:2:8: error: output `funeral` is already declared in version "
            "\"2011-01-01\": write `override` to replace it (note: declared here)\n");
  EXPECT_EQ(
      load_errors(kHeader + "override output funeral: rate = 10%\n"),
      "2021-07-01/rules.decree:2:17: error: override changes the type of output `funeral` from "
      "money to rate (note: version \"2011-01-01\" declares it here)\n");
  EXPECT_EQ(load_errors("ruleset demo.benefits version \"2021-07-01\" effective 2021-07-01 extends "
                        "\"2015\" select by injury_date\n"),
            "2021-07-01/rules.decree:1:23: error: version \"2021-07-01\" extends \"2015\", but no "
            "directory "
            "beside " +
                std::string("2021-07-01") + " holds that version\n");
}

// Loads a (modified) copy of the demo timeline; returns the brief diagnostics
// with the copy's root removed, and whether it loaded.
std::string timeline_diagnostics(const TempCopy& copy, bool* loaded = nullptr) {
  decree::Diagnostics diags;
  auto t = decree::RuleTimeline::load(copy.root.string(), diags);
  if (loaded) *loaded = t != nullptr;
  std::string text = decree::render_all(diags, /*brief=*/true);
  for (size_t at; (at = text.find(copy.root.string() + "/")) != std::string::npos;)
    text.erase(at, copy.root.string().size() + 1);
  return text;
}

TEST(Versions, AMisspelledParameterInAnExtendingVersionIsReported) {
  TempCopy copy(kDemo);
  // The author meant to replace avg_wage from 2021 on, but misspelled it: a new
  // parameter that no rule reads, while the base's avg_wage stays in force.
  copy.write("2021-07-01/params.yaml", copy.read("2021-07-01/params.yaml") +
                                           "avg_wag:\n  description: misspelled\n  unit: money\n"
                                           "  reference: test value\n  index: year\n"
                                           "  values:\n    2022: \"6600.00\"\n");
  bool loaded = false;
  std::string text = timeline_diagnostics(copy, &loaded);
  EXPECT_TRUE(loaded) << text;
  EXPECT_NE(text.find("2021-07-01/params.yaml:17:1: warning: parameter `p.avg_wag` is never used "
                      "(note: did you mean `avg_wage`? the rules read it, from here)"),
            std::string::npos)
      << text;
}

TEST(Versions, AParameterFileNoRuleReadsIsReported) {
  TempCopy copy(kDemo);
  std::string rules = copy.read("2021-07-01/rules.decree");
  rules.replace(rules.find("parameters \"params.yaml\" as p"), 29,
                "parameters \"params.yaml\" as p\nparameters \"extra.yaml\" as q");
  copy.write("2021-07-01/rules.decree", rules);
  copy.write("2021-07-01/extra.yaml",
             "funeral_months:\n  description: meant for p\n  unit: integer\n"
             "  reference: test value\n  values:\n    2021-01-01: \"7\"\n");
  std::string text = timeline_diagnostics(copy);
  EXPECT_NE(text.find("2021-07-01/rules.decree:9:1: warning: parameter set `q` (extra.yaml) is "
                      "never used: no rule reads `q.…` (note: the rules read parameters as `p`)"),
            std::string::npos)
      << text;
}

TEST(Versions, AVersionCannotExtendALaterOne) {
  TempCopy copy(kDemo);
  std::string base = copy.read("2011-01-01/rules.decree");
  base.replace(base.find("effective 2011-01-01"), 20, "effective 2022-01-01");
  copy.write("2011-01-01/rules.decree", base);
  bool loaded = true;
  std::string text = timeline_diagnostics(copy, &loaded);
  EXPECT_FALSE(loaded);
  EXPECT_NE(text.find("2021-07-01/rules.decree:3:3: error: version \"2021-07-01\" (effective "
                      "2021-07-01) extends \"2011-01-01\", which takes effect later (2022-01-01)"),
            std::string::npos)
      << text;
}

TEST(Versions, AVersionLivesInTheDirectoryNamedAfterIt) {
  TempCopy copy(kDemo);
  fs::rename(copy.root / "2021-07-01", copy.root / "2021-07-02");
  bool loaded = true;
  std::string text = timeline_diagnostics(copy, &loaded);
  EXPECT_FALSE(loaded);
  EXPECT_NE(text.find("2021-07-02/rules.decree:3:3: error: version \"2021-07-01\" is in directory "
                      "`2021-07-02`: a version's directory is named after it"),
            std::string::npos)
      << text;
}

}  // namespace

namespace {

// The shipped benefits declare every money output's period, and the library
// says it per output; the extending version inherits them.
TEST(Versions, OutputPeriodsAreDeclaredAndInherited) {
  auto t = load(DECREE_SOURCE_DIR "/rules/jilin/work-injury-benefits");
  ASSERT_TRUE(t);
  for (const char* version : {"2011-01-01", "2021-07-01"}) {
    const decree::RuleSet* rs = t->find(version);
    ASSERT_NE(rs, nullptr) << version;
    const auto& names = rs->output_names();
    const auto& periods = rs->output_periods();
    ASSERT_EQ(names.size(), periods.size());
    auto period_of = [&](const std::string& name) {
      auto it = std::find(names.begin(), names.end(), name);
      EXPECT_NE(it, names.end()) << name;
      return periods[static_cast<size_t>(it - names.begin())];
    };
    EXPECT_EQ(period_of("disability_allowance_fund"), decree::OutputPeriod::per_month) << version;
    EXPECT_EQ(period_of("dependants_pension"), decree::OutputPeriod::per_month) << version;
    EXPECT_EQ(period_of("lump_sum_disability"), decree::OutputPeriod::once) << version;
    EXPECT_EQ(period_of("death_lump_sum"), decree::OutputPeriod::once) << version;
    EXPECT_EQ(period_of("eligible_dependants"), decree::OutputPeriod::none) << version;
    EXPECT_STREQ(period_text(period_of("nursing_care")), "per month");
  }
}

}  // namespace
