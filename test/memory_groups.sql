-- No memory growth across groups or rows: a leak into a context that lives
-- longer than one group (or one row) grows with their number.  Each check
-- runs the same query over few and over many groups (or rows), each after
-- a warm-up, and compares the backend's peak memory: VmHWM from
-- /proc/self/status, reset by writing 5 to /proc/self/clear_refs, less the
-- shared memory and mapped files resident (shared_buffers pages touched).
-- Groups come from an index scan into a GroupAggregate, which frees each
-- group's state before the next; the difference allowed is far below the
-- smallest allocation per group that a leak could make (a palloc chunk is
-- at least 16 bytes: over 900,000 extra groups, 14 MB).
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS portfolio;
SELECT plan(5);

SET LOCAL max_parallel_workers_per_gather = 0;
SET LOCAL work_mem = '4MB';
SET LOCAL enable_hashagg = off;
SET LOCAL enable_sort = off;
SET LOCAL enable_seqscan = off;
SET LOCAL enable_bitmapscan = off;
-- The larger queries cost enough for JIT compilation (the predictions declare
-- realistic COSTs), whose LLVM memory is the server's, not ours, and does
-- not grow with the rows: measured without it.
SET LOCAL jit = off;

SELECT setseed(0.125);
-- Two orders per customer g, 1,000,000 customers.
CREATE TABLE mem_orders AS
SELECT g, DATE '2020-01-01' + (g % 700) + 40 * k AS d, ((g % 97) + k + 1)::numeric(10, 2) AS a,
       ((g + k) % 11)::int AS score, ARRAY[(g % 13)::float8, k] AS f
  FROM generate_series(1, 1000000) g, generate_series(0, 1) k;
CREATE INDEX ON mem_orders (g);
ANALYZE mem_orders;

CREATE FUNCTION pg_temp.peak_reset() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE $c$COPY (SELECT 5) TO '/proc/self/clear_refs'$c$;
END $$;
CREATE FUNCTION pg_temp.peak_kb() RETURNS bigint LANGUAGE sql AS $$
    SELECT substring(s FROM 'VmHWM:\s*(\d+)')::bigint
           - substring(s FROM 'RssFile:\s*(\d+)')::bigint
           - substring(s FROM 'RssShmem:\s*(\d+)')::bigint
      FROM (SELECT pg_read_file('/proc/self/status') AS s) f
$$;
-- Peak kB of query (with @N@ = many) less that of query (with @N@ = few).
CREATE FUNCTION pg_temp.growth_kb(query text, few bigint, many bigint) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    small bigint;
BEGIN
    EXECUTE replace(query, '@N@', few::text);  -- warm-up: plans, caches, first touch
    PERFORM pg_temp.peak_reset();
    EXECUTE replace(query, '@N@', few::text);
    small := pg_temp.peak_kb();
    PERFORM pg_temp.peak_reset();
    EXECUTE replace(query, '@N@', many::text);
    RETURN pg_temp.peak_kb() - small;
END $$;

\ir lib/plans.sql

CREATE TEMP TABLE checks (name text, query text, few bigint, many bigint, limit_kb bigint);
INSERT INTO checks VALUES
('summarize, activity, nps, csat, gini, hhi, top_share, lorenz, abc_cuts, scaler_fit, kmeans_fit, rfm_cuts: '
 '1,000,000 groups peak within 2 MB of 100,000', $q$
    SELECT count(q) FROM (
        SELECT g, portfolio.summarize(d, a, DATE '2022-01-01'),
               portfolio.summarize(d, a::float8, DATE '2022-01-01', 'month'),
               portfolio.summarize(d, a, DATE '2022-01-01', 'week'::portfolio.period_unit),
               portfolio.activity(d, a, DATE '2022-01-01', 'quarter'),
               portfolio.nps(score), portfolio.csat(abs(score) % 5 + 1),
               portfolio.gini(a::float8), portfolio.hhi(a::float8), portfolio.top_share(a::float8, 0.5),
               portfolio.lorenz(a::float8, 4), portfolio.abc_cuts(a::float8),
               portfolio.scaler_fit(f), portfolio.kmeans_fit(f, 1, 7),
               portfolio.rfm_cuts(a::float8, score, g)
          FROM mem_orders WHERE g <= @N@ GROUP BY g) q
$q$, 100000, 1000000, 2048),
('bgnbd_fit, mbgnbd_fit, pareto_nbd_fit, gg_fit, sbg_fit, bgbb_fit, repeat_purchase_rate, cohort_matrix, period_retention: '
 '50,000 groups peak within 1 MB of 5,000', $q$
    SELECT count(q) FROM (
        SELECT g, portfolio.bgnbd_fit(x, tx, t), portfolio.mbgnbd_fit(x, tx, t),
               -- one history Pareto/NBD's search leaves in 25 steps (one customer
               -- never identifies the model: others take up to 0.3 s)
               portfolio.pareto_nbd_fit(4, 40, t), portfolio.gg_fit(x + 1, a),
               portfolio.sbg_fit(x::int + 1, x > 1, t), portfolio.bgbb_fit(x, tx / 10, 6),
               portfolio.repeat_purchase_rate(s), portfolio.cohort_matrix(act), portfolio.period_retention(act)
          FROM (SELECT g, portfolio.summarize(d, a, DATE '2022-01-01') AS s,
                       portfolio.activity(d, a, DATE '2022-01-01', 'month') AS act,
                       (g % 5)::float8 AS x, (g % 5)::float8 * 10 AS tx, 60::float8 AS t, avg(a)::float8 AS a
                  FROM mem_orders WHERE g <= @N@ GROUP BY g) per_customer
         GROUP BY g) q
$q$, 5000, 50000, 1024),
-- Scalar functions keep checked arguments and caches in fn_extra: their
-- memory must not grow with the rows either.
('rfm_score, bgnbd_p_alive, bgnbd_expected, mbgnbd_p_alive, mbgnbd_expected, pareto_nbd_p_alive, '
 'pareto_nbd_expected, pareto_nbd_dert, gg_expected_spend, sbg_survival, sbg_derl, bgbb_p_alive, bgbb_expected, '
 'period_start, scale, kmeans_assign, distance, '
 'abc_class, kam_strategy, kam_label, profit_quadrant: 2,000,000 rows peak within 2 MB of 200,000', $q$
    WITH cuts AS MATERIALIZED (
        SELECT (SELECT portfolio.rfm_cuts(s)
                  FROM (SELECT portfolio.summarize(d, a, DATE '2022-01-01') AS s
                          FROM mem_orders WHERE g <= 1000 GROUP BY g) q) AS c,
               portfolio.scaler_fit(f) AS sc, portfolio.abc_cuts(a::float8) AS abc,
               portfolio.kmeans_fit(f, 3, 1) AS km
          FROM mem_orders WHERE g <= 1000),
         model AS MATERIALIZED (
        SELECT ROW(0.24, 4.4, 0.79, 2.4, 0, 1000, true, 'week', NULL)::portfolio.bgnbd AS m,
               ROW(6.25, 3.74, 15.44, 0, 946, true, NULL)::portfolio.gamma_gamma AS gg,
               portfolio.sbg(0.668, 3.806) AS sbg,
               portfolio.mbgnbd(0.525, 6.183, 0.891, 1.614) AS mb,
               portfolio.bgbb(1.204, 0.750, 0.657, 2.783) AS bb,
               portfolio.pareto_nbd(0.553, 10.58, 0.606, 11.67) AS pn)
    SELECT count(q) FROM (
        SELECT portfolio.rfm_score(c, g % 300, g % 7, g % 100),
               portfolio.bgnbd_p_alive(m, 1 + g % 7, 1 + g % 5, 40), portfolio.bgnbd_expected(m, 10, 1 + g % 7, 1 + g % 5, 40),
               portfolio.mbgnbd_p_alive(mb, g % 7, (g % 7 > 0)::int * (1 + g % 5), 40),
               portfolio.mbgnbd_expected(mb, 10, g % 7, (g % 7 > 0)::int * (1 + g % 5), 40),
               portfolio.pareto_nbd_p_alive(pn, g % 7, (g % 7 > 0)::int * (1 + g % 5), 40),
               portfolio.pareto_nbd_expected(pn, 10, g % 7, (g % 7 > 0)::int * (1 + g % 5), 40),
               portfolio.pareto_nbd_dert(pn, g % 7, (g % 7 > 0)::int * (1 + g % 5), 40, 0.0027),
               portfolio.gg_expected_spend(gg, 1 + g % 7, 1 + g % 100), portfolio.period_start(d, 'week'),
               portfolio.sbg_survival(sbg, g % 50), portfolio.sbg_derl(sbg, g % 50, 0.1),
               portfolio.bgbb_p_alive(bb, g % 5, g % 5, 6), portfolio.bgbb_expected(bb, 10, g % 5, g % 5, 6),
               portfolio.scale(f, sc, 'zscore'), portfolio.kmeans_assign(f, km),
               portfolio.distance(f, ARRAY[1, 2]::float8[]), portfolio.abc_class(g % 100, abc),
               portfolio.kam_label(portfolio.kam_strategy(g % 10 / 10.0, g % 7 / 7.0), 'es'),
               portfolio.profit_quadrant(g % 10, g % 7, 5, 3)
          FROM mem_orders, cuts, model WHERE g <= @N@) q
$q$, 100000, 1000000, 2048);

-- The plans read the rows in customer order and free each group's state
-- before the next: no sort, no hash table of all groups.
SELECT is_empty($$SELECT name FROM checks
                   WHERE pg_temp.plan_of(replace(query, '@N@', '10')) ~ 'Sort|Hash'
                      OR pg_temp.plan_of(replace(query, '@N@', '10')) !~ 'Index Scan'
                      OR (query ~ 'GROUP BY' AND pg_temp.plan_of(replace(query, '@N@', '10')) !~ 'GroupAggregate')$$,
    'groups are read in order and aggregated one at a time');
SELECT cmp_ok(pg_temp.growth_kb(query, few, many), '<', limit_kb, name) FROM checks ORDER BY few DESC, limit_kb DESC;

-- The measure itself sees growth: a hash aggregate keeps every group's
-- state until the end (over 100 bytes per customer for summarize).
SELECT set_config('enable_hashagg', 'on', true), set_config('enable_sort', 'on', true),
       set_config('enable_seqscan', 'on', true), set_config('work_mem', '1GB', true) \gset
SELECT cmp_ok(pg_temp.growth_kb($q$
    SELECT count(q) FROM (SELECT g, portfolio.summarize(d, a, DATE '2022-01-01')
                            FROM mem_orders WHERE g <= @N@ GROUP BY g) q
$q$, 100000, 1000000), '>', 51200::bigint,
    'the measure sees a hash aggregate of 1,000,000 summaries grow by more than 50 MB over 100,000');

SELECT * FROM finish();
ROLLBACK;
