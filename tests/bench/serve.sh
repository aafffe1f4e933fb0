#!/usr/bin/env bash
# Throughput and latency of `decree serve` on loopback: tests/bench/serve.sh [CONNECTIONS] [SECONDS]
# (defaults 64 and 10). Needs wrk (apt-get install wrk).
#
# Starts the server on a free port with the wi-bench rule set and one
# caseworker token, then runs wrk with keep-alive: every request POSTs the
# wi-bench cases of tests/bench/serve-cases.lua in turn (generated from
# gen_cases.py, seed 1). The load generator shares the machine with the
# server: on 2 cores each gets about one. Prints wrk's summary (requests/s,
# latency percentiles; wrk adds a line "Non-2xx or 3xx responses" if any).
# Environment: DECREE (default build/bin/decree), THREADS (server I/O threads, default nproc),
# CASES (distinct cases cycled, default 1000), RULES (the rule set directory,
# default fixtures/bench/wi-bench) with CASES_FILE (its cases: JSONL, or one
# case as a .json file; default generated wi-bench cases), AUDIT (synchronous mode of the
# audit store in the run's temporary directory: full, the default, or normal;
# off: --no-audit), QUERY (added to the evaluate URL: '?as_of=2023-03-01' for
# the Jilin rules, whose payment-date versions need a payment date),
# POSTGRESQL (a libpq connection string, postgresql://USER@HOST:PORT/DB: the
# audit store in that database instead of SQLite, as replicas share it;
# AUDIT is then ignored).
set -euo pipefail
cd "$(dirname "$0")/../.."
connections=${1:-64}
seconds=${2:-10}
decree=${DECREE:-build/bin/decree}
threads=${THREADS:-$(nproc)}
cases=${CASES:-1000}
rules=${RULES:-fixtures/bench/wi-bench}
cases_file=${CASES_FILE:-}
audit=${AUDIT:-full}
command -v wrk > /dev/null || { echo "wrk not found: apt-get install wrk" >&2; exit 2; }
[[ -x "$decree" ]] || { echo "$decree not found: build first" >&2; exit 2; }

work=$(mktemp -d)
token=bench-token-not-secret
hash=$(printf '%s' "$token" | sha256sum | cut -d' ' -f1)
cat > "$work/serve.yaml" <<YAML
listen: 127.0.0.1:0
threads: $threads
rules: [$PWD/$rules]
tokens:
  - {name: bench, role: caseworker, sha256: $hash}
YAML
if [[ -n "${POSTGRESQL:-}" ]]; then
  printf 'audit: {postgresql: "%s"}\n' "$POSTGRESQL" >> "$work/serve.yaml"
elif [[ "$audit" != off ]]; then
  printf 'audit: {sqlite: %s, synchronous: %s}\n' "$work/audit.db" "$audit" >> "$work/serve.yaml"
fi
if [[ -z "$cases_file" ]]; then
  python3 tests/bench/gen_cases.py "$cases" 1 > "$work/cases.jsonl"
elif [[ "$cases_file" == *.json ]]; then
  python3 -c 'import json, sys; print(json.dumps(json.load(open(sys.argv[1])), ensure_ascii=False))' \
    "$cases_file" > "$work/cases.jsonl"
else
  cp "$cases_file" "$work/cases.jsonl"
fi
# A wrk script that cycles through the cases, one per request.
python3 - "$work/cases.jsonl" "$token" > "$work/post.lua" <<'PY'
import json, sys
cases = [l.rstrip("\n") for l in open(sys.argv[1]) if l.strip()]
print("local cases = {")
for c in cases:
    print("  %s," % json.dumps(c))
print("}")
print('local i = 0')
print('local non200 = 0')
print('request = function()')
print('  i = i % #cases + 1')
print('  return wrk.format("POST", nil, {["Authorization"] = "Bearer %s", ["Content-Type"] = "application/json"}, cases[i])' % sys.argv[2])
print('end')
PY
no_audit=()
[[ "$audit" == off ]] && no_audit=(--no-audit)
"$decree" serve --config "$work/serve.yaml" "${no_audit[@]}" 2> "$work/serve.log" &
pid=$!
trap 'kill "$pid" 2> /dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 100); do grep -q 'listening on' "$work/serve.log" && break; sleep 0.05; done
port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/serve.log")
name=$(curl -s -H "Authorization: Bearer $token" "http://127.0.0.1:$port/v1/rulesets" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["rule_sets"][0]["name"])')
url="http://127.0.0.1:$port/v1/rulesets/$name/evaluate${QUERY:-}"
echo "decree serve (threads $threads) at $url; wrk -t1 -c$connections -d${seconds}s --latency"
wrk -t1 -c"$connections" -d"${seconds}s" --latency -s "$work/post.lua" "$url"
kill -TERM "$pid"
wait "$pid"
if [[ -n "${POSTGRESQL:-}" ]]; then
  [[ "$POSTGRESQL" == postgresql://* ]] && "$decree" audit verify "$POSTGRESQL"
  grep 'audit head' "$work/serve.log" || true
elif [[ "$audit" != off ]]; then
  "$decree" audit verify "$work/audit.db" | sed "s|$work/||"
  grep 'audit head' "$work/serve.log" || true
fi
