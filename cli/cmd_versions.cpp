// decree versions RULES_DIR: the rule set's versions, each with its dates,
// what it extends and overrides, what its parameter files add, change or
// remove in the parameters it inherits, and its content hash; then the
// payment-date versions, each with the parameters it changes.
#include <cstdio>

#include "api/decree.h"
#include "base/codes_versions.h"
#include "base/strings.h"
#include "cli/commands.h"
#include "cli/output_lang.h"

namespace decree::cli {
namespace {

std::string say(Code code, MessageArgs args = {}) {
  return message_text(Message{code, std::move(args)}, output_lang());
}

// "  effective  ": a label in its column (by display width, for 中文).
std::string label(Code code) { return "  " + pad_to_width(say(code), 11); }

// "2020, 2021" or "[2023, 1], [2023, 2]", at most 12 then "… (N in all)".
std::string key_list(const std::vector<std::string>& keys, size_t arity) {
  std::string out;
  for (size_t i = 0; i < keys.size() && i < 12; ++i)
    out += (i ? ", " : "") + (arity > 1 ? "[" + keys[i] + "]" : keys[i]);
  if (keys.size() > 12)
    out += ", … (" + say(msg::versions_in_all, {{"n", std::to_string(keys.size())}}) + ")";
  return out;
}

// What a version's parameter file changed in one parameter it inherits.
std::string change_text(const ParamChange& c) {
  auto entries = [](size_t n) {
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
  std::string out;
  auto part = [&](Code what, const std::vector<std::string>& keys) {
    if (keys.empty()) return;
    out += (out.empty() ? "" : "; ") + say(what, {{"keys", key_list(keys, c.arity)}});
  };
  part(msg::versions_added, c.added);
  part(msg::versions_changed, c.changed);
  part(msg::versions_removed, c.removed);
  return out.empty() ? say(msg::versions_description_changed) : out;
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + names[i];
  return out;
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
  std::string out = say(msg::versions_rule_set, {{"name", timeline->name()}});
  if (!timeline->select_by().empty())
    out += say(msg::versions_chosen_by, {{"field", timeline->select_by()}});
  out += "\n";
  const std::string more(13, ' ');
  const auto& versions = timeline->versions();
  for (size_t k = 0; k < versions.size(); ++k) {
    const auto& v = versions[k];
    const VersionInfo& info = v->version();
    // Without an `until`, a version applies until the next one takes effect.
    std::string to = info.until.empty() ? say(msg::versions_open) : info.until;
    if (info.until.empty() && k + 1 < versions.size()) {
      const VersionInfo& next = versions[k + 1]->version();
      if (auto d = Date::parse(next.effective))
        to =
            say(msg::versions_then, {{"date", Date{d->days - 1}.to_string()}, {"next", next.name}});
    }
    out += "\n" +
           say(msg::versions_version, {{"name", info.name.empty() ? say(msg::versions_unversioned)
                                                                  : "\"" + info.name + "\""}}) +
           "\n";
    out += label(msg::versions_label_effective) +
           say(msg::versions_from_to,
               {{"from", info.effective.empty() ? say(msg::versions_always) : info.effective},
                {"to", to}}) +
           "\n";
    if (!info.extends.empty())
      out += label(msg::versions_label_extends) + "\"" + info.extends + "\"\n";
    if (!info.overrides.empty())
      out += label(msg::versions_label_overrides) + joined(info.overrides) + "\n";
    for (size_t i = 0; i < info.param_changes.size(); ++i)
      out += (i ? more : label(msg::versions_label_parameters)) + info.param_changes[i].name +
             ": " + change_text(info.param_changes[i]) + "\n";
    out += label(msg::versions_label_path) + v->path() + "\n";
    out += "  sha256     " + info.hash + "\n";
  }
  // Figures that apply by the payment date, under every version above.
  const auto& payments = timeline->payment_versions();
  if (!payments.empty()) out += "\n" + say(msg::versions_payment_head) + "\n";
  for (const auto& pv : payments) {
    out += "\n" + say(msg::versions_version, {{"name", "\"" + pv.name + "\""}}) + "\n";
    out += label(msg::versions_label_payments) +
           say(msg::versions_payment_from, {{"date", pv.effective}}) + "\n";
    out += label(msg::versions_label_changes) + joined(pv.changes) + "\n";
    out += label(msg::versions_label_path) + pv.dir + "\n";
    out += "  sha256     " + pv.hash + "\n";
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return std::fflush(stdout) == 0 ? kExitOk : kExitFailure;
}

}  // namespace decree::cli
