-- Every public function and aggregate of k-means segments and look-alikes
-- (kmeans_fit, kmeans_assign, distance, the kmeans composite and the
-- kmeans_state type) given hostile input: each case has an asserted outcome
-- (a documented value, or an error with its SQLSTATE and message).
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS portfolio;
SELECT plan(128);
SET LOCAL client_min_messages = warning;
\ir lib/plans.sql
CREATE TEMP TABLE pts(v float8[]);
INSERT INTO pts SELECT ARRAY[(i % 3) * 10 + (i % 7) * 0.1, (i % 3) * 10 + (i % 5) * 0.1]::float8[] FROM generate_series(1, 60) i;
INSERT INTO pts VALUES (NULL);
CREATE TEMP TABLE allnull(v float8[]);
INSERT INTO allnull VALUES (NULL), (NULL);

-- ---------- kmeans_fit: NULL, empty, hostile vectors and parameters ----------
SELECT ok((SELECT portfolio.kmeans_fit(v, 2, 1) FROM pts WHERE false) IS NULL, 'kmeans_fit over zero rows: NULL');
SELECT ok((SELECT portfolio.kmeans_fit(v, 2, 1) FROM allnull) IS NULL, 'kmeans_fit over NULL rows only: NULL');
SELECT is((SELECT (portfolio.kmeans_fit(v, 3, 42)).sizes FROM pts), '{20,20,20}'::bigint[], 'kmeans_fit skips the NULL row: three clusters of 20');
SELECT throws_ok($q$SELECT portfolio.kmeans_fit(v, NULL, 1) FROM pts$q$, '22004', 'k must not be null', 'SELECT portfolio.kmeans_fit(v, NULL, 1) FROM pts');
SELECT throws_ok($q$SELECT portfolio.kmeans_fit(v, 2, NULL) FROM pts$q$, '22004', 'seed must not be null', 'SELECT portfolio.kmeans_fit(v, 2, NULL) FROM pts');
SELECT throws_ok($q$SELECT portfolio.kmeans_fit(v, 0, 1) FROM pts$q$, '22023', 'k must be between 1 and 1000', 'SELECT portfolio.kmeans_fit(v, 0, 1) FROM pts');
SELECT throws_ok($q$SELECT portfolio.kmeans_fit(v, -1, 1) FROM pts$q$, '22023', 'k must be between 1 and 1000', 'SELECT portfolio.kmeans_fit(v, -1, 1) FROM pts');
SELECT throws_ok($q$SELECT portfolio.kmeans_fit(v, 2147483647, 1) FROM pts$q$, '22023', 'k must be between 1 and 1000', 'SELECT portfolio.kmeans_fit(v, 2147483647, 1) FROM pts');
SELECT throws_ok($q$SELECT portfolio.kmeans_fit(v, 1001, 1) FROM pts$q$, '22023', 'k must be between 1 and 1000', 'SELECT portfolio.kmeans_fit(v, 1001, 1) FROM pts');
SELECT throws_ok($q$SELECT portfolio.kmeans_fit(v, 61, 1) FROM pts$q$, '22023', 'k is larger than the number of distinct feature vectors', 'SELECT portfolio.kmeans_fit(v, 61, 1) FROM pts');
SELECT throws_ok($q$SELECT portfolio.kmeans_fit(v, 4, 1) FROM (VALUES ('{1,1}'::float8[]), ('{1,1}'), ('{2,2}'), ('{2,2}'), ('{3,3}')) t(v)$q$, '22023', 'k is larger than the number of distinct feature vectors', 'SELECT portfolio.kmeans_fit(v, 4, 1) FROM (VALUES (''{1,1}''::float8[]), (''{1,1}''), (''{2,2}''), (''{2,2}''), (''{3,3');
SELECT is((SELECT (portfolio.kmeans_fit(v, 3, 1)).sizes FROM (VALUES ('{1,1}'::float8[]), ('{1,1}'), ('{2,2}'), ('{2,2}'), ('{3,3}')) t(v)), '{2,2,1}'::bigint[], 'k equal to the number of distinct vectors: one cluster each (sizes in k-means++ order)');
SELECT throws_ok($q$SELECT portfolio.kmeans_fit(v, CASE WHEN v[1] < 5 THEN 2 ELSE 3 END, 1) FROM pts$q$, '22023', 'k must be the same for every row of a group', 'SELECT portfolio.kmeans_fit(v, CASE WHEN v[1] < 5 THEN 2 ELSE 3 END, 1) FROM pts');
SELECT throws_ok($q$SELECT portfolio.kmeans_fit(v, 2, CASE WHEN v[1] < 5 THEN 1 ELSE 2 END) FROM pts$q$, '22023', 'seed must be the same for every row of a group', 'SELECT portfolio.kmeans_fit(v, 2, CASE WHEN v[1] < 5 THEN 1 ELSE 2 END) FROM pts');
SELECT throws_ok($q$SELECT portfolio.kmeans_fit(v, 1, 1) FROM (VALUES ('{1,NaN}'::float8[])) t(v)$q$, '22023', 'features must contain only finite numbers', 'SELECT portfolio.kmeans_fit(v, 1, 1) FROM (VALUES (''{1,NaN}''::float8[])) t(v)');
SELECT throws_ok($q$SELECT portfolio.kmeans_fit(v, 1, 1) FROM (VALUES ('{Infinity,1}'::float8[])) t(v)$q$, '22023', 'features must contain only finite numbers', 'SELECT portfolio.kmeans_fit(v, 1, 1) FROM (VALUES (''{Infinity,1}''::float8[])) t(v)');
SELECT throws_ok($q$SELECT portfolio.kmeans_fit(v, 1, 1) FROM (VALUES ('{1,-Infinity}'::float8[])) t(v)$q$, '22023', 'features must contain only finite numbers', 'SELECT portfolio.kmeans_fit(v, 1, 1) FROM (VALUES (''{1,-Infinity}''::float8[])) t(v)');
SELECT throws_ok($q$SELECT portfolio.kmeans_fit(v, 1, 1) FROM (VALUES ('{1,NULL}'::float8[])) t(v)$q$, '22004', 'features must not contain null elements', 'SELECT portfolio.kmeans_fit(v, 1, 1) FROM (VALUES (''{1,NULL}''::float8[])) t(v)');
SELECT throws_ok($q$SELECT portfolio.kmeans_fit(v, 1, 1) FROM (VALUES ('{}'::float8[])) t(v)$q$, '2202E', 'features must be a one-dimensional array', 'SELECT portfolio.kmeans_fit(v, 1, 1) FROM (VALUES (''{}''::float8[])) t(v)');
SELECT throws_ok($q$SELECT portfolio.kmeans_fit(v, 1, 1) FROM (VALUES ('{{1,2},{3,4}}'::float8[])) t(v)$q$, '2202E', 'features must be a one-dimensional array', 'SELECT portfolio.kmeans_fit(v, 1, 1) FROM (VALUES (''{{1,2},{3,4}}''::float8[])) t(v)');
SELECT throws_ok($q$SELECT portfolio.kmeans_fit(v, 1, 1) FROM (VALUES ('{1,2}'::float8[]), ('{1,2,3}')) t(v)$q$, '2202E', 'features must have as many elements as the first feature vector', 'SELECT portfolio.kmeans_fit(v, 1, 1) FROM (VALUES (''{1,2}''::float8[]), (''{1,2,3}'')) t(v)');
SELECT is((SELECT (portfolio.kmeans_fit(v, 1, 1)).centroids FROM (VALUES ('[0:1]={1,2}'::float8[]), ('[3:4]={3,4}')) t(v)), '{{2,3}}'::float8[], 'lower bounds other than 1: elements in order');
SELECT throws_ok($q$SELECT portfolio.kmeans_fit(array_fill(1::float8, ARRAY[1001]), 1, 1)$q$, '54000', 'feature vectors cannot have more than 1000 elements', 'SELECT portfolio.kmeans_fit(array_fill(1::float8, ARRAY[1001]), 1, 1)');
SELECT is((SELECT (portfolio.kmeans_fit(array_fill(1::float8, ARRAY[1000]), 1, 1)).sizes), '{1}'::bigint[], '1000 elements: the largest vector kmeans_fit takes');
SELECT throws_ok($q$SELECT portfolio.kmeans_fit(v, 2, 1) FROM (VALUES ('{1e308}'::float8[]), ('{-1e308}')) t(v)$q$, '22003', 'squared distances between the feature vectors are out of range for type double precision', 'SELECT portfolio.kmeans_fit(v, 2, 1) FROM (VALUES (''{1e308}''::float8[]), (''{-1e308}'')) t(v)');
SELECT is((SELECT (portfolio.kmeans_fit(v, 2, 1)).sizes FROM (VALUES ('{1e150}'::float8[]), ('{-1e150}')) t(v)), '{1,1}'::bigint[], '1e150 apart: distances in range');
SELECT is((SELECT (portfolio.kmeans_fit(v, 1, 1)).inertia FROM (VALUES ('{5e-324}'::float8[]), ('{0}')) t(v)), 0::float8, 'subnormal spread: inertia underflows to 0 (the centroid is their mean)');
SELECT is((SELECT (portfolio.kmeans_fit(v, 3, -9223372036854775808)).sizes FROM pts), '{20,20,20}'::bigint[], 'seed = min bigint');
SELECT is((SELECT (portfolio.kmeans_fit(v, 3, 9223372036854775807)).sizes FROM pts), '{20,20,20}'::bigint[], 'seed = max bigint');
SELECT is((SELECT (SELECT portfolio.kmeans_fit(v, 3, 0)::text FROM pts) = (SELECT portfolio.kmeans_fit(v, 3, 0)::text FROM pts)), true, 'seed 0: the same model twice');
SELECT is((SELECT (portfolio.kmeans_fit(v, 1, 7)).sizes FROM (SELECT '{0}'::float8[] FROM generate_series(1, 10)) t(v)), '{10}'::bigint[], 'k = 1 over identical vectors');

-- ---------- empty input through a forced parallel plan ----------
CREATE TABLE kmeans_hostile_empty(v float8[]);
SET LOCAL parallel_setup_cost = 0; SET LOCAL parallel_tuple_cost = 0; SET LOCAL min_parallel_table_scan_size = 0; SET LOCAL max_parallel_workers_per_gather = 2; SET LOCAL enable_hashagg = off;
SELECT ok(pg_temp.plan_has('SELECT portfolio.kmeans_fit(v, 2, 1) FROM kmeans_hostile_empty', '"Partial Mode": "Partial"'), 'kmeans_fit on an empty table: a parallel plan');
SELECT ok((SELECT portfolio.kmeans_fit(v, 2, 1) FROM kmeans_hostile_empty) IS NULL, 'kmeans_fit, parallel, empty table: NULL');
INSERT INTO kmeans_hostile_empty SELECT NULL FROM generate_series(1, 3000);
SELECT ok((SELECT portfolio.kmeans_fit(v, 2, 1) FROM kmeans_hostile_empty) IS NULL, 'kmeans_fit, parallel, all-NULL table: NULL');
INSERT INTO kmeans_hostile_empty SELECT ARRAY[(i % 2) * 100 + i % 7]::float8[] FROM generate_series(1, 3000) i;
SELECT is((SELECT (portfolio.kmeans_fit(v, 2, 5)).sizes FROM kmeans_hostile_empty), '{1500,1500}'::bigint[], 'kmeans_fit, parallel, with NULL rows: two clusters of 1500');
RESET parallel_setup_cost; RESET parallel_tuple_cost; RESET min_parallel_table_scan_size; RESET max_parallel_workers_per_gather; RESET enable_hashagg;

-- ---------- kmeans_assign and the kmeans composite with hostile fields ----------
CREATE TEMP TABLE km AS SELECT ROW('{{0,0},{10,10}}', '{1,1}', 0, 1, true)::portfolio.kmeans AS m;
SELECT ok((SELECT portfolio.kmeans_assign(NULL, m) FROM km) IS NULL, 'kmeans_assign(NULL features): NULL');
SELECT ok((SELECT portfolio.kmeans_assign('{1,1}', NULL)) IS NULL, 'kmeans_assign(NULL model): NULL');
SELECT is((SELECT portfolio.kmeans_assign('{1,1}', m) FROM km), 1, 'nearest centroid');
SELECT is((SELECT portfolio.kmeans_assign('{5,5}', m) FROM km), 1, 'a tie: the lowest number');
SELECT throws_ok($q$SELECT portfolio.kmeans_assign('{NaN,1}', m) FROM km$q$, '22023', 'features must contain only finite numbers', 'SELECT portfolio.kmeans_assign(''{NaN,1}'', m) FROM km');
SELECT throws_ok($q$SELECT portfolio.kmeans_assign('{1,Infinity}', m) FROM km$q$, '22023', 'features must contain only finite numbers', 'SELECT portfolio.kmeans_assign(''{1,Infinity}'', m) FROM km');
SELECT throws_ok($q$SELECT portfolio.kmeans_assign('{1,NULL}', m) FROM km$q$, '22004', 'features must not contain null elements', 'SELECT portfolio.kmeans_assign(''{1,NULL}'', m) FROM km');
SELECT throws_ok($q$SELECT portfolio.kmeans_assign('{}', m) FROM km$q$, '2202E', 'features must be a one-dimensional array', 'SELECT portfolio.kmeans_assign(''{}'', m) FROM km');
SELECT throws_ok($q$SELECT portfolio.kmeans_assign('{{1,1}}', m) FROM km$q$, '2202E', 'features must be a one-dimensional array', 'SELECT portfolio.kmeans_assign(''{{1,1}}'', m) FROM km');
SELECT throws_ok($q$SELECT portfolio.kmeans_assign('{1,1,1}', m) FROM km$q$, '2202E', 'features must have as many elements as each kmeans centroid', 'SELECT portfolio.kmeans_assign(''{1,1,1}'', m) FROM km');
SELECT throws_ok($q$SELECT portfolio.kmeans_assign('{1}', m) FROM km$q$, '2202E', 'features must have as many elements as each kmeans centroid', 'SELECT portfolio.kmeans_assign(''{1}'', m) FROM km');
SELECT is((SELECT portfolio.kmeans_assign('[0:1]={9,9}', m) FROM km), 2, 'features with lower bound 0: in order');
SELECT is((SELECT portfolio.kmeans_assign('{1e308,1e308}', m) FROM km), 1, '1e308: both squared distances overflow; compared scaled they are equal in float8 (1e308 - 10 = 1e308), a tie: the lowest');
SELECT is((SELECT portfolio.kmeans_assign('{1e200,1e200}', ROW('{{0,0},{1e199,1e199}}', NULL, NULL, NULL, NULL)::portfolio.kmeans)), 2, '1e200: squared distances overflow for both, compared scaled: the nearer one');
SELECT is((SELECT portfolio.kmeans_assign('{1e-200,1e-200}', ROW('{{0,0},{1.1e-200,1.1e-200}}', NULL, NULL, NULL, NULL)::portfolio.kmeans)), 2, '1e-200: squared distances underflow for both, compared scaled: the nearer one');
SELECT throws_ok($q$SELECT portfolio.kmeans_assign('{1,1}', ROW(NULL, '{1,1}', 0, 1, true)::portfolio.kmeans)$q$, '22004', 'kmeans centroids must not be null', 'SELECT portfolio.kmeans_assign(''{1,1}'', ROW(NULL, ''{1,1}'', 0, 1, true)::portfolio.kmeans)');
SELECT throws_ok($q$SELECT portfolio.kmeans_assign('{1,1}', ROW('{0,0}', '{1,1}', 0, 1, true)::portfolio.kmeans)$q$, '2202E', 'kmeans centroids must be a two-dimensional array', 'SELECT portfolio.kmeans_assign(''{1,1}'', ROW(''{0,0}'', ''{1,1}'', 0, 1, true)::portfolio.kmeans)');
SELECT throws_ok($q$SELECT portfolio.kmeans_assign('{1,1}', ROW('{{{0,0}}}', '{1,1}', 0, 1, true)::portfolio.kmeans)$q$, '2202E', 'kmeans centroids must be a two-dimensional array', 'SELECT portfolio.kmeans_assign(''{1,1}'', ROW(''{{{0,0}}}'', ''{1,1}'', 0, 1, true)::portfolio.kmeans)');
SELECT throws_ok($q$SELECT portfolio.kmeans_assign('{1,1}', ROW('{{0,NaN},{1,1}}', '{1,1}', 0, 1, true)::portfolio.kmeans)$q$, '22023', 'kmeans centroids must contain only finite numbers', 'SELECT portfolio.kmeans_assign(''{1,1}'', ROW(''{{0,NaN},{1,1}}'', ''{1,1}'', 0, 1, true)::portfolio.kmeans)');
SELECT throws_ok($q$SELECT portfolio.kmeans_assign('{1,1}', ROW('{{0,0},{-Infinity,1}}', '{1,1}', 0, 1, true)::portfolio.kmeans)$q$, '22023', 'kmeans centroids must contain only finite numbers', 'SELECT portfolio.kmeans_assign(''{1,1}'', ROW(''{{0,0},{-Infinity,1}}'', ''{1,1}'', 0, 1, true)::portfolio.kmeans)');
SELECT throws_ok($q$SELECT portfolio.kmeans_assign('{1,1}', ROW('{{0,0},{1,NULL}}', '{1,1}', 0, 1, true)::portfolio.kmeans)$q$, '22004', 'kmeans centroids must not contain null elements', 'SELECT portfolio.kmeans_assign(''{1,1}'', ROW(''{{0,0},{1,NULL}}'', ''{1,1}'', 0, 1, true)::portfolio.kmeans)');
SELECT throws_ok($q$SELECT portfolio.kmeans_assign('{1,1}', ROW('{}', '{1,1}', 0, 1, true)::portfolio.kmeans)$q$, '2202E', 'kmeans centroids must be a two-dimensional array', 'SELECT portfolio.kmeans_assign(''{1,1}'', ROW(''{}'', ''{1,1}'', 0, 1, true)::portfolio.kmeans)');
SELECT throws_ok($q$SELECT portfolio.kmeans_assign('{1,1}', ROW('{{0,0,0},{1,1,1}}', '{1,1}', 0, 1, true)::portfolio.kmeans)$q$, '2202E', 'features must have as many elements as each kmeans centroid', 'SELECT portfolio.kmeans_assign(''{1,1}'', ROW(''{{0,0,0},{1,1,1}}'', ''{1,1}'', 0, 1, true)::portfolio.kmeans)');
SELECT is((SELECT portfolio.kmeans_assign('{9,9}', ROW('[0:1][0:1]={{0,0},{10,10}}', '{1,1}', 0, 1, true)::portfolio.kmeans)), 2, 'centroids with lower bounds 0: in order');
SELECT is((SELECT portfolio.kmeans_assign('{9,9}', ROW('{{0,0},{10,10}}', NULL, NULL, NULL, NULL)::portfolio.kmeans)), 2, 'only the centroids are used: sizes, inertia, iterations, converged may be NULL');
SELECT is((SELECT portfolio.kmeans_assign('{9,9}', ROW('{{0,0},{10,10}}', '{-5}', 'NaN', -1, false)::portfolio.kmeans)), 2, 'hostile sizes, inertia and iterations are not used');
SELECT is((SELECT portfolio.kmeans_assign('{9}', ROW('{{0},{10},{10},{9}}', NULL, NULL, NULL, NULL)::portfolio.kmeans)), 4, 'duplicate centroids: the nearest, lowest on a tie');
SELECT is((SELECT bool_and(portfolio.kmeans_assign(v, m) BETWEEN 1 AND 3) FROM (SELECT v, (SELECT portfolio.kmeans_fit(v, 3, 42) FROM pts) AS m FROM pts WHERE v IS NOT NULL) s), true, 'a fitted model assigns its own points');

-- ---------- kmeans_state: text input ----------
SELECT throws_ok($q$SELECT ''::portfolio.kmeans_state$q$, '22P02', 'invalid input syntax for type portfolio.kmeans_state: ""', 'SELECT ''''::portfolio.kmeans_state');
SELECT throws_ok($q$SELECT 'garbage'::portfolio.kmeans_state$q$, '22P02', 'invalid input syntax for type portfolio.kmeans_state: "garbage"', 'SELECT ''garbage''::portfolio.kmeans_state');
SELECT throws_ok($q$SELECT 'k=2'::portfolio.kmeans_state$q$, '22P02', 'invalid input syntax for type portfolio.kmeans_state: "k=2"', 'SELECT ''k=2''::portfolio.kmeans_state');
SELECT throws_ok($q$SELECT 'k=2; seed=1'::portfolio.kmeans_state$q$, '22P02', 'invalid input syntax for type portfolio.kmeans_state: "k=2; seed=1"', 'SELECT ''k=2; seed=1''::portfolio.kmeans_state');
SELECT throws_ok($q$SELECT 'k=2; seed=1; dims=2'::portfolio.kmeans_state$q$, '22P02', 'invalid input syntax for type portfolio.kmeans_state: "k=2; seed=1; dims=2"', 'dims > 0 without vectors: 22P02 (only dims=0 has none)');
SELECT throws_ok($q$SELECT 'k=0; seed=1; dims=2; 1,2'::portfolio.kmeans_state$q$, '22P02', 'invalid input syntax for type portfolio.kmeans_state: "k=0; seed=1; dims=2; 1,2"', 'SELECT ''k=0; seed=1; dims=2; 1,2''::portfolio.kmeans_state');
SELECT throws_ok($q$SELECT 'k=-1; seed=1; dims=2; 1,2'::portfolio.kmeans_state$q$, '22P02', 'invalid input syntax for type portfolio.kmeans_state: "k=-1; seed=1; dims=2; 1,2"', 'SELECT ''k=-1; seed=1; dims=2; 1,2''::portfolio.kmeans_state');
SELECT throws_ok($q$SELECT 'k=1001; seed=1; dims=2; 1,2'::portfolio.kmeans_state$q$, '22P02', 'invalid input syntax for type portfolio.kmeans_state: "k=1001; seed=1; dims=2; 1,2"', 'SELECT ''k=1001; seed=1; dims=2; 1,2''::portfolio.kmeans_state');
SELECT throws_ok($q$SELECT 'k=99999999999999999999; seed=1; dims=2; 1,2'::portfolio.kmeans_state$q$, '22P02', 'invalid input syntax for type portfolio.kmeans_state: "k=99999999999999999999; seed=1; dims=2; 1,2"', 'SELECT ''k=99999999999999999999; seed=1; dims=2; 1,2''::portfolio.kmeans_state');
SELECT throws_ok($q$SELECT 'k=2.5; seed=1; dims=2; 1,2'::portfolio.kmeans_state$q$, '22P02', 'invalid input syntax for type portfolio.kmeans_state: "k=2.5; seed=1; dims=2; 1,2"', 'SELECT ''k=2.5; seed=1; dims=2; 1,2''::portfolio.kmeans_state');
SELECT throws_ok($q$SELECT 'k=2; seed=99999999999999999999; dims=2; 1,2'::portfolio.kmeans_state$q$, '22P02', 'invalid input syntax for type portfolio.kmeans_state: "k=2; seed=99999999999999999999; dims=2; 1,2"', 'SELECT ''k=2; seed=99999999999999999999; dims=2; 1,2''::portfolio.kmeans_state');
SELECT is((SELECT 'k=2; seed=-9223372036854775808; dims=1; 1'::portfolio.kmeans_state::text), 'k=2; seed=-9223372036854775808; dims=1; 1', 'seed = min bigint reads back');
SELECT throws_ok($q$SELECT 'k=2; seed=1; dims=-1; 1,2'::portfolio.kmeans_state$q$, '22P02', 'invalid input syntax for type portfolio.kmeans_state: "k=2; seed=1; dims=-1; 1,2"', 'SELECT ''k=2; seed=1; dims=-1; 1,2''::portfolio.kmeans_state');
SELECT throws_ok($q$SELECT 'k=2; seed=1; dims=1001; 1'::portfolio.kmeans_state$q$, '22P02', 'invalid input syntax for type portfolio.kmeans_state: "k=2; seed=1; dims=1001; 1"', 'SELECT ''k=2; seed=1; dims=1001; 1''::portfolio.kmeans_state');
SELECT throws_ok($q$SELECT 'k=2; seed=1; dims=2147483648; 1'::portfolio.kmeans_state$q$, '22P02', 'invalid input syntax for type portfolio.kmeans_state: "k=2; seed=1; dims=2147483648; 1"', 'SELECT ''k=2; seed=1; dims=2147483648; 1''::portfolio.kmeans_state');
SELECT throws_ok($q$SELECT 'k=2; seed=1; dims=0; 1,2'::portfolio.kmeans_state$q$, '22P02', 'invalid input syntax for type portfolio.kmeans_state: "k=2; seed=1; dims=0; 1,2"', 'SELECT ''k=2; seed=1; dims=0; 1,2''::portfolio.kmeans_state');
SELECT is((SELECT 'k=2; seed=1; dims=0'::portfolio.kmeans_state::text), 'k=2; seed=1; dims=0', 'dims=0: a state that saw only NULL vectors');
SELECT throws_ok($q$SELECT 'k=2; seed=1; dims=2; 1'::portfolio.kmeans_state$q$, '22P02', 'invalid input syntax for type portfolio.kmeans_state: "k=2; seed=1; dims=2; 1"', 'SELECT ''k=2; seed=1; dims=2; 1''::portfolio.kmeans_state');
SELECT throws_ok($q$SELECT 'k=2; seed=1; dims=2; 1,2,3'::portfolio.kmeans_state$q$, '22P02', 'invalid input syntax for type portfolio.kmeans_state: "k=2; seed=1; dims=2; 1,2,3"', 'SELECT ''k=2; seed=1; dims=2; 1,2,3''::portfolio.kmeans_state');
SELECT throws_ok($q$SELECT 'k=2; seed=1; dims=2; 1,2; 3'::portfolio.kmeans_state$q$, '22P02', 'invalid input syntax for type portfolio.kmeans_state: "k=2; seed=1; dims=2; 1,2; 3"', 'SELECT ''k=2; seed=1; dims=2; 1,2; 3''::portfolio.kmeans_state');
SELECT throws_ok($q$SELECT 'k=2; seed=1; dims=2; 1,NaN'::portfolio.kmeans_state$q$, '22P02', 'invalid input syntax for type portfolio.kmeans_state: "k=2; seed=1; dims=2; 1,NaN"', 'SELECT ''k=2; seed=1; dims=2; 1,NaN''::portfolio.kmeans_state');
SELECT throws_ok($q$SELECT 'k=2; seed=1; dims=2; 1,Infinity'::portfolio.kmeans_state$q$, '22P02', 'invalid input syntax for type portfolio.kmeans_state: "k=2; seed=1; dims=2; 1,Infinity"', 'SELECT ''k=2; seed=1; dims=2; 1,Infinity''::portfolio.kmeans_state');
SELECT throws_ok($q$SELECT 'k=2; seed=1; dims=2; 1,1e999'::portfolio.kmeans_state$q$, '22P02', 'invalid input syntax for type portfolio.kmeans_state: "k=2; seed=1; dims=2; 1,1e999"', 'SELECT ''k=2; seed=1; dims=2; 1,1e999''::portfolio.kmeans_state');
SELECT throws_ok($q$SELECT 'k=2; seed=1; dims=2; 1,2;'::portfolio.kmeans_state$q$, '22P02', 'invalid input syntax for type portfolio.kmeans_state: "k=2; seed=1; dims=2; 1,2;"', 'SELECT ''k=2; seed=1; dims=2; 1,2;''::portfolio.kmeans_state');
SELECT throws_ok($q$SELECT 'k=2; seed=1; dims=2; 1,2 junk'::portfolio.kmeans_state$q$, '22P02', 'invalid input syntax for type portfolio.kmeans_state: "k=2; seed=1; dims=2; 1,2 junk"', 'SELECT ''k=2; seed=1; dims=2; 1,2 junk''::portfolio.kmeans_state');
SELECT throws_ok($q$SELECT 'k=2; k=2; seed=1; dims=2; 1,2'::portfolio.kmeans_state$q$, '22P02', 'invalid input syntax for type portfolio.kmeans_state: "k=2; k=2; seed=1; dims=2; 1,2"', 'SELECT ''k=2; k=2; seed=1; dims=2; 1,2''::portfolio.kmeans_state');
SELECT throws_ok($q$SELECT 'seed=1; k=2; dims=2; 1,2'::portfolio.kmeans_state$q$, '22P02', 'invalid input syntax for type portfolio.kmeans_state: "seed=1; k=2; dims=2; 1,2"', 'SELECT ''seed=1; k=2; dims=2; 1,2''::portfolio.kmeans_state');
SELECT throws_ok($q$SELECT 'k=2; seed=1; dims=2; 1,,2'::portfolio.kmeans_state$q$, '22P02', 'invalid input syntax for type portfolio.kmeans_state: "k=2; seed=1; dims=2; 1,,2"', 'SELECT ''k=2; seed=1; dims=2; 1,,2''::portfolio.kmeans_state');
SELECT is((SELECT 'k=2; seed=1; dims=2; 1,2; 1,2'::portfolio.kmeans_state::text), 'k=2; seed=1; dims=2; 1,2; 1,2', 'duplicated vectors are kept (each is a customer)');
CREATE TEMP TABLE rt AS SELECT portfolio.kmeans_combine(NULL, 'k=3; seed=-7; dims=3; 0.30000000000000004,1e-300,5e-324; 1.7976931348623157e308,-0,-1.5') AS s;
SELECT is((SELECT s::text::portfolio.kmeans_state::text = s::text FROM rt), true, 'kmeans_state round trip: out then in gives the same text');
SELECT is((SELECT s::text FROM rt), 'k=3; seed=-7; dims=3; 0.30000000000000004,1e-300,5e-324; 1.7976931348623157e+308,0,-1.5', 'kmeans_state text: the shortest exact form (-0 as 0)');
-- ---------- kmeans_combine / kmeans_final with crafted literals ----------
SELECT ok((SELECT portfolio.kmeans_combine(NULL, NULL)) IS NULL, 'kmeans_combine(NULL, NULL): NULL');
SELECT is((SELECT portfolio.kmeans_combine('k=2; seed=1; dims=1; 1', NULL)::text), 'k=2; seed=1; dims=1; 1', 'SELECT portfolio.kmeans_combine(''k=2; seed=1; dims=1; 1'', NULL)::text');
SELECT is((SELECT portfolio.kmeans_combine(NULL, 'k=2; seed=1; dims=1; 1')::text), 'k=2; seed=1; dims=1; 1', 'SELECT portfolio.kmeans_combine(NULL, ''k=2; seed=1; dims=1; 1'')::text');
SELECT is((SELECT portfolio.kmeans_combine('k=2; seed=1; dims=1; 1', 'k=2; seed=1; dims=1; 2; 3')::text), 'k=2; seed=1; dims=1; 1; 2; 3', 'combine appends the vectors');
SELECT is((SELECT portfolio.kmeans_combine('k=2; seed=1; dims=0', 'k=2; seed=1; dims=1; 2')::text), 'k=2; seed=1; dims=1; 2', 'a part that saw only NULLs (dims=0) takes the other''s dims');
SELECT is((SELECT portfolio.kmeans_combine('k=2; seed=1; dims=1; 2', 'k=2; seed=1; dims=0')::text), 'k=2; seed=1; dims=1; 2', 'and the other way round');
SELECT throws_ok($q$SELECT portfolio.kmeans_combine('k=2; seed=1; dims=1; 1', 'k=3; seed=1; dims=1; 2')$q$, '22023', 'k must be the same for every row of a group', 'SELECT portfolio.kmeans_combine(''k=2; seed=1; dims=1; 1'', ''k=3; seed=1; dims=1; 2'')');
SELECT throws_ok($q$SELECT portfolio.kmeans_combine('k=2; seed=1; dims=1; 1', 'k=2; seed=2; dims=1; 2')$q$, '22023', 'seed must be the same for every row of a group', 'SELECT portfolio.kmeans_combine(''k=2; seed=1; dims=1; 1'', ''k=2; seed=2; dims=1; 2'')');
SELECT throws_ok($q$SELECT portfolio.kmeans_combine('k=2; seed=1; dims=1; 1', 'k=2; seed=1; dims=2; 2,3')$q$, '2202E', 'a feature vector must have as many elements as the first feature vector', 'SELECT portfolio.kmeans_combine(''k=2; seed=1; dims=1; 1'', ''k=2; seed=1; dims=2; 2,3'')');
SELECT ok((SELECT portfolio.kmeans_final('k=2; seed=1; dims=0')) IS NULL, 'kmeans_final of a dims=0 state: NULL');
SELECT throws_ok($q$SELECT portfolio.kmeans_final('k=3; seed=1; dims=1; 1; 2')$q$, '22023', 'k is larger than the number of distinct feature vectors', 'SELECT portfolio.kmeans_final(''k=3; seed=1; dims=1; 1; 2'')');
SELECT throws_ok($q$SELECT portfolio.kmeans_final('k=2; seed=1; dims=1; 1e308; -1e308')$q$, '22003', 'squared distances between the feature vectors are out of range for type double precision', 'SELECT portfolio.kmeans_final(''k=2; seed=1; dims=1; 1e308; -1e308'')');
SELECT is((SELECT (portfolio.kmeans_final('k=2; seed=1; dims=1; 0; 10; 0; 10')).sizes), '{2,2}'::bigint[], 'kmeans_final of a crafted state: two clusters');
SELECT throws_ok($q$SELECT portfolio.kmeans_accum('k=2; seed=1; dims=1; 1', '{1}', 3, 1)$q$, '22023', 'k must be the same for every row of a group', 'SELECT portfolio.kmeans_accum(''k=2; seed=1; dims=1; 1'', ''{1}'', 3, 1)');
SELECT throws_ok($q$SELECT portfolio.kmeans_accum('k=2; seed=1; dims=1; 1', '{1}', 2, 9)$q$, '22023', 'seed must be the same for every row of a group', 'SELECT portfolio.kmeans_accum(''k=2; seed=1; dims=1; 1'', ''{1}'', 2, 9)');
SELECT throws_ok($q$SELECT portfolio.kmeans_accum('k=2; seed=1; dims=1; 1', '{1,2}', 2, 1)$q$, '2202E', 'features must have as many elements as the first feature vector', 'SELECT portfolio.kmeans_accum(''k=2; seed=1; dims=1; 1'', ''{1,2}'', 2, 1)');
SELECT is((SELECT portfolio.kmeans_accum('k=2; seed=1; dims=1; 1', '{2}', 2, 1)::text), 'k=2; seed=1; dims=1; 1; 2', 'the transition called directly returns a new state');

-- ---------- distance ----------
SELECT ok((SELECT portfolio.distance(NULL, '{1}')) IS NULL, 'distance(NULL, b): NULL');
SELECT ok((SELECT portfolio.distance('{1}', NULL)) IS NULL, 'distance(a, NULL): NULL');
SELECT is((SELECT portfolio.distance('{0,0}', '{3,4}')), 5::float8, '3-4-5');
SELECT throws_ok($q$SELECT portfolio.distance('{NaN}', '{1}')$q$, '22023', 'a must contain only finite numbers', 'SELECT portfolio.distance(''{NaN}'', ''{1}'')');
SELECT throws_ok($q$SELECT portfolio.distance('{1}', '{Infinity}')$q$, '22023', 'b must contain only finite numbers', 'SELECT portfolio.distance(''{1}'', ''{Infinity}'')');
SELECT throws_ok($q$SELECT portfolio.distance('{-Infinity}', '{1}')$q$, '22023', 'a must contain only finite numbers', 'SELECT portfolio.distance(''{-Infinity}'', ''{1}'')');
SELECT throws_ok($q$SELECT portfolio.distance('{1,NULL}', '{1,2}')$q$, '22004', 'a must not contain null elements', 'SELECT portfolio.distance(''{1,NULL}'', ''{1,2}'')');
SELECT throws_ok($q$SELECT portfolio.distance('{}', '{}')$q$, '2202E', 'a must be a one-dimensional array', 'SELECT portfolio.distance(''{}'', ''{}'')');
SELECT throws_ok($q$SELECT portfolio.distance('{{1,2}}', '{1,2}')$q$, '2202E', 'a must be a one-dimensional array', 'SELECT portfolio.distance(''{{1,2}}'', ''{1,2}'')');
SELECT throws_ok($q$SELECT portfolio.distance('{1,2}', '{1,2,3}')$q$, '2202E', 'b must have as many elements as a', 'SELECT portfolio.distance(''{1,2}'', ''{1,2,3}'')');
SELECT is((SELECT portfolio.distance('[0:1]={0,0}', '[7:8]={3,4}')), 5::float8, 'lower bounds other than 1: elements in order');
SELECT throws_ok($q$SELECT portfolio.distance('{1e308}', '{-1e308}')$q$, '22003', 'the distance is out of range for type double precision', 'SELECT portfolio.distance(''{1e308}'', ''{-1e308}'')');
SELECT is((SELECT portfolio.distance('{1e200,1e200}', '{-1e200,-1e200}'))::text, '2.82842712474619e+200', 'SELECT portfolio.distance(''{1e200,1e200}'', ''{-1e200,-1e200}'')');
SELECT is((SELECT portfolio.distance('{1e300,0}', '{0,0}')), 1e300::float8, 'one huge coordinate: exact, no overflow of the square');
SELECT is((SELECT portfolio.distance('{5e-324}', '{0}')), 5e-324::float8, 'a subnormal distance: not 0');
SELECT is((SELECT portfolio.distance('{-0.0}', '{0}')), 0::float8, '-0 and 0: distance 0');
SELECT is((SELECT portfolio.distance(array_fill(0::float8, ARRAY[100000]), array_fill(1::float8, ARRAY[100000]))), sqrt(100000::float8), '100000 dimensions');

SELECT * FROM finish();
ROLLBACK;
