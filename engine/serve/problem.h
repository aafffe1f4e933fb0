// RFC 9457 problem details (application/problem+json): every error the
// service answers, with a stable code and, for bad input, the JSON pointer
// of the field.
#pragma once

#include <string>

#include "base/messages.h"

namespace decree::serve {

struct Problem {
  Problem() = default;
  Problem(int status_, std::string code_, std::string title_, std::string detail_ = {})
      : status(status_),
        code(std::move(code_)),
        title(std::move(title_)),
        detail(std::move(detail_)) {}
  int status = 400;
  std::string code;         // stable, English: "case_missing_field", "ruleset_not_found"
  std::string title;        // short, in English (RFC 9457: does not change per occurrence)
  std::string detail;       // this occurrence, in the caller's language
  std::string pointer;      // RFC 6901 pointer into the request body, or empty
  std::string location;     // a rule error: path:line:col of the failing expression
  std::string decision_id;  // an evaluation that failed: the id of its audit record
};

// {"type":"urn:decree:problem:<code>","title":…,"status":…,"code":…,…}
std::string problem_json(const Problem& p);

// A problem whose title and detail are catalogue messages, in `lang`.
Problem localized(Lang lang, int status, std::string code, Code title, const Message& detail);

}  // namespace decree::serve
