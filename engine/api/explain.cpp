// Explanations: for every rule the case needed, the formula, the values that
// went in, the table rows that matched, the parameters used (with the date
// their value applies from and their reference) and the rule's citation.
// Text for people, versioned JSON for machines (docs/trace-format.md).
#include <algorithm>
#include <nlohmann/json.hpp>

#include "api/internal/session_state.h"
#include "base/codes_runtime.h"
#include "base/strings.h"
#include "eval/format.h"

namespace decree {
namespace {

constexpr const char* kTraceFormat = "1";

// The keys asked for, as written: "2019", "2023, 3", "2021-10-01, tier1".
std::string param_key_text(const ParamInfo& p, const TraceParam& tp) {
  std::string out;
  for (size_t i = 0; i < p.param->arity(); ++i)
    out += (i ? ", " : "") + p.param->key_text(i, tp.keys[i]);
  return out;
}

// When the value applies: from a date, for a year, or for a key (each key
// of the entry that applied).
std::string applies_from(const ParamInfo& p, const ParamValue& v) {
  if (p.param->what_if && &v == &*p.param->what_if) return "every key";
  return p.param->entry_keys(v);
}

std::string applies_text(const ParamInfo& p, const ParamValue& v, Lang lang) {
  const Parameter& prm = *p.param;
  auto say = [&](Code code, MessageArgs args = {}) {
    return message_text(Message{code, std::move(args)}, lang);
  };
  if (prm.what_if && &v == &*prm.what_if) return say(msg::explain_what_if);
  if (prm.arity() == 1 && !prm.named_index) {
    MessageArgs key = {{"key", applies_from(p, v)}};
    switch (prm.index[0].type) {
      case ParamIndex::date:
        return say(msg::explain_applies_from, key);
      case ParamIndex::year:
        return say(msg::explain_value_for_year, key);
      default:
        return say(msg::explain_value_for_key, key);
    }
  }
  // "the value for year 2023, grade 1", "the value from 2021-12-01, tier tier1"
  std::string out;
  for (size_t i = 0; i < v.depth && i < prm.arity(); ++i) {
    out += i ? ", " : "";
    if (prm.index[i].type == ParamIndex::date)
      out += say(msg::explain_key_from, {{"date", prm.key_text(i, v.keys[i])}});
    else
      out += prm.index[i].name + " " + prm.key_text(i, v.keys[i]);
  }
  return say(prm.index[0].type == ParamIndex::date ? msg::explain_value_from_keys
                                                   : msg::explain_value_for_keys,
             {{"keys", out}});
}

// "  formula    ": a label of the calculation sheet, in its column.
std::string label(Code code, Lang lang) {
  return "  " + pad_to_width(message_text({code, {}}, lang), 11);
}

std::string key_text(const Value& v, const Type& t, const CheckedProgram& c) {
  return value_text(v, t, c);
}

// A formula on one line: newlines and runs of spaces collapsed.
std::string one_line(const std::string& s) {
  std::string out;
  bool space = false;
  for (char ch : s) {
    if (ch == '\n' || ch == ' ' || ch == '\t') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += ch;
  }
  return out;
}

nlohmann::ordered_json span_json(const Span& s) {
  nlohmann::ordered_json j;
  j["file"] = s.file ? s.file->path() : "";
  j["line"] = s.line;
  j["col"] = s.col;
  j["end_line"] = s.end_line;
  j["end_col"] = s.end_col;
  return j;
}

// A rule that reads the same parameter entry twice cites it once.
std::vector<TraceParam> unique_params(const TraceStep& step) {
  std::vector<TraceParam> out;
  for (const TraceParam& tp : step.params) {
    bool seen = std::any_of(out.begin(), out.end(), [&](const TraceParam& o) {
      return o.param == tp.param && o.keys == tp.keys;
    });
    if (!seen) out.push_back(tp);
  }
  return out;
}

// A fold the rule evaluated: what it is written as, with the types of its
// accumulator and items.
struct FoldView {
  const ast::Comprehension& comp;
  const Type& acc;
  Type item;
};

FoldView fold_view(const TraceFold& f, const Program& p, const CheckedProgram& c) {
  const Node& n = p.nodes[f.node];
  const ast::Comprehension& comp = *p.folds[n.b];
  return {comp, c.types[n.expr], c.types[comp.list->id].element()};
}

// The steps an explanation shows of a long fold: the first ones and the last.
constexpr size_t kFoldStepsShown = 24;

//   fold       acc = 100.00 at first, then for each y in lo..n:
//                y = 1: acc = 110.00
//                y = 2: skipped (where)
void append_fold_text(std::string& out, const TraceFold& f, const Program& p,
                      const CheckedProgram& c, Lang lang) {
  FoldView v = fold_view(f, p, c);
  const std::string& acc = v.comp.accumulator;
  Message head{f.items.empty() ? msg::explain_fold_none : msg::explain_fold_each,
               {{"acc", acc},
                {"initial", value_text(f.initial, v.acc, c)},
                {"var", v.comp.var},
                {"list", one_line(span_text(v.comp.list->span))}}};
  out += label(msg::explain_label_fold, lang) + message_text(head, lang) + "\n";
  const size_t n = f.items.size();
  for (size_t i = 0; i < n; ++i) {
    if (n > kFoldStepsShown && i == kFoldStepsShown - 1 && i + 1 < n) {
      out += "               " +
             message_text({msg::explain_fold_more, {{"n", std::to_string(n - kFoldStepsShown)}}},
                          lang) +
             "\n";
      i = n - 1;
    }
    out += "               " + v.comp.var + " = " + value_text(f.items[i], v.item, c) + ": " +
           (f.kept[i] ? acc + " = " + value_text(f.values[i], v.acc, c)
                      : message_text({msg::explain_fold_skipped, {}}, lang)) +
           "\n";
  }
}

nlohmann::ordered_json fold_json(const TraceFold& f, const Program& p, const CheckedProgram& c) {
  FoldView v = fold_view(f, p, c);
  nlohmann::ordered_json j;
  j["accumulator"] = v.comp.accumulator;
  j["variable"] = v.comp.var;
  j["list"] = one_line(span_text(v.comp.list->span));
  j["initial"] = value_text(f.initial, v.acc, c);
  j["span"] = span_json(*p.nodes[f.node].span);
  nlohmann::ordered_json steps = nlohmann::ordered_json::array();
  for (size_t i = 0; i < f.items.size(); ++i) {
    nlohmann::ordered_json st;
    st["item"] = value_text(f.items[i], v.item, c);
    if (f.kept[i])
      st["value"] = value_text(f.values[i], v.acc, c);
    else
      st["skipped"] = true;
    steps.push_back(st);
  }
  j["steps"] = steps;
  return j;
}

// " per month", " once" after an output's value; "" if it declares no period.
std::string period_suffix(const RuleInfo& r) {
  return r.period == ast::Period::none ? "" : std::string(" ") + period_text(r.period);
}

}  // namespace

void Session::coverage(std::vector<uint32_t>& rules,
                       std::vector<std::pair<uint32_t, int32_t>>& rows) const {
  const SessionState& s = state();
  if (!s.evaluated || !s.traced) return;
  for (const TraceStep& step : s.trace.steps) {
    rules.push_back(step.rule);
    for (const TraceTableRow& row : step.rows) rows.emplace_back(row.table, row.row);
  }
}

std::string Session::explain_text(Lang lang) const {
  const SessionState& s = state();
  const CheckedProgram& c = rules().checked();
  auto say = [&](Code code, MessageArgs args) {
    return message_text(Message{code, std::move(args)}, lang);
  };
  if (!s.evaluated || !s.traced) return say(msg::explain_none, {}) + "\n";
  std::string out = say(msg::explain_rule_set, {{"name", c.ruleset}});
  if (!c.basis.empty()) out += " — " + c.basis;
  out += "\n";
  if (!case_id().empty()) out += say(msg::explain_case, {{"id", std::string(case_id())}}) + "\n";
  if (s.as_of) out += say(msg::explain_as_of, {{"date", s.as_of->to_string()}}) + "\n";
  const std::string more(13, ' ');  // a label's further lines
  for (const TraceStep& step : s.trace.steps) {
    const RuleInfo& r = c.rules[step.rule];
    out += "\n" + std::string(r.output ? "output " : "let ") + r.name + " = " +
           value_text(s.eval.rule_value(step.rule), r.type, c) + period_suffix(r) + "\n";
    out += label(msg::explain_label_formula, lang) + one_line(span_text(r.decl->body->span)) + "\n";
    std::vector<std::string> seen;
    bool first = true;
    for (const TraceRead& read : step.reads) {
      std::string line;
      if (read.kind == TraceRead::Kind::input) {
        const InputInfo& in = c.inputs[read.index];
        line = in.name + " = " +
               value_text(const_cast<EvalState&>(s.eval).input(read.index), in.type, c) +
               (lang == Lang::zh ? "" : " ") + say(msg::explain_input, {});
      } else {
        const RuleInfo& dep = c.rules[read.index];
        line = dep.name + " = " + value_text(s.eval.rule_value(read.index), dep.type, c);
      }
      if (std::find(seen.begin(), seen.end(), line) != seen.end()) continue;
      seen.push_back(line);
      out += (first ? label(msg::explain_label_with, lang) : more) + line + "\n";
      first = false;
    }
    for (const TraceParam& tp : unique_params(step)) {
      const ParamInfo& p = c.params[tp.param];
      out += label(msg::explain_label_parameter, lang) + p.alias + "." + p.name + "[" +
             param_key_text(p, tp) + "] = " + tp.value->value->to_string() + " (" +
             applies_text(p, *tp.value, lang) + "; " + p.param->reference_for(*tp.value) + "; " +
             tp.value->span.location() + ")\n";
      Reliability r = p.param->reliability_for(*tp.value);
      if (is_weak(r))
        out += more +
               say(msg::explain_weak_source, {{"reliability", std::string(reliability_name(r))}}) +
               "\n";
    }
    for (const TraceTableRow& row : step.rows) {
      const TableInfo& t = c.tables[row.table];
      std::string keys;
      for (size_t k = 0; k < row.keys.size(); ++k)
        keys +=
            (k ? ", " : "") + t.decl->keys[k].name + " = " + key_text(row.keys[k], t.keys[k], c);
      const auto& decl_row = t.decl->rows[row.row];
      std::string which = decl_row.otherwise
                              ? say(msg::explain_otherwise, {})
                              : say(msg::explain_row, {{"n", std::to_string(row.row + 1)}});
      out += label(msg::explain_label_table, lang) + t.name + " " + which + " (" + keys +
             "): " + one_line(span_text(decl_row.span)) + "  [" + decl_row.span.location() + "]\n";
      if (!t.decl->basis.empty())
        out += more + say(msg::explain_table_basis, {{"basis", t.decl->basis}}) + "\n";
    }
    for (const TraceFold& f : step.folds) append_fold_text(out, f, rules().program(), c, lang);
    if (!r.decl->payer.empty())
      out += label(msg::explain_label_paid_by, lang) + r.decl->payer + "\n";
    if (!r.decl->basis.empty()) out += label(msg::explain_label_basis, lang) + r.decl->basis + "\n";
    out += label(msg::explain_label_at, lang) + r.decl->span.location() + "\n";
  }
  return out;
}

std::string Session::explain_json() const {
  const SessionState& s = state();
  const CheckedProgram& c = rules().checked();
  nlohmann::ordered_json j;
  j["trace_format"] = kTraceFormat;
  j["ruleset"] = c.ruleset;
  j["basis"] = c.basis;
  j["case_id"] = std::string(case_id());
  j["as_of"] =
      s.as_of ? nlohmann::ordered_json(s.as_of->to_string()) : nlohmann::ordered_json(nullptr);
  const bool failed = s.traced && !s.evaluated && s.failure;
  if ((!s.evaluated && !failed) || !s.traced) {
    j["error"] = "not evaluated with explain";
    return j.dump(2) + "\n";
  }
  nlohmann::ordered_json outputs = nlohmann::ordered_json::object();
  if (!failed) {
    for (uint32_t r : c.outputs)
      outputs[c.rules[r].name] = value_text(s.eval.rule_value(r), c.rules[r].type, c);
  } else {
    // A rule failed: the outputs computed before it, the error, and the
    // steps that were completed (an auditor sees how far the case got).
    for (const TraceStep& step : s.trace.steps)
      if (c.rules[step.rule].output)
        outputs[c.rules[step.rule].name] =
            value_text(s.eval.rule_value(step.rule), c.rules[step.rule].type, c);
  }
  j["outputs"] = outputs;
  if (failed) {
    const CaseError& e = *s.failure;
    nlohmann::ordered_json ej;
    ej["kind"] = "evaluation";
    ej["code"] = std::string(code_name(e.code));
    ej["rule"] = e.rule;
    ej["location"] = e.location;
    ej["message"] = e.message;
    j["error"] = ej;
  }
  nlohmann::ordered_json steps = nlohmann::ordered_json::array();
  for (const TraceStep& step : s.trace.steps) {
    const RuleInfo& r = c.rules[step.rule];
    nlohmann::ordered_json st;
    st["rule"] = r.name;
    st["kind"] = r.output ? "output" : "let";
    st["type"] = c.type_name(r.type);
    st["value"] = value_text(s.eval.rule_value(step.rule), r.type, c);
    st["formula"] = one_line(span_text(r.decl->body->span));
    st["span"] = span_json(r.decl->span);
    st["citation"] = r.decl->basis;
    st["paid_by"] = r.decl->payer;
    st["period"] = period_text(r.period);
    nlohmann::ordered_json reads = nlohmann::ordered_json::array();
    std::vector<std::pair<int, uint32_t>> seen;
    for (const TraceRead& read : step.reads) {
      std::pair<int, uint32_t> key{static_cast<int>(read.kind), read.index};
      if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
      seen.push_back(key);
      nlohmann::ordered_json rd;
      if (read.kind == TraceRead::Kind::input) {
        const InputInfo& in = c.inputs[read.index];
        rd["kind"] = "input";
        rd["name"] = in.name;
        rd["value"] = value_text(const_cast<EvalState&>(s.eval).input(read.index), in.type, c);
        rd["span"] = span_json(in.decl->span);
      } else {
        const RuleInfo& dep = c.rules[read.index];
        rd["kind"] = dep.output ? "output" : "let";
        rd["name"] = dep.name;
        rd["value"] = value_text(s.eval.rule_value(read.index), dep.type, c);
        rd["span"] = span_json(dep.decl->span);
      }
      reads.push_back(rd);
    }
    st["reads"] = reads;
    nlohmann::ordered_json params = nlohmann::ordered_json::array();
    for (const TraceParam& tp : unique_params(step)) {
      const ParamInfo& p = c.params[tp.param];
      nlohmann::ordered_json pj;
      pj["name"] = p.alias + "." + p.name;
      pj["key"] = param_key_text(p, tp);
      nlohmann::ordered_json keys = nlohmann::ordered_json::object();
      for (size_t i = 0; i < p.param->arity(); ++i)
        keys[p.param->index[i].name] = p.param->key_text(i, tp.keys[i]);
      pj["keys"] = keys;
      pj["value"] = tp.value->value->to_string();
      pj["unit"] = std::string(param_unit_name(p.param->unit));
      pj["applies_from"] = applies_from(p, *tp.value);
      pj["reference"] = p.param->reference_for(*tp.value);
      Reliability r = p.param->reliability_for(*tp.value);
      pj["reliability"] = r == Reliability::unstated ? nlohmann::ordered_json(nullptr)
                                                     : nlohmann::ordered_json(reliability_name(r));
      pj["below_official"] = is_weak(r);
      pj["span"] = span_json(tp.value->span);
      params.push_back(pj);
    }
    st["parameters"] = params;
    nlohmann::ordered_json rows = nlohmann::ordered_json::array();
    for (const TraceTableRow& row : step.rows) {
      const TableInfo& t = c.tables[row.table];
      nlohmann::ordered_json rj;
      rj["table"] = t.name;
      rj["row"] = row.row + 1;
      if (t.decl->rows[row.row].otherwise) rj["otherwise"] = true;
      nlohmann::ordered_json keys = nlohmann::ordered_json::object();
      for (size_t k = 0; k < row.keys.size(); ++k)
        keys[t.decl->keys[k].name] = key_text(row.keys[k], t.keys[k], c);
      rj["keys"] = keys;
      rj["text"] = one_line(span_text(t.decl->rows[row.row].span));
      rj["span"] = span_json(t.decl->rows[row.row].span);
      rj["citation"] = t.decl->basis;
      rows.push_back(rj);
    }
    st["table_rows"] = rows;
    nlohmann::ordered_json folds = nlohmann::ordered_json::array();
    for (const TraceFold& f : step.folds) folds.push_back(fold_json(f, rules().program(), c));
    st["folds"] = folds;
    steps.push_back(st);
  }
  j["steps"] = steps;
  return j.dump(2) + "\n";
}

}  // namespace decree
