// Loading a rule set: read the .decree files, parse, load the parameter files
// they name, check, plan.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "api/decree.h"
#include "check/check.h"
#include "plan/plan.h"
#include "syntax/parse.h"

namespace decree {

namespace fs = std::filesystem;

struct RuleSet::Storage {
  std::vector<SourceRef> sources;
  std::vector<std::unique_ptr<ast::Module>> modules;
  std::vector<std::unique_ptr<ParameterSet>> params;
};

RuleSet::RuleSet() = default;
RuleSet::~RuleSet() = default;

const std::string& RuleSet::name() const { return checked_->ruleset; }
const std::vector<std::string>& RuleSet::output_names() const { return output_names_; }

std::unique_ptr<const RuleSet> RuleSet::load(const std::string& path, Diagnostics& diags) {
  std::vector<fs::path> files;
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    for (const auto& entry : fs::directory_iterator(path, ec))
      if (entry.is_regular_file() && entry.path().extension() == ".decree")
        files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    if (files.empty()) {
      diags.error({}, path + ": no .decree files in this directory");
      return nullptr;
    }
  } else if (fs::is_regular_file(path, ec)) {
    files.push_back(path);
  } else {
    diags.error(
        {}, path + ": no such rule set (expected a directory of .decree files or a .decree file)");
    return nullptr;
  }

  std::unique_ptr<RuleSet> rs(new RuleSet());
  rs->path_ = path;
  rs->storage_ = std::make_unique<Storage>();
  Storage& st = *rs->storage_;
  bool ok = true;
  ast::ExprId next_id = 1;
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      diags.error({}, file.string() + ": cannot read this file");
      ok = false;
      continue;
    }
    std::stringstream text;
    text << in.rdbuf();
    auto source = std::make_shared<const SourceFile>(file.string(), text.str());
    st.sources.push_back(source);
    auto module = parse_module(source, diags, {}, next_id);
    if (!module) {
      ok = false;
      continue;
    }
    next_id = module->next_id;
    st.modules.push_back(std::make_unique<ast::Module>(std::move(*module)));
  }
  diags.retain_sources();
  if (!ok) return nullptr;

  std::vector<const ParameterSet*> param_ptrs;
  for (const auto& m : st.modules) {
    fs::path dir = fs::path(m->source->path()).parent_path();
    for (const auto& pd : m->parameters) {
      Diagnostics local;
      auto set = load_parameters((dir / pd.path).string(), local);
      if (!set) {
        // Say which declaration asked for the file, then why it failed.
        auto& d = diags.error(pd.span, "cannot load parameter file `" + pd.path + "`");
        (void)d;
        diags.append(local);
        param_ptrs.push_back(nullptr);
        ok = false;
        continue;
      }
      diags.append(local);
      st.params.push_back(std::make_unique<ParameterSet>(std::move(*set)));
      param_ptrs.push_back(st.params.back().get());
    }
  }
  std::vector<const ast::Module*> modules;
  for (const auto& m : st.modules) modules.push_back(m.get());
  auto checked = check(modules, param_ptrs, diags);
  diags.retain_sources();
  if (!checked || !ok) return nullptr;
  rs->checked_ = std::make_unique<CheckedProgram>(std::move(*checked));
  rs->program_ = plan(*rs->checked_);
  for (uint32_t r : rs->checked_->outputs) rs->output_names_.push_back(rs->checked_->rules[r].name);
  return rs;
}

}  // namespace decree
