-- The benchmarked queries, as text (scripts/bench.sh).
--
-- Each is timed as  SELECT count(t) FROM (<sql>) t  so that only one row goes
-- to the client; count(t) reads the whole row, so the planner cannot drop an
-- unused output column (and with it the aggregate that computes it).
-- Table names are unqualified: the correctness check runs the very same text
-- against the small tables in schema bench_check (search_path).
--
--   id          key, also the order of the report
--   capability  what is being compared; "baseline" is the floor
--   label       the report's "query" column
--   input       table whose row count is the "rows" of rows/s
--   reference   id of the plain-SQL query that computes the same thing

DROP TABLE IF EXISTS bench_query;
CREATE TABLE bench_query (
    id         text PRIMARY KEY,
    ord        integer NOT NULL,
    capability text NOT NULL,
    label      text NOT NULL,
    input      text NOT NULL,
    reference  text,
    sql        text NOT NULL
);

-- as_of is the last day of the data: every row counts.
INSERT INTO bench_query VALUES
('summarize_day', 1, 'summary', 'portfolio.summarize numeric, day', 'bench_tx', 'plain_summary', $q$
SELECT customer_id, portfolio.summarize(txn_date, amount, DATE '2024-12-31') AS s
  FROM bench_tx GROUP BY customer_id
$q$),
('summarize_month', 2, 'summary', 'portfolio.summarize numeric, month', 'bench_tx', 'plain_summary', $q$
SELECT customer_id, portfolio.summarize(txn_date, amount, DATE '2024-12-31', 'month') AS s
  FROM bench_tx GROUP BY customer_id
$q$),
('summarize_float8', 3, 'summary', 'portfolio.summarize float8, day', 'bench_tx', 'plain_summary', $q$
SELECT customer_id, portfolio.summarize(txn_date, amount_f8, DATE '2024-12-31') AS s
  FROM bench_tx GROUP BY customer_id
$q$),

-- The same columns as portfolio.summary for unit day, written by hand:
-- purchases are rows with amount >= 0; a date counts only if it has one, and
-- then all of its amounts (returns included) count; returns on other dates
-- are dropped.  Gaps are between consecutive purchase dates.
('plain_summary', 4, 'summary', 'plain SQL: CTE + lag() + GROUP BY', 'bench_tx', NULL, $q$
WITH days AS (          -- one row per customer and purchase date
    SELECT customer_id, txn_date,
           count(*) FILTER (WHERE amount >= 0) AS purchases,
           sum(amount) AS day_total
      FROM bench_tx
     WHERE txn_date <= DATE '2024-12-31'
     GROUP BY customer_id, txn_date
    HAVING count(*) FILTER (WHERE amount >= 0) > 0
), gaps AS (            -- days since the previous purchase date
    SELECT customer_id, txn_date, purchases, day_total,
           txn_date - lag(txn_date) OVER w AS gap,
           lead(txn_date) OVER w IS NULL AS is_last
      FROM days
    WINDOW w AS (PARTITION BY customer_id ORDER BY txn_date)
)
SELECT customer_id,
       min(txn_date) AS first_date,
       max(txn_date) AS last_date,
       sum(purchases)::bigint AS transactions,
       count(*)::integer AS periods,
       count(*)::integer - 1 AS frequency,
       (max(txn_date) - min(txn_date))::float8 AS recency,
       (DATE '2024-12-31' - min(txn_date))::float8 AS age,
       DATE '2024-12-31' - max(txn_date) AS days_since_last,
       sum(day_total) AS total_amount,
       sum(day_total) / sum(purchases) AS avg_amount,
       -- mean total of the purchase dates after the first (gap IS NULL on the first)
       coalesce(sum(day_total) FILTER (WHERE gap IS NOT NULL) / nullif(count(*) - 1, 0), 0)
           AS monetary,
       avg(gap)::float8 AS mean_gap,
       stddev_samp(gap)::float8 AS gap_stddev,
       max(gap) AS max_gap,
       max(gap) FILTER (WHERE is_last) AS last_gap
  FROM gaps
 GROUP BY customer_id
$q$),

-- The floor: one pass over the same rows into the same groups.
('bare_count', 5, 'baseline', 'bare count(*) GROUP BY customer_id', 'bench_tx', NULL, $q$
SELECT customer_id, count(*) FROM bench_tx GROUP BY customer_id
$q$),

-- RFM over the materialized summaries (bench/rfm_setup.sql):
-- bench_summary(customer_id, s, dsl, txns, total), one row per customer.
('rfm_cuts', 6, 'rfm cuts', 'portfolio.rfm_cuts(s)', 'bench_summary', 'plain_cuts', $q$
SELECT portfolio.rfm_cuts(s) AS cuts FROM bench_summary
$q$),
('rfm_cuts_columns', 7, 'rfm cuts', 'portfolio.rfm_cuts(dsl, txns, total::float8)', 'bench_summary', 'plain_cuts', $q$
SELECT portfolio.rfm_cuts(dsl, txns, total::float8) AS cuts FROM bench_summary
$q$),
('plain_cuts', 8, 'rfm cuts', 'plain SQL: 3 x percentile_disc(ARRAY[...])', 'bench_summary', NULL, $q$
SELECT percentile_disc(ARRAY[0.2, 0.4, 0.6, 0.8]) WITHIN GROUP (ORDER BY dsl) AS r_cuts,
       percentile_disc(ARRAY[0.2, 0.4, 0.6, 0.8]) WITHIN GROUP (ORDER BY txns) AS f_cuts,
       percentile_disc(ARRAY[0.2, 0.4, 0.6, 0.8]) WITHIN GROUP (ORDER BY total) AS m_cuts
  FROM bench_summary
$q$),
-- Scores and segment of every customer, from cuts learned once (bench_cuts,
-- bench_plain_cuts: the results of the two queries above).
('rfm_score', 9, 'rfm score', 'portfolio.rfm_score(cuts, s)', 'bench_summary', 'plain_score', $q$
SELECT x.customer_id, portfolio.rfm_score(k.cuts, x.s) AS score
  FROM bench_summary x CROSS JOIN bench_cuts k
$q$),
-- Same tie rule: F and M = 1 + cuts strictly below the value, R = 5 - cuts
-- strictly below days_since_last.  The segment of each of the 125 cells is
-- looked up once in portfolio.rfm_segments (first enabled match by priority,
-- else 'Others'), then joined.
('plain_score', 10, 'rfm score', 'plain SQL: comparisons + 125-cell segment join', 'bench_summary', NULL, $q$
WITH cells AS MATERIALIZED (   -- 125 lookups, not one per customer
    SELECT r, f, m,
           coalesce((SELECT g.name FROM portfolio.rfm_segments g
                      WHERE g.bins = 5 AND g.enabled
                        AND r BETWEEN g.r_min AND g.r_max
                        AND f BETWEEN g.f_min AND g.f_max
                        AND m BETWEEN g.m_min AND g.m_max
                      ORDER BY g.priority, g.name COLLATE "C" LIMIT 1), 'Others') AS segment
      FROM generate_series(1, 5) r, generate_series(1, 5) f, generate_series(1, 5) m
), scores AS (
    SELECT x.customer_id,
           5 - ((x.dsl > k.r_cuts[1])::int + (x.dsl > k.r_cuts[2])::int
              + (x.dsl > k.r_cuts[3])::int + (x.dsl > k.r_cuts[4])::int) AS r,
           1 + (x.txns > k.f_cuts[1])::int + (x.txns > k.f_cuts[2])::int
             + (x.txns > k.f_cuts[3])::int + (x.txns > k.f_cuts[4])::int AS f,
           1 + (x.total > k.m_cuts[1])::int + (x.total > k.m_cuts[2])::int
             + (x.total > k.m_cuts[3])::int + (x.total > k.m_cuts[4])::int AS m
      FROM bench_summary x CROSS JOIN bench_plain_cuts k
)
SELECT s.customer_id, s.r, s.f, s.m, s.r::text || s.f::text || s.m::text AS cell, c.segment
  FROM scores s JOIN cells c USING (r, f, m)
$q$),

-- Monthly cohort retention of every customer as of the last day: one row per
-- cohort and month offset, zero-activity cells included.
('cohort_retention', 11, 'cohorts', 'portfolio.cohort_retention(table, ..., month)', 'bench_tx', 'plain_cohorts', $q$
SELECT * FROM portfolio.cohort_retention('bench_tx', 'customer_id', 'txn_date', 'amount', 'month', DATE '2024-12-31')
$q$),
-- The same rows by hand: purchase months per customer (a month counts if it
-- has a purchase, amount >= 0, and then all its amounts count), the first of
-- them is the cohort, cells grouped by cohort and offset, then every offset up
-- to December 2024 joined in.
('plain_cohorts', 12, 'cohorts', 'plain SQL: GROUP BY month, first month, join', 'bench_tx', NULL, $q$
WITH act AS (
    SELECT customer_id, date_trunc('month', txn_date)::date AS p, sum(amount) AS rev
      FROM bench_tx
     WHERE txn_date <= DATE '2024-12-31'
     GROUP BY 1, 2
    HAVING bool_or(amount >= 0)
), firsts AS (
    SELECT customer_id, min(p) AS cohort FROM act GROUP BY customer_id
), cells AS (
    SELECT f.cohort,
           ((extract(year FROM a.p) - extract(year FROM f.cohort)) * 12
            + extract(month FROM a.p) - extract(month FROM f.cohort))::int AS period,
           count(*) AS active, sum(a.rev) AS revenue
      FROM act a JOIN firsts f USING (customer_id)
     GROUP BY 1, 2
), sizes AS (
    SELECT cohort, count(*) AS cohort_size FROM firsts GROUP BY cohort
)
SELECT s.cohort, k AS period, s.cohort_size, coalesce(c.active, 0) AS active,
       coalesce(c.active, 0)::float8 / s.cohort_size AS retention, coalesce(c.revenue, 0) AS revenue
  FROM sizes s
 CROSS JOIN LATERAL generate_series(0, ((2024 - extract(year FROM s.cohort)) * 12
                                        + 12 - extract(month FROM s.cohort))::int) k
  LEFT JOIN cells c ON c.cohort = s.cohort AND c.period = k
$q$);
