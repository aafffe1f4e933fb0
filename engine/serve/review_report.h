// The impact report inside the review page: assessment.html is a whole page
// of its own (decree diff --html); the review page shows its body, with the
// report's styles kept to the element that holds it, so that neither page's
// CSS restyles the other.
#pragma once

#include <string>
#include <string_view>

namespace decree::serve {

// Each rule of `css` for elements under `scope` only ("body" and "html"
// become the scope itself); @-rules are dropped (the reports have none that
// a fragment could keep: @font-face would be a download).
std::string scope_css(std::string_view css, std::string_view scope);

// The body of the page `html` (the whole text if it has no <body>), with
// its <style> scoped to `scope` in front; <script> elements are removed
// (the page's Content-Security-Policy would block them anyway), and "://"
// written "&#58;//" so that the review page holds no URL.
std::string embedded_report(std::string_view html, std::string_view scope);

}  // namespace decree::serve
