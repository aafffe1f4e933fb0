// decree params RULES [NAME]: every parameter's entries with their value,
// source, reliability and the version that set them, and what later versions
// changed (OpenFisca's parameter explorer, as a command). Text or --json.
#include <algorithm>
#include <cstdio>

#include "api/decree.h"
#include "api/param_history.h"
#include "base/codes_versions.h"
#include "base/strings.h"
#include "cli/commands.h"
#include "cli/output_lang.h"

namespace decree::cli {
namespace {

std::string say(Code code, MessageArgs args = {}) {
  return message_text(Message{code, std::move(args)}, output_lang());
}

std::string pad(const std::string& s, size_t w) {
  return s + std::string(w > display_width(s) ? w - display_width(s) : 0, ' ');
}

std::string history_text(const ParamEntryHistory& e) {
  if (e.changes.size() < 2) return "";
  std::string out;
  for (const auto& c : e.changes)
    out += (out.empty() ? "" : " -> ") + c.value + " (" + c.version + ")";
  return out;
}

std::string text(const std::vector<ParamHistory>& all) {
  std::string out;
  for (const auto& h : all) {
    out += (out.empty() ? "" : "\n") + h.name + "  " + h.unit + ", " +
           say(msg::params_index, {{"index", h.index}});
    if (!h.reliability.empty()) out += ", " + h.reliability;
    out += "\n";
    if (!h.description.empty()) out += "  " + h.description + "\n";
    if (!h.reference.empty())
      out += "  " + say(msg::params_source, {{"reference", h.reference}}) + "\n";
    const std::string keys = say(msg::params_col_keys), value_label = say(msg::params_col_value),
                      reliability = say(msg::params_col_reliability),
                      set_by = say(msg::params_col_set_by);
    size_t wk = display_width(keys), wv = display_width(value_label),
           wr = display_width(reliability), ws = display_width(set_by);
    for (const auto& e : h.entries) {
      wk = std::max(wk, display_width(e.keys));
      wv = std::max(wv, std::min<size_t>(display_width(e.value), 24));
      wr = std::max(wr, display_width(e.reliability));
      ws = std::max(ws, display_width(e.set_by));
    }
    out += "  " + pad(keys, wk) + "  " + pad(value_label, wv) + "  " + pad(reliability, wr) + "  " +
           pad(set_by, ws) + "\n";
    for (const auto& e : h.entries) {
      std::string value = e.value.size() > 24 && e.value.rfind("unsourced", 0) == 0
                              ? std::string("unsourced")
                              : e.value;
      std::string line = "  " + pad(e.keys, wk) + "  " + pad(value, wv) + "  " +
                         pad(e.reliability, wr) + "  " + pad(e.set_by, ws);
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out += line + "\n";
      if (value != e.value) out += "      " + e.value + "\n";
      if (!e.reference.empty() && e.reference != h.reference)
        out += "      " + say(msg::params_source, {{"reference", e.reference}}) + "\n";
      if (auto hist = history_text(e); !hist.empty())
        out += "      " + say(msg::params_history, {{"changes", hist}}) + "\n";
    }
  }
  return out;
}

}  // namespace

int run_params(const ParamsArgs& args) {
  Diagnostics diags;
  LoadOptions options;
  options.drafts = args.drafts;
  auto timeline = RuleTimeline::load(args.rules, diags, options);
  if (!timeline) {
    print_diagnostics(diags);
    return kExitFailure;
  }
  auto all = parameter_history(*timeline, args.name);
  if (all.empty()) {
    std::fprintf(stderr, "decree: error: %s has no parameter %s\n", args.rules.c_str(),
                 args.name.c_str());
    return kExitFailure;
  }
  std::string out = args.json ? parameter_history_json(all, 2) + "\n" : text(all);
  std::fputs(out.c_str(), stdout);
  return std::fflush(stdout) == 0 ? kExitOk : kExitFailure;
}

}  // namespace decree::cli
