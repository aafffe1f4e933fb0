#include "serve/problem.h"

#include "eval/format.h"

namespace decree::serve {

std::string problem_json(const Problem& p) {
  std::string out = "{\"type\":";
  // A URI that names the code; it need not resolve (RFC 9457 §3.1.1).
  append_json_string(out, "urn:decree:problem:" + p.code);
  out += ",\"title\":";
  append_json_string(out, p.title);
  out += ",\"status\":" + std::to_string(p.status) + ",\"code\":";
  append_json_string(out, p.code);
  if (!p.detail.empty()) {
    out += ",\"detail\":";
    append_json_string(out, p.detail);
  }
  if (!p.pointer.empty()) {
    out += ",\"pointer\":";
    append_json_string(out, p.pointer);
  }
  if (!p.location.empty()) {
    out += ",\"location\":";
    append_json_string(out, p.location);
  }
  if (!p.decision_id.empty()) {
    out += ",\"decision_id\":";
    append_json_string(out, p.decision_id);
  }
  out += "}";
  return out;
}

Problem localized(Lang lang, int status, std::string code, Code title, const Message& detail) {
  return Problem(status, std::move(code), message_text({title, {}}, lang),
                 detail.code == Code::none ? std::string() : message_text(detail, lang));
}

}  // namespace decree::serve
