// Parameters: the figures the rules read, keyed by the date or year the law
// attaches them to (OpenFisca style), loaded from YAML with a strict schema
// (params/read.h) and merged version over version (params/merge.h).
//
//   avg_monthly_wage:
//     description: 全省在岗职工月平均工资
//     unit: money                 # money | rate | decimal | integer
//     reference: "吉林省统计局 …, 2023-06-30"
//     reliability: official-site  # how good the source is (see Reliability)
//     index: year                 # date (default) | year | integer | enum
//     values:
//       2021: "6685.17"                       # plain value, or:
//       2022: {value: "6973.58", reference: "…", note: "…", reliability: repost}
//       2023: {unsourced: "not yet published by …"}   # no invented figure
//
//   allowance_increment:          # several keys: named, typed, values nested
//     …
//     index: [year, grade: integer]
//     values:
//       2023: {1: "182", 2: "174"}
//       2024: {unsourced: "no notice found"}          # covers every grade
//
// Key types:
//   date     keys are start dates (YYYY-MM-DD); the entry in effect on a day
//            is the last one that starts on or before it; a `null` ends it.
//   year     calendar years; a year without an entry is missing.
//   integer  integers (a disability grade, say); exact.
//   enum     names; the checker requires each to be a value of the enum the
//            rules look the parameter up with; exact.
// With several keys each level narrows the one before: `[date, tier]` finds
// the block of tiers in effect on the day, then the tier in it.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/date.h"
#include "base/diagnostics.h"
#include "decimal/decimal.h"

namespace decree {

enum class ParamUnit { money, rate, decimal, integer };
// The type of one key of a parameter.
enum class ParamIndex { date, year, integer, enumeration };

// How good a value's source is: the labels of
// shared/domain/work-injury-sources.md, best first. `primary` (the full
// official text) and `official-site` (a government site) are official;
// every other stated label is below official, and a result that depends on
// such a value says so (explanations, "weak_sources" in JSON results).
// `unstated`: the file does not say (nothing is reported).
enum class Reliability : uint8_t {
  unstated,
  primary,         // primary
  official_site,   // official-site
  repost,          // repost: a third-party site reposting an official notice
  reworded,        // reworded: a machine-reworded repost
  secondary,       // secondary: an article or Q&A restating a rule
  image_scan,      // image-scan: a scanned page image, read by eye
  code_secondary,  // code-secondary: a figure in a public calculator's code
};

std::string_view param_unit_name(ParamUnit unit);
std::string_view param_index_name(ParamIndex index);
// "repost", "official-site", …; "" for unstated.
std::string_view reliability_name(Reliability r);
std::optional<Reliability> parse_reliability(std::string_view name);
// A stated label below official (repost, reworded, secondary, …).
inline bool is_weak(Reliability r) {
  return r != Reliability::unstated && r != Reliability::primary && r != Reliability::official_site;
}

inline constexpr size_t kMaxParamKeys = 4;
// The key of a level an entry does not go down to (it covers the whole block).
inline constexpr int64_t kNoKey = INT64_MIN;

// One key of a parameter's index: `year`, or `grade: integer`.
struct ParamKey {
  std::string name;  // a single key written `index: year` is named after its type
  ParamIndex type = ParamIndex::date;
};

struct ParamValue {
  // Per level: date → Date::days, year → the year, integer → the integer,
  // enum → an index into Parameter::symbols. kNoKey from `depth` on.
  std::array<int64_t, kMaxParamKeys> keys = {kNoKey, kNoKey, kNoKey, kNoKey};
  // How many keys the entry has: the parameter's arity, or fewer for an entry
  // that covers every key below it (`2024: {unsourced: "…"}`, a date's null).
  uint8_t depth = 1;
  std::optional<Decimal> value;  // nullopt: validity ends here (a date's null), or unsourced
  std::string reference;         // per-value source, may be empty
  std::string note;
  std::string unsourced;  // `{unsourced: "why"}`: the figure could not be found
  std::string remove;     // patches only: `{remove: "why"}` removes this key
  Reliability reliability = Reliability::unstated;  // the value's own, else the parameter's
  Span span;                                        // the entry's (last) key
};

// An enum key's name and where it is first written (for the checker).
struct ParamSymbol {
  std::string name;
  Span span;
};

struct Parameter {
  std::string name;
  std::string description;
  ParamUnit unit = ParamUnit::decimal;
  std::string reference;
  Reliability reliability = Reliability::unstated;
  std::vector<ParamKey> index = {ParamKey{"date", ParamIndex::date}};  // one or more keys
  bool named_index = false;  // written as a list: `index: [year, grade: integer]`
  // Sorted by keys (kNoKey first), unique; no entry's keys extend another's.
  std::vector<ParamValue> values;
  std::vector<ParamSymbol> symbols;  // enum keys, by id
  Span span;
  // `--param NAME=VALUE`: a what-if value that applies at every key.
  std::optional<ParamValue> what_if;

  // What a patch file wrote (params/merge.h): which fields, `replace: true`,
  // and where the unit and index are (a patch may not change them).
  enum Field : uint8_t {
    kDescription = 1,
    kUnit = 2,
    kReference = 4,
    kIndex = 8,
    kValues = 16,
    kReliability = 32
  };
  uint8_t fields = 0;
  bool replace = false;
  // `bounds: [min, max]`: the values that are plausible (either end may be
  // null: open). Without it, a rate is plausible in [-100%, 100%] and an
  // amount of money from 0 up; a value outside is an error, so that `50`
  // typed for 50% is not read silently as 5000%.
  bool bounds_written = false;
  std::optional<Decimal> min, max;
  Span bounds_span;
  Span unit_span, index_span;

  size_t arity() const { return index.size(); }
  // The entry that applies at `keys` (one per level): exact for year,
  // integer and enum levels, the one in effect for date levels. An entry
  // that covers a block (unsourced, or a date's null) is returned for any key
  // below it; an unsourced entry is returned so that the error can say why,
  // a null end is returned too (its value and unsourced are empty). nullptr
  // if no entry applies. A what-if value, if set, applies at every key.
  const ParamValue* find(std::span<const int64_t> keys) const;
  // One date key: the entry in effect on `d`, or nullptr when none applies
  // (before the first date, or after a null end; an unsourced entry is
  // returned). One year or integer key: the entry with exactly this key.
  const ParamValue* at_date(Date d) const;
  const ParamValue* at_key(int64_t key) const;
  // The reference to cite for a value: its own, else the parameter's.
  const std::string& reference_for(const ParamValue& v) const;
  Reliability reliability_for(const ParamValue& v) const {
    return v.reliability != Reliability::unstated ? v.reliability : reliability;
  }
  // A key as written: "2021", "2021-07-01", "5", "tier1".
  std::string key_text(size_t level, int64_t key) const;
  // An enum key's id, or -1.
  int64_t symbol(std::string_view name) const;
  // The keys of a lookup (each as written), for messages: "year 2022" and "key 5" and
  // "2016-01-01" (one key written `index: TYPE`), "year 2031, grade 3".
  std::string describe_keys(const std::vector<std::string>& texts) const;
  // The index as written: "year", "[year, grade: integer]".
  std::string index_text() const;
  // An entry's keys as written, joined: "2021-12-01, tier1".
  std::string entry_keys(const ParamValue& v) const;
};

struct ParameterSet {
  SourceRef source;
  std::vector<SourceRef> patch_sources;  // files merged into it: keep their spans alive
  std::vector<Parameter> params;         // in file order (patches: new ones appended)
  std::vector<std::string> skipped;      // ParamReadOptions::skip_unknown: left out
  const Parameter* find(std::string_view name) const;
  Parameter* find(std::string_view name);
};

// What a parameter file is: a version's own parameters (full); a later
// version's patch of them (params/merge.h: single entries added, changed or
// removed, `replace: true` for a whole parameter, and new parameters); or a
// what-if overlay (a patch whose every value names its source).
enum class ParamFileKind { full, patch, overlay };

struct ParamReadOptions {
  ParamFileKind kind = ParamFileKind::full;
  // patch, overlay: the parameters patched, for the unit and the keys of a
  // parameter the patch does not restate.
  const ParameterSet* base = nullptr;
  // patch: a parameter the base lacks (and that is not `replace: true`) is
  // left out unread and named in ParameterSet::skipped instead of being read
  // as a new one. A payment-date version patches every version of a
  // timeline, some of which lack some of its parameters.
  bool skip_unknown = false;
};

// Parses a parameter file already in memory; errors go to `diags` with
// file:line:col. Returns nullopt if there was any error.
std::optional<ParameterSet> parse_parameters(SourceRef source, Diagnostics& diags,
                                             const ParamReadOptions& options = {});
// Reads and parses a parameter file; an unreadable file is an error naming the path.
std::optional<ParameterSet> load_parameters(const std::string& path, Diagnostics& diags,
                                            const ParamReadOptions& options = {});

}  // namespace decree
