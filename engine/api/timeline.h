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
  // The rule set name that a version directory, a .decree file or a
  // directory of versions declares, read from a header without loading
  // anything; empty if none can be read.
  static std::string name_at(const std::string& path);
  const std::string& select_by() const { return select_by_; }
  // The versions a case's own date selects (`select by` an input), sorted by
  // effective date, each as loaded without payment-date versions.
  const std::vector<std::unique_ptr<const RuleSet>>& versions() const { return versions_; }
  // The version in effect on `d`: the latest effective date on or before d
  // whose `until` (if any) is not before d. nullptr if none.
  const RuleSet* in_effect(Date d) const;
  const RuleSet* find(std::string_view version) const;

  // The payment-date versions (`select by as_of`): parameter changes that
  // apply to every payment from their effective date, whatever version the
  // case's own date selects. Sorted by effective date.
  struct PaymentVersion {
    std::string name, effective, dir;
    std::string hash;                  // of its own files
    std::vector<std::string> changes;  // the parameters ("p.name") it changes somewhere
    std::string basis;                 // its header's `basis` (the round's notice), may be empty
  };
  const std::vector<PaymentVersion>& payment_versions() const { return payment_versions_; }
  // `version` (one of versions()) with the payment-date versions in effect on
  // `payment` stacked on top; `version` itself when none is (or no date).
  const RuleSet* for_payment(const RuleSet* version, std::optional<Date> payment) const;
  // Every rule set loaded: each version alone and with each prefix of the
  // payment-date versions.
  std::vector<const RuleSet*> all() const;
  // Names and dates, for messages: "2011-01-01 (from 2011-01-01), 2021-07-01 (from 2021-07-01)".
  std::string describe() const;

 private:
  std::string name_, select_by_;
  std::vector<std::unique_ptr<const RuleSet>> versions_;
  std::vector<PaymentVersion> payment_versions_;
  // stacked_[v][k]: versions_[v] with payment_versions_[0..k] on top.
  std::vector<std::vector<std::unique_ptr<const RuleSet>>> stacked_;
};

}  // namespace decree
