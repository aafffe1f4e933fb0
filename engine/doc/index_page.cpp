// index.html: the timeline. Versions by effective date (chosen by the
// case's own date, `select by`), then the payment-date versions (`select by
// as_of`) that stack on every one of them, each with its hash.
#include "base/date.h"
#include "check/program.h"
#include "doc/html.h"
#include "doc/labels.h"
#include "doc/pages.h"

namespace decree::doc {
namespace {

// The last day a version applies: its `until`, else the day before the next
// version takes effect; "" if open.
std::string last_day(const RuleTimeline& t, size_t k) {
  const VersionInfo& info = t.versions()[k]->version();
  if (!info.until.empty()) return info.until;
  if (k + 1 < t.versions().size())
    if (auto d = Date::parse(t.versions()[k + 1]->version().effective))
      return Date{d->days - 1}.to_string();
  return "";
}

}  // namespace

std::string index_page(const Site& site, Lang lang) {
  const RuleTimeline& t = site.timeline;
  auto L_ = [&](L what) { return esc(label(what, lang)); };
  std::string b =
      "<h1>" + esc(t.name()) + "</h1>\n<p class=\"meta\">" + L_(L::site_title) + "</p>\n";
  if (!t.versions().empty()) {
    const std::string& basis = t.versions().back()->checked().basis;
    if (!basis.empty()) b += "<p><b>" + L_(L::basis) + ":</b> " + esc(basis) + "</p>\n";
  }
  if (!t.select_by().empty())
    b += "<p>" + L_(L::chosen_by) + ": <code>" + esc(t.select_by()) + "</code></p>\n";

  b += "<h2 id=\"versions\">" + L_(L::versions) + "</h2>\n<table class=\"versions\">\n<tr><th>" +
       L_(L::version) + "</th><th>" + L_(L::effective) + "</th><th>" + L_(L::until) + "</th><th>" +
       L_(L::extends) + "</th><th>" + L_(L::rules_hash) + "</th></tr>\n";
  for (size_t k = 0; k < t.versions().size(); ++k) {
    const VersionInfo& info = t.versions()[k]->version();
    std::string until = last_day(t, k);
    b += "<tr id=\"" + esc(anchor("version", info.name)) + "\"><td><a href=\"versions/" +
         esc(version_file(info.name)) + "\">" + esc(info.name) + "</a></td><td>" +
         esc(info.effective) + "</td><td>" + (until.empty() ? L_(L::open_ended) : esc(until)) +
         "</td><td>" +
         (info.extends.empty() ? std::string()
                               : "<a href=\"#" + esc(anchor("version", info.extends)) + "\">" +
                                     esc(info.extends) + "</a>") +
         "</td><td><code>" + esc(info.hash) + "</code></td></tr>\n";
  }
  b += "</table>\n";

  if (!t.payment_versions().empty()) {
    b += "<h2 id=\"payment-versions\">" + L_(L::payment_versions) + "</h2>\n<p>" +
         L_(L::payment_versions_note) + "</p>\n<table class=\"payment-versions\">\n<tr><th>" +
         L_(L::version) + "</th><th>" + L_(L::payments_from) + "</th><th>" + L_(L::changes) +
         "</th><th>" + L_(L::own_hash) + "</th></tr>\n";
    for (const auto& pv : t.payment_versions()) {
      std::string changes;
      for (const std::string& p : pv.changes) {
        changes += changes.empty() ? "" : ", ";
        changes += site.documented.count(p) ? "<a href=\"parameters.html#" +
                                                  esc(anchor("param", p)) + "\">" + esc(p) + "</a>"
                                            : esc(p);
      }
      b += "<tr id=\"" + esc(anchor("payment", pv.name)) + "\"><td><a href=\"payments/" +
           esc(version_file(pv.name)) + "\">" + esc(pv.name) + "</a></td><td>" + esc(pv.effective) +
           "</td><td>" + changes + "</td><td><code>" + esc(pv.hash) + "</code></td></tr>\n";
    }
    b += "</table>\n";
  }
  b += "<h2>" + L_(L::parameters) + "</h2>\n<p><a href=\"parameters.html\">" + L_(L::parameters) +
       "</a>: " + L_(L::parameters_note) + "</p>\n";
  return page(lang, "index.html", t.name() + " — " + label(L::site_title, lang), b);
}

}  // namespace decree::doc
