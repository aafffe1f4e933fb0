// Making JWTs in tests: base64url (RFC 4648 §5, no padding) and HS256.
#pragma once

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace decree::serve::testing {

inline std::string base64url(std::string_view bytes) {
  static const char* digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    acc = (acc << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += digits[(acc >> bits) & 63];
    }
  }
  if (bits > 0) out += digits[(acc << (6 - bits)) & 63];
  return out;
}

inline std::string hmac_sha256(std::string_view key, std::string_view data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &len);
  return std::string(reinterpret_cast<char*>(mac), len);
}

// An HS256 JWT of `claims` (a JSON object's text).
inline std::string hs256_jwt(std::string_view secret, std::string_view claims) {
  const std::string input = base64url(R"({"alg":"HS256","typ":"JWT"})") + "." + base64url(claims);
  return input + "." + base64url(hmac_sha256(secret, input));
}

}  // namespace decree::serve::testing
