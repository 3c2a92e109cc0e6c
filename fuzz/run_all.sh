#!/usr/bin/env bash
# Run every fuzz target for SECONDS (default 600) one after another on one core and
# write a summary line per target to fuzz/out/summary.tsv (target, seconds, runs, result).
# Crashing inputs land in fuzz/artifacts/TARGET/; keep each as a regression test.
set -uo pipefail
cd "$(dirname "$0")"
secs="${1:-600}"
targets="${TARGETS:-read_text read_jsonl read_html read_feed read_any pipeline read_dictionary}"
export RUSTC_BOOTSTRAP=1
bash seed.sh
mkdir -p out
for t in $targets; do
  cargo fuzz build -O "$t" || exit 1
done
for t in $targets; do
  log="out/$t.log"
  cargo fuzz run -O "$t" "corpus/$t" -- -max_total_time="$secs" -timeout=20 -rss_limit_mb=4096 \
    -max_len=65536 -print_final_stats=1 >"$log" 2>&1
  rc=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  result=ok
  [ $rc -ne 0 ] && result="FAILED (exit $rc, see fuzz/$log)"
  printf '%s\t%s\t%s\t%s\n' "$t" "$secs" "${runs:-?}" "$result" | tee -a out/summary.tsv
done
