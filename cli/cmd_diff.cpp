// decree diff: historical cases under a base and a candidate version (a
// version of RULES or a directory of draft rule files), compared. The
// summary goes to stdout as text (or JSON with --json); --html FILE also
// writes one self-contained page; --case ID explains one case instead.
// The work is in engine/diff (decree_diff); this file loads the two sides
// and prints.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <thread>

#include "api/decree.h"
#include "base/codes_reports.h"
#include "cli/commands.h"
#include "diff/render.h"
#include "cli/output_lang.h"
#include "diff/diff.h"
#include "diff/explain_diff.h"
#include "diff/report.h"

namespace decree::cli {
namespace {

namespace fs = std::filesystem;

// "decree: error: …" on stderr, in the output language.
void print_error(const Message& m) {
  std::fprintf(stderr, "decree: error: %s\n", message_text(m, output_lang()).c_str());
}

// One side, resolved: a version of the timeline, or a RuleSet loaded here
// (a draft directory, or a version with extra what-if values).
struct Loaded {
  diff::Side side;
  std::unique_ptr<const RuleSet> owned;
};

// `extra` and `files`: what-if values and overlay files for this side only
// (--base-param, --candidate-params, …), on top of --param.
bool resolve(const std::string& spec, const RuleTimeline& timeline, const DiffArgs& args,
             const std::vector<ParamOverride>& extra, const std::vector<std::string>& files,
             const char* role, Loaded& out) {
  std::vector<ParamOverride> params = args.params;
  params.insert(params.end(), extra.begin(), extra.end());
  // Both sides get the payment-date versions (adjustment rounds, new
  // figures) in effect on --as-of, as every other command does.
  LoadOptions load{params, {args.rules}, files};
  if (args.as_of)
    for (const auto& pv : timeline.payment_versions())
      if (pv.effective <= args.as_of->to_string()) load.payment_versions.push_back(pv.dir);
  Diagnostics diags;
  if (const RuleSet* version = timeline.find(spec)) {
    out.side = {timeline.for_payment(version, args.as_of), spec.empty() ? version->path() : spec,
                false};
    if (extra.empty() && files.empty()) return true;
    out.owned = RuleSet::load(version->path(), diags, load);
  } else {
    std::error_code ec;
    if (!fs::exists(spec, ec)) {
      print_error({msg::report_no_such_side,
                   {{"option", role},
                    {"spec", spec},
                    {"rules", args.rules},
                    {"versions", timeline.describe()}}});
      return false;
    }
    // A draft: the version it extends is found beside it, else in RULES.
    out.owned = RuleSet::load(spec, diags, load);
    out.side = {nullptr, spec, true};
  }
  if (!out.owned) {
    print_diagnostics(diags);
    print_error({msg::report_side_does_not_load, {{"option", role}, {"spec", spec}}});
    return false;
  }
  out.side.rules = out.owned.get();
  return true;
}

bool write_file(const std::string& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary);
  f << text;
  f.close();
  if (!f) {
    print_error({msg::report_cannot_write, {{"path", path}}});
    return false;
  }
  return true;
}

bool write_stdout(const std::string& text) {
  return std::fwrite(text.data(), 1, text.size(), stdout) == text.size() &&
         std::fflush(stdout) == 0;
}

}  // namespace

int run_diff(const DiffArgs& args) {
  std::vector<diff::InputFile> inputs;
  for (const auto& path : args.cases) {
    auto format = diff::format_of(path);
    if (!format) {
      print_error({msg::report_unknown_case_format, {{"path", path}}});
      return kExitUsage;
    }
    inputs.push_back({path, *format});
  }
  std::optional<diff::GroupBy> group_by;
  if (!args.group_by.empty()) {
    group_by = diff::parse_group_by(args.group_by);
    if (!group_by) {
      print_error({msg::report_bad_group_by, {{"spec", args.group_by}}});
      return kExitUsage;
    }
  }
  if (args.timeline) {
    if (args.base_given || !args.candidate.empty()) {
      print_error({msg::report_timeline_with_sides, {}});
      return kExitUsage;
    }
    if (args.drafts.empty() && args.candidate_params.empty()) {
      print_error({msg::report_timeline_needs_draft, {}});
      return kExitUsage;
    }
  } else if (!args.base_given) {
    print_error({msg::report_needs_base, {}});
    return kExitUsage;
  } else if (args.candidate.empty() && args.candidate_params.empty() &&
             args.candidate_param_files.empty()) {
    print_error({msg::report_needs_candidate, {}});
    return kExitUsage;
  }

  Diagnostics diags;
  LoadOptions load;
  load.params = args.params;
  load.drafts = args.drafts;
  auto timeline = RuleTimeline::load(args.rules, diags, load);
  if (!timeline) {
    print_diagnostics(diags);
    return kExitFailure;
  }
  Loaded base, candidate;
  std::unique_ptr<const RuleTimeline> published, with_drafts;
  if (args.timeline) {
    // Before: RULES as published; after: with the drafts (and the
    // candidate's what-if values). Each case under its own version.
    LoadOptions before;
    before.params = args.params;
    before.params.insert(before.params.end(), args.base_params.begin(), args.base_params.end());
    before.param_files = args.base_param_files;
    published = RuleTimeline::load(args.rules, diags, before);
    LoadOptions after = load;
    after.params.insert(after.params.end(), args.candidate_params.begin(),
                        args.candidate_params.end());
    after.param_files = args.candidate_param_files;
    with_drafts = RuleTimeline::load(args.rules, diags, after);
    if (!published || !with_drafts) {
      print_diagnostics(diags);
      return kExitFailure;
    }
    std::string label = "with";
    for (const auto& d : args.drafts) label += " " + d;
    for (const auto& p : args.candidate_params) label += " --candidate-param " + p.name;
    base.side = {published->versions().back().get(), "published", false, published.get()};
    candidate.side = {with_drafts->versions().back().get(), label, true, with_drafts.get()};
  } else {
    if (!resolve(args.base, *timeline, args, args.base_params, args.base_param_files, "base", base))
      return kExitFailure;
    if (!resolve(args.candidate.empty() ? args.base : args.candidate, *timeline, args,
                 args.candidate_params, args.candidate_param_files, "candidate", candidate))
      return kExitFailure;
  }
  if (base.side.rules->name() != candidate.side.rules->name())
    std::fprintf(stderr, "decree: warning: %s\n",
                 message_text({msg::report_other_rule_set,
                               {{"base", base.side.rules->name()},
                                {"candidate", candidate.side.rules->name()}}},
                              output_lang())
                     .c_str());
  if (args.monthly)
    for (const auto& name : *args.monthly) {
      const auto& b = base.side.rules->output_names();
      const auto& c = candidate.side.rules->output_names();
      if (std::find(b.begin(), b.end(), name) == b.end() &&
          std::find(c.begin(), c.end(), name) == c.end()) {
        print_error({msg::report_no_monthly_output, {{"name", name}}});
        return kExitUsage;
      }
    }

  if (!args.case_id.empty()) {
    std::vector<Message> errors;
    auto found =
        diff::find_case(inputs, args.case_id, {base.side.rules, candidate.side.rules}, errors);
    for (const auto& e : errors) print_error(e);
    if (!found) {
      print_error({msg::report_no_such_case, {{"id", args.case_id}}});
      return kExitFailure;
    }
    EvalOptions eval;
    eval.as_of = args.as_of;
    // On a timeline, the version the case's own dates select on each side.
    auto version_of = [&](const diff::Side& side) -> const RuleSet* {
      if (!side.timeline) return side.rules;
      Session s(*side.timeline, SessionOptions{"", args.as_of});
      CaseError ignored;
      s.decode_json(found->json, ignored);
      return &s.rules();
    };
    auto cmp =
        diff::compare_case(*version_of(base.side), *version_of(candidate.side), *found, eval);
    const std::string& ruleset = base.side.rules->name();
    bool ok =
        args.json
            ? write_stdout(
                  diff::case_json(ruleset, base.side, candidate.side, inputs, cmp).dump(2) + "\n")
            : write_stdout(
                  case_text(ruleset, base.side, candidate.side, inputs, cmp, output_lang()));
    if (!args.html.empty())
      ok = write_file(args.html, case_html(ruleset, base.side, candidate.side, inputs, cmp)) && ok;
    return ok && errors.empty() ? kExitOk : kExitFailure;
  }

  diff::DiffOptions options;
  options.as_of = args.as_of;
  options.threads = args.threads ? args.threads : std::max(1u, std::thread::hardware_concurrency());
  options.top = args.top;
  options.monthly = args.monthly;
  options.group_by = group_by;
  bool progress = isatty(STDERR_FILENO) != 0;
  bool shown = false;
  if (progress)
    options.progress = [&shown](uint64_t cases) {
      std::fprintf(stderr, "\r%llu cases read", static_cast<unsigned long long>(cases));
      std::fflush(stderr);
      shown = true;
    };
  diff::DiffResult result = diff::run_diff(base.side, candidate.side, inputs, options);
  if (shown) std::fputs("\r\033[K", stderr);

  for (const auto& e : result.read_errors) print_error(e);
  bool ok = args.json ? write_stdout(diff::diff_json(result).dump(2) + "\n")
                      : write_stdout(diff_text(result, output_lang()));
  if (!args.html.empty()) ok = write_file(args.html, diff_html(result)) && ok;
  if (progress)
    std::fprintf(stderr, "%llu cases in %llu ms (%llu cases/s)\n",
                 static_cast<unsigned long long>(result.stats.cases),
                 static_cast<unsigned long long>(result.elapsed_ms),
                 static_cast<unsigned long long>(
                     result.elapsed_ms ? result.stats.cases * 1000 / result.elapsed_ms : 0));
  return ok && result.read_errors.empty() ? kExitOk : kExitFailure;
}

}  // namespace decree::cli
