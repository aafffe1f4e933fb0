// Escaping text for XML and HTML output (JUnit reports, the diff page).
#pragma once

#include <string>

namespace decree {

// & < > " ' as entities. With `hide_urls`, "://" is written "&#58;//": it
// reads the same, and the page then holds no URL at all (parameter
// references quote web pages; the diff page must stay offline).
std::string xml_escape(const std::string& s, bool hide_urls = false);

}  // namespace decree
