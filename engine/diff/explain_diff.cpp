#include "diff/explain_diff.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>

#include "base/codes_reports.h"

namespace decree::diff {
namespace {

using Json = nlohmann::ordered_json;

std::string str(const Json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return {};
  if (it->is_string()) return it->get<std::string>();
  return it->dump();
}

std::string location(const Json& step) {
  auto it = step.find("span");
  if (it == step.end() || !it->is_object()) return {};
  std::string file = str(*it, "file");
  if (file.empty()) return {};
  return file + ":" + str(*it, "line");
}

std::string keys_text(const Json& keys) {
  std::string out;
  if (!keys.is_object()) return out;
  for (auto it = keys.begin(); it != keys.end(); ++it) {
    if (!out.empty()) out += ", ";
    out += it.key() + "=" + (it->is_string() ? it->get<std::string>() : it->dump());
  }
  return out;
}

const Json* find_step(const Json& explanation, const std::string& rule) {
  if (!explanation.is_object()) return nullptr;
  auto it = explanation.find("steps");
  if (it == explanation.end()) return nullptr;
  for (const auto& s : *it)
    if (str(s, "rule") == rule) return &s;
  return nullptr;
}

std::vector<std::string> step_names(const Json& explanation) {
  std::vector<std::string> names;
  if (!explanation.is_object()) return names;
  auto it = explanation.find("steps");
  if (it == explanation.end()) return names;
  for (const auto& s : *it) names.push_back(str(s, "rule"));
  return names;
}

const Json& array_of(const Json* step, const char* key) {
  static const Json kEmpty = Json::array();
  if (!step) return kEmpty;
  auto it = step->find(key);
  return it != step->end() && it->is_array() ? *it : kEmpty;
}

void compare_reads(const Json* b, const Json* c, StepDiff& d) {
  std::vector<bool> used(array_of(c, "reads").size());
  for (const auto& rb : array_of(b, "reads")) {
    ValueDiff v{str(rb, "kind"), str(rb, "name"), str(rb, "value"), std::nullopt, false};
    const Json& cr = array_of(c, "reads");
    for (size_t i = 0; i < cr.size(); ++i)
      if (!used[i] && str(cr[i], "name") == v.name) {
        used[i] = true;
        v.candidate = str(cr[i], "value");
        break;
      }
    v.differs = v.base != v.candidate;
    d.reads.push_back(std::move(v));
  }
  const Json& cr = array_of(c, "reads");
  for (size_t i = 0; i < cr.size(); ++i)
    if (!used[i])
      d.reads.push_back(
          {str(cr[i], "kind"), str(cr[i], "name"), std::nullopt, str(cr[i], "value"), true});
}

void compare_parameters(const Json* b, const Json* c, StepDiff& d) {
  const Json& cp = array_of(c, "parameters");
  std::vector<bool> used(cp.size());
  auto fill_candidate = [](ParamDiff& p, const Json& j) {
    p.candidate = str(j, "value");
    p.candidate_from = str(j, "applies_from");
    p.candidate_reference = str(j, "reference");
    p.candidate_location = location(j);
  };
  for (const auto& pb : array_of(b, "parameters")) {
    ParamDiff p;
    p.name = str(pb, "name");
    p.key = str(pb, "key");
    p.base = str(pb, "value");
    p.base_from = str(pb, "applies_from");
    p.base_reference = str(pb, "reference");
    p.base_location = location(pb);
    for (size_t i = 0; i < cp.size(); ++i)
      if (!used[i] && str(cp[i], "name") == p.name && str(cp[i], "key") == p.key) {
        used[i] = true;
        fill_candidate(p, cp[i]);
        break;
      }
    p.differs = p.base != p.candidate || p.base_from != p.candidate_from ||
                p.base_reference != p.candidate_reference;
    d.parameters.push_back(std::move(p));
  }
  for (size_t i = 0; i < cp.size(); ++i) {
    if (used[i]) continue;
    ParamDiff p;
    p.name = str(cp[i], "name");
    p.key = str(cp[i], "key");
    fill_candidate(p, cp[i]);
    p.differs = true;
    d.parameters.push_back(std::move(p));
  }
}

void compare_tables(const Json* b, const Json* c, StepDiff& d) {
  const Json& ct = array_of(c, "table_rows");
  std::vector<bool> used(ct.size());
  for (const auto& tb : array_of(b, "table_rows")) {
    TableRowDiff t;
    t.table = str(tb, "table");
    t.keys = keys_text(tb.value("keys", Json::object()));
    t.base_row = tb.value("row", 0);
    t.base_text = str(tb, "text");
    t.base_location = location(tb);
    for (size_t i = 0; i < ct.size(); ++i)
      if (!used[i] && str(ct[i], "table") == t.table &&
          keys_text(ct[i].value("keys", Json::object())) == t.keys) {
        used[i] = true;
        t.candidate_row = ct[i].value("row", 0);
        t.candidate_text = str(ct[i], "text");
        t.candidate_location = location(ct[i]);
        break;
      }
    t.differs =
        !t.candidate_row || *t.candidate_row != *t.base_row || t.candidate_text != t.base_text;
    d.table_rows.push_back(std::move(t));
  }
  for (size_t i = 0; i < ct.size(); ++i) {
    if (used[i]) continue;
    TableRowDiff t;
    t.table = str(ct[i], "table");
    t.keys = keys_text(ct[i].value("keys", Json::object()));
    t.candidate_row = ct[i].value("row", 0);
    t.candidate_text = str(ct[i], "text");
    t.candidate_location = location(ct[i]);
    t.differs = true;
    d.table_rows.push_back(std::move(t));
  }
}

StepDiff compare_step(const std::string& rule, const Json* b, const Json* c) {
  StepDiff d;
  d.rule = rule;
  d.in_base = b != nullptr;
  d.in_candidate = c != nullptr;
  const Json* any = b ? b : c;
  d.kind = str(*any, "kind");
  d.type = str(*any, "type");
  if (b) {
    d.base_value = str(*b, "value");
    d.base_formula = str(*b, "formula");
    d.base_citation = str(*b, "citation");
    d.base_payer = str(*b, "paid_by");
    d.base_location = location(*b);
  }
  if (c) {
    d.candidate_value = str(*c, "value");
    d.candidate_formula = str(*c, "formula");
    d.candidate_citation = str(*c, "citation");
    d.candidate_payer = str(*c, "paid_by");
    d.candidate_location = location(*c);
  }
  compare_reads(b, c, d);
  compare_parameters(b, c, d);
  compare_tables(b, c, d);
  if (!b) {
    d.cause = "added";
    return d;
  }
  if (!c) {
    d.cause = "removed";
    return d;
  }
  d.value_differs = d.base_value != d.candidate_value;
  d.formula_differs = d.base_formula != d.candidate_formula;
  d.citation_differs = d.base_citation != d.candidate_citation;
  d.payer_differs = d.base_payer != d.candidate_payer;
  bool reads_differ =
      std::any_of(d.reads.begin(), d.reads.end(), [](const ValueDiff& v) { return v.differs; });
  bool own_differs = d.formula_differs ||
                     std::any_of(d.parameters.begin(), d.parameters.end(),
                                 [](const ParamDiff& p) { return p.differs; }) ||
                     std::any_of(d.table_rows.begin(), d.table_rows.end(),
                                 [](const TableRowDiff& t) { return t.differs; });
  if (d.value_differs)
    d.cause = reads_differ && !own_differs ? "reads" : "here";
  else if (own_differs || d.citation_differs || d.payer_differs || reads_differ)
    d.cause = "derivation";
  return d;
}

void run_side(const RuleSet& rules, const FoundCase& found, const EvalOptions& options,
              CaseSide& side) {
  Session s(rules);
  EvalOptions eo = options;
  eo.explain = true;
  side.ok = s.decode_json(found.json, side.error) && s.evaluate(side.error, eo);
  if (!side.ok) return;
  const auto& names = rules.output_names();
  for (size_t i = 0; i < names.size(); ++i) side.outputs.emplace_back(names[i], s.output_text(i));
  side.explanation = Json::parse(s.explain_json());
}

}  // namespace

std::optional<FoundCase> find_case(const std::vector<InputFile>& inputs, const std::string& id,
                                   const std::vector<const RuleSet*>& rule_sets,
                                   std::vector<Message>& errors) {
  RecordBatch batch;
  std::string json, message;
  for (uint32_t f = 0; f < inputs.size(); ++f) {
    const InputFile& input = inputs[f];
    std::FILE* in = input.path == "-" ? stdin : std::fopen(input.path.c_str(), "rb");
    if (!in) {
      errors.push_back(
          {msg::report_cannot_open, {{"path", input.path}, {"reason", std::strerror(errno)}}});
      continue;
    }
    CaseReader reader(in, input.format);
    std::unique_ptr<CsvConverter> csv;
    std::optional<FoundCase> found;
    for (;;) {
      batch.clear();
      if (!reader.read(batch, 4096, size_t{4} << 20)) break;
      if (input.format == CaseFormat::csv && !csv && !reader.csv_header().empty())
        csv = std::make_unique<CsvConverter>(reader.csv_header(), rule_sets);
      for (const auto& r : batch.records) {
        if (r.malformed) continue;
        std::string_view text = batch.text(r);
        if (text.find(id) == std::string_view::npos) continue;  // cheap filter
        bool ok = true;
        switch (input.format) {
          case CaseFormat::jsonl:
            json.assign(text);
            break;
          case CaseFormat::yaml:
            ok = yaml_case_to_json(text, json, message);
            break;
          case CaseFormat::csv:
            ok = csv && csv->to_json(text, json, message);
            break;
        }
        if (ok && find_case_id(json) == id) {
          found = FoundCase{CaseRef{id, f, r.line}, json};
          break;
        }
      }
      if (found) break;
    }
    if (reader.read_error()) errors.push_back({msg::report_read_error, {{"path", input.path}}});
    if (in != stdin) std::fclose(in);
    if (found) return found;
  }
  return std::nullopt;
}

CaseComparison compare_case(const RuleSet& base, const RuleSet& candidate, const FoundCase& found,
                            const EvalOptions& options) {
  CaseComparison cmp;
  cmp.where = found.where;
  cmp.input_json = found.json;
  run_side(base, found, options, cmp.base);
  run_side(candidate, found, options, cmp.candidate);

  // Outputs: the base's order, then the candidate's new ones.
  std::vector<std::string> names = base.output_names();
  for (const auto& n : candidate.output_names())
    if (std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
  auto value_of = [](const CaseSide& s, const std::string& name) -> std::optional<std::string> {
    for (const auto& [n, v] : s.outputs)
      if (n == name) return v;
    return std::nullopt;
  };
  for (const auto& n : names) {
    OutputDiff o;
    o.name = n;
    o.base = value_of(cmp.base, n);
    o.candidate = value_of(cmp.candidate, n);
    o.differs = o.base != o.candidate;
    if (o.base && o.candidate) {
      auto b = Decimal::parse(*o.base), c = Decimal::parse(*o.candidate);
      if (b && c) o.difference = (*c - *b).to_string();
    }
    cmp.outputs.push_back(std::move(o));
  }

  // Steps: the base's order; a rule only the candidate needs goes after the
  // rule it follows in the candidate's derivation.
  std::vector<std::string> order = step_names(cmp.base.explanation);
  std::vector<std::string> cand = step_names(cmp.candidate.explanation);
  for (size_t k = 0; k < cand.size(); ++k) {
    if (std::find(order.begin(), order.end(), cand[k]) != order.end()) continue;
    auto at = order.begin();
    if (k > 0) {
      auto prev = std::find(order.begin(), order.end(), cand[k - 1]);
      if (prev != order.end()) at = prev + 1;
    }
    order.insert(at, cand[k]);
  }
  for (const auto& rule : order) {
    cmp.steps.push_back(compare_step(rule, find_step(cmp.base.explanation, rule),
                                     find_step(cmp.candidate.explanation, rule)));
    // One side failed: its derivation is missing, not different.
    if (!cmp.base.ok || !cmp.candidate.ok) cmp.steps.back().cause.clear();
  }
  return cmp;
}

}  // namespace decree::diff
