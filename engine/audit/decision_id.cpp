#include "audit/decision_id.h"

#include <openssl/rand.h>

#include <cstdint>
#include <stdexcept>

namespace decree::audit {
namespace {

// Random bytes drawn from OpenSSL a block at a time: RAND_bytes takes a
// lock on every call, and ids are made on every request.
void random_bytes(unsigned char* out, size_t n) {
  thread_local unsigned char pool[4096];
  thread_local size_t left = 0;
  for (size_t i = 0; i < n; ++i) {
    if (left == 0) {
      if (RAND_bytes(pool, sizeof pool) != 1)
        throw std::runtime_error("no random bytes for a decision id");
      left = sizeof pool;
    }
    out[i] = pool[--left];
  }
}

}  // namespace

std::string new_decision_id(uint64_t unix_ms) {
  unsigned char b[16];
  random_bytes(b + 6, 10);
  for (int i = 0; i < 6; ++i) b[i] = static_cast<unsigned char>(unix_ms >> (8 * (5 - i)));
  b[6] = static_cast<unsigned char>(0x70 | (b[6] & 0x0F));  // version 7
  b[8] = static_cast<unsigned char>(0x80 | (b[8] & 0x3F));  // variant 10
  static const char* kHex = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += kHex[b[i] >> 4];
    out += kHex[b[i] & 15];
  }
  return out;
}

}  // namespace decree::audit
