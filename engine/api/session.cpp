// A Session: decode a case, evaluate it, write the result.
#include <yaml-cpp/yaml.h>

#include "api/internal/session_state.h"
#include "api/yaml_json.h"
#include "base/codes_cases.h"
#include "base/codes_runtime.h"
#include "base/yaml_errors.h"
#include "base/yaml_lint.h"
#include "eval/format.h"

namespace decree {

void input_error(CaseError& err, std::string pointer, Message m, uint32_t line, uint32_t col) {
  err = CaseError{};
  err.kind = CaseError::Kind::input;
  err.pointer = std::move(pointer);
  err.message = message_text(m, Lang::en);
  err.code = m.code;
  err.args = std::move(m.args);
  err.line = line;
  err.col = col;
}

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

std::string CaseError::text(Lang lang) const {
  return code == Code::none ? message : message_text(Message{code, args}, lang);
}

std::string describe(const CaseError& err, Lang lang) {
  std::string text;
  if (!err.pointer.empty()) text += err.pointer + ": ";
  text += err.text(lang);
  std::optional<Message> where;
  if (!err.rule.empty() && !err.location.empty())
    where = Message{msg::run_in_rule_at, {{"rule", err.rule}, {"location", err.location}}};
  else if (!err.rule.empty())
    where = Message{msg::run_in_rule, {{"rule", err.rule}}};
  else if (!err.location.empty())
    where = Message{msg::run_at, {{"location", err.location}}};
  if (where) text += (lang == Lang::zh ? "" : " ") + message_text(*where, lang);
  return text;
}

Diagnostic case_diagnostic(const CaseError& err, const SourceFile* case_file,
                           const std::string& case_name) {
  auto make = [&](Span at) {
    return err.code == Code::none ? Diagnostic(Severity::error, at, err.message)
                                  : Diagnostic(Severity::error, at, Message{err.code, err.args});
  };
  Diagnostic d;
  if (err.kind == CaseError::Kind::input) {
    Span at{case_file};  // without a line: the file's name only
    if (case_file && err.line > 0) at = Span{case_file, err.line, err.col, err.line, err.col};
    if (!at.valid() && !err.pointer.empty()) {
      // Without a position, the JSON pointer says which field.
      d = Diagnostic(
          Severity::error, at,
          Message{msg::case_at_pointer,
                  {{"pointer", err.pointer}, {"message", err.text(Lang::en), err.text(Lang::zh)}}});
    } else {
      d = make(at);
    }
  } else if (err.param_span.valid()) {
    d = make(err.param_span);
    d.note(err.span, Message{msg::run_param_read_here, {{"rule", err.rule}}});
  } else {
    d = make(err.span);
  }
  if (!err.suggestion.empty())
    d.note(Span{}, Message{msg::did_you_mean, {{"name", err.suggestion}}});
  // A rule error's place is in the rule file: say which case it was. An
  // input error is placed in the case already, unless it has no position.
  if (err.kind != CaseError::Kind::input)
    d.note(Span{}, Message{msg::run_in_case, {{"case", case_name}}});
  else if (!d.span.file)
    d.note(Span{}, Message{msg::case_reading, {{"case", case_name}}});
  return d;
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
    bool from_as_of = false;
    if (!date && options_.as_of) date = options_.as_of, from_as_of = true;
    if (!date) {
      input_error(err, pointer,
                  field.empty()
                      ? Message{msg::case_no_select_field, {{"ruleset", timeline_->name()}}}
                      : Message{msg::case_select_field_missing,
                                {{"field", field}, {"ruleset", timeline_->name()}}});
      return false;
    }
    chosen = timeline_->in_effect(*date);
    if (!payment) payment = date;
    if (!chosen) {
      input_error(err, pointer,
                  {from_as_of ? msg::case_no_version_on_as_of : msg::case_no_version_in_effect,
                   {{"ruleset", timeline_->name()},
                    {"date", date->to_string()},
                    {"versions", timeline_->describe()}}});
      return false;
    }
  }
  if (!chosen) {
    input_error(err, "",
                {msg::case_no_such_version,
                 {{"version", options_.version},
                  {"versions", timeline_ ? timeline_->describe() : std::string()}}});
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

namespace {

// The node a JSON pointer ("/dependents/1/relation") names in a YAML case,
// for the line and column of a field the decoder refused (`at_key`: of the
// field's key, for a field the rules do not know or one given twice).
std::optional<YAML::Mark> mark_at(YAML::Node node, std::string_view pointer, bool at_key) {
  YAML::Mark mark = node.Mark();
  while (!pointer.empty() && pointer.front() == '/') {
    pointer.remove_prefix(1);
    size_t end = std::min(pointer.find('/'), pointer.size());
    std::string part(pointer.substr(0, end));
    pointer.remove_prefix(end);
    bool last = pointer.empty();
    YAML::Node next;
    if (node.IsMap()) {
      for (const auto& kv : node)
        if (kv.first.Scalar() == part) {
          next = kv.second;
          // A scalar value at its place; a field that is a mapping or a
          // list (or one the rules do not know) at its key.
          mark = last && next.IsScalar() && !at_key ? next.Mark() : kv.first.Mark();
        }
    } else if (node.IsSequence()) {
      size_t i = std::strtoul(part.c_str(), nullptr, 10);
      if (i < node.size()) next = node[i], mark = next.Mark();
    }
    // A missing field: at the mapping that lacks it.
    if (!next.IsDefined()) return last && mark.line >= 0 ? std::optional(mark) : std::nullopt;
    node = next;
  }
  if (mark.line < 0) return std::nullopt;
  return mark;
}

}  // namespace

bool Session::decode_yaml(std::string_view yaml, CaseError& err) {
  auto file = std::make_shared<SourceFile>("<case>", std::string(yaml));
  // Tabs and full-width colons first, at their place: yaml-cpp reports them
  // badly, often on another line.
  if (auto lint = lint_yaml(*file); !lint.empty()) {
    const Diagnostic& d = lint.front();
    input_error(err, "", Message{d.code, d.args}, d.span.line, d.span.col);
    return false;
  }
  std::string json;
  YAML::Node doc;
  try {
    doc = YAML::Load(file->text());
    if (!doc.IsMap()) {
      input_error(err, "", {msg::case_not_mapping, {}}, 1, 1);
      return false;
    }
    if (!yaml_to_json(doc, json)) {
      input_error(err, "", {msg::case_too_deep, {}});
      return false;
    }
  } catch (const YAML::Exception& e) {
    input_error(err, "", {msg::case_invalid_yaml, {yaml_error_detail(e.msg)}},
                static_cast<uint32_t>(e.mark.line + 1), static_cast<uint32_t>(e.mark.column + 1));
    return false;
  }
  if (decode_json(json, err)) return true;
  // The decoder's positions are in the JSON made from the YAML: place the
  // error by its pointer in the YAML instead.
  err.line = err.col = 0;
  if (!err.pointer.empty())
    if (auto mark =
            mark_at(doc, err.pointer,
                    err.code == msg::case_unknown_field || err.code == msg::case_record_no_field ||
                        err.code == msg::case_field_twice)) {
      err.line = static_cast<uint32_t>(mark->line + 1);
      err.col = static_cast<uint32_t>(mark->column + 1);
    }
  return false;
}

namespace {

CaseError case_error(const EvalFailure& f, const CheckedProgram& c) {
  CaseError err;
  err.kind = CaseError::Kind::evaluation;
  err.message = f.message;
  err.code = f.code;
  err.args = f.args;
  if (f.rule != kNone) err.rule = c.rules[f.rule].name;
  if (f.span) err.location = f.span->location(), err.span = *f.span;
  // A missing value: at the parameter in its file; an unsourced entry (or a
  // null end of validity): at that entry.
  if (f.param != kNone)
    err.param_span =
        f.entry && f.entry->span.valid() ? f.entry->span : c.params[f.param].param->span;
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
    err.code = msg::run_internal;
    err.args = {{"detail", e.what()}};
    return false;
  }
  s.failure.reset();
  if (failure) {
    err = case_error(*failure, rules().checked());
    if (options.explain) s.failure = err;
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

void Session::append_result_json(std::string& out, Lang lang) const {
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
      append_json_string(out, describe(*e, lang));
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

void Session::append_error_json(std::string& out, std::string_view case_id, const CaseError& err,
                                Lang lang) {
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
  if (err.code != Code::none) {
    out += ",\"code\":";
    append_json_string(out, code_name(err.code));
  }
  if (!err.suggestion.empty()) {
    out += ",\"did_you_mean\":";
    append_json_string(out, err.suggestion);
  }
  if (err.line > 0) {
    out += ",\"position\":{\"line\":" + std::to_string(err.line);
    out += ",\"column\":" + std::to_string(err.col) + "}";
  }
  out += ",\"message\":";
  append_json_string(out, err.text(lang));
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
