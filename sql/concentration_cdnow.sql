--
-- concentration_cdnow: gini, hhi, top_share, lorenz and abc_cuts/abc_class on
-- the revenue of the 23,570 CDNOW customers (sum of amount over the master
-- log) against plain-SQL window-function computations of the same
-- definitions.  The references compute in numeric, exactly, from the same
-- cents; the extension gets the revenues as float8.  Floats must agree
-- within 1e-12 relative and ABC classes exactly: every "mismatched" column
-- must be 0.
--
-- Own schema, so that other tests (even run in parallel) and this one do not
-- share cdnow_transactions.
CREATE SCHEMA concentration_cdnow;
SET search_path = concentration_cdnow, public;
\set ECHO none
\i data/cdnow/load_cdnow.sql
\set ECHO all

CREATE TABLE customer_revenue AS
  SELECT customer_id, sum(amount) AS revenue, sum(amount)::float8 AS x
    FROM cdnow_transactions GROUP BY customer_id;
ANALYZE customer_revenue;
CREATE FUNCTION pg_temp.close(a float8, b numeric) RETURNS bool LANGUAGE sql IMMUTABLE AS
$$ SELECT abs(a::numeric - b) <= 1e-12 * abs(b) $$;

-- One row per customer: rank ascending (rn) and descending (rn_desc), the
-- running sum of the rn smallest, and the sum held by strictly greater
-- revenues: the peer groups before the customer's own in descending order
-- (the same frame as RANGE ... EXCLUDE GROUP, which PostgreSQL evaluates in
-- quadratic time).
CREATE TEMP TABLE ranked AS
  SELECT customer_id, revenue, x,
         row_number() OVER (ORDER BY revenue) AS rn,
         row_number() OVER (ORDER BY revenue DESC) AS rn_desc,
         sum(revenue) OVER (ORDER BY revenue ROWS UNBOUNDED PRECEDING) AS cum,
         coalesce(sum(revenue) OVER (ORDER BY revenue DESC
                                     GROUPS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS above,
         count(*) OVER () AS n,
         sum(revenue) OVER () AS total
    FROM customer_revenue;
SELECT n AS customers, total AS revenue, count(*) FILTER (WHERE revenue = 0) AS zero_revenue,
       count(DISTINCT revenue) AS distinct_revenues, min(revenue), max(revenue)
  FROM ranked GROUP BY n, total;

--
-- 1. Gini: sum (2 rn - n - 1) x_(rn) / (n X) over the ascending ranks, which
-- equals sum |x_i - x_j| / (2 n X); HHI: the sum of squared shares.
--
CREATE TEMP TABLE ref AS
  SELECT sum((2 * rn - n - 1) * revenue) / (n * total) AS gini,
         sum((revenue / total) ^ 2) AS hhi
    FROM ranked GROUP BY n, total;
CREATE TEMP TABLE ext AS
  SELECT portfolio.gini(x) AS gini, portfolio.hhi(x) AS hhi FROM customer_revenue;
SELECT round(ext.gini::numeric, 6) AS gini, pg_temp.close(ext.gini, ref.gini) AS gini_ok,
       round(ext.hhi::numeric, 8) AS hhi, pg_temp.close(ext.hhi, ref.hhi) AS hhi_ok,
       round(1 / ext.hhi) AS equivalent_customers
  FROM ext, ref;

--
-- 2. Top share: the k = ceil(fraction n - 1e-9) largest revenues' share.
--
SELECT f AS fraction, k, round(e.share::numeric, 6) AS share,
       pg_temp.close(e.share, (SELECT coalesce(sum(revenue), 0) / min(total)
                                 FROM ranked WHERE rn_desc <= k)) AS same
  FROM unnest(ARRAY[0.001, 0.01, 0.05, 0.1, 0.2, 0.5]::float8[]) f
  CROSS JOIN LATERAL (SELECT ceil(f * 23570 - 1e-9)::bigint AS k) kk
  CROSS JOIN LATERAL (SELECT portfolio.top_share(x, f) AS share FROM customer_revenue) e
 ORDER BY f;

--
-- 3. Lorenz: value j = the running sum at rank floor(j n / points) over X.
--
CREATE TEMP TABLE curves AS
  SELECT p AS points, (SELECT portfolio.lorenz(x, p) FROM customer_revenue) AS curve
    FROM unnest(ARRAY[10, 100, 23570, 100000]) p;
SELECT c.points, count(*) AS n_values,
       count(*) FILTER (WHERE NOT pg_temp.close(l.share,
                                                coalesce(r.cum, 0) / (SELECT sum(revenue) FROM customer_revenue)))
         AS mismatched
  FROM curves c
  CROSS JOIN LATERAL unnest(c.curve) WITH ORDINALITY l(share, j1)
  LEFT JOIN ranked r ON r.rn = (l.j1 - 1) * 23570 / c.points
 GROUP BY c.points ORDER BY c.points;
-- The deciles: the poorest 10%, 20%, ... of customers hold these shares.
SELECT array_agg(round(share::numeric, 4) ORDER BY j1) AS lorenz_10
  FROM curves, unnest(curve) WITH ORDINALITY l(share, j1) WHERE points = 10;

--
-- 4. ABC: a customer is A when strictly greater revenues hold less than
-- a_share of the total, B when less than b_share, C otherwise; every
-- customer's class from abc_class must be the class of the rule.
--
CREATE TEMP TABLE abc_shares (a_share float8, b_share float8);
INSERT INTO abc_shares VALUES (0.8, 0.95), (0.5, 0.9), (0.7, 0.7), (1, 1);
CREATE TEMP TABLE cdnow_cuts AS
  SELECT a_share, b_share, (SELECT portfolio.abc_cuts(x, a_share, b_share) FROM customer_revenue) AS cuts
    FROM abc_shares;
SELECT s.a_share, s.b_share, s.cuts::text AS cuts,
       count(*) FILTER (WHERE portfolio.abc_class(r.x, s.cuts) = 'A') AS a,
       count(*) FILTER (WHERE portfolio.abc_class(r.x, s.cuts) = 'B') AS b,
       count(*) FILTER (WHERE portfolio.abc_class(r.x, s.cuts) = 'C') AS c,
       round(sum(r.revenue) FILTER (WHERE portfolio.abc_class(r.x, s.cuts) = 'A') / min(r.total), 4) AS a_revenue,
       round(sum(r.revenue) FILTER (WHERE portfolio.abc_class(r.x, s.cuts) = 'B') / min(r.total), 4) AS b_revenue,
       count(*) FILTER (WHERE portfolio.abc_class(r.x, s.cuts)
                              <> CASE WHEN r.above / r.total < s.a_share THEN 'A'
                                      WHEN r.above / r.total < s.b_share THEN 'B' ELSE 'C' END) AS mismatched
  FROM cdnow_cuts s CROSS JOIN ranked r
 GROUP BY s.a_share, s.b_share, s.cuts::text ORDER BY s.a_share, s.b_share;
-- abc_cuts(x) is the 80/95 split.
SELECT portfolio.abc_cuts(x)::text = (SELECT cuts::text FROM cdnow_cuts WHERE a_share = 0.8) AS default_is_80_95
  FROM customer_revenue;
-- The customers at the default A/B boundary: the last A and the first B.
SELECT DISTINCT r.revenue, round(r.above / r.total, 6) AS share_above,
       count(*) OVER (PARTITION BY r.revenue) AS customers, portfolio.abc_class(r.x, c.cuts) AS class
  FROM ranked r, cdnow_cuts c
 WHERE c.a_share = 0.8
   AND r.revenue IN ((SELECT min(revenue) FROM ranked WHERE above / total < 0.8),
                     (SELECT max(revenue) FROM ranked WHERE above / total >= 0.8))
 ORDER BY r.revenue DESC;

--
-- 5. A forced parallel plan gives the same answers, bit for bit (HHI within 1e-15).
--
\i test/fixtures/plan_has.sql
\i test/fixtures/force_parallel.sql
CREATE VIEW all_measures AS
  SELECT portfolio.gini(x) AS gini, portfolio.hhi(x) AS hhi, portfolio.top_share(x, 0.2) AS top,
         portfolio.lorenz(x, 100) AS lorenz, portfolio.abc_cuts(x)::text AS cuts,
         portfolio.abc_cuts(x, 0.5, 0.9)::text AS cuts_50_90
    FROM customer_revenue;
SELECT pg_temp.force_parallel();
SELECT pg_temp.plan_has('SELECT * FROM all_measures', '"Partial Mode": "Partial"') AS partial_aggregate;
CREATE TABLE parallel_measures AS SELECT * FROM all_measures;
SELECT pg_temp.force_serial();
CREATE TABLE serial_measures AS SELECT * FROM all_measures;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET enable_hashagg;
SELECT p.gini = s.gini AS gini, abs(p.hhi - s.hhi) <= 1e-15 * s.hhi AS hhi, p.top = s.top AS top,
       p.lorenz = s.lorenz AS lorenz, p.cuts = s.cuts AS cuts, p.cuts_50_90 = s.cuts_50_90 AS cuts_50_90
  FROM parallel_measures p, serial_measures s;

SET client_min_messages = warning;
DROP SCHEMA concentration_cdnow CASCADE;
RESET client_min_messages;
RESET search_path;
