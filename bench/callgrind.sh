#!/usr/bin/env bash
# callgrind.sh — instructions per request of one worker (bench/README.md): the bench
# build's tejian-fcgi --single under valgrind --tool=callgrind on a loopback port, driven
# by cgi-fcgi (libfcgi's client, no nginx) with the same request N times. Run twice
# (WARM and WARM+N requests); the difference ÷ N is one request's cost without the
# start-up. Prints Ir per request and the inclusive top functions of one request.
#
#   bench/callgrind.sh NAME PATH [COOKIE] [N]
# CG_BROWSER=1: each request also carries every parameter deploy/fastcgi.inc passes and the
# headers a desktop browser sends (nginx forwards them as HTTP_*), as behind the real stack.
# CG_TARGET=postgres: the same, but PostgreSQL's instructions: the bench cluster
# (TEJIAN_VAR, default var/bench) is restarted under callgrind with every backend traced,
# the worker runs plainly, and the count is its connection's backend's (found in
# pg_stat_activity after the first request); the cluster is restarted normally afterwards.
# CG_PG_OPTS: more server options for that run (e.g. "-c log_planner_stats=on").
# Needs the database of a bench run: TEJIAN_DB (bench/bench.sh leaves var/bench loaded;
# start it with TEJIAN_VAR=var/bench TEJIAN_PG_CONF=bench/postgresql.conf deploy/stack.sh pg-start).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
: "${TEJIAN_DB:?}"
NAME=$1 URIPATH=$2 COOKIE=${3:-} N=${4:-100}
WARM=20
BUILD=${BUILD:-$ROOT/build/bench-prod}
DIR=${CG_DIR:-$ROOT/var/callgrind}
TARGET=${CG_TARGET:-worker}
mkdir -p "$DIR"

if [ "$TARGET" = postgres ]; then
    export TEJIAN_VAR=${TEJIAN_VAR:-$ROOT/var/bench}
    PGROOT=$(cat "$TEJIAN_VAR/pgroot")
    PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    PGDIR="$DIR/postgres"
    rm -rf "$PGDIR"
    mkdir -p "$PGDIR"
    chmod 777 "$PGDIR"
    "$ROOT/deploy/stack.sh" pg-stop >/dev/null 2>&1 || true
    runuser -u postgres -- valgrind --tool=callgrind --trace-children=yes \
        --callgrind-out-file="$PGDIR/backend.%p" "$PGBIN/postgres" -D "$PGROOT/data" \
        -c listen_addresses= -c unix_socket_directories="$PGROOT" ${CG_PG_OPTS:-} >"$PGDIR/postgres.log" 2>&1 &
    pg_restart() {
        runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGROOT/data" -m fast -w stop >/dev/null 2>&1 || true
        TEJIAN_PG_CONF=${TEJIAN_PG_CONF:-$ROOT/bench/postgresql.conf} "$ROOT/deploy/stack.sh" pg-start >/dev/null 2>&1 || true
    }
    trap pg_restart EXIT
    for _ in $(seq 1 120); do
        runuser -u postgres -- "$PGBIN/psql" "$TEJIAN_DB" -Atqc 'SELECT 1' >/dev/null 2>&1 && break
        sleep 1
    done
fi

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
    if [ "$TARGET" = postgres ]; then
        "$BUILD/tejian-fcgi" -c "$DIR/tejian.conf" --single --max-requests "$count" >"$DIR/worker.log" 2>&1 &
    else
        valgrind --tool=callgrind --callgrind-out-file="$out" "$BUILD/tejian-fcgi" -c "$DIR/tejian.conf" \
            --single --max-requests "$count" >"$DIR/worker.log" 2>&1 &
    fi
    pid=$!
    for _ in $(seq 1 200); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.05; done
    path=${URIPATH%%\?*}; query=""; [[ $URIPATH == *\?* ]] && query=${URIPATH#*\?}
    local -a extra=()
    [ "${CG_BROWSER:-0}" = 1 ] && extra=(
        CONTENT_TYPE= CONTENT_LENGTH= SCRIPT_NAME="$path" REQUEST_SCHEME=http REMOTE_PORT=51234
        SERVER_ADDR=127.0.0.1 SERVER_PORT=8080 SERVER_NAME=localhost
        REQUEST_ID=0123456789abcdef0123456789abcdef
        HTTP_HOST=localhost:8080 HTTP_CONNECTION=keep-alive HTTP_UPGRADE_INSECURE_REQUESTS=1
        HTTP_USER_AGENT="Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"
        HTTP_ACCEPT="text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
        HTTP_ACCEPT_ENCODING="gzip, deflate, br" HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9,en;q=0.8"
        HTTP_REFERER="http://localhost:8080/" HTTP_SEC_FETCH_DEST=document HTTP_SEC_FETCH_MODE=navigate
        HTTP_SEC_FETCH_SITE=same-origin HTTP_SEC_FETCH_USER=?1)
    local i backend=
    for i in $(seq 1 "$count"); do
        env -i "${extra[@]}" REQUEST_METHOD=GET DOCUMENT_URI="$path" REQUEST_URI="$URIPATH" QUERY_STRING="$query" \
            HTTP_COOKIE="$COOKIE" SERVER_PROTOCOL=HTTP/1.1 REMOTE_ADDR=127.0.0.1 \
            cgi-fcgi -bind -connect "127.0.0.1:$port" </dev/null >"$DIR/response" || true
        # After its first request the worker's connection is the one other client backend.
        if [ "$TARGET" = postgres ] && [ "$i" = 1 ]; then
            backend=$(runuser -u postgres -- "$PGBIN/psql" "$TEJIAN_DB" -Atqc \
                "SELECT pid FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()")
        fi
    done
    wait "$pid" || true
    head -n 1 "$DIR/response" | grep -q '^Status: 200' || { echo "callgrind: $URIPATH did not answer 200: $(head -n 1 "$DIR/response")" >&2; return 1; }
    if [ "$TARGET" = postgres ]; then
        # The worker's backend writes its file when it exits, after the worker's connection
        # closes.
        local best= best_file="$PGDIR/backend.$backend"
        [[ $backend =~ ^[0-9]+$ ]] || { echo "callgrind: the worker's backend not found ($backend)" >&2; return 1; }
        for _ in $(seq 1 300); do # its file is whole when it has its totals
            best=$(sed -n 's/^totals: //p' "$best_file" 2>/dev/null)
            [ -n "$best" ] && break
            sleep 0.2
        done
        [ -n "$best" ] || { echo "callgrind: no backend profile" >&2; return 1; }
        cp "$best_file" "$out"
        echo "$best"
        return 0
    fi
    sed -n 's/^==[0-9]*== Collected : //p' "$DIR/worker.log"
}

a=$(one_run "$WARM" "$DIR/$NAME.warm.out")
b=$(one_run $((WARM + N)) "$DIR/$NAME.out")
per=$(( (b - a) / N ))
echo "callgrind $NAME: $per Ir per request ($TARGET; $N requests after $WARM; totals $a and $b)"
# The top of one request: inclusive costs of the longer run, scaled to one request is not
# exact (start-up is in it), so the list is of the whole run, largest first.
{ callgrind_annotate --inclusive=yes "$DIR/$NAME.out" 2>/dev/null || true; } | sed -n '/^Ir/,$p' | sed -n 1,40p > "$DIR/$NAME.top.txt"
echo "top inclusive functions: $DIR/$NAME.top.txt"
