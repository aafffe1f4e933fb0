#include <gtest/gtest.h>
#include <fstream>
#include <iostream>
#include <sstream>
#include "syntax/parse.h"
#include "syntax/print.h"
TEST(X, Y) {
  std::ifstream in(std::string(DECREE_SOURCE_DIR) + "/fixtures/bench/wi-bench/wi_bench.decree");
  std::stringstream ss; ss << in.rdbuf();
  auto src = std::make_shared<decree::SourceFile>("wi_bench.decree", ss.str());
  decree::Diagnostics d;
  auto m = decree::parse_module(src, d);
  std::cout << decree::render_all(d);
  ASSERT_TRUE(m);
  std::cout << decree::ast::print(*m);
}
