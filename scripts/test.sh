#!/usr/bin/env bash
# `make test` (and .ci/run): install what is missing, build and install, then
# run every suite against one throwaway cluster of PostgreSQL $PGVERSION (15,
# Debian's, unless `make test PGVERSION=17` or 18 asks for a server that
# scripts/pg-server.sh builds). The last line is "N passed, N failed", summed
# over
#   pg_regress  sql/*.sql against expected/   one per test file
#   pgTAP       test/*.sql through pg_prove    one per assertion
#   unit        test/unit/*.c (make unittest)  one per "ok"/"not ok" line
#   shell       executable test/*.sh           one per script (exit 0 = pass,
#                                              77 = skipped, not counted)
#   sqlsmith    scripts/sqlsmith.sh            one (no crash, no XX000 of ours)
# Missing suites are skipped. Exits non-zero if anything failed.
#
# The terminal gets one line per suite and the log's path; everything else
# (the build, each suite's output, pg_regress's diffs) goes to the log,
# test/log/make-test-pg$PGVERSION.log (git-ignored, replaced by each run).
# The section of a suite that failed is printed after its line.
#
# The heavy suites run on PostgreSQL 15 only, and the run says so: they test
# our C code (the same on every version) at length, not how it meets the
# server: test/models_recovery.sql (parameter recovery), test/memory_groups.sql,
# sqlsmith, and test/pg_upgrade.sh, which upgrades from 15 to the others (the
# sanitizers and fuzzing are `make hardening`'s, on 15 too); and
# test/clients.sh, four drivers' BI workload with a dashboard of concurrent
# connections (a few minutes; the drivers speak the same protocol to 17 and
# 18).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
shopt -s nullglob

if [ "${1:-}" != --in-cluster ]; then
    mkdir -p test/log
    log=test/log/make-test-pg$PGVERSION.log
    : > "$log"
    if ! build_and_install >>"$log" 2>&1; then
        cat "$log"
        echo "log: $log"
        echo "0 passed, 1 failed (the build failed)"
        exit 1
    fi
    printf '%-12s %s\n' build "$("$PG_CONFIG" --version), portfolio built and installed"
    counts=$(mktemp)
    trap 'rm -f "$counts"' EXIT
    # The suites run inside the cluster and leave their totals in $counts, so
    # that the summary comes after the cluster's own messages.
    in_cluster "$0" --in-cluster "$counts" "$log" || true
    if ! read -r passed failed < "$counts"; then
        # The suites stopped before their totals (an error in this script):
        # what they printed last is in the log, not on the terminal.
        passed=0 failed=1
        echo "the suites stopped early; the end of $log:"
        tail -n 40 "$log"
    fi
    echo "log: $log"
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit
fi

# ---- inside the cluster ------------------------------------------------------
counts=$2 details=$3
passed=0 failed=0
log=$(mktemp) failures=$(mktemp)
trap 'rm -f "$log" "$failures"' EXIT
# From here on our output goes to the log; fd 3 is the terminal, for the one
# line per suite. The suites' programs get no fd 3 (3>&-): a server they
# start must not hold a pipe that .ci/run's tee reads from.
exec 3>&1 >>"$details" 2>&1

suite_started=$SECONDS suite_line=0
# tally SUITE PASSED FAILED [NOTE]: the suite's totals, in the log and as one
# line on the terminal, followed there by the suite's section of the log
# (from its begin line) when something failed.
tally() {
    echo "-- $1: $2 passed, $3 failed ($((SECONDS - suite_started)) s)${4:+; $4}"
    printf '%-12s %4d passed, %d failed (%d s)%s\n' "$1" "$2" "$3" $((SECONDS - suite_started)) \
        "${4:+; $4}" >&3
    if [ "$3" -gt 0 ] && [ -s "$failures" ]; then
        # The suite kept the output of what failed (the shell tests do).
        echo "-------- $1: what failed, from $details --------" >&3
        cat "$failures" >&3
        echo "-------- end of $1 --------" >&3
    elif [ "$3" -gt 0 ]; then
        # Without the passing TAP lines, which are most of pgTAP's and the
        # unit tests' output (the log has them).
        echo "-------- $1: its part of $details, but for the \"ok\" lines --------" >&3
        tail -n +"$suite_line" "$details" | grep -vE '^[[:space:]]*ok [0-9]+' >&3 || true
        echo "-------- end of $1 --------" >&3
    fi
    passed=$((passed + $2)) failed=$((failed + $3))
}
begin() {  # the "== ..." line that starts a suite
    suite_line=$(($(wc -l < "$details") + 1))
    : > "$failures"
    echo "== $*"
    suite_started=$SECONDS
}

# The heavy suites (see the top): on 15 only.
heavy_tap=(test/models_recovery.sql test/memory_groups.sql)
heavy_sh=(test/pg_upgrade.sh test/clients.sh)
# A renamed file must not slip out of the list (and into 17's and 18's runs).
for h in "${heavy_tap[@]}" "${heavy_sh[@]}"; do
    if [ ! -e "$h" ]; then
        msg="not ok - the heavy suites name $h, which does not exist (scripts/test.sh)"
        echo "$msg"; echo "$msg" >&3
        failed=$((failed + 1))
    fi
done
if [ "$PGVERSION" = 15 ]; then
    heavy=()
else
    heavy=("${heavy_tap[@]}" "${heavy_sh[@]}" sqlsmith)
    echo "== PostgreSQL $PGVERSION: skipping ${heavy[*]}, which run on 15 only" \
         "(they test the C code, the same on every version; pg_upgrade.sh upgrades from 15)"
    printf '%-12s %s\n' skipped "${heavy[*]##*/} (on 15 only)" >&3
fi
is_heavy() {
    local h
    for h in "${heavy[@]}"; do [ "$h" = "$1" ] && return 0; done
    return 1
}
echo "== PostgreSQL $PGVERSION: $("$PG_CONFIG" --version), $PG_BINDIR"

# Count the TAP lines in $log as "PASSED FAILED". "ok N" passes; "not ok N"
# fails unless it is a TODO. Tests that a plan line "1..N" announced but that
# never ran (a file that died halfway) fail too, and so does a file that
# pg_prove calls "Dubious" or "No subtests run" without any other failure;
# sections start at pg_prove's "file.sql ...." headers. If the run failed
# ($1 != 0) and nothing else was counted as failed, that is one failure.
tap_counts() {
    awk -v rc="$1" '
        function end_section() {
            if (plan > ran) sbad += plan - ran
            if (dubious && sbad == 0) sbad = 1
            bad += sbad; plan = ran = sbad = dubious = 0
        }
        /^[^ ]+ \.\.+ *$/  { end_section() }
        /^1\.\.[0-9]+/      { plan = substr($1, 4) + 0 }
        /^ok [0-9]+/        { good++; ran++ }
        /^not ok [0-9]+/    { ran++; if (/# TODO/) good++; else sbad++ }
        /^(Dubious|No subtests run)/ { dubious = 1 }
        END { end_section(); if (rc != 0 && bad == 0) bad = 1; print good + 0, bad + 0 }
    ' "$log"
}

regress=(sql/*.sql)
if [ ${#regress[@]} -gt 0 ]; then
    begin "pg_regress: ${#regress[@]} files"
    rc=0
    make -s installcheck 2>&1 3>&- | tee "$log" || rc=$?
    # pg_regress ends with "All N tests passed." or "M of N tests failed."
    # (", K of these failures ignored."); ignored failures count as neither.
    summary=$(grep -E 'tests? (passed|failed)' "$log" | tail -n 1 || true)
    re_fail='([0-9]+) of ([0-9]+) tests failed(, ([0-9]+) of these)?'
    if [[ $summary =~ All\ ([0-9]+)\ tests\ passed ]]; then
        p=${BASH_REMATCH[1]} f=0
    elif [[ $summary =~ $re_fail ]]; then
        p=$((BASH_REMATCH[2] - BASH_REMATCH[1]))
        f=$((BASH_REMATCH[1] - ${BASH_REMATCH[4]:-0}))
    elif [[ $summary =~ ([0-9]+)\ of\ ([0-9]+)\ tests\ passed ]]; then
        p=${BASH_REMATCH[1]} f=0
    else
        p=0 f=0
    fi
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
    if [ -s regression.diffs ]; then
        echo "-- regression.diffs (first 60 lines):"
        head -n 60 regression.diffs
    fi
    tally pg_regress "$p" "$f"
fi

tap=()
for t in test/*.sql; do is_heavy "$t" || tap+=("$t"); done
if [ ${#tap[@]} -gt 0 ]; then
    begin "pgTAP: ${#tap[@]} files"
    # An empty database: each file creates pgtap and portfolio itself inside
    # its transaction and rolls back, so every file starts from scratch.
    "$PG_BINDIR/createdb" portfolio_tap
    rc=0
    # pg_prove runs psql: this server's.
    PGDATABASE=portfolio_tap pg_prove --psql-bin "$PG_BINDIR/psql" --verbose "${tap[@]}" 2>&1 3>&- |
        tee "$log" || rc=$?
    tally pgTAP $(tap_counts "$rc")
fi

units=(test/unit/*.c)
if [ ${#units[@]} -gt 0 ]; then
    begin "unit tests"
    rc=0
    make -s unittest 2>&1 3>&- | tee "$log" || rc=$?
    tally unit $(tap_counts "$rc")
fi

scripts=()
for t in test/*.sh; do is_heavy "$t" || scripts+=("$t"); done
if [ ${#scripts[@]} -gt 0 ]; then
    begin "shell tests: ${#scripts[@]} files"
    p=0 f=0 notes=()
    for t in "${scripts[@]}"; do
        if [ ! -x "$t" ]; then
            echo "-- $t is not executable, skipped (git add --chmod=+x $t)"
            notes+=("${t##*/} not executable, skipped")
        else
            # Exit status 77: the test could not run here, and said why.
            t0=$SECONDS rc=0 from=$(($(wc -l < "$details") + 1))
            echo "== $t"
            "$t" </dev/null 3>&- || rc=$?
            if [ $rc -eq 0 ]; then
                p=$((p + 1)); echo "ok - $t ($((SECONDS - t0)) s)"
            elif [ $rc -eq 77 ]; then
                echo "skip - $t"
                notes+=("${t##*/} skipped")
            else
                f=$((f + 1)); echo "not ok - $t ($((SECONDS - t0)) s)"
                tail -n +"$from" "$details" >> "$failures"
                notes+=("${t##*/} FAILED")
            fi
        fi
    done
    note=$(IFS=,; echo "${notes[*]}")
    tally shell "$p" "$f" "${note//,/, }"
fi

# Random SQL: scripts/sqlsmith.sh starts its own server (it needs its own
# settings from the start: verbose error locations, pg_stat_statements, a log
# of its own) and counts as one result. SQLSMITH_SECONDS=0 skips it.
if [ -x scripts/sqlsmith.sh ] && [ "${SQLSMITH_SECONDS:-120}" -gt 0 ] && ! is_heavy sqlsmith; then
    begin "sqlsmith: random SQL, seeds 1 and 2, at most ${SQLSMITH_SECONDS:-120} s"
    rc=0
    scripts/sqlsmith.sh --seconds "${SQLSMITH_SECONDS:-120}" </dev/null 3>&- | tee "$log" || rc=$?
    # Its coverage line: "-- N queries in S s; P name a portfolio function:
    # K ran without error, R were rejected by portfolio with an error ...".
    note=$(sed -nE 's/^-- ([0-9]+) queries in [0-9]+ s; ([0-9]+) name a portfolio function: ([0-9]+) ran without error, ([0-9]+) were rejected.*/\1 queries, \2 call portfolio: \3 ran, \4 rejected with an error/p' "$log")
    if [ "$rc" -eq 0 ]; then
        tally sqlsmith 1 0 "$note"
    else
        tally sqlsmith 0 1 "$note"
    fi
fi

# A backend crash shows up in the tests only as a lost connection; the server
# log says which signal killed it.
if [ "$failed" -gt 0 ]; then
    crashes=$(grep -hE -A3 'terminated by signal|PANIC' "$PORTFOLIO_SERVER_LOG" 2>/dev/null || true)
    # Not tee /dev/fd/3: on a regular file (make test >out) that opens it anew
    # and truncates it.
    if [ -n "$crashes" ]; then echo "$crashes"; echo "$crashes" >&3; fi
fi
echo "$passed $failed" > "$counts"
