#!/usr/bin/env bash
# callgrind.sh — instructions per request of one worker (bench/README.md): the bench
# build's tejian-fcgi --single under valgrind --tool=callgrind on a loopback port, driven
# by cgi-fcgi (libfcgi's client, no nginx) with the same request N times. Run twice
# (WARM and WARM+N requests); the difference ÷ N is one request's cost without the
# start-up. Prints Ir per request and the inclusive top functions of one request.
#
#   bench/callgrind.sh NAME PATH [COOKIE] [N]
# Needs the database of a bench run: TEJIAN_DB (bench/bench.sh leaves var/bench loaded;
# start it with TEJIAN_VAR=var/bench TEJIAN_PG_CONF=bench/postgresql.conf deploy/stack.sh pg-start).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
: "${TEJIAN_DB:?}"
NAME=$1 URIPATH=$2 COOKIE=${3:-} N=${4:-100}
WARM=20
BUILD=${BUILD:-$ROOT/build/bench-prod}
DIR=${CG_DIR:-$ROOT/var/callgrind}
mkdir -p "$DIR"

conf() { # conf PORT
    cat > "$DIR/tejian.conf" <<CONF
listen = 127.0.0.1:$1
workers = 1
db = $TEJIAN_DB
templates = $ROOT/templates
log_level = info
CONF
}

# one_run COUNT OUT: COUNT requests under callgrind; prints the total Ir.
one_run() {
    local count=$1 out=$2 port pid path query
    port=$(for _ in $(seq 1 50); do p=$((20000 + RANDOM % 12000)); (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null || { echo $p; break; }; done)
    conf "$port"
    valgrind --tool=callgrind --callgrind-out-file="$out" "$BUILD/tejian-fcgi" -c "$DIR/tejian.conf" \
        --single --max-requests "$count" >"$DIR/worker.log" 2>&1 &
    pid=$!
    for _ in $(seq 1 200); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.05; done
    path=${URIPATH%%\?*}; query=""; [[ $URIPATH == *\?* ]] && query=${URIPATH#*\?}
    for _ in $(seq 1 "$count"); do
        env -i REQUEST_METHOD=GET DOCUMENT_URI="$path" REQUEST_URI="$URIPATH" QUERY_STRING="$query" \
            HTTP_COOKIE="$COOKIE" SERVER_PROTOCOL=HTTP/1.1 REMOTE_ADDR=127.0.0.1 \
            cgi-fcgi -bind -connect "127.0.0.1:$port" </dev/null >"$DIR/response" || true
    done
    wait "$pid" || true
    head -n 1 "$DIR/response" | grep -q '^Status: 200' || { echo "callgrind: $URIPATH did not answer 200: $(head -n 1 "$DIR/response")" >&2; return 1; }
    sed -n 's/^==[0-9]*== Collected : //p' "$DIR/worker.log"
}

a=$(one_run "$WARM" "$DIR/$NAME.warm.out")
b=$(one_run $((WARM + N)) "$DIR/$NAME.out")
per=$(( (b - a) / N ))
echo "callgrind $NAME: $per Ir per request ($N requests after $WARM; totals $a and $b)"
# The top of one request: inclusive costs of the longer run, scaled to one request is not
# exact (start-up is in it), so the list is of the whole run, largest first.
callgrind_annotate --inclusive=yes "$DIR/$NAME.out" 2>/dev/null | sed -n '/^Ir/,$p' | head -n 40 > "$DIR/$NAME.top.txt"
echo "top inclusive functions: $DIR/$NAME.top.txt"
