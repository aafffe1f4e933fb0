// Decision tables: row patterns become intervals over each key's domain, so
// that overlaps (two rows of a `unique` table matching one key) and gaps (keys
// no row matches) are found before any case is evaluated.
#include <algorithm>

#include "base/strings.h"
#include "check/internal/checker.h"
#include "check/suggest.h"
#include "syntax/builtins.h"

namespace decree::check_detail {
namespace {

using K = Type::Kind;

bool intervals_meet(const KeyInterval& a, const KeyInterval& b) {
  // a is entirely below b, or b entirely below a?
  auto below = [](const KeyInterval& x, const KeyInterval& y) {
    if (!x.hi || !y.lo) return false;
    if (*x.hi < *y.lo) return true;
    return *x.hi == *y.lo && !(x.hi_inclusive && y.lo_inclusive);
  };
  return !below(a, b) && !below(b, a);
}

// Whether one case can match both rows: their patterns meet on every key.
bool rows_meet(const std::vector<KeyInterval>& a, const std::vector<KeyInterval>& b) {
  for (size_t k = 0; k < a.size() && k < b.size(); ++k)
    if (!intervals_meet(a[k], b[k])) return false;
  return true;
}

std::string describe(const KeyInterval& k, const Type& t, const CheckedProgram& prog) {
  auto point = [&](const Decimal& v) -> std::string {
    if (t.kind == K::enumeration) return prog.enums[t.ref].values[v.to_int64()];
    if (t.kind == K::boolean) return v.sign() ? "true" : "false";
    if (t.kind == K::date) return Date{static_cast<int32_t>(v.to_int64())}.to_string();
    return v.to_string();
  };
  if (!k.lo && !k.hi) return "_";
  if (k.lo && k.hi && *k.lo == *k.hi) return point(*k.lo);
  return std::string(k.lo_inclusive && k.lo ? "[" : "(") + (k.lo ? point(*k.lo) : "_") + ", " +
         (k.hi ? point(*k.hi) : "_") + (k.hi_inclusive && k.hi ? "]" : ")");
}

}  // namespace

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
  if (gives_list && tab.results.size() != 1)
    diags_.error(decl.span, "a `" + policy + "` table must have exactly one result column");
  if (gives_list && !decl.rows.empty() && decl.rows.back().otherwise)
    diags_.error(decl.rows.back().span,
                 "a `" + policy +
                     "` table takes no `otherwise`: when no row matches it gives the empty list");
  // priority and output order rank the matches by the declared order of the
  // first result's enum values (first declared = first).
  if ((decl.hit == ast::TableDecl::HitPolicy::priority ||
       decl.hit == ast::TableDecl::HitPolicy::output_order) &&
      !tab.results.empty() && !tab.results[0].is_error() && tab.results[0].kind != K::enumeration)
    diags_.error(decl.results.empty() ? decl.span : decl.results[0].span,
                 "a `" + policy + "` table ranks its matches by the order of an enum's values: " +
                     "its first result must be an enum, not " + type_name(tab.results[0]));

  // Converts one pattern bound (a literal, an enum value, -literal) to a point.
  auto point = [&](const ast::Expr& e, const Type& key) -> std::optional<Decimal> {
    const ast::Expr* x = &e;
    bool neg = false;
    if (const auto* call = std::get_if<ast::Call>(&x->kind); call && calls(*call, Builtin::neg)) {
      x = call->args[0].get();
      neg = true;
    }
    if (key.is_error()) return std::nullopt;
    if (key.kind == K::enumeration) {
      const EnumInfo& en = out_.enums[key.ref];
      if (const auto* id = std::get_if<ast::Ident>(&x->kind)) {
        auto it = std::find(en.values.begin(), en.values.end(), id->name);
        if (it != en.values.end()) {
          out_.resolutions[x->id] = {Resolution::Kind::enum_value, key.ref,
                                     static_cast<uint32_t>(it - en.values.begin())};
          out_.types[x->id] = key;
          return Decimal::from_int(it - en.values.begin());
        }
        auto& d = diags_.error(x->span, "enum `" + en.name + "` has no value `" + id->name + "`");
        if (auto s = closest_name(id->name, en.values); !s.empty())
          d.notes.push_back({{}, "did you mean `" + s + "`?"});
        return std::nullopt;
      }
    } else if (const auto* lit = std::get_if<ast::Literal>(&x->kind)) {
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
    }
    diags_.error(e.span,
                 "a pattern for key " + type_name(key) + " must be a literal " + type_name(key));
    return std::nullopt;
  };

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
    std::vector<KeyInterval> keys;
    if (row.keys.size() != decl.keys.size())
      diags_.error(row.span, "this row has " + std::to_string(row.keys.size()) +
                                 (row.keys.size() == 1 ? " key pattern" : " key patterns") +
                                 ", the table has " + std::to_string(decl.keys.size()) + " keys");
    for (size_t k = 0; k < row.keys.size() && k < decl.keys.size(); ++k) {
      const ast::KeyPattern& pat = row.keys[k];
      KeyInterval iv;
      if (pat.kind == ast::KeyPattern::Kind::value) {
        iv.lo = iv.hi = point(*pat.value, tab.keys[k]);
      } else if (pat.kind == ast::KeyPattern::Kind::range) {
        if (tab.keys[k].kind == K::enumeration || tab.keys[k].kind == K::boolean ||
            tab.keys[k].kind == K::text)
          diags_.error(pat.span, "ranges need an ordered key (number or date), not " +
                                     type_name(tab.keys[k]));
        if (pat.lo) iv.lo = point(*pat.lo, tab.keys[k]);
        if (pat.hi) iv.hi = point(*pat.hi, tab.keys[k]);
        iv.lo_inclusive = pat.lo_inclusive;
        iv.hi_inclusive = pat.hi_inclusive;
        if (iv.lo && iv.hi &&
            (*iv.hi < *iv.lo || (*iv.hi == *iv.lo && !(iv.lo_inclusive && iv.hi_inclusive))))
          diags_.error(pat.span, "this range is empty");
      }
      keys.push_back(std::move(iv));
    }
    keys.resize(decl.keys.size());
    if (row.values.size() != tab.results.size())
      diags_.error(row.span, "this row has " + std::to_string(row.values.size()) +
                                 (row.values.size() == 1 ? " value" : " values") +
                                 ", the table has " + std::to_string(tab.results.size()) +
                                 " result columns");
    for (size_t v = 0; v < row.values.size(); ++v) {
      Inferred inf = v < tab.results.size() ? infer_expecting(*row.values[v], tab.results[v])
                                            : infer(*row.values[v]);
      if (v >= tab.results.size() || inf.type.is_error() || tab.results[v].is_error()) continue;
      const Type& want = tab.results[v];
      bool ok = inf.type == want ||
                (want.is_numeric() && inf.type.is_numeric() &&
                 (inf.literal ||
                  (want.kind != K::money && want.kind != K::integer && inf.type.kind != K::money)));
      if (!ok)
        diags_.error(row.values[v]->span,
                     "table `" + tab.name + "` column " +
                         (decl.results[v].name.empty() ? "" : "`" + decl.results[v].name + "` ") +
                         "is " + type_name(want) + ", not " + type_name(inf.type));
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
                      [](const KeyInterval& i) { return !i.lo && !i.hi; })) {
        auto& d = diags_.warning(decl.rows.back().span,
                                 "the `otherwise` of table `" + tab.name + "` is never used");
        d.notes.push_back(
            {decl.rows[r].span, "row " + std::to_string(r + 1) + " matches every key"});
        break;
      }
  // Overlaps: two rows of a unique table that can match the same keys (the
  // `otherwise` is no row: it is used only when none matches).
  if (decl.hit == ast::TableDecl::HitPolicy::unique) {
    const size_t real_rows = tab.rows.size() - (has_otherwise ? 1 : 0);
    for (size_t a = 0; a < real_rows; ++a) {
      for (size_t b = a + 1; b < real_rows; ++b) {
        if (!rows_meet(tab.rows[a], tab.rows[b])) continue;
        auto& d = diags_.error(decl.rows[b].span, "rows " + std::to_string(a + 1) + " and " +
                                                      std::to_string(b + 1) + " of unique table `" +
                                                      tab.name + "` overlap");
        d.notes.push_back({decl.rows[a].span, "row " + std::to_string(a + 1) + " is here"});
        d.notes.push_back({{}, "use `hit first` if the first matching row should win"});
      }
    }
  }
  // hit any: rows may overlap, but where they do they must agree. Cells that
  // are literals are compared here; any other cell is compared when a case
  // reaches both rows (an evaluation error naming them).
  if (decl.hit == ast::TableDecl::HitPolicy::any) {
    const size_t real_rows = tab.rows.size() - (has_otherwise ? 1 : 0);
    // A literal cell's value: a number (compared by value: 50% is 0.50) or
    // a text, bool, date or enum value (compared as written).
    struct Constant {
      std::optional<Decimal> number;
      std::string text;
      bool operator==(const Constant& o) const {
        return number && o.number ? *number == *o.number : !number && !o.number && text == o.text;
      }
    };
    auto constant = [&](const ast::Expr& e) -> std::optional<Constant> {
      if (const auto* lit = std::get_if<ast::Literal>(&e.kind)) {
        using LK = ast::Literal::Kind;
        if (lit->kind == LK::integer || lit->kind == LK::decimal || lit->kind == LK::percent) {
          auto v = literal_number(lit->text);
          if (!v) return std::nullopt;
          if (lit->kind == LK::percent) *v = *v / Decimal::from_int(100);
          return Constant{*v, ""};
        }
        return Constant{std::nullopt, lit->text};
      }
      if (const auto* id = std::get_if<ast::Ident>(&e.kind)) {
        if (e.id < out_.resolutions.size() &&
            out_.resolutions[e.id].kind == Resolution::Kind::enum_value)
          return Constant{std::nullopt, "enum " + id->name};
      }
      return std::nullopt;
    };
    for (size_t a = 0; a < real_rows; ++a)
      for (size_t b = a + 1; b < real_rows; ++b) {
        if (!rows_meet(tab.rows[a], tab.rows[b])) continue;
        const auto &va = decl.rows[a].values, &vb = decl.rows[b].values;
        for (size_t v = 0; v < va.size() && v < vb.size(); ++v) {
          auto x = constant(*va[v]), y = constant(*vb[v]);
          if (!x || !y || *x == *y) continue;
          auto& d = diags_.error(decl.rows[b].span,
                                 "rows " + std::to_string(a + 1) + " and " + std::to_string(b + 1) +
                                     " of table `" + tab.name +
                                     "` (hit any) can match the same keys but give different "
                                     "values");
          d.notes.push_back({decl.rows[a].span, "row " + std::to_string(a + 1) + " is here"});
          d.notes.push_back({{}, "use `hit first` if the first matching row should win"});
          break;
        }
      }
  }
  if (gives_list) return;

  // Gaps, per key column: values of the key's domain that no row's pattern
  // for that column covers. (Gaps between combinations of several keys are not
  // analysed; a case that hits one is an evaluation error naming the table.)
  for (size_t k = 0; k < decl.keys.size(); ++k) {
    const Type& key = tab.keys[k];
    if (key.is_error()) continue;
    std::vector<KeyInterval> cover;
    for (const auto& row : tab.rows) cover.push_back(row[k]);
    if (std::any_of(cover.begin(), cover.end(),
                    [](const KeyInterval& i) { return !i.lo && !i.hi; }))
      continue;
    std::string missing;
    if (key.kind == K::text) {
      // Any text but the listed ones.
      std::vector<std::string> listed;
      for (const auto& i : cover)
        if (i.lo) {
          std::string text = quoted(out_.table_texts[i.lo->to_int64()]);
          if (std::find(listed.begin(), listed.end(), text) == listed.end()) listed.push_back(text);
        }
      missing = "a text other than " + join(listed);
    } else if (key.kind == K::enumeration || key.kind == K::boolean) {
      size_t n = key.kind == K::boolean ? 2 : out_.enums[key.ref].values.size();
      for (size_t v = 0; v < n; ++v) {
        Decimal dv = Decimal::from_int(static_cast<int64_t>(v));
        if (std::none_of(cover.begin(), cover.end(),
                         [&](const KeyInterval& i) { return i.contains(dv); }))
          missing += (missing.empty() ? "" : ", ") + describe({dv, dv, true, true}, key, out_);
      }
    } else {
      std::sort(cover.begin(), cover.end(), [](const KeyInterval& x, const KeyInterval& y) {
        if (!x.lo || !y.lo) return !x.lo && y.lo;
        return *x.lo < *y.lo;
      });
      bool discrete = key.kind == K::integer || key.kind == K::date;
      std::optional<Decimal> reach = cover[0].hi;  // highest covered point so far
      bool reach_incl = cover[0].hi_inclusive;
      bool unbounded = !cover[0].hi;
      for (size_t i = 1; i < cover.size() && !unbounded; ++i) {
        const KeyInterval& next = cover[i];
        if (next.lo && reach) {
          Decimal step = Decimal::from_int(1);
          bool gap = discrete
                         ? (*next.lo - *reach > step ||
                            (*next.lo - *reach == step && !(reach_incl && next.lo_inclusive)) ||
                            (*next.lo == *reach && !reach_incl && !next.lo_inclusive))
                         : (*next.lo > *reach ||
                            (*next.lo == *reach && !reach_incl && !next.lo_inclusive));
          if (gap) {
            KeyInterval hole{reach, next.lo, !reach_incl, !next.lo_inclusive};
            if (discrete) {
              hole.lo = reach_incl ? *reach + step : *reach;
              hole.hi = next.lo_inclusive ? *next.lo - step : *next.lo;
              hole.lo_inclusive = hole.hi_inclusive = true;
            }
            missing += (missing.empty() ? "" : ", ") + describe(hole, key, out_);
          }
        }
        if (!next.hi)
          unbounded = true;
        else if (!reach || *next.hi > *reach || (*next.hi == *reach && next.hi_inclusive)) {
          reach = next.hi;
          reach_incl = next.hi_inclusive;
        }
      }
    }
    if (!missing.empty()) {
      auto& d = diags_.warning(
          decl.span, "table `" + tab.name + "` has no row for " +
                         (decl.keys[k].name.empty() ? "" : "`" + decl.keys[k].name + "` = ") +
                         missing);
      d.notes.push_back({{}, "a case that needs such a row fails with an error naming this table"});
    }
  }
}

}  // namespace decree::check_detail
