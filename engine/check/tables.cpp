// Decision tables: the hit policy's rules, each row's cells as sets of
// intervals over its key's domain (check/key_cell.cpp), the row values' types;
// then what can be proved about the rows (check/table_analysis.cpp).
#include <algorithm>

#include "base/codes_tables.h"
#include "base/strings.h"
#include "base/suggest.h"
#include "check/internal/checker.h"
#include "check/internal/counter_example.h"
#include "check/internal/table_analysis.h"
#include "syntax/builtins.h"

namespace decree::check_detail {

using K = Type::Kind;

void Checker::check_tables() {
  for (uint32_t t = 0; t < out_.tables.size(); ++t)
    if (!table_checked_[t]) check_table_rows(t);
}

void Checker::check_table_rows(uint32_t t) {
  table_checked_[t] = true;
  table_in_progress_[t] = true;
  struct Done {
    std::vector<bool>& flags;
    uint32_t t;
    ~Done() { flags[t] = false; }
  } done{table_in_progress_, t};
  // Row values see only global names, wherever the first lookup happens.
  auto saved_scope = std::move(scope_);
  scope_.clear();
  struct Restore {
    std::vector<LoopVar>& scope;
    std::vector<LoopVar> saved;
    ~Restore() { scope = std::move(saved); }
  } restore{scope_, std::move(saved_scope)};
  TableInfo& tab = out_.tables[t];
  const ast::TableDecl& decl = *tab.decl;
  const std::string policy = "hit " + std::string(ast::hit_policy_name(decl.hit));
  const bool gives_list = ast::TableDecl::gives_list(decl.hit);
  if (gives_list && !decl.rows.empty() && decl.rows.back().otherwise)
    diags_.error(decl.rows.back().span, {msg::table_list_no_otherwise, {{"policy", policy}}});
  // priority and output order rank the matches by the declared order of the
  // first result's enum values (first declared = first).
  if ((decl.hit == ast::TableDecl::HitPolicy::priority ||
       decl.hit == ast::TableDecl::HitPolicy::output_order) &&
      !tab.results.empty() && !tab.results[0].is_error() && tab.results[0].kind != K::enumeration)
    diags_.error(
        decl.results.empty() ? decl.span : decl.results[0].span,
        {msg::table_rank_needs_enum, {{"policy", policy}, type_arg("type", tab.results[0])}});

  // A cell may read the lookup's keys by their column names:
  //   table allowance(grade: integer, year: integer) -> money { _, _ => p.increment[year] }
  tab.key_slots.clear();
  for (size_t k = 0; k < decl.keys.size(); ++k) {
    uint32_t slot = out_.loop_var_count++;
    tab.key_slots.push_back(slot);
    scope_.push_back({decl.keys[k].name, tab.keys[k], slot});
  }
  tab.rows.clear();
  for (const auto& row : decl.rows) {
    std::vector<KeyCell> keys;
    if (row.keys.size() != decl.keys.size())
      diags_.error(row.span, {msg::table_row_keys,
                              {{"n", std::to_string(row.keys.size())},
                               {"s", row.keys.size() == 1 ? "" : "s"},
                               {"keys", std::to_string(decl.keys.size())}}});
    for (size_t k = 0; k < row.keys.size() && k < decl.keys.size(); ++k)
      keys.push_back(table_cell(row.keys[k], tab.keys[k]));
    keys.resize(decl.keys.size(), KeyCell{{KeyInterval{}}, false});
    if (row.values.size() != tab.results.size())
      diags_.error(row.span, {msg::table_row_values,
                              {{"n", std::to_string(row.values.size())},
                               {"s", row.values.size() == 1 ? "" : "s"},
                               {"columns", std::to_string(tab.results.size())}}});
    for (size_t v = 0; v < row.values.size(); ++v) {
      Inferred inf = v < tab.results.size() ? infer_expecting(*row.values[v], tab.results[v])
                                            : infer(*row.values[v]);
      if (v >= tab.results.size() || inf.type.is_error() || tab.results[v].is_error()) continue;
      const Type& want = tab.results[v];
      // An untyped number adapts to the column, but an integer column takes
      // no decimal places: `1.5` in an `-> integer` table is an error here,
      // not a fraction that an integer output or add_months meets later.
      const bool fraction_in_integer = want.kind == K::integer && inf.scale > 0;
      bool ok = inf.type == want ||
                (want.is_numeric() && inf.type.is_numeric() && !fraction_in_integer &&
                 (inf.literal ||
                  (want.kind != K::money && want.kind != K::integer && inf.type.kind != K::money)));
      if (!ok)
        diags_.error(
            row.values[v]->span,
            decl.results[v].name.empty()
                ? Message{msg::table_result_type,
                          {{"table", tab.name}, type_arg("want", want), type_arg("got", inf.type)}}
                : Message{msg::table_column_type,
                          {{"table", tab.name},
                           {"column", decl.results[v].name},
                           type_arg("want", want),
                           type_arg("got", inf.type)}});
      tab.result_scales[v] =
          std::max(tab.result_scales[v], want.kind == K::integer ? 0 : inf.scale);
    }
    tab.rows.push_back(std::move(keys));
  }

  // An `otherwise` no case can reach: a row matches every key.
  const bool has_otherwise = !decl.rows.empty() && decl.rows.back().otherwise;
  if (has_otherwise)
    for (size_t r = 0; r + 1 < tab.rows.size(); ++r)
      if (std::all_of(tab.rows[r].begin(), tab.rows[r].end(),
                      [](const KeyCell& c) { return c.is_any(); })) {
        diags_.warning(decl.rows.back().span, {msg::table_otherwise_unused, {{"table", tab.name}}})
            .note(decl.rows[r].span,
                  {msg::table_row_matches_every_key, {{"row", std::to_string(r + 1)}}});
        break;
      }
  check_table_overlaps(out_, tab, diags_);
  if (gives_list) return;
  std::vector<TableGap> gaps;
  check_table_gaps(out_, tab, gaps);
  for (auto& g : gaps) table_gaps_.emplace_back(t, std::move(g));
}

namespace {

// A case for the first lookup of the table, in the rules' order, whose key
// can be driven into the gap.
std::optional<std::string> case_reaching(const CheckedProgram& prog,
                                         const std::vector<RuleInfo>& rules, uint32_t t,
                                         const TableGap& gap) {
  const TableInfo& tab = prog.tables[t];
  std::optional<std::string> found;
  auto try_lookup = [&](const ast::Expr& e, const ast::Call& call) {
    const Resolution& r = prog.resolutions[e.id];
    if (found || r.kind != Resolution::Kind::table || r.index != t ||
        call.args.size() != tab.keys.size())
      return;
    const ast::Expr& arg = *call.args[gap.key];
    auto attempt = [&](auto&& make) {
      CounterExample c(prog, rules);
      if (!found && make(c)) found = c.yaml(4);
    };
    if (gap.equals) attempt([&](CounterExample& c) { return c.make_equal(arg, *gap.equals); });
    for (const auto& p : gap.points)
      attempt([&](CounterExample& c) { return c.make_key(arg, tab.keys[gap.key], p); });
    for (const auto& text : gap.texts)
      attempt([&](CounterExample& c) { return c.make_text(arg, text); });
  };
  for (const auto& rule : rules) {
    for_each_call(*rule.decl->body, try_lookup);
    if (found) break;
  }
  return found;
}

}  // namespace

void Checker::report_table_gaps(bool with_cases) {
  for (auto& [t, gap] : table_gaps_) {
    if (with_cases)
      if (auto c = case_reaching(out_, rules_, t, gap))
        gap.warning.note({}, {msg::table_gap_example, {{"case", *c}}});
    diags_.add(std::move(gap.warning));
  }
  table_gaps_.clear();
}

KeyCell Checker::table_cell(const ast::KeyPattern& pat, const Type& key) {
  const size_t errors_before = diags_.error_count();
  auto interval = [&](const ast::KeyPattern& p) {
    KeyInterval iv;
    if (p.kind == ast::KeyPattern::Kind::value) {
      iv.lo = iv.hi = table_bound(*p.value, key, &iv.lo_expr);
      iv.hi_expr = iv.lo_expr;
    } else if (p.kind == ast::KeyPattern::Kind::range) {
      if (key.kind == K::enumeration || key.kind == K::boolean || key.kind == K::text)
        diags_.error(p.span, {msg::table_range_unordered, {type_arg("type", key)}});
      if (p.lo) iv.lo = table_bound(*p.lo, key, &iv.lo_expr);
      if (p.hi) iv.hi = table_bound(*p.hi, key, &iv.hi_expr);
      iv.lo_inclusive = p.lo_inclusive;
      iv.hi_inclusive = p.hi_inclusive;
      if (iv.lo && iv.hi &&
          (*iv.hi < *iv.lo || (*iv.hi == *iv.lo && !(iv.lo_inclusive && iv.hi_inclusive))))
        diags_.error(p.span, {msg::table_range_empty, {}});
    }
    return iv;
  };
  KeyCell cell;
  cell.negated = pat.negated;
  if (pat.kind == ast::KeyPattern::Kind::alternatives)
    for (const auto& alt : pat.alternatives) cell.alternatives.push_back(interval(alt));
  else
    cell.alternatives.push_back(interval(pat));
  cell.invalid = key.is_error() || diags_.error_count() > errors_before;
  if (cell.invalid) return cell;
  // A cell no key can match: over bool and enum keys, by their values.
  if (cell.is_constant()) {
    bool none = cell.match_set().empty();
    if (key.kind == K::boolean || key.kind == K::enumeration) {
      size_t n = out_.value_count(key);
      none = true;
      for (size_t v = 0; v < n && none; ++v)
        none = !cell.contains(Decimal::from_int(static_cast<int64_t>(v)));
    }
    if (none) diags_.error(pat.span, {msg::table_cell_matches_nothing, {type_arg("type", key)}});
  }
  return cell;
}

std::optional<Decimal> Checker::table_bound(const ast::Expr& e, const Type& key,
                                            const ast::Expr** reads) {
  *reads = nullptr;
  if (key.is_error()) return std::nullopt;
  const ast::Expr* x = &e;
  bool neg = false;
  if (const auto* call = std::get_if<ast::Call>(&x->kind); call && calls(*call, Builtin::neg)) {
    x = call->args[0].get();
    neg = true;
  }
  const Message expected{msg::table_pattern_not_literal, {type_arg("type", key)}};
  if (const auto* lit = std::get_if<ast::Literal>(&x->kind)) {
    using LK = ast::Literal::Kind;
    out_.types[x->id] = key;
    if (key.is_numeric() && (lit->kind == LK::integer || lit->kind == LK::decimal ||
                             (lit->kind == LK::percent && key.kind == K::rate))) {
      auto v = literal_number(lit->text);
      if (v && lit->kind == LK::percent) v = *v / Decimal::from_int(100);
      if (v && key.kind == K::integer && !v->is_integer()) v.reset();
      if (v) return neg ? -*v : *v;
    } else if (key.kind == K::boolean && lit->kind == LK::boolean && !neg) {
      return Decimal::from_int(lit->text == "true" ? 1 : 0);
    } else if (key.kind == K::date && lit->kind == LK::date && !neg) {
      if (auto d = Date::parse(lit->text)) return Decimal::from_int(d->days);
    } else if (key.kind == K::text && lit->kind == LK::text && !neg) {
      // Text keys compare for equality: each distinct text is one point.
      auto& texts = out_.table_texts;
      auto it = std::find(texts.begin(), texts.end(), lit->text);
      if (it == texts.end()) it = texts.insert(texts.end(), lit->text);
      return Decimal::from_int(it - texts.begin());
    }
    diags_.error(e.span, expected);
    return std::nullopt;
  }
  const auto* id = std::get_if<ast::Ident>(&x->kind);
  if (neg || (!id && !std::holds_alternative<ast::Select>(x->kind))) {
    diags_.error(e.span, expected);
    return std::nullopt;
  }
  if (key.kind == K::enumeration && id) {
    // A bare name is one of the key's enum values, else a name the cell reads.
    const EnumInfo& en = out_.enums[key.ref];
    auto it = std::find(en.values.begin(), en.values.end(), id->name);
    if (it != en.values.end()) {
      out_.resolutions[x->id] = {Resolution::Kind::enum_value, key.ref,
                                 static_cast<uint32_t>(it - en.values.begin())};
      out_.types[x->id] = key;
      return Decimal::from_int(it - en.values.begin());
    }
    bool in_scope = std::any_of(scope_.begin(), scope_.end(),
                                [&](const LoopVar& v) { return v.name == id->name; });
    if (!in_scope && !input_by_name_.count(id->name) && !rule_by_name_.count(id->name)) {
      auto& d =
          diags_.error(x->span, {msg::enum_has_no_value, {{"enum", en.name}, {"name", id->name}}});
      if (auto s = closest_name(id->name, en.values); !s.empty())
        d.note({}, {msg::did_you_mean, {{"name", s}}});
      return std::nullopt;
    }
  }
  // A name the cell reads: an input, a let, a record input's field, another key.
  Inferred inf = infer_expecting(*x, key);
  if (inf.type.is_error()) return std::nullopt;
  if (!is_value(inf.type)) {
    diags_.error(x->span, not_a_value(inf.type));
    return std::nullopt;
  }
  // `Relation.spouse`: an enum value written with its type is a constant.
  if (x->id < out_.resolutions.size() &&
      out_.resolutions[x->id].kind == Resolution::Kind::enum_value && inf.type == key)
    return Decimal::from_int(out_.resolutions[x->id].sub);
  if (common_type({key, 0, false}, inf) != key) {
    diags_.error(
        x->span,
        {msg::table_bound_type,
         {{"bound", span_text(x->span)}, type_arg("got", inf.type), type_arg("want", key)}});
    return std::nullopt;
  }
  *reads = x;
  return std::nullopt;
}

}  // namespace decree::check_detail
