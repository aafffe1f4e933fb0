// Reading historical cases: JSONL, YAML lists and CSV split into one record
// per case (in constant memory), CSV cells typed by the inputs, YAML items
// turned into JSON.
#include "diff/case_reader.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>

#include "api/decree.h"

namespace decree::diff {
namespace {

struct Rec {
  std::string text;
  uint64_t line;
  bool malformed;
};

// Reads `text` as `format` with small batches (so that records cross batch
// boundaries) and a small block size limit.
std::vector<Rec> read_all(const std::string& text, CaseFormat format, size_t max_record = 1 << 20,
                          std::vector<std::string>* header = nullptr) {
  std::FILE* f =
      text.empty() ? std::tmpfile() : fmemopen(const_cast<char*>(text.data()), text.size(), "rb");
  EXPECT_NE(f, nullptr);
  CaseReader reader(f, format, max_record);
  std::vector<Rec> out;
  RecordBatch batch;
  for (;;) {
    batch.clear();
    if (!reader.read(batch, 2, 64)) break;
    for (const auto& r : batch.records)
      out.push_back({std::string(batch.text(r)), r.line, r.malformed});
  }
  if (header) *header = reader.csv_header();
  std::fclose(f);
  return out;
}

TEST(DiffFormats, ByExtension) {
  EXPECT_EQ(format_of("a/cases.jsonl"), CaseFormat::jsonl);
  EXPECT_EQ(format_of("cases.NDJSON"), CaseFormat::jsonl);
  EXPECT_EQ(format_of("cases.json"), CaseFormat::jsonl);
  EXPECT_EQ(format_of("-"), CaseFormat::jsonl);
  EXPECT_EQ(format_of("cases.yaml"), CaseFormat::yaml);
  EXPECT_EQ(format_of("cases.YML"), CaseFormat::yaml);
  EXPECT_EQ(format_of("cases.csv"), CaseFormat::csv);
  EXPECT_EQ(format_of("cases.txt"), std::nullopt);
  EXPECT_EQ(format_of("cases.csv.gz"), std::nullopt);
}

TEST(DiffReader, JsonlSkipsBlankLinesAndKeepsLineNumbers) {
  auto recs = read_all("\xEF\xBB\xBF{\"a\":1}\r\n\n  \t\n{\"a\":2}\n{\"a\":3}", CaseFormat::jsonl);
  ASSERT_EQ(recs.size(), 3u);
  EXPECT_EQ(recs[0].text, "{\"a\":1}");  // BOM and CR removed
  EXPECT_EQ(recs[0].line, 1u);
  EXPECT_EQ(recs[1].text, "{\"a\":2}");
  EXPECT_EQ(recs[1].line, 4u);
  EXPECT_EQ(recs[2].text, "{\"a\":3}");  // no final newline
  EXPECT_EQ(recs[2].line, 5u);
}

TEST(DiffReader, JsonlTooLongLineIsOneMalformedRecord) {
  std::string long_line(5000, 'x');
  auto recs = read_all("{\"a\":1}\n" + long_line + "\n{\"a\":2}\n", CaseFormat::jsonl, 100);
  ASSERT_EQ(recs.size(), 3u);
  EXPECT_FALSE(recs[0].malformed);
  EXPECT_TRUE(recs[1].malformed);
  EXPECT_NE(recs[1].text.find("longer than"), std::string::npos);
  EXPECT_EQ(recs[1].line, 2u);
  EXPECT_EQ(recs[2].text, "{\"a\":2}");
  EXPECT_EQ(recs[2].line, 3u);
}

TEST(DiffReader, YamlListItemsBecomeMappings) {
  std::string yaml =
      "# synthetic\n"
      "---\n"
      "- case_id: A\n"
      "  wage: \"1.00\"\n"
      "  # a comment inside\n"
      "  dependents:\n"
      "    - {relation: spouse, orphan_or_alone: false}\n"
      "\n"
      "- {case_id: B, wage: 2}\n"
      "-\n"
      "  case_id: C\n";
  auto recs = read_all(yaml, CaseFormat::yaml);
  ASSERT_EQ(recs.size(), 3u);
  EXPECT_EQ(recs[0].line, 3u);
  EXPECT_EQ(recs[1].line, 9u);
  EXPECT_EQ(recs[2].line, 10u);
  std::string json, message;
  ASSERT_TRUE(yaml_case_to_json(recs[0].text, json, message)) << message;
  EXPECT_EQ(json,
            "{\"case_id\":\"A\",\"wage\":\"1.00\",\"dependents\":[{\"relation\":\"spouse\","
            "\"orphan_or_alone\":false}]}");
  ASSERT_TRUE(yaml_case_to_json(recs[1].text, json, message)) << message;
  EXPECT_EQ(json, "{\"case_id\":\"B\",\"wage\":2}");
  ASSERT_TRUE(yaml_case_to_json(recs[2].text, json, message)) << message;
  EXPECT_EQ(json, "{\"case_id\":\"C\"}");
}

TEST(DiffReader, YamlThatIsNotABlockListIsReported) {
  auto recs = read_all("cases:\n  - a: 1\n", CaseFormat::yaml);
  ASSERT_GE(recs.size(), 1u);
  EXPECT_TRUE(recs[0].malformed);
  EXPECT_NE(recs[0].text.find("list item"), std::string::npos);
  recs = read_all("[{a: 1}]\n", CaseFormat::yaml);
  ASSERT_EQ(recs.size(), 1u);
  EXPECT_TRUE(recs[0].malformed);
  std::string json, message;
  EXPECT_FALSE(yaml_case_to_json("  - 1\n  - 2\n", json, message));
  EXPECT_NE(message.find("mapping"), std::string::npos);
}

TEST(DiffReader, CsvRecordsSpanQuotedNewlines) {
  std::vector<std::string> header;
  auto recs = read_all(
      "case_id,note,amount\r\n"
      "A,\"two\nlines\",1.00\n"
      "\n"
      "B,\"say \"\"hi\"\"\",2.00\n",
      CaseFormat::csv, 1 << 20, &header);
  EXPECT_EQ(header, (std::vector<std::string>{"case_id", "note", "amount"}));
  ASSERT_EQ(recs.size(), 2u);
  EXPECT_EQ(recs[0].line, 2u);
  EXPECT_EQ(recs[0].text, "A,\"two\nlines\",1.00");
  EXPECT_EQ(recs[1].line, 5u);
  std::vector<std::string> cells;
  std::string message;
  ASSERT_TRUE(split_csv(recs[1].text, cells, message)) << message;
  EXPECT_EQ(cells, (std::vector<std::string>{"B", "say \"hi\"", "2.00"}));
}

TEST(DiffReader, CsvUnterminatedQuoteIsMalformed) {
  auto recs = read_all("a,b\n1,\"open\n2,3\n", CaseFormat::csv);
  ASSERT_EQ(recs.size(), 1u);
  EXPECT_TRUE(recs[0].malformed);
  EXPECT_NE(recs[0].text.find("unterminated"), std::string::npos);
}

TEST(DiffReader, SplitCsvCells) {
  std::vector<std::string> cells;
  std::string message;
  ASSERT_TRUE(split_csv(" a , b ,,\"c,d\" ", cells, message));
  EXPECT_EQ(cells, (std::vector<std::string>{"a", "b", "", "c,d"}));
  ASSERT_TRUE(split_csv("", cells, message));
  EXPECT_EQ(cells, (std::vector<std::string>{""}));
  EXPECT_FALSE(split_csv("a\"b,c", cells, message));
  EXPECT_FALSE(split_csv("\"a\"b,c", cells, message));
}

TEST(DiffReader, CsvCellsAreTypedByTheInputs) {
  Diagnostics diags;
  auto rules = RuleSet::load(std::string(DECREE_SOURCE_DIR) + "/fixtures/bench/wi-bench", diags);
  ASSERT_TRUE(rules) << render_all(diags);
  CsvConverter conv({"case_id", "grade", "terminated", "dependents", "extra"}, {rules.get()});
  std::string json, message;
  ASSERT_TRUE(conv.to_json(
      "C1,7,TRUE,\"[{\"\"relation\"\":\"\"spouse\"\",\"\"orphan_or_alone\"\":false}]\",x", json,
      message))
      << message;
  auto j = nlohmann::json::parse(json);
  EXPECT_EQ(j["case_id"], "C1");
  EXPECT_EQ(j["grade"], "7");  // the decoder reads numbers from strings
  EXPECT_EQ(j["terminated"], true);
  EXPECT_TRUE(j["dependents"].is_array());
  EXPECT_EQ(j["extra"], "x");  // unknown: left for the decoder to reject
  // Empty cells are absent fields; 0/1 are booleans; bad JSON stays a string.
  ASSERT_TRUE(conv.to_json("C2,,0,[oops,", json, message)) << message;
  j = nlohmann::json::parse(json);
  EXPECT_FALSE(j.contains("grade"));
  EXPECT_EQ(j["terminated"], false);
  EXPECT_EQ(j["dependents"], "[oops");
  EXPECT_FALSE(j.contains("extra"));
  EXPECT_FALSE(conv.to_json("C3,1", json, message));
  EXPECT_NE(message.find("2 cells"), std::string::npos) << message;
  // A row that does not convert leaves no JSON behind (not the previous
  // row's) and still names its own case when its case_id cell was read.
  EXPECT_EQ(json, "");
  EXPECT_EQ(conv.case_id(), "C3");
  EXPECT_FALSE(conv.to_json("C\"4\",1", json, message));
  EXPECT_EQ(conv.case_id(), "");
  CsvConverter no_id({"grade", "terminated"}, {rules.get()});
  EXPECT_FALSE(no_id.to_json("1", json, message));
  EXPECT_EQ(no_id.case_id(), "");
}

TEST(DiffReader, FindCaseId) {
  EXPECT_EQ(find_case_id("{\"a\":1,\"case_id\":\"X-1\"}"), "X-1");
  EXPECT_EQ(find_case_id("{\"case_id\":5}"), "");
  EXPECT_EQ(find_case_id("not json"), "");
}

}  // namespace
}  // namespace decree::diff
