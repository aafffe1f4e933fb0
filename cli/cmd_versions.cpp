// decree versions RULES_DIR: the rule set's versions, each with its dates,
// what it extends and overrides, what its parameter files add, change or
// remove in the parameters it inherits, and its content hash; then the
// payment-date versions, each with the parameters it changes.
#include <cstdio>

#include "api/decree.h"
#include "cli/commands.h"
#include "cli/output_lang.h"

namespace decree::cli {
namespace {

// "2020, 2021" or "[2023, 1], [2023, 2]", at most 12 then "… (N in all)".
std::string key_list(const std::vector<std::string>& keys, size_t arity) {
  std::string out;
  for (size_t i = 0; i < keys.size() && i < 12; ++i)
    out += (i ? ", " : "") + (arity > 1 ? "[" + keys[i] + "]" : keys[i]);
  if (keys.size() > 12) out += ", … (" + std::to_string(keys.size()) + " in all)";
  return out;
}

// What a version's parameter file changed in one parameter it inherits.
std::string change_text(const ParamChange& c) {
  auto entries = [](size_t n) { return std::to_string(n) + (n == 1 ? " entry" : " entries"); };
  switch (c.kind) {
    case ParamChange::Kind::added:
      return "new, " + entries(c.entries);
    case ParamChange::Kind::replaced:
      return "replaced whole, " + entries(c.entries);
    case ParamChange::Kind::patched:
      break;
  }
  std::string out;
  auto part = [&](const char* what, const std::vector<std::string>& keys) {
    if (keys.empty()) return;
    out += (out.empty() ? "" : "; ") + std::string(what) + " " + key_list(keys, c.arity);
  };
  part("added", c.added);
  part("changed", c.changed);
  part("removed", c.removed);
  return out.empty() ? "description or reference changed" : out;
}

}  // namespace

int run_versions(const std::string& path, const std::vector<std::string>& drafts) {
  Diagnostics diags;
  LoadOptions options;
  options.drafts = drafts;
  auto timeline = RuleTimeline::load(path, diags, options);
  if (!timeline) {
    print_diagnostics(diags);
    return kExitFailure;
  }
  std::printf("rule set %s", timeline->name().c_str());
  if (!timeline->select_by().empty())
    std::printf(" (a case's version is chosen by `%s`)", timeline->select_by().c_str());
  std::printf("\n");
  const auto& versions = timeline->versions();
  for (size_t k = 0; k < versions.size(); ++k) {
    const auto& v = versions[k];
    const VersionInfo& info = v->version();
    // Without an `until`, a version applies until the next one takes effect.
    std::string to = info.until.empty() ? "(open)" : info.until;
    if (info.until.empty() && k + 1 < versions.size()) {
      const VersionInfo& next = versions[k + 1]->version();
      if (auto d = Date::parse(next.effective))
        to = Date{d->days - 1}.to_string() + " (then \"" + next.name + "\")";
    }
    std::printf("\nversion %s\n",
                info.name.empty() ? "(unversioned)" : ("\"" + info.name + "\"").c_str());
    std::printf("  effective  %s to %s\n",
                info.effective.empty() ? "always" : info.effective.c_str(), to.c_str());
    if (!info.extends.empty()) std::printf("  extends    \"%s\"\n", info.extends.c_str());
    if (!info.overrides.empty()) {
      std::printf("  overrides ");
      for (size_t i = 0; i < info.overrides.size(); ++i)
        std::printf("%s %s", i ? "," : "", info.overrides[i].c_str());
      std::printf("\n");
    }
    for (size_t i = 0; i < info.param_changes.size(); ++i)
      std::printf("%s%s: %s\n", i ? "             " : "  parameters ",
                  info.param_changes[i].name.c_str(), change_text(info.param_changes[i]).c_str());
    std::printf("  path       %s\n", v->path().c_str());
    std::printf("  sha256     %s\n", info.hash.c_str());
  }
  // Figures that apply by the payment date, under every version above.
  const auto& payments = timeline->payment_versions();
  if (!payments.empty())
    std::printf(
        "\npayment-date versions (each applies to every payment from its date, "
        "whichever version the case's own date selects)\n");
  for (const auto& pv : payments) {
    std::printf("\nversion \"%s\"\n", pv.name.c_str());
    std::printf("  payments   from %s\n", pv.effective.c_str());
    std::printf("  changes   ");
    for (size_t i = 0; i < pv.changes.size(); ++i)
      std::printf("%s %s", i ? "," : "", pv.changes[i].c_str());
    std::printf("\n  path       %s\n", pv.dir.c_str());
    std::printf("  sha256     %s\n", pv.hash.c_str());
  }
  return std::fflush(stdout) == 0 ? kExitOk : kExitFailure;
}

}  // namespace decree::cli
