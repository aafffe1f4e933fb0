// decree calc: exact results on stdout, diagnostics on stderr.
#include <gtest/gtest.h>

#include "run_cli.h"

namespace decree::cli::testing {
namespace {

TEST(CliCalc, RoundHalfEven) {
  CliResult r = run_cli({"calc", "round(2.675, 0.01, half_even)"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "2.68\n");
  EXPECT_EQ(r.err, "");
}

TEST(CliCalc, DecimalArithmeticIsExact) {
  CliResult r = run_cli({"calc", "0.1 + 0.2"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "0.3\n");
}

TEST(CliCalc, SeveralArgumentsAreOneExpression) {
  CliResult r = run_cli({"calc", "0.1", "+", "0.2"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "0.3\n");
}

TEST(CliCalc, ALeadingMinusAfterDoubleDash) {
  CliResult r = run_cli({"calc", "--", "-1.5 + 0.25"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "-1.25\n");
}

TEST(CliCalc, DivisionByZeroIsAnErrorWithItsPosition) {
  CliResult r = run_cli({"calc", "1/0"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err.rfind("<expr>:1:", 0), 0u) << r.err;
  EXPECT_NE(r.err.find(": error: "), std::string::npos) << r.err;
}

TEST(CliCalc, ASyntaxErrorIsAnError) {
  CliResult r = run_cli({"calc", "1 +* 2"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("<expr>:1:"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace decree::cli::testing
