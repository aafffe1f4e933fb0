// Command-line usage: --version, help, and usage errors (exit code 2).
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "run_cli.h"

namespace decree::cli::testing {
namespace {

TEST(CliUsage, VersionPrintsTheProjectVersion) {
  CliResult r = run_cli({"--version"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out.rfind("decree ", 0), 0u) << r.out;
  EXPECT_NE(r.out.find(DECREE_EXPECTED_VERSION), std::string::npos) << r.out;
}

// The subcommands as --help lists them: the first word of each line of its
// "Subcommands:" section (the banner above it mentions "check" too).
std::vector<std::string> listed_subcommands(const std::string& help) {
  std::vector<std::string> names;
  size_t at = help.find("\nSubcommands:\n");
  if (at == std::string::npos) return names;
  std::istringstream lines(help.substr(at + 14));
  for (std::string line; std::getline(lines, line) && !line.empty();) {
    std::istringstream words(line);
    std::string first;
    words >> first;
    names.push_back(first);
  }
  return names;
}

TEST(CliUsage, HelpListsEverySubcommandAndEachHasItsOwnHelp) {
  CliResult r = run_cli({"--help"});
  EXPECT_EQ(r.exit_code, 0);
  const std::vector<std::string> expected = {
      "check",  "eval",   "calc",    "batch",   "test",     "diff",      "params",
      "versions", "doc", "serve", "verify", "propose", "review", "publish", "withdraw",
      "proposals", "new-key", "lsp", "audit"};
  EXPECT_EQ(listed_subcommands(r.out), expected) << r.out;
  for (const auto& cmd : expected) {
    CliResult sub = run_cli({cmd, "--help"});
    EXPECT_EQ(sub.exit_code, 0) << cmd;
    EXPECT_NE(sub.out.find("Usage: decree " + cmd), std::string::npos) << cmd << ": " << sub.out;
  }
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
