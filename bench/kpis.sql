-- The KPI functions against the plain SQL that computes the same numbers.
--
--   psql -X -f bench/kpis.sql                    (where CREATE EXTENSION portfolio works)
--   psql -X -v customers=100000 -f bench/kpis.sql
--
-- psql variables (defaults): customers (1000000), retention_customers
-- (customers / 4), reps (3), seed (0.42).  Data of its own, from setseed():
--   bench_kpi_tx       purchases of `customers` customers over 2023-2024:
--                      first purchase uniform over the two years, 1 + a
--                      geometric number of repeats (mean 3) at the customer's
--                      own cadence (5 to 150 days, jittered), one customer in
--                      ten pausing 200 to 500 days on the way (so some come
--                      back reactivated); numeric(12,2) amounts, lognormal
--                      around 30, 3% returns and 1% zeros; the purchases that
--                      fall after as_of (2024-12-31) stay in the table and are
--                      ignored both ways;
--   bench_kpi_summary  summarize(txn_date, amount, as_of) of every customer
--                      (unit day), NULL for a customer with only returns;
--   bench_kpi_survey   one NPS answer (0-10) and one CSAT answer (1-5) per
--                      customer, 2% of each NULL;
--   bench_kpi_account  per customer: revenue (lognormal, cents), growth and
--                      margin (the criteria of the scaler), attractiveness and
--                      strength, net price and cost to serve, the last four
--                      rounded to 0.01 so that values on the cuts occur.
-- Each step computes the same numbers both ways, serial and with 2 workers
-- (forced: parallel_setup_cost = parallel_tuple_cost = 0), median of reps.
-- A way whose plan has no Gather with workers on is not timed again (the
-- window functions of the plain Lorenz curve and period retention are
-- serial).  "same" compares every answer with ours, serial: counts, classes
-- and numerics exactly, floats within 1e-12 relative.
--   period_retention   activity per customer, period_retention and
--                      retention_by_period by month, over the first
--                      retention_customers customers, against the plain SQL
--                      of sql/retention_cdnow.sql: purchase months with
--                      GROUP BY ... HAVING bool_or(amount >= 0), one
--                      self-join month to month before for retained,
--                      retained and gross revenue, lag() for S;
--   nps, csat          against 100 * count(*) FILTER (...) / count(score);
--   repeat_purchase_rate  against count(*) FILTER (WHERE frequency >= 1) / count(s);
--   lifecycle_stage, alert_level  of every summary, counted per stage or
--                      level, against CASE of the documented rules (cadence,
--                      overdue, and the earlier cadence for "reactivated");
--   hhi                against sum((x / X) ^ 2);
--   top_share(x, 0.2)  against the sum of ORDER BY x DESC LIMIT ceil(0.2 n - 1e-9);
--   lorenz(x, 10)      against the running sum at row floor(j n / 10)
--                      (row_number() and sum() OVER (ORDER BY x));
--   scaler_fit         of three criteria against count, min, max, avg and
--                      stddev_pop of each;
--   scale + weighted_score  min-max scaled and weighted 5/3/2, summed over
--                      every customer, against the formulas (the scaler and
--                      the plain min and max fitted beforehand, untimed);
--   kam_strategy, profit_quadrant  of every customer, counted per class,
--                      against CASE.
-- Prints its own table and puts one row per step into bench_result (ord
-- 400-499, see bench/common.sql); the data tables are dropped at the end.
\set ON_ERROR_STOP 1
\if :{?customers} \else \set customers 1000000 \endif
\if :{?retention_customers}
\else
SELECT :customers / 4 AS retention_customers \gset
\endif
\if :{?reps} \else \set reps 3 \endif
\if :{?seed} \else \set seed 0.42 \endif
SET client_min_messages = warning;

CREATE EXTENSION IF NOT EXISTS portfolio;
\ir common.sql
DROP TABLE IF EXISTS bench_kpi_tx, bench_kpi_summary, bench_kpi_survey, bench_kpi_account,
                     bench_kpi_scaler, bench_kpi_minmax, bench_kpi_query, bench_kpi_times;
DROP PROCEDURE IF EXISTS bench_kpi_step;

-- ---- data --------------------------------------------------------------------
SELECT setseed(:seed);
CREATE UNLOGGED TABLE bench_kpi_tx AS
SELECT c.customer,
       DATE '2023-01-01' + c.start
           + floor(c.cadence * (k - 1 + 0.5 * random()) + CASE WHEN k > c.pause_after THEN c.pause ELSE 0 END)::int
           AS txn_date,
       (CASE WHEN u < 0.03 THEN -1 WHEN u < 0.04 THEN 0 ELSE 1 END
        * round(exp(ln(30) + 0.8 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()))::numeric, 2))::numeric(12, 2)
           AS amount
  FROM (SELECT customer, floor(730 * random())::int AS start, 5 + 145 * random() ^ 2 AS cadence,
               1 + floor(-ln(1 - random()) * 3)::int AS purchases,
               CASE WHEN random() < 0.1 THEN 1 + floor(3 * random()) ELSE 1e9 END AS pause_after,
               200 + 300 * random() AS pause
          FROM generate_series(1, :customers) customer) c,
       LATERAL (SELECT k, random() AS u FROM generate_series(1, c.purchases) k) p;
CREATE UNLOGGED TABLE bench_kpi_summary AS
SELECT customer, portfolio.summarize(txn_date, amount, DATE '2024-12-31') AS s
  FROM bench_kpi_tx GROUP BY customer;
CREATE UNLOGGED TABLE bench_kpi_survey AS
SELECT customer,
       CASE WHEN random() >= 0.02 THEN least(10, floor(11 * random() ^ 0.6))::int END AS nps_score,
       CASE WHEN random() >= 0.02 THEN 1 + least(4, floor(5 * random() ^ 0.7))::int END AS csat_score
  FROM generate_series(1, :customers) customer;
CREATE UNLOGGED TABLE bench_kpi_account AS
SELECT customer,
       round(exp(ln(1000) + 1.5 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()))::numeric, 2)::float8
           AS revenue,
       0.8 + 0.5 * random() AS growth,
       0.05 + 0.4 * random() ^ 2 AS margin,
       round(random()::numeric, 2)::float8 AS attractiveness,
       round(random()::numeric, 2)::float8 AS strength,
       round((0.8 + 0.2 * random())::numeric, 2)::float8 AS net_price,
       round((0.4 * random() ^ 2)::numeric, 2)::float8 AS cost_to_serve
  FROM generate_series(1, :customers) customer;
VACUUM (FREEZE, ANALYZE) bench_kpi_tx, bench_kpi_summary, bench_kpi_survey, bench_kpi_account;

-- Fitted once, untimed, for the scale + weighted_score step.  Regular
-- tables: parallel workers cannot read temporary ones.  The queries read
-- them in scalar subqueries (InitPlans, which the workers receive): joined
-- as one-row tables, the parallel plan would gather the rows and compute
-- everything in the leader.
CREATE UNLOGGED TABLE bench_kpi_scaler AS
SELECT portfolio.scaler_fit(ARRAY[revenue, growth, margin]) AS s FROM bench_kpi_account;
CREATE UNLOGGED TABLE bench_kpi_minmax AS
SELECT min(revenue) AS rmin, max(revenue) AS rmax, min(growth) AS gmin, max(growth) AS gmax,
       min(margin) AS mmin, max(margin) AS mmax
  FROM bench_kpi_account;
ANALYZE bench_kpi_scaler, bench_kpi_minmax;

SELECT count(*) AS tx_rows, count(*) FILTER (WHERE customer <= :retention_customers) AS retention_rows
  FROM bench_kpi_tx \gset

-- ---- the steps -----------------------------------------------------------------
-- Each query returns (exact text, floats float8[]): the exact part compared
-- as text, the floats within 1e-12 relative (NULLs where NULLs).
CREATE TABLE bench_kpi_query (ord int, capability text, step text, input_rows bigint,
                              ours text, plain text);

INSERT INTO bench_kpi_query VALUES
(400, 'retention', 'activity + period_retention, month, ' || :retention_customers || ' customers',
 :retention_rows,
 replace($q$
SELECT string_agg(concat_ws(' ', period_start, customers_start, new_customers, customers_end, retained,
                            trim_scale(revenue)), '; ' ORDER BY period_start),
       array_agg(ARRAY[retention_rate, churn_rate, crr, nrr, grr] ORDER BY period_start)
  FROM portfolio.retention_by_period((
       SELECT portfolio.period_retention(a)
         FROM (SELECT portfolio.activity(txn_date, amount, DATE '2024-12-31', 'month') AS a
                 FROM bench_kpi_tx WHERE customer <= RETENTION_CUSTOMERS GROUP BY customer) c))
$q$, 'RETENTION_CUSTOMERS', :'retention_customers'),
 replace($q$
WITH act AS (
    SELECT customer, date_trunc('month', txn_date)::date AS p, sum(amount) AS rev
      FROM bench_kpi_tx
     WHERE customer <= RETENTION_CUSTOMERS AND txn_date <= DATE '2024-12-31'
     GROUP BY 1, 2
    HAVING bool_or(amount >= 0)),
periods AS (
    SELECT generate_series((SELECT min(p) FROM act), DATE '2024-12-01', interval '1 month')::date AS p),
totals AS (SELECT p, count(*) AS e, sum(rev) AS revenue FROM act GROUP BY p),
news AS (SELECT p, count(*) AS new_customers FROM (SELECT min(p) AS p FROM act GROUP BY customer) f GROUP BY p),
kept AS (
    SELECT (before.p + interval '1 month')::date AS p, count(now.customer) AS retained,
           sum(now.rev) AS retained_revenue, sum(least(coalesce(now.rev, 0), before.rev)) AS gross
      FROM act before
      LEFT JOIN act now ON now.customer = before.customer AND now.p = (before.p + interval '1 month')::date
     GROUP BY 1),
figures AS (
    SELECT p.p, coalesce(t.e, 0) AS e, coalesce(t.revenue, 0) AS revenue,
           coalesce(nw.new_customers, 0) AS new_customers, coalesce(k.retained, 0) AS retained,
           k.retained_revenue, k.gross,
           coalesce(lag(t.e) OVER w, 0) AS s, lag(t.revenue) OVER w AS revenue_before
      FROM periods p LEFT JOIN totals t USING (p) LEFT JOIN news nw USING (p) LEFT JOIN kept k USING (p)
    WINDOW w AS (ORDER BY p.p))
SELECT string_agg(concat_ws(' ', p, s, new_customers, e, retained, trim_scale(revenue)), '; ' ORDER BY p),
       array_agg(ARRAY[CASE WHEN s > 0 THEN retained::float8 / s END,
                       CASE WHEN s > 0 THEN 1 - retained::float8 / s END,
                       CASE WHEN s > 0 THEN (e - new_customers)::float8 / s END,
                       CASE WHEN s > 0 AND revenue_before <> 0
                            THEN (coalesce(retained_revenue, 0) / revenue_before)::float8 END,
                       CASE WHEN s > 0 AND revenue_before <> 0
                            THEN (coalesce(gross, 0) / revenue_before)::float8 END] ORDER BY p)
  FROM figures
$q$, 'RETENTION_CUSTOMERS', :'retention_customers')),

(410, 'satisfaction', 'nps vs count(*) FILTER', :customers,
 $q$SELECT NULL::text, ARRAY[portfolio.nps(nps_score)] FROM bench_kpi_survey$q$,
 $q$SELECT NULL::text,
           ARRAY[100.0::float8 * (count(*) FILTER (WHERE nps_score >= 9) - count(*) FILTER (WHERE nps_score <= 6))
                 / count(nps_score)]
      FROM bench_kpi_survey$q$),
(411, 'satisfaction', 'csat (1-5) vs count(*) FILTER', :customers,
 $q$SELECT NULL::text, ARRAY[portfolio.csat(csat_score)] FROM bench_kpi_survey$q$,
 $q$SELECT NULL::text, ARRAY[100.0::float8 * count(*) FILTER (WHERE csat_score >= 4) / count(csat_score)]
      FROM bench_kpi_survey$q$),

(420, 'retention', 'repeat_purchase_rate(summary) vs count FILTER', :customers,
 $q$SELECT NULL::text, ARRAY[portfolio.repeat_purchase_rate(s)] FROM bench_kpi_summary$q$,
 $q$SELECT NULL::text, ARRAY[count(*) FILTER (WHERE (s).frequency >= 1)::float8 / count(s)]
      FROM bench_kpi_summary$q$),

-- The documented rules with the default thresholds: cadence = max(mean_gap,
-- 7) with a cadence of its own, else 90; overdue = days_since_last /
-- cadence; lost > 4, lapsed > 2.5, at_risk > 1.5, new when frequency = 0,
-- reactivated when last_gap > 2.5 times the earlier cadence (the mean of the
-- n - 1 earlier gaps, n = rint(span / mean_gap), at least 7; 90 when n = 1).
(430, 'lifecycle', 'lifecycle_stage, every customer, per stage', :customers,
 $q$SELECT string_agg(coalesce(stage::text, 'null') || ':' || n, ',' ORDER BY stage::text)
      FROM (SELECT portfolio.lifecycle_stage(s) AS stage, count(*) AS n FROM bench_kpi_summary GROUP BY 1) c$q$,
 $q$SELECT string_agg(coalesce(stage, 'null') || ':' || n, ',' ORDER BY stage)
      FROM (SELECT CASE WHEN frequency IS NULL THEN NULL
                        WHEN overdue > 4 THEN 'lost'
                        WHEN overdue > 2.5 THEN 'lapsed'
                        WHEN overdue > 1.5 THEN 'at_risk'
                        WHEN frequency = 0 THEN 'new'
                        WHEN mean_gap IS NOT NULL
                             AND last_gap > 2.5 * CASE WHEN round(span / mean_gap) < 2 THEN 90
                                                       ELSE greatest((span - last_gap) / (round(span / mean_gap) - 1), 7)
                                                  END THEN 'reactivated'
                        ELSE 'active' END AS stage,
                   count(*) AS n
              FROM (SELECT (s).frequency, (s).mean_gap, (s).last_gap::float8 AS last_gap,
                           ((s).last_date - (s).first_date)::float8 AS span,
                           (s).days_since_last
                           / CASE WHEN (s).frequency >= 1 AND (s).mean_gap IS NOT NULL
                                  THEN greatest((s).mean_gap, 7) ELSE 90 END AS overdue
                      FROM bench_kpi_summary) f
             GROUP BY 1) c$q$),
(431, 'lifecycle', 'alert_level, every customer, per level', :customers,
 $q$SELECT string_agg(coalesce(level::text, 'null') || ':' || n, ',' ORDER BY level::text)
      FROM (SELECT portfolio.alert_level(s) AS level, count(*) AS n FROM bench_kpi_summary GROUP BY 1) c$q$,
 $q$SELECT string_agg(coalesce(level, 'null') || ':' || n, ',' ORDER BY level)
      FROM (SELECT CASE WHEN frequency IS NULL THEN NULL
                        WHEN overdue > 1.5 THEN 'red'
                        WHEN overdue > 1 THEN 'yellow'
                        ELSE 'green' END AS level,
                   count(*) AS n
              FROM (SELECT (s).frequency,
                           (s).days_since_last
                           / CASE WHEN (s).frequency >= 1 AND (s).mean_gap IS NOT NULL
                                  THEN greatest((s).mean_gap, 7) ELSE 90 END AS overdue
                      FROM bench_kpi_summary) f
             GROUP BY 1) c$q$),

(440, 'concentration', 'hhi vs sum of squared shares', :customers,
 $q$SELECT NULL::text, ARRAY[portfolio.hhi(revenue)] FROM bench_kpi_account$q$,
 $q$SELECT NULL::text, ARRAY[sum((revenue / (SELECT sum(revenue) FROM bench_kpi_account)) ^ 2)]
      FROM bench_kpi_account$q$),
(441, 'concentration', 'top_share(x, 0.2) vs ORDER BY x DESC LIMIT', :customers,
 $q$SELECT NULL::text, ARRAY[portfolio.top_share(revenue, 0.2)] FROM bench_kpi_account$q$,
 $q$SELECT NULL::text,
           ARRAY[(SELECT sum(revenue)
                    FROM (SELECT revenue FROM bench_kpi_account ORDER BY revenue DESC
                           LIMIT (SELECT ceil(0.2 * count(*) - 1e-9)::bigint FROM bench_kpi_account)) top)
                 / (SELECT sum(revenue) FROM bench_kpi_account)]$q$),
(442, 'concentration', 'lorenz(x, 10) vs running sum at row j n / 10', :customers,
 $q$SELECT NULL::text, portfolio.lorenz(revenue, 10) FROM bench_kpi_account$q$,
 $q$WITH r AS (SELECT row_number() OVER w AS rn, sum(revenue) OVER w AS cum
                 FROM bench_kpi_account WINDOW w AS (ORDER BY revenue ROWS UNBOUNDED PRECEDING)),
         t AS (SELECT count(*) AS n, sum(revenue) AS total FROM bench_kpi_account)
    SELECT NULL::text, array_agg(coalesce(r.cum, 0) / t.total ORDER BY j)
      FROM t CROSS JOIN generate_series(0, 10) j LEFT JOIN r ON r.rn = j * t.n / 10$q$),

(450, 'scoring', 'scaler_fit, 3 criteria vs min/max/avg/stddev_pop', :customers,
 $q$SELECT (s).n::text, (s).min || (s).max || (s).mean || (s).sd
      FROM (SELECT portfolio.scaler_fit(ARRAY[revenue, growth, margin]) AS s FROM bench_kpi_account) f$q$,
 $q$SELECT count(*)::text,
           ARRAY[min(revenue), min(growth), min(margin), max(revenue), max(growth), max(margin),
                 avg(revenue), avg(growth), avg(margin),
                 stddev_pop(revenue), stddev_pop(growth), stddev_pop(margin)]
      FROM bench_kpi_account$q$),
(451, 'scoring', 'scale (minmax) + weighted_score, every customer', :customers,
 $q$SELECT NULL::text,
           ARRAY[sum(portfolio.weighted_score(portfolio.scale(ARRAY[revenue, growth, margin],
                                                              (SELECT s FROM bench_kpi_scaler)), '{5, 3, 2}'))]
      FROM bench_kpi_account$q$,
 $q$SELECT NULL::text,
           ARRAY[sum((5 * (revenue - (SELECT rmin FROM bench_kpi_minmax))
                        / (SELECT rmax - rmin FROM bench_kpi_minmax)
                      + 3 * (growth - (SELECT gmin FROM bench_kpi_minmax))
                        / (SELECT gmax - gmin FROM bench_kpi_minmax)
                      + 2 * (margin - (SELECT mmin FROM bench_kpi_minmax))
                        / (SELECT mmax - mmin FROM bench_kpi_minmax)) / 10)]
      FROM bench_kpi_account$q$),

(460, 'strategy', 'kam_strategy, every customer, per strategy', :customers,
 $q$SELECT string_agg(k::text || ':' || n, ',' ORDER BY k::text)
      FROM (SELECT portfolio.kam_strategy(attractiveness, strength) AS k, count(*) AS n
              FROM bench_kpi_account GROUP BY 1) c$q$,
 $q$SELECT string_agg(k || ':' || n, ',' ORDER BY k)
      FROM (SELECT CASE WHEN attractiveness >= 0.5
                        THEN CASE WHEN strength >= 0.5 THEN 'invest_expand' ELSE 'invest_selective' END
                        ELSE CASE WHEN strength >= 0.5 THEN 'maintain' ELSE 'milk' END END AS k,
                   count(*) AS n
              FROM bench_kpi_account GROUP BY 1) c$q$),
(461, 'strategy', 'profit_quadrant, every customer, per quadrant', :customers,
 $q$SELECT string_agg(q::text || ':' || n, ',' ORDER BY q::text)
      FROM (SELECT portfolio.profit_quadrant(net_price, cost_to_serve, 0.9, 0.2) AS q, count(*) AS n
              FROM bench_kpi_account GROUP BY 1) c$q$,
 $q$SELECT string_agg(q || ':' || n, ',' ORDER BY q)
      FROM (SELECT CASE WHEN net_price >= 0.9
                        THEN CASE WHEN cost_to_serve >= 0.2 THEN 'carriage_trade' ELSE 'passive' END
                        ELSE CASE WHEN cost_to_serve >= 0.2 THEN 'aggressive' ELSE 'bargain_basement' END END AS q,
                   count(*) AS n
              FROM bench_kpi_account GROUP BY 1) c$q$);

CREATE TABLE bench_kpi_times (ord int, way text, workers int, ms float8, peak_kb bigint,
                              exact text, floats float8[]);

-- Time one step: ours serial, ours with 2 workers, the plain SQL serial and
-- with 2 workers (forced), each reps times; keep the median, the answer of
-- the last run and, for ours serial, the largest peak memory of the backend
-- (reset and read outside the timed interval).  With workers, a query whose
-- plan has no Gather is not timed.
CREATE PROCEDURE bench_kpi_step(p_ord int, p_reps int)
LANGUAGE plpgsql AS $$
DECLARE
    v_step text;
    m record;
    q text;
    t0 timestamptz;
    times float8[];
    peak bigint;
    v_exact text;
    v_floats float8[];
    line text;
    gather bool;
BEGIN
    SELECT step INTO STRICT v_step FROM bench_kpi_query WHERE ord = p_ord;
    FOR m IN SELECT * FROM (VALUES (1, 'portfolio', 0), (2, 'portfolio', 2), (3, 'plain SQL', 0), (4, 'plain SQL', 2))
                           v(i, way, workers) ORDER BY i LOOP
        SELECT CASE m.way WHEN 'portfolio' THEN ours ELSE plain END INTO STRICT q
          FROM bench_kpi_query WHERE ord = p_ord;
        PERFORM bench_set_workers(m.workers);
        IF m.workers > 0 THEN
            gather := false;
            FOR line IN EXECUTE 'EXPLAIN ' || q LOOP
                gather := gather OR line LIKE '%Gather%';
            END LOOP;
            IF NOT gather THEN
                RAISE INFO '% (%, % workers): no parallel plan, not timed', v_step, m.way, m.workers;
                CONTINUE;
            END IF;
        END IF;
        times := '{}';
        peak := NULL;
        FOR i IN 1 .. p_reps LOOP
            IF m.way = 'portfolio' AND m.workers = 0 THEN
                PERFORM bench_peak_reset();
            END IF;
            t0 := clock_timestamp();
            EXECUTE q INTO v_exact, v_floats;
            times := times || 1000 * extract(epoch FROM clock_timestamp() - t0)::float8;
            IF m.way = 'portfolio' AND m.workers = 0 THEN
                peak := greatest(peak, bench_peak_kb());
            END IF;
        END LOOP;
        INSERT INTO bench_kpi_times
        SELECT p_ord, m.way, m.workers, percentile_cont(0.5) WITHIN GROUP (ORDER BY t), peak, v_exact, v_floats
          FROM unnest(times) t;
        RAISE INFO '% (%, % workers): % ms', v_step, m.way, m.workers,
            (SELECT string_agg(round(t::numeric, 1)::text, ' ') FROM unnest(times) t);
    END LOOP;
END $$;

-- Each step in a session of its own, so that the peak memory of ours is
-- that step's and not what generating the data left in the backend.
\set QUIET 1
\c
CALL bench_kpi_step(400, :reps);
\c
CALL bench_kpi_step(410, :reps);
\c
CALL bench_kpi_step(411, :reps);
\c
CALL bench_kpi_step(420, :reps);
\c
CALL bench_kpi_step(430, :reps);
\c
CALL bench_kpi_step(431, :reps);
\c
CALL bench_kpi_step(440, :reps);
\c
CALL bench_kpi_step(441, :reps);
\c
CALL bench_kpi_step(442, :reps);
\c
CALL bench_kpi_step(450, :reps);
\c
CALL bench_kpi_step(451, :reps);
\c
CALL bench_kpi_step(460, :reps);
\c
CALL bench_kpi_step(461, :reps);
\set QUIET 0
-- A step added to bench_kpi_query needs its line above.
DO $$
BEGIN
    IF EXISTS (SELECT FROM bench_kpi_query q WHERE NOT EXISTS (SELECT FROM bench_kpi_times t WHERE t.ord = q.ord)) THEN
        RAISE EXCEPTION 'a step of bench_kpi_query was not run: add its CALL bench_kpi_step';
    END IF;
END $$;

-- ---- the answers compared, and the table --------------------------------------
-- Same: the exact parts equal, the floats within 1e-12 relative, NULL where NULL.
CREATE FUNCTION pg_temp.same_answer(e1 text, f1 float8[], e2 text, f2 float8[]) RETURNS bool
LANGUAGE sql IMMUTABLE AS $$
    SELECT e1 IS NOT DISTINCT FROM e2
           AND (f1 IS NULL) = (f2 IS NULL)
           AND coalesce(cardinality(f1) = cardinality(f2)
                        AND (SELECT bool_and(CASE WHEN a IS NULL OR b IS NULL THEN a IS NULL AND b IS NULL
                                                  ELSE abs(a - b) <= 1e-12 * greatest(abs(a), abs(b)) END)
                               FROM unnest(f1, f2) u(a, b)),
                        true)
$$;

CREATE TEMP TABLE bench_kpi_summed AS
SELECT q.ord, q.capability, q.step, q.input_rows,
       max(t.ms) FILTER (WHERE t.way = 'portfolio' AND t.workers = 0) AS ours0,
       max(t.ms) FILTER (WHERE t.way = 'portfolio' AND t.workers = 2) AS ours2,
       max(t.ms) FILTER (WHERE t.way = 'plain SQL' AND t.workers = 0) AS plain0,
       max(t.ms) FILTER (WHERE t.way = 'plain SQL' AND t.workers = 2) AS plain2,
       max(t.peak_kb) AS peak_kb,
       bool_and(pg_temp.same_answer(o.exact, o.floats, t.exact, t.floats)) AS same
  FROM bench_kpi_query q
  JOIN bench_kpi_times t USING (ord)
  JOIN bench_kpi_times o ON o.ord = q.ord AND o.way = 'portfolio' AND o.workers = 0
 GROUP BY q.ord, q.capability, q.step, q.input_rows;

DELETE FROM bench_result WHERE ord BETWEEN 400 AND 499;
INSERT INTO bench_result
SELECT ord, capability, step, input_rows, ours0, ours2, plain0, plain2, peak_kb,
       CASE WHEN same THEN 'yes' ELSE 'NO' END
  FROM bench_kpi_summed;

\pset footer off
\echo
\echo 'KPIs over' :customers 'customers (period retention over' :retention_customers'); median ms, serial / 2 workers (- : no parallel plan)'
SELECT step, to_char(input_rows, 'FM999,999,999') AS "input rows",
       concat_ws(' / ', round(ours0::numeric), coalesce(round(ours2::numeric)::text, '-')) AS "portfolio ms",
       concat_ws(' / ', round(plain0::numeric), coalesce(round(plain2::numeric)::text, '-')) AS "plain SQL ms",
       concat_ws(' / ', round((plain0 / ours0)::numeric, 1) || 'x',
                 round((coalesce(plain2, plain0) / coalesce(ours2, ours0))::numeric, 1) || 'x')
           AS "plain SQL / portfolio",
       round(peak_kb / 1024.0, 1) AS "peak MB",
       CASE WHEN same THEN 'yes' ELSE 'NO' END AS "same answer"
  FROM bench_kpi_summed ORDER BY ord;

-- Where an answer differs, both of them.
SELECT t.ord, t.way, t.workers, left(t.exact, 300) AS exact, t.floats[1:12] AS floats
  FROM bench_kpi_summed s JOIN bench_kpi_times t USING (ord)
 WHERE NOT s.same ORDER BY t.ord, t.way, t.workers;

DROP TABLE bench_kpi_tx, bench_kpi_summary, bench_kpi_survey, bench_kpi_account,
           bench_kpi_scaler, bench_kpi_minmax, bench_kpi_query, bench_kpi_times;
DROP PROCEDURE bench_kpi_step;
