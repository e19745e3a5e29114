-- The tracked table as the BI table (portfolio.refresh, the BI columns of
-- track_orders' summary table, portfolio.upgrade_tracking): on the CDNOW
-- master log tracked in weeks and refreshed as of 1998-06-30, every RFM,
-- P(alive), expected-purchases and CLV column equals the direct calls
-- (rfm_cuts/rfm_score, bgnbd_fit/gg_fit, bgnbd_p_alive, bgnbd_expected, clv
-- over portfolio.summarize) with 0 mismatches; the triggers keep them
-- current through INSERT, UPDATE and DELETE; lifecycle, alert and segment
-- filter with varchar parameters (pgJDBC's setString); the labels are
-- checked; and bad input to refresh and upgrade_tracking has its SQLSTATE
-- and message.  (A table created under 0.8.0, and the NOTICE of a model
-- that cannot be fitted: test/tracking_upgrade.sh.)
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS portfolio;
SELECT plan(34);

\i data/cdnow/load_cdnow.sql
\set QUIET on
SET LOCAL client_min_messages = warning;
CREATE TABLE cdnow_orders AS SELECT customer_id AS customer, txn_date, amount FROM cdnow_transactions;
SELECT portfolio.track_orders('cdnow_orders', 'customer', 'txn_date', 'amount', unit => 'week', time_zone => 'UTC') AS t \gset
-- The direct calls, as of the refresh date.
CREATE TEMP TABLE direct AS
SELECT customer, portfolio.summarize(txn_date, amount, '1998-06-30', 'week') AS s
  FROM cdnow_orders GROUP BY customer;
CREATE TEMP TABLE direct_models AS
SELECT portfolio.rfm_cuts(s) AS cuts, portfolio.bgnbd_fit(s) AS bg,
       portfolio.gg_fit((s).frequency, (s).monetary) FILTER (WHERE (s).monetary > 0) AS gg
  FROM direct;
-- pg_temp.wrong(orders): rows of cdnow_orders_portfolio whose BI columns
-- differ from the direct calls with the models stored for it (floats to
-- 1e-12 relative, CLV to the cent).
CREATE FUNCTION pg_temp.wrong() RETURNS bigint LANGUAGE sql AS $$
    SELECT count(*)
      FROM cdnow_orders_portfolio x
      JOIN portfolio.tracking_models t ON t.orders = 'cdnow_orders'::regclass
      CROSS JOIN LATERAL (SELECT ROW(x.first_date, x.last_date, x.transactions, x.periods, x.frequency, x.recency,
                                     x.age, x.days_since_last, x.total_amount, x.avg_amount, x.monetary, x.mean_gap,
                                     x.gap_stddev, x.max_gap, x.last_gap, x.unit)::portfolio.summary AS s) AS u
      CROSS JOIN LATERAL portfolio.rfm_score(t.cuts, u.s) AS sc
     WHERE (x.r, x.f, x.m, x.cell, x.segment) IS DISTINCT FROM (sc.r, sc.f, sc.m, sc.cell, sc.segment)
        OR x.lifecycle IS DISTINCT FROM portfolio.lifecycle_stage(u.s)::text
        OR x.alert IS DISTINCT FROM portfolio.alert_level(u.s)::text
        OR x.lifecycle_rank IS DISTINCT FROM array_position(enum_range(NULL::portfolio.lifecycle), portfolio.lifecycle_stage(u.s))
        OR x.alert_rank IS DISTINCT FROM array_position(enum_range(NULL::portfolio.alert), portfolio.alert_level(u.s))
        OR NOT abs(x.p_alive - portfolio.bgnbd_p_alive(t.bg, x.frequency, x.recency, x.age)) <= 1e-12
        OR NOT abs(x.expected_purchases - portfolio.bgnbd_expected(t.bg, 12 * 30.4375 / 7, x.frequency, x.recency, x.age))
               <= 1e-12 * greatest(1, x.expected_purchases)
        OR x.clv IS DISTINCT FROM CASE WHEN x.frequency = 0 OR x.monetary > 0 THEN
               round(portfolio.clv(t.bg, t.gg, x.frequency, x.recency, x.age, x.monetary::float8,
                                   12, 30.4375 / 7, 0.01)::numeric, 2) END
$$;
\set QUIET off

-- ---------- refresh on CDNOW ----------
SELECT is(portfolio.refresh('cdnow_orders', '1998-06-30'), 23570::bigint, 'refresh: writes the 23,570 customers');
SELECT is((SELECT cuts::text FROM portfolio.tracking_models WHERE orders = 'cdnow_orders'::regclass),
          (SELECT cuts::text FROM direct_models), 'refresh: the stored cuts are rfm_cuts over the summaries');
SELECT ok((SELECT abs((t.bg).r - (d.bg).r) < 1e-9 AND abs((t.bg).alpha - (d.bg).alpha) < 1e-9
              AND abs((t.bg).a - (d.bg).a) < 1e-9 AND abs((t.bg).b - (d.bg).b) < 1e-9 AND (t.bg).customers = 23570
             FROM portfolio.tracking_models t, direct_models d WHERE t.orders = 'cdnow_orders'::regclass),
          'refresh: the stored BG/NBD is bgnbd_fit over the summaries');
SELECT ok((SELECT abs((t.gg).p - (d.gg).p) < 1e-9 AND abs((t.gg).q - (d.gg).q) < 1e-9 AND abs((t.gg).v - (d.gg).v) < 1e-9
             FROM portfolio.tracking_models t, direct_models d WHERE t.orders = 'cdnow_orders'::regclass),
          'refresh: the stored Gamma-Gamma is gg_fit over the repeat buyers');
SELECT is((SELECT count(*) FROM cdnow_orders_portfolio x JOIN direct d USING (customer)
            WHERE ROW(x.first_date, x.last_date, x.transactions, x.periods, x.frequency, x.recency, x.age,
                      x.days_since_last, x.total_amount, x.mean_gap, x.gap_stddev, x.max_gap, x.last_gap, x.unit, x.as_of)
                  IS DISTINCT FROM ROW((d.s).first_date, (d.s).last_date, (d.s).transactions, (d.s).periods, (d.s).frequency,
                      (d.s).recency, (d.s).age, (d.s).days_since_last, (d.s).total_amount, (d.s).mean_gap, (d.s).gap_stddev,
                      (d.s).max_gap, (d.s).last_gap, (d.s).unit, DATE '1998-06-30')
               OR (x.avg_amount, x.monetary) IS DISTINCT FROM (round((d.s).avg_amount, 2), round((d.s).monetary, 2))),
          0::bigint, 'refresh: summary fields as summarize gives them, averages in cents, totals exact');
SELECT is(pg_temp.wrong(), 0::bigint, 'refresh: 0 mismatches of RFM, lifecycle, alert, ranks, P(alive), expected purchases, CLV');
SELECT is((SELECT count(*) FROM cdnow_orders_portfolio x JOIN direct d USING (customer), direct_models m,
                  portfolio.rfm_score(m.cuts, d.s) sc
            WHERE (x.r, x.f, x.m, x.segment) IS DISTINCT FROM (sc.r, sc.f, sc.m, sc.segment)
               OR NOT abs(x.p_alive - portfolio.bgnbd_p_alive(m.bg, (d.s).frequency, (d.s).recency, (d.s).age)) <= 1e-9),
          0::bigint, 'refresh: RFM and P(alive) equal the direct calls with the direct fits');
SELECT ok((SELECT count(*) = count(p_alive) AND count(*) = count(segment)
                   AND count(clv) = count(*) FILTER (WHERE frequency = 0 OR monetary > 0)
             FROM cdnow_orders_portfolio), 'refresh: every customer has RFM and P(alive), and CLV unless it spent nothing');
SELECT is((SELECT format_type(atttypid, atttypmod) FROM pg_attribute
            WHERE attrelid = 'cdnow_orders_portfolio'::regclass AND attname = 'clv'), 'numeric(18,2)', 'clv is numeric(18,2)');

-- ---------- triggers ----------
INSERT INTO cdnow_orders VALUES (1, '1998-06-20', 50.00), (99999, '1998-06-25', 12.34), (99999, '1998-06-29', 10.00);
SELECT is(pg_temp.wrong(), 0::bigint, 'INSERT: new and existing customers scored with the stored cuts and models');
SELECT ok((SELECT transactions = 2 AND frequency = 1 AND clv IS NOT NULL AND segment IS NOT NULL
             FROM cdnow_orders_portfolio WHERE customer = 99999), 'INSERT: a new customer has its BI columns');
SELECT ok((SELECT last_date = '1998-06-20' AND clv IS NOT NULL FROM cdnow_orders_portfolio WHERE customer = 1),
          'INSERT: an existing customer''s row moves on and keeps its CLV');
CREATE TEMP TABLE before AS SELECT clv, m FROM cdnow_orders_portfolio WHERE customer = 99999;
UPDATE cdnow_orders SET amount = 1000 WHERE customer = 99999 AND txn_date = '1998-06-29';
SELECT is(pg_temp.wrong(), 0::bigint, 'UPDATE: the rows stay equal to the direct calls');
SELECT ok((SELECT x.clv > b.clv AND x.m >= b.m FROM cdnow_orders_portfolio x, before b WHERE x.customer = 99999),
          'UPDATE: a bigger amount raises clv and m');
DELETE FROM cdnow_orders WHERE customer = 99999;
SELECT is((SELECT count(*) FROM cdnow_orders_portfolio WHERE customer = 99999), 0::bigint, 'DELETE: the customer''s row goes');
SELECT is(pg_temp.wrong(), 0::bigint, 'DELETE: the rest stays equal to the direct calls');

-- ---------- filters with varchar parameters (pgJDBC setString) ----------
PREPARE by_alert(varchar) AS SELECT count(*) FROM cdnow_orders_portfolio WHERE alert = $1;
PREPARE by_two(varchar, varchar) AS SELECT count(*) FROM cdnow_orders_portfolio WHERE lifecycle IN ($1, $2);
PREPARE by_any(varchar[]) AS SELECT count(*) FROM cdnow_orders_portfolio WHERE lifecycle = ANY ($1);
PREPARE by_segment(varchar) AS SELECT count(*) FROM cdnow_orders_portfolio WHERE segment = $1;
SELECT results_eq('EXECUTE by_alert(''red'')', $$SELECT count(*) FROM cdnow_orders_portfolio WHERE alert_rank = 3$$,
                  'varchar: alert = $1');
SELECT results_eq('EXECUTE by_two(''lost'', ''lapsed'')', $$SELECT count(*) FROM cdnow_orders_portfolio WHERE lifecycle_rank IN (4, 5)$$,
                  'varchar: lifecycle IN ($1, $2)');
SELECT results_eq('EXECUTE by_any(''{new,active}'')', $$SELECT count(*) FROM cdnow_orders_portfolio WHERE lifecycle_rank <= 2$$,
                  'varchar[]: lifecycle = ANY ($1)');
SELECT results_eq('EXECUTE by_segment(''Champions'')', $$SELECT count(*) FROM cdnow_orders_portfolio WHERE segment = 'Champions'$$,
                  'varchar: segment = $1');
SELECT throws_ok($$UPDATE cdnow_orders_portfolio SET alert = 'purple' WHERE customer = 1$$, '23514',
                 'new row for relation "cdnow_orders_portfolio" violates check constraint "portfolio_alert_label"',
                 'alert: only the enum''s labels');

-- ---------- upgrade_tracking on a current table: nothing changes ----------
CREATE TEMP TABLE layout AS
SELECT attname, format_type(atttypid, atttypmod) AS type, pg_get_expr(d.adbin, d.adrelid) AS expr
  FROM pg_attribute LEFT JOIN pg_attrdef d ON d.adrelid = attrelid AND d.adnum = attnum
 WHERE attrelid = 'cdnow_orders_portfolio'::regclass AND attnum > 0 AND NOT attisdropped;
SELECT is(portfolio.upgrade_tracking('cdnow_orders')::text, 'cdnow_orders_portfolio', 'upgrade_tracking: returns the summary table');
SELECT set_eq($$SELECT attname, format_type(atttypid, atttypmod), pg_get_expr(d.adbin, d.adrelid)
                FROM pg_attribute LEFT JOIN pg_attrdef d ON d.adrelid = attrelid AND d.adnum = attnum
               WHERE attrelid = 'cdnow_orders_portfolio'::regclass AND attnum > 0 AND NOT attisdropped$$,
              'SELECT * FROM layout', 'upgrade_tracking: idempotent on a current table');
DROP TRIGGER portfolio_bi_columns ON cdnow_orders_portfolio;
SELECT throws_ok($$SELECT portfolio.refresh('cdnow_orders')$$, '55000',
                 'summary table public.cdnow_orders_portfolio of public.cdnow_orders has no BI columns', 'refresh: a table not migrated');

-- ---------- bad input ----------
CREATE TABLE untracked (c int, d date, a numeric);
SELECT throws_ok($$SELECT portfolio.refresh(NULL)$$, '22004', 'orders must not be NULL', 'refresh: NULL');
SELECT throws_ok($$SELECT portfolio.refresh('untracked')$$, '42704', 'table public.untracked is not tracked', 'refresh: untracked');
SELECT throws_ok($$SELECT portfolio.upgrade_tracking(NULL)$$, '22004', 'orders must not be NULL', 'upgrade_tracking: NULL');
SELECT throws_ok($$SELECT portfolio.upgrade_tracking('untracked')$$, '42704', 'table public.untracked is not tracked', 'upgrade_tracking: untracked');
CREATE TABLE named_like (segment int, d date, a numeric);
SELECT throws_ok($$SELECT portfolio.track_orders('named_like', 'segment', 'd', 'a')$$, '42701',
                 'customer column "segment" has the name of a column of the summary table',
                 'track_orders: a customer column named like a BI column');
CREATE ROLE portfolio_bi_stranger;
GRANT SELECT ON cdnow_orders TO portfolio_bi_stranger;
GRANT USAGE ON SCHEMA portfolio TO portfolio_bi_stranger;
CREATE TABLE stranger_orders (c int, d date, a numeric);
ALTER TABLE stranger_orders OWNER TO portfolio_bi_stranger;
SET LOCAL ROLE portfolio_bi_stranger;
SELECT throws_ok($$SELECT portfolio.refresh('cdnow_orders')$$, '42501', 'must be owner of table public.cdnow_orders', 'refresh: not the owner');
SELECT throws_ok($$SELECT portfolio.upgrade_tracking('cdnow_orders')$$, '42501', 'must be owner of table public.cdnow_orders', 'upgrade_tracking: not the owner');
SELECT throws_ok($$UPDATE portfolio.tracking_models SET bins = 3 WHERE orders = 'cdnow_orders'::regclass$$, '42501',
                 'must be owner of table public.cdnow_orders', 'tracking_models: only the owner edits a table''s row');
SELECT throws_ok($$INSERT INTO portfolio.tracking_models (orders, summary) VALUES ('stranger_orders', 'cdnow_orders_portfolio')$$,
                 '42501', 'must be owner of table public.cdnow_orders_portfolio',
                 'tracking_models: no one attaches models to another owner''s summary table');
-- A row may only name tables that exist: one created later with the same
-- OID would get the models.  (An OID far above any table's here.)
SELECT throws_ok($$INSERT INTO portfolio.tracking_models (orders, summary)
                   VALUES ('stranger_orders', 4000000000::oid::regclass)$$,
                 '42P01', 'relation with OID 4000000000 does not exist',
                 'tracking_models: no row for a table that does not exist');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
