#!/usr/bin/env bash
# Reproduces the README's import benchmark: a spreadsheet of N clients (default 100,000; CSV, `;`-separated as
# Dutch Excel writes it) loaded three ways on each backend, each into a fresh database:
#   - the database's own bulk load of the sheet's rows into a plain table of text columns (SQLite's `.import`,
#     PostgreSQL's `\copy` = COPY FROM STDIN): the raw floor;
#   - `terugkeer import` (every row checked as a form, summarised by the rules, sealed, audited, indexed);
#   - the database's own bulk load of the rows that import wrote (client, record and audit_log, dumped from the
#     import's database) into the same schema — its indexes, constraints and count trigger — in a fresh
#     database: what loading the same rows costs the database itself, without our checks, rules and sealing.
# Prints wall-clock seconds, rows per second and the ratio of import to each bulk load. (SQLite's `.import` reads
# an empty CSV cell as '' where the import wrote NULL; the shell leaves foreign keys unchecked. PostgreSQL's
# COPY reads them as NULL and checks every constraint.)
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
  local name=$1 bulk=$2 ours=$3 same=$4
  python3 - "$name" "$n" "$bulk" "$ours" "$same" <<'PY'
import sys
name, n, bulk, ours, same = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
print(f"{name}: {n:,} rows — sheet bulk-loaded {bulk:.2f} s ({n/bulk:,.0f} rows/s); "
      f"terugkeer import {ours:.2f} s ({n/ours:,.0f} rows/s); import's rows bulk-loaded {same:.2f} s; "
      f"ratio to the sheet's load {ours/bulk:.1f}, to the same rows' load {ours/same:.2f}")
PY
}
query() {
  case $1 in
    sqlite://*) sqlite3 "${1#sqlite://}" "$2" ;;
    *) psql -At "$1" -c "$2" ;;
  esac
}
# The database's own bulk load of the rows the import wrote ($1: the import's database), into a fresh database
# prepared as the import's was ($2). Prints its seconds.
same_rows() {
  local from=$1 to=$2 t0 t1
  prepare "$to"
  local where=("client WHERE id > $first_new" "record WHERE id > $first_record" "audit_log WHERE seq > $first_audit")
  for w in "${where[@]}"; do
    local table=${w%% *}
    case $from in
      sqlite://*) sqlite3 -csv "${from#sqlite://}" "SELECT * FROM $w" >"$tmp/same-$table.csv" ;;
      *) psql -q "$from" -c "\\copy (SELECT * FROM $w) TO '$tmp/same-$table.csv' WITH (FORMAT csv)" ;;
    esac
  done
  t0=$(now)
  case $to in
    sqlite://*) sqlite3 "${to#sqlite://}" -cmd ".mode csv" -cmd ".import $tmp/same-client.csv client" \
      -cmd ".import $tmp/same-record.csv record" ".import $tmp/same-audit_log.csv audit_log" ;;
    *) psql -q -1 "$to" -c "\\copy client FROM '$tmp/same-client.csv' WITH (FORMAT csv)" \
      -c "\\copy record FROM '$tmp/same-record.csv' WITH (FORMAT csv)" \
      -c "\\copy audit_log FROM '$tmp/same-audit_log.csv' WITH (FORMAT csv)" ;;
  esac
  t1=$(now)
  [ "$(query "$to" "SELECT COUNT(*) FROM client WHERE id > $first_new")" = "$n" ] || { echo "same rows: count" >&2; exit 1; }
  secs "$t0" "$t1"
}
# The organisation and its caseworker (organisation 1, caseworker-1-5) come from a one-client generate.
prepare() { $bin migrate --db "$1" >/dev/null && $bin generate --clients 1 --seed 5 --db "$1" >/dev/null; }
ours() {
  local t0 t1
  # The highest ids before the import: the rows above them are what it wrote (the baseline loads them).
  first_new=$(query "$1" "SELECT COALESCE(MAX(id), 0) FROM client") first_audit=$(query "$1" "SELECT MAX(seq) FROM audit_log")
  first_record=$(query "$1" "SELECT COALESCE(MAX(id), 0) FROM record")
  t0=$(now)
  $bin import --db "$1" --organisation 1 --mapping "$tmp/mapping.toml" "$csv" >"$tmp/import.log"
  t1=$(now)
  grep -q "imported $n new clients" "$tmp/import.log" || { tail -3 "$tmp/import.log" >&2; exit 1; }
  secs "$t0" "$t1"
}
if [ "$which" != postgres ]; then
  rm -f "$tmp"/bulk.db* "$tmp"/ours.db* "$tmp"/same.db*
  sqlite3 "$tmp/bulk.db" "$table"
  t0=$(now)
  sqlite3 "$tmp/bulk.db" -cmd ".mode csv" -cmd ".separator ;" ".import --skip 1 $csv import_rows"
  t1=$(now)
  [ "$(sqlite3 "$tmp/bulk.db" 'SELECT COUNT(*) FROM import_rows')" = "$n" ]
  bulk=$(secs "$t0" "$t1")
  prepare "sqlite://$tmp/ours.db"
  ours "sqlite://$tmp/ours.db" >"$tmp/ours.secs"
  report sqlite "$bulk" "$(cat "$tmp/ours.secs")" "$(same_rows "sqlite://$tmp/ours.db" "sqlite://$tmp/same.db")"
fi
if [ "$which" != sqlite ]; then
  for db in terugkeer_bench_import_bulk terugkeer_bench_import_ours terugkeer_bench_import_same; do
    psql -q "$pg/postgres" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" 2>/dev/null
  done
  psql -q "$pg/terugkeer_bench_import_bulk" -c "$table"
  t0=$(now)
  psql -q "$pg/terugkeer_bench_import_bulk" -c "\\copy import_rows FROM '$csv' WITH (FORMAT csv, HEADER true, DELIMITER ';')"
  t1=$(now)
  [ "$(psql -At "$pg/terugkeer_bench_import_bulk" -c 'SELECT COUNT(*) FROM import_rows')" = "$n" ]
  bulk=$(secs "$t0" "$t1")
  prepare "$pg/terugkeer_bench_import_ours"
  ours "$pg/terugkeer_bench_import_ours" >"$tmp/ours.secs"
  report postgres "$bulk" "$(cat "$tmp/ours.secs")" \
    "$(same_rows "$pg/terugkeer_bench_import_ours" "$pg/terugkeer_bench_import_same")"
fi
