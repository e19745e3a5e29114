#!/usr/bin/env bash
# portfolio beyond one server: the orders table hash-partitioned by customer
# over two shards (two more throwaway servers of the version under test) through
# postgres_fdw, with the extension installed on every node.
#  1. With enable_partitionwise_aggregate, summarize(txn_date, amount, as_of)
#     ... GROUP BY customer_id is pushed down whole (numeric and float8):
#     one Foreign Scan per partition whose remote SQL runs portfolio.summarize
#     and the GROUP BY on the shard. So are summarize and activity with the
#     unit as the enum portfolio.period_unit; with the unit as text they are
#     not (see below why): the coordinator groups the rows each shard sends,
#     per partition.
#  2. The per-customer results from the shards equal those of the same rows
#     in one local table, row for row (EXCEPT both ways), for every form.
#  3. Every cross-customer aggregate, computed on the coordinator over the
#     shards' per-customer rows, gives the single-server answer; and two
#     aggregates over the partitioned table itself too.
# Runs inside a cluster (scripts/test.sh): PGHOST/PGPORT/PGUSER are set; that
# cluster is the coordinator.
set -euo pipefail

# This server's programs: a bare psql or pg_dump is Debian's pg_wrapper's
# choice (the newest packaged version), not necessarily the server under test.
bin=${PG_BINDIR:-$("${PG_CONFIG:-pg_config}" --bindir)}

db=portfolio_sharded
shard_db=portfolio_shard
work=$(mktemp -d)
started=()
ports=()

export PGOPTIONS="-c client_min_messages=warning"
q() { "$bin/psql" -X -q -v ON_ERROR_STOP=1 -At "$@"; }

# The shards' servers must not run as root: as root, initdb and pg_ctl run as
# postgres (which then owns the work directory and is the shards' bootstrap
# superuser); otherwise as the current user.
if [ "$(id -u)" -eq 0 ]; then
    shard_user=postgres
    chown postgres: "$work"
    as_owner() { (cd "$work" && runuser -u postgres -- "$@"); }
else
    shard_user=$(id -un)
    as_owner() { (cd "$work" && "$@"); }
fi
sock=$work/sock
as_owner mkdir "$sock"

cleanup() {
    local status=$? k
    set +e
    if [ $status -ne 0 ]; then
        for k in 0 1; do
            if [ -f "$work/shard$k.log" ]; then
                echo "-- shard$k server log (last 40 lines):"
                tail -n 40 "$work/shard$k.log"
            fi
        done
    fi
    "$bin/dropdb" --if-exists "$db" 2>/dev/null
    for k in "${started[@]}"; do
        as_owner "$bin/pg_ctl" stop -D "$work/shard$k" -m immediate -s >/dev/null 2>&1
    done
    rm -rf "$work"
    exit $status
}
trap cleanup EXIT

fail() { echo "not ok: $*" >&2; exit 1; }

# Start shard k on port $2. listen_addresses is empty, so the server listens
# only on a Unix socket in our own directory: the port just names the socket
# file there. We still take the first port from the coordinator's + 1 that
# has no server answering in that directory.
start_shard() {
    local k=$1 port=$2
    while "$bin/pg_isready" -q -h "$sock" -p "$port"; do port=$((port + 1)); done
    as_owner "$bin/initdb" -D "$work/shard$k" -A trust -E UTF8 --no-locale --no-sync >"$work/initdb$k.log" 2>&1 \
        || { cat "$work/initdb$k.log" >&2; fail "initdb of shard$k failed"; }
    cat >>"$work/shard$k/postgresql.conf" <<EOF
listen_addresses = ''
port = $port
unix_socket_directories = '$sock'
fsync = off
shared_buffers = 16MB
max_connections = 20
EOF
    started+=("$k")
    as_owner "$bin/pg_ctl" start -w -t 60 -D "$work/shard$k" -l "$work/shard$k.log" -s \
        || fail "shard$k did not start on port $port"
    ports[k]=$port
}
start_shard 0 $((PGPORT + 1))
start_shard 1 $((ports[0] + 1))

qs() { local k=$1; shift; q -h "$sock" -p "${ports[k]}" -U "$shard_user" "$@"; }

for k in 0 1; do
    qs "$k" -d postgres -c "CREATE DATABASE $shard_db"
    qs "$k" -d "$shard_db" <<SQL
CREATE EXTENSION portfolio;
CREATE TABLE orders_p$k (customer_id int, txn_date date, amount numeric(12, 2));
SQL
done

"$bin/dropdb" --if-exists "$db"
"$bin/createdb" "$db"
q -d "$db" <<SQL
CREATE EXTENSION portfolio;
CREATE EXTENSION postgres_fdw;
CREATE SERVER shard0 FOREIGN DATA WRAPPER postgres_fdw
    OPTIONS (host '$sock', port '${ports[0]}', dbname '$shard_db', extensions 'portfolio', batch_size '1000');
CREATE SERVER shard1 FOREIGN DATA WRAPPER postgres_fdw
    OPTIONS (host '$sock', port '${ports[1]}', dbname '$shard_db', extensions 'portfolio', batch_size '1000');
CREATE USER MAPPING FOR CURRENT_USER SERVER shard0 OPTIONS (user '$shard_user');
CREATE USER MAPPING FOR CURRENT_USER SERVER shard1 OPTIONS (user '$shard_user');

CREATE TABLE orders (customer_id int, txn_date date, amount numeric(12, 2))
    PARTITION BY HASH (customer_id);
CREATE FOREIGN TABLE orders_p0 PARTITION OF orders FOR VALUES WITH (MODULUS 2, REMAINDER 0)
    SERVER shard0 OPTIONS (table_name 'orders_p0');
CREATE FOREIGN TABLE orders_p1 PARTITION OF orders FOR VALUES WITH (MODULUS 2, REMAINDER 1)
    SERVER shard1 OPTIONS (table_name 'orders_p1');

-- 3,000 customers with a heavy-tailed number of orders (1 to 150, 8,500 in
-- all) and of amounts (Pareto from 5.00, up to about 1,100), 5% returns and
-- 3% zeros, dated 2021-01-01 .. 2023-08-09, some after the as-of date (171
-- customers have no purchase up to it: a NULL summary).
CREATE TABLE orders_local (customer_id int, txn_date date, amount numeric(12, 2));
SELECT setseed(0.25) \g /dev/null
INSERT INTO orders_local
SELECT c, d,
       CASE WHEN r < 0.05 THEN -round((5 / power(u, 0.6))::numeric, 2)
            WHEN r < 0.08 THEN 0
            ELSE round((5 / power(u, 0.6))::numeric, 2) END
  FROM (SELECT c, DATE '2021-01-01' + (950 * random())::int AS d,
               random() AS r, 1 - random() AS u
          FROM (SELECT c, least(150, floor(1 / power(1 - random(), 0.7)))::int AS n
                  FROM generate_series(1, 3000) c) customers,
               generate_series(1, n)
        OFFSET 0) draws;
INSERT INTO orders SELECT * FROM orders_local;
ANALYZE orders_local;

-- Survey answers for nps and csat: one in three customers answered. Local on
-- the coordinator, joined to the per-customer rows of the shards.
CREATE TABLE surveys AS
SELECT c AS customer_id, (10 * random())::int AS nps_score, 1 + (4 * random())::int AS csat_score
  FROM generate_series(1, 3000, 3) c;
SQL
# Statistics of the foreign partitions, so that the planner costs them.
q -d "$db" -c 'ANALYZE orders'

n0=$(qs 0 -d "$shard_db" -c 'SELECT count(*) FROM orders_p0')
n1=$(qs 1 -d "$shard_db" -c 'SELECT count(*) FROM orders_p1')
nl=$(q -d "$db" -c 'SELECT count(*) FROM orders_local')
if [ "$n0" -lt 1000 ] || [ "$n1" -lt 1000 ] || [ $((n0 + n1)) -ne "$nl" ]; then
    fail "the shards hold $n0 and $n1 rows, the local table $nl"
fi

asof="DATE '2023-06-30'"
SET="SET enable_partitionwise_aggregate = on;"

# 1. Pushdown: per-customer aggregates GROUP BY the partition key run on the
# shards. Each partition's Foreign Scan carries "Relations: Aggregate on" and
# a remote SQL with the aggregate and the GROUP BY.
plan_of() {
    plan=$(q -d "$db" -c "$SET EXPLAIN (VERBOSE, COSTS OFF) $1")
}
pushed() {  # NAME AGGREGATE-CALL [AGGREGATE-NAME]
    plan_of "SELECT customer_id, $2 FROM orders GROUP BY customer_id"
    local scans aggs remote
    scans=$(grep -c 'Foreign Scan$' <<<"$plan" || true)
    aggs=$(grep -c 'Relations: Aggregate on (public\.orders_p[01] orders' <<<"$plan" || true)
    remote=$(grep 'Remote SQL:' <<<"$plan" | grep "portfolio\.${3:-summarize}(" | grep -c 'GROUP BY 1' || true)
    if [ "$scans" -ne 2 ] || [ "$aggs" -ne 2 ] || [ "$remote" -ne 2 ]; then
        echo "$plan" >&2
        fail "$1 is not pushed down to the shards"
    fi
}
show() { if [ -n "${PORTFOLIO_SHOW_PLAN:-}" ]; then echo "$plan"; fi; }
pushed "summarize (numeric)" "portfolio.summarize(txn_date, amount, $asof)"
show
pushed "summarize (float8)" "portfolio.summarize(txn_date, amount::float8, $asof)"
pushed "summarize (numeric, month enum)" "portfolio.summarize(txn_date, amount, $asof, 'month'::portfolio.period_unit)"
show
pushed "summarize (float8, week enum)" "portfolio.summarize(txn_date, amount::float8, $asof, 'week'::portfolio.period_unit)"
pushed "activity (month enum)" "portfolio.activity(txn_date, amount, $asof, 'month'::portfolio.period_unit)" activity

# The forms with a unit are not pushed down by postgres_fdw (15 to 18):
# their text argument makes the aggregate collation-sensitive (its input
# collation is the default one), and postgres_fdw ships such an aggregate
# only when that collation comes from a column of the foreign table, never
# from a constant ('month'). Each partition then sends its rows and the
# coordinator groups them, per partition (a HashAggregate over each Foreign
# Scan). The results are still right (checked below); if a later
# PostgreSQL ships these too, this check tells us. The enum forms above are
# the way to keep them on the shards.
local_agg() {  # NAME AGGREGATE-CALL [AGGREGATE-NAME]
    plan_of "SELECT customer_id, $2 FROM orders GROUP BY customer_id"
    if grep -q 'Relations: Aggregate' <<<"$plan" \
        || [ "$(grep -c "Aggregate\$" <<<"$plan")" -ne 2 ] \
        || [ "$(grep 'Output:' <<<"$plan" | grep -c "portfolio\.${3:-summarize}(")" -ne 2 ]; then
        echo "$plan" >&2
        fail "$1: expected a local aggregate per partition"
    fi
}
local_agg "summarize (numeric, month)" "portfolio.summarize(txn_date, amount, $asof, 'month')"
show
local_agg "summarize (float8, week)" "portfolio.summarize(txn_date, amount::float8, $asof, 'week')"
local_agg "activity" "portfolio.activity(txn_date, amount, $asof, 'month')" activity

# A cross-customer aggregate over the per-customer rows: an Aggregate on the
# coordinator over the Append of the shards' grouped results.
plan_of "SELECT portfolio.rfm_cuts(s) FROM (SELECT portfolio.summarize(txn_date, amount, $asof) AS s
                                              FROM orders GROUP BY customer_id) c"
if [ "$(head -n 1 <<<"$plan")" != Aggregate ] || [ "$(grep -c 'Relations: Aggregate on' <<<"$plan")" -ne 2 ]; then
    echo "$plan" >&2
    fail "rfm_cuts over the sharded summaries has an unexpected plan"
fi
show

# A cross-customer aggregate over the partitioned table itself: PostgreSQL
# (15 to 18) does not push partial aggregates to foreign servers, so each shard sends
# its rows (with the WHERE clause applied remotely) and the coordinator
# aggregates them, whether per partition (Partial Aggregate, then Finalize)
# or over the Append. Either way no portfolio aggregate may be in the remote
# SQL, and the result must still equal the local one (below).
plan=$(q -d "$db" -c "$SET EXPLAIN (VERBOSE, COSTS OFF)
    SELECT portfolio.gini(amount::float8) FROM orders WHERE amount > 0")
if grep 'Remote SQL:' <<<"$plan" | grep -q 'portfolio\.' || [ "$(grep -c 'Remote SQL:.*WHERE' <<<"$plan")" -ne 2 ]; then
    echo "$plan" >&2
    fail "the plan of gini over the partitioned table is not the expected one"
fi
show

# 2. Per-customer results: the same rows from the shards as from the local
# table (EXCEPT both ways; the composite summary compares field by field,
# activity as its exact text). Exact also for the float8 forms, whose sums
# depend on row order: the shards got their rows in the local table's
# order (INSERT INTO orders SELECT * FROM orders_local), both are read in
# that order, and a customer's rows are all on one shard, so each
# customer's sums add in the same order.
same_rows() {  # NAME EXPRESSION
    local got
    got=$(q -d "$db" -c "$SET
        WITH sharded AS (SELECT customer_id, $2 AS v FROM orders GROUP BY customer_id),
             single AS (SELECT customer_id, $2 AS v FROM orders_local GROUP BY customer_id)
        SELECT (SELECT count(*) FROM sharded), (SELECT count(v) FROM sharded),
               (SELECT count(*) FROM (TABLE sharded EXCEPT TABLE single) d),
               (SELECT count(*) FROM (TABLE single EXCEPT TABLE sharded) d)")
    IFS='|' read -r rows nonnull only_sharded only_single <<<"$got"
    if [ "$rows" -ne 3000 ] || [ "$nonnull" -lt 2500 ] || [ "$only_sharded" -ne 0 ] || [ "$only_single" -ne 0 ]; then
        fail "$1: $rows customers, $nonnull not NULL, $only_sharded rows only sharded, $only_single only single-server"
    fi
}
same_rows "summarize (day)" "portfolio.summarize(txn_date, amount, $asof)"
same_rows "summarize (month)" "portfolio.summarize(txn_date, amount, $asof, 'month')"
same_rows "summarize (float8, week)" "portfolio.summarize(txn_date, amount::float8, $asof, 'week')"
same_rows "activity" "portfolio.activity(txn_date, amount, $asof, 'month')::text"
same_rows "summarize (month enum)" "portfolio.summarize(txn_date, amount, $asof, 'month'::portfolio.period_unit)"
same_rows "summarize (float8, week enum)" "portfolio.summarize(txn_date, amount::float8, $asof, 'week'::portfolio.period_unit)"
same_rows "activity (quarter enum)" "portfolio.activity(txn_date, amount, $asof, 'quarter'::portfolio.period_unit)::text"

# 3. Cross-customer aggregates: the same script over the partitioned table
# and over the local one; every line "name|value" must be equal as text
# (float8 prints in its shortest exact form, so equal text is equal bits):
# the aggregates that sort their values or histograms in the final function
# (rfm_cuts, the fits, gini, top_share, lorenz, abc_cuts, kmeans_fit) or
# count (nps, csat, repeat_purchase_rate) or add numerics (the retention
# states) give the same bits whatever the row order. The lines marked "~"
# are float8 values that are added in row order, which differs between the
# two plans, compared within 1e-12 relative: hhi (compensated sums, equal
# here but not by construction) and scaler_fit's mean and sd (Welford's
# updates, Chan's merge: they differ in the last bits).
cross() {
    q -d "$db" -v t="$1" <<SQL
$SET
CREATE TEMP VIEW summaries AS
SELECT customer_id, portfolio.summarize(txn_date, amount, $asof) AS s
  FROM :t GROUP BY customer_id;
CREATE TEMP VIEW a AS
SELECT customer_id, portfolio.activity(txn_date, amount, $asof, 'month'::portfolio.period_unit) AS a
  FROM :t GROUP BY customer_id;
CREATE TEMP VIEW rev AS
SELECT customer_id, greatest((s).total_amount, 0)::float8 AS revenue FROM summaries;
CREATE TEMP VIEW features AS
SELECT customer_id, ARRAY[(s).days_since_last, (s).transactions, (s).total_amount, (s).frequency]::float8[] AS f
  FROM summaries WHERE s IS NOT NULL;

SELECT 'customers', count(*), count(s) FROM summaries;
SELECT 'rfm_cuts', portfolio.rfm_cuts(s) FROM summaries;
SELECT 'rfm_cuts 3', portfolio.rfm_cuts(s, 3) FROM summaries;
SELECT 'rfm_score', customer_id, portfolio.rfm_score(c, s)
  FROM summaries, (SELECT portfolio.rfm_cuts(s) AS c FROM summaries) k ORDER BY customer_id;
SELECT 'repeat_purchase_rate', portfolio.repeat_purchase_rate(s) FROM summaries;
SELECT 'bgnbd_fit', portfolio.bgnbd_fit(s) FROM summaries;
SELECT 'gg_fit', portfolio.gg_fit((s).frequency, (s).monetary::float8) FROM summaries
 WHERE (s).frequency > 0 AND (s).monetary > 0;
SELECT 'cohort_matrix', portfolio.cohort_matrix(a) FROM a;
SELECT 'period_retention', portfolio.period_retention(a) FROM a;
SELECT 'cohort_retention', r FROM portfolio.cohort_retention((SELECT portfolio.cohort_matrix(a) FROM a)) r;
SELECT 'retention_by_period', r FROM portfolio.retention_by_period((SELECT portfolio.period_retention(a) FROM a)) r;
SELECT 'nps of repeat buyers', portfolio.nps(nps_score) FROM surveys JOIN summaries USING (customer_id)
 WHERE (s).frequency > 0;
SELECT 'csat by segment', (portfolio.rfm_score(c, s)).segment, portfolio.csat(csat_score), portfolio.csat(csat_score + 2, 7)
  FROM surveys JOIN summaries USING (customer_id), (SELECT portfolio.rfm_cuts(s) AS c FROM summaries) k
 GROUP BY 2 ORDER BY 2;
SELECT 'gini', portfolio.gini(revenue) FROM rev;
SELECT '~hhi', portfolio.hhi(revenue) FROM rev;
SELECT 'top_share', portfolio.top_share(revenue, 0.1), portfolio.top_share(revenue, 0.2) FROM rev;
SELECT 'lorenz', portfolio.lorenz(revenue, 10) FROM rev;
SELECT 'abc_cuts', portfolio.abc_cuts(revenue) FROM rev;
SELECT 'abc classes', portfolio.abc_class(revenue, c), count(*)
  FROM rev, (SELECT portfolio.abc_cuts(revenue) AS c FROM rev) k GROUP BY 2 ORDER BY 2;
CREATE TEMP TABLE scaler AS SELECT portfolio.scaler_fit(f) AS sc FROM features;
SELECT 'scaler_fit', (sc).n, (sc).min, (sc).max FROM scaler;
SELECT '~scaler_fit', x FROM scaler, unnest((sc).mean || (sc).sd) WITH ORDINALITY u(x, i) ORDER BY i;
-- k-means over the features scaled with the single-server scaler on both
-- sides, so that its input is bit for bit the same.
SELECT 'kmeans_fit', portfolio.kmeans_fit(portfolio.scale(f, sc), 4, 7)
  FROM features, single_scaler;
-- Straight over the orders (see the plan check above).
SELECT 'gini of orders', portfolio.gini(amount::float8) FROM :t WHERE amount > 0;
SELECT '~hhi of orders', portfolio.hhi(amount::float8) FROM :t WHERE amount > 0;
SQL
}
q -d "$db" <<SQL
CREATE TABLE single_scaler AS
SELECT portfolio.scaler_fit(ARRAY[(s).days_since_last, (s).transactions, (s).total_amount, (s).frequency]::float8[]) AS sc
  FROM (SELECT portfolio.summarize(txn_date, amount, $asof) AS s FROM orders_local GROUP BY customer_id) c
 WHERE s IS NOT NULL;
SQL
cross orders > "$work/sharded.txt"
cross orders_local > "$work/single.txt"
# compare SINGLE SHARDED: print the lines that differ; fail if any does.
compare() {
    awk -F'|' '
        NR == FNR { want[FNR] = $0; n = FNR; next }
        {
            if ($0 == want[FNR]) next
            split(want[FNR], w, "|")
            if ($1 ~ /^~/ && $1 == w[1] && NF == 2 && $2 + 0 == $2 && w[2] + 0 == w[2]) {
                d = $2 - w[2]; if (d < 0) d = -d
                m = w[2] < 0 ? -w[2] : w[2]
                if (d <= 1e-12 * m) next
            }
            print "sharded: " $0; print "single:  " want[FNR]; bad++
        }
        END { if (FNR != n) { print "the line counts differ"; bad++ } exit bad > 0 }
    ' "$1" "$2"
}
[ "$(wc -l < "$work/single.txt")" -gt 3500 ] || fail "the single-server run gave too few lines"
compare "$work/single.txt" "$work/sharded.txt" >&2 \
    || fail "a cross-customer aggregate differs between the shards and one server"
# The comparison can fail: one changed digit of a fit, or a "~" value off by
# 1e-9 relative, is reported.
sed 's/^\(bgnbd_fit|.*\)[0-9]/\1x/' "$work/sharded.txt" > "$work/bad1.txt"
awk -F'|' -v OFS='|' '$1 == "~hhi" { $2 = sprintf("%.17g", $2 * (1 + 1e-9)) } 1' "$work/sharded.txt" > "$work/bad2.txt"
for bad in bad1 bad2; do
    if cmp -s "$work/sharded.txt" "$work/$bad.txt" || compare "$work/single.txt" "$work/$bad.txt" >/dev/null; then
        fail "the comparison does not see a difference ($bad)"
    fi
done

echo "ok: summarize, and with an enum unit activity, pushed down to 2 shards (not the text-unit forms, as expected in PostgreSQL $PGVERSION); $(wc -l < "$work/single.txt") result lines equal the single-server ones"
