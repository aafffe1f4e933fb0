// `decree diff` for people at a terminal, and the HTML page (--html FILE).
#pragma once

#include <string>
#include <vector>

#include "diff/diff.h"
#include "diff/explain_diff.h"

namespace decree::diff {

// The summary: cases, outputs with totals, who pays, largest changes,
// distributions, failures; in `lang` (the words of the rules and of the
// JSON, such as fund or here, stay as written).
std::string diff_text(const diff::DiffResult& r, Lang lang = Lang::en);
// One case, both derivations with what differs marked.
std::string case_text(const std::string& ruleset, const diff::Side& base,
                      const diff::Side& candidate, const std::vector<diff::InputFile>& inputs,
                      const diff::CaseComparison& c, Lang lang = Lang::en);

// One self-contained page: inline CSS and SVG, no scripts, no links out;
// labels in Chinese and English.
std::string diff_html(const diff::DiffResult& r);
std::string case_html(const std::string& ruleset, const diff::Side& base,
                      const diff::Side& candidate, const std::vector<diff::InputFile>& inputs,
                      const diff::CaseComparison& c);

// Display columns of UTF-8 text in a terminal (CJK characters take two):
// base/strings.h's display_width.
size_t display_width(const std::string& s);

}  // namespace decree::diff
