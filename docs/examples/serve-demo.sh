#!/usr/bin/env bash
# docs/service.md's walk-through: starts `decree serve` with
# docs/examples/serve/serve.yaml on a free loopback port, asks it a few
# things with curl, stops it with SIGTERM, and checks its audit log.
#   docs/examples/serve-demo.sh        (after ./run.sh has built build/bin/decree)
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=$(mktemp -d)
log=$dir/serve.log
build/bin/decree serve --config docs/examples/serve/serve.yaml --audit "$dir/audit.db" 2> "$log" &
pid=$!
trap 'kill "$pid" 2> /dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 100); do grep -q 'listening on' "$log" && break; sleep 0.05; done
port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$log")
url=http://127.0.0.1:$port

echo "GET /healthz"
curl -s "$url/healthz"; echo
case='{"case_id":"A-001","injury_date":"2020-10-20","outcome":"disability","grade":8,"care_level":"partial","wage_avg_12m":"9000.00","terminated":true}'
bad='{"case_id":"A-002","injury_date":"2020-10-20","outcome":"disability","grade":"eight","wage_avg_12m":"9000.00"}'
evaluate="$url/v1/rulesets/wi_bench/evaluate"
echo "POST /v1/rulesets/wi_bench/evaluate without a token"
curl -s -w '\nHTTP %{http_code}\n' -X POST "$evaluate" -d "$case"
echo "the same with the auditor's token"
curl -s -w '\nHTTP %{http_code}\n' -H 'Authorization: Bearer demo-auditor-token' -X POST "$evaluate" -d "$case"
echo "the same with the caseworker's token"
curl -s -H 'Authorization: Bearer demo-caseworker-token' -H 'Content-Type: application/json' \
  -X POST "$evaluate" -d "$case" | python3 -m json.tool
echo "a case with its grade given as text"
curl -s -w '\nHTTP %{http_code} %{content_type}\n' -H 'Authorization: Bearer demo-caseworker-token' \
  -X POST "$evaluate" -d "$bad"
echo "the same, with Accept-Language: zh"
curl -s -H 'Authorization: Bearer demo-caseworker-token' -H 'Accept-Language: zh-CN' \
  -X POST "$evaluate" -d "$bad"
echo
echo "a batch of three lines, one of them bad (the analyst's token)"
printf '%s\n%s\n%s\n' "$case" "$bad" "${case/A-001/A-003}" |
  curl -s -H 'Authorization: Bearer demo-analyst-token' -H 'Content-Type: application/x-ndjson' \
    --data-binary @- "$url/v1/rulesets/wi_bench/batch" |
  python3 -c 'import json, sys
for line in sys.stdin:
    j = json.loads(line)
    print(j["case_id"], j.get("line", ""), j["error"]["code"] if "error" in j else j["total_lump_sum"])'
kill -TERM "$pid"
wait "$pid"
sed 's/127\.0\.0\.1:[0-9]*/127.0.0.1:PORT/' "$log"
echo "decree audit verify"
build/bin/decree audit verify "$dir/audit.db" | sed "s|$dir/||"
echo "decree audit query --case-id A-001 --limit 1"
build/bin/decree audit query "$dir/audit.db" --case-id A-001 --limit 1 2> /dev/null | python3 -m json.tool
