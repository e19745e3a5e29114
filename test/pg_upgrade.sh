#!/usr/bin/env bash
# pg_upgrade from PostgreSQL 15 to 17 and to 18 with portfolio in use. A 15
# cluster stores
#  - a value of every type of ours (the composites, the enums and the base
#    types, states included; checked against the extension's members, so a
#    new type without a value here fails the test),
#  - a tracked orders table (portfolio.track_orders) with its summary table
#    and triggers,
#  - edited segments (one default row disabled, one row added);
# then, for each target version whose server scripts/pg-server.sh has built
# (skipped with a message otherwise; exit 77 when there is none), the
# target's pg_upgrade copies it into a new cluster, where
#  1. every stored value reads back as the same text, and the segments are
#     the same;
#  2. inserting, updating and deleting orders still keeps the summary table
#     equal to a fresh portfolio.summarize ... GROUP BY customer;
#  3. ALTER EXTENSION portfolio UPDATE is a no-op: the same version, and the
#     same members with the same definitions.
# The extension is built from this checkout for each target and installed
# into it first (pg_upgrade checks that the old cluster's libraries load in
# the new server). Runs by itself, with its own clusters; scripts/test.sh
# runs it on 15 only.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cache=${PORTFOLIO_CACHE:-/var/cache/portfolio}
# The old cluster is PostgreSQL 15's: Debian's, or the one under test if 15.
old_bin=/usr/lib/postgresql/15/bin
if [ "${PGVERSION:-15}" = 15 ] && [ -n "${PG_BINDIR:-}" ]; then old_bin=$PG_BINDIR; fi

targets=()
for v in 17 18; do
    if [ -f "$cache/pg-$v/.portfolio-build" ]; then
        targets+=("$v")
    else
        echo "# pg_upgrade to $v skipped: PostgreSQL $v is not built in $cache (scripts/pg-server.sh $v builds it)"
    fi
done
if [ ${#targets[@]} -eq 0 ]; then
    echo "skip: no PostgreSQL 17 or 18 server is built to upgrade to"
    exit 77
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/portfolio-pg_upgrade.XXXXXX")
chmod 755 "$work"
running=()
if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$work"
    as_owner() { (cd "$work" && runuser -u postgres -- "$@"); }
else
    as_owner() { (cd "$work" && "$@"); }
fi
cleanup() {
    local status=$? d
    set +e
    for d in "${running[@]}"; do
        as_owner "${d%%:*}/pg_ctl" stop -D "${d#*:}" -m immediate -s >/dev/null 2>&1
    done
    if [ $status -ne 0 ]; then
        for d in "$work"/old.log "$work"/new*.log; do
            [ -f "$d" ] && { echo "-- $d (last 10 lines):"; tail -n 10 "$d"; }
        done
    fi
    rm -rf "$work"
    exit $status
}
trap cleanup EXIT
fail() { echo "not ok: $*" >&2; exit 1; }

export PGOPTIONS="-c client_min_messages=warning"
unset PGSERVICE PGHOSTADDR PGPASSWORD
export PGHOST=$work PGUSER=postgres PGDATABASE=portfolio_upgrade
q() { "$bin/psql" -X -q -v ON_ERROR_STOP=1 -At "$@"; }

# start BINDIR DATADIR PORT: start a cluster on a socket in $work only.
start() {
    as_owner "$1/pg_ctl" start -D "$2" -l "$2.log" -w -t 60 -s \
        -o "-c listen_addresses='' -c port=$3 -c unix_socket_directories='$work' -c fsync=off" ||
        fail "the server in $2 did not start"
    running+=("$1:$2")
    bin=$1
    export PGPORT=$3
}
stop() {  # BINDIR DATADIR
    as_owner "$1/pg_ctl" stop -D "$2" -m fast -w -s || fail "the server in $2 did not stop"
    running=("${running[@]/"$1:$2"/}")
}
initdb() {  # BINDIR DATADIR [OPTIONS]
    local b=$1 d=$2
    shift 2
    as_owner "$b/initdb" -D "$d" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync "$@" \
        >"$d.initdb.log" 2>&1 || { cat "$d.initdb.log" >&2; fail "initdb of $d failed"; }
}

# ---- the extension in each target ------------------------------------------------
# Built from a copy of the sources (in this tree the objects are the
# version under test's), then installed into the target's cache directory.
for v in "${targets[@]}"; do
    b=$work/build-$v
    mkdir "$b"
    (cd "$root" && tar -cf - --exclude='*.o' --exclude='*.so' --exclude='*.bc' \
         --exclude="portfolio--$(sed -n "s/^default_version = '\(.*\)'/\1/p" portfolio.control).sql" \
         Makefile portfolio.control portfolio--*.sql src test/fuzz/fuzz.mk) | tar -xf - -C "$b"
    make -s -C "$b" -j2 PG_CONFIG="$cache/pg-$v/bin/pg_config" all install >"$b.log" 2>&1 ||
        { cat "$b.log" >&2; fail "building portfolio for PostgreSQL $v failed"; }
done

# ---- the PostgreSQL 15 cluster -----------------------------------------------------
old=$work/old
initdb "$old_bin" "$old"
start "$old_bin" "$old" 5432
q -d postgres -c "CREATE DATABASE portfolio_upgrade"
q >/dev/null <<'SQL'
CREATE EXTENSION portfolio;
SELECT setseed(0.5);
CREATE TABLE orders (customer int, txn_date date, amount numeric(10, 2));
INSERT INTO orders
SELECT (60 * random())::int, DATE '2020-01-01' + (700 * random())::int, round((100 * random())::numeric, 2)
  FROM generate_series(1, 1500);
-- The aggregates' states, through their own transition functions.
CREATE AGGREGATE rfm_state(portfolio.summary) (SFUNC = portfolio_internal.rfm_cuts_accum_summary_5, STYPE = portfolio.rfm_cuts_state);
CREATE AGGREGATE fit_state(float8, float8, float8) (SFUNC = portfolio_internal.bgnbd_fit_accum, STYPE = portfolio.fit_histogram);
CREATE AGGREGATE concentration(float8) (SFUNC = portfolio_internal.concentration_accum, STYPE = portfolio.concentration_state);
CREATE AGGREGATE kmeans_input(float8[], integer, bigint) (SFUNC = portfolio_internal.kmeans_accum, STYPE = portfolio.kmeans_state);

CREATE TABLE crm (customer int, contacted_at date, outcome text, channel text);
INSERT INTO crm VALUES (1, '2021-12-20', 'awaiting', 'email'), (1, '2021-11-02', 'answered', 'phone');

CREATE TABLE summaries AS
SELECT customer, portfolio.summarize(txn_date, amount, '2021-12-31', 'week'::portfolio.period_unit) AS s,
       portfolio.activity(txn_date, amount, '2021-12-31', 'month') AS act
  FROM orders GROUP BY customer;
-- One row of every type of ours.
CREATE TABLE stored AS
WITH first AS (SELECT s, act FROM summaries ORDER BY customer LIMIT 1),
     cuts AS (SELECT portfolio.rfm_cuts(s) AS c FROM summaries)
SELECT (SELECT s FROM first) AS summary,
       (SELECT portfolio.rfm_score(c, (SELECT s FROM first)) FROM cuts) AS rfm,
       portfolio.bgnbd_fit(s) AS bgnbd,
       portfolio.mbgnbd_fit(s) AS mbgnbd,
       portfolio.pareto_nbd_fit(s) AS pareto_nbd,
       (SELECT portfolio.sbg_fit(t, churned) FROM portfolio.sbg_simulate(portfolio.sbg(0.7, 1.2), 500, 8, 1)) AS sbg,
       (SELECT portfolio.bgbb_fit(frequency, recency, n)
          FROM portfolio.bgbb_simulate(portfolio.bgbb(1.2, 0.75, 0.66, 2.8), 500, 6, 1)) AS bgbb,
       portfolio.gg_fit((s).frequency, (s).monetary) FILTER (WHERE (s).frequency > 0) AS gamma_gamma,
       portfolio.scaler_fit(ARRAY[(s).frequency, (s).total_amount]::float8[]) AS scaler,
       portfolio.kmeans_fit(ARRAY[(s).frequency, (s).total_amount]::float8[], 3, 42) AS kmeans,
       portfolio.lifecycle_stage((SELECT s FROM first)) AS lifecycle,
       portfolio.alert_level((SELECT s FROM first)) AS alert,
       'quarter'::portfolio.period_unit AS period_unit,
       portfolio.kam_strategy(0.7, 0.2) AS kam_strategy,
       portfolio.profit_quadrant(0.3, 0.9, 0.5, 0.5) AS profit_quadrant,
       portfolio.rfm_cuts(s) AS rfm_cuts,
       rfm_state(s) AS rfm_cuts_state,
       (SELECT act FROM first) AS activity,
       portfolio.cohort_matrix(act) AS cohort_matrix,
       portfolio.period_retention(act) AS period_retention,
       fit_state((s).frequency, (s).recency, (s).age) AS fit_histogram,
       concentration((s).total_amount::float8) AS concentration_state,
       portfolio.abc_cuts((s).total_amount::float8) AS abc_cuts,
       kmeans_input(ARRAY[(s).frequency, (s).total_amount]::float8[], 3, 42) AS kmeans_state,
       portfolio.affinity(ARRAY['c' || customer % 5, 'f' || (s).frequency]) AS baskets,
       (SELECT c FROM portfolio.customers('orders', 'customer', 'txn_date', 'amount', '2021-12-31') AS c
         ORDER BY c.customer LIMIT 1) AS customer_profile,
       (SELECT f FROM portfolio.followups('orders', 'crm', 'customer', 'txn_date', 'amount',
                                          as_of => '2021-12-31', within_days => 3650) AS f
         WHERE f.customer = '1') AS followup
  FROM summaries;

UPDATE portfolio.rfm_segments SET enabled = false WHERE bins = 5 AND name = 'Lost';
INSERT INTO portfolio.rfm_segments (name, priority, bins, r_min, r_max, f_min, f_max, m_min, m_max)
VALUES ('Whales', 0, 5, 1, 5, 1, 5, 5, 5);

CREATE TABLE tracked (id serial PRIMARY KEY, customer int, ordered_at date, total numeric(10, 2));
INSERT INTO tracked (customer, ordered_at, total) SELECT customer, txn_date, amount FROM orders WHERE customer < 30;
SELECT portfolio.track_orders('tracked', 'customer', 'ordered_at', 'total', NULL, 'day', 'UTC') IS NOT NULL;
-- Customers whose summary row differs from a fresh summarize of their orders.
CREATE FUNCTION mismatches() RETURNS bigint LANGUAGE sql AS $$
    WITH f AS (SELECT customer, portfolio.summarize(ordered_at, total, current_date) AS s
                 FROM tracked WHERE customer IS NOT NULL GROUP BY customer)
    SELECT count(*) FROM (SELECT * FROM f WHERE (s).first_date IS NOT NULL) f
      FULL JOIN tracked_portfolio x USING (customer)
     WHERE f.s IS NULL OR x.customer IS NULL
        OR ROW(x.first_date, x.last_date, x.transactions, x.periods, x.frequency, x.recency,
               x.age, x.days_since_last, x.total_amount, x.avg_amount, x.monetary, x.mean_gap,
               x.gap_stddev, x.max_gap, x.last_gap, x.unit)::portfolio.summary
           IS DISTINCT FROM ROW((f.s).first_date, (f.s).last_date, (f.s).transactions, (f.s).periods, (f.s).frequency,
                   (f.s).recency, (f.s).age, (f.s).days_since_last, (f.s).total_amount, round((f.s).avg_amount, 2),
                   round((f.s).monetary, 2), (f.s).mean_gap, (f.s).gap_stddev, (f.s).max_gap, (f.s).last_gap,
                   (f.s).unit)::portfolio.summary
        OR x.lifecycle IS DISTINCT FROM portfolio.lifecycle_stage(f.s)::text
        OR x.alert IS DISTINCT FROM portfolio.alert_level(f.s)::text
$$;
SQL
[ "$(q -c 'SELECT mismatches()')" = 0 ] || fail "the tracked summary differs from summarize already on 15"

# Every type of ours has its column (the array types and the segment table's
# row type are the server's, not ours).
missing=$(q <<'SQL'
SELECT string_agg(t.typname, ' ' ORDER BY t.typname)
  FROM pg_type t JOIN pg_depend d ON d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e'
 WHERE d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'portfolio')
   AND t.typcategory <> 'A' AND (t.typrelid = 0 OR (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')
   AND t.oid NOT IN (SELECT atttypid FROM pg_attribute WHERE attrelid = 'stored'::regclass AND attnum > 0);
SQL
)
[ -z "$missing" ] || fail "types of ours without a stored value: $missing"
nulls=$(q -c "SELECT string_agg(key, ' ') FROM stored, jsonb_each(to_jsonb(stored)) WHERE value = 'null'::jsonb")
[ -z "$nulls" ] || fail "stored NULLs: $nulls"

# What must read back the same: the values as text, column by column, and
# the segments.
values() {
    q -c "SELECT format('SELECT %L || '': '' || %I::text FROM stored', attname, attname)
            FROM pg_attribute WHERE attrelid = 'stored'::regclass AND attnum > 0 ORDER BY attname" -c '\gexec' 
    q -c "SELECT name, priority, bins, r_min, r_max, f_min, f_max, m_min, m_max, enabled, is_default
            FROM portfolio.rfm_segments ORDER BY bins, priority, name"
    q -c "SELECT * FROM tracked_portfolio ORDER BY customer"
}
# The extension: its version, and its members with their definitions.
extension() {
    q <<'SQL'
SELECT 'version ' || extversion FROM pg_extension WHERE extname = 'portfolio';
SELECT pg_describe_object(d.classid, d.objid, 0) || ' ' ||
       coalesce(CASE d.classid
           WHEN 'pg_proc'::regclass THEN
               (SELECT concat_ws(' ', p.prosrc, p.probin, p.provolatile, p.proparallel, p.proisstrict,
                                 p.proconfig::text, p.proacl::text)
                  FROM pg_proc p WHERE p.oid = d.objid)
           WHEN 'pg_type'::regclass THEN
               (SELECT concat_ws(' ', t.typinput, t.typoutput, t.typreceive, t.typsend, t.typlen, t.typalign,
                                 t.typstorage, t.typacl::text)
                  FROM pg_type t WHERE t.oid = d.objid)
           WHEN 'pg_class'::regclass THEN
               (SELECT concat_ws(' ', c.relkind, c.relacl::text,
                                 (SELECT string_agg(pg_get_triggerdef(oid), '; ' ORDER BY tgname)
                                    FROM pg_trigger WHERE tgrelid = c.oid))
                  FROM pg_class c WHERE c.oid = d.objid)
           END, '')
  FROM pg_depend d
 WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
   AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'portfolio')
 ORDER BY 1;
SQL
}
values >"$work/values.15"
extension >"$work/extension.15"
stop "$old_bin" "$old"

# ---- each target ----------------------------------------------------------------
upgrade() {  # VERSION: pg_upgrade the 15 cluster into a new cluster of VERSION (copy mode)
    local v=$1 opts=()
    rm -rf "$new" "$new".*
    # 18's initdb enables data checksums by default; pg_upgrade needs the
    # old cluster's setting (15: off).
    [ "$v" -lt 18 ] || opts+=(--no-data-checksums)
    initdb "$new_bin" "$new" "${opts[@]}"
    as_owner "$new_bin/pg_upgrade" -b "$old_bin" -B "$new_bin" -d "$old" -D "$new" \
        -p 5432 -P 5433 -s "$work" --copy >"$work/pg_upgrade$v.log" 2>&1
}
upgrade_failed() {  # VERSION
    tail -n 8 "$work/pg_upgrade$1.log" >&2
    grep -h -B1 -A6 'error' "$new"/pg_upgrade_output.d/*/log/*.log >&2 || true
    fail "pg_upgrade from 15 to $1 failed"
}
# Debian's PostgreSQL 15.20 stamps every column it creates with an attribute
# option pg_attver (ALTER COLUMN ... RESET cannot remove it); 15's pg_dump
# leaves it out, 17's and 18's print it (ALTER TABLE ... ALTER COLUMN ... SET
# (pg_attver=N)) and their servers reject it: "unrecognized parameter". Any
# table then stops pg_upgrade (and a restore of 18's pg_dump), whatever the
# extensions. Where that happens, the note says so, the stamps are removed
# from the 15 cluster's pg_attribute (a superuser's UPDATE: what an
# administrator would have to do), and the upgrade is run again.
strip_attver() {
    start "$old_bin" "$old" 5432
    q -c "UPDATE pg_attribute
             SET attoptions = NULLIF(ARRAY(SELECT o FROM unnest(attoptions) o WHERE o NOT LIKE 'pg_attver=%'), '{}')
           WHERE attoptions::text LIKE '%pg_attver=%'" >/dev/null
    stop "$old_bin" "$old"
}
for v in "${targets[@]}"; do
    new_bin=$cache/pg-$v/bin
    new=$work/new$v
    t0=$SECONDS
    if ! upgrade "$v"; then
        grep -qs 'unrecognized parameter "pg_attver"' "$new"/pg_upgrade_output.d/*/log/*.log || upgrade_failed "$v"
        echo "# 15 -> $v: pg_upgrade failed on the pg_attver options Debian's PostgreSQL $("$old_bin/postgres" --version | sed 's/^postgres (PostgreSQL) //') puts on every column" \
             "(rejected by $v: 'unrecognized parameter \"pg_attver\"'); removing them from pg_attribute and upgrading again"
        strip_attver
        t0=$SECONDS
        upgrade "$v" || upgrade_failed "$v"
    fi
    seconds=$((SECONDS - t0))
    start "$new_bin" "$new" 5433
    [ "$(q -At -c 'SHOW server_version_num' | cut -c 1-2)" = "$v" ] || fail "the new server is not $v"

    # 1. The stored values and the segments.
    values >"$work/values.$v"
    diff -u "$work/values.15" "$work/values.$v" ||
        fail "15 -> $v: stored values or segments read back differently"
    echo "ok - 15 -> $v: $(wc -l <"$work/values.$v") lines of stored values (every type of ours), segments and tracked summaries read back equal"

    # 2. The triggers still track.
    q <<'SQL'
INSERT INTO tracked (customer, ordered_at, total) VALUES (1, current_date - 3, 3.50), (999, current_date - 2, 8.00);
UPDATE tracked SET total = total + 1, customer = 2 WHERE id IN (SELECT id FROM tracked WHERE customer = 3 ORDER BY id LIMIT 2);
DELETE FROM tracked WHERE customer = 4;
SQL
    n=$(q -c 'SELECT mismatches()')
    [ "$n" = 0 ] || fail "15 -> $v: after writes $n customers' summary rows differ from summarize"
    [ "$(q -c 'SELECT count(*) FROM tracked_portfolio WHERE customer IN (999, 4)')" = 1 ] ||
        fail "15 -> $v: the new customer's row is missing or the deleted one's is left"
    echo "ok - 15 -> $v: inserts, updates and deletes of orders still keep the summary table exact"

    # 3. ALTER EXTENSION UPDATE is a no-op.
    extension >"$work/extension.$v.before"
    q -c 'ALTER EXTENSION portfolio UPDATE'
    extension >"$work/extension.$v.after"
    diff -u "$work/extension.$v.before" "$work/extension.$v.after" ||
        fail "15 -> $v: ALTER EXTENSION portfolio UPDATE changed the extension"
    if ! diff "$work/extension.15" "$work/extension.$v.before" >"$work/extension.$v.diff"; then
        echo "# 15 -> $v: the extension's members as $v's catalog shows them differ from 15's in" \
             "$(grep -c '^>' "$work/extension.$v.diff") lines, such as:"
        grep '^[<>]' "$work/extension.$v.diff" | head -n 4 | sed 's/^/#   /'
    fi
    echo "ok - 15 -> $v: ALTER EXTENSION portfolio UPDATE is a no-op ($(head -n 1 "$work/extension.$v.after"), $(($(wc -l <"$work/extension.$v.after") - 1)) members unchanged)"
    stop "$new_bin" "$new"
    echo "ok - pg_upgrade 15 -> $v ($seconds s)"
done
