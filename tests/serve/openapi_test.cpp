// The OpenAPI document built into the service (serve/openapi.h) against the
// route table (serve/routes.h), so that neither drifts from the other: the
// same operations (method and path), `security: []` exactly on the public
// routes, `x-decree-roles` equal to the table's `who`, a 401 on every route
// that needs a token, and every path parameter declared. Each check is a
// function that lists what it found; the OpenApiChecks tests break a copy of
// the document (or of the table) and expect each check to say so.
#include "serve/openapi.h"

#include <gtest/gtest.h>

#include <cctype>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "serve/routes.h"

namespace decree::serve {
namespace {

using nlohmann::json;
using Problems = std::vector<std::string>;

const std::set<std::string> kMethods = {"get",     "put",  "post",  "delete",
                                        "options", "head", "patch", "trace"};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string join(const Problems& problems) {
  std::string out;
  for (const auto& p : problems) out += "\n  " + p;
  return out;
}

json parse_document() { return json::parse(openapi_document()); }

// A `$ref` to this document ("#/components/..."), followed; other nodes as
// they are. A reference that does not resolve gives null.
const json& resolve(const json& doc, const json& node) {
  static const json null;
  if (!node.is_object() || !node.contains("$ref")) return node;
  const std::string ref = node["$ref"].get<std::string>();
  if (ref.rfind("#/", 0) != 0) return null;
  const json::json_pointer pointer(ref.substr(1));
  return doc.contains(pointer) ? resolve(doc, doc[pointer]) : null;
}

// The operation `method path` of the document, or nullptr.
const json* operation(const json& doc, std::string_view method, std::string_view path) {
  if (!doc.contains("paths") || !doc["paths"].contains(std::string(path))) return nullptr;
  const json& item = doc["paths"][std::string(path)];
  const std::string m = lower(method);
  return item.contains(m) && item[m].is_object() ? &item[m] : nullptr;
}

std::string name_of(const RouteInfo& r) {
  return std::string(r.method) + " " + std::string(r.path);
}

// Routes of the table that are not an operation of the document.
Problems missing_operations(const json& doc, const std::vector<RouteInfo>& routes) {
  Problems out;
  for (const auto& r : routes)
    if (!operation(doc, r.method, r.path))
      out.push_back(name_of(r) + ": in the route table, not in the document");
  return out;
}

// Operations of the document that are not routes of the table.
Problems extra_operations(const json& doc, const std::vector<RouteInfo>& routes) {
  std::set<std::string> table;
  for (const auto& r : routes) table.insert(name_of(r));
  Problems out;
  for (const auto& [path, item] : doc["paths"].items())
    for (const auto& [key, value] : item.items())
      if (kMethods.count(key) && !table.count(upper(key) + " " + path))
        out.push_back(upper(key) + " " + path + ": in the document, not in the route table");
  return out;
}

// Public routes have `security: []`; every other one needs the bearer
// token: it has no empty `security`, and what applies to it (its own or the
// document's) names the bearer scheme, an HTTP bearer scheme of the
// document's components.
Problems security_problems(const json& doc, const std::vector<RouteInfo>& routes) {
  Problems out;
  const json& schemes =
      doc.value(json::json_pointer("/components/securitySchemes"), json::object());
  for (const auto& r : routes) {
    const json* op = operation(doc, r.method, r.path);
    if (!op) continue;  // missing_operations says so
    const bool empty = op->contains("security") && (*op)["security"] == json::array();
    if (r.who == "public") {
      if (!empty) out.push_back(name_of(r) + ": public, but has no `security: []`");
      continue;
    }
    if (empty) {
      out.push_back(name_of(r) + ": needs a token (" + std::string(r.who) +
                    "), but has `security: []`");
      continue;
    }
    const json& applied =
        op->contains("security") ? (*op)["security"] : doc.value("security", json::array());
    bool bearer = false;
    for (const auto& requirement : applied)
      for (const auto& [scheme, scopes] : requirement.items())
        if (schemes.contains(scheme) && schemes[scheme].value("type", "") == "http" &&
            lower(schemes[scheme].value("scheme", "")) == "bearer")
          bearer = true;
    if (!bearer) out.push_back(name_of(r) + ": needs a token, but no bearer scheme applies");
  }
  return out;
}

// `x-decree-roles` of each operation is the table's `who`.
Problems role_problems(const json& doc, const std::vector<RouteInfo>& routes) {
  Problems out;
  for (const auto& r : routes) {
    const json* op = operation(doc, r.method, r.path);
    if (!op) continue;
    if (!op->contains("x-decree-roles"))
      out.push_back(name_of(r) + ": no x-decree-roles (the table says " + std::string(r.who) + ")");
    else if ((*op)["x-decree-roles"] != std::string(r.who))
      out.push_back(name_of(r) + ": x-decree-roles is " + (*op)["x-decree-roles"].dump() +
                    ", the table says " + std::string(r.who));
  }
  return out;
}

// Every route that needs a token lists its 401, which sends
// `WWW-Authenticate`; a public one lists none.
Problems unauthenticated_problems(const json& doc, const std::vector<RouteInfo>& routes) {
  Problems out;
  for (const auto& r : routes) {
    const json* op = operation(doc, r.method, r.path);
    if (!op) continue;
    const json& responses = op->value("responses", json::object());
    const bool has = responses.contains("401");
    if (r.who == "public") {
      if (has) out.push_back(name_of(r) + ": public, but lists a 401");
      continue;
    }
    if (!has) {
      out.push_back(name_of(r) + ": needs a token, but lists no 401");
      continue;
    }
    const json& response = resolve(doc, responses["401"]);
    bool challenge = false;
    if (response.is_object() && response.contains("headers"))
      for (const auto& [header, value] : response["headers"].items())
        if (lower(header) == "www-authenticate") challenge = true;
    if (!challenge) out.push_back(name_of(r) + ": its 401 does not send WWW-Authenticate");
  }
  return out;
}

// The names between braces in a path template: "/v1/rulesets/{name}/x" → name.
std::vector<std::string> template_names(std::string_view path) {
  std::vector<std::string> out;
  for (size_t open = path.find('{'); open != std::string_view::npos;
       open = path.find('{', open + 1)) {
    const size_t close = path.find('}', open);
    if (close == std::string_view::npos) break;
    out.emplace_back(path.substr(open + 1, close - open - 1));
  }
  return out;
}

// Each path parameter of a template is declared (on the path or on the
// operation, `in: path`, `required: true`), and no operation declares a
// path parameter its template does not have.
Problems path_parameter_problems(const json& doc) {
  Problems out;
  for (const auto& [path, item] : doc["paths"].items()) {
    const std::vector<std::string> names = template_names(path);
    const std::set<std::string> in_template(names.begin(), names.end());
    auto declared = [&](const json& node, std::set<std::string>& found) {
      for (const auto& p : node.value("parameters", json::array())) {
        const json& param = resolve(doc, p);
        if (!param.is_object() || param.value("in", "") != "path") continue;
        const std::string name = param.value("name", "");
        found.insert(name);
        if (!param.value("required", false))
          out.push_back(path + ": path parameter " + name + " is not required: true");
        if (!in_template.count(name))
          out.push_back(path + ": declares path parameter " + name + ", not in the template");
      }
    };
    std::set<std::string> on_path;
    declared(item, on_path);
    for (const auto& [key, op] : item.items()) {
      if (!kMethods.count(key)) continue;
      std::set<std::string> found = on_path;
      declared(op, found);
      for (const auto& name : names)
        if (!found.count(name))
          out.push_back(upper(key) + " " + path + ": path parameter {" + name +
                        "} is not declared");
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// The document as built.

TEST(OpenApi, IsTheFileOfTheSourceTree) {
  std::ifstream in(DECREE_SOURCE_DIR "/engine/serve/openapi.json", std::ios::binary);
  ASSERT_TRUE(in) << "cannot read engine/serve/openapi.json";
  std::stringstream bytes;
  bytes << in.rdbuf();
  // Byte for byte (UTF-8 included): the build embedded the current file.
  EXPECT_EQ(openapi_document(), bytes.str());
}

TEST(OpenApi, IsOpenApi31) {
  json doc;
  ASSERT_NO_THROW(doc = parse_document());
  EXPECT_EQ(doc.value("openapi", ""), "3.1.0");
  EXPECT_FALSE(doc["info"].value("title", "").empty());
  EXPECT_FALSE(doc["info"].value("version", "").empty());
  ASSERT_TRUE(doc.contains("paths"));
}

TEST(OpenApi, EveryRouteIsAnOperation) {
  const Problems p = missing_operations(parse_document(), route_table());
  EXPECT_TRUE(p.empty()) << join(p);
}

TEST(OpenApi, EveryOperationIsARoute) {
  const Problems p = extra_operations(parse_document(), route_table());
  EXPECT_TRUE(p.empty()) << join(p);
}

TEST(OpenApi, OnlyPublicRoutesGoWithoutAToken) {
  const Problems p = security_problems(parse_document(), route_table());
  EXPECT_TRUE(p.empty()) << join(p);
}

TEST(OpenApi, RolesAreTheRouteTables) {
  const Problems p = role_problems(parse_document(), route_table());
  EXPECT_TRUE(p.empty()) << join(p);
}

TEST(OpenApi, EveryRouteWithATokenLists401) {
  const Problems p = unauthenticated_problems(parse_document(), route_table());
  EXPECT_TRUE(p.empty()) << join(p);
}

TEST(OpenApi, PathParametersAreDeclared) {
  const Problems p = path_parameter_problems(parse_document());
  EXPECT_TRUE(p.empty()) << join(p);
}

// ---------------------------------------------------------------------------
// Each check can fail: a broken copy of the document (or of the table), and
// the check that must find it.

json without(json doc, const std::string& pointer) {
  const json::json_pointer p(pointer);
  doc[p.parent_pointer()].erase(p.back());
  return doc;
}

TEST(OpenApiChecks, AnOperationMissingFromTheDocument) {
  const json doc = without(parse_document(), "/paths/~1v1~1admin~1reload/post");
  EXPECT_EQ(missing_operations(doc, route_table()),
            Problems{"POST /v1/admin/reload: in the route table, not in the document"});
}

TEST(OpenApiChecks, ARouteMissingFromTheDocument) {
  std::vector<RouteInfo> routes = route_table();
  routes.push_back({"DELETE", "/v1/rulesets/{name}", "admin"});
  EXPECT_EQ(missing_operations(parse_document(), routes),
            Problems{"DELETE /v1/rulesets/{name}: in the route table, not in the document"});
}

TEST(OpenApiChecks, AnOperationUnderAnotherMethod) {
  json doc = parse_document();
  json& item = doc["paths"]["/v1/rulesets/{name}/evaluate"];
  item["put"] = item["post"];
  item.erase("post");
  EXPECT_EQ(missing_operations(doc, route_table()),
            Problems{"POST /v1/rulesets/{name}/evaluate: in the route table, not in the document"});
  EXPECT_EQ(extra_operations(doc, route_table()),
            Problems{"PUT /v1/rulesets/{name}/evaluate: in the document, not in the route table"});
}

TEST(OpenApiChecks, AnOperationOutsideTheTable) {
  json doc = parse_document();
  doc["paths"]["/v1/whatif"]["post"] = doc["paths"]["/v1/admin/reload"]["post"];
  EXPECT_EQ(extra_operations(doc, route_table()),
            Problems{"POST /v1/whatif: in the document, not in the route table"});
}

TEST(OpenApiChecks, APublicRouteWithoutEmptySecurity) {
  const json doc = without(parse_document(), "/paths/~1healthz/get/security");
  EXPECT_EQ(security_problems(doc, route_table()),
            Problems{"GET /healthz: public, but has no `security: []`"});
}

TEST(OpenApiChecks, ARouteWithATokenMadePublic) {
  json doc = parse_document();
  doc["paths"]["/v1/audit/records"]["get"]["security"] = json::array();
  EXPECT_EQ(
      security_problems(doc, route_table()),
      Problems{"GET /v1/audit/records: needs a token (auditor,admin), but has `security: []`"});
}

TEST(OpenApiChecks, NoBearerSchemeApplies) {
  const json doc = without(parse_document(), "/security");
  const Problems p = security_problems(doc, route_table());
  size_t with_token = 0;  // every route that is not public
  for (const auto& r : route_table()) with_token += r.who != "public";
  EXPECT_EQ(with_token, 15u);
  EXPECT_EQ(p.size(), with_token) << join(p);
  ASSERT_FALSE(p.empty());
  EXPECT_EQ(p[0], "GET /metrics: needs a token, but no bearer scheme applies");
}

TEST(OpenApiChecks, RolesThatDifferFromTheTable) {
  json doc = parse_document();
  doc["paths"]["/v1/rulesets/{name}/batch"]["post"]["x-decree-roles"] = "caseworker,analyst,admin";
  doc["paths"]["/metrics"]["get"].erase("x-decree-roles");
  EXPECT_EQ(role_problems(doc, route_table()),
            (Problems{"GET /metrics: no x-decree-roles (the table says any)",
                      "POST /v1/rulesets/{name}/batch: x-decree-roles is "
                      "\"caseworker,analyst,admin\", the table says analyst,admin"}));
}

TEST(OpenApiChecks, ARouteWithATokenWithout401) {
  const json doc = without(parse_document(), "/paths/~1metrics/get/responses/401");
  EXPECT_EQ(unauthenticated_problems(doc, route_table()),
            Problems{"GET /metrics: needs a token, but lists no 401"});
}

TEST(OpenApiChecks, A401WithoutItsChallenge) {
  const json doc =
      without(parse_document(), "/components/responses/Unauthenticated/headers/WWW-Authenticate");
  const Problems p = unauthenticated_problems(doc, route_table());
  EXPECT_EQ(p.size(), 15u) << join(p);  // every route that is not public
  ASSERT_FALSE(p.empty());
  EXPECT_EQ(p[0], "GET /metrics: its 401 does not send WWW-Authenticate");
}

TEST(OpenApiChecks, APublicRouteWith401) {
  json doc = parse_document();
  doc["paths"]["/readyz"]["get"]["responses"]["401"] = {
      {"$ref", "#/components/responses/Unauthenticated"}};
  EXPECT_EQ(unauthenticated_problems(doc, route_table()),
            Problems{"GET /readyz: public, but lists a 401"});
}

TEST(OpenApiChecks, AnUndeclaredPathParameter) {
  const json doc = without(parse_document(), "/paths/~1v1~1rulesets~1{name}~1schema/parameters");
  EXPECT_EQ(path_parameter_problems(doc),
            Problems{"GET /v1/rulesets/{name}/schema: path parameter {name} is not declared"});
}

TEST(OpenApiChecks, APathParameterOfAnotherName) {
  json doc = parse_document();
  doc["paths"]["/v1/rulesets/{name}/batch"]["parameters"] =
      json::array({{{"name", "ruleset"},
                    {"in", "path"},
                    {"required", true},
                    {"schema", {{"type", "string"}}}}});
  EXPECT_EQ(path_parameter_problems(doc),
            (Problems{"/v1/rulesets/{name}/batch: declares path parameter ruleset, not in the "
                      "template",
                      "POST /v1/rulesets/{name}/batch: path parameter {name} is not declared"}));
}

TEST(OpenApiChecks, APathParameterThatIsNotRequired) {
  json doc = parse_document();
  doc["components"]["parameters"]["RuleSetName"]["required"] = false;
  const Problems p = path_parameter_problems(doc);
  EXPECT_EQ(p.size(), 4u) << join(p);  // schema, parameters, evaluate, batch
  ASSERT_FALSE(p.empty());
  EXPECT_EQ(p[0], "/v1/rulesets/{name}/batch: path parameter name is not required: true");
}

}  // namespace
}  // namespace decree::serve
