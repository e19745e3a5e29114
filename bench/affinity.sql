-- Product affinity against plain SQL: the association rules of Groceries
-- (data/groceries/, 9,835 baskets, 43,367 lines) and of Online Retail
-- (data/online_retail/, its 21,862 purchase invoices with products, 519,709
-- distinct lines), each also enlarged 10x (the same baskets ten times over,
-- under new basket and customer numbers: the same supports and rules, ten
-- times the rows); and the cross-sell suggestions of next_products over
-- Online Retail.
--
--   psql -X -f bench/affinity.sql                (from the repository root,
--   psql -X -v reps=5 -f bench/affinity.sql       where CREATE EXTENSION portfolio works)
--
-- psql variables (defaults): reps (3; the plain SQL of Online Retail x 10,
-- about four minutes a run, runs once).  Each step computes the same rules
-- both ways at minimum support 0.006 and confidence 0.25 (Lantz's 463),
-- serial and with 2 workers, median of reps runs; "same" says whether the
-- answers agree (the number of rules and their lifts summed to 9 decimals).
-- Each step runs in a session of its own, ours serial first, with the
-- backend's peak memory (bench/common.sql) taken around each of those
-- runs, outside the timed interval.  One row per step goes into
-- bench_result (ord 700-709).
--   rules        portfolio.association_rules over (basket, item) rows,
--                against itemsets of 1 to 4 items by self-joins of the
--                rows (HAVING the support), then the rules of each itemset
--                from the counts of its subsets.  Online Retail at support
--                0.02 and confidence 0.5 (44 rules, itemsets of up to 3
--                items); there the plain SQL joins only the lines of
--                frequent items and extends only frequent pairs (Apriori's
--                pruning, without which the triple join alone has 44
--                million rows per copy).
--   next_products  portfolio.next_products (top 5 per customer by
--                confidence) against the plain-SQL rules joined to each
--                customer's items, the best rule per suggestion by
--                DISTINCT ON and the rank by row_number().
\set ON_ERROR_STOP 1
\if :{?reps} \else \set reps 3 \endif
-- The plain SQL of Online Retail x 10 takes about four minutes a run: once.
\set reps_slow 1
SET client_min_messages = warning;

CREATE EXTENSION IF NOT EXISTS portfolio;
\ir common.sql
DROP TABLE IF EXISTS groceries, bench_groceries, bench_groceries_10x, bench_affinity_times,
                     online_retail, bench_retail, bench_retail_10x;

\ir ../data/groceries/load_groceries.sql
CREATE UNLOGGED TABLE bench_groceries AS SELECT basket_id, item FROM groceries;
CREATE UNLOGGED TABLE bench_groceries_10x AS
SELECT basket_id + copy * 100000 AS basket_id, item FROM groceries, generate_series(0, 9) copy;
DROP TABLE groceries;
\ir ../data/online_retail/load_online_retail.sql
-- The baskets: invoices neither cancelled (C...) nor adjustments (A...),
-- their products only (five-digit stock codes: no postage, fees, vouchers).
CREATE UNLOGGED TABLE bench_retail AS
SELECT DISTINCT invoice_no, stock_code, customer_id FROM online_retail
 WHERE invoice_no !~ '^[CA]' AND stock_code ~ '^[0-9]{5}';
CREATE UNLOGGED TABLE bench_retail_10x AS
SELECT invoice_no || '-' || copy AS invoice_no, stock_code, customer_id + copy * 100000 AS customer_id
  FROM bench_retail, generate_series(0, 9) copy;
DROP TABLE online_retail;
VACUUM (FREEZE, ANALYZE) bench_groceries, bench_groceries_10x, bench_retail, bench_retail_10x;

CREATE TABLE bench_affinity_times (ord int, step text, way text, workers int, ms float8, peak_kb bigint,
                                   answer text);

-- The answer both ways: the rules and the sum of their lifts.
\set q_ours 'SELECT count(*) || '' rules, lift '' || round(sum(lift)::numeric, 9) FROM portfolio.association_rules(''TABLE'', ''basket_id'', ''item'', 0.006, 0.25)'
\set q_plain 'WITH n AS (SELECT count(DISTINCT basket_id)::float8 AS n FROM TABLE), itemsets AS (SELECT ARRAY[a.item] AS items, count(*) AS c FROM TABLE a GROUP BY a.item HAVING count(*) / (SELECT n FROM n) >= 0.006 UNION ALL SELECT ARRAY[a.item, b.item], count(*) FROM TABLE a JOIN TABLE b ON b.basket_id = a.basket_id AND b.item > a.item COLLATE "C" GROUP BY a.item, b.item HAVING count(*) / (SELECT n FROM n) >= 0.006 UNION ALL SELECT ARRAY[a.item, b.item, c.item], count(*) FROM TABLE a JOIN TABLE b ON b.basket_id = a.basket_id AND b.item > a.item COLLATE "C" JOIN TABLE c ON c.basket_id = a.basket_id AND c.item > b.item COLLATE "C" GROUP BY a.item, b.item, c.item HAVING count(*) / (SELECT n FROM n) >= 0.006 UNION ALL SELECT ARRAY[a.item, b.item, c.item, d.item], count(*) FROM TABLE a JOIN TABLE b ON b.basket_id = a.basket_id AND b.item > a.item COLLATE "C" JOIN TABLE c ON c.basket_id = a.basket_id AND c.item > b.item COLLATE "C" JOIN TABLE d ON d.basket_id = a.basket_id AND d.item > c.item COLLATE "C" GROUP BY a.item, b.item, c.item, d.item HAVING count(*) / (SELECT n FROM n) >= 0.006) SELECT count(*) || '' rules, lift '' || round(sum((z.c::float8 / x.c) / (y.c / (SELECT n FROM n)))::numeric, 9) FROM itemsets z CROSS JOIN generate_subscripts(z.items, 1) k JOIN itemsets x ON x.items = z.items[:k - 1] || z.items[k + 1:] JOIN itemsets y ON y.items = ARRAY[z.items[k]] WHERE cardinality(z.items) >= 2 AND z.c::float8 / x.c >= 0.25'
-- Online Retail: the rules both ways, at support 0.02 and confidence 0.5.
\set q_ours_r 'SELECT count(*) || '' rules, lift '' || round(sum(lift)::numeric, 9) FROM portfolio.association_rules(''TABLE'', ''invoice_no'', ''stock_code'', 0.02, 0.5)'
\set q_rules_r 'WITH n AS (SELECT count(DISTINCT invoice_no)::float8 AS n FROM TABLE), f1 AS (SELECT stock_code, count(*) AS c FROM TABLE GROUP BY 1 HAVING count(*) >= 0.02 * (SELECT n FROM n)), l AS (SELECT invoice_no, stock_code FROM TABLE JOIN f1 USING (stock_code)), f2 AS (SELECT a.stock_code AS x, b.stock_code AS y, count(*) AS c FROM l a JOIN l b ON b.invoice_no = a.invoice_no AND b.stock_code > a.stock_code COLLATE "C" GROUP BY 1, 2 HAVING count(*) >= 0.02 * (SELECT n FROM n)), f3 AS (SELECT p.x, p.y, c.stock_code AS z, count(*) AS c FROM f2 p JOIN l a ON a.stock_code = p.x JOIN l b ON b.invoice_no = a.invoice_no AND b.stock_code = p.y JOIN l c ON c.invoice_no = a.invoice_no AND c.stock_code > p.y COLLATE "C" GROUP BY 1, 2, 3 HAVING count(*) >= 0.02 * (SELECT n FROM n)), sets AS (SELECT ARRAY[stock_code] AS items, c FROM f1 UNION ALL SELECT ARRAY[x, y], c FROM f2 UNION ALL SELECT ARRAY[x, y, z], c FROM f3), r AS (SELECT z.items[:k - 1] || z.items[k + 1:] AS antecedent, z.items[k] AS consequent, z.c / (SELECT n FROM n) AS support, z.c::float8 / x.c AS confidence, z.c::float8 / x.c / (y.c / (SELECT n FROM n)) AS lift FROM sets z CROSS JOIN generate_subscripts(z.items, 1) k JOIN sets x ON x.items = z.items[:k - 1] || z.items[k + 1:] JOIN sets y ON y.items = ARRAY[z.items[k]] WHERE cardinality(z.items) >= 2) SELECT * FROM r WHERE confidence >= 0.5'
SELECT 'SELECT count(*) || '' rules, lift '' || round(sum(lift)::numeric, 9) FROM (' || :'q_rules_r' || ') r' AS q_plain_r,
       'WITH r AS MATERIALIZED (' || :'q_rules_r' || '), bought AS (SELECT customer_id::text AS c, array_agg(DISTINCT stock_code) AS items FROM TABLE WHERE customer_id IS NOT NULL GROUP BY 1), best AS (SELECT DISTINCT ON (b.c, r.consequent) b.c, r.consequent, r.confidence, r.support FROM bought b JOIN r ON r.antecedent <@ b.items AND r.consequent <> ALL (b.items) ORDER BY b.c, r.consequent, r.confidence DESC, r.support DESC, cardinality(r.antecedent), r.antecedent::text), ranked AS (SELECT best.*, row_number() OVER (PARTITION BY c ORDER BY confidence DESC, support DESC, consequent) AS k FROM best) SELECT count(*) || '' suggestions, confidence '' || round(sum(confidence)::numeric, 9) FROM ranked WHERE k <= 5' AS q_plain_np \gset
\set q_ours_np 'SELECT count(*) || '' suggestions, confidence '' || round(sum(confidence)::numeric, 9) FROM portfolio.next_products(''TABLE'', ''customer_id'', ''invoice_no'', ''stock_code'', 0.02, 0.5)'
SELECT replace(:'q_ours_r', 'TABLE', 'bench_retail') AS q_ours_r1, replace(:'q_plain_r', 'TABLE', 'bench_retail') AS q_plain_r1,
       replace(:'q_ours_r', 'TABLE', 'bench_retail_10x') AS q_ours_r10, replace(:'q_plain_r', 'TABLE', 'bench_retail_10x') AS q_plain_r10,
       replace(:'q_ours_np', 'TABLE', 'bench_retail') AS q_ours_np1, replace(:'q_plain_np', 'TABLE', 'bench_retail') AS q_plain_np1,
       replace(:'q_ours_np', 'TABLE', 'bench_retail_10x') AS q_ours_np10, replace(:'q_plain_np', 'TABLE', 'bench_retail_10x') AS q_plain_np10 \gset
SELECT replace(:'q_ours', 'TABLE', 'bench_groceries') AS q_ours_1,
       replace(:'q_plain', 'TABLE', 'bench_groceries') AS q_plain_1,
       replace(:'q_ours', 'TABLE', 'bench_groceries_10x') AS q_ours_10,
       replace(:'q_plain', 'TABLE', 'bench_groceries_10x') AS q_plain_10 \gset

\set QUIET 1
\c
CALL bench_step_time('bench_affinity_times', 1, 'rules, Groceries', 'portfolio', :'q_ours_1', 0, :reps);
CALL bench_step_time('bench_affinity_times', 1, 'rules, Groceries', 'portfolio', :'q_ours_1', 2, :reps);
CALL bench_step_time('bench_affinity_times', 1, 'rules, Groceries', 'plain SQL', :'q_plain_1', 0, :reps);
CALL bench_step_time('bench_affinity_times', 1, 'rules, Groceries', 'plain SQL', :'q_plain_1', 2, :reps);
\c
CALL bench_step_time('bench_affinity_times', 2, 'rules, Groceries x 10', 'portfolio', :'q_ours_10', 0, :reps);
CALL bench_step_time('bench_affinity_times', 2, 'rules, Groceries x 10', 'portfolio', :'q_ours_10', 2, :reps);
CALL bench_step_time('bench_affinity_times', 2, 'rules, Groceries x 10', 'plain SQL', :'q_plain_10', 0, :reps);
CALL bench_step_time('bench_affinity_times', 2, 'rules, Groceries x 10', 'plain SQL', :'q_plain_10', 2, :reps);
\c
CALL bench_step_time('bench_affinity_times', 3, 'rules, Online Retail', 'portfolio', :'q_ours_r1', 0, :reps);
CALL bench_step_time('bench_affinity_times', 3, 'rules, Online Retail', 'portfolio', :'q_ours_r1', 2, :reps);
CALL bench_step_time('bench_affinity_times', 3, 'rules, Online Retail', 'plain SQL', :'q_plain_r1', 0, :reps);
CALL bench_step_time('bench_affinity_times', 3, 'rules, Online Retail', 'plain SQL', :'q_plain_r1', 2, :reps);
\c
CALL bench_step_time('bench_affinity_times', 4, 'rules, Online Retail x 10', 'portfolio', :'q_ours_r10', 0, :reps);
CALL bench_step_time('bench_affinity_times', 4, 'rules, Online Retail x 10', 'portfolio', :'q_ours_r10', 2, :reps);
CALL bench_step_time('bench_affinity_times', 4, 'rules, Online Retail x 10', 'plain SQL', :'q_plain_r10', 0, :reps_slow);
CALL bench_step_time('bench_affinity_times', 4, 'rules, Online Retail x 10', 'plain SQL', :'q_plain_r10', 2, :reps_slow);
\c
CALL bench_step_time('bench_affinity_times', 5, 'next_products, Online Retail', 'portfolio', :'q_ours_np1', 0, :reps);
CALL bench_step_time('bench_affinity_times', 5, 'next_products, Online Retail', 'portfolio', :'q_ours_np1', 2, :reps);
CALL bench_step_time('bench_affinity_times', 5, 'next_products, Online Retail', 'plain SQL', :'q_plain_np1', 0, :reps);
CALL bench_step_time('bench_affinity_times', 5, 'next_products, Online Retail', 'plain SQL', :'q_plain_np1', 2, :reps);
\c
CALL bench_step_time('bench_affinity_times', 6, 'next_products, Online Retail x 10', 'portfolio', :'q_ours_np10', 0, :reps);
CALL bench_step_time('bench_affinity_times', 6, 'next_products, Online Retail x 10', 'portfolio', :'q_ours_np10', 2, :reps);
CALL bench_step_time('bench_affinity_times', 6, 'next_products, Online Retail x 10', 'plain SQL', :'q_plain_np10', 0, :reps_slow);
CALL bench_step_time('bench_affinity_times', 6, 'next_products, Online Retail x 10', 'plain SQL', :'q_plain_np10', 2, :reps_slow);
\set QUIET 0

-- ---- the table ---------------------------------------------------------------
CREATE TEMP TABLE bench_affinity_summed AS
SELECT t.ord, t.step,
       max(t.ms) FILTER (WHERE t.way = 'portfolio' AND t.workers = 0) AS ours0,
       max(t.ms) FILTER (WHERE t.way = 'portfolio' AND t.workers = 2) AS ours2,
       max(t.ms) FILTER (WHERE t.way = 'plain SQL' AND t.workers = 0) AS plain0,
       max(t.ms) FILTER (WHERE t.way = 'plain SQL' AND t.workers = 2) AS plain2,
       max(t.peak_kb) AS peak_kb,
       bool_and(t.answer = o.answer) AS same,
       max(o.answer) AS answer
  FROM bench_affinity_times t
  JOIN bench_affinity_times o ON o.ord = t.ord AND o.way = 'portfolio' AND o.workers = 0
 GROUP BY t.ord, t.step;

DELETE FROM bench_result WHERE ord BETWEEN 700 AND 709;
INSERT INTO bench_result
SELECT 699 + ord, 'affinity',
       CASE ord WHEN 1 THEN 'association_rules, Groceries, vs self-joins'
                WHEN 2 THEN 'association_rules, Groceries x 10, vs self-joins'
                WHEN 3 THEN 'association_rules, Online Retail, vs self-joins'
                WHEN 4 THEN 'association_rules, Online Retail x 10, vs self-joins'
                WHEN 5 THEN 'next_products, Online Retail, vs self-joins'
                ELSE 'next_products, Online Retail x 10, vs self-joins' END,
       CASE ord WHEN 1 THEN 43367 WHEN 2 THEN 433670 WHEN 3 THEN 519709 WHEN 5 THEN 519709 ELSE 5197090 END,
       ours0, ours2, plain0, plain2, peak_kb, CASE WHEN same THEN 'yes' ELSE 'NO' END
  FROM bench_affinity_summed;

\pset footer off
\echo
\echo 'association rules (Groceries: support 0.006, confidence 0.25; Online Retail: 0.02, 0.5)'
\echo 'and cross-sell suggestions; median ms, serial / 2 workers'
SELECT step, answer,
       concat_ws(' / ', round(ours0::numeric), round(ours2::numeric)) AS "portfolio ms",
       concat_ws(' / ', round(plain0::numeric), round(plain2::numeric)) AS "plain SQL ms",
       concat_ws(' / ', round((plain0 / ours0)::numeric, 1) || 'x',
                 round((plain2 / ours2)::numeric, 1) || 'x') AS "plain SQL / portfolio",
       round(peak_kb / 1024.0, 1) AS "peak MB",
       same AS "same answer"
  FROM bench_affinity_summed ORDER BY ord;

DROP TABLE bench_groceries, bench_groceries_10x, bench_retail, bench_retail_10x, bench_affinity_times;
