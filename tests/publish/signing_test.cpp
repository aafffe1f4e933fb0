#include "publish/signing.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <regex>

namespace decree::publish {
namespace {

KeyPair pair() {
  std::string error;
  auto p = new_key_pair(error);
  EXPECT_TRUE(p) << error;
  return p ? *p : KeyPair{};
}

const std::string kStatement =
    "decree-publication-v1\nruleset jilin_work_injury_benefits\nversion 2025-01-01\n"
    "rules_hash sha256:6c2fe7dfb6425fa02a856cc0e9aace2dd2bf71aa4d37bc610228aa0fe63365b8\n";

TEST(Signing, ASignatureVerifiesWithItsKeyAndOnlyForItsMessage) {
  const KeyPair k = pair();
  EXPECT_NE(k.private_pem.find("BEGIN PRIVATE KEY"), std::string::npos);
  EXPECT_NE(k.public_pem.find("BEGIN PUBLIC KEY"), std::string::npos);
  std::string error;
  const auto sig = sign(k.private_pem, kStatement, error);
  ASSERT_TRUE(sig) << error;
  EXPECT_EQ(sig->size(), 88u);  // base64 of 64 bytes
  EXPECT_TRUE(verify(k.public_pem, kStatement, *sig, error)) << error;
  // One byte of the statement changed: refused.
  std::string changed = kStatement;
  changed[changed.size() - 2] = changed[changed.size() - 2] == '8' ? '9' : '8';
  EXPECT_FALSE(verify(k.public_pem, changed, *sig, error));
  EXPECT_EQ(error, "the signature does not verify with this key");
  // Ed25519 is deterministic (RFC 8032 §5.1.6): the same message, the same signature.
  EXPECT_EQ(sign(k.private_pem, kStatement, error), sig);
}

TEST(Signing, AnotherKeysSignatureIsRefused) {
  const KeyPair a = pair(), b = pair();
  std::string error;
  const auto sig = sign(a.private_pem, kStatement, error);
  ASSERT_TRUE(sig);
  EXPECT_FALSE(verify(b.public_pem, kStatement, *sig, error));
  EXPECT_NE(key_id(a.public_pem), key_id(b.public_pem));
  EXPECT_TRUE(std::regex_match(key_id(a.public_pem), std::regex("ed25519:[0-9a-f]{16}")));
}

TEST(Signing, ASignatureThatIsNotBase64OfSixtyFourBytesIsRefused) {
  const KeyPair k = pair();
  std::string error;
  auto sig = sign(k.private_pem, kStatement, error);
  ASSERT_TRUE(sig);
  for (const std::string& bad :
       {std::string(""), sig->substr(0, 84), *sig + "AAAA", std::string(88, '!'),
        sig->substr(0, 80) + " " + sig->substr(81)}) {
    EXPECT_FALSE(verify(k.public_pem, kStatement, bad, error)) << bad;
    EXPECT_EQ(error, "the signature is not the base64 of 64 bytes") << bad;
  }
}

TEST(Signing, KeysThatAreNotEd25519AreRefused) {
  std::string error;
  EXPECT_FALSE(sign("not a key", kStatement, error));
  EXPECT_NE(error.find("not an Ed25519 key"), std::string::npos);
  // An RSA key, as PEM: of the wrong kind.
  EVP_PKEY* rsa = EVP_RSA_gen(2048);
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PUBKEY(bio, rsa);
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio, &data);
  const std::string rsa_pem(data, static_cast<size_t>(n));
  BIO_free(bio);
  EVP_PKEY_free(rsa);
  const KeyPair k = pair();
  const auto sig = sign(k.private_pem, kStatement, error);
  ASSERT_TRUE(sig);
  EXPECT_FALSE(verify(rsa_pem, kStatement, *sig, error));
  EXPECT_NE(error.find("not an Ed25519 key"), std::string::npos);
  EXPECT_EQ(key_id(rsa_pem), "");
  // A public key where the private one is wanted.
  EXPECT_FALSE(sign(k.public_pem, kStatement, error));
}

}  // namespace
}  // namespace decree::publish
