// A Session: decode a case, evaluate it, write the result.
#include <yaml-cpp/yaml.h>

#include "api/internal/session_state.h"
#include "api/yaml_json.h"
#include "eval/format.h"

namespace decree {
namespace {}  // namespace

SessionState::SessionState(const RuleSet& r) : rules(r), eval(r.program()) {
  const CheckedProgram& c = r.checked();
  for (size_t i = 0; i < c.inputs.size(); ++i)
    if (c.inputs[i].name == "case_id" && c.inputs[i].type.kind == Type::Kind::text &&
        !c.inputs[i].type.list)
      case_id_slot = static_cast<int>(i);
  for (uint32_t out : c.outputs) {
    std::string key;
    append_json_string(key, c.rules[out].name);
    key += ':';
    output_keys.push_back(std::move(key));
  }
  // Which rules produced the result: every line carries it.
  provenance = ",\"ruleset\":";
  append_json_string(provenance, c.ruleset);
  if (!r.version().name.empty()) {
    provenance += ",\"version\":";
    append_json_string(provenance, r.version().name);
  }
  provenance += ",\"rules_hash\":\"sha256:" + r.version().hash + "\"";
  // Several versions went into it (an extends chain, payment-date versions):
  // each with the hash of its own files, so an auditor can match each one.
  const auto& contributions = r.version().contributions;
  if (contributions.size() > 1) {
    const size_t payment_from = contributions.size() - r.version().payment_versions;
    auto list = [&](const char* key, size_t from, size_t to) {
      if (from == to) return;
      provenance += ",\"";
      provenance += key;
      provenance += "\":{";
      for (size_t i = from; i < to; ++i) {
        if (i > from) provenance += ',';
        append_json_string(provenance, contributions[i].name);
        provenance += ":\"sha256:" + contributions[i].hash + "\"";
      }
      provenance += '}';
    };
    list("versions", 0, payment_from);
    list("payment_versions", payment_from, contributions.size());
  }
  if (!r.param_overrides().empty()) {
    provenance += ",\"param_overrides\":{";
    bool first = true;
    for (const auto& o : r.param_overrides()) {
      if (!first) provenance += ',';
      first = false;
      append_json_string(provenance, o.name);
      provenance += ':';
      append_json_string(provenance, o.value);
    }
    provenance += '}';
  }
  if (!r.param_files().empty()) {
    provenance += ",\"param_overlays\":[";
    for (size_t i = 0; i < r.param_files().size(); ++i) {
      if (i) provenance += ',';
      append_json_string(provenance, r.param_files()[i]);
    }
    provenance += ']';
  }
}

Session::Session(const RuleSet& rules) {
  rule_sets_.push_back(&rules);
  states_.push_back(std::make_unique<SessionState>(rules));
}

Session::Session(const RuleTimeline& timeline, SessionOptions options)
    : timeline_(&timeline), options_(std::move(options)) {
  rule_sets_ = timeline.all();
  states_.resize(rule_sets_.size());
}

Session::~Session() = default;

std::string describe(const CaseError& err) {
  std::string text;
  if (!err.pointer.empty()) text += err.pointer + ": ";
  text += err.message;
  if (!err.rule.empty() || !err.location.empty()) {
    text += " (";
    if (!err.rule.empty()) text += "in rule " + err.rule;
    if (!err.rule.empty() && !err.location.empty()) text += ' ';
    if (!err.location.empty()) text += "at " + err.location;
    text += ')';
  }
  return text;
}

const RuleSet& Session::rules() const { return *rule_sets_[current_]; }

SessionState& Session::state() const {
  if (!states_[current_]) states_[current_] = std::make_unique<SessionState>(*rule_sets_[current_]);
  return *states_[current_];
}

bool Session::choose_version(std::string_view json, CaseError& err) {
  const RuleSet* chosen = nullptr;
  // The payment date decides which payment-date versions apply; without one,
  // those in effect on the case's own date.
  std::optional<Date> payment = options_.as_of;
  if (!timeline_ || rule_sets_.size() == 1) {
    chosen = rule_sets_.front();
    if (timeline_ && !options_.version.empty() && chosen->version().name != options_.version)
      chosen = nullptr;
  } else if (!options_.version.empty()) {
    chosen = timeline_->find(options_.version);
  } else {
    // The case's own date picks the version (the law that applies to the
    // injury), even when the evaluation date (--as-of) is later; the
    // evaluation date decides only for a case that does not carry that date.
    const std::string& field = timeline_->select_by();
    std::string pointer = field.empty() ? "" : "/" + field;
    std::optional<Date> date = field.empty() ? std::nullopt : find_date_field(json, field);
    const char* source = "the case's date";
    if (!date && options_.as_of) date = options_.as_of, source = "the evaluation date";
    if (!date) {
      std::string why = field.empty()
                            ? "rule set " + timeline_->name() +
                                  " has several versions and no `select by` field: name a version "
                                  "or an evaluation date"
                            : "missing or invalid `" + field +
                                  "` (a YYYY-MM-DD date): it picks the version of " +
                                  timeline_->name() + " to apply";
      err = CaseError{CaseError::Kind::input, pointer, why, {}, {}};
      return false;
    }
    chosen = timeline_->in_effect(*date);
    if (!payment) payment = date;
    if (!chosen) {
      err =
          CaseError{CaseError::Kind::input,
                    pointer,
                    "no version of " + timeline_->name() + " is in effect on " + date->to_string() +
                        " (" + source + "; versions: " + timeline_->describe() + ")",
                    {},
                    {}};
      return false;
    }
  }
  if (!chosen) {
    err = CaseError{CaseError::Kind::input,
                    "",
                    "no version \"" + options_.version + "\" (versions: " +
                        (timeline_ ? timeline_->describe() : std::string()) + ")",
                    {},
                    {}};
    return false;
  }
  if (timeline_) chosen = timeline_->for_payment(chosen, payment);
  for (size_t i = 0; i < rule_sets_.size(); ++i)
    if (rule_sets_[i] == chosen) current_ = i;
  if (!states_[current_]) states_[current_] = std::make_unique<SessionState>(*chosen);
  return true;
}

bool Session::decode_json(std::string_view json, CaseError& err) {
  if (!choose_version(json, err)) return false;
  return decode_case_json(state(), json, err);
}

bool Session::decode_yaml(std::string_view yaml, CaseError& err) {
  std::string json;
  try {
    YAML::Node doc = YAML::Load(std::string(yaml));
    if (!doc.IsMap()) {
      err = CaseError{CaseError::Kind::input, "", "a case must be a YAML mapping", {}, {}};
      return false;
    }
    if (!yaml_to_json(doc, json)) {
      err = CaseError{CaseError::Kind::input,
                      "",
                      "the case nests deeper than 64 levels (a recursive YAML alias?)",
                      {},
                      {}};
      return false;
    }
  } catch (const YAML::Exception& e) {
    err = CaseError{CaseError::Kind::input,
                    "",
                    "invalid YAML at line " + std::to_string(e.mark.line + 1) + ", column " +
                        std::to_string(e.mark.column + 1) + ": " + e.msg,
                    {},
                    {}};
    return false;
  }
  return decode_json(json, err);
}

namespace {

CaseError case_error(const EvalFailure& f, const CheckedProgram& c) {
  CaseError err;
  err.kind = CaseError::Kind::evaluation;
  err.message = f.message;
  if (f.rule != kNone) err.rule = c.rules[f.rule].name;
  if (f.span) err.location = f.span->location();
  return err;
}

}  // namespace

bool Session::evaluate(CaseError& err, const EvalOptions& options) {
  SessionState& s = state();
  s.traced = options.explain;
  s.as_of = options.as_of;
  s.output_errors.clear();
  const EvalFailure* failure = nullptr;
  try {
    failure = s.eval.evaluate_outputs(options.as_of, options.explain ? &s.trace : nullptr,
                                      options.partial ? &s.output_failures : nullptr);
  } catch (const std::exception& e) {
    // A bug in the engine, not in the rules or the case: reported as such
    // (the CLI exits with 3), and the next case is evaluated afresh.
    err = CaseError{
        CaseError::Kind::internal, {}, std::string("internal error: ") + e.what(), {}, {}};
    return false;
  }
  if (failure) {
    err = case_error(*failure, rules().checked());
    return false;
  }
  s.evaluated = true;
  if (options.partial) {
    for (const auto& f : s.output_failures)
      s.output_errors.push_back(f ? std::optional<CaseError>(case_error(*f, rules().checked()))
                                  : std::nullopt);
  }
  return true;
}

const CaseError* Session::output_error(size_t i) const {
  const SessionState& s = state();
  return i < s.output_errors.size() && s.output_errors[i] ? &*s.output_errors[i] : nullptr;
}

std::string_view Session::case_id() const {
  int slot = state().case_id_slot;
  if (slot < 0 || !state().eval.is_present(static_cast<uint32_t>(slot))) return {};
  const Value& v = const_cast<EvalState&>(state().eval).input(static_cast<uint32_t>(slot));
  return v.text ? std::string_view(*v.text) : std::string_view();
}

void Session::append_result_json(std::string& out) const {
  const SessionState& s = state();
  const CheckedProgram& c = rules().checked();
  out += '{';
  if (s.case_id_slot >= 0 && s.eval.is_present(static_cast<uint32_t>(s.case_id_slot))) {
    out += "\"case_id\":";
    append_json_string(out, case_id());
    out += s.provenance;
  } else {
    out.append(s.provenance, 1);  // without its leading comma
  }
  bool any_failed = false;
  for (size_t i = 0; i < c.outputs.size(); ++i) {
    out += ',';
    out += s.output_keys[i];
    uint32_t r = c.outputs[i];
    if (output_error(i)) {
      out += "null";  // see "output_errors"
      any_failed = true;
    } else {
      append_value_json(out, s.eval.rule_value(r), c.rules[r].type, c);
    }
  }
  if (any_failed) {
    out += ",\"output_errors\":{";
    bool first = true;
    for (size_t i = 0; i < c.outputs.size(); ++i) {
      const CaseError* e = output_error(i);
      if (!e) continue;
      if (!first) out += ',';
      first = false;
      out += s.output_keys[i];
      append_json_string(out, describe(*e));
    }
    out += '}';
  }
  append_weak_sources(out);
  out += '}';
}

void Session::append_weak_sources(std::string& out) const {
  const SessionState& s = state();
  const auto& weak = s.eval.weak_sources();
  if (weak.empty()) return;
  const CheckedProgram& c = rules().checked();
  out += ",\"weak_sources\":[";
  for (size_t i = 0; i < weak.size(); ++i) {
    const TraceParam& w = weak[i];
    bool seen = false;  // an entry the case used twice is listed once
    for (size_t j = 0; j < i && !seen; ++j) seen = weak[j].value == w.value;
    if (seen) continue;
    const ParamInfo& p = c.params[w.param];
    if (out.back() != '[') out += ',';
    out += "{\"parameter\":";
    append_json_string(out, p.alias + "." + p.name);
    out += ",\"key\":";  // the entry's: for a date, the day it applies from
    append_json_string(out, p.param->entry_keys(*w.value));
    out += ",\"reliability\":";
    append_json_string(out, std::string(reliability_name(p.param->reliability_for(*w.value))));
    out += '}';
  }
  out += ']';
}

const std::string& Session::output_payer(size_t i) const {
  const CheckedProgram& c = rules().checked();
  return c.rules[c.outputs.at(i)].decl->payer;
}

std::string Session::peek_case_id(std::string_view json) {
  return find_string_field(json, "case_id").value_or(std::string());
}

void Session::append_error_json(std::string& out, std::string_view case_id, const CaseError& err) {
  out += "{\"case_id\":";
  append_json_string(out, case_id);
  out += ",\"error\":{\"kind\":";
  out += err.kind == CaseError::Kind::input        ? "\"input\""
         : err.kind == CaseError::Kind::evaluation ? "\"evaluation\""
                                                   : "\"internal\"";
  if (!err.pointer.empty() || err.kind == CaseError::Kind::input) {
    out += ",\"pointer\":";
    append_json_string(out, err.pointer);
  }
  if (!err.rule.empty()) {
    out += ",\"rule\":";
    append_json_string(out, err.rule);
  }
  if (!err.location.empty()) {
    out += ",\"location\":";
    append_json_string(out, err.location);
  }
  out += ",\"message\":";
  append_json_string(out, err.message);
  out += "}}";
}

std::string Session::output_text(size_t i) const {
  const CheckedProgram& c = rules().checked();
  uint32_t r = c.outputs.at(i);
  if (const CaseError* e = output_error(i)) return "error: " + describe(*e);
  return value_text(state().eval.rule_value(r), c.rules[r].type, c);
}

std::string Session::result_yaml() const {
  const CheckedProgram& c = rules().checked();
  YAML::Emitter y;
  y << YAML::BeginMap;
  if (!case_id().empty()) y << YAML::Key << "case_id" << YAML::Value << std::string(case_id());
  // Which rules produced the result, as in JSON.
  y << YAML::Key << "ruleset" << YAML::Value << c.ruleset;
  if (!rules().version().name.empty())
    y << YAML::Key << "version" << YAML::Value << YAML::DoubleQuoted << rules().version().name;
  y << YAML::Key << "rules_hash" << YAML::Value << "sha256:" + rules().version().hash;
  for (size_t i = 0; i < c.outputs.size(); ++i) {
    uint32_t r = c.outputs[i];
    std::string text = output_text(i);
    y << YAML::Key << c.rules[r].name << YAML::Value;
    // Quote numbers so that YAML readers do not turn "5000.00" into a float.
    if (c.rules[r].type.is_numeric())
      y << YAML::DoubleQuoted << text;
    else
      y << text;
  }
  y << YAML::EndMap;
  return std::string(y.c_str()) + "\n";
}

}  // namespace decree
