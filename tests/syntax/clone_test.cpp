// ast::clone: a deep copy that prints the same, ids and spans included, for
// every file of the syntax goldens and the shipped Jilin rules, and that
// shares no node with the original.
#include "syntax/clone.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "syntax/print.h"
#include "test_util.h"

namespace decree {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> files() {
  std::vector<fs::path> out;
  for (const char* dir :
       {"/tests/lang/syntax/good", "/rules/jilin/work-injury-benefits/2011-01-01"})
    for (const auto& e : fs::directory_iterator(std::string(DECREE_SOURCE_DIR) + dir))
      if (e.path().extension() == ".decree") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(Clone, PrintsTheSameWithIdsAndSpans) {
  ast::PrintOptions all;
  all.ids = true;
  all.spans = true;
  int compared = 0;
  for (const auto& path : files()) {
    SCOPED_TRACE(path.string());
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    auto p = testing::parse(text.str());
    ASSERT_TRUE(*p) << p->errors();
    ast::Module copy = ast::clone(*p->module);
    EXPECT_EQ(ast::print(copy, all), ast::print(*p->module, all));
    EXPECT_EQ(copy.next_id, p->module->next_id);
    ++compared;
  }
  EXPECT_GE(compared, 20);
}

TEST(Clone, SharesNoNodeWithTheOriginal) {
  auto p = testing::parse(R"(ruleset t
input { a: integer in 0..9 = 1 }
table t(k: integer) -> integer hit first { 1..2 => a  _ => 0 }
output x: integer = fold(s = 0, y in [a, 2] where y > 0: s + t(y))
)");
  ASSERT_TRUE(*p) << p->errors();
  ast::Module copy = ast::clone(*p->module);
  ASSERT_EQ(copy.rules.size(), 1u);
  EXPECT_NE(copy.rules[0].body.get(), p->module->rules[0].body.get());
  EXPECT_NE(copy.inputs[0].default_value.get(), p->module->inputs[0].default_value.get());
  EXPECT_NE(copy.tables[0].rows[0].keys[0].lo.get(), p->module->tables[0].rows[0].keys[0].lo.get());
  std::string before = ast::print(*p->module);
  copy.rules[0].body = ast::clone(copy.inputs[0].default_value);  // edit the copy
  EXPECT_EQ(ast::print(*p->module), before);
  EXPECT_NE(ast::print(copy), before);
}

}  // namespace
}  // namespace decree
