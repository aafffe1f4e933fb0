// Internal: what a Session keeps between cases.
#pragma once

#include <simdjson.h>

#include <optional>
#include <string>
#include <vector>

#include "api/decree.h"
#include "eval/evaluator.h"
#include "eval/trace.h"

namespace decree {

struct SessionState {
  explicit SessionState(const RuleSet& rules);
  const RuleSet& rules;
  EvalState eval;
  simdjson::ondemand::parser parser;
  std::string buffer;                               // the case's JSON with simdjson's padding
  std::vector<std::unique_ptr<std::string>> texts;  // text values inside records
  size_t texts_used = 0;
  Trace trace;
  bool traced = false;
  bool evaluated = false;
  std::optional<CaseError> failure;  // the last evaluation's rule error (for a partial trace)
  std::optional<Date> as_of;
  int case_id_slot = -1;
  std::vector<std::string> output_keys;                     // "\"own_wage\":" prefixes, made once
  std::vector<std::optional<EvalFailure>> output_failures;  // partial evaluation
  std::vector<std::optional<CaseError>> output_errors;
  std::string provenance;  // ,"ruleset":"…","version":"…","rules_hash":"…"[,"param_overrides":{…}]
};

// session.cpp: sets `err` to an input error with a catalogued message (at a
// 1-based line and column of the case text, if known).
void input_error(CaseError& err, std::string pointer, Message m, uint32_t line = 0,
                 uint32_t col = 0);
// decode_json.cpp: fills the state's inputs from a JSON object.
bool decode_case_json(SessionState& s, std::string_view json, CaseError& err);
// decode_json.cpp: the string in a case's top-level field, if present.
std::optional<std::string> find_string_field(std::string_view json, std::string_view field);
// decode_json.cpp: the date in a case's top-level field `field`, if present and valid.
std::optional<Date> find_date_field(std::string_view json, const std::string& field);

}  // namespace decree
