-- Every public function and aggregate of multi-criteria scoring (scaler_fit,
-- scale with 'minmax', 'zscore' and other methods, weighted_score) and the
-- scaler composite given hostile input: each case has an asserted outcome
-- (a documented value, or an error with its SQLSTATE and message).
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS portfolio;
SELECT plan(110);
SET LOCAL client_min_messages = warning;
\ir lib/plans.sql
CREATE TEMP TABLE f(v float8[]);
INSERT INTO f VALUES ('{1,10}'), ('{3,30}'), ('{5,20}'), (NULL);
CREATE TEMP TABLE allnull(v float8[]);
INSERT INTO allnull VALUES (NULL), (NULL);

-- ---------- scaler_fit: NULL rows, zero rows, all NULL ----------
SELECT ok((SELECT portfolio.scaler_fit(v) FROM f WHERE false) IS NULL, 'scaler_fit over zero rows: NULL');
SELECT ok((SELECT portfolio.scaler_fit(v) FROM allnull) IS NULL, 'scaler_fit over NULL rows only: NULL');
SELECT is((SELECT portfolio.scaler_fit(v)::text FROM f), '(3,"{1,10}","{5,30}","{3,20}","{1.632993161855452,8.16496580927726}")', 'scaler_fit skips the NULL row: n 3, min, max, mean, population sd (sqrt(8/3), sqrt(200/3))');
SELECT is((SELECT abs((s).sd[1] - sqrt(8.0 / 3)) < 1e-15 AND abs((s).sd[2] - sqrt(200.0 / 3)) < 1e-14 FROM (SELECT portfolio.scaler_fit(v) AS s FROM f) t), true, 'scaler_fit sd checked against sqrt(8/3), sqrt(200/3)');
-- ---------- scaler_fit: hostile vectors ----------
SELECT throws_ok($q$SELECT portfolio.scaler_fit(v) FROM (VALUES ('{1,NaN}'::float8[])) t(v)$q$, '22023', 'features must contain only finite numbers', 'SELECT portfolio.scaler_fit(v) FROM (VALUES (''{1,NaN}''::float8[])) t(v)');
SELECT throws_ok($q$SELECT portfolio.scaler_fit(v) FROM (VALUES ('{Infinity,1}'::float8[])) t(v)$q$, '22023', 'features must contain only finite numbers', 'SELECT portfolio.scaler_fit(v) FROM (VALUES (''{Infinity,1}''::float8[])) t(v)');
SELECT throws_ok($q$SELECT portfolio.scaler_fit(v) FROM (VALUES ('{1,-Infinity}'::float8[])) t(v)$q$, '22023', 'features must contain only finite numbers', 'SELECT portfolio.scaler_fit(v) FROM (VALUES (''{1,-Infinity}''::float8[])) t(v)');
SELECT throws_ok($q$SELECT portfolio.scaler_fit(v) FROM (VALUES ('{1,NULL}'::float8[])) t(v)$q$, '22004', 'features must not contain null elements', 'SELECT portfolio.scaler_fit(v) FROM (VALUES (''{1,NULL}''::float8[])) t(v)');
SELECT throws_ok($q$SELECT portfolio.scaler_fit(v) FROM (VALUES ('{}'::float8[])) t(v)$q$, '2202E', 'features must be a one-dimensional array', 'SELECT portfolio.scaler_fit(v) FROM (VALUES (''{}''::float8[])) t(v)');
SELECT throws_ok($q$SELECT portfolio.scaler_fit(v) FROM (VALUES ('{{1,2},{3,4}}'::float8[])) t(v)$q$, '2202E', 'features must be a one-dimensional array', 'SELECT portfolio.scaler_fit(v) FROM (VALUES (''{{1,2},{3,4}}''::float8[])) t(v)');
SELECT throws_ok($q$SELECT portfolio.scaler_fit(v) FROM (VALUES ('{1,2}'::float8[]), ('{1,2,3}')) t(v)$q$, '2202E', 'features must have as many elements as the first vector of the group', 'SELECT portfolio.scaler_fit(v) FROM (VALUES (''{1,2}''::float8[]), (''{1,2,3}'')) t(v)');
SELECT is((SELECT portfolio.scaler_fit(v)::text = portfolio.scaler_fit(w)::text FROM (VALUES ('[0:1]={1,2}'::float8[], '{1,2}'::float8[]), ('[5:6]={3,5}', '{3,5}')) t(v, w)), true, 'a lower bound other than 1 is ignored: the elements count in order');
SELECT is((SELECT portfolio.scaler_fit(v) FROM (VALUES ('{1e308}'::float8[]), ('{1e308}')) t(v))::text, '(2,{1e+308},{1e+308},{1e+308},{0})', 'SELECT portfolio.scaler_fit(v) FROM (VALUES (''{1e308}''::float8[]), (''{1e308}'')) t(v)');
SELECT throws_ok($q$SELECT portfolio.scaler_fit(v) FROM (VALUES ('{-1e308}'::float8[]), ('{1e308}')) t(v)$q$, '22003', 'scaler_fit statistics out of range', 'SELECT portfolio.scaler_fit(v) FROM (VALUES (''{-1e308}''::float8[]), (''{1e308}'')) t(v)');
SELECT throws_ok($q$SELECT portfolio.scaler_fit(v) FROM (VALUES ('{1e200}'::float8[]), ('{-1e200}')) t(v)$q$, '22003', 'scaler_fit statistics out of range', 'SELECT portfolio.scaler_fit(v) FROM (VALUES (''{1e200}''::float8[]), (''{-1e200}'')) t(v)');
SELECT throws_ok($q$SELECT portfolio.scaler_fit(v) FROM (VALUES ('{5e-324}'::float8[]), ('{0}')) t(v)$q$, '22003', 'scaler_fit statistics out of range', 'subnormal spread: 22003, not sd 0');
SELECT throws_ok($q$SELECT portfolio.scaler_fit(v) FROM (VALUES ('{1e-300}'::float8[]), ('{0}')) t(v)$q$, '22003', 'scaler_fit statistics out of range', 'found: a spread of 1e-300 gave sd 0 (the squares underflowed); now 22003');
SELECT lives_ok($q$SELECT portfolio.scaler_fit(v) FROM (VALUES ('{1.0000000000000002}'::float8[]), ('{1}')) t(v)$q$,
    'review: values one ulp apart are no error, whatever their order (M2 rounds to 0 in this one)');
SELECT lives_ok($q$SELECT portfolio.scaler_fit(v) FROM (VALUES ('{1}'::float8[]), ('{1.0000000000000002}')) t(v)$q$,
    'review: values one ulp apart, the other order');
SELECT is((SELECT abs((portfolio.scaler_fit(v)).sd[1] - 5e-151) < 1e-165 FROM (VALUES ('{1e-150}'::float8[]), ('{0}')) t(v)), true, 'a spread of 1e-150: its sd, 5e-151, is still exact');
SELECT is((SELECT portfolio.scaler_fit(array_fill(1::float8, ARRAY[1000]))::text IS NOT NULL), true, '1000 elements: the largest vector scaler_fit takes');
SELECT throws_ok($q$SELECT portfolio.scaler_fit(array_fill(1::float8, ARRAY[1001]))$q$, '54000', 'features has 1001 elements, more than scaler_fit allows', 'SELECT portfolio.scaler_fit(array_fill(1::float8, ARRAY[1001]))');
SELECT is((SELECT portfolio.scaler_fit(v)::text FROM (VALUES ('{7}'::float8[])) t(v)), '(1,{7},{7},{7},{0})', 'one vector: sd 0');
-- ---------- scaler_fit's float8[] state with crafted arrays ----------
SELECT ok((SELECT portfolio_internal.scaler_final('{0}')) IS NULL, 'scaler_final of the initial state: NULL');
SELECT throws_ok($q$SELECT portfolio_internal.scaler_final('{1,2}')$q$, '22023', 'malformed scaler_fit state', 'SELECT portfolio_internal.scaler_final(''{1,2}'')');
SELECT throws_ok($q$SELECT portfolio_internal.scaler_final('{{0}}')$q$, '22023', 'malformed scaler_fit state', 'SELECT portfolio_internal.scaler_final(''{{0}}'')');
SELECT throws_ok($q$SELECT portfolio_internal.scaler_final('{NaN}')$q$, '22023', 'malformed scaler_fit state', 'SELECT portfolio_internal.scaler_final(''{NaN}'')');
SELECT throws_ok($q$SELECT portfolio_internal.scaler_final('{-1}')$q$, '22023', 'malformed scaler_fit state', 'SELECT portfolio_internal.scaler_final(''{-1}'')');
SELECT throws_ok($q$SELECT portfolio_internal.scaler_final('{NULL}')$q$, '22023', 'malformed scaler_fit state', 'SELECT portfolio_internal.scaler_final(''{NULL}'')');
SELECT is((SELECT portfolio_internal.scaler_combine('{0}', '{0}')), '{0}'::float8[], 'scaler_combine of two empty states: empty');
SELECT throws_ok($q$SELECT portfolio_internal.scaler_accum('{1,2}', '{1}')$q$, '22023', 'malformed scaler_fit state', 'SELECT portfolio_internal.scaler_accum(''{1,2}'', ''{1}'')');
SELECT throws_ok($q$SELECT portfolio_internal.scaler_accum('{1,1,1,1,0}', '{1,2}')$q$, '2202E', 'features must have as many elements as the first vector of the group', 'scaler_accum: a vector longer than the state''s');
SELECT throws_ok($q$SELECT portfolio_internal.scaler_combine(portfolio_internal.scaler_accum('{0}', '{1,2}'), portfolio_internal.scaler_accum('{0}', '{1,2,3}'))$q$, '2202E', 'a vector in one part of the group must have as many elements as a vector in another part', 'SELECT portfolio_internal.scaler_combine(portfolio_internal.scaler_accum(''{0}'', ''{1,2}''), portfolio_internal.scaler_accum(''{0}'', ''{1,2,3}');

-- ---------- empty input through a forced parallel plan ----------
CREATE TABLE scoring_hostile_empty(v float8[]);
SET LOCAL parallel_setup_cost = 0; SET LOCAL parallel_tuple_cost = 0; SET LOCAL min_parallel_table_scan_size = 0; SET LOCAL max_parallel_workers_per_gather = 2; SET LOCAL enable_hashagg = off;
SELECT ok(pg_temp.plan_has('SELECT portfolio.scaler_fit(v) FROM scoring_hostile_empty', '"Partial Mode": "Partial"'), 'scaler_fit on an empty table: a parallel plan');
SELECT ok((SELECT portfolio.scaler_fit(v) FROM scoring_hostile_empty) IS NULL, 'scaler_fit, parallel, empty table: NULL');
INSERT INTO scoring_hostile_empty SELECT NULL FROM generate_series(1, 3000);
SELECT ok((SELECT portfolio.scaler_fit(v) FROM scoring_hostile_empty) IS NULL, 'scaler_fit, parallel, all-NULL table: NULL');
INSERT INTO scoring_hostile_empty SELECT ARRAY[i % 97, (i * 31) % 101]::float8[] FROM generate_series(1, 3000) i;
SELECT is((SELECT (portfolio.scaler_fit(v)).n = 3000 AND (portfolio.scaler_fit(v)).max = '{96,100}' FROM scoring_hostile_empty), true, 'scaler_fit, parallel, with NULL rows: n and max as plain SQL counts');
RESET parallel_setup_cost; RESET parallel_tuple_cost; RESET min_parallel_table_scan_size; RESET max_parallel_workers_per_gather; RESET enable_hashagg;

-- ---------- scale ----------
CREATE TEMP TABLE sc AS SELECT ROW(3, '{1,10}', '{5,30}', '{3,20}', '{2,10}')::portfolio.scaler AS s;
SELECT ok((SELECT portfolio.scale(NULL, s) FROM sc) IS NULL, 'scale(NULL features): NULL');
SELECT ok((SELECT portfolio.scale('{1,2}', NULL)) IS NULL, 'scale(NULL scaler): NULL');
SELECT ok((SELECT portfolio.scale('{1,2}', s, NULL) FROM sc) IS NULL, 'scale(NULL method): NULL');
SELECT is((SELECT portfolio.scale('{3,20}', s) FROM sc), '{0.5,0.5}'::float8[], 'minmax is the default');
SELECT is((SELECT portfolio.scale('{3,20}', s, 'minmax') FROM sc), '{0.5,0.5}'::float8[], 'minmax: (x - min) / (max - min)');
SELECT is((SELECT portfolio.scale('{5,40}', s, 'zscore') FROM sc), '{1,2}'::float8[], 'zscore: (x - mean) / sd');
SELECT is((SELECT portfolio.scale('{-100,1e6}', s, 'minmax') FROM sc), ARRAY[-101.0 / 4, (1e6 - 10) / 20]::float8[], 'minmax does not clip values outside [min, max]');
SELECT throws_ok($q$SELECT portfolio.scale('{1,2}', s, 'MinMax') FROM sc$q$, '22023', 'unknown scaling method "MinMax"', 'SELECT portfolio.scale(''{1,2}'', s, ''MinMax'') FROM sc');
SELECT throws_ok($q$SELECT portfolio.scale('{1,2}', s, '') FROM sc$q$, '22023', 'unknown scaling method ""', 'SELECT portfolio.scale(''{1,2}'', s, '''') FROM sc');
SELECT throws_ok($q$SELECT portfolio.scale('{1,2}', s, 'robust') FROM sc$q$, '22023', 'unknown scaling method "robust"', 'SELECT portfolio.scale(''{1,2}'', s, ''robust'') FROM sc');
SELECT throws_ok($q$SELECT portfolio.scale('{1,2}', s, ' minmax') FROM sc$q$, '22023', 'unknown scaling method " minmax"', 'SELECT portfolio.scale(''{1,2}'', s, '' minmax'') FROM sc');
SELECT throws_ok($q$SELECT portfolio.scale('{NaN,2}', s) FROM sc$q$, '22023', 'features must contain only finite numbers', 'SELECT portfolio.scale(''{NaN,2}'', s) FROM sc');
SELECT throws_ok($q$SELECT portfolio.scale('{1,Infinity}', s) FROM sc$q$, '22023', 'features must contain only finite numbers', 'SELECT portfolio.scale(''{1,Infinity}'', s) FROM sc');
SELECT throws_ok($q$SELECT portfolio.scale('{-Infinity,1}', s, 'zscore') FROM sc$q$, '22023', 'features must contain only finite numbers', 'SELECT portfolio.scale(''{-Infinity,1}'', s, ''zscore'') FROM sc');
SELECT throws_ok($q$SELECT portfolio.scale('{1,NULL}', s) FROM sc$q$, '22004', 'features must not contain null elements', 'SELECT portfolio.scale(''{1,NULL}'', s) FROM sc');
SELECT throws_ok($q$SELECT portfolio.scale('{}', s) FROM sc$q$, '2202E', 'features must be a one-dimensional array', 'SELECT portfolio.scale(''{}'', s) FROM sc');
SELECT throws_ok($q$SELECT portfolio.scale('{{1,2},{3,4}}', s) FROM sc$q$, '2202E', 'features must be a one-dimensional array', 'SELECT portfolio.scale(''{{1,2},{3,4}}'', s) FROM sc');
SELECT throws_ok($q$SELECT portfolio.scale('{1,2,3}', s) FROM sc$q$, '2202E', 'scaler field min must have as many elements as features', 'SELECT portfolio.scale(''{1,2,3}'', s) FROM sc');
SELECT throws_ok($q$SELECT portfolio.scale('{1}', s) FROM sc$q$, '2202E', 'scaler field min must have as many elements as features', 'SELECT portfolio.scale(''{1}'', s) FROM sc');
SELECT is((SELECT portfolio.scale('[0:1]={3,20}', s) FROM sc), '{0.5,0.5}'::float8[], 'scale: features with lower bound 0 count in order');
SELECT is((SELECT portfolio.scale('{1e308,1}', s) FROM sc), ARRAY[(1e308 - 1) / 4, -0.45]::float8[], 'a huge feature within range scales');
-- ---------- the scaler composite with hostile fields ----------
SELECT throws_ok($q$SELECT portfolio.scale('{1,2}', ROW(3, NULL, '{5,30}', '{3,20}', '{2,10}')::portfolio.scaler)$q$, '22004', 'scaler field min must not be null', 'SELECT portfolio.scale(''{1,2}'', ROW(3, NULL, ''{5,30}'', ''{3,20}'', ''{2,10}'')::portfolio.scaler)');
SELECT throws_ok($q$SELECT portfolio.scale('{1,2}', ROW(3, '{1,10}', NULL, '{3,20}', '{2,10}')::portfolio.scaler)$q$, '22004', 'scaler field max must not be null', 'SELECT portfolio.scale(''{1,2}'', ROW(3, ''{1,10}'', NULL, ''{3,20}'', ''{2,10}'')::portfolio.scaler)');
SELECT throws_ok($q$SELECT portfolio.scale('{1,2}', ROW(3, '{1,10}', '{5,30}', NULL, '{2,10}')::portfolio.scaler, 'zscore')$q$, '22004', 'scaler field mean must not be null', 'SELECT portfolio.scale(''{1,2}'', ROW(3, ''{1,10}'', ''{5,30}'', NULL, ''{2,10}'')::portfolio.scaler, ''zscore'')');
SELECT throws_ok($q$SELECT portfolio.scale('{1,2}', ROW(3, '{1,10}', '{5,30}', '{3,20}', NULL)::portfolio.scaler, 'zscore')$q$, '22004', 'scaler field sd must not be null', 'SELECT portfolio.scale(''{1,2}'', ROW(3, ''{1,10}'', ''{5,30}'', ''{3,20}'', NULL)::portfolio.scaler, ''zscore'')');
SELECT is((SELECT portfolio.scale('{1,2}', ROW(3, '{1,10}', '{5,30}', NULL, NULL)::portfolio.scaler, 'minmax')), ARRAY[0, -8.0 / 20]::float8[], 'minmax does not need mean and sd: NULL there is fine');
SELECT is((SELECT portfolio.scale('{1,2}', ROW(NULL, '{1,10}', '{5,30}', '{3,20}', '{2,10}')::portfolio.scaler)), ARRAY[0, -8.0 / 20]::float8[], 'the scaler''s n is not used');
SELECT is((SELECT portfolio.scale('{1,2}', ROW(-5, '{1,10}', '{5,30}', '{3,20}', '{2,10}')::portfolio.scaler)), ARRAY[0, -8.0 / 20]::float8[], 'a negative n is not used either');
SELECT throws_ok($q$SELECT portfolio.scale('{1,2}', ROW(3, '{NaN,10}', '{5,30}', '{3,20}', '{2,10}')::portfolio.scaler)$q$, '22023', 'scaler field min must contain only finite numbers', 'SELECT portfolio.scale(''{1,2}'', ROW(3, ''{NaN,10}'', ''{5,30}'', ''{3,20}'', ''{2,10}'')::portfolio.scaler)');
SELECT throws_ok($q$SELECT portfolio.scale('{1,2}', ROW(2, '{0,-Infinity}', '{1,1}', '{0.5,0.5}', '{0.5,0.5}')::portfolio.scaler, 'minmax')$q$, '22023', 'scaler field min must contain only finite numbers', 'scale: a -Infinity min');
SELECT throws_ok($q$SELECT portfolio.scale('{1,2}', ROW(3, '{1,10}', '{Infinity,30}', '{3,20}', '{2,10}')::portfolio.scaler)$q$, '22023', 'scaler field max must contain only finite numbers', 'SELECT portfolio.scale(''{1,2}'', ROW(3, ''{1,10}'', ''{Infinity,30}'', ''{3,20}'', ''{2,10}'')::portfolio.scaler)');
SELECT throws_ok($q$SELECT portfolio.scale('{1,2}', ROW(3, '{1,10}', '{5,30}', '{-Infinity,20}', '{2,10}')::portfolio.scaler, 'zscore')$q$, '22023', 'scaler field mean must contain only finite numbers', 'SELECT portfolio.scale(''{1,2}'', ROW(3, ''{1,10}'', ''{5,30}'', ''{-Infinity,20}'', ''{2,10}'')::portfolio.scaler, ''zsc');
SELECT throws_ok($q$SELECT portfolio.scale('{1,2}', ROW(2, '{0,0}', '{1,1}', '{0.5,NaN}', '{0.5,0.5}')::portfolio.scaler, 'zscore')$q$, '22023', 'scaler field mean must contain only finite numbers', 'scale: a NaN mean');
SELECT throws_ok($q$SELECT portfolio.scale('{1,2}', ROW(3, '{1,10}', '{5,30}', '{3,20}', '{2,NaN}')::portfolio.scaler, 'zscore')$q$, '22023', 'scaler field sd must contain only finite numbers', 'SELECT portfolio.scale(''{1,2}'', ROW(3, ''{1,10}'', ''{5,30}'', ''{3,20}'', ''{2,NaN}'')::portfolio.scaler, ''zscore'')');
SELECT throws_ok($q$SELECT portfolio.scale('{1,2}', ROW(3, '{1,NULL}', '{5,30}', '{3,20}', '{2,10}')::portfolio.scaler)$q$, '22004', 'scaler field min must not contain null elements', 'SELECT portfolio.scale(''{1,2}'', ROW(3, ''{1,NULL}'', ''{5,30}'', ''{3,20}'', ''{2,10}'')::portfolio.scaler)');
SELECT throws_ok($q$SELECT portfolio.scale('{1,2}', ROW(3, '{1}', '{5,30}', '{3,20}', '{2,10}')::portfolio.scaler)$q$, '2202E', 'scaler field min must have as many elements as features', 'SELECT portfolio.scale(''{1,2}'', ROW(3, ''{1}'', ''{5,30}'', ''{3,20}'', ''{2,10}'')::portfolio.scaler)');
SELECT throws_ok($q$SELECT portfolio.scale('{1,2}', ROW(3, '{1,10}', '{5,30,7}', '{3,20}', '{2,10}')::portfolio.scaler)$q$, '2202E', 'scaler field max must have as many elements as features', 'SELECT portfolio.scale(''{1,2}'', ROW(3, ''{1,10}'', ''{5,30,7}'', ''{3,20}'', ''{2,10}'')::portfolio.scaler)');
SELECT throws_ok($q$SELECT portfolio.scale('{1,2}', ROW(3, '{{1,10}}', '{5,30}', '{3,20}', '{2,10}')::portfolio.scaler)$q$, '2202E', 'scaler field min must be a one-dimensional array', 'SELECT portfolio.scale(''{1,2}'', ROW(3, ''{{1,10}}'', ''{5,30}'', ''{3,20}'', ''{2,10}'')::portfolio.scaler)');
SELECT throws_ok($q$SELECT portfolio.scale('{1,2}', ROW(3, '{}', '{}', '{3,20}', '{2,10}')::portfolio.scaler)$q$, '2202E', 'scaler field min must be a one-dimensional array', 'SELECT portfolio.scale(''{1,2}'', ROW(3, ''{}'', ''{}'', ''{3,20}'', ''{2,10}'')::portfolio.scaler)');
SELECT throws_ok($q$SELECT portfolio.scale('{1,2}', ROW(3, '{6,10}', '{5,30}', '{3,20}', '{2,10}')::portfolio.scaler)$q$, '22023', 'scaler field min must not be above max', 'SELECT portfolio.scale(''{1,2}'', ROW(3, ''{6,10}'', ''{5,30}'', ''{3,20}'', ''{2,10}'')::portfolio.scaler)');
SELECT throws_ok($q$SELECT portfolio.scale('{1,2}', ROW(3, '{1,10}', '{5,30}', '{3,20}', '{-2,10}')::portfolio.scaler, 'zscore')$q$, '22023', 'scaler field sd must not be negative', 'SELECT portfolio.scale(''{1,2}'', ROW(3, ''{1,10}'', ''{5,30}'', ''{3,20}'', ''{-2,10}'')::portfolio.scaler, ''zscore'')');
SELECT throws_ok($q$SELECT portfolio.scale('{1,2}', ROW(2, '{0,0}', '{1,1}', '{0.5,0.5}', '{0.5}')::portfolio.scaler, 'zscore')$q$, '2202E', 'scaler field sd must have as many elements as features', 'scale: sd shorter than the features');
SELECT is((SELECT portfolio.scale('{1,2}', ROW(3, '{1,10}', '{1,10}', '{3,20}', '{0,0}')::portfolio.scaler)), '{0,0}'::float8[], 'minmax: a dimension with no spread scales to 0');
SELECT is((SELECT portfolio.scale('{1,2}', ROW(3, '{1,10}', '{1,10}', '{3,20}', '{0,0}')::portfolio.scaler, 'zscore')), '{0,0}'::float8[], 'zscore: sd 0 scales to 0');
SELECT throws_ok($q$SELECT portfolio.scale('{1,2}', ROW(3, '{-1e308,0}', '{1e308,1}', '{0,0}', '{1,1}')::portfolio.scaler)$q$, '22003', 'scaled value out of range', 'SELECT portfolio.scale(''{1,2}'', ROW(3, ''{-1e308,0}'', ''{1e308,1}'', ''{0,0}'', ''{1,1}'')::portfolio.scaler)');
SELECT throws_ok($q$SELECT portfolio.scale('{1e308,2}', ROW(3, '{0,0}', '{5e-324,1}', '{0,0}', '{1,1}')::portfolio.scaler)$q$, '22003', 'scaled value out of range', 'SELECT portfolio.scale(''{1e308,2}'', ROW(3, ''{0,0}'', ''{5e-324,1}'', ''{0,0}'', ''{1,1}'')::portfolio.scaler)');
SELECT throws_ok($q$SELECT portfolio.scale('{1e308,2}', ROW(3, '{0,0}', '{1,1}', '{0,0}', '{5e-324,1}')::portfolio.scaler, 'zscore')$q$, '22003', 'scaled value out of range', 'SELECT portfolio.scale(''{1e308,2}'', ROW(3, ''{0,0}'', ''{1,1}'', ''{0,0}'', ''{5e-324,1}'')::portfolio.scaler, ''zscore');
SELECT is((SELECT portfolio.scale('{1,2}', ROW(3, '[0:1]={1,10}', '{5,30}', '{3,20}', '{2,10}')::portfolio.scaler)), ARRAY[0, -8.0 / 20]::float8[], 'scaler fields with lower bound 0 count in order');

-- ---------- weighted_score ----------
SELECT ok((SELECT portfolio.weighted_score(NULL, '{1}')) IS NULL, 'weighted_score(NULL criteria): NULL');
SELECT ok((SELECT portfolio.weighted_score('{1}', NULL)) IS NULL, 'weighted_score(NULL weights): NULL');
SELECT is((SELECT abs(portfolio.weighted_score('{0.2,0.8}', '{1,3}') - 0.65) < 1e-15), true, '(0.2 + 2.4) / 4');
SELECT throws_ok($q$SELECT portfolio.weighted_score('{NaN,1}', '{1,1}')$q$, '22023', 'criteria must contain only finite numbers', 'SELECT portfolio.weighted_score(''{NaN,1}'', ''{1,1}'')');
SELECT throws_ok($q$SELECT portfolio.weighted_score('{1,1}', '{Infinity,1}')$q$, '22023', 'weights must contain only finite numbers', 'SELECT portfolio.weighted_score(''{1,1}'', ''{Infinity,1}'')');
SELECT throws_ok($q$SELECT portfolio.weighted_score('{-Infinity,1}', '{1,1}')$q$, '22023', 'criteria must contain only finite numbers', 'SELECT portfolio.weighted_score(''{-Infinity,1}'', ''{1,1}'')');
SELECT throws_ok($q$SELECT portfolio.weighted_score('{1,NULL}', '{1,1}')$q$, '22004', 'criteria must not contain null elements', 'SELECT portfolio.weighted_score(''{1,NULL}'', ''{1,1}'')');
SELECT throws_ok($q$SELECT portfolio.weighted_score('{1,1}', '{1,NULL}')$q$, '22004', 'weights must not contain null elements', 'SELECT portfolio.weighted_score(''{1,1}'', ''{1,NULL}'')');
SELECT throws_ok($q$SELECT portfolio.weighted_score('{}', '{}')$q$, '2202E', 'criteria must be a one-dimensional array', 'SELECT portfolio.weighted_score(''{}'', ''{}'')');
SELECT throws_ok($q$SELECT portfolio.weighted_score('{{1,2}}', '{1,2}')$q$, '2202E', 'criteria must be a one-dimensional array', 'SELECT portfolio.weighted_score(''{{1,2}}'', ''{1,2}'')');
SELECT throws_ok($q$SELECT portfolio.weighted_score('{1,2}', '{{1,2}}')$q$, '2202E', 'weights must be a one-dimensional array', 'SELECT portfolio.weighted_score(''{1,2}'', ''{{1,2}}'')');
SELECT throws_ok($q$SELECT portfolio.weighted_score('{1,2}', '{1,2,3}')$q$, '2202E', 'weights must have as many elements as criteria', 'SELECT portfolio.weighted_score(''{1,2}'', ''{1,2,3}'')');
SELECT throws_ok($q$SELECT portfolio.weighted_score('{1,2,3}', '{1,2}')$q$, '2202E', 'weights must have as many elements as criteria', 'SELECT portfolio.weighted_score(''{1,2,3}'', ''{1,2}'')');
SELECT throws_ok($q$SELECT portfolio.weighted_score('{1,2}', '{-1,2}')$q$, '22023', 'weights must not be negative', 'SELECT portfolio.weighted_score(''{1,2}'', ''{-1,2}'')');
SELECT throws_ok($q$SELECT portfolio.weighted_score('{1,2}', '{0,0}')$q$, '22023', 'weights must not all be zero', 'SELECT portfolio.weighted_score(''{1,2}'', ''{0,0}'')');
SELECT throws_ok($q$SELECT portfolio.weighted_score('{1,2}', '{0,-0.0}')$q$, '22023', 'weights must not all be zero', 'SELECT portfolio.weighted_score(''{1,2}'', ''{0,-0.0}'')');
SELECT is((SELECT portfolio.weighted_score('{1,2}', '{0,5}')), 2::float8, 'a zero weight leaves a criterion out');
SELECT is((SELECT portfolio.weighted_score('{-3,5}', '{1,1}')), 1::float8, 'negative criteria are allowed: (-3 + 5) / 2');
SELECT is((SELECT portfolio.weighted_score('{1e308,1e308}', '{1,1}')), 1e308::float8, 'criteria of 1e308: the weighted mean, no overflow');
SELECT is((SELECT portfolio.weighted_score('{1e308,-1e308}', '{1,1}')), 0::float8, 'criteria of +-1e308: 0');
SELECT is((SELECT portfolio.weighted_score('{1,3}', '{1e308,1e308}')), 2::float8, 'weights of 1e308: normalised, no overflow');
SELECT is((SELECT portfolio.weighted_score('{1,3}', '{5e-324,5e-324}')), 2::float8, 'subnormal weights: normalised');
SELECT is((SELECT portfolio.weighted_score('{1.7976931348623157e308,1.7976931348623157e308}', '{1,1e-300}'))::text, '1.7976931348623157e+308', 'SELECT portfolio.weighted_score(''{1.7976931348623157e308,1.7976931348623157e308}'', ''{1,1e-300}'')');
SELECT is((SELECT portfolio.weighted_score('[0:1]={0.2,0.8}', '{1,3}') = portfolio.weighted_score('{0.2,0.8}', '{1,3}')), true, 'criteria with lower bound 0 count in order');
SELECT is((SELECT abs(portfolio.weighted_score(array_fill(0.5::float8, ARRAY[100000]), array_fill(1::float8, ARRAY[100000])) - 0.5) < 1e-9), true, '100000 criteria: 0.5 within 1e-9');

SELECT * FROM finish();
ROLLBACK;
