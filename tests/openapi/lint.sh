#!/bin/sh
# ctest serve.openapi_lint: `redocly lint` of the service's OpenAPI document
# with the linter pinned in tests/openapi/package.json and installed in
# tests/openapi/node_modules (.ci/build.sh runs `npm ci --prefix tests/openapi`).
#   tests/openapi/lint.sh OPENAPI.json REDOCLY.yaml   (in tests/openapi)
# Without the linter (npm's registry could not be reached when .ci/build.sh
# ran) it exits 77, which ctest reports as skipped, with the reason here.
set -eu
if ! command -v npx > /dev/null 2>&1; then
  echo "serve.openapi_lint: npx not found: install Node.js and npm (.ci/build.sh does)" >&2
  exit 1
fi
if [ ! -x node_modules/.bin/redocly ]; then
  echo "serve.openapi_lint: SKIPPED: the linter is not installed in $(pwd)/node_modules:" \
       "run npm ci --prefix tests/openapi --no-audit --no-fund (.ci/build.sh tries)" >&2
  exit 77
fi
exec npx --no-install redocly lint "$1" --config "$2"
