// Loading one version of a rule set: read its files and those of the versions
// it extends, merge the overrides, load and merge the parameter files, apply
// what-if parameter values, hash everything, then check and plan.
#include "api/ruleset.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "api/hash.h"
#include "api/internal/loader.h"
#include "api/internal/what_if.h"
#include "base/codes_params.h"
#include "base/codes_versions.h"
#include "check/check.h"
#include "params/merge.h"
#include "plan/plan.h"

namespace decree {

namespace fs = std::filesystem;

namespace {

constexpr size_t kMaxChain = 16;

// The text hashed for a file: line ends normalised, a byte-order mark dropped.
std::string normalised(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  size_t start = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
  for (size_t i = start; i < text.size(); ++i)
    if (!(text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n')) out += text[i];
  return out;
}

// Finds the directory that holds version `name`: a sibling of `dir`, else one
// inside `base_dirs` (LoadOptions).
bool find_base(const loader::Level& level, const std::vector<std::string>& base_dirs,
               RuleSet::Storage& st, ast::ExprId& next_id, loader::Level& base, Diagnostics& diags,
               ParseCache* cache) {
  std::vector<fs::path> parents{level.dir.parent_path()};
  if (parents[0].empty()) parents[0] = ".";  // `decree check 2021-07-01` from inside the rule set
  for (const auto& d : base_dirs) parents.emplace_back(d);
  std::error_code ec;
  bool in_a_tree = false;
  for (const auto& parent : parents) {
    std::vector<fs::path> dirs;
    for (const auto& entry : fs::directory_iterator(parent, ec))
      if (entry.is_directory() && !loader::hidden(entry.path()) && entry.path() != level.dir &&
          !fs::equivalent(entry.path(), level.dir, ec))
        dirs.push_back(entry.path());
    std::sort(dirs.begin(), dirs.end());
    // The directory named like the version first, then any that declares it.
    std::stable_partition(dirs.begin(), dirs.end(),
                          [&](const fs::path& d) { return d.filename() == level.extends; });
    for (const auto& dir : dirs) {
      auto files = loader::decree_files(dir);
      if (files.empty()) continue;
      if (&parent == &parents[0]) in_a_tree = true;  // it has sibling versions
      Diagnostics local;
      RuleSet::Storage scratch;
      loader::Level candidate;
      ast::ExprId scratch_id = next_id;
      if (!loader::read_level(files, scratch, scratch_id, candidate, local, cache)) {
        if (dir.filename() != level.extends) continue;
      } else if (candidate.version != level.extends) {
        continue;
      }
      // Parse it again into the real storage (ids continue from next_id).
      return loader::read_level(files, st, next_id, base, diags, cache);
    }
  }
  Message where{msg::version_where_beside, {{"dir", level.dir.string()}}};
  for (const auto& dir : base_dirs)
    where = Message{msg::version_where_or_in, {{"where", where}, {"dir", dir}}};
  auto& d =
      diags.error(level.version_span,
                  Message{msg::version_extends_missing,
                          {{"version", level.version}, {"base", level.extends}, {"where", where}}});
  if (!in_a_tree && base_dirs.empty())
    d.note({}, Message{msg::version_draft_hint, {{"dir", level.dir.string()}}});
  return false;
}

// A payment-date version holds parameter changes only: the rules stay those
// of the version the case's own date selects, so what the law fixes at the
// event stays fixed. Its parameter sets must be ones the rules have.
bool check_payment_level(const loader::Level& level, const std::vector<loader::Level>& chain,
                         Diagnostics& diags) {
  bool ok = true;
  if (level.select_by != kPaymentDate) {
    diags.error(level.version_span, Message{msg::version_not_payment,
                                            {{"version", level.version}, {"field", kPaymentDate}}});
    return false;
  }
  if (!level.extends.empty()) {
    diags.error(level.version_span,
                Message{msg::version_payment_extends, {{"version", level.version}}});
    ok = false;
  }
  auto refuse = [&](const Span& span, const std::string& keyword, const std::string& name) {
    diags.error(span, Message{msg::version_payment_declares,
                              {{"version", level.version},
                               loader::declaration_kind("what", keyword),
                               {"name", name}}});
    ok = false;
  };
  for (const ast::Module* m : level.modules) {
    for (const auto& d : m->inputs) refuse(d.span, "input", d.name);
    for (const auto& d : m->rules)
      refuse(d.span, d.kind == ast::RuleDecl::Kind::output ? "output" : "let", d.name);
    for (const auto& d : m->tables) refuse(d.span, "table", d.name);
    for (const auto& d : m->enums) refuse(d.span, "enum", d.name);
    for (const auto& d : m->records) refuse(d.span, "record", d.name);
    for (const auto& pd : m->parameters) {
      bool known = false;
      for (const auto& l : chain)
        for (const ast::Module* b : l.modules)
          for (const auto& bp : b->parameters) known = known || bp.alias == pd.alias;
      if (!known) {
        std::string regime;
        for (const auto& l : chain)
          if (l.select_by != kPaymentDate) regime = l.version;
        diags.error(pd.span,
                    Message{msg::version_payment_unknown_set,
                            {{"version", level.version}, {"alias", pd.alias}, {"regime", regime}}});
        ok = false;
      }
    }
  }
  return ok;
}

}  // namespace

struct RuleSetLoader {
  static std::unique_ptr<const RuleSet> load(const std::string& path, Diagnostics& diags,
                                             const LoadOptions& options);
};

RuleSet::RuleSet() = default;
RuleSet::~RuleSet() = default;

const std::string& RuleSet::name() const { return checked_->ruleset; }
const std::vector<std::string>& RuleSet::output_names() const { return output_names_; }

const std::vector<OutputPeriod>& RuleSet::output_periods() const { return output_periods_; }

std::unique_ptr<const RuleSet> RuleSet::load(const std::string& path, Diagnostics& diags,
                                             const LoadOptions& options) {
  return RuleSetLoader::load(path, diags, options);
}

std::unique_ptr<const RuleSet> RuleSetLoader::load(const std::string& path, Diagnostics& diags,
                                                   const LoadOptions& options) {
  auto files = loader::decree_files(path);
  if (files.empty()) {
    std::error_code ec;
    diags.error({}, Message{fs::is_directory(path, ec) ? msg::ruleset_no_decree_files
                                                       : msg::ruleset_not_found,
                            {{"path", path}}});
    return nullptr;
  }
  std::unique_ptr<RuleSet> rs(new RuleSet());
  rs->path_ = path;
  rs->storage_ = std::make_unique<RuleSet::Storage>();
  RuleSet::Storage& st = *rs->storage_;
  ast::ExprId next_id = 1;

  // The chain of versions, base first.
  std::vector<loader::Level> chain(1);
  ParseCache* cache = options.parse_cache.get();
  bool ok = loader::read_level(files, st, next_id, chain[0], diags, cache);
  while (ok && !chain.front().extends.empty()) {
    if (chain.size() >= kMaxChain) {
      diags.error(chain.front().version_span,
                  Message{msg::version_extends_cycle, {{"limit", std::to_string(kMaxChain)}}});
      ok = false;
      break;
    }
    loader::Level base;
    if (!find_base(chain.front(), options.base_dirs, st, next_id, base, diags, cache)) {
      ok = false;
      break;
    }
    chain.insert(chain.begin(), std::move(base));
  }
  for (const auto& level : chain)
    if (ok && level.select_by == kPaymentDate) {
      diags.error(level.version_span,
                  Message{msg::version_payment_alone,
                          {{"version", level.version}, {"field", kPaymentDate}}});
      ok = false;
    }
  // A version takes over from the one it extends: it cannot take effect first.
  for (size_t l = 1; ok && l < chain.size(); ++l) {
    const loader::Level &base = chain[l - 1], &level = chain[l];
    if (!base.effective.empty() && !level.effective.empty() && base.effective > level.effective) {
      diags
          .error(level.version_span, Message{msg::version_extends_later,
                                             {{"version", level.version},
                                              {"effective", level.effective},
                                              {"base", base.version},
                                              {"base_effective", base.effective}}})
          .note(base.version_span,
                Message{msg::version_declared_here, {{"version", base.version}}});
      ok = false;
    }
  }
  // Payment-date versions in effect: parameter changes on top of the chain.
  const size_t regime_levels = chain.size();
  for (const auto& dir : options.payment_versions) {
    if (!ok) break;
    auto files = loader::decree_files(dir);
    loader::Level level;
    if (files.empty()) {
      diags.error({}, Message{msg::ruleset_no_decree_files, {{"path", dir}}});
      ok = false;
    } else if (loader::read_level(files, st, next_id, level, diags, cache) &&
               check_payment_level(level, chain, diags)) {
      chain.push_back(std::move(level));
    } else {
      ok = false;
    }
  }
  diags.retain_sources();
  if (!ok) return nullptr;

  const loader::Level& top = chain[regime_levels - 1];
  VersionInfo& info = rs->version_;
  info.name = top.version;
  info.effective = top.effective;
  info.until = top.until;
  info.extends = top.extends;
  for (size_t l = 0; l < regime_levels; ++l)
    if (!chain[l].select_by.empty()) info.select_by = chain[l].select_by;
  if (!loader::merge_overrides(chain, info.overrides, diags)) {
    diags.retain_sources();
    return nullptr;
  }

  // Parameter files: load each; a later version's file is a patch of the
  // parameters merged so far under the same alias (params/merge.h).
  //
  // The rules hash covers the files of the chain as written (normalised) and
  // then the merged values themselves (canonical_text: every parameter's
  // entries with their keys, values, references and reliability, after
  // patches, overlays and --param values). So a patch that changes one entry
  // changes the hash, and so does a change in how patches merge. The same
  // merged values split differently over the files still give a different
  // hash: the hash identifies the files an explanation cites (their
  // positions differ), not only the figures.
  // Each level also gets a hash of its own files (its Contribution).
  Sha256 hash;
  std::vector<std::unique_ptr<Sha256>> level_hashes;
  for (size_t l = 0; l < chain.size(); ++l) level_hashes.push_back(std::make_unique<Sha256>());
  size_t hashing_level = 0;
  // Per level: the parameters a payment-date version changed here, and those
  // it names that this version does not have.
  std::vector<std::vector<std::string>> changed(chain.size()), not_here(chain.size());
  auto hash_file = [&](const std::string& label, const std::string& text) {
    // Overlays (after the levels) count in the rules hash only.
    std::vector<Sha256*> into{&hash};
    if (hashing_level < level_hashes.size()) into.push_back(level_hashes[hashing_level].get());
    for (Sha256* h : into) {
      h->update("file " + label + "\n");
      h->update(normalised(text));
      h->update("\n");
    }
    info.files.push_back(label);
  };
  std::map<std::string, ParameterSet> merged;
  std::map<std::string, size_t> alias_level;
  for (size_t l = 0; l < chain.size(); ++l) {
    hashing_level = l;
    std::string prefix = chain[l].version.empty() ? "" : chain[l].version + "/";
    for (const auto& source : st.sources)
      for (const ast::Module* m : chain[l].modules)
        if (m->source == source)
          hash_file(prefix + fs::path(source->path()).filename().string(), source->text());
    for (ast::Module* m : chain[l].modules) {
      fs::path dir = fs::path(m->source->path()).parent_path();
      for (const auto& pd : m->parameters) {
        auto it = merged.find(pd.alias);
        bool patch = it != merged.end() && alias_level[pd.alias] < l;
        ParamReadOptions read;
        if (patch) read = {ParamFileKind::patch, &it->second, l >= regime_levels};
        Diagnostics local;
        auto set = load_parameters((dir / pd.path).string(), local, read);
        // The file's own errors say what is wrong; a note names the rule
        // file line that reads it, not a second error.
        if (!set && !local.has_errors())
          diags.error(pd.span, Message{msg::version_cannot_load_params, {{"path", pd.path}}});
        for (const Diagnostic& d : local.items()) {
          Diagnostic copy = d;
          if (!set && d.severity == Severity::error)
            copy.note(pd.span, {msg::param_file_read_here, {{"path", pd.path}}});
          diags.add(std::move(copy));
        }
        if (!set) {
          ok = false;
          continue;
        }
        hash_file(prefix + pd.path, set->source->text());
        if (!patch) {
          if (it == merged.end()) merged.emplace(pd.alias, std::move(*set));
          alias_level[pd.alias] = l;
          continue;
        }
        const bool payment_level = l >= regime_levels;
        MergeOptions options;
        options.base_label = "version \"" + (payment_level ? top.version : chain[l].extends) + "\"";
        if (payment_level) {
          // A payment-date version changes the parameters this version has;
          // one only another version has does not apply here.
          for (const auto& name : set->skipped) not_here[l].push_back(pd.alias + "." + name);
          options.allow_new = false;
        }
        auto changes = merge_parameters(it->second, *set, diags, options);
        if (!changes) {
          ok = false;
          continue;
        }
        for (ParamChange& c : *changes) {
          c.name = pd.alias + "." + c.name;
          if (payment_level) {
            changed[l].push_back(c.name);
          } else if (l + 1 == regime_levels) {
            if (c.kind != ParamChange::Kind::added) info.overrides.push_back("parameter " + c.name);
            info.param_changes.push_back(std::move(c));
          }
        }
        alias_level[pd.alias] = l;
      }
    }
  }
  hashing_level = level_hashes.size();
  // What-if values: overlay files, then --param values, over the version.
  for (const auto& path : options.param_files) {
    std::string text;
    ok = loader::apply_overlay(merged, path, text, diags) && ok;
    hash_file("overlay " + path, text);
  }
  for (const auto& o : options.params) {
    ok = loader::apply_param_override(merged, o, diags) && ok;
    hash.update("param " + o.name + "=" + o.value + "\n");
  }
  for (const auto& [alias, set] : merged)
    hash.update("parameters " + alias + "\n" + canonical_text(set));
  rs->overrides_ = options.params;
  rs->param_files_ = options.param_files;
  info.hash = hash.hex();
  for (size_t l = 0; l < chain.size(); ++l)
    info.contributions.push_back({chain[l].version, chain[l].effective, chain[l].select_by,
                                  level_hashes[l]->hex(), changed[l], not_here[l]});
  info.payment_versions = chain.size() - regime_levels;
  if (!ok) {
    diags.retain_sources();
    return nullptr;
  }

  // One `parameters` declaration per alias (the latest level's) goes to the
  // checker, with the merged set.
  for (auto& [alias, set] : merged)
    st.by_alias[alias] = std::make_unique<ParameterSet>(std::move(set));
  for (size_t l = 0; l < chain.size(); ++l) {
    for (ast::Module* m : chain[l].modules) {
      auto& decls = m->parameters;
      decls.erase(
          std::remove_if(decls.begin(), decls.end(),
                         [&](const ast::ParametersDecl& pd) { return alias_level[pd.alias] != l; }),
          decls.end());
    }
  }
  std::vector<const ast::Module*> modules;
  std::vector<const ParameterSet*> param_ptrs;
  for (const auto& level : chain) {
    for (const ast::Module* m : level.modules) {
      modules.push_back(m);
      for (const auto& pd : m->parameters) param_ptrs.push_back(st.by_alias[pd.alias].get());
    }
  }
  auto checked = check(modules, param_ptrs, diags);
  diags.retain_sources();
  if (!checked) return nullptr;
  rs->checked_ = std::make_unique<CheckedProgram>(std::move(*checked));
  rs->program_ = plan(*rs->checked_);
  for (uint32_t r : rs->checked_->outputs) {
    rs->output_names_.push_back(rs->checked_->rules[r].name);
    rs->output_periods_.push_back(rs->checked_->rules[r].period);
  }
  return rs;
}

}  // namespace decree
