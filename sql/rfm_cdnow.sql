--
-- rfm_cdnow: RFM cut points, scores and segments on the full CDNOW master log
-- (23,570 customers, as of 1998-06-30) against plain SQL: percentile_disc for
-- the cuts, counting for the scores, a lookup in portfolio.rfm_segments for the
-- segment.  Every "mismatched" column must be 0.
--
-- Own schema, so that other tests (even run in parallel) and this one do not
-- share cdnow_transactions.
CREATE SCHEMA rfm_cdnow;
SET search_path = rfm_cdnow, public;
\set ECHO none
\i data/cdnow/load_cdnow.sql
\set ECHO all

-- The extension's summaries (a plain table, so that section 5 can scan it in parallel).
CREATE TABLE rfm_cdnow_summary AS
  SELECT customer_id, portfolio.summarize(txn_date, amount, '1998-06-30', 'day') AS s
  FROM cdnow_transactions GROUP BY customer_id;

-- The reference values, straight from the transactions: R = days since the last
-- purchase, F = number of transactions, M = total amount (no returns in CDNOW).
CREATE TEMP TABLE ref_value AS
  SELECT customer_id, (date '1998-06-30' - max(txn_date))::float8 AS r,
         count(*)::float8 AS f, sum(amount)::float8 AS m
  FROM cdnow_transactions GROUP BY customer_id;
SELECT count(*) AS customers,
       count(*) FILTER (WHERE v.r IS DISTINCT FROM (x.s).days_since_last::float8
                           OR v.f IS DISTINCT FROM (x.s).transactions::float8
                           OR v.m IS DISTINCT FROM (x.s).total_amount::float8) AS mismatched,
       count(DISTINCT v.r) AS distinct_r, count(DISTINCT v.f) AS distinct_f,
       count(DISTINCT v.m) AS distinct_m
FROM ref_value v FULL JOIN rfm_cdnow_summary x USING (customer_id);

--
-- 1. Cut points for 3, 4 and 5 bins: cut k = percentile_disc(k / bins).
--
CREATE TEMP TABLE ref_cuts AS
  SELECT b AS bins,
         percentile_disc(q) WITHIN GROUP (ORDER BY v.r) AS r_cuts,
         percentile_disc(q) WITHIN GROUP (ORDER BY v.f) AS f_cuts,
         percentile_disc(q) WITHIN GROUP (ORDER BY v.m) AS m_cuts
  FROM generate_series(3, 5) b
  CROSS JOIN LATERAL (SELECT array_agg(k::float8 / b ORDER BY k) AS q
                      FROM generate_series(1, b - 1) k) p
  CROSS JOIN ref_value v
  GROUP BY b, q;
CREATE TEMP TABLE ext_cuts AS
  SELECT b AS bins, portfolio.rfm_cuts(x.s, b) AS cuts
  FROM generate_series(3, 5) b CROSS JOIN rfm_cdnow_summary x
  GROUP BY b;
SELECT * FROM ref_cuts ORDER BY bins;
-- The extension's cuts, as text and read back into numbers to compare.
SELECT e.bins, e.cuts,
       p.r = r.r_cuts AND p.f = r.f_cuts AND p.m = r.m_cuts
         AND p.b = e.bins::text AS same_as_reference
FROM ext_cuts e
JOIN ref_cuts r USING (bins)
CROSS JOIN LATERAL (
  SELECT substring(e.cuts::text FROM 'bins=(\d+)') AS b,
         string_to_array(substring(e.cuts::text FROM 'r=([^;]*)'), ',')::float8[] AS r,
         string_to_array(substring(e.cuts::text FROM 'f=([^;]*)'), ',')::float8[] AS f,
         string_to_array(substring(e.cuts::text FROM 'm=([^;]*)'), ',')::float8[] AS m) p
ORDER BY e.bins;

--
-- 2. Scores of every customer: F and M = 1 + cuts strictly below the value,
-- R = bins - cuts strictly below days_since_last; cell = r || f || m.
--
CREATE FUNCTION pg_temp.ref_segment(b int, r int, f int, m int) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN EXISTS (SELECT FROM portfolio.rfm_segments g WHERE g.bins = b)
    THEN coalesce((SELECT g.name FROM portfolio.rfm_segments g
                   WHERE g.bins = b AND g.enabled
                     AND r BETWEEN g.r_min AND g.r_max
                     AND f BETWEEN g.f_min AND g.f_max
                     AND m BETWEEN g.m_min AND g.m_max
                   ORDER BY g.priority, g.name COLLATE "C" LIMIT 1), 'Others')
  END
$$;
CREATE TEMP VIEW ref_score AS
  SELECT customer_id, bins, r, f, m, r::text || f::text || m::text AS cell,
         pg_temp.ref_segment(bins, r, f, m) AS segment
  FROM (SELECT v.customer_id, c.bins,
               c.bins - (SELECT count(*) FROM unnest(c.r_cuts) k WHERE k < v.r)::int AS r,
               1 + (SELECT count(*) FROM unnest(c.f_cuts) k WHERE k < v.f)::int AS f,
               1 + (SELECT count(*) FROM unnest(c.m_cuts) k WHERE k < v.m)::int AS m
        FROM ref_value v CROSS JOIN ref_cuts c) q;
CREATE TEMP VIEW ext_score AS
  SELECT x.customer_id, e.bins, (portfolio.rfm_score(e.cuts, x.s)).*
  FROM rfm_cdnow_summary x CROSS JOIN ext_cuts e;
CREATE TEMP TABLE ext_scored AS SELECT * FROM ext_score;
CREATE TEMP TABLE ref_scored AS SELECT * FROM ref_score;
SELECT coalesce(e.bins, r.bins) AS bins, count(*) AS customers, count(DISTINCT r.cell) AS cells,
       count(*) FILTER (WHERE e.r IS DISTINCT FROM r.r OR e.f IS DISTINCT FROM r.f
                           OR e.m IS DISTINCT FROM r.m) AS scores_mismatched,
       count(*) FILTER (WHERE e.cell IS DISTINCT FROM r.cell) AS cell_mismatched,
       count(*) FILTER (WHERE e.segment IS DISTINCT FROM r.segment) AS segment_mismatched
FROM ext_scored e FULL JOIN ref_scored r USING (customer_id, bins)
GROUP BY 1 ORDER BY 1;
-- Customers per score in each dimension (equal values, equal scores: not NTILE's equal counts).
SELECT bins, 'r' AS dim, r AS score, count(*) AS customers FROM ext_scored GROUP BY bins, r
UNION ALL
SELECT bins, 'f', f, count(*) FROM ext_scored GROUP BY bins, f
UNION ALL
SELECT bins, 'm', m, count(*) FROM ext_scored GROUP BY bins, m
ORDER BY bins, dim DESC, score;

--
-- 3. Segments for 5 bins (the seeded configuration), extension and reference.
--
SELECT segment, e.customers, r.customers AS reference
FROM (SELECT coalesce(segment, '(null)') AS segment, count(*) AS customers
      FROM ext_scored WHERE bins = 5 GROUP BY 1) e
FULL JOIN (SELECT coalesce(segment, '(null)') AS segment, count(*) AS customers
           FROM ref_scored WHERE bins = 5 GROUP BY 1) r USING (segment)
ORDER BY segment COLLATE "C";

-- The lookup rule on an edited configuration (rolled back): the first segment
-- disabled, a priority tie broken by name, a disabled catch-all, rows for 3
-- bins that leave some scores unmatched ('Others'), no row for 4 bins (NULL).
BEGIN;
UPDATE portfolio.rfm_segments SET enabled = false WHERE bins = 5 AND priority = (
  SELECT min(priority) FROM portfolio.rfm_segments WHERE bins = 5);
DELETE FROM portfolio.rfm_segments WHERE bins IN (3, 4);
INSERT INTO portfolio.rfm_segments
  (name, priority, bins, r_min, r_max, f_min, f_max, m_min, m_max, enabled, is_default)
VALUES ('tie b', -1, 5, 5, 5, 1, 5, 1, 5, true, false),
       ('tie a', -1, 5, 4, 5, 1, 5, 1, 5, true, false),
       ('off', -2, 5, 1, 5, 1, 5, 1, 5, false, false),
       ('three top', 1, 3, 3, 3, 2, 3, 1, 3, true, false),
       ('three low', 2, 3, 1, 1, 1, 3, 1, 3, true, false);
CREATE TEMP TABLE ext_edited AS SELECT * FROM ext_score;
CREATE TEMP TABLE ref_edited AS SELECT * FROM ref_score;
SELECT bins, segment, e.customers, r.customers AS reference
FROM (SELECT bins, coalesce(segment, '(null)') AS segment, count(*) AS customers
      FROM ext_edited GROUP BY 1, 2) e
FULL JOIN (SELECT bins, coalesce(segment, '(null)') AS segment, count(*) AS customers
           FROM ref_edited GROUP BY 1, 2) r USING (bins, segment)
ORDER BY bins, segment COLLATE "C";
SELECT count(*) AS customers_bins,
       count(*) FILTER (WHERE e.segment IS DISTINCT FROM r.segment) AS segment_mismatched
FROM ext_edited e FULL JOIN ref_edited r USING (customer_id, bins);
ROLLBACK;

--
-- 4. The float8 forms (R, F, M given directly) and the default of 5 bins.
--
SELECT b AS bins,
       portfolio.rfm_cuts((s).days_since_last::float8, (s).transactions::float8,
                          (s).total_amount::float8, b)::text
         = (SELECT cuts::text FROM ext_cuts e WHERE e.bins = b) AS same_cuts
FROM generate_series(3, 5) b CROSS JOIN rfm_cdnow_summary
GROUP BY b ORDER BY b;
SELECT portfolio.rfm_cuts(s)::text = portfolio.rfm_cuts(s, 5)::text AS summary_default,
       portfolio.rfm_cuts((s).days_since_last::float8, (s).transactions::float8,
                          (s).total_amount::float8)::text
         = portfolio.rfm_cuts(s, 5)::text AS float8_default
FROM rfm_cdnow_summary;
SELECT e.bins, count(*) AS customers,
       count(*) FILTER (WHERE portfolio.rfm_score(e.cuts, (x.s).days_since_last::float8,
                                (x.s).transactions::float8, (x.s).total_amount::float8)
                        IS DISTINCT FROM portfolio.rfm_score(e.cuts, x.s)) AS mismatched
FROM rfm_cdnow_summary x CROSS JOIN ext_cuts e
GROUP BY e.bins ORDER BY e.bins;

--
-- 5. A parallel plan (partial states combined) learns the same cuts.
--
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
\i test/fixtures/plan_has.sql
SELECT pg_temp.plan_has('SELECT portfolio.rfm_cuts(s, 5) FROM rfm_cdnow_summary',
                        '"Partial Mode": "Partial"') AS partial_aggregate;
CREATE TEMP TABLE parallel_cuts AS
  SELECT portfolio.rfm_cuts(s, 3) AS c3, portfolio.rfm_cuts(s, 4) AS c4,
         portfolio.rfm_cuts(s, 5) AS c5
  FROM rfm_cdnow_summary;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
SELECT c3::text = (SELECT cuts::text FROM ext_cuts WHERE bins = 3) AS same_3,
       c4::text = (SELECT cuts::text FROM ext_cuts WHERE bins = 4) AS same_4,
       c5::text = (SELECT cuts::text FROM ext_cuts WHERE bins = 5) AS same_5
FROM parallel_cuts;

SET client_min_messages = warning;
DROP SCHEMA rfm_cdnow CASCADE;
RESET client_min_messages;
RESET search_path;
