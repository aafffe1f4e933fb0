// The record that a version was published (issue 12): PUBLISHED.yaml in the
// version's directory, written by `decree publish` and never by hand. It
// names the version, the SHA-256 of the version's own rule and parameter
// files, the proposal, who wrote it and who approved it (two people), when,
// and the publishing key's id and Ed25519 signature over all of that.
#pragma once

#include <optional>
#include <string>

#include "base/diagnostics.h"

namespace decree::publish {

struct Publication {
  std::string ruleset;
  std::string version;
  std::string rules_hash;                 // "sha256:HEX" of the version's own files
  std::string proposal;                   // the proposal's id
  std::string author;                     // who proposed it
  std::string reviewer;                   // who approved it: never the author
  std::string approved_at, published_at;  // UTC, RFC 3339
  std::string key;                        // the publishing key's id (signing.h: key_id)
  std::string signature;                  // base64 Ed25519 over statement()
};

// The file's name in a version directory.
inline constexpr const char* kPublicationFile = "PUBLISHED.yaml";

// The bytes signed: every field but the signature, each length-prefixed in a
// fixed order, so that no two publications share them.
std::string statement(const Publication& p);

// PUBLISHED.yaml's text.
std::string publication_yaml(const Publication& p);

// Reads a PUBLISHED.yaml; nullopt with diagnostics at the line of a missing,
// unknown or malformed field.
std::optional<Publication> read_publication(const std::string& path, Diagnostics& diags);

}  // namespace decree::publish
