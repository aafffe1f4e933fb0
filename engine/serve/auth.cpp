#include "serve/auth.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "api/hash.h"

namespace decree::serve {
namespace {

std::string hex(const unsigned char* bytes, size_t n) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    out += digits[bytes[i] >> 4];
    out += digits[bytes[i] & 15];
  }
  return out;
}

}  // namespace

std::optional<Role> parse_role(std::string_view name) {
  if (name == "caseworker") return Role::caseworker;
  if (name == "analyst") return Role::analyst;
  if (name == "auditor") return Role::auditor;
  if (name == "admin") return Role::admin;
  if (name == "author") return Role::author;
  if (name == "reviewer") return Role::reviewer;
  if (name == "publisher") return Role::publisher;
  return std::nullopt;
}

std::string_view role_name(Role role) {
  switch (role) {
    case Role::caseworker:
      return "caseworker";
    case Role::analyst:
      return "analyst";
    case Role::auditor:
      return "auditor";
    case Role::admin:
      return "admin";
    case Role::author:
      return "author";
    case Role::reviewer:
      return "reviewer";
    case Role::publisher:
      return "publisher";
  }
  return "";
}

std::string token_hash(std::string_view token) {
  Sha256 h;  // the rules hash's own SHA-256 (api/hash.h)
  h.update(token);
  return h.hex();
}

std::string new_token() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("no random bytes for a token");
  return hex(bytes, sizeof bytes);
}

bool Tokens::add(std::string name, std::string sha256, Role role) {
  std::transform(sha256.begin(), sha256.end(), sha256.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (sha256.size() != 64 || !std::all_of(sha256.begin(), sha256.end(),
                                          [](unsigned char c) { return std::isxdigit(c) != 0; }))
    return false;
  entries_.push_back({std::move(sha256), Caller{std::move(name), role}});
  return true;
}

std::string_view bearer_token(std::string_view authorization) {
  constexpr std::string_view kBearer = "Bearer ";
  if (authorization.size() <= kBearer.size() ||
      !std::equal(kBearer.begin(), kBearer.end(), authorization.begin(),
                  [](char a, char b) { return std::tolower(a) == std::tolower(b); }))
    return {};
  return authorization.substr(kBearer.size());
}

std::optional<Caller> Tokens::authenticate(std::string_view authorization) const {
  const std::string_view token = bearer_token(authorization);
  if (token.empty()) return std::nullopt;
  const std::string hash = token_hash(token);
  // Every entry is compared, each in constant time: the answer's timing does
  // not tell how close a guess came, nor which entry matched.
  const Caller* found = nullptr;
  for (const auto& e : entries_)
    if (CRYPTO_memcmp(e.sha256.data(), hash.data(), hash.size()) == 0) found = &e.caller;
  if (!found) return std::nullopt;
  return *found;
}

}  // namespace decree::serve
