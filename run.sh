#!/usr/bin/env bash
# Install what is missing, build, and run the main job: one work-injury case
# evaluated on the shipped Jilin rules as of a payment date, with its
# explanation. The case (fixtures/jilin/cases/grade5-2022.json) is a grade 5
# injury of 2022 without suitable work: a one-off 一次性伤残补助金 from the
# fund and a monthly 伤残津贴 from the employer; every figure it reads is
# sourced (its hand calculation is the last test in
# fixtures/jilin/benefits/disability.yaml).
set -euo pipefail
cd "$(dirname "$0")"
.ci/build.sh
build/bin/decree eval rules/jilin/work-injury-benefits --case fixtures/jilin/cases/grade5-2022.json \
  --as-of 2023-03-01 --explain
