// Command-line usage: --version, help, and usage errors (exit code 2).
#include <gtest/gtest.h>

#include "run_cli.h"

namespace decree::cli::testing {
namespace {

TEST(CliUsage, VersionPrintsTheProjectVersion) {
  CliResult r = run_cli({"--version"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out.rfind("decree ", 0), 0u) << r.out;
  EXPECT_NE(r.out.find(DECREE_EXPECTED_VERSION), std::string::npos) << r.out;
}

TEST(CliUsage, HelpListsTheSubcommands) {
  CliResult r = run_cli({"--help"});
  EXPECT_EQ(r.exit_code, 0);
  for (const char* cmd : {"check", "eval", "calc", "batch"})
    EXPECT_NE(r.out.find(cmd), std::string::npos) << cmd;
}

TEST(CliUsage, UsageErrorsExitWith2) {
  EXPECT_EQ(run_cli({}).exit_code, 2);              // no subcommand
  EXPECT_EQ(run_cli({"frobnicate"}).exit_code, 2);  // unknown subcommand
  EXPECT_EQ(run_cli({"check"}).exit_code, 2);       // no path
  EXPECT_EQ(run_cli({"eval", "x"}).exit_code, 2);   // no --case
  EXPECT_EQ(run_cli({"calc"}).exit_code, 2);        // no expression
  EXPECT_EQ(run_cli({"batch", "x", "--threads", "0"}).exit_code, 2);
  EXPECT_EQ(run_cli({"batch", "x", "--threads", "two"}).exit_code, 2);
  EXPECT_EQ(run_cli({"check", "--no-such-flag", "x"}).exit_code, 2);
}

TEST(CliUsage, UsageErrorsSayWhatIsWrongOnStderr) {
  CliResult r = run_cli({"eval", "x", "--case", "c.json", "--format", "xml"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--format"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
}

}  // namespace
}  // namespace decree::cli::testing
