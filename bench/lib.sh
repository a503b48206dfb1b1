# bench/lib.sh — shared by bench/explain.sh and bench/bench.sh (sourced, not run): a
# throwaway PostgreSQL under $TEJIAN_VAR (deploy/stack.sh pg-start, nothing else),
# migrated and loaded with `tejianctl seed --scale $DEVICES`.
#
# The loaded cluster is kept between runs. It is thrown away and loaded again when its
# key changes (the scale generator, the device count, the settings file) or when a
# migration it has applied was edited since (`tejianctl migrate` refuses: the ledger keeps
# each one's SHA-256). A migration added since is applied to the loaded data, as a deploy
# would; a second run starts in seconds instead of reloading for minutes.
# Needs: ROOT, BUILD, TEJIAN_VAR, DEVICES; sets TEJIAN_DB, PSQL; defines sql().

PSQL=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)/psql
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
sql() { as_pg "$PSQL" "$TEJIAN_DB" -v ON_ERROR_STOP=1 -Atqc "$1"; }

bench_data_key() {
    { cat "$ROOT"/cgi/ctl_equipment_scale.c "$ROOT"/cgi/ctl_equipment_gen.c
      echo "devices=$DEVICES pgconf=${TEJIAN_PG_CONF:+$(cat "$TEJIAN_PG_CONF" | grep -v '^#' | grep -c .)}"
    } | sha256sum | cut -c1-16
}

# Starts PostgreSQL and makes sure the scale data for this key is loaded and analysed.
bench_data_ready() {
    local key have root rc
    key=$(bench_data_key)
    mkdir -p "$TEJIAN_VAR"/{log,run}
    if [ -f "$TEJIAN_VAR/pgroot" ] && [ "$(cat "$TEJIAN_VAR/data.key" 2>/dev/null)" != "$key" ]; then
        root=$(cat "$TEJIAN_VAR/pgroot")
        if [ -f "$root/data/PG_VERSION" ]; then
            echo "bench: generator, device count or settings changed since the data was loaded: loading again"
            "$ROOT/deploy/stack.sh" pg-stop
            rm -rf "${root:?}/data"
        fi
    fi
    "$ROOT/deploy/stack.sh" pg-start
    # stack.sh's conninfo: the cluster's socket directory, recorded in $TEJIAN_VAR/pgroot.
    export TEJIAN_DB="host=$(cat "$TEJIAN_VAR/pgroot") port=5432 dbname=tejian user=tejian"
    rc=0
    "$BUILD/tejianctl" migrate --dir "$ROOT/migrations" > "$TEJIAN_VAR/log/migrate.log" 2>&1 || rc=$?
    sed 's/^/bench: /' "$TEJIAN_VAR/log/migrate.log"
    if [ "$rc" != 0 ]; then
        echo "bench: the loaded data does not migrate (an applied migration was edited): loading again"
        root=$(cat "$TEJIAN_VAR/pgroot")
        "$ROOT/deploy/stack.sh" pg-stop
        rm -rf "${root:?}/data" "$TEJIAN_VAR/data.key"
        "$ROOT/deploy/stack.sh" pg-start
        "$BUILD/tejianctl" migrate --dir "$ROOT/migrations" | sed 's/^/bench: /'
    fi
    have=$(sql "SELECT count(*) FROM equipment e JOIN org o ON o.id = e.use_org_id WHERE o.name LIKE '规模测试单位%'")
    if [ "$have" -lt "$DEVICES" ]; then
        [ "$have" = 0 ] || { echo "bench: $have scale devices loaded, not $DEVICES: remove $TEJIAN_VAR and run again" >&2; return 1; }
        echo "bench: loading $DEVICES devices (a couple of minutes)"
        "$BUILD/tejianctl" seed --scale "$DEVICES" | sed 's/^/bench: /'
        sql "VACUUM ANALYZE" >/dev/null
        echo "$key" > "$TEJIAN_VAR/data.key"
    else
        echo "bench: $have scale devices already loaded"
        [ -f "$TEJIAN_VAR/data.key" ] || echo "$key" > "$TEJIAN_VAR/data.key"
        sql "ANALYZE"
    fi
    # As the nightly job of a deployment would have (deploy/tejian-fold.timer): the
    # loaded dates, and a cluster loaded on an earlier day, folded.
    "$BUILD/tejianctl" fold-tallies | sed 's/^/bench: /'
    sql "VACUUM equipment_due_tally_org, equipment_due_tally_district" >/dev/null
}
