// decree propose | review | publish | withdraw | proposals: the publishing
// workflow's steps as a client of `decree serve` (issue 12). The service
// authenticates the caller by its token and the workflow there enforces the
// rules (never the author's own approval, …); these commands only send the
// step and print the answer.
#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "api/timeline.h"
#include "cli/commands.h"
#include "cli/http_client.h"
#include "cli/output_lang.h"
#include "publish/files.h"
#include "publish/signing.h"

namespace decree::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

int fail(const std::string& what) {
  std::fprintf(stderr, "decree: error: %s\n", what.c_str());
  return kExitFailure;
}

bool slurp(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream s;
  s << in.rdbuf();
  out = s.str();
  return true;
}

// The server and token from the options, else from the environment.
bool target_of(const WorkflowArgs& args, HttpTarget& to, std::string& error) {
  to.server = args.server;
  if (to.server.empty())
    if (const char* env = std::getenv("DECREE_SERVER")) to.server = env;
  if (to.server.empty()) {
    error = "no server: give --server URL or set DECREE_SERVER";
    return false;
  }
  if (!args.token_file.empty()) {
    if (!slurp(args.token_file, to.token)) {
      error = "cannot read the token file " + args.token_file;
      return false;
    }
    while (!to.token.empty() && (to.token.back() == '\n' || to.token.back() == '\r'))
      to.token.pop_back();
  } else if (const char* env = std::getenv("DECREE_TOKEN")) {
    to.token = env;
  }
  if (to.token.empty()) {
    error = "no token: give --token-file FILE or set DECREE_TOKEN";
    return false;
  }
  to.cacert = args.cacert;
  to.lang = output_lang() == Lang::zh ? "zh" : "en";
  return true;
}

// The answer, or the problem's detail as the error (exit 1).
int answered(const HttpAnswer& a, json& out) {
  if (a.status == 0) return fail(a.error);
  try {
    out = json::parse(a.body);
  } catch (const std::exception&) {
    if (a.status >= 300) return fail("HTTP " + std::to_string(a.status) + ": " + a.body);
    return fail("the server's answer is not JSON");
  }
  if (a.status >= 300) {
    std::string detail = out.value("detail", "");
    return fail(std::to_string(a.status) + " " + out.value("title", "") +
                (detail.empty() ? "" : ": " + detail));
  }
  return kExitOk;
}

std::string text(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

void print_proposal(const json& p) {
  std::printf("%s %s: %s %s (%s), proposed by %s\n", text(p, "id").c_str(),
              text(p, "state").c_str(), text(p, "ruleset").c_str(), text(p, "version").c_str(),
              text(p, "kind").c_str(), text(p, "author").c_str());
  if (p.contains("assessment"))
    for (const auto& c : p["assessment"]["checks"])
      std::printf("  %-16s %-7s %s\n", text(c, "name").c_str(),
                  c.value("passed", false) ? "passed" : "FAILED", text(c, "summary").c_str());
  if (!text(p, "reviewer").empty())
    std::printf("  reviewed by %s at %s%s\n", text(p, "reviewer").c_str(),
                text(p, "reviewed_at").c_str(),
                text(p, "review_comment").empty()
                    ? ""
                    : (": " + text(p, "review_comment")).c_str());
  if (!text(p, "publisher").empty())
    std::printf("  published by %s at %s\n", text(p, "publisher").c_str(),
                text(p, "published_at").c_str());
  std::printf("  content %s\n", text(p, "content_hash").c_str());
}

int step(const WorkflowArgs& args, const std::string& method, const std::string& target,
         const std::string& body) {
  HttpTarget to;
  std::string error;
  if (!target_of(args, to, error)) {
    std::fprintf(stderr, "decree: %s\n", error.c_str());
    return kExitUsage;
  }
  json out;
  if (int rc = answered(http_call(to, method, target, body), out)) return rc;
  print_proposal(out);
  return kExitOk;
}

json files_json(const std::vector<publish::ProposalFile>& files) {
  json out = json::object();
  for (const auto& f : files) out[f.path] = f.content;
  return out;
}

}  // namespace

int run_propose(const WorkflowArgs& args) {
  const std::string ruleset = RuleTimeline::name_at(args.draft);
  if (ruleset.empty())
    return fail(args.draft + " holds no rule files that declare their rule set");
  json body;
  body["ruleset"] = ruleset;
  body["kind"] = args.correct ? "correct" : "add";
  body["files"] = files_json(publish::read_files(args.draft));
  json tests = json::object();
  for (const auto& t : args.tests) {
    std::string content;
    if (!slurp(t, content)) return fail("cannot read " + t);
    tests[fs::path(t).filename().string()] = content;
  }
  body["tests"] = tests;
  body["base_params"] = args.base_params;
  if (!args.as_of.empty()) body["as_of"] = args.as_of;
  if (!args.comment.empty()) body["comment"] = args.comment;
  return args.amend.empty() ? step(args, "POST", "/v1/proposals", body.dump())
                            : step(args, "PUT", "/v1/proposals/" + args.amend, body.dump());
}

int run_review(const WorkflowArgs& args) {
  if (args.approve == args.reject) {
    std::fprintf(stderr, "decree review: give --approve or --reject\n");
    return kExitUsage;
  }
  HttpTarget to;
  std::string error;
  if (!target_of(args, to, error)) {
    std::fprintf(stderr, "decree: %s\n", error.c_str());
    return kExitUsage;
  }
  // The approval is of what was read: the content hash fetched now.
  json proposal;
  if (int rc = answered(http_call(to, "GET", "/v1/proposals/" + args.id), proposal)) return rc;
  json body{{"decision", args.approve ? "approve" : "reject"},
            {"comment", args.comment},
            {"content_hash", text(proposal, "content_hash")}};
  return step(args, "POST", "/v1/proposals/" + args.id + "/review", body.dump());
}

int run_publish(const WorkflowArgs& args) {
  return step(args, "POST", "/v1/proposals/" + args.id + "/publish", "");
}

int run_withdraw(const WorkflowArgs& args) {
  json body{{"ruleset", args.ruleset},
            {"kind", "withdraw"},
            {"version", args.version},
            {"comment", args.comment}};
  return step(args, "POST", "/v1/proposals", body.dump());
}

int run_proposals(const WorkflowArgs& args) {
  HttpTarget to;
  std::string error;
  if (!target_of(args, to, error)) {
    std::fprintf(stderr, "decree: %s\n", error.c_str());
    return kExitUsage;
  }
  if (!args.id.empty() && !args.report.empty()) {
    HttpAnswer a =
        http_call(to, "GET", "/v1/proposals/" + args.id + "/report?format=" + args.report);
    if (a.status != 200) {
      json ignored;
      answered(a, ignored);  // prints why
      return kExitFailure;
    }
    std::fwrite(a.body.data(), 1, a.body.size(), stdout);
    return kExitOk;
  }
  if (!args.id.empty()) {
    json p;
    if (int rc = answered(http_call(to, "GET", "/v1/proposals/" + args.id), p)) return rc;
    print_proposal(p);
    for (const auto& e : p["events"])
      std::printf("  %s  %-8s %-10s %s%s\n", text(e, "time").c_str(), text(e, "action").c_str(),
                  text(e, "role").c_str(), text(e, "who").c_str(),
                  text(e, "comment").empty() ? "" : (": " + text(e, "comment")).c_str());
    return kExitOk;
  }
  json list;
  const std::string query = args.state.empty() ? "" : "?state=" + args.state;
  if (int rc = answered(http_call(to, "GET", "/v1/proposals" + query), list)) return rc;
  for (const auto& p : list["proposals"])
    std::printf("%s  %-9s %s %s (%s)  %s  assessment %s\n", text(p, "id").c_str(),
                text(p, "state").c_str(), text(p, "ruleset").c_str(), text(p, "version").c_str(),
                text(p, "kind").c_str(), text(p, "author").c_str(),
                p["assessment"].value("passed", false) ? "passed" : "FAILED");
  std::printf("%zu proposal(s)\n", list["proposals"].size());
  return kExitOk;
}

int run_new_key(const std::string& path) {
  std::string error;
  auto pair = publish::new_key_pair(error);
  if (!pair) return fail(error);
  const std::string key = path + ".key", pub = path + ".pub";
  if (fs::exists(key) || fs::exists(pub)) return fail(key + " or " + pub + " exists already");
  {
    // The private key is readable by its owner only, from its first byte.
    const mode_t old = ::umask(077);
    std::ofstream out(key, std::ios::binary);
    out << pair->private_pem;
    ::umask(old);
    if (!out) return fail("cannot write " + key);
  }
  std::ofstream(pub, std::ios::binary) << pair->public_pem;
  std::printf("%s (private: keep it on the publishing service only)\n%s (public: for "
              "publishing: keys and decree verify --key)\nkey id %s\n",
              key.c_str(), pub.c_str(), publish::key_id(pair->public_pem).c_str());
  return kExitOk;
}

}  // namespace decree::cli
