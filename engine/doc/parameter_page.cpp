// parameters.html: every parameter over its history (after OpenFisca's
// legislation explorer): description, unit, index and source, a chart of the
// numeric values, and a table of every entry with its value, source,
// reliability, the version that set it and what earlier versions had.
#include <set>

#include "base/codes_runtime.h"
#include "doc/html.h"
#include "doc/labels.h"
#include "doc/pages.h"
#include "doc/svg_chart.h"
#include "params/parameters.h"

namespace decree::doc {
namespace {

bool weak(const std::string& reliability) {
  auto r = parse_reliability(reliability);
  return r && is_weak(*r);
}

// A version named in a history: its page (a payment-date version's at the
// parameter `param`).
std::string version_ref(const Site& site, const std::string& name, const std::string& param) {
  if (site.timeline.find(name))
    return "<a href=\"versions/" + esc(version_file(name)) + "\">" + esc(name) + "</a>";
  for (const auto& pv : site.timeline.payment_versions())
    if (pv.name == name)
      return "<a href=\"payments/" + esc(version_file(name)) + "#" + esc(anchor("param", param)) +
             "\">" + esc(name) + "</a>";
  return esc(name);
}

std::string value_cell(const std::string& value) {
  if (value.rfind("unsourced", 0) == 0) return "<td class=\"unsourced\">" + esc(value) + "</td>";
  return "<td class=\"num\">" + esc(value) + "</td>";
}

void parameter(std::string& b, const Site& site, const ParamHistory& h, Lang lang) {
  auto L_ = [&](L what) { return esc(label(what, lang)); };
  b += "<section class=\"parameter\" id=\"" + esc(anchor("param", h.name)) + "\">\n<h2><code>" +
       esc(h.name) + "</code></h2>\n";
  if (!h.description.empty()) b += "<div class=\"doc\">" + esc(h.description) + "</div>\n";
  b += "<dl class=\"meta\">\n<dt>" + L_(L::unit) + "</dt><dd><code>" + esc(h.unit) +
       "</code></dd>\n<dt>" + L_(L::index) + "</dt><dd><code>" + esc(h.index) + "</code></dd>\n";
  if (!h.reference.empty())
    b += "<dt>" + L_(L::source) + "</dt><dd>" + esc(h.reference) + "</dd>\n";
  if (!h.reliability.empty())
    b += "<dt>" + L_(L::reliability) + "</dt><dd>" + esc(h.reliability) + "</dd>\n";
  b += "</dl>\n";
  std::string chart = svg_chart(h);
  if (!chart.empty())
    b += "<figure>\n" + chart + "<figcaption class=\"meta\">" + L_(L::chart_note) +
         "</figcaption>\n</figure>\n";
  b += "<table class=\"entries\">\n<tr><th>" + L_(L::keys) + "</th><th>" + L_(L::value) +
       "</th><th>" + L_(L::reliability) + "</th><th>" + L_(L::source) + "</th><th>" +
       L_(L::set_by) + "</th><th>" + L_(L::history) + "</th></tr>\n";
  std::set<std::string> weak_labels;
  for (const auto& e : h.entries) {
    std::string reliability = esc(e.reliability);
    if (weak(e.reliability)) {
      reliability += "<span class=\"badge weak\">" + L_(L::below_official) + "</span>";
      weak_labels.insert(e.reliability);
    }
    std::string history;
    if (e.changes.size() > 1)
      for (const auto& c : e.changes)
        history += (history.empty() ? "" : " → ") + esc(c.value) + " (" +
                   version_ref(site, c.version, h.name) + ")";
    // The parameter's own source is said once above; an entry's own below.
    std::string source = e.reference == h.reference ? std::string() : esc(e.reference);
    b += "<tr><td><code>" + esc(e.keys) + "</code></td>" + value_cell(e.value) + "<td>" +
         reliability + "</td><td>" + source + "</td><td>" + version_ref(site, e.set_by, h.name) +
         "</td><td>" + history + "</td></tr>\n";
  }
  b += "</table>\n";
  // The warning of explanations (decree eval --explain), once per label.
  for (const std::string& r : weak_labels)
    b += "<p class=\"weak\">" +
         esc(message_text({msg::explain_weak_source, {{"reliability", r}}}, lang)) + "</p>\n";
  b += "</section>\n";
}

}  // namespace

std::string parameters_page(const Site& site, Lang lang) {
  std::string b = "<h1>" + esc(site.timeline.name()) + " — " + esc(label(L::parameters, lang)) +
                  "</h1>\n<p>" + esc(label(L::parameters_note, lang)) +
                  "</p>\n<ul class=\"toc\">\n";
  for (const auto& h : site.history)
    b += "<li><a href=\"#" + esc(anchor("param", h.name)) + "\"><code>" + esc(h.name) +
         "</code></a> " + esc(h.description.substr(0, h.description.find('\n'))) + "</li>\n";
  b += "</ul>\n";
  for (const auto& h : site.history) parameter(b, site, h, lang);
  return page(lang, "parameters.html", site.timeline.name() + " — " + label(L::parameters, lang),
              b);
}

}  // namespace decree::doc
