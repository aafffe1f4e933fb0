// A rule set's timeline of versions: a directory with one subdirectory per
// version (rules/jilin/work-injury-benefits/2011-01-01/, …/2021-07-01/).
// Cases are evaluated under the version in effect on their own date (the
// input named by `select by`), or under one chosen by name or date.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/ruleset.h"
#include "base/date.h"

namespace decree {

class RuleTimeline {
 public:
  // A directory of version directories, or one version (a directory of
  // .decree files or a single file), which makes a timeline of one.
  static std::unique_ptr<const RuleTimeline> load(const std::string& path, Diagnostics& diags,
                                                  const LoadOptions& options = {});

  const std::string& name() const { return name_; }
  const std::string& select_by() const { return select_by_; }
  // Sorted by effective date.
  const std::vector<std::unique_ptr<const RuleSet>>& versions() const { return versions_; }
  // The version in effect on `d`: the latest effective date on or before d
  // whose `until` (if any) is not before d. nullptr if none.
  const RuleSet* in_effect(Date d) const;
  const RuleSet* find(std::string_view version) const;
  // Names and dates, for messages: "2011-01-01 (from 2011-01-01), 2021-07-01 (from 2021-07-01)".
  std::string describe() const;

 private:
  std::string name_, select_by_;
  std::vector<std::unique_ptr<const RuleSet>> versions_;
};

}  // namespace decree
