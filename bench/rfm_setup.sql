-- Inputs of the RFM queries (scripts/bench.sh), built from the texts in
-- bench_query so that they are exactly what the summary and cuts queries
-- return.  Tables go to the first schema of search_path.
--   bench_summary     one row per customer with a purchase: the summary s and,
--                     as plain columns for the plain SQL, the three RFM inputs
--   bench_cuts        portfolio.rfm_cuts(s) over bench_summary (one row)
--   bench_plain_cuts  the percentile_disc cut arrays over bench_summary (one row)

DROP TABLE IF EXISTS bench_summary, bench_cuts, bench_plain_cuts;

-- A customer whose only rows are returns has no summary (NULL): left out.
SELECT format($f$
    CREATE TABLE bench_summary AS
    SELECT customer_id, s,
           (s).days_since_last AS dsl, (s).transactions AS txns, (s).total_amount AS total
      FROM (%s) q
     WHERE (s).first_date IS NOT NULL$f$, sql)
  FROM bench_query WHERE id = 'summarize_day'
\gexec
VACUUM (FREEZE, ANALYZE) bench_summary;

SELECT format('CREATE TABLE bench_cuts AS %s', sql) FROM bench_query WHERE id = 'rfm_cuts'
\gexec
SELECT format('CREATE TABLE bench_plain_cuts AS %s', sql) FROM bench_query WHERE id = 'plain_cuts'
\gexec
ANALYZE bench_cuts, bench_plain_cuts;
