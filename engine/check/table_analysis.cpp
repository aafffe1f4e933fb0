// Decision tables: each row's cells are sets of intervals over the key's
// domain, so that overlaps (two rows of a `unique` table matching one case)
// and gaps (keys no row matches) are found before any case is evaluated. A
// bound that reads a name (`> retirement_age`) is compared only with the same
// name; anything else about it is "cannot tell", never a guess.
#include "check/internal/table_analysis.h"

#include <algorithm>

#include "base/codes_tables.h"
#include "base/strings.h"
#include "check/internal/checker.h"

namespace decree::check_detail {
namespace {

using K = Type::Kind;

enum class Meet { no, yes, unknown };

// The name a bound reads, as written: `retirement_age`, `p.min_wage`.
std::string bound_name(const ast::Expr& e) {
  if (const auto* id = std::get_if<ast::Ident>(&e.kind)) return id->name;
  if (const auto* sel = std::get_if<ast::Select>(&e.kind))
    return bound_name(*sel->operand) + "." + sel->field;
  return "?";
}

bool has_lo(const KeyInterval& i) { return i.lo || i.lo_expr; }
bool has_hi(const KeyInterval& i) { return i.hi || i.hi_expr; }

// Compares two bounds that are not open; nullopt when one reads a name and
// the other is not the same name.
std::optional<int> compare(const std::optional<Decimal>& a, const ast::Expr* a_reads,
                           const std::optional<Decimal>& b, const ast::Expr* b_reads) {
  if (a_reads || b_reads) {
    if (a_reads && b_reads && bound_name(*a_reads) == bound_name(*b_reads)) return 0;
    return std::nullopt;
  }
  return *a < *b ? -1 : *b < *a ? 1 : 0;
}

// Whether x lies entirely below y.
Meet below(const KeyInterval& x, const KeyInterval& y) {
  if (!has_hi(x) || !has_lo(y)) return Meet::no;
  auto c = compare(x.hi, x.hi_expr, y.lo, y.lo_expr);
  if (!c) return Meet::unknown;
  return *c < 0 || (*c == 0 && !(x.hi_inclusive && y.lo_inclusive)) ? Meet::yes : Meet::no;
}

Meet intervals_meet(const KeyInterval& a, const KeyInterval& b) {
  Meet ab = below(a, b), ba = below(b, a);
  if (ab == Meet::yes || ba == Meet::yes) return Meet::no;
  if (ab == Meet::unknown || ba == Meet::unknown) return Meet::unknown;
  return Meet::yes;
}

// A cell as the analyses see it: the intervals it matches (a constant cell's
// match set, the alternatives of one that reads names), or opaque (a negated
// cell that reads a name: its complement is not known before a case).
struct CellSet {
  std::vector<KeyInterval> intervals;
  bool opaque = false;
  bool any = false;
};

CellSet cell_set(const KeyCell& cell) {
  CellSet s;
  s.any = cell.is_any();
  if (cell.is_constant())
    s.intervals = cell.match_set();
  else if (cell.negated)
    s.opaque = true;
  else
    s.intervals = cell.alternatives;
  return s;
}

Meet cells_meet(const CellSet& a, const CellSet& b) {
  if (a.any || b.any) return a.opaque || b.opaque ? Meet::unknown : Meet::yes;
  if (a.opaque || b.opaque) return Meet::unknown;
  Meet out = Meet::no;
  for (const auto& x : a.intervals)
    for (const auto& y : b.intervals) {
      Meet m = intervals_meet(x, y);
      if (m == Meet::yes) return Meet::yes;
      if (m == Meet::unknown) out = Meet::unknown;
    }
  return out;
}

// Whether one case can match both rows: their cells meet on every key.
Meet rows_meet(const std::vector<CellSet>& a, const std::vector<CellSet>& b) {
  Meet out = Meet::yes;
  for (size_t k = 0; k < a.size() && k < b.size(); ++k) {
    Meet m = cells_meet(a[k], b[k]);
    if (m == Meet::no) return Meet::no;
    if (m == Meet::unknown) out = Meet::unknown;
  }
  return out;
}

// The first name a row's cells read, for "cannot tell" messages.
std::string first_read(const std::vector<KeyCell>& row) {
  for (const auto& cell : row)
    for (const auto& iv : cell.alternatives) {
      if (iv.lo_expr) return bound_name(*iv.lo_expr);
      if (iv.hi_expr) return bound_name(*iv.hi_expr);
    }
  return "";
}

std::string describe(const KeyInterval& k, const Type& t, const CheckedProgram& prog,
                     const std::string& symbol) {
  auto point = [&](const Decimal& v) -> std::string {
    if (!symbol.empty()) return symbol;  // the only bound: the name all rows read
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

// A literal cell value, for comparing the results of `hit any` rows: a
// number (by value: 50% is 0.50) or a text, bool, date or enum value (as
// written); nullopt for anything computed.
struct Constant {
  std::optional<Decimal> number;
  std::string text;
  bool operator==(const Constant& o) const {
    return number && o.number ? *number == *o.number : !number && !o.number && text == o.text;
  }
};

std::optional<Constant> constant(const ast::Expr& e, const CheckedProgram& prog) {
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
  if (const auto* id = std::get_if<ast::Ident>(&e.kind))
    if (e.id < prog.resolutions.size() &&
        prog.resolutions[e.id].kind == Resolution::Kind::enum_value)
      return Constant{std::nullopt, "enum " + id->name};
  return std::nullopt;
}

// Whether rows a and b give different literal values (only literals are
// compared; computed values are compared when a case reaches both rows).
bool differ(const ast::TableDecl::Row& a, const ast::TableDecl::Row& b,
            const CheckedProgram& prog) {
  for (size_t v = 0; v < a.values.size() && v < b.values.size(); ++v) {
    auto x = constant(*a.values[v], prog), y = constant(*b.values[v], prog);
    if (x && y && !(*x == *y)) return true;
  }
  return false;
}

// A key value inside a hole: its lowest point where it has one, else (an
// open interval of a continuous key) one a case can write: a cent above the
// lower bound for money, the midpoint otherwise.
Decimal point_in(const KeyInterval& hole, const Type& key) {
  if (hole.lo_inclusive || !hole.hi) return *hole.lo;
  if (hole.hi_inclusive) return *hole.hi;
  Decimal cent = Decimal::parse_or_throw("0.01");
  if (key.kind == K::money && *hole.lo + cent < *hole.hi) return *hole.lo + cent;
  return (*hole.lo + *hole.hi) / Decimal::from_int(2);
}

// A text that none of a table's rows names (for a case that reaches "any
// other text").
std::string text_not_in(const CheckedProgram& prog, const std::vector<int64_t>& named) {
  std::string text = "other";
  auto is_named = [&](const std::string& t) {
    return std::any_of(named.begin(), named.end(),
                       [&](int64_t p) { return prog.table_texts[p] == t; });
  };
  while (is_named(text)) text += "_";
  return text;
}

}  // namespace

void check_table_overlaps(const CheckedProgram& prog, TableInfo& tab, Diagnostics& diags) {
  const ast::TableDecl& decl = *tab.decl;
  using H = ast::TableDecl::HitPolicy;
  if (decl.hit != H::unique && decl.hit != H::any) return;
  // The `otherwise` is no row here: it is used only when none matches.
  const bool has_otherwise = !decl.rows.empty() && decl.rows.back().otherwise;
  const size_t rows = tab.rows.size() - (has_otherwise ? 1 : 0);
  std::vector<std::vector<CellSet>> sets(rows);
  for (size_t r = 0; r < rows; ++r)
    for (const auto& cell : tab.rows[r]) sets[r].push_back(cell_set(cell));
  auto row = [](size_t r) { return std::to_string(r + 1); };
  // The first pair the checker cannot decide, and how many there are.
  size_t unknown_pairs = 0, ua = 0, ub = 0;
  // A row with a cell in error (already reported) is left out.
  auto invalid = [&](size_t r) {
    return std::any_of(tab.rows[r].begin(), tab.rows[r].end(),
                       [](const KeyCell& c) { return c.invalid; });
  };
  for (size_t a = 0; a < rows; ++a) {
    if (invalid(a)) continue;
    for (size_t b = a + 1; b < rows; ++b) {
      if (invalid(b)) continue;
      Meet m = rows_meet(sets[a], sets[b]);
      if (m == Meet::no) continue;
      if (decl.hit == H::any && !differ(decl.rows[a], decl.rows[b], prog)) continue;
      if (m == Meet::unknown) {
        if (unknown_pairs++ == 0) ua = a, ub = b;
        continue;
      }
      diags
          .error(decl.rows[b].span,
                 {decl.hit == H::unique ? msg::table_rows_overlap : msg::table_any_disagree,
                  {{"a", row(a)}, {"b", row(b)}, {"table", tab.name}}})
          .note(decl.rows[a].span, {msg::row_is_here, {{"row", row(a)}}})
          .note({}, {msg::use_hit_first, {}});
    }
  }
  if (unknown_pairs == 0) return;
  std::string reads = first_read(tab.rows[ub]);
  if (reads.empty()) reads = first_read(tab.rows[ua]);
  auto& d = diags.warning(
      decl.rows[ub].span,
      {decl.hit == H::any ? msg::table_any_cannot_tell : msg::table_cannot_tell_overlap,
       {{"a", row(ua)}, {"b", row(ub)}, {"table", tab.name}, {"name", reads}}});
  d.note(decl.rows[ua].span, {msg::row_is_here, {{"row", row(ua)}}});
  if (unknown_pairs > 1)
    d.note({}, {msg::table_other_pairs,
                {{"n", std::to_string(unknown_pairs - 1)}, {"s", unknown_pairs == 2 ? "" : "s"}}});
  d.note({}, {msg::table_lookup_checks, {}});
  if (decl.hit == H::unique) tab.verify_unique = true;
}

void check_table_gaps(const CheckedProgram& prog, const TableInfo& tab,
                      std::vector<TableGap>& gaps) {
  const ast::TableDecl& decl = *tab.decl;
  // Gaps between combinations of several keys are not analysed; a case that
  // hits one is an evaluation error naming the table.
  for (size_t k = 0; k < decl.keys.size() && k < tab.keys.size(); ++k) {
    const Type& key = tab.keys[k];
    if (key.is_error()) continue;
    std::vector<KeyInterval> cover;
    bool any = false, opaque = false;
    std::vector<std::string> names;          // the names the bounds read, first read first
    const ast::Expr* symbol_expr = nullptr;  // where the first is read
    bool constant_bounds = false;
    size_t reading_row = 0;  // the row that reads the first name
    bool invalid = false;
    for (size_t r = 0; r < tab.rows.size() && k < tab.rows[r].size(); ++r) {
      invalid = invalid || tab.rows[r][k].invalid;
      CellSet s = cell_set(tab.rows[r][k]);
      any = any || s.any;
      if (s.opaque && !opaque) opaque = true, reading_row = r;
      for (auto& iv : s.intervals) {
        for (const ast::Expr* e : {iv.lo_expr, iv.hi_expr}) {
          if (!e || std::find(names.begin(), names.end(), bound_name(*e)) != names.end()) continue;
          if (names.empty() && !opaque) reading_row = r;
          names.push_back(bound_name(*e));
          if (!symbol_expr) symbol_expr = e;
        }
        constant_bounds = constant_bounds || (!iv.lo_expr && iv.lo) || (!iv.hi_expr && iv.hi);
        cover.push_back(std::move(iv));
      }
    }
    if (any || invalid) continue;  // a cell in error: its gaps would not be true ones
    const bool ordered = key.is_numeric() || key.kind == K::date;
    // Bounds that all read one name compare with each other (they are equal);
    // with constants besides, or other names, nothing can be said.
    std::string symbol;
    if (opaque || names.size() > 1 || (!names.empty() && (constant_bounds || !ordered))) {
      std::string reads = opaque ? first_read(tab.rows[reading_row]) : names.front();
      TableGap& gap = gaps.emplace_back();
      gap.key = k;
      gap.warning = Diagnostic(Severity::warning, decl.span,
                               Message{msg::table_cannot_tell_gap,
                                       {{"table", tab.name},
                                        {"key", decl.keys[k].name},
                                        {"row", std::to_string(reading_row + 1)},
                                        {"name", reads}}});
      gap.warning.note({}, {msg::table_no_row_fails_or_otherwise, {}});
      continue;
    }
    TableGap gap;
    gap.key = k;
    if (!names.empty()) {
      symbol = names.front();
      gap.equals = symbol_expr;
      for (auto& iv : cover) {
        if (iv.lo_expr) iv.lo = Decimal::from_int(0), iv.lo_expr = nullptr;
        if (iv.hi_expr) iv.hi = Decimal::from_int(0), iv.hi_expr = nullptr;
      }
    }
    std::string missing;
    auto add_missing = [&](const std::string& s) { missing += (missing.empty() ? "" : ", ") + s; };
    if (key.kind == K::text) {
      // Each text a pattern names, and any other text (the point -1).
      std::vector<int64_t> named;
      for (const auto& row : tab.rows)
        for (const auto& iv : row[k].alternatives)
          if (iv.lo && std::find(named.begin(), named.end(), iv.lo->to_int64()) == named.end())
            named.push_back(iv.lo->to_int64());
      auto covered = [&](int64_t p) {
        return std::any_of(cover.begin(), cover.end(),
                           [&](const KeyInterval& i) { return i.contains(Decimal::from_int(p)); });
      };
      std::vector<std::string> listed;
      for (int64_t p : named) {
        listed.push_back(quoted(prog.table_texts[p]));
        if (!covered(p)) add_missing(listed.back()), gap.texts.push_back(prog.table_texts[p]);
      }
      if (!covered(-1)) {
        TableGap& other = gaps.emplace_back();
        other.key = k;
        other.texts.push_back(text_not_in(prog, named));
        other.warning = Diagnostic(
            Severity::warning, decl.span,
            Message{msg::table_gap_other_text,
                    {{"table", tab.name}, {"key", decl.keys[k].name}, {"texts", join(listed)}}});
        other.warning.note({}, {msg::table_gap_fails, {}});
      }
    } else if (key.kind == K::enumeration || key.kind == K::boolean) {
      size_t n = prog.value_count(key);
      for (size_t v = 0; v < n; ++v) {
        Decimal dv = Decimal::from_int(static_cast<int64_t>(v));
        if (std::none_of(cover.begin(), cover.end(),
                         [&](const KeyInterval& i) { return i.contains(dv); })) {
          add_missing(describe({dv, dv, true, true}, key, prog, ""));
          gap.points.push_back(dv);
        }
      }
    } else if (!cover.empty()) {
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
          bool apart = discrete
                           ? (*next.lo - *reach > step ||
                              (*next.lo - *reach == step && !(reach_incl && next.lo_inclusive)) ||
                              (*next.lo == *reach && !reach_incl && !next.lo_inclusive))
                           : (*next.lo > *reach ||
                              (*next.lo == *reach && !reach_incl && !next.lo_inclusive));
          if (apart) {
            KeyInterval hole{reach, next.lo, !reach_incl, !next.lo_inclusive};
            if (discrete) {
              hole.lo = reach_incl ? *reach + step : *reach;
              hole.hi = next.lo_inclusive ? *next.lo - step : *next.lo;
              hole.lo_inclusive = hole.hi_inclusive = true;
            }
            add_missing(describe(hole, key, prog, symbol));
            if (symbol.empty()) gap.points.push_back(point_in(hole, key));
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
    if (missing.empty()) continue;
    gap.warning = Diagnostic(
        Severity::warning, decl.span,
        Message{msg::table_gap,
                {{"table", tab.name}, {"key", decl.keys[k].name}, {"missing", missing}}});
    gap.warning.note({}, {msg::table_gap_fails, {}});
    gaps.push_back(std::move(gap));
  }
}

}  // namespace decree::check_detail
