// The pages of the site (doc/site.h), each rendered in one language from
// what the loaded timeline knows. Internal to engine/doc.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "api/param_history.h"
#include "api/timeline.h"
#include "base/messages.h"
#include "base/source.h"

namespace decree::doc {

struct Site {
  const RuleTimeline& timeline;
  std::string rules_dir;              // absolute, normalised: locations are shown relative to it
  std::vector<ParamHistory> history;  // parameter_history(timeline)
  std::set<std::string> documented;   // the parameters ("p.name") the parameters page shows

  // "2011-01-01/05_disability.decree:22" for a span in the rules directory,
  // else the file's name and line (never a path of the machine that built it).
  std::string location(const Span& span) const;
};

// index.html: the rule set, its versions by effective date and the
// payment-date versions stacked on them, each with its hash.
std::string index_page(const Site& site, Lang lang);
// versions/V.html: one version's outputs, intermediate rules, tables and
// inputs, and what it changed against the version it extends.
std::string version_page(const Site& site, const RuleSet& version, Lang lang);
// payments/V.html: one payment-date version: its date, notice, and every
// parameter entry it set, with the value before and the source of the new.
std::string payment_page(const Site& site, const RuleTimeline::PaymentVersion& version, Lang lang);
// parameters.html: every parameter's history as a table and a chart.
std::string parameters_page(const Site& site, Lang lang);

// What a version's parameter file changed in one parameter, in words
// (the wording of `decree versions`).
std::string change_text(const ParamChange& change, Lang lang);

}  // namespace decree::doc
