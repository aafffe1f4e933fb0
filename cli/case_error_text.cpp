#include "cli/case_error_text.h"

namespace decree::cli {

std::string describe(const CaseError& err) {
  std::string text;
  if (!err.pointer.empty()) text += err.pointer + ": ";
  text += err.message;
  if (!err.rule.empty() || !err.location.empty()) {
    text += " (";
    if (!err.rule.empty()) text += "in rule " + err.rule;
    if (!err.rule.empty() && !err.location.empty()) text += ' ';
    if (!err.location.empty()) text += "at " + err.location;
    text += ')';
  }
  return text;
}

}  // namespace decree::cli
