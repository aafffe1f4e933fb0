#!/usr/bin/env bash
# End-to-end wi-bench throughput: tests/bench/e2e.sh [N]   (N defaults to 1,000,000)
#
# Generates N cases with gen_cases.py (seed 1; cached), runs
#   decree batch fixtures/bench/wi-bench --threads $(nproc) < cases > out
# under /usr/bin/time -v, prints cases/s and peak RSS, and checks the first
# 10,000 output lines against the oracle (tests/fixtures/wi_bench_oracle.py).
# Environment: DECREE (default build/bin/decree), THREADS (default nproc),
# CACHE_DIR (default ${XDG_CACHE_HOME:-$HOME/.cache}/decree-bench), VERIFY (default 10000).
set -euo pipefail
cd "$(dirname "$0")/../.."

n=${1:-1000000}
decree=${DECREE:-build/bin/decree}
threads=${THREADS:-$(nproc)}
verify=${VERIFY:-10000}
cache=${CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/decree-bench}

[[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [N]" >&2; exit 2; }
[[ -x "$decree" ]] || { echo "$decree not found: build first (./run.sh or ./test.sh)" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "/usr/bin/time not found: apt-get install time" >&2; exit 2; }

mkdir -p "$cache"
cases="$cache/wi-bench-$n-seed1.jsonl"
if [[ ! -s "$cases" ]]; then
  echo "generating $n cases into $cases"
  python3 tests/bench/gen_cases.py "$n" 1 > "$cases.tmp"
  mv "$cases.tmp" "$cases"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out="$work/out.jsonl"

echo "running: $decree batch fixtures/bench/wi-bench --threads $threads < $cases"
rc=0
start=$(date +%s%N)
/usr/bin/time -v -o "$work/time.txt" \
  "$decree" batch fixtures/bench/wi-bench --threads "$threads" < "$cases" > "$out" 2> "$work/stderr.txt" || rc=$?
end=$(date +%s%N)
if ((rc != 0)); then
  echo "decree batch exited with $rc (the generated cases are all valid); stderr:" >&2
  head -c 2000 "$work/stderr.txt" >&2
  exit 1
fi

lines=$(wc -l < "$out")
rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
awk -v n="$n" -v ns=$((end - start)) -v kb="$rss_kb" -v t="$threads" 'BEGIN {
  s = ns / 1e9
  printf "cases: %d  threads: %d  wall: %.2f s  throughput: %.0f cases/s  peak RSS: %.1f MB\n",
         n, t, s, n / s, kb / 1024
}'
grep -E 'User time|System time|Percent of CPU' "$work/time.txt" | sed 's/^\s*/  /'

status=0
if ((lines != n)); then
  echo "output has $lines lines for $n cases" >&2
  status=1
fi
k=$((verify < n ? verify : n))
head -n "$k" "$cases" | python3 tests/fixtures/wi_bench_oracle.py > "$work/expected.jsonl"
python3 tests/fixtures/check_batch.py compare --actual "$out" --expected "$work/expected.jsonl" \
  --limit "$k" || status=1
exit "$status"
