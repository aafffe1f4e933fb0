// JSON Web Tokens (RFC 7519) as a second way for callers to authenticate,
// next to the hashed bearer tokens of serve/auth.h: a token in the JWS
// compact form (RFC 7515 §7.1), signed with HS256 (a shared secret) or RS256
// (an RSA public key in PEM), names the caller and its role.
//
// What verify() requires, and where the rule comes from:
//   - at most kMaxTokenBytes, three base64url parts without padding, the
//     leftover bits of each zero (RFC 7515 §2, §7.1; RFC 4648 §5, §3.5);
//   - a header whose `alg` is HS256 or RS256, never `none` (RFC 7518 §3.1,
//     RFC 7519 §6 unsecured JWTs are refused), and is the algorithm of the
//     key that checks it: an RS256 key never checks an HS256 token and the
//     reverse; `kid` picks the key (RFC 7515 §4.1.4), else each key of that
//     algorithm is tried; keys come from the configuration only, never from
//     `jku`, `jwk` or `x5u`; `crit` is refused, since no extension is
//     understood (RFC 7515 §4.1.11); nested JWTs (`cty: JWT`, RFC 7519 §5.2)
//     are refused;
//   - unique member names in the header and the claims (RFC 7515 §4,
//     RFC 7519 §4);
//   - `exp`, required: now < exp + leeway (RFC 7519 §4.1.4); `nbf` if present:
//     now + leeway >= nbf (§4.1.5); `iat` if present: not after now + leeway
//     (§4.1.6). NumericDates (§2) must be whole seconds here;
//   - `iss` equal to the configured issuer, when one is (§4.1.1); `aud`, a
//     string or an array of strings, containing the configured audience when
//     one is (§4.1.3); a token that names an audience is refused when none is
//     configured, since the service cannot identify itself with it (§4.1.3);
//   - the role claim one of caseworker, analyst, auditor, admin; the name
//     claim a non-empty string without control characters.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/messages.h"
#include "serve/auth.h"

namespace decree::serve {

// A key's material is given either inline or as the path of a file holding
// it (exactly one of the two). A file's one final line break ("\n" or
// "\r\n") is dropped, so that `echo secret > file` works.
struct JwtHs256Key {
  std::string kid;          // optional
  std::string secret;       // the secret's bytes; at least 32 (RFC 7518 §3.2)
  std::string secret_file;  // or a file holding them
};

struct JwtRs256Key {
  std::string kid;       // optional
  std::string pem;       // "-----BEGIN PUBLIC KEY-----" (SubjectPublicKeyInfo), RSA, >= 2048
  std::string pem_file;  // bits (RFC 7518 §3.3); or a file holding it
};

struct JwtConfig {
  std::string issuer;    // empty: `iss` is not checked
  std::string audience;  // empty: a token must not name an audience
  std::string role_claim = "role";
  std::string name_claim = "sub";
  std::chrono::seconds leeway{30};  // for clock skew, on exp, nbf and iat
  std::vector<JwtHs256Key> hs256;
  std::vector<JwtRs256Key> rs256;
};

// Immutable once made; copies share their keys, and verify() may be called
// from several threads at once.
class JwtVerifier {
 public:
  static constexpr size_t kMaxTokenBytes = 8 * 1024;

  // nullopt, with `error` a sentence naming the key ("RS256 key 2 (kid
  // "k1"): ..."), if a key cannot be read or is unfit, if two keys share a
  // kid, if there is no key, or if a claim name is empty or the leeway
  // negative.
  static std::optional<JwtVerifier> make(JwtConfig config, std::string& error);

  // The caller `token` (without "Bearer ") names, or nullopt with `reason` a
  // short English sentence for a 401's detail ("the token has expired"); the
  // reason never quotes the token, nor anything from it.
  std::optional<Caller> verify(std::string_view token, std::string& reason,
                               std::chrono::system_clock::time_point now) const;
  // The same with the reason as a catalogue message (base/messages_serve.def),
  // for the 401's detail in the caller's language.
  std::optional<Caller> verify(std::string_view token, Message& reason,
                               std::chrono::system_clock::time_point now) const;

 private:
  struct State;
  explicit JwtVerifier(std::shared_ptr<const State> state) : state_(std::move(state)) {}
  std::shared_ptr<const State> state_;
};

}  // namespace decree::serve
