// The service's configuration file: what it sets, and each mistake at its
// line and column.
#include "serve/config.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace decree::serve {
namespace {

std::string write(const std::string& name, const std::string& text) {
  const std::string path = DECREE_BINARY_DIR "/tests/" + name;
  std::ofstream(path) << text;
  return path;
}

TEST(ServeConfig, TheWalkThroughsConfigurationReads) {
  Diagnostics diags;
  auto c = read_serve_config(DECREE_SOURCE_DIR "/docs/examples/serve/serve.yaml", diags);
  ASSERT_TRUE(c) << render_all(diags);
  EXPECT_EQ(c->listen, "127.0.0.1:0");
  EXPECT_EQ(c->threads, 1u);
  ASSERT_EQ(c->rules.size(), 1u);
  // Relative to the file's directory, whatever the working directory.
  EXPECT_TRUE(
      std::filesystem::equivalent(c->rules[0], DECREE_SOURCE_DIR "/fixtures/bench/wi-bench"));
  EXPECT_EQ(c->tokens.size(), 3u);
  auto caller = c->tokens.authenticate("Bearer demo-auditor-token");
  ASSERT_TRUE(caller);
  EXPECT_EQ(caller->name, "demo-auditor");
  EXPECT_EQ(caller->role, Role::auditor);
}

TEST(ServeConfig, AnUnknownKeyIsAnErrorAtItWithAGuess) {
  Diagnostics diags;
  auto path = write("serve_unknown_key.yaml", "listen: 127.0.0.1:0\nthreds: 2\n");
  EXPECT_FALSE(read_serve_config(path, diags));
  const std::string text = render_all(diags, true);
  EXPECT_NE(text.find("serve_unknown_key.yaml:2:1: error: unknown key `threds`"), std::string::npos)
      << text;
  EXPECT_NE(render_all(diags).find("did you mean `threads`?"), std::string::npos)
      << render_all(diags);
}

TEST(ServeConfig, ATokenNeedsAKnownRoleAndAHashNotTheToken) {
  Diagnostics diags;
  auto path = write("serve_tokens.yaml",
                    "tokens:\n"
                    "  - {name: a, role: clerk, sha256: " +
                        std::string(64, 'a') +
                        "}\n"
                        "  - {name: b, role: admin, sha256: my-secret-token}\n"
                        "  - {name: c, role: admin}\n");
  EXPECT_FALSE(read_serve_config(path, diags));
  const std::string text = render_all(diags, true);
  EXPECT_NE(text.find("serve_tokens.yaml:2:21: error: role `clerk` is not one of"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("serve_tokens.yaml:3:36: error: sha256 is 64 hexadecimal digits"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("serve_tokens.yaml:4:5: error: a token needs name, role and sha256"),
            std::string::npos)
      << text;
  // The value of a wrong sha256 (perhaps the token itself) is not repeated.
  EXPECT_EQ(text.find("my-secret-token"), std::string::npos) << text;
}

TEST(ServeConfig, NumbersAreBoundedAndTabsAreRefusedBeforeParsing) {
  Diagnostics diags;
  EXPECT_FALSE(read_serve_config(write("serve_threads.yaml", "threads: 0\n"), diags));
  EXPECT_NE(render_all(diags, true)
                .find("serve_threads.yaml:1:10: error: `threads` is a whole number from 1 to 256"),
            std::string::npos)
      << render_all(diags, true);
  Diagnostics tabs;
  EXPECT_FALSE(read_serve_config(write("serve_tab.yaml", "rules:\n\t- x\n"), tabs));
  EXPECT_NE(render_all(tabs, true).find("serve_tab.yaml:2:1: error:"), std::string::npos)
      << render_all(tabs, true);
}

TEST(ServeConfig, TheAuditStoreAndJwtKeysAreReadWithPathsRelativeToTheFile) {
  Diagnostics diags;
  auto path = write("serve_audit_jwt.yaml",
                    "audit: {sqlite: audit/a.db, synchronous: normal, max_bytes: 1048576}\n"
                    "jwt:\n"
                    "  issuer: https://idp.example\n"
                    "  audience: decree\n"
                    "  leeway_seconds: 5\n"
                    "  hs256: [{kid: k1, secret_file: keys/jwt.secret}]\n"
                    "  rs256: [{pem_file: /etc/decree/idp.pem}]\n");
  auto c = read_serve_config(path, diags);
  ASSERT_TRUE(c) << render_all(diags);
  EXPECT_EQ(c->audit_sqlite, DECREE_BINARY_DIR "/tests/audit/a.db");
  EXPECT_EQ(c->audit_synchronous_full, false);
  EXPECT_EQ(c->audit_max_bytes, 1048576);
  ASSERT_TRUE(c->jwt);
  EXPECT_EQ(c->jwt->issuer, "https://idp.example");
  EXPECT_EQ(c->jwt->leeway.count(), 5);
  ASSERT_EQ(c->jwt->hs256.size(), 1u);
  EXPECT_EQ(c->jwt->hs256[0].kid, "k1");
  EXPECT_EQ(c->jwt->hs256[0].secret_file, DECREE_BINARY_DIR "/tests/keys/jwt.secret");
  ASSERT_EQ(c->jwt->rs256.size(), 1u);
  EXPECT_EQ(c->jwt->rs256[0].pem_file, "/etc/decree/idp.pem");
}

TEST(ServeConfig, ASecretWrittenIntoTheFileIsRefused) {
  Diagnostics diags;
  auto path = write("serve_jwt_inline.yaml", "jwt:\n  hs256: [{kid: k1, secret: hunter2}]\n");
  EXPECT_FALSE(read_serve_config(path, diags));
  const std::string text = render_all(diags, true);
  EXPECT_NE(text.find("serve_jwt_inline.yaml:2:21: error: unknown key `secret`"), std::string::npos)
      << text;
  EXPECT_EQ(text.find("hunter2"), std::string::npos) << "the secret is echoed: " << text;
}

TEST(ServeConfig, AnAuditModeOtherThanFullOrNormalIsAnError) {
  Diagnostics diags;
  auto path = write("serve_audit_mode.yaml", "audit: {sqlite: a.db, synchronous: off}\n");
  EXPECT_FALSE(read_serve_config(path, diags));
  EXPECT_NE(render_all(diags, true).find("`synchronous` is full or normal, not `off`"),
            std::string::npos)
      << render_all(diags, true);
}

// tls, watch and publishing are keys of the root (they were once refused as
// unknown there), and publishing's managed rule sets are read relative to
// the file, a directory of reference tests standing for its YAML files.
TEST(ServeConfig, TlsWatchAndPublishingAreReadAtTheRoot) {
  // The worked example's configuration, beside a key made for it (the demo
  // makes one beside its copy).
  const std::string dir = DECREE_BINARY_DIR "/tests/publishing-example";
  std::filesystem::create_directories(dir);
  std::filesystem::copy_file(DECREE_SOURCE_DIR "/docs/examples/publishing/serve.yaml",
                             dir + "/serve.yaml",
                             std::filesystem::copy_options::overwrite_existing);
  std::ofstream(dir + "/publisher.key") << "-----BEGIN PRIVATE KEY-----\n…\n";
  Diagnostics diags;
  auto c = read_serve_config(dir + "/serve.yaml", diags);
  ASSERT_TRUE(c) << render_all(diags);
  ASSERT_EQ(c->managed.size(), 1u);
  EXPECT_EQ(c->managed[0].dir, dir + "/rules/work-injury-benefits");
  EXPECT_EQ(c->managed[0].corpus, std::vector<std::string>{dir + "/historical.jsonl"});
  EXPECT_EQ(c->managed[0].group_by, "year(injury_date)");
  EXPECT_NE(c->signing_key.find("BEGIN PRIVATE KEY"), std::string::npos);
  EXPECT_EQ(c->tokens.size(), 6u);

  Diagnostics more;
  auto path = write("serve_publishing.yaml",
                    "tls: {cert_file: server.pem, key_file: server.key}\n"
                    "watch: true\n"
                    "audit: {postgresql: \"host=db dbname=decree\"}\n"
                    "publishing:\n"
                    "  sync_interval_ms: 500\n"
                    "  rulesets:\n"
                    "    - rules: rules/x\n"
                    "      reference_tests: [" DECREE_SOURCE_DIR "/fixtures/jilin/benefits]\n");
  auto d = read_serve_config(path, more);
  ASSERT_TRUE(d) << render_all(more);
  EXPECT_EQ(d->tls_cert_file, DECREE_BINARY_DIR "/tests/server.pem");
  EXPECT_TRUE(d->watch);
  EXPECT_EQ(d->audit_postgresql, "host=db dbname=decree");
  EXPECT_EQ(d->sync_interval_ms, 500u);
  ASSERT_EQ(d->managed.size(), 1u);
  EXPECT_GT(d->managed[0].reference_tests.size(), 5u);
  for (const auto& t : d->managed[0].reference_tests) EXPECT_EQ(t.substr(t.size() - 5), ".yaml");

  Diagnostics bad;
  EXPECT_FALSE(read_serve_config(
      write("serve_publishing_bad.yaml",
            "audit: {sqlite: a.db, postgresql: x}\n"
            "publishing:\n  signing_key: missing.key\n  rulesets: [{rules: r, corpse: [c]}]\n"),
      bad));
  const std::string text = render_all(bad);
  EXPECT_NE(text.find("`audit` takes sqlite or postgresql, not both"), std::string::npos) << text;
  EXPECT_NE(text.find("serve_publishing_bad.yaml:3:16: error: `missing.key` is not a readable "
                      "private key file (PEM)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("unknown key `corpse`"), std::string::npos) << text;
  EXPECT_NE(text.find("did you mean `corpus`?"), std::string::npos) << text;
}

}  // namespace
}  // namespace decree::serve
