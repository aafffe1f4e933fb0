// Tests of the parameter loader: the strict schema (one test per kind of
// error, with its message and position), lookups, exactness, and the shipped
// wi-bench parameter file.
#include "params/parameters.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace decree {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

struct Parsed {
  SourceRef source;
  Diagnostics diags;
  std::optional<ParameterSet> set;

  // One "p.yaml:line:col: error: message" per diagnostic (notes left out).
  std::vector<std::string> errors() const {
    std::vector<std::string> out;
    for (Diagnostic d : diags.items()) {
      d.notes.clear();
      out.push_back(render_brief(d));
    }
    return out;
  }
  const Parameter& param(std::string_view name) const {
    const Parameter* p = set ? set->find(name) : nullptr;
    if (!p) throw std::runtime_error("no parameter " + std::string(name));
    return *p;
  }
};

// Parses `text` as "p.yaml"; a leading newline is dropped so that raw
// strings start at line 1.
std::unique_ptr<Parsed> parse(std::string text) {
  if (!text.empty() && text[0] == '\n') text.erase(0, 1);
  auto r = std::make_unique<Parsed>();
  r->source = std::make_shared<SourceFile>("p.yaml", std::move(text));
  r->set = parse_parameters(r->source, r->diags);
  return r;
}

std::string str(const ParamValue* v) {
  if (!v) return "<none>";
  if (!v->value) return "<null>";
  return v->value->to_string();
}

Date day(const char* text) { return *Date::parse(text); }

// ---------------------------------------------------------------------------
// A valid file

TEST(Parameters, ParsesAllFieldsInFileOrder) {
  auto r = parse(R"(
pension_rate:
  description: 养老金计发比例 (pension rate)
  unit: rate
  reference: 吉林省人民政府令第 1 号, 第 2 条
  values:
    2020-01-01: "0.60"
    2021-07-01: {value: "0.65", reference: 吉政发〔2020〕20号, note: 上调}
grade_months:
  description: months by grade
  unit: integer
  reference: r
  index: integer
  values:
    5: 10
)");
  ASSERT_TRUE(r->set) << render_all(r->diags);
  EXPECT_TRUE(r->diags.empty());
  ASSERT_EQ(r->set->params.size(), 2u);
  EXPECT_EQ(r->set->params[0].name, "pension_rate");
  EXPECT_EQ(r->set->params[1].name, "grade_months");
  const Parameter& p = r->param("pension_rate");
  EXPECT_EQ(p.description, "养老金计发比例 (pension rate)");
  EXPECT_EQ(p.unit, ParamUnit::rate);
  EXPECT_EQ(p.index[0].type, ParamIndex::date);  // the default
  EXPECT_EQ(p.reference, "吉林省人民政府令第 1 号, 第 2 条");
  ASSERT_EQ(p.values.size(), 2u);
  EXPECT_EQ(p.values[1].keys[0], day("2021-07-01").days);
  EXPECT_EQ(p.values[1].reference, "吉政发〔2020〕20号");
  EXPECT_EQ(p.values[1].note, "上调");
  EXPECT_EQ(p.span.location(), "p.yaml:1:1");
  EXPECT_EQ(p.values[1].span.location(), "p.yaml:7:5");
  EXPECT_EQ(p.values[1].span.end_col, 14u);  // the whole date key
  const Parameter& g = r->param("grade_months");
  EXPECT_EQ(g.unit, ParamUnit::integer);
  EXPECT_EQ(g.index[0].type, ParamIndex::integer);
  EXPECT_EQ(str(g.at_key(5)), "10");
  EXPECT_EQ(r->set->find("missing"), nullptr);
}

TEST(Parameters, UnitAndIndexNames) {
  EXPECT_EQ(param_unit_name(ParamUnit::money), "money");
  EXPECT_EQ(param_unit_name(ParamUnit::rate), "rate");
  EXPECT_EQ(param_unit_name(ParamUnit::decimal), "decimal");
  EXPECT_EQ(param_unit_name(ParamUnit::integer), "integer");
  EXPECT_EQ(param_index_name(ParamIndex::date), "date");
  EXPECT_EQ(param_index_name(ParamIndex::year), "year");
  EXPECT_EQ(param_index_name(ParamIndex::integer), "integer");
}

TEST(Parameters, EarlierErrorsInDiagnosticsDoNotFailAValidFile) {
  auto source = std::make_shared<SourceFile>("p.yaml", R"(p:
  description: d
  unit: money
  reference: r
  index: year
  values: {2021: "1.00"}
)");
  Diagnostics diags;
  diags.error(Span{}, "an error from another stage");
  auto set = parse_parameters(source, diags);
  ASSERT_TRUE(set);
  EXPECT_EQ(diags.error_count(), 1u);
  EXPECT_EQ(set->source, source);
}

// ---------------------------------------------------------------------------
// Schema errors: one test per kind

TEST(ParameterErrors, UnknownKeyInDefinition) {
  auto r = parse(R"(
p:
  description: d
  unit: money
  referense: r
  values: {2021-01-01: "1"}
)");
  EXPECT_FALSE(r->set);
  EXPECT_THAT(
      r->errors(),
      // One mistake, one error: the misspelt key stands for the missing one.
      ElementsAre("p.yaml:4:3: error: unknown key 'referense' in parameter 'p'; allowed "
                  "keys: description, unit, reference, reliability, index, values, bounds"));
  const Diagnostic& d = r->diags.items()[0];
  EXPECT_EQ(d.span.end_col, 11u);  // "referense" is underlined whole
  ASSERT_EQ(d.notes.size(), 1u);
  EXPECT_EQ(d.notes[0].message, "did you mean `reference`?");
}

TEST(ParameterErrors, UnknownKeyInValueEntry) {
  auto r = parse(R"(
p:
  description: d
  unit: money
  reference: r
  values:
    2021-01-01: {value: "1", source: "x"}
)");
  EXPECT_FALSE(r->set);
  EXPECT_THAT(r->errors(),
              ElementsAre("p.yaml:6:30: error: unknown key 'source' in value 2021-01-01 of 'p'; "
                          "allowed keys: value, reference, note, reliability, unsourced"));
}

TEST(ParameterErrors, UnknownKeyColumnCountsCodePoints) {
  auto r = parse(
      "p: {description: 全省工资, unit: money, reference: r, 备注: x, values: "
      "{2021-01-01: \"1\"}}\n");
  EXPECT_FALSE(r->set);
  // "p: {description: 全省工资, unit: money, reference: r, " is 50 code points.
  EXPECT_THAT(r->errors(), ElementsAre(HasSubstr("p.yaml:1:51: error: unknown key '备注'")));
  EXPECT_EQ(r->diags.items()[0].span.end_col, 52u);
  EXPECT_THAT(render(r->diags.items()[0]), HasSubstr("^~~"));
}

TEST(ParameterErrors, MissingRequiredKeys) {
  auto r = parse(R"(
p:
  index: year
)");
  EXPECT_FALSE(r->set);
  const std::string tail =
      "' (required: description, unit, reference, values; optional: index, reliability, bounds)";
  EXPECT_THAT(r->errors(),
              ElementsAre("p.yaml:1:1: error: parameter 'p' has no 'description" + tail,
                          "p.yaml:1:1: error: parameter 'p' has no 'unit" + tail,
                          "p.yaml:1:1: error: parameter 'p' has no 'reference" + tail,
                          "p.yaml:1:1: error: parameter 'p' has no 'values" + tail));
}

TEST(ParameterErrors, EmptyDescription) {
  auto r = parse(R"(
p:
  description: "  "
  unit: money
  reference: r
  values: {2021-01-01: "1"}
)");
  EXPECT_FALSE(r->set);
  EXPECT_THAT(r->errors(),
              ElementsAre("p.yaml:2:16: error: 'description' of parameter 'p' must not be empty"));
}

TEST(ParameterErrors, ReferenceIsNotText) {
  auto r = parse(R"(
p:
  description: d
  unit: money
  reference: [a, b]
  values: {2021-01-01: "1"}
)");
  EXPECT_FALSE(r->set);
  EXPECT_THAT(r->errors(), ElementsAre("p.yaml:4:14: error: 'reference' of parameter 'p' must "
                                       "be a non-empty text"));
}

TEST(ParameterErrors, MissingReferenceValue) {
  auto r = parse(R"(
p:
  description: d
  unit: money
  reference:
  values: {2021-01-01: "1"}
)");
  EXPECT_FALSE(r->set);
  EXPECT_THAT(r->errors(), ElementsAre("p.yaml:4:3: error: 'reference' of parameter 'p' must "
                                       "be a non-empty text"));
}

TEST(ParameterErrors, UnknownUnit) {
  auto r = parse(R"(
p:
  description: d
  unit: monney
  reference: r
  values: {2021-01-01: "1"}
)");
  EXPECT_FALSE(r->set);
  EXPECT_THAT(r->errors(), ElementsAre("p.yaml:3:9: error: 'unit' of parameter 'p' is 'monney'; "
                                       "expected one of: money, rate, decimal, integer"));
  ASSERT_EQ(r->diags.items()[0].notes.size(), 1u);
  EXPECT_EQ(r->diags.items()[0].notes[0].message, "did you mean `money`?");
}

TEST(ParameterErrors, UnknownIndex) {
  auto r = parse(R"(
p:
  description: d
  unit: money
  reference: r
  index: month
  values: {2021-01-01: "1"}
)");
  EXPECT_FALSE(r->set);
  EXPECT_THAT(r->errors(), ElementsAre("p.yaml:5:10: error: 'index' of parameter 'p' is "
                                       "'month'; expected one of: date, year, integer, enum"));
}

TEST(ParameterErrors, ValuesMustBeANonEmptyMap) {
  auto r = parse(R"(
a:
  description: d
  unit: money
  reference: r
  values: {}
b:
  description: d
  unit: money
  reference: r
  values: "12"
c:
  description: d
  unit: money
  reference: r
  index: year
  values:
)");
  EXPECT_FALSE(r->set);
  EXPECT_THAT(
      r->errors(),
      ElementsAre(
          "p.yaml:5:3: error: 'values' of parameter 'a' must be a non-empty map of date → value",
          "p.yaml:10:11: error: 'values' of parameter 'b' must be a non-empty map of date → value",
          "p.yaml:16:3: error: 'values' of parameter 'c' must be a non-empty map of year → "
          "value"));
}

TEST(ParameterErrors, DefinitionIsNotAMap) {
  auto r = parse(R"(
p: "4478.25"
)");
  EXPECT_FALSE(r->set);
  EXPECT_THAT(r->errors(),
              ElementsAre("p.yaml:1:4: error: parameter 'p' must be a map with keys description, "
                          "unit, reference, reliability, index, values, bounds"));
}

TEST(ParameterErrors, DuplicateParameterName) {
  auto r = parse(R"(
p: {description: d, unit: money, reference: r, values: {2021-01-01: "1"}}
q: {description: d, unit: money, reference: r, values: {2021-01-01: "1"}}
p: {description: d, unit: money, reference: r, values: {2021-01-01: "2"}}
)");
  EXPECT_FALSE(r->set);
  EXPECT_THAT(r->errors(), ElementsAre("p.yaml:3:1: error: duplicate key 'p'"));
  ASSERT_EQ(r->diags.items()[0].notes.size(), 1u);
  EXPECT_EQ(r->diags.items()[0].notes[0].span.location(), "p.yaml:1:1");
  EXPECT_EQ(r->diags.items()[0].notes[0].message, "first written here");
}

TEST(ParameterErrors, DuplicateKeyInDefinition) {
  auto r = parse(R"(
p:
  description: d
  unit: money
  reference: r
  unit: rate
  values: {2021-01-01: "1"}
)");
  EXPECT_FALSE(r->set);
  EXPECT_THAT(r->errors(), ElementsAre("p.yaml:5:3: error: duplicate key 'unit'"));
}

TEST(ParameterErrors, DuplicateKeyInValueEntry) {
  auto r = parse(R"(
p:
  description: d
  unit: money
  reference: r
  values:
    2021-01-01: {value: "1", value: "2"}
)");
  EXPECT_FALSE(r->set);
  EXPECT_THAT(r->errors(), ElementsAre("p.yaml:6:30: error: duplicate key 'value'"));
}

TEST(ParameterErrors, DuplicateValueKeyBySpellingOrNumber) {
  auto r = parse(R"(
p:
  description: d
  unit: money
  reference: r
  index: year
  values:
    2021: "1"
    2022: "2"
    "2021": "3"
q:
  description: d
  unit: integer
  reference: r
  index: integer
  values:
    05: 1
    5: 2
)");
  EXPECT_FALSE(r->set);
  EXPECT_THAT(r->errors(),
              ElementsAre("p.yaml:9:5: error: duplicate key 2021 in 'values' of parameter 'p'",
                          "p.yaml:17:5: error: duplicate key 5 in 'values' of parameter 'q'"));
  EXPECT_EQ(r->diags.items()[0].notes[0].span.location(), "p.yaml:7:5");
}

TEST(ParameterErrors, DuplicateDateKey) {
  auto r = parse(R"(
p:
  description: d
  unit: money
  reference: r
  values:
    2021-07-01: "1"
    2021-07-01: "2"
)");
  EXPECT_FALSE(r->set);
  EXPECT_THAT(r->errors(),
              ElementsAre("p.yaml:7:5: error: duplicate key 2021-07-01 in 'values' of parameter "
                          "'p'"));
}

TEST(ParameterErrors, BadDateKeys) {
  auto r = parse(R"(
p:
  description: d
  unit: money
  reference: r
  values:
    2021-02-29: "1"
    2021-7-1: "2"
    2021: "3"
    "2024-02-29": "4"
)");
  EXPECT_FALSE(r->set);
  const std::string tail =
      " of parameter 'p' is not a date (index date: a real calendar day written YYYY-MM-DD)";
  EXPECT_THAT(r->errors(), ElementsAre("p.yaml:6:5: error: key '2021-02-29'" + tail,
                                       "p.yaml:7:5: error: key '2021-7-1'" + tail,
                                       "p.yaml:8:5: error: key '2021'" + tail));
}

TEST(ParameterErrors, BadYearKeys) {
  auto r = parse(R"(
p:
  description: d
  unit: money
  reference: r
  index: year
  values:
    21: "1"
    2021.5: "2"
    2021-01-01: "3"
    two: "4"
)");
  EXPECT_FALSE(r->set);
  const std::string tail =
      " of parameter 'p' is not a year (index year: a four-digit year such as 2021)";
  EXPECT_THAT(r->errors(), ElementsAre("p.yaml:7:5: error: key '21'" + tail,
                                       "p.yaml:8:5: error: key '2021.5'" + tail,
                                       "p.yaml:9:5: error: key '2021-01-01'" + tail,
                                       "p.yaml:10:5: error: key 'two'" + tail));
}

TEST(ParameterErrors, BadIntegerKeys) {
  auto r = parse(R"(
p:
  description: d
  unit: integer
  reference: r
  index: integer
  values:
    1.5: 1
    five: 2
    99999999999999999999: 3
    "-": 4
    -3: 5
)");
  EXPECT_FALSE(r->set);
  const std::string tail =
      " of parameter 'p' is not an integer (index integer: digits with an optional '-')";
  EXPECT_THAT(r->errors(), ElementsAre("p.yaml:7:5: error: key '1.5'" + tail,
                                       "p.yaml:8:5: error: key 'five'" + tail,
                                       "p.yaml:9:5: error: key '99999999999999999999'" + tail,
                                       "p.yaml:10:5: error: key '-'" + tail));
}

TEST(ParameterErrors, ValueIsNotAnExactDecimal) {
  auto r = parse(R"(
p:
  description: d
  unit: decimal
  reference: r
  index: integer
  values:
    1: "1e3"
    2: 1,000
    3: .5
    4: "+5"
    5: yes
    6: ""
)");
  EXPECT_FALSE(r->set);
  auto msg = [](int line, int col, const std::string& text, int key) {
    return "p.yaml:" + std::to_string(line) + ":" + std::to_string(col) + ": error: value '" +
           text + "' of 'p' at " + std::to_string(key) +
           " is not an exact decimal number (write digits with an optional '-' and '.', e.g. "
           "\"4478.25\")";
  };
  EXPECT_THAT(r->errors(),
              ElementsAre(msg(7, 8, "1e3", 1), msg(8, 8, "1,000", 2), msg(9, 8, ".5", 3),
                          msg(10, 8, "+5", 4), msg(11, 8, "yes", 5), msg(12, 8, "", 6)));
  EXPECT_EQ(r->diags.items()[0].span.end_col, 12u);  // "1e3" with its quotes
}

TEST(ParameterErrors, DecimalsForUnitInteger) {
  auto r = parse(R"(
p:
  description: d
  unit: integer
  reference: r
  index: integer
  values:
    5: "10.5"
    6: 10.0
    7: 10
)");
  EXPECT_FALSE(r->set);
  EXPECT_THAT(r->errors(),
              ElementsAre("p.yaml:7:8: error: value '10.5' of 'p' at 5 has decimals, but unit "
                          "integer needs a whole number",
                          "p.yaml:8:8: error: value '10.0' of 'p' at 6 has decimals, but unit "
                          "integer needs a whole number"));
}

TEST(ParameterErrors, PercentOnlyForRates) {
  auto r = parse(R"(
p:
  description: d
  unit: money
  reference: r
  values:
    2021-01-01: "60%"
)");
  EXPECT_FALSE(r->set);
  EXPECT_THAT(r->errors(), ElementsAre("p.yaml:6:17: error: value '60%' of 'p' at 2021-01-01 is "
                                       "a percentage, which only unit rate allows"));
}

TEST(ParameterErrors, BadPercent) {
  auto r = parse(R"(
p:
  description: d
  unit: rate
  reference: r
  values:
    2021-01-01: "%"
    2022-01-01: "6O%"
)");
  EXPECT_FALSE(r->set);
  EXPECT_THAT(r->errors(), ElementsAre(HasSubstr("p.yaml:6:17: error: value '%' of 'p' at "
                                                 "2021-01-01 is not an exact decimal number"),
                                       HasSubstr("p.yaml:7:17: error: value '6O%' of 'p'")));
  EXPECT_THAT(r->errors()[0], HasSubstr("or \"60%\""));
}

TEST(ParameterErrors, NullOutsideIndexDate) {
  auto r = parse(R"(
p:
  description: d
  unit: money
  reference: r
  index: year
  values:
    2021: "1"
    2022: null
    2023: {value: ~, note: n}
)");
  EXPECT_FALSE(r->set);
  const std::string tail =
      " is null; only index date allows null (it ends validity), index year needs a number";
  EXPECT_THAT(r->errors(), ElementsAre("p.yaml:8:5: error: value of 'p' at 2022" + tail,
                                       "p.yaml:9:12: error: value of 'p' at 2023" + tail));
}

TEST(ParameterErrors, NullAsFirstValue) {
  auto r = parse(R"(
p:
  description: d
  unit: money
  reference: r
  values:
    2021-01-01: "1"
    2020-01-01:
)");
  EXPECT_FALSE(r->set);
  EXPECT_THAT(r->errors(),
              ElementsAre("p.yaml:7:5: error: the first value of parameter 'p' is null; null "
                          "ends a validity, so it cannot come first"));
}

TEST(ParameterErrors, ValueEntryWithoutValue) {
  auto r = parse(R"(
p:
  description: d
  unit: money
  reference: r
  values:
    2021-01-01: {reference: r2}
)");
  EXPECT_FALSE(r->set);
  EXPECT_THAT(r->errors(), ElementsAre("p.yaml:6:5: error: value 2021-01-01 of 'p' has no "
                                       "'value' (required: value, or unsourced: why it is missing; "
                                       "optional: reference, note, reliability)"));
}

TEST(ParameterErrors, EmptyNoteInValueEntry) {
  auto r = parse(R"(
p:
  description: d
  unit: money
  reference: r
  values:
    2021-01-01: {value: "1", note: ""}
)");
  EXPECT_FALSE(r->set);
  EXPECT_THAT(r->errors(), ElementsAre("p.yaml:6:36: error: 'note' of value 2021-01-01 of 'p' "
                                       "must not be empty"));
}

TEST(ParameterErrors, ValueIsASequence) {
  auto r = parse(R"(
p:
  description: d
  unit: money
  reference: r
  values:
    2021-01-01: ["1", "2"]
)");
  EXPECT_FALSE(r->set);
  EXPECT_THAT(r->errors(), ElementsAre("p.yaml:6:17: error: value of 'p' at 2021-01-01 must be a "
                                       "number, not a sequence"));
}

TEST(ParameterErrors, NameIsNotAnIdentifier) {
  auto r = parse(R"(
avg-wage: {description: d, unit: money, reference: r, values: {2021-01-01: "1"}}
2wage: {description: d, unit: money, reference: r, values: {2021-01-01: "1"}}
平均-工资: {description: d, unit: money, reference: r, values: {2021-01-01: "1"}}
ok_name_2: {description: d, unit: money, reference: r, values: {2021-01-01: "1"}}
平均工资_2: {description: d, unit: money, reference: r, values: {2021-01-01: "1"}}
)");
  EXPECT_FALSE(r->set);
  const std::string tail =
      "' is not an identifier (letters, Chinese ones too, digits and '_', not starting with a "
      "digit)";
  // A Chinese name is an identifier, as in a rule file; a hyphen is not.
  EXPECT_THAT(r->errors(), ElementsAre("p.yaml:1:1: error: parameter name 'avg-wage" + tail,
                                       "p.yaml:2:1: error: parameter name '2wage" + tail,
                                       "p.yaml:3:1: error: parameter name '平均-工资" + tail));
  EXPECT_EQ(r->diags.items()[2].span.end_col, 5u);  // five code points
}

TEST(Parameters, ANameMayBeChinese) {
  auto r = parse(R"(
平均工资: {description: d, unit: money, reference: r, index: [year, 档次: integer], values: {2021: {1: "1"}}}
)");
  ASSERT_TRUE(r->set) << render_all(r->diags);
  const Parameter* p = r->set->find("平均工资");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->index[1].name, "档次");
}

TEST(ParameterErrors, KeyIsNotAScalar) {
  auto r = parse(R"(
? [a, b]
: 1
)");
  EXPECT_FALSE(r->set);
  EXPECT_THAT(r->errors(), ElementsAre("p.yaml:1:3: error: a key must be a plain scalar, not a "
                                       "sequence"));
}

TEST(ParameterErrors, YamlSyntaxError) {
  auto r = parse(R"(
p:
  description: d
  values: {2021-01-01: "1"
  unit: money
)");
  EXPECT_FALSE(r->set);
  EXPECT_THAT(r->errors(),
              ElementsAre("p.yaml:4:3: error: YAML syntax error: end of map flow not found"));
}

TEST(ParameterErrors, BadIndentationIsASyntaxError) {
  auto r = parse("p:\n  description: d\n unit: money\n");
  EXPECT_FALSE(r->set);
  EXPECT_THAT(r->errors(),
              ElementsAre("p.yaml:3:2: error: YAML syntax error: end of map not found"));
}

TEST(ParameterErrors, DeepNestingIsAnErrorNotACrash) {
  std::string text = "p: " + std::string(5000, '[') + std::string(5000, ']') + "\n";
  std::unique_ptr<Parsed> r;
  ASSERT_NO_THROW(r = parse(text));
  EXPECT_FALSE(r->set);
  ASSERT_EQ(r->errors().size(), 1u);
  EXPECT_THAT(r->errors()[0], HasSubstr("p.yaml:1:"));
  EXPECT_THAT(r->errors()[0], HasSubstr("YAML syntax error: nesting too deep"));
}

TEST(ParameterErrors, TopLevelIsNotAMap) {
  auto r = parse(R"(
- avg_monthly_wage
)");
  EXPECT_FALSE(r->set);
  EXPECT_THAT(r->errors(), ElementsAre("p.yaml:1:1: error: a parameter file is a map of "
                                       "parameter name → definition"));
}

TEST(ParameterErrors, EmptyFile) {
  auto r = parse("# only a comment\n");
  EXPECT_FALSE(r->set);
  EXPECT_THAT(r->errors(), ElementsAre("p.yaml:1:1: error: parameter file defines no parameters"));
}

TEST(ParameterErrors, SeveralDocuments) {
  auto r = parse(R"(
p: {description: d, unit: money, reference: r, values: {2021-01-01: "1"}}
---
q: {description: d, unit: money, reference: r, values: {2021-01-01: "1"}}
)");
  EXPECT_FALSE(r->set);
  EXPECT_THAT(r->errors(), ElementsAre("p.yaml:3:1: error: parameter file holds 2 YAML "
                                       "documents; expected exactly one"));
}

TEST(ParameterErrors, SeveralErrorsInOneFile) {
  auto r = parse(R"(
a:
  description: d
  unit: money
  reference: r
  values: {2021-01-01: "x"}
b:
  description: d
  unit: cash
  reference: r
  values: {2021-01-01: "1"}
c:
  description: d
  unit: money
  reference: r
  colour: blue
  values: {2021-13-01: "1"}
)");
  EXPECT_FALSE(r->set);
  ASSERT_EQ(r->errors().size(), 4u);
  EXPECT_THAT(r->errors()[0], HasSubstr("p.yaml:5:24: error: value 'x'"));
  EXPECT_THAT(r->errors()[1], HasSubstr("p.yaml:8:9: error: 'unit' of parameter 'b' is 'cash'"));
  EXPECT_THAT(r->errors()[2], HasSubstr("p.yaml:15:3: error: unknown key 'colour'"));
  EXPECT_THAT(r->errors()[3], HasSubstr("p.yaml:16:12: error: key '2021-13-01'"));
}

TEST(ParameterErrors, ByteOrderMarkDoesNotShiftColumns) {
  auto r = parse(
      "\xEF\xBB\xBFp-q: {description: d, unit: money, reference: r, values: "
      "{2021-01-01: \"1\"}}\n");
  EXPECT_FALSE(r->set);
  EXPECT_THAT(r->errors(), ElementsAre(HasSubstr("p.yaml:1:2: error: parameter name 'p-q'")));
}

TEST(ParameterErrors, HugeNumberIsAnErrorNotAnException) {
  std::string text = "p: {description: d, unit: decimal, reference: r, values: {2021-01-01: \"1" +
                     std::string(200, '0') + "\"}}\n";
  std::unique_ptr<Parsed> r;
  ASSERT_NO_THROW(r = parse(text));
  EXPECT_FALSE(r->set);
  ASSERT_EQ(r->errors().size(), 1u);
  EXPECT_THAT(r->errors()[0], HasSubstr("p.yaml:1:71: error: value '1000"));
}

TEST(ParameterErrors, MissingFile) {
  Diagnostics diags;
  auto set = load_parameters("/nonexistent/dir/params.yaml", diags);
  EXPECT_FALSE(set);
  ASSERT_EQ(diags.items().size(), 1u);
  // The file is the error's place, as a line and column would be.
  EXPECT_EQ(render_brief(diags.items()[0]),
            "/nonexistent/dir/params.yaml: error: cannot read parameter file: No such file or "
            "directory");
  EXPECT_EQ(render_brief(diags.items()[0], Lang::zh),
            "/nonexistent/dir/params.yaml: error: 无法读取参数文件：文件不存在");
}

TEST(ParameterErrors, DiagnosticsOfAFailedLoadStillShowTheSource) {
  const std::string path = testing::TempDir() + "/decree_params_bad.yaml";
  {
    std::ofstream out(path);
    out << "p:\n  description: 工资\n  unit: money\n  reference: r\n  values: {2021-01-01: "
           "\"1\", colour: \"2\"}\n";
  }
  Diagnostics diags;
  EXPECT_FALSE(load_parameters(path, diags));
  ASSERT_EQ(diags.items().size(), 1u);
  // The span still points into the file's text after load_parameters returned.
  EXPECT_EQ(render(diags.items()[0]),
            path +
                ":5:29: error: key 'colour' of parameter 'p' is not a date (index date: a "
                "real calendar day written YYYY-MM-DD)\n"
                " 5 |   values: {2021-01-01: \"1\", colour: \"2\"}\n"
                "   |                             ^~~~~~\n");
  std::remove(path.c_str());
}

TEST(ParameterErrors, DirectoryIsNotAFile) {
  Diagnostics diags;
  auto set = load_parameters(DECREE_SOURCE_DIR "/tests", diags);
  EXPECT_FALSE(set);
  ASSERT_EQ(diags.items().size(), 1u);
  EXPECT_EQ(diags.items()[0].span.location(), DECREE_SOURCE_DIR "/tests");
  EXPECT_THAT(diags.items()[0].message, HasSubstr("cannot read parameter file: "));
}

// ---------------------------------------------------------------------------
// Lookups

const char* kDated = R"(
p:
  description: d
  unit: money
  reference: base reference
  values:
    2023-01-01: {value: "3.00", reference: own reference}
    2020-01-01: "1.00"
    2022-01-01: null
    2021-07-01: "2.00"
)";

TEST(ParameterLookup, ByDate) {
  auto r = parse(kDated);
  ASSERT_TRUE(r->set) << render_all(r->diags);
  const Parameter& p = r->param("p");
  ASSERT_EQ(p.values.size(), 4u);  // sorted by key
  EXPECT_EQ(p.values[0].keys[0], day("2020-01-01").days);
  EXPECT_EQ(p.values[3].keys[0], day("2023-01-01").days);
  EXPECT_EQ(str(p.at_date(day("2019-12-31"))), "<none>");  // before the first date
  EXPECT_EQ(str(p.at_date(day("2020-01-01"))), "1.00");    // exact start
  EXPECT_EQ(str(p.at_date(day("2021-06-30"))), "1.00");    // between
  EXPECT_EQ(str(p.at_date(day("2021-07-01"))), "2.00");
  EXPECT_EQ(str(p.at_date(day("2021-12-31"))), "2.00");
  EXPECT_EQ(str(p.at_date(day("2022-01-01"))), "<none>");  // a null end
  EXPECT_EQ(str(p.at_date(day("2022-12-31"))), "<none>");  // after a null end
  EXPECT_EQ(str(p.at_date(day("2023-01-01"))), "3.00");    // starts again
  EXPECT_EQ(str(p.at_date(day("2099-01-01"))), "3.00");
  EXPECT_EQ(p.at_key(2021), nullptr);  // a date index has no integer keys
}

TEST(ParameterLookup, ByDateMatchesALinearScanEveryDay) {
  auto r = parse(kDated);
  ASSERT_TRUE(r->set);
  const Parameter& p = r->param("p");
  for (int32_t d = day("2019-06-01").days; d <= day("2024-06-01").days; ++d) {
    const ParamValue* expected = nullptr;
    for (const auto& v : p.values)
      if (v.keys[0] <= d) expected = v.value ? &v : nullptr;
    ASSERT_EQ(p.at_date(Date{d}), expected) << Date{d}.to_string();
  }
}

TEST(ParameterLookup, ByYear) {
  auto r = parse(R"(
p:
  description: d
  unit: money
  reference: r
  index: year
  values:
    2019: "10"
    2017: "7"
    2020: "11.5"
)");
  ASSERT_TRUE(r->set) << render_all(r->diags);
  const Parameter& p = r->param("p");
  EXPECT_EQ(str(p.at_key(2017)), "7");
  EXPECT_EQ(str(p.at_key(2019)), "10");
  EXPECT_EQ(str(p.at_key(2020)), "11.5");
  EXPECT_EQ(p.at_key(2018), nullptr);                // a gap
  EXPECT_EQ(p.at_key(2016), nullptr);                // before
  EXPECT_EQ(p.at_key(2021), nullptr);                // after
  EXPECT_EQ(p.at_date(day("2019-06-01")), nullptr);  // not a date index
}

TEST(ParameterLookup, ByInteger) {
  auto r = parse(R"(
p:
  description: d
  unit: integer
  reference: r
  index: integer
  values:
    10: 1
    5: "10"
    -1: 0
)");
  ASSERT_TRUE(r->set) << render_all(r->diags);
  const Parameter& p = r->param("p");
  EXPECT_EQ(str(p.at_key(5)), "10");
  EXPECT_EQ(str(p.at_key(10)), "1");
  EXPECT_EQ(str(p.at_key(-1)), "0");
  EXPECT_EQ(p.at_key(4), nullptr);
  EXPECT_EQ(p.at_key(11), nullptr);
  EXPECT_EQ(p.values.front().keys[0], -1);
}

TEST(ParameterLookup, ReferencePerValue) {
  auto r = parse(kDated);
  ASSERT_TRUE(r->set);
  const Parameter& p = r->param("p");
  const ParamValue* own = p.at_date(day("2023-05-01"));
  const ParamValue* inherited = p.at_date(day("2020-05-01"));
  ASSERT_TRUE(own && inherited);
  EXPECT_EQ(p.reference_for(*own), "own reference");
  EXPECT_EQ(p.reference_for(*inherited), "base reference");
  EXPECT_TRUE(inherited->reference.empty());
}

TEST(ParameterLookup, NullEntryMayCarryAReference) {
  auto r = parse(R"(
p:
  description: d
  unit: money
  reference: r
  values:
    2020-01-01: "1"
    2021-01-01: {value: null, reference: 废止通知}
)");
  ASSERT_TRUE(r->set) << render_all(r->diags);
  const Parameter& p = r->param("p");
  EXPECT_FALSE(p.values[1].value.has_value());
  EXPECT_EQ(p.values[1].reference, "废止通知");
  EXPECT_EQ(p.at_date(day("2021-01-01")), nullptr);
}

// ---------------------------------------------------------------------------
// Numbers

TEST(ParameterNumbers, ExactTextThatADoubleWouldDamage) {
  auto r = parse(R"(
p:
  description: d
  unit: decimal
  reference: r
  index: integer
  values:
    1: "0.1"
    2: 0.2
    3: "12345678901234567.89"
    4: 9007199254740993
    5: "-0.000000000000000000001"
    6: "0.30"
)");
  ASSERT_TRUE(r->set) << render_all(r->diags);
  const Parameter& p = r->param("p");
  EXPECT_EQ(str(p.at_key(1)), "0.1");
  EXPECT_EQ(str(p.at_key(2)), "0.2");  // plain YAML numbers are read from their text too
  EXPECT_EQ(str(p.at_key(3)), "12345678901234567.89");
  EXPECT_EQ(str(p.at_key(4)), "9007199254740993");
  EXPECT_EQ(str(p.at_key(5)), "-0.000000000000000000001");
  EXPECT_EQ(str(p.at_key(6)), "0.30");  // the scale as written
  EXPECT_TRUE(*p.at_key(1)->value + *p.at_key(2)->value == *p.at_key(6)->value);
  EXPECT_EQ(p.at_key(3)->value->scale(), 2);
}

TEST(ParameterNumbers, MoneyKeepsItsScale) {
  auto r = parse(R"(
p:
  description: d
  unit: money
  reference: r
  index: year
  values:
    2017: "5089.50"
    2018: 5521.08
    2019: "31195"
)");
  ASSERT_TRUE(r->set) << render_all(r->diags);
  const Parameter& p = r->param("p");
  EXPECT_EQ(str(p.at_key(2017)), "5089.50");
  EXPECT_EQ(str(p.at_key(2018)), "5521.08");
  EXPECT_EQ(str(p.at_key(2019)), "31195");
  EXPECT_EQ(p.at_key(2017)->value->scale(), 2);
}

TEST(ParameterNumbers, RatesAsFractionsOrPercentages) {
  auto r = parse(R"(
p:
  description: d
  unit: rate
  reference: r
  index: integer
  bounds: [-10%, 200%]
  values:
    1: "0.60"
    2: "60%"
    3: "12.5%"
    4: "0.5%"
    5: "100%"
    6: "150.25%"
    7: "-5%"
    8: 0%
)");
  ASSERT_TRUE(r->set) << render_all(r->diags);
  const Parameter& p = r->param("p");
  EXPECT_EQ(str(p.at_key(1)), "0.60");
  EXPECT_EQ(str(p.at_key(2)), "0.60");
  EXPECT_TRUE(*p.at_key(1)->value == *p.at_key(2)->value);
  EXPECT_EQ(str(p.at_key(3)), "0.125");
  EXPECT_EQ(str(p.at_key(4)), "0.005");
  EXPECT_EQ(str(p.at_key(5)), "1.00");
  EXPECT_EQ(str(p.at_key(6)), "1.5025");
  EXPECT_EQ(str(p.at_key(7)), "-0.05");
  EXPECT_EQ(str(p.at_key(8)), "0.00");
}

// ---------------------------------------------------------------------------
// The shipped wi-bench parameters

const std::string kWiBenchParams = DECREE_SOURCE_DIR "/fixtures/bench/wi-bench/params.yaml";

// shared/bench/params.yaml as the benchmark ships it (verbatim).
const char* kOriginal = R"(# Illustrative benchmark parameters for wi-bench (NOT official figures).
avg_monthly_wage:   # provincial average monthly wage, by year
  2015: "4478.25"
  2016: "4756.33"
  2017: "5089.50"
  2018: "5521.08"
  2019: "5893.75"
  2020: "6214.42"
  2021: "6685.17"
  2022: "6973.58"
  2023: "7301.92"
  2024: "7588.33"
disposable_income:  # national urban per-capita disposable income, yearly
  2015: "31195"
  2016: "33616"
  2017: "36396"
  2018: "39251"
  2019: "42359"
  2020: "43834"
  2021: "47412"
  2022: "49283"
  2023: "51821"
  2024: "54188"
min_wage:           # monthly minimum wage in force in the year
  2016: "1480"
  2017: "1780"
  2018: "1780"
  2019: "1780"
  2020: "1780"
  2021: "1880"
  2022: "1880"
  2023: "1880"
  2024: "2120"
  2025: "2120"
medical_months:     # grade -> months of avg_monthly_wage
  5: 10
  6: 8
  7: 6
  8: 4
  9: 2
  10: 1
employment_months:
  5: 30
  6: 25
  7: 12
  8: 9
  9: 6
  10: 3
)";

TEST(WiBenchParams, LoadsWithTheExactValuesOfTheOriginal) {
  Diagnostics diags;
  auto set = load_parameters(kWiBenchParams, diags);
  ASSERT_TRUE(set) << render_all(diags);
  EXPECT_TRUE(diags.empty());
  YAML::Node original = YAML::Load(kOriginal);
  ASSERT_EQ(set->params.size(), original.size());
  size_t compared = 0;
  for (auto param = original.begin(); param != original.end(); ++param) {
    const std::string name = param->first.Scalar();
    const Parameter* p = set->find(name);
    ASSERT_NE(p, nullptr) << name;
    EXPECT_EQ(p->values.size(), param->second.size()) << name;
    for (auto v = param->second.begin(); v != param->second.end(); ++v) {
      const ParamValue* got = p->at_key(std::stoll(v->first.Scalar()));
      EXPECT_EQ(str(got), v->second.Scalar()) << name << "[" << v->first.Scalar() << "]";
      ++compared;
    }
  }
  EXPECT_EQ(compared, 42u);
}

TEST(WiBenchParams, SpotValuesUnitsAndIndexes) {
  Diagnostics diags;
  auto set = load_parameters(kWiBenchParams, diags);
  ASSERT_TRUE(set) << render_all(diags);
  const Parameter* wage = set->find("avg_monthly_wage");
  ASSERT_NE(wage, nullptr);
  EXPECT_EQ(wage->unit, ParamUnit::money);
  EXPECT_EQ(wage->index[0].type, ParamIndex::year);
  EXPECT_EQ(str(wage->at_key(2015)), "4478.25");
  EXPECT_EQ(str(wage->at_key(2017)), "5089.50");
  EXPECT_EQ(wage->at_key(2025), nullptr);
  EXPECT_EQ(str(set->find("disposable_income")->at_key(2024)), "54188");
  EXPECT_EQ(str(set->find("min_wage")->at_key(2016)), "1480");
  EXPECT_EQ(set->find("min_wage")->at_key(2015), nullptr);
  for (const char* name : {"medical_months", "employment_months"}) {
    const Parameter* p = set->find(name);
    ASSERT_NE(p, nullptr) << name;
    EXPECT_EQ(p->unit, ParamUnit::integer) << name;
    EXPECT_EQ(p->index[0].type, ParamIndex::integer) << name;
    EXPECT_EQ(p->at_key(4), nullptr) << name;
  }
  EXPECT_EQ(str(set->find("medical_months")->at_key(5)), "10");
  EXPECT_EQ(str(set->find("employment_months")->at_key(10)), "3");
  for (const char* name : {"avg_monthly_wage", "disposable_income", "min_wage"}) {
    EXPECT_EQ(set->find(name)->unit, ParamUnit::money) << name;
    EXPECT_EQ(set->find(name)->index[0].type, ParamIndex::year) << name;
  }
}

TEST(WiBenchParams, SaysTheValuesAreIllustrative) {
  std::ifstream in(kWiBenchParams);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_THAT(text.str(), HasSubstr("NOT OFFICIAL FIGURES"));
  Diagnostics diags;
  auto set = load_parameters(kWiBenchParams, diags);
  ASSERT_TRUE(set);
  for (const Parameter& p : set->params) {
    EXPECT_THAT(p.reference, HasSubstr("WI-BENCH.md")) << p.name;
    EXPECT_THAT(p.reference, HasSubstr("NOT an official figure")) << p.name;
    for (const ParamValue& v : p.values) EXPECT_EQ(&p.reference_for(v), &p.reference) << p.name;
  }
}

TEST(WiBenchParams, ChineseDescriptions) {
  Diagnostics diags;
  auto set = load_parameters(kWiBenchParams, diags);
  ASSERT_TRUE(set);
  EXPECT_THAT(set->find("avg_monthly_wage")->description, HasSubstr("全省在岗职工月平均工资"));
  EXPECT_THAT(set->find("disposable_income")->description, HasSubstr("全国城镇居民人均可支配收入"));
  EXPECT_THAT(set->find("min_wage")->description, HasSubstr("月最低工资标准"));
  EXPECT_THAT(set->find("medical_months")->description, HasSubstr("一次性工伤医疗补助金"));
  EXPECT_THAT(set->find("employment_months")->description, HasSubstr("一次性伤残就业补助金"));
  for (const Parameter& p : set->params)
    EXPECT_THAT(p.description, testing::ContainsRegex("[A-Za-z]+ ")) << p.name;  // and English
}

}  // namespace
}  // namespace decree
