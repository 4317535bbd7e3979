#!/usr/bin/env bash
# A bounded schema-driven run of the JSON API (issue 24): schemathesis reads the server's own OpenAPI document,
# generates requests for every operation (valid and invalid: wrong types, missing fields, huge numbers, NUL
# characters, odd strings) and checks that no answer is a server error (5xx) and that every answer matches the
# document's schema for its status. Runs against a throw-away demo (SQLite) with a coordinator's API token.
#
#   scripts/api-fuzz.sh [MAX_EXAMPLES_PER_OPERATION]      (default 8; the seed is fixed, so a run repeats)
#
# Needs schemathesis (e2e/requirements.txt) and the debug binary (`cargo build -p terugkeer`, which the test
# command builds); exits non-zero on any failure, with schemathesis's report of each.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-8}; shift || true
bin=${TERUGKEER_BIN:-$PWD/target/debug/terugkeer}
[ -x "$bin" ] || cargo build --quiet --locked -p terugkeer
tmp=$(mktemp -d "${TMPDIR:-/tmp}/terugkeer-e2e-fuzz-XXXXXX")
export XDG_DATA_HOME=$tmp/data
port=${PORT:-18231}
"$bin" demo --bind 127.0.0.1:$port --clients 40 --file "$tmp/demo.db" >"$tmp/serve.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$tmp"' EXIT
for _ in $(seq 1 300); do curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null || { echo "the demo never reported healthy"; cat "$tmp/serve.log"; exit 1; }
token=$("$bin" token create --db "sqlite://$tmp/demo.db" --username coordinator --name fuzz --days 1 | tail -n 1 | awk '{print $NF}')
[ -n "$token" ] || { echo "no token"; exit 1; }
# One client of the organisation: its file's addresses are fuzzed with it (e2e/fuzz_hooks.py).
FUZZ_CLIENT_ID=$(curl -fsS -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/clients?limit=1" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')
export FUZZ_CLIENT_ID
export PYTHONPATH=$PWD/e2e${PYTHONPATH:+:$PYTHONPATH} SCHEMATHESIS_HOOKS=fuzz_hooks
schemathesis run "http://127.0.0.1:$port/api/openapi.json" \
  --header "Authorization: Bearer $token" \
  --checks not_a_server_error,response_schema_conformance \
  --max-examples "$n" --seed 20161 --workers 1 --phases examples,coverage,fuzzing \
  --request-timeout 30 --no-color --suppress-health-check all "$@"
