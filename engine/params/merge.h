// Parameter patches: how a later version (or a what-if overlay) changes the
// parameters it inherits, entry by entry, instead of copying them whole.
//
//   # 2024-01-01/params.yaml (extends 2021-07-01)
//   avg_wage:                       # a patch: only what changes
//     values:
//       2023: {value: "7100.00", reference: "…", reliability: official-site}   # added
//       2022: "6973.58"             # changed (the base has 2022)
//       2019: {remove: "the 2019 figure was withdrawn"}   # removed (explicitly)
//   funeral_factor:                 # new: complete, like any parameter file's
//     description: …
//     unit: decimal
//     reference: …
//     index: date
//     values: {2024-01-01: "1"}
//   pooling_avg_annual_wage:        # a different series: replaced whole
//     replace: true
//     description: … (every field, as for a new parameter)
//
// Semantics (merge_parameters):
//  - A patch entry adds or changes the entry with the same keys. With several
//    keys an entry is one leaf (`2023: {3: "166"}` changes grade 3 of 2023
//    only); it replaces whatever the base has at or under its keys, and a
//    base entry that covers a whole block above it (`2023: {unsourced: …}`):
//    the block's other keys are then missing, so give them too.
//  - `{remove: "why"}` removes the base's entry at that key (a leaf, or a
//    whole block); removing a key the base lacks is an error.
//  - A parameter the base lacks is new and must be complete, as in a
//    version's own file (description, unit, reference, values; index, unless
//    it is date), and remove nothing.
//  - A patch may not change a parameter's unit or index (an error at the
//    patch's `unit:` or `index:`); `replace: true` replaces the parameter
//    whole (for one whose meaning changed), and then it must be complete.
//    Where the patch has no rules of its own (allow_new false: a payment-date
//    version, an overlay), not even `replace: true` may change them: the
//    rules that read the parameter are the base's, and expect its type.
//  - description, reference and reliability, when the patch gives them,
//    replace the base's. An inherited entry keeps the source it had: its
//    effective reference and reliability are copied into it first.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "params/parameters.h"

namespace decree {

// What a patch did to one parameter. An entry is `changed` when the base had
// one at its keys or covering them (an unsourced block), else `added`.
struct ParamChange {
  enum class Kind { patched, added, replaced };
  std::string name;
  Kind kind = Kind::patched;
  size_t arity = 1;  // keys per entry
  // The entries' keys as written ("2021", "2023, 3"), in key order.
  std::vector<std::string> added, changed, removed;
  size_t entries = 0;  // added, replaced: the entries of the new parameter
};

struct MergeOptions {
  // In messages: `version "2011-01-01"`, "this rule set" or "the base" (each
  // also in 中文; any other label is printed as written in both languages).
  std::string base_label = "the base";
  // false for overlays and payment-date versions (no rules of their own):
  // only the rules' parameters, each keeping its unit and index.
  bool allow_new = true;
};

// Applies `patch` (read with ParamFileKind::patch or overlay) to `base` in
// place. Returns what changed, per parameter of the patch in its order; on
// any error returns nullopt with positioned diagnostics (`base` may then be
// partly changed). `base` keeps the patch's source alive (patch_sources).
std::optional<std::vector<ParamChange>> merge_parameters(ParameterSet& base,
                                                         const ParameterSet& patch,
                                                         Diagnostics& diags,
                                                         const MergeOptions& options = {});

// The merged values as canonical text, for the rules hash: parameters by
// name, each with its unit, keys and every entry (keys, value or why it has
// none, effective reference and reliability) and any what-if value. Layout,
// descriptions and file positions are left out.
std::string canonical_text(const ParameterSet& set);

}  // namespace decree
