// The table of operators and builtins (syntax/builtins.h): its entries are
// consistent, and the parser lowers every operator to the table's name.
#include "syntax/builtins.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "test_util.h"

namespace decree {
namespace {

TEST(Builtins, NamesAreUniqueAndFoundByName) {
  std::set<std::string_view> names;
  for (const BuiltinInfo& b : builtins()) {
    EXPECT_TRUE(names.insert(b.name).second) << "two entries named " << b.name;
    ASSERT_NE(find_builtin(b.name), nullptr) << b.name;
    EXPECT_EQ(find_builtin(b.name)->id, b.id) << b.name;
    EXPECT_EQ(&builtin(b.id), &b);
    EXPECT_FALSE(b.usage.empty()) << b.name << " has no usage to document";
    EXPECT_LE(b.min_args, b.max_args) << b.name;
  }
  EXPECT_EQ(find_builtin("rund"), nullptr);
}

TEST(Builtins, EveryFormHasItsOperation) {
  for (const BuiltinInfo& b : builtins()) {
    if (b.forms & (kOver | kFold | kList)) {
      EXPECT_NE(b.over_op, Op::constant) << b.name;
    }
    if (b.forms & (kCall | kInfix | kPrefix)) {
      EXPECT_NE(b.op, Op::constant) << b.name;
    }
    if (b.rule == TypeRule::signature) {
      for (uint16_t i = 0; i < 3; ++i)
        EXPECT_EQ(b.args[i] != ArgKind::none, i < b.min_args) << b.name << " argument " << i;
      EXPECT_NE(b.result, ArgKind::none) << b.name;
    }
  }
}

// The parser builds operator calls from the table: `a OP b` becomes the
// entry's name, whatever the operator's spelling.
TEST(Builtins, TheParserLowersEveryOperatorToItsEntry) {
  int operators = 0;
  for (const BuiltinInfo& b : builtins()) {
    std::string written(b.written), name(b.name);
    if (b.forms & kInfix) {
      EXPECT_EQ(testing::expr("x " + written + " y"), "(" + name + " x y)") << written;
      EXPECT_EQ(find_operator(b.written, kInfix), &b);
      ++operators;
    }
    if (b.forms & kPrefix) {
      EXPECT_EQ(testing::expr(written + " x"), "(" + name + " x)") << written;
      EXPECT_EQ(find_operator(b.written, kPrefix), &b);
      ++operators;
    }
  }
  EXPECT_EQ(operators, 15);
  EXPECT_EQ(find_operator("+", kPrefix), nullptr);
}

TEST(Builtins, AggregatesAreTheEntriesWithAnOverForm) {
  std::string names;
  for (const BuiltinInfo& b : builtins())
    if (b.forms & kOver) names += std::string(names.empty() ? "" : " ") + std::string(b.name);
  EXPECT_EQ(names, "sum count min max all any");
  EXPECT_FALSE(builtin(Builtin::count).over_body);
  EXPECT_TRUE(builtin(Builtin::sum).over_body);
}

}  // namespace
}  // namespace decree

namespace decree {
namespace {

// docs/language.md lists every entry of the table, and nothing else: the
// first cell of each row of its "Operators and builtins" table is an entry's
// usage, exactly.
TEST(Builtins, LanguageMdListsEveryBuiltin) {
  std::ifstream in(DECREE_SOURCE_DIR "/docs/language.md");
  ASSERT_TRUE(in);
  std::vector<std::string> documented;
  bool in_section = false;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("### ", 0) == 0 || line.rfind("## ", 0) == 0)
      in_section = line == "### Operators and builtins";
    if (!in_section || line.rfind("| `", 0) != 0) continue;
    size_t end = line.find(" | ", 2);
    ASSERT_NE(end, std::string::npos) << line;
    documented.push_back(line.substr(2, end - 2));
  }
  std::vector<std::string> table;
  for (const BuiltinInfo& b : builtins()) table.emplace_back(b.usage);
  std::sort(documented.begin(), documented.end());
  std::sort(table.begin(), table.end());
  EXPECT_EQ(documented, table);
}

}  // namespace
}  // namespace decree
