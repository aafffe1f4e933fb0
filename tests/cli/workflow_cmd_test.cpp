// decree propose | review | publish | withdraw | proposals as clients of the
// service, where no service answers: what they say (the whole workflow
// against a running service is docs/publishing.md's worked example,
// docs.commands.publishing), and decree new-key.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "publish/signing.h"
#include "tests/cli/run_cli.h"

namespace decree::cli::testing {
namespace {

TEST(WorkflowCmd, WithoutAServerOrTokenItSaysWhichIsMissing) {
  CliResult r = run_cli({"proposals"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "decree: no server: give --server URL or set DECREE_SERVER\n");
  r = run_cli({"proposals", "--server", "http://127.0.0.1:9"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "decree: no token: give --token-file FILE or set DECREE_TOKEN\n");
  r = run_cli({"review", "P000001", "--server", "http://127.0.0.1:9"}, "", {"DECREE_TOKEN=x"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "decree review: give --approve or --reject\n");
}

TEST(WorkflowCmd, ABadOrUnreachableServerIsAnErrorNamingIt) {
  CliResult r = run_cli({"publish", "P000001", "--server", "ftp://127.0.0.1:9"}, "",
                        {"DECREE_TOKEN=x"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err,
            "decree: error: the server is http://HOST:PORT or https://HOST:PORT, not "
            "`ftp://127.0.0.1:9`\n");
  // Port 9 (discard) on loopback: nothing listens there.
  r = run_cli({"publish", "P000001"}, "", {"DECREE_TOKEN=x", "DECREE_SERVER=http://127.0.0.1:9"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err.rfind("decree: error: cannot reach http://127.0.0.1:9: ", 0), 0u) << r.err;
}

TEST(WorkflowCmd, NewKeyWritesAPairTheSignerAcceptsAndKeepsThePrivateHalfPrivate) {
  const std::string base = temp_path("publisher");
  CliResult r = run_cli({"new-key", base});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  struct stat st {};
  ASSERT_EQ(::stat((base + ".key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  const std::string private_pem = read_file(base + ".key"), public_pem = read_file(base + ".pub");
  std::string error;
  auto signature = publish::sign(private_pem, "statement", error);
  ASSERT_TRUE(signature) << error;
  EXPECT_TRUE(publish::verify(public_pem, "statement", *signature, error)) << error;
  EXPECT_NE(r.out.find("key id " + publish::key_id(public_pem)), std::string::npos) << r.out;
  // Never over an existing key.
  r = run_cli({"new-key", base});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(read_file(base + ".key"), private_pem);
}

}  // namespace
}  // namespace decree::cli::testing
