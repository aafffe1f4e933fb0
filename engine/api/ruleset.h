// One version of a rule set, loaded once (parse → parameters → check →
// plan) and shared read-only between threads.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "syntax/period.h"

namespace decree {

struct CheckedProgram;
class Program;

// How often an output is paid, as its rule declares (syntax/period.h).
using OutputPeriod = ast::Period;

// `--param NAME=VALUE`: a what-if value for one parameter at every key.
struct ParamOverride {
  std::string name;
  std::string value;
};

struct LoadOptions {
  std::vector<ParamOverride> params;
  // Where else to look for the version a rule set `extends` when no sibling
  // directory holds it: directories of version directories (a draft outside
  // the rules directory, e.g. `decree diff RULES --candidate /tmp/draft`).
  std::vector<std::string> base_dirs = {};
};

// What the header says: version "2021-07-01" effective 2021-07-01 [until D]
// [extends "2011-01-01"] select by injury_date; and what this version
// overrides. `hash` is the SHA-256 of the normalised rule and parameter
// files of the whole extends chain (and of any parameter overrides).
struct VersionInfo {
  std::string name;       // empty for an unversioned rule set
  std::string effective;  // YYYY-MM-DD, may be empty
  std::string until;
  std::string extends;
  std::string select_by;
  std::vector<std::string>
      overrides;  // "output own_wage", "table care_rate", "parameter p.min_wage"
  std::string hash;
  std::vector<std::string> files;  // the files hashed, base version first
};

class RuleSet {
 public:
  // Loads one version: a directory of .decree files (with the parameter
  // files they name) or a single .decree file. A version that `extends`
  // another finds it among the sibling directories, else in
  // options.base_dirs. Returns nullptr with diagnostics on any error;
  // warnings are left in `diags` too.
  static std::unique_ptr<const RuleSet> load(const std::string& path, Diagnostics& diags,
                                             const LoadOptions& options = {});
  ~RuleSet();

  const std::string& name() const;
  const std::string& path() const { return path_; }
  const VersionInfo& version() const { return version_; }
  const std::vector<ParamOverride>& param_overrides() const { return overrides_; }
  // Names of the outputs, in source order.
  const std::vector<std::string>& output_names() const;
  // Each output's period as declared (`output x: money per month = …`,
  // `once`), in the order of output_names(); OutputPeriod::none where it
  // declares none. period_text() gives "per month", "once" or "".
  const std::vector<OutputPeriod>& output_periods() const;
  const CheckedProgram& checked() const { return *checked_; }
  const Program& program() const { return *program_; }

  struct Storage;  // owns sources, ASTs and parameter sets

 private:
  RuleSet();
  friend struct RuleSetLoader;
  std::unique_ptr<Storage> storage_;
  std::unique_ptr<CheckedProgram> checked_;
  std::unique_ptr<Program> program_;
  std::string path_;
  VersionInfo version_;
  std::vector<ParamOverride> overrides_;
  std::vector<std::string> output_names_;
  std::vector<OutputPeriod> output_periods_;
};

}  // namespace decree
