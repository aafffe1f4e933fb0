// Tests: every version of a rule set directory published as `decree
// publish` will do it (PUBLISHED.yaml with the version's own hash, an author
// and a reviewer, signed by `key`).
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "api/timeline.h"
#include "publish/publication.h"
#include "publish/signing.h"
#include "publish/verify.h"

namespace decree::publish::testing {

inline void publish_all(const std::string& dir, const KeyPair& key,
                        const std::string& reviewer = "li.na") {
  Diagnostics diags;
  auto t = RuleTimeline::load(dir, diags);
  ASSERT_NE(t, nullptr) << render_all(diags);
  for (const auto& v : version_files(*t, dir)) {
    Publication p{t->name(),
                  v.version,
                  "sha256:" + v.hash,
                  "P-" + v.version,
                  "wang.fang",
                  reviewer,
                  "2026-12-04T03:00:00.000Z",
                  "2026-12-04T03:05:00.000Z",
                  key_id(key.public_pem),
                  ""};
    std::string error;
    p.signature = *sign(key.private_pem, statement(p), error);
    std::ofstream(std::filesystem::path(v.dir) / kPublicationFile) << publication_yaml(p);
  }
}

}  // namespace decree::publish::testing
