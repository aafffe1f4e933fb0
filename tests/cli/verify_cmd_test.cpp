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
  Diagnostics diags;
  auto timeline = decree::RuleTimeline::load(copy.string(), diags);
  ASSERT_NE(timeline, nullptr) << render_all(diags);
  auto publish_one = [&](const std::string& version, const fs::path& dir, const std::string& hash) {
    publish::Publication p{timeline->name(),
                           version,
                           "sha256:" + hash,
                           "P-1",
                           "wang.fang",
                           "li.na",
                           "2026-12-04T03:00:00.000Z",
                           "2026-12-04T03:05:00.000Z",
                           publish::key_id(key.public_pem),
                           ""};
    p.signature = *publish::sign(key.private_pem, publish::statement(p), error);
    write_file((dir / publish::kPublicationFile).string(), publish::publication_yaml(p));
  };
  for (const auto& v : publish::version_files(*timeline, copy.string()))
    publish_one(v.version, v.dir, v.hash);
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
