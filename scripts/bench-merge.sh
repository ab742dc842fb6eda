#!/usr/bin/env bash
# Times `htx merge` where issue 4 sets limits: 700 small returns (under 5 s) and one
# 1M-row return (under 200 MB), writing all four outputs. Not a test: timings depend on
# the machine. Inputs are generated once into bench-data/ (git-ignored) by
# scripts/make-large-return.py. Prints each run and the median.
# Usage: scripts/bench-merge.sh [RUNS]   (after swift build -c release)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
htx=.build/release/htx
[ -x "$htx" ] || { echo "build first: swift build -c release" >&2; exit 2; }
mkdir -p bench-data/small700
if [ "$(ls bench-data/small700 | wc -l)" -lt 700 ]; then
  for i in $(seq 1 700); do
    python3 scripts/make-large-return.py 20 "bench-data/small700/r$i.csv" --unit-title "" --start $((i * 100))
  done
fi
[ -f bench-data/clean-1m.csv ] || python3 scripts/make-large-return.py 1000000 bench-data/clean-1m.csv
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
measure() {
  local name=$1; shift
  local times=()
  for run in $(seq 1 "$runs"); do
    rm -f "$out"/p.*
    line=$( { /usr/bin/time -f "%e %M" "$htx" merge "$@" --out "$out/p.xlsx" --csv "$out/p.csv" \
      --jsonl "$out/p.jsonl" --sqlite "$out/p.sqlite" 2>&1 >/dev/null; } | tail -1)
    echo "$name run $run: ${line% *} s, peak $(( ${line#* } / 1024 )) MiB"
    times+=("${line% *}")
  done
  median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
  echo "$name median: $median s"
}
measure "700 small returns (14,000 rows)" bench-data/small700
measure "one 1M-row return" bench-data/clean-1m.csv
