-- Fit times of the lifetime-value models on a million simulated customers.
--
--   psql -X -f bench/models.sql                 (where CREATE EXTENSION portfolio works)
--   psql -X -v customers=100000 -f bench/models.sql
--
-- psql variables (defaults): customers (1000000), reps (3), seed (42).
-- The customers come from portfolio.bgnbd_simulate with a CDNOW-like model
-- (r 0.25, alpha 4.4 weeks, a 0.8, b 2.4), observed for 52 weeks, each
-- purchase a day (2024-01-01 + 7 t) and an amount.  The steps:
--   fit from summaries     bgnbd_fit(frequency, recency, age) over a table of
--                          one summary per customer (days)
--   fit from transactions  bgnbd_fit(summarize(...)) straight from the
--                          purchase log, summaries included
--   fit, continuous times  bgnbd_fit over the simulator's exact times (no
--                          two customers share a history: the worst case
--                          for the histogram)
--   gg_fit                 Gamma-Gamma over the repeat buyers
--   P(alive)               per-customer prediction over every customer
--   CLV                    per-customer prediction over the first 100,000
--                          customers (about 80 us each: a million would take
--                          more than a minute), one run each way
--   sbg_fit                the sBG contractual churn model over as many
--                          customers simulated from Fader & Hardie's high-end
--                          cohort (alpha 0.668, beta 3.806), 52 periods
--   sbg_survival, sbg_derl per-customer predictions over those customers
--   MBG/NBD                mbgnbd_fit over the same continuous times (fitted
--                          to BG/NBD data: timed, not checked for recovery,
--                          which test/models_recovery.sql does), and
--                          mbgnbd_p_alive over every customer
--   BG/BB                  bgbb_fit over as many donors simulated from the
--                          donations fit (1.204, 0.750, 0.657, 2.783), 52
--                          opportunities, then bgbb_p_alive and bgbb_dert
--                          over every donor
--   Pareto/NBD             pareto_nbd_fit over the summaries in days (fitted
--                          to BG/NBD data: timed, not checked for recovery,
--                          which test/models_recovery.sql does; not over
--                          the continuous times, whose million distinct
--                          histories its numerical gradient takes minutes
--                          over), pareto_nbd_p_alive and pareto_nbd_dert
--                          (closed form) over every customer
-- Timed serial, median of reps, each step in a session of its own with the
-- backend's peak memory (bench/common.sql) taken around every serial run,
-- outside the timed interval; then with 2 workers forced
-- (parallel_setup_cost = parallel_tuple_cost = 0) where the plan has a
-- Gather.  There is no plain-SQL way to fit these models, so the table gives
-- time and throughput, the distinct histories each fit worked on, and whether
-- the fit recovered the true parameters (within 5%).  One row per step goes
-- into bench_result (ord 500-599), plain-SQL columns NULL.  The fit in days does
-- not quite: rounding purchase times down to whole days merges same-day
-- purchases and shortens recency, which raises alpha by about 5% (4.63
-- weeks for 4.4); the fit on the exact times recovers every parameter.
\set ON_ERROR_STOP 1
\if :{?customers} \else \set customers 1000000 \endif
\if :{?reps} \else \set reps 3 \endif
\if :{?seed} \else \set seed 42 \endif
SET client_min_messages = warning;
SET max_parallel_workers_per_gather = 0;

CREATE EXTENSION IF NOT EXISTS portfolio;
\ir common.sql
DROP TABLE IF EXISTS bench_model_tx, bench_model_sim, bench_model_summary, bench_model_times,
                     bench_model_continuous, bench_model_fits, bench_model_sbg, bench_model_bgbb;
DROP PROCEDURE IF EXISTS bench_model_time;
DROP FUNCTION IF EXISTS bench_model_recovered;

CREATE UNLOGGED TABLE bench_model_sim AS
SELECT customer, t FROM portfolio.bgnbd_simulate(portfolio.bgnbd(0.25, 4.4, 0.8, 2.4), :customers, 52, :seed);
SELECT setseed(0.42);
CREATE UNLOGGED TABLE bench_model_tx AS
SELECT customer, DATE '2024-01-01' + floor(7 * t)::int AS day,
       round((5 + 40 * -ln(1 - random()))::numeric, 2) AS amount
  FROM bench_model_sim;
CREATE UNLOGGED TABLE bench_model_summary AS
SELECT customer, portfolio.summarize(day, amount, DATE '2024-12-30') AS s
  FROM bench_model_tx GROUP BY customer;
CREATE UNLOGGED TABLE bench_model_sbg AS
SELECT customer, t, churned FROM portfolio.sbg_simulate(portfolio.sbg(0.668, 3.806), :customers, 52, :seed);
CREATE UNLOGGED TABLE bench_model_bgbb AS
SELECT customer, frequency::float8 AS x, recency::float8 AS tx, n::float8 AS n
  FROM portfolio.bgbb_simulate(portfolio.bgbb(1.204, 0.750, 0.657, 2.783), :customers, 52, :seed);
VACUUM (FREEZE, ANALYZE) bench_model_sim, bench_model_tx, bench_model_summary, bench_model_sbg, bench_model_bgbb;

CREATE TABLE bench_model_times (ord int, step text, input_rows bigint, histories bigint,
                                ms float8, ms_parallel float8, peak_kb bigint, recovered text);

-- Run query reps times serial, taking the backend's peak memory around each
-- run (outside the timed interval), then reps times with 2 workers forced if
-- the plan has a Gather; keep the medians, the input rows, and what the
-- caller says (distinct histories, recovery).
CREATE PROCEDURE bench_model_time(ord int, step text, query text, input_rows bigint,
                                  histories bigint, recovered text, reps int)
LANGUAGE plpgsql AS $$
DECLARE
    t0 timestamptz;
    times float8[];
    ms float8[] := '{NULL, NULL}';
    peak bigint;
    line text;
    gather bool := false;
BEGIN
    FOR w IN 0 .. 1 LOOP
        PERFORM bench_set_workers(2 * w);
        IF w > 0 THEN
            FOR line IN EXECUTE 'EXPLAIN ' || query LOOP
                gather := gather OR line LIKE '%Gather%';
            END LOOP;
            EXIT WHEN NOT gather;
        END IF;
        times := '{}';
        FOR i IN 1 .. reps LOOP
            IF w = 0 THEN
                PERFORM bench_peak_reset();
            END IF;
            t0 := clock_timestamp();
            EXECUTE query;
            times := times || 1000 * extract(epoch FROM clock_timestamp() - t0)::float8;
            IF w = 0 THEN
                peak := greatest(peak, bench_peak_kb());
            END IF;
        END LOOP;
        ms[w + 1] := (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY t) FROM unnest(times) t);
        RAISE INFO '% (% workers): % ms', step, 2 * w,
            (SELECT string_agg(round(t::numeric, 1)::text, ' ') FROM unnest(times) t);
    END LOOP;
    INSERT INTO bench_model_times VALUES (ord, step, input_rows, histories, ms[1], ms[2], peak, recovered);
END $$;

-- Within 5% of the truth for every parameter (days: alpha is 7 times weeks).
CREATE FUNCTION bench_model_recovered(m portfolio.bgnbd, alpha_scale float8) RETURNS text LANGUAGE sql AS $$
    SELECT CASE WHEN abs(m.r / 0.25 - 1) < 0.05 AND abs(m.alpha / (4.4 * alpha_scale) - 1) < 0.05
                     AND abs(m.a / 0.8 - 1) < 0.05 AND abs(m.b / 2.4 - 1) < 0.05
                THEN 'yes' ELSE 'NO' END
           || format(' (r %s, alpha %s, a %s, b %s)', round(m.r::numeric, 3),
                     round((m.alpha / alpha_scale)::numeric, 3), round(m.a::numeric, 3), round(m.b::numeric, 3))
$$;

-- Tables, not temporary ones: parallel workers cannot read temporary tables.
-- The predictions read the one row of bench_model_fits in scalar subqueries
-- (InitPlans, which the workers receive): joined to it, the parallel scan
-- would be of that one row, and one process would do all the work.
CREATE UNLOGGED TABLE bench_model_continuous AS
SELECT count(*) - 1 AS x, max(t) AS tx FROM bench_model_sim GROUP BY customer;
CREATE UNLOGGED TABLE bench_model_fits AS
SELECT portfolio.bgnbd_fit((s).frequency, (s).recency, (s).age) AS bg,
       portfolio.gg_fit((s).frequency, (s).monetary) AS gg
  FROM bench_model_summary;
ANALYZE bench_model_continuous, bench_model_fits;

SELECT count(*) AS tx_rows FROM bench_model_tx \gset
SELECT least(:customers, 100000) AS clv_customers \gset
SELECT count(*) AS repeaters, count(DISTINCT ((s).frequency, (s).monetary)) AS gg_histories
  FROM bench_model_summary WHERE (s).frequency > 0 \gset
SELECT count(DISTINCT ((s).frequency, (s).recency, (s).age)) AS histories,
       bench_model_recovered(portfolio.bgnbd_fit((s).frequency, (s).recency, (s).age), 7) AS recovered
  FROM bench_model_summary \gset
SELECT count(DISTINCT (t, churned)) AS sbg_histories,
       CASE WHEN abs((m).alpha / 0.668 - 1) < 0.05 AND abs((m).beta / 3.806 - 1) < 0.05 THEN 'yes' ELSE 'NO' END
       || format(' (alpha %s, beta %s)', round((m).alpha::numeric, 3), round((m).beta::numeric, 3)) AS sbg_recovered
  FROM bench_model_sbg, (SELECT portfolio.sbg_fit(t, churned) AS m FROM bench_model_sbg) f GROUP BY m \gset
SELECT count(DISTINCT (x, tx)) AS bgbb_histories,
       CASE WHEN abs((m).alpha / 1.204 - 1) < 0.05 AND abs((m).beta / 0.750 - 1) < 0.05
             AND abs((m).gamma / 0.657 - 1) < 0.05 AND abs((m).delta / 2.783 - 1) < 0.05 THEN 'yes' ELSE 'NO' END
       || format(' (%s, %s, %s, %s)', round((m).alpha::numeric, 3), round((m).beta::numeric, 3),
                 round((m).gamma::numeric, 3), round((m).delta::numeric, 3)) AS bgbb_recovered
  FROM bench_model_bgbb, (SELECT portfolio.bgbb_fit(x, tx, n) AS m FROM bench_model_bgbb) f GROUP BY m \gset
SELECT count(DISTINCT (x, tx)) AS continuous_histories,
       bench_model_recovered(portfolio.bgnbd_fit(x, tx, 52), 1) AS continuous_recovered
  FROM bench_model_continuous \gset

-- Each step in a session of its own, so that the peak memory is that step's
-- and not what simulating the data left in the backend.
\set QUIET 1
\c
CALL bench_model_time(500, 'bgnbd_fit from summaries (days)',
    'SELECT portfolio.bgnbd_fit((s).frequency, (s).recency, (s).age) FROM bench_model_summary',
    :customers, :histories, :'recovered', :reps);
\c
CALL bench_model_time(501, 'bgnbd_fit from transactions (summarize + fit)',
    'SELECT portfolio.bgnbd_fit(s) FROM (SELECT portfolio.summarize(day, amount, DATE ''2024-12-29'') AS s
                                           FROM bench_model_tx GROUP BY customer) c',
    :tx_rows, NULL, NULL, :reps);
\c
CALL bench_model_time(502, 'bgnbd_fit, continuous times (weeks)',
    'SELECT portfolio.bgnbd_fit(x, tx, 52) FROM bench_model_continuous',
    :customers, :continuous_histories, :'continuous_recovered', :reps);
\c
CALL bench_model_time(503, 'gg_fit over the repeat buyers',
    'SELECT portfolio.gg_fit((s).frequency, (s).monetary) FROM bench_model_summary',
    :repeaters, :gg_histories, NULL, :reps);
\c
CALL bench_model_time(504, 'bgnbd_p_alive, every customer',
    'SELECT sum(portfolio.bgnbd_p_alive((SELECT bg FROM bench_model_fits), (s).frequency, (s).recency, (s).age))
       FROM bench_model_summary',
    :customers, NULL, NULL, :reps);
\c
CALL bench_model_time(505, 'clv (12 months of 30.4 days, 1%), first ' || :clv_customers || ' customers',
    'SELECT sum(portfolio.clv((SELECT bg FROM bench_model_fits), (SELECT gg FROM bench_model_fits),
                              (s).frequency, (s).recency, (s).age, (s).monetary, 12, 30.4375, 0.01))
       FROM bench_model_summary WHERE customer <= ' || :clv_customers,
    :clv_customers, NULL, NULL, 1);
\c
CALL bench_model_time(506, 'sbg_fit (52 periods)',
    'SELECT portfolio.sbg_fit(t, churned) FROM bench_model_sbg',
    :customers, :sbg_histories, :'sbg_recovered', :reps);
\c
CALL bench_model_time(507, 'sbg_survival, every customer',
    'SELECT sum(portfolio.sbg_survival(portfolio.sbg(0.668, 3.806), t)) FROM bench_model_sbg',
    :customers, NULL, NULL, :reps);
\c
CALL bench_model_time(508, 'sbg_derl (10%), every customer',
    'SELECT sum(portfolio.sbg_derl(portfolio.sbg(0.668, 3.806), t, 0.1)) FROM bench_model_sbg',
    :customers, NULL, NULL, :reps);
\c
CALL bench_model_time(509, 'mbgnbd_fit, continuous times (weeks)',
    'SELECT portfolio.mbgnbd_fit(x, tx, 52) FROM bench_model_continuous',
    :customers, :continuous_histories, NULL, :reps);
\c
CALL bench_model_time(510, 'mbgnbd_p_alive, every customer',
    'SELECT sum(portfolio.mbgnbd_p_alive(portfolio.mbgnbd(0.525, 6.183, 0.891, 1.614),
                                         (s).frequency, (s).recency, (s).age))
       FROM bench_model_summary',
    :customers, NULL, NULL, :reps);
\c
CALL bench_model_time(511, 'bgbb_fit (52 opportunities)',
    'SELECT portfolio.bgbb_fit(x, tx, n) FROM bench_model_bgbb',
    :customers, :bgbb_histories, :'bgbb_recovered', :reps);
\c
CALL bench_model_time(512, 'bgbb_p_alive, every donor',
    'SELECT sum(portfolio.bgbb_p_alive(portfolio.bgbb(1.204, 0.750, 0.657, 2.783), x, tx, n)) FROM bench_model_bgbb',
    :customers, NULL, NULL, :reps);
\c
CALL bench_model_time(513, 'bgbb_dert (10%), every donor',
    'SELECT sum(portfolio.bgbb_dert(portfolio.bgbb(1.204, 0.750, 0.657, 2.783), x, tx, n, 0.1)) FROM bench_model_bgbb',
    :customers, NULL, NULL, :reps);
\c
CALL bench_model_time(514, 'pareto_nbd_fit from summaries (days)',
    'SELECT portfolio.pareto_nbd_fit((s).frequency, (s).recency, (s).age) FROM bench_model_summary',
    :customers, :histories, NULL, :reps);
\c
CALL bench_model_time(515, 'pareto_nbd_p_alive, every customer',
    'SELECT sum(portfolio.pareto_nbd_p_alive(portfolio.pareto_nbd(0.553, 74.0, 0.606, 81.7),
                                             (s).frequency, (s).recency, (s).age))
       FROM bench_model_summary',
    :customers, NULL, NULL, :reps);
\c
CALL bench_model_time(516, 'pareto_nbd_dert (15% a year), every customer',
    'SELECT sum(portfolio.pareto_nbd_dert(portfolio.pareto_nbd(0.553, 74.0, 0.606, 81.7),
                                          (s).frequency, (s).recency, (s).age, 0.00038))
       FROM bench_model_summary',
    :customers, NULL, NULL, :reps);
\set QUIET 0

DELETE FROM bench_result WHERE ord BETWEEN 500 AND 599;
INSERT INTO bench_result (ord, capability, step, input_rows, ours_serial_ms, ours_parallel_ms, peak_kb)
SELECT ord, 'models', step, input_rows, ms, ms_parallel, peak_kb FROM bench_model_times;

\pset footer off
\echo
\echo 'median ms, serial / 2 workers (- : no parallel plan); rows/s and peak memory serial'
SELECT step, input_rows AS "input rows", histories AS "distinct histories",
       concat_ws(' / ', round(ms::numeric), coalesce(round(ms_parallel::numeric)::text, '-')) AS ms,
       round(input_rows / (ms / 1000))::bigint AS "rows/s", round(peak_kb / 1024.0, 1) AS "peak MB",
       recovered AS "within 5% of the truth"
  FROM bench_model_times ORDER BY ord;

DROP TABLE bench_model_tx, bench_model_sim, bench_model_summary, bench_model_times,
           bench_model_continuous, bench_model_fits, bench_model_sbg, bench_model_bgbb;
DROP PROCEDURE bench_model_time;
DROP FUNCTION bench_model_recovered;
