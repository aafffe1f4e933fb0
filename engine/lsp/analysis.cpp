#include "lsp/analysis.h"

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <cstdio>
#include <cstdlib>
#include <functional>

#include "api/decree.h"
#include "check/program.h"
#include "params/parameters.h"
#include "syntax/ast.h"

namespace decree::lsp {
namespace {

namespace fs = std::filesystem;

bool has_rule_files(const fs::path& dir) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.is_regular_file() && e.path().extension() == ".decree") return true;
  return false;
}

// A temporary directory, removed with its contents.
struct Scratch {
  std::string path;
  Scratch() {
    std::string pattern = (fs::temp_directory_path() / "decree-lsp-XXXXXX").string();
    if (char* made = ::mkdtemp(pattern.data())) path = made;
  }
  ~Scratch() {
    std::error_code ec;
    if (!path.empty()) fs::remove_all(path, ec);
  }
};

// Copies `from` (its visible files) to `to`, then writes the open texts
// that lie inside it.
void copy_with_overlay(const fs::path& from, const fs::path& to,
                       const std::map<std::string, std::string>& open) {
  std::error_code ec;
  fs::create_directories(to, ec);
  for (auto it = fs::recursive_directory_iterator(from, ec); it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (!name.empty() && name.front() == '.') {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    const fs::path target = to / fs::relative(it->path(), from);
    if (it->is_directory())
      fs::create_directories(target, ec);
    else if (it->is_regular_file())
      fs::copy_file(it->path(), target, fs::copy_options::overwrite_existing, ec);
  }
  for (const auto& [path, text] : open) {
    const fs::path rel = fs::path(path).lexically_relative(from);
    if (rel.empty() || *rel.begin() == "..") continue;
    fs::create_directories((to / rel).parent_path(), ec);
    std::ofstream(to / rel, std::ios::binary) << text;
  }
}

struct Builder {
  Analysis& out;
  const CheckedProgram* checked;  // null when the rules did not load
  Lang lang;
  std::string scratch, real;  // path prefixes: the copy's, the original's
  std::map<std::tuple<int, uint32_t, uint32_t>, int> ids;  // (kind, index, sub) → symbol

  Place place(const Span& s) const {
    Place p;
    if (!s.valid()) return p;
    p.path = s.file->path();
    if (p.path.rfind(scratch, 0) == 0) p.path = real + p.path.substr(scratch.size());
    p.line = s.line;
    p.col = s.col;
    p.end_line = s.end_line ? s.end_line : s.line;
    p.end_col = s.end_col ? s.end_col : s.col;
    return p;
  }

  int add(int kind, uint32_t index, uint32_t sub, Symbol s) {
    s.renamable = s.at.path.size() > 7 && s.at.path.compare(s.at.path.size() - 7, 7, ".decree") == 0;
    const int id = static_cast<int>(out.symbols.size());
    out.occurrences.push_back({s.at, id});
    out.symbols.push_back(std::move(s));
    ids[{kind, index, sub}] = id;
    return id;
  }

  static std::string doc_and_basis(const std::string& doc, const std::string& basis) {
    std::string h;
    if (!doc.empty()) h += "\n\n" + doc;
    if (!basis.empty()) h += "\n\n*basis*: " + basis;
    return h;
  }

  void symbols() {
    const CheckedProgram& prog = *checked;
    using K = Resolution::Kind;
    for (uint32_t i = 0; i < prog.inputs.size(); ++i) {
      const auto& in = prog.inputs[i];
      if (!in.decl) continue;
      std::string h = "```decree\ninput " + in.name + ": " + prog.type_name(in.type, lang) +
                      (in.optional ? " optional" : "") + "\n```";
      add(int(K::input), i, 0, {in.name, "input", place(in.decl->span), h + doc_and_basis(in.decl->doc, "")});
    }
    for (uint32_t i = 0; i < prog.rules.size(); ++i) {
      const auto& r = prog.rules[i];
      if (!r.decl) continue;
      std::string h = std::string("```decree\n") + (r.output ? "output " : "let ") + r.name + ": " +
                      prog.type_name(r.type, lang);
      if (r.period != ast::Period::none) h += std::string(" ") + ast::period_text(r.period);
      if (!r.decl->payer.empty()) h += "\n  paid by " + r.decl->payer;
      h += "\n```";
      add(int(K::rule), i, 0,
          {r.name, r.output ? "output" : "let", place(r.decl->span),
           h + doc_and_basis(r.decl->doc, r.decl->basis)});
    }
    for (uint32_t i = 0; i < prog.tables.size(); ++i) {
      const auto& t = prog.tables[i];
      if (!t.decl) continue;
      std::string sig = "table " + t.name + "(";
      for (size_t k = 0; k < t.decl->keys.size(); ++k)
        sig += (k ? ", " : "") + t.decl->keys[k].name + ": " + prog.type_name(t.keys[k], lang);
      sig += ") -> ";
      if (t.decl->single_result) {
        sig += prog.type_name(t.results[0], lang);
      } else {
        sig += "(";
        for (size_t k = 0; k < t.decl->results.size(); ++k)
          sig += (k ? ", " : "") + t.decl->results[k].name + ": " + prog.type_name(t.results[k], lang);
        sig += ")";
      }
      sig += std::string(" hit ") + ast::hit_policy_name(t.decl->hit);
      add(int(K::table), i, 0,
          {t.name, "table", place(t.decl->span),
           "```decree\n" + sig + "\n```\n\n" + std::to_string(t.decl->rows.size()) + " rows" +
               doc_and_basis(t.decl->doc, t.decl->basis)});
    }
    for (uint32_t i = 0; i < prog.enums.size(); ++i) {
      const auto& e = prog.enums[i];
      if (!e.decl) continue;
      std::string values;
      for (const auto& [v, span] : e.decl->values) values += (values.empty() ? "" : ", ") + v;
      add(int(K::enum_type), i, 0,
          {e.decl->name, "enum", place(e.decl->span),
           "```decree\nenum " + e.decl->name + " { " + values + " }\n```" +
               doc_and_basis(e.decl->doc, "")});
      for (uint32_t v = 0; v < e.decl->values.size(); ++v)
        add(int(K::enum_value), i, v,
            {e.decl->values[v].first, "enum value", place(e.decl->values[v].second),
             "`" + e.decl->values[v].first + "`: a value of enum `" + e.decl->name + "`"});
    }
    for (uint32_t i = 0; i < prog.params.size(); ++i) {
      const auto& p = prog.params[i];
      if (!p.param) continue;
      add(int(K::param), i, 0,
          {p.alias + "." + p.name, "parameter", place(p.param->span), param_hover(p)});
    }
  }

  std::string param_hover(const ParamInfo& info) const {
    const CheckedProgram& prog = *checked;
    const Parameter& p = *info.param;
    std::string h = "```decree\nparameter " + info.alias + "." + info.name + ": " +
                    prog.type_name(info.type, lang) + " by " + p.index_text() + "\n```";
    if (!p.description.empty()) h += "\n\n" + p.description;
    if (!p.reference.empty()) h += "\n\n*source*: " + p.reference;
    h += "\n\n| " + p.index_text() + " | value | source |\n|---|---|---|\n";
    size_t shown = 0;
    for (const auto& v : p.values) {
      if (++shown > 40) {
        h += "| … | " + std::to_string(p.values.size() - 40) + " more | |\n";
        break;
      }
      std::string keys;
      for (size_t l = 0; l < v.depth; ++l) keys += (l ? ", " : "") + p.key_text(l, v.keys[l]);
      const std::string value = v.value ? v.value->to_string()
                                : !v.unsourced.empty() ? "unsourced: " + v.unsourced
                                                       : "(ends)";
      h += "| " + keys + " | " + value + " | " + (v.reference.empty() ? p.reference : v.reference) +
           " |\n";
    }
    return h;
  }

  void name(const Span& span, const Resolution& r) {
    auto it = ids.find({int(r.kind), r.index, r.kind == Resolution::Kind::enum_value ? r.sub : 0});
    if (it == ids.end() || !span.valid()) return;
    out.occurrences.push_back({place(span), it->second});
  }

  void walk(const ast::Expr* e) {
    if (!e) return;
    const CheckedProgram& prog = *checked;
    const Resolution none{};
    const Resolution& r = e->id < prog.resolutions.size() ? prog.resolutions[e->id] : none;
    std::visit(
        [&](const auto& k) {
          using T = std::decay_t<decltype(k)>;
          if constexpr (std::is_same_v<T, ast::Ident>) {
            name(e->span, r);
          } else if constexpr (std::is_same_v<T, ast::Select>) {
            name(k.field_span, r);
            walk(k.operand.get());
          } else if constexpr (std::is_same_v<T, ast::Index>) {
            walk(k.operand.get());
            for (const auto& key : k.keys) walk(key.get());
          } else if constexpr (std::is_same_v<T, ast::Call>) {
            name(k.function_span, r);
            for (const auto& a : k.args) walk(a.get());
          } else if constexpr (std::is_same_v<T, ast::Piecewise>) {
            for (const auto& c : k.cases) {
              walk(c.condition.get());
              walk(c.value.get());
            }
            walk(k.otherwise.get());
          } else if constexpr (std::is_same_v<T, ast::Match>) {
            walk(k.subject.get());
            for (const auto& arm : k.arms) walk(arm.value.get());
          } else if constexpr (std::is_same_v<T, ast::Comprehension>) {
            walk(k.list.get());
            walk(k.filter.get());
            walk(k.body.get());
            walk(k.initial.get());
          } else if constexpr (std::is_same_v<T, ast::ListLiteral>) {
            for (const auto& item : k.items) walk(item.get());
          }
        },
        e->kind);
  }

  void occurrences() {
    for (const ast::Module* m : checked->modules) {
      for (const auto& in : m->inputs) {
        walk(in.range_min.get());
        walk(in.range_max.get());
        walk(in.default_value.get());
      }
      for (const auto& r : m->rules) walk(r.body.get());
      for (const auto& t : m->tables)
        for (const auto& row : t.rows) {
          for (const auto& key : row.keys) {
            walk(key.value.get());
            walk(key.lo.get());
            walk(key.hi.get());
            for (const auto& alt : key.alternatives) {
              walk(alt.value.get());
              walk(alt.lo.get());
              walk(alt.hi.get());
            }
          }
          for (const auto& v : row.values) walk(v.get());
        }
    }
  }
};

}  // namespace

const Occurrence* Analysis::at(const std::string& path, uint32_t line, uint32_t col) const {
  for (const auto& o : occurrences)
    if (o.at.path == path && o.at.contains(line, col)) return &o;
  return nullptr;
}

Analysis Analysis::run(const std::string& decree_file, const std::map<std::string, std::string>& open,
                       Lang lang) {
  Analysis a;
  const fs::path file = fs::absolute(decree_file).lexically_normal();
  const fs::path version = file.parent_path();
  // A version among others (rules/…/2021-07-01/x.decree): the timeline, so
  // that `extends` and the payment-date versions are found.
  fs::path tree = version;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(version.parent_path(), ec))
    if (e.is_directory() && e.path() != version && has_rule_files(e.path())) tree = version.parent_path();
  Scratch scratch;
  if (scratch.path.empty()) {
    a.problems.push_back({{file.string(), 1, 1, 1, 1}, true, "", "cannot make a scratch directory"});
    return a;
  }
  const fs::path copy = fs::path(scratch.path) / tree.filename();
  copy_with_overlay(tree, copy, open);
  Diagnostics diags;
  std::unique_ptr<const RuleTimeline> timeline;
  std::unique_ptr<const RuleSet> single;
  const RuleSet* rules = nullptr;
  const fs::path copy_version = tree == version ? copy : copy / version.filename();
  if (tree != version) {
    timeline = RuleTimeline::load(copy.string(), diags);
    if (timeline)
      for (const RuleSet* r : timeline->all())
        if (fs::path(r->path()).lexically_normal() == copy_version.lexically_normal()) {
          rules = r;
          break;
        }
  } else {
    single = RuleSet::load(copy.string(), diags);
    rules = single.get();
  }
  Builder b{a, rules ? &rules->checked() : nullptr, lang, copy.string(), tree.string(), {}};
  for (const auto& d : diags.items()) {
    Problem p;
    p.at = b.place(d.span);
    if (p.at.path.empty()) p.at = {file.string(), 1, 1, 1, 1};
    p.error = d.severity == Severity::error;
    p.code = d.code == Code::none ? "" : std::string(code_name(d.code));
    p.message = d.text(lang);
    for (const auto& n : d.notes) p.message += "\n" + n.text(lang);
    a.problems.push_back(std::move(p));
  }
  for (const auto& e : fs::directory_iterator(version, ec))
    if (e.path().extension() == ".decree") a.files.push_back(e.path().string());
  if (!rules) return a;
  a.checked = true;
  b.symbols();
  b.occurrences();
  return a;
}

}  // namespace decree::lsp
