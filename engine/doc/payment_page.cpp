// payments/V.html: one payment-date version (`select by as_of`), such as a
// yearly adjustment round (工伤保险条例 第四十条). It has no rules of its
// own: the page says from which date it applies, on top of which versions,
// its notice (`basis`), and every parameter entry it set, with the value
// before it, the value from it and the source of the new value.
#include <map>

#include "check/program.h"
#include "doc/html.h"
#include "doc/labels.h"
#include "doc/pages.h"
#include "params/parameters.h"

namespace decree::doc {
namespace {

// The entry `keys` of parameter `name` ("p.x") in `rs`: its source and
// reliability; empty if it has none there.
std::pair<std::string, std::string> source_of(const RuleSet* rs, const std::string& name,
                                              const std::string& keys) {
  if (!rs) return {};
  for (const ParamInfo& info : rs->checked().params) {
    if (info.alias + "." + info.param->name != name) continue;
    for (const ParamValue& v : info.param->values)
      if (info.param->entry_keys(v) == keys)
        return {info.param->reference_for(v),
                std::string(reliability_name(info.param->reliability_for(v)))};
  }
  return {};
}

}  // namespace

std::string payment_page(const Site& site, const RuleTimeline::PaymentVersion& pv, Lang lang) {
  const RuleTimeline& t = site.timeline;
  auto L_ = [&](L what) { return esc(label(what, lang)); };
  std::string b = "<h1>" + esc(t.name()) + " — " + L_(L::payment_version) + " " + esc(pv.name) +
                  "</h1>\n<p>" + L_(L::payment_versions_note) + "</p>\n<dl class=\"meta\">\n";
  b += "<dt>" + L_(L::payments_from) + "</dt><dd>" + esc(pv.effective) + "</dd>\n";
  if (!pv.basis.empty()) b += "<dt>" + L_(L::basis) + "</dt><dd>" + esc(pv.basis) + "</dd>\n";
  b += "<dt>" + L_(L::applies_on) + "</dt><dd>";
  for (size_t k = 0; k < t.versions().size(); ++k) {
    const std::string& v = t.versions()[k]->version().name;
    b += (k ? ", " : "") + std::string("<a href=\"../versions/") + esc(version_file(v)) + "\">" +
         esc(v) + "</a>";
  }
  b += "</dd>\n<dt>" + L_(L::own_hash) + "</dt><dd><code>" + esc(pv.hash) + "</code></dd>\n</dl>\n";

  // The latest version with this round and the ones before it on top: where
  // the sources of the new values are.
  const RuleSet* stacked =
      t.versions().empty() ? nullptr
                           : t.for_payment(t.versions().back().get(), Date::parse(pv.effective));
  std::map<std::string, const ParamHistory*> history;
  for (const auto& h : site.history) history[h.name] = &h;

  b += "<h2 id=\"changes\">" + L_(L::param_entries_changed) + "</h2>\n";
  if (pv.changes.empty()) b += "<p>" + L_(L::nothing_changed) + "</p>\n";
  for (const std::string& name : pv.changes) {
    b += "<h3 id=\"" + esc(anchor("param", name)) + "\">";
    b += site.documented.count(name)
             ? "<a href=\"../parameters.html#" + esc(anchor("param", name)) + "\"><code>" +
                   esc(name) + "</code></a>"
             : "<code>" + esc(name) + "</code>";
    b += "</h3>\n";
    auto h = history.find(name);
    if (h == history.end()) continue;
    if (!h->second->description.empty())
      b += "<div class=\"doc\">" +
           esc(h->second->description.substr(0, h->second->description.find('\n'))) + "</div>\n";
    b += "<table class=\"entries\">\n<tr><th>" + L_(L::keys) + "</th><th>" + L_(L::value_before) +
         "</th><th>" + L_(L::value_from_here) + "</th><th>" + L_(L::reliability) + "</th><th>" +
         L_(L::source) + "</th></tr>\n";
    for (const ParamEntryHistory& e : h->second->entries)
      for (size_t i = 0; i < e.changes.size(); ++i) {
        if (e.changes[i].version != pv.name) continue;
        std::string before =
            i == 0 ? L_(L::new_entry)
                   : esc(e.changes[i - 1].value) + " (" + esc(e.changes[i - 1].version) + ")";
        auto [reference, reliability] = source_of(stacked, name, e.keys);
        b += "<tr><td><code>" + esc(e.keys) + "</code></td><td>" + before +
             "</td><td class=\"num\">" + esc(e.changes[i].value) + "</td><td>" + esc(reliability) +
             "</td><td>" + esc(reference) + "</td></tr>\n";
      }
    b += "</table>\n";
  }
  return page(lang, "payments/" + version_file(pv.name),
              t.name() + " " + pv.name + " — " + label(L::site_title, lang), b);
}

}  // namespace decree::doc
