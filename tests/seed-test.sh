#!/usr/bin/env bash
# tejianctl seed against the stack's real PostgreSQL, in a scratch database: the demo
# equipment has the promised shape and valid codes, a second run adds nothing, the scale
# set adds exactly what was asked next to it, and a unit's list is served by an index.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
: "${TEJIAN_DB:?}"
CTL=${BUILD:-$ROOT/build}/tejianctl
scratch="tejian_seed_test_$$"
base_db=$TEJIAN_DB
db="${TEJIAN_DB/dbname=tejian/dbname=$scratch}"
SCALE_N=20000
SCALE_E=50
pass=0 fail=0
ok() { pass=$((pass+1)); echo "ok: $1"; }
no() { fail=$((fail+1)); echo "FAIL: $1"; }
psql_q() { psql "$1" -Atqc "$2"; }
q() { psql_q "$db" "$1"; }
# ok/no on a condition over numbers: check "description" "$value" -ge 3
check() { local what=$1 v=$2; shift 2; if [ -n "$v" ] && [ "$v" "$@" ]; then ok "$what ($v)"; else no "$what: got '$v', want $*"; fi; }
keys=$(mktemp -d)
cleanup() { psql_q "${base_db/dbname=tejian/dbname=postgres}" "DROP DATABASE IF EXISTS $scratch" >/dev/null; rm -rf "$keys"; }
trap cleanup EXIT

psql_q "${base_db/dbname=tejian/dbname=postgres}" "CREATE DATABASE $scratch" >/dev/null || { echo "cannot create scratch db"; exit 1; }
out=$("$CTL" --db "$db" migrate --dir "$ROOT/migrations" 2>&1) && ok "migrate" || { no "migrate: $out"; echo "seed: $pass passed, $fail failed"; exit 1; }
# Completed demo inspections issue signed documents: demo keys and a config naming them.
"$CTL" keys init --dir "$keys" >/dev/null || no "keys init"
printf 'sign_cert = %s\nsign_key = %s\nsign_chain = %s\nsign_ca = %s\n' "$keys/sign-cert.pem" "$keys/sign-key.pem" \
    "$keys/chain.pem" "$keys/ca.pem" > "$keys/tejian.conf"
CTL="$CTL -c $keys/tejian.conf"
out=$($CTL --db "$db" seed --demo 2>&1) && ok "seed --demo" || no "seed --demo: $out"

company="(SELECT id FROM org WHERE credit_code = '91120101MA05T8XK1L' AND kind = 'enterprise')"
overdue="state = 'in_use' AND next_inspection_date < CURRENT_DATE"
soon="state = 'in_use' AND next_inspection_date BETWEEN CURRENT_DATE AND CURRENT_DATE + 30"

# -- the demo set --------------------------------------------------------------------
check "demo devices: a few hundred" "$(q "SELECT count(*) FROM equipment")" -ge 250
check "demo devices: not thousands" "$(q "SELECT count(*) FROM equipment")" -le 600
check "demo: overdue ~10%" "$(q "SELECT round(100.0 * count(*) FILTER (WHERE $overdue) / count(*)) FROM equipment")" -ge 5
check "demo: due within 30 days ~10%" "$(q "SELECT round(100.0 * count(*) FILTER (WHERE $soon) / count(*)) FROM equipment")" -ge 5
check "demo: mostly elevators" "$(q "SELECT round(100.0 * count(*) FILTER (WHERE category LIKE '3%') / count(*)) FROM equipment")" -ge 50
check "demo: boilers, vessels, cranes and forklifts too" \
    "$(q "SELECT count(DISTINCT left(category, 1)) FROM equipment WHERE category ~ '^[1245]'")" -eq 4
check "demo enterprises: 20 or more, certified and active" \
    "$(q "SELECT count(*) FROM org WHERE kind = 'enterprise' AND certified AND state = 'active'")" -ge 20
check "demo enterprises: every unit type" \
    "$(q "SELECT count(DISTINCT t) FROM org, unnest(unit_types) t WHERE kind = 'enterprise'")" -eq 5
check "district bureaus in each of the four cities" \
    "$(q "SELECT count(DISTINCT CASE WHEN district LIKE '12%' THEN '12' ELSE left(district, 4) END) FROM org WHERE kind = 'bureau'")" -eq 4
check "one bureau per district" \
    "$(q "SELECT count(*) FROM (SELECT district FROM org WHERE kind = 'bureau' GROUP BY district HAVING count(*) > 1) d")" -eq 0
# GB 32100 check character, computed in SQL independently of the C code.
check "every credit code has the right check character" "$(q "
    SELECT count(*) FROM org o WHERE credit_code IS NOT NULL AND substr(credit_code, 18, 1) <>
      substr('0123456789ABCDEFGHJKLMNPQRTUWXY', (31 - (SELECT sum((strpos('0123456789ABCDEFGHJKLMNPQRTUWXY',
        substr(o.credit_code, i::int, 1)) - 1) * w) FROM unnest(ARRAY[1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28])
        WITH ORDINALITY AS t(w, i))::int % 31) % 31 + 1, 1)")" -eq 0

check "demo company: about 40 devices" "$(q "SELECT count(*) FROM equipment WHERE use_org_id = $company")" -ge 35
check "demo company: not many more" "$(q "SELECT count(*) FROM equipment WHERE use_org_id = $company")" -le 45
check "demo company: 3+ overdue" "$(q "SELECT count(*) FROM equipment WHERE use_org_id = $company AND $overdue")" -ge 3
check "demo company: 3+ due within 30 days" "$(q "SELECT count(*) FROM equipment WHERE use_org_id = $company AND $soon")" -ge 3
check "demo company: 2+ unqualified" \
    "$(q "SELECT count(*) FROM equipment WHERE use_org_id = $company AND last_conclusion = 'unqualified'")" -ge 2
check "demo company: 2+ stopped" "$(q "SELECT count(*) FROM equipment WHERE use_org_id = $company AND state = 'stopped'")" -ge 2
check "demo company: 1+ scrapped" "$(q "SELECT count(*) FROM equipment WHERE use_org_id = $company AND state = 'scrapped'")" -ge 1
check "demo company: one unit only" "$(q "SELECT count(*) FROM org WHERE credit_code = '91120101MA05T8XK1L'")" -eq 1
check "company_sub may act on about 10 devices" "$(q "SELECT count(*) FROM account_equipment ae JOIN account a ON a.id = ae.account_id
    JOIN equipment e ON e.id = ae.equipment_id WHERE a.login = 'company_sub' AND e.use_org_id = a.org_id")" -ge 8
check "company_sub's devices are all its unit's" "$(q "SELECT count(*) FROM account_equipment ae JOIN account a ON a.id = ae.account_id
    JOIN equipment e ON e.id = ae.equipment_id WHERE e.use_org_id <> a.org_id")" -eq 0
check "demo history rows" "$(q "SELECT count(*) FROM equipment_history")" -ge 3
check "demo company: 2+ open change applications in 和平区, each with a PDF" "$(q "SELECT count(*) FROM change_application c
    WHERE c.org_id = $company AND c.state = 'submitted' AND c.district = '120101' AND EXISTS (SELECT 1 FROM change_application_document d
    JOIN blob b ON b.sha256 = d.blob_sha256 WHERE d.application_id = c.id AND b.mime = 'application/pdf')")" -ge 2

# -- codes ---------------------------------------------------------------------------
check "every registration code is 20 digits" "$(q "SELECT count(*) FROM equipment WHERE reg_code !~ '^[0-9]{20}\$'")" -eq 0
check "every registration code starts with a catalogue code" \
    "$(q "SELECT count(*) FROM equipment e WHERE reg_code IS NOT NULL AND NOT EXISTS (SELECT 1 FROM catalogue c WHERE c.code = left(e.reg_code, 4))")" -eq 0
check "registration code = variety + district + month" \
    "$(q "SELECT count(*) FROM equipment WHERE reg_code IS NOT NULL AND (left(reg_code, 4) <> category OR substr(reg_code, 5, 6) <> district
        OR substr(reg_code, 15, 2)::int NOT BETWEEN 1 AND 12)")" -eq 0
check "equipment codes are 18 characters or a registration code" \
    "$(q "SELECT count(*) FROM equipment WHERE equipment_code !~ '^[0-9A-Z]{4}[0-9]{9}[0-9A-Z]{5}\$' AND equipment_code IS DISTINCT FROM reg_code")" -eq 0
check "elevator certificates look like 梯11津A00001(17)" \
    "$(q "SELECT count(*) FROM equipment WHERE category LIKE '3%' AND use_cert_no !~ '^梯[0-9]{2}[津浙豫][A-Z][0-9]{4,5}[(（][0-9]{2}[)）]\$'")" -eq 0
check "elevator certificate digits = catalogue code digits 2-3" \
    "$(q "SELECT count(*) FROM equipment WHERE use_cert_no IS NOT NULL AND substr(use_cert_no, 2, 2) <> substr(category, 2, 2)")" -eq 0
check "elevator params: floors, load, speed" \
    "$(q "SELECT count(*) FROM equipment WHERE category IN ('3110', '3120') AND NOT params ?& ARRAY['floors', 'stops', 'rated_load_kg', 'rated_speed_ms']")" -eq 0

# -- idempotence ---------------------------------------------------------------------
counts="SELECT (SELECT count(*) FROM org) || '/' || (SELECT count(*) FROM equipment) || '/' ||
    (SELECT count(*) FROM equipment_history) || '/' || (SELECT count(*) FROM account_equipment) || '/' ||
    (SELECT count(*) FROM account) || '/' || (SELECT count(*) FROM change_application) || '/' ||
    (SELECT count(*) FROM change_application_document)"
before=$(q "$counts")
out=$($CTL --db "$db" seed --demo 2>&1) && ok "seed --demo again" || no "seed --demo again: $out"
after=$(q "$counts")
[ "$before" = "$after" ] && ok "second seed --demo changes no counts ($after)" || no "counts changed: $before -> $after"

# -- the scale set -------------------------------------------------------------------
devices_before=$(q "SELECT count(*) FROM equipment")
orgs_before=$(q "SELECT count(*) FROM org")
demo_company_before=$(q "SELECT count(*) FROM equipment WHERE use_org_id = $company")
out=$($CTL --db "$db" seed --scale "$SCALE_N" --enterprises "$SCALE_E" 2>&1) && ok "seed --scale $SCALE_N --enterprises $SCALE_E" \
    || no "seed --scale: $(tail -n 5 <<<"$out")"
check "scale added exactly $SCALE_N devices" "$(( $(q "SELECT count(*) FROM equipment") - devices_before ))" -eq "$SCALE_N"
check "scale added exactly $SCALE_E enterprises" "$(( $(q "SELECT count(*) FROM org") - orgs_before ))" -eq "$SCALE_E"
check "scale units are marked 规模测试单位" "$(q "SELECT count(*) FROM org WHERE name LIKE '规模测试单位%'")" -eq "$SCALE_E"
check "scale devices all belong to scale units" "$(q "SELECT count(*) FROM equipment e JOIN org o ON o.id = e.use_org_id WHERE o.name LIKE '规模测试单位%'")" -eq "$SCALE_N"
big=$(( SCALE_N / 2 < 10000 ? SCALE_N / 2 : 10000 ))
check "the biggest scale unit uses min(10000, N/2) = $big" \
    "$(q "SELECT max(n) FROM (SELECT count(*) n FROM equipment e JOIN org o ON o.id = e.use_org_id WHERE o.name LIKE '规模测试单位%' GROUP BY o.id) t")" -eq "$big"
check "exactly one unit that big" \
    "$(q "SELECT count(*) FROM (SELECT o.id FROM equipment e JOIN org o ON o.id = e.use_org_id WHERE o.name LIKE '规模测试单位%' GROUP BY o.id HAVING count(*) = $big) t")" -eq 1
check "the demo company is untouched" "$(q "SELECT count(*) FROM equipment WHERE use_org_id = $company")" -eq "$demo_company_before"
check "registration codes still 20 digits and unique" \
    "$(q "SELECT count(*) - count(DISTINCT reg_code) FROM equipment WHERE reg_code ~ '^[0-9]{20}\$'")" -eq 0

# The unit list, page 1, as the pages will ask it: one branch per role, each with its
# own ORDER BY id LIMIT (see migrations/0004_equipment.sql). At this size the planner may
# prefer the primary key for a unit holding half the table; either index will do.
unit=$(q "SELECT o.id FROM equipment e JOIN org o ON o.id = e.use_org_id WHERE o.name LIKE '规模测试单位%' GROUP BY o.id ORDER BY count(*) DESC LIMIT 1")
list="(SELECT id, reg_code, name FROM equipment WHERE use_org_id = $unit AND id > 0 ORDER BY id LIMIT 20)
  UNION ALL (SELECT id, reg_code, name FROM equipment WHERE construction_org_id = $unit AND use_org_id <> $unit AND id > 0 ORDER BY id LIMIT 20)
  UNION ALL (SELECT id, reg_code, name FROM equipment WHERE manufacture_org_id = $unit AND use_org_id <> $unit
             AND construction_org_id IS DISTINCT FROM $unit AND id > 0 ORDER BY id LIMIT 20)
  ORDER BY id LIMIT 20"
plan=$(q "EXPLAIN (ANALYZE, BUFFERS) $list")
if grep -q 'Seq Scan on equipment' <<<"$plan"; then no "unit list page 1 scans the table: $plan"
elif grep -qE 'Index (Only )?Scan using equipment_[a-z_]+ on equipment' <<<"$plan"; then ok "unit list page 1 uses an index ($(grep -o 'Execution Time: .*' <<<"$plan"))"
else no "unit list page 1 plan: $plan"; fi
check "unit list page 1 returns 20 rows" "$(q "SELECT count(*) FROM ($list) t")" -eq 20
plan=$(q "EXPLAIN SELECT id FROM equipment WHERE use_org_id = $unit AND state = 'in_use' AND next_inspection_date < CURRENT_DATE
          ORDER BY next_inspection_date, id LIMIT 20")
grep -q 'equipment_use_org_due' <<<"$plan" && ok "unit overdue list uses equipment_use_org_due" || no "overdue plan: $plan"

# The nightly fold (migration 0017) at scale: past dates become one row per unit and
# district, every total stays, a second run finds nothing.
sums="SELECT md5(string_agg(k || ':' || s, ',' ORDER BY k)) FROM (
        SELECT 'o' || org_id AS k, sum(n) AS s FROM equipment_due_tally_org WHERE due < current_date GROUP BY 1
        UNION ALL SELECT 'd' || district, sum(n) FROM equipment_due_tally_district WHERE due < current_date GROUP BY 1) t"
devices="SELECT md5(string_agg(k || ':' || s, ',' ORDER BY k)) FROM (
        SELECT 'o' || use_org_id AS k, count(*) AS s FROM equipment WHERE state = 'in_use' AND next_inspection_date < current_date GROUP BY 1
        UNION ALL SELECT 'd' || district, count(*) FROM equipment WHERE state = 'in_use' AND next_inspection_date < current_date GROUP BY 1) t"
before=$(q "$sums")
[ -n "$before" ] && [ "$before" = "$(q "$devices")" ] && ok "overdue tallies equal the devices" || no "overdue tallies differ from the devices"
out=$($CTL --db "$db" fold-tallies 2>&1)
folded=$(grep -o '[0-9]* rows folded' <<<"$out" | cut -d' ' -f1)
check "fold-tallies folded the scale set's past dates" "${folded:-0}" -gt 1000
[ "$(q "$sums")" = "$before" ] && ok "totals unchanged by the fold" || no "totals changed by the fold"
check "no past date left before yesterday" \
    "$(q "SELECT count(*) FROM equipment_due_tally_district WHERE due > '-infinity' AND due < current_date - 1")" -eq 0
out=$($CTL --db "$db" fold-tallies 2>&1)
grep -q '^due tallies: 0 rows folded$' <<<"$out" && ok "a second fold finds nothing" || no "second fold: $out"

# The district bureau's overdue page reads its index alone (migration 0018) once the
# table is vacuumed: the columns the list shows are in the index.
q "VACUUM ANALYZE equipment" >/dev/null
district=$(q "SELECT district FROM equipment WHERE state = 'in_use' AND next_inspection_date < current_date GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
plan=$(q "EXPLAIN (ANALYZE) SELECT e.id, e.reg_code, e.name, e.category, e.address, e.next_inspection_date, e.use_org_name
          FROM equipment e WHERE e.district = '$district' AND e.state = 'in_use' AND e.next_inspection_date < current_date
          ORDER BY e.next_inspection_date, e.id LIMIT 21")
grep -q 'Index Only Scan using equipment_district_due' <<<"$plan" && grep -q 'Heap Fetches: 0' <<<"$plan" \
    && ok "bureau overdue page: index-only scan, no heap fetch" || no "bureau overdue plan: $plan"
plan=$(q "EXPLAIN (ANALYZE) SELECT e.id, e.reg_code, e.name, e.category, e.address, e.state, e.next_inspection_date,
          (e.state = 'in_use' AND e.next_inspection_date < current_date) FROM equipment e WHERE e.use_org_id = $unit ORDER BY e.id LIMIT 21")
grep -q 'Index Only Scan using equipment_use_org' <<<"$plan" && grep -q 'Heap Fetches: 0' <<<"$plan" \
    && ok "unit list page 1: index-only scan, no heap fetch" || no "unit list plan: $plan"

echo "seed: $pass passed, $fail failed"
[ "$fail" = 0 ]
