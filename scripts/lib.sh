# Shared by demo.sh, test.sh, bench.sh and the hardening scripts; source it
# from the repository root.

# The server to build against and test on: PGVERSION=15 (the default) is
# Debian's packaged PostgreSQL 15, even where other versions are installed
# too; 17 and 18 are built from Debian's source packages into a cache outside
# the repository by scripts/pg-server.sh (the first time only). PG_CONFIG and
# PG_BINDIR point at that server's pg_config and programs: every script calls
# "$PG_BINDIR/psql" and so on, never a bare psql, which Debian's pg_wrapper
# would resolve to the newest packaged version.
export PGVERSION=${PGVERSION:-15}
case $PGVERSION in
    15) PG_CONFIG=/usr/lib/postgresql/15/bin/pg_config ;;
    16|17|18)
        if ! pg_prefix=$(scripts/pg-server.sh "$PGVERSION"); then
            echo "PostgreSQL $PGVERSION is not available (scripts/pg-server.sh $PGVERSION failed)" >&2
            exit 1
        fi
        PG_CONFIG=$pg_prefix/bin/pg_config ;;
    *) echo "PGVERSION=$PGVERSION: portfolio is tested on 15, 17 and 18" >&2; exit 2 ;;
esac
export PG_CONFIG
# pg_config itself may not be installed yet (build_and_install installs 15).
export PG_BINDIR=${PG_CONFIG%/pg_config}

# build_and_install [--demo]: install missing packages (scripts/ensure-deps.sh;
# with --demo only what `make demo` needs), then build and install the
# extension. Each step returns on failure by hand, so this also works where
# set -e does not apply (in `if ! build_and_install`). Objects built against
# another server are cleaned first: PGXS would link them as they are.
build_and_install() {
    local built=.pg-build want
    scripts/ensure-deps.sh "$@" || return
    want="$PG_CONFIG $("$PG_CONFIG" --version)" || return
    if [ -f "$built" ] && [ "$(cat "$built")" != "$want" ]; then
        make -s clean PG_CONFIG="$PG_CONFIG" >/dev/null || return
    fi
    make -s PG_CONFIG="$PG_CONFIG" || return
    echo "$want" > "$built"
    if [ -w "$("$PG_CONFIG" --pkglibdir)" ] && [ -w "$("$PG_CONFIG" --sharedir)/extension" ]; then
        make -s install PG_CONFIG="$PG_CONFIG"
    else
        sudo make -s install PG_CONFIG="$PG_CONFIG"
    fi
}

# Run a server program as the owner of the clusters we create: postgres when
# we are root (the server refuses to run as root), ourselves otherwise.
as_cluster_owner() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# in_cluster [-o 'guc=value']... COMMAND...: run COMMAND with a throwaway
# cluster of $PG_CONFIG's server, and drop it when COMMAND exits (also when
# it fails or is interrupted). The same for every version: pg_virtualenv
# (and pg_wrapper) only know the servers under /usr/lib/postgresql/N.
# The cluster lives in a temporary directory (owned by postgres when we are
# root), listens on a Unix socket in that directory only (so the port, the
# first one without a socket there, cannot clash with anyone's server), uses
# trust authentication, C.UTF-8 and fsync = off, and logs to
# $PORTFOLIO_SERVER_LOG. COMMAND gets PGHOST, PGPORT, PGUSER=postgres (the
# bootstrap superuser), PGDATABASE=postgres, PGVERSION, PG_CONFIG and PG_BINDIR;
# PGPASSWORD, PGSERVICE and PGHOSTADDR are unset. On failure the last 100
# lines of the server log are printed.
in_cluster() {
    local opts=()
    while [ "${1:-}" = -o ]; do opts+=("$2"); shift 2; done
    (
        set -u
        work=$(mktemp -d "${TMPDIR:-/tmp}/portfolio-pg$PGVERSION.XXXXXX")
        chmod 755 "$work"
        [ "$(id -u)" -eq 0 ] && chown postgres: "$work"
        data=$work/data
        export PORTFOLIO_SERVER_LOG=$work/server.log
        started=no
        stop() {
            if [ $started = yes ]; then
                as_cluster_owner "$PG_BINDIR/pg_ctl" stop -D "$data" -m fast -w -t 60 >/dev/null 2>&1 ||
                    as_cluster_owner "$PG_BINDIR/pg_ctl" stop -D "$data" -m immediate >/dev/null 2>&1
            fi
            rm -rf "$work"
        }
        trap stop EXIT
        trap 'exit 130' INT TERM HUP
        if ! (cd / && as_cluster_owner "$PG_BINDIR/initdb" -D "$data" -U postgres -A trust -E UTF8 \
                  --locale=C.UTF-8 --no-sync) >"$work/initdb.log" 2>&1; then
            cat "$work/initdb.log" >&2
            echo "in_cluster: initdb failed" >&2
            exit 1
        fi
        port=5432
        while [ -e "$work/.s.PGSQL.$port" ]; do port=$((port + 1)); done
        {
            echo "listen_addresses = ''"
            echo "port = $port"
            echo "unix_socket_directories = '$work'"
            echo "fsync = off"
            printf '%s\n' "${opts[@]}"
        } >>"$data/postgresql.conf"
        if ! (cd / && as_cluster_owner "$PG_BINDIR/pg_ctl" start -D "$data" -l "$PORTFOLIO_SERVER_LOG" \
                  -w -t 120) >/dev/null; then
            tail -n 100 "$PORTFOLIO_SERVER_LOG" >&2
            echo "in_cluster: the PostgreSQL $PGVERSION server did not start" >&2
            exit 1
        fi
        started=yes
        export PGHOST=$work PGPORT=$port PGUSER=postgres PGDATABASE=postgres
        unset PGPASSWORD PGSERVICE PGHOSTADDR
        rc=0
        "$@" || rc=$?
        if [ $rc -ne 0 ]; then
            echo "*** $PORTFOLIO_SERVER_LOG (last 100 lines) ***"
            tail -n 100 "$PORTFOLIO_SERVER_LOG"
        fi
        exit $rc
    )
}
