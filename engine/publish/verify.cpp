#include "publish/verify.h"

#include <filesystem>

#include "base/codes_publish.h"
#include "publish/publication.h"
#include "publish/signing.h"

namespace decree::publish {
namespace {

namespace fs = std::filesystem;

VersionCheck check(const std::string& ruleset, const std::string& version, const std::string& dir,
                   const std::string& own_hash, const std::vector<std::string>& trusted_keys) {
  using R = VersionCheck::Result;
  VersionCheck c;
  c.version = version;
  c.path = (fs::path(dir) / kPublicationFile).string();
  if (!fs::exists(c.path)) {
    c.result = R::unpublished;
    c.message = {msg::publish_unpublished, {}};
    return c;
  }
  Diagnostics diags;
  const auto p = read_publication(c.path, diags);
  if (!p) {
    c.result = R::unreadable;
    c.message = {msg::publish_unreadable, {{"detail", render_all(diags)}}};
    return c;
  }
  if (p->ruleset != ruleset || p->version != version) {
    c.result = R::other_version;
    c.message = {msg::publish_other_version, {{"ruleset", p->ruleset}, {"version", p->version}}};
    return c;
  }
  if (p->rules_hash != "sha256:" + own_hash) {
    c.result = R::changed;
    c.message = {msg::publish_changed,
                 {{"published", p->rules_hash}, {"now", "sha256:" + own_hash}}};
    return c;
  }
  if (p->author == p->reviewer) {
    c.result = R::self_approved;
    c.message = {msg::publish_self_approved, {{"author", p->author}}};
    return c;
  }
  const std::string* key = nullptr;
  for (const auto& k : trusted_keys)
    if (key_id(k) == p->key) key = &k;
  if (!key) {
    c.result = R::unknown_key;
    c.message = {msg::publish_unknown_key, {{"key", p->key}}};
    return c;
  }
  std::string error;
  if (!verify(*key, statement(*p), p->signature, error)) {
    c.result = R::bad_signature;
    c.message = {msg::publish_bad_signature, {{"detail", error}}};
    return c;
  }
  c.message = {
      msg::publish_ok,
      {{"key", p->key}, {"author", p->author}, {"reviewer", p->reviewer}, {"at", p->published_at}}};
  return c;
}

}  // namespace

std::vector<VersionFiles> version_files(const RuleTimeline& timeline,
                                        const std::string& rules_dir) {
  std::vector<VersionFiles> out;
  for (const auto& v : timeline.versions()) {
    const VersionInfo& info = v->version();
    // The hash of the version's own files: its entry among the contributions.
    std::string own = info.hash;
    for (const auto& c : info.contributions)
      if (c.name == info.name) own = c.hash;
    out.push_back({info.name,
                   info.name.empty() ? rules_dir : (fs::path(rules_dir) / info.name).string(),
                   own});
  }
  for (const auto& p : timeline.payment_versions()) out.push_back({p.name, p.dir, p.hash});
  return out;
}

std::vector<VersionCheck> verify_versions(const RuleTimeline& timeline,
                                          const std::string& rules_dir,
                                          const std::vector<std::string>& trusted_keys) {
  std::vector<VersionCheck> out;
  for (const auto& v : version_files(timeline, rules_dir)) {
    out.push_back(check(timeline.name(), v.version, v.dir, v.hash, trusted_keys));
    out.back().detail = message_text(out.back().message, Lang::en);
  }
  return out;
}

}  // namespace decree::publish
