// decree verify's core (publish/verify.h) over a copy of the Jilin rules:
// every version published and signed, then a changed rule file, an altered
// signature, an untrusted key, a self-approval and a missing publication.
#include "publish/verify.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "publish/publication.h"
#include "publish/signing.h"
#include "tests/publish/publish_all.h"

namespace decree::publish {
namespace {

namespace fs = std::filesystem;
using R = VersionCheck::Result;

class VerifyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("decree-verify-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::copy(DECREE_SOURCE_DIR "/rules/jilin/work-injury-benefits", dir_,
             fs::copy_options::recursive);
    std::string error;
    key_ = *new_key_pair(error);
    other_ = *new_key_pair(error);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::unique_ptr<const RuleTimeline> load() {
    Diagnostics diags;
    auto t = RuleTimeline::load(dir_.string(), diags);
    EXPECT_NE(t, nullptr) << render_all(diags);
    return t;
  }
  // Publishes every version as `decree publish` will: its own files' hash,
  // two people, signed with `key`.
  void publish_all(const KeyPair& key, const std::string& reviewer = "li.na") {
    testing::publish_all(dir_.string(), key, reviewer);
  }
  std::vector<VersionCheck> checks() {
    return verify_versions(*load(), dir_.string(), {key_.public_pem});
  }
  static const VersionCheck* find(const std::vector<VersionCheck>& all, const std::string& v) {
    for (const auto& c : all)
      if (c.version == v) return &c;
    return nullptr;
  }

  fs::path dir_;
  KeyPair key_, other_;
};

TEST_F(VerifyTest, EveryVersionPublishedAndSignedVerifies) {
  const auto before = load()->versions().back()->version().hash;
  publish_all(key_);
  // The publication files are not rule files: the rules hash is the same.
  EXPECT_EQ(load()->versions().back()->version().hash, before);
  const auto all = checks();
  ASSERT_GE(all.size(), 9u);
  for (const auto& c : all) EXPECT_EQ(c.result, R::ok) << c.version << ": " << c.detail;
}

TEST_F(VerifyTest, AChangedRuleFileIsFoundInItsVersionOnly) {
  publish_all(key_);
  const fs::path rule =
      *std::find_if(fs::directory_iterator(dir_ / "2021-07-01"), fs::directory_iterator(),
                    [](const auto& e) { return e.path().extension() == ".decree"; });
  std::ofstream(rule, std::ios::app) << "\n# changed after publication\n";
  const auto all = checks();
  const VersionCheck* changed = find(all, "2021-07-01");
  ASSERT_NE(changed, nullptr);
  EXPECT_EQ(changed->result, R::changed) << changed->detail;
  EXPECT_NE(changed->detail.find("changed after it was published"), std::string::npos);
  for (const auto& c : all) {
    // The versions that extend it hash their own files: still as published.
    if (c.version == "2021-07-01") continue;
    EXPECT_EQ(c.result, R::ok) << c.version << ": " << c.detail;
  }
}

TEST_F(VerifyTest, AnAlteredSignatureOrRecordIsRefused) {
  publish_all(key_);
  const fs::path file = dir_ / "2011-01-01" / kPublicationFile;
  std::string text;
  {
    std::ifstream in(file);
    text.assign(std::istreambuf_iterator<char>(in), {});
  }
  // Another reviewer written in: the signature no longer covers the record.
  const size_t at = text.find("li.na");
  ASSERT_NE(at, std::string::npos);
  std::ofstream(file) << text.substr(0, at) + "zhao.lei" + text.substr(at + 5);
  const VersionCheck* c = find(checks(), "2011-01-01");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->result, R::bad_signature) << c->detail;
}

TEST_F(VerifyTest, AnUntrustedKeyASelfApprovalAndAMissingRecordAreRefused) {
  publish_all(other_);
  for (const auto& c : checks()) EXPECT_EQ(c.result, R::unknown_key) << c.version;
  publish_all(key_, "wang.fang");  // the author approved their own proposal
  for (const auto& c : checks()) EXPECT_EQ(c.result, R::self_approved) << c.version;
  publish_all(key_);
  fs::remove(dir_ / "2024-10-18" / kPublicationFile);
  const VersionCheck* c = find(checks(), "2024-10-18");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->result, R::unpublished);
}

TEST_F(VerifyTest, APublicationWithAFieldMissingIsUnreadableAtItsPlace) {
  publish_all(key_);
  const fs::path file = dir_ / "2011-01-01" / kPublicationFile;
  std::ofstream(file) << "ruleset: x\nversion: 2011-01-01\nsurprise: 1\n";
  const VersionCheck* c = find(checks(), "2011-01-01");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->result, R::unreadable);
  EXPECT_NE(c->detail.find("PUBLISHED.yaml:3:1: error: unknown field `surprise`"),
            std::string::npos)
      << c->detail;
}

}  // namespace
}  // namespace decree::publish
