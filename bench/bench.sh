#!/usr/bin/env bash
# bench.sh — `make bench`: the real stack side by side with its own ceilings (issue 7,
# bench/README.md). The bench build (install flags + the floor route, build/bench-prod),
# a throwaway PostgreSQL with bench/postgresql.conf and `tejianctl seed --scale`
# (bench/lib.sh: kept between runs while the migrations do not change), nginx + workers
# as deploy/stack.sh starts them (the shape of nginx.conf.example), then wrk on loopback:
# each scenario after a warm-up, twice, at each connection count. One table: req/s,
# p50/p99, errors and non-2xx, the ratio to the floor of the same run and connections,
# worker and PostgreSQL CPU µs per request (utime+stime deltas from /proc), RSS per
# worker; micro-benchmarks (bench/micro.c, the HTTP xlsx export). Appended with date,
# commit and machine to bench/RESULTS.md.
#
#   bench/bench.sh                 the default: workers = stack default (2 per core)
#   bench/bench.sh --sweep         the worker sweep: list pages and floor at 2, 4, 8 workers
#   bench/bench.sh --smoke         make check: small seed, one 1 s run per scenario, nothing
#                                  appended; exits 1 when a scenario errored
# Environment: BENCH_DEVICES (1000000), BENCH_DURATION (10, seconds a run), BENCH_WARMUP
# (3), BENCH_CONNS ("32 256"), BENCH_WORKERS (sweep: "2 4 8"), BENCH_RESULTS (file the
# table is appended to; bench/RESULTS.md), BENCH_ONLY (a regex: only the scenarios whose
# name matches, e.g. 'floor|list'), TEJIAN_VAR (var/bench, var/bench-smoke).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
MODE=default
case ${1:-} in
    "") ;;
    --sweep) MODE=sweep ;;
    --smoke) MODE=smoke ;;
    *) sed -n '2,21p' "$0"; exit 2 ;;
esac

export BUILD=$ROOT/build/bench-prod
export TEJIAN_PG_CONF=$ROOT/bench/postgresql.conf
# The login and captcha limits stay in nginx's path, set out of one client's reach.
export TEJIAN_LOGIN_RATE=1000000r/s TEJIAN_LOGIN_BURST=100000
if [ "$MODE" = smoke ]; then
    export TEJIAN_VAR=${TEJIAN_VAR:-$ROOT/var/bench-smoke}
    DEVICES=${BENCH_DEVICES:-3000}; DURATION=${BENCH_DURATION:-1}; WARMUP=${BENCH_WARMUP:-0}
    CONNS=${BENCH_CONNS:-8}; RUNS=1; RESULTS=${BENCH_RESULTS:-/dev/null}
else
    export TEJIAN_VAR=${TEJIAN_VAR:-$ROOT/var/bench}
    DEVICES=${BENCH_DEVICES:-1000000}; DURATION=${BENCH_DURATION:-10}; WARMUP=${BENCH_WARMUP:-3}
    CONNS=${BENCH_CONNS:-32 256}; RUNS=2; RESULTS=${BENCH_RESULTS:-$ROOT/bench/RESULTS.md}
fi
WORKER_COUNTS=${BENCH_WORKERS:-2 4 8}
THREADS=2
CEILING=$ROOT/static/bench-ceiling-$$.html   # the list page's size, served by nginx (removed at exit)
OUT=$TEJIAN_VAR/bench.tsv                 # one line a wrk run
RAW=$TEJIAN_VAR/wrk.log
HZ=$(getconf CLK_TCK)

log() { echo "bench: $*" >&2; }
die() { log "$*"; exit 1; }
command -v wrk >/dev/null || die "wrk not installed (deploy/install-deps.sh)"
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

log "building the bench build in $BUILD (install flags, -DTEJIAN_BENCH)"
# BUILD relative to the Makefile, as every build names it: the header dependencies in
# the .d files are recorded under that name (an absolute one would not match them).
make -s -C "$ROOT" BUILD=build/bench-prod TEJIAN_BENCH=1 build/bench-prod/tejian-fcgi build/bench-prod/tejianctl \
    build/bench-prod/bench/micro >&2

. "$ROOT/bench/lib.sh"
cleanup() {
    rm -f "$CEILING"
    "$ROOT/deploy/stack.sh" stop >/dev/null 2>&1 || true
}
trap cleanup EXIT
bench_data_ready >&2

# ---- viewers, the stack ----------------------------------------------------------------

eval "$(as_pg "$PSQL" "$TEJIAN_DB" -Atq -f "$ROOT/bench/setup.sql" | grep -E '^[a-z_]+=[0-9a-f]+$')"
[ -n "${unit_token:-}" ] && [ -n "${bureau_token:-}" ] && [ -n "${device:-}" ] || die "bench/setup.sql found no viewers"
UNIT="tj_session=$unit_token; tj_csrf=$csrf"
BUREAU="tj_session=$bureau_token; tj_csrf=$csrf"
POST_BODY="_csrf=$csrf&kind=periodic&equipment=$device"

serve() { # serve N: (re)start workers + nginx with N workers (0: the stack's default)
    # A run writes a log line per request in nginx and in the workers (~1 GB a full run):
    # each start keeps only its own run's.
    : >"$TEJIAN_VAR/log/nginx-access.log" 2>/dev/null || true
    : >"$TEJIAN_VAR/log/tejian.log" 2>/dev/null || true
    TEJIAN_WORKERS=$1 "$ROOT/deploy/stack.sh" serve --port auto >/dev/null
    . "$TEJIAN_VAR/env"
    URL=$TEJIAN_URL
    SUPERVISOR=$(cat "$TEJIAN_VAR/run/tejian-fcgi.pid")
    POSTMASTER=$(head -n 1 "$(cat "$TEJIAN_VAR/pgroot")/data/postmaster.pid")
    NWORKERS=$(pgrep -P "$SUPERVISOR" | wc -l)
}

status_of() { # status_of PATH COOKIE [BODY]
    if [ -n "${3:-}" ]; then
        curl -s -o /dev/null -w '%{http_code}' -b "$2" --data "$3" "$URL$1"
    else
        curl -s -o /dev/null -w '%{http_code}' -b "$2" "$URL$1"
    fi
}

# The list's page 400 (or its last page), reached as a user does: the Next links.
page_400() {
    local path="/equipment" href n=1
    while [ $n -lt 400 ]; do
        href=$(curl -s -b "$UNIT" "$URL$path" | grep -o 'href="/equipment?[^"]*ai=[^"]*"[^>]*>下一页' | head -n 1 |
               sed -e 's/^href="//' -e 's/".*//' -e 's/&amp;/\&/g') || true
        [ -n "$href" ] || break
        path=$href; n=$((n + 1))
    done
    echo "$n $path"
}

# ---- CPU and memory from /proc ---------------------------------------------------------

ticks() { # utime+stime of the given pids, in clock ticks
    local t
    t=$(ticks_split "$@")
    echo $((${t% *} + ${t#* }))
}
ticks_split() { # "utime stime" of the given pids, in clock ticks
    local u=0 s=0 p f
    for p in "$@"; do
        f=$(cat "/proc/$p/stat" 2>/dev/null) || continue
        f=${f##*) }
        set -- $f
        u=$((u + ${12})); s=$((s + ${13}))
    done
    echo "$u $s"
}
worker_pids() { pgrep -P "$SUPERVISOR" || true; }
backend_pids() { # the workers' PostgreSQL backends (user tejian), not the cluster's helpers
    local p
    for p in $(pgrep -P "$POSTMASTER"); do
        grep -q '^postgres: tejian tejian' "/proc/$p/cmdline" 2>/dev/null && echo "$p"
    done
    return 0
}
peak_rss() { # the largest VmHWM of the workers, MB
    local p m=0 k
    for p in $(worker_pids); do
        k=$(awk '/^VmHWM/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0)
        [ "${k:-0}" -gt "$m" ] && m=$k
    done
    awk -v k="$m" 'BEGIN {printf "%.1f", k / 1024}'
}
rss_now() { # the largest VmRSS of the workers now: anonymous and file-backed parts, PSS, private
    local p best="0 0 0 0 0" line
    for p in $(worker_pids); do
        line=$(cat "/proc/$p/status" "/proc/$p/smaps_rollup" 2>/dev/null | awk '
            /^VmRSS/ {r = $2} /^RssAnon/ {a = $2} /^RssFile/ {f = $2} /^Pss:/ {s = $2}
            /^Private_(Clean|Dirty):/ {v += $2} END {print r + 0, a + 0, f + 0, s + 0, v + 0}') || continue
        [ "${line%% *}" -gt "${best%% *}" ] && best=$line
    done
    echo "$best" | awk '{printf "%.1f MB (anonymous %.1f MB, file-backed %.1f MB: library code and fonts, shared by every worker; PSS %.1f MB, private %.1f MB)", $1 / 1024, $2 / 1024, $3 / 1024, $4 / 1024, $5 / 1024}'
}

# ---- scenarios -------------------------------------------------------------------------

# Data the POST and captcha scenarios write is removed after each run (same starting
# state every run): applications, their items, history and audit rows; captchas.
MARK_APP=0 MARK_EV=0 MARK_AUDIT=0
mark() {
    MARK_APP=$(sql "SELECT coalesce(max(id), 0) FROM inspection_application")
    MARK_EV=$(sql "SELECT coalesce(max(id), 0) FROM workflow_event")
    MARK_AUDIT=$(sql "SELECT coalesce(max(id), 0) FROM audit_log")
}
reset_data() {
    sql "DELETE FROM inspection_application WHERE id > $MARK_APP; DELETE FROM workflow_event WHERE id > $MARK_EV;
         DELETE FROM audit_log WHERE id > $MARK_AUDIT; DELETE FROM captcha" >/dev/null
    sql "VACUUM inspection_application, application_item, workflow_event, audit_log, captcha" >/dev/null
}

wrk_run() { # wrk_run SECONDS CONNS PATH COOKIE METHOD BODY -> "BENCH ..." line
    BENCH_COOKIE=$4 BENCH_METHOD=$5 BENCH_BODY=$6 \
        wrk -t "$THREADS" -c "$2" -d "${1}s" --timeout 10s -s "$ROOT/bench/wrk/bench.lua" "$URL$3" >>"$RAW" 2>&1 || true
    tail -n 40 "$RAW" | grep '^BENCH ' | tail -n 1
}

# scenario NAME CONNS PATH COOKIE [METHOD BODY]: warm-up, then RUNS measured runs.
scenario() {
    local name=$1 conns=$2 path=$3 cookie=$4 method=${5:-GET} body=${6:-} run line w0 p0 w1 p1
    [ -z "${BENCH_ONLY:-}" ] || [[ $name =~ $BENCH_ONLY ]] || return 0
    if [ "$WARMUP" -gt 0 ]; then
        [ "$method" = POST ] && mark
        wrk_run "$WARMUP" "$conns" "$path" "$cookie" "$method" "$body" >/dev/null
        [ "$method" = POST ] && reset_data
    fi
    for run in $(seq 1 "$RUNS"); do
        mark
        read -r wu0 ws0 <<< "$(ticks_split $(worker_pids))"; p0=$(ticks $(backend_pids))
        line=$(wrk_run "$DURATION" "$conns" "$path" "$cookie" "$method" "$body")
        read -r wu1 ws1 <<< "$(ticks_split $(worker_pids))"; p1=$(ticks $(backend_pids))
        case $name in 7*|4b*) reset_data ;; esac
        [ -n "$line" ] || line="BENCH 0 1 0 0 1 0 0 0 0"
        # name conns run workers requests duration_us p50 p99 socket_errors non2xx worker_ticks pg_ticks
        # worker_user_ticks worker_sys_ticks
        echo "$line" | awk -v n="$name" -v c="$conns" -v r="$run" -v w="$NWORKERS" -v pt=$((p1 - p0)) \
            -v wu=$((wu1 - wu0)) -v ws=$((ws1 - ws0)) \
            'BEGIN {OFS="\t"} {print n, c, r, w, $2, $3, $4, $5, $6 + $7 + $8 + $10, $9, wu + ws, pt, wu, ws}' >>"$OUT"
        log "$(tail -n 1 "$OUT" | awk -F'\t' '{printf "%-28s c=%-4s run %s: %8.0f req/s, p99 %.1f ms, errors %d, non-2xx %d", $1, $2, $3, $5 / ($6 / 1e6), $8 / 1000, $9, $10}')"
    done
}

check_status() { # check_status NAME WANT PATH COOKIE [BODY]
    local got
    got=$(status_of "$3" "$4" "${5:-}")
    [ "$got" = "$2" ] || die "$1: $3 answered $got, not $2 (see $TEJIAN_VAR/log/)"
}

# The scenarios of issue 7, at each connection count.
run_default() {
    local c p400 n400
    read -r n400 p400 < <(page_400)
    log "list page $n400: $p400"
    check_status "floor" 200 /_bench/floor ""
    check_status "list" 200 /equipment "$UNIT"
    check_status "overdue (bureau)" 200 "/equipment?list=overdue" "$BUREAU"
    check_status "file" 200 "/equipment/$device" "$UNIT"
    mark; check_status "POST" 303 /inspection "$UNIT" "$POST_BODY"; reset_data
    for c in $CONNS; do
        scenario "1 ceiling: nginx static" "$c" "/static/$(basename "$CEILING")" ""
        scenario "2 floor: fixed page" "$c" /_bench/floor ""
        scenario "3 landing page" "$c" / ""
        scenario "4 login page" "$c" /login ""
        scenario "4b captcha image (fresh)" "$c" /captcha ""
        scenario "5 list, page 1" "$c" /equipment "$UNIT"
        scenario "5 list, page $n400" "$c" "$p400" "$UNIT"
        scenario "6 overdue list (bureau)" "$c" "/equipment?list=overdue" "$BUREAU"
        scenario "7 POST application" "$c" /inspection "$UNIT" POST "$POST_BODY"
        scenario "8 equipment file" "$c" "/equipment/$device" "$UNIT"
    done
    if [ "$MODE" != smoke ]; then
        # Zero non-2xx at 1 024 connections (one run; its floor for the ratio).
        local keep=$RUNS; RUNS=1
        scenario "2 floor: fixed page" 1024 /_bench/floor ""
        scenario "5 list, page 1" 1024 /equipment "$UNIT"
        scenario "6 overdue list (bureau)" 1024 "/equipment?list=overdue" "$BUREAU"
        RUNS=$keep
    fi
}

run_sweep() {
    local w c
    for w in $WORKER_COUNTS; do
        serve "$w"
        log "sweep: $NWORKERS workers"
        for c in $CONNS; do
            scenario "2 floor: fixed page" "$c" /_bench/floor ""
            scenario "5 list, page 1" "$c" /equipment "$UNIT"
            scenario "6 overdue list (bureau)" "$c" "/equipment?list=overdue" "$BUREAU"
        done
    done
}

# ---- the table -------------------------------------------------------------------------

table() {
    awk -F'\t' -v hz="$HZ" '
        BEGIN {
            print "| scenario | workers | conns | run | req/s | p50 ms | p99 ms | errors / non-2xx | × floor | worker CPU µs/req (user + sys) | PG CPU µs/req |"
            print "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
        }
        { n++; for (i = 1; i <= 14; i++) f[n, i] = $i
          rps = $6 > 0 ? $5 / ($6 / 1e6) : 0; r[n] = rps
          if ($1 ~ /^2 floor/) floor[$4, $2, $3] = rps }
        END {
            for (k = 1; k <= n; k++) {
                fl = floor[f[k, 4], f[k, 2], f[k, 3]]
                req = f[k, 5] > 0 ? f[k, 5] : 1
                printf "| %s | %d | %d | %d | %.0f | %.2f | %.2f | %d / %d | %s | %.0f (%.0f + %.0f) | %.0f |\n",
                    f[k, 1], f[k, 4], f[k, 2], f[k, 3], r[k], f[k, 7] / 1000, f[k, 8] / 1000, f[k, 9], f[k, 10],
                    (fl > 0 ? sprintf("%.2f", r[k] / fl) : "—"),
                    f[k, 11] * 1e6 / hz / req, f[k, 13] * 1e6 / hz / req, f[k, 14] * 1e6 / hz / req,
                    f[k, 12] * 1e6 / hz / req
            }
        }' "$OUT"
}

export_timing() { # the HTTP xlsx export of the unit's 10 000 devices: median of 3, ms
    local t=() i
    for i in 1 2 3 4; do
        t+=("$(curl -s -o "$TEJIAN_VAR/export.xlsx" -w '%{http_code} %{time_total}' -b "$UNIT" "$URL/equipment/export")")
    done
    printf '%s\n' "${t[@]:1}" | awk '$1 == 200 {print $2 * 1000} $1 != 200 {print "failed"}' | sort -n | sed -n 2p
}

# ---- run --------------------------------------------------------------------------------

: >"$OUT"; : >"$RAW"
serve "${BENCH_DEFAULT_WORKERS:-0}"
# The ceiling: a static file the size of the list page.
curl -s -b "$UNIT" -o "$CEILING" "$URL/equipment"
log "stack: $URL, $NWORKERS workers, ${DEVICES} devices; ceiling file $(stat -c %s "$CEILING") bytes"
# CPU time the hypervisor gave to others (steal) while we measured: on a shared host it
# slows everything, and the table means little when it is high.
cpu_ticks() { awk '/^cpu / {t = 0; for (i = 2; i <= NF; i++) t += $i; print $9, t}' /proc/stat; }
read -r STEAL0 TOTAL0 <<< "$(cpu_ticks)"
T0=$(date +%s)
if [ "$MODE" = sweep ]; then run_sweep; else run_default; fi
read -r STEAL1 TOTAL1 <<< "$(cpu_ticks)"
STEAL=$(awk -v s=$((STEAL1 - STEAL0)) -v t=$((TOTAL1 - TOTAL0)) 'BEGIN { printf "%.1f", (t > 0 ? 100 * s / t : 0) }')
RSS=$(peak_rss)
RSS_NOW=$(rss_now)
MICRO=$("$BUILD/bench/micro" $([ "$MODE" = smoke ] && echo --quick)) || die "micro-benchmarks failed: $MICRO"
EXPORT_MS=$(export_timing)
TABLE=$(table)
WALL=$(( $(date +%s) - T0 ))

mem=$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
commit="$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- lib cgi templates migrations bench deploy || echo '+uncommitted')"
load=$(cut -d' ' -f1-3 /proc/loadavg)
REPORT=$(cat <<EOF
## make bench$([ "$MODE" = sweep ] && echo ' (worker sweep)')$([ "$MODE" = smoke ] && echo ' (smoke)')

$(date -u '+%Y-%m-%d %H:%M UTC'), commit $commit, \`nproc\` $(nproc), $mem memory; load average before the table $load; CPU stolen by the host during the runs ${STEAL} %.
${DEVICES} devices; wrk $THREADS threads, ${DURATION} s runs after a ${WARMUP} s warm-up; bench/postgresql.conf (durable commits).
Worker and PostgreSQL CPU: utime+stime of the worker processes and of their PostgreSQL
backends over the run ÷ requests. RSS of a worker after the runs (the largest VmRSS): ${RSS_NOW}; its peak during the runs (VmHWM): ${RSS} MB.

$TABLE

Micro-benchmarks (bench/micro.c, in-process):

$MICRO

HTTP export of the unit's devices (GET /equipment/export, 10 000 rows into xlsx, median of 3): ${EXPORT_MS:-failed} ms.
EOF
)
echo
echo "$REPORT"
if [ "$RESULTS" != /dev/null ]; then
    { echo; echo "$REPORT"; } >>"$RESULTS"
    log "appended to $RESULTS (${WALL} s of measurement)"
fi
# The smoke's verdict: every scenario answered, without socket errors or non-2xx.
if [ "$MODE" = smoke ]; then
    bad=$(awk -F'\t' '$5 == 0 || $9 > 0 || $10 > 0 {print $1}' "$OUT" | sort -u)
    [ -z "$bad" ] || die "scenarios with errors: $bad"
    [ "$(grep -c '^| ' <<<"$TABLE")" -gt 2 ] || die "no table"
fi
exit 0
