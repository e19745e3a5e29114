#!/usr/bin/env bash
# test/demo.sh [--accept]: the report that `make demo` prints is the one in
# test/fixtures/demo-report.txt, word for word. It is printed the way the
# demo prints it, by scripts/report.sh (the same psql settings, data/cdnow/
# load_cdnow.sql, scripts/report.sql), into a fresh database. Also: nothing on
# stderr, no line wider than 100 characters, and, in a pseudo-terminal of 80
# columns and 24 rows (where psql would page every wide table), no pager.
# --accept writes the report printed now into the fixture instead: for a
# deliberate change of the report, whose diff is then reviewed in git.
# Runs inside a cluster (scripts/test.sh): PGHOST/PGPORT/PGUSER are set.
set -euo pipefail
cd "$(dirname "$0")/.."

expected=test/fixtures/demo-report.txt
if [ ! -f data/cdnow/CDNOW_master.txt ] || [ ! -f data/online_retail/online_retail.csv.gz ]; then
    echo "skip: data/cdnow/ or data/online_retail/ is absent (release archives leave them out)"
    exit 77
fi
# This server's programs: a bare psql is Debian's pg_wrapper's choice.
PG_BINDIR=${PG_BINDIR:-$("${PG_CONFIG:-pg_config}" --bindir)}
export PG_BINDIR
db=portfolio_demo_report
work=$(mktemp -d)
trap 'rm -rf "$work"; "$PG_BINDIR/dropdb" --if-exists "$db" >/dev/null 2>&1 || true' EXIT
# What the demo's user would not have set either.
unset PGOPTIONS PSQL_PAGER
export PGDATABASE=$db
fresh_db() {
    "$PG_BINDIR/dropdb" --if-exists "$db" >/dev/null 2>&1 || true
    "$PG_BINDIR/createdb" "$db"
}

failed=0
fresh_db
scripts/report.sh >"$work/report.txt" 2>"$work/stderr.txt" ||
    { echo "not ok - scripts/report.sh failed:"; cat "$work/stderr.txt"; exit 1; }
if [ "${1:-}" = --accept ]; then
    cp "$work/report.txt" "$expected"
    echo "wrote $expected ($(wc -l <"$expected") lines)"
fi

if [ -s "$work/stderr.txt" ]; then
    echo "not ok - the report printed on stderr:"
    cat "$work/stderr.txt"
    failed=1
fi
if ! diff -u "$expected" "$work/report.txt" >"$work/diff"; then
    echo "not ok - the report differs from $expected (- expected, + printed now):"
    cat "$work/diff"
    echo "(if the change is intended: test/demo.sh --accept inside a cluster, and review the diff)"
    failed=1
fi
wide=$(LC_ALL=C.UTF-8 awk 'length($0) > 100 { printf "line %d: %d characters\n", NR, length($0) }' \
           "$work/report.txt")
if [ -n "$wide" ]; then
    echo "not ok - lines wider than 100 characters:"
    echo "$wide"
    failed=1
fi

# The pager: psql opens it only when its output is a terminal, so the report
# is printed once more into a pseudo-terminal (script(1)), with a PAGER that
# leaves a mark.
if command -v script >/dev/null; then
    fresh_db
    rc=0
    PAGER="touch '$work/pager-opened'; cat" \
        script -qec "stty cols 80 rows 24; scripts/report.sh" /dev/null >"$work/tty.txt" \
        </dev/null 2>&1 || rc=$?
    if [ $rc -ne 0 ]; then
        echo "not ok - the report in a pseudo-terminal failed (exit status $rc):"
        tail -n 20 "$work/tty.txt"
        failed=1
    elif [ -e "$work/pager-opened" ]; then
        echo "not ok - the report opened a pager in an 80-column terminal"
        failed=1
    fi
else
    echo "# script(1) is missing: the pager was not checked"
fi

[ $failed -eq 0 ]
