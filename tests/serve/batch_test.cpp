// serve/batch.h on its own: lines split across feeds at any place, blank
// and long lines, a BOM and CRLF, the last line without its newline, and
// the audit error lines of a store that refuses.
#include "serve/batch.h"

#include <gtest/gtest.h>

#include <future>
#include <nlohmann/json.hpp>

#include "audit/log.h"
#include "audit/sqlite_store.h"
#include "base/diagnostics.h"
#include "tests/serve/temp_dir.h"

namespace decree::serve {
namespace {

using nlohmann::json;

const char* kBench = DECREE_SOURCE_DIR "/fixtures/bench/wi-bench";

std::string bench_case(const std::string& id) {
  return R"({"case_id":")" + id +
         R"(","injury_date":"2020-10-20","outcome":"disability","grade":8,)"
         R"("care_level":"partial","wage_avg_12m":"9000.00","terminated":true})";
}

class BatchTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Diagnostics diags;
    holder_ = RuleTimeline::load(kBench, diags);
    timeline_ = holder_.get();
    ASSERT_NE(timeline_, nullptr) << render_all(diags);
  }
  static void TearDownTestSuite() { holder_.reset(); }

  // The answer of `input` fed in pieces of `piece` bytes (0: all at once).
  std::string run(const std::string& input, size_t piece, size_t max_line = 1 << 20,
                  audit::Log* log = nullptr) {
    Metrics metrics;
    metrics.add_rule_set(*timeline_);
    Batch batch(holder_, {}, {}, Caller{"analyst-1", Role::analyst}, Lang::en, max_line, metrics,
                log);
    std::string out;
    size_t at = 0;
    do {
      const size_t n = piece ? std::min(piece, input.size() - at) : input.size();
      std::promise<std::string> promise;
      auto lines = promise.get_future();
      batch.feed(std::string_view(input).substr(at, n), at + n == input.size(),
                 [&promise](std::string l) { promise.set_value(std::move(l)); });
      out += lines.get();
      at += n;
    } while (at < input.size());
    return out;
  }
  static std::vector<json> parse_lines(const std::string& text) {
    std::vector<json> lines;
    size_t start = 0;
    for (size_t nl; (nl = text.find('\n', start)) != std::string::npos; start = nl + 1)
      lines.push_back(json::parse(text.substr(start, nl - start)));
    EXPECT_EQ(start, text.size()) << "the answer ends without a newline";
    return lines;
  }
  static const RuleTimeline* timeline_;
  static std::shared_ptr<const RuleTimeline> holder_;
};
const RuleTimeline* BatchTest::timeline_ = nullptr;
std::shared_ptr<const RuleTimeline> BatchTest::holder_;

TEST_F(BatchTest, OneAnswerLinePerCaseInOrderWithErrorsAtTheirLines) {
  const std::string input = bench_case("a") + "\n" + "{\"case_id\":\"b\",\"grade\":\"x\"}\n" +
                            "   \n" + "not json\n" + bench_case("c") + "\n";
  const auto lines = parse_lines(run(input, 0));
  ASSERT_EQ(lines.size(), 4u);  // the blank line has no answer
  EXPECT_EQ(lines[0]["case_id"], "a");
  EXPECT_TRUE(lines[0].contains("own_wage"));
  EXPECT_EQ(lines[1]["case_id"], "b");
  EXPECT_EQ(lines[1]["error"]["pointer"], "/grade");
  EXPECT_EQ(lines[1]["line"], 2);
  EXPECT_EQ(lines[2]["line"], 4);  // the blank line still counts
  EXPECT_EQ(lines[2]["error"]["kind"], "input");
  EXPECT_EQ(lines[3]["case_id"], "c");
  for (const auto& l : lines) EXPECT_EQ(l["decision_id"].get<std::string>().size(), 36u);
}

TEST_F(BatchTest, PiecesOfAnySizeGiveTheSameAnswers) {
  std::string input = "\xEF\xBB\xBF" + bench_case("first") + "\r\n";  // a BOM, CRLF
  for (int i = 0; i < 20; ++i) input += bench_case("c" + std::to_string(i)) + "\n";
  input += bench_case("last");  // no newline at the end
  // Decision ids differ run to run; the rest must not.
  auto strip = [](std::vector<json> lines) {
    for (auto& l : lines) l.erase("decision_id");
    return lines;
  };
  const auto whole = strip(parse_lines(run(input, 0)));
  ASSERT_EQ(whole.size(), 22u);
  EXPECT_EQ(whole.front()["case_id"], "first");
  EXPECT_EQ(whole.back()["case_id"], "last");
  for (size_t piece : {1u, 7u, 64u, 1000u})
    EXPECT_EQ(strip(parse_lines(run(input, piece))), whole) << "pieces of " << piece;
}

TEST_F(BatchTest, ALineOverTheLimitIsAnErrorLineAndTheNextIsRead) {
  const std::string input =
      bench_case("short") + "\n" + std::string(5000, ' ') + "{}\n" + bench_case("after") + "\n";
  for (size_t piece : {0u, 100u}) {
    const auto lines = parse_lines(run(input, piece, 1000));
    ASSERT_EQ(lines.size(), 3u) << piece;
    EXPECT_EQ(lines[1]["line"], 2);
    EXPECT_EQ(lines[1]["error"]["code"], "batch_line_too_long");
    EXPECT_EQ(lines[2]["case_id"], "after");
  }
}

TEST_F(BatchTest, ALineWhoseRecordCannotBeStoredGetsAnAuditErrorLine) {
  testing::TempDir dir;
  audit::SqliteOptions o;
  o.path = dir.file("audit.db");
  o.max_bytes = 64 * 1024;  // fills up after a few hundred records
  std::string error;
  auto store = audit::open_sqlite_store(o, error);
  ASSERT_TRUE(store) << error;
  audit::Log log(std::move(store));
  std::string input;
  for (int i = 0; i < 2000; ++i) input += bench_case("c" + std::to_string(i)) + "\n";
  const auto lines = parse_lines(run(input, 4096, 1 << 20, &log));
  ASSERT_EQ(lines.size(), 2000u);  // nothing lost: every line has its answer line
  size_t refused = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    EXPECT_EQ(lines[i]["case_id"], "c" + std::to_string(i));
    if (!lines[i].contains("error")) continue;
    ++refused;
    EXPECT_EQ(lines[i]["error"]["kind"], "audit");
    EXPECT_EQ(lines[i]["error"]["code"], "audit_unavailable");
    EXPECT_FALSE(lines[i].contains("own_wage"));  // no result without its record
    EXPECT_EQ(lines[i]["line"], i + 1);
  }
  EXPECT_GT(refused, 0u);
  EXPECT_EQ(log.stored() + refused, 2000u);
}

}  // namespace
}  // namespace decree::serve
