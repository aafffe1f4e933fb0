// The workflow commands' client of `decree serve` (decree propose, review,
// publish, withdraw, proposals): one request, its answer. http:// or
// https:// (the server's certificate checked against the system's CAs, or
// the file given with --cacert, and its host name).
#pragma once

#include <string>

namespace decree::cli {

struct HttpAnswer {
  int status = 0;  // 0: no answer (`error` says why)
  std::string content_type, body;
  std::string error;
};

struct HttpTarget {
  std::string server;  // http://127.0.0.1:8080 (a path after the port is not allowed)
  std::string token;   // the bearer token
  std::string cacert;  // https: a CA file to trust instead of the system's
  std::string lang;    // Accept-Language: "zh" or "en"
};

HttpAnswer http_call(const HttpTarget& to, const std::string& method, const std::string& target,
                     const std::string& body = "");

}  // namespace decree::cli
