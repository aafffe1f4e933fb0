// Parameter patches (params/merge.h): merging a patch into a base set, and
// the canonical text of a set for the rules hash.
#include "params/merge.h"

#include <algorithm>

#include "base/codes_params.h"
#include "base/strings.h"
#include "base/suggest.h"

namespace decree {
namespace {

// Does `a` cover `b`: are a's keys a prefix of (or equal to) b's?
bool covers(const ParamValue& a, const ParamValue& b) {
  if (a.depth > b.depth) return false;
  for (size_t i = 0; i < a.depth; ++i)
    if (a.keys[i] != b.keys[i]) return false;
  return true;
}

bool same_index(const Parameter& a, const Parameter& b) {
  if (a.index.size() != b.index.size()) return false;
  for (size_t i = 0; i < a.index.size(); ++i)
    if (a.index[i].name != b.index[i].name || a.index[i].type != b.index[i].type) return false;
  return true;
}

// The base as messages name it, in both languages: `version "2011-01-01"` is
// 版本 "2011-01-01"; the labels of overlays and tests likewise.
MessageArg base_arg(const std::string& label) {
  constexpr std::string_view kVersion = "version ";
  if (label.starts_with(kVersion)) return {"base", label, "版本 " + label.substr(kVersion.size())};
  if (label == "this rule set") return {"base", label, "本规则集"};
  if (label == "the base") return {"base", label, "旧版本"};
  return {"base", label};
}

class Merger {
 public:
  Merger(ParameterSet& base, Diagnostics& diags, const MergeOptions& options)
      : base_(base), diags_(diags), options_(options), base_label_(base_arg(options.base_label)) {}

  bool merge(const Parameter& pp, ParamChange& change) {
    change.name = pp.name;
    change.arity = pp.arity();
    Parameter* bp = base_.find(pp.name);
    if (pp.replace) {
      if (!bp) {
        diags_.error(pp.span, {msg::param_replace_unknown, {{"name", pp.name}, base_label_}});
        return false;
      }
      if (!complete(pp, true) || !keeps_type(*bp, pp)) return false;
      *bp = pp;
      bp->replace = false;
      change.kind = ParamChange::Kind::replaced;
      change.entries = pp.values.size();
      return true;
    }
    if (!bp) {
      if (!options_.allow_new) {
        diags_.error(pp.span, {msg::param_overlay_new, {{"name", pp.name}, base_label_}});
        return false;
      }
      // Without a description, most likely a misspelled patch of a parameter the base has.
      std::vector<std::string> names;
      for (const Parameter& p : base_.params) names.push_back(p.name);
      std::string guess =
          pp.fields & Parameter::kDescription ? std::string() : closest_name(pp.name, names);
      if (!complete(pp, false, guess)) return false;
      base_.params.push_back(pp);
      change.kind = ParamChange::Kind::added;
      change.entries = pp.values.size();
      return true;
    }
    return patch(*bp, pp, change);
  }

 private:
  // A new or replacing parameter says everything a parameter file does.
  // `guess`: the base's parameter a new one was probably meant to patch.
  bool complete(const Parameter& pp, bool replacing, const std::string& guess = "") {
    constexpr std::pair<uint8_t, const char*> kNeeded[] = {{Parameter::kDescription, "description"},
                                                           {Parameter::kUnit, "unit"},
                                                           {Parameter::kReference, "reference"},
                                                           {Parameter::kValues, "values"}};
    std::vector<std::string> missing;
    for (auto [bit, name] : kNeeded)
      if (!(pp.fields & bit)) missing.push_back(name);
    bool ok = true;
    if (!missing.empty()) {
      auto& d = diags_.error(pp.span,
                             {replacing ? msg::param_replace_incomplete : msg::param_new_incomplete,
                              {{"name", pp.name}, {"missing", join(missing)}, base_label_}});
      if (!guess.empty()) d.note({}, {msg::param_did_you_mean_patch, {{"name", guess}}});
      ok = false;
    }
    for (const ParamValue& v : pp.values)
      if (!v.remove.empty()) {
        diags_.error(v.span, {replacing ? msg::param_replace_removes : msg::param_new_removes,
                              {{"name", pp.name}, {"keys", pp.entry_keys(v)}, base_label_}});
        ok = false;
      }
    return ok;
  }

  // A patch without rules of its own (a payment-date version, an overlay:
  // !allow_new) keeps a parameter's unit and index even when it replaces it
  // whole: the rules that read it are the base's, and they expect its type.
  // One error here, at the patch, instead of one at every use in the base.
  bool keeps_type(const Parameter& bp, const Parameter& pp) {
    if (options_.allow_new) return true;
    bool ok = true;
    auto refuse = [&](Span at, const char* field, const std::string& was, const std::string& now) {
      diags_
          .error(at,
                 {msg::param_retype_without_rules,
                  {{"field", field}, {"name", pp.name}, {"was", was}, {"now", now}, base_label_}})
          .note(bp.span, {msg::param_base_defined_here, {}});
      ok = false;
    };
    if (pp.unit != bp.unit)
      refuse(pp.unit_span, "unit", std::string(param_unit_name(bp.unit)),
             std::string(param_unit_name(pp.unit)));
    if (!same_index(pp, bp))
      refuse(pp.index_span.valid() ? pp.index_span : pp.span, "index", bp.index_text(),
             pp.index_text());
    return ok;
  }

  bool patch(Parameter& bp, const Parameter& pp, ParamChange& change) {
    bool ok = true;
    auto refuse = [&](Span at, const char* field, const std::string& was) {
      diags_
          .error(at, {msg::param_patch_changes_type,
                      {{"field", field}, {"name", pp.name}, {"was", was}, base_label_}})
          .note(bp.span, {msg::param_base_defined_here, {}});
      ok = false;
    };
    if ((pp.fields & Parameter::kUnit) && pp.unit != bp.unit)
      refuse(pp.unit_span, "unit", std::string(param_unit_name(bp.unit)));
    if ((pp.fields & Parameter::kIndex) && !same_index(pp, bp))
      refuse(pp.index_span, "index", bp.index_text());
    if (!ok) return false;
    // Inherited entries keep their sources when the parameter's change.
    if (pp.fields & (Parameter::kReference | Parameter::kReliability))
      for (ParamValue& v : bp.values) {
        if (v.reference.empty()) v.reference = bp.reference;
        if (v.reliability == Reliability::unstated) v.reliability = bp.reliability;
      }
    if (pp.fields & Parameter::kDescription) bp.description = pp.description;
    if (pp.fields & Parameter::kReference) bp.reference = pp.reference;
    if (pp.fields & Parameter::kReliability) bp.reliability = pp.reliability;
    // An entry is changed if the base had one at its keys (or one covering
    // them, such as an unsourced block), else added.
    const std::vector<ParamValue> before = bp.values;
    for (const ParamValue& patch_value : pp.values) {
      ParamValue v = patch_value;
      for (size_t i = 0; i < v.depth; ++i)  // the patch's enum keys, as the base numbers them
        if (bp.index[i].type == ParamIndex::enumeration) {
          const ParamSymbol& s = pp.symbols[static_cast<size_t>(v.keys[i])];
          int64_t id = bp.symbol(s.name);
          if (id < 0) {
            bp.symbols.push_back(s);
            id = static_cast<int64_t>(bp.symbols.size() - 1);
          }
          v.keys[i] = id;
        }
      std::string keys = bp.entry_keys(v);
      auto hit = [&](const ParamValue& b) {
        return covers(v, b) || (v.remove.empty() && covers(b, v));
      };
      size_t count = bp.values.size();
      bp.values.erase(std::remove_if(bp.values.begin(), bp.values.end(), hit), bp.values.end());
      bool displaced = bp.values.size() != count;
      if (!v.remove.empty()) {
        if (!displaced) {
          diags_.error(v.span, {msg::param_remove_missing,
                                {{"name", pp.name}, {"keys", keys}, base_label_}});
          ok = false;
        }
        change.removed.push_back(keys);
        continue;
      }
      bool existed = std::any_of(before.begin(), before.end(),
                                 [&](const ParamValue& b) { return covers(b, v) || covers(v, b); });
      (existed ? change.changed : change.added).push_back(keys);
      bp.values.push_back(std::move(v));
    }
    std::sort(bp.values.begin(), bp.values.end(),
              [](const ParamValue& a, const ParamValue& b) { return a.keys < b.keys; });
    change.kind = ParamChange::Kind::patched;
    return ok;
  }

  ParameterSet& base_;
  Diagnostics& diags_;
  const MergeOptions& options_;
  const MessageArg base_label_;  // {base}
};

}  // namespace

std::optional<std::vector<ParamChange>> merge_parameters(ParameterSet& base,
                                                         const ParameterSet& patch,
                                                         Diagnostics& diags,
                                                         const MergeOptions& options) {
  Merger merger(base, diags, options);
  std::vector<ParamChange> changes;
  bool ok = true;
  for (const Parameter& pp : patch.params) {
    ParamChange change;
    if (merger.merge(pp, change))
      changes.push_back(std::move(change));
    else
      ok = false;
  }
  if (patch.source) base.patch_sources.push_back(patch.source);
  base.patch_sources.insert(base.patch_sources.end(), patch.patch_sources.begin(),
                            patch.patch_sources.end());
  if (!ok) return std::nullopt;
  return changes;
}

std::string canonical_text(const ParameterSet& set) {
  std::vector<const Parameter*> params;
  for (const Parameter& p : set.params) params.push_back(&p);
  std::sort(params.begin(), params.end(),
            [](const Parameter* a, const Parameter* b) { return a->name < b->name; });
  std::string out;
  for (const Parameter* p : params) {
    out += "parameter " + p->name + " unit " + std::string(param_unit_name(p->unit)) + " index " +
           p->index_text() + "\n";
    if (p->what_if && p->what_if->value)
      out += "  what-if " + p->what_if->value->to_string() + "\n";
    for (const ParamValue& v : p->values) {
      out += "  [" + p->entry_keys(v) + "] ";
      if (v.value)
        out += v.value->to_string();
      else if (!v.unsourced.empty())
        out += "unsourced " + quoted(v.unsourced);
      else
        out += "null";
      out += " reference " + quoted(p->reference_for(v));
      if (Reliability r = p->reliability_for(v); r != Reliability::unstated)
        out += " reliability " + std::string(reliability_name(r));
      out += "\n";
    }
  }
  return out;
}

}  // namespace decree
