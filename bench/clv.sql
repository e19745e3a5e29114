-- Lifetime value at scale: the per-customer predictions, DERT, CLV by period,
-- the diagnostics and the forecast on a million simulated customers, each
-- against its plain-SQL equivalent and, where the directory of lifetimes is
-- given, against lifetimes 0.11.3 on the same summaries with the same
-- parameters (bench/lifetimes_side.py).
--
--   psql -X -f bench/clv.sql                                (where CREATE EXTENSION portfolio works)
--   psql -X -v customers=100000 -v lifetimes=/tmp/peers -v tmp=/tmp/x -f bench/clv.sql
--
-- psql variables (defaults): customers (1000000), reps (3), seed (7), tmp (a
-- directory for the files exchanged with Python, which the server can write;
-- default /tmp), bench (this directory, absolute, for the server to find
-- lifetimes_side.py; default bench), lifetimes
-- (a directory holding lifetimes/ and autograd/, unpacked from
-- ../shared/vendor/lifetimes; without it the comparison is skipped, and
-- says so).
--
-- The customers: 13 cohorts of BG/NBD customers (r 0.243, alpha 4.414 weeks,
-- a 0.793, b 2.426: CDNOW's fit), aged 27 to 39 weeks at the end of the
-- calibration period, each starting on one of 7 days; purchases on whole
-- days with amounts; followed 39 weeks more for the holdout.  Summaries as
-- of the calibration end, in weeks (days / 7), as summarize gives them.
-- Everything is timed serially (best of reps, each step in a session of its
-- own); the models are read through scalar subqueries (InitPlans), as a
-- dashboard query would.
\set ON_ERROR_STOP 1
\if :{?customers} \else \set customers 1000000 \endif
\if :{?reps} \else \set reps 3 \endif
\if :{?seed} \else \set seed 7 \endif
\if :{?tmp} \else \set tmp /tmp \endif
\if :{?bench} \else \set bench bench \endif
SET client_min_messages = warning;
SET max_parallel_workers_per_gather = 0;
SET jit = off;

CREATE EXTENSION IF NOT EXISTS portfolio;
\ir common.sql
DROP TABLE IF EXISTS bench_clv_tx, bench_clv, bench_clv_continuous, bench_clv_models,
                     bench_clv_times, bench_clv_peer, bench_clv_peer_times, bench_clv_donors;
DROP PROCEDURE IF EXISTS bench_clv_time;

-- ---------- the data ----------

SELECT :customers / 13 AS cohort_size \gset
SELECT setseed(0.42);
CREATE UNLOGGED TABLE bench_clv_tx AS
SELECT customer, day, round((5 + 40 * -ln(1 - random()))::numeric, 2) AS amount
  FROM (SELECT k * :cohort_size + s.customer AS customer,
               DATE '2024-12-29' - (27 + k) * 7 + s.customer % 7 + floor(7 * s.t)::int AS day
          FROM generate_series(0, 12) AS k,
               LATERAL portfolio.bgnbd_simulate(portfolio.bgnbd(0.243, 4.414, 0.793, 2.426), :cohort_size,
                                                27 + k + 39, :seed + k) AS s) d
 WHERE day <= DATE '2024-12-29' + 273;
CREATE UNLOGGED TABLE bench_clv AS
SELECT customer AS id, (s).frequency::float8 AS frequency, (s).recency / 7 AS recency, (s).age / 7 AS age,
       (s).monetary::float8 AS monetary
  FROM (SELECT customer, portfolio.summarize(day, amount, DATE '2024-12-29', 'day') AS s
          FROM bench_clv_tx GROUP BY customer) c
 WHERE (s).first_date IS NOT NULL;
-- The same customers with ages that no two share (the memo cannot help).
CREATE UNLOGGED TABLE bench_clv_continuous AS
SELECT id, frequency, recency * (1 + id * 1e-9) AS recency, age * (1 + id * 1e-9) AS age, monetary FROM bench_clv;
CREATE UNLOGGED TABLE bench_clv_models AS
SELECT portfolio.bgnbd_fit(frequency, recency, age) AS bg,
       portfolio.gg_fit(frequency, monetary) FILTER (WHERE frequency = 0 OR monetary > 0) AS gg
  FROM bench_clv;
-- As many BG/BB donors (the donations fit), 52 opportunities each, for the
-- discrete-time fit side by side.
CREATE UNLOGGED TABLE bench_clv_donors AS
SELECT customer AS id, frequency::float8 AS frequency, recency::float8 AS recency, n::float8 AS n
  FROM portfolio.bgbb_simulate(portfolio.bgbb(1.204, 0.750, 0.657, 2.783), :customers, 52, :seed);
VACUUM (FREEZE, ANALYZE) bench_clv_tx, bench_clv, bench_clv_continuous, bench_clv_models, bench_clv_donors;
SELECT count(*) AS customers, (SELECT count(*) FROM bench_clv_tx WHERE day <= '2024-12-29') AS transactions,
       count(DISTINCT (frequency, age)) AS "distinct (frequency, age)",
       count(DISTINCT (frequency, recency, age)) AS "distinct histories"
  FROM bench_clv;
SELECT round((bg).r::numeric, 3) AS r, round((bg).alpha::numeric, 3) AS alpha, round((bg).a::numeric, 3) AS a,
       round((bg).b::numeric, 3) AS b, round((gg).p::numeric, 3) AS p, round((gg).q::numeric, 3) AS q,
       round((gg).v::numeric, 3) AS v FROM bench_clv_models;

-- ---------- the timing ----------

CREATE TABLE bench_clv_times (ord int, step text, input_rows bigint, ms float8, plain_ms float8,
                              plain_note text, same text);

-- The best of reps serial runs of ours and of the plain SQL (NULL: none),
-- and whether they agree (a query giving one boolean, NULL: not compared).
CREATE PROCEDURE bench_clv_time(ord int, step text, ours text, plain text, input_rows bigint,
                                agree text, reps int, plain_note text DEFAULT NULL)
LANGUAGE plpgsql AS $$
DECLARE
    t0 timestamptz;
    best float8[] := '{NULL, NULL}';
    same bool;
BEGIN
    FOR w IN 1 .. 2 LOOP
        CONTINUE WHEN w = 2 AND plain IS NULL;
        FOR i IN 1 .. reps LOOP
            t0 := clock_timestamp();
            EXECUTE CASE w WHEN 1 THEN ours ELSE plain END;
            best[w] := least(best[w], 1000 * extract(epoch FROM clock_timestamp() - t0)::float8);
        END LOOP;
    END LOOP;
    IF agree IS NOT NULL THEN
        EXECUTE agree INTO same;
    END IF;
    RAISE INFO '%: % ms (plain %)', step, round(best[1]::numeric, 1), coalesce(round(best[2]::numeric, 1)::text, '-');
    INSERT INTO bench_clv_times VALUES (ord, step, input_rows, best[1], best[2], plain_note,
                                        CASE same WHEN true THEN 'yes' WHEN false THEN 'NO' END);
END $$;

\set QUIET 1
\c
CALL bench_clv_time(600, 'floor: reading frequency + recency + age',
    'SELECT sum(frequency + recency + age) FROM bench_clv', NULL, :customers, NULL, :reps);
\c
CALL bench_clv_time(601, 'bgnbd_p_alive',
    $q$SELECT sum(portfolio.bgnbd_p_alive((SELECT bg FROM bench_clv_models), frequency, recency, age)) FROM bench_clv$q$,
    $q$SELECT sum(CASE WHEN frequency = 0 THEN 1 ELSE 1 / (1 + (m).a / ((m).b + frequency - 1)
                      * (((m).alpha + age) / ((m).alpha + recency)) ^ ((m).r + frequency)) END)
         FROM bench_clv, (SELECT bg AS m FROM bench_clv_models) f$q$,
    :customers,
    $q$SELECT max(abs(portfolio.bgnbd_p_alive((SELECT bg FROM bench_clv_models), frequency, recency, age) -
                     CASE WHEN frequency = 0 THEN 1 ELSE 1 / (1 + ((SELECT bg FROM bench_clv_models)).a / (((SELECT bg FROM bench_clv_models)).b + frequency - 1)
                          * ((((SELECT bg FROM bench_clv_models)).alpha + age) / (((SELECT bg FROM bench_clv_models)).alpha + recency)) ^ (((SELECT bg FROM bench_clv_models)).r + frequency)) END)) < 1e-12
         FROM bench_clv$q$, :reps);
\c
CALL bench_clv_time(602, 'bgnbd_expected(39 weeks)',
    $q$SELECT sum(portfolio.bgnbd_expected((SELECT bg FROM bench_clv_models), 39, frequency, recency, age)) FROM bench_clv$q$,
    NULL, :customers, NULL, :reps);
\c
CALL bench_clv_time(603, 'clv (12 months of 4.345 weeks, 1% a month)',
    $q$SELECT sum(portfolio.clv((SELECT bg FROM bench_clv_models), (SELECT gg FROM bench_clv_models), frequency, recency, age, monetary, 12, 4.345, 0.01)) FROM bench_clv$q$,
    $q$SELECT sum(portfolio.gg_expected_spend((SELECT gg FROM bench_clv_models), frequency, monetary) *
                  (portfolio.bgnbd_expected((SELECT bg FROM bench_clv_models), i * 4.345, frequency, recency, age)
                 - portfolio.bgnbd_expected((SELECT bg FROM bench_clv_models), (i - 1) * 4.345, frequency, recency, age)) / 1.01 ^ i)
         FROM bench_clv, generate_series(1, 12) i$q$,
    :customers,
    $q$SELECT max(abs(a.v - b.v) / b.v) < 1e-12 FROM
         (SELECT id, portfolio.clv((SELECT bg FROM bench_clv_models), (SELECT gg FROM bench_clv_models), frequency, recency, age, monetary, 12, 4.345, 0.01) AS v
            FROM bench_clv WHERE id % 100 = 0) a
         JOIN (SELECT id, sum(portfolio.gg_expected_spend((SELECT gg FROM bench_clv_models), frequency, monetary) *
                              (portfolio.bgnbd_expected((SELECT bg FROM bench_clv_models), i * 4.345, frequency, recency, age)
                             - portfolio.bgnbd_expected((SELECT bg FROM bench_clv_models), (i - 1) * 4.345, frequency, recency, age)) / 1.01 ^ i) AS v
                 FROM bench_clv, generate_series(1, 12) i WHERE id % 100 = 0 GROUP BY id) b USING (id)$q$,
    :reps, '12 bgnbd_expected differences');
\c
CALL bench_clv_time(604, 'clv, ages no two customers share',
    $q$SELECT sum(portfolio.clv((SELECT bg FROM bench_clv_models), (SELECT gg FROM bench_clv_models), frequency, recency, age, monetary, 12, 4.345, 0.01)) FROM bench_clv_continuous$q$,
    NULL, :customers, NULL, 1);
\c
CALL bench_clv_time(605, 'bgnbd_dert (delta 0.0027 a week), ' || :customers / 100 || ' customers',
    $q$SELECT sum(portfolio.bgnbd_dert((SELECT bg FROM bench_clv_models), frequency, recency, age, 0.0027)) FROM bench_clv WHERE id % 100 = 1$q$,
    $q$SELECT sum(0.0027 * w * exp(-0.0027 * t) * portfolio.bgnbd_expected((SELECT bg FROM bench_clv_models), t, frequency, recency, age) * t / 16)
         FROM bench_clv, (SELECT exp(u / 16.0) / 0.0027 AS t, CASE WHEN u IN (-192, 96) THEN 0.5 ELSE 1 END AS w
                            FROM generate_series(-192, 96) u) g WHERE id % 100 = 1$q$,
    :customers / 100,
    $q$SELECT max(abs(a.v - b.v) / b.v) < 1e-7 FROM
         (SELECT id, portfolio.bgnbd_dert((SELECT bg FROM bench_clv_models), frequency, recency, age, 0.0027) AS v FROM bench_clv WHERE id % 1000 = 1) a
         JOIN (SELECT id, sum(0.0027 * w * exp(-0.0027 * t) * portfolio.bgnbd_expected((SELECT bg FROM bench_clv_models), t, frequency, recency, age) * t / 16) AS v
                 FROM bench_clv, (SELECT exp(u / 16.0) / 0.0027 AS t, CASE WHEN u IN (-192, 96) THEN 0.5 ELSE 1 END AS w
                                    FROM generate_series(-192, 96) u) g WHERE id % 1000 = 1 GROUP BY id) b USING (id)$q$,
    :reps, 'trapezoidal integral of bgnbd_expected, 289 points');
\c
CALL bench_clv_time(606, 'clv_by_period (12 rows a customer)',
    $q$SELECT sum(discounted_value) FROM bench_clv,
              portfolio.clv_by_period((SELECT bg FROM bench_clv_models), (SELECT gg FROM bench_clv_models), frequency, recency, age, monetary, 12, 4.345, 0.01)$q$,
    $q$SELECT sum(portfolio.gg_expected_spend((SELECT gg FROM bench_clv_models), frequency, monetary) *
                  (portfolio.bgnbd_expected((SELECT bg FROM bench_clv_models), i * 4.345, frequency, recency, age)
                 - portfolio.bgnbd_expected((SELECT bg FROM bench_clv_models), (i - 1) * 4.345, frequency, recency, age)) / 1.01 ^ i)
         FROM bench_clv, generate_series(1, 12) i$q$,
    :customers, NULL, :reps, '12 bgnbd_expected differences');
\c
CALL bench_clv_time(607, 'repeat_purchase_histogram',
    $q$SELECT count(*) FROM portfolio.repeat_purchase_histogram('bench_clv_tx', 'customer', 'day', '2024-12-29', 'week', 7, (SELECT bg FROM bench_clv_models))$q$,
    $q$SELECT k, sum(portfolio.bgnbd_pmf((SELECT bg FROM bench_clv_models), k, age)) FROM bench_clv, generate_series(0, 6) k GROUP BY k$q$,
    :customers, NULL, :reps, 'one pmf per customer and bucket');
\c
CALL bench_clv_time(608, 'holdout_purchases (39-week holdout)',
    $q$SELECT count(*) FROM portfolio.holdout_purchases('bench_clv_tx', 'customer', 'day', '2024-12-29', DATE '2024-12-29' + 273, 'week', 7, (SELECT bg FROM bench_clv_models))$q$,
    NULL, :customers, NULL, 1);
\c
CALL bench_clv_time(609, 'purchase_tracking (78 weeks)',
    $q$SELECT count(*) FROM portfolio.purchase_tracking('bench_clv_tx', 'customer', 'day', '2024-12-29', DATE '2024-12-29' + 273, 'week', (SELECT bg FROM bench_clv_models))$q$,
    NULL, :customers, NULL, 1);
\c
CALL bench_clv_time(610, 'forecast (12 months, 1,000 new customers a month)',
    $q$SELECT count(*) FROM portfolio.forecast('bench_clv_tx', 'customer', 'day', 'amount', '2024-12-29', 12, 'month', 1000, 25, 'week', (SELECT bg FROM bench_clv_models), (SELECT gg FROM bench_clv_models))$q$,
    NULL, :customers, NULL, 1);
\c
CALL bench_clv_time(611, 'bgbb_fit, one row per donor (52 opportunities)',
    'SELECT portfolio.bgbb_fit(frequency, recency, n) FROM bench_clv_donors', NULL, :customers, NULL, :reps);
\c
CALL bench_clv_time(612, 'bgbb_fit, weighted patterns',
    'SELECT portfolio.bgbb_fit(frequency, recency, n, w) FROM (SELECT frequency, recency, n, count(*)::float8 AS w
                                                                 FROM bench_clv_donors GROUP BY 1, 2, 3) p',
    NULL, :customers, NULL, :reps);
\c
CALL bench_clv_time(613, 'pareto_nbd_fit, first 100,000 customers',
    'SELECT portfolio.pareto_nbd_fit(frequency, recency, age) FROM (SELECT * FROM bench_clv ORDER BY id LIMIT 100000) c',
    NULL, least(:customers, 100000), NULL, 1);
\set QUIET 0

-- ---------- lifetimes, side by side ----------

\if :{?lifetimes}
\set summaries :tmp/bench_clv_summaries.csv
\set params :tmp/bench_clv_params.csv
COPY (SELECT id, frequency, recency, age AS "T", monetary FROM bench_clv ORDER BY id) TO :'summaries' WITH (FORMAT csv, HEADER);
COPY (SELECT (bg).r, (bg).alpha, (bg).a, (bg).b, (gg).p, (gg).q, (gg).v FROM bench_clv_models) TO :'params' WITH (FORMAT csv, HEADER);
\set donors :tmp/bench_clv_donors.csv
COPY (SELECT frequency, recency, n AS n_periods, count(*) AS weights FROM bench_clv_donors GROUP BY 1, 2, 3 ORDER BY 1, 2, 3)
  TO :'donors' WITH (FORMAT csv, HEADER);
-- The server runs the peer (COPY TO PROGRAM: the benchmark is a superuser
-- in its own cluster), writing its times and values beside the summaries.
\set side 'PYTHONPATH=' :lifetimes '/lifetimes:' :lifetimes '/autograd /usr/bin/python3 ' :bench '/lifetimes_side.py ' :summaries ' ' :params ' ' :tmp ' ' :reps ' ' :donors
\echo 'lifetimes 0.11.3 on the same summaries ...'
COPY (SELECT 1 WHERE false) TO PROGRAM :'side';
CREATE TABLE bench_clv_peer_times (step text, seconds float8);
CREATE TABLE bench_clv_peer (id bigint, p_alive float8, expected_39 float8, clv float8);
\set times :tmp/times.csv
\set values :tmp/values.csv
COPY bench_clv_peer_times FROM :'times' WITH (FORMAT csv, HEADER);
COPY bench_clv_peer FROM :'values' WITH (FORMAT csv, HEADER);
\echo
\echo 'portfolio against lifetimes 0.11.3, same customers, same parameters, serial, best of' :reps
SELECT p.step AS "step", round(p.seconds::numeric, 3) AS "lifetimes s",
       round((t.ms / 1000)::numeric, 3) AS "portfolio s",
       round((p.seconds / (t.ms / 1000))::numeric, 1) AS "lifetimes / portfolio"
  FROM bench_clv_peer_times p
  LEFT JOIN bench_clv_times t ON t.ord = CASE p.step WHEN 'p_alive' THEN 601 WHEN 'expected_39' THEN 602
                                                      WHEN 'clv_12_months' THEN 603 END
 WHERE p.step IN ('p_alive', 'expected_39', 'clv_12_months')
 ORDER BY 1;
SELECT p.step AS "lifetimes fit", round(p.seconds::numeric, 3) AS "lifetimes s",
       round((t.ms / 1000)::numeric, 3) AS "portfolio s", round((p.seconds / (t.ms / 1000))::numeric, 1) AS "lifetimes / portfolio"
  FROM bench_clv_peer_times p
  LEFT JOIN bench_clv_times t ON t.ord = CASE WHEN p.step LIKE 'bgbb_fit (weighted patterns)%' THEN 612
                                              WHEN p.step LIKE 'pareto_nbd_fit%' THEN 613 END
 WHERE p.step LIKE '%fit%' ORDER BY 1;
-- Every customer, every prediction: the largest relative difference.
SELECT count(*) AS customers,
       max(abs(o.p_alive - p.p_alive) / p.p_alive) AS "p_alive max rel diff",
       max(abs(o.e - p.expected_39) / nullif(p.expected_39, 0)) AS "expected max rel diff",
       max(abs(o.v - p.clv) / nullif(p.clv, 0)) AS "clv max rel diff",
       count(*) FILTER (WHERE abs(o.p_alive - p.p_alive) > 1e-6 * p.p_alive
                           OR abs(o.e - p.expected_39) > 1e-6 * p.expected_39
                           OR abs(o.v - p.clv) > 1e-6 * p.clv) AS "beyond 1e-6"
  FROM bench_clv_peer p JOIN (
       SELECT id, portfolio.bgnbd_p_alive((SELECT bg FROM bench_clv_models), frequency, recency, age) AS p_alive,
              portfolio.bgnbd_expected((SELECT bg FROM bench_clv_models), 39, frequency, recency, age) AS e,
              portfolio.clv((SELECT bg FROM bench_clv_models), (SELECT gg FROM bench_clv_models), frequency, recency, age, monetary, 12, 4.345, 0.01) AS v
         FROM bench_clv) o USING (id);
\else
\echo 'lifetimes: skipped (no -v lifetimes=DIR with lifetimes/ and autograd/ unpacked from ../shared/vendor/lifetimes)'
\endif

-- ---------- the table ----------

DELETE FROM bench_result WHERE ord BETWEEN 600 AND 699;
INSERT INTO bench_result (ord, capability, step, input_rows, ours_serial_ms, plain_serial_ms, same)
SELECT ord, 'lifetime value', step || coalesce(' (plain: ' || plain_note || ')', ''), input_rows, ms, plain_ms, same
  FROM bench_clv_times;
\pset footer off
\echo
\echo 'best of' :reps 'serial runs, ms; x: plain SQL / ours'
SELECT step, input_rows AS "customers", round(ms::numeric, 1) AS ms, round(plain_ms::numeric, 1) AS "plain ms",
       round((plain_ms / ms)::numeric, 1) AS x, plain_note AS "plain SQL", same
  FROM bench_clv_times ORDER BY ord;

DROP TABLE bench_clv_tx, bench_clv, bench_clv_continuous, bench_clv_models, bench_clv_times, bench_clv_donors;
DROP TABLE IF EXISTS bench_clv_peer, bench_clv_peer_times;
DROP PROCEDURE bench_clv_time;
