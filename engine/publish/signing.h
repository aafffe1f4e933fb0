// Signatures of published rule versions (issue 12: a version reaches
// payments only when approved and signed by the publishing key): Ed25519
// (RFC 8032) through OpenSSL, keys as PEM, signatures as base64. What is
// signed is the caller's: a version's statement (rule set, version, rules
// hash, approvals) in canonical bytes.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace decree::publish {

struct KeyPair {
  std::string private_pem;  // "-----BEGIN PRIVATE KEY-----" (PKCS #8); keep it secret
  std::string public_pem;   // "-----BEGIN PUBLIC KEY-----" (SubjectPublicKeyInfo)
};

// A new random Ed25519 key pair; nullopt with `error` if OpenSSL cannot make one.
std::optional<KeyPair> new_key_pair(std::string& error);

// The base64 (RFC 4648 §4) Ed25519 signature of `message` by the private key;
// nullopt with `error` if the PEM is not an Ed25519 private key.
std::optional<std::string> sign(std::string_view private_pem, std::string_view message,
                                std::string& error);

// Whether `signature` (base64) is the public key's signature of `message`.
// False with `error` saying why: a PEM that is not an Ed25519 public key, a
// signature that is not base64 of 64 bytes, or one that does not verify.
bool verify(std::string_view public_pem, std::string_view message, std::string_view signature,
            std::string& error);

// A short name of a public key, to say which key signed: "ed25519:" and the
// first 16 hex digits of the SHA-256 of its DER form; empty if the PEM is
// not an Ed25519 public key.
std::string key_id(std::string_view public_pem);

// The public half of a private key (PEM), to name the key that signs; empty
// if the PEM is not an Ed25519 private key.
std::string public_key_of(std::string_view private_pem);

}  // namespace decree::publish
