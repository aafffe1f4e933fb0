// Golden tests (Soufflé .dl/.err/.out style):
//   tests/lang/syntax/good/NAME.decree → NAME.ast  the printed AST (+ warnings)
//   tests/lang/syntax/bad/NAME.decree  → NAME.err  the rendered diagnostics,
//                                         NAME.zh.err the same in 中文 where it
//                                         reads differently (tests/golden.h)
//   fixtures/bench/wi-bench/wi_bench.decree → tests/lang/syntax/wi_bench.ast
// A first line `# print: ids spans` turns on printer options for that file;
// `# limits: max_bytes=N max_errors=N` parses it under smaller limits (a
// golden of "file too large" without a 4 MiB file). A good file's warnings
// are also compared in both languages through NAME.err (+ NAME.zh.err).
// DECREE_UPDATE_GOLDEN=1 rewrites the expected files; review with git diff.
#include "tests/golden.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "test_util.h"

namespace decree {
namespace {

namespace fs = std::filesystem;

struct GoldenCase {
  std::string name;     // test name
  fs::path source;      // the .decree file
  std::string display;  // the path shown in diagnostics
  fs::path expected;    // .ast or .err
  bool good = true;
};

void PrintTo(const GoldenCase& c, std::ostream* os) { *os << c.display; }

const fs::path kLang = fs::path(DECREE_SOURCE_DIR) / "tests" / "lang";

std::vector<GoldenCase> cases() {
  std::vector<GoldenCase> out;
  for (bool good : {true, false}) {
    fs::path dir = kLang / "syntax" / (good ? "good" : "bad");
    if (!fs::exists(dir)) continue;
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir))
      if (entry.path().extension() == ".decree") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      GoldenCase c;
      c.name = std::string(good ? "good_" : "bad_") + f.stem().string();
      std::replace_if(
          c.name.begin(), c.name.end(), [](char ch) { return !std::isalnum(ch); }, '_');
      c.source = f;
      c.display = fs::relative(f, kLang).generic_string();
      c.expected = fs::path(f).replace_extension(good ? ".ast" : ".err");
      c.good = good;
      out.push_back(c);
    }
  }
  GoldenCase bench;
  bench.name = "fixture_wi_bench";
  bench.source = fs::path(DECREE_SOURCE_DIR) / "fixtures/bench/wi-bench/wi_bench.decree";
  bench.display = "fixtures/bench/wi-bench/wi_bench.decree";
  bench.expected = kLang / "syntax" / "wi_bench.ast";
  out.push_back(bench);
  return out;
}

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

ast::PrintOptions options_for(const std::string& text) {
  ast::PrintOptions options;
  std::string first = text.substr(0, text.find('\n'));
  if (first.rfind("# print:", 0) == 0) {
    options.ids = first.find(" ids") != std::string::npos;
    options.spans = first.find(" spans") != std::string::npos;
  }
  return options;
}

class Golden : public ::testing::TestWithParam<GoldenCase> {};

// The limits of a first line `# limits: max_bytes=N max_errors=N`.
ParseLimits limits_for(const std::string& text) {
  ParseLimits limits;
  std::istringstream first(text.substr(0, text.find('\n')));
  std::string word;
  first >> word;
  if (word != "#" || !(first >> word) || word != "limits:") return limits;
  while (first >> word) {
    const size_t eq = word.find('=');
    const std::string key = word.substr(0, eq);
    const unsigned long value = std::stoul(word.substr(eq + 1));
    if (key == "max_bytes") limits.max_bytes = value;
    if (key == "max_errors") limits.max_errors = static_cast<unsigned>(value);
  }
  return limits;
}

TEST_P(Golden, Matches) {
  const GoldenCase& c = GetParam();
  std::string text = read(c.source);
  auto src = std::make_shared<SourceFile>(c.display, text);
  Diagnostics diags;
  auto module = parse_module(src, diags, limits_for(text));
  if (!c.good) {
    EXPECT_FALSE(module) << c.display << " should not parse";
    EXPECT_TRUE(diags.has_errors());
    if (!golden::matches(c.source, diags, /*need_err=*/true))
      GTEST_SKIP() << "rewrote the goldens of " << c.display;
    return;
  }
  ASSERT_TRUE(module) << render_all(diags);
  // Warnings in both languages (with DECREE_UPDATE_GOLDEN the .err files are
  // rewritten here and the .ast below).
  if (c.source.parent_path().filename() == "good") golden::matches(c.source, diags, false);
  std::string actual = ast::print(*module, options_for(text));
  if (!diags.empty()) actual += "---\n" + render_all(diags);
  const char* update = std::getenv("DECREE_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(c.expected, std::ios::binary) << actual;
    return;
  }
  ASSERT_TRUE(fs::exists(c.expected))
      << c.expected << " is missing; run with DECREE_UPDATE_GOLDEN=1 and review it";
  EXPECT_EQ(read(c.expected), actual) << "for " << c.display;
}

INSTANTIATE_TEST_SUITE_P(Syntax, Golden, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<GoldenCase>& info) {
                           return info.param.name;
                         });

}  // namespace
}  // namespace decree
