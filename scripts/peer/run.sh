#!/usr/bin/env bash
# The OpenFisca peer and terugkeer measured in one run on the same generated cases, one core each.
# Usage: scripts/peer/run.sh [N] [AS_OF]   (default 1000000 2017-06-01: a date both engines decide fully)
# Installs openfisca-core from PyPI into a virtualenv under $TMPDIR the first time (not part of CI).
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-1000000}
as_of=${2:-2017-06-01}
tmp=${TMPDIR:-/tmp}
venv=$tmp/terugkeer-openfisca-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "openfisca-core==46.0.1"
fi
cargo build --release --quiet -p terugkeer
bin=target/release/terugkeer
$bin generate -n "$n" --as-of "$as_of" > "$tmp/peer-cases.jsonl"
peer=$(taskset -c 0 "$venv/bin/python" scripts/peer/openfisca_peer.py "$tmp/peer-cases.jsonl" "$as_of" --one-at-a-time 2000)
# Five runs of ours too; the median line is kept.
ours=$(for i in 1 2 3 4 5; do taskset -c 0 $bin bench -n "$n" --mode batch --as-of "$as_of"; done \
  | sort -t= -k5 -n | sed -n 3p)
traced=$(taskset -c 0 $bin bench -n 200000 --mode traced)
rm -f "$tmp/peer-cases.jsonl"
echo "$peer"; echo "$ours"; echo "$traced"
field() { echo "$1" | tr ' ' '\n' | grep "^$2=" | head -1 | cut -d= -f2; }
peer_batch=$(field "$(echo "$peer" | head -1)" cases_per_s)
peer_one=$(field "$(echo "$peer" | tail -1)" cases_per_s)
echo "same cases, same run:"
echo "  eligible: openfisca $(field "$(echo "$peer" | head -1)" eligible), terugkeer $(field "$ours" eligible)"
python3 -c "print('  batch ratio terugkeer/openfisca: %.2f' % ($(field "$ours" cases_per_s)/$peer_batch))"
python3 -c "print('  one case at a time: terugkeer with cited trace / openfisca without trace: %.0f' % ($(field "$traced" cases_per_s)/$peer_one))"
