// The service's configuration: one YAML file (docs/service.md), which the
// command line's flags override.
//
//   listen: 127.0.0.1:8080
//   threads: 2
//   rules: [../rules/jilin/work-injury-benefits]   # relative to this file
//   max_body_bytes: 4194304
//   read_timeout_ms: 10000
//   tokens:
//     - {name: caseworker-system, role: caseworker, sha256: 9f86d08…}
//   audit:
//     sqlite: audit/decree-audit.db   # relative to this file
//     synchronous: full               # or normal
//     max_bytes: 10737418240          # the store refuses to grow beyond
//     max_queue: 65536                # records waiting beyond are refused
//   tls: {cert_file: server.pem, key_file: server.key}   # relative to this file
//   watch: true                       # reload when the rules directories change
//   publishing:                       # issue 12, docs/publishing.md
//     keys: [publisher.pub]           # serve only versions these keys signed
//     signing_key: publisher.key      # this service publishes approved proposals
//     sync_interval_ms: 2000          # replicas: follow the registry's publications
//     rulesets:                       # the rule sets proposals may change
//       - rules: ../rules/jilin/work-injury-benefits
//         reference_tests: [../fixtures/jilin/benefits]   # files or directories
//         corpus: [historical.jsonl]  # the impact assessment's historical cases
//         group_by: year(injury_date)
//   jwt:                              # JWTs of an identity provider (serve/jwt.h)
//     issuer: https://idp.example.gov.cn
//     audience: decree
//     role_claim: role                # the default; name_claim: sub
//     leeway_seconds: 30
//     hs256: [{kid: k1, secret_file: jwt.secret}]   # relative to this file
//     rs256: [{kid: k2, pem_file: idp-public.pem}]
//
// Tokens are stored as SHA-256 hashes only (`decree serve --new-token`).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "serve/auth.h"
#include "publish/workflow.h"
#include "serve/jwt.h"

namespace decree::serve {

struct ServeConfig {
  std::optional<std::string> listen;
  std::optional<unsigned> threads;
  std::vector<std::string> rules;  // resolved against the file's directory
  std::optional<size_t> max_body_bytes;
  std::optional<unsigned> read_timeout_ms;
  Tokens tokens;
  std::string audit_sqlite;  // resolved against the file's directory
  std::optional<bool> audit_synchronous_full;
  std::optional<int64_t> audit_max_bytes;
  std::optional<size_t> audit_max_queue;
  std::optional<JwtConfig> jwt;
  std::string tls_cert_file, tls_key_file;   // resolved against the file's directory
  bool watch = false;                        // watch: true, as --watch
  std::vector<std::string> publishing_keys;  // the keys' PEM texts, read from their files
  std::string audit_postgresql;              // audit: {postgresql: CONNINFO}
  std::string signing_key;                   // the private key's PEM text
  std::optional<unsigned> sync_interval_ms;
  std::vector<publish::ManagedRuleSet> managed;  // publishing: rulesets
};

// Reads `path`; errors at their line and column (an unknown key with a "did
// you mean"). nullopt if there is any error.
std::optional<ServeConfig> read_serve_config(const std::string& path, Diagnostics& diags);

}  // namespace decree::serve
