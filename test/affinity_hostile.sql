-- Every public function and aggregate of product affinity (affinity, rules,
-- association_rules and the baskets type) given hostile input: each case has
-- an asserted outcome (a documented value, or an error with its SQLSTATE
-- and message).  That statement_timeout stops the mining is in
-- test/cancel_fit.sh.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS portfolio;
SELECT plan(62);
SET LOCAL client_min_messages = warning;
CREATE TEMP TABLE lines (basket int, item text);
INSERT INTO lines VALUES (1, 'a'), (1, 'b'), (2, 'a'), (2, 'b'), (3, 'a');
CREATE TEMP TABLE ab AS SELECT '"a","b"; "a","b"; "a"'::portfolio.baskets AS b;

-- ---------- affinity: NULL, empty, repeated ----------
SELECT ok((SELECT portfolio.affinity(i) FROM (VALUES (ARRAY['a'])) v(i) WHERE false) IS NULL, 'affinity over zero rows: NULL');
SELECT ok((SELECT portfolio.affinity(i) FROM (VALUES (NULL::text[]), (NULL)) v(i)) IS NULL, 'affinity over NULL baskets only: NULL');
SELECT ok((SELECT portfolio.affinity(i) FROM (VALUES ('{}'::text[]), (ARRAY[NULL, NULL]::text[])) v(i)) IS NULL, 'affinity over baskets without items only: NULL');
SELECT is((SELECT portfolio.affinity(i)::text FROM (VALUES (ARRAY['x', 'x', 'x'])) v(i)), '"x"', 'repeated items count once');
SELECT is((SELECT portfolio.affinity(i)::text FROM (VALUES ('{{b,a},{a,c}}'::text[])) v(i)), '"a","b","c"', 'a two-dimensional array: its elements, once each');
SELECT is((SELECT portfolio.affinity(i)::text FROM (VALUES ('[5:6]={b,a}'::text[])) v(i)), '"a","b"', 'lower bounds other than 1: the elements');
SELECT is((SELECT portfolio.affinity(i)::text FROM (VALUES (ARRAY[''])) v(i)), '""', 'the empty text is an item, not a NULL');
SELECT ok((SELECT portfolio_internal.affinity_combine(NULL, NULL)) IS NULL, 'combine of two NULL states: NULL');
SELECT is((SELECT portfolio_internal.affinity_combine(NULL, '"a"')::text), '"a"', 'combine with a NULL state: the other');
SELECT is((SELECT portfolio_internal.affinity_combine('"b"', '')::text), '"b"', 'combine with an empty state: the other');

-- ---------- rules: thresholds and max_items ----------
SELECT throws_ok($q$SELECT * FROM portfolio.rules((SELECT b FROM ab), 0, 0.5)$q$, '22023', 'min_support must be greater than 0 and at most 1', 'min_support 0');
SELECT throws_ok($q$SELECT * FROM portfolio.rules((SELECT b FROM ab), -0.1, 0.5)$q$, '22023', 'min_support must be greater than 0 and at most 1', 'min_support < 0');
SELECT throws_ok($q$SELECT * FROM portfolio.rules((SELECT b FROM ab), 1.0000001, 0.5)$q$, '22023', 'min_support must be greater than 0 and at most 1', 'min_support > 1');
SELECT throws_ok($q$SELECT * FROM portfolio.rules((SELECT b FROM ab), 'NaN', 0.5)$q$, '22023', 'min_support must be greater than 0 and at most 1', 'min_support NaN');
SELECT throws_ok($q$SELECT * FROM portfolio.rules((SELECT b FROM ab), 'Infinity', 0.5)$q$, '22023', 'min_support must be greater than 0 and at most 1', 'min_support Infinity');
SELECT throws_ok($q$SELECT * FROM portfolio.rules((SELECT b FROM ab), '-Infinity', 0.5)$q$, '22023', 'min_support must be greater than 0 and at most 1', 'min_support -Infinity');
SELECT throws_ok($q$SELECT * FROM portfolio.rules((SELECT b FROM ab), NULL, 0.5)$q$, '22004', 'min_support must not be null', 'min_support NULL');
SELECT throws_ok($q$SELECT * FROM portfolio.rules((SELECT b FROM ab), 0.5, 0)$q$, '22023', 'min_confidence must be greater than 0 and at most 1', 'min_confidence 0');
SELECT throws_ok($q$SELECT * FROM portfolio.rules((SELECT b FROM ab), 0.5, 2)$q$, '22023', 'min_confidence must be greater than 0 and at most 1', 'min_confidence 2');
SELECT throws_ok($q$SELECT * FROM portfolio.rules((SELECT b FROM ab), 0.5, 'NaN')$q$, '22023', 'min_confidence must be greater than 0 and at most 1', 'min_confidence NaN');
SELECT throws_ok($q$SELECT * FROM portfolio.rules((SELECT b FROM ab), 0.5, NULL)$q$, '22004', 'min_confidence must not be null', 'min_confidence NULL');
SELECT throws_ok($q$SELECT * FROM portfolio.rules(NULL, 0, 0.5)$q$, '22023', 'min_support must be greater than 0 and at most 1', 'thresholds are checked without baskets too');
SELECT throws_ok($q$SELECT * FROM portfolio.rules((SELECT b FROM ab), 0.5, 0.5, 1)$q$, '22023', 'max_items must be at least 2', 'max_items 1');
SELECT throws_ok($q$SELECT * FROM portfolio.rules((SELECT b FROM ab), 0.5, 0.5, -2147483648)$q$, '22023', 'max_items must be at least 2', 'max_items the smallest integer');
SELECT is((SELECT count(*) FROM portfolio.rules((SELECT b FROM ab), 0.5, 0.5, 2147483647)), 2::bigint, 'max_items the largest integer: no limit');
SELECT is((SELECT count(*) FROM portfolio.rules((SELECT b FROM ab), 0.5, 0.5, NULL)), 2::bigint, 'max_items NULL: no limit');
SELECT is((SELECT count(*) FROM portfolio.rules((SELECT b FROM ab), 1, 1)), 0::bigint, 'min_support 1: only what every basket holds (no pair here)');
SELECT is((SELECT count(*) FROM portfolio.rules('"a","b"; "a","b"', 1, 1)), 2::bigint, 'min_support and min_confidence 1: the pair in every basket');
SELECT is((SELECT array_agg(consequent ORDER BY consequent) FROM portfolio.rules((SELECT b FROM ab), 2.0 / 3, 1)), ARRAY['a'],
    'support exactly at the threshold is kept (2 of 3 baskets, min_support 2/3)');
SELECT is((SELECT count(*) FROM portfolio.rules((SELECT b FROM ab), 2.0 / 3 + 1e-15, 0.5)), 0::bigint, 'support just below the threshold is not');
SELECT is((SELECT count(*) FROM portfolio.rules((SELECT b FROM ab), 0.1, 1)), 1::bigint, 'confidence exactly 1 passes min_confidence 1');
SELECT is((SELECT conviction FROM portfolio.rules((SELECT b FROM ab), 0.1, 1)), 'Infinity'::float8, 'confidence 1: conviction +Infinity');
SELECT is((SELECT count(*) FROM portfolio.rules('"a"; "b"; "c"', 0.1, 0.1)), 0::bigint, 'single-item baskets only: no rules');
SELECT is((SELECT count(*) FROM portfolio.rules(NULL, 0.1, 0.1)), 0::bigint, 'NULL baskets: no rules');
SELECT is((SELECT count(*) FROM portfolio.rules('', 0.1, 0.1)), 0::bigint, 'no baskets: no rules');

-- ---------- the limits ----------
SELECT throws_ok($q$SELECT * FROM portfolio.rules((SELECT portfolio.affinity(ARRAY(SELECT 'i' || g FROM generate_series(1, 25) g))), 1, 1)$q$,
    '54000', 'rules cannot mine more than 4000000 frequent itemsets',
    'one basket of 25 items at min_support 1: 2^25 itemsets, over the limit');
SELECT is((SELECT count(*) FROM portfolio.rules((SELECT portfolio.affinity(ARRAY(SELECT 'i' || g FROM generate_series(1, 25) g))), 1, 1, 2)),
    600::bigint, 'the same with max_items 2: the 600 rules of the 300 pairs');

-- ---------- association_rules: names ----------
SELECT throws_ok($q$SELECT * FROM portfolio.association_rules(NULL, 'basket', 'item', 0.5, 0.5)$q$, '22004', 'rel must not be null', 'rel NULL');
SELECT throws_ok($q$SELECT * FROM portfolio.association_rules('lines', NULL, 'item', 0.5, 0.5)$q$, '22004', 'basket_col must not be null', 'basket_col NULL');
SELECT throws_ok($q$SELECT * FROM portfolio.association_rules('lines', 'basket', NULL, 0.5, 0.5)$q$, '22004', 'item_col must not be null', 'item_col NULL');
SELECT throws_ok($q$SELECT * FROM portfolio.association_rules('lines', 'Basket', 'item', 0.5, 0.5)$q$, '42703', format('column "Basket" (basket_col) does not exist in %s', 'lines'::regclass), 'basket_col of another case');
SELECT throws_ok($q$SELECT * FROM portfolio.association_rules('lines', 'basket', 'items', 0.5, 0.5)$q$, '42703', format('column "items" (item_col) does not exist in %s', 'lines'::regclass), 'item_col missing');
SELECT throws_ok($q$SELECT * FROM portfolio.association_rules('lines', 'basket', 'item; DROP TABLE lines', 0.5, 0.5)$q$, '42703', NULL, 'a column name is a name, never SQL');
SELECT throws_ok($q$SELECT * FROM portfolio.association_rules('lines', 'basket', 'item', 0.5, 1.5)$q$, '22023', 'min_confidence must be greater than 0 and at most 1', 'association_rules checks the thresholds');
SELECT throws_ok($q$SELECT * FROM portfolio.association_rules('lines', 'basket', 'item', 0.5, 0.5, 1)$q$, '22023', 'max_items must be at least 2', 'association_rules checks max_items');
SELECT throws_ok($q$SELECT * FROM portfolio.association_rules('no_such_table', 'basket', 'item', 0.5, 0.5)$q$, '42P01', 'relation "no_such_table" does not exist', 'a table that does not exist');
CREATE TEMP TABLE shapes (b point, item text);
INSERT INTO shapes VALUES ('(1,1)', 'a');
SELECT throws_ok($q$SELECT * FROM portfolio.association_rules('shapes', 'b', 'item', 0.5, 0.5)$q$, '42883', 'could not identify an equality operator for type point', 'a basket column without equality');
SELECT is((SELECT count(*) FROM portfolio.association_rules('lines', 'basket', 'item', 0.5, 0.5)), 2::bigint, 'the table is still there: 2 rules');
SELECT is((SELECT count(*) FROM portfolio.association_rules('lines', 'basket', 'basket', 0.5, 0.5)), 0::bigint, 'the basket column as the item: one item per basket, no rules');
CREATE TEMP TABLE empty_lines (basket int, item text);
SELECT is((SELECT count(*) FROM portfolio.association_rules('empty_lines', 'basket', 'item', 0.5, 0.5)), 0::bigint, 'an empty table: no rules');

-- ---------- the baskets type: text input ----------
SELECT throws_ok($q$SELECT 'a'::portfolio.baskets$q$, '22P02', 'invalid input syntax for type portfolio.baskets: "a"', 'an item without quotes');
SELECT throws_ok($q$SELECT '"a'::portfolio.baskets$q$, '22P02', 'invalid input syntax for type portfolio.baskets: ""a"', 'an item without its closing quote');
SELECT throws_ok($q$SELECT '"a\'::portfolio.baskets$q$, '22P02', 'invalid input syntax for type portfolio.baskets: ""a\"', 'a backslash at the end');
SELECT throws_ok($q$SELECT '"b","a"'::portfolio.baskets$q$, '22P02', 'invalid input syntax for type portfolio.baskets: ""b","a""', 'items out of order');
SELECT throws_ok($q$SELECT '"a","a"'::portfolio.baskets$q$, '22P02', 'invalid input syntax for type portfolio.baskets: ""a","a""', 'a repeated item');
SELECT throws_ok($q$SELECT '"a";'::portfolio.baskets$q$, '22P02', 'invalid input syntax for type portfolio.baskets: ""a";"', 'a basket without items');
SELECT throws_ok($q$SELECT '"a" "b"'::portfolio.baskets$q$, '22P02', 'invalid input syntax for type portfolio.baskets: ""a" "b""', 'items without a comma');
SELECT throws_ok($q$SELECT '"a",'::portfolio.baskets$q$, '22P02', 'invalid input syntax for type portfolio.baskets: ""a","', 'a comma without an item');
SELECT is(' "a" , "b" ;  "c" '::portfolio.baskets::text, '"a","b"; "c"', 'spaces around the punctuation are ignored');
SELECT is('"\a\b"'::portfolio.baskets::text, '"ab"', 'a backslash before another byte stands for it');
SELECT is('"b"; "a"'::portfolio.baskets::text, '"b"; "a"', 'a state keeps its baskets in any order');
SELECT is((SELECT count(*) FROM portfolio.rules('"b"; "a"'::portfolio.baskets, 0.5, 0.5)), 0::bigint, 'and mines them as they are');

SELECT * FROM finish();
ROLLBACK;
