#!/usr/bin/env bash
# The benchmark cannot rot: bench/bench.sh --smoke (a small seed, one 1 s wrk run per
# scenario, nothing appended to bench/RESULTS.md) prints its table with every scenario
# answered without errors; and the floor route of the bench build is not in the normal
# build. The real `make bench` never gates CI.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build}
pass=0 fail=0
ok() { pass=$((pass+1)); echo "ok: $1"; }
no() { fail=$((fail+1)); echo "FAIL: $1"; }

if grep -qa '/_bench/floor' "$BUILD/tejian-fcgi"; then no "the normal build contains the bench floor route"; else ok "no floor route in $BUILD/tejian-fcgi"; fi
if nm "$BUILD/tejian-fcgi" 2>/dev/null | grep -q bench_floor; then no "bench_floor linked into the normal build"; else ok "no bench_floor symbol"; fi

var=$ROOT/var/bench-smoke-$$
out=$(TEJIAN_VAR=$var "$ROOT/bench/bench.sh" --smoke 2>&1); rc=$?
[ "$rc" = 0 ] && ok "bench.sh --smoke exits 0" || no "bench.sh --smoke exit $rc: $(tail -n 15 <<<"$out")"
grep -q '^| scenario | workers | conns' <<<"$out" && ok "table printed" || no "no table"
for s in "1 ceiling" "2 floor" "3 landing" "4 login" "4b captcha" "5 list, page 1" "6 overdue" "7 POST" "8 equipment file"; do
    line=$(grep "^| $s" <<<"$out" | head -n 1)
    if [ -n "$line" ] && awk -F'|' '{exit !($6 + 0 > 0 && $9 ~ /^ *0 \/ 0 *$/)}' <<<"$line"; then ok "$s answered, no errors"; else no "$s: '$line'"; fi
done
grep -q 'password_verify' <<<"$out" && ok "micro-benchmarks printed" || no "no micro-benchmarks"
grep -qE '^\| pdf render \+ sign.*\| [0-9.]+ \|' <<<"$out" && grep -qE '^\| pdf verify.*\| [0-9.]+ \|' <<<"$out" &&
    ok "pdf sign and verify measured" || no "pdf sign / verify not measured"
[ -f "$var/pgroot" ] && TEJIAN_VAR=$var "$ROOT/deploy/stack.sh" stop >/dev/null 2>&1
[ -f "$var/pgroot" ] && case $(cat "$var/pgroot") in /tmp/tejian-pg.*) rm -rf "$(cat "$var/pgroot")" ;; esac
rm -rf "$var"
echo "bench-smoke: $pass passed, $fail failed"
[ "$fail" = 0 ]
