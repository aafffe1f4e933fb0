// What the two registries (publish/sqlite_registry.cpp, pg_registry.cpp)
// store in their rows the same way, so that a database moved from one to the
// other reads alike: proposal ids and a publication's files as JSON text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "publish/proposal.h"

namespace decree::publish::detail {

// The id of the `number`th proposal (from 1): "P000001"; more digits past
// 999999, so ids stay distinct.
std::string proposal_id(int64_t number);

// {path: content} in the files' order; false if a file is not UTF-8 (a
// publication is stored as it is, or not at all).
bool files_json(const std::vector<ProposalFile>& files, std::string& out, std::string& error);
bool parse_files_json(std::string_view text, std::vector<ProposalFile>& out, std::string& error);

// Why an update is a conflict, for the caller to show.
std::string stale_revision(const std::string& id, int64_t stored, int64_t revision);
std::string stale_head(const std::string& ruleset, const std::string& version, int64_t head,
                       int64_t expected);

}  // namespace decree::publish::detail
