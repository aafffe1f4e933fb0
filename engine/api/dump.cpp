#include "api/dump.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "api/timeline.h"
#include "base/codes_versions.h"
#include "check/print.h"
#include "plan/print.h"
#include "syntax/parse.h"
#include "syntax/print.h"

namespace decree {
namespace {

namespace fs = std::filesystem;

// The path itself if it is a file, else every .decree file below it, sorted.
std::vector<fs::path> decree_files_under(const std::string& path) {
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) return {path};
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(path, ec))
    if (e.is_regular_file() && e.path().extension() == ".decree") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

std::string dump_parse(const std::string& path, Diagnostics& diags) {
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    diags.error({}, Message{msg::path_not_found, {{"path", path}}});
    return "";
  }
  auto files = decree_files_under(path);
  if (files.empty()) diags.error({}, Message{msg::ruleset_no_decree_files, {{"path", path}}});
  std::string out;
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    if (!in) {
      diags.error({}, Message{msg::version_cannot_read_file, {{"path", f.string()}}});
      continue;
    }
    std::stringstream text;
    text << in.rdbuf();
    auto source = std::make_shared<const SourceFile>(f.string(), text.str());
    auto module = parse_module(source, diags);
    if (!module) continue;
    out += ";; " + f.string() + "\n" + ast::print(*module) + "\n";
  }
  return out;
}

}  // namespace

std::optional<DumpStage> dump_stage(std::string_view name) {
  if (name == "parse") return DumpStage::parse;
  if (name == "check") return DumpStage::check;
  if (name == "plan") return DumpStage::plan;
  return std::nullopt;
}

std::string dump_after(const std::string& path, DumpStage stage, Diagnostics& diags) {
  if (stage == DumpStage::parse) return dump_parse(path, diags);
  auto timeline = RuleTimeline::load(path, diags);
  if (!timeline) return "";
  std::string out;
  for (const auto& v : timeline->versions()) {
    out += ";; " + v->path() +
           (v->version().name.empty() ? "" : " (version \"" + v->version().name + "\")") + "\n";
    out += stage == DumpStage::check ? print_checked(v->checked()) : print_plan(v->program());
  }
  return out;
}

}  // namespace decree
