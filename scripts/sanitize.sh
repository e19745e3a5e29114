#!/usr/bin/env bash
# scripts/sanitize.sh: the test suites against a build of the extension with
# AddressSanitizer and UndefinedBehaviorSanitizer.
#
#   scripts/sanitize.sh                     everything
#   scripts/sanitize.sh --regress "summary rfm" --tap "test/catalog.sql" --sh "" --no-unit
#                                           a subset (--regress "", --tap "", --sh "" skip a suite)
#   scripts/sanitize.sh --keep              keep the cluster's directory (server log) at the end
#
# It builds the module with -fsanitize=address,undefined (make clean before and
# after, so no instrumented object is left for the normal build), installs it,
# starts its own throwaway PostgreSQL 15 cluster with the sanitizer runtime
# preloaded into the server (the postgres binary itself is not instrumented;
# ASan must be the first library loaded, so it goes in LD_PRELOAD), runs the
# pg_regress suite (sql/ + expected/), the pgTAP files (test/*.sql but
# memory_groups.sql, see below), the shell tests (test/*.sh but those that
# start servers of their own, below) and the C unit tests built with the same
# flags, then reinstalls the normal build.
# It fails if a test fails, if a sanitizer reported anything (the report is
# printed), if a backend crashed, or if the runtime turns out not to be loaded
# in the backend (a run that cannot detect anything must not pass).
#
# What it can see: every read or write by our code outside a malloc'd block,
# a stack array or a global; palloc'd chunks larger than 8 kB (each has its own
# malloc'd block); undefined behaviour in our code (signed overflow, bad shifts,
# misaligned or null pointers, out-of-range float-to-integer conversions, ...).
# What it cannot see: an overrun of a small palloc'd chunk that stays inside
# its memory context's block, and anything inside the postgres binary.
#
# Runs as root (the cluster then runs as postgres) or as a user who can write
# the PostgreSQL lib and share directories. The extension is installed
# system-wide: do not run two of these, or this and `make test`, at once.
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

regress=$(cd sql && ls *.sql 2>/dev/null | sed 's/\.sql$//' | tr '\n' ' ')
# The pgTAP files except memory_groups.sql: ASan keeps freed memory in
# quarantine, so the backend's resident set grows with every block a memory
# context frees and its peak says nothing about leaks (the normal run checks
# it).
tap=$(ls test/*.sql 2>/dev/null | grep -v '/memory_groups\.sql$' | tr '\n' ' ')
# The shell tests except sharded.sh, pg_upgrade.sh, clients.sh, citus.sh and
# tracking_crash.sh, whose own servers (the shards; the clusters before and
# after the upgrade; the TCP cluster the drivers connect to; the Citus nodes;
# the cluster a backend is killed in) would load the instrumented module
# without the runtime preloaded.
shell=$(ls test/*.sh 2>/dev/null | grep -vE '/(sharded|pg_upgrade|clients|citus|tracking_crash)\.sh$' | tr '\n' ' ')
unit=yes keep=no
while [ $# -gt 0 ]; do
    case $1 in
        --regress) regress=$2; shift 2 ;;
        --tap) tap=$2; shift 2 ;;
        --sh) shell=$2; shift 2 ;;
        --no-unit) unit=no; shift ;;
        --keep) keep=yes; shift ;;
        *) echo "usage: $0 [--regress \"names\"] [--tap \"files\"] [--sh \"files\"] [--no-unit] [--keep]" >&2; exit 2 ;;
    esac
done

# float-cast-overflow (a double out of an integer's range) is not part of
# "undefined" in gcc. PostgreSQL builds with -fwrapv, under which signed
# overflow is defined and never reported; -fno-wrapv (after PostgreSQL's own
# CFLAGS) makes every signed overflow in our code a report, since here it
# would be a silently wrong number.
SAN_FLAGS="-fsanitize=address,undefined,float-cast-overflow -fno-sanitize-recover=all -fno-omit-frame-pointer -fno-wrapv -g"
BIN=$("$PG_CONFIG" --bindir)

scripts/ensure-deps.sh || exit 1
libasan=$(gcc -print-file-name=libasan.so)
if [ ! -e "$libasan" ] || [ ! -e "$(gcc -print-file-name=libubsan.so)" ]; then
    echo "the sanitizer runtimes are missing (libasan8 and libubsan1, which come with gcc 12)" >&2
    exit 1
fi
libasan=$(readlink -f "$libasan")

as_install() {  # run a make install step as whoever may write the install dirs
    if [ -w "$("$PG_CONFIG" --pkglibdir)" ] && [ -w "$("$PG_CONFIG" --sharedir)/extension" ]; then
        "$@"
    else
        sudo "$@"
    fi
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/portfolio-sanitize.XXXXXX")
chmod 755 "$tmp"
data=$tmp/data log=$tmp/server.log
run_pg() {  # run a server program as the cluster's owner
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
[ "$(id -u)" -eq 0 ] && chown postgres: "$tmp"

server_up=no
cleanup() {
    if [ $server_up = yes ]; then
        run_pg "$BIN/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1
    fi
    echo "== reinstalling the normal build"
    make -s clean PG_CONFIG="$PG_CONFIG" >/dev/null
    if ! build_and_install; then
        echo "the normal build failed to reinstall" >&2
        rc=1
    fi
    if [ $keep = yes ]; then echo "cluster directory kept: $tmp"; else rm -rf "$tmp"; fi
}
rc=0
trap 'cleanup; exit $rc' EXIT
trap 'rc=130; exit' INT TERM

started=$SECONDS
echo "== building with $SAN_FLAGS"
make -s clean PG_CONFIG="$PG_CONFIG" >/dev/null
# with_llvm=no: no JIT bitcode (the cluster runs with jit = off anyway, so
# every call goes through the instrumented module).
if ! make -s PG_CONFIG="$PG_CONFIG" with_llvm=no \
        PG_CFLAGS="-Wall -Wextra $SAN_FLAGS" PG_LDFLAGS="$SAN_FLAGS" >"$tmp/build.log" 2>&1; then
    cat "$tmp/build.log"; echo "the sanitizer build failed"; rc=1; exit
fi
grep -i warning "$tmp/build.log"
if ! readelf -d portfolio.so | grep -q 'NEEDED.*libasan'; then
    echo "portfolio.so is not linked with AddressSanitizer"; rc=1; exit
fi
as_install make -s install PG_CONFIG="$PG_CONFIG" with_llvm=no >/dev/null || { rc=1; exit; }

# ---- the cluster ---------------------------------------------------------------
port=5432
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || [ -e "/tmp/.s.PGSQL.$port" ] \
        || [ -e "/var/run/postgresql/.s.PGSQL.$port" ]; do
    port=$((port + 1))
done
run_pg "$BIN/initdb" -D "$data" -U postgres --auth=trust >"$tmp/initdb.log" 2>&1 \
    || { cat "$tmp/initdb.log"; rc=1; exit; }
cat >>"$data/postgresql.conf" <<EOF
listen_addresses = ''
port = $port
unix_socket_directories = '$tmp'
jit = off
fsync = off
EOF
# The preloaded ASan runtime initialises itself at its first malloc, which in
# the server is libp11-kit's constructor (via libldap and gnutls) inside
# newlocale(); there its startup looks up the optional symbol swift_demangle,
# and the dlerror() that clears the failed lookup translates the message,
# which takes the locale lock newlocale holds: the server hangs before main.
# A stub swift_demangle (returning NULL: "not demangled") avoids the failed
# lookup.
printf '%s\n' 'char *swift_demangle(const char *, unsigned long, char *, unsigned long *, unsigned);' \
    'char *swift_demangle(const char *m, unsigned long n, char *o, unsigned long *l, unsigned f)' \
    '{ (void) m; (void) n; (void) o; (void) l; (void) f; return 0; }' >"$tmp/noswift.c"
gcc -shared -fPIC -o "$tmp/noswift.so" "$tmp/noswift.c" || { rc=1; exit; }
# Reports go to the server's stderr, that is the server log. A report stops
# the backend with abort(), which the postmaster logs as a crash.
san_env=(LD_PRELOAD="$libasan $tmp/noswift.so"
         ASAN_OPTIONS="detect_leaks=0:abort_on_error=1:halt_on_error=1:disable_coredump=1:detect_stack_use_after_return=0"
         UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:abort_on_error=1")
if ! run_pg env "${san_env[@]}" "$BIN/pg_ctl" -D "$data" -l "$log" -w -t 120 start >/dev/null; then
    cat "$log"; echo "the sanitized server did not start"; rc=1; exit
fi
server_up=yes
export PGHOST=$tmp PGPORT=$port PGUSER=postgres PGDATABASE=postgres
unset PGPASSWORD PGSERVICE

# The runtime must really be in the backend that runs our code.
maps=$("$BIN/psql" -XAtq -c "LOAD 'portfolio'" -c "SELECT pg_read_file('/proc/self/maps')")
if ! grep -q libasan <<<"$maps" || ! grep -q libubsan <<<"$maps"; then
    echo "the sanitizer runtimes are not loaded in the backend: nothing would be detected"
    rc=1; exit
fi

passed=0 failed=0
if [ -n "${regress// }" ]; then
    echo "== pg_regress: $regress"
    rm -f regression.diffs
    out=$(make -s installcheck PG_CONFIG="$PG_CONFIG" REGRESS="$regress" 2>&1); r=$?
    echo "$out"
    # pg_regress prints one "test NAME ... ok|FAILED" line per file.
    p=$(echo "$out" | grep -cE '^test .* \.\.\. ok' || true)
    f=$(echo "$out" | grep -cE '^test .* \.\.\. (FAILED|failed)' || true)
    [ $r -ne 0 ] && [ "$f" -eq 0 ] && f=1
    [ -s regression.diffs ] && head -n 80 regression.diffs
    echo "-- pg_regress: $p passed, $f failed"
    passed=$((passed + p)) failed=$((failed + f))
fi

if [ -n "${tap// }" ]; then
    echo "== pgTAP: $tap"
    "$BIN/createdb" portfolio_tap
    # shellcheck disable=SC2086
    out=$(PGDATABASE=portfolio_tap pg_prove --psql-bin "$BIN/psql" $tap 2>&1); r=$?
    echo "$out"
    # pg_prove prints one "FILE .. ok" line per file that passed.
    p=$(echo "$out" | grep -cE '^test/.*\.sql \.+ ok' || true)
    f=$(( $(echo "$tap" | wc -w) - p ))
    [ $r -ne 0 ] && [ "$f" -eq 0 ] && f=1
    echo "-- pgTAP: $p files passed, $f failed"
    passed=$((passed + p)) failed=$((failed + f))
fi

if [ -n "${shell// }" ]; then
    echo "== shell tests: $shell"
    for t in $shell; do
        if "$t" </dev/null >"$tmp/shell.log" 2>&1; then
            echo "ok - $t"; passed=$((passed + 1))
        else
            tail -n 30 "$tmp/shell.log"; echo "not ok - $t"; failed=$((failed + 1))
        fi
    done
fi

if [ $unit = yes ]; then
    echo "== unit tests built with the sanitizers"
    rm -f test/unit/run_unit_tests
    if make -s test/unit/run_unit_tests CC="gcc $SAN_FLAGS" >"$tmp/unit.log" 2>&1 \
            && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
               PORTFOLIO_UNIT_FIT_CUSTOMERS=200000 test/unit/run_unit_tests >>"$tmp/unit.log" 2>&1; then
        echo "-- unit: $(grep -c '^ok' "$tmp/unit.log") checks passed"
        passed=$((passed + 1))
    else
        grep -vE '^ok ' "$tmp/unit.log" | head -n 60
        echo "-- unit: FAILED"
        failed=$((failed + 1))
    fi
    rm -f test/unit/run_unit_tests
fi

run_pg "$BIN/pg_ctl" -D "$data" -w stop >/dev/null; server_up=no
echo "== sanitizer reports and crashes in the server log"
if grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:|terminated by signal|PANIC' "$log"; then
    grep -E -B2 -A40 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$log" | head -n 300
    grep -E -A3 'terminated by signal|PANIC' "$log" | head -n 40
    failed=$((failed + 1))
    echo "-- reports: FOUND (full log: $log$([ $keep = yes ] || echo ', use --keep to keep it'))"
else
    echo "-- reports: none"
fi
echo "sanitize: $passed passed, $failed failed in $((SECONDS - started)) s"
[ $failed -eq 0 ] || rc=1
