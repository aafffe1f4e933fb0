// Internal: the checker's working state, shared by the check stage's files.
#pragma once

#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/diagnostics.h"
#include "check/internal/table_analysis.h"
#include "check/program.h"
#include "syntax/builtins.h"

namespace decree::check_detail {

// The type, scale and literal-ness of an expression, as inferred.
struct Inferred {
  Type type;
  int scale = 0;
  bool literal = false;  // an untyped numeric literal (or constant made of them)
};

class Checker {
 public:
  Checker(CheckedProgram& out, Diagnostics& diags) : out_(out), diags_(diags) {}

  // declarations.cpp
  void collect(const std::vector<const ast::Module*>& modules,
               const std::vector<const ParameterSet*>& params);
  // expressions.cpp
  void check_rules();
  void check_input_defaults();
  void check_default_in_bounds(const InputInfo& in);
  // tables.cpp
  void check_tables();
  void check_table_rows(uint32_t table);
  KeyCell table_cell(const ast::KeyPattern& pat, const Type& key);
  // The gap warnings of every table, each (`with_cases`) with a case that
  // reaches the gap through a lookup in the rules, where one can be made.
  void report_table_gaps(bool with_cases);
  // One bound of a cell: a constant point, or (`*reads` set) a name the cell
  // reads, checked against the key's type.
  std::optional<Decimal> table_bound(const ast::Expr& e, const Type& key, const ast::Expr** reads);
  // reach.cpp
  void check_reachable_parameters();
  // check.cpp
  void report_unused();
  void report_unused_parameters();
  void report_unused_enums();

  Type resolve_type(const ast::TypeRef& ref);
  Inferred infer(const ast::Expr& e);
  // calls.cpp
  Inferred infer_call(const ast::Expr& e, const ast::Call& call);
  Inferred infer_table_lookup(const ast::Expr& e, const ast::Call& call, uint32_t table);
  Inferred infer_given(const ast::Expr& e, const ast::Call& call);
  // lists.cpp
  Inferred infer_comprehension(const ast::Expr& e, const ast::Comprehension& comp);
  Inferred infer_fold(const ast::Expr& e, const ast::Comprehension& comp, const BuiltinInfo& b);
  Type item_type(const ast::Comprehension& comp, const Inferred& list, const BuiltinInfo& b);
  void check_where(const ast::Comprehension& comp);
  Inferred infer_list(const ast::Expr& e, const ast::ListLiteral& list);

  CheckedProgram& out_;
  Diagnostics& diags_;

  // Name → index maps.
  std::unordered_map<std::string, uint32_t> enum_by_name_, record_by_name_, input_by_name_,
      rule_by_name_, table_by_name_, param_set_by_alias_;
  // Enum value name → (enum, ordinal); ambiguous names map to several.
  std::unordered_map<std::string, std::vector<std::pair<uint32_t, uint32_t>>> enum_values_;
  // Rules in declaration order (RuleInfo is moved into out_.rules in dependency order at the end).
  std::vector<RuleInfo> rules_;
  enum class State : uint8_t { unchecked, in_progress, done };
  std::vector<State> rule_state_;
  std::vector<uint32_t> order_;       // dependency (post-)order of rule indexes
  std::vector<uint32_t> rule_stack_;  // rules being checked (for cycle reports)
  bool depth_reported_ = false;       // a too-deep chain is reported once
  unsigned table_depth_ = 0;          // tables being checked inside each other
  std::vector<bool> input_used_, rule_used_, table_used_;
  std::vector<bool> table_checked_;
  // Gap warnings found while checking each table's rows, by table index.
  std::vector<std::pair<uint32_t, TableGap>> table_gaps_;
  std::vector<bool> table_in_progress_;  // its rows are being checked: a use now is a cycle
  // Enum keys of a parameter already reported as no value of the lookup's enum.
  std::set<std::pair<const Parameter*, int64_t>> reported_param_keys_;

  // A name bound inside an expression: an aggregate's item, a fold's
  // accumulator, a table's key in its cells.
  struct LoopVar {
    std::string name;
    Type type;
    uint32_t slot;
    // Decimals it may carry: an item or key of money 2 (case inputs carry at
    // most 2), of other numbers unbounded; an accumulator its initial value's.
    int scale = type.kind == Type::Kind::money ? 2 : kInfiniteScale;
    bool literal = false;  // an accumulator that starts from an untyped number
  };
  // Folds whose body is being checked a first time, before their accumulator
  // adapts to it (check/lists.cpp); bounded, since each such nesting doubles
  // the work (beyond, a literal initial value keeps its own type).
  unsigned adapting_folds_ = 0;
  static constexpr unsigned kMaxAdaptingFolds = 4;
  std::vector<LoopVar> scope_;
  // The enum an expression is expected to have (from the other side of a
  // comparison, a declared type, an input's type): a value name that several
  // enums share (`none`) is taken from it. -1: none expected.
  int expected_enum_ = -1;
  Inferred infer_expecting(const ast::Expr& e, const Type& expected) {
    int saved = expected_enum_;
    expected_enum_ = !expected.list && expected.kind == Type::Kind::enumeration
                         ? static_cast<int>(expected.ref)
                         : -1;
    Inferred r = infer(e);
    expected_enum_ = saved;
    return r;
  }
  // A bare name that is only an enum value shared by several enums.
  bool is_shared_enum_value(const ast::Expr& e) const;

  void set(const ast::Expr& e, const Inferred& inf);
  Inferred error_at(const Span& span, const std::string& message);
  Inferred error_at(const Span& span, Message message);
  std::vector<std::string> names_in_scope() const;
  std::string type_name(const Type& t) const { return out_.type_name(t); }
  MessageArg type_arg(std::string key, const Type& t) const {
    return out_.type_arg(std::move(key), t);
  }
};

// A number literal's value; nullopt if it is malformed or beyond the range
// of exact decimals (never throws). In expressions.cpp.
std::optional<Decimal> literal_number(const std::string& text);

// Numeric combination rules (units), in expressions.cpp.
bool is_money(const Type& t);
int add_scales(int a, int b);
// The common type of two values that are added, compared or chosen between;
// an error type if they do not mix (an untyped literal adapts to the other side).
Type common_type(const Inferred& a, const Inferred& b);
// Names of things that are not values: they can only be used in place
// (p.x[key], t(keys).column, Enum.value, round's mode), never passed around.
bool is_value(const Type& t);
// Why such a name is not a value, and what to write instead.
Message not_a_value(const Type& t);

}  // namespace decree::check_detail
