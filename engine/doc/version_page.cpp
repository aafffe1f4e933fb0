// versions/V.html: one version as a reader checks it against the law. Each
// output with its formula (its source text), doc comment, basis, period and
// payer, linked to the rules, tables, parameters and inputs it reads; the
// intermediate rules the same way; each table; the inputs; and what the
// version changed against the one it extends.
#include <algorithm>
#include <filesystem>

#include "base/codes_versions.h"
#include "check/program.h"
#include "doc/html.h"
#include "doc/labels.h"
#include "doc/pages.h"
#include "doc/uses.h"

namespace decree::doc {
namespace {

// A formula as written. span_text gives the first line from the expression's
// start and the further lines with their whole indentation: they are shifted
// left by their common indentation, at most as far as the first line starts
// (so a continuation keeps its place under the first line).
std::string formula_text(const ast::Expr& e) {
  std::string text = span_text(e.span);
  std::vector<std::string> lines;
  for (size_t start = 0;;) {
    size_t nl = text.find('\n', start);
    lines.push_back(text.substr(start, nl == std::string::npos ? std::string::npos : nl - start));
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  size_t cut = e.span.col > 0 ? e.span.col - 1 : 0;
  for (size_t i = 1; i < lines.size(); ++i) {
    if (lines[i].find_first_not_of(' ') == std::string::npos) continue;
    cut = std::min(cut, lines[i].find_first_not_of(' '));
  }
  std::string out = lines[0];
  for (size_t i = 1; i < lines.size(); ++i)
    out += "\n" + (lines[i].size() >= cut ? lines[i].substr(cut) : std::string());
  return out;
}

std::string period_label(ast::Period p, Lang lang) {
  switch (p) {
    case ast::Period::per_month:
      return label(L::per_month, lang);
    case ast::Period::once:
      return label(L::once, lang);
    case ast::Period::none:
      break;
  }
  return label(L::no_period, lang);
}

// The version directory a declaration's file lies in ("2011-01-01").
std::string defining_version(const Site& site, const Span& span) {
  std::string where = site.location(span);
  size_t slash = where.find('/');
  return slash == std::string::npos ? std::string() : where.substr(0, slash);
}

class VersionPage {
 public:
  VersionPage(const Site& site, const RuleSet& rs, Lang lang)
      : site_(site), rs_(rs), c_(rs.checked()), lang_(lang) {}

  std::string render() {
    const VersionInfo& info = rs_.version();
    std::string b = "<h1>" + esc(c_.ruleset) + " — " + L_(L::version) + " " + esc(info.name) +
                    "</h1>\n";
    header(b);
    changes(b);
    b += "<h2 id=\"outputs\">" + L_(L::outputs) + "</h2>\n";
    for (uint32_t r : c_.outputs) rule(b, r);
    b += "<h2 id=\"lets\">" + L_(L::lets) + "</h2>\n";
    for (uint32_t r = 0; r < c_.rules.size(); ++r)
      if (!c_.rules[r].output) rule(b, r);
    if (!c_.tables.empty()) b += "<h2 id=\"tables\">" + L_(L::tables) + "</h2>\n";
    for (uint32_t t = 0; t < c_.tables.size(); ++t) table(b, t);
    inputs(b);
    return page(lang_, "versions/" + version_file(info.name),
                c_.ruleset + " " + info.name + " — " + label(L::site_title, lang_), b);
  }

 private:
  const Site& site_;
  const RuleSet& rs_;
  const CheckedProgram& c_;
  Lang lang_;

  std::string L_(L what) const { return esc(label(what, lang_)); }

  std::string param_link(const std::string& name) const {
    if (!site_.documented.count(name)) return "<code>" + esc(name) + "</code>";
    return "<a href=\"../parameters.html#" + esc(anchor("param", name)) + "\"><code>" + esc(name) +
           "</code></a>";
  }
  std::string local_link(const std::string& kind, const std::string& name) const {
    return "<a href=\"#" + esc(anchor(kind, name)) + "\"><code>" + esc(name) + "</code></a>";
  }
  std::string version_link(const std::string& name) const {
    if (!site_.timeline.find(name)) return esc(name);
    return "<a href=\"" + esc(version_file(name)) + "\">" + esc(name) + "</a>";
  }

  void header(std::string& b) const {
    const VersionInfo& info = rs_.version();
    b += "<dl class=\"meta\">\n";
    b += "<dt>" + L_(L::effective) + "</dt><dd>" + esc(info.effective) + "</dd>\n";
    if (!info.until.empty()) b += "<dt>" + L_(L::until) + "</dt><dd>" + esc(info.until) + "</dd>\n";
    if (!info.extends.empty())
      b += "<dt>" + L_(L::extends) + "</dt><dd>" + version_link(info.extends) + "</dd>\n";
    if (!info.select_by.empty())
      b += "<dt>" + L_(L::chosen_by) + "</dt><dd><code>" + esc(info.select_by) + "</code></dd>\n";
    if (!c_.basis.empty()) b += "<dt>" + L_(L::basis) + "</dt><dd>" + esc(c_.basis) + "</dd>\n";
    b += "<dt>" + L_(L::rules_hash) + "</dt><dd><code>" + esc(info.hash) + "</code></dd>\n";
    for (const Contribution& k : info.contributions)
      if (k.name == info.name)
        b += "<dt>" + L_(L::own_hash) + "</dt><dd><code>" + esc(k.hash) + "</code></dd>\n";
    b += "</dl>\n";
  }

  // Overridden and added declarations, and the parameter entries changed.
  void changes(std::string& b) const {
    const VersionInfo& info = rs_.version();
    b += "<h2 id=\"changes\">" + L_(L::changed_against) + " " +
         (info.extends.empty() ? std::string() : version_link(info.extends)) + "</h2>\n";
    if (info.extends.empty()) {
      b += "<p>" + L_(L::first_version) + "</p>\n";
      return;
    }
    std::string overridden;
    for (const std::string& o : info.overrides) {
      size_t space = o.find(' ');
      std::string what = o.substr(0, space), name = o.substr(space + 1);
      std::string link = what == "parameter" ? param_link(name)
                         : what == "table"   ? local_link("table", name)
                         : what == "input"   ? local_link("input", name)
                         : what == "output" || what == "let"
                             ? local_link("rule", name)
                             : "<code>" + esc(name) + "</code>";
      overridden += (overridden.empty() ? "" : ", ") + esc(what) + " " + link;
    }
    std::string added;
    if (const RuleSet* base = site_.timeline.find(info.extends)) {
      const CheckedProgram& bc = base->checked();
      for (const RuleInfo& r : c_.rules)
        if (std::none_of(bc.rules.begin(), bc.rules.end(),
                         [&](const RuleInfo& o) { return o.name == r.name; }))
          added += (added.empty() ? "" : ", ") + std::string(r.output ? "output " : "let ") +
                   local_link("rule", r.name);
      for (const TableInfo& t : c_.tables)
        if (std::none_of(bc.tables.begin(), bc.tables.end(),
                         [&](const TableInfo& o) { return o.name == t.name; }))
          added += (added.empty() ? "" : ", ") + std::string("table ") + local_link("table", t.name);
    }
    b += "<dl class=\"meta changes\">\n";
    b += "<dt>" + L_(L::rules_overridden) + "</dt><dd>" +
         (overridden.empty() ? L_(L::nothing_changed) : overridden) + "</dd>\n";
    b += "<dt>" + L_(L::rules_added) + "</dt><dd>" +
         (added.empty() ? L_(L::nothing_changed) : added) + "</dd>\n";
    b += "<dt>" + L_(L::param_entries_changed) + "</dt><dd>";
    if (info.param_changes.empty()) b += L_(L::nothing_changed);
    for (size_t i = 0; i < info.param_changes.size(); ++i)
      b += std::string(i ? "<br>" : "") + param_link(info.param_changes[i].name) + ": " +
           esc(change_text(info.param_changes[i], lang_));
    b += "</dd>\n</dl>\n";
  }

  void rule(std::string& b, uint32_t index) const {
    const RuleInfo& r = c_.rules[index];
    const ast::RuleDecl* d = r.decl;
    if (!d) return;
    std::string from = defining_version(site_, d->span);
    b += "<section class=\"rule " + std::string(r.output ? "output" : "let") + "\" id=\"" +
         esc(anchor("rule", r.name)) + "\">\n<h3><code>" + esc(r.name) + "</code>: " +
         esc(c_.type_name(r.type, lang_));
    if (r.period != ast::Period::none) b += " " + esc(period_label(r.period, lang_));
    if (d->is_override && from == rs_.version().name)
      b += "<span class=\"badge over\">" + L_(L::overridden_here) + "</span>";
    b += "</h3>\n";
    if (!d->doc.empty()) b += "<div class=\"doc\">" + esc(d->doc) + "</div>\n";
    if (d->body) b += "<pre class=\"formula\">" + esc(formula_text(*d->body)) + "</pre>\n";
    b += "<dl class=\"meta\">\n";
    if (r.output)
      b += "<dt>" + L_(L::period) + "</dt><dd>" + esc(period_label(r.period, lang_)) + "</dd>\n";
    if (!d->payer.empty())
      b += "<dt>" + L_(L::paid_by) + "</dt><dd>" + esc(d->payer) + "</dd>\n";
    if (!d->basis.empty()) b += "<dt>" + L_(L::basis) + "</dt><dd>" + esc(d->basis) + "</dd>\n";
    if (d->body) uses(b, r, *d->body);
    b += "<dt>" + L_(L::defined_at) + "</dt><dd><code>" + esc(site_.location(d->span)) +
         "</code></dd>\n</dl>\n</section>\n";
  }

  void uses(std::string& b, const RuleInfo& r, const ast::Expr& body) const {
    Uses u = uses_of(c_, body);
    for (uint32_t dep : r.deps)  // the checker's own list: every rule read
      if (std::find(u.rules.begin(), u.rules.end(), dep) == u.rules.end()) u.rules.push_back(dep);
    std::string out;
    auto part = [&](L what, const std::vector<std::string>& links) {
      if (links.empty()) return;
      out += (out.empty() ? "" : "<br>") + L_(what) + ": ";
      for (size_t i = 0; i < links.size(); ++i) out += (i ? ", " : "") + links[i];
    };
    std::vector<std::string> links;
    for (uint32_t i : u.rules) links.push_back(local_link("rule", c_.rules[i].name));
    part(L::used_rules, links);
    links.clear();
    for (uint32_t i : u.tables) links.push_back(local_link("table", c_.tables[i].name));
    part(L::used_tables, links);
    links.clear();
    for (uint32_t i : u.params) links.push_back(param_link(c_.params[i].alias + "." + c_.params[i].name));
    part(L::used_params, links);
    links.clear();
    for (uint32_t i : u.inputs) links.push_back(local_link("input", c_.inputs[i].name));
    part(L::used_inputs, links);
    if (!out.empty()) b += "<dt>" + L_(L::uses) + "</dt><dd>" + out + "</dd>\n";
  }

  void table(std::string& b, uint32_t index) const {
    const TableInfo& t = c_.tables[index];
    const ast::TableDecl* d = t.decl;
    if (!d) return;
    std::string from = defining_version(site_, d->span);
    b += "<section class=\"table\" id=\"" + esc(anchor("table", t.name)) + "\">\n<h3><code>" +
         esc(t.name) + "</code>";
    if (d->is_override && from == rs_.version().name)
      b += "<span class=\"badge over\">" + L_(L::overridden_here) + "</span>";
    b += "</h3>\n";
    if (!d->doc.empty()) b += "<div class=\"doc\">" + esc(d->doc) + "</div>\n";
    b += "<table class=\"decision\">\n<tr>";
    for (size_t k = 0; k < d->keys.size(); ++k)
      b += "<th>" + esc(d->keys[k].name) + ": " +
           esc(k < t.keys.size() ? c_.type_name(t.keys[k], lang_) : "") + "</th>";
    for (size_t k = 0; k < d->results.size(); ++k)
      b += "<th>→ " + esc(d->results[k].name.empty() ? "" : d->results[k].name + ": ") +
           esc(k < t.results.size() ? c_.type_name(t.results[k], lang_) : "") + "</th>";
    b += "</tr>\n";
    for (const auto& row : d->rows) {
      b += "<tr>";
      if (row.otherwise) {
        b += "<td colspan=\"" + std::to_string(d->keys.size()) + "\"><i>" + L_(L::otherwise) +
             "</i></td>";
      } else {
        for (const auto& k : row.keys)
          b += "<td><code>" + esc(k.kind == ast::KeyPattern::Kind::any ? "_" : span_text(k.span)) +
               "</code></td>";
      }
      for (const auto& v : row.values)
        b += "<td class=\"num\"><code>" + esc(span_text(v->span)) + "</code></td>";
      b += "</tr>\n";
    }
    b += "</table>\n<dl class=\"meta\">\n<dt>" + L_(L::hit_policy) + "</dt><dd><code>" +
         esc(ast::hit_policy_name(d->hit)) + "</code></dd>\n";
    if (!d->basis.empty()) b += "<dt>" + L_(L::basis) + "</dt><dd>" + esc(d->basis) + "</dd>\n";
    b += "<dt>" + L_(L::defined_at) + "</dt><dd><code>" + esc(site_.location(d->span)) +
         "</code></dd>\n</dl>\n</section>\n";
  }

  void inputs(std::string& b) const {
    if (c_.inputs.empty()) return;
    b += "<h2 id=\"inputs\">" + L_(L::inputs) + "</h2>\n<table class=\"inputs\">\n<tr><th>" +
         L_(L::inputs) + "</th><th>" + L_(L::type) + "</th><th>" + L_(L::description) +
         "</th></tr>\n";
    for (const InputInfo& in : c_.inputs) {
      std::string type = esc(c_.type_name(in.type, lang_));
      if (in.decl && in.decl->range_min)
        type += " ≥ " + esc(span_text(in.decl->range_min->span));
      if (in.decl && in.decl->range_max)
        type += " ≤ " + esc(span_text(in.decl->range_max->span));
      if (in.optional) type += ", " + L_(L::optional);
      if (in.decl && in.decl->default_value)
        type += ", " + L_(L::default_value) + " <code>" +
                esc(span_text(in.decl->default_value->span)) + "</code>";
      b += "<tr id=\"" + esc(anchor("input", in.name)) + "\"><td><code>" + esc(in.name) +
           "</code></td><td>" + type + "</td><td class=\"doc\">" +
           esc(in.decl ? in.decl->doc : "") + "</td></tr>\n";
    }
    b += "</table>\n";
  }
};

}  // namespace

std::string change_text(const ParamChange& c, Lang lang) {
  auto say = [&](Code code, MessageArgs args = {}) {
    return message_text(Message{code, std::move(args)}, lang);
  };
  auto entries = [&](size_t n) {
    return n == 1 ? say(msg::versions_one_entry)
                  : say(msg::versions_entries, {{"n", std::to_string(n)}});
  };
  switch (c.kind) {
    case ParamChange::Kind::added:
      return say(msg::versions_new, {{"entries", entries(c.entries)}});
    case ParamChange::Kind::replaced:
      return say(msg::versions_replaced, {{"entries", entries(c.entries)}});
    case ParamChange::Kind::patched:
      break;
  }
  // Every key (a page has room; `decree versions` shortens to 12).
  auto keys = [&](const std::vector<std::string>& ks) {
    std::string out;
    for (size_t i = 0; i < ks.size(); ++i)
      out += (i ? ", " : "") + (c.arity > 1 ? "[" + ks[i] + "]" : ks[i]);
    return out;
  };
  std::string out;
  auto part = [&](Code what, const std::vector<std::string>& ks) {
    if (ks.empty()) return;
    out += (out.empty() ? "" : "; ") + say(what, {{"keys", keys(ks)}});
  };
  part(msg::versions_added, c.added);
  part(msg::versions_changed, c.changed);
  part(msg::versions_removed, c.removed);
  return out.empty() ? say(msg::versions_description_changed) : out;
}

std::string version_page(const Site& site, const RuleSet& version, Lang lang) {
  return VersionPage(site, version, lang).render();
}

}  // namespace decree::doc
