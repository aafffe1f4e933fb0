#include "publish/workflow.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "api/decree.h"
#include "api/hash.h"
#include "audit/decision_id.h"
#include "base/characters.h"
#include "base/codes_publish.h"
#include "publish/assessment.h"
#include "publish/files.h"
#include "publish/publication.h"
#include "publish/signing.h"
#include "publish/verify.h"

namespace decree::publish {
namespace {

namespace fs = std::filesystem;
using Outcome = StepResult::Outcome;

StepResult refused(Message why, Outcome outcome = Outcome::refused) {
  StepResult r;
  r.outcome = outcome;
  r.why = std::move(why);
  return r;
}

// {state} and {step} of the messages, in either language.
MessageArg state_arg(ProposalState state) {
  static const char* zh[] = {"待复核", "已批准", "已驳回", "已发布"};
  return {"state", std::string(state_name(state)), zh[static_cast<int>(state)]};
}
MessageArg step_arg(const char* en) {
  const std::string e = en;
  const char* zh = e == "approved" ? "批准" : e == "rejected" ? "驳回" : e == "published" ? "发布" : "修改";
  return {"step", e, zh};
}

bool has_role(const Actor& a, const char* role) { return a.role == role || a.role == "admin"; }

audit::Record record_of(const Actor& actor, const char* action, const std::string& ruleset,
                        const std::string& version, const std::string& id) {
  audit::Record r;
  const int64_t now = audit::unix_ms_now();
  r.decision_id = audit::new_decision_id(static_cast<uint64_t>(now));
  r.time = audit::utc_time(now);
  r.caller = actor.name;
  r.role = actor.role;
  r.action = action;
  r.ruleset = ruleset;
  r.version = version;
  r.case_id = id;
  return r;
}

std::string bare(const std::string& hash) {
  return hash.rfind("sha256:", 0) == 0 ? hash.substr(7) : hash;
}

// The version a draft's rule files declare: `version "2025-07-01"`.
std::string declared_version(const std::vector<ProposalFile>& files) {
  static const std::regex header(R"re((^|\n)\s*version\s+"([^"]+)")re");
  for (const auto& f : files) {
    if (f.path.size() < 7 || f.path.compare(f.path.size() - 7, 7, ".decree") != 0) continue;
    std::smatch m;
    if (std::regex_search(f.content, m, header)) return m[2];
  }
  return {};
}

std::optional<Message> bad_file(const ProposalFile& f) {
  const fs::path p(f.path);
  bool bad = f.path.empty() || p.is_absolute() || f.path.find('\\') != std::string::npos ||
             f.path == kPublicationFile;
  for (const auto& part : p)
    if (part.empty() || part.string().front() == '.') bad = true;
  if (bad) return Message{msg::workflow_bad_path, {{"path", f.path}}};
  if (find_invalid_utf8(f.content)) return Message{msg::workflow_not_utf8, {{"path", f.path}}};
  return std::nullopt;
}

// The published rule set as one hash: each version's name and own hash.
std::string published_hash(const std::string& dir) {
  Diagnostics ignored;
  auto timeline = RuleTimeline::load(dir, ignored);
  Sha256 h;
  if (timeline)
    for (const auto& v : version_files(*timeline, dir))
      h.update(v.version + "=" + v.hash + "\n");
  return "sha256:" + h.hex();
}

}  // namespace

Workflow::Workflow(Registry& registry, WorkflowConfig config)
    : registry_(registry), config_(std::move(config)) {
  for (const auto& r : config_.rule_sets) names_.push_back(RuleTimeline::name_at(r.dir));
}

const ManagedRuleSet* Workflow::managed(const std::string& ruleset_name) const {
  for (size_t i = 0; i < names_.size(); ++i)
    if (names_[i] == ruleset_name) return &config_.rule_sets[i];
  return nullptr;
}

StepResult Workflow::get(const std::string& id) const {
  std::optional<Proposal> p;
  std::string error;
  if (!registry_.get(id, p, error))
    return refused({msg::workflow_store_failed, {{"detail", error}}}, Outcome::failed);
  if (!p) return refused({msg::workflow_no_such_proposal, {{"id", id}}}, Outcome::not_found);
  StepResult r;
  r.proposal = std::move(p);
  return r;
}

bool Workflow::list(const ProposalFilter& filter, std::vector<Proposal>& out,
                    std::string& error) const {
  return registry_.list(filter, out, error);
}

// The refusal, recorded in the audit chain (a refused step is a step too:
// an attempted self-approval is what an auditor looks for).
static StepResult refuse_step(Registry& registry, const Actor& actor, const char* action,
                              const std::string& ruleset, const std::string& version,
                              const std::string& id, Message why,
                              Outcome outcome = Outcome::refused) {
  audit::Record record = record_of(actor, action, ruleset, version, id);
  record.outcome = "refused";
  record.result_sha256 = sha256_hex(message_text(why, Lang::en));
  std::string error;
  if (!registry.record_refusal(record, error))
    return refused({msg::workflow_store_failed, {{"detail", error}}}, Outcome::failed);
  return refused(std::move(why), outcome);
}

namespace {

// Fills what the assessment gives a proposal: rules hash, assessment,
// content and base hashes. A Message when the submission cannot be taken.
std::optional<Message> assess_into(Proposal& p, const ManagedRuleSet& rules, unsigned threads) {
  Scratch scratch;
  const std::string tree = scratch.copy_rules(rules.dir);
  const std::string version_dir = tree + "/" + p.version;
  if (p.kind != ProposalKind::add) fs::remove_all(version_dir);
  if (p.kind != ProposalKind::withdraw) write_files(version_dir, p.files);
  std::vector<std::string> tests;
  for (const auto& t : p.tests) tests.push_back(scratch.write("tests/" + t.path, t.content));

  AssessmentInput in;
  in.rules = &rules;
  in.candidate_dir = tree;
  in.shown_as = p.id.empty() ? "proposal" : p.id;
  in.needs_tests = p.kind != ProposalKind::withdraw;
  in.test_files = tests;
  in.base_params = p.base_params;
  in.threads = threads;
  // The version's own hash, and the payment date assessed (by default the
  // version's effective date).
  Diagnostics diags;
  auto candidate = RuleTimeline::load(tree, diags);
  std::string effective;
  if (p.kind == ProposalKind::withdraw) {
    Diagnostics ignored;
    auto published = RuleTimeline::load(rules.dir, ignored);
    if (published)
      for (const auto& v : version_files(*published, rules.dir))
        if (v.version == p.version) p.rules_hash = "sha256:" + v.hash;
  } else if (candidate) {
    for (const auto& v : version_files(*candidate, tree))
      if (v.version == p.version) p.rules_hash = "sha256:" + v.hash;
    if (const RuleSet* v = candidate->find(p.version)) effective = v->version().effective;
    for (const auto& pv : candidate->payment_versions())
      if (pv.name == p.version) effective = pv.effective;
  }
  if (p.as_of.empty()) p.as_of = effective;
  if (!p.as_of.empty()) in.as_of = Date::parse(p.as_of);
  p.assessment = assess(in);
  p.base_hash = published_hash(rules.dir);
  p.content_hash = content_hash_of(p);
  return std::nullopt;
}

}  // namespace

StepResult Workflow::propose(const Actor& author, const Submission& s) {
  const char* step = "propose";
  auto no = [&](Message why, Outcome o = Outcome::refused) {
    return refuse_step(registry_, author, step, s.ruleset, s.version, "", std::move(why), o);
  };
  if (!has_role(author, "author"))
    return no({msg::workflow_no_role,
               {{"who", author.name}, {"role", author.role}, {"step", step}, {"needed", "author"}}});
  const ManagedRuleSet* rules = managed(s.ruleset);
  if (!rules) return no({msg::workflow_no_such_ruleset, {{"ruleset", s.ruleset}}});
  Proposal p;
  p.ruleset = s.ruleset;
  p.kind = s.kind;
  p.author = author.name;
  p.comment = s.comment;
  p.tests = s.tests;
  p.base_params = s.base_params;
  p.as_of = s.as_of;
  if (s.kind != ProposalKind::withdraw) {
    if (s.files.empty()) return no({msg::workflow_no_files, {}});
    p.files = s.files;
    std::sort(p.files.begin(), p.files.end(),
              [](const ProposalFile& a, const ProposalFile& b) { return a.path < b.path; });
  }
  for (const auto* set : {&p.files, &p.tests})
    for (const auto& f : *set)
      if (auto bad = bad_file(f)) return no(*bad);
  p.version = s.kind == ProposalKind::withdraw ? s.version : declared_version(p.files);
  if (p.version.empty()) return no({msg::workflow_no_version, {}});
  if (!s.version.empty() && s.version != p.version)
    return no({msg::workflow_version_changed, {{"declared", p.version}, {"version", s.version}}});
  const bool exists = fs::is_directory(fs::path(rules->dir) / p.version);
  if (s.kind == ProposalKind::add && exists)
    return no({msg::workflow_version_exists, {{"ruleset", s.ruleset}, {"version", p.version}}});
  if (s.kind != ProposalKind::add && !exists)
    return no({msg::workflow_no_such_version, {{"ruleset", s.ruleset}, {"version", p.version}}});
  if (auto why = assess_into(p, *rules, config_.threads)) return no(*why);
  p.state = ProposalState::proposed;
  p.created_at = p.updated_at = audit::utc_now();
  p.events.push_back({p.created_at, author.name, author.role, step, s.comment, p.content_hash});
  audit::Record record = record_of(author, step, p.ruleset, p.version, "");
  record.rules_hash = p.rules_hash;
  record.input_sha256 = bare(p.content_hash);
  record.outcome = "ok";
  std::string error;
  // The id is given by the registry: the report's name for the candidate
  // says "proposal" until then.
  record.result_sha256 = sha256_hex(proposal_json(p));
  if (!registry_.create(p, record, error))
    return refused({msg::workflow_store_failed, {{"detail", error}}}, Outcome::failed);
  StepResult r;
  r.proposal = std::move(p);
  return r;
}

StepResult Workflow::amend(const Actor& author, const std::string& id, const Submission& s) {
  const char* step = "amend";
  StepResult got = get(id);
  if (!got.ok()) return got;
  Proposal p = std::move(*got.proposal);
  auto no = [&](Message why, Outcome o = Outcome::refused) {
    return refuse_step(registry_, author, step, p.ruleset, p.version, id, std::move(why), o);
  };
  if (!has_role(author, "author"))
    return no({msg::workflow_no_role,
               {{"who", author.name}, {"role", author.role}, {"step", step}, {"needed", "author"}}});
  if (author.name != p.author)
    return no({msg::workflow_not_author, {{"author", p.author}, {"id", id}}});
  if (p.state == ProposalState::published)
    return no({msg::workflow_wrong_state,
               {{"id", id}, state_arg(p.state), step_arg("amended")}});
  const ManagedRuleSet* rules = managed(p.ruleset);
  if (!rules) return no({msg::workflow_no_such_ruleset, {{"ruleset", p.ruleset}}});
  if (p.kind != ProposalKind::withdraw) {
    if (s.files.empty()) return no({msg::workflow_no_files, {}});
    std::vector<ProposalFile> files = s.files;
    std::sort(files.begin(), files.end(),
              [](const ProposalFile& a, const ProposalFile& b) { return a.path < b.path; });
    for (const auto& f : files)
      if (auto bad = bad_file(f)) return no(*bad);
    const std::string declared = declared_version(files);
    if (declared != p.version)
      return no({msg::workflow_version_changed, {{"declared", declared}, {"version", p.version}}});
    p.files = std::move(files);
  }
  for (const auto& f : s.tests)
    if (auto bad = bad_file(f)) return no(*bad);
  p.tests = s.tests;
  p.base_params = s.base_params;
  p.as_of = s.as_of;
  if (!s.comment.empty()) p.comment = s.comment;
  if (auto why = assess_into(p, *rules, config_.threads)) return no(*why);
  // An amendment voids any review: the reviewer read other content.
  p.state = ProposalState::proposed;
  p.reviewer.clear();
  p.reviewed_at.clear();
  p.review_comment.clear();
  p.approved_hash.clear();
  p.updated_at = audit::utc_now();
  p.events.push_back({p.updated_at, author.name, author.role, step, s.comment, p.content_hash});
  const std::string input = bare(p.content_hash);
  return store_step(std::move(p), author, step, input);
}

StepResult Workflow::review(const Actor& reviewer, const std::string& id, bool approve,
                            const std::string& comment, const std::string& seen_hash) {
  const char* step = approve ? "approve" : "reject";
  StepResult got = get(id);
  if (!got.ok()) return got;
  Proposal p = std::move(*got.proposal);
  auto no = [&](Message why, Outcome o = Outcome::refused) {
    return refuse_step(registry_, reviewer, step, p.ruleset, p.version, id, std::move(why), o);
  };
  if (!has_role(reviewer, "reviewer"))
    return no({msg::workflow_no_role, {{"who", reviewer.name},
                                       {"role", reviewer.role},
                                       {"step", step},
                                       {"needed", "reviewer"}}});
  // Four eyes: the author never reviews their own proposal, whatever role
  // they hold.
  if (reviewer.name == p.author)
    return no({msg::workflow_self_review, {{"who", reviewer.name}, {"id", id}}});
  if (p.state != ProposalState::proposed)
    return no({msg::workflow_wrong_state,
               {{"id", id}, state_arg(p.state), step_arg(approve ? "approved" : "rejected")}});
  if (seen_hash != p.content_hash)
    return no({msg::workflow_changed_since_read,
               {{"id", id}, {"seen", seen_hash}, {"now", p.content_hash}}});
  // What is stored must be what was assessed: a file changed in the store
  // behind the workflow's back does not get approved.
  const std::string now = content_hash_of(p);
  if (now != p.content_hash)
    return no({msg::workflow_changed_since_read,
               {{"id", id}, {"seen", p.content_hash}, {"now", now}}});
  if (approve && !p.assessment.passed()) {
    std::string failed, failed_zh;
    for (const auto& c : p.assessment.checks) {
      if (c.passed) continue;
      const std::string zh = c.name == "check"             ? "检查"
                             : c.name == "rule_tests"      ? "规则测试"
                             : c.name == "reference_tests" ? "参考测试"
                                                           : "影响评估";
      failed += (failed.empty() ? "" : "; ") + c.name + ": " + c.summary;
      failed_zh += (failed_zh.empty() ? "" : "；") + zh + "：" + c.summary;
    }
    return no({msg::workflow_assessment_failed, {{"id", id}, {"failed", failed, failed_zh}}});
  }
  p.state = approve ? ProposalState::approved : ProposalState::rejected;
  p.reviewer = reviewer.name;
  p.reviewed_at = p.updated_at = audit::utc_now();
  p.review_comment = comment;
  p.approved_hash = approve ? p.content_hash : std::string();
  p.events.push_back({p.reviewed_at, reviewer.name, reviewer.role, step, comment, p.content_hash});
  const std::string input = sha256_hex(std::string(step) + "\n" + seen_hash + "\n" + comment);
  return store_step(std::move(p), reviewer, step, input);
}

StepResult Workflow::publish(const Actor& publisher, const std::string& id) {
  const char* step = "publish";
  StepResult got = get(id);
  if (!got.ok()) return got;
  Proposal p = std::move(*got.proposal);
  auto no = [&](Message why, Outcome o = Outcome::refused) {
    return refuse_step(registry_, publisher, step, p.ruleset, p.version, id, std::move(why), o);
  };
  if (!has_role(publisher, "publisher"))
    return no({msg::workflow_no_role, {{"who", publisher.name},
                                       {"role", publisher.role},
                                       {"step", step},
                                       {"needed", "publisher"}}});
  if (p.state != ProposalState::approved)
    return no({msg::workflow_wrong_state,
               {{"id", id}, state_arg(p.state), step_arg("published")}});
  const std::string now = content_hash_of(p);
  if (p.approved_hash != p.content_hash || now != p.approved_hash)
    return no({msg::workflow_approval_void, {{"id", id}, {"approved", p.approved_hash}, {"now", now}}});
  if (p.reviewer.empty() || p.reviewer == p.author)
    return no({msg::workflow_self_review, {{"who", p.author}, {"id", id}}});
  const ManagedRuleSet* rules = managed(p.ruleset);
  if (!rules) return no({msg::workflow_no_such_ruleset, {{"ruleset", p.ruleset}}});
  // Concurrent proposals on the same base: the first published wins; the
  // others were assessed against rules that are no longer the published ones.
  if (published_hash(rules->dir) != p.base_hash) return no({msg::workflow_stale_base, {{"id", id}}});
  if (config_.signing_key.empty()) return no({msg::workflow_no_signing_key, {}});

  std::vector<PublishedVersion> published;
  std::string error;
  if (!registry_.published(p.ruleset, published, error))
    return refused({msg::workflow_store_failed, {{"detail", error}}}, Outcome::failed);
  int64_t head = 0;
  for (const auto& v : published)
    if (v.version == p.version) head = v.seq;
  // Two proposals of one new version: the second finds it there.
  const bool exists = fs::is_directory(fs::path(rules->dir) / p.version);
  if (p.kind == ProposalKind::add && exists)
    return no({msg::workflow_version_exists, {{"ruleset", p.ruleset}, {"version", p.version}}});
  if (p.kind != ProposalKind::add && !exists)
    return no({msg::workflow_no_such_version, {{"ruleset", p.ruleset}, {"version", p.version}}});

  PublishedVersion pv;
  pv.ruleset = p.ruleset;
  pv.version = p.version;
  pv.proposal = id;
  pv.time = audit::utc_now();
  pv.withdrawn = p.kind == ProposalKind::withdraw;
  if (!pv.withdrawn) {
    Publication pub;
    pub.ruleset = p.ruleset;
    pub.version = p.version;
    pub.rules_hash = p.rules_hash;
    pub.proposal = id;
    pub.author = p.author;
    pub.reviewer = p.reviewer;
    pub.approved_at = p.reviewed_at;
    pub.published_at = pv.time;
    pub.key = key_id(public_key_of(config_.signing_key));
    auto signature = sign(config_.signing_key, statement(pub), error);
    if (!signature) return no({msg::workflow_no_signing_key, {}});
    pub.signature = *signature;
    pv.rules_hash = p.rules_hash;
    pv.files = p.files;
    pv.files.push_back({kPublicationFile, publication_yaml(pub)});
  }
  p.state = ProposalState::published;
  p.publisher = publisher.name;
  p.published_at = p.updated_at = pv.time;
  p.events.push_back({pv.time, publisher.name, publisher.role,
                      pv.withdrawn ? "publish (withdrawal)" : step, "", p.content_hash});
  const std::string input = bare(p.content_hash);
  StepResult r =
      store_step(std::move(p), publisher, pv.withdrawn ? "withdraw" : step, input, &pv, head);
  if (!r.ok()) return r;
  // The registry is the truth; the directory follows it (and a replica's
  // directory follows at its next sync).
  bool changed = false;
  std::string sync_error;
  sync(changed, sync_error);
  if (!changed && on_published) on_published();
  if (!sync_error.empty()) r.why = {msg::workflow_store_failed, {{"detail", sync_error}}};
  return r;
}

StepResult Workflow::store_step(Proposal p, const Actor& who, const char* action,
                                 const std::string& input_sha256, const PublishedVersion* published,
                                 int64_t expected_head) {
  ++p.revision;
  audit::Record record = record_of(who, action, p.ruleset, p.version, p.id);
  record.rules_hash = p.rules_hash;
  record.input_sha256 = input_sha256;
  record.result_sha256 = sha256_hex(proposal_json(p));
  record.outcome = "ok";
  std::string error;
  switch (registry_.update(p, record, error, published, expected_head)) {
    case Registry::Update::ok:
      break;
    case Registry::Update::conflict:
      return refused({msg::workflow_conflict, {{"id", p.id}}}, Outcome::conflict);
    case Registry::Update::failed:
      return refused({msg::workflow_store_failed, {{"detail", error}}}, Outcome::failed);
  }
  StepResult r;
  r.proposal = std::move(p);
  return r;
}

bool Workflow::sync(bool& changed, std::string& error) {
  changed = false;
  for (size_t i = 0; i < config_.rule_sets.size(); ++i) {
    std::vector<PublishedVersion> published;
    if (!registry_.published(names_[i], published, error)) return false;
    for (const auto& v : published)
      if (!make_dir_hold(config_.rule_sets[i].dir, v, changed, error)) return false;
  }
  if (changed && on_published) on_published();
  return true;
}

}  // namespace decree::publish
