#include "serve/routes.h"

namespace decree::serve {

const std::vector<RouteInfo>& route_table() {
  static const std::vector<RouteInfo> routes = {
      {"GET", "/healthz", "public"},
      {"GET", "/readyz", "public"},
      {"GET", "/v1/openapi.json", "public"},
      {"GET", "/metrics", "any"},
      {"GET", "/v1/rulesets", "any"},
      {"GET", "/v1/rulesets/{name}/schema", "any"},
      {"GET", "/v1/rulesets/{name}/parameters", "any"},
      {"POST", "/v1/rulesets/{name}/evaluate", "caseworker,analyst,admin"},
      {"POST", "/v1/rulesets/{name}/batch", "analyst,admin"},
      {"GET", "/v1/audit/records", "auditor,admin"},
      {"POST", "/v1/admin/reload", "admin"},
      {"GET", "/v1/proposals", "author,reviewer,publisher,auditor,admin"},
      {"POST", "/v1/proposals", "author,admin"},
      {"GET", "/v1/proposals/{id}", "author,reviewer,publisher,auditor,admin"},
      {"PUT", "/v1/proposals/{id}", "author,admin"},
      {"GET", "/v1/proposals/{id}/report", "author,reviewer,publisher,auditor,admin"},
      {"POST", "/v1/proposals/{id}/review", "reviewer,admin"},
      {"POST", "/v1/proposals/{id}/publish", "publisher,admin"},
  };
  return routes;
}

const std::vector<RouteInfo>& page_table() {
  static const std::vector<RouteInfo> routes = {
      {"GET", "/review", "author,reviewer,publisher,auditor,admin"},
      {"POST", "/review/sign-in", "public"},
      {"POST", "/review/sign-out", "public"},
      {"GET", "/review/{id}", "author,reviewer,publisher,auditor,admin"},
      {"GET", "/review/{id}/report", "author,reviewer,publisher,auditor,admin"},
      {"POST", "/review/{id}", "reviewer,admin"},
  };
  return routes;
}

}  // namespace decree::serve
