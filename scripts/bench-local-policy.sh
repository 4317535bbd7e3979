#!/usr/bin/env bash
# Reproduces the README's figure for an organisation's own policy values at scale: N fictitious clients
# (default 100,000) in SQLite and in PostgreSQL, the release server, and a coordinator who adds a country list
# through the API (checked, then previewed against the open caseload) and activates it (every summary of the
# organisation re-assessed in the background). Prints each job's time as the server measured it (`took_ms`),
# and the share of clients whose conclusions moved. The databases are the ones scripts/bench-web.sh makes
# (bench-N.db, terugkeer_bench_N), generated here when missing.
#
#   scripts/bench-local-policy.sh [N] [sqlite|postgres|both]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
which=${2:-both}
# TERUGKEER_BIN: a binary built before (skips the build).
if [ -z "${TERUGKEER_BIN:-}" ]; then cargo build --release --quiet -p terugkeer; fi
bin=${TERUGKEER_BIN:-$PWD/target/release/terugkeer}
tmp=${TMPDIR:-/tmp}/terugkeer-bench-web
mkdir -p "$tmp"
pg=${TERUGKEER_TEST_PG:-postgres://postgres@127.0.0.1:5432}
seed=20161
port=18182
export TERUGKEER_PASSWORD="bench-password-123"
export XDG_DATA_HOME=$tmp/data
base="http://127.0.0.1:$port"

list='parameter;vanaf;waarde;naam;bron;vindplaats;zekerheid
included_countries;1-11-2026;AF;;Fictieve landenlijst (benchmark);scripts/bench-local-policy.sh;U
included_countries;1-11-2026;ER;;;;
included_countries;1-11-2026;IQ;;;;
included_countries;1-11-2026;SO;;;;
included_countries;1-11-2026;NG;;;;
excluded_countries;1-11-2026;;;Fictief: geen uitsluitingen (benchmark);scripts/bench-local-policy.sh;U'

wait_job() {
  local cookie=$1
  for _ in $(seq 1 1200); do
    local j
    j=$(curl -fsS -H "Cookie: $cookie" "$base/api/v1/policy")
    if python3 -c 'import json,sys; j=json.load(sys.stdin)["job"]; sys.exit(0 if j and j["took_ms"] is not None else 1)' <<<"$j"; then
      python3 -c 'import json,sys
j=json.load(sys.stdin)["job"]
i=j.get("impact") or {}
extra = ", %s of %s open files moved" % (i["moved"], i["clients"]) if i else ""
print("%s: %s clients in %.1f s%s" % (j["kind"], j["done"], j["took_ms"] / 1000, extra))' <<<"$j"
      return 0
    fi
    sleep 0.25
  done
  echo "the job did not finish in 5 minutes" >&2
  return 1
}

run() {
  local name=$1 url=$2 exists=$3
  echo "== $name: $n clients"
  if [ "$exists" = no ]; then
    $bin migrate --db "$url"
    $bin generate --clients "$n" --db "$url" --seed $seed --as-of 2026-11-29
  fi
  $bin user password --db "$url" --username "coordinator-$seed" >/dev/null
  $bin serve --db "$url" --bind 127.0.0.1:$port >"$tmp/serve-policy.log" 2>&1 &
  local pid=$!
  trap "kill $pid 2>/dev/null || true" EXIT
  for _ in $(seq 1 300); do curl -fsS "$base/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
  local cookie csrf
  cookie=$(curl -fsS -o /dev/null -D - -H "Cookie: terugkeer_login=script" -d "csrf=script&username=coordinator-$seed&password=$TERUGKEER_PASSWORD" \
    "$base/login" | sed -n 's/^set-cookie: \(terugkeer_session=[^;]*\).*/\1/Ip')
  csrf=$(curl -fsS -H "Cookie: $cookie" "$base/policy" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
  # Back to the built-in policy first, so that a kept database starts from the same state.
  curl -fsS -o /dev/null -X POST -H "Cookie: $cookie" -H "X-CSRF-Token: $csrf" "$base/api/v1/policy/withdraw"
  wait_job "$cookie" >/dev/null
  local body version
  body=$(python3 -c 'import json,sys; print(json.dumps({"format":"csv","body":sys.stdin.read(),"file_name":"bench.csv"}))' <<<"$list")
  version=$(curl -fsS -X POST -H "Cookie: $cookie" -H "X-CSRF-Token: $csrf" -H "Content-Type: application/json" \
    --data "$body" "$base/api/v1/policy" | python3 -c 'import json,sys; print(json.load(sys.stdin)["version"])')
  wait_job "$cookie"
  curl -fsS -o /dev/null -X POST -H "Cookie: $cookie" -H "X-CSRF-Token: $csrf" "$base/api/v1/policy/$version/activate"
  wait_job "$cookie"
  grep -o 'VmHWM:.*' "/proc/$pid/status" || true
  kill $pid; wait $pid 2>/dev/null || true
  trap - EXIT
}

if [ "$which" != postgres ]; then
  db=$tmp/bench-$n.db
  exists=yes; [ -f "$db" ] || exists=no
  run sqlite "sqlite://$db" $exists
fi
if [ "$which" != sqlite ]; then
  dbname=terugkeer_bench_$n
  exists=yes
  psql "$pg/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '$dbname'" | grep -q 1 || {
    psql "$pg/postgres" -qc "CREATE DATABASE $dbname"; exists=no; }
  run postgres "$pg/$dbname" $exists
fi
