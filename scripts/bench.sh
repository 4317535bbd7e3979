#!/usr/bin/env bash
# Reproduces the README's performance figures: one core, single thread, release build.
# (a) batch without trace, (b) one case at a time with full cited traces, (b') the same serialised to JSON,
# (c) the JSON-lines pipeline end to end (terugkeer assess reading a generated caseload file).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet -p terugkeer
bin=target/release/terugkeer
tmp=${TMPDIR:-/tmp}/terugkeer-bench
mkdir -p "$tmp"
for n in 100000 1000000; do
  # The batch at 2024-06-01 (as the OpenFisca peer measured; the country check is undetermined there) and at
  # 2017-06-01 (every threshold decided, the 2016 exclusion list consulted).
  taskset -c 0 $bin bench -n "$n" --mode batch
  taskset -c 0 $bin bench -n "$n" --mode batch --as-of 2017-06-01
  for mode in traced traced-json; do
    taskset -c 0 $bin bench -n "$n" --mode "$mode"
  done
  $bin generate -n "$n" > "$tmp/cases-$n.jsonl"
  for detail in trace outcomes; do
    /usr/bin/time -f "mode=pipeline detail=$detail n=$n wall_s=%e peak_rss_kib=%M" \
      taskset -c 0 $bin assess --format json --detail $detail "$tmp/cases-$n.jsonl" > /dev/null
  done
  rm -f "$tmp/cases-$n.jsonl"
done
