// Versions: reading a version's files and merging the `override`s of an
// extending version into the declarations of the version it extends.
#include <algorithm>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>

#include "api/internal/loader.h"
#include "base/codes_versions.h"
#include "syntax/clone.h"
#include "syntax/parse.h"

namespace decree::loader {

namespace fs = std::filesystem;

bool hidden(const fs::path& path) {
  const std::string name = path.filename().string();
  return !name.empty() && name.front() == '.';
}

std::vector<fs::path> decree_files(const fs::path& path) {
  std::vector<fs::path> files;
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    for (const auto& entry : fs::directory_iterator(path, ec))
      if (entry.is_regular_file() && entry.path().extension() == ".decree")
        files.push_back(entry.path());
    std::sort(files.begin(), files.end());
  } else if (fs::is_regular_file(path, ec)) {
    files.push_back(path);
  }
  return files;
}

bool read_level(const std::vector<fs::path>& files, RuleSet::Storage& st, ast::ExprId& next_id,
                Level& level, Diagnostics& diags, ParseCache* cache) {
  bool ok = true;
  level.files = files;
  level.dir = files.empty() ? fs::path() : files.front().parent_path();
  const ast::Module* header = nullptr;  // the first file that states a version
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      diags.error({}, Message{msg::version_cannot_read_file, {{"path", file.string()}}});
      ok = false;
      continue;
    }
    std::stringstream text;
    text << in.rdbuf();
    std::optional<ast::Module> module;
    const std::pair<std::string, ast::ExprId> key{file.string(), next_id};
    if (cache) {
      std::lock_guard<std::mutex> lock(cache->mutex);
      auto hit = cache->entries.find(key);
      if (hit != cache->entries.end() && hit->second.source->text() == text.view()) {
        st.sources.push_back(hit->second.source);  // the spans point into it
        module = ast::clone(hit->second.module);
      }
    }
    if (!module) {
      auto source = std::make_shared<const SourceFile>(file.string(), text.str());
      st.sources.push_back(source);
      module = parse_module(source, diags, {}, next_id);
      if (!module) {
        ok = false;
        continue;
      }
      if (cache) {
        std::lock_guard<std::mutex> lock(cache->mutex);
        cache->entries.insert_or_assign(key, ParseCache::Entry{source, ast::clone(*module)});
      }
    }
    next_id = module->next_id;
    st.modules.push_back(std::make_unique<ast::Module>(std::move(*module)));
    ast::Module* m = st.modules.back().get();
    level.modules.push_back(m);
    if (m->version.empty()) continue;
    if (!header) {
      header = m;
      level.version = m->version;
      level.effective = m->effective;
      level.until = m->until;
      level.extends = m->extends;
      level.version_span = m->version_span;
    } else if (m->version != header->version || m->effective != header->effective ||
               m->until != header->until || m->extends != header->extends) {
      diags.error(m->version_span, Message{msg::version_header_disagree, {}})
          .note(header->version_span, Message{msg::version_other_file_says, {}});
      ok = false;
    }
  }
  for (const ast::Module* m : level.modules) {
    if (m->select_by.empty()) continue;
    if (level.select_by.empty()) {
      level.select_by = m->select_by;
    } else if (m->select_by != level.select_by) {
      diags.error(m->select_by_span, Message{msg::version_select_by_disagree, {}});
      ok = false;
    }
  }
  return ok;
}

namespace {

// A declaration found by name in a level: where it is, to erase it.
struct Found {
  const char* kind = nullptr;
  Span span;
  std::function<void()> erase;
};

template <typename Vec>
bool find_in(Vec& vec, const std::string& name, const char* kind, Found& out) {
  for (size_t i = 0; i < vec.size(); ++i) {
    if (vec[i].name != name) continue;
    out.kind = kind;
    out.span = vec[i].span;
    out.erase = [&vec, i] { vec.erase(vec.begin() + static_cast<std::ptrdiff_t>(i)); };
    return true;
  }
  return false;
}

// Looks for a declaration named `name` of the same family in levels [0, upto).
bool find_below(std::vector<Level>& chain, size_t upto, const std::string& name, int family,
                Found& out) {
  for (size_t l = upto; l-- > 0;) {
    for (ast::Module* m : chain[l].modules) {
      switch (family) {
        case 0:
          if (find_in(m->rules, name, "rule", out)) return true;
          break;
        case 1:
          if (find_in(m->tables, name, "table", out)) return true;
          break;
        case 2:
          if (find_in(m->inputs, name, "input", out)) return true;
          break;
        case 3:
          if (find_in(m->enums, name, "enum", out)) return true;
          break;
        case 4:
          if (find_in(m->records, name, "record", out)) return true;
          break;
      }
    }
  }
  return false;
}

}  // namespace

bool merge_overrides(std::vector<Level>& chain, std::vector<std::string>& overrides,
                     Diagnostics& diags) {
  bool ok = true;
  for (size_t l = 1; l < chain.size(); ++l) {
    const std::string& base = chain[l - 1].version;
    // `what(d)` names a declaration for messages: "output x", "table t", …
    auto visit = [&](auto& decls, int family, auto what) {
      for (auto& d : decls) {
        Found found;
        bool exists = find_below(chain, l, d.name, family, found);
        if (d.is_override && !exists) {
          diags.error(
              d.span,
              Message{msg::version_override_nothing,
                      {declaration_kind("what", what(d)), {"name", d.name}, {"base", base}}});
          ok = false;
        } else if (!d.is_override && exists) {
          diags
              .error(d.span,
                     Message{msg::version_already_declared,
                             {declaration_kind("what", what(d)), {"name", d.name}, {"base", base}}})
              .note(found.span, Message{msg::version_declared_here_note, {}});
          ok = false;
        } else if (exists) {
          found.erase();
          if (l + 1 == chain.size()) overrides.push_back(what(d) + " " + d.name);
        }
      }
    };
    auto named = [](const char* kind) { return [kind](const auto&) { return std::string(kind); }; };
    for (ast::Module* m : chain[l].modules) {
      visit(m->rules, 0, [](const ast::RuleDecl& r) {
        return std::string(r.kind == ast::RuleDecl::Kind::output ? "output" : "let");
      });
      visit(m->tables, 1, named("table"));
      visit(m->inputs, 2, named("input"));
      visit(m->enums, 3, named("enum"));
      visit(m->records, 4, named("record"));
    }
  }
  return ok;
}

MessageArg declaration_kind(const std::string& key, const std::string& keyword) {
  static const std::map<std::string, std::string> zh = {
      {"output", "输出"}, {"let", "中间值（let）"}, {"table", "决策表"},
      {"input", "输入"},  {"enum", "枚举"},         {"record", "记录"}};
  const auto it = zh.find(keyword);
  return {key, keyword, it == zh.end() ? keyword : it->second};
}

}  // namespace decree::loader
