// Internal: reading a version's files and merging an extends chain.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "api/ruleset.h"
#include "params/parameters.h"
#include "syntax/ast.h"

namespace decree {

struct RuleSet::Storage {
  std::vector<SourceRef> sources;
  std::vector<std::unique_ptr<ast::Module>> modules;
  std::vector<std::unique_ptr<ParameterSet>> params;  // as loaded (their sources stay alive)
  std::map<std::string, std::unique_ptr<ParameterSet>> by_alias;  // merged over the chain
};

// One parse per file and first expression id, copied into each load that
// reads the same text (ast::clone). Loads of one timeline run one after
// another; the mutex makes sharing a cache between threads safe anyway.
struct ParseCache {
  struct Entry {
    SourceRef source;
    ast::Module module;
  };
  std::mutex mutex;
  std::map<std::pair<std::string, ast::ExprId>, Entry> entries;
};

namespace loader {

// One version's directory (or single file), parsed.
struct Level {
  std::filesystem::path dir;
  std::vector<std::filesystem::path> files;
  std::vector<ast::Module*> modules;  // owned by the Storage
  std::string version, effective, until, extends, select_by;
  Span version_span;
};

// The .decree files of a version: a directory's (sorted) or the file itself.
// Empty if there are none.
std::vector<std::filesystem::path> decree_files(const std::filesystem::path& path);
// A hidden directory (".incoming-2025-07-01-…"): never a version. Publishing
// writes a version beside the others under such a name, then renames it in.
bool hidden(const std::filesystem::path& path);

// A declaration's keyword as a message placeholder {key}: `output` in
// English, 输出 in 中文 (output, let, table, input, enum, record).
MessageArg declaration_kind(const std::string& key, const std::string& keyword);

// Parses the files into `level` (modules kept in `storage`); checks that the
// files agree on their header. Returns false after reporting errors. With a
// cache, a file already parsed from the same text at the same first
// expression id is copied from it instead of parsed again (a timeline loads
// each version once per stack of payment-date versions).
bool read_level(const std::vector<std::filesystem::path>& files, RuleSet::Storage& storage,
                ast::ExprId& next_id, Level& level, Diagnostics& diags,
                ParseCache* cache = nullptr);

// Applies `override`s level by level: an override replaces the declaration of
// the same name in the levels below; a plain declaration must be new.
// `overrides` receives what the top level overrides ("output own_wage").
bool merge_overrides(std::vector<Level>& chain, std::vector<std::string>& overrides,
                     Diagnostics& diags);

}  // namespace loader
}  // namespace decree
