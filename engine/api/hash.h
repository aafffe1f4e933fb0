// Content hashes for rule sets: SHA-256 (OpenSSL), as lowercase hex.
#pragma once

#include <string>
#include <string_view>

namespace decree {

// Incremental SHA-256.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void update(std::string_view data);
  std::string hex();  // finishes the hash

 private:
  void* ctx_;
};

// SHA-256 of `data` in one call, as lowercase hex.
std::string sha256_hex(std::string_view data);

}  // namespace decree
