#!/usr/bin/env bash
# Random SQL against portfolio with sqlsmith (https://github.com/anse1/sqlsmith).
#
#   scripts/sqlsmith.sh [--seconds S] [--queries N] [--seeds "1 2"] [--random-seeds K]
#                       [--build] [--uninstalled] [--keep]
#
# Starts its own throwaway PostgreSQL 15 server (a temporary directory, Unix
# socket only, owned by postgres when run as root), loads scripts/sqlsmith.sql
# (portfolio plus sample tables whose columns have the types our functions
# take) and runs sqlsmith on it once per seed and catalog mode:
#   focused  sqlsmith sees portfolio's functions and a few dozen basic ones
#            (scripts/sqlsmith.sql explains how): about 40% of the queries
#            then call one of ours;
#   full     sqlsmith sees the whole catalog (about 20% call ours).
# Every second seed runs with parallel plans forced (parallel_setup_cost = 0
# and so on), so that combine, serialize and deserialize get random input too.
#
# It fails (exit 1) when the server log shows a crash (a backend terminated by
# a signal, or a PANIC) or an internal error (SQLSTATE XX000) raised from
# portfolio's own code: the server runs with log_error_verbosity = verbose,
# and an error counts as ours when its LOCATION is one of src/*.c. Each
# finding is printed with the statement that caused it. It also prints every
# other error our code raised, by SQLSTATE and source line, and the coverage:
# how many generated queries name a portfolio function, and which of
# portfolio's functions the queries reached. And it fails when the sample
# tables changed (sqlsmith may only read them: a function that writes into its
# argument would change them).
#
#   --seconds S        time budget for all runs together (default 120)
#   --queries N        at most N queries per run (default 5000)
#   --seeds "A B"      sqlsmith seeds (default "1 2": the same queries every
#                      time, apart from statement timeouts)
#   --random-seeds K   K random seeds instead (printed, to rerun one)
#   --build            build and install the extension first
#   --uninstalled      test this checkout's build (run make first) instead of
#                      the installed extension: the server runs from a private
#                      copy of the PostgreSQL tree with this checkout's
#                      portfolio.so, control file and scripts in it
#   --keep             keep the work directory (server log, dumped queries);
#                      it is kept anyway when something was found
#
# Exit status: 0 nothing found, 1 a crash or an XX000 from our code, 2 the
# run itself failed (setup, missing packages).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

seconds=120 queries=5000 seeds="1 2" random_seeds=0 build=0 uninstalled=0 keep=0
while [ $# -gt 0 ]; do
    case $1 in
        --seconds) seconds=$2; shift ;;
        --queries) queries=$2; shift ;;
        --seeds) seeds=$2; shift ;;
        --random-seeds) random_seeds=$2; shift ;;
        --build) build=1 ;;
        --uninstalled) uninstalled=1 ;;
        --keep) keep=1 ;;
        -h|--help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
        *) echo "sqlsmith.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
    esac
    shift
done
if [ "$random_seeds" -gt 0 ]; then
    seeds=$(for _ in $(seq "$random_seeds"); do echo $((RANDOM * 32768 + RANDOM)); done | xargs)
fi

# ---- packages and the extension ---------------------------------------------
if [ "$build" = 1 ]; then
    build_and_install || exit 2
fi
if ! command -v sqlsmith >/dev/null; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "sqlsmith.sh needs sqlsmith: sudo apt-get install sqlsmith" >&2
        exit 2
    fi
    echo "Installing sqlsmith ..."
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends sqlsmith >/dev/null ||
        { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends sqlsmith >/dev/null; } ||
        exit 2
fi
bindir=$("$PG_CONFIG" --bindir)
if [ "$uninstalled" = 1 ]; then
    if [ ! -f portfolio.so ] || [ ! -f "$(sed -n "s/^default_version = '\(.*\)'/portfolio--\1.sql/p" portfolio.control)" ]; then
        echo "sqlsmith.sh: no build in this checkout; run make first" >&2
        exit 2
    fi
elif [ ! -f "$("$PG_CONFIG" --sharedir)/extension/portfolio.control" ]; then
    echo "sqlsmith.sh: portfolio is not installed; run make install first, or use --build" >&2
    exit 2
fi

# ---- the server ---------------------------------------------------------------
work=$(mktemp -d "${TMPDIR:-/tmp}/portfolio-sqlsmith.XXXXXX")
as_owner=()
if [ "$(id -u)" -eq 0 ]; then
    chown postgres "$work"
    as_owner=(runuser -u postgres --)
fi
port=5432   # only names the socket file in $work: no TCP, so it cannot clash
log=$work/server.log
found=0
stop_server() {
    "${as_owner[@]}" "$bindir/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true
    if [ "$keep" = 1 ] || [ "$found" != 0 ]; then
        echo "sqlsmith.sh: work directory kept: $work"
    else
        rm -rf "$work"
    fi
}
trap stop_server EXIT

"${as_owner[@]}" "$bindir/initdb" -D "$work/data" -U postgres -A trust >"$work/initdb.log" 2>&1 ||
    { cat "$work/initdb.log"; exit 2; }
cat >> "$work/data/postgresql.conf" <<EOF
listen_addresses = ''
unix_socket_directories = '$work'
port = $port
log_line_prefix = '%m [%p] '
log_timezone = 'UTC'
log_error_verbosity = verbose
log_min_messages = error
log_min_error_statement = error
shared_preload_libraries = 'pg_stat_statements'
pg_stat_statements.max = 50000
fsync = off
EOF
postgres=$bindir/postgres
if [ "$uninstalled" = 1 ]; then
    # A server binary finds $libdir and the extension directory relative to
    # its own location, so a copy of it in a tree that mirrors the installed
    # one (links to everything else) loads this checkout's files.
    tree=$work/tree
    pkglibdir=$("$PG_CONFIG" --pkglibdir) sharedir=$("$PG_CONFIG" --sharedir)
    mkdir -p "$tree$bindir" "$tree$pkglibdir" "$tree$sharedir/extension"
    cp "$bindir/postgres" "$tree$bindir/"
    ln -s "$pkglibdir"/* "$tree$pkglibdir/"
    ln -s "$sharedir"/* "$tree$sharedir/" 2>/dev/null || true   # all but extension/
    ln -s "$sharedir"/extension/* "$tree$sharedir/extension/"
    rm -f "$tree$pkglibdir/portfolio.so" "$tree$sharedir"/extension/portfolio[.-]*
    cp portfolio.so "$tree$pkglibdir/"
    cp portfolio.control portfolio--*.sql "$tree$sharedir/extension/"
    chmod -R a+rX "$tree"
    postgres=$tree$bindir/postgres
fi
"${as_owner[@]}" "$bindir/pg_ctl" -D "$work/data" -p "$postgres" -l "$log" -w start >/dev/null ||
    { cat "$log"; exit 2; }

export PGHOST=$work PGPORT=$port PGUSER=postgres PGDATABASE=portfolio_fuzz
unset PGPASSWORD PGSERVICE PGOPTIONS
"$bindir/createdb" portfolio_fuzz
"$bindir/psql" -X -q -f scripts/sqlsmith.sql >/dev/null || exit 2
# fuzzer may only read the sample tables: if their contents change, one of
# our functions wrote into an argument it was passed (a shared buffer).
checksum() {
    "$bindir/psql" -X -A -t -c "SELECT md5(string_agg(r, '|' ORDER BY r)) FROM (
        SELECT 'o' || t::text AS r FROM fuzz.orders t UNION ALL
        SELECT 'c' || t::text FROM fuzz.customers t UNION ALL
        SELECT 'm' || t::text FROM fuzz.models t UNION ALL
        SELECT 'r' || t::text FROM fuzz.renewals t UNION ALL
        SELECT 'd' || t::text FROM fuzz.donors t UNION ALL
        SELECT 'p' || t::text FROM fuzz.pareto t UNION ALL
        SELECT 's' || t::text FROM fuzz.states t UNION ALL
        SELECT 'O' || t::text FROM fuzz.orders_odd t UNION ALL
        SELECT 'C' || t::text FROM fuzz.customers_odd t) u"
}
sample_before=$(checksum)

# ---- the runs -----------------------------------------------------------------
parallel="-c parallel_setup_cost=0 -c parallel_tuple_cost=0 -c min_parallel_table_scan_size=0"
parallel+=" -c min_parallel_index_scan_size=0 -c max_parallel_workers_per_gather=2"
runs=()
i=0
for seed in $seeds; do
    for mode in focused full; do runs+=("$seed $mode $((i % 2))"); done
    i=$((i + 1))
done
start=$(date +%s)
# A query names a portfolio function, or one of the wrappers in schema fuzz.
called='(portfolio|portfolio_internal|fuzz)\.[a-z_0-9]+\('
: > "$work/generated.txt"
: > "$work/succeeded.txt"
for r in "${!runs[@]}"; do
    read -r seed mode par <<< "${runs[$r]}"
    left=$((seconds - ($(date +%s) - start)))
    budget=$((left / (${#runs[@]} - r)))
    [ "$budget" -ge 5 ] || budget=5
    options=
    [ "$mode" = focused ] && options="-c search_path=fuzz_catalog,pg_catalog,portfolio,portfolio_internal,fuzz"
    [ "$par" = 1 ] && options+=" $parallel"
    what="run $((r + 1)) of ${#runs[@]}: seed $seed, $mode catalog, $([ "$par" = 1 ] && echo parallel || echo serial) plans"
    # A marker in the server log, so that findings can be traced to a run.
    "$bindir/psql" -X -q -c "DO \$\$BEGIN RAISE LOG 'sqlsmith.sh: %', \$m\$$what\$m\$; END\$\$" >/dev/null
    out=$work/run$((r + 1))
    t0=$(date +%s)
    timeout -k 10 "$budget" sqlsmith --target="host=$work port=$port dbname=portfolio_fuzz user=fuzzer options='$options'" \
        --exclude-catalog --seed="$seed" --max-queries="$queries" --dump-all-queries --verbose \
        >"$out.sql" 2>"$out.err" || true
    # --dump-all-queries ends every query with ";" and a newline; one query a
    # line in $work/generated.txt, and the ones that ran without error (as
    # pg_stat_statements saw them) in $work/succeeded.txt.
    awk 'BEGIN { RS = ";\n" } /[^ \n]/ { gsub(/\n/, " "); print }' "$out.sql" > "$out.txt"
    "$bindir/psql" -X -q -c "COPY (SELECT query FROM fuzz_stats.pg_stat_statements
                                    WHERE userid = 'fuzzer'::regrole) TO STDOUT" > "$out.ok"
    "$bindir/psql" -X -q -c "SELECT fuzz_stats.pg_stat_statements_reset()" >/dev/null
    n=$(wc -l < "$out.txt") p=$(grep -cE "$called" "$out.txt" || true)
    echo "-- $what: $n queries in $(($(date +%s) - t0)) s, $p name a portfolio function"
    cat "$out.txt" >> "$work/generated.txt"
    cat "$out.ok" >> "$work/succeeded.txt"
done

# ---- the server log -------------------------------------------------------------
# One record per message: the prefixed first line with its continuation lines,
# then the DETAIL/HINT/CONTEXT/LOCATION/STATEMENT lines that belong to it. The
# statements of errors raised by our code go to $work/failed-in-portfolio.txt.
ours=$(cd src && ls ./*.c | sed 's|^\./||' | xargs)
awk -v ours=" $ours " -v failed="$work/failed-in-portfolio.txt" '
    function flush() {
        if (level == "") return
        file = loc; sub(/.*, /, "", file); sub(/:[0-9]+$/, "", file)
        mine = index(ours, " " file " ") > 0
        if (level == "ERROR" && mine) {
            key = state " " loc " " substr(msg, 1, 100)
            if (!(key in seen)) order[++keys] = key
            seen[key]++
            print stmt > failed
        }
        if (level == "ERROR" && state == "XX000") {
            if (mine) {
                bad++
                printf "FOUND: internal error from portfolio code (%s)\n  %s\n  statement: %s\n", loc, msg, stmt
            } else if (stmt ~ /(portfolio|fuzz)\.[a-z_0-9]+\(/ && ++notes <= 5) {
                printf "note: XX000 from PostgreSQL (%s) in a query that names portfolio\n  %s\n  statement: %s\n", loc, msg, stmt
            }
        }
        if (level == "ERROR" && state == "57014") timeouts++
        level = ""
    }
    /^[0-9-]+ [0-9:.]+ [A-Z]+ \[[0-9]+\] [A-Z]+:  / {
        rest = $0; sub(/^[^]]*\] /, "", rest)
        tag = rest; sub(/:  .*/, "", tag)
        text = rest; sub(/^[A-Z]+:  /, "", text)
        if (tag == "DETAIL" && text ~ /^Failed process was running: /) {
            sub(/^Failed process was running: /, "", text)
            printf "  statement: %s\n", text; last = "crash"; crashlines = 0; next
        }
        if (tag == "LOCATION") { loc = text; last = "loc"; next }
        if (tag == "STATEMENT") { stmt = text; last = "stmt"; next }
        if (tag ~ /^(DETAIL|HINT|CONTEXT|QUERY)$/) { last = "other"; next }
        flush()
        if (text ~ /terminated by signal|was terminated by|PANIC/ || tag == "PANIC") {
            bad++; printf "FOUND: %s: %s\n", tag, text
        }
        level = tag; state = text; sub(/: .*/, "", state)
        msg = text; sub(/^[0-9A-Z]{5}: /, "", msg)
        loc = stmt = ""; last = "msg"; next
    }
    {   # a continuation line: the next line of a multi-line message or statement
        line = $0; sub(/^\t/, " ", line)
        if (last == "stmt") stmt = stmt line
        else if (last == "msg") msg = msg line
        else if (last == "crash" && ++crashlines <= 40) printf "  %s\n", line
    }
    END {
        flush()
        if (notes > 5) printf "note: %d more XX000 from PostgreSQL in queries that name portfolio\n", notes - 5
        if (keys > 0) print "-- errors raised by portfolio code (count, SQLSTATE, where, message):"
        for (i = 1; i <= keys; i++) printf "%6d %s\n", seen[order[i]], order[i]
        printf "-- statement timeouts: %d\n", timeouts
        exit bad > 0
    }' "$log" || found=1
touch "$work/failed-in-portfolio.txt"
if ! sample_after=$(checksum); then
    echo "FOUND: the server does not answer after the runs"; found=1
elif [ "$sample_after" != "$sample_before" ]; then
    echo "FOUND: the sample tables changed, although sqlsmith could only read them"; found=1
fi

# ---- coverage -------------------------------------------------------------------
# A function is reached when a query that names it ran without error, or
# failed inside portfolio's code. Functions that take internal (aggregate
# support) and trigger functions are reached only through what calls them.
n=$(wc -l < "$work/generated.txt")
p=$(grep -cE "$called" "$work/generated.txt" || true)
ok=$(grep -cE "$called" "$work/succeeded.txt" || true)
bad=$(grep -cE "$called" "$work/failed-in-portfolio.txt" || true)
# An error from our code is the expected answer to random arguments (a
# proper SQLSTATE such as 22023): counted as rejected, not as a failure. The
# internal errors (XX000) among them, and crashes, are FOUND above and fail.
echo "-- $n queries in $(($(date +%s) - start)) s; $p name a portfolio function:" \
     "$ok ran without error, $bad were rejected by portfolio with an error"
cat "$work/succeeded.txt" "$work/failed-in-portfolio.txt" |
    grep -oE "$called" | sed -E 's/^[a-z_]+\.//; s/\($//' | sort -u > "$work/reached.txt"
"$bindir/psql" -X -A -t -c "
    SELECT DISTINCT proname FROM pg_proc
     WHERE pronamespace IN ('portfolio'::regnamespace, 'portfolio_internal'::regnamespace) AND prorettype <> 'trigger'::regtype
       AND NOT 'internal'::regtype = ANY (proargtypes::oid[]) ORDER BY 1" > "$work/reachable.txt"
unreached=$(comm -23 "$work/reachable.txt" "$work/reached.txt" | xargs)
echo "-- portfolio functions and aggregates reached: $(comm -12 "$work/reachable.txt" "$work/reached.txt" | wc -l)" \
     "of $(wc -l < "$work/reachable.txt")${unreached:+; not reached: $unreached}"

if [ "$found" != 0 ]; then
    echo "sqlsmith.sh: FAILED (crash or internal error from portfolio; server log: $log)"
    exit 1
fi
# A run that generated next to nothing, or never reached our code, proves
# nothing (sqlsmith could not connect, or read no catalog): that fails too.
if [ "$n" -lt 100 ] || [ "$p" -lt 10 ] || [ "$((ok + bad))" -lt 10 ]; then
    echo "sqlsmith.sh: FAILED: only $n queries, $p naming a portfolio function, $((ok + bad)) reaching it"
    exit 2
fi
echo "sqlsmith.sh: no crash, no internal error from portfolio"
