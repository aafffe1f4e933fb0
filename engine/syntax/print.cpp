#include "syntax/print.h"

#include "base/stack.h"
#include "syntax/internal/text.h"

namespace decree::ast {
namespace {

using syntax_detail::count_code_points;
using syntax_detail::quote_string;

// An S-expression: an atom, or `(head kids...)` (or `[kids...]`).
struct SExpr {
  std::string head;
  std::vector<SExpr> kids;
  bool is_list = false;
  bool brackets = false;     // [a b] instead of (a b)
  bool force_break = false;  // always one kid per line
};

SExpr atom(std::string s) { return SExpr{std::move(s), {}, false, false, false}; }
SExpr list(std::string head) { return SExpr{std::move(head), {}, true, false, false}; }

std::string flat(const SExpr& s) {
  if (!s.is_list) return s.head;
  std::string out = s.brackets ? "[" : "(";
  out += s.head;
  for (const auto& k : s.kids) {
    if (out.size() > 1) out += ' ';
    out += flat(k);
  }
  return out + (s.brackets ? "]" : ")");
}

void layout(const SExpr& s, size_t indent, size_t width, std::string& out) {
  std::string f = flat(s);
  if (!s.is_list || (!s.force_break && indent + count_code_points(f) <= width)) {
    out += f;
    return;
  }
  out += s.brackets ? "[" : "(";
  out += s.head;
  size_t i = 0;
  // Leading atoms stay on the first line: (let own_wage ...
  for (; i < s.kids.size() && !s.kids[i].is_list; ++i) {
    if (i > 0 || !s.head.empty()) out += ' ';
    out += s.kids[i].head;
  }
  for (; i < s.kids.size(); ++i) {
    out += '\n' + std::string(indent + 2, ' ');
    layout(s.kids[i], indent + 2, width, out);
  }
  out += s.brackets ? "]" : ")";
}

class Printer {
 public:
  explicit Printer(const PrintOptions& options) : o_(options) {}

  SExpr expr(const Expr& e) {
    return with_enough_stack([&] {
      SExpr s = std::visit([&](const auto& k) { return kind(k); }, e.kind);
      s.head += decoration(e);
      return s;
    });
  }

  SExpr module(const Module& m) {
    SExpr s = list("module");
    s.force_break = true;
    s.kids.push_back(atom(m.ruleset + at(m.ruleset_span)));
    if (!m.version.empty()) {
      SExpr v = list("version" + at(m.version_span));
      v.kids.push_back(atom(quote_string(m.version)));
      v.kids.push_back(tagged("effective", m.effective));
      if (!m.until.empty()) v.kids.push_back(tagged("until", m.until));
      if (!m.extends.empty()) v.kids.push_back(tagged("extends", quote_string(m.extends)));
      s.kids.push_back(std::move(v));
    }
    if (!m.select_by.empty())
      s.kids.push_back(tagged("select-by", m.select_by + at(m.select_by_span)));
    if (!m.basis.empty()) s.kids.push_back(tagged("basis", quote_string(m.basis)));
    for (const auto& p : m.parameters) {
      SExpr d = list("parameters" + at(p.span));
      d.kids.push_back(atom(quote_string(p.path)));
      d.kids.push_back(atom(p.alias));
      s.kids.push_back(std::move(d));
    }
    for (const auto& e : m.enums) {
      SExpr d = list(e.is_override ? "override enum" : "enum");
      d.kids.push_back(atom(e.name + at(e.span)));
      for (const auto& [value, span] : e.values) d.kids.push_back(atom(value + at(span)));
      doc(d, e.doc);
      s.kids.push_back(std::move(d));
    }
    for (const auto& r : m.records) {
      SExpr d = list(r.is_override ? "override record" : "record");
      d.kids.push_back(atom(r.name + at(r.span)));
      for (const auto& f : r.fields) d.kids.push_back(field(f.name, f.span, f.type));
      doc(d, r.doc);
      s.kids.push_back(std::move(d));
    }
    for (const auto& in : m.inputs) s.kids.push_back(input(in));
    for (const auto& r : m.rules) s.kids.push_back(rule(r));
    for (const auto& t : m.tables) s.kids.push_back(table(t));
    return s;
  }

 private:
  std::string at(const Span& span) const {
    if (!o_.spans || !span.valid()) return "";
    std::string out = "@" + std::to_string(span.line) + ":" + std::to_string(span.col) + "-";
    if (span.end_line != span.line) out += std::to_string(span.end_line) + ":";
    return out + std::to_string(span.end_col);
  }

  std::string decoration(const Expr& e) const {
    return (o_.ids ? "#" + std::to_string(e.id) : std::string()) + at(e.span);
  }

  static SExpr tagged(std::string tag, std::string value) {
    SExpr s = list(std::move(tag));
    s.kids.push_back(atom(std::move(value)));
    return s;
  }

  SExpr type(const TypeRef& t) {
    if (!t.is_list) return atom(t.name + at(t.span));
    SExpr s = list("list" + at(t.span));
    s.kids.push_back(atom(t.name));
    return s;
  }

  SExpr field(const std::string& name, const Span& span, const TypeRef& t) {
    SExpr s = list("");
    s.kids.push_back(atom(name + at(span)));
    s.kids.push_back(type(t));
    return s;
  }

  SExpr maybe(const ExprPtr& e) { return e ? expr(*e) : atom("_"); }

  void doc(SExpr& s, const std::string& doc) {
    if (!doc.empty()) s.kids.push_back(tagged("doc", quote_string(doc)));
  }

  SExpr input(const InputDecl& in) {
    SExpr s = list(in.is_override ? "override input" : "input");
    s.kids.push_back(atom(in.name + at(in.span)));
    s.kids.push_back(type(in.type));
    if (in.range_min || in.range_max) {
      SExpr r = list("in");
      r.kids.push_back(maybe(in.range_min));
      r.kids.push_back(maybe(in.range_max));
      s.kids.push_back(std::move(r));
    }
    if (in.default_value) {
      SExpr d = list("default");
      d.kids.push_back(expr(*in.default_value));
      s.kids.push_back(std::move(d));
    }
    if (in.optional) s.kids.push_back(atom("optional"));
    doc(s, in.doc);
    return s;
  }

  SExpr rule(const RuleDecl& r) {
    SExpr s = list(std::string(r.is_override ? "override " : "") +
                   (r.kind == RuleDecl::Kind::output ? "output" : "let"));
    s.kids.push_back(atom(r.name + at(r.span)));
    if (r.type) {
      SExpr t = list(":");
      t.kids.push_back(type(*r.type));
      s.kids.push_back(std::move(t));
    }
    s.kids.push_back(maybe(r.body));
    if (r.period != Period::none)
      s.kids.push_back(tagged("period", period_text(r.period) + at(r.period_span)));
    if (!r.payer.empty()) s.kids.push_back(tagged("paid-by", r.payer + at(r.payer_span)));
    if (!r.basis.empty())
      s.kids.push_back(tagged("basis", quote_string(r.basis) + at(r.basis_span)));
    doc(s, r.doc);
    return s;
  }

  SExpr table(const TableDecl& t) {
    SExpr s = list(t.is_override ? "override table" : "table");
    s.force_break = true;
    s.kids.push_back(atom(t.name + at(t.span)));
    SExpr keys = list("keys");
    for (const auto& k : t.keys) keys.kids.push_back(field(k.name, k.span, k.type));
    s.kids.push_back(std::move(keys));
    if (t.single_result && t.results.size() == 1) {
      SExpr r = list("result");
      r.kids.push_back(type(t.results[0].type));
      s.kids.push_back(std::move(r));
    } else {
      SExpr r = list("results");
      for (const auto& c : t.results) r.kids.push_back(field(c.name, c.span, c.type));
      s.kids.push_back(std::move(r));
    }
    if (t.hit_explicit) {
      s.kids.push_back(tagged("hit", hit_policy_name(t.hit)));
    }
    for (const auto& row : t.rows) {
      SExpr r = list((row.otherwise ? "otherwise" : "row") + at(row.span));
      if (!row.otherwise)
        for (const auto& k : row.keys) r.kids.push_back(pattern(k));
      r.kids.push_back(atom("=>"));
      for (const auto& v : row.values) r.kids.push_back(maybe(v));
      s.kids.push_back(std::move(r));
    }
    if (!t.basis.empty())
      s.kids.push_back(tagged("basis", quote_string(t.basis) + at(t.basis_span)));
    doc(s, t.doc);
    return s;
  }

  // _   5   spouse   [1, 5)   [5, _]   (| "A" "B")   (not [10, 20])
  SExpr pattern(const KeyPattern& k) {
    if (k.negated) {
      SExpr n = list("not" + at(k.span));
      switch (k.kind) {
        case KeyPattern::Kind::value:
          n.kids.push_back(maybe(k.value));
          break;
        case KeyPattern::Kind::alternatives:
          n.kids.push_back(alternatives(k));
          break;
        default:
          n.kids.push_back(atom(range_text(k)));
          break;
      }
      return n;
    }
    switch (k.kind) {
      case KeyPattern::Kind::any:
        return atom("_" + at(k.span));
      case KeyPattern::Kind::value:
        return maybe(k.value);
      case KeyPattern::Kind::alternatives:
        return alternatives(k);
      case KeyPattern::Kind::range:
        break;
    }
    return atom(range_text(k) + at(k.span));
  }

  SExpr alternatives(const KeyPattern& k) {
    SExpr a = list("|");
    for (const auto& alt : k.alternatives) a.kids.push_back(pattern(alt));
    return a;
  }

  std::string range_text(const KeyPattern& k) {
    std::string s = k.lo_inclusive ? "[" : "(";
    s += k.lo ? flat(expr(*k.lo)) : "_";
    s += ", ";
    s += k.hi ? flat(expr(*k.hi)) : "_";
    s += k.hi_inclusive ? "]" : ")";
    return s;
  }

  SExpr kind(const Literal& l) {
    switch (l.kind) {
      case Literal::Kind::percent:
        return atom(l.text + "%");
      case Literal::Kind::text:
        return atom(quote_string(l.text));
      default:
        return atom(l.text);
    }
  }
  SExpr kind(const Ident& i) { return atom(i.name); }
  SExpr kind(const Select& s) {
    SExpr out = list(".");
    out.kids.push_back(maybe(s.operand));
    out.kids.push_back(atom(s.field + at(s.field_span)));
    return out;
  }
  SExpr kind(const Index& i) {
    SExpr out = list("index");
    out.kids.push_back(maybe(i.operand));
    for (const auto& k : i.keys) out.kids.push_back(maybe(k));
    return out;
  }
  SExpr kind(const Call& c) {
    SExpr out = list(c.function);
    for (const auto& a : c.args) out.kids.push_back(maybe(a));
    return out;
  }
  SExpr kind(const Piecewise& p) {
    SExpr out = list("piecewise");
    for (const auto& c : p.cases) {
      SExpr w = list("when");
      w.kids.push_back(maybe(c.condition));
      w.kids.push_back(maybe(c.value));
      out.kids.push_back(std::move(w));
    }
    SExpr o = list("otherwise");
    o.kids.push_back(maybe(p.otherwise));
    out.kids.push_back(std::move(o));
    return out;
  }
  SExpr kind(const Match& m) {
    SExpr out = list("match");
    out.kids.push_back(maybe(m.subject));
    for (const auto& arm : m.arms) {
      SExpr a = list("case" + at(arm.pattern_span));
      for (const auto& p : arm.patterns) a.kids.push_back(atom(p));
      if (arm.patterns.empty()) a.kids.push_back(atom("_"));
      a.kids.push_back(atom("=>"));
      a.kids.push_back(maybe(arm.value));
      out.kids.push_back(std::move(a));
    }
    return out;
  }
  SExpr kind(const Comprehension& c) {
    SExpr out = list(c.op);
    if (c.initial) {  // fold: (fold (acc [T] initial) x (in …) …)
      SExpr acc = list(c.accumulator + at(c.accumulator_span));
      if (c.accumulator_type) acc.kids.push_back(type(*c.accumulator_type));
      acc.kids.push_back(expr(*c.initial));
      out.kids.push_back(std::move(acc));
    }
    out.kids.push_back(atom(c.var + at(c.var_span)));
    SExpr in = list("in");
    in.kids.push_back(maybe(c.list));
    out.kids.push_back(std::move(in));
    if (c.filter) {
      SExpr w = list("where");
      w.kids.push_back(expr(*c.filter));
      out.kids.push_back(std::move(w));
    }
    if (c.body) out.kids.push_back(expr(*c.body));
    return out;
  }
  SExpr kind(const ListLiteral& l) {
    SExpr out = list("");
    out.brackets = true;
    for (const auto& item : l.items) out.kids.push_back(maybe(item));
    return out;
  }

  PrintOptions o_;
};

std::string render(const SExpr& s, const PrintOptions& options) {
  std::string out;
  layout(s, 0, options.width, out);
  return out + "\n";
}

}  // namespace

std::string print(const Expr& expr, const PrintOptions& options) {
  return render(Printer(options).expr(expr), options);
}

std::string print(const Module& module, const PrintOptions& options) {
  return render(Printer(options).module(module), options);
}

}  // namespace decree::ast
