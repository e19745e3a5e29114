#!/usr/bin/env bash
# Binary I/O of the nine base types with a text form of their own, through
# the binary protocol (a receive function takes an internal argument, so
# SQL alone cannot reach it; test/clients/binary_io.c, a small libpq
# client, does):
#   - a table with values of every type (states built by the transition
#     functions, with spare room, results of the aggregates, edge values
#     typed in, NULLs) goes out with COPY ... TO STDOUT (FORMAT binary) and
#     into a copy of the table with COPY ... FROM STDIN (FORMAT binary): the
#     same text both ways, and the same send bytes and size;
#   - every value fetched as a binary result and sent back as a binary
#     parameter arrives with the same text and send bytes;
#   - hostile bytes, as a binary parameter and in a binary COPY, are 22P03
#     with the message and detail chosen for them (never XX000, never a
#     crash), and canonical bytes are accepted.
# Runs inside a cluster (scripts/test.sh): PGHOST/PGPORT/PGUSER are set.
set -euo pipefail

bindir=$("${PG_CONFIG:-pg_config}" --bindir)
db=portfolio_binary_io
work=$(mktemp -d)
trap 'rm -rf "$work"; "$bindir/dropdb" --if-exists "$db"' EXIT
export PGDATABASE=$db PGOPTIONS="-c client_min_messages=warning"
q() { "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -At "$@"; }

"$bindir/dropdb" --if-exists "$db"
"$bindir/createdb" "$db"
cc -O1 -Wall -Wextra -I"$("${PG_CONFIG:-pg_config}" --includedir)" test/clients/binary_io.c \
   -L"$("${PG_CONFIG:-pg_config}" --libdir)" -lpq -o "$work/binary_io"
client() { "$work/binary_io" "$@"; }

failed=0
report() {  # OK DESCRIPTION
    if [ "$1" = 0 ]; then echo "ok - $2"; else echo "not ok - $2"; failed=1; fi
}

q <<'SQL'
CREATE EXTENSION portfolio;
CREATE TABLE orders AS
SELECT g % 37 AS customer, DATE '2020-01-01' + (g * 7 % 500) AS d, (g % 13 + 0.25)::numeric(10, 2) AS amount
  FROM generate_series(1, 2000) g;
CREATE TABLE sums AS
SELECT customer, portfolio.summarize(d, amount, '2021-06-30', 'week') AS s,
       portfolio.activity(d, amount, '2021-06-30', 'month') AS a
  FROM orders GROUP BY customer;
-- The states as the aggregates keep them, spare room included.
CREATE AGGREGATE rfm_state(float8, float8, float8, int) (SFUNC = portfolio_internal.rfm_cuts_accum, STYPE = portfolio.rfm_cuts_state);
CREATE AGGREGATE cohort_state(portfolio.activity) (SFUNC = portfolio_internal.cohort_matrix_accum, STYPE = portfolio.cohort_matrix);
CREATE AGGREGATE figures_state(portfolio.activity) (SFUNC = portfolio_internal.period_retention_accum, STYPE = portfolio.period_retention);
CREATE AGGREGATE fit_state(float8, float8, float8) (SFUNC = portfolio_internal.bgnbd_fit_accum, STYPE = portfolio.fit_histogram);
CREATE AGGREGATE share_state(float8, float8) (SFUNC = portfolio_internal.concentration_accum_fraction, STYPE = portfolio.concentration_state);
CREATE AGGREGATE kmeans_state(float8[], int, bigint) (SFUNC = portfolio_internal.kmeans_accum, STYPE = portfolio.kmeans_state);
CREATE AGGREGATE basket_state(text[]) (SFUNC = portfolio_internal.affinity_accum, STYPE = portfolio.baskets);
CREATE TABLE vals (label text PRIMARY KEY, rc portfolio.rfm_cuts, rs portfolio.rfm_cuts_state,
                   ac portfolio.activity, cm portfolio.cohort_matrix, pr portfolio.period_retention,
                   fh portfolio.fit_histogram, cs portfolio.concentration_state, ab portfolio.abc_cuts,
                   km portfolio.kmeans_state, bk portfolio.baskets);
INSERT INTO vals
SELECT 'states', portfolio.rfm_cuts(s), rfm_state((s).days_since_last, (s).frequency, (s).total_amount::float8, 5),
       (SELECT a FROM sums ORDER BY customer LIMIT 1), cohort_state(a), figures_state(a),
       fit_state((s).frequency, (s).recency, (s).age), share_state((s).total_amount::float8, 0.2),
       portfolio.abc_cuts((s).total_amount::float8),
       kmeans_state(ARRAY[(s).frequency, (s).total_amount]::float8[], 3, 42),
       basket_state(ARRAY['c' || customer % 7, 'f' || (s).frequency, 'é ' || (s).transactions])
  FROM sums;
INSERT INTO vals
SELECT 'results', NULL, portfolio_internal.rfm_cuts_combine(portfolio_internal.rfm_cuts_accum(NULL, 1, 2, 3, 3), 'bins=3; 4,5,6'),
       NULL, portfolio.cohort_matrix(a), portfolio.period_retention(a),
       portfolio_internal.fit_histogram_combine('model=gamma_gamma; 2 22.35 1', 'model=gamma_gamma; 1 5 2'),
       portfolio_internal.concentration_combine('points=10; values=1', 'points=10; values=2'),
       portfolio.abc_cuts((s).total_amount::float8, 0.5, 0.9),
       portfolio_internal.kmeans_combine('k=2; seed=1; dims=2; 1,2', 'k=2; seed=1; dims=2; 3,4'),
       portfolio.affinity(ARRAY['c' || customer % 7, 'f' || (s).frequency])
  FROM sums;
INSERT INTO vals VALUES ('typed in',
    'bins=9; r=-1e+308,0,0,1,2,3,4,5; f=5e-324,1,2,3,4,5,6,7; m=0.1,0.2,0.30000000000000004,1,1,1,1,1.7976931348623157e+308',
    'bins=5',
    'day as of 5874897-12-31, scale 0: -4713-11-24 1; 5874897-12-31 -2',
    'day as of 2020-01-01, scale 0:',
    'month as of 2020-02-29, scale 3: 2020-01-01 2 2 0 -1.500 0.000 0.000; 2020-02-01 1 0 1 7.250 7.250 -1.500',
    'model=gamma_gamma; unit=day',
    'args=0.8,0.95; values=',
    'a_share=1; b_share=1; a=0; b=0',
    'k=1000; seed=-9223372036854775808; dims=0',
    '"","back\\slash","say \"hi\""; "x;y,z"');
INSERT INTO vals (label) VALUES ('nulls');
SQL

# ---- COPY out and in, binary ----
q -c "CREATE TABLE vals2 (LIKE vals)"
q -c "\\copy vals TO '$work/vals.bin' (FORMAT binary)"
q -c "\\copy vals2 FROM '$work/vals.bin' (FORMAT binary)"
cols="rc rs ac cm pr fh cs ab km bk"
texts=$(for c in $cols; do printf '%s::text, ' "$c"; done)
sends=$(for c in $cols; do
    t=$(q -c "SELECT format_type(atttypid, NULL) FROM pg_attribute WHERE attrelid = 'vals'::regclass AND attname = '$c'")
    printf 'portfolio_internal.%s_send(%s), pg_column_size(%s), ' "${t#portfolio.}" "$c" "$c"
done)
differ=$(q <<SQL
SELECT (SELECT count(*) FROM (SELECT label, ${texts%, } FROM vals EXCEPT SELECT label, ${texts%, } FROM vals2) x)
     + (SELECT count(*) FROM (SELECT label, ${texts%, } FROM vals2 EXCEPT SELECT label, ${texts%, } FROM vals) x);
SQL
)
report "$differ" "binary COPY out and in keeps the text of every value ($(q -c 'SELECT count(*) FROM vals2') rows)"
sends=${sends%, }
differ=$(q -c "SELECT count(*) FROM vals v JOIN vals2 w USING (label)
                WHERE ROW(${sends//\(/(v.}) IS DISTINCT FROM ROW(${sends//\(/(w.})")
report "$differ" "binary COPY out and in keeps the send bytes and size of every value"

# ---- binary results sent back as binary parameters ----
for label in states results 'typed in'; do
    for c in $cols; do
        t=$(q -c "SELECT format_type(atttypid, NULL) FROM pg_attribute WHERE attrelid = 'vals'::regclass AND attname = '$c'")
        [ "$(q -c "SELECT $c IS NULL FROM vals WHERE label = '$label'")" = t ] && continue
        out=$(client roundtrip "${t#portfolio.}" "SELECT $c FROM vals WHERE label = '$label'" || true)
        [ "$out" = ok ] && r=0 || r=1
        report $r "$t ($label): binary result back as a binary parameter${out#ok}"
    done
done

# ---- hostile bytes ----
# TYPE HEX EXPECTED (the client's line): 22P03 with our message and detail,
# or the text of canonical bytes.
ONE=3ff0000000000000 TWO=4000000000000000 NAN=7ff8000000000000 INF=7ff0000000000000
check() {
    local out r
    out=$(client param "$1" "$2")
    [ "$out" = "$3" ] && r=0 || r=1
    report $r "$1 bytes ${2:0:40}: ${3:0:100}"
    [ $r = 0 ] || echo "#   got: $out"
}
e() { echo "error 22P03 invalid binary input for type portfolio.$1 | $2"; }
check rfm_cuts "01 00000002 $ONE $TWO 4008000000000000" "accepted bins=2; r=1; f=2; m=3"
check rfm_cuts "" "$(e rfm_cuts 'The value ends after 0 bytes, where format version 1 was expected.')"
check rfm_cuts "02" "$(e rfm_cuts 'Expected format version 1 at byte 1.')"
check rfm_cuts "01 0000000a" "$(e rfm_cuts 'Expected bins from 2 to 9 at byte 2.')"
check rfm_cuts "01 00000003 $ONE 0000000000000000" "$(e rfm_cuts 'Expected a cut point not below the one before it at byte 14.')"
check rfm_cuts "01 00000002 $NAN $TWO $TWO" "$(e rfm_cuts 'Expected a finite number at byte 6.')"
check rfm_cuts "01 00000002 $ONE $TWO $TWO 00" "$(e rfm_cuts 'Expected the end of the value at byte 30.')"
check rfm_cuts_state "01 00000003 0000000000000001 0000000000000010 $ONE $TWO $ONE" "accepted bins=3; 1,2,1"
check rfm_cuts_state "01 00000003 ffffffffffffffff 0000000000000000" "$(e rfm_cuts_state 'Expected a count from 0 to 44739241 at byte 6.')"
check rfm_cuts_state "01 00000003 0000000000000002 0000000000000001" "$(e rfm_cuts_state 'Expected room from 2 to 44739241 at byte 14.')"
check rfm_cuts_state "01 00000003 0000010000000000 0000010000000000" "$(e rfm_cuts_state 'Expected a count from 0 to 44739241 at byte 6.')"
check rfm_cuts_state "01 00000003 0000000000000000 4000000000000000" "$(e rfm_cuts_state 'Expected room from 0 to 44739241 at byte 14.')"
check rfm_cuts_state "01 00000003 00000000000003e8 00000000000003e8 $ONE" "$(e rfm_cuts_state 'The value ends after 29 bytes, where a finite number was expected.')"
APRIL="01 02 02 00001d01" JAN=00005eb0
check activity "$APRIL 00000001 $JAN 000000000000000000000000000003e8" "accepted month as of 2020-04-30, scale 2: 2020-01-01 10.00"
check activity "01 04 02 00001d01" "$(e activity 'Expected a period unit from 0 to 3 at byte 2.')"
check activity "01 02 02 7fffffff" "$(e activity 'Expected a date PostgreSQL can store at byte 4.')"
check activity "$APRIL 00000001 00005eb4 00000000000000000000000000000005" \
    "$(e activity "Expected a period after the one before and not after as_of's, starting on a date PostgreSQL can store at byte 12.")"
check activity "$APRIL 00000001 $JAN 80000000000000000000000000000000" "$(e activity 'Expected a revenue above -2^127 at byte 16.')"
check activity "$APRIL 7fffffff" "$(e activity 'Expected a count from 1 to 44739241 at byte 8.')"
FEB="01 02 00 00001cc4" Z64=0000000000000000 O64=0000000000000001 Z128=00000000000000000000000000000000
check cohort_matrix "$FEB 00000001 00000001 $O64 $O64 00000000000000000000000000000005" \
    "accepted month as of 2020-02-29, scale 0: 2020-02-01 size 1: 1 5"
check cohort_matrix "$FEB 00000001 00000001 $Z64 $Z64 $Z128" "$(e cohort_matrix 'Expected customers in the oldest period at byte 16.')"
check cohort_matrix "$FEB 00000001 00000001 $O64 0000000000000002 $Z128" "$(e cohort_matrix 'Every member of a cohort is active in its first period.')"
check cohort_matrix "$FEB 00000003 00000003 $Z64 $Z64 $Z128" "$(e cohort_matrix 'The value ends after 47 bytes, where a row of counts and revenues was expected.')"
check cohort_matrix "$FEB 00000001 7fffffff" "$(e cohort_matrix 'Expected room from 1 to 9458 at byte 12.')"
check period_retention "$FEB 00000001 00000001 $O64 $O64 $Z64 00000000000000000000000000000005 $Z128 $Z128" \
    "accepted month as of 2020-02-29, scale 0: 2020-02-01 1 1 0 5 0 0"
check period_retention "$FEB 00000001 00000001 $O64 0000000000000002 $Z64 $Z128 $Z128 $Z128" \
    "$(e period_retention 'New and retained customers cannot outnumber the active ones.')"
check period_retention "$FEB 00000001 00000001 ffffffffffffffff $Z64 $Z64 $Z128 $Z128 $Z128" \
    "$(e period_retention 'Expected a count from 0 to 9223372036854775807 at byte 16.')"
GG="01 02 ff $Z64" G2="$TWO 403659999999999a"
check fit_histogram "$GG $O64 0000000000000040 $G2 $O64" "accepted model=gamma_gamma; 2 22.35 1"
check fit_histogram "01 06 ff $Z64 $O64 0000000000000040 $TWO 403e800000000000 4043600000000000 $O64" \
    "accepted model=pareto_nbd; 2 30.5 38.75 1"
check fit_histogram "01 07" "$(e fit_histogram 'Expected a model, 1 (bgnbd), 2 (gamma_gamma), 3 (sbg), 4 (mbgnbd), 5 (bgbb) or 6 (pareto_nbd) at byte 2.')"
check fit_histogram "01 02 ff 3fe0000000000000" "$(e fit_histogram 'Expected a finite penalizer >= 0, and 0 for gamma_gamma, sbg, mbgnbd, bgbb and pareto_nbd at byte 4.')"
check fit_histogram "01 01 ff $NAN" "$(e fit_histogram 'Expected a finite penalizer >= 0, and 0 for gamma_gamma, sbg, mbgnbd, bgbb and pareto_nbd at byte 4.')"
check fit_histogram "$GG 0000000001000001 0000000001000001" "$(e fit_histogram 'Expected a count from 0 to 16777216 at byte 12.')"
check fit_histogram "$GG 0000000000000002 0000000000000040 $G2 $O64 $G2 0000000000000003" "$(e fit_histogram 'Expected a history not seen before at byte 52.')"
check fit_histogram "$GG $O64 0000000000000040 $Z64 403659999999999a $O64" \
    "$(e fit_histogram 'Expected a history the fit accepts (frequency must be at least 1) at byte 28.')"
check concentration_state "01 01 02 4024000000000000 $O64 0000000000000040 $ONE" "accepted points=10; values=1"
check concentration_state "01 02 01" "$(e concentration_state 'Expected a parameter kind of 0, or of 1 (fraction) or 2 (points) with one parameter at byte 3.')"
check concentration_state "01 01 02 3fe0000000000000" "$(e concentration_state 'Expected a number of points between 1 and 100000 at byte 4.')"
check concentration_state "01 00 00 $O64 $O64 bff0000000000000" "$(e concentration_state 'Expected a value >= 0 at byte 20.')"
check concentration_state "01 00 00 $O64 $O64 $INF" "$(e concentration_state 'Expected a finite number at byte 20.')"
check abc_cuts "01 3fe999999999999a 3fee666666666666 405e200000000000 4044000000000000" "accepted a_share=0.8; b_share=0.95; a=120.5; b=40"
check abc_cuts "01 3fee666666666666 3fe999999999999a $ONE $ONE" "$(e abc_cuts 'Expected shares with 0 < a_share <= b_share <= 1 at byte 2.')"
check abc_cuts "01 3fe999999999999a 3fee666666666666 $ONE $TWO" "$(e abc_cuts 'Expected a threshold b with 0 <= b <= a at byte 26.')"
KM="01 00000002 000000000000002a"
check kmeans_state "$KM 00000001 $O64 $O64 $TWO" "accepted k=2; seed=42; dims=1; 2"
check kmeans_state "01 00000000" "$(e kmeans_state 'Expected k from 1 to 1000 at byte 2.')"
check kmeans_state "$KM 000003e9" "$(e kmeans_state 'Expected dims from 0 to 1000 at byte 14.')"
check kmeans_state "$KM 00000000 $O64" "$(e kmeans_state 'Expected a count of 0 (a state with dims 0 has no vectors) at byte 18.')"
check kmeans_state "$KM 00000001 $O64 $O64 $NAN" "$(e kmeans_state 'Expected a finite number at byte 34.')"
check kmeans_state "$KM 00000001 7fffffffffffffff" "$(e kmeans_state 'Expected a count from 1 to 134217723 at byte 18.')"
BK="01 0000000000000001 0000000000000009 00000001"
check baskets "$BK 00000001 61" "accepted \"a\""
check baskets "01 0000000000000000 0000000000000000" "accepted "
check baskets "$BK 00000001 00" "$(e baskets 'Expected an item without a zero byte at byte 22.')"
check baskets "$BK 00000002 61" "$(e baskets 'Expected an item length from 0 to 1 at byte 22.')"
check baskets "01 0000000000000001 0000000000000012 00000002 00000001 62 00000001 61" \
    "$(e baskets 'Expected an item after the one before it in byte order (a basket lists distinct items, sorted) at byte 27.')"
check baskets "01 0000000000000001 0000000000000008 00000000 00000000" "$(e baskets 'Expected a number of items from 1 to 268435448 at byte 18.')"
check baskets "01 0000000000000002 0000000000000008 00000001 00000000" "$(e baskets 'Expected a count from 0 to 1 at byte 2.')"
check baskets "01 0000000000000000 0000000040000000" "$(e baskets 'Expected room from 0 to 1073741799 at byte 10.')"
check baskets "$BK 00000001 ff" 'error 22021 invalid byte sequence for encoding "UTF8": 0xff | '

# The same bytes arrive through a binary COPY as well.
q -c "CREATE TABLE one_kmeans (km portfolio.kmeans_state)"
out=$(client copy one_kmeans "$KM 00000001 $O64 $O64 $NAN")
want="$(e kmeans_state 'Expected a finite number at byte 34.')"
[ "$out" = "$want" ] && r=0 || r=1
report $r "binary COPY of a NaN feature: 22P03"
out=$(client copy one_kmeans "$KM 00000001 $O64 $O64 $TWO")
[ "$out" = accepted ] && [ "$(q -c 'SELECT km::text FROM one_kmeans')" = "k=2; seed=42; dims=1; 2" ] && r=0 || r=1
report $r "binary COPY of canonical bytes stores the value"

[ "$(q -c 'SELECT 1')" = 1 ] && r=0 || r=1
report $r "the server is still up"
exit $failed
