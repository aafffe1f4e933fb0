#include "publish/signing.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <memory>

#include "api/hash.h"

namespace decree::publish {
namespace {

using Pkey = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using Bio = std::unique_ptr<BIO, decltype(&BIO_free)>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

std::string pem_of(EVP_PKEY* key, bool private_key) {
  Bio bio(BIO_new(BIO_s_mem()), &BIO_free);
  const int ok =
      private_key ? PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr)
                  : PEM_write_bio_PUBKEY(bio.get(), key);
  if (ok != 1) return {};
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(n));
}

Pkey read_key(std::string_view pem, bool private_key) {
  Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free);
  EVP_PKEY* key = private_key ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr)
                              : PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr);
  if (key && EVP_PKEY_get_id(key) != EVP_PKEY_ED25519) {
    EVP_PKEY_free(key);
    key = nullptr;
  }
  return Pkey(key, &EVP_PKEY_free);
}

std::string base64(const unsigned char* bytes, size_t n) {
  std::string out(4 * ((n + 2) / 3) + 1, '\0');
  const int len =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), bytes, static_cast<int>(n));
  out.resize(static_cast<size_t>(len));
  return out;
}

// The bytes of strict base64 (no whitespace), or nullopt.
std::optional<std::string> unbase64(std::string_view text) {
  if (text.empty() || text.size() % 4 != 0) return std::nullopt;
  for (const char c : text)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/' || c == '='))
      return std::nullopt;
  std::string out(text.size() / 4 * 3, '\0');
  const int len = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(text.data()),
                                  static_cast<int>(text.size()));
  if (len < 0) return std::nullopt;
  size_t padding = 0;
  if (text.back() == '=') ++padding;
  if (text.size() > 1 && text[text.size() - 2] == '=') ++padding;
  out.resize(static_cast<size_t>(len) - padding);
  return out;
}

}  // namespace

std::optional<KeyPair> new_key_pair(std::string& error) {
  Pkey key(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"), &EVP_PKEY_free);
  if (!key) {
    error = "OpenSSL cannot make an Ed25519 key";
    return std::nullopt;
  }
  KeyPair pair{pem_of(key.get(), true), pem_of(key.get(), false)};
  if (pair.private_pem.empty() || pair.public_pem.empty()) {
    error = "OpenSSL cannot write the Ed25519 key as PEM";
    return std::nullopt;
  }
  return pair;
}

std::optional<std::string> sign(std::string_view private_pem, std::string_view message,
                                std::string& error) {
  Pkey key = read_key(private_pem, true);
  if (!key) {
    error = "the private key is not an Ed25519 key in PEM (-----BEGIN PRIVATE KEY-----)";
    return std::nullopt;
  }
  MdCtx ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  unsigned char sig[64];
  size_t len = sizeof sig;
  // Ed25519 signs the message itself (no digest: RFC 8032 PureEdDSA).
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1 ||
      EVP_DigestSign(ctx.get(), sig, &len, reinterpret_cast<const unsigned char*>(message.data()),
                     message.size()) != 1) {
    error = "OpenSSL cannot sign with this key";
    return std::nullopt;
  }
  return base64(sig, len);
}

bool verify(std::string_view public_pem, std::string_view message, std::string_view signature,
            std::string& error) {
  Pkey key = read_key(public_pem, false);
  if (!key) {
    error = "the public key is not an Ed25519 key in PEM (-----BEGIN PUBLIC KEY-----)";
    return false;
  }
  const auto sig = unbase64(signature);
  if (!sig || sig->size() != 64) {
    error = "the signature is not the base64 of 64 bytes";
    return false;
  }
  MdCtx ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1 ||
      EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(sig->data()), sig->size(),
                       reinterpret_cast<const unsigned char*>(message.data()),
                       message.size()) != 1) {
    error = "the signature does not verify with this key";
    return false;
  }
  return true;
}

std::string key_id(std::string_view public_pem) {
  Pkey key = read_key(public_pem, false);
  if (!key) return {};
  unsigned char* der = nullptr;
  const int len = i2d_PUBKEY(key.get(), &der);
  if (len <= 0) return {};
  const std::string id =
      sha256_hex(std::string_view(reinterpret_cast<const char*>(der), static_cast<size_t>(len)));
  OPENSSL_free(der);
  return "ed25519:" + id.substr(0, 16);
}

std::string public_key_of(std::string_view private_pem) {
  Pkey key = read_key(private_pem, true);
  return key ? pem_of(key.get(), false) : std::string();
}

}  // namespace decree::publish
