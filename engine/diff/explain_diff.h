// Why one case changed (`decree diff --case ID`): the case is evaluated with
// explanations under both versions and the two derivations are compared rule
// by rule. For each rule the case needed (in either version): its value, its
// formula, citation and payer, the values it read, the parameter values and
// the table rows it used, each marked when the two versions differ. A rule
// whose value changed although every value it read is the same is where a
// change originates ("here": its formula, a table row or a parameter value
// differs); one whose value changed because something it read changed is
// marked "reads".
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "api/decree.h"
#include "diff/diff.h"

namespace decree::diff {

struct FoundCase {
  CaseRef where;
  std::string json;  // the case as a JSON object
};

// The first case whose `case_id` is `id`, scanning the inputs in order
// (CSV cells are typed by `rule_sets`' inputs). Problems opening or reading
// the files go to `errors`.
std::optional<FoundCase> find_case(const std::vector<InputFile>& inputs, const std::string& id,
                                   const std::vector<const RuleSet*>& rule_sets,
                                   std::vector<Message>& errors);

struct CaseSide {
  bool ok = false;
  CaseError error;                                           // when !ok
  std::vector<std::pair<std::string, std::string>> outputs;  // name → value text
  nlohmann::ordered_json explanation;                        // explain_json(), parsed (null if !ok)
};

struct ValueDiff {  // a value read by a rule
  std::string kind, name;
  std::optional<std::string> base, candidate;
  bool differs = false;
};

struct ParamDiff {
  std::string name, key;
  std::optional<std::string> base, candidate;  // values
  std::string base_from, candidate_from;       // applies_from
  std::string base_reference, candidate_reference;
  std::string base_location, candidate_location;  // where the value is written (file:line)
  bool differs = false;  // value, applies_from or reference differ, or one side lacks it
};

struct TableRowDiff {
  std::string table, keys;  // keys as "grade=8, level=full"
  std::optional<int> base_row, candidate_row;
  std::string base_text, candidate_text;
  std::string base_location, candidate_location;  // where the row is written (file:line)
  bool differs = false;
};

struct StepDiff {
  std::string rule, kind, type;
  bool in_base = false, in_candidate = false;
  std::string base_value, candidate_value;
  std::string base_formula, candidate_formula;
  std::string base_citation, candidate_citation;
  std::string base_payer, candidate_payer;
  std::string base_location, candidate_location;  // file:line
  bool value_differs = false, formula_differs = false, citation_differs = false,
       payer_differs = false;
  std::vector<ValueDiff> reads;
  std::vector<ParamDiff> parameters;
  std::vector<TableRowDiff> table_rows;
  // "" (nothing differs), "here" (the change starts in this rule), "reads"
  // (a value it read changed), "added" / "removed" (needed by one version only),
  // "derivation" (same value, but a formula, row, parameter or citation differs).
  // Empty throughout when one version fails for the case (see CaseSide::error).
  std::string cause;
  bool differs() const { return !cause.empty(); }
};

struct OutputDiff {
  std::string name;
  std::optional<std::string> base, candidate;
  std::optional<std::string> difference;  // numeric outputs in both versions
  bool differs = false;
};

struct CaseComparison {
  CaseRef where;
  std::string input_json;
  CaseSide base, candidate;
  std::vector<OutputDiff> outputs;
  std::vector<StepDiff> steps;  // base order, the candidate's new rules after what they follow
};

CaseComparison compare_case(const RuleSet& base, const RuleSet& candidate, const FoundCase& found,
                            const EvalOptions& options);

}  // namespace decree::diff
