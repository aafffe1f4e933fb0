// A case that reaches a value the checker found missing: the key of a lookup
// is followed back through lets, `year(…)` and `± constant` to the inputs it
// reads, which are given the values that make the key the missing one; every
// other input a case needs gets a plausible value. Anything the checker
// cannot invert (a computed key, a loop variable) gives no case rather than
// a case that might not reach the gap.
#include "check/internal/counter_example.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>

#include "base/stack.h"
#include "check/internal/checker.h"
#include "syntax/builtins.h"

namespace decree::check_detail {
namespace {

using K = Type::Kind;

constexpr int kMaxDepth = 32;  // lets followed back from one key

std::string quoted_text(const std::string& text) {
  std::string out = "\"";
  for (char ch : text) {
    if (ch == '"' || ch == '\\') out += '\\';
    out += ch;
  }
  return out + "\"";
}

bool fits(const InputInfo& in, const Decimal& v) {
  return !(in.min && v < *in.min) && !(in.max && v > *in.max);
}

bool fits(const InputInfo& in, Date d) {
  return !(in.min_date && d < *in.min_date) && !(in.max_date && d > *in.max_date);
}

// A number as the case file writes it: integers plain, money with two
// decimals, decimals and rates as quoted exact strings (the fixtures' style).
std::optional<std::string> number_text(const Type& t, const Decimal& v) {
  switch (t.kind) {
    case K::integer:
      if (!v.is_integer()) return std::nullopt;
      return v.to_string();
    case K::money:
      if (v.round_places(2, RoundingMode::down) != v) return std::nullopt;
      return quoted_text(v.to_string_fixed(2));
    case K::decimal:
    case K::rate:
      return quoted_text(v.to_string());
    default:
      return std::nullopt;
  }
}

// The builtin a call resolves to, if it is one a key can be followed through.
std::optional<Builtin> invertible_builtin(const CheckedProgram& prog, const ast::Expr& e) {
  const Resolution& r = prog.resolutions[e.id];
  if (r.kind != Resolution::Kind::builtin) return std::nullopt;
  auto b = static_cast<Builtin>(r.index);
  if (b == Builtin::year || b == Builtin::neg || b == Builtin::add || b == Builtin::sub) return b;
  return std::nullopt;
}

struct CallWalker {
  const std::function<void(const ast::Expr&, const ast::Call&)>& visit;
  void operator()(const ast::Expr& e) const {
    with_enough_stack([&] {
      if (const auto* call = std::get_if<ast::Call>(&e.kind)) visit(e, *call);
      std::visit([&](const auto& k) { children(k); }, e.kind);
    });
  }
  void children(const ast::Literal&) const {}
  void children(const ast::Ident&) const {}
  void children(const ast::Select& s) const { (*this)(*s.operand); }
  void children(const ast::Index& i) const {
    (*this)(*i.operand);
    for (const auto& k : i.keys) (*this)(*k);
  }
  void children(const ast::Call& c) const {
    for (const auto& a : c.args) (*this)(*a);
  }
  void children(const ast::Piecewise& p) const {
    for (const auto& c : p.cases) (*this)(*c.condition), (*this)(*c.value);
    (*this)(*p.otherwise);
  }
  void children(const ast::Match& m) const {
    (*this)(*m.subject);
    for (const auto& a : m.arms) (*this)(*a.value);
  }
  void children(const ast::Comprehension& c) const {
    if (c.initial) (*this)(*c.initial);
    (*this)(*c.list);
    if (c.filter) (*this)(*c.filter);
    if (c.body) (*this)(*c.body);
  }
  void children(const ast::ListLiteral& l) const {
    for (const auto& i : l.items) (*this)(*i);
  }
};

}  // namespace

void for_each_call(const ast::Expr& e,
                   const std::function<void(const ast::Expr&, const ast::Call&)>& visit) {
  CallWalker{visit}(e);
}

std::string yaml_scalar(const std::string& text) {
  static constexpr std::array<std::string_view, 11> kReserved = {
      "true", "false", "null", "yes", "no", "on", "off", "y", "n", "~", ""};
  std::string lower = text;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  bool plain = std::find(kReserved.begin(), kReserved.end(), lower) == kReserved.end() &&
               !std::isdigit(static_cast<unsigned char>(text[0])) &&
               std::all_of(text.begin(), text.end(), [](unsigned char c) {
                 return c >= 0x80 || std::isalnum(c) || c == '_';
               });
  return plain ? text : quoted_text(text);
}

const InputInfo* CounterExample::input_of(const ast::Expr& e, int depth) const {
  if (depth > kMaxDepth || !std::holds_alternative<ast::Ident>(e.kind)) return nullptr;
  const Resolution& r = prog_.resolutions[e.id];
  if (r.kind == Resolution::Kind::input) return &prog_.inputs[r.index];
  if (r.kind == Resolution::Kind::rule && r.index < rules_.size())
    return input_of(*rules_[r.index].decl->body, depth + 1);
  return nullptr;
}

bool CounterExample::choose(const InputInfo& in, std::string value, std::optional<Decimal> point) {
  auto [it, added] = chosen_.emplace(&in, value);
  if (added && point) points_.emplace(&in, *point);
  return added || it->second == value;  // one input cannot take two values
}

bool CounterExample::make_integer(const ast::Expr& e, int64_t value, int depth) {
  if (depth > kMaxDepth) return false;
  if (const auto* lit = std::get_if<ast::Literal>(&e.kind)) {
    auto v = literal_number(lit->text);
    return lit->kind == ast::Literal::Kind::integer && v && *v == Decimal::from_int(value);
  }
  if (std::holds_alternative<ast::Ident>(e.kind)) {
    const Resolution& r = prog_.resolutions[e.id];
    if (r.kind == Resolution::Kind::rule && r.index < rules_.size())
      return make_integer(*rules_[r.index].decl->body, value, depth + 1);
    if (r.kind != Resolution::Kind::input) return false;
    const InputInfo& in = prog_.inputs[r.index];
    if (in.type != Type::of(K::integer) || !fits(in, Decimal::from_int(value))) return false;
    return choose(in, std::to_string(value), Decimal::from_int(value));
  }
  const auto* call = std::get_if<ast::Call>(&e.kind);
  const auto b = invertible_builtin(prog_, e);
  if (!call || !b) return false;
  if (*b == Builtin::year && call->args.size() == 1)
    return make_year(*call->args[0], value, depth + 1);
  if (*b == Builtin::neg && call->args.size() == 1)
    return make_integer(*call->args[0], -value, depth + 1);
  if (call->args.size() != 2) return false;
  // `a ± constant` (or `constant ± a`): the other side is what is left.
  auto constant = [&](const ast::Expr& x) -> std::optional<int64_t> {
    const auto* lit = std::get_if<ast::Literal>(&x.kind);
    if (!lit || lit->kind != ast::Literal::Kind::integer) return std::nullopt;
    auto v = literal_number(lit->text);
    if (!v || !v->is_integer() || v->abs() > Decimal::from_int(1000000000)) return std::nullopt;
    return v->to_int64();
  };
  const ast::Expr& a = *call->args[0];
  const ast::Expr& c = *call->args[1];
  if (auto k = constant(c)) return make_integer(a, *b == Builtin::add ? value - *k : value + *k);
  if (auto k = constant(a)) return make_integer(c, *b == Builtin::add ? value - *k : *k - value);
  return false;
}

bool CounterExample::make_date(const ast::Expr& e, Date value, int depth) {
  const InputInfo* in = input_of(e, depth);
  if (!in || in->type != Type::of(K::date) || !fits(*in, value)) return false;
  return choose(*in, quoted_text(value.to_string()), Decimal::from_int(value.days));
}

bool CounterExample::make_year(const ast::Expr& e, int64_t year, int depth) {
  const InputInfo* in = input_of(e, depth);
  if (!in || in->type != Type::of(K::date) || year < 1 || year > 9999) return false;
  Date first = Date::from_ymd(static_cast<int>(year), 1, 1);
  Date last = Date::from_ymd(static_cast<int>(year), 12, 31);
  if (in->min_date) first = std::max(first, *in->min_date);
  if (in->max_date) last = std::min(last, *in->max_date);
  if (last < first) return false;
  return choose(*in, quoted_text(first.to_string()), Decimal::from_int(first.days));
}

bool CounterExample::make_text(const ast::Expr& e, const std::string& text, int depth) {
  const InputInfo* in = input_of(e, depth);
  if (!in || in->type != Type::of(K::text)) return false;
  auto named = std::find(prog_.table_texts.begin(), prog_.table_texts.end(), text);
  int64_t point = named == prog_.table_texts.end() ? -1 : named - prog_.table_texts.begin();
  return choose(*in, quoted_text(text), Decimal::from_int(point));
}

bool CounterExample::make_key(const ast::Expr& e, const Type& key, const Decimal& point,
                              int depth) {
  if (key.kind == K::integer) return point.is_integer() && make_integer(e, point.to_int64(), depth);
  if (key.kind == K::date) return make_date(e, Date{static_cast<int32_t>(point.to_int64())}, depth);
  const InputInfo* in = input_of(e, depth);
  if (!in || in->type.list) return false;
  if (key.is_numeric()) {
    auto text = in->type.is_numeric() ? number_text(in->type, point) : std::nullopt;
    return text && fits(*in, point) && choose(*in, *text, point);
  }
  if (in->type != key) return false;
  if (key.kind == K::boolean) return choose(*in, point.sign() ? "true" : "false", point);
  if (key.kind == K::enumeration) {
    const auto& values = prog_.enums[key.ref].values;
    size_t v = static_cast<size_t>(point.to_int64());
    return v < values.size() && choose(*in, yaml_scalar(values[v]), point);
  }
  return false;
}

bool CounterExample::make_equal(const ast::Expr& a, const ast::Expr& b) {
  const InputInfo* x = input_of(a);
  const InputInfo* y = input_of(b);
  if (!x || !y || x->type != y->type || x->type.list) return false;
  if (x == y) return true;
  if (x->type.kind == K::date) {
    // The later of the two lower bounds (or either's upper bound).
    std::optional<Date> d = x->min_date ? x->min_date : y->min_date;
    if (x->min_date && y->min_date) d = std::max(*x->min_date, *y->min_date);
    if (!d) d = x->max_date ? x->max_date : y->max_date;
    if (!d || !fits(*x, *d) || !fits(*y, *d)) return false;
    Decimal day = Decimal::from_int(d->days);
    return choose(*x, quoted_text(d->to_string()), day) &&
           choose(*y, quoted_text(d->to_string()), day);
  }
  if (!x->type.is_numeric()) return false;
  Decimal v = Decimal::from_int(0);
  if (x->min) v = *x->min;
  if (y->min && (!x->min || *y->min > v)) v = *y->min;
  if (!x->min && !y->min && x->max && *x->max < v) v = *x->max;
  auto text = number_text(x->type, v);
  return text && fits(*x, v) && fits(*y, v) && choose(*x, *text, v) && choose(*y, *text, v);
}

std::vector<CounterExample::KeyUse> CounterExample::keys_reading(const InputInfo& in) const {
  std::vector<KeyUse> uses;
  for (const auto& rule : rules_)
    for_each_call(*rule.decl->body, [&](const ast::Expr& e, const ast::Call& call) {
      const Resolution& r = prog_.resolutions[e.id];
      if (r.kind != Resolution::Kind::table) return;
      const TableInfo& tab = prog_.tables[r.index];
      for (size_t k = 0; k < call.args.size() && k < tab.keys.size(); ++k)
        if (input_of(*call.args[k]) == &in) uses.push_back({&tab, k});
    });
  return uses;
}

std::optional<Decimal> CounterExample::value_of(const InputInfo& in) const {
  if (auto it = points_.find(&in); it != points_.end()) return it->second;
  if (chosen_.count(&in)) return std::nullopt;
  auto plain = candidates(in, {});
  if (plain.empty()) return std::nullopt;
  return plain.front();
}

std::optional<KeyCell> CounterExample::as_constant(const KeyCell& cell) const {
  if (cell.invalid) return std::nullopt;
  KeyCell out = cell;
  for (auto& iv : out.alternatives)
    for (auto [expr, bound] : {std::pair{&iv.lo_expr, &iv.lo}, std::pair{&iv.hi_expr, &iv.hi}}) {
      if (!*expr) continue;
      const InputInfo* in = input_of(**expr);
      auto v = in ? value_of(*in) : std::nullopt;
      if (!v) return std::nullopt;
      *bound = *v;
      *expr = nullptr;
    }
  return out;
}

bool CounterExample::covered(const std::vector<KeyUse>& uses, const Decimal& point) const {
  return std::all_of(uses.begin(), uses.end(), [&](const KeyUse& u) {
    return std::any_of(u.table->rows.begin(), u.table->rows.end(), [&](const auto& row) {
      auto cell = as_constant(row[u.key]);
      return cell && cell->contains(point);
    });
  });
}

std::optional<std::string> CounterExample::value_text(const InputInfo& in,
                                                      const Decimal& point) const {
  const Type& t = in.type;
  switch (t.kind) {
    case K::integer:
    case K::decimal:
    case K::rate:
    case K::money:
      if (!fits(in, point)) return std::nullopt;
      return number_text(t, point);
    case K::date: {
      Date d{static_cast<int32_t>(point.to_int64())};
      if (!point.is_integer() || !fits(in, d)) return std::nullopt;
      return quoted_text(d.to_string());
    }
    case K::boolean:
      return point.sign() ? "true" : "false";
    case K::enumeration: {
      const auto& values = prog_.enums[t.ref].values;
      size_t v = static_cast<size_t>(point.to_int64());
      if (point.sign() < 0 || v >= values.size()) return std::nullopt;
      return yaml_scalar(values[v]);
    }
    case K::text: {
      int64_t p = point.to_int64();
      if (p < 0) return quoted_text("");  // a text no pattern names
      if (static_cast<size_t>(p) >= prog_.table_texts.size()) return std::nullopt;
      return quoted_text(prog_.table_texts[p]);
    }
    default:
      return std::nullopt;
  }
}

// Values worth trying for an input, first the plainest: its lower bound (or
// 0, the first enum value, false, ""), then the edges of the rows of the
// tables that read it, so that the case does not stop at another table.
std::vector<Decimal> CounterExample::candidates(const InputInfo& in,
                                                const std::vector<KeyUse>& uses) const {
  const Type& t = in.type;
  std::vector<Decimal> out;
  if (t.is_numeric()) {
    Decimal v = Decimal::from_int(0);
    if (in.min)
      v = *in.min;
    else if (in.max && *in.max < v)
      v = *in.max;
    out.push_back(v);
  } else if (t.kind == K::date) {
    std::optional<Date> d = in.min_date ? in.min_date : in.max_date;
    // A day the rules are in force on, if they say.
    for (const auto* m : prog_.modules)
      if (!d) d = Date::parse(m->effective);
    out.push_back(Decimal::from_int(d ? d->days : Date::from_ymd(2021, 1, 1).days));
  } else if (t.kind == K::boolean || t.kind == K::enumeration) {
    for (size_t v = 0; v < prog_.value_count(t); ++v)
      out.push_back(Decimal::from_int(static_cast<int64_t>(v)));
  } else if (t.kind == K::text) {
    auto empty = std::find(prog_.table_texts.begin(), prog_.table_texts.end(), "");
    out.push_back(Decimal::from_int(
        empty == prog_.table_texts.end() ? -1 : empty - prog_.table_texts.begin()));
    for (size_t p = 0; p < prog_.table_texts.size(); ++p)
      out.push_back(Decimal::from_int(static_cast<int64_t>(p)));
  }
  if (!t.is_numeric() && t.kind != K::date) return out;
  // Just inside each edge of each row's cell.
  const Decimal step = t.kind == K::integer || t.kind == K::date ? Decimal::from_int(1)
                       : t.kind == K::money                      ? Decimal::parse_or_throw("0.01")
                                            : Decimal::parse_or_throw("0.0001");
  for (const auto& u : uses)
    for (const auto& row : u.table->rows) {
      auto cell = as_constant(row[u.key]);
      if (!cell) continue;
      for (const auto& iv : cell->match_set()) {
        if (iv.lo) out.push_back(iv.lo_inclusive ? *iv.lo : *iv.lo + step);
        if (iv.hi) out.push_back(iv.hi_inclusive ? *iv.hi : *iv.hi - step);
      }
    }
  // Values above the plainest first: an age of 1 reads better than -1.
  std::stable_partition(out.begin() + 1, out.end(),
                        [&](const Decimal& v) { return !(v < out.front()); });
  return out;
}

std::string CounterExample::plausible(const Type& t, const InputInfo* in) const {
  if (t.list) return "[]";
  if (in) {
    std::vector<KeyUse> uses = keys_reading(*in);
    std::optional<std::string> first;
    for (const Decimal& v : candidates(*in, uses)) {
      auto text = value_text(*in, v);
      if (!text) continue;
      if (!first) first = text;
      if (covered(uses, v)) return *text;
    }
    if (first) return *first;
  }
  switch (t.kind) {
    case K::integer:
      return "0";
    case K::decimal:
    case K::rate:
      return quoted_text("0");
    case K::money:
      return quoted_text("0.00");
    case K::boolean:
      return "false";
    case K::date:
      return quoted_text("2021-01-01");
    case K::text:
      return quoted_text("");
    case K::enumeration:
      return t.ref < prog_.enums.size() && !prog_.enums[t.ref].values.empty()
                 ? yaml_scalar(prog_.enums[t.ref].values[0])
                 : "";
    case K::record: {
      std::string out = "{";
      if (t.ref < prog_.records.size())
        for (const auto& f : prog_.records[t.ref].fields)
          out += (out.size() > 1 ? ", " : "") + f.name + ": " + plausible(f.type, nullptr);
      return out + "}";
    }
    default:
      return "";
  }
}

std::string CounterExample::yaml(int indent) const {
  std::string out;
  for (const auto& in : prog_.inputs) {
    auto it = chosen_.find(&in);
    bool needed = !in.optional && !(in.decl && in.decl->default_value);
    if (it == chosen_.end() && !needed) continue;
    if (!out.empty()) out += '\n';
    out += std::string(indent, ' ') + in.name + ": ";
    out += it != chosen_.end() ? it->second : plausible(in.type, &in);
  }
  return out;
}

}  // namespace decree::check_detail
