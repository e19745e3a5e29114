-- Every aggregate under a forced parallel plan gives the serial answer:
-- identical for integers, numerics, dates and order statistics, float8
-- within 1e-12 relative.  The plans show a Partial Aggregate, so the
-- combine, serialize and deserialize functions really run.
SET extra_float_digits = 0;

CREATE TABLE orders (customer int, txn_date date, amount numeric(12, 2));
SELECT setseed(0.42);
INSERT INTO orders
SELECT (300 * random() ^ 2)::int,
       DATE '2019-01-01' + (900 * random())::int,
       CASE WHEN random() < 0.02 THEN -round((50 * random())::numeric, 2)
            ELSE round((200 * random())::numeric, 2) END
  FROM generate_series(1, 60000) g;
ANALYZE orders;

\i test/fixtures/force_parallel.sql

-- Per-customer summaries, every unit, numeric and float8 amounts.
CREATE VIEW summaries AS
SELECT customer,
       portfolio.summarize(txn_date, amount, '2021-03-31') AS by_day,
       portfolio.summarize(txn_date, amount, '2021-03-31', 'week') AS by_week,
       portfolio.summarize(txn_date, amount, '2021-03-31', 'month') AS by_month,
       portfolio.summarize(txn_date, amount, '2021-03-31', 'quarter') AS by_quarter,
       portfolio.summarize(txn_date, amount::float8, '2021-03-31', 'month') AS by_month_float,
       portfolio.summarize(txn_date, amount::float8, '2021-03-31') AS by_day_float
  FROM orders GROUP BY customer;

SELECT pg_temp.force_parallel();
EXPLAIN (COSTS OFF) SELECT * FROM summaries;
CREATE TEMP TABLE parallel_result AS SELECT * FROM summaries;
SELECT pg_temp.force_serial();
EXPLAIN (COSTS OFF) SELECT * FROM summaries;
CREATE TEMP TABLE serial_result AS SELECT * FROM summaries;

SELECT count(*) AS customers,
       count(*) FILTER (WHERE p.by_day IS DISTINCT FROM s.by_day) AS day_differs,
       count(*) FILTER (WHERE p.by_week IS DISTINCT FROM s.by_week) AS week_differs,
       count(*) FILTER (WHERE p.by_month IS DISTINCT FROM s.by_month) AS month_differs,
       count(*) FILTER (WHERE p.by_quarter IS DISTINCT FROM s.by_quarter) AS quarter_differs
  FROM parallel_result p JOIN serial_result s USING (customer);
-- float8 amounts: everything but the sums is identical; sums within 1e-12.
SELECT count(*) FILTER (WHERE (p.by_month_float).transactions IS DISTINCT FROM (s.by_month_float).transactions
                           OR (p.by_month_float).frequency IS DISTINCT FROM (s.by_month_float).frequency
                           OR (p.by_month_float).gap_stddev IS DISTINCT FROM (s.by_month_float).gap_stddev) AS counts_differ,
       count(*) FILTER (WHERE abs((p.by_month_float).total_amount - (s.by_month_float).total_amount)
                              > 1e-12 * abs((s.by_month_float).total_amount)) AS totals_differ,
       count(*) FILTER (WHERE abs((p.by_month_float).total_amount - (s.by_month).total_amount)
                              > 1e-12 * abs((s.by_month).total_amount)) AS float_vs_numeric_differ,
       count(*) FILTER (WHERE (p.by_day_float).periods IS DISTINCT FROM (s.by_day).periods
                           OR abs((p.by_day_float).total_amount - (s.by_day).total_amount)
                              > 1e-12 * abs((s.by_day).total_amount)) AS float_day_differs
  FROM parallel_result p JOIN serial_result s USING (customer);

-- Cut points over all customers: one group, Partial Aggregate in workers.
CREATE TABLE customer_summary AS SELECT customer, by_day AS s FROM serial_result;
INSERT INTO customer_summary SELECT customer + 1000 * k, s FROM customer_summary, generate_series(1, 20) k;
ANALYZE customer_summary;
CREATE VIEW all_cuts AS
SELECT portfolio.rfm_cuts(s)::text AS five,
       portfolio.rfm_cuts(s, 3)::text AS three,
       portfolio.rfm_cuts((s).days_since_last, (s).transactions, (s).total_amount::float8, 9)::text AS nine,
       portfolio.rfm_cuts((s).days_since_last, (s).transactions, (s).total_amount::float8)::text AS five_floats
  FROM customer_summary;
SELECT pg_temp.force_parallel();
EXPLAIN (COSTS OFF) SELECT * FROM all_cuts;
CREATE TEMP TABLE parallel_cuts AS SELECT * FROM all_cuts;
SELECT pg_temp.force_serial();
CREATE TEMP TABLE serial_cuts AS SELECT * FROM all_cuts;
SELECT p.five = s.five AND p.three = s.three AND p.nine = s.nine AND p.five_floats = s.five_floats AS same_cuts
  FROM parallel_cuts p, serial_cuts s;
SELECT five FROM serial_cuts;

-- Scoring in parallel workers reads the segment table there too.
SELECT five AS cuts FROM serial_cuts \gset
CREATE TEMP VIEW segment_counts AS
SELECT (portfolio.rfm_score(:'cuts', s)).segment, count(*)
  FROM customer_summary GROUP BY 1;
SELECT pg_temp.force_parallel();
EXPLAIN (COSTS OFF) SELECT * FROM segment_counts;
CREATE TEMP TABLE parallel_segments AS SELECT * FROM segment_counts;
SELECT pg_temp.force_serial();
SELECT segment, s.count, p.count = s.count AS same
  FROM segment_counts s FULL JOIN parallel_segments p USING (segment)
 ORDER BY segment;

-- Empty input through the parallel path: FILTER hides every row from the
-- aggregates (not from the plan), so each worker's partial state is NULL.
SELECT pg_temp.force_parallel();
EXPLAIN (COSTS OFF)
SELECT portfolio.rfm_cuts(s) FILTER (WHERE customer < 0) FROM customer_summary;
SELECT portfolio.rfm_cuts(s) FILTER (WHERE customer < 0) IS NULL AS no_cuts FROM customer_summary;
EXPLAIN (COSTS OFF)
SELECT portfolio.summarize(txn_date, amount, '2021-03-31') FILTER (WHERE customer < 0) FROM orders;
SELECT portfolio.summarize(txn_date, amount, '2021-03-31') FILTER (WHERE customer < 0) IS NULL AS no_summary
  FROM orders;
-- Two rows reach the aggregate: at most two partial states have them, the others
-- are NULL, and the combine keeps what they saw.
SELECT (portfolio.summarize(txn_date, amount, '2021-03-31')
            FILTER (WHERE customer = 100 AND txn_date = '2019-04-01')).*
  FROM orders;
SELECT portfolio.rfm_cuts(s) FILTER (WHERE customer = 100) FROM customer_summary;
SELECT pg_temp.force_serial();
SELECT (portfolio.summarize(txn_date, amount, '2021-03-31')
            FILTER (WHERE customer = 100 AND txn_date = '2019-04-01')).*
  FROM orders;
SELECT portfolio.rfm_cuts(s) FILTER (WHERE customer = 100) FROM customer_summary;

-- Partial states in different forms: rows with huge amounts make some
-- workers' states numeric while others stay in fixed point.
SELECT pg_temp.force_parallel();
SELECT setseed(0.7);
CREATE TABLE mixed AS
SELECT customer, txn_date,
       CASE WHEN random() < 0.001 THEN amount * 1e20 ELSE amount END AS amount
  FROM orders;
ANALYZE mixed;
EXPLAIN (COSTS OFF)
SELECT portfolio.summarize(txn_date, amount::numeric, '2021-03-31', 'week') FROM mixed;
CREATE TEMP VIEW mixed_reference AS
SELECT sum(amount) AS total FROM mixed
 WHERE txn_date <= '2021-03-31'
   AND date_trunc('week', txn_date) IN (SELECT date_trunc('week', txn_date) FROM mixed
                                         WHERE amount >= 0 AND txn_date <= '2021-03-31');
SELECT (portfolio.summarize(txn_date, amount::numeric, '2021-03-31', 'week')).total_amount::text
     = (SELECT total::text FROM mixed_reference) AS parallel_total_exact
  FROM mixed;
SELECT pg_temp.force_serial();
