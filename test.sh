#!/usr/bin/env bash
# Install what is missing, build, and run every test: the unit tests and the
# fixture checks (tests/fixtures/) are all registered with ctest.
set -euo pipefail
cd "$(dirname "$0")"
.ci/build.sh
ctest --test-dir build --output-on-failure -j2
