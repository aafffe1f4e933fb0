// One version of a rule set, loaded once (parse → parameters → check →
// plan) and shared read-only between threads.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "params/merge.h"
#include "syntax/period.h"

namespace decree {

struct CheckedProgram;
class Program;

// How often an output is paid, as its rule declares (syntax/period.h).
using OutputPeriod = ast::Period;

// `--param NAME=VALUE`: a what-if value for one parameter at every key;
// `--param NAME[KEY]=VALUE` (`NAME[K1, K2]=VALUE` for several keys): for one
// entry, merged like a patch (params/merge.h). NAME may be qualified (p.NAME).
struct ParamOverride {
  std::string name;
  std::string value;
};

// Parsed rule files kept for later loads (api/internal/loader.h).
struct ParseCache;

struct LoadOptions {
  std::vector<ParamOverride> params;
  // Where else to look for the version a rule set `extends` when no sibling
  // directory holds it: directories of version directories (a draft outside
  // the rules directory, e.g. `decree diff RULES --candidate /tmp/draft`).
  std::vector<std::string> base_dirs = {};
  // `--params FILE`: overlays of a bureau's own figures, each a patch whose
  // every value names its source (ParamFileKind::overlay), merged over the
  // version before the `params` values.
  std::vector<std::string> param_files = {};
  // Payment-date versions (`select by as_of`) to stack on top of this one,
  // oldest first: directories whose parameter files patch the version's
  // parameters. RuleTimeline passes those in effect on a payment date.
  std::vector<std::string> payment_versions = {};
  // RuleTimeline: version directories outside the rules directory to load as
  // if they were in it (drafts, e.g. `decree eval RULES --draft /tmp/2025`).
  // A draft may `extend` a version of the rules directory.
  std::vector<std::string> drafts = {};
  // Parses to reuse across loads (RuleTimeline sets one for all the loads of
  // a timeline); null: every file is parsed.
  std::shared_ptr<ParseCache> parse_cache = {};
};

// The payment date: a version `select by as_of` applies to every payment
// from its effective date, on top of whichever version the case's own date
// selects (docs/design.md, "Two time axes").
inline constexpr const char* kPaymentDate = "as_of";

// One version that contributed to a loaded rule set: the versions of the
// extends chain (base first), then the payment-date versions stacked on top.
// `hash` covers that version's own files only.
struct Contribution {
  std::string name, effective, select_by, hash;
  // A payment-date version: the parameters ("p.name") it changed here, and
  // those it names that this version does not have (they apply elsewhere).
  std::vector<std::string> changed, not_applicable;
};

// What the header says: version "2021-07-01" effective 2021-07-01 [until D]
// [extends "2011-01-01"] select by injury_date; and what this version
// overrides. `hash` is the SHA-256 of the normalised rule and parameter
// files of the whole extends chain, of any what-if values and overlay files,
// and of the merged parameter values (see RuleSet::load in ruleset.cpp).
struct VersionInfo {
  std::string name;       // empty for an unversioned rule set
  std::string effective;  // YYYY-MM-DD, may be empty
  std::string until;
  std::string extends;
  std::string select_by;
  std::vector<std::string>
      overrides;  // "output own_wage", "table care_rate", "parameter p.min_wage"
  // What this version's parameter files change in those it inherits, per
  // parameter ("p.min_wage"): entries added, changed, removed; new and
  // replaced parameters.
  std::vector<ParamChange> param_changes;
  std::string hash;
  std::vector<std::string> files;           // the files hashed, base version first
  std::vector<Contribution> contributions;  // every version that went into it
  // The payment-date versions stacked on top (a suffix of contributions).
  size_t payment_versions = 0;
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
  const std::vector<std::string>& param_files() const { return param_files_; }
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
  std::vector<std::string> param_files_;
  std::vector<std::string> output_names_;
  std::vector<OutputPeriod> output_periods_;
};

}  // namespace decree
