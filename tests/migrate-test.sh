#!/usr/bin/env bash
# tejianctl migrate against the stack's real PostgreSQL, in a scratch database:
# applies in order, records the ledger, is idempotent, refuses an edited applied file,
# and rolls back a failing migration whole.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
: "${TEJIAN_DB:?}"
CTL=${BUILD:-$ROOT/build}/tejianctl
scratch="tejian_migrate_test_$$"
base_db=$TEJIAN_DB
db="${TEJIAN_DB/dbname=tejian/dbname=$scratch}"
dir=$(mktemp -d)
pass=0 fail=0
ok() { pass=$((pass+1)); echo "ok: $1"; }
no() { fail=$((fail+1)); echo "FAIL: $1"; }
psql_q() { psql "$1" -Atqc "$2"; }
cleanup() { psql_q "${base_db/dbname=tejian/dbname=postgres}" "DROP DATABASE IF EXISTS $scratch" >/dev/null; rm -rf "$dir"; }
trap cleanup EXIT

psql_q "${base_db/dbname=tejian/dbname=postgres}" "CREATE DATABASE $scratch" >/dev/null || { echo "cannot create scratch db"; exit 1; }
cp "$ROOT"/migrations/*.sql "$dir"/
n=$(ls "$dir"/*.sql | wc -l)

out=$("$CTL" --db "$db" migrate --dir "$dir" 2>&1) && [ "$(grep -c '^applied' <<<"$out")" = "$n" ] \
    && ok "applies all $n migrations" || no "first run: $out"
rows=$(psql_q "$db" "SELECT count(*) FROM schema_migrations")
[ "$rows" = "$n" ] && ok "ledger has $n rows" || no "ledger rows: $rows"
sha=$(psql_q "$db" "SELECT sha256 FROM schema_migrations WHERE name='0001_blob.sql'")
[ "$sha" = "$(sha256sum "$dir/0001_blob.sql" | cut -d' ' -f1)" ] && ok "ledger sha256 matches file" || no "sha $sha"
out=$("$CTL" --db "$db" migrate --dir "$dir" 2>&1) && grep -q 'up to date' <<<"$out" && ok "second run is a no-op" || no "second run: $out"
out=$("$CTL" --db "$db" migrate --status --dir "$dir" 2>&1) && [ "$(grep -c '^applied' <<<"$out")" = "$n" ] && ok "--status lists applied" || no "status: $out"

printf 'CREATE TABLE t_ok (id int);\nCREATE TABLE t_bad (id int REFERENCES no_such_table);\n' > "$dir/9001_broken.sql"
if "$CTL" --db "$db" migrate --dir "$dir" >/dev/null 2>&1; then no "broken migration accepted"; else
    exists=$(psql_q "$db" "SELECT count(*) FROM pg_tables WHERE tablename='t_ok'")
    led=$(psql_q "$db" "SELECT count(*) FROM schema_migrations WHERE name='9001_broken.sql'")
    [ "$exists$led" = "00" ] && ok "failing migration rolled back whole" || no "half-applied: t_ok=$exists ledger=$led"
fi
rm "$dir/9001_broken.sql"

echo "-- edited" >> "$dir/0001_blob.sql"
out=$("$CTL" --db "$db" migrate --dir "$dir" 2>&1)
if [ $? -ne 0 ] && grep -q 'was edited' <<<"$out"; then ok "edited applied file refused"; else no "edit not refused: $out"; fi

"$CTL" --help | grep -q 'migrate' && ok "tejianctl --help" || no "help"
"$CTL" bogus >/dev/null 2>&1; [ $? = 2 ] && ok "unknown command exits 2" || no "unknown command"

echo "migrate: $pass passed, $fail failed"
[ "$fail" = 0 ]
