// The frame every page of the site shares: the head (charset, title, the
// inline style sheet), the language switch, and escaping. Pages are plain
// HTML with inline CSS: no scripts, no external resources, no URL at all
// (a reference that quotes a web address is written with "&#58;//").
#pragma once

#include <string>

#include "base/messages.h"

namespace decree::doc {

// Text for an element or an attribute value: & < > " ' escaped, and "://"
// written so that no URL appears in the page.
std::string esc(const std::string& text);

// An id or fragment for a name: `rule-own_wage`, `param-p.avg_wage`. Names
// are identifiers (letters, digits, '_', '.', 中文), which HTML5 allows in
// ids as they are; anything else is replaced by '_'.
std::string anchor(const std::string& kind, const std::string& name);

// A file name for a version: "2021-07-01.html"; characters other than
// letters, digits, '.', '-' and '_' become '_'.
std::string version_file(const std::string& version);

// One page: `path` is where it lies within a language's tree ("index.html",
// "versions/2021-07-01.html"), so that the switch links to the same page of
// the other language (../en/PATH) and `root` ("" or "../") reaches that tree's
// top. `body` is the escaped content of <body>.
std::string page(Lang lang, const std::string& path, const std::string& title,
                 const std::string& body);

// "../" once per directory in `path` ("versions/x.html" → "../").
std::string root_of(const std::string& path);

}  // namespace decree::doc
