#!/bin/sh
# ctest serve.review_page_browser: the review page of a real `decree serve`
# driven in headless Chromium (tests/browser/review_page.mjs).
#   tests/browser/run.sh DECREE SOURCE_DIR
# Needs Node.js, puppeteer-core installed in tests/browser/node_modules
# (.ci/build.sh runs `npm ci --prefix tests/browser`) and Debian's chromium
# (.ci/build.sh installs it; $CHROMIUM names another one). Without one of
# them it exits 77, which ctest reports as skipped, with the reason here.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v node > /dev/null 2>&1; then
  echo "serve.review_page_browser: SKIPPED: node not found: install Node.js (.ci/build.sh does)" >&2
  exit 77
fi
if [ ! -f "$here/node_modules/puppeteer-core/package.json" ]; then
  echo "serve.review_page_browser: SKIPPED: puppeteer-core is not installed in $here/node_modules:" \
       "run npm ci --prefix tests/browser --no-audit --no-fund (.ci/build.sh tries)" >&2
  exit 77
fi
browser=${CHROMIUM:-}
if [ -z "$browser" ]; then
  for b in chromium chromium-browser; do
    if command -v "$b" > /dev/null 2>&1; then
      browser=$(command -v "$b")
      break
    fi
  done
fi
if [ -z "$browser" ] || [ ! -x "$browser" ]; then
  echo "serve.review_page_browser: SKIPPED: no Chromium found: apt-get install chromium" \
       "(.ci/build.sh does) or set CHROMIUM to one" >&2
  exit 77
fi
CHROMIUM=$browser exec node "$here/review_page.mjs" "$@"
