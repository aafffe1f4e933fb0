#!/usr/bin/env bash
# Shared step of ./run.sh and ./test.sh: install the Debian 12 packages that are
# missing (apt-get only when some are), then configure and build into build/.
# Idempotent: a second run installs nothing and rebuilds only what changed.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(cmake g++ make pkg-config antlr4 default-jre-headless libantlr4-runtime-dev uuid-dev
          libboost-dev libyaml-cpp-dev libspdlog-dev libgtest-dev libgmock-dev googletest
          libbenchmark-dev libcli11-dev nlohmann-json3-dev libsimdjson-dev libssl-dev libsqlite3-dev libpq-dev postgresql python3 python3-jsonschema time
          curl
          # The review page's browser test (tests/browser, ctest serve.review_page_browser),
          # and a CJK font for its screenshot's 中文.
          chromium fonts-wqy-microhei)
# The OpenAPI linter (tests/openapi, ctest serve.openapi_lint) runs on Node.js:
# Debian's nodejs 18 and npm when there is no node yet. A node installed
# otherwise (NodeSource's bundles npm, and conflicts with Debian's npm) is
# used as it is.
if ! command -v node > /dev/null || ! command -v npm > /dev/null; then
  packages+=(nodejs npm)
fi
missing=()
for p in "${packages[@]}"; do
  [[ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)" == installed ]] || missing+=("$p")
done
if ((${#missing[@]})); then
  as_root=()
  [[ "$(id -u)" == 0 ]] || as_root=(sudo)
  echo "installing: ${missing[*]}"
  "${as_root[@]}" apt-get update
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y --no-install-recommends "${missing[@]}"
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE="${CMAKE_BUILD_TYPE:-RelWithDebInfo}"
cmake --build build -j"$(nproc)"

# The OpenAPI linter pinned in tests/openapi/package-lock.json, installed
# when node_modules is missing or older than the lock file (npm ci writes
# node_modules/.package-lock.json last).
lock=tests/openapi/package-lock.json
if [[ ! -e tests/openapi/node_modules/.package-lock.json ||
      $lock -nt tests/openapi/node_modules/.package-lock.json ]]; then
  # Not fatal: the build and the main job do not need it. Without it the
  # lint test is reported as skipped, saying why.
  if ! npm ci --prefix tests/openapi --no-audit --no-fund; then
    echo "warning: the OpenAPI linter (tests/openapi) could not be installed from the npm" \
         "registry; ctest serve.openapi_lint is skipped until" \
         "\`npm ci --prefix tests/openapi\` succeeds" >&2
  fi
fi

# The same for the review page's browser test (tests/browser): puppeteer-core
# only, which downloads no browser (Debian's chromium, above, is driven).
lock=tests/browser/package-lock.json
if [[ ! -e tests/browser/node_modules/.package-lock.json ||
      $lock -nt tests/browser/node_modules/.package-lock.json ]]; then
  if ! npm ci --prefix tests/browser --no-audit --no-fund; then
    echo "warning: puppeteer-core (tests/browser) could not be installed from the npm" \
         "registry; ctest serve.review_page_browser is skipped until" \
         "\`npm ci --prefix tests/browser\` succeeds" >&2
  fi
fi

# The editor extension (editors/vscode): its packages, for the grammar test
# (vscode-textmate, vscode-oniguruma) and for packaging it (vsce).
lock=editors/vscode/package-lock.json
if [[ ! -e editors/vscode/node_modules/.package-lock.json ||
      $lock -nt editors/vscode/node_modules/.package-lock.json ]]; then
  if ! npm ci --prefix editors/vscode --no-audit --no-fund; then
    echo "warning: the editor extension's packages (editors/vscode) could not be installed" \
         "from the npm registry; ctest editors.vscode.grammar is skipped until" \
         "\`npm ci --prefix editors/vscode\` succeeds" >&2
  fi
fi
