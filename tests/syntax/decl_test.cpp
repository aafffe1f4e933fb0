// Declarations: header, parameters, enums, records, inputs, rules, docs.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "test_util.h"

namespace decree {
namespace {

using testing::parse;

std::string flat(const ast::Expr& e) {
  ast::PrintOptions options;
  options.width = 100000;
  std::string out = ast::print(e, options);
  out.pop_back();
  return out;
}

TEST(Decl, HeaderWithQualifiedNameAndBasis) {
  auto p = parse("ruleset jilin.work_injury.benefits\n  basis \"工伤保险条例 (2010)\"\n");
  ASSERT_TRUE(*p) << p->errors();
  EXPECT_EQ(p->module->ruleset, "jilin.work_injury.benefits");
  EXPECT_EQ(p->module->basis, "工伤保险条例 (2010)");
  EXPECT_EQ(p->module->ruleset_span.line, 1u);
  EXPECT_EQ(p->module->ruleset_span.col, 9u);
  EXPECT_EQ(p->module->ruleset_span.end_col, 34u);
  EXPECT_EQ(p->module->source, p->src);
  EXPECT_EQ(p->module->next_id, 1u);
}

TEST(Decl, HeaderIsRequiredAndFirst) {
  EXPECT_EQ(testing::module_errors("let a = 1"),
            "t.decree:1:1: error: expected `ruleset`, found `let`\n");
  EXPECT_EQ(testing::module_errors(""),
            "t.decree:1:1: error: expected `ruleset`, found end of file\n");
  EXPECT_EQ(testing::module_errors("ruleset a\nruleset b"),
            "t.decree:2:1: error: expected a declaration or end of file, found `ruleset`\n");
}

TEST(Decl, Parameters) {
  auto p = parse("ruleset t\nparameters \"params.yaml\" as p\nparameters \"more/其他.yaml\" as q");
  ASSERT_TRUE(*p) << p->errors();
  ASSERT_EQ(p->module->parameters.size(), 2u);
  EXPECT_EQ(p->module->parameters[0].path, "params.yaml");
  EXPECT_EQ(p->module->parameters[0].alias, "p");
  EXPECT_EQ(p->module->parameters[0].span.line, 2u);
  EXPECT_EQ(p->module->parameters[0].span.col, 1u);
  EXPECT_EQ(p->module->parameters[0].span.end_col, 29u);
  EXPECT_EQ(p->module->parameters[1].path, "more/其他.yaml");
}

TEST(Decl, EnumsAndRecords) {
  auto p = parse(R"(ruleset t
enum Outcome { disability, death }
enum Care {
  none,
  full,
}
record Dependent {
  relation: Relation,
  orphan_or_alone: bool,
  incomes: list of money
}
)");
  ASSERT_TRUE(*p) << p->errors();
  const auto& m = *p->module;
  ASSERT_EQ(m.enums.size(), 2u);
  EXPECT_EQ(m.enums[0].name, "Outcome");
  ASSERT_EQ(m.enums[0].values.size(), 2u);
  EXPECT_EQ(m.enums[0].values[1].first, "death");
  EXPECT_EQ(m.enums[0].values[1].second.col, 28u);
  EXPECT_EQ(m.enums[1].values.size(), 2u);
  ASSERT_EQ(m.records.size(), 1u);
  const auto& r = m.records[0];
  EXPECT_EQ(r.name, "Dependent");
  ASSERT_EQ(r.fields.size(), 3u);
  EXPECT_EQ(r.fields[0].name, "relation");
  EXPECT_EQ(r.fields[0].type.name, "Relation");
  EXPECT_FALSE(r.fields[0].type.is_list);
  EXPECT_EQ(r.fields[2].type.name, "money");
  EXPECT_TRUE(r.fields[2].type.is_list);
  EXPECT_EQ(r.fields[2].type.span.col, 12u);
  EXPECT_EQ(r.fields[2].type.span.end_col, 24u);
}

TEST(Decl, EnumsAndRecordsNeedCommas) {
  EXPECT_EQ(testing::module_errors("ruleset t\nenum E { a b }"),
            "t.decree:2:12: error: expected `,` or `}`, found `b`\n");
  EXPECT_EQ(testing::module_errors("ruleset t\nenum E { }"),
            "t.decree:2:10: error: expected a name, found `}`\n");
  EXPECT_EQ(testing::module_errors("ruleset t\nrecord R { a: integer b: bool }"),
            "t.decree:2:23: error: expected `,` or `}`, found `b`\n");
}

TEST(Decl, InputFields) {
  auto p = parse(R"(ruleset t
input {
  case_id: text
  grade: integer in 1..10 optional
  care_level: Care = none
  wage: money in 0..
  delta: decimal in -5.5..-0.5
  low: integer in ..100 = 3 optional
  start: date in 2020-01-01..2030-12-31
  share: rate in 0%..100%, deps: list of Dependent = [], flag: bool = not false
}
input { second_block: integer }
)");
  ASSERT_TRUE(*p) << p->errors();
  const auto& in = p->module->inputs;
  ASSERT_EQ(in.size(), 11u);
  EXPECT_EQ(in[0].name, "case_id");
  EXPECT_EQ(in[0].type.name, "text");
  EXPECT_FALSE(in[0].range_min || in[0].range_max || in[0].default_value || in[0].optional);
  EXPECT_EQ(in[0].span.line, 3u);
  EXPECT_EQ(in[0].span.col, 3u);
  EXPECT_EQ(in[0].span.end_col, 9u);

  EXPECT_EQ(flat(*in[1].range_min), "1");
  EXPECT_EQ(flat(*in[1].range_max), "10");
  EXPECT_TRUE(in[1].optional);
  EXPECT_EQ(flat(*in[2].default_value), "none");
  EXPECT_EQ(flat(*in[3].range_min), "0");
  EXPECT_FALSE(in[3].range_max);
  // Negative bounds are literals with the sign folded in.
  const auto& lo = std::get<ast::Literal>(in[4].range_min->kind);
  EXPECT_EQ(lo.kind, ast::Literal::Kind::decimal);
  EXPECT_EQ(lo.text, "-5.5");
  EXPECT_EQ(in[4].range_min->span.col, 21u);
  EXPECT_EQ(in[4].range_min->span.end_col, 24u);
  EXPECT_EQ(std::get<ast::Literal>(in[4].range_max->kind).text, "-0.5");
  EXPECT_FALSE(in[5].range_min);
  EXPECT_EQ(flat(*in[5].range_max), "100");
  EXPECT_EQ(flat(*in[5].default_value), "3");
  EXPECT_TRUE(in[5].optional);
  EXPECT_EQ(std::get<ast::Literal>(in[6].range_min->kind).kind, ast::Literal::Kind::date);
  EXPECT_EQ(std::get<ast::Literal>(in[7].range_max->kind).kind, ast::Literal::Kind::percent);
  EXPECT_EQ(in[8].name, "deps");
  EXPECT_TRUE(in[8].type.is_list);
  EXPECT_EQ(flat(*in[8].default_value), "[]");
  EXPECT_EQ(flat(*in[9].default_value), "(!_ false)");
  EXPECT_EQ(in[10].name, "second_block");
}

TEST(Decl, InputFieldOrderIsFixed) {
  // range, then default, then optional
  EXPECT_NE(testing::module_errors("ruleset t\ninput { a: integer optional in 1..2 }"), "");
  EXPECT_NE(testing::module_errors("ruleset t\ninput { a: integer = 1 in 1..2 }"), "");
  EXPECT_EQ(testing::module_errors("ruleset t\ninput { a: integer in .. }"),
            "t.decree:2:26: error: expected a number or a date, found `}`\n");
  EXPECT_EQ(testing::module_errors("ruleset t\ninput { a: integer in x..y }"),
            "t.decree:2:23: error: expected a number or a date, or `..`, found `x`\n");
}

TEST(Decl, LetAndOutput) {
  auto p = parse(R"(ruleset t
let a = 1
output b: money = a * 2 basis "第64条"
let c: list of integer = [1]
)");
  ASSERT_TRUE(*p) << p->errors();
  const auto& rules = p->module->rules;
  ASSERT_EQ(rules.size(), 3u);
  EXPECT_EQ(rules[0].kind, ast::RuleDecl::Kind::let);
  EXPECT_EQ(rules[0].name, "a");
  EXPECT_FALSE(rules[0].type);
  EXPECT_TRUE(rules[0].basis.empty());
  EXPECT_EQ(rules[1].kind, ast::RuleDecl::Kind::output);
  EXPECT_EQ(rules[1].type->name, "money");
  EXPECT_EQ(flat(*rules[1].body), "(_*_ a 2)");
  EXPECT_EQ(rules[1].basis, "第64条");
  EXPECT_EQ(rules[1].basis_span.line, 3u);
  EXPECT_EQ(rules[1].basis_span.col, 31u);
  EXPECT_EQ(rules[1].basis_span.end_col, 36u);
  EXPECT_EQ(rules[1].span.col, 8u);
  EXPECT_EQ(rules[1].span.end_col, 8u);
  EXPECT_TRUE(rules[2].type->is_list);
  EXPECT_EQ(rules[2].type->name, "integer");
}

TEST(Decl, DeclarationsInAnyOrderOnAnyLines) {
  auto p = parse(
      "ruleset t let a = 1 output b = a enum E { x } input { i: integer } let c = "
      "b table t(k: E) -> integer { x => 1 } parameters \"p.yaml\" as p");
  ASSERT_TRUE(*p) << p->errors();
  EXPECT_EQ(p->module->rules.size(), 3u);
  EXPECT_EQ(p->module->rules[2].name, "c");
  EXPECT_EQ(p->module->tables.size(), 1u);
}

TEST(Decl, DocComments) {
  auto p = parse(R"(ruleset t
/// Outcomes.
enum Outcome { a }
/// A dependant.
record D { x: integer }
input {
  /// 伤残等级
  ///   indented second line
  ///no space
  grade: integer
  plain: integer  /// trailing doc: documents the next field
  next: integer
}
/// first
// a plain comment between does not break the block
/// second
let x = 1
# no doc here
output y = 2

/// table doc
table t(k: integer) -> integer { _ => 0 }
)");
  ASSERT_TRUE(*p) << p->errors();
  const auto& m = *p->module;
  EXPECT_EQ(m.enums[0].doc, "Outcomes.");
  EXPECT_EQ(m.records[0].doc, "A dependant.");
  EXPECT_EQ(m.inputs[0].doc, "伤残等级\n  indented second line\nno space");
  EXPECT_EQ(m.inputs[1].doc, "");
  EXPECT_EQ(m.inputs[2].doc, "trailing doc: documents the next field");
  EXPECT_EQ(m.rules[0].doc, "first\nsecond");
  EXPECT_EQ(m.rules[1].doc, "");
  EXPECT_EQ(m.tables[0].doc, "table doc");
  EXPECT_FALSE(p->diags.has_errors());
  EXPECT_EQ(p->diags.warning_count(), 0u);
}

TEST(Decl, DocCommentThatDocumentsNothingIsAWarning) {
  auto p = parse(R"(ruleset t
/// about the parameters
parameters "p.yaml" as p
input {
  a: integer
  /// dangling
}
let x = 1 /// inside
  + 2
)");
  ASSERT_TRUE(*p) << p->errors();
  EXPECT_EQ(p->diags.warning_count(), 3u);
  std::string brief = render_all(p->diags, true);
  EXPECT_NE(brief.find("t.decree:2:1: warning: this `///` comment documents nothing"),
            std::string::npos)
      << brief;
  EXPECT_NE(brief.find("t.decree:6:3: warning"), std::string::npos) << brief;
  EXPECT_NE(brief.find("t.decree:8:11: warning"), std::string::npos) << brief;
}

TEST(Decl, Comments) {
  auto p = parse("# hash\nruleset t // slashes\nlet a = 1 # trailing\n// let b = 2\n#let c = 3");
  ASSERT_TRUE(*p) << p->errors();
  EXPECT_EQ(p->module->rules.size(), 1u);
}

TEST(Decl, CrlfLineEndings) {
  auto p = parse("ruleset t\r\nlet a =\r\n  1 + x\r\n");
  ASSERT_TRUE(*p) << p->errors();
  const auto& body = *p->module->rules[0].body;
  EXPECT_EQ(body.span.line, 3u);
  EXPECT_EQ(body.span.col, 3u);
  EXPECT_EQ(body.span.end_col, 7u);
}

TEST(Decl, ByteOrderMarkIsIgnored) {
  auto p = parse("\xEF\xBB\xBFruleset t\nlet a = 1");
  ASSERT_TRUE(*p) << p->errors();
}

TEST(Decl, WiBenchParsesAsWritten) {
  std::ifstream in(std::string(DECREE_SOURCE_DIR) + "/fixtures/bench/wi-bench/wi_bench.decree");
  ASSERT_TRUE(in);
  std::stringstream text;
  text << in.rdbuf();
  auto p = parse(text.str());
  ASSERT_TRUE(*p) << p->errors();
  EXPECT_TRUE(p->diags.empty()) << render_all(p->diags);
  const auto& m = *p->module;
  EXPECT_EQ(m.ruleset, "wi_bench");
  EXPECT_EQ(m.parameters.size(), 1u);
  EXPECT_EQ(m.enums.size(), 3u);
  EXPECT_EQ(m.records.size(), 1u);
  EXPECT_EQ(m.inputs.size(), 8u);
  EXPECT_EQ(m.rules.size(), 18u);
  EXPECT_EQ(m.tables.size(), 3u);
  EXPECT_EQ(m.tables[0].rows.size(), 10u);
  EXPECT_EQ(m.inputs[3].doc, "伤残等级: present only when the outcome is disability");
  EXPECT_GT(m.next_id, 100u);
}

}  // namespace
}  // namespace decree
