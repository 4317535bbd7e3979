#!/usr/bin/env bash
# Render time of every printed document over the demo's files, as a caseworker's browser asks for them:
# starts `terugkeer demo` (release build) on a fresh file, asks each client's verification form (where there is
# one), access letter and case summary once, one after the other, and prints the median, 99th percentile and
# maximum per document (curl's total time, so including the file's read); then a client with a megabyte of notes.
# Usage: scripts/bench-documents.sh [clients]   (default 200)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-200}
cargo build --release -q
dir=$(mktemp -d)
port=18089
target/release/terugkeer demo --bind 127.0.0.1:$port --clients "$n" --file "$dir/demo.db" >"$dir/log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 60); do curl -sf -o /dev/null http://127.0.0.1:$port/healthz && break; sleep 1; done
jar="$dir/jar"
curl -s -c "$jar" -o /dev/null -X POST -H "Cookie: terugkeer_login=script" -d "csrf=script&username=coordinator&password=terugkeer-demo" http://127.0.0.1:$port/login
time_of() { curl -s -b "$jar" -o /dev/null -w "%{http_code} %{time_total}\n" "http://127.0.0.1:$port$1"; }
python3 - "$dir/demo.db" >"$dir/paths" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for (cid,) in c.execute("SELECT id FROM client WHERE status = 'open' ORDER BY id"):
    print("access", f"/clients/{cid}/export.pdf")
    print("summary", f"/clients/{cid}/summary.pdf")
for cid, vid in c.execute("SELECT client_id, id FROM verification ORDER BY id"):
    print("verification", f"/clients/{cid}/verifications/{vid}/form.pdf")
PY
while read -r kind path; do echo "$kind $(time_of "$path")"; done <"$dir/paths" >"$dir/times"
# A megabyte of notes on the first client, added through the page's form; then its letter and summary, five times.
csrf=$(curl -s -b "$jar" http://127.0.0.1:$port/clients/1 | grep -o 'name="csrf" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"//')
python3 -c "print('lang verhaal ' * 76000, end='')" >"$dir/note"
curl -s -b "$jar" -o /dev/null -w "note added: %{http_code}\n" --data "csrf=$csrf&kind=contact&on=2026-11-02&mode=in_person" \
  --data-urlencode "notes@$dir/note" http://127.0.0.1:$port/clients/1/records
for _ in 1 2 3 4 5; do
  echo "access-1MB $(time_of /clients/1/export.pdf)"
  echo "summary-1MB $(time_of /clients/1/summary.pdf)"
done >>"$dir/times"
python3 - "$dir/times" <<'PY'
import sys, statistics
rows = [l.split() for l in open(sys.argv[1])]
bad = [r for r in rows if r[1] != "200"]
assert not bad, bad[:5]
for kind in ("verification", "access", "summary", "access-1MB", "summary-1MB"):
    t = sorted(float(r[2]) * 1000 for r in rows if r[0] == kind)
    if not t:
        continue
    p99 = t[min(len(t) - 1, int(round(0.99 * (len(t) - 1))))]
    print(f"{kind:13} n={len(t):4}  median {statistics.median(t):6.1f} ms  p99 {p99:6.1f} ms  max {t[-1]:6.1f} ms")
PY
