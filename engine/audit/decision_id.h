// Decision ids: a UUIDv7 (RFC 9562) per evaluation, time-ordered so that the
// audit records of a day sort by id, and random enough that none repeats.
#pragma once

#include <cstdint>
#include <string>

namespace decree::audit {

// "01890a5d-ac96-774b-bcce-b302099a8057": 48 bits of Unix time in
// milliseconds, then 74 random bits (OpenSSL RAND_bytes).
// `unix_ms`: the time of the record it names, so that the record's time and
// its id come from one reading of the clock.
std::string new_decision_id(uint64_t unix_ms);

}  // namespace decree::audit
