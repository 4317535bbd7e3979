#!/usr/bin/env bash
# A quick A/B on the benchmark's database (made by scripts/bench-web.sh): the release server, then
# `wrk -t2 -c32` for D (default 15s) on each PATH as a caseworker (USERNAME_=coordinator-20161 for the
# coordinator); `{id}` in a path is the caseworker's first client. Prints req/s and p99 per path. Run it before and
# after a change (or with BIN=another binary, URL=postgres://…/terugkeer_bench) in one sitting: these machines
# are shared, so only ratios measured minutes apart compare.
#
#   scripts/ab-pages.sh "/clients/{id}" /dashboard "/clients?q=haidari"
set -euo pipefail
tmp=/tmp/terugkeer-bench-web
bin=${BIN:-/work/main/target/release/terugkeer}
url=${URL:-"sqlite://$tmp/bench-${N:-100000}.db"}
export XDG_DATA_HOME=$tmp/data TERUGKEER_PASSWORD="bench-password-123"
port=18183
$bin serve --db "$url" --bind 127.0.0.1:$port >"$tmp/quick-serve.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null || { echo "the server never reported healthy (see its log)" >&2; exit 1; }
user=${USERNAME_:-caseworker-1-20161}
cookie=$(curl -fsS -o /dev/null -D - -H "Cookie: terugkeer_login=script" -d "csrf=script&username=$user&password=$TERUGKEER_PASSWORD" \
  "http://127.0.0.1:$port/login" | sed -n 's/^set-cookie: \(terugkeer_session=[^;]*\).*/\1/Ip')
id=$(curl -fsS -H "Cookie: $cookie" "http://127.0.0.1:$port/api/v1/clients?sort=deadline&limit=1" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')
for path in "$@"; do
  p=${path//\{id\}/$id}
  wrk -t2 -c32 -d${D:-15s} --latency -H "Cookie: $cookie" "http://127.0.0.1:$port$p" > $tmp/q.log
  echo "$p: $(grep Requests $tmp/q.log | awk '{print $2}') rps, p99 $(grep ' 99%' $tmp/q.log | awk '{print $2}')"
done
