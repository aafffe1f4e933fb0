// decree verify: the shipped Jilin rules are not yet published (exit 1, a
// line per version); a copy with every version published and signed passes;
// one rule file changed afterwards fails in its version.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "api/timeline.h"
#include "publish/publication.h"
#include "publish/signing.h"
#include "publish/verify.h"
#include "run_cli.h"
#include "tests/publish/publish_all.h"

namespace decree::cli::testing {
namespace {

namespace fs = std::filesystem;

TEST(CliVerify, UnpublishedSignedAndChangedVersions) {
  std::string error;
  const auto key = *publish::new_key_pair(error);
  const std::string pub = temp_path("publisher.pub");
  write_file(pub, key.public_pem);
  const std::string rules = source_path("rules/jilin/work-injury-benefits");

  CliResult unpublished = run_cli({"verify", rules, "--key", pub});
  EXPECT_EQ(unpublished.exit_code, 1) << unpublished.err;
  EXPECT_NE(unpublished.out.find("2011-01-01   ERROR  no PUBLISHED.yaml"), std::string::npos)
      << unpublished.out;

  // A copy with every version published: what `decree publish` will write.
  const fs::path copy = temp_path("jilin-published");
  fs::copy(rules, copy, fs::copy_options::recursive);
  publish::testing::publish_all(copy.string(), key);
  CliResult ok = run_cli({"verify", copy.string(), "--key", pub});
  EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
  EXPECT_NE(ok.out.find("0 not published as approved"), std::string::npos) << ok.out;

  std::ofstream(copy / "2011-01-01" / "10_death.decree", std::ios::app) << "\n# edited\n";
  CliResult changed = run_cli({"verify", copy.string(), "--key", pub});
  EXPECT_EQ(changed.exit_code, 1);
  EXPECT_NE(changed.out.find("2011-01-01   ERROR  the version's files were changed"),
            std::string::npos)
      << changed.out;
  EXPECT_NE(changed.out.find("1 not published as approved"), std::string::npos) << changed.out;
  fs::remove_all(copy);
}

}  // namespace
}  // namespace decree::cli::testing
