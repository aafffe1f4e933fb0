#include "serve/review_report.h"

#include <cctype>

namespace decree::serve {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string without_comments(std::string_view css) {
  std::string out;
  for (size_t i = 0; i < css.size();) {
    if (css.compare(i, 2, "/*") == 0) {
      const size_t end = css.find("*/", i + 2);
      i = end == std::string_view::npos ? css.size() : end + 2;
    } else {
      out += css[i++];
    }
  }
  return out;
}

// Removes every <tag …>…</tag> (any case) from `html`.
std::string without_elements(std::string html, const std::string& tag) {
  std::string low = lower(html);
  for (size_t at = low.find("<" + tag); at != std::string::npos; at = low.find("<" + tag, at)) {
    const size_t close = low.find("</" + tag, at);
    size_t end = close == std::string::npos ? html.size() : low.find('>', close);
    end = end == std::string::npos ? html.size() : end + 1;
    html.erase(at, end - at);
    low.erase(at, end - at);
  }
  return html;
}

}  // namespace

std::string scope_css(std::string_view css_in, std::string_view scope) {
  const std::string css = without_comments(css_in);
  std::string out;
  size_t i = 0;
  while (i < css.size()) {
    const size_t open = css.find('{', i);
    if (open == std::string::npos) break;
    const std::string_view selectors = trim(std::string_view(css).substr(i, open - i));
    if (!selectors.empty() && selectors.front() == '@') {
      // Skip the whole block, nested braces and all.
      int depth = 0;
      size_t j = open;
      for (; j < css.size(); ++j)
        if (css[j] == '{')
          ++depth;
        else if (css[j] == '}' && --depth == 0)
          break;
      i = j + 1;
      continue;
    }
    const size_t close = css.find('}', open);
    if (close == std::string::npos) break;
    std::string scoped;
    size_t from = 0;
    while (from <= selectors.size()) {
      size_t comma = selectors.find(',', from);
      if (comma == std::string_view::npos) comma = selectors.size();
      const std::string_view one = trim(selectors.substr(from, comma - from));
      if (!one.empty()) {
        if (!scoped.empty()) scoped += ",";
        scoped += std::string(scope);
        if (one == "body" || one == "html") {
        } else if (one.rfind("body ", 0) == 0 || one.rfind("html ", 0) == 0) {
          scoped += " " + std::string(trim(one.substr(5)));
        } else {
          scoped += " " + std::string(one);
        }
      }
      from = comma + 1;
    }
    out += scoped + css.substr(open, close - open + 1) + "\n";
    i = close + 1;
  }
  return out;
}

std::string embedded_report(std::string_view html_in, std::string_view scope) {
  const std::string html(html_in);
  const std::string low = lower(html);
  std::string styles;
  for (size_t at = low.find("<style"); at != std::string::npos; at = low.find("<style", at + 1)) {
    const size_t start = low.find('>', at);
    const size_t end = low.find("</style", at);
    if (start == std::string::npos || end == std::string::npos || end < start) break;
    styles += scope_css(std::string_view(html).substr(start + 1, end - start - 1), scope);
  }
  std::string body = html;
  const size_t open = low.find("<body");
  if (open != std::string::npos) {
    const size_t start = low.find('>', open);
    const size_t end = low.rfind("</body");
    body =
        start == std::string::npos
            ? std::string()
            : html.substr(start + 1, (end == std::string::npos || end < start ? html.size() : end) -
                                         start - 1);
  }
  body = without_elements(without_elements(body, "script"), "style");
  // The scoped styles go in the body: a <style> element is allowed there
  // (HTML's "in body" rules), and CSP's style-src 'unsafe-inline' admits it.
  std::string out = (styles.empty() ? "" : "<style>\n" + styles + "</style>\n") + body;
  for (size_t at = out.find("://"); at != std::string::npos; at = out.find("://", at))
    out.replace(at, 1, "&#58;");
  return out;
}

}  // namespace decree::serve
