-- concentration: gini, hhi, top_share, lorenz, abc_cuts and abc_class on
-- hand-computed examples and against plain SQL of the literal definitions;
-- NULL, empty and all-zero input; text I/O of the state and of abc_cuts;
-- parallel plans equal to serial ones (bad input:
-- test/concentration_hostile.sql).  The CDNOW comparison is
-- concentration_cdnow.
CREATE SCHEMA concentration_test;
SET search_path = concentration_test, public;
SET extra_float_digits = 0;

\i test/fixtures/try.sql
\i test/fixtures/plan_has.sql
\i test/fixtures/force_parallel.sql

--
-- 1. Hand-computed examples.
--
CREATE TABLE hand (name text, x float8);
INSERT INTO hand VALUES
    ('four', 1), ('four', 2), ('four', 3), ('four', 4),
    ('equal', 3), ('equal', 3), ('equal', 3), ('equal', 3), ('equal', 3),
    ('holder', 0), ('holder', 0), ('holder', 0), ('holder', 5),
    ('one', 42);
-- four {1,2,3,4}, X = 10: pairwise sum |xi - xj| = 20, gini = 20 / (2 * 4 * 10) = 0.25;
--   hhi = (1 + 4 + 9 + 16) / 100 = 0.3; the top half (2 of 4) holds 7/10.
-- equal {3 x5}: gini 0, hhi 1/5, top 40% (2 of 5) holds 0.4.
-- holder {0,0,0,5}: gini (n - 1)/n = 0.75, hhi 1, the top 50% holds everything.
-- one {42}: gini 0, hhi 1, top share 1 (any fraction > 0 takes one customer).
SELECT name, portfolio.gini(x) AS gini, portfolio.hhi(x) AS hhi,
       portfolio.top_share(x, 0.5) AS top_half, portfolio.top_share(x, 0.4) AS top_40
  FROM hand GROUP BY name ORDER BY name;
-- Lorenz, value j = share of the floor(j n / points) smallest:
-- four, 4 points: 0, 1/10, 3/10, 6/10, 1; 3 points: floor(4/3) = 1 and
-- floor(8/3) = 2 values, so 0, 0.1, 0.3, 1; equal: j/points; holder: 0 until the end.
SELECT name, portfolio.lorenz(x, 4) AS four_points, portfolio.lorenz(x, 3) AS three_points,
       portfolio.lorenz(x, 1) AS one_point
  FROM hand GROUP BY name ORDER BY name;
-- ABC with 80/95: four: share of strictly greater values is 0 for 4, .4
-- for 3, .7 for 2, .9 for 1: 4, 3, 2 are A and 1 is B (a = 2, b = 1).
-- equal: nothing lies above anybody, all A.  holder: 5 is A; above 0 lies
-- everything (share 1), so 0 is C and b = a = 5.
SELECT name, portfolio.abc_cuts(x) AS default_cuts, portfolio.abc_cuts(x, 0.5, 0.9) AS cuts_50_90
  FROM hand GROUP BY name ORDER BY name;
WITH cuts AS (SELECT name, portfolio.abc_cuts(x) AS c, portfolio.abc_cuts(x, 0.5, 0.9) AS c5090
                FROM hand GROUP BY name)
SELECT h.name, h.x, portfolio.abc_class(h.x, c) AS class, portfolio.abc_class(h.x, c5090) AS class_50_90
  FROM hand h JOIN cuts USING (name) ORDER BY h.name, h.x DESC;

-- top_share: k = ceil(fraction * n - 1e-9) of n = 100 customers worth 1..100
-- (X = 5050): 7% is 7 customers (94 + ... + 100 = 679), although 0.07 * 100 is
-- 7.000000000000001 in float8; 0 holds 0; 1 holds everything.
CREATE TABLE hundred AS SELECT g AS id, g::float8 AS x FROM generate_series(1, 100) g;
SELECT 0.07::float8 * 100 AS float_product, ceil(0.07::float8 * 100 - 1e-9) AS k,
       portfolio.top_share(x, 0.07) AS top_7, 679 / 5050.0 AS expected_7,
       portfolio.top_share(x, 0) AS top_0, portfolio.top_share(x, 1) AS top_1,
       portfolio.top_share(x, 0.005) AS top_half_percent, 100 / 5050.0 AS expected_one
  FROM hundred;
-- Lorenz with more points than customers repeats values; points = 1 is {0, 1}.
SELECT portfolio.lorenz(x, 1) AS one_point, portfolio.lorenz(x, 6) AS six_points
  FROM hand WHERE name = 'four';

--
-- 2. ABC boundaries: who crosses, ties, equal shares, b_share = 1.
--
CREATE TABLE abc_hand (name text, x float8);
INSERT INTO abc_hand VALUES
    -- 60 holds .6 < .8, so 30 is A although it brings the total to .9; 10 is B
    ('cross', 60), ('cross', 30), ('cross', 10),
    -- two customers of 40 straddle 0.5 together: above either lies 0, both A
    ('ties', 40), ('ties', 40), ('ties', 20),
    -- above 20 lie exactly .7 and above 10 exactly .9: with 0.7 / 0.9, 20 is B
    -- (not below 0.7) and 10 is C (not below 0.9); zeros are always C
    ('exact', 40), ('exact', 30), ('exact', 20), ('exact', 10), ('exact', 0), ('exact', 0);
SELECT name, portfolio.abc_cuts(x) AS default_cuts, portfolio.abc_cuts(x, 0.5, 0.9) AS cuts_50_90,
       portfolio.abc_cuts(x, 0.7, 0.9) AS cuts_70_90, portfolio.abc_cuts(x, 0.5, 0.5) AS no_b,
       portfolio.abc_cuts(x, 1, 1) AS all_a
  FROM abc_hand GROUP BY name ORDER BY name;
WITH cuts AS (SELECT name, portfolio.abc_cuts(x) AS c8095, portfolio.abc_cuts(x, 0.5, 0.9) AS c5090,
                     portfolio.abc_cuts(x, 0.7, 0.9) AS c7090, portfolio.abc_cuts(x, 0.5, 0.5) AS c5050,
                     portfolio.abc_cuts(x, 1, 1) AS c11
                FROM abc_hand GROUP BY name)
SELECT h.name, h.x, portfolio.abc_class(h.x, c8095) AS "80/95", portfolio.abc_class(h.x, c5090) AS "50/90",
       portfolio.abc_class(h.x, c7090) AS "70/90", portfolio.abc_class(h.x, c5050) AS "50/50",
       portfolio.abc_class(h.x, c11) AS "100/100"
  FROM abc_hand h JOIN cuts USING (name) ORDER BY h.name, h.x DESC;
-- Values the learner did not see: the class of the next smaller seen value,
-- C below them all.
SELECT v, portfolio.abc_class(v, 'a_share=0.8; b_share=0.95; a=30; b=10') AS class
  FROM unnest(ARRAY[1e9, 30, 29.99, 10, 9.99, 0]::float8[]) v;

--
-- 3. Plain-SQL references of the literal definitions, on 4 x 300 generated
-- customers (spread values, a skewed distribution, heavy ties with zeros, a
-- few large holders).  The references compute in numeric from the same
-- decimals; every comparison allows 1e-12 relative and prints a count or a
-- boolean.
--
CREATE TABLE gen (g int, id int, amount numeric, x float8);
INSERT INTO gen
SELECT g, i, a, a::float8
  FROM generate_series(1, 4) g, generate_series(1, 300) i,
       LATERAL (SELECT (CASE g WHEN 1 THEN round((i * 7919 % 1000) / 7.0, 2)
                               WHEN 2 THEN round(exp((i * 37 % 300) / 30.0)::numeric, 2)
                               WHEN 3 THEN (i % 5) * 10
                               ELSE CASE WHEN i % 50 = 0 THEN 1000 ELSE 0.01 END END)::numeric AS a) v;
CREATE FUNCTION pg_temp.close(a float8, b numeric) RETURNS bool LANGUAGE sql IMMUTABLE AS
$$ SELECT abs(a::numeric - b) <= 1e-12 * abs(b) $$;
CREATE TEMP TABLE gen_total AS
  SELECT g, count(*) AS n, sum(amount) AS total FROM gen GROUP BY g;
SELECT g, n, total, count(DISTINCT amount) AS distinct_values, min(amount), max(amount)
  FROM gen_total JOIN gen USING (g) GROUP BY g, n, total ORDER BY g;

-- Gini: the self-join over all pairs, sum |x_i - x_j| / (2 n X).
CREATE TEMP TABLE ref_gini AS
  SELECT a.g, sum(abs(a.amount - b.amount)) / (2 * t.n * t.total) AS gini
    FROM gen a JOIN gen b USING (g) JOIN gen_total t USING (g) GROUP BY a.g, t.n, t.total;
-- HHI: the sum of squared shares.
CREATE TEMP TABLE ref_hhi AS
  SELECT g, sum((amount / total) ^ 2) AS hhi FROM gen JOIN gen_total USING (g) GROUP BY g;
SELECT g, round(e.gini::numeric, 12) AS gini, pg_temp.close(e.gini, r.gini) AS gini_ok,
       round(e.hhi::numeric, 12) AS hhi, pg_temp.close(e.hhi, h.hhi) AS hhi_ok
  FROM (SELECT g, portfolio.gini(x) AS gini, portfolio.hhi(x) AS hhi FROM gen GROUP BY g) e
  JOIN ref_gini r USING (g) JOIN ref_hhi h USING (g) ORDER BY g;

-- Top share: the k = ceil(fraction n - 1e-9) largest, by ORDER BY ... LIMIT.
SELECT t.g, f AS fraction, ceil(f * t.n - 1e-9)::int AS k,
       round(portfolio_share::numeric, 12) AS share,
       pg_temp.close(portfolio_share,
                     coalesce((SELECT sum(amount) FROM (SELECT amount FROM gen WHERE gen.g = t.g
                                                        ORDER BY amount DESC
                                                        LIMIT ceil(f * t.n - 1e-9)::int) top), 0)
                     / t.total) AS same
  FROM gen_total t
  CROSS JOIN unnest(ARRAY[0, 0.001, 0.01, 0.07, 0.2, 0.5, 0.999, 1]::float8[]) f
  CROSS JOIN LATERAL (SELECT portfolio.top_share(x, f) AS portfolio_share FROM gen WHERE gen.g = t.g) e
 ORDER BY t.g, f;

-- Lorenz: value j = the running sum (by row_number) at row floor(j n / points) over X.
CREATE TEMP TABLE gen_rank AS
  SELECT g, amount, row_number() OVER w AS rn, sum(amount) OVER w AS cum
    FROM gen WINDOW w AS (PARTITION BY g ORDER BY amount ROWS UNBOUNDED PRECEDING);
SELECT t.g, p AS points, count(*) AS n_values,
       count(*) FILTER (WHERE NOT pg_temp.close(l.share, coalesce(r.cum, 0) / t.total)) AS mismatched
  FROM gen_total t
  CROSS JOIN unnest(ARRAY[1, 4, 7, 10, 100, 299, 300, 1000]) p
  CROSS JOIN LATERAL (SELECT portfolio.lorenz(x, p) AS curve FROM gen WHERE gen.g = t.g) e
  CROSS JOIN LATERAL unnest(e.curve) WITH ORDINALITY l(share, j1)
  LEFT JOIN gen_rank r ON r.g = t.g AND r.rn = (l.j1 - 1) * t.n / p
 GROUP BY t.g, p ORDER BY t.g, p;

-- ABC: the share held by strictly greater values from a window frame that
-- excludes the customer's own group of equal values; every customer's class
-- from abc_class with the learned cuts must be the class of the rule.
CREATE TEMP TABLE ref_above AS
  SELECT g, id, amount, x,
         coalesce(sum(amount) OVER (PARTITION BY g ORDER BY amount DESC
                                    RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW EXCLUDE GROUP), 0)
           / sum(amount) OVER (PARTITION BY g) AS above
    FROM gen;
-- The same frame as GROUPS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING (the
-- peer groups before the customer's own), which concentration_cdnow uses
-- because PostgreSQL evaluates EXCLUDE GROUP in quadratic time.
SELECT count(*) AS customers, count(*) FILTER (WHERE above IS DISTINCT FROM groups_above) AS differ
  FROM (SELECT above,
               coalesce(sum(amount) OVER (PARTITION BY g ORDER BY amount DESC
                                          GROUPS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)
                 / sum(amount) OVER (PARTITION BY g) AS groups_above
          FROM ref_above) r;
CREATE TEMP TABLE shares (a_share float8, b_share float8);
INSERT INTO shares VALUES (0.8, 0.95), (0.5, 0.9), (0.7, 0.9), (0.2, 0.2), (1, 1), (0.01, 0.99);
CREATE TEMP TABLE gen_cuts AS
  SELECT g, a_share, b_share, portfolio.abc_cuts(x, a_share, b_share) AS cuts
    FROM gen CROSS JOIN shares GROUP BY g, a_share, b_share;
SELECT c.g, c.a_share, c.b_share, c.cuts::text AS cuts,
       count(*) FILTER (WHERE portfolio.abc_class(r.x, c.cuts) = 'A') AS a,
       count(*) FILTER (WHERE portfolio.abc_class(r.x, c.cuts) = 'B') AS b,
       count(*) FILTER (WHERE portfolio.abc_class(r.x, c.cuts) = 'C') AS c,
       count(*) FILTER (WHERE portfolio.abc_class(r.x, c.cuts)
                              <> CASE WHEN r.above < c.a_share THEN 'A'
                                      WHEN r.above < c.b_share THEN 'B' ELSE 'C' END) AS mismatched
  FROM gen_cuts c JOIN ref_above r USING (g)
 GROUP BY c.g, c.a_share, c.b_share, c.cuts::text ORDER BY c.g, c.a_share, c.b_share;
-- abc_cuts(x) is abc_cuts(x, 0.8, 0.95).
SELECT g, portfolio.abc_cuts(x)::text = portfolio.abc_cuts(x, 0.8, 0.95)::text AS same_as_80_95
  FROM gen GROUP BY g ORDER BY g;

-- The order of the rows does not matter: the same values shuffled.
SELECT g, portfolio.gini(x ORDER BY id) = portfolio.gini(x ORDER BY md5(id::text)) AS gini,
       portfolio.lorenz(x, 10 ORDER BY id) = portfolio.lorenz(x, 10 ORDER BY x DESC) AS lorenz,
       portfolio.abc_cuts(x ORDER BY id)::text = portfolio.abc_cuts(x ORDER BY md5(id::text))::text AS abc
  FROM gen GROUP BY g ORDER BY g;

-- As a window aggregate (the final function runs again on a growing state):
-- the running Gini of the first rows equals the Gini of those rows.
SELECT count(*) AS rows,
       count(*) FILTER (WHERE running IS DISTINCT FROM
                               (SELECT portfolio.gini(b.x) FROM gen b WHERE b.g = 2 AND b.id <= a.id)) AS mismatched
  FROM (SELECT id, portfolio.gini(x) OVER (ORDER BY id) AS running FROM gen WHERE g = 2) a;

--
-- 4. NULL, empty and all-zero input: NULL from every aggregate.
--
CREATE TABLE edge (name text, x float8);
INSERT INTO edge VALUES ('nulls', NULL), ('nulls', NULL), ('zeros', 0), ('zeros', 0), ('zeros', NULL),
                        ('mixed', NULL), ('mixed', 2), ('mixed', NULL), ('mixed', 6);
SELECT name, portfolio.gini(x) AS gini, portfolio.hhi(x) AS hhi, portfolio.top_share(x, 0.5) AS top,
       portfolio.lorenz(x, 2) AS lorenz, portfolio.abc_cuts(x) AS cuts, portfolio.abc_cuts(x, 0.5, 0.6) AS cuts_50_60
  FROM edge GROUP BY name ORDER BY name;
SELECT portfolio.gini(x) IS NULL AS gini, portfolio.hhi(x) IS NULL AS hhi,
       portfolio.top_share(x, 0.5) IS NULL AS top, portfolio.lorenz(x, 2) IS NULL AS lorenz,
       portfolio.abc_cuts(x) IS NULL AS cuts
  FROM edge WHERE false;
-- abc_class is strict.
SELECT portfolio.abc_class(NULL, 'a_share=0.8; b_share=0.95; a=3; b=1') IS NULL AS null_value,
       portfolio.abc_class(1, NULL) IS NULL AS null_cuts;
-- -0 is 0; huge and tiny values are fine where their sums stay in range.
SELECT portfolio.gini(x) AS gini, portfolio.top_share(x, 0.5) AS top, portfolio.abc_cuts(x) AS cuts
  FROM unnest(ARRAY['-0', 1e300, 3e300]::float8[]) x;
SELECT portfolio.gini(x) AS gini, portfolio.hhi(x) AS hhi, portfolio.lorenz(x, 2) AS lorenz
  FROM unnest(ARRAY[1e-100, 3e-100]::float8[]) x;

--
-- 5. Parameters, states and overflow (bad input, each with its SQLSTATE
-- and message: test/concentration_hostile.sql).
--
-- grouping by the parameter is the way to ask for several
SELECT f, portfolio.top_share(x, f) FROM hand CROSS JOIN (VALUES (0.25::float8), (0.5)) v(f)
 WHERE name = 'four' GROUP BY f ORDER BY f;
-- combining states, with NULL on either side
SELECT portfolio_internal.concentration_combine(NULL, 'args=0.1; values=1') AS null_left,
       portfolio_internal.concentration_combine('args=0.1; values=1', NULL) AS null_right,
       portfolio_internal.concentration_combine(NULL, NULL) IS NULL AS both_null,
       portfolio_internal.concentration_combine('args=0.1; values=1,2', 'args=0.1; values=') AS empty_right;
-- hhi's squares overflow and underflow (22003) where core's float8
-- arithmetic does
SELECT pg_temp.try($$SELECT portfolio.hhi(x) FROM unnest(ARRAY[1e200]::float8[]) x$$);
SELECT pg_temp.try($$SELECT portfolio.hhi(x) FROM unnest(ARRAY[1e-200]::float8[]) x$$);
-- the same value under core's float8 arithmetic
SELECT pg_temp.try($$SELECT sum(x * x) FROM unnest(ARRAY[1e200]::float8[]) x$$);
SELECT pg_temp.try($$SELECT sum(x * x) FROM unnest(ARRAY[1e-200]::float8[]) x$$);
-- called directly, the support functions leave their input alone
WITH s AS (SELECT '{1,2,0,4,0}'::float8[] AS state)
SELECT portfolio_internal.hhi_accum(state, 3) AS accumulated, portfolio_internal.hhi_combine(state, state) AS combined,
       state AS unchanged, portfolio_internal.hhi_final('{2,5,0,13,0}') AS hhi_2_3
  FROM s;
WITH s AS (SELECT 'args=0.5; values=1,2'::portfolio.concentration_state AS state)
SELECT portfolio_internal.concentration_accum_fraction(state, 3, 0.5) AS accumulated,
       portfolio_internal.concentration_combine(state, state) AS combined, state AS unchanged,
       portfolio_internal.concentration_accum_fraction(NULL, NULL, 0.5) AS from_null_value
  FROM s;

--
-- 6. Text I/O: lossless round trips (malformed text:
-- test/concentration_hostile.sql).
--
SELECT s::text AS state, s::text::portfolio.concentration_state::text = s::text AS round_trip
  FROM (VALUES ('args=0.8,0.95; values=120.5,3,0'::portfolio.concentration_state),
               ('args=; values='),
               ('  args=; values=  '),
               ('args=7; values=0.30000000000000004, 1e-300,5e-324 ,1.7976931348623157e308'),
               ('args=-0; values=-0')) v(s);
SELECT portfolio_internal.gini_final('args=; values=1,2,3,4') AS gini,
       portfolio_internal.lorenz_final('args=4; values=4,3,2,1') AS lorenz,
       portfolio_internal.top_share_final('args=0.5; values=1,2,3,4') AS top,
       portfolio_internal.abc_cuts_final('args=; values=1,2,3,4') AS cuts,
       portfolio_internal.gini_final('args=; values=') IS NULL AS empty_gini;
-- a state's text is what the transition functions built
SELECT portfolio_internal.concentration_accum_abc(portfolio_internal.concentration_accum_abc(NULL, 1.5, 0.8, 0.95), 0.1, 0.8, 0.95),
       portfolio_internal.concentration_accum_points(NULL, 2, 10);
SELECT c::text AS cuts, c::text::portfolio.abc_cuts::text = c::text AS round_trip
  FROM (VALUES ('a_share=0.8; b_share=0.95; a=120.5; b=40'::portfolio.abc_cuts),
               ('a_share=1;b_share=1;a=0;b=0'),
               ('  a_share= 0.1 ;b_share=0.30000000000000004;  a=1e300 ; b= 5e-324  ')) v(c);

--
-- 7. Forced parallel plans give exactly the serial answers (HHI's sums are
-- merged in another order: within 1e-15).  Group 3's values all sit in the
-- first rows and the rest of it is NULL, so the workers that scan the later
-- blocks see only NULLs for it; group 4 is all NULL.
--
CREATE TABLE par (g int, x float8);
INSERT INTO par SELECT 3, round(((i * 7919) % 1000)::numeric / 3, 2) FROM generate_series(1, 100) i;
INSERT INTO par
SELECT i % 4 + 1,
       CASE i % 4 WHEN 0 THEN round(exp((i % 997) / 100.0)::numeric, 2)
                  WHEN 1 THEN ((i * 31) % 50)::float8
                  ELSE NULL END
  FROM generate_series(1, 60000) i;
ANALYZE par;
CREATE VIEW par_result AS
SELECT g, portfolio.gini(x) AS gini, portfolio.hhi(x) AS hhi, portfolio.top_share(x, 0.1) AS top,
       portfolio.lorenz(x, 10) AS lorenz, portfolio.abc_cuts(x)::text AS cuts,
       portfolio.abc_cuts(x, 0.5, 0.9)::text AS cuts_50_90
  FROM par GROUP BY g;
CREATE VIEW par_all AS
SELECT portfolio.gini(x) AS gini, portfolio.hhi(x) AS hhi, portfolio.top_share(x, 0.1) AS top,
       portfolio.lorenz(x, 10) AS lorenz, portfolio.abc_cuts(x)::text AS cuts,
       portfolio.abc_cuts(x, 0.5, 0.9)::text AS cuts_50_90
  FROM par;
SELECT pg_temp.force_parallel();
SELECT pg_temp.plan_has('SELECT * FROM par_result', '"Partial Mode": "Partial"') AS grouped_partial,
       pg_temp.plan_has('SELECT * FROM par_all', '"Partial Mode": "Partial"') AS plain_partial;
CREATE TABLE par_parallel AS SELECT * FROM par_result;
CREATE TABLE par_all_parallel AS SELECT * FROM par_all;
SELECT pg_temp.force_serial();
SELECT pg_temp.plan_has('SELECT * FROM par_result', '"Partial Mode": "Partial"') AS serial_partial;
CREATE TABLE par_serial AS SELECT * FROM par_result;
CREATE TABLE par_all_serial AS SELECT * FROM par_all;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET enable_hashagg;
SELECT g, s.gini IS NOT DISTINCT FROM p.gini AS gini,
       abs(s.hhi - p.hhi) <= 1e-15 * s.hhi OR (s.hhi IS NULL AND p.hhi IS NULL) AS hhi,
       s.top IS NOT DISTINCT FROM p.top AS top, s.lorenz IS NOT DISTINCT FROM p.lorenz AS lorenz,
       s.cuts IS NOT DISTINCT FROM p.cuts AS cuts, s.cuts_50_90 IS NOT DISTINCT FROM p.cuts_50_90 AS cuts_50_90
  FROM par_serial s FULL JOIN par_parallel p USING (g) ORDER BY g;
SELECT s.gini = p.gini AS gini, abs(s.hhi - p.hhi) <= 1e-15 * s.hhi AS hhi, s.top = p.top AS top,
       s.lorenz = p.lorenz AS lorenz, s.cuts = p.cuts AS cuts, s.cuts_50_90 = p.cuts_50_90 AS cuts_50_90
  FROM par_all_serial s, par_all_parallel p;
SELECT g, round(gini::numeric, 6) AS gini, round(hhi::numeric, 6) AS hhi, round(top::numeric, 6) AS top,
       lorenz[2] IS NOT NULL AS has_curve, cuts, cuts_50_90
  FROM par_serial ORDER BY g;

SET client_min_messages = warning;
DROP SCHEMA concentration_test CASCADE;
RESET client_min_messages;
RESET search_path;
