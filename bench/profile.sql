-- What the generated bench_tx looks like (scripts/bench.sh).
\pset footer off
\pset null '-'

\echo
\echo 'Data: bench_tx'
WITH per_customer AS (SELECT customer_id, count(*) AS n FROM bench_tx GROUP BY customer_id)
SELECT to_char(sum(n), 'FM999,999,999,999') AS rows,
       to_char(count(*), 'FM999,999,999') AS customers,
       round(100.0 * count(*) FILTER (WHERE n = 1) / count(*), 1) AS "% one row",
       percentile_disc(0.5) WITHIN GROUP (ORDER BY n) AS median_rows,
       percentile_disc(0.99) WITHIN GROUP (ORDER BY n) AS p99_rows,
       max(n) AS max_rows,
       pg_size_pretty(pg_table_size('bench_tx')) AS table_size
  FROM per_customer;

SELECT min(txn_date) AS first_date, max(txn_date) AS last_date,
       (SELECT count(*) FROM (SELECT DISTINCT txn_date FROM bench_tx) d) AS dates,
       round(100.0 * count(*) FILTER (WHERE amount < 0) / count(*), 2) AS "% negative",
       round(100.0 * count(*) FILTER (WHERE amount = 0) / count(*), 2) AS "% zero",
       max(amount) AS max_amount,
       round(avg(amount), 2) AS mean_amount
  FROM bench_tx;
-- Order statistics of the amounts from a 1% sample of the pages: a sort of
-- every amount would take longer than some of the benchmarked queries.
SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY amount) AS median_amount,
       percentile_disc(0.99) WITHIN GROUP (ORDER BY amount) AS p99_amount
  FROM bench_tx TABLESAMPLE SYSTEM (1) REPEATABLE (0);
