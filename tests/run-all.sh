#!/usr/bin/env bash
# make check: every test against a throwaway stack (own directory, free loopback ports).
# Prints each suite's result and closes with "N passed, N failed" over all test cases.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
BUILD=${BUILD:-$ROOT/build}
FUZZ_SECONDS=${FUZZ_SECONDS:-30}
LOGS="$BUILD/test-logs"
mkdir -p "$LOGS"
export TEJIAN_VAR="$ROOT/var/check-$$"
PASS=0
FAIL=0
FAILED_SUITES=()
T0=$(date +%s)

# Adds a suite's counts: cmocka's PASSED/FAILED lines, node's "# pass/# fail", a plain
# "N passed, N failed" line, or else 1 test judged by the exit code.
tally() {
    local name=$1 rc=$2 log=$3 p=0 f=0
    if grep -qE '^\[  (PASSED|FAILED)  \] [0-9]+ test' "$log"; then
        p=$(grep -oE '^\[  PASSED  \] [0-9]+' "$log" | awk '{s+=$NF} END {print s+0}')
        f=$(grep -oE '^\[  FAILED  \] [0-9]+ test' "$log" | awk '{s+=$3} END {print s+0}')
    elif grep -qE '^# pass [0-9]+' "$log"; then
        p=$(sed -n 's/^# pass \([0-9]*\)/\1/p' "$log" | tail -1)
        f=$(sed -n 's/^# fail \([0-9]*\)/\1/p' "$log" | tail -1)
    elif grep -qE '[0-9]+ passed, [0-9]+ failed' "$log"; then
        p=$(grep -oE '[0-9]+ passed, [0-9]+ failed' "$log" | tail -1 | awk '{print $1}')
        f=$(grep -oE '[0-9]+ passed, [0-9]+ failed' "$log" | tail -1 | awk '{print $3}')
    elif [ "$rc" = 0 ]; then p=1; else f=1; fi
    # A suite that exits non-zero fails even when its counts look clean.
    if [ "$rc" != 0 ] && [ "$f" = 0 ]; then f=1; fi
    PASS=$((PASS + p)); FAIL=$((FAIL + f))
    [ "$f" != 0 ] && FAILED_SUITES+=("$name")
    printf '== %-22s %3d passed, %d failed  (%ss)\n' "$name" "$p" "$f" "$4"
}

suite() {
    local name=$1; shift
    local log="$LOGS/$name.log" t rc
    t=$(date +%s)
    "$@" > "$log" 2>&1; rc=$?
    if [ $rc != 0 ]; then echo "---- $name (exit $rc), last lines of $log:"; tail -n 40 "$log"; fi
    tally "$name" "$rc" "$log" $(( $(date +%s) - t ))
}

fuzz_target() {
    local bin=$1 name corpus
    name=$(basename "$bin"); name=${name#fuzz_}
    corpus="$BUILD/fuzz/corpus-$name"
    mkdir -p "$corpus"
    cp -n tests/fuzz/corpus/"$name"/* "$corpus"/ 2>/dev/null || true
    "$bin" -max_total_time="$FUZZ_SECONDS" -print_final_stats=1 -artifact_prefix="$BUILD/fuzz/" "$corpus"
}

teardown() {
    ./deploy/stack.sh stop >/dev/null 2>&1
    [ -f "$TEJIAN_VAR/pgroot" ] && case $(cat "$TEJIAN_VAR/pgroot") in /tmp/tejian-pg.*) rm -rf "$(cat "$TEJIAN_VAR/pgroot")";; esac
    rm -rf "$TEJIAN_VAR"
}
trap teardown EXIT

echo "== make check: logs in $LOGS"
suite template-lint ./tests/lint-test.sh
suite nginx-example ./tests/nginx-example-test.sh
suite xlsx-readback ./tests/xlsx-readback-test.sh
suite pdf ./tests/pdf-test.sh
suite pdf-sign ./tests/pdf-sign-test.sh
suite bench-smoke ./tests/bench-smoke-test.sh
for t in "$BUILD"/tests/test_*; do
    case $t in *.d) continue ;; esac
    suite "unit-$(basename "$t" | sed 's/^test_//')" "$t"
done
for f in "$BUILD"/fuzz/fuzz_*; do
    case $f in *.d) continue ;; esac
    [ -x "$f" ] && suite "fuzz-$(basename "$f" | sed 's/^fuzz_//')" fuzz_target "$f"
done

echo "== starting a throwaway stack in $TEJIAN_VAR"
if ./deploy/stack.sh up --port auto --test > "$LOGS/stack.log" 2>&1; then
    set -a; . "$TEJIAN_VAR/env"; set +a
    for t in "$BUILD"/tests/integration_*; do
        case $t in *.d) continue ;; esac
        suite "$(basename "$t" | sed 's/^integration_/integration-/')" "$t"
    done
    suite migrate ./tests/migrate-test.sh
    suite outbox ./tests/outbox-test.sh
    suite seed ./tests/seed-test.sh
    suite valgrind ./tests/valgrind.sh
    suite e2e ./tests/e2e/run.sh
    # The stack renders with render = verify: every page above was rendered by both
    # evaluators (lib/render_eval.c and cs_render), and any byte where they differ is
    # logged (and failed that page). None may be in the log.
    render_verify() {
        local n
        n=$(grep -c 'render: .*\(part at byte\|where cs_render\)' "$TEJIAN_VAR/log/tejian.log")
        echo "$n page(s) where the evaluators differ"
        grep -q '^render = verify$' "$TEJIAN_VAR/tejian.conf" && [ "$n" = 0 ]
    }
    suite render-verify render_verify
    # Drain on SIGTERM: the supervisor and its workers exit and say so.
    sup=$(cat "$TEJIAN_VAR/run/tejian-fcgi.pid")
    drain() {
        kill -TERM "$sup" && for _ in $(seq 1 100); do kill -0 "$sup" 2>/dev/null || break; sleep 0.1; done
        ! kill -0 "$sup" 2>/dev/null && [ -z "$(pgrep -P "$sup")" ] && grep -q 'supervisor stopped' "$TEJIAN_VAR/log/tejian.log" &&
            echo "supervisor $sup drained and stopped"
    }
    suite sigterm-drain drain
else
    cat "$LOGS/stack.log"
    FAIL=$((FAIL + 1)); FAILED_SUITES+=("stack")
fi

echo
echo "make check finished in $(( $(date +%s) - T0 ))s"
[ ${#FAILED_SUITES[@]} -gt 0 ] && echo "failed suites: ${FAILED_SUITES[*]}"
echo "$PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
