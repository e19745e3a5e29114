#!/usr/bin/env bash
# statement_timeout (and so pg_cancel_backend) stops a long model fit
# promptly: the fitting loops of kmeans_fit and bgnbd_fit, and the mining
# loops of rules(), check for interrupts, not just the executor between
# rows.
#
# For each fit: D = how long it takes in full, S = how long reading its
# input takes (an aggregate with the fit's own transition function and state
# but no final function, over the same rows). The timeout T = (S + D)/2 falls
# halfway through the fit's own work, after the input is read, so that it
# fires inside the fit's loop; the fit must then end with 57014
# (query_canceled) well before it would have finished: in less than
# (T + D)/2.  Without interrupt checks in the loop it would run to D, then
# fail at the next row.  Only ratios of times measured in the same run are
# compared, so a slower machine (or a sanitizer build) does not matter as
# long as the fit's own work takes at least a second.
# Runs inside a cluster (scripts/test.sh): PGHOST/PGPORT/PGUSER are set.
set -euo pipefail

# This server's programs: a bare psql or pg_dump is Debian's pg_wrapper's
# choice (the newest packaged version), not necessarily the server under test.
bin=${PG_BINDIR:-$("${PG_CONFIG:-pg_config}" --bindir)}

db=portfolio_cancel_fit
trap '"$bin/dropdb" --if-exists "$db" 2>/dev/null || true' EXIT
export PGOPTIONS="-c client_min_messages=warning -c max_parallel_workers_per_gather=0"
fail() { echo "not ok: $*" >&2; exit 1; }

"$bin/dropdb" --if-exists "$db"
"$bin/createdb" "$db"
"$bin/psql" -X -q -v ON_ERROR_STOP=1 -d "$db" <<'SQL'
CREATE EXTENSION portfolio;
SELECT setseed(0.25) AS seed \gset
CREATE TABLE points AS
SELECT ARRAY[random(), random(), random(), random(), random(), random(), random(), random()] AS f
  FROM generate_series(1, 60000);
-- Exact times, so that every customer is a distinct point of the fit.
CREATE TABLE customers AS
SELECT x, CASE WHEN x = 0 THEN 0 ELSE tx END AS tx, t
  FROM (SELECT (random() * 20)::int AS x, random() * 30 AS tx, 30 + random() * 10 AS t
          FROM generate_series(1, 1000000)) g;
VACUUM ANALYZE points, customers;
-- The fits' transition phase alone: their input, read into their states.
CREATE AGGREGATE kmeans_input(float8[], integer, bigint) (
    SFUNC = portfolio_internal.kmeans_accum, STYPE = portfolio.kmeans_state);
CREATE AGGREGATE bgnbd_input(float8, float8, float8) (
    SFUNC = portfolio_internal.bgnbd_fit_accum, STYPE = portfolio.fit_histogram);
-- 3,000 baskets of 30 random items of 4,200: more frequent items than the
-- pair matrix takes, so mining the pairs intersects the baskets of 8.8
-- million pairs of items (few reach 3 baskets, none confidence 1).
CREATE TABLE many AS
SELECT portfolio.affinity(items) AS b
  FROM (SELECT g, array_agg('i' || (random() * 4200)::int) AS items
          FROM generate_series(1, 3000) g, generate_series(1, 30) k GROUP BY g) x;
SQL

# run SQL [TIMEOUT_MS]: prints "ELAPSED_MS SQLSTATE" (00000 on success).
run() {
    local t0 t1 out state=00000
    t0=$(date +%s%N)
    out=$("$bin/psql" -X -q -At -d "$db" -v ON_ERROR_STOP=1 -v VERBOSITY=verbose \
               -c "SET statement_timeout = ${2:-0}" -c "$1" 2>&1) ||
        state=$(grep -oE 'ERROR:  [0-9A-Z]{5}' <<<"$out" | head -n 1 | cut -c 9-)
    t1=$(date +%s%N)
    echo "$(( (t1 - t0) / 1000000 )) ${state:-none}"
}

check() {  # NAME FIT_SQL INPUT_SQL
    local d s t e state
    read -r d state < <(run "$2")
    [ "$state" = 00000 ] || fail "$1: the full fit failed ($state)"
    read -r s state < <(run "$3")
    t=$(((s + d) / 2))
    [ $((d - s)) -ge 1000 ] ||
        fail "$1: the fit's own work took only $((d - s)) ms of $d ms, too short to test cancellation"
    read -r e state < <(run "$2" "$t")
    [ "$state" = 57014 ] || fail "$1: with statement_timeout = $t ms the fit ended with $state, not 57014"
    [ "$e" -lt $(((t + d) / 2)) ] ||
        fail "$1: cancelled after $e ms with statement_timeout = $t ms (the full fit takes $d ms)"
    echo "ok - $1: input read in $s ms, full fit $d ms; statement_timeout = $t ms cancelled it after $e ms"
}

check kmeans_fit "SELECT (portfolio.kmeans_fit(f, 80, 1)).iterations FROM points" \
                 "SELECT kmeans_input(f, 80, 1) IS NOT NULL FROM points"
check bgnbd_fit "SELECT (portfolio.bgnbd_fit(x, tx, t)).loglik FROM customers" \
                "SELECT bgnbd_input(x, tx, t) IS NOT NULL FROM customers"
check rules "SELECT count(*) FROM portfolio.rules((SELECT b FROM many), 0.001, 1, 2)" \
            "SELECT length(b::text) > 0 FROM many"
