#!/usr/bin/env bash
# Install what is missing, build, and evaluate the sample wi-bench case with its explanation.
set -euo pipefail
cd "$(dirname "$0")"
.ci/build.sh
build/bin/decree eval fixtures/bench/wi-bench --case fixtures/bench/wi-bench/cases/sample.json --explain
