#!/usr/bin/env bash
# Reproduces the README's import benchmark: a spreadsheet of N clients (default 100,000; CSV, `;`-separated as
# Dutch Excel writes it) loaded three ways on each backend, each into a fresh database:
#   - the database's own bulk load of the same rows into a plain table of text columns (SQLite's `.import`,
#     PostgreSQL's `\copy` = COPY FROM STDIN) — the floor the issue measures against;
#   - `terugkeer import` (every row checked as a form, summarised by the rules, sealed, audited, indexed).
# Prints wall-clock seconds, rows per second and the ratio import / bulk load.
#
#   scripts/bench-import.sh [N] [sqlite|postgres|both]
#
# Needs sqlite3 and psql (Debian's sqlite3 and postgresql-client) and, for PostgreSQL, the server at
# $TERUGKEER_TEST_PG (default postgres://postgres@127.0.0.1:5432).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
which=${2:-both}
cargo build --release --quiet -p terugkeer
bin=$PWD/target/release/terugkeer
tmp=${TMPDIR:-/tmp}/terugkeer-bench-import
rm -rf "$tmp" && mkdir -p "$tmp"
pg=${TERUGKEER_TEST_PG:-postgres://postgres@127.0.0.1:5432}
export XDG_DATA_HOME=$tmp/data
csv=$tmp/clients.csv
# Columns as an organisation's sheet has them; V-numbers unique, 99… (never a real one), dates dd-mm-yyyy.
python3 - "$n" "$csv" <<'PY'
import random, sys
n, path = int(sys.argv[1]), sys.argv[2]
r = random.Random(7)
fam = ["Ahmadi", "Haile", "Mohammadi", "Tesfay", "Hosseini", "Abdi", "Karimi", "Yusuf", "Rahimi", "Osman"]
giv = ["Ahmad", "Fatima", "Mohammed", "Aisha", "Yonas", "Selam", "Omar", "Mariam", "Hamid", "Zahra"]
cty = ["AF", "SY", "ER", "IQ", "IR", "MA", "DZ", "NG", "GE", "AL"]
yn = ["ja", "nee", ""]
with open(path, "w", encoding="utf-8") as f:
    f.write("Achternaam;Voornamen;Geboortedatum;V-nummer;Nationaliteit;Land van terugkeer;Antecedenten;"
            "Dublin;Afwijzing;Begeleider\n")
    for i in range(n):
        c = r.choice(cty)
        f.write(f"{r.choice(fam)};{r.choice(giv)};{r.randint(1,28):02}-{r.randint(1,12):02}-{r.randint(1960,2006)};"
                f"99{i:08};{c};{c};{r.choice(yn)};{r.choice(yn)};"
                f"{r.randint(1,28):02}-{r.randint(1,12):02}-{r.randint(2023,2025)};caseworker-1-5\n")
PY
cat >"$tmp/mapping.toml" <<'TOML'
[columns]
family_name = "Achternaam"
given_names = "Voornamen"
date_of_birth = "Geboortedatum"
v_number = "V-nummer"
nationality = "Nationaliteit"
country_of_return = "Land van terugkeer"
criminal_record = "Antecedenten"
dublin_claimant = "Dublin"

[records]
asylum_rejected_on = "Afwijzing"
caseworker = "Begeleider"

[format]
date = "dd-mm-yyyy"
TOML
table="CREATE TABLE import_rows (achternaam TEXT, voornamen TEXT, geboortedatum TEXT, v_nummer TEXT, \
nationaliteit TEXT, land TEXT, antecedenten TEXT, dublin TEXT, afwijzing TEXT, begeleider TEXT);"
secs() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$1" "$2"; }
now() { date +%s.%N; }
report() {
  local name=$1 bulk=$2 ours=$3
  python3 - "$name" "$n" "$bulk" "$ours" <<'PY'
import sys
name, n, bulk, ours = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
print(f"{name}: {n:,} rows — bulk load {bulk:.2f} s ({n/bulk:,.0f} rows/s); "
      f"terugkeer import {ours:.2f} s ({n/ours:,.0f} rows/s); ratio {ours/bulk:.2f}")
PY
}
# The organisation and its caseworker (organisation 1, caseworker-1-5) come from a one-client generate.
prepare() { $bin migrate --db "$1" >/dev/null && $bin generate --clients 1 --seed 5 --db "$1" >/dev/null; }
ours() {
  local t0 t1
  t0=$(now)
  $bin import --db "$1" --organisation 1 --mapping "$tmp/mapping.toml" "$csv" >"$tmp/import.log"
  t1=$(now)
  grep -q "imported $n new clients" "$tmp/import.log" || { tail -3 "$tmp/import.log" >&2; exit 1; }
  secs "$t0" "$t1"
}
if [ "$which" != postgres ]; then
  rm -f "$tmp"/bulk.db* "$tmp"/ours.db*
  sqlite3 "$tmp/bulk.db" "$table"
  t0=$(now)
  sqlite3 "$tmp/bulk.db" -cmd ".mode csv" -cmd ".separator ;" ".import --skip 1 $csv import_rows"
  t1=$(now)
  [ "$(sqlite3 "$tmp/bulk.db" 'SELECT COUNT(*) FROM import_rows')" = "$n" ]
  bulk=$(secs "$t0" "$t1")
  prepare "sqlite://$tmp/ours.db"
  report sqlite "$bulk" "$(ours "sqlite://$tmp/ours.db")"
fi
if [ "$which" != sqlite ]; then
  for db in terugkeer_bench_import_bulk terugkeer_bench_import_ours; do
    psql -q "$pg/postgres" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" 2>/dev/null
  done
  psql -q "$pg/terugkeer_bench_import_bulk" -c "$table"
  t0=$(now)
  psql -q "$pg/terugkeer_bench_import_bulk" -c "\\copy import_rows FROM '$csv' WITH (FORMAT csv, HEADER true, DELIMITER ';')"
  t1=$(now)
  [ "$(psql -At "$pg/terugkeer_bench_import_bulk" -c 'SELECT COUNT(*) FROM import_rows')" = "$n" ]
  bulk=$(secs "$t0" "$t1")
  prepare "$pg/terugkeer_bench_import_ours"
  report postgres "$bulk" "$(ours "$pg/terugkeer_bench_import_ours")"
fi
