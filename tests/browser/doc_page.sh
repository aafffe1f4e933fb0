#!/bin/sh
# ctest doc.site_browser: a page of the Jilin rules' documentation site
# (decree doc) in headless Chromium, checking that its Chinese renders
# (tests/browser/doc_page.mjs).
#   tests/browser/doc_page.sh DECREE SOURCE_DIR
# Needs what run.sh needs (Node.js, puppeteer-core in tests/browser/
# node_modules, Debian's chromium or $CHROMIUM) and a CJK font (.ci/build.sh
# installs fonts-wqy-microhei); without one of them it exits 77, which ctest
# reports as skipped, with the reason here.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v node > /dev/null 2>&1; then
  echo "doc.site_browser: SKIPPED: node not found: install Node.js (.ci/build.sh does)" >&2
  exit 77
fi
if [ ! -f "$here/node_modules/puppeteer-core/package.json" ]; then
  echo "doc.site_browser: SKIPPED: puppeteer-core is not installed in $here/node_modules:" \
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
  echo "doc.site_browser: SKIPPED: no Chromium found: apt-get install chromium" \
       "(.ci/build.sh does) or set CHROMIUM to one" >&2
  exit 77
fi
if command -v fc-list > /dev/null 2>&1 && [ -z "$(fc-list :lang=zh family)" ]; then
  echo "doc.site_browser: SKIPPED: no Chinese font: apt-get install fonts-wqy-microhei" \
       "(.ci/build.sh does)" >&2
  exit 77
fi
CHROMIUM=$browser exec node "$here/doc_page.mjs" "$@"
