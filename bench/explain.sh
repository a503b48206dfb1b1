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
. "$ROOT/bench/lib.sh"
[ "$KEEP" = 1 ] || trap './deploy/stack.sh pg-stop' EXIT
bench_data_ready

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
