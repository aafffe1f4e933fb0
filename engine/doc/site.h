// decree doc: a rule set's timeline as a static, offline site in 中文 and
// English (docs/doc.md). Two sibling trees of the same pages, DIR/zh/ and
// DIR/en/, each page linking to itself in the other language, and
// DIR/index.html to choose:
//   index.html              the versions by effective date, the payment-date
//                           versions stacked on them, each with its hash
//   versions/V.html         per version: outputs, rules, tables, inputs, and
//                           what it changed against the one it extends
//   parameters.html         every parameter's history: a table and a chart
// Plain HTML with inline CSS, no scripts, no external resource, no URL;
// the same timeline gives byte-identical files (no dates, no paths of the
// machine: locations are relative to the rules directory).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "api/timeline.h"
#include "base/messages.h"

namespace decree::doc {

// Every file of the site: its path under DIR ("zh/versions/2021-07-01.html")
// and its content, sorted by path. `rules_dir` is the directory the timeline
// was loaded from.
std::vector<std::pair<std::string, std::string>> render_site(const RuleTimeline& timeline,
                                                             const std::string& rules_dir);

// Renders the site and writes it into `out_dir`, created if missing. A
// directory that decree doc wrote before is rewritten (its language trees
// replaced); any other non-empty directory is refused. On failure returns
// false with `error` saying why (msg::doc_*).
bool write_site(const RuleTimeline& timeline, const std::string& rules_dir,
                const std::string& out_dir, Message& error);

}  // namespace decree::doc
