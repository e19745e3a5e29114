-- The data of the HTML portfolio report (scripts/html_report.py runs this
-- file through psql --csv and draws each section as one chart). Every
-- number comes from the extension's functions; the SQL here only picks
-- the table's columns, groups and orders. Each section starts with a line
-- "@@ name" (\echo) followed by one CSV result with its header.
--
-- psql variables (psql -v, all set by html_report.py):
--   tbl, customer_col, date_col, amount_col   the orders table and its columns
--   as_of            the report's date ('' = the last order date)
--   calibration_end  the end of the models' calibration period ('' = halfway
--                    from the first order date to as_of)
--
-- The models measure time in weeks (days / 7) and count purchases by day, as
-- scripts/report.sql (`make demo`) and Fader, Hardie & Lee do for CDNOW.

\set ON_ERROR_STOP on
SET client_min_messages = warning;

-- The orders under fixed names, whatever the table calls its columns: every
-- query below reads report_orders. format's %I quotes the column names and
-- the regclass cast checks the table (a schema may qualify it).
SELECT pg_catalog.format(
           'CREATE TEMP VIEW report_orders AS SELECT %I AS customer_id, (%I)::date AS txn_date,'
           ' (%I)::numeric AS amount FROM %s WHERE %I IS NOT NULL AND %I IS NOT NULL',
           :'customer_col', :'date_col', :'amount_col', (:'tbl')::regclass,
           :'customer_col', :'date_col') \gexec

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM report_orders) THEN
        RAISE EXCEPTION 'the orders table has no row with a customer and a date'
            USING ERRCODE = 'no_data_found';
    END IF;
END
$$;
SELECT coalesce(nullif(:'as_of', '')::date, max(txn_date)) AS as_of,
       min(txn_date) AS first_date
FROM report_orders \gset
SELECT coalesce(nullif(:'calibration_end', '')::date,
                (:'first_date'::date + (:'as_of'::date - :'first_date'::date) / 2))
           AS calibration_end \gset

-- The models need customers with repeat purchases, and a holdout after
-- the calibration period.
SELECT pg_catalog.set_config('portfolio_report.as_of', :'as_of', false),
       pg_catalog.set_config('portfolio_report.calibration_end', :'calibration_end', false) \gset
DO $$
DECLARE
    as_of date := current_setting('portfolio_report.as_of');
    calibration_end date := current_setting('portfolio_report.calibration_end');
BEGIN
    IF NOT EXISTS (SELECT FROM report_orders WHERE txn_date <= as_of) THEN
        RAISE EXCEPTION 'the orders table has no order on or before the report''s date (%)', as_of
            USING ERRCODE = 'no_data_found',
                  HINT = 'Pass a later --as-of.';
    END IF;
    IF calibration_end >= as_of THEN
        RAISE EXCEPTION 'the calibration end (%) must be before the report''s date (%)', calibration_end, as_of
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Pass an earlier --calibration-end, or a later --as-of.';
    END IF;
    IF NOT EXISTS (SELECT FROM report_orders WHERE txn_date <= calibration_end
                   GROUP BY customer_id HAVING count(DISTINCT txn_date) > 1) THEN
        RAISE EXCEPTION 'no customer has a repeat purchase by the calibration end (%)', calibration_end
            USING ERRCODE = 'no_data_found',
                  DETAIL = 'The lifetime-value models learn from repeat purchases (a second day with an order).',
                  HINT = 'Pass a later --calibration-end, or a table with more history.';
    END IF;
END
$$;

-- One row per customer as of as_of (portfolio.customers: summary, RFM
-- segment, P(alive), 12-month CLV), shared by several sections.
CREATE TEMP TABLE report_profile AS
SELECT * FROM portfolio.customers('report_orders', 'customer_id', 'txn_date', 'amount', :'as_of');

-- BG/NBD and Gamma-Gamma in weeks: fitted on all orders up to as_of (for
-- the P(alive) matrix and the forecast), and BG/NBD on the calibration
-- period (for the repeat-purchase histogram and the tracking plot).
CREATE TEMP TABLE report_models AS
SELECT portfolio.bgnbd_fit((s).frequency, (s).recency / 7, (s).age / 7) AS bg,
       portfolio.gg_fit((s).frequency, (s).monetary) FILTER (WHERE (s).monetary > 0) AS gg,
       pg_catalog.max((s).age) / 7 AS max_age,
       pg_catalog.percentile_disc(0.99) WITHIN GROUP (ORDER BY (s).frequency) AS frequency_p99
FROM (SELECT portfolio.summarize(txn_date, amount, :'as_of') AS s
      FROM report_orders WHERE txn_date <= :'as_of' GROUP BY customer_id) AS c;
CREATE TEMP TABLE report_calibration_model AS
SELECT portfolio.bgnbd_fit((s).frequency, (s).recency / 7, (s).age / 7) AS bg
FROM (SELECT portfolio.summarize(txn_date, amount, :'calibration_end') AS s
      FROM report_orders WHERE txn_date <= :'calibration_end' GROUP BY customer_id) AS c;

\echo @@ overview
SELECT :'as_of' AS as_of, :'calibration_end' AS calibration_end,
       pg_catalog.count(*) AS customers, pg_catalog.sum(transactions) AS transactions,
       pg_catalog.sum(total_amount) AS revenue,
       pg_catalog.min(first_date) AS first_date, pg_catalog.max(last_date) AS last_date,
       pg_catalog.count(*) FILTER (WHERE frequency > 0) AS repeat_customers
FROM report_profile;

\echo @@ models
SELECT 'all' AS fit, (bg).r, (bg).alpha, (bg).a, (bg).b, (bg).converged,
       (gg).p, (gg).q, (gg).v
FROM report_models
UNION ALL
SELECT 'calibration', (bg).r, (bg).alpha, (bg).a, (bg).b, (bg).converged, NULL, NULL, NULL
FROM report_calibration_model;

\echo @@ cohorts
SELECT cohort, period, cohort_size, active, retention
FROM portfolio.cohort_retention('report_orders', 'customer_id', 'txn_date', 'amount', 'month',
                                :'as_of')
ORDER BY cohort, period;

-- Every enabled segment of the 5-bin scoring, also those nobody falls in,
-- in the priority order of portfolio.rfm_segments.
\echo @@ segments
SELECT coalesce(g.name, b.segment) AS segment, coalesce(b.customers, 0) AS customers,
       coalesce(b.revenue, 0) AS revenue
FROM (SELECT name, priority FROM portfolio.rfm_segments WHERE bins = 5 AND enabled) AS g
FULL JOIN (SELECT segment, pg_catalog.count(*) AS customers, pg_catalog.sum(total_amount) AS revenue
           FROM report_profile GROUP BY segment) AS b ON b.segment = g.name
ORDER BY g.priority NULLS LAST, 1;

-- Concentration and ABC classes of the revenue per customer; a customer
-- whose returns exceed its purchases counts 0 (the functions take no
-- negative values), and the page says how many there are.
CREATE TEMP TABLE report_revenue AS
SELECT greatest(total_amount, 0)::float8 AS revenue FROM report_profile;

\echo @@ concentration
SELECT portfolio.gini(revenue) AS gini, portfolio.top_share(revenue, 0.2) AS top20,
       portfolio.top_share(revenue, 0.01) AS top1, portfolio.hhi(revenue) AS hhi,
       (SELECT pg_catalog.count(*) FROM report_profile WHERE total_amount < 0) AS negative
FROM report_revenue;

\echo @@ lorenz
SELECT (j - 1)::float8 / 100 AS customers_share, share AS revenue_share
FROM (SELECT portfolio.lorenz(revenue, 100) AS l FROM report_revenue) AS c,
     unnest(l) WITH ORDINALITY AS u(share, j)
ORDER BY j;

\echo @@ abc
WITH cuts AS (SELECT portfolio.abc_cuts(revenue) AS cuts FROM report_revenue)
SELECT portfolio.abc_class(revenue, cuts) AS class, pg_catalog.count(*) AS customers,
       pg_catalog.sum(revenue) AS revenue, pg_catalog.min(revenue) AS smallest
FROM report_revenue, cuts
GROUP BY 1
ORDER BY 1;

\echo @@ histogram
SELECT h.repeat_purchases, h.label, h.actual, h.expected
FROM report_calibration_model AS m,
     portfolio.repeat_purchase_histogram('report_orders', 'customer_id', 'txn_date',
                                         :'calibration_end', 'week', 7, m.bg) AS h
ORDER BY h.repeat_purchases;

\echo @@ tracking
SELECT t.period AS week, t.period_end, t.holdout, t.cumulative_actual, t.cumulative_expected
FROM report_calibration_model AS m,
     portfolio.purchase_tracking('report_orders', 'customer_id', 'txn_date', :'calibration_end',
                                 :'as_of', 'week', m.bg) AS t
ORDER BY t.period;

-- At the largest age in the data, frequencies up to the 99th percentile of
-- the customers' repeat purchases (at least 1, at most 40 rows).
\echo @@ p_alive
SELECT x.frequency, x.recency, x.p_alive
FROM report_models AS m,
     portfolio.bgnbd_matrix(m.bg, m.max_age, LEAST(GREATEST(m.frequency_p99, 1), 40), 20) AS x
ORDER BY x.frequency, x.recency;

-- Key-account strategy (scripts/report.sql, section 10): attractiveness =
-- 0.6 ln(1 + CLV) + 0.4 P(alive), strength = 0.5 ln(1 + revenue) + 0.5
-- ln(1 + repeat purchases), each criterion z-scored; high = above 0.
CREATE TEMP TABLE report_strategy AS
WITH criteria AS (
    SELECT customer, total_amount AS revenue,
           ARRAY[ln(1 + greatest(coalesce(clv, 0), 0)::float8), coalesce(p_alive, 0)] AS attractiveness,
           ARRAY[ln(1 + greatest(total_amount, 0)::float8), ln(1 + frequency)] AS strength
    FROM report_profile
), scalers AS (
    SELECT portfolio.scaler_fit(attractiveness) AS a, portfolio.scaler_fit(strength) AS s
    FROM criteria
)
SELECT customer, revenue,
       portfolio.weighted_score(portfolio.scale(attractiveness, a, 'zscore'), '{0.6, 0.4}')
           AS attractiveness,
       portfolio.weighted_score(portfolio.scale(strength, s, 'zscore'), '{0.5, 0.5}') AS strength
FROM criteria, scalers;

-- The four quadrants, placed by portfolio.kam_strategy itself: a corner of
-- each quadrant (scores of +-1 around the cuts at 0) gives its strategy.
\echo @@ strategy
SELECT q.strategy, portfolio.kam_label(q.strategy) AS label, q.high_attractiveness,
       q.high_strength, pg_catalog.count(c.customer) AS customers,
       coalesce(pg_catalog.sum(c.revenue), 0) AS revenue
FROM (SELECT portfolio.kam_strategy(a, s, 0, 0) AS strategy, a > 0 AS high_attractiveness,
             s > 0 AS high_strength
      FROM (VALUES (1, 1), (1, -1), (-1, 1), (-1, -1)) AS corner(a, s)) AS q
LEFT JOIN report_strategy AS c ON portfolio.kam_strategy(c.attractiveness, c.strength, 0, 0) = q.strategy
GROUP BY 1, 2, 3, 4
ORDER BY 1;

-- The customers as a density: a 30 x 30 grid over the range of both scores.
\echo @@ strategy_grid
WITH bounds AS (
    SELECT min(strength) AS s0, max(strength) AS s1, min(attractiveness) AS a0,
           max(attractiveness) AS a1
    FROM report_strategy
)
SELECT s0, s1, a0, a1,
       LEAST(width_bucket(strength, s0, s1, 30), 30) AS x,
       LEAST(width_bucket(attractiveness, a0, a1, 30), 30) AS y,
       pg_catalog.count(*) AS customers
FROM report_strategy, bounds
WHERE s1 > s0 AND a1 > a0
GROUP BY s0, s1, a0, a1, x, y
ORDER BY x, y;

\echo @@ forecast
SELECT f.period, f.period_start, f.period_end, f.transactions, f.revenue
FROM report_models AS m,
     portfolio.forecast('report_orders', 'customer_id', 'txn_date', 'amount', :'as_of', 12, 'month',
                        0, NULL, 'week', m.bg, m.gg) AS f
ORDER BY f.period;
