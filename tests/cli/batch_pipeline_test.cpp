// The batch pipeline on its own, with a fake processor that echoes each line
// with its number ("7:{...}") and fails on lines that read "bad".
#include "cli/batch_pipeline.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace decree::cli {
namespace {

class EchoProcessor : public LineProcessor {
 public:
  bool process(std::string_view line, uint64_t number, std::string& out,
               std::string& message) override {
    if (line == "throw") throw std::runtime_error("processor exploded");
    out += std::to_string(number);
    if (line == "bad") {
      out += ":ERROR";
      message = "bad line";
      return false;
    }
    out += ':';
    out += line;
    return true;
  }
  void reject(uint64_t number, const Message& why, std::string& out) override {
    out += std::to_string(number) + ":REJECTED:" + message_text(why, Lang::en);
  }
};

struct RunResult {
  std::string out, err;
  PipelineStats stats;
};

RunResult run(
    const std::string& input, PipelineOptions options,
    ProcessorFactory factory = [] { return std::make_unique<EchoProcessor>(); }) {
  // fmemopen cannot open an empty buffer; tmpfile works for every input.
  std::FILE* in = std::tmpfile();
  std::fwrite(input.data(), 1, input.size(), in);
  std::rewind(in);
  char* out_buf = nullptr;
  char* err_buf = nullptr;
  size_t out_len = 0, err_len = 0;
  std::FILE* out = open_memstream(&out_buf, &out_len);
  std::FILE* err = open_memstream(&err_buf, &err_len);
  RunResult r;
  try {
    r.stats = run_pipeline(in, out, err, factory, options);
  } catch (...) {
    std::fclose(in);
    std::fclose(out);
    std::fclose(err);
    std::free(out_buf);
    std::free(err_buf);
    throw;
  }
  std::fclose(in);
  std::fclose(out);
  std::fclose(err);
  r.out.assign(out_buf, out_len);
  r.err.assign(err_buf, err_len);
  std::free(out_buf);
  std::free(err_buf);
  return r;
}

PipelineOptions small_chunks(unsigned threads, size_t block = 64) {
  PipelineOptions o;
  o.threads = threads;
  o.block_bytes = block;
  return o;
}

TEST(BatchPipeline, KeepsInputOrderAcrossManySmallChunksAndThreads) {
  std::string input, expected;
  for (int i = 1; i <= 20000; ++i) {
    // Lines of varying length, so that chunk boundaries fall everywhere.
    std::string line =
        "{\"i\":" + std::to_string(i) + std::string(static_cast<size_t>(i % 13), 'x') + "}";
    input += line + "\n";
    expected += std::to_string(i) + ":" + line + "\n";
  }
  RunResult r = run(input, small_chunks(4, 100));
  EXPECT_EQ(r.out, expected);
  EXPECT_EQ(r.stats.cases, 20000u);
  EXPECT_EQ(r.stats.lines, 20000u);
  EXPECT_EQ(r.stats.failed, 0u);
  EXPECT_EQ(r.err, "");
}

TEST(BatchPipeline, DefaultBlockSizeGivesTheSameResult) {
  std::string input, expected;
  for (int i = 1; i <= 50000; ++i) {
    input += "case" + std::to_string(i) + "\n";
    expected += std::to_string(i) + ":case" + std::to_string(i) + "\n";
  }
  PipelineOptions o;
  o.threads = 2;
  EXPECT_EQ(run(input, o).out, expected);
}

TEST(BatchPipeline, HandlesCrlfAFinalLineWithoutNewlineAndABom) {
  RunResult r =
      run("\xEF\xBB\xBF"
          "a\r\nb\r\nc",
          small_chunks(2));
  EXPECT_EQ(r.out, "1:a\n2:b\n3:c\n");
  EXPECT_EQ(r.stats.lines, 3u);
}

TEST(BatchPipeline, SkipsBlankLinesButCountsThemForLineNumbers) {
  RunResult r = run("a\n\n  \t\n\r\nbad\nb\n", small_chunks(1));
  EXPECT_EQ(r.out, "1:a\n5:ERROR\n6:b\n");
  EXPECT_EQ(r.stats.cases, 3u);
  EXPECT_EQ(r.stats.lines, 6u);
  EXPECT_EQ(r.stats.failed, 1u);
  EXPECT_EQ(r.err, "stdin:5: error: bad line\n");
}

TEST(BatchPipeline, ReportsErrorsInInputOrderWithTheirLineNumbers) {
  std::string input;
  for (int i = 1; i <= 3000; ++i) input += (i % 500 == 0 ? "bad" : "ok") + std::string("\n");
  RunResult r = run(input, small_chunks(4, 32));
  std::string expected_err;
  for (int i = 500; i <= 3000; i += 500)
    expected_err += "stdin:" + std::to_string(i) + ": error: bad line\n";
  EXPECT_EQ(r.err, expected_err);
  EXPECT_EQ(r.stats.failed, 6u);
  EXPECT_EQ(r.stats.errors_printed, 6u);
}

TEST(BatchPipeline, LimitErrorsPrintsTheFirstOnesAndCountsAll) {
  PipelineOptions o = small_chunks(3, 16);
  o.limit_errors = 2;
  o.input_name = "cases.jsonl";
  RunResult r = run("bad\nok\nbad\nbad\nbad\n", o);
  EXPECT_EQ(r.err, "cases.jsonl:1: error: bad line\ncases.jsonl:3: error: bad line\n");
  EXPECT_EQ(r.stats.failed, 4u);
  EXPECT_EQ(r.stats.errors_printed, 2u);
  EXPECT_EQ(r.out, "1:ERROR\n2:ok\n3:ERROR\n4:ERROR\n5:ERROR\n");
}

TEST(BatchPipeline, RejectsAnOverlongLineThatFillsWholeBlocksAndGoesOn) {
  PipelineOptions o = small_chunks(2, 16);
  o.max_line_bytes = 40;
  std::string input = "a\n" + std::string(1000, 'x') + "\nb\n" + std::string(41, 'y') + "\nc";
  RunResult r = run(input, o);
  EXPECT_EQ(r.out,
            "1:a\n2:REJECTED:line longer than 40 bytes\n3:b\n"
            "4:REJECTED:line longer than 40 bytes\n5:c\n");
  EXPECT_EQ(r.stats.failed, 2u);
  EXPECT_EQ(
      r.err,
      "stdin:2: error: line longer than 40 bytes\nstdin:4: error: line longer than 40 bytes\n");
}

TEST(BatchPipeline, RejectsAnOverlongLineInsideOneBlock) {
  PipelineOptions o = small_chunks(1, 4096);
  o.max_line_bytes = 10;
  RunResult r = run("short\n" + std::string(11, 'z') + "\n" + std::string(10, 'w') + "\n", o);
  EXPECT_EQ(r.out, "1:short\n2:REJECTED:line longer than 10 bytes\n3:wwwwwwwwww\n");
}

TEST(BatchPipeline, AnOverlongLastLineWithoutNewlineIsRejected) {
  PipelineOptions o = small_chunks(1, 16);
  o.max_line_bytes = 20;
  RunResult r = run("a\n" + std::string(100, 'q'), o);
  EXPECT_EQ(r.out, "1:a\n2:REJECTED:line longer than 20 bytes\n");
}

TEST(BatchPipeline, GrowsTheBufferForALongLineWithinTheLimit) {
  std::string longline(5000, 'L');
  RunResult r = run("a\n" + longline + "\nb\n", small_chunks(2, 16));
  EXPECT_EQ(r.out, "1:a\n2:" + longline + "\n3:b\n");
  EXPECT_EQ(r.stats.failed, 0u);
}

TEST(BatchPipeline, EmptyInputGivesNoOutput) {
  RunResult r = run("", small_chunks(2));
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.stats.cases, 0u);
  RunResult blank = run("\n\n\r\n", small_chunks(2));
  EXPECT_EQ(blank.out, "");
  EXPECT_EQ(blank.stats.lines, 3u);
  EXPECT_EQ(blank.stats.cases, 0u);
}

TEST(BatchPipeline, NoProgressLineUnlessAskedFor) {
  std::string input;
  for (int i = 0; i < 1000; ++i) input += "ok\n";
  EXPECT_EQ(run(input, small_chunks(2)).err.find('\r'), std::string::npos);
}

TEST(BatchPipeline, ProgressLineWhenAskedForIsClearedAtTheEnd) {
  class SlowProcessor : public EchoProcessor {
   public:
    bool process(std::string_view line, uint64_t number, std::string& out,
                 std::string& message) override {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
      return EchoProcessor::process(line, number, out, message);
    }
  };
  PipelineOptions o = small_chunks(1, 16);
  o.progress = true;
  std::string input;
  for (int i = 0; i < 400; ++i) input += "ok\n";  // at least 0.8 s
  RunResult r = run(input, o, [] { return std::make_unique<SlowProcessor>(); });
  EXPECT_EQ(r.err.rfind("\r", 0), 0u) << r.err;
  EXPECT_NE(r.err.find(" cases/s"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.substr(r.err.size() - 4), "\r\033[K") << r.err;  // cleared
  EXPECT_EQ(r.stats.cases, 400u);
}

TEST(BatchPipeline, AProcessorExceptionIsRethrownAfterTheThreadsEnd) {
  std::string input;
  for (int i = 0; i < 5000; ++i) input += (i == 2500 ? "throw" : "ok") + std::string("\n");
  EXPECT_THROW(run(input, small_chunks(2, 64)), std::runtime_error);
}

TEST(BatchPipeline, AFactoryExceptionIsRethrown) {
  ProcessorFactory failing = []() -> std::unique_ptr<LineProcessor> {
    throw std::runtime_error("no session");
  };
  EXPECT_THROW(run("ok\nok\n", small_chunks(2), failing), std::runtime_error);
}

}  // namespace
}  // namespace decree::cli
