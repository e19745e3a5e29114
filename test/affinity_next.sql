-- Cross-sell: next_products on MADlib's 7 baskets spread over customers
-- (each suggestion worked out by hand from the rules), and on Groceries
-- with 500 synthetic customers of about 20 baskets each against a plain-SQL
-- reference of the same definition (the rules association_rules returns,
-- a subset test by NOT EXISTS, the best rule and the rank by counting
-- better ones), ranked by confidence and by lift; then bad arguments.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS portfolio;
SELECT plan(20);
SET LOCAL client_min_messages = warning;

\set QUIET on
CREATE TEMP TABLE lines (customer text, basket int, item text);
INSERT INTO lines VALUES
    ('c1', 1, 'beer'), ('c1', 1, 'diapers'), ('c1', 1, 'chips'), ('c1', 2, 'beer'), ('c1', 2, 'diapers'),
    ('c2', 3, 'beer'), ('c2', 3, 'diapers'), ('c2', 4, 'beer'), ('c2', 4, 'chips'),
    ('c3', 5, 'beer'),
    ('c4', 6, 'beer'), ('c4', 6, 'diapers'), ('c4', 6, 'chips'),
    ('c5', 7, 'beer'), ('c5', 7, 'diapers');
-- customers who bought outside those baskets: chips alone, wine alone (no rule)
INSERT INTO lines VALUES ('c6', 8, 'chips'), ('c7', 9, 'wine'), (NULL, 10, 'beer'), ('c8', 11, NULL);
CREATE TEMP TABLE madlib AS SELECT * FROM lines WHERE basket <= 7;
CREATE TEMP TABLE extra AS SELECT * FROM lines WHERE basket > 7;
-- rules from MADlib's baskets, suggestions for everyone: the rules come from
-- the table passed, so here both tables go in one and the extra baskets
-- change the rules; the first checks use the 7 baskets alone.
CREATE TEMP TABLE sugg AS
SELECT * FROM portfolio.next_products('madlib', 'customer', 'basket', 'item', 0.25, 0.5);
\set QUIET off

SELECT is((SELECT count(*) FROM sugg), 1::bigint,
          'MADlib''s baskets: one suggestion (c1, c2 and c4 bought everything; c5''s rules to chips have confidence 0.4)');
SELECT is((SELECT customer || ' ' || rank || ' ' || item || ' ' || antecedent::text || ' ' || round(score::numeric, 4) FROM sugg),
          'c3 1 diapers {beer} 0.7143', 'c3, who bought beer only: diapers by {beer} -> {diapers}, confidence 5/7');
SELECT is((SELECT round(support::numeric, 4) || ' ' || round(confidence::numeric, 4) || ' ' || round(lift::numeric, 4) FROM sugg),
          '0.7143 0.7143 1.0000', 'with the rule''s support, confidence and lift');

\set QUIET on
CREATE TEMP TABLE all_lines AS SELECT * FROM lines;
CREATE TEMP TABLE sugg2 AS
SELECT * FROM portfolio.next_products('all_lines', 'customer', 'basket', 'item', 0.2, 0.5);
\set QUIET off
-- 11 baskets with an item (10 and 11: one with a NULL customer, one with a NULL item)
SELECT is((SELECT array_agg(item || ':' || rank || ':' || antecedent::text ORDER BY rank) FROM sugg2 WHERE customer = 'c6'),
          ARRAY['beer:1:{chips}', 'diapers:2:{chips}'],
          'c6, who bought chips only: beer (confidence 3/4) before diapers (2/4)');
SELECT is((SELECT count(*) FROM sugg2 WHERE customer IN ('c7', 'c8') OR customer IS NULL), 0::bigint,
          'no suggestion for wine alone, for a customer whose only line has no item, or for lines without a customer');
SELECT is((SELECT count(*) FROM portfolio.next_products('all_lines', 'customer', 'basket', 'item', 0.2, 0.5, NULL, 'confidence', 1) WHERE customer = 'c6'),
          1::bigint, 'top 1: the first suggestion only');

-- ---------- Groceries against plain SQL ----------
\set QUIET on
\i data/groceries/load_groceries.sql
CREATE TEMP TABLE shop AS SELECT 'k' || (basket_id % 500) AS customer, basket_id, item FROM groceries;
CREATE TEMP TABLE shop_rules AS SELECT * FROM portfolio.association_rules('shop', 'basket_id', 'item', 0.006, 0.25);
CREATE TEMP TABLE shop_items AS SELECT customer, array_agg(DISTINCT item) AS items FROM shop GROUP BY customer;
-- every (customer, item, rule) a customer qualifies for, by NOT EXISTS
CREATE TEMP TABLE qualifying AS
SELECT c.customer, r.consequent AS item, r.antecedent, r.support, r.confidence, r.lift
  FROM shop_items c, shop_rules r
 WHERE NOT EXISTS (SELECT FROM unnest(r.antecedent) a WHERE a <> ALL (c.items))
   AND NOT EXISTS (SELECT FROM unnest(c.items) i WHERE i = r.consequent);
CREATE FUNCTION pg_temp.reference(by_lift boolean, top int) RETURNS TABLE (customer text, rank int, item text, score float8, antecedent text[])
LANGUAGE sql AS $$
    WITH scored AS (SELECT q.*, CASE WHEN by_lift THEN lift ELSE confidence END AS score FROM qualifying q),
         best AS (SELECT s.* FROM scored s
                   WHERE NOT EXISTS (SELECT FROM scored o WHERE o.customer = s.customer AND o.item = s.item
                                       AND (o.score > s.score OR (o.score = s.score AND (o.support > s.support
                                            OR (o.support = s.support AND (cardinality(o.antecedent) < cardinality(s.antecedent)
                                                OR (cardinality(o.antecedent) = cardinality(s.antecedent)
                                                    AND o.antecedent::text < s.antecedent::text)))))))),
         ranked AS (SELECT b.*, (1 + (SELECT count(*) FROM best o WHERE o.customer = b.customer
                                   AND (o.score > b.score OR (o.score = b.score AND (o.support > b.support
                                        OR (o.support = b.support AND o.item < b.item))))))::int AS rank
                      FROM best b)
    SELECT customer, rank, item, score, antecedent FROM ranked WHERE rank <= top $$;
CREATE TEMP TABLE by_conf AS SELECT customer, rank, item, score, antecedent FROM portfolio.next_products('shop', 'customer', 'basket_id', 'item', 0.006, 0.25, NULL, 'confidence', 5);
CREATE TEMP TABLE by_lift AS SELECT customer, rank, item, score, antecedent FROM portfolio.next_products('shop', 'customer', 'basket_id', 'item', 0.006, 0.25, NULL, 'lift', 5);
\set QUIET off
SELECT is((SELECT count(*) FROM shop_rules), 463::bigint, 'Groceries with synthetic customers: the 463 rules of Lantz''s exercise');
SELECT cmp_ok((SELECT count(*) FROM by_conf), '>', 400::bigint, 'more than 400 suggestions ranked by confidence');
SELECT is_empty($$SELECT * FROM by_conf EXCEPT SELECT * FROM pg_temp.reference(false, 5)$$, 'by confidence: every suggestion is the reference''s');
SELECT is_empty($$SELECT * FROM pg_temp.reference(false, 5) EXCEPT SELECT * FROM by_conf$$, 'by confidence: every reference suggestion is made');
SELECT is_empty($$SELECT * FROM by_lift EXCEPT SELECT * FROM pg_temp.reference(true, 5)$$, 'by lift: every suggestion is the reference''s');
SELECT is_empty($$SELECT * FROM pg_temp.reference(true, 5) EXCEPT SELECT * FROM by_lift$$, 'by lift: every reference suggestion is made');
SELECT isnt((SELECT array_agg(item ORDER BY customer, rank) FROM by_conf), (SELECT array_agg(item ORDER BY customer, rank) FROM by_lift),
            'lift ranks otherwise than confidence');

-- ---------- bad arguments ----------
SELECT throws_ok($q$SELECT * FROM portfolio.next_products('lines', 'customer', 'basket', 'item', 0.25, 0.5, NULL, 'price')$q$,
                 '22023', 'rank_by must be confidence, lift, leverage, conviction or support', 'an unknown rank_by');
SELECT throws_ok($q$SELECT * FROM portfolio.next_products('lines', 'customer', 'basket', 'item', 0.25, 0.5, NULL, 'lift', 0)$q$,
                 '22023', 'top must be at least 1, or NULL for every suggestion', 'top 0');
SELECT throws_ok($q$SELECT * FROM portfolio.next_products('lines', 'client', 'basket', 'item', 0.25, 0.5)$q$,
                 '42703', 'column "client" (customer_col) does not exist in lines', 'a customer column that does not exist');
SELECT throws_ok($q$SELECT * FROM portfolio.next_products('lines', NULL, 'basket', 'item', 0.25, 0.5)$q$,
                 '22004', 'customer_col must not be null', 'no customer column');
SELECT throws_ok($q$SELECT * FROM portfolio.next_products(NULL, 'customer', 'basket', 'item', 0.25, 0.5)$q$,
                 '22004', 'rel must not be null', 'no table');
SELECT throws_ok($q$SELECT * FROM portfolio.next_products('lines', 'customer', 'basket', 'item', 0, 0.5)$q$,
                 '22023', NULL, 'min_support 0, as rules() refuses it');
SELECT is_empty($q$SELECT * FROM portfolio.next_products('lines', 'customer', 'basket', 'item', 1, 1)$q$,
                'no rule at support 1: no suggestion');

SELECT * FROM finish();
ROLLBACK;
