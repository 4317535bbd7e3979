#!/usr/bin/env bash
# Reproduces the README's web benchmark: N fictitious clients (default 100,000) in SQLite and in PostgreSQL,
# the release server, and wrk with 32 connections on loopback: a caseworker's dashboard, name search and client
# page (with its assessment panel, and a read recorded in the audit trail), and a coordinator's dashboard, name
# search and V-number search over the whole organisation. Prints wrk's
# latency distribution and the server's peak memory (VmHWM), then the time to re-assess the whole caseload (what
# a policy change costs). The databases are kept per N (bench-N.db, terugkeer_bench_N).
#
#   scripts/bench-web.sh [N] [sqlite|postgres|both]
#
# Needs wrk (Debian's package) and, for PostgreSQL, the server at $TERUGKEER_TEST_PG
# (default postgres://postgres@127.0.0.1:5432; the server under test then connects through the local Unix
# socket, or over TCP with PG_TCP=1). Load generator and server share the machine's cores.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
which=${2:-both}
duration=${DURATION:-20s}
cargo build --release --quiet -p terugkeer
bin=$PWD/target/release/terugkeer
tmp=${TMPDIR:-/tmp}/terugkeer-bench-web
mkdir -p "$tmp"
pg=${TERUGKEER_TEST_PG:-postgres://postgres@127.0.0.1:5432}
seed=20161
port=18181
export TERUGKEER_PASSWORD="bench-password-123"
# The key that seals special-category data: made on first use in this data directory, kept with the databases.
export XDG_DATA_HOME=$tmp/data

run() {
  local name=$1 url=$2
  echo "== $name: $n clients"
  if [ -z "${REUSE:-}" ]; then
    /usr/bin/time -f "generate: wall_s=%e" $bin generate --clients "$n" --db "$url" --seed $seed --as-of 2026-11-29
  fi
  $bin user password --db "$url" --username "caseworker-1-$seed" >/dev/null
  $bin user password --db "$url" --username "coordinator-$seed" >/dev/null
  $bin serve --db "$url" --bind 127.0.0.1:$port >"$tmp/serve.log" 2>&1 &
  local pid=$!
  # The server goes with this run however it ends (a stale one would answer the next run's requests).
  trap "kill $pid 2>/dev/null || true" EXIT
  for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null || { echo "the server never reported healthy (see its log)" >&2; exit 1; }
  kill -0 $pid 2>/dev/null || { echo "the server did not start"; cat "$tmp/serve.log"; return 1; }
  local cookie
  cookie=$(curl -fsS -o /dev/null -D - -H "Cookie: terugkeer_login=script" -d "csrf=script&username=caseworker-1-$seed&password=$TERUGKEER_PASSWORD" \
    "http://127.0.0.1:$port/login" | sed -n 's/^set-cookie: \(terugkeer_session=[^;]*\).*/\1/Ip')
  [ -n "$cookie" ] || { echo "login failed"; cat "$tmp/serve.log"; return 1; }
  # A client of this caseworker's caseload, and a V-number prefix that matches about 100 of 100,000 clients.
  local id vnum
  id=$(curl -fsS -H "Cookie: $cookie" "http://127.0.0.1:$port/api/v1/clients?sort=deadline&limit=1" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')
  vnum=$(curl -fsS -H "Cookie: $cookie" "http://127.0.0.1:$port/api/v1/clients/$id" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["client"]["v_number"][:5])')
  # The coordinator's lists run over the whole organisation (100,000), the caseworker's over their caseload.
  local coord
  coord=$(curl -fsS -o /dev/null -D - -H "Cookie: terugkeer_login=script" -d "csrf=script&username=coordinator-$seed&password=$TERUGKEER_PASSWORD" \
    "http://127.0.0.1:$port/login" | sed -n 's/^set-cookie: \(terugkeer_session=[^;]*\).*/\1/Ip')
  for target in "caseworker /dashboard" "caseworker /clients?q=haidari" "caseworker /clients/$id" \
      "coordinator /dashboard" "coordinator /clients?q=haidari" "coordinator /clients?q=$vnum"; do
    local who=${target%% *} path=${target#* } c=$cookie
    [ "$who" = coordinator ] && c=$coord
    echo "-- $name $who GET $path"
    curl -fsS -o /dev/null -w "status %{http_code}, %{size_download} bytes\n" -H "Cookie: $c" "http://127.0.0.1:$port$path"
    wrk -t2 -c32 -d"$duration" --latency -H "Cookie: $c" "http://127.0.0.1:$port$path" \
      | grep -E "Latency|50%|90%|99%|Requests/sec|Non-2xx|Socket errors"
  done
  echo "-- $name audit log: $($bin audit verify --db "$url")"
  echo "-- $name server peak memory: $(grep VmHWM /proc/$pid/status)"
  kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true
  # A policy change re-assesses the whole caseload (every summary recomputed by the rules).
  [ -n "${SKIP_REASSESS:-}" ] || echo "-- $name policy change: $($bin reassess --db "$url" --all)"
}

# REUSE=1 keeps the databases of the previous run (after a change to the server only); SKIP_REASSESS=1 leaves out
# the policy-change timing.
if [ "$which" != postgres ]; then
  [ -n "${REUSE:-}" ] || rm -f "$tmp"/bench-$n.db*
  $bin migrate --db "sqlite://$tmp/bench-$n.db" >/dev/null
  run sqlite "sqlite://$tmp/bench-$n.db"
fi
if [ "$which" != sqlite ]; then
  [ -n "${REUSE:-}" ] || psql "$pg/postgres" -qc "DROP DATABASE IF EXISTS terugkeer_bench_$n" -c "CREATE DATABASE terugkeer_bench_$n" >/dev/null
  # The server reaches a PostgreSQL on the same host through its Unix socket, as docs/deployment.md advises
  # (cheaper per statement than TCP on loopback); PG_TCP=1 measures over TCP instead.
  socket=${PG_SOCKET_DIR:-/var/run/postgresql}
  if [ -z "${PG_TCP:-}" ] && [ -S "$socket/.s.PGSQL.5432" ] && [ -z "${TERUGKEER_TEST_PG:-}" ]; then
    run postgres "postgres://postgres@localhost/terugkeer_bench_$n?host=$socket"
  else
    run postgres "$pg/terugkeer_bench_$n"
  fi
fi
