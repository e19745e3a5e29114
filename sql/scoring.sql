-- Multi-criteria scoring: scaler_fit against min/max/avg/stddev_pop per
-- dimension in plain SQL, scale (minmax, zscore) against its formulas,
-- weighted_score against plain SQL and hand values, what the messages of
-- bad input say (its cases: test/scoring_hostile.sql), the state functions
-- called directly and on malformed states, a forced parallel plan against
-- the serial one, and the state's text round trip.
CREATE SCHEMA scoring_test;
SET search_path = scoring_test, public;
SET extra_float_digits = 0;

\i test/fixtures/try.sql
\i test/fixtures/plan_has.sql
\i test/fixtures/force_parallel.sql

-- pg_temp.try with the detail, for errors that share a message.
CREATE FUNCTION pg_temp.try_detail(statement text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE detail text;
BEGIN
    EXECUTE statement;
    RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS detail = PG_EXCEPTION_DETAIL;
    RETURN SQLSTATE || ': ' || SQLERRM || coalesce(' (' || nullif(detail, '') || ')', '');
END;
$$;

-- An array rounded for display.
CREATE FUNCTION rounded(a float8[], digits int DEFAULT 6) RETURNS numeric[]
LANGUAGE sql IMMUTABLE AS $$
    SELECT array_agg(round(x::numeric, digits) ORDER BY i) FROM unnest(a) WITH ORDINALITY u(x, i)
$$;

-- 5,000 customers in 5 groups, four criteria each: revenue (uniform, 2
-- decimals), orders (whole), a skewed one (exponential), and the constant
-- 7.5; every 97th customer has no vector.
SELECT setseed(0.42);
CREATE TABLE customers AS
SELECT c AS id, c % 5 AS g,
       CASE WHEN c % 97 = 0 THEN NULL
            ELSE ARRAY[round((random() * 1000)::numeric, 2)::float8, floor(random() * 20),
                       -ln(1 - random()) * 3, 7.5] END AS f
  FROM generate_series(1, 5000) c;

-- ======================================================================
-- scaler_fit against plain SQL
-- ======================================================================

CREATE TABLE fit AS SELECT g, portfolio.scaler_fit(f) AS s FROM customers GROUP BY g;
CREATE TABLE fit_all AS SELECT portfolio.scaler_fit(f) AS s FROM customers;
-- Per group and dimension: count, min, max, avg and stddev_pop of the elements.
CREATE TABLE plain AS
SELECT g, i, count(*) AS n, min(x) AS min, max(x) AS max, avg(x) AS mean, stddev_pop(x) AS sd
  FROM customers, unnest(f) WITH ORDINALITY u(x, i)
 GROUP BY g, i;
-- n, min and max exact; mean and sd within 1e-12 relative (sd exactly 0 for
-- the constant dimension).
SELECT count(*) AS compared,
       count(*) FILTER (WHERE (s).n <> p.n OR (s).min[i] <> p.min OR (s).max[i] <> p.max) AS extremes_differ,
       count(*) FILTER (WHERE abs((s).mean[i] - p.mean) > 1e-12 * abs(p.mean)) AS means_differ,
       count(*) FILTER (WHERE abs((s).sd[i] - p.sd) > 1e-12 * p.sd OR (p.sd = 0) <> ((s).sd[i] = 0)) AS sds_differ,
       bool_and((s).sd[4] = 0 AND (s).mean[4] = 7.5) AS constant_exact
  FROM fit JOIN plain p USING (g);
SELECT (s).n, (SELECT count(*) FROM customers WHERE f IS NOT NULL) AS non_null_vectors,
       rounded((s).min, 4) AS min, rounded((s).max, 4) AS max,
       rounded((s).mean, 4) AS mean, rounded((s).sd, 4) AS sd
  FROM fit_all;
SELECT array_length((s).min, 1) = 4 AND array_length((s).sd, 1) = 4 AS four_dimensions FROM fit_all;

-- NULL vectors are skipped; no vectors (or only NULL ones) give NULL.
SELECT (portfolio.scaler_fit(f)).* FROM (VALUES (NULL::float8[]), ('{1,10}'), (NULL), ('{3,30}')) v(f);
SELECT portfolio.scaler_fit(f) IS NULL AS only_nulls FROM (VALUES (NULL::float8[]), (NULL)) v(f);
SELECT portfolio.scaler_fit(f) IS NULL AS empty FROM customers WHERE false;
-- One vector: sd 0.
SELECT (portfolio.scaler_fit(ARRAY[-2.5, 0, 1e300])).*;

-- ======================================================================
-- scale
-- ======================================================================

-- Both methods against their formulas with the scaler's own numbers (the
-- same floating-point operations: exactly equal), a dimension with no
-- spread giving 0.
CREATE TABLE scaled AS
SELECT c.id, c.f, portfolio.scale(c.f, s) AS mm, portfolio.scale(c.f, s, 'zscore') AS z, s
  FROM customers c, fit_all WHERE c.f IS NOT NULL;
SELECT count(*) AS compared,
       count(*) FILTER (WHERE mm[i] IS DISTINCT FROM
                        CASE WHEN (s).max[i] = (s).min[i] THEN 0
                             ELSE (f[i] - (s).min[i]) / ((s).max[i] - (s).min[i]) END) AS minmax_differ,
       count(*) FILTER (WHERE z[i] IS DISTINCT FROM
                        CASE WHEN (s).sd[i] = 0 THEN 0 ELSE (f[i] - (s).mean[i]) / (s).sd[i] END) AS zscore_differ
  FROM scaled, generate_series(1, 4) i;
-- On the training data: min-max spans exactly [0, 1] (0 where there is no
-- spread); z-scores have mean 0 and population sd 1 (0 and 0 where there is
-- no spread), within 1e-12.
SELECT i, min(mm[i]) AS mm_min, max(mm[i]) AS mm_max,
       abs(avg(z[i])) < 1e-12 AS z_mean_0,
       abs(stddev_pop(z[i]) - CASE WHEN i = 4 THEN 0 ELSE 1 END) < 1e-12 AS z_sd_1
  FROM scaled, generate_series(1, 4) i GROUP BY i ORDER BY i;
-- Against the plain-SQL statistics too (1e-12).
SELECT count(*) FILTER (WHERE abs(z[i] - CASE WHEN p.sd = 0 THEN 0 ELSE (f[i] - p.mean) / p.sd END) > 1e-12)
       AS zscore_vs_plain_differ
  FROM scaled, (SELECT i, avg(x) AS mean, stddev_pop(x) AS sd
                  FROM customers, unnest(f) WITH ORDINALITY u(x, i) GROUP BY i) p;
-- Not clipped: beyond the training range below 0 and above 1, like
-- scikit-learn; the constant dimension gives 0 whatever the value.
SELECT rounded(portfolio.scale('{-100, 40, 0, 8}', s), 6) AS minmax,
       rounded(portfolio.scale('{-100, 40, 0, 8}', s, 'zscore'), 6) AS zscore
  FROM fit_all;
-- A hand-built scaler: minmax needs only min and max, zscore only mean and sd.
SELECT portfolio.scale('{5, 0, 30}', ROW(NULL, '{0, 0, 10}', '{10, 4, 20}', NULL, NULL)::portfolio.scaler) AS minmax,
       portfolio.scale('{5, 0, 30}', ROW(NULL, NULL, NULL, '{1, 2, 3}', '{2, 0, 9}')::portfolio.scaler, 'zscore') AS zscore;
SELECT portfolio.scale(NULL, s) IS NULL AND portfolio.scale('{1,2,3,4}', NULL) IS NULL
       AND portfolio.scale('{1,2,3,4}', s, NULL) IS NULL AS strict
  FROM fit_all;
-- scale keeps the checked fields of the last scaler it saw: rows that change
-- the scaler, the method or the length within one query each get theirs
-- (row 5 is row 1 again).
SELECT v.i, portfolio.scale(v.f, v.s, v.m) AS scaled
  FROM (VALUES (1, '{5, 0}'::float8[], ROW(2, '{0, 0}', '{10, 10}', NULL, NULL)::portfolio.scaler, 'minmax'),
               (2, '{5, 0}', ROW(2, '{0, -10}', '{20, 10}', NULL, NULL)::portfolio.scaler, 'minmax'),
               (3, '{5, 0}', ROW(2, '{0, -10}', '{20, 10}', '{1, 1}', '{2, 4}')::portfolio.scaler, 'zscore'),
               (4, '{5, 0, 1}', ROW(3, '{0, 0, 0}', '{10, 10, 10}', NULL, NULL)::portfolio.scaler, 'minmax'),
               (5, '{5, 0}', ROW(2, '{0, 0}', '{10, 10}', NULL, NULL)::portfolio.scaler, 'minmax')) v(i, f, s, m)
 ORDER BY v.i;

-- ======================================================================
-- weighted_score
-- ======================================================================

-- sum(w c) / sum(w) in plain SQL, on the scaled criteria.
SELECT count(*) AS compared,
       count(*) FILTER (WHERE abs(portfolio.weighted_score(mm, '{5, 3, 2, 0}') - plain) > 1e-12 * greatest(1, abs(plain)))
       AS differ,
       round(min(portfolio.weighted_score(mm, '{5, 3, 2, 0}'))::numeric, 6) AS lowest,
       round(max(portfolio.weighted_score(mm, '{5, 3, 2, 0}'))::numeric, 6) AS highest
  FROM scaled,
       LATERAL (SELECT sum(w * c) / sum(w) AS plain
                  FROM unnest(mm, '{5, 3, 2, 0}'::float8[]) u(c, w)) p;
SELECT portfolio.weighted_score('{0.2, 0.4}', '{1, 1}') AS equal_weights,
       portfolio.weighted_score('{1, 0, 0.5}', '{2, 1, 1}') AS hand_0_625,
       portfolio.weighted_score('{1, 0, 0.5}', '{0.5, 0.25, 0.25}') AS same_normalised,
       portfolio.weighted_score('{3, 9}', '{0, 4}') AS zero_weight_ignored,
       portfolio.weighted_score('{-4}', '{0.1}') AS one_criterion,
       portfolio.weighted_score('{1, 3}', '{1e308, 1e308}') AS huge_weights,
       portfolio.weighted_score('{1.7e308, 1.6e308}', '{1, 1}') AS huge_criteria,
       portfolio.weighted_score(NULL, '{1}') IS NULL AS strict;

-- ======================================================================
-- Bad input: what is still accepted, and what the messages say
-- ======================================================================

-- Lengths must agree across groups' rows only within a group.
SELECT g, (portfolio.scaler_fit(f)).n FROM (VALUES (1, '{1,2}'::float8[]), (2, '{1,2,3}'), (1, '{3,4}')) v(g, f)
 GROUP BY g ORDER BY g;
-- 1000 dimensions are allowed.
SELECT (portfolio.scaler_fit(array_fill(1::float8, ARRAY[1000]))).n AS thousand_dimensions;
-- Statistics near the top of the double range.
SELECT (portfolio.scaler_fit(f)).sd = '{1e150}' AS sd_1e150 FROM (VALUES ('{1e150}'::float8[]), ('{-1e150}')) v(f);

-- The messages say what to change.
SELECT portfolio.scale('{1,2}', ROW(2, '{0,0}', '{1,1}', '{0.5,0.5}', '{0.5,0.5}')::portfolio.scaler, 'robust');
SELECT portfolio.scale('{1,2}', ROW(2, '{0,2}', '{1,1}', NULL, NULL)::portfolio.scaler);
SELECT portfolio.scaler_fit(f) FROM (VALUES ('{1,2}'::float8[]), ('{1,2,3}')) v(f);
SELECT portfolio.scaler_fit(f) FROM (VALUES ('{1e308}'::float8[]), ('{-1e308}')) v(f);

-- weighted_score: the messages say what to change.
SELECT portfolio.weighted_score('{1,2}', '{1,-2}');
SELECT portfolio.weighted_score('{1,2}', '{0,0}');

-- ======================================================================
-- The state functions called directly
-- ======================================================================

-- The state is {n, then min, max, mean, m2 per dimension}; {0} has no dimensions.
SELECT portfolio_internal.scaler_accum('{0}', '{1, 10}') AS first,
       portfolio_internal.scaler_accum(portfolio_internal.scaler_accum('{0}', '{1, 10}'), '{3, 30}') AS second;
-- A direct call leaves its input alone.
WITH s(state) AS (SELECT '{1, 1, 1, 1, 0}'::float8[])
SELECT portfolio_internal.scaler_accum(state, '{3}') AS accumulated, state AS input_unchanged,
       portfolio_internal.scaler_combine(state, state) AS combined, state AS still_unchanged
  FROM s;
SELECT portfolio_internal.scaler_combine('{0}', '{0}') AS both_empty,
       portfolio_internal.scaler_combine('{0}', '{2, 1, 3, 2, 2}') AS left_empty,
       portfolio_internal.scaler_combine('{2, 1, 3, 2, 2}', '{0}') AS right_empty,
       portfolio_internal.scaler_final('{0}') IS NULL AS final_empty,
       (portfolio_internal.scaler_final('{2, 1, 3, 2, 2}')).*;
-- Malformed states: never a crash, 22023 from every function.
SELECT s AS state, pg_temp.try_detail(format('SELECT portfolio_internal.scaler_final(%L)', s)) AS final,
       left(pg_temp.try(format('SELECT portfolio_internal.scaler_accum(%L, ''{1}'')', s)), 5) AS accum,
       left(pg_temp.try(format('SELECT portfolio_internal.scaler_combine(''{1,1,1,1,0}'', %L)', s)), 5) AS combine_right,
       left(pg_temp.try(format('SELECT portfolio_internal.scaler_combine(%L, ''{1,1,1,1,0}'')', s)), 5) AS combine_left
  FROM (VALUES ('{}'), ('{-1}'), ('{0.5}'), ('{1}'), ('{NaN}'), ('{0,1,1,1,0}'), ('{1,1,1,1}'),
               ('{1,2,1,1.5,0}'), ('{1,1,1,1,-1}'), ('{1,1,1,Infinity,0}'), ('{NULL}'), ('{{0}}'),
               ('{1e300,1,1,1,0}')) v(s);
SELECT pg_temp.try_detail($$SELECT portfolio_internal.scaler_combine('{1,NULL}', '{0}')$$) AS left_with_null;
SELECT pg_temp.try_detail($$SELECT portfolio_internal.scaler_final(array_fill(1::float8, ARRAY[4005]))$$) AS beyond_cap;

-- The state's text round trip is exact (shortest round-trip output, the
-- default extra_float_digits = 1): a plain aggregate that stops at the state.
SET extra_float_digits = 1;
CREATE AGGREGATE pg_temp.scaler_state(float8[]) (
    SFUNC = portfolio_internal.scaler_accum, STYPE = float8[], INITCOND = '{0}',
    COMBINEFUNC = portfolio_internal.scaler_combine, PARALLEL = SAFE);
SELECT state::text::float8[] = state AS text_round_trip,
       portfolio_internal.scaler_final(state::text::float8[]) = (SELECT s FROM fit_all) AS same_scaler,
       array_length(state, 1) AS state_length
  FROM (SELECT pg_temp.scaler_state(f) AS state FROM customers) s;
SET extra_float_digits = 0;

-- ======================================================================
-- Parallel
-- ======================================================================

-- 20,000 rows; in sparse only 3 vectors, so most partial states are {0}.
CREATE TABLE many AS
SELECT id + 5000 * k AS id, (id + k) % 7 AS g, f FROM customers, generate_series(0, 3) k;
CREATE TABLE sparse AS
SELECT id, CASE WHEN id IN (17, 9000, 19999) THEN ARRAY[id, -id]::float8[] END AS f FROM many;
ANALYZE many;
ANALYZE sparse;
CREATE VIEW fits AS
SELECT portfolio.scaler_fit(f) AS total,
       portfolio.scaler_fit(f) FILTER (WHERE id IN (3, 14999)) AS two_rows,
       portfolio.scaler_fit(f) FILTER (WHERE id < 0) AS empty
  FROM many;
CREATE VIEW group_fits AS SELECT g, portfolio.scaler_fit(f) AS s FROM many GROUP BY g;
CREATE VIEW sparse_fit AS SELECT portfolio.scaler_fit(f) AS s FROM sparse;
SELECT pg_temp.force_serial();
CREATE TABLE serial_fits AS SELECT * FROM fits;
CREATE TABLE serial_groups AS SELECT * FROM group_fits;
CREATE TABLE serial_sparse AS SELECT * FROM sparse_fit;
SELECT pg_temp.force_parallel();
SELECT pg_temp.plan_has('SELECT * FROM scoring_test.fits', '"Partial Mode": "Partial"') AS total_partial,
       pg_temp.plan_has('SELECT * FROM scoring_test.group_fits', '"Partial Mode": "Partial"') AS grouped_partial,
       pg_temp.plan_has('SELECT * FROM scoring_test.sparse_fit', '"Partial Mode": "Partial"') AS sparse_partial;
CREATE TEMP TABLE parallel_fits AS SELECT * FROM fits;
CREATE TEMP TABLE parallel_groups AS SELECT * FROM group_fits;
CREATE TEMP TABLE parallel_sparse AS SELECT * FROM sparse_fit;
SELECT pg_temp.force_serial();
-- Same n, min and max; mean and sd within 1e-12 (merge order differs).
CREATE FUNCTION same_scaler(a portfolio.scaler, b portfolio.scaler) RETURNS bool
LANGUAGE sql IMMUTABLE AS $$
    SELECT (a IS NULL AND b IS NULL)
        OR ((a).n = (b).n AND (a).min = (b).min AND (a).max = (b).max
            AND (SELECT bool_and(abs((a).mean[i] - (b).mean[i]) <= 1e-12 * greatest(abs((b).mean[i]), 1e-300)
                                 AND abs((a).sd[i] - (b).sd[i]) <= 1e-12 * (b).sd[i])
                   FROM generate_series(1, array_length((a).min, 1)) i))
$$;
SELECT same_scaler(p.total, s.total) AS total, (p.total).n,
       same_scaler(p.two_rows, s.two_rows) AS two_rows, (p.two_rows).n AS two_rows_n,
       p.empty IS NULL AND s.empty IS NULL AS empty
  FROM parallel_fits p, serial_fits s;
SELECT count(*) AS groups, count(*) FILTER (WHERE same_scaler(p.s, q.s)) AS same
  FROM parallel_groups p JOIN serial_groups q USING (g);
SELECT same_scaler(p.s, q.s) AS sparse_same, (p.s).* FROM parallel_sparse p, serial_sparse q;

DROP SCHEMA scoring_test CASCADE;
