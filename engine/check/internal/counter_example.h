// Internal: a ready-to-run case that drives a lookup's key to a value the
// checker found missing (a table gap, a parameter year without a value), so
// that the author can paste it into a rule test (check/counter_example.cpp).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/date.h"
#include "check/program.h"

namespace decree::check_detail {

// The inputs a case gives: the ones chosen to reach the missing value, and
// for every other input a case must give (no default, not optional) a
// plausible value: its lower bound, the first enum value, 0, false, "" —
// or, where tables read the input as a key, the first such value (else one
// at the edge of a row) that a row of each covers, so that the case does
// not stop at another table before it reaches the gap.
// Each make_* follows the key back through lets to the inputs it reads and
// returns false when it cannot (a computed key, a value outside an input's
// bounds, two needs of one input that disagree); a false leaves the case
// unusable, so start a new one for the next attempt.
class CounterExample {
 public:
  CounterExample(const CheckedProgram& program, const std::vector<RuleInfo>& rules)
      : prog_(program), rules_(rules) {}

  bool make_integer(const ast::Expr& e, int64_t value, int depth = 0);
  bool make_date(const ast::Expr& e, Date value, int depth = 0);
  // A date expression on some day of `year` (inside the input's bounds).
  bool make_year(const ast::Expr& e, int64_t year, int depth = 0);
  // A table key equal to `point` of the key's domain, numbered as in
  // KeyInterval (numbers by value, enums by ordinal, bool 0/1, dates by day).
  bool make_key(const ast::Expr& e, const Type& key, const Decimal& point, int depth = 0);
  bool make_text(const ast::Expr& e, const std::string& text, int depth = 0);
  // Two expressions equal (`age` = `retirement_age`): both inputs, one value.
  bool make_equal(const ast::Expr& a, const ast::Expr& b);

  // The case, one `input: value` line each in the order the inputs are
  // declared, every line indented by `indent` spaces (a rule test's `input:`).
  std::string yaml(int indent) const;

 public:
  // A key of a table that a lookup gives an input as it is.
  struct KeyUse {
    const TableInfo* table;
    size_t key;
  };

 private:
  std::vector<KeyUse> keys_reading(const InputInfo& in) const;
  std::vector<Decimal> candidates(const InputInfo& in, const std::vector<KeyUse>& uses) const;
  // A point of the input's domain (as in KeyInterval) as the case writes it;
  // nullopt outside its bounds.
  std::optional<std::string> value_text(const InputInfo& in, const Decimal& point) const;
  // The input an expression reads as it is (through lets), or nullptr.
  const InputInfo* input_of(const ast::Expr& e, int depth = 0) const;
  // One input's value, and as a point of its domain where that is known
  // (what the bounds of table cells that read it compare with).
  bool choose(const InputInfo& in, std::string value, std::optional<Decimal> point);
  // The value the case gives an input, as a point: chosen, else its plainest.
  std::optional<Decimal> value_of(const InputInfo& in) const;
  // A cell with the names it reads replaced by the case's values of them.
  std::optional<KeyCell> as_constant(const KeyCell& cell) const;
  // Some row of each table matches the key (the other keys aside).
  bool covered(const std::vector<KeyUse>& uses, const Decimal& point) const;
  std::string plausible(const Type& t, const InputInfo* in) const;

  const CheckedProgram& prog_;
  const std::vector<RuleInfo>& rules_;
  std::map<const InputInfo*, std::string> chosen_;  // input → its YAML value
  std::map<const InputInfo*, Decimal> points_;      // input → its value as a point
};

// Every call in an expression (a table lookup, a builtin), outermost first.
void for_each_call(const ast::Expr& e,
                   const std::function<void(const ast::Expr&, const ast::Call&)>& visit);

// A YAML scalar that reads back as this text (quoted where YAML or the case
// decoder would read it as something else: a number, true, null, `a: b`).
std::string yaml_scalar(const std::string& text);

}  // namespace decree::check_detail
