#!/usr/bin/env bash
# Two release binaries side by side on the 100k SQLite benchmark database (scripts/bench-web.sh makes it), one
# connection each, pairs alternating per page: OLD=path NEW=path C=1 D=4s scripts/ab-side-by-side.sh. Prints
# "who page old_rps new_rps" per pair; the ratio of medians is what docs/performance.md reports. DB_OLD and DB_NEW
# (sqlite:// URLs) give each binary its own copy of the database, for a new binary whose migrations the old one
# does not know.
set -uo pipefail
export XDG_DATA_HOME=/tmp/terugkeer-bench-web/data TERUGKEER_PASSWORD="bench-password-123"
db=sqlite:///tmp/terugkeer-bench-web/bench-100000.db
start() { # label bin port db
  $2 serve --db "$4" --bind 127.0.0.1:$3 >/tmp/ab5-$1.log 2>&1 &
  echo $! > /tmp/ab5-$1.pid
  for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$3/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
}
start old ${OLD:?set OLD=the old binary} 18201 "${DB_OLD:-$db}"; start new ${NEW:?set NEW=the new binary} 18202 "${DB_NEW:-$db}"
login() { curl -fsS -o /dev/null -D - -H "Cookie: terugkeer_login=script" -d "csrf=script&username=$2&password=$TERUGKEER_PASSWORD" "http://127.0.0.1:$1/login" | sed -n 's/^set-cookie: \(terugkeer_session=[^;]*\).*/\1/Ip'; }
cw_old=$(login 18201 caseworker-1-20161); cw_new=$(login 18202 caseworker-1-20161)
co_old=$(login 18201 coordinator-20161); co_new=$(login 18202 coordinator-20161)
id=$(curl -fsS -H "Cookie: $cw_old" "http://127.0.0.1:18201/api/v1/clients?sort=deadline&limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')
run() { # label port cookie path
  wrk -t1 -c${C:-1} -d${D:-4s} -H "Cookie: $3" "http://127.0.0.1:$2$4" | grep Requests/sec | awk '{print $2}'
}
for page in "cw /dashboard" "cw /clients?q=haidari" "cw /clients/$id" "co /dashboard" "co /clients?q=haidari" "co /clients?q=99577"; do
  set -- $page
  for r in 1 2 3 4 5 6; do
    if [ $1 = cw ]; then o=$cw_old; n=$cw_new; else o=$co_old; n=$co_new; fi
    if [ $((r % 2)) = 1 ]; then a=$(run old 18201 "$o" "$2"); b=$(run new 18202 "$n" "$2"); else b=$(run new 18202 "$n" "$2"); a=$(run old 18201 "$o" "$2"); fi
    echo "$1 $2 $a $b"
  done
done
kill $(cat /tmp/ab5-old.pid) $(cat /tmp/ab5-new.pid)
