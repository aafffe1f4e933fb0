// Every route of the service, in one table: the router answers 404/405 from
// it, and the OpenAPI document (serve/openapi.json) is checked against it
// in a test, so that neither can drift from the other.
#pragma once

#include <string_view>
#include <vector>

namespace decree::serve {

struct RouteInfo {
  std::string_view method;  // "GET", "POST"
  std::string_view path;    // OpenAPI path template: "/v1/rulesets/{name}/evaluate"
  // Who may call it: "public" (no token), "any" (any role's token), or the
  // roles, comma-separated: "caseworker,analyst,admin".
  std::string_view who;
};

const std::vector<RouteInfo>& route_table();

// The review page's routes (serve/review_routes.cpp): HTML for browsers,
// signed in by a cookie rather than a bearer token. Not part of the API, so
// not in the OpenAPI document nor in route_table(); "public" here means
// that no session is needed.
const std::vector<RouteInfo>& page_table();

}  // namespace decree::serve
