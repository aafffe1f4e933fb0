// A rule set's versions side by side, and the choice of the version in effect.
#include "api/timeline.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include "api/internal/loader.h"
#include "base/codes_versions.h"
#include "check/program.h"

namespace decree {

namespace fs = std::filesystem;

namespace {

// An extending version keeps every output of its base, with the same type.
void check_outputs_kept(const RuleSet& version, const RuleSet& base, Diagnostics& diags) {
  const CheckedProgram& v = version.checked();
  const CheckedProgram& b = base.checked();
  for (uint32_t bo : b.outputs) {
    const RuleInfo& was = b.rules[bo];
    auto it = std::find_if(v.outputs.begin(), v.outputs.end(),
                           [&](uint32_t o) { return v.rules[o].name == was.name; });
    if (it == v.outputs.end()) {
      diags.error(was.decl->span, Message{msg::version_output_dropped,
                                          {{"version", version.version().name},
                                           {"output", was.name},
                                           {"base", base.version().name}}});
      continue;
    }
    const RuleInfo& now = v.rules[*it];
    if (v.type_name(now.type) != b.type_name(was.type)) {
      diags
          .error(now.decl->span, Message{msg::version_output_type_changed,
                                         {{"output", was.name},
                                          b.type_arg("was", was.type),
                                          v.type_arg("now", now.type)}})
          .note(was.decl->span,
                Message{msg::version_declares_it_here, {{"version", base.version().name}}});
    }
  }
}

// In a timeline each version lives in a directory named after it: tests,
// `--version` and `extends` name versions, and a reader of the tree goes by
// the directory names.
void check_directory_name(const RuleSet& version, const fs::path& dir, Diagnostics& diags) {
  const std::string& name = version.version().name;
  if (name.empty() || dir.filename() == name) return;
  Span where;
  for (const ast::Module* m : version.checked().modules)
    if (m->version == name && fs::path(m->source->path()).parent_path() == dir)
      where = m->version_span;
  MessageArgs args = {{"version", name}, {"dir", dir.filename().string()}};
  diags.error(where, Message{msg::version_dir_name, args})
      .note({}, Message{msg::version_dir_rename, args});
}

// What a version directory's header says, read without loading the version:
// whether it is a payment-date version. nullopt after reporting a parse error.
struct Header {
  loader::Level level;
  std::unique_ptr<RuleSet::Storage> files;  // the files the level's spans point into
  std::string basis;                        // the first file's `basis` that has one
};

std::optional<Header> read_header(const fs::path& dir, Diagnostics& diags) {
  auto files = std::make_unique<RuleSet::Storage>();
  ast::ExprId ids = 1;
  loader::Level level;
  const bool read = loader::read_level(loader::decree_files(dir), *files, ids, level, diags);
  // Notes added after their error (another file's header) point into these
  // files too: the diagnostics keep them once the scratch storage is gone.
  diags.retain_sources();
  if (!read) return std::nullopt;
  std::string basis;
  for (const ast::Module* m : level.modules)
    if (basis.empty()) basis = m->basis;
  level.modules.clear();
  return Header{std::move(level), std::move(files), std::move(basis)};
}

}  // namespace

std::unique_ptr<const RuleTimeline> RuleTimeline::load(const std::string& path, Diagnostics& diags,
                                                       const LoadOptions& options) {
  auto t = std::unique_ptr<RuleTimeline>(new RuleTimeline());
  const size_t errors_before = diags.error_count();
  std::vector<fs::path> dirs;
  if (!loader::decree_files(path).empty()) {
    dirs.push_back(path);
  } else {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(path, ec))
      if (entry.is_directory() && !loader::hidden(entry.path()) &&
          !loader::decree_files(entry.path()).empty())
        dirs.push_back(entry.path());
    std::sort(dirs.begin(), dirs.end());
    if (dirs.empty()) {
      diags.error({}, Message{msg::ruleset_no_rules_here, {{"path", path}}});
      return nullptr;
    }
  }
  // Drafts join the timeline as if they were published; a draft finds the
  // version it extends in the rules directory.
  LoadOptions with_drafts = options;
  // Each version is loaded once per stack of payment-date versions: its
  // files are parsed once.
  if (!with_drafts.parse_cache) with_drafts.parse_cache = std::make_shared<ParseCache>();
  std::set<fs::path> drafts;
  const fs::path tree =
      dirs.size() == 1 && dirs[0] == fs::path(path) ? fs::path(path).parent_path() : fs::path(path);
  if (!options.drafts.empty()) with_drafts.base_dirs.push_back(tree.empty() ? "." : tree.string());
  for (const auto& d : options.drafts) {
    std::error_code ec;
    if (loader::decree_files(d).empty()) {
      diags.error({}, Message{msg::version_draft_not_dir, {{"path", d}}});
      return nullptr;
    }
    bool inside = false;
    for (const auto& dir : dirs) inside = inside || fs::equivalent(dir, d, ec);
    if (inside) continue;  // already part of the rules directory
    dirs.push_back(d);
    drafts.insert(d);
  }
  bool ok = true;
  // A base version's files are checked again inside each version that
  // extends it, and a payment-date version inside every version: report each
  // diagnostic once.
  std::set<std::string> seen;
  auto report = [&](const Diagnostics& local) {
    for (const auto& d : local.items())
      if (seen.insert(render_brief(d)).second) diags.add(d);
  };
  // Payment-date versions are not loaded on their own but stacked on top of
  // each version the case's own date selects.
  std::vector<fs::path> event_dirs;
  for (const auto& dir : dirs) {
    Diagnostics local;
    auto header = read_header(dir, local);
    if (!header) {
      report(local);
      ok = false;
      continue;
    }
    if (header->level.select_by != kPaymentDate) {
      event_dirs.push_back(dir);
      continue;
    }
    if (dirs.size() > 1 && !drafts.count(dir) && dir.filename() != header->level.version) {
      diags.error(header->level.version_span,
                  Message{msg::version_dir_name,
                          {{"version", header->level.version}, {"dir", dir.filename().string()}}});
      ok = false;
    }
    t->payment_versions_.push_back({header->level.version, header->level.effective, dir.string(),
                                    {}, {}, header->basis});
  }
  for (const auto& dir : event_dirs) {
    Diagnostics local;
    auto rs = RuleSet::load(dir.string(), local, with_drafts);
    report(local);
    if (!rs) {
      ok = false;
      continue;
    }
    if (!drafts.count(dir) && (dirs.size() > 1 || dir != fs::path(path)))
      check_directory_name(*rs, dir, diags);
    t->versions_.push_back(std::move(rs));
  }
  if (ok && t->versions_.empty()) {
    diags.error({}, Message{msg::version_only_payment, {{"path", path}, {"field", kPaymentDate}}});
    ok = false;
  }
  if (!ok) return nullptr;
  const RuleSet& first = *t->versions_.front();
  t->name_ = first.name();
  t->select_by_ = first.version().select_by;
  for (const auto& v : t->versions_) {
    if (v->name() != t->name_)
      diags.error({}, Message{msg::version_other_ruleset,
                              {{"path", v->path()},
                               {"name", v->name()},
                               {"first", first.path()},
                               {"first_name", t->name_}}});
    if (t->versions_.size() > 1 && v->version().name.empty())
      diags.error({}, Message{msg::version_header_needed, {{"path", v->path()}}});
    if (v->version().select_by != t->select_by_)
      diags.error({}, Message{msg::version_select_by_differs,
                              {{"path", v->path()},
                               {"field", v->version().select_by},
                               {"first", first.path()},
                               {"first_field", t->select_by_}}});
  }
  std::sort(t->versions_.begin(), t->versions_.end(), [](const auto& a, const auto& b) {
    return a->version().effective < b->version().effective;
  });
  for (size_t i = 1; i < t->versions_.size(); ++i) {
    const VersionInfo& a = t->versions_[i - 1]->version();
    const VersionInfo& b = t->versions_[i]->version();
    if (a.name == b.name)
      diags.error({}, Message{msg::version_defined_twice,
                              {{"path", t->versions_[i]->path()}, {"version", b.name}}});
    if (a.effective == b.effective && !a.effective.empty())
      diags.error({}, Message{msg::version_same_day,
                              {{"path", t->versions_[i]->path()}, {"a", a.name}, {"b", b.name}}});
  }
  for (const auto& v : t->versions_)
    if (!v->version().extends.empty())
      if (const RuleSet* base = t->find(v->version().extends)) check_outputs_kept(*v, *base, diags);

  // Each version with the payment-date versions in effect at each date.
  std::stable_sort(t->payment_versions_.begin(), t->payment_versions_.end(),
                   [](const auto& a, const auto& b) { return a.effective < b.effective; });
  for (size_t i = 1; i < t->payment_versions_.size(); ++i)
    if (t->payment_versions_[i].effective == t->payment_versions_[i - 1].effective ||
        t->payment_versions_[i].name == t->payment_versions_[i - 1].name)
      diags.error({}, Message{msg::version_payment_same_day,
                              {{"path", t->payment_versions_[i].dir},
                               {"a", t->payment_versions_[i - 1].name},
                               {"b", t->payment_versions_[i].name}}});
  for (const auto& pv : t->payment_versions_)
    if (t->find(pv.name))
      diags.error({},
                  Message{msg::version_defined_twice, {{"path", pv.dir}, {"version", pv.name}}});
  t->stacked_.resize(t->versions_.size());
  for (size_t v = 0; v < t->versions_.size() && diags.error_count() == errors_before; ++v) {
    LoadOptions stacked = with_drafts;
    for (size_t k = 0; k < t->payment_versions_.size(); ++k) {
      PaymentVersion& pv = t->payment_versions_[k];
      stacked.payment_versions.push_back(pv.dir);
      Diagnostics local;
      auto rs = RuleSet::load(t->versions_[v]->path(), local, stacked);
      report(local);
      if (!rs) break;
      const Contribution& mine = rs->version().contributions.back();
      pv.hash = mine.hash;
      for (const auto& name : mine.changed)
        if (std::find(pv.changes.begin(), pv.changes.end(), name) == pv.changes.end())
          pv.changes.push_back(name);
      t->stacked_[v].push_back(std::move(rs));
    }
  }
  // A parameter that no version has is a mistake (a misspelling, usually).
  if (diags.error_count() == errors_before && !t->versions_.empty())
    for (size_t k = 0; k < t->payment_versions_.size(); ++k)
      for (const auto& name : t->stacked_[0][k]->version().contributions.back().not_applicable)
        if (std::find(t->payment_versions_[k].changes.begin(),
                      t->payment_versions_[k].changes.end(),
                      name) == t->payment_versions_[k].changes.end())
          diags.error({}, Message{msg::version_payment_unknown_param,
                                  {{"path", t->payment_versions_[k].dir},
                                   {"version", t->payment_versions_[k].name},
                                   {"param", name},
                                   {"ruleset", t->name_}}});
  diags.retain_sources();
  if (diags.error_count() > errors_before) return nullptr;
  return t;
}

const RuleSet* RuleTimeline::in_effect(Date d) const {
  const RuleSet* best = nullptr;
  std::string day = d.to_string();
  for (const auto& v : versions_) {
    const VersionInfo& info = v->version();
    if (!info.effective.empty() && info.effective > day) continue;
    if (!info.until.empty() && info.until < day) continue;
    best = v.get();  // sorted by effective date: the latest that applies wins
  }
  return best;
}

std::string RuleTimeline::name_at(const std::string& path) {
  fs::path dir = path;
  if (loader::decree_files(dir).empty()) {
    std::error_code ec;
    std::vector<fs::path> subs;
    for (const auto& entry : fs::directory_iterator(path, ec))
      if (entry.is_directory() && !loader::hidden(entry.path()) &&
          !loader::decree_files(entry.path()).empty())
        subs.push_back(entry.path());
    if (subs.empty()) return {};
    dir = *std::min_element(subs.begin(), subs.end());
  }
  RuleSet::Storage scratch;
  ast::ExprId ids = 1;
  loader::Level level;
  Diagnostics ignored;
  loader::read_level(loader::decree_files(dir), scratch, ids, level, ignored);
  return level.modules.empty() ? std::string() : level.modules.front()->ruleset;
}

const RuleSet* RuleTimeline::for_payment(const RuleSet* version,
                                         std::optional<Date> payment) const {
  if (!payment || payment_versions_.empty()) return version;
  std::string day = payment->to_string();
  size_t in_effect = 0;
  while (in_effect < payment_versions_.size() && payment_versions_[in_effect].effective <= day)
    ++in_effect;
  if (in_effect == 0) return version;
  for (size_t v = 0; v < versions_.size(); ++v)
    if (versions_[v].get() == version) return stacked_[v][in_effect - 1].get();
  return version;
}

std::vector<const RuleSet*> RuleTimeline::all() const {
  std::vector<const RuleSet*> out;
  for (const auto& v : versions_) out.push_back(v.get());
  for (const auto& s : stacked_)
    for (const auto& r : s) out.push_back(r.get());
  return out;
}

const RuleSet* RuleTimeline::find(std::string_view version) const {
  for (const auto& v : versions_)
    if (v->version().name == version) return v.get();
  return nullptr;
}

std::string RuleTimeline::describe() const {
  std::string out;
  for (const auto& v : versions_) {
    if (!out.empty()) out += ", ";
    const VersionInfo& info = v->version();
    out += "\"" + info.name + "\"";
    if (!info.effective.empty()) out += " from " + info.effective;
    if (!info.until.empty()) out += " until " + info.until;
  }
  return out;
}

}  // namespace decree
