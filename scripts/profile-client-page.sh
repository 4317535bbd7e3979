#!/usr/bin/env bash
# Where a page's time goes: the release server on the SQLite database of scripts/bench-web.sh (N clients, default
# 100,000; run that first),
# wrk with 32 connections on a caseworker's page, and `perf record` on the server for 12 seconds. Prints the
# hottest symbols and wrk's request rate. Needs perf (Debian's linux-perf) and wrk.
#
#   scripts/profile-client-page.sh [PATH]    (default: the caseworker's first client's page)
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=${TMPDIR:-/tmp}/terugkeer-bench-web
bin=$PWD/target/release/terugkeer
url="sqlite://$tmp/bench-${N:-100000}.db"
export XDG_DATA_HOME=$tmp/data TERUGKEER_PASSWORD="bench-password-123"
port=18182
$bin serve --db "$url" --bind 127.0.0.1:$port >"$tmp/profile-serve.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null || { echo "the server never reported healthy (see its log)" >&2; exit 1; }
cookie=$(curl -fsS -o /dev/null -D - -H "Cookie: terugkeer_login=script" -d "csrf=script&username=caseworker-1-20161&password=$TERUGKEER_PASSWORD" \
  "http://127.0.0.1:$port/login" | sed -n 's/^set-cookie: \(terugkeer_session=[^;]*\).*/\1/Ip')
id=$(curl -fsS -H "Cookie: $cookie" "http://127.0.0.1:$port/api/v1/clients?sort=deadline&limit=1" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')
path=${1:-/clients/$id}
wrk -t2 -c32 -d25s -H "Cookie: $cookie" "http://127.0.0.1:$port$path" >"$tmp/profile-wrk.log" &
sleep 5
perf record -F 499 -g -p $pid -o "$tmp/perf.data" -- sleep 12 2>/dev/null
wait %2 || true
perf report -i "$tmp/perf.data" --no-children --sort symbol --stdio 2>/dev/null | grep -E '^ +[0-9]' | head -25 | cut -c1-110
grep Requests "$tmp/profile-wrk.log"
