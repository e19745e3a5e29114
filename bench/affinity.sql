-- Product affinity against plain SQL: the association rules of Groceries
-- (data/groceries/, 9,835 baskets, 43,367 lines) and of a 10x enlargement
-- (the same baskets ten times over: the same supports and rules, ten times
-- the rows).
--
--   psql -X -f bench/affinity.sql                (from the repository root,
--   psql -X -v reps=5 -f bench/affinity.sql       where CREATE EXTENSION portfolio works)
--
-- psql variables (defaults): reps (3).  Each step computes the same rules
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
--                from the counts of its subsets.
\set ON_ERROR_STOP 1
\if :{?reps} \else \set reps 3 \endif
SET client_min_messages = warning;

CREATE EXTENSION IF NOT EXISTS portfolio;
\ir common.sql
DROP TABLE IF EXISTS groceries, bench_groceries, bench_groceries_10x, bench_affinity_times;

\ir ../data/groceries/load_groceries.sql
CREATE UNLOGGED TABLE bench_groceries AS SELECT basket_id, item FROM groceries;
CREATE UNLOGGED TABLE bench_groceries_10x AS
SELECT basket_id + copy * 100000 AS basket_id, item FROM groceries, generate_series(0, 9) copy;
DROP TABLE groceries;
VACUUM (FREEZE, ANALYZE) bench_groceries, bench_groceries_10x;

CREATE TABLE bench_affinity_times (ord int, step text, way text, workers int, ms float8, peak_kb bigint,
                                   answer text);

-- The answer both ways: the rules and the sum of their lifts.
\set q_ours 'SELECT count(*) || '' rules, lift '' || round(sum(lift)::numeric, 9) FROM portfolio.association_rules(''TABLE'', ''basket_id'', ''item'', 0.006, 0.25)'
\set q_plain 'WITH n AS (SELECT count(DISTINCT basket_id)::float8 AS n FROM TABLE), itemsets AS (SELECT ARRAY[a.item] AS items, count(*) AS c FROM TABLE a GROUP BY a.item HAVING count(*) / (SELECT n FROM n) >= 0.006 UNION ALL SELECT ARRAY[a.item, b.item], count(*) FROM TABLE a JOIN TABLE b ON b.basket_id = a.basket_id AND b.item > a.item COLLATE "C" GROUP BY a.item, b.item HAVING count(*) / (SELECT n FROM n) >= 0.006 UNION ALL SELECT ARRAY[a.item, b.item, c.item], count(*) FROM TABLE a JOIN TABLE b ON b.basket_id = a.basket_id AND b.item > a.item COLLATE "C" JOIN TABLE c ON c.basket_id = a.basket_id AND c.item > b.item COLLATE "C" GROUP BY a.item, b.item, c.item HAVING count(*) / (SELECT n FROM n) >= 0.006 UNION ALL SELECT ARRAY[a.item, b.item, c.item, d.item], count(*) FROM TABLE a JOIN TABLE b ON b.basket_id = a.basket_id AND b.item > a.item COLLATE "C" JOIN TABLE c ON c.basket_id = a.basket_id AND c.item > b.item COLLATE "C" JOIN TABLE d ON d.basket_id = a.basket_id AND d.item > c.item COLLATE "C" GROUP BY a.item, b.item, c.item, d.item HAVING count(*) / (SELECT n FROM n) >= 0.006) SELECT count(*) || '' rules, lift '' || round(sum((z.c::float8 / x.c) / (y.c / (SELECT n FROM n)))::numeric, 9) FROM itemsets z CROSS JOIN generate_subscripts(z.items, 1) k JOIN itemsets x ON x.items = z.items[:k - 1] || z.items[k + 1:] JOIN itemsets y ON y.items = ARRAY[z.items[k]] WHERE cardinality(z.items) >= 2 AND z.c::float8 / x.c >= 0.25'
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
                ELSE 'association_rules, Groceries x 10, vs self-joins' END,
       CASE ord WHEN 1 THEN 43367 ELSE 433670 END,
       ours0, ours2, plain0, plain2, peak_kb, CASE WHEN same THEN 'yes' ELSE 'NO' END
  FROM bench_affinity_summed;

\pset footer off
\echo
\echo 'association rules at support 0.006, confidence 0.25; median ms, serial / 2 workers'
SELECT step, answer,
       concat_ws(' / ', round(ours0::numeric), round(ours2::numeric)) AS "portfolio ms",
       concat_ws(' / ', round(plain0::numeric), round(plain2::numeric)) AS "plain SQL ms",
       concat_ws(' / ', round((plain0 / ours0)::numeric, 1) || 'x',
                 round((plain2 / ours2)::numeric, 1) || 'x') AS "plain SQL / portfolio",
       round(peak_kb / 1024.0, 1) AS "peak MB",
       same AS "same answer"
  FROM bench_affinity_summed ORDER BY ord;

DROP TABLE bench_groceries, bench_groceries_10x, bench_affinity_times;
