#include "publish/proposal.h"

#include <nlohmann/json.hpp>

#include "api/hash.h"

namespace decree::publish {
namespace {

using nlohmann::ordered_json;

ordered_json files_json(const std::vector<ProposalFile>& files) {
  ordered_json out = ordered_json::object();
  for (const auto& f : files) out[f.path] = f.content;
  return out;
}

std::vector<ProposalFile> files_of(const ordered_json& j) {
  std::vector<ProposalFile> out;
  for (auto it = j.begin(); it != j.end(); ++it)
    out.push_back({it.key(), it.value().get<std::string>()});
  return out;
}

std::string text_at(const ordered_json& j, const char* key) {
  auto it = j.find(key);
  return it == j.end() || it->is_null() ? std::string() : it->get<std::string>();
}

// Length-prefixed, so that no two different contents hash the same bytes.
void put(Sha256& h, std::string_view s) {
  h.update(std::to_string(s.size()));
  h.update(":");
  h.update(s);
}

}  // namespace

std::string_view kind_name(ProposalKind kind) {
  switch (kind) {
    case ProposalKind::add:
      return "add";
    case ProposalKind::correct:
      return "correct";
    case ProposalKind::withdraw:
      return "withdraw";
  }
  return "";
}

std::optional<ProposalKind> parse_kind(std::string_view name) {
  if (name == "add") return ProposalKind::add;
  if (name == "correct") return ProposalKind::correct;
  if (name == "withdraw") return ProposalKind::withdraw;
  return std::nullopt;
}

std::string_view state_name(ProposalState state) {
  switch (state) {
    case ProposalState::proposed:
      return "proposed";
    case ProposalState::approved:
      return "approved";
    case ProposalState::rejected:
      return "rejected";
    case ProposalState::published:
      return "published";
  }
  return "";
}

std::optional<ProposalState> parse_state(std::string_view name) {
  if (name == "proposed") return ProposalState::proposed;
  if (name == "approved") return ProposalState::approved;
  if (name == "rejected") return ProposalState::rejected;
  if (name == "published") return ProposalState::published;
  return std::nullopt;
}

bool Assessment::passed() const {
  if (checks.empty()) return false;
  for (const auto& c : checks)
    if (!c.passed) return false;
  return true;
}

Proposal Proposal::summary() const {
  Proposal s = *this;
  s.files.clear();
  s.tests.clear();
  s.assessment.text.clear();
  s.assessment.json.clear();
  s.assessment.html.clear();
  return s;
}

std::string proposal_json(const Proposal& p, bool with_content) {
  ordered_json j;
  j["id"] = p.id;
  j["revision"] = p.revision;
  j["ruleset"] = p.ruleset;
  j["version"] = p.version;
  j["kind"] = std::string(kind_name(p.kind));
  j["state"] = std::string(state_name(p.state));
  j["author"] = p.author;
  j["comment"] = p.comment;
  j["created_at"] = p.created_at;
  j["updated_at"] = p.updated_at;
  j["rules_hash"] = p.rules_hash;
  j["content_hash"] = p.content_hash;
  j["base_hash"] = p.base_hash;
  j["base_params"] = p.base_params;
  j["as_of"] = p.as_of;
  ordered_json checks = ordered_json::array();
  for (const auto& c : p.assessment.checks)
    checks.push_back({{"name", c.name}, {"passed", c.passed}, {"summary", c.summary}});
  j["assessment"] = {{"passed", p.assessment.passed()}, {"checks", checks}};
  j["reviewer"] = p.reviewer;
  j["reviewed_at"] = p.reviewed_at;
  j["review_comment"] = p.review_comment;
  j["approved_hash"] = p.approved_hash;
  j["publisher"] = p.publisher;
  j["published_at"] = p.published_at;
  ordered_json events = ordered_json::array();
  for (const auto& e : p.events)
    events.push_back({{"time", e.time},
                      {"who", e.who},
                      {"role", e.role},
                      {"action", e.action},
                      {"comment", e.comment},
                      {"content_hash", e.content_hash}});
  j["events"] = events;
  if (with_content) {
    j["files"] = files_json(p.files);
    j["tests"] = files_json(p.tests);
    j["assessment"]["text"] = p.assessment.text;
    j["assessment"]["json"] = p.assessment.json;
    j["assessment"]["html"] = p.assessment.html;
  }
  // Replaces invalid UTF-8 rather than throwing: files are checked to be
  // UTF-8 when proposed, so this only guards the reports.
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::optional<Proposal> parse_proposal_json(std::string_view text, std::string& error) {
  try {
    const ordered_json j = ordered_json::parse(text);
    Proposal p;
    p.id = text_at(j, "id");
    p.revision = j.value("revision", int64_t{0});
    p.ruleset = text_at(j, "ruleset");
    p.version = text_at(j, "version");
    auto kind = parse_kind(text_at(j, "kind"));
    auto state = parse_state(text_at(j, "state"));
    if (!kind || !state) {
      error = "not a proposal: no kind or state";
      return std::nullopt;
    }
    p.kind = *kind;
    p.state = *state;
    p.author = text_at(j, "author");
    p.comment = text_at(j, "comment");
    p.created_at = text_at(j, "created_at");
    p.updated_at = text_at(j, "updated_at");
    p.rules_hash = text_at(j, "rules_hash");
    p.content_hash = text_at(j, "content_hash");
    p.base_hash = text_at(j, "base_hash");
    if (j.contains("base_params")) p.base_params = j["base_params"].get<std::vector<std::string>>();
    p.as_of = text_at(j, "as_of");
    if (j.contains("assessment")) {
      const auto& a = j["assessment"];
      if (a.contains("checks"))
        for (const auto& c : a["checks"])
          p.assessment.checks.push_back(
              {text_at(c, "name"), c.value("passed", false), text_at(c, "summary")});
      p.assessment.text = text_at(a, "text");
      p.assessment.json = text_at(a, "json");
      p.assessment.html = text_at(a, "html");
    }
    p.reviewer = text_at(j, "reviewer");
    p.reviewed_at = text_at(j, "reviewed_at");
    p.review_comment = text_at(j, "review_comment");
    p.approved_hash = text_at(j, "approved_hash");
    p.publisher = text_at(j, "publisher");
    p.published_at = text_at(j, "published_at");
    if (j.contains("events"))
      for (const auto& e : j["events"])
        p.events.push_back({text_at(e, "time"), text_at(e, "who"), text_at(e, "role"),
                            text_at(e, "action"), text_at(e, "comment"),
                            text_at(e, "content_hash")});
    if (j.contains("files")) p.files = files_of(j["files"]);
    if (j.contains("tests")) p.tests = files_of(j["tests"]);
    return p;
  } catch (const std::exception& e) {
    error = std::string("not a proposal: ") + e.what();
    return std::nullopt;
  }
}

std::string content_hash_of(const Proposal& p) {
  Sha256 h;
  put(h, "decree proposal content 1");
  put(h, kind_name(p.kind));
  put(h, p.ruleset);
  put(h, p.version);
  put(h, p.rules_hash);
  // The files themselves, not only their rules hash: a file the rules do
  // not read (a README in the directory) is still part of what is approved.
  put(h, std::to_string(p.files.size()));
  for (const auto& f : p.files) {
    put(h, f.path);
    put(h, f.content);
  }
  put(h, std::to_string(p.tests.size()));
  for (const auto& f : p.tests) {
    put(h, f.path);
    put(h, f.content);
  }
  put(h, std::to_string(p.base_params.size()));
  for (const auto& b : p.base_params) put(h, b);
  put(h, p.as_of);
  return "sha256:" + h.hex();
}

}  // namespace decree::publish
