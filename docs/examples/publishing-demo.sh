#!/usr/bin/env bash
# docs/publishing.md's worked example: the HYPOTHETICAL 2025 round of
# docs/policy-change.md (fixtures/proposals/round-2025) proposed, refused to
# its author, approved by a second person, published, and paid by the
# running service. Everything is written in a new temporary directory.
#   docs/examples/publishing-demo.sh     (after ./run.sh has built build/bin/decree)
set -euo pipefail
cd "$(dirname "$0")/../.."
decree=build/bin/decree
dir=$(mktemp -d)
trap 'kill "$pid" 2> /dev/null || true; wait; rm -rf "$dir"' EXIT

# 0. A copy of the rules to publish into, the assessment's reference tests
#    and historical cases, a publishing key, and the service.
mkdir -p "$dir/rules"
cp -r rules/jilin/work-injury-benefits "$dir/rules/"
cp -r fixtures/jilin/benefits "$dir/reference-tests"
cp fixtures/historical/jilin-sample.jsonl "$dir/historical.jsonl"
cp docs/examples/publishing/serve.yaml "$dir/"
$decree new-key "$dir/publisher" > /dev/null
$decree serve --config "$dir/serve.yaml" 2> "$dir/serve.log" &
pid=$!
for _ in $(seq 100); do grep -q 'listening on' "$dir/serve.log" && break; sleep 0.1; done
export DECREE_SERVER=http://$(sed -n 's/.*listening on \(127\.0\.0\.1:[0-9]*\).*/\1/p' "$dir/serve.log")

echo "1. wang.fang (author) proposes the round"
DECREE_TOKEN=demo-author-token $decree propose fixtures/proposals/round-2025/2025-07-01 \
  --tests fixtures/proposals/round-2025/round-2025-tests.yaml \
  --base-param 'adjustment_in_force[2025-07-01]=2024' --as-of 2025-08-01 \
  --comment 'HYPOTHETICAL 2025 round (docs/policy-change.md)'
echo "2. wang.fang, with a reviewer's token, approves her own proposal"
DECREE_TOKEN=demo-fang-reviewer-token $decree review P000001 --approve 2>&1 || true
echo "3. li.na (reviewer) reads the impact on the fund, then approves what she read"
DECREE_TOKEN=demo-reviewer-token $decree proposals P000001 --report text | sed -n '/^Who pays/,/^$/p'
DECREE_TOKEN=demo-reviewer-token $decree review P000001 --approve --comment 'figures checked' |
  grep 'reviewed by'
echo "4. zhao.lei (publisher) publishes it"
DECREE_TOKEN=demo-publisher-token $decree publish P000001 | grep 'published by'
# decree verify: the round is published as approved; the versions that were in
# the tree before the workflow are not (docs/publishing.md, "Keys").
{ $decree verify "$dir/rules/work-injury-benefits" --key "$dir/publisher.pub" || true; } |
  grep -E '^2025-07-01|version\(s\)' | sed "s|$dir/||"
echo "5. the running service pays a 2022 injury on 2025-08-01 with the round"
curl -s -H 'Authorization: Bearer demo-caseworker-token' -d @fixtures/jilin/cases/grade5-2022.json \
  "$DECREE_SERVER/v1/rulesets/jilin.work_injury.benefits/evaluate?as_of=2025-08-01" |
  python3 -c 'import json, sys; r = json.load(sys.stdin)
print("payment_versions 2025-07-01:", r["payment_versions"]["2025-07-01"])
print("allowance_adjusted:", r["allowance_adjusted"])'
echo "6. the audit trail of P000001"
curl -s -H 'Authorization: Bearer demo-auditor-token' \
  "$DECREE_SERVER/v1/audit/records?case_id=P000001" |
  python3 -c 'import json, sys
for r in json.load(sys.stdin)["records"]:
    print(r["seq"], r["action"], r["caller"], r["role"], r["outcome"])'
