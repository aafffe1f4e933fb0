#include "publish/registry_rows.h"

#include <cstdio>
#include <nlohmann/json.hpp>

namespace decree::publish::detail {

std::string proposal_id(int64_t number) {
  char id[32];
  std::snprintf(id, sizeof id, "P%06lld", static_cast<long long>(number));
  return id;
}

bool files_json(const std::vector<ProposalFile>& files, std::string& out, std::string& error) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  for (const auto& f : files) j[f.path] = f.content;
  try {
    out = j.dump();
    return true;
  } catch (const nlohmann::json::exception& e) {
    error = std::string("a published file is not UTF-8: ") + e.what();
    return false;
  }
}

bool parse_files_json(std::string_view text, std::vector<ProposalFile>& out, std::string& error) {
  try {
    const auto j = nlohmann::ordered_json::parse(text);
    out.clear();
    for (auto it = j.begin(); it != j.end(); ++it)
      out.push_back({it.key(), it.value().get<std::string>()});
    return true;
  } catch (const nlohmann::json::exception& e) {
    error = std::string("a publication's files are not {path: content}: ") + e.what();
    return false;
  }
}

std::string stale_revision(const std::string& id, int64_t stored, int64_t revision) {
  return "proposal " + id + " was changed by another step: revision " + std::to_string(stored) +
         " is stored, this step follows revision " + std::to_string(revision - 1);
}

std::string stale_head(const std::string& ruleset, const std::string& version, int64_t head,
                       int64_t expected) {
  return ruleset + " " + version + " was published by another step meanwhile (publication " +
         std::to_string(head) + ", this step follows " +
         (expected ? std::to_string(expected) : std::string("none")) + ")";
}

}  // namespace decree::publish::detail
