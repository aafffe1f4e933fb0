// A rule set's versions side by side, and the choice of the version in effect.
#include "api/timeline.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include "api/internal/loader.h"
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
      diags.error(was.decl->span, "version \"" + version.version().name +
                                      "\" no longer has output `" + was.name + "` of version \"" +
                                      base.version().name + "\"");
      continue;
    }
    const RuleInfo& now = v.rules[*it];
    if (v.type_name(now.type) != b.type_name(was.type)) {
      auto& d = diags.error(now.decl->span, "override changes the type of output `" + was.name +
                                                "` from " + b.type_name(was.type) + " to " +
                                                v.type_name(now.type));
      d.notes.push_back(
          {was.decl->span, "version \"" + base.version().name + "\" declares it here"});
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
  auto& d =
      diags.error(where, "version \"" + name + "\" is in directory `" + dir.filename().string() +
                             "`: a version's directory is named after it");
  d.notes.push_back({{},
                     "rename the directory to `" + name + "`, or the version to \"" +
                         dir.filename().string() + "\""});
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
      if (entry.is_directory() && !loader::decree_files(entry.path()).empty())
        dirs.push_back(entry.path());
    std::sort(dirs.begin(), dirs.end());
    if (dirs.empty()) {
      diags.error(
          {},
          path +
              ": no rule set here (expected .decree files, or one directory of them per version)");
      return nullptr;
    }
  }
  bool ok = true;
  // A base version's files are checked again inside each version that
  // extends it: report each diagnostic once.
  std::set<std::string> seen;
  for (const auto& dir : dirs) {
    Diagnostics local;
    auto rs = RuleSet::load(dir.string(), local, options);
    for (const auto& d : local.items())
      if (seen.insert(render_brief(d)).second) diags.add(d);
    if (!rs) {
      ok = false;
      continue;
    }
    if (dirs.size() > 1 || dir != fs::path(path)) check_directory_name(*rs, dir, diags);
    t->versions_.push_back(std::move(rs));
  }
  if (!ok) return nullptr;
  const RuleSet& first = *t->versions_.front();
  t->name_ = first.name();
  t->select_by_ = first.version().select_by;
  for (const auto& v : t->versions_) {
    if (v->name() != t->name_)
      diags.error({}, v->path() + ": rule set `" + v->name() + "`, but " + first.path() + " is `" +
                          t->name_ + "`");
    if (t->versions_.size() > 1 && v->version().name.empty())
      diags.error(
          {}, v->path() + ": a rule set with several versions needs a `version` in every header");
    if (v->version().select_by != t->select_by_)
      diags.error({}, v->path() + ": `select by " + v->version().select_by + "` differs from " +
                          first.path() + "'s `select by " + t->select_by_ + "`");
  }
  std::sort(t->versions_.begin(), t->versions_.end(), [](const auto& a, const auto& b) {
    return a->version().effective < b->version().effective;
  });
  for (size_t i = 1; i < t->versions_.size(); ++i) {
    const VersionInfo& a = t->versions_[i - 1]->version();
    const VersionInfo& b = t->versions_[i]->version();
    if (a.name == b.name)
      diags.error({}, t->versions_[i]->path() + ": version \"" + b.name + "\" is defined twice");
    if (a.effective == b.effective && !a.effective.empty())
      diags.error({}, t->versions_[i]->path() + ": versions \"" + a.name + "\" and \"" + b.name +
                          "\" take effect on the same day");
  }
  for (const auto& v : t->versions_)
    if (!v->version().extends.empty())
      if (const RuleSet* base = t->find(v->version().extends)) check_outputs_kept(*v, *base, diags);
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
