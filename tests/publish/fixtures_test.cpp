// fixtures/proposals/round-2025 (what the workflow's tests and
// docs/publishing.md propose) holds exactly the files that
// docs/policy-change.md's draft writes, so that both pages show one round.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <string>

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The here-document `cat > TARGET <<'EOF'` of the page, with its last newline.
std::string heredoc(const std::string& page, const std::string& target) {
  const std::string open = "cat > " + target + " <<'EOF'\n";
  const size_t start = page.find(open);
  if (start == std::string::npos) return "(no here-document for " + target + ")";
  const size_t body = start + open.size();
  const size_t end = page.find("\nEOF\n", body);
  return page.substr(body, end - body) + "\n";
}

TEST(ProposalFixtures, AreTheFilesOfPolicyChangeMd) {
  const std::string root = DECREE_SOURCE_DIR;
  const std::string page = slurp(root + "/docs/policy-change.md");
  const std::string dir = root + "/fixtures/proposals/round-2025/";
  EXPECT_EQ(slurp(dir + "2025-07-01/rules.decree"),
            heredoc(page, "/tmp/drafts/2025-07-01/rules.decree"));
  EXPECT_EQ(slurp(dir + "2025-07-01/params.yaml"),
            heredoc(page, "/tmp/drafts/2025-07-01/params.yaml"));
  EXPECT_EQ(slurp(dir + "round-2025-tests.yaml"),
            heredoc(page, "/tmp/drafts/round-2025-tests.yaml"));
}

}  // namespace
