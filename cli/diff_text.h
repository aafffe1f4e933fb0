// `decree diff` for people at a terminal, and the HTML page (--html FILE).
#pragma once

#include <string>
#include <vector>

#include "diff/diff.h"
#include "diff/explain_diff.h"

namespace decree::cli {

// The summary: cases, outputs with totals, who pays, largest changes,
// distributions, failures.
std::string diff_text(const diff::DiffResult& r);
// One case, both derivations with what differs marked.
std::string case_text(const std::string& ruleset, const diff::Side& base,
                      const diff::Side& candidate, const std::vector<diff::InputFile>& inputs,
                      const diff::CaseComparison& c);

// One self-contained page: inline CSS and SVG, no scripts, no links out;
// labels in Chinese and English.
std::string diff_html(const diff::DiffResult& r);
std::string case_html(const std::string& ruleset, const diff::Side& base,
                      const diff::Side& candidate, const std::vector<diff::InputFile>& inputs,
                      const diff::CaseComparison& c);

// Display columns of UTF-8 text in a terminal (CJK characters take two).
size_t display_width(const std::string& s);

}  // namespace decree::cli
