#include "serve/jwt.h"

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <simdjson.h>

#include <cstdint>
#include <fstream>
#include <iterator>
#include <limits>
#include <set>

#include "base/codes_serve.h"

namespace decree::serve {
namespace {
enum class Alg { hs256, rs256 };
}  // namespace

struct JwtVerifier::State {
  struct Key {
    Alg alg;
    std::string kid;
    std::string secret;                    // hs256
    std::shared_ptr<EVP_PKEY> public_key;  // rs256
  };
  std::vector<Key> keys;
  std::string issuer;
  std::string audience;
  std::string role_claim;
  std::string name_claim;
  int64_t leeway = 0;
};

namespace {

namespace dom = simdjson::dom;

constexpr size_t kMinSecretBytes = 32;          // RFC 7518 §3.2: no shorter than the hash
constexpr int kMinRsaBits = 2048;               // RFC 7518 §3.3
constexpr size_t kMaxKeyFileBytes = 64 * 1024;  // a key file larger than this is not one

std::string describe(Alg alg, size_t index, const std::string& kid) {
  std::string out = alg == Alg::hs256 ? "HS256 key " : "RS256 key ";
  out += std::to_string(index + 1);
  if (!kid.empty()) out += " (kid \"" + kid + "\")";
  return out;
}

// Inline material, or a file's (its final line break dropped).
bool material(const std::string& inline_value, const std::string& file, const char* what,
              std::string& out, std::string& error) {
  if (!inline_value.empty() && !file.empty()) {
    error = std::string("gives its ") + what + " both inline and as a file";
    return false;
  }
  if (file.empty()) {
    out = inline_value;
    if (out.empty()) error = std::string("has no ") + what;
    return !out.empty();
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    error = "cannot read " + file;
    return false;
  }
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (in.bad()) {
    error = "cannot read " + file;
    return false;
  }
  if (out.size() > kMaxKeyFileBytes) {
    error = file + " is larger than " + std::to_string(kMaxKeyFileBytes) + " bytes";
    return false;
  }
  if (!out.empty() && out.back() == '\n') out.pop_back();
  if (!out.empty() && out.back() == '\r') out.pop_back();
  if (out.empty()) error = file + " is empty";
  return !out.empty();
}

std::shared_ptr<EVP_PKEY> read_public_key(const std::string& pem, std::string& error) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free);
  EVP_PKEY* raw = bio ? PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr) : nullptr;
  ERR_clear_error();
  if (raw == nullptr) {
    error = "the PEM does not parse as a public key (-----BEGIN PUBLIC KEY-----)";
    return nullptr;
  }
  std::shared_ptr<EVP_PKEY> key(raw, &EVP_PKEY_free);
  if (!EVP_PKEY_is_a(raw, "RSA")) {
    error = "the public key is not an RSA key";
    return nullptr;
  }
  if (EVP_PKEY_get_bits(raw) < kMinRsaBits) {
    error = "the RSA key has " + std::to_string(EVP_PKEY_get_bits(raw)) + " bits, fewer than " +
            std::to_string(kMinRsaBits) + " (RFC 7518 §3.3)";
    return nullptr;
  }
  return key;
}

// RFC 7515 §2: base64url (RFC 4648 §5) without padding; the leftover bits
// must be zero so that each value has one encoding (RFC 4648 §3.5).
bool base64url_decode(std::string_view in, std::string& out) {
  out.clear();
  if (in.size() % 4 == 1) return false;
  out.reserve(in.size() / 4 * 3 + 2);
  uint32_t acc = 0;
  int bits = 0;
  for (char ch : in) {
    const unsigned char c = static_cast<unsigned char>(ch);
    uint32_t v;
    if (c >= 'A' && c <= 'Z')
      v = c - 'A';
    else if (c >= 'a' && c <= 'z')
      v = c - 'a' + 26;
    else if (c >= '0' && c <= '9')
      v = c - '0' + 52;
    else if (c == '-')
      v = 62;
    else if (c == '_')
      v = 63;
    else
      return false;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xff);
    }
  }
  return (acc & ((1u << bits) - 1)) == 0;
}

bool hs256_verifies(const std::string& secret, std::string_view signing_input,
                    const std::string& signature) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  if (HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
           reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size(), mac,
           &mac_len) == nullptr) {
    ERR_clear_error();
    return false;
  }
  return signature.size() == mac_len && CRYPTO_memcmp(mac, signature.data(), mac_len) == 0;
}

bool rs256_verifies(EVP_PKEY* key, std::string_view signing_input, const std::string& signature) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  EVP_PKEY_CTX* pctx = nullptr;  // owned by ctx
  const bool ok =
      ctx &&
      EVP_DigestVerifyInit_ex(ctx.get(), &pctx, "SHA256", nullptr, nullptr, key, nullptr) == 1 &&
      EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) == 1 &&  // RS256 is PKCS #1 v1.5
      EVP_DigestVerify(
          ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
          reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size()) == 1;
  ERR_clear_error();
  return ok;
}

// The members of a JSON object, or false if `json` is not one or a name
// appears twice (RFC 7515 §4, RFC 7519 §4: reject, or keep the last; we
// reject). The views point into `parser` until its next parse.
bool parse_object(dom::parser& parser, const std::string& json, dom::object& out) {
  dom::element doc;
  if (parser.parse(json).get(doc) != simdjson::SUCCESS) return false;
  if (doc.get_object().get(out) != simdjson::SUCCESS) return false;
  std::set<std::string_view> names;
  for (auto field : out)
    if (!names.insert(field.key).second) return false;
  return true;
}

enum class Got { absent, ok, bad };

Got string_member(const dom::object& obj, std::string_view name, std::string& out) {
  dom::element e;
  if (obj.at_key(name).get(e) != simdjson::SUCCESS) return Got::absent;
  std::string_view s;
  if (e.get_string().get(s) != simdjson::SUCCESS) return Got::bad;
  out.assign(s);
  return Got::ok;
}

// A NumericDate in whole seconds; simdjson reads integers from their text,
// and anything else (a fraction, an exponent, a string) is refused.
Got date_member(const dom::object& obj, std::string_view name, int64_t& out) {
  dom::element e;
  if (obj.at_key(name).get(e) != simdjson::SUCCESS) return Got::absent;
  if (e.type() != dom::element_type::INT64) return Got::bad;
  return e.get_int64().get(out) == simdjson::SUCCESS ? Got::ok : Got::bad;
}

int64_t plus(int64_t a, int64_t b) {  // b >= 0; saturates
  return a > std::numeric_limits<int64_t>::max() - b ? std::numeric_limits<int64_t>::max() : a + b;
}

bool fit_for_name(const std::string& name) {
  if (name.empty()) return false;
  for (char ch : name) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7f) return false;
  }
  return true;
}

std::optional<Caller> refuse(Message& reason, Code code, MessageArgs args = {}) {
  reason = Message{code, std::move(args)};
  return std::nullopt;
}

}  // namespace

std::optional<JwtVerifier> JwtVerifier::make(JwtConfig config, std::string& error) {
  auto state = std::make_shared<State>();
  if (config.hs256.empty() && config.rs256.empty()) {
    error = "no JWT keys are configured";
    return std::nullopt;
  }
  if (config.role_claim.empty() || config.name_claim.empty()) {
    error = "the JWT role and name claims must be named";
    return std::nullopt;
  }
  if (config.leeway.count() < 0) {
    error = "the JWT leeway must not be negative";
    return std::nullopt;
  }
  std::set<std::string> kids;
  auto kid_is_new = [&](Alg alg, size_t i, const std::string& kid) {
    if (kid.empty() || kids.insert(kid).second) return true;
    error = describe(alg, i, kid) + ": another key has the same kid";
    return false;
  };
  for (size_t i = 0; i < config.hs256.size(); ++i) {
    JwtHs256Key& k = config.hs256[i];
    if (!kid_is_new(Alg::hs256, i, k.kid)) return std::nullopt;
    State::Key key{Alg::hs256, k.kid, {}, nullptr};
    std::string why;
    if (!material(k.secret, k.secret_file, "secret", key.secret, why)) {
      error = describe(Alg::hs256, i, k.kid) + ": " + why;
      return std::nullopt;
    }
    if (key.secret.size() < kMinSecretBytes) {
      error = describe(Alg::hs256, i, k.kid) + ": the secret is shorter than " +
              std::to_string(kMinSecretBytes) + " bytes (RFC 7518 §3.2)";
      return std::nullopt;
    }
    state->keys.push_back(std::move(key));
  }
  for (size_t i = 0; i < config.rs256.size(); ++i) {
    JwtRs256Key& k = config.rs256[i];
    if (!kid_is_new(Alg::rs256, i, k.kid)) return std::nullopt;
    std::string pem, why;
    std::shared_ptr<EVP_PKEY> public_key;
    if (material(k.pem, k.pem_file, "PEM", pem, why)) public_key = read_public_key(pem, why);
    if (!public_key) {
      error = describe(Alg::rs256, i, k.kid) + ": " + why;
      return std::nullopt;
    }
    state->keys.push_back(State::Key{Alg::rs256, k.kid, {}, std::move(public_key)});
  }
  state->issuer = std::move(config.issuer);
  state->audience = std::move(config.audience);
  state->role_claim = std::move(config.role_claim);
  state->name_claim = std::move(config.name_claim);
  state->leeway = config.leeway.count();
  return JwtVerifier(std::move(state));
}

std::optional<Caller> JwtVerifier::verify(std::string_view token, std::string& reason,
                                          std::chrono::system_clock::time_point now) const {
  Message why;
  auto caller = verify(token, why, now);
  if (!caller) reason = message_text(why, Lang::en);
  return caller;
}

std::optional<Caller> JwtVerifier::verify(std::string_view token, Message& reason,
                                          std::chrono::system_clock::time_point now) const {
  const State& s = *state_;
  reason = Message{};
  if (token.size() > kMaxTokenBytes) return refuse(reason, msg::jwt_too_long);

  // RFC 7515 §7.1: BASE64URL(header) '.' BASE64URL(payload) '.' BASE64URL(signature).
  const size_t dot1 = token.find('.');
  const size_t dot2 = dot1 == std::string_view::npos ? dot1 : token.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos)
    return refuse(reason, msg::jwt_not_compact);
  const std::string_view signing_input = token.substr(0, dot2);
  std::string header_json, claims_json, signature;
  if (!base64url_decode(token.substr(0, dot1), header_json) ||
      !base64url_decode(token.substr(dot1 + 1, dot2 - dot1 - 1), claims_json) ||
      !base64url_decode(token.substr(dot2 + 1), signature))
    return refuse(reason, msg::jwt_bad_base64url);

  // One parser per thread; the header's members are copied out before the
  // claims are parsed.
  thread_local dom::parser parser;
  dom::object obj;

  // The JOSE header (RFC 7515 §4.1).
  std::string alg_name, kid, cty;
  if (!parse_object(parser, header_json, obj)) return refuse(reason, msg::jwt_bad_header);
  if (string_member(obj, "alg", alg_name) != Got::ok) return refuse(reason, msg::jwt_no_alg);
  const Got got_kid = string_member(obj, "kid", kid);
  if (got_kid == Got::bad) return refuse(reason, msg::jwt_bad_kid);
  dom::element ignored;
  if (obj.at_key("crit").get(ignored) == simdjson::SUCCESS) return refuse(reason, msg::jwt_crit);
  if (string_member(obj, "cty", cty) == Got::ok && cty.size() == 3 && (cty[0] | 0x20) == 'j' &&
      (cty[1] | 0x20) == 'w' && (cty[2] | 0x20) == 't')  // RFC 7519 §5.2
    return refuse(reason, msg::jwt_nested);

  if (alg_name == "none") return refuse(reason, msg::jwt_alg_none);
  Alg alg;
  if (alg_name == "HS256")  // RFC 7515 §4.1.1: case-sensitive
    alg = Alg::hs256;
  else if (alg_name == "RS256")
    alg = Alg::rs256;
  else
    return refuse(reason, msg::jwt_alg_refused);

  // The key: the one `kid` names, which must be for `alg`; else each of `alg`.
  std::vector<const State::Key*> candidates;
  if (got_kid == Got::ok) {
    const State::Key* named = nullptr;
    for (const auto& k : s.keys)
      if (k.kid == kid) named = &k;
    if (named == nullptr) return refuse(reason, msg::jwt_unknown_kid);
    if (named->alg != alg) return refuse(reason, msg::jwt_alg_key_mismatch);
    candidates.push_back(named);
  } else {
    for (const auto& k : s.keys)
      if (k.alg == alg) candidates.push_back(&k);
    if (candidates.empty()) return refuse(reason, msg::jwt_alg_refused);
  }
  bool verified = false;
  for (const State::Key* k : candidates)
    verified |= alg == Alg::hs256 ? hs256_verifies(k->secret, signing_input, signature)
                                  : rs256_verifies(k->public_key.get(), signing_input, signature);
  if (!verified) return refuse(reason, msg::jwt_bad_signature);

  // The claims (RFC 7519 §4.1), now known to come from a key holder.
  if (!parse_object(parser, claims_json, obj)) return refuse(reason, msg::jwt_bad_claims);
  const int64_t now_s = std::chrono::floor<std::chrono::seconds>(now).time_since_epoch().count();
  int64_t exp = 0, nbf = 0, iat = 0;
  switch (date_member(obj, "exp", exp)) {
    case Got::absent:
      return refuse(reason, msg::jwt_no_exp);
    case Got::bad:
      return refuse(reason, msg::jwt_bad_exp);
    case Got::ok:
      if (now_s >= plus(exp, s.leeway)) return refuse(reason, msg::jwt_expired);
  }
  switch (date_member(obj, "nbf", nbf)) {
    case Got::absent:
      break;
    case Got::bad:
      return refuse(reason, msg::jwt_bad_nbf);
    case Got::ok:
      if (plus(now_s, s.leeway) < nbf) return refuse(reason, msg::jwt_not_yet_valid);
  }
  switch (date_member(obj, "iat", iat)) {
    case Got::absent:
      break;
    case Got::bad:
      return refuse(reason, msg::jwt_bad_iat);
    case Got::ok:
      if (iat > plus(now_s, s.leeway)) return refuse(reason, msg::jwt_issued_in_future);
  }

  if (!s.issuer.empty()) {
    std::string iss;
    if (string_member(obj, "iss", iss) != Got::ok || iss != s.issuer)
      return refuse(reason, msg::jwt_bad_issuer);
  }

  dom::element aud;
  if (obj.at_key("aud").get(aud) == simdjson::SUCCESS) {
    bool ours = false;
    std::string_view one;
    dom::array many;
    if (aud.get_string().get(one) == simdjson::SUCCESS) {
      ours = !s.audience.empty() && one == s.audience;
    } else if (aud.get_array().get(many) == simdjson::SUCCESS) {
      for (dom::element e : many) {
        if (e.get_string().get(one) != simdjson::SUCCESS) return refuse(reason, msg::jwt_bad_aud);
        ours |= !s.audience.empty() && one == s.audience;
      }
    } else {
      return refuse(reason, msg::jwt_bad_aud);
    }
    if (!ours) return refuse(reason, msg::jwt_other_audience);
  } else if (!s.audience.empty()) {
    return refuse(reason, msg::jwt_no_aud);
  }

  std::string role_text;
  const Got got_role = string_member(obj, s.role_claim, role_text);
  if (got_role == Got::absent) return refuse(reason, msg::jwt_no_role, {{"claim", s.role_claim}});
  const std::optional<Role> role =
      got_role == Got::ok ? parse_role(role_text) : std::optional<Role>();
  if (!role) return refuse(reason, msg::jwt_bad_role);

  Caller caller;
  if (string_member(obj, s.name_claim, caller.name) != Got::ok || !fit_for_name(caller.name))
    return refuse(reason, msg::jwt_no_name, {{"claim", s.name_claim}});
  caller.role = *role;
  return caller;
}

}  // namespace decree::serve
