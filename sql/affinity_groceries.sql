-- Groceries (arules' data set, data/groceries/): the rules of Lantz's
-- exercise (minimum support 0.006, minimum confidence 0.25, at least two
-- items) are the 463 he and arules report, 150 / 297 / 16 by size, the top
-- one by lift {herbs} -> {root vegetables}; and the whole rule set equals a
-- plain-SQL computation of the same definitions (itemsets by self-joins,
-- any size up to 4; none larger is frequent), 0 mismatches both ways.
CREATE SCHEMA affinity_groceries;
SET search_path = affinity_groceries, public;
\i data/groceries/load_groceries.sql
SELECT count(*) AS rows, count(DISTINCT basket_id) AS baskets, count(DISTINCT item) AS items FROM groceries;

CREATE TABLE mined AS
SELECT * FROM portfolio.association_rules('groceries', 'basket_id', 'item', 0.006, 0.25);
SELECT count(*) AS rules FROM mined;
SELECT cardinality(antecedent) + 1 AS items, count(*) AS rules FROM mined GROUP BY 1 ORDER BY 1;
SELECT antecedent, consequent, round(support::numeric, 6) AS support, round(confidence::numeric, 6) AS confidence,
       round(lift::numeric, 6) AS lift, baskets
  FROM mined ORDER BY lift DESC, antecedent, consequent LIMIT 5;

-- ---------- the plain-SQL reference ----------
-- Frequent itemsets: count(baskets) / 9835 >= 0.006, items in byte order.
CREATE TABLE n_baskets AS SELECT count(DISTINCT basket_id)::float8 AS n FROM groceries;
CREATE TABLE itemsets AS
SELECT ARRAY[a.item] AS items, count(*) AS baskets
  FROM groceries a GROUP BY a.item
HAVING count(*) / (SELECT n FROM n_baskets) >= 0.006
UNION ALL
SELECT ARRAY[a.item, b.item], count(*)
  FROM groceries a JOIN groceries b ON b.basket_id = a.basket_id AND b.item > a.item COLLATE "C"
 GROUP BY a.item, b.item
HAVING count(*) / (SELECT n FROM n_baskets) >= 0.006
UNION ALL
SELECT ARRAY[a.item, b.item, c.item], count(*)
  FROM groceries a JOIN groceries b ON b.basket_id = a.basket_id AND b.item > a.item COLLATE "C"
                   JOIN groceries c ON c.basket_id = a.basket_id AND c.item > b.item COLLATE "C"
 GROUP BY a.item, b.item, c.item
HAVING count(*) / (SELECT n FROM n_baskets) >= 0.006
UNION ALL
SELECT ARRAY[a.item, b.item, c.item, d.item], count(*)
  FROM groceries a JOIN groceries b ON b.basket_id = a.basket_id AND b.item > a.item COLLATE "C"
                   JOIN groceries c ON c.basket_id = a.basket_id AND c.item > b.item COLLATE "C"
                   JOIN groceries d ON d.basket_id = a.basket_id AND d.item > c.item COLLATE "C"
 GROUP BY a.item, b.item, c.item, d.item
HAVING count(*) / (SELECT n FROM n_baskets) >= 0.006;
SELECT cardinality(items) AS items, count(*) AS frequent_itemsets FROM itemsets GROUP BY 1 ORDER BY 1;

-- Every rule X -> y of an itemset of two items or more, by the definitions.
CREATE TABLE reference AS
SELECT x.items AS antecedent, z.items[k] AS consequent,
       z.baskets / nb.n AS support, z.baskets::float8 / x.baskets AS confidence,
       (z.baskets::float8 / x.baskets) / (y.baskets / nb.n) AS lift,
       z.baskets / nb.n - (x.baskets / nb.n) * (y.baskets / nb.n) AS leverage,
       CASE WHEN z.baskets = x.baskets THEN 'Infinity'::float8
            ELSE (1 - y.baskets / nb.n) / (1 - z.baskets::float8 / x.baskets) END AS conviction,
       z.baskets
  FROM itemsets z CROSS JOIN n_baskets nb
  CROSS JOIN generate_subscripts(z.items, 1) k
  JOIN itemsets x ON x.items = z.items[:k - 1] || z.items[k + 1:]
  JOIN itemsets y ON y.items = ARRAY[z.items[k]]
 WHERE cardinality(z.items) >= 2 AND z.baskets::float8 / x.baskets >= 0.25;
SELECT count(*) AS reference_rules FROM reference;

-- Mismatches both ways: a rule on one side only, or any measure apart by
-- more than 1e-12 relative (the counts exactly).
CREATE FUNCTION pg_temp.near(a float8, b float8) RETURNS boolean LANGUAGE sql AS
$$ SELECT a = b OR abs(a - b) <= 1e-12 * greatest(abs(a), abs(b)) $$;
SELECT count(*) AS mismatches
  FROM mined m FULL JOIN reference r USING (antecedent, consequent)
 WHERE m.baskets IS DISTINCT FROM r.baskets
    OR NOT (pg_temp.near(m.support, r.support) AND pg_temp.near(m.confidence, r.confidence)
            AND pg_temp.near(m.lift, r.lift) AND pg_temp.near(m.leverage, r.leverage)
            AND pg_temp.near(m.conviction, r.conviction))
    OR m.support IS NULL OR r.support IS NULL;

-- ---------- the aggregate under a forced parallel plan ----------
\i test/fixtures/force_parallel.sql
\i test/fixtures/plan_has.sql
CREATE TABLE basket_rows AS SELECT basket_id, array_agg(item) AS items FROM groceries GROUP BY basket_id;
ANALYZE basket_rows;
SELECT pg_temp.force_serial();
CREATE TABLE serial AS SELECT portfolio.affinity(items) AS b FROM basket_rows;
SELECT pg_temp.force_parallel();
SELECT pg_temp.plan_has('SELECT portfolio.affinity(items) FROM basket_rows', '"Partial Mode": "Partial"')
       AS partial_aggregate;
CREATE TABLE parallel AS SELECT portfolio.affinity(items) AS b FROM basket_rows;
RESET ALL;
SET search_path = affinity_groceries, public;
SELECT s.b::text = p.b::text AS same_baskets, length(s.b::text) AS text_length
  FROM serial s, parallel p;
SELECT (SELECT count(*) FROM portfolio.rules((SELECT b FROM parallel), 0.006, 0.25)) AS parallel_rules;

DROP SCHEMA affinity_groceries CASCADE;
