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
#include "check/check.h"
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
               RuleSet::Storage& st, ast::ExprId& next_id, loader::Level& base,
               Diagnostics& diags) {
  std::vector<fs::path> parents{level.dir.parent_path()};
  if (parents[0].empty()) parents[0] = ".";  // `decree check 2021-07-01` from inside the rule set
  for (const auto& d : base_dirs) parents.emplace_back(d);
  std::error_code ec;
  for (const auto& parent : parents) {
    std::vector<fs::path> dirs;
    for (const auto& entry : fs::directory_iterator(parent, ec))
      if (entry.is_directory() && entry.path() != level.dir &&
          !fs::equivalent(entry.path(), level.dir, ec))
        dirs.push_back(entry.path());
    std::sort(dirs.begin(), dirs.end());
    // The directory named like the version first, then any that declares it.
    std::stable_partition(dirs.begin(), dirs.end(),
                          [&](const fs::path& d) { return d.filename() == level.extends; });
    for (const auto& dir : dirs) {
      auto files = loader::decree_files(dir);
      if (files.empty()) continue;
      Diagnostics local;
      RuleSet::Storage scratch;
      loader::Level candidate;
      ast::ExprId scratch_id = next_id;
      if (!loader::read_level(files, scratch, scratch_id, candidate, local)) {
        if (dir.filename() != level.extends) continue;
      } else if (candidate.version != level.extends) {
        continue;
      }
      // Parse it again into the real storage (ids continue from next_id).
      return loader::read_level(files, st, next_id, base, diags);
    }
  }
  std::string where = "beside " + level.dir.string();
  for (const auto& d : base_dirs) where += " or in " + d;
  diags.error(level.version_span, "version \"" + level.version + "\" extends \"" + level.extends +
                                      "\", but no directory " + where + " holds that version");
  return false;
}

// Parameter sets by alias, merged over the chain: a later level's file
// replaces the earlier parameters of the same name and adds new ones.
struct ParamMerge {
  std::map<std::string, ParameterSet> merged;
  std::vector<std::string> overridden;  // "parameter p.min_wage" (top level only)
};

bool apply_what_if(std::map<std::string, ParameterSet>& sets, const ParamOverride& o,
                   Diagnostics& diags) {
  std::string alias, name = o.name;
  if (auto dot = name.find('.'); dot != std::string::npos)
    alias = name.substr(0, dot), name = name.substr(dot + 1);
  Parameter* target = nullptr;
  for (auto& [a, set] : sets) {
    if (!alias.empty() && a != alias) continue;
    for (auto& p : set.params)
      if (p.name == name) target = &p;
  }
  if (!target) {
    diags.error({}, "--param " + o.name + ": no parameter of that name in this rule set");
    return false;
  }
  std::optional<Decimal> value;
  try {
    std::string text = o.value;
    bool percent = !text.empty() && text.back() == '%';
    if (percent) text.pop_back();
    value = Decimal::parse(text);
    if (value && percent) value = *value / Decimal::from_int(100);
  } catch (const DecimalError&) {
  }
  if (!value || (target->unit == ParamUnit::integer && !value->is_integer())) {
    diags.error({}, "--param " + o.name + "=" + o.value + ": not an exact " +
                        std::string(param_unit_name(target->unit)));
    return false;
  }
  ParamValue v;
  v.value = *value;
  v.reference = "what-if value given with --param " + o.name + "=" + o.value;
  target->what_if = v;
  return true;
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
    diags.error({}, path + (fs::is_directory(path, ec)
                                ? ": no .decree files in this directory"
                                : ": no such rule set (expected a directory of .decree files or a "
                                  ".decree file)"));
    return nullptr;
  }
  std::unique_ptr<RuleSet> rs(new RuleSet());
  rs->path_ = path;
  rs->storage_ = std::make_unique<RuleSet::Storage>();
  RuleSet::Storage& st = *rs->storage_;
  ast::ExprId next_id = 1;

  // The chain of versions, base first.
  std::vector<loader::Level> chain(1);
  bool ok = loader::read_level(files, st, next_id, chain[0], diags);
  while (ok && !chain.front().extends.empty()) {
    if (chain.size() >= kMaxChain) {
      diags.error(chain.front().version_span,
                  "versions extend each other in a cycle, or more than " +
                      std::to_string(kMaxChain) + " deep");
      ok = false;
      break;
    }
    loader::Level base;
    if (!find_base(chain.front(), options.base_dirs, st, next_id, base, diags)) {
      ok = false;
      break;
    }
    chain.insert(chain.begin(), std::move(base));
  }
  // A version takes over from the one it extends: it cannot take effect first.
  for (size_t l = 1; ok && l < chain.size(); ++l) {
    const loader::Level &base = chain[l - 1], &level = chain[l];
    if (!base.effective.empty() && !level.effective.empty() && base.effective > level.effective) {
      auto& d = diags.error(level.version_span,
                            "version \"" + level.version + "\" (effective " + level.effective +
                                ") extends \"" + base.version + "\", which takes effect later (" +
                                base.effective + ")");
      d.notes.push_back({base.version_span, "\"" + base.version + "\" is declared here"});
      ok = false;
    }
  }
  diags.retain_sources();
  if (!ok) return nullptr;

  const loader::Level& top = chain.back();
  VersionInfo& info = rs->version_;
  info.name = top.version;
  info.effective = top.effective;
  info.until = top.until;
  info.extends = top.extends;
  for (const auto& level : chain)
    if (!level.select_by.empty()) info.select_by = level.select_by;
  if (!loader::merge_overrides(chain, info.overrides, diags)) {
    diags.retain_sources();
    return nullptr;
  }

  // Parameter files: load each, merge by alias over the chain.
  Sha256 hash;
  auto hash_file = [&](const std::string& label, const std::string& text) {
    hash.update("file " + label + "\n");
    hash.update(normalised(text));
    hash.update("\n");
    info.files.push_back(label);
  };
  std::map<std::string, ParameterSet> merged;
  std::map<std::string, size_t> alias_level;
  for (size_t l = 0; l < chain.size(); ++l) {
    std::string prefix = chain[l].version.empty() ? "" : chain[l].version + "/";
    for (const auto& source : st.sources)
      for (const ast::Module* m : chain[l].modules)
        if (m->source == source)
          hash_file(prefix + fs::path(source->path()).filename().string(), source->text());
    for (ast::Module* m : chain[l].modules) {
      fs::path dir = fs::path(m->source->path()).parent_path();
      for (const auto& pd : m->parameters) {
        Diagnostics local;
        auto set = load_parameters((dir / pd.path).string(), local);
        if (!set) diags.error(pd.span, "cannot load parameter file `" + pd.path + "`");
        diags.append(local);
        if (!set) {
          ok = false;
          continue;
        }
        hash_file(prefix + pd.path, set->source->text());
        auto it = merged.find(pd.alias);
        if (it == merged.end() || alias_level[pd.alias] == l) {
          if (it == merged.end()) merged.emplace(pd.alias, std::move(*set));
          alias_level[pd.alias] = l;
          continue;
        }
        // A later version's file: its parameters replace those of the same name.
        for (auto& p : set->params) {
          auto same = std::find_if(it->second.params.begin(), it->second.params.end(),
                                   [&](const Parameter& q) { return q.name == p.name; });
          if (same != it->second.params.end()) {
            *same = p;
            if (l + 1 == chain.size())
              info.overrides.push_back("parameter " + pd.alias + "." + p.name);
          } else {
            it->second.params.push_back(p);
          }
        }
        st.params.push_back(
            std::make_unique<ParameterSet>(std::move(*set)));  // keeps its source alive
        alias_level[pd.alias] = l;
      }
    }
  }
  for (const auto& o : options.params) {
    ok = apply_what_if(merged, o, diags) && ok;
    hash.update("param " + o.name + "=" + o.value + "\n");
  }
  rs->overrides_ = options.params;
  info.hash = hash.hex();
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
