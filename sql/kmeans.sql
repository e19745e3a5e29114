-- k-means: distance against its plain-SQL formula; kmeans_fit on clusters
-- generated in plain SQL with known labels (recovered exactly), its
-- centroids, sizes and inertia against plain-SQL recomputations,
-- kmeans_assign against the plain-SQL argmin; determinism (same seed, any
-- row order, serial or parallel: the same bits); duplicates, NULLs, empty
-- input; a look-alike query; the state's text form (bad input:
-- test/kmeans_hostile.sql).
CREATE SCHEMA kmeans_test;
SET search_path = kmeans_test, public;
SET extra_float_digits = 0;

\i test/fixtures/try.sql
\i test/fixtures/plan_has.sql
\i test/fixtures/force_parallel.sql

-- Centroid c of a model as a feature vector.
CREATE FUNCTION centroid(m portfolio.kmeans, c int) RETURNS float8[] LANGUAGE sql IMMUTABLE AS $$
    SELECT array_agg(m.centroids[c][d] ORDER BY d) FROM generate_series(1, array_length(m.centroids, 2)) d
$$;

-- ======================================================================
-- distance
-- ======================================================================

SELECT portfolio.distance('{1,2,3}', '{4,6,3}') AS three_four_five,
       portfolio.distance('{1.5}', '{1.5}') AS same,
       portfolio.distance('{-1,-1}', '{2,3}') AS five,
       portfolio.distance(NULL, '{1}') IS NULL AS strict;

-- Against sqrt(sum((a - b)^2)) on 300 random pairs of 1 to 6 elements.
SELECT setseed(0.125);
CREATE TABLE pairs AS
SELECT p, array_agg(1000 * random() - 500) AS a, array_agg(random() * 1e-3) AS b
  FROM generate_series(1, 300) p, generate_series(1, 1 + p % 6) e
 GROUP BY p;
SELECT count(*) AS pairs,
       count(*) FILTER (WHERE abs(portfolio.distance(a, b) - plain) > 1e-13 * plain) AS mismatches,
       count(*) FILTER (WHERE portfolio.distance(a, b) <> portfolio.distance(b, a)) AS asymmetric
  FROM pairs, LATERAL (SELECT sqrt(sum((x - y) ^ 2)) AS plain FROM unnest(a, b) u(x, y)) s;

-- No overflow or underflow in between: the squares of 3e300 and 3e-300 do
-- not fit a double, their distances do (one beyond 1.8e308 is an error:
-- test/kmeans_hostile.sql).
SELECT portfolio.distance('{3e300,4e300}', '{0,0}') / 5e300 AS big_ratio,
       portfolio.distance('{3e-300,4e-300}', '{0,0}') / 5e-300 AS tiny_ratio,
       portfolio.distance('{1e-320}', '{0}') > 0 AS subnormal_is_not_zero;

-- ======================================================================
-- kmeans_fit on clusters with known labels
-- ======================================================================

-- Four clusters in 3-d, 400/300/200/100 points uniform in a cube of side 4
-- around centres 20 apart: any two points of one cluster are closer than
-- any two of different clusters.
SELECT setseed(0.5);
CREATE TABLE points AS
SELECT row_number() OVER () AS id, label,
       ARRAY[cx + 4 * random() - 2, cy + 4 * random() - 2, cz + 4 * random() - 2] AS f
  FROM (VALUES (1, 0, 0, 0, 400), (2, 20, 0, 0, 300), (3, 0, 20, 0, 200), (4, 20, 20, 20, 100)) c(label, cx, cy, cz, n),
       generate_series(1, n) i;
ANALYZE points;
CREATE TABLE model AS SELECT portfolio.kmeans_fit(f, 4, 42) AS m FROM points;
SELECT (m).sizes, (m).iterations, (m).converged, round((m).inertia::numeric, 6) AS inertia,
       array_dims((m).centroids) AS shape
  FROM model;

-- The fitted clusters are the generating ones: a contingency table that is
-- a permutation (4 label pairs, every cluster pure).
CREATE TABLE assigned AS
SELECT id, label, f, portfolio.kmeans_assign(f, m) AS cluster FROM points, model;
SELECT label, cluster, count(*) FROM assigned GROUP BY label, cluster ORDER BY label, cluster;
SELECT count(DISTINCT (label, cluster)) AS label_pairs, count(DISTINCT label) AS labels,
       count(DISTINCT cluster) AS clusters
  FROM assigned;

-- Centroids are the plain averages of their clusters; sizes the counts.
SELECT count(*) AS coordinates,
       count(*) FILTER (WHERE abs((m).centroids[cluster][d] - mean) > 1e-12 * greatest(1, abs(mean))) AS centroid_mismatches
  FROM model, (SELECT cluster, d, avg(f[d]) AS mean FROM assigned, generate_series(1, 3) d GROUP BY cluster, d) a;
SELECT bool_and((m).sizes[cluster] = n) AS sizes_are_counts
  FROM model, (SELECT cluster, count(*) AS n FROM assigned GROUP BY cluster) c;
-- The centroids are near the generating centres.
SELECT label, round((m).centroids[cluster][1]::numeric, 1) AS x, round((m).centroids[cluster][2]::numeric, 1) AS y,
       round((m).centroids[cluster][3]::numeric, 1) AS z
  FROM model, (SELECT DISTINCT label, cluster FROM assigned) c ORDER BY label;

-- The inertia: the sum of squared distances to the assigned centroids.
SELECT abs((m).inertia - plain) <= 1e-9 * plain AS inertia_matches
  FROM model, (SELECT sum((f[d] - (m).centroids[cluster][d]) ^ 2) AS plain
                 FROM assigned, model, generate_series(1, 3) d) s;

-- kmeans_assign is the plain-SQL argmin over distance() and over the
-- formula (the lowest number on a tie), on the points and on 2,000 random
-- points of a wider box.
SELECT setseed(0.75);
CREATE TABLE probes AS
SELECT ARRAY[50 * random() - 15, 50 * random() - 15, 50 * random() - 15] AS f FROM generate_series(1, 2000);
SELECT count(*) AS vectors,
       count(*) FILTER (WHERE portfolio.kmeans_assign(v.f, m) <> by_distance) AS distance_mismatches,
       count(*) FILTER (WHERE portfolio.kmeans_assign(v.f, m) <> by_formula) AS formula_mismatches
  FROM model, (SELECT f FROM points UNION ALL SELECT f FROM probes) v,
       LATERAL (SELECT c AS by_distance FROM generate_series(1, 4) c
                 ORDER BY portfolio.distance(v.f, centroid(m, c)), c LIMIT 1) a,
       LATERAL (SELECT c AS by_formula FROM generate_series(1, 4) c
                 ORDER BY (SELECT sum((v.f[d] - (m).centroids[c][d]) ^ 2) FROM generate_series(1, 3) d), c LIMIT 1) b;

-- Other seeds number the clusters differently but find the same partition.
SELECT seed, (fit).sizes, (fit).converged,
       (SELECT count(DISTINCT (label, portfolio.kmeans_assign(f, fit))) FROM points) AS label_pairs,
       abs((fit).inertia - (SELECT (m).inertia FROM model)) < 1e-9 * (fit).inertia AS same_inertia
  FROM (SELECT seed, (SELECT portfolio.kmeans_fit(f, 4, seed) FROM points) AS fit
          FROM generate_series(1, 5) seed) s;

-- ======================================================================
-- Look-alikes: the 5 points closest to the centroid of a top group
-- ======================================================================

-- The top group: the 20 points with the largest first feature of cluster
-- label 2; its centroid (kmeans_fit with k = 1 is the mean), and the
-- closest points outside the group.
CREATE TABLE top_group AS SELECT id, f FROM points WHERE label = 2 ORDER BY f[1] DESC LIMIT 20;
CREATE TABLE target AS
SELECT ARRAY(SELECT unnest((portfolio.kmeans_fit(f, 1, 0)).centroids)) AS c FROM top_group;
SELECT bool_and(abs(c[d] - mean) < 1e-12 * greatest(1, abs(mean))) AS k1_centroid_is_the_mean
  FROM target, (SELECT d, avg(f[d]) AS mean FROM top_group, generate_series(1, 3) d GROUP BY d) a;
SELECT id, label, round(portfolio.distance(f, c)::numeric, 6) AS distance
  FROM points, target
 WHERE id NOT IN (SELECT id FROM top_group)
 ORDER BY portfolio.distance(f, c), id
 LIMIT 5;
-- The same five by the plain formula.
SELECT array_agg(id ORDER BY id) AS closest_five
  FROM (SELECT id FROM points, target WHERE id NOT IN (SELECT id FROM top_group)
         ORDER BY (SELECT sum((f[d] - c[d]) ^ 2) FROM generate_series(1, 3) d), id LIMIT 5) s;

-- ======================================================================
-- Determinism: any row order, duplicates, NULLs
-- ======================================================================

SET extra_float_digits = 3;		-- shortest exact text: equal text is equal bits
SELECT (SELECT portfolio.kmeans_fit(f, 4, 42) FROM points)::text
     = (SELECT portfolio.kmeans_fit(f, 4, 42) FROM (SELECT f FROM points ORDER BY random()) s)::text AS any_order,
       (SELECT portfolio.kmeans_fit(f, 4, 42) FROM points)::text
     = (SELECT portfolio.kmeans_fit(f, 4, 42) FROM (SELECT f FROM points ORDER BY id DESC) s)::text AS reversed,
       (SELECT portfolio.kmeans_fit(f, 4, 42) FROM points)::text
     = (SELECT portfolio.kmeans_fit(f, 4, 42)
          FROM (SELECT f FROM points UNION ALL SELECT NULL FROM generate_series(1, 50)) s)::text AS nulls_skipped;
SET extra_float_digits = 0;

-- Every point three times: the same partition, sizes and inertia times 3
-- (the duplicates collapse into weighted distinct points).
SELECT (t).sizes AS tripled_sizes,
       (SELECT bool_and(abs((t).centroids[c][d] - (m).centroids[c][d]) < 1e-12 * greatest(1, abs((m).centroids[c][d])))
          FROM generate_series(1, 4) c, generate_series(1, 3) d) AS same_centroids,
       abs((t).inertia - 3 * (m).inertia) < 1e-12 * (t).inertia AS inertia_tripled
  FROM model, (SELECT portfolio.kmeans_fit(f, 4, 42) AS t FROM points, generate_series(1, 3)) s;

-- k = the number of distinct vectors: every vector its own centroid, inertia 0;
-- -0 and 0 are one value.
SELECT (portfolio.kmeans_fit(f, 3, 7)).*
  FROM (VALUES ('{0,0}'::float8[]), ('{-0,0}'), ('{1,1}'), ('{1,1}'), ('{5,1}'), (NULL)) v(f);
SELECT portfolio.kmeans_fit(f, 1, 7) IS NULL AS all_null FROM (VALUES (NULL::float8[]), (NULL)) v(f);
SELECT portfolio.kmeans_fit(f, 2, 7) IS NULL AS empty FROM points WHERE false;
-- k = 1: the mean, and 1 iteration.
SELECT (portfolio.kmeans_fit(f, 1, 0)).* FROM (VALUES ('{1,10}'::float8[]), ('{2,20}'), ('{6,60}')) v(f);

-- ======================================================================
-- Forced parallel: the same bits as serial
-- ======================================================================

-- 40,000 4-d vectors: three RFM-like scores from 1 to 5 and a spend with
-- two decimals (many duplicates), 1 in 10 NULL.
SELECT setseed(0.25);
CREATE TABLE big AS
SELECT g AS id,
       CASE WHEN g % 10 = 0 THEN NULL
            ELSE ARRAY[ceil(5 * random()), ceil(5 * random()), ceil(5 * random()), round(random()::numeric, 2)::float8] END AS f
  FROM generate_series(1, 40000) g;
ANALYZE big;
CREATE VIEW fits AS
SELECT 1 AS seed, portfolio.kmeans_fit(f, 6, 1) AS m FROM big
UNION ALL SELECT 2, portfolio.kmeans_fit(f, 6, 2) FROM big
UNION ALL SELECT -9223372036854775808, portfolio.kmeans_fit(f, 6, -9223372036854775808) FROM big;
SELECT pg_temp.force_serial();
SET extra_float_digits = 3;
CREATE TABLE serial_fits AS SELECT seed, m::text AS m FROM fits;
SELECT pg_temp.force_parallel();
SELECT pg_temp.plan_has('SELECT * FROM kmeans_test.fits', '"Partial Mode": "Partial"') AS partial_aggregate;
CREATE TABLE parallel_fits AS SELECT seed, m::text AS m FROM fits;
SELECT seed, p.m = s.m AS same_bits FROM serial_fits s JOIN parallel_fits p USING (seed) ORDER BY seed;
-- Each seed is deterministic; the seeds are free to differ (here they do).
SELECT count(DISTINCT m) AS distinct_models FROM serial_fits;
SET extra_float_digits = 0;
SELECT seed, (m::portfolio.kmeans).sizes, (m::portfolio.kmeans).converged,
       round((m::portfolio.kmeans).inertia::numeric, 4) AS inertia
  FROM serial_fits ORDER BY seed;
SELECT sum(n) AS sizes_sum FROM serial_fits, unnest((m::portfolio.kmeans).sizes) n WHERE seed = 1;

-- Empty input and NULL partial states through combine: FILTER hides every
-- row, or all rows but two, from the aggregate (not from the plan).
SELECT pg_temp.plan_has('SELECT portfolio.kmeans_fit(f, 2, 1) FILTER (WHERE id < 0) FROM kmeans_test.big',
                        '"Partial Mode": "Partial"') AS partial_aggregate;
SELECT portfolio.kmeans_fit(f, 2, 1) FILTER (WHERE id < 0) IS NULL AS empty_parallel FROM big;
SELECT portfolio.kmeans_fit(f, 2, 1) FILTER (WHERE id % 10 = 0) IS NULL AS only_nulls_parallel FROM big;
SELECT (portfolio.kmeans_fit(f, 2, 1) FILTER (WHERE id IN (1, 39999))).sizes AS two_rows FROM big;
RESET ALL;
SET search_path = kmeans_test, public;
SET extra_float_digits = 0;

-- ======================================================================
-- kmeans_fit: the edge of the range, and a message
-- ======================================================================

-- Squared distances of 1e300 are still in range (bad input, each with its
-- SQLSTATE and message: test/kmeans_hostile.sql).
SELECT pg_temp.try(format('SELECT portfolio.kmeans_fit(f, %s, %s) FROM (VALUES (%L::float8[]), (%L)) v(f)', k, seed, a, b))
  FROM (VALUES ('1', '1', '{1e150,0}', '{-1e150,0}')) v(k, seed, a, b);
-- The detail names both numbers.
SELECT portfolio.kmeans_fit(f, 3, 1) FROM (VALUES ('{1,2}'::float8[]), ('{1,2}'), ('{3,4}')) v(f);
SELECT portfolio_internal.kmeans_final(NULL) IS NULL AS final_strict;

-- ======================================================================
-- kmeans_assign: models built by hand, the cache
-- ======================================================================

SELECT portfolio.kmeans_assign('{5,5}', ROW('{{0,0},{10,10}}', NULL, NULL, NULL, NULL)::portfolio.kmeans) AS tie_lowest,
       portfolio.kmeans_assign('{9,9}', ROW('{{0,0},{10,10}}', NULL, NULL, NULL, NULL)::portfolio.kmeans) AS second,
       portfolio.kmeans_assign('{1e-200}', ROW('{{2e-200},{1e-200}}', NULL, NULL, NULL, NULL)::portfolio.kmeans) AS tiny_distances,
       portfolio.kmeans_assign('{1e300}', ROW('{{-1e300},{0}}', NULL, NULL, NULL, NULL)::portfolio.kmeans) AS huge_distances,
       portfolio.kmeans_assign(NULL, (SELECT m FROM model)) IS NULL AS strict_features,
       portfolio.kmeans_assign('{1,2,3}', NULL) IS NULL AS strict_model;
-- One call site, a different model on each row: the cache follows.
SELECT i, portfolio.kmeans_assign('{1,1}', m) AS cluster
  FROM (VALUES (1, ROW('{{0,0},{10,10}}', NULL, NULL, NULL, NULL)::portfolio.kmeans),
               (2, ROW('{{10,10},{0,0}}', NULL, NULL, NULL, NULL)::portfolio.kmeans),
               (3, ROW('{{0,0},{10,10}}', NULL, NULL, NULL, NULL)::portfolio.kmeans),
               (4, ROW('{{5,5},{9,9},{1,1.5}}', NULL, NULL, NULL, NULL)::portfolio.kmeans)) v(i, m)
 ORDER BY i;

-- ======================================================================
-- kmeans_state: text form, combine, direct calls
-- ======================================================================

SELECT 'k=2; seed=42; dims=2; 1,2; 3,4.5'::portfolio.kmeans_state;
SELECT ' k=3 ;seed= -7;dims=1;-0; 1e-320 ;2.5 '::portfolio.kmeans_state AS spaces_and_signs;
SELECT 'k=2; seed=1; dims=0'::portfolio.kmeans_state AS no_vectors;
-- Lossless: the text reads back to the same bits whatever extra_float_digits says.
SELECT 'k=2; seed=5; dims=2; 0.1,-0; 5e-324,1.7976931348623157e308; 0.30000000000000004,1e22'::portfolio.kmeans_state AS awkward;
SET extra_float_digits = 3;
CREATE TABLE awkward AS
SELECT i, ARRAY[x, i * x] AS f
  FROM unnest(ARRAY[0.1, 1e-300, 5e-324, 1e150, 123456789.12345678, 2.0 / 3, 1e22, 4.35]::float8[])
       WITH ORDINALITY u(x, i);
CREATE TABLE state_text AS
SELECT 'k=8; seed=5; dims=2; ' || string_agg(f[1]::text || ',' || f[2]::text, '; ' ORDER BY i) AS t FROM awkward;
SET extra_float_digits = -15;
SELECT t::portfolio.kmeans_state::text = t AS text_round_trip FROM state_text;
-- k = 8 distinct vectors: the centroids are the vectors read from the text, bit for bit.
SELECT count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM generate_series(1, 8) c WHERE centroid(m, c) = a.f)) AS vectors_changed,
       m = (SELECT portfolio.kmeans_fit(f, 8, 5) FROM awkward) AS same_as_aggregate
  FROM awkward a, (SELECT portfolio_internal.kmeans_final(t::portfolio.kmeans_state) AS m FROM state_text) s
 GROUP BY m;
SET extra_float_digits = 0;
-- The final function on a state read from text: the aggregate's model.
SELECT portfolio_internal.kmeans_final(('k=2; seed=3; dims=1; ' || string_agg(x::text, '; '))::portfolio.kmeans_state)
     = (SELECT portfolio.kmeans_fit(ARRAY[x], 2, 3) FROM generate_series(1, 9) x) AS final_of_text
  FROM generate_series(1, 9) x;
SELECT portfolio_internal.kmeans_final('k=2; seed=1; dims=0') IS NULL AS empty_final;

-- Called directly (not as an aggregate) the transition and combine
-- functions never change their input.
SELECT s AS before, portfolio_internal.kmeans_accum(s, '{5,6}', 2, 42) AS appended, s AS after
  FROM (SELECT 'k=2; seed=42; dims=2; 1,2'::portfolio.kmeans_state AS s) v;
SELECT portfolio_internal.kmeans_accum(s, NULL, 2, 42) AS null_skipped,
       portfolio_internal.kmeans_accum(NULL, NULL, 2, 42) AS null_first,
       portfolio_internal.kmeans_accum('k=2; seed=42; dims=0', '{7}', 2, 42) AS first_vector
  FROM (SELECT 'k=2; seed=42; dims=2; 1,2'::portfolio.kmeans_state AS s) v;
SELECT a AS before, portfolio_internal.kmeans_combine(a, b) AS combined, a AS after,
       portfolio_internal.kmeans_combine(a, NULL) AS right_null, portfolio_internal.kmeans_combine(NULL, b) AS left_null,
       portfolio_internal.kmeans_combine(NULL, NULL) IS NULL AS both_null,
       portfolio_internal.kmeans_combine('k=2; seed=1; dims=0', b) AS left_empty,
       portfolio_internal.kmeans_combine(a, 'k=2; seed=1; dims=0') AS right_empty
  FROM (SELECT 'k=2; seed=1; dims=2; 1,2'::portfolio.kmeans_state AS a,
               'k=2; seed=1; dims=2; 3,4; 5,6'::portfolio.kmeans_state AS b) v;

DROP SCHEMA kmeans_test CASCADE;
