#!/usr/bin/env bash
# A tracked orders table created under 0.8.0 across ALTER EXTENSION
# portfolio UPDATE: its summary table is the user's, so the update leaves it
# as it was (lifecycle and alert enums, no BI columns), and its triggers
# keep it current all the same; portfolio.refresh asks for the migration;
# portfolio.upgrade_tracking converts it (twice is once), after which
# refresh fills the BI columns and the triggers keep them current. Also: a
# refresh of a table with no repeat buyer leaves the model columns NULL and
# says so in a NOTICE.
# Runs inside a cluster (scripts/test.sh): PGHOST/PGPORT/PGUSER are set.
set -euo pipefail

bin=${PG_BINDIR:-$("${PG_CONFIG:-pg_config}" --bindir)}
db=portfolio_tracking_upgrade
work=$(mktemp -d)
trap 'rm -rf "$work"; "$bin/dropdb" --if-exists "$db"' EXIT
export PGOPTIONS="-c client_min_messages=warning"
q() { "$bin/psql" -X -q -v ON_ERROR_STOP=1 -At -d "$db" "$@"; }
fail() { echo "not ok: $*" >&2; exit 1; }

"$bin/dropdb" --if-exists "$db"
"$bin/createdb" "$db"
# 0.8.0 through the upgrade chain from 0.1.0's install script.
q <<'SQL'
CREATE EXTENSION portfolio VERSION '0.8.0';
CREATE TABLE orders (id bigserial, customer int, d date, amount numeric(12, 2));
-- Purchases drawn from CDNOW's BG/NBD over 52 weeks, so that both models fit.
SELECT setseed(0.25);
INSERT INTO orders (customer, d, amount)
SELECT customer, DATE '2024-01-01' + (7 * t)::int, round((exp(2 + 0.3 * (customer % 10)) * (0.5 + random()))::numeric, 2)
  FROM portfolio.bgnbd_simulate(portfolio.bgnbd(0.243, 4.414, 0.793, 2.426), 400, 52, 7);
SELECT portfolio.track_orders('orders', 'customer', 'd', 'amount', unit => 'week', time_zone => 'UTC');
-- The summary table equals a fresh summarize as of its rows' as_of; the
-- averages are compared rounded to cents, as the BI layout stores them.
CREATE FUNCTION mismatches() RETURNS bigint LANGUAGE sql AS $$
    WITH f AS (SELECT o.customer, portfolio.summarize(o.d, o.amount, x.as_of, 'week') AS s
                 FROM orders o JOIN orders_portfolio x USING (customer) GROUP BY o.customer, x.as_of)
    SELECT count(*) FROM f FULL JOIN orders_portfolio x USING (customer)
     WHERE f.s IS NULL OR x.customer IS NULL
        OR (x.first_date, x.last_date, x.transactions, x.frequency, x.total_amount, round(x.avg_amount, 2), round(x.monetary, 2))
           IS DISTINCT FROM ((f.s).first_date, (f.s).last_date, (f.s).transactions, (f.s).frequency, (f.s).total_amount,
                             round((f.s).avg_amount, 2), round((f.s).monetary, 2))
        OR x.lifecycle::text IS DISTINCT FROM portfolio.lifecycle_stage(f.s)::text
        OR x.alert::text IS DISTINCT FROM portfolio.alert_level(f.s)::text
$$;
SQL
before=$(q -c "SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' ORDER BY attnum)
                 FROM pg_attribute WHERE attrelid = 'orders_portfolio'::regclass AND attnum > 0 AND NOT attisdropped")

q -c 'ALTER EXTENSION portfolio UPDATE'
after=$(q -c "SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' ORDER BY attnum)
                FROM pg_attribute WHERE attrelid = 'orders_portfolio'::regclass AND attnum > 0 AND NOT attisdropped")
[ "$before" = "$after" ] || fail "the update changed the user's summary table: $after"
case $after in *'lifecycle portfolio.lifecycle'*) ;; *) fail "the 0.8.0 table has no enum lifecycle: $after" ;; esac

# The unmigrated table keeps tracking.
q <<'SQL'
INSERT INTO orders (customer, d, amount) VALUES (1, '2024-12-20', 10.00), (500, '2024-12-21', 3.33), (500, '2024-12-28', 1.00);
UPDATE orders SET amount = amount + 1 WHERE customer = 2;
DELETE FROM orders WHERE customer = 3;
SQL
[ "$(q -c 'SELECT mismatches()')" = 0 ] || fail "the unmigrated summary stopped tracking after the update"
[ "$(q -c 'SELECT transactions FROM orders_portfolio WHERE customer = 500')" = 2 ] || fail "a new customer is missing"
q -c "SELECT portfolio.refresh_alerts('orders', '2025-01-15') >= 0" > /dev/null
[ "$(q -c 'SELECT mismatches()')" = 0 ] || fail "refresh_alerts on the unmigrated table"
err=$(q -c "SELECT portfolio.refresh('orders')" 2>&1) && fail "refresh of an unmigrated table succeeded"
case $err in *'has no BI columns'*) ;; *) fail "refresh of an unmigrated table: $err" ;; esac

# Migrate (twice), refresh, track.
q -c "SELECT portfolio.upgrade_tracking('orders')" > /dev/null
q -c "SELECT portfolio.upgrade_tracking('orders')" > /dev/null
[ "$(q -c "SELECT portfolio.refresh('orders', '2025-01-15')")" = "$(q -c 'SELECT count(*) FROM orders_portfolio')" ] ||
    fail "refresh did not write every row"
q -c "INSERT INTO orders (customer, d, amount) VALUES (1, '2025-01-10', 20.00), (501, '2025-01-11', 4.00)"
[ "$(q -c 'SELECT mismatches()')" = 0 ] || fail "the migrated summary does not track"
got=$(q -c "SELECT count(*) FILTER (WHERE segment IS NULL OR r IS NULL OR alert_rank IS NULL OR lifecycle_rank IS NULL
                                      OR (p_alive IS NULL) <> (t.bg IS NULL) OR (clv IS NULL) <> (t.gg IS NULL)),
                   t.bg IS NOT NULL AND t.gg IS NOT NULL, pg_typeof(lifecycle)::text, pg_typeof(alert)::text
              FROM orders_portfolio, portfolio.tracking_models t WHERE t.orders = 'orders'::regclass GROUP BY 2, 3, 4")
[ "$got" = "0|t|text|text" ] || fail "the migrated columns (wrong rows, models fitted, types): $got"
fresh=$(q <<'SQL'
CREATE TABLE orders2 (LIKE orders);
SELECT portfolio.track_orders('orders2', 'customer', 'd', 'amount', unit => 'week', time_zone => 'UTC') IS NOT NULL;
SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod) || coalesce(' ' || pg_get_expr(d.adbin, d.adrelid), ''), ', ' ORDER BY attnum)
  FROM pg_attribute LEFT JOIN pg_attrdef d ON d.adrelid = attrelid AND d.adnum = attnum
 WHERE attrelid = 'orders2_portfolio'::regclass AND attnum > 0 AND NOT attisdropped;
SQL
)
migrated=$(q -c "SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod) || coalesce(' ' || pg_get_expr(d.adbin, d.adrelid), ''), ', ' ORDER BY attnum)
  FROM pg_attribute LEFT JOIN pg_attrdef d ON d.adrelid = attrelid AND d.adnum = attnum
 WHERE attrelid = 'orders_portfolio'::regclass AND attnum > 0 AND NOT attisdropped")
[ "t
$migrated" = "$fresh" ] || fail "a migrated table differs from a new one:
$migrated
$fresh"

# No repeat buyer: the models are NULL, with a NOTICE.
out=$(PGOPTIONS="-c client_min_messages=notice" q 2>&1 <<'SQL'
CREATE TABLE once (customer int, d date, amount numeric);
INSERT INTO once VALUES (1, '2024-01-01', 5), (2, '2024-02-01', 7);
SELECT portfolio.track_orders('once', 'customer', 'd', 'amount', time_zone => 'UTC') IS NOT NULL;
SELECT portfolio.refresh('once', '2024-06-30');
SELECT count(*) FILTER (WHERE p_alive IS NULL AND clv IS NULL AND expected_purchases IS NULL AND segment IS NOT NULL)
  FROM once_portfolio;
SQL
)
case $out in *'NOTICE:  BG/NBD cannot be fitted: no customer of public.once has a repeat purchase as of 2024-06-30'*) ;;
    *) fail "no NOTICE for a table without repeat buyers: $out" ;; esac
[ "$(printf '%s\n' "$out" | tail -n 1)" = 2 ] || fail "no repeat buyer: $out"
echo "ok - a 0.8.0 tracked table keeps tracking after the update, then migrates and refreshes"
