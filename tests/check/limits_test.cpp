// Limits that keep a generated rule file from exhausting the stack: chains
// of rules longer than 1000 are refused, in either declaration order.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "api/decree.h"

namespace {

std::string chain(int n, bool reversed) {
  std::string text =
      "ruleset deep\ninput { x: integer }\noutput y: integer = r" + std::to_string(n - 1) + "\n";
  std::vector<std::string> lets;
  lets.push_back("let r0: integer = x\n");
  for (int i = 1; i < n; ++i)
    lets.push_back("let r" + std::to_string(i) + ": integer = r" + std::to_string(i - 1) +
                   " + 1\n");
  if (reversed) std::reverse(lets.begin(), lets.end());
  for (const auto& l : lets) text += l;
  return text;
}

std::string load_errors(const std::string& text) {
  auto path = std::filesystem::temp_directory_path() /
              ("decree-limits-" + std::to_string(::getpid()) + ".decree");
  std::ofstream(path) << text;
  decree::Diagnostics diags;
  auto rules = decree::RuleSet::load(path.string(), diags);
  std::filesystem::remove(path);
  return rules ? "" : decree::render_all(diags, true);
}

// 999 lets and the output: a chain of 1000 rules.
TEST(Limits, AThousandChainedRulesAreFine) { EXPECT_EQ(load_errors(chain(999, false)), ""); }

TEST(Limits, LongerChainsAreRefusedInEitherOrder) {
  std::string forward = load_errors(chain(1000, false));
  EXPECT_NE(forward.find("error: `y` depends on a chain of more than 1000 rules"),
            std::string::npos)
      << forward;
  std::string backward = load_errors(chain(5000, true));
  EXPECT_NE(backward.find("depends on a chain of more than 1000 rules"), std::string::npos)
      << backward;
  EXPECT_EQ(std::count(backward.begin(), backward.end(), '\n'), 1) << backward;  // reported once
}

TEST(Limits, LongChainsOfTablesAreRefused) {
  std::string text = "ruleset deep\ninput { x: integer }\noutput y: integer = t0(x)\n";
  const int n = 1100;
  for (int i = 0; i < n; ++i)
    text += "table t" + std::to_string(i) + "(k: integer) -> integer { _ => " +
            (i + 1 < n ? "t" + std::to_string(i + 1) + "(k) + 1" : std::string("k")) + " }\n";
  std::string errors = load_errors(text);
  EXPECT_NE(errors.find("tables use each other in a chain of more than 1000"), std::string::npos)
      << errors;
}

}  // namespace
