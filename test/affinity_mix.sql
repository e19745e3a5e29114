-- Product mix: product_shares and product_mix on a hand-built set of order
-- lines (returns netted, ties, a customer left with nothing, NULLs), each
-- value worked out by hand; on Groceries with synthetic customers and
-- categories against a plain-SQL computation with other formulas (Shannon
-- as ln N - sum n ln n / N, Herfindahl as sum n^2 / N^2); bad arguments.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS portfolio;
SELECT plan(14);
SET LOCAL client_min_messages = warning;

\set QUIET on
CREATE TEMP TABLE lines (customer text, category text, amount numeric);
INSERT INTO lines VALUES
    ('a', 'food', 60), ('a', 'toys', 30), ('a', 'books', 10), ('a', 'toys', -30),
    ('b', 'food', 50), ('b', 'toys', 50),
    ('c', 'food', -20),
    ('d', NULL, 99), ('d', 'books', 5), (NULL, 'food', 7), ('e', 'food', NULL);
CREATE TEMP TABLE mix AS SELECT * FROM portfolio.product_mix('lines', 'customer', 'category', 'amount');
\set QUIET off

SELECT is((SELECT array_agg(customer ORDER BY customer) FROM mix), ARRAY['a', 'b', 'd'],
          'customers with a positive net in some category: not c (a return only), not e (no amount), no NULL customer');
SELECT is((SELECT array_agg(category || ':' || spend || ':' || rank ORDER BY rank)
             FROM portfolio.product_shares('lines', 'customer', 'category', 'amount') WHERE customer = 'a'),
          ARRAY['food:60:1', 'books:10:2'], 'a''s toys netted to 0 by the return: food and books only');
SELECT ok((SELECT spend = 70 AND categories = 2 AND dominant_category = 'food' AND abs(dominant_share - 6.0 / 7) < 1e-15
                  AND abs(shannon - -(6.0 / 7 * ln(6.0 / 7) + 1.0 / 7 * ln(1.0 / 7))) < 1e-15
                  AND abs(herfindahl - 37.0 / 49) < 1e-15 FROM mix WHERE customer = 'a'),
          'a: 70 spent, 2 categories, food dominant at 6/7, Shannon and Herfindahl of (6/7, 1/7)');
SELECT ok((SELECT dominant_category = 'food' AND dominant_share = 0.5 AND abs(shannon - ln(2)) < 1e-15 AND herfindahl = 0.5
             FROM mix WHERE customer = 'b'), 'b: a tie goes to the first category by name; Shannon ln 2, Herfindahl 1/2');
SELECT ok((SELECT categories = 1 AND dominant_category = 'books' AND dominant_share = 1 AND shannon = 0 AND herfindahl = 1
             FROM mix WHERE customer = 'd'), 'd: the line without a category left out, one category: Shannon 0, Herfindahl 1');
SELECT is((SELECT array_agg(category || ':' || spend ORDER BY rank)
             FROM portfolio.product_shares('lines', 'customer', 'category') WHERE customer = 'a'),
          ARRAY['toys:2', 'books:1', 'food:1'], 'without an amount column, lines count: a has two toy lines');

-- ---------- Groceries against plain SQL ----------
\set QUIET on
\i data/groceries/load_groceries.sql
CREATE TEMP TABLE shop AS SELECT 'k' || (basket_id % 300) AS customer, left(item, 1) AS category, 1 + basket_id % 7 AS amount FROM groceries;
CREATE TEMP TABLE reference AS
WITH n AS (SELECT customer, category, sum(amount)::float8 AS n FROM shop GROUP BY 1, 2),
     t AS (SELECT customer, sum(n) AS total, count(*) AS k, max(n) AS top FROM n GROUP BY 1)
SELECT t.customer, t.total, t.k::int AS categories,
       (SELECT min(category) FROM n WHERE n.customer = t.customer AND n.n = t.top) AS dominant,
       t.top / t.total AS dominant_share,
       ln(t.total) - (SELECT sum(n * ln(n)) FROM n WHERE n.customer = t.customer) / t.total AS shannon,
       (SELECT sum(n * n) FROM n WHERE n.customer = t.customer) / (t.total * t.total) AS herfindahl
  FROM t;
CREATE TEMP TABLE ours AS SELECT * FROM portfolio.product_mix('shop', 'customer', 'category', 'amount');
\set QUIET off
SELECT is((SELECT count(*) FROM ours), 300::bigint, '300 customers');
SELECT is_empty($$SELECT customer, spend, categories, dominant_category FROM ours
                  EXCEPT SELECT customer, total, categories, dominant FROM reference$$,
                'spend, categories and the dominant category equal the plain-SQL ones');
SELECT is((SELECT count(*) FROM ours o JOIN reference r USING (customer)
            WHERE abs(o.dominant_share - r.dominant_share) > 1e-12 OR abs(o.shannon - r.shannon) > 1e-12
               OR abs(o.herfindahl - r.herfindahl) > 1e-12), 0::bigint,
          'dominant share, Shannon and Herfindahl within 1e-12 of the plain-SQL formulas');
SELECT is((SELECT count(*) FROM (SELECT customer, sum(share) AS s FROM portfolio.product_shares('shop', 'customer', 'category', 'amount')
                                  GROUP BY customer) q WHERE abs(s - 1) > 1e-12), 0::bigint, 'each customer''s shares add up to 1');

-- ---------- bad arguments ----------
SELECT throws_ok($q$SELECT * FROM portfolio.product_mix('lines', 'customer', 'family', 'amount')$q$,
                 '42703', 'column "family" (category_col) does not exist in lines', 'a category column that does not exist');
SELECT throws_ok($q$SELECT * FROM portfolio.product_mix('lines', 'customer', 'category', 'price')$q$,
                 '42703', 'column "price" (amount_col) does not exist in lines', 'an amount column that does not exist');
SELECT throws_ok($q$SELECT * FROM portfolio.product_shares('lines', NULL, 'category')$q$,
                 '22004', 'customer_col must not be null', 'no customer column');
SELECT throws_ok($q$SELECT * FROM portfolio.product_mix('lines', 'customer', 'category', 'customer')$q$,
                 '22P02', NULL, 'an amount column that is not a number');

SELECT * FROM finish();
ROLLBACK;
