// What can the rules reach? Which parameter keys, and how long a range.
// Which parameter keys can the rules reach? Where a lookup's key follows from
// a bounded input (`injury_date: date in 2016-01-01..2025-12-31`,
// `year(injury_date) - 1`), every key in that range must have a value; a
// missing one is reported before any case is evaluated. Keys the checker
// cannot bound are left to evaluation, which fails the case naming the key.
#include <algorithm>

#include "base/codes_check.h"
#include "base/stack.h"
#include "check/internal/checker.h"
#include "check/internal/counter_example.h"
#include "syntax/builtins.h"

namespace decree::check_detail {
namespace {

struct Range {
  int64_t lo, hi;
};

// Literals beyond this are not bounded (sums of a few stay far from overflow).
constexpr int64_t kMaxLiteral = 1000000000000000;  // 10^15

class Reach {
 public:
  explicit Reach(Checker& c) : c_(c) {}

  // The integer range of an integer expression, if it can be bounded.
  std::optional<Range> integer_range(const ast::Expr& e, int depth = 0) {
    if (depth > 32) return std::nullopt;
    const Resolution& r = c_.out_.resolutions[e.id];
    if (const auto* lit = std::get_if<ast::Literal>(&e.kind)) {
      if (lit->kind != ast::Literal::Kind::integer) return std::nullopt;
      auto d = literal_number(lit->text);
      if (!d || !d->is_integer() || d->abs() > Decimal::from_int(kMaxLiteral)) return std::nullopt;
      int64_t v = d->to_int64();
      return Range{v, v};
    }
    if (std::holds_alternative<ast::Ident>(e.kind)) {
      if (r.kind == Resolution::Kind::input) {
        const InputInfo& in = c_.out_.inputs[r.index];
        if (in.type.kind != Type::Kind::integer || !in.min || !in.max) return std::nullopt;
        return Range{in.min->to_int64(), in.max->to_int64()};
      }
      if (r.kind == Resolution::Kind::rule)
        return integer_range(*c_.rules_[r.index].decl->body, depth + 1);
      return std::nullopt;
    }
    if (const auto* call = std::get_if<ast::Call>(&e.kind);
        call && r.kind == Resolution::Kind::builtin) {
      auto id = static_cast<Builtin>(r.index);
      if (id == Builtin::year && call->args.size() == 1) {
        auto d = date_range(*call->args[0], depth + 1);
        if (!d) return std::nullopt;
        return Range{d->first.year(), d->second.year()};
      }
      if (id == Builtin::neg && call->args.size() == 1) {
        auto a = integer_range(*call->args[0], depth + 1);
        if (!a) return std::nullopt;
        return Range{-a->hi, -a->lo};
      }
      if ((id == Builtin::add || id == Builtin::sub) && call->args.size() == 2) {
        auto a = integer_range(*call->args[0], depth + 1);
        auto b = integer_range(*call->args[1], depth + 1);
        if (!a || !b) return std::nullopt;
        if (id == Builtin::add) return Range{a->lo + b->lo, a->hi + b->hi};
        return Range{a->lo - b->hi, a->hi - b->lo};
      }
    }
    return std::nullopt;
  }

  std::optional<std::pair<Date, Date>> date_range(const ast::Expr& e, int depth) {
    if (depth > 32) return std::nullopt;
    const Resolution& r = c_.out_.resolutions[e.id];
    if (std::holds_alternative<ast::Ident>(e.kind)) {
      if (r.kind == Resolution::Kind::input) {
        const InputInfo& in = c_.out_.inputs[r.index];
        if (in.type.kind != Type::Kind::date || !in.min_date || !in.max_date) return std::nullopt;
        return std::make_pair(*in.min_date, *in.max_date);
      }
      if (r.kind == Resolution::Kind::rule)
        return date_range(*c_.rules_[r.index].decl->body, depth + 1);
    }
    return std::nullopt;
  }

  void visit(const ast::Expr& e) {
    with_enough_stack([&] { visit_here(e); });
  }

  void visit_here(const ast::Expr& e) {
    if (const auto* call = std::get_if<ast::Call>(&e.kind)) check_range(e, *call);
    if (const auto* idx = std::get_if<ast::Index>(&e.kind)) {
      check_lookup(e, *idx);
      visit(*idx->operand);
      for (const auto& k : idx->keys) visit(*k);
      return;
    }
    std::visit([&](const auto& k) { children(k); }, e.kind);
  }

 private:
  void children(const ast::Literal&) {}
  void children(const ast::Ident&) {}
  void children(const ast::Select& s) { visit(*s.operand); }
  void children(const ast::Index&) {}
  void children(const ast::Call& c) {
    for (const auto& a : c.args) visit(*a);
  }
  void children(const ast::Piecewise& p) {
    for (const auto& cs : p.cases) visit(*cs.condition), visit(*cs.value);
    visit(*p.otherwise);
  }
  void children(const ast::Match& m) {
    visit(*m.subject);
    for (const auto& a : m.arms) visit(*a.value);
  }
  void children(const ast::Comprehension& c) {
    if (c.initial) visit(*c.initial);
    visit(*c.list);
    if (c.filter) visit(*c.filter);
    if (c.body) visit(*c.body);
  }
  void children(const ast::ListLiteral& l) {
    for (const auto& i : l.items) visit(*i);
  }

  // `a..b` whose bounds make more integers than a range may have, whatever
  // the case: an error now rather than for every case.
  void check_range(const ast::Expr& e, const ast::Call& call) {
    const Resolution& r = c_.out_.resolutions[e.id];
    if (r.kind != Resolution::Kind::builtin || static_cast<Builtin>(r.index) != Builtin::range ||
        call.args.size() != 2)
      return;
    auto lo = integer_range(*call.args[0]), hi = integer_range(*call.args[1]);
    if (!lo || !hi) return;
    int64_t shortest = hi->lo - lo->hi + 1;
    if (shortest <= kMaxRangeLength) return;
    bool exact = lo->lo == lo->hi && hi->lo == hi->hi;
    c_.diags_
        .error(e.span,
               {exact ? msg::range_too_long : msg::range_too_long_at_least,
                {{"n", std::to_string(shortest)}, {"max", std::to_string(kMaxRangeLength)}}})
        .note({}, {exact ? msg::range_from_to : msg::range_from_to_closest,
                   {{"lo", std::to_string(lo->hi)}, {"hi", std::to_string(hi->lo)}}});
  }

  void check_lookup(const ast::Expr& e, const ast::Index& idx) {
    const Resolution& r = c_.out_.resolutions[e.id];
    if (r.kind != Resolution::Kind::param || c_.out_.types[e.id].is_error()) return;
    const ParamInfo& p = c_.out_.params[r.index];
    const Parameter& prm = *p.param;
    if (prm.what_if || idx.keys.size() != prm.arity()) return;
    for (size_t level = 0; level < prm.arity(); ++level) {
      if (prm.index[level].type == ParamIndex::year) check_years(e, p, level, *idx.keys[level]);
      if (prm.index[level].type == ParamIndex::date && prm.arity() == 1)
        check_dates(e, p, *idx.keys[level]);
    }
  }

  // Every year the key can take has a value (with several keys: a value for
  // some key beside it).
  void check_years(const ast::Expr& e, const ParamInfo& p, size_t level, const ast::Expr& key) {
    const Parameter& prm = *p.param;
    auto range = integer_range(key);
    if (!range || range->hi - range->lo > 500) return;
    std::string missing;
    int shown = 0;
    std::optional<std::string> example;
    for (int64_t k = range->lo; k <= range->hi; ++k) {
      bool found = std::any_of(prm.values.begin(), prm.values.end(), [&](const ParamValue& v) {
        return v.depth > level && v.keys[level] == k && v.value;
      });
      if (found) continue;
      if (shown++ < 8) missing += (missing.empty() ? "" : ", ") + std::to_string(k);
      if (!example)
        example = case_reaching([&](CounterExample& c) { return c.make_integer(key, k); });
    }
    if (missing.empty()) return;
    MessageArgs args = {{"param", p.name},
                        {"s", shown > 1 ? "s" : ""},
                        {"years", missing},
                        {"range", std::to_string(range->lo) + ".." + std::to_string(range->hi)}};
    if (prm.arity() > 1) args.emplace_back("key", prm.index[level].name);
    report(e, p,
           {prm.arity() > 1 ? msg::param_no_value_years_key : msg::param_no_value_years,
            std::move(args)},
           example);
  }

  void check_dates(const ast::Expr& e, const ParamInfo& p, const ast::Expr& key) {
    const Parameter& prm = *p.param;
    auto range = date_range(key, 0);
    if (!range) return;
    std::vector<Date> missing;
    // A gap can start only at the range's first day or at a null end inside it.
    const ParamValue* first = prm.at_date(range->first);
    if (!first || !first->value) missing.push_back(range->first);
    for (const auto& v : prm.values)
      if (!v.value && v.keys[0] > range->first.days && v.keys[0] <= range->second.days)
        missing.push_back(Date{static_cast<int32_t>(v.keys[0])});
    if (missing.empty()) return;
    std::string dates;
    std::optional<std::string> example;
    for (Date d : missing) {
      dates += (dates.empty() ? "" : ", ") + d.to_string();
      if (!example) example = case_reaching([&](CounterExample& c) { return c.make_date(key, d); });
    }
    report(e, p,
           {msg::param_no_value_dates,
            {{"param", p.name},
             {"dates", dates},
             {"range", range->first.to_string() + ".." + range->second.to_string()}}},
           example);
  }

  // A case whose key `make` drives to the missing one, if it can.
  template <typename F>
  std::optional<std::string> case_reaching(F&& make) {
    CounterExample c(c_.out_, c_.rules_);
    if (!make(c)) return std::nullopt;
    return c.yaml(4);
  }

  // A key the lookup can reach and the parameter has no value for.
  void report(const ast::Expr& e, const ParamInfo& p, Message message,
              const std::optional<std::string>& example) {
    auto& d = c_.diags_.warning(e.span, std::move(message))
                  .note(p.param->span, {msg::param_defined_here, {}})
                  .note({}, {msg::param_missing_fails, {}});
    if (example) d.note({}, {msg::param_missing_example, {{"case", *example}}});
  }

  Checker& c_;
};

}  // namespace

void Checker::check_reachable_parameters() {
  Reach reach(*this);
  for (const auto& r : rules_) {
    try {
      reach.visit(*r.decl->body);
    } catch (const DecimalError&) {
      // A bound too large to enumerate: nothing the checker can tell.
    }
  }
}

}  // namespace decree::check_detail
