#include "serve/config.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <memory>

#include "base/codes_yaml.h"
#include "base/source.h"
#include "base/suggest.h"
#include "base/yaml_errors.h"
#include "base/yaml_lint.h"

namespace decree::serve {
namespace {

namespace fs = std::filesystem;

class Reader {
 public:
  Reader(std::shared_ptr<const SourceFile> file, Diagnostics& diags)
      : file_(std::move(file)), diags_(diags) {}

  Span at(const YAML::Node& n) const {
    const YAML::Mark m = n.Mark();
    if (m.line < 0) return Span{file_.get(), 1, 1, 1, 1};
    const auto line = static_cast<uint32_t>(m.line + 1), col = static_cast<uint32_t>(m.column + 1);
    return Span{file_.get(), line, col, line, col};
  }
  void error(const YAML::Node& n, const std::string& message) {
    diags_.error(at(n), message);
    ok = false;
  }
  std::optional<std::string> text(const YAML::Node& n, const std::string& key) {
    if (!n.IsScalar()) {
      error(n, "`" + key + "` is a text");
      return std::nullopt;
    }
    return n.Scalar();
  }
  template <typename T>
  std::optional<T> number(const YAML::Node& n, const std::string& key, unsigned long long lo,
                          unsigned long long hi) {
    auto t = text(n, key);
    if (!t) return std::nullopt;
    try {
      size_t used = 0;
      unsigned long long v = std::stoull(*t, &used);
      if (used == t->size() && v >= lo && v <= hi && (*t)[0] != '-') return static_cast<T>(v);
    } catch (const std::exception&) {
    }
    error(n, "`" + key + "` is a whole number from " + std::to_string(lo) + " to " +
                 std::to_string(hi) + ", not `" + *t + "`");
    return std::nullopt;
  }
  // False if `map` has a key not among `keys` (each reported).
  bool known_keys(const YAML::Node& map, const std::vector<std::string>& keys) {
    bool all_known = true;
    for (const auto& kv : map) {
      const std::string k = kv.first.Scalar();
      if (std::find(keys.begin(), keys.end(), k) != keys.end()) continue;
      const std::string near = closest_name(k, keys);
      Diagnostic& d = diags_.error(at(kv.first), "unknown key `" + k + "`");
      if (!near.empty()) d.notes.emplace_back(Span{}, "did you mean `" + near + "`?");
      ok = all_known = false;
    }
    return all_known;
  }

  bool ok = true;

 private:
  std::shared_ptr<const SourceFile> file_;
  Diagnostics& diags_;
};

}  // namespace

// publishing: {keys: [PUB…], signing_key: KEY, sync_interval_ms: N,
//              rulesets: [{rules, reference_tests, corpus, group_by}]}
template <class Reader, class Relative>
void read_publishing(Reader& r, const YAML::Node& v, const Relative& relative, ServeConfig& c) {
  if (!v.IsMap()) {
    r.error(v, "`publishing` is a mapping {keys, signing_key, rulesets, sync_interval_ms}");
    return;
  }
  if (!r.known_keys(v, {"keys", "signing_key", "rulesets", "sync_interval_ms"})) return;
  auto pem_file = [&](const YAML::Node& item, const char* key, const char* begin,
                      const char* what) -> std::optional<std::string> {
    auto t = r.text(item, key);
    if (!t) return std::nullopt;
    std::string pem;
    if (read_file(relative(*t), 64 * 1024, pem) != 0 || pem.find(begin) == std::string::npos) {
      r.error(item, "`" + *t + "` is not a readable " + what + " file (PEM)");
      return std::nullopt;
    }
    return pem;
  };
  if (v["keys"]) {
    if (!v["keys"].IsSequence()) {
      r.error(v["keys"], "`keys` is a list of public key files (PEM)");
    } else {
      for (const auto& item : v["keys"])
        if (auto pem = pem_file(item, "keys", "BEGIN PUBLIC KEY", "public key"))
          c.publishing_keys.push_back(std::move(*pem));
    }
  }
  if (v["signing_key"])
    if (auto pem = pem_file(v["signing_key"], "signing_key", "BEGIN PRIVATE KEY", "private key"))
      c.signing_key = std::move(*pem);
  if (v["sync_interval_ms"])
    c.sync_interval_ms = r.template number<unsigned>(v["sync_interval_ms"], "sync_interval_ms", 0,
                                                     3'600'000);
  if (!v["rulesets"]) return;
  if (!v["rulesets"].IsSequence()) {
    r.error(v["rulesets"], "`rulesets` is a list of {rules, reference_tests, corpus, group_by}");
    return;
  }
  for (const auto& item : v["rulesets"]) {
    if (!item.IsMap() || !item["rules"]) {
      r.error(item, "a managed rule set is a mapping {rules, reference_tests, corpus, group_by}");
      continue;
    }
    if (!r.known_keys(item, {"rules", "reference_tests", "corpus", "group_by"})) continue;
    publish::ManagedRuleSet m;
    if (auto t = r.text(item["rules"], "rules")) m.dir = relative(*t);
    auto paths = [&](const char* key, std::vector<std::string>& out) {
      const YAML::Node& list = item[key];
      if (!list) return;
      if (!list.IsSequence()) {
        r.error(list, std::string("`") + key + "` is a list of files or directories");
        return;
      }
      for (const auto& p : list)
        if (auto t = r.text(p, key)) out.push_back(relative(*t));
    };
    std::vector<std::string> tests;
    paths("reference_tests", tests);
    // A directory of rule tests stands for its *.yaml files.
    for (const auto& t : tests) {
      std::error_code ec;
      if (fs::is_directory(t, ec)) {
        std::vector<std::string> found;
        for (const auto& e : fs::recursive_directory_iterator(t, ec))
          if (e.is_regular_file() && e.path().extension() == ".yaml") found.push_back(e.path());
        std::sort(found.begin(), found.end());
        m.reference_tests.insert(m.reference_tests.end(), found.begin(), found.end());
      } else {
        m.reference_tests.push_back(t);
      }
    }
    paths("corpus", m.corpus);
    if (item["group_by"])
      if (auto t = r.text(item["group_by"], "group_by")) m.group_by = *t;
    c.managed.push_back(std::move(m));
  }
}

std::optional<ServeConfig> read_serve_config(const std::string& path, Diagnostics& diags) {
  std::string text;
  if (int err = read_file(path, 1 << 20, text)) {
    diags.error({}, "cannot read the configuration " + path + ": " + std::strerror(err));
    return std::nullopt;
  }
  if (text.size() > (1 << 20)) {
    diags.error({}, "the configuration " + path + " is larger than 1 MiB");
    return std::nullopt;
  }
  auto file = std::make_shared<SourceFile>(path, text);
  bool linted = true;
  for (auto& d : lint_yaml(*file)) {
    diags.add(std::move(d));
    linted = false;
  }
  if (!linted) return std::nullopt;
  YAML::Node root;
  Reader r(file, diags);
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    const auto line = static_cast<uint32_t>(e.mark.line + 1),
               col = static_cast<uint32_t>(e.mark.column + 1);
    diags.error(Span{file.get(), line, col, line, col},
                Message{msg::yaml_syntax, {yaml_error_detail(e.msg)}});
    return std::nullopt;
  }
  if (!root.IsMap()) {
    diags.error(Span{file.get(), 1, 1, 1, 1},
                "the configuration is a mapping of keys (listen:, rules: …)");
    return std::nullopt;
  }
  ServeConfig c;
  r.known_keys(root, {"listen", "threads", "rules", "max_body_bytes", "read_timeout_ms", "tokens",
                      "audit", "jwt", "tls", "watch", "publishing"});
  const fs::path dir = fs::path(path).parent_path();
  auto relative = [&](const std::string& t) {
    fs::path p(t);
    return (p.is_absolute() ? p : dir / p).lexically_normal().string();
  };
  for (const auto& kv : root) {
    const std::string key = kv.first.Scalar();
    const YAML::Node& v = kv.second;
    if (key == "listen") {
      c.listen = r.text(v, key);
    } else if (key == "threads") {
      c.threads = r.number<unsigned>(v, key, 1, 256);
    } else if (key == "max_body_bytes") {
      c.max_body_bytes = r.number<size_t>(v, key, 1024, size_t{1} << 30);
    } else if (key == "read_timeout_ms") {
      c.read_timeout_ms = r.number<unsigned>(v, key, 10, 3'600'000);
    } else if (key == "rules") {
      if (!v.IsSequence()) {
        r.error(v, "`rules` is a list of rule set directories");
        continue;
      }
      for (const auto& item : v)
        if (auto t = r.text(item, "rules")) c.rules.push_back(relative(*t));
    } else if (key == "audit") {
      if (!v.IsMap()) {
        r.error(v, "`audit` is a mapping {sqlite, postgresql, synchronous, max_bytes, max_queue}");
        continue;
      }
      if (!r.known_keys(v, {"sqlite", "postgresql", "synchronous", "max_bytes", "max_queue"}))
        continue;
      if (v["sqlite"] && v["postgresql"]) r.error(v, "`audit` takes sqlite or postgresql, not both");
      for (const auto& a : v) {
        const std::string k = a.first.Scalar();
        if (k == "sqlite") {
          if (auto t = r.text(a.second, k)) c.audit_sqlite = relative(*t);
        } else if (k == "postgresql") {
          if (auto t = r.text(a.second, k)) c.audit_postgresql = *t;
        } else if (k == "synchronous") {
          auto t = r.text(a.second, k);
          if (t && (*t == "full" || *t == "normal"))
            c.audit_synchronous_full = *t == "full";
          else if (t)
            r.error(a.second, "`synchronous` is full or normal, not `" + *t + "`");
        } else if (k == "max_bytes") {
          c.audit_max_bytes = r.number<int64_t>(a.second, k, 65536, 1ULL << 50);
        } else if (k == "max_queue") {
          c.audit_max_queue = r.number<size_t>(a.second, k, 1, 1ULL << 24);
        }
      }
    } else if (key == "publishing") {
      read_publishing(r, v, relative, c);
    } else if (key == "watch") {
      auto t = r.text(v, key);
      if (t && (*t == "true" || *t == "false"))
        c.watch = *t == "true";
      else if (t)
        r.error(v, "`watch` is true or false, not `" + *t + "`");
    } else if (key == "tls") {
      if (!v.IsMap()) {
        r.error(v, "`tls` is a mapping {cert_file, key_file}");
        continue;
      }
      if (!r.known_keys(v, {"cert_file", "key_file"})) continue;
      if (!v["cert_file"] || !v["key_file"]) {
        r.error(v, "`tls` needs cert_file and key_file");
        continue;
      }
      if (auto t = r.text(v["cert_file"], "cert_file")) c.tls_cert_file = relative(*t);
      if (auto t = r.text(v["key_file"], "key_file")) c.tls_key_file = relative(*t);
    } else if (key == "jwt") {
      if (!v.IsMap()) {
        r.error(v,
                "`jwt` is a mapping {issuer, audience, role_claim, name_claim, "
                "leeway_seconds, hs256, rs256}");
        continue;
      }
      if (!r.known_keys(v, {"issuer", "audience", "role_claim", "name_claim", "leeway_seconds",
                            "hs256", "rs256"}))
        continue;
      JwtConfig j;
      for (const auto& a : v) {
        const std::string k = a.first.Scalar();
        if (k == "issuer") {
          if (auto t = r.text(a.second, k)) j.issuer = *t;
        } else if (k == "audience") {
          if (auto t = r.text(a.second, k)) j.audience = *t;
        } else if (k == "role_claim") {
          if (auto t = r.text(a.second, k)) j.role_claim = *t;
        } else if (k == "name_claim") {
          if (auto t = r.text(a.second, k)) j.name_claim = *t;
        } else if (k == "leeway_seconds") {
          if (auto n = r.number<unsigned>(a.second, k, 0, 3600))
            j.leeway = std::chrono::seconds(*n);
        } else {
          // Keys: a kid and a file (a secret is never written into this file).
          const bool hs = k == "hs256";
          const char* file_key = hs ? "secret_file" : "pem_file";
          if (!a.second.IsSequence()) {
            r.error(a.second, "`" + k + "` is a list of {kid, " + file_key + "}");
            continue;
          }
          for (const auto& key_node : a.second) {
            if (!key_node.IsMap() || !r.known_keys(key_node, {"kid", file_key})) {
              if (!key_node.IsMap())
                r.error(key_node, "a key is a mapping {kid, " + std::string(file_key) + "}");
              continue;
            }
            if (!key_node[file_key]) {
              r.error(key_node, std::string("a key needs ") + file_key);
              continue;
            }
            std::string kid;
            if (key_node["kid"])
              if (auto t = r.text(key_node["kid"], "kid")) kid = *t;
            auto file = r.text(key_node[file_key], file_key);
            if (!file) continue;
            if (hs)
              j.hs256.push_back({kid, {}, relative(*file)});
            else
              j.rs256.push_back({kid, {}, relative(*file)});
          }
        }
      }
      c.jwt = std::move(j);
    } else if (key == "tokens") {
      if (!v.IsSequence()) {
        r.error(v, "`tokens` is a list of {name, role, sha256}");
        continue;
      }
      for (const auto& t : v) {
        if (!t.IsMap()) {
          r.error(t, "a token is a mapping {name, role, sha256}");
          continue;
        }
        if (!r.known_keys(t, {"name", "role", "sha256"})) continue;
        if (!t["name"] || !t["role"] || !t["sha256"]) {
          r.error(
              t, "a token needs name, role and sha256 (the SHA-256 of the token, never the token)");
          continue;
        }
        auto name = r.text(t["name"], "name");
        auto role_text = r.text(t["role"], "role");
        auto sha = r.text(t["sha256"], "sha256");
        if (!name || !role_text || !sha) continue;
        auto role = parse_role(*role_text);
        if (!role) {
          r.error(t["role"],
                  "role `" + *role_text + "` is not one of caseworker, analyst, auditor, admin");
          continue;
        }
        if (!c.tokens.add(*name, *sha, *role))
          r.error(t["sha256"],
                  "sha256 is 64 hexadecimal digits (decree serve --new-token makes one)");
      }
    }
  }
  if (!r.ok) return std::nullopt;
  diags.retain_sources();
  return c;
}

}  // namespace decree::serve
