-- Every public function and aggregate of concentration and ABC classes
-- (gini, hhi, top_share, lorenz, abc_cuts x2, abc_class) and the types
-- concentration_state and abc_cuts given hostile input: each case has an
-- asserted outcome (a documented value, or an error with its SQLSTATE and
-- message).
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS portfolio;
SELECT plan(229);
SET LOCAL client_min_messages = warning;
\ir lib/plans.sql
CREATE TEMP TABLE v(x float8);
INSERT INTO v VALUES (1), (2), (3), (4), (NULL);
CREATE TEMP TABLE allnull(x float8);
INSERT INTO allnull VALUES (NULL), (NULL);

-- ---------- NULL rows, zero rows, all-NULL rows, all zero ----------
SELECT ok((SELECT portfolio.gini(x) FROM v WHERE false) IS NULL, 'gini over zero rows: NULL');
SELECT ok((SELECT portfolio.gini(x) FROM allnull) IS NULL, 'gini over NULL rows: NULL');
SELECT ok((SELECT portfolio.gini(x) FROM (VALUES (0::float8), (0)) t(x)) IS NULL, 'gini when every value is 0: NULL');
SELECT is((SELECT portfolio.gini(x) FROM v), 0.25::float8, 'gini skips the NULL row: sum |xi - xj| / (2 n total) = 20 / 80');
SELECT ok((SELECT portfolio.hhi(x) FROM v WHERE false) IS NULL, 'hhi over zero rows: NULL');
SELECT ok((SELECT portfolio.hhi(x) FROM allnull) IS NULL, 'hhi over NULL rows: NULL');
SELECT ok((SELECT portfolio.hhi(x) FROM (VALUES (0::float8), (-0.0)) t(x)) IS NULL, 'hhi when every value is 0: NULL');
SELECT is((SELECT abs(portfolio.hhi(x) - 0.3) < 1e-15 FROM v), true, 'hhi skips the NULL row: (1+4+9+16)/100');
SELECT ok((SELECT portfolio.top_share(x, 0.5) FROM v WHERE false) IS NULL, 'top_share over zero rows: NULL');
SELECT ok((SELECT portfolio.top_share(x, 0.5) FROM allnull) IS NULL, 'top_share over NULL rows: NULL');
SELECT ok((SELECT portfolio.top_share(x, 0.5) FROM (VALUES (0::float8)) t(x)) IS NULL, 'top_share of all zeros: NULL');
SELECT is((SELECT portfolio.top_share(x, 0.5) FROM v), 0.7::float8, 'top_share(0.5) of 1..4: (4+3)/10');
SELECT ok((SELECT portfolio.lorenz(x, 4) FROM v WHERE false) IS NULL, 'lorenz over zero rows: NULL');
SELECT ok((SELECT portfolio.lorenz(x, 4) FROM allnull) IS NULL, 'lorenz over NULL rows: NULL');
SELECT ok((SELECT portfolio.lorenz(x, 4) FROM (VALUES (0::float8)) t(x)) IS NULL, 'lorenz of all zeros: NULL');
SELECT is((SELECT portfolio.lorenz(x, 4) FROM v), '{0,0.1,0.3,0.6,1}'::float8[], 'lorenz(4) of 1..4');
SELECT ok((SELECT portfolio.abc_cuts(x) FROM v WHERE false) IS NULL, 'abc_cuts over zero rows: NULL');
SELECT ok((SELECT portfolio.abc_cuts(x) FROM allnull) IS NULL, 'abc_cuts over NULL rows: NULL');
SELECT ok((SELECT portfolio.abc_cuts(x, 0.8, 0.95) FROM v WHERE false) IS NULL, 'abc_cuts(value, a, b) over zero rows: NULL');
SELECT ok((SELECT portfolio.abc_cuts(x, 0.8, 0.95) FROM (VALUES (0::float8)) t(x)) IS NULL, 'abc_cuts of all zeros: NULL');
SELECT is((SELECT portfolio.abc_cuts(x)::text FROM v)::text, 'a_share=0.8; b_share=0.95; a=2; b=1', 'SELECT portfolio.abc_cuts(x)::text FROM v');
SELECT is((SELECT portfolio.abc_cuts(x, 0.5, 0.5)::text FROM v)::text, 'a_share=0.5; b_share=0.5; a=3; b=3', 'SELECT portfolio.abc_cuts(x, 0.5, 0.5)::text FROM v');

-- ---------- NaN, Infinity, negative values ----------
SELECT throws_ok($q$SELECT portfolio.gini(x) FROM (VALUES (1::float8), ('NaN')) t(x)$q$, '22023', 'value must be a finite number', 'SELECT portfolio.gini(x) FROM (VALUES (1::float8), (''NaN'')) t(x)');
SELECT throws_ok($q$SELECT portfolio.gini(x) FROM (VALUES (1::float8), ('Infinity')) t(x)$q$, '22023', 'value must be a finite number', 'SELECT portfolio.gini(x) FROM (VALUES (1::float8), (''Infinity'')) t(x)');
SELECT throws_ok($q$SELECT portfolio.gini(x) FROM (VALUES (1::float8), ('-Infinity')) t(x)$q$, '22023', 'value must be a finite number', 'SELECT portfolio.gini(x) FROM (VALUES (1::float8), (''-Infinity'')) t(x)');
SELECT throws_ok($q$SELECT portfolio.gini(x) FROM (VALUES (1::float8), (-1)) t(x)$q$, '22023', 'value must not be negative', 'SELECT portfolio.gini(x) FROM (VALUES (1::float8), (-1)) t(x)');
SELECT is((SELECT portfolio.gini(x) FROM (VALUES (-0.0::float8), (1)) t(x)), 0.5::float8, '-0 counts as 0');
SELECT throws_ok($q$SELECT portfolio.hhi(x) FROM (VALUES (1::float8), ('NaN')) t(x)$q$, '22023', 'value must be a finite number', 'SELECT portfolio.hhi(x) FROM (VALUES (1::float8), (''NaN'')) t(x)');
SELECT throws_ok($q$SELECT portfolio.hhi(x) FROM (VALUES (1::float8), ('Infinity')) t(x)$q$, '22023', 'value must be a finite number', 'SELECT portfolio.hhi(x) FROM (VALUES (1::float8), (''Infinity'')) t(x)');
SELECT throws_ok($q$SELECT portfolio.hhi(x) FROM (VALUES (1::float8), ('-Infinity')) t(x)$q$, '22023', 'value must be a finite number', 'SELECT portfolio.hhi(x) FROM (VALUES (1::float8), (''-Infinity'')) t(x)');
SELECT throws_ok($q$SELECT portfolio.hhi(x) FROM (VALUES (1::float8), (-1)) t(x)$q$, '22023', 'value must not be negative', 'SELECT portfolio.hhi(x) FROM (VALUES (1::float8), (-1)) t(x)');
SELECT throws_ok($q$SELECT portfolio.top_share(x, 0.5) FROM (VALUES ('NaN'::float8)) t(x)$q$, '22023', 'value must be a finite number', 'SELECT portfolio.top_share(x, 0.5) FROM (VALUES (''NaN''::float8)) t(x)');
SELECT throws_ok($q$SELECT portfolio.top_share(x, 0.5) FROM (VALUES ('Infinity'::float8)) t(x)$q$, '22023', 'value must be a finite number', 'SELECT portfolio.top_share(x, 0.5) FROM (VALUES (''Infinity''::float8)) t(x)');
SELECT throws_ok($q$SELECT portfolio.top_share(x, 0.5) FROM (VALUES (-2::float8)) t(x)$q$, '22023', 'value must not be negative', 'SELECT portfolio.top_share(x, 0.5) FROM (VALUES (-2::float8)) t(x)');
SELECT throws_ok($q$SELECT portfolio.lorenz(x, 2) FROM (VALUES ('NaN'::float8)) t(x)$q$, '22023', 'value must be a finite number', 'SELECT portfolio.lorenz(x, 2) FROM (VALUES (''NaN''::float8)) t(x)');
SELECT throws_ok($q$SELECT portfolio.lorenz(x, 2) FROM (VALUES ('-Infinity'::float8)) t(x)$q$, '22023', 'value must be a finite number', 'SELECT portfolio.lorenz(x, 2) FROM (VALUES (''-Infinity''::float8)) t(x)');
SELECT throws_ok($q$SELECT portfolio.lorenz(x, 2) FROM (VALUES (-1e-300::float8)) t(x)$q$, '22023', 'value must not be negative', 'SELECT portfolio.lorenz(x, 2) FROM (VALUES (-1e-300::float8)) t(x)');
SELECT throws_ok($q$SELECT portfolio.abc_cuts(x) FROM (VALUES ('NaN'::float8)) t(x)$q$, '22023', 'value must be a finite number', 'SELECT portfolio.abc_cuts(x) FROM (VALUES (''NaN''::float8)) t(x)');
SELECT throws_ok($q$SELECT portfolio.abc_cuts(x, 0.8, 0.95) FROM (VALUES ('Infinity'::float8)) t(x)$q$, '22023', 'value must be a finite number', 'SELECT portfolio.abc_cuts(x, 0.8, 0.95) FROM (VALUES (''Infinity''::float8)) t(x)');
SELECT throws_ok($q$SELECT portfolio.abc_cuts(x, 0.8, 0.95) FROM (VALUES (-5::float8)) t(x)$q$, '22023', 'value must not be negative', 'SELECT portfolio.abc_cuts(x, 0.8, 0.95) FROM (VALUES (-5::float8)) t(x)');
SELECT throws_ok($q$SELECT portfolio.abc_cuts(x) FROM unnest(ARRAY['Infinity']::float8[]) x$q$, '22023', 'value must be a finite number', 'abc_cuts (default shares): an Infinity value');
SELECT throws_ok($q$SELECT portfolio.abc_cuts(x, 0.5, 0.9) FROM unnest(ARRAY['-Infinity']::float8[]) x$q$, '22023', 'value must be a finite number', 'abc_cuts(0.5, 0.9): a -Infinity value');

-- ---------- huge values: sums that overflow ----------
SELECT throws_ok($q$SELECT portfolio.gini(x) FROM (VALUES (1e308::float8), (1e308)) t(x)$q$, '22003', 'value out of range: overflow', 'SELECT portfolio.gini(x) FROM (VALUES (1e308::float8), (1e308)) t(x)');
SELECT throws_ok($q$SELECT portfolio.hhi(x) FROM (VALUES (1e308::float8), (1e308)) t(x)$q$, '22003', 'value out of range: overflow', 'SELECT portfolio.hhi(x) FROM (VALUES (1e308::float8), (1e308)) t(x)');
SELECT throws_ok($q$SELECT portfolio.hhi(x) FROM (VALUES (1e200::float8)) t(x)$q$, '22003', 'value out of range: overflow', 'SELECT portfolio.hhi(x) FROM (VALUES (1e200::float8)) t(x)');
SELECT throws_ok($q$SELECT portfolio.hhi(x) FROM unnest(ARRAY[1e154, 1e154, 1e154]::float8[]) x$q$, '22003', 'value out of range: overflow', 'hhi: finite squares whose sum overflows');
SELECT throws_ok($q$SELECT portfolio.top_share(x, 0.5) FROM (VALUES (1e308::float8), (1e308)) t(x)$q$, '22003', 'value out of range: overflow', 'SELECT portfolio.top_share(x, 0.5) FROM (VALUES (1e308::float8), (1e308)) t(x)');
SELECT throws_ok($q$SELECT portfolio.lorenz(x, 2) FROM (VALUES (1e308::float8), (1e308)) t(x)$q$, '22003', 'value out of range: overflow', 'SELECT portfolio.lorenz(x, 2) FROM (VALUES (1e308::float8), (1e308)) t(x)');
SELECT throws_ok($q$SELECT portfolio.abc_cuts(x) FROM (VALUES (1e308::float8), (1e308)) t(x)$q$, '22003', 'value out of range: overflow', 'SELECT portfolio.abc_cuts(x) FROM (VALUES (1e308::float8), (1e308)) t(x)');
SELECT is((SELECT portfolio.gini(x) FROM (VALUES (1.7976931348623157e308::float8), (0)) t(x)), 0.5::float8, 'gini of {max float8, 0}: 0.5, no overflow');
SELECT is((SELECT portfolio.gini(x) FROM (VALUES (5e-324::float8), (0)) t(x)), 0.5::float8, 'gini of {smallest subnormal, 0}: 0.5');
SELECT throws_ok($q$SELECT portfolio.hhi(x) FROM (VALUES (5e-324::float8), (5e-324)) t(x)$q$, '22003', 'value out of range: underflow', 'hhi of subnormals: their squares underflow, 22003 (not a silent 0 or NULL)');

-- ---------- parameters: fraction, points, shares ----------
SELECT throws_ok($q$SELECT portfolio.top_share(x, NULL) FROM v$q$, '22004', 'fraction must not be null', 'SELECT portfolio.top_share(x, NULL) FROM v');
SELECT throws_ok($q$SELECT portfolio.top_share(x, CASE WHEN x IS NULL THEN NULL ELSE 0.5 END) FROM v$q$, '22004', 'fraction must not be null', 'top_share: a NULL fraction only on the row whose value is NULL');
SELECT throws_ok($q$SELECT portfolio.top_share(x, 'NaN') FROM v$q$, '22023', 'fraction must be a finite number', 'SELECT portfolio.top_share(x, ''NaN'') FROM v');
SELECT throws_ok($q$SELECT portfolio.top_share(x, 'Infinity') FROM v$q$, '22023', 'fraction must be a finite number', 'SELECT portfolio.top_share(x, ''Infinity'') FROM v');
SELECT throws_ok($q$SELECT portfolio.top_share(x, '-Infinity') FROM v$q$, '22023', 'fraction must be a finite number', 'SELECT portfolio.top_share(x, ''-Infinity'') FROM v');
SELECT throws_ok($q$SELECT portfolio.top_share(x, -0.1) FROM v$q$, '22023', 'fraction must be between 0 and 1', 'SELECT portfolio.top_share(x, -0.1) FROM v');
SELECT throws_ok($q$SELECT portfolio.top_share(x, 1.0000001) FROM v$q$, '22023', 'fraction must be between 0 and 1', 'SELECT portfolio.top_share(x, 1.0000001) FROM v');
SELECT is((SELECT portfolio.top_share(x, 0) FROM v), 0::float8, 'top_share(0): the top 0 customers hold 0');
SELECT is((SELECT portfolio.top_share(x, 1) FROM v), 1::float8, 'top_share(1): everyone holds everything');
SELECT is((SELECT portfolio.top_share(x, 5e-324) FROM v), 0::float8, 'a fraction so small that fraction * n is below the rounding margin (1e-9): 0 customers, share 0');
SELECT is((SELECT portfolio.top_share(x, 0.25) FROM v), 0.4::float8, 'top_share(0.25) of 1..4: the top customer, 4/10');
SELECT throws_ok($q$SELECT portfolio.top_share(x, CASE WHEN x = 1 THEN 0.1 ELSE 0.2 END) FROM v$q$, '22023', 'fraction must be the same for every row of a group', 'SELECT portfolio.top_share(x, CASE WHEN x = 1 THEN 0.1 ELSE 0.2 END) FROM v');
SELECT throws_ok($q$SELECT portfolio.top_share(x, CASE WHEN x IS NULL THEN 0.2 ELSE 0.5 END) FROM v$q$, '22023', 'fraction must be the same for every row of a group', 'top_share: the fraction differs only on the row whose value is NULL');
SELECT throws_ok($q$SELECT portfolio.lorenz(x, NULL) FROM v$q$, '22004', 'points must not be null', 'SELECT portfolio.lorenz(x, NULL) FROM v');
SELECT throws_ok($q$SELECT portfolio.lorenz(x, 0) FROM v$q$, '22023', 'points must be between 1 and 100000', 'SELECT portfolio.lorenz(x, 0) FROM v');
SELECT throws_ok($q$SELECT portfolio.lorenz(x, -1) FROM v$q$, '22023', 'points must be between 1 and 100000', 'SELECT portfolio.lorenz(x, -1) FROM v');
SELECT throws_ok($q$SELECT portfolio.lorenz(x, 2147483647) FROM v$q$, '22023', 'points must be between 1 and 100000', 'SELECT portfolio.lorenz(x, 2147483647) FROM v');
SELECT throws_ok($q$SELECT portfolio.lorenz(x, 100001) FROM v$q$, '22023', 'points must be between 1 and 100000', 'SELECT portfolio.lorenz(x, 100001) FROM v');
SELECT is((SELECT portfolio.lorenz(x, 1) FROM v), '{0,1}'::float8[], 'lorenz(1): {0, 1}');
SELECT is((SELECT array_length(portfolio.lorenz(x, 100000), 1) FROM v), 100001, 'lorenz(100000): the largest number of points');
SELECT throws_ok($q$SELECT portfolio.lorenz(x, CASE WHEN x = 1 THEN 2 ELSE 3 END) FROM v$q$, '22023', 'points must be the same for every row of a group', 'SELECT portfolio.lorenz(x, CASE WHEN x = 1 THEN 2 ELSE 3 END) FROM v');
SELECT throws_ok($q$SELECT portfolio.abc_cuts(x, NULL, 0.9) FROM v$q$, '22004', 'a_share must not be null', 'SELECT portfolio.abc_cuts(x, NULL, 0.9) FROM v');
SELECT throws_ok($q$SELECT portfolio.abc_cuts(x, 0.8, NULL) FROM v$q$, '22004', 'b_share must not be null', 'SELECT portfolio.abc_cuts(x, 0.8, NULL) FROM v');
SELECT throws_ok($q$SELECT portfolio.abc_cuts(x, 'NaN', 0.9) FROM v$q$, '22023', 'a_share must be a finite number', 'SELECT portfolio.abc_cuts(x, ''NaN'', 0.9) FROM v');
SELECT throws_ok($q$SELECT portfolio.abc_cuts(x, 0.8, 'Infinity') FROM v$q$, '22023', 'b_share must be a finite number', 'SELECT portfolio.abc_cuts(x, 0.8, ''Infinity'') FROM v');
SELECT throws_ok($q$SELECT portfolio.abc_cuts(x, 0, 0.9) FROM v$q$, '22023', 'a_share and b_share must satisfy 0 < a_share <= b_share <= 1', 'SELECT portfolio.abc_cuts(x, 0, 0.9) FROM v');
SELECT throws_ok($q$SELECT portfolio.abc_cuts(x, -0.1, 0.9) FROM v$q$, '22023', 'a_share and b_share must satisfy 0 < a_share <= b_share <= 1', 'SELECT portfolio.abc_cuts(x, -0.1, 0.9) FROM v');
SELECT throws_ok($q$SELECT portfolio.abc_cuts(x, 0.9, 0.8) FROM v$q$, '22023', 'a_share and b_share must satisfy 0 < a_share <= b_share <= 1', 'SELECT portfolio.abc_cuts(x, 0.9, 0.8) FROM v');
SELECT throws_ok($q$SELECT portfolio.abc_cuts(x, 0.8, 1.5) FROM v$q$, '22023', 'a_share and b_share must satisfy 0 < a_share <= b_share <= 1', 'SELECT portfolio.abc_cuts(x, 0.8, 1.5) FROM v');
SELECT is((SELECT portfolio.abc_cuts(x, 1, 1)::text FROM v)::text, 'a_share=1; b_share=1; a=1; b=1', 'SELECT portfolio.abc_cuts(x, 1, 1)::text FROM v');
SELECT throws_ok($q$SELECT portfolio.abc_cuts(x, 0.8, CASE WHEN x = 1 THEN 0.9 ELSE 0.95 END) FROM v$q$, '22023', 'a_share and b_share must be the same for every row of a group', 'SELECT portfolio.abc_cuts(x, 0.8, CASE WHEN x = 1 THEN 0.9 ELSE 0.95 END) FROM v');

-- ---------- abc_class ----------
SELECT ok((SELECT portfolio.abc_class(NULL, 'a_share=0.8; b_share=0.95; a=3; b=2')) IS NULL, 'SELECT portfolio.abc_class(NULL, ''a_share=0.8; b_share=0.95; a=3; b=2'')');
SELECT ok((SELECT portfolio.abc_class(1, NULL)) IS NULL, 'SELECT portfolio.abc_class(1, NULL)');
SELECT throws_ok($q$SELECT portfolio.abc_class('NaN', 'a_share=0.8; b_share=0.95; a=3; b=2')$q$, '22023', 'value must be a finite number', 'SELECT portfolio.abc_class(''NaN'', ''a_share=0.8; b_share=0.95; a=3; b=2'')');
SELECT throws_ok($q$SELECT portfolio.abc_class('Infinity', 'a_share=0.8; b_share=0.95; a=3; b=2')$q$, '22023', 'value must be a finite number', 'SELECT portfolio.abc_class(''Infinity'', ''a_share=0.8; b_share=0.95; a=3; b=2'')');
SELECT throws_ok($q$SELECT portfolio.abc_class('-Infinity', 'a_share=0.8; b_share=0.95; a=3; b=2')$q$, '22023', 'value must be a finite number', 'SELECT portfolio.abc_class(''-Infinity'', ''a_share=0.8; b_share=0.95; a=3; b=2'')');
SELECT throws_ok($q$SELECT portfolio.abc_class(-1, 'a_share=0.8; b_share=0.95; a=3; b=2')$q$, '22023', 'value must not be negative', 'SELECT portfolio.abc_class(-1, ''a_share=0.8; b_share=0.95; a=3; b=2'')');
SELECT is((SELECT portfolio.abc_class(3, 'a_share=0.8; b_share=0.95; a=3; b=2')), 'A', 'on the A threshold: A');
SELECT is((SELECT portfolio.abc_class(2.9999999, 'a_share=0.8; b_share=0.95; a=3; b=2')), 'B', 'just under the A threshold: B');
SELECT is((SELECT portfolio.abc_class(0, 'a_share=0.8; b_share=0.95; a=3; b=2')), 'C', '0: C');
SELECT is((SELECT portfolio.abc_class(1.7976931348623157e308, 'a_share=0.8; b_share=0.95; a=3; b=2')), 'A', 'max float8: A');
SELECT is((SELECT portfolio.abc_class(0, 'a_share=0.8; b_share=0.95; a=0; b=0')), 'A', 'thresholds of 0: everything is A');

-- ---------- abc_cuts: text input ----------
SELECT throws_ok($q$SELECT ''::portfolio.abc_cuts$q$, '22P02', 'invalid input syntax for type portfolio.abc_cuts: ""', 'SELECT ''''::portfolio.abc_cuts');
SELECT throws_ok($q$SELECT 'garbage'::portfolio.abc_cuts$q$, '22P02', 'invalid input syntax for type portfolio.abc_cuts: "garbage"', 'SELECT ''garbage''::portfolio.abc_cuts');
SELECT throws_ok($q$SELECT 'a_share=0.8'::portfolio.abc_cuts$q$, '22P02', 'invalid input syntax for type portfolio.abc_cuts: "a_share=0.8"', 'SELECT ''a_share=0.8''::portfolio.abc_cuts');
SELECT throws_ok($q$SELECT 'a_share=0.8; b_share=0.95; a=3'::portfolio.abc_cuts$q$, '22P02', 'invalid input syntax for type portfolio.abc_cuts: "a_share=0.8; b_share=0.95; a=3"', 'SELECT ''a_share=0.8; b_share=0.95; a=3''::portfolio.abc_cuts');
SELECT throws_ok($q$SELECT 'a_share=0.8; b_share=0.95; a=3; b='::portfolio.abc_cuts$q$, '22P02', 'invalid input syntax for type portfolio.abc_cuts: "a_share=0.8; b_share=0.95; a=3; b="', 'SELECT ''a_share=0.8; b_share=0.95; a=3; b=''::portfolio.abc_cuts');
SELECT throws_ok($q$SELECT 'a_share=0.8; b_share=0.95; a=3; b=2; junk'::portfolio.abc_cuts$q$, '22P02', 'invalid input syntax for type portfolio.abc_cuts: "a_share=0.8; b_share=0.95; a=3; b=2; junk"', 'SELECT ''a_share=0.8; b_share=0.95; a=3; b=2; junk''::portfolio.abc_cuts');
SELECT throws_ok($q$SELECT 'a_share=0.8; b_share=0.95; a=3; b=2; b=1'::portfolio.abc_cuts$q$, '22P02', 'invalid input syntax for type portfolio.abc_cuts: "a_share=0.8; b_share=0.95; a=3; b=2; b=1"', 'SELECT ''a_share=0.8; b_share=0.95; a=3; b=2; b=1''::portfolio.abc_cuts');
SELECT throws_ok($q$SELECT 'a_share=0.8; a_share=0.8; b_share=0.95; a=3; b=2'::portfolio.abc_cuts$q$, '22P02', 'invalid input syntax for type portfolio.abc_cuts: "a_share=0.8; a_share=0.8; b_share=0.95; a=3; b=2"', 'SELECT ''a_share=0.8; a_share=0.8; b_share=0.95; a=3; b=2''::portfolio.abc_cuts');
SELECT throws_ok($q$SELECT 'b_share=0.95; a_share=0.8; a=3; b=2'::portfolio.abc_cuts$q$, '22P02', 'invalid input syntax for type portfolio.abc_cuts: "b_share=0.95; a_share=0.8; a=3; b=2"', 'SELECT ''b_share=0.95; a_share=0.8; a=3; b=2''::portfolio.abc_cuts');
SELECT throws_ok($q$SELECT 'a_share=NaN; b_share=0.95; a=3; b=2'::portfolio.abc_cuts$q$, '22P02', 'invalid input syntax for type portfolio.abc_cuts: "a_share=NaN; b_share=0.95; a=3; b=2"', 'SELECT ''a_share=NaN; b_share=0.95; a=3; b=2''::portfolio.abc_cuts');
SELECT throws_ok($q$SELECT 'a_share=0.8; b_share=0.95; a=Infinity; b=2'::portfolio.abc_cuts$q$, '22P02', 'invalid input syntax for type portfolio.abc_cuts: "a_share=0.8; b_share=0.95; a=Infinity; b=2"', 'SELECT ''a_share=0.8; b_share=0.95; a=Infinity; b=2''::portfolio.abc_cuts');
SELECT throws_ok($q$SELECT 'a_share=0.8; b_share=0.95; a=1e999; b=2'::portfolio.abc_cuts$q$, '22P02', 'invalid input syntax for type portfolio.abc_cuts: "a_share=0.8; b_share=0.95; a=1e999; b=2"', 'SELECT ''a_share=0.8; b_share=0.95; a=1e999; b=2''::portfolio.abc_cuts');
SELECT throws_ok($q$SELECT 'a_share=0.8; b_share=0.95; a=Infinity; b=1'::portfolio.abc_cuts$q$, '22P02', 'invalid input syntax for type portfolio.abc_cuts: "a_share=0.8; b_share=0.95; a=Infinity; b=1"', 'abc_cuts text: an Infinity threshold');
SELECT throws_ok($q$SELECT 'a_share=0.8; b_share=0.95; a=-3; b=0'::portfolio.abc_cuts$q$, '22P02', 'invalid input syntax for type portfolio.abc_cuts: "a_share=0.8; b_share=0.95; a=-3; b=0"', 'SELECT ''a_share=0.8; b_share=0.95; a=-3; b=0''::portfolio.abc_cuts');
SELECT throws_ok($q$SELECT 'a_share=0.8; b_share=0.95; a=3; b=4'::portfolio.abc_cuts$q$, '22P02', 'invalid input syntax for type portfolio.abc_cuts: "a_share=0.8; b_share=0.95; a=3; b=4"', 'SELECT ''a_share=0.8; b_share=0.95; a=3; b=4''::portfolio.abc_cuts');
SELECT throws_ok($q$SELECT 'a_share=0.8; b_share=0.95; a=1; b=3'::portfolio.abc_cuts$q$, '22P02', 'invalid input syntax for type portfolio.abc_cuts: "a_share=0.8; b_share=0.95; a=1; b=3"', 'abc_cuts text: b above a');
SELECT throws_ok($q$SELECT 'a_share=0.8; b_share=0.95; a=3; b=-1'::portfolio.abc_cuts$q$, '22P02', 'invalid input syntax for type portfolio.abc_cuts: "a_share=0.8; b_share=0.95; a=3; b=-1"', 'SELECT ''a_share=0.8; b_share=0.95; a=3; b=-1''::portfolio.abc_cuts');
SELECT throws_ok($q$SELECT 'a_share=0; b_share=0.95; a=3; b=2'::portfolio.abc_cuts$q$, '22P02', 'invalid input syntax for type portfolio.abc_cuts: "a_share=0; b_share=0.95; a=3; b=2"', 'SELECT ''a_share=0; b_share=0.95; a=3; b=2''::portfolio.abc_cuts');
SELECT throws_ok($q$SELECT 'a_share=0.96; b_share=0.95; a=3; b=2'::portfolio.abc_cuts$q$, '22P02', 'invalid input syntax for type portfolio.abc_cuts: "a_share=0.96; b_share=0.95; a=3; b=2"', 'SELECT ''a_share=0.96; b_share=0.95; a=3; b=2''::portfolio.abc_cuts');
SELECT throws_ok($q$SELECT 'a_share=0.8; b_share=1.01; a=3; b=2'::portfolio.abc_cuts$q$, '22P02', 'invalid input syntax for type portfolio.abc_cuts: "a_share=0.8; b_share=1.01; a=3; b=2"', 'SELECT ''a_share=0.8; b_share=1.01; a=3; b=2''::portfolio.abc_cuts');
SELECT throws_ok($q$SELECT 'a_share=0.8; b_share=1.5; a=3; b=1'::portfolio.abc_cuts$q$, '22P02', 'invalid input syntax for type portfolio.abc_cuts: "a_share=0.8; b_share=1.5; a=3; b=1"', 'abc_cuts text: b_share 1.5');
SELECT throws_ok($q$SELECT 'a_share=0; b_share=0.95; a=3; b=1'::portfolio.abc_cuts$q$, '22P02', 'invalid input syntax for type portfolio.abc_cuts: "a_share=0; b_share=0.95; a=3; b=1"', 'abc_cuts text: a_share 0, b = 1');
SELECT throws_ok($q$SELECT 'a_share = 0.8; b_share=0.95; a=3; b=2'::portfolio.abc_cuts$q$, '22P02', 'invalid input syntax for type portfolio.abc_cuts: "a_share = 0.8; b_share=0.95; a=3; b=2"', 'SELECT ''a_share = 0.8; b_share=0.95; a=3; b=2''::portfolio.abc_cuts');
SELECT throws_ok($q$SELECT 'b_share=0.95; a_share=0.8; a=3; b=1'::portfolio.abc_cuts$q$, '22P02', 'invalid input syntax for type portfolio.abc_cuts: "b_share=0.95; a_share=0.8; a=3; b=1"', 'abc_cuts text: shares out of order, b = 1');
SELECT throws_ok($q$SELECT 'a_share=0.8; b_share=0.95; a=3; b=1; c=0'::portfolio.abc_cuts$q$, '22P02', 'invalid input syntax for type portfolio.abc_cuts: "a_share=0.8; b_share=0.95; a=3; b=1; c=0"', 'abc_cuts text: an unknown field after the last');
SELECT throws_ok($q$SELECT 'a_share=0.8; b_share=0.95; a=3; b=1x'::portfolio.abc_cuts$q$, '22P02', 'invalid input syntax for type portfolio.abc_cuts: "a_share=0.8; b_share=0.95; a=3; b=1x"', 'abc_cuts text: junk after a number');
SELECT is((SELECT '  a_share=0.8 ;b_share=  0.95;a=3;b=2  '::portfolio.abc_cuts::text), 'a_share=0.8; b_share=0.95; a=3; b=2', 'abc_cuts: spaces are allowed around the fields');
SELECT is((SELECT c::text::portfolio.abc_cuts::text = c::text FROM (SELECT portfolio.abc_cuts(x * 0.1 + 1e-300) AS c FROM generate_series(1, 50) x) s), true, 'abc_cuts round trip: out then in gives the same text');
SELECT is((SELECT c::text FROM (SELECT portfolio.abc_cuts(x, 1, 1) AS c FROM (VALUES (1.7976931348623157e308::float8), (5e-324)) t(x)) s)::text, 'a_share=1; b_share=1; a=1.7976931348623157e+308; b=1.7976931348623157e+308', 'SELECT c::text FROM (SELECT portfolio.abc_cuts(x, 1, 1) AS c FROM (VALUES (1.7976931348623157e308::float8), (5');

-- ---------- concentration_state: text input ----------
SELECT throws_ok($q$SELECT ''::portfolio.concentration_state$q$, '22P02', 'invalid input syntax for type portfolio.concentration_state: ""', 'SELECT ''''::portfolio.concentration_state');
SELECT throws_ok($q$SELECT 'garbage'::portfolio.concentration_state$q$, '22P02', 'invalid input syntax for type portfolio.concentration_state: "garbage"', 'SELECT ''garbage''::portfolio.concentration_state');
SELECT throws_ok($q$SELECT 'args='::portfolio.concentration_state$q$, '22P02', 'invalid input syntax for type portfolio.concentration_state: "args="', 'SELECT ''args=''::portfolio.concentration_state');
SELECT throws_ok($q$SELECT 'args=; values'::portfolio.concentration_state$q$, '22P02', 'invalid input syntax for type portfolio.concentration_state: "args=; values"', 'SELECT ''args=; values''::portfolio.concentration_state');
SELECT throws_ok($q$SELECT 'values=1,2'::portfolio.concentration_state$q$, '22P02', 'invalid input syntax for type portfolio.concentration_state: "values=1,2"', 'SELECT ''values=1,2''::portfolio.concentration_state');
SELECT throws_ok($q$SELECT 'args=0.5,0.6,0.7; values=1'::portfolio.concentration_state$q$, '22P02', 'invalid input syntax for type portfolio.concentration_state: "args=0.5,0.6,0.7; values=1"', 'SELECT ''args=0.5,0.6,0.7; values=1''::portfolio.concentration_state');
SELECT throws_ok($q$SELECT 'args=0.5; values=1,,2'::portfolio.concentration_state$q$, '22P02', 'invalid input syntax for type portfolio.concentration_state: "args=0.5; values=1,,2"', 'SELECT ''args=0.5; values=1,,2''::portfolio.concentration_state');
SELECT throws_ok($q$SELECT 'args=0.5; values=1,2,'::portfolio.concentration_state$q$, '22P02', 'invalid input syntax for type portfolio.concentration_state: "args=0.5; values=1,2,"', 'SELECT ''args=0.5; values=1,2,''::portfolio.concentration_state');
SELECT throws_ok($q$SELECT 'args=0.5; values=1 2'::portfolio.concentration_state$q$, '22P02', 'invalid input syntax for type portfolio.concentration_state: "args=0.5; values=1 2"', 'SELECT ''args=0.5; values=1 2''::portfolio.concentration_state');
SELECT throws_ok($q$SELECT 'args=0.5; values=1,2; junk'::portfolio.concentration_state$q$, '22P02', 'invalid input syntax for type portfolio.concentration_state: "args=0.5; values=1,2; junk"', 'SELECT ''args=0.5; values=1,2; junk''::portfolio.concentration_state');
SELECT throws_ok($q$SELECT 'args=0.5; values=1,2; values=3'::portfolio.concentration_state$q$, '22P02', 'invalid input syntax for type portfolio.concentration_state: "args=0.5; values=1,2; values=3"', 'SELECT ''args=0.5; values=1,2; values=3''::portfolio.concentration_state');
SELECT throws_ok($q$SELECT 'args=0.5; args=0.5; values=1'::portfolio.concentration_state$q$, '22P02', 'invalid input syntax for type portfolio.concentration_state: "args=0.5; args=0.5; values=1"', 'SELECT ''args=0.5; args=0.5; values=1''::portfolio.concentration_state');
SELECT throws_ok($q$SELECT 'args=0.5; values=-1'::portfolio.concentration_state$q$, '22P02', 'invalid input syntax for type portfolio.concentration_state: "args=0.5; values=-1"', 'SELECT ''args=0.5; values=-1''::portfolio.concentration_state');
SELECT throws_ok($q$SELECT 'args=0.5; values=NaN'::portfolio.concentration_state$q$, '22P02', 'invalid input syntax for type portfolio.concentration_state: "args=0.5; values=NaN"', 'SELECT ''args=0.5; values=NaN''::portfolio.concentration_state');
SELECT throws_ok($q$SELECT 'args=0.5; values=Infinity'::portfolio.concentration_state$q$, '22P02', 'invalid input syntax for type portfolio.concentration_state: "args=0.5; values=Infinity"', 'SELECT ''args=0.5; values=Infinity''::portfolio.concentration_state');
SELECT throws_ok($q$SELECT 'args=0.5; values=1e999'::portfolio.concentration_state$q$, '22P02', 'invalid input syntax for type portfolio.concentration_state: "args=0.5; values=1e999"', 'SELECT ''args=0.5; values=1e999''::portfolio.concentration_state');
SELECT throws_ok($q$SELECT 'args=0.5'::portfolio.concentration_state$q$, '22P02', 'invalid input syntax for type portfolio.concentration_state: "args=0.5"', 'concentration_state text: no values');
SELECT throws_ok($q$SELECT 'args=0.8,0.9,1; values='::portfolio.concentration_state$q$, '22P02', 'invalid input syntax for type portfolio.concentration_state: "args=0.8,0.9,1; values="', 'concentration_state text: three parameters, no values');
SELECT throws_ok($q$SELECT 'args=; values=1,-2'::portfolio.concentration_state$q$, '22P02', 'invalid input syntax for type portfolio.concentration_state: "args=; values=1,-2"', 'concentration_state text: a negative value, no parameters');
SELECT throws_ok($q$SELECT 'args=; values=1,Infinity'::portfolio.concentration_state$q$, '22P02', 'invalid input syntax for type portfolio.concentration_state: "args=; values=1,Infinity"', 'concentration_state text: an Infinity value, no parameters');
SELECT throws_ok($q$SELECT 'args=; values=1,,2'::portfolio.concentration_state$q$, '22P02', 'invalid input syntax for type portfolio.concentration_state: "args=; values=1,,2"', 'concentration_state text: an empty value, no parameters');
SELECT throws_ok($q$SELECT 'args=; values=1 2'::portfolio.concentration_state$q$, '22P02', 'invalid input syntax for type portfolio.concentration_state: "args=; values=1 2"', 'concentration_state text: values without a comma, no parameters');
SELECT throws_ok($q$SELECT 'args=; values=1,2;'::portfolio.concentration_state$q$, '22P02', 'invalid input syntax for type portfolio.concentration_state: "args=; values=1,2;"', 'concentration_state text: a trailing ";", no parameters');
SELECT throws_ok($q$SELECT 'args=; values=1e999'::portfolio.concentration_state$q$, '22P02', 'invalid input syntax for type portfolio.concentration_state: "args=; values=1e999"', 'concentration_state text: a value beyond float8, no parameters');
SELECT throws_ok($q$SELECT 'args=NaN; values=1'::portfolio.concentration_state$q$, '22P02', 'invalid input syntax for type portfolio.concentration_state: "args=NaN; values=1"', 'SELECT ''args=NaN; values=1''::portfolio.concentration_state');
SELECT throws_ok($q$SELECT 'args=-0.5; values=1'::portfolio.concentration_state$q$, '22P02', 'invalid input syntax for type portfolio.concentration_state: "args=-0.5; values=1"', 'SELECT ''args=-0.5; values=1''::portfolio.concentration_state');
SELECT throws_ok($q$SELECT 'args=1.5; values=1'::portfolio.concentration_state$q$, '22P02', 'invalid input syntax for type portfolio.concentration_state: "args=1.5; values=1"', 'SELECT ''args=1.5; values=1''::portfolio.concentration_state');
SELECT throws_ok($q$SELECT 'args=100001; values=1'::portfolio.concentration_state$q$, '22P02', 'invalid input syntax for type portfolio.concentration_state: "args=100001; values=1"', 'SELECT ''args=100001; values=1''::portfolio.concentration_state');
SELECT throws_ok($q$SELECT 'args=0.9,0.8; values=1'::portfolio.concentration_state$q$, '22P02', 'invalid input syntax for type portfolio.concentration_state: "args=0.9,0.8; values=1"', 'SELECT ''args=0.9,0.8; values=1''::portfolio.concentration_state');
SELECT throws_ok($q$SELECT 'args=0,0.8; values=1'::portfolio.concentration_state$q$, '22P02', 'invalid input syntax for type portfolio.concentration_state: "args=0,0.8; values=1"', 'SELECT ''args=0,0.8; values=1''::portfolio.concentration_state');
SELECT throws_ok($q$SELECT 'args=0.9,0.8; values='::portfolio.concentration_state$q$, '22P02', 'invalid input syntax for type portfolio.concentration_state: "args=0.9,0.8; values="', 'concentration_state text: shares out of order, no values');
SELECT throws_ok($q$SELECT 'args=2.5; values='::portfolio.concentration_state$q$, '22P02', 'invalid input syntax for type portfolio.concentration_state: "args=2.5; values="', 'concentration_state text: a fraction of 2.5');
SELECT throws_ok($q$SELECT 'args=100001; values='::portfolio.concentration_state$q$, '22P02', 'invalid input syntax for type portfolio.concentration_state: "args=100001; values="', 'concentration_state text: 100001 as one parameter');
SELECT throws_ok($q$SELECT 'args=NaN; values='::portfolio.concentration_state$q$, '22P02', 'invalid input syntax for type portfolio.concentration_state: "args=NaN; values="', 'concentration_state text: a NaN parameter, no values');
SELECT throws_ok($q$SELECT 'points=0; values=1'::portfolio.concentration_state$q$, '22P02', 'invalid input syntax for type portfolio.concentration_state: "points=0; values=1"', 'SELECT ''points=0; values=1''::portfolio.concentration_state');
SELECT throws_ok($q$SELECT 'points=2.5; values=1'::portfolio.concentration_state$q$, '22P02', 'invalid input syntax for type portfolio.concentration_state: "points=2.5; values=1"', 'SELECT ''points=2.5; values=1''::portfolio.concentration_state');
SELECT throws_ok($q$SELECT 'points=100001; values=1'::portfolio.concentration_state$q$, '22P02', 'invalid input syntax for type portfolio.concentration_state: "points=100001; values=1"', 'SELECT ''points=100001; values=1''::portfolio.concentration_state');
SELECT throws_ok($q$SELECT 'points=2,3; values=1'::portfolio.concentration_state$q$, '22P02', 'invalid input syntax for type portfolio.concentration_state: "points=2,3; values=1"', 'SELECT ''points=2,3; values=1''::portfolio.concentration_state');
SELECT throws_ok($q$SELECT 'points=; values=1'::portfolio.concentration_state$q$, '22P02', 'invalid input syntax for type portfolio.concentration_state: "points=; values=1"', 'SELECT ''points=; values=1''::portfolio.concentration_state');
SELECT is((SELECT 'args=; values='::portfolio.concentration_state::text), 'args=; values=', 'an empty state reads back');
SELECT is((SELECT 'points=1; values=2,1'::portfolio.concentration_state::text), 'points=1; values=2,1', 'a one-point lorenz state reads back as lorenz');
SELECT is((SELECT 'args=7; values=2'::portfolio.concentration_state::text), 'points=7; values=2', 'a 0.5.0 lorenz state (args=7) reads as points');
SELECT is((SELECT 'args=1; values=2'::portfolio.concentration_state::text), 'args=1; values=2', 'args=1 reads as top_share''s fraction 1');
SELECT is((SELECT (SELECT portfolio_internal.concentration_accum_points(NULL, 1, 1))::text), 'points=1; values=1', 'lorenz''s transition function tags its state as points');
SELECT is((SELECT (SELECT portfolio_internal.concentration_accum_fraction(NULL, 1, 1))::text), 'args=1; values=1', 'top_share''s transition function: a fraction');
CREATE TEMP TABLE rt AS SELECT portfolio_internal.concentration_combine(NULL, 'args=0.8,0.95; values=120.5,3,0,0.30000000000000004,1e-300,5e-324,1.7976931348623157e308') AS s;
SELECT is((SELECT s::text::portfolio.concentration_state::text = s::text FROM rt), true, 'concentration_state round trip: out then in gives the same text');
SELECT is((SELECT s::text FROM rt), 'args=0.8,0.95; values=120.5,3,0,0.30000000000000004,1e-300,5e-324,1.7976931348623157e+308', 'concentration_state text: the shortest exact form');
SELECT is((SELECT portfolio_internal.abc_cuts_final(s::text::portfolio.concentration_state)::text = portfolio_internal.abc_cuts_final(s)::text FROM rt), true, 'the same cuts after a round trip');

-- ---------- final functions with hand-written states, and another aggregate's state ----------
SELECT ok((SELECT portfolio_internal.gini_final('args=; values=')) IS NULL, 'gini_final of an empty state: NULL');
SELECT ok((SELECT portfolio_internal.top_share_final('args=0.5; values=')) IS NULL, 'top_share_final of an empty state: NULL');
SELECT ok((SELECT portfolio_internal.lorenz_final('points=2; values=')) IS NULL, 'lorenz_final of an empty state: NULL');
SELECT ok((SELECT portfolio_internal.abc_cuts_final('args=0.8,0.95; values=')) IS NULL, 'abc_cuts_final of an empty state: NULL');
SELECT ok((SELECT portfolio_internal.gini_final('args=; values=0,0')) IS NULL, 'gini_final of zeros: NULL');
SELECT throws_ok($q$SELECT portfolio_internal.gini_final('args=0.5; values=1,2')$q$, '22023', 'gini_final needs a concentration_state with no parameters', 'SELECT portfolio_internal.gini_final(''args=0.5; values=1,2'')');
SELECT throws_ok($q$SELECT portfolio_internal.gini_final('points=3; values=1,2')$q$, '22023', 'gini_final needs a concentration_state with no parameters', 'SELECT portfolio_internal.gini_final(''points=3; values=1,2'')');
SELECT throws_ok($q$SELECT portfolio_internal.gini_final('args=0.8,0.95; values=1,2')$q$, '22023', 'gini_final needs a concentration_state with no parameters', 'SELECT portfolio_internal.gini_final(''args=0.8,0.95; values=1,2'')');
SELECT throws_ok($q$SELECT portfolio_internal.top_share_final('args=; values=1,2')$q$, '22023', 'top_share_final needs a concentration_state with one parameter', 'SELECT portfolio_internal.top_share_final(''args=; values=1,2'')');
SELECT throws_ok($q$SELECT portfolio_internal.top_share_final('points=3; values=1,2')$q$, '22023', 'top_share_final needs a concentration_state with a fraction (top_share)', 'found: a lorenz state given to top_share_final (now a clear 22023)');
SELECT throws_ok($q$SELECT portfolio_internal.top_share_final('points=1; values=1,2')$q$, '22023', 'top_share_final needs a concentration_state with a fraction (top_share)', 'found: a one-point lorenz state read as top_share(1) gave 1; now 22023');
SELECT throws_ok($q$SELECT portfolio_internal.top_share_final('args=0.8,0.95; values=1,2')$q$, '22023', 'top_share_final needs a concentration_state with one parameter', 'SELECT portfolio_internal.top_share_final(''args=0.8,0.95; values=1,2'')');
SELECT throws_ok($q$SELECT portfolio_internal.lorenz_final('args=; values=1,2')$q$, '22023', 'lorenz_final needs a concentration_state with one parameter', 'SELECT portfolio_internal.lorenz_final(''args=; values=1,2'')');
SELECT throws_ok($q$SELECT portfolio_internal.lorenz_final('args=0.5; values=1,2')$q$, '22023', 'lorenz_final needs a concentration_state with a number of points (lorenz)', 'found: a top_share state given to lorenz_final (now says so, 22023)');
SELECT throws_ok($q$SELECT portfolio_internal.lorenz_final('args=1; values=1,2')$q$, '22023', 'lorenz_final needs a concentration_state with a number of points (lorenz)', 'found: a top_share(1) state read as lorenz(1) gave {0,1}; now 22023');
SELECT throws_ok($q$SELECT portfolio_internal.lorenz_final('args=0.8,0.95; values=1,2')$q$, '22023', 'lorenz_final needs a concentration_state with one parameter', 'SELECT portfolio_internal.lorenz_final(''args=0.8,0.95; values=1,2'')');
SELECT throws_ok($q$SELECT portfolio_internal.abc_cuts_final('args=0.5; values=1,2')$q$, '22023', 'abc_cuts_final needs a concentration_state with two parameters', 'SELECT portfolio_internal.abc_cuts_final(''args=0.5; values=1,2'')');
SELECT throws_ok($q$SELECT portfolio_internal.abc_cuts_final('points=4; values=1,2')$q$, '22023', 'abc_cuts_final needs a concentration_state with two parameters', 'SELECT portfolio_internal.abc_cuts_final(''points=4; values=1,2'')');
SELECT is((SELECT portfolio_internal.abc_cuts_final('args=; values=1,2,3,4')::text = (SELECT portfolio.abc_cuts(x)::text FROM v)), true, 'gini and abc_cuts(value) share one state (no parameters): abc_cuts_final of it is abc_cuts(value), the documented 80/15');
SELECT is((SELECT portfolio_internal.gini_final(portfolio_internal.concentration_accum(NULL, 2))), 0::float8, 'gini_final of one value: 0');
SELECT throws_ok($q$SELECT portfolio_internal.gini_final('args=; values=1e308,1e308')$q$, '22003', 'value out of range: overflow', 'SELECT portfolio_internal.gini_final(''args=; values=1e308,1e308'')');
SELECT throws_ok($q$SELECT portfolio_internal.top_share_final('args=0.5; values=1e308,1e308')$q$, '22003', 'value out of range: overflow', 'SELECT portfolio_internal.top_share_final(''args=0.5; values=1e308,1e308'')');
SELECT throws_ok($q$SELECT portfolio_internal.lorenz_final('points=2; values=1e308,1e308')$q$, '22003', 'value out of range: overflow', 'SELECT portfolio_internal.lorenz_final(''points=2; values=1e308,1e308'')');
SELECT throws_ok($q$SELECT portfolio_internal.abc_cuts_final('args=; values=1e308,1e308')$q$, '22003', 'value out of range: overflow', 'SELECT portfolio_internal.abc_cuts_final(''args=; values=1e308,1e308'')');

-- ---------- concentration_combine with crafted literals ----------
SELECT ok((SELECT portfolio_internal.concentration_combine(NULL, NULL)) IS NULL, 'SELECT portfolio_internal.concentration_combine(NULL, NULL)');
SELECT is((SELECT portfolio_internal.concentration_combine('args=; values=1', NULL)::text), 'args=; values=1', 'SELECT portfolio_internal.concentration_combine(''args=; values=1'', NULL)::text');
SELECT is((SELECT portfolio_internal.concentration_combine(NULL, 'points=3; values=1')::text), 'points=3; values=1', 'SELECT portfolio_internal.concentration_combine(NULL, ''points=3; values=1'')::text');
SELECT is((SELECT portfolio_internal.concentration_combine('args=; values=', 'args=; values=')::text), 'args=; values=', 'SELECT portfolio_internal.concentration_combine(''args=; values='', ''args=; values='')::text');
SELECT is((SELECT portfolio_internal.concentration_combine('points=2; values=1', 'points=2; values=2,3')::text), 'points=2; values=1,2,3', 'SELECT portfolio_internal.concentration_combine(''points=2; values=1'', ''points=2; values=2,3'')::text');
SELECT throws_ok($q$SELECT portfolio_internal.concentration_combine('args=0.1; values=1', 'args=0.2; values=2')$q$, '22023', 'cannot combine concentration states with different parameters', 'SELECT portfolio_internal.concentration_combine(''args=0.1; values=1'', ''args=0.2; values=2'')');
SELECT throws_ok($q$SELECT portfolio_internal.concentration_combine('args=; values=1', 'args=0.2; values=2')$q$, '22023', 'cannot combine concentration states with different parameters', 'SELECT portfolio_internal.concentration_combine(''args=; values=1'', ''args=0.2; values=2'')');
SELECT throws_ok($q$SELECT portfolio_internal.concentration_combine('args=1; values=1', 'points=1; values=2')$q$, '22023', 'cannot combine concentration states with different parameters', 'found: top_share(1) and lorenz(1) states combined into one; now 22023');
SELECT throws_ok($q$SELECT portfolio_internal.concentration_combine('args=0.8,0.95; values=1', 'args=0.8,0.9; values=2')$q$, '22023', 'cannot combine concentration states with different parameters', 'SELECT portfolio_internal.concentration_combine(''args=0.8,0.95; values=1'', ''args=0.8,0.9; values=2'')');
SELECT throws_ok($q$SELECT portfolio_internal.concentration_accum_points('args=1; values=1', 2, 1)$q$, '22023', 'points must be the same for every row of a group', 'a top_share(1) state given to lorenz''s transition: 22023');
SELECT throws_ok($q$SELECT portfolio_internal.concentration_accum_fraction('points=1; values=1', 2, 1)$q$, '22023', 'fraction must be the same for every row of a group', 'SELECT portfolio_internal.concentration_accum_fraction(''points=1; values=1'', 2, 1)');
SELECT throws_ok($q$SELECT portfolio_internal.concentration_accum('args=0.5; values=1', 2)$q$, '22023', 'parameters must be the same for every row of a group', 'SELECT portfolio_internal.concentration_accum(''args=0.5; values=1'', 2)');
SELECT throws_ok($q$SELECT portfolio_internal.concentration_accum_abc('args=; values=1', 2, 0.8, 0.95)$q$, '22023', 'a_share and b_share must be the same for every row of a group', 'SELECT portfolio_internal.concentration_accum_abc(''args=; values=1'', 2, 0.8, 0.95)');
SELECT is((SELECT portfolio_internal.concentration_accum_fraction('args=0.5; values=1', 2, 0.5)::text), 'args=0.5; values=1,2', 'a transition called directly returns a new state');

-- ---------- hhi's float8[] state with crafted arrays ----------
SELECT ok((SELECT portfolio_internal.hhi_final('{0,0,0,0,0}')) IS NULL, 'hhi_final of the initial state: NULL');
SELECT throws_ok($q$SELECT portfolio_internal.hhi_final('{1,2}')$q$, '22023', 'malformed hhi state', 'SELECT portfolio_internal.hhi_final(''{1,2}'')');
SELECT throws_ok($q$SELECT portfolio_internal.hhi_final('{{1,2,3,4,5}}')$q$, '22023', 'malformed hhi state', 'SELECT portfolio_internal.hhi_final(''{{1,2,3,4,5}}'')');
SELECT throws_ok($q$SELECT portfolio_internal.hhi_final('{1,NULL,3,4,5}')$q$, '22023', 'malformed hhi state', 'SELECT portfolio_internal.hhi_final(''{1,NULL,3,4,5}'')');
SELECT throws_ok($q$SELECT portfolio_internal.hhi_final('{-1,2,3,4,5}')$q$, '22023', 'malformed hhi state', 'SELECT portfolio_internal.hhi_final(''{-1,2,3,4,5}'')');
SELECT throws_ok($q$SELECT portfolio_internal.hhi_final('{1,NaN,3,4,5}')$q$, '22023', 'malformed hhi state', 'SELECT portfolio_internal.hhi_final(''{1,NaN,3,4,5}'')');
SELECT throws_ok($q$SELECT portfolio_internal.hhi_final('{1.5,1,0,1,0}')$q$, '22023', 'malformed hhi state', 'hhi_final: a fractional count');
SELECT is((SELECT portfolio_internal.hhi_final('[0:4]={2,3,1,5,0}') = portfolio_internal.hhi_final('{2,3,1,5,0}')), true, 'hhi_final ignores the lower bound of its state array');
SELECT is((SELECT portfolio_internal.hhi_final('{2,3,0,13,0}')), 1::float8, 'an inconsistent crafted hhi state (sum of squares > sum squared) is clamped to 1');
SELECT is((SELECT portfolio_internal.hhi_final('{2,4,0,1,0}')), 0.5::float8, 'an inconsistent crafted hhi state (sum of squares < sum squared / n) is clamped to 1/n');
SELECT throws_ok($q$SELECT portfolio_internal.hhi_combine('{1,2,3,4,5}', '{1,2}')$q$, '22023', 'malformed hhi state', 'SELECT portfolio_internal.hhi_combine(''{1,2,3,4,5}'', ''{1,2}'')');
SELECT throws_ok($q$SELECT portfolio_internal.hhi_combine('{1,1,0,1,0}', '{{1,1,0,1,0}}')$q$, '22023', 'malformed hhi state', 'hhi_combine: a two-dimensional state');
SELECT is((SELECT portfolio_internal.hhi_combine('{0,0,0,0,0}', '{0,0,0,0,0}')), '{0,0,0,0,0}'::float8[], 'SELECT portfolio_internal.hhi_combine(''{0,0,0,0,0}'', ''{0,0,0,0,0}'')');
SELECT throws_ok($q$SELECT portfolio_internal.hhi_accum('{1,2}', 3)$q$, '22023', 'malformed hhi state', 'SELECT portfolio_internal.hhi_accum(''{1,2}'', 3)');
SELECT throws_ok($q$SELECT portfolio_internal.hhi_accum('{0,0,0,0,0}', 'NaN')$q$, '22023', 'value must be a finite number', 'SELECT portfolio_internal.hhi_accum(''{0,0,0,0,0}'', ''NaN'')');
SELECT throws_ok($q$SELECT portfolio_internal.hhi_accum('{1,Infinity,0,1,0}', 1)$q$, '22023', 'malformed hhi state', 'hhi_accum: an Infinity sum in the state');

-- ---------- empty input through a forced parallel plan ----------
CREATE TABLE concentration_hostile_empty(x float8);
SET LOCAL parallel_setup_cost = 0; SET LOCAL parallel_tuple_cost = 0; SET LOCAL min_parallel_table_scan_size = 0; SET LOCAL max_parallel_workers_per_gather = 2; SET LOCAL enable_hashagg = off;
SELECT ok(pg_temp.plan_has('SELECT portfolio.gini(x), portfolio.hhi(x), portfolio.top_share(x, 0.5), portfolio.lorenz(x, 4), portfolio.abc_cuts(x), portfolio.abc_cuts(x, 0.7, 0.9) FROM concentration_hostile_empty', '"Partial Mode": "Partial"'), 'concentration aggregates on an empty table: a parallel plan');
SELECT is((SELECT ROW(portfolio.gini(x), portfolio.hhi(x), portfolio.top_share(x, 0.5), portfolio.lorenz(x, 4), portfolio.abc_cuts(x), portfolio.abc_cuts(x, 0.7, 0.9))::text FROM concentration_hostile_empty), '(,,,,,)', 'every concentration aggregate, parallel, empty table: NULL');
INSERT INTO concentration_hostile_empty SELECT NULL FROM generate_series(1, 3000);
ANALYZE concentration_hostile_empty;
SELECT is((SELECT ROW(portfolio.gini(x), portfolio.hhi(x), portfolio.top_share(x, 0.5), portfolio.lorenz(x, 4), portfolio.abc_cuts(x), portfolio.abc_cuts(x, 0.7, 0.9))::text FROM concentration_hostile_empty), '(,,,,,)', 'every concentration aggregate, parallel, all-NULL table: NULL');
INSERT INTO concentration_hostile_empty SELECT (i * 7919) % 1000 FROM generate_series(1, 3000) i;
SELECT is((SELECT portfolio.top_share(x, 0.1) = (SELECT sum(x) FROM (SELECT x FROM concentration_hostile_empty WHERE x IS NOT NULL ORDER BY x DESC LIMIT 300) t) / (SELECT sum(x) FROM concentration_hostile_empty) FROM concentration_hostile_empty), true, 'top_share(0.1), parallel, with 3000 NULL rows: the plain-SQL share');
RESET parallel_setup_cost; RESET parallel_tuple_cost; RESET min_parallel_table_scan_size; RESET max_parallel_workers_per_gather; RESET enable_hashagg;

SELECT * FROM finish();
ROLLBACK;
