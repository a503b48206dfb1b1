#!/usr/bin/env bash
# explain.sh — database time of the equipment lists at 1 000 000 devices: a throwaway
# PostgreSQL under var/bench-explain (deploy/stack.sh pg-start, nothing else), migrated
# and loaded with `tejianctl seed --scale 1000000` (reused when already loaded), then
# bench/explain; its table is appended to bench/RESULTS.md. See bench/README.md.
#
#   bench/explain.sh [--keep] [explain options: --all-sorts, --limit-ms N]
#   --keep   leave PostgreSQL running afterwards (default: stop it)
# Environment: TEJIAN_VAR (default var/bench-explain), BENCH_DEVICES (default 1000000).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
BUILD=${BUILD:-$ROOT/build}
export TEJIAN_VAR=${TEJIAN_VAR:-$ROOT/var/bench-explain}
DEVICES=${BENCH_DEVICES:-1000000}
KEEP=0
ARGS=()
for a in "$@"; do
    case $a in
        --keep) KEEP=1 ;;
        *) ARGS+=("$a") ;;
    esac
done

make -s all "$BUILD/bench/explain"
mkdir -p "$TEJIAN_VAR"/{log,run}
./deploy/stack.sh pg-start
# stack.sh's conninfo: the cluster's socket directory, recorded in $TEJIAN_VAR/pgroot.
export TEJIAN_DB="host=$(cat "$TEJIAN_VAR/pgroot") port=5432 dbname=tejian user=tejian"
[ "$KEEP" = 1 ] || trap './deploy/stack.sh pg-stop' EXIT

"$BUILD/tejianctl" migrate --dir migrations | sed 's/^/bench: /'
PSQL=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)/psql
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
sql() { as_pg "$PSQL" "$TEJIAN_DB" -Atqc "$1"; }

have=$(sql "SELECT count(*) FROM equipment e JOIN org o ON o.id = e.use_org_id WHERE o.name LIKE '规模测试单位%'")
if [ "$have" -lt "$DEVICES" ]; then
    [ "$have" = 0 ] || { echo "bench: $have scale devices loaded, not $DEVICES: remove $TEJIAN_VAR and run again" >&2; exit 1; }
    echo "bench: loading $DEVICES devices (a couple of minutes)"
    "$BUILD/tejianctl" seed --scale "$DEVICES" | sed 's/^/bench: /'
else
    echo "bench: $have scale devices already loaded"
fi
sql "ANALYZE"

OUT=$(mktemp)
PLANS="$TEJIAN_VAR/plans.md"
rc=0
"$BUILD/bench/explain" --plans "$PLANS" ${ARGS[@]+"${ARGS[@]}"} > "$OUT" || rc=$?
[ "$rc" -le 1 ] || { cat "$OUT"; rm -f "$OUT"; exit "$rc"; }
cat "$OUT"

RESULTS=bench/RESULTS.md
[ -f "$RESULTS" ] || printf '# Benchmark results\n' > "$RESULTS"
mem=$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
pgv=$(sql "SHOW server_version")
sbuf=$(sql "SHOW shared_buffers")
{
    printf '\n## Equipment lists: database time at 1 000 000 devices (EXPLAIN ANALYZE)\n\n'
    printf '%s, commit %s, %s CPUs, %s memory, PostgreSQL %s (shared_buffers %s, fsync off); `bench/explain.sh`.\n\n' \
        "$(date '+%Y-%m-%d %H:%M %Z')" "$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- lib migrations bench || echo '+uncommitted')" \
        "$(nproc)" "$mem" "$pgv" "$sbuf"
    cat "$OUT"
} >> "$RESULTS"
rm -f "$OUT"
echo "bench: appended to $RESULTS; plans of flagged statements in $PLANS"
exit "$rc"
