#include "diff/report.h"

namespace decree::diff {
namespace {

using Json = nlohmann::ordered_json;

const Decimal& twelve() {
  static const Decimal k = Decimal::from_int(12);
  return k;
}

Json opt(const std::optional<std::string>& s) { return s ? Json(*s) : Json(nullptr); }

Json case_ref_json(const CaseRef& where, const std::vector<InputFile>& inputs) {
  Json j;
  j["case_id"] = where.case_id;
  j["file"] = where.file < inputs.size() ? inputs[where.file].path : std::string();
  j["line"] = where.line;
  return j;
}

Json error_json(const CaseError& e) {
  Json j;
  j["kind"] = e.kind == CaseError::Kind::input        ? "input"
              : e.kind == CaseError::Kind::evaluation ? "evaluation"
                                                      : "internal";
  j["pointer"] = e.pointer;
  j["rule"] = e.rule;
  j["location"] = e.location;
  j["message"] = e.message;
  j["text"] = error_text(e);
  return j;
}

Json triple(const Decimal& base, const Decimal& candidate) {
  Json j;
  j["base"] = total_text(base, true);
  j["candidate"] = total_text(candidate, true);
  j["difference"] = total_text(candidate - base, true);
  return j;
}

const char* kind_name(FailureKind k) {
  switch (k) {
    case FailureKind::base_only:
      return "base_only";
    case FailureKind::candidate_only:
      return "candidate_only";
    case FailureKind::both:
      return "both";
  }
  return "";
}

}  // namespace

const char* period_label(ast::Period p) {
  return p == ast::Period::none ? "period not declared" : period_text(p);
}

std::string group_digits(const std::string& text) {
  size_t start = (!text.empty() && (text[0] == '-' || text[0] == '+')) ? 1 : 0;
  size_t dot = text.find_first_of("./", start);
  if (dot == std::string::npos) dot = text.size();
  if (text.find('/') != std::string::npos) return text;  // a fraction: as is
  std::string out = text.substr(0, start);
  size_t digits = dot - start;
  for (size_t i = 0; i < digits; ++i) {
    if (i > 0 && (digits - i) % 3 == 0) out += ',';
    out += text[start + i];
  }
  out += text.substr(dot);
  return out;
}

std::string total_text(const Decimal& d, bool money) {
  if (money && d.scale() <= 2 && d.is_terminating()) {
    try {
      return d.to_string_fixed(2);
    } catch (const DecimalError&) {
    }
  }
  return d.to_string();
}

std::string signed_text(const Decimal& d, bool money) {
  std::string s = group_digits(total_text(d, money));
  return d.sign() > 0 ? "+" + s : s;
}

std::string bucket_label(int bucket, bool unicode) {
  const char* minus = unicode ? "\u2212" : "-";
  const char* le = unicode ? " \u2264 " : " <= ";
  const char* ge = unicode ? " \u2265 " : " >= ";
  auto [lo, hi] = bucket_abs_edges(bucket);
  lo = group_digits(lo);
  hi = group_digits(hi);
  if (bucket_negative(bucket)) {
    if (hi.empty()) return std::string("d") + le + minus + lo;
    if (lo == "0") return std::string(minus) + hi + " < d < 0";
    return std::string(minus) + hi + " < d" + le + minus + lo;
  }
  if (hi.empty()) return std::string("d") + ge + lo;
  if (lo == "0") return "0 < d < " + hi;
  return lo + std::string(le) + "d < " + hi;
}

std::vector<PayerTotals> payer_totals(const DiffResult& r) {
  std::vector<Decimal> base, candidate;
  for (const auto& st : r.stats.outputs) {
    base.push_back(st.base_total);
    candidate.push_back(st.candidate_total);
  }
  return payer_totals(r, base, candidate);
}

std::vector<PayerTotals> payer_totals(const DiffResult& r, const std::vector<Decimal>& base_totals,
                                      const std::vector<Decimal>& candidate_totals) {
  std::vector<PayerTotals> groups(3);
  groups[0].payer = "fund";
  groups[1].payer = "employer";
  groups[2].payer = "";
  auto group_of = [&](const std::string& payer) -> PayerTotals& {
    if (payer == "fund") return groups[0];
    if (payer == "employer") return groups[1];
    return groups[2];
  };
  for (size_t o = 0; o < r.outputs.size(); ++o) {
    const OutputInfo& info = r.outputs[o];
    if (!info.money) continue;
    const Decimal& base_total = base_totals[o];
    const Decimal& candidate_total = candidate_totals[o];
    auto group = [&](const std::string& payer, ast::Period period) -> Totals& {
      PayerTotals& g = group_of(payer);
      if (std::find(g.outputs.begin(), g.outputs.end(), info.name) == g.outputs.end())
        g.outputs.push_back(info.name);
      Totals& t = period == ast::Period::per_month ? g.per_month
                  : period == ast::Period::once    ? g.once
                                                   : g.undeclared;
      t.any = true;
      return t;
    };
    if (info.base_index >= 0) {
      Totals& t = group(info.base_payer, info.base_period);
      t.base = t.base + base_total;
    }
    if (info.candidate_index >= 0) {
      Totals& t = group(info.candidate_payer, info.candidate_period);
      t.candidate = t.candidate + candidate_total;
    }
  }
  std::vector<PayerTotals> out;
  for (auto& g : groups)
    if (!g.outputs.empty()) out.push_back(std::move(g));
  return out;
}

Json side_json(const Side& side) {
  Json j;
  j["label"] = side.label;
  j["draft"] = side.draft;
  if (side.timeline) {
    // Each case under its own version: every version with its hash.
    Json versions = Json::array();
    for (const auto& v : side.timeline->versions())
      versions.push_back({{"version", v->version().name},
                          {"effective", v->version().effective},
                          {"path", v->path()},
                          {"rules_hash", "sha256:" + v->version().hash}});
    Json payments = Json::array();
    for (const auto& p : side.timeline->payment_versions())
      payments.push_back({{"version", p.name},
                          {"effective", p.effective},
                          {"path", p.dir},
                          {"hash", "sha256:" + p.hash}});
    j["timeline"] = {{"versions", versions}, {"payment_versions", payments}};
  }
  const VersionInfo& v = side.rules->version();
  j["version"] = v.name;
  j["extends"] = v.extends;
  j["effective"] = v.effective;
  j["path"] = side.rules->path();
  j["rules_hash"] = "sha256:" + v.hash;
  Json params = Json::object();
  for (const auto& p : side.rules->param_overrides()) params[p.name] = p.value;
  j["param_overrides"] = params;
  if (!side.rules->param_files().empty()) j["param_overlays"] = side.rules->param_files();
  return j;
}

// --group-by: per value, the counts and every numeric output's exact totals,
// and the money totals by payer.
Json groups_json(const DiffResult& r) {
  Json j;
  j["by"] = r.group_by->label();
  Json rows = Json::array();
  for (const auto& [value, g] : r.stats.groups) {
    Json x;
    x["value"] = value;
    x["cases"] = g.cases;
    x["evaluated_under_both"] = g.both_ok;
    x["changed"] = g.changed;
    x["failed"] = g.failed;
    Json outputs = Json::object();
    for (size_t o = 0; o < r.outputs.size(); ++o)
      if (r.outputs[o].numeric)
        outputs[r.outputs[o].name] = Json{
            {"base", total_text(g.base_total[o], r.outputs[o].money)},
            {"candidate", total_text(g.candidate_total[o], r.outputs[o].money)},
            {"difference", total_text(g.candidate_total[o] - g.base_total[o], r.outputs[o].money)}};
    x["outputs"] = outputs;
    Json payers = Json::array();
    for (const auto& p : payer_totals(r, g.base_total, g.candidate_total)) {
      Json y;
      y["paid_by"] = p.payer;
      if (p.per_month.any) {
        y["per_month"] = triple(p.per_month.base, p.per_month.candidate);
        y["per_month_yearly"] =
            triple(p.per_month.base * twelve(), p.per_month.candidate * twelve());
      }
      if (p.once.any) y["once"] = triple(p.once.base, p.once.candidate);
      if (p.undeclared.any)
        y["period_not_declared"] = triple(p.undeclared.base, p.undeclared.candidate);
      payers.push_back(y);
    }
    x["by_payer"] = payers;
    rows.push_back(x);
  }
  j["rows"] = rows;
  return j;
}

Json diff_json(const DiffResult& r) {
  const DiffStats& s = r.stats;
  Json j;
  j["diff_format"] = kDiffFormat;
  j["ruleset"] = r.ruleset;
  j["base"] = side_json(r.base);
  j["candidate"] = side_json(r.candidate);
  Json inputs = Json::array();
  for (const auto& in : r.inputs) {
    Json i;
    i["path"] = in.path;
    i["format"] = format_name(in.format);
    inputs.push_back(i);
  }
  j["inputs"] = inputs;
  j["as_of"] = r.as_of ? Json(r.as_of->to_string()) : Json(nullptr);

  Json cases;
  cases["read"] = s.cases;
  cases["evaluated_both"] = s.both_ok;
  cases["changed"] = s.changed;
  cases["unchanged"] = s.both_ok - s.changed;
  cases["failed_base_only"] = s.base_failed_only;
  cases["failed_candidate_only"] = s.candidate_failed_only;
  cases["failed_both"] = s.both_failed;
  j["cases"] = cases;

  Json outputs = Json::array();
  for (size_t o = 0; o < r.outputs.size(); ++o) {
    const OutputInfo& info = r.outputs[o];
    const OutputStats& st = s.outputs[o];
    bool both = info.base_index >= 0 && info.candidate_index >= 0;
    Json x;
    x["name"] = info.name;
    x["label"] = info.label;
    x["type"] = info.type;
    x["in_base"] = info.base_index >= 0;
    x["in_candidate"] = info.candidate_index >= 0;
    Json payer;
    payer["base"] = info.base_payer;
    payer["candidate"] = info.candidate_payer;
    x["paid_by"] = payer;
    Json period;
    period["base"] = period_text(info.base_period);
    period["candidate"] = period_text(info.candidate_period);
    x["period"] = period;
    x["monthly"] = info.monthly;
    x["compared"] = st.compared;
    x["changed"] = st.changed;
    x["increased"] = st.increased;
    x["decreased"] = st.decreased;
    if (info.numeric) {
      const bool m = info.money;
      x["base_total"] = info.base_index >= 0 ? Json(total_text(st.base_total, m)) : Json(nullptr);
      x["candidate_total"] =
          info.candidate_index >= 0 ? Json(total_text(st.candidate_total, m)) : Json(nullptr);
      x["difference"] = total_text(st.candidate_total - st.base_total, m);
      x["increase_total"] = total_text(st.increase_total, m);
      x["decrease_total"] = total_text(st.decrease_total, m);
      if (info.monthly) {
        Json y;
        y["base_total"] = total_text(st.base_total * twelve(), m);
        y["candidate_total"] = total_text(st.candidate_total * twelve(), m);
        y["difference"] = total_text((st.candidate_total - st.base_total) * twelve(), m);
        x["yearly"] = y;
      }
      if (both) {
        Json h = Json::array();
        for (int b = 0; b < kBuckets; ++b) {
          auto [lo, hi] = bucket_abs_edges(b);
          Json bucket;
          bucket["sign"] = bucket_negative(b) ? "-" : "+";
          bucket["abs_from"] = lo;
          bucket["abs_to"] = hi.empty() ? Json(nullptr) : Json(hi);
          bucket["count"] = st.histogram[b];
          h.push_back(bucket);
        }
        x["histogram"] = h;
      }
    }
    Json largest = Json::array();
    for (const auto& c : st.largest) {
      Json e = case_ref_json(c.where, r.inputs);
      e["base"] = c.base;
      e["candidate"] = c.candidate;
      e["difference"] = info.numeric ? Json(total_text(c.difference, info.money)) : Json(nullptr);
      largest.push_back(e);
    }
    x[info.numeric ? "largest_changes" : "first_changes"] = largest;
    outputs.push_back(x);
  }
  j["outputs"] = outputs;

  Json payers = Json::array();
  for (const auto& g : payer_totals(r)) {
    Json p;
    p["paid_by"] = g.payer;
    p["outputs"] = g.outputs;
    p["per_month"] = triple(g.per_month.base, g.per_month.candidate);
    p["per_month_yearly"] = triple(g.per_month.base * twelve(), g.per_month.candidate * twelve());
    p["once"] = triple(g.once.base, g.once.candidate);
    p["period_not_declared"] = triple(g.undeclared.base, g.undeclared.candidate);
    payers.push_back(p);
  }
  j["by_payer"] = payers;
  if (r.group_by) j["groups"] = groups_json(r);

  Json failures;
  std::vector<const MessageCount*> messages;
  for (const auto& [key, m] : s.messages) messages.push_back(&m);
  std::stable_sort(messages.begin(), messages.end(), [](const auto* a, const auto* b) {
    if (a->kind != b->kind) return a->kind < b->kind;
    if (a->count != b->count) return a->count > b->count;
    return a->first < b->first;
  });
  Json ms = Json::array();
  for (const auto* m : messages) {
    Json x;
    x["fails_under"] = kind_name(m->kind);
    x["message"] = m->message;
    x["count"] = m->count;
    x["first_case"] = case_ref_json(m->first, r.inputs);
    ms.push_back(x);
  }
  failures["messages"] = ms;
  Json other;
  other["base_only"] = s.other_messages[0];
  other["candidate_only"] = s.other_messages[1];
  other["both"] = s.other_messages[2];
  failures["other_messages"] = other;
  auto failed_list = [&](const std::vector<FailedCase>& list) {
    Json a = Json::array();
    for (const auto& f : list) {
      Json x = case_ref_json(f.where, r.inputs);
      x["fails_under"] = f.base_failed && f.candidate_failed
                             ? "both"
                             : (f.base_failed ? "base_only" : "candidate_only");
      x["base_error"] = f.base_failed ? error_json(f.base_error) : Json(nullptr);
      x["candidate_error"] = f.candidate_failed ? error_json(f.candidate_error) : Json(nullptr);
      a.push_back(x);
    }
    return a;
  };
  failures["one_sided"] = failed_list(s.failed);
  failures["both_sample"] = failed_list(s.failed_both);
  j["failures"] = failures;
  return j;
}

Json case_json(const std::string& ruleset, const Side& base, const Side& candidate,
               const std::vector<InputFile>& inputs, const CaseComparison& c) {
  Json j;
  j["diff_format"] = kDiffFormat;
  j["ruleset"] = ruleset;
  j["base"] = side_json(base);
  j["candidate"] = side_json(candidate);
  j["case"] = case_ref_json(c.where, inputs);
  j["input"] = Json::parse(c.input_json, nullptr, false);
  auto side = [](const CaseSide& s) {
    Json x;
    x["ok"] = s.ok;
    x["error"] = s.ok ? Json(nullptr) : error_json(s.error);
    return x;
  };
  j["base_result"] = side(c.base);
  j["candidate_result"] = side(c.candidate);
  Json outputs = Json::array();
  for (const auto& o : c.outputs) {
    Json x;
    x["name"] = o.name;
    x["base"] = opt(o.base);
    x["candidate"] = opt(o.candidate);
    x["difference"] = opt(o.difference);
    x["differs"] = o.differs;
    outputs.push_back(x);
  }
  j["outputs"] = outputs;
  Json steps = Json::array();
  for (const auto& d : c.steps) {
    Json x;
    x["rule"] = d.rule;
    x["kind"] = d.kind;
    x["type"] = d.type;
    x["cause"] = d.cause;
    x["in_base"] = d.in_base;
    x["in_candidate"] = d.in_candidate;
    auto pair = [&](const std::string& b, const std::string& cv, bool differs) {
      Json p;
      p["base"] = d.in_base ? Json(b) : Json(nullptr);
      p["candidate"] = d.in_candidate ? Json(cv) : Json(nullptr);
      p["differs"] = differs;
      return p;
    };
    x["value"] = pair(d.base_value, d.candidate_value, d.value_differs);
    x["formula"] = pair(d.base_formula, d.candidate_formula, d.formula_differs);
    x["citation"] = pair(d.base_citation, d.candidate_citation, d.citation_differs);
    x["paid_by"] = pair(d.base_payer, d.candidate_payer, d.payer_differs);
    x["location"] = pair(d.base_location, d.candidate_location, false);
    Json reads = Json::array();
    for (const auto& v : d.reads) {
      Json y;
      y["kind"] = v.kind;
      y["name"] = v.name;
      y["base"] = opt(v.base);
      y["candidate"] = opt(v.candidate);
      y["differs"] = v.differs;
      reads.push_back(y);
    }
    x["reads"] = reads;
    Json params = Json::array();
    for (const auto& p : d.parameters) {
      Json y;
      y["name"] = p.name;
      y["key"] = p.key;
      y["base"] = opt(p.base);
      y["candidate"] = opt(p.candidate);
      y["base_applies_from"] = p.base_from;
      y["candidate_applies_from"] = p.candidate_from;
      y["base_reference"] = p.base_reference;
      y["candidate_reference"] = p.candidate_reference;
      y["base_location"] = p.base_location;
      y["candidate_location"] = p.candidate_location;
      y["differs"] = p.differs;
      params.push_back(y);
    }
    x["parameters"] = params;
    Json rows = Json::array();
    for (const auto& t : d.table_rows) {
      Json y;
      y["table"] = t.table;
      y["keys"] = t.keys;
      y["base_row"] = t.base_row ? Json(*t.base_row) : Json(nullptr);
      y["candidate_row"] = t.candidate_row ? Json(*t.candidate_row) : Json(nullptr);
      y["base_text"] = t.base_text;
      y["candidate_text"] = t.candidate_text;
      y["base_location"] = t.base_location;
      y["candidate_location"] = t.candidate_location;
      y["differs"] = t.differs;
      rows.push_back(y);
    }
    x["table_rows"] = rows;
    steps.push_back(x);
  }
  j["steps"] = steps;
  j["base_explanation"] = c.base.explanation;
  j["candidate_explanation"] = c.candidate.explanation;
  return j;
}

HistogramSpan histogram_span(const std::array<uint64_t, kBuckets>& histogram) {
  HistogramSpan span;
  for (int b = 0; b < kBuckets; ++b) {
    if (!histogram[b]) continue;
    if (span.first < 0) span.first = b;
    span.last = b;
    span.max = std::max(span.max, histogram[b]);
  }
  return span;
}

}  // namespace decree::diff
