// The OpenAPI 3.1 document of the service (serve/openapi.json), built into
// the binary so that `GET /v1/openapi.json` answers the document this build
// was made with. tests/serve/openapi_test.cpp checks it against the route
// table (serve/routes.h), and `ctest -R serve.openapi_lint` lints it.
#pragma once

#include <string_view>

namespace decree::serve {

// The document's bytes exactly as in engine/serve/openapi.json (UTF-8 JSON).
// Generated at build time by engine/serve/embed_openapi.cmake.
std::string_view openapi_document();

}  // namespace decree::serve
