#!/usr/bin/env bash
# The PostgreSQL plans of the benchmark's six pages as the server runs them: starts the release server on the
# database scripts/bench-web.sh made, logs every statement for a moment (`log_min_duration_statement = 0` on that
# database only, reset afterwards), asks each page twice (the second time with the remembered session, as under
# load), takes each page's statement and its parameters from the server log, and runs it as a generic plan
# (`plan_cache_mode = force_generic_plan`, as the server's connections do) under
# `EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON, BUFFERS)`. Writes one file per page to OUT (default
# /tmp/terugkeer-plans) and prints each page's execution time and buffers. Read the full plans there;
# docs/performance.md quotes them.
#
#   scripts/explain-pages.sh [N]        (N as given to bench-web.sh; default 100000)
#
# Needs psql, and the PostgreSQL server to write its log where `pg_current_logfile()` says and this user may read.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
out=${OUT:-/tmp/terugkeer-plans}
mkdir -p "$out"
cargo build --release --quiet -p terugkeer
bin=$PWD/target/release/terugkeer
tmp=${TMPDIR:-/tmp}/terugkeer-bench-web
db=terugkeer_bench_$n
url="postgres://postgres@localhost/$db?host=/var/run/postgresql"
export XDG_DATA_HOME=$tmp/data TERUGKEER_PASSWORD="bench-password-123"
psql_() { psql -U postgres -h /var/run/postgresql "$@"; }
log=$(psql_ -d "$db" -Atc "SELECT current_setting('data_directory') || '/' || pg_current_logfile()" 2>/dev/null ||
  true)
case "$log" in */var/log/*) log=/var/log/${log#*/var/log/} ;; esac
[ -r "$log" ] || log=$(ls -t /var/log/postgresql/*.log | head -1)
port=18184
$bin serve --db "$url" --bind 127.0.0.1:$port >"$out/serve.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; psql_ -d "$db" -qc "ALTER DATABASE $db RESET log_min_duration_statement"' EXIT
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null || { echo "the server never reported healthy (see its log)" >&2; exit 1; }
login() {
  curl -fsS -o /dev/null -D - -H "Cookie: terugkeer_login=script" -d "csrf=script&username=$1&password=$TERUGKEER_PASSWORD" "http://127.0.0.1:$port/login" |
    sed -n 's/^set-cookie: \(terugkeer_session=[^;]*\).*/\1/Ip'
}
cw=$(login caseworker-1-20161)
co=$(login coordinator-20161)
id=$(curl -fsS -H "Cookie: $cw" "http://127.0.0.1:$port/api/v1/clients?sort=deadline&limit=1" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')
vnum=$(curl -fsS -H "Cookie: $cw" "http://127.0.0.1:$port/api/v1/clients/$id" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["client"]["v_number"][:5])')
pages=("cw-dashboard $cw /dashboard" "cw-search $cw /clients?q=haidari" "cw-client-page $cw /clients/$id"
  "coord-dashboard $co /dashboard" "coord-name-search $co /clients?q=haidari" "coord-v-number $co /clients?q=$vnum")
psql_ -d "$db" -qc "ALTER DATABASE $db SET log_min_duration_statement = 0"
# New connections take the setting: the pool's are renewed by restarting the server (the sessions stay).
kill $pid; wait $pid 2>/dev/null || true
start=$(($(wc -l <"$log") + 1))
$bin serve --db "$url" --bind 127.0.0.1:$port >"$out/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null || { echo "the server never reported healthy (see its log)" >&2; exit 1; }
for p in "${pages[@]}"; do
  set -- $p
  for _ in 1 2; do curl -fsS -o /dev/null -H "Cookie: $2" "http://127.0.0.1:$port$3"; done
done
sleep 0.5
kill $pid; wait $pid 2>/dev/null || true
tail -n +"$start" "$log" >"$out/statements.log"
python3 - "$out" "$db" "${pages[@]}" <<'PY'
import re, subprocess, sys
out, db, pages = sys.argv[1], sys.argv[2], [p.split()[0] for p in sys.argv[3:]]
text = open(f"{out}/statements.log").read()
# One log entry per line that starts with a timestamp; continuation lines (the SQL goes on) belong to it.
entries = re.split(r"\n(?=\d{4}-\d\d-\d\d )", text)
page_sql = []
for i, e in enumerate(entries):
    m = re.search(r"execute [^:]+: (.*)", e, re.S)
    if not m:
        continue
    sql = m.group(1).strip()
    # A page's statement: the client page (its file's columns), the dashboard and list (their `k` rows).
    if not (sql.startswith("SELECT 1 AS k") or sql.startswith("WITH a AS") or sql.startswith("SELECT client.id")):
        continue
    params = ""
    if i + 1 < len(entries) and "parameters:" in entries[i + 1]:
        params = entries[i + 1].split("parameters:", 1)[1]
    vals = re.findall(r"\$(\d+) = ('(?:[^']|'')*'|NULL)", params)
    page_sql.append((sql, [v for _, v in sorted(vals, key=lambda x: int(x[0]))]))
# Each page was asked twice, in order: its second statement (with the remembered session) is the one to show.
if len(page_sql) != 2 * len(pages):
    sys.exit(f"expected {2 * len(pages)} page statements in the log, found {len(page_sql)}")
for k, name in enumerate(pages):
    sql, vals = page_sql[2 * k + 1]
    # $1 and $2 (organisation, user) are bound to every statement but not used by every one: typed here.
    script = (
        "SET plan_cache_mode = force_generic_plan;\n"
        f"PREPARE p(bigint, bigint) AS {sql};\n"
        f"EXECUTE p({', '.join(vals)});\n"
        f"EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON, BUFFERS) EXECUTE p({', '.join(vals)});\n"
    )
    r = subprocess.run(["psql", "-U", "postgres", "-h", "/var/run/postgresql", "-d", db, "-qAt", "-v",
                        "ON_ERROR_STOP=1"], input=script, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"{name}: {r.stderr.strip()}")
    # The EXECUTE's own rows (`k|…`) are left out; the plan is what follows them.
    plan = "\n".join(l for l in r.stdout.split("\n") if not re.match(r"^\d+\|", l))
    plan = plan[plan.find("\n") + 1:] if plan.startswith("SET") else plan
    open(f"{out}/{name}.sql", "w").write(f"{sql};\n-- parameters: {', '.join(vals)}\n")
    open(f"{out}/{name}.plan", "w").write(plan.strip() + "\n")
    top = re.search(r"Buffers: shared hit=(\d+)", plan)
    ex = re.search(r"Execution Time: ([\d.]+) ms", plan)
    print(f"{name}: execution {ex.group(1) if ex else '?'} ms, {top.group(1) if top else '?'} buffers "
          f"({out}/{name}.plan)")
PY
