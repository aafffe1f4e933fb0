// decree check --dump-after=parse|check|plan: what a stage made of the rules,
// for authors and for debugging (Soufflé's and cel-cpp's habit).
//   parse  the AST of every file, as S-expressions (engine/syntax/print.h)
//   check  every rule with its type and the decimals it may carry
//   plan   node counts per rule and how each table is looked up
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "api/decree.h"
#include "check/program.h"
#include "cli/commands.h"
#include "plan/program.h"
#include "syntax/parse.h"
#include "syntax/print.h"

namespace decree::cli {

namespace fs = std::filesystem;

namespace {

std::vector<fs::path> decree_files_under(const std::string& path) {
  std::vector<fs::path> files;
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) return {path};
  for (const auto& e : fs::recursive_directory_iterator(path, ec))
    if (e.is_regular_file() && e.path().extension() == ".decree") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

std::string dump_parse(const std::string& path, Diagnostics& diags) {
  std::string out;
  for (const auto& f : decree_files_under(path)) {
    std::ifstream in(f, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    auto source = std::make_shared<const SourceFile>(f.string(), text.str());
    auto module = parse_module(source, diags);
    if (!module) continue;
    out += ";; " + f.string() + "\n" + ast::print(*module) + "\n";
  }
  return out;
}

std::string dump_check(const RuleSet& rs) {
  const CheckedProgram& c = rs.checked();
  std::string out = ";; " + rs.path() + " (" + c.ruleset +
                    (rs.version().name.empty() ? "" : " version " + rs.version().name) + ")\n";
  for (uint32_t r : c.order) {
    const RuleInfo& info = c.rules[r];
    out +=
        std::string(info.output ? "output " : "let ") + info.name + ": " + c.type_name(info.type);
    if (info.type.is_numeric())
      out += info.scale >= kInfiniteScale ? " (unbounded decimals)"
                                          : " (" + std::to_string(info.scale) + " decimals)";
    out += "\n";
  }
  return out;
}

std::string dump_plan(const RuleSet& rs) {
  const CheckedProgram& c = rs.checked();
  const Program& p = rs.program();
  std::string out = ";; " + rs.path() + ": " + std::to_string(p.nodes.size()) + " nodes, " +
                    std::to_string(p.constants.size()) + " constants, " +
                    std::to_string(p.loop_slots) + " loop slots\n";
  for (size_t t = 0; t < p.tables.size(); ++t) {
    const TablePlan& tp = p.tables[t];
    std::string how = tp.collect  ? "collect (every row tested)"
                      : tp.direct ? "direct index from " + std::to_string(tp.direct_base)
                      : !tp.sorted_rows.empty() ? "bisection over sorted intervals"
                      : !tp.buckets.empty()     ? "buckets by the first key"
                      : tp.key_kinds.size() > 1 ? "row by row (several keys, the first not an enum)"
                                                : "row by row (overlapping rows, `hit first`)";
    out += "table " + c.tables[t].name + ": " + std::to_string(tp.rows.size()) + " rows, " + how +
           "\n";
  }
  return out;
}

}  // namespace

int run_dump(const std::vector<std::string>& paths, const std::string& stage) {
  int code = kExitOk;
  for (const auto& path : paths) {
    Diagnostics diags;
    std::string out;
    if (stage == "parse") {
      out = dump_parse(path, diags);
    } else {
      auto timeline = RuleTimeline::load(path, diags);
      if (timeline)
        for (const auto& v : timeline->versions())
          out += stage == "check" ? dump_check(*v) : dump_plan(*v);
    }
    std::fputs(render_all(diags).c_str(), stderr);
    if (diags.has_errors()) code = kExitFailure;
    std::fputs(out.c_str(), stdout);
  }
  return code;
}

}  // namespace decree::cli
