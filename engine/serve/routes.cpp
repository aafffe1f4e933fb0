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
  };
  return routes;
}

}  // namespace decree::serve
