-- Concentration, ABC classes and k-means against their plain-SQL equivalents.
--
--   psql -X -f bench/strategy.sql                (where CREATE EXTENSION portfolio works)
--   psql -X -v customers=100000 -v points=100000 -f bench/strategy.sql
--
-- psql variables (defaults): customers (1000000), points (1000000), reps (3).
-- Data, from a fixed seed:
--   bench_revenue  one revenue per customer, lognormal (median 100, heavy tail),
--                  rounded to cents;
--   bench_points   4-dimensional points around 8 well-separated centres.
-- Each pair computes the same numbers both ways, serial and with 2 workers,
-- median of reps runs; "same" says whether the answers agree (Gini within
-- 1e-12 relative; classes exactly; k-means sizes exactly and centroids to
-- 1e-9).  Each step runs in a session of its own, ours serial first, with
-- the backend's peak memory (bench/common.sql) taken around each of those
-- runs, outside the timed interval.  One row per step goes into
-- bench_result (ord 600-699).
--   gini         portfolio.gini against sum((2i - n - 1) x) / (n sum x) with
--                row_number() over the sorted values;
--   abc          portfolio.abc_cuts then abc_class for every customer, counted
--                per class, against the strictly-greater share of each customer
--                from sum() OVER (ORDER BY revenue DESC ... EXCLUDE GROUP);
--   kmeans       portfolio.kmeans_fit (k = 8, seed 42) against the same Lloyd
--                iterations in plain SQL from the centroids kmeans++ chose:
--                a recursive CTE, one assignment (LATERAL ... ORDER BY distance
--                LIMIT 1) and one GROUP BY avg per iteration.  Only the
--                iterations are compared: plain SQL has no k-means++.
--   kmeans_assign  the nearest centroid of every point, against the LATERAL
--                argmin in plain SQL.
\set ON_ERROR_STOP 1
\if :{?customers} \else \set customers 1000000 \endif
\if :{?points} \else \set points 1000000 \endif
\if :{?reps} \else \set reps 3 \endif
SET client_min_messages = warning;

CREATE EXTENSION IF NOT EXISTS portfolio;
\ir common.sql
DROP TABLE IF EXISTS bench_revenue, bench_points, bench_strategy_times, kmeans_model, kmeans_centroids;
DROP FUNCTION IF EXISTS bench_kmeans_text;

SELECT setseed(0.42);
CREATE UNLOGGED TABLE bench_revenue AS
SELECT c AS customer,
       round(exp(ln(100) + 1.2 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()))::numeric, 2)::float8
           AS revenue
  FROM generate_series(1, :customers) c;
-- Centre j (0..7) at 10 * (the bits of j, and j / 4): 10 apart at least;
-- each coordinate normal with sd 1 around it (Box-Muller).
CREATE UNLOGGED TABLE bench_points AS
SELECT i AS point, j AS label,
       ARRAY[10 * (j & 1) + z[1], 10 * ((j >> 1) & 1) + z[2], 10 * ((j >> 2) & 1) + z[3], 5 * j + z[4]]
           AS features
  FROM (SELECT i, (i % 8)::int AS j,
               ARRAY(SELECT sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())
                       FROM generate_series(1, 4) WHERE i > 0) AS z
          FROM generate_series(1, :points) i) g;
VACUUM (FREEZE, ANALYZE) bench_revenue, bench_points;

CREATE TABLE bench_strategy_times (ord int, step text, way text, workers int, ms float8, peak_kb bigint,
                                   answer text);

-- ---- Gini ----------------------------------------------------------------
\set q_gini 'SELECT portfolio.gini(revenue)::text FROM bench_revenue'
\set q_gini_plain 'SELECT (sum((2 * i - n - 1) * revenue) / (max(n) * sum(revenue)))::text FROM (SELECT revenue, row_number() OVER (ORDER BY revenue) AS i, count(*) OVER () AS n FROM bench_revenue) r'
-- Each step in a session of its own, so that the peak memory is that step's
-- and not what generating the data left in the backend.
\set QUIET 1
\c
CALL bench_step_time('bench_strategy_times', 1, 'gini', 'portfolio', :'q_gini', 0, :reps);
CALL bench_step_time('bench_strategy_times', 1, 'gini', 'portfolio', :'q_gini', 2, :reps);
CALL bench_step_time('bench_strategy_times', 1, 'gini', 'plain SQL', :'q_gini_plain', 0, :reps);

-- ---- ABC classes of every customer, counted per class ---------------------
-- The cuts (and below, the k-means model) are a scalar subquery, an InitPlan
-- that the workers receive: joined as a one-row table, the parallel plan
-- would gather the rows and classify them all in the leader.
-- The plain frame is "the peer groups before this one": GROUPS ... 1
-- PRECEDING; RANGE ... CURRENT ROW EXCLUDE GROUP is the same frame but
-- quadratic in PostgreSQL 15.
\set q_abc 'SELECT string_agg(class || '':'' || n, '','' ORDER BY class) FROM (SELECT portfolio.abc_class(revenue, (SELECT portfolio.abc_cuts(revenue) FROM bench_revenue)) AS class, count(*) AS n FROM bench_revenue GROUP BY 1) s'
\set q_abc_plain 'SELECT string_agg(class || '':'' || n, '','' ORDER BY class) FROM (SELECT CASE WHEN above < 0.8 THEN ''A'' WHEN above < 0.95 THEN ''B'' ELSE ''C'' END AS class, count(*) AS n FROM (SELECT coalesce(sum(revenue) OVER (ORDER BY revenue DESC GROUPS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) / sum(revenue) OVER () AS above FROM bench_revenue) w GROUP BY 1) s'
\c
CALL bench_step_time('bench_strategy_times', 2, 'abc classes', 'portfolio', :'q_abc', 0, :reps);
CALL bench_step_time('bench_strategy_times', 2, 'abc classes', 'portfolio', :'q_abc', 2, :reps);
CALL bench_step_time('bench_strategy_times', 2, 'abc classes', 'plain SQL', :'q_abc_plain', 0, :reps);

-- ---- k-means ---------------------------------------------------------------
-- The answer both ways: the cluster sizes and centroids (to 1e-9), sorted,
-- since the two number the clusters differently.
-- PARALLEL SAFE: a function that is not makes the whole query serial.
CREATE FUNCTION bench_kmeans_text(centroids float8[], sizes bigint[]) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT string_agg(format('%s@(%s,%s,%s,%s)', sizes[c], round(centroids[c][1]::numeric, 9),
                             round(centroids[c][2]::numeric, 9), round(centroids[c][3]::numeric, 9),
                             round(centroids[c][4]::numeric, 9)), ' ' ORDER BY sizes[c], centroids[c][1])
      FROM generate_series(1, array_length(sizes, 1)) c
$$;
-- Tables, not temporary ones: parallel workers cannot read temporary tables.
CREATE UNLOGGED TABLE kmeans_model AS SELECT portfolio.kmeans_fit(features, 8, 42) AS m FROM bench_points;
SELECT (m).iterations AS kmeans_iterations FROM kmeans_model \gset
\set q_kmeans 'SELECT bench_kmeans_text((m).centroids, (m).sizes) FROM (SELECT portfolio.kmeans_fit(features, 8, 42) AS m FROM bench_points) s'
-- Lloyd in plain SQL for as many iterations as kmeans_fit ran, from the
-- first 8 points (one in each generating cluster); the last iteration
-- assigns once more to report the sizes.
\set q_kmeans_plain 'WITH RECURSIVE lloyd(iteration, centroids) AS (SELECT 0, (SELECT array_agg(features ORDER BY point) FROM bench_points WHERE point <= 8) UNION ALL SELECT iteration + 1, (SELECT array_agg(v ORDER BY c) FROM (SELECT a.c, ARRAY[avg(p.features[1]), avg(p.features[2]), avg(p.features[3]), avg(p.features[4])] AS v FROM bench_points p CROSS JOIN LATERAL (SELECT c FROM generate_series(1, 8) c ORDER BY (p.features[1] - centroids[c][1]) ^ 2 + (p.features[2] - centroids[c][2]) ^ 2 + (p.features[3] - centroids[c][3]) ^ 2 + (p.features[4] - centroids[c][4]) ^ 2, c LIMIT 1) a GROUP BY a.c) s) FROM lloyd WHERE iteration < ' :kmeans_iterations ') SELECT bench_kmeans_text(centroids, (SELECT array_agg(n ORDER BY c) FROM (SELECT a.c, count(*) AS n FROM bench_points p CROSS JOIN LATERAL (SELECT c FROM generate_series(1, 8) c ORDER BY (p.features[1] - centroids[c][1]) ^ 2 + (p.features[2] - centroids[c][2]) ^ 2 + (p.features[3] - centroids[c][3]) ^ 2 + (p.features[4] - centroids[c][4]) ^ 2, c LIMIT 1) a GROUP BY a.c) s)) FROM lloyd ORDER BY iteration DESC LIMIT 1'
\c
CALL bench_step_time('bench_strategy_times', 3, 'kmeans fit (k = 8)', 'portfolio', :'q_kmeans', 0, :reps);
CALL bench_step_time('bench_strategy_times', 3, 'kmeans fit (k = 8)', 'portfolio', :'q_kmeans', 2, :reps);
CALL bench_step_time('bench_strategy_times', 3, 'kmeans fit (k = 8)', 'plain SQL', :'q_kmeans_plain', 0, 1);

-- ---- nearest centroid of every point ---------------------------------------
CREATE UNLOGGED TABLE kmeans_centroids AS
SELECT c, ARRAY[(m).centroids[c][1], (m).centroids[c][2], (m).centroids[c][3], (m).centroids[c][4]] AS v
  FROM kmeans_model, generate_series(1, 8) c;
\set q_assign 'SELECT sum(portfolio.kmeans_assign(features, (SELECT m FROM kmeans_model)))::text FROM bench_points'
\set q_assign_plain 'SELECT sum(a.c)::text FROM bench_points p CROSS JOIN LATERAL (SELECT c FROM kmeans_centroids ORDER BY (p.features[1] - v[1]) ^ 2 + (p.features[2] - v[2]) ^ 2 + (p.features[3] - v[3]) ^ 2 + (p.features[4] - v[4]) ^ 2, c LIMIT 1) a'
\c
CALL bench_step_time('bench_strategy_times', 4, 'kmeans_assign, every point', 'portfolio', :'q_assign', 0, :reps);
CALL bench_step_time('bench_strategy_times', 4, 'kmeans_assign, every point', 'portfolio', :'q_assign', 2, :reps);
CALL bench_step_time('bench_strategy_times', 4, 'kmeans_assign, every point', 'plain SQL', :'q_assign_plain', 0, :reps);
CALL bench_step_time('bench_strategy_times', 4, 'kmeans_assign, every point', 'plain SQL', :'q_assign_plain', 2, :reps);
\set QUIET 0

-- ---- the table ---------------------------------------------------------------
-- Same: every answer equals ours serial (Gini within 1e-12 relative).
CREATE TEMP TABLE bench_strategy_summed AS
SELECT t.ord, t.step,
       max(t.ms) FILTER (WHERE t.way = 'portfolio' AND t.workers = 0) AS ours0,
       max(t.ms) FILTER (WHERE t.way = 'portfolio' AND t.workers = 2) AS ours2,
       max(t.ms) FILTER (WHERE t.way = 'plain SQL' AND t.workers = 0) AS plain0,
       max(t.ms) FILTER (WHERE t.way = 'plain SQL' AND t.workers = 2) AS plain2,
       max(t.peak_kb) AS peak_kb,
       bool_and(CASE WHEN t.step = 'gini'
                     THEN abs(t.answer::float8 - o.answer::float8)
                          <= 1e-12 * greatest(abs(t.answer::float8), abs(o.answer::float8))
                     ELSE t.answer = o.answer END) AS same
  FROM bench_strategy_times t
  JOIN bench_strategy_times o ON o.ord = t.ord AND o.way = 'portfolio' AND o.workers = 0
 GROUP BY t.ord, t.step;

DELETE FROM bench_result WHERE ord BETWEEN 600 AND 699;
INSERT INTO bench_result
SELECT 599 + ord, CASE WHEN step LIKE 'kmeans%' THEN 'segments' ELSE 'concentration' END,
       CASE ord WHEN 1 THEN 'gini vs row_number() sum'
                WHEN 2 THEN 'abc_cuts + abc_class, every customer, per class'
                WHEN 3 THEN 'kmeans_fit (k = 8) vs Lloyd in a recursive CTE'
                ELSE 'kmeans_assign, every point, vs LATERAL argmin' END,
       CASE WHEN step LIKE 'kmeans%' THEN :points ELSE :customers END,
       ours0, ours2, plain0, plain2, peak_kb, CASE WHEN same THEN 'yes' ELSE 'NO' END
  FROM bench_strategy_summed;

\pset footer off
\echo
\echo 'gini and abc over' :customers 'customers, k-means over' :points '4-d points (kmeans_fit: Lloyd iterations' :kmeans_iterations'); median ms, serial / 2 workers'
SELECT step,
       concat_ws(' / ', round(ours0::numeric), round(ours2::numeric)) AS "portfolio ms",
       concat_ws(' / ', round(plain0::numeric), round(plain2::numeric)) AS "plain SQL ms",
       concat_ws(' / ', round((plain0 / ours0)::numeric, 1) || 'x',
                 round((coalesce(plain2, plain0) / ours2)::numeric, 1) || 'x') AS "plain SQL / portfolio",
       round(peak_kb / 1024.0, 1) AS "peak MB",
       same AS "same answer"
  FROM bench_strategy_summed ORDER BY ord;

DROP TABLE bench_revenue, bench_points, bench_strategy_times, kmeans_model, kmeans_centroids;
DROP FUNCTION bench_kmeans_text;
