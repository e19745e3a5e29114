--
-- summary_cdnow: portfolio.summarize on the full CDNOW master log (69,659 rows,
-- 23,570 customers) against an independent plain-SQL computation of every field.
--
-- Every check prints counts: each "mismatched" column must be 0 and each
-- "bad_fields" column empty; otherwise bad_fields names the fields that differ.
-- Floats: recency and age exact; mean_gap and gap_stddev within a relative
-- 1e-12 (|a - b| <= 1e-12 * greatest(|a|, |b|, 1)); total_amount exact;
-- avg_amount and monetary (numeric divisions) within a relative 1e-12.
--
-- Own schema, so that other tests (even run in parallel) and this one do not
-- share cdnow_transactions.
CREATE SCHEMA summary_cdnow;
SET search_path = summary_cdnow, public;
\set ECHO none
\i data/cdnow/load_cdnow.sql
\set ECHO all

-- The data set: every customer made a first purchase in the first quarter of 1997.
SELECT count(*) AS rows, count(DISTINCT customer_id) AS customers,
       min(txn_date) AS first_day, max(txn_date) AS last_day, sum(amount) AS revenue,
       count(*) FILTER (WHERE amount = 0) AS zero_amounts,
       count(*) FILTER (WHERE amount < 0) AS negative_amounts
FROM cdnow_transactions;
SELECT count(*) AS customers, min(f) AS earliest_first, max(f) AS latest_first
FROM (SELECT min(txn_date) AS f FROM cdnow_transactions GROUP BY customer_id) q;

-- The transactions both sides read (section 5 swaps in a data set with returns).
CREATE TEMP VIEW txn AS
  SELECT customer_id, txn_date, amount::numeric AS amount FROM cdnow_transactions;

-- The reference: the definitions of portfolio.summary in plain SQL, over
-- the view txn (test/lib/summary_reference.sql, shared with the Online
-- Retail test): ref_summary(unit, as_of), and summary_diff(unit, as_of),
-- the fields where summarize and the reference differ, per customer.
\set ECHO none
\i test/lib/summary_reference.sql
\set ECHO all

-- One line per (unit, as_of): customers with a summary, customers with a NULL
-- summary, customers that differ from the reference, and the fields that differ.
CREATE FUNCTION pg_temp.check_summary(u text, a date)
RETURNS TABLE (unit text, as_of date, customers bigint, null_summaries bigint,
               mismatched bigint, bad_fields text)
LANGUAGE sql STABLE AS $$
  WITH d AS (SELECT * FROM pg_temp.summary_diff(u, a))
  SELECT u, a,
         (SELECT count(*) FROM d WHERE in_ext),
         (SELECT count(DISTINCT t.customer_id) FROM txn t) - (SELECT count(*) FROM d WHERE in_ext),
         (SELECT count(*) FROM d WHERE bad <> '{}'),
         (SELECT coalesce(string_agg(DISTINCT f, ','), '') FROM d, unnest(d.bad) f)
$$;

--
-- 1. Every field for units day, week and month as of the end of the calibration
-- period (1997-09-30) and of the log (1998-06-30), quarter as of 1998-06-30,
-- and as_of dates that start a period (both Tuesdays above end none).
--
SELECT c.*
FROM (VALUES ('day', date '1997-09-30'), ('week', '1997-09-30'), ('month', '1997-09-30'),
             ('day', '1998-06-30'), ('week', '1998-06-30'), ('month', '1998-06-30'),
             ('quarter', '1998-06-30'),
             -- as_of at the edge of a period: a Sunday, the first of a month, of a quarter
             ('week', '1998-03-01'), ('month', '1998-03-01'), ('quarter', '1998-04-01')) v(u, a),
     LATERAL pg_temp.check_summary(v.u, v.a) c;

-- avg_amount and monetary are numeric divisions: they even print the same
-- (same value and scale) as the reference's total / count and avg().
SELECT count(*) AS customers,
       count(*) FILTER (WHERE (s).avg_amount::text IS DISTINCT FROM r.avg_amount::text
                           OR (s).monetary::text IS DISTINCT FROM r.monetary::text
                           OR (s).total_amount::text IS DISTINCT FROM r.total_amount::text)
         AS printed_differently
FROM (SELECT customer_id, portfolio.summarize(txn_date, amount, '1998-06-30', 'week') AS s
      FROM cdnow_transactions GROUP BY customer_id) e
JOIN pg_temp.ref_summary('week', '1998-06-30') r USING (customer_id);

-- A few fixed facts as of 1997-09-30, unit day: repeat customers and the
-- age (T) of everyone: 272 days for the customers first seen on 1997-01-01.
SELECT count(*) AS customers,
       count(*) FILTER (WHERE (s).frequency > 0) AS repeat_customers,
       sum((s).frequency) AS repeat_days, max((s).age) AS max_age,
       min((s).age) AS min_age, sum((s).total_amount) AS revenue
FROM (SELECT portfolio.summarize(txn_date, amount, '1997-09-30', 'day') AS s
      FROM cdnow_transactions GROUP BY customer_id) q;

--
-- 2. The three-argument forms are unit 'day'.
--
SELECT count(*) AS customers,
       count(*) FILTER (WHERE n3 IS DISTINCT FROM n4) AS numeric_mismatched,
       count(*) FILTER (WHERE f3::text IS DISTINCT FROM f4::text) AS float8_mismatched
FROM (SELECT portfolio.summarize(txn_date, amount, '1998-06-30') AS n3,
             portfolio.summarize(txn_date, amount, '1998-06-30', 'day') AS n4,
             portfolio.summarize(txn_date, amount::float8, '1998-06-30') AS f3,
             portfolio.summarize(txn_date, amount::float8, '1998-06-30', 'day') AS f4
      FROM cdnow_transactions GROUP BY customer_id) q;

--
-- 3. The float8 overload (week, as of 1998-06-30): the same dates, counts and
-- gaps; amounts within a relative 1e-9.
--
WITH n AS (
  SELECT customer_id, portfolio.summarize(txn_date, amount, '1998-06-30', 'week') AS s
  FROM cdnow_transactions GROUP BY customer_id
), f AS (
  SELECT customer_id, portfolio.summarize(txn_date, amount::float8, '1998-06-30', 'week') AS s
  FROM cdnow_transactions GROUP BY customer_id
), d AS (
  SELECT array_remove(ARRAY[
    CASE WHEN n.customer_id IS NULL OR f.customer_id IS NULL THEN 'missing' END,
    CASE WHEN (n.s).first_date IS DISTINCT FROM (f.s).first_date
           OR (n.s).last_date IS DISTINCT FROM (f.s).last_date THEN 'dates' END,
    CASE WHEN (n.s).transactions IS DISTINCT FROM (f.s).transactions
           OR (n.s).periods IS DISTINCT FROM (f.s).periods
           OR (n.s).frequency IS DISTINCT FROM (f.s).frequency THEN 'counts' END,
    CASE WHEN (n.s).recency IS DISTINCT FROM (f.s).recency
           OR (n.s).age IS DISTINCT FROM (f.s).age
           OR (n.s).days_since_last IS DISTINCT FROM (f.s).days_since_last THEN 'times' END,
    CASE WHEN pg_temp.fdiffer((n.s).mean_gap, (f.s).mean_gap, 1e-12)
           OR pg_temp.fdiffer((n.s).gap_stddev, (f.s).gap_stddev, 1e-12)
           OR (n.s).max_gap IS DISTINCT FROM (f.s).max_gap
           OR (n.s).last_gap IS DISTINCT FROM (f.s).last_gap THEN 'gaps' END,
    CASE WHEN pg_temp.ndiffer((n.s).total_amount, (f.s).total_amount, 1e-9) THEN 'total_amount' END,
    CASE WHEN pg_temp.ndiffer((n.s).avg_amount, (f.s).avg_amount, 1e-9) THEN 'avg_amount' END,
    CASE WHEN pg_temp.ndiffer((n.s).monetary, (f.s).monetary, 1e-9) THEN 'monetary' END,
    CASE WHEN (n.s).unit IS DISTINCT FROM (f.s).unit THEN 'unit' END], NULL) AS bad
  FROM n FULL JOIN f ON n.customer_id = f.customer_id
)
SELECT count(*) AS customers, count(*) FILTER (WHERE bad <> '{}') AS mismatched,
       coalesce((SELECT string_agg(DISTINCT b, ',') FROM d, unnest(d.bad) b), '') AS bad_fields
FROM d;

--
-- 4. A parallel plan (partial aggregates combined) gives the serial result.
--
CREATE TEMP TABLE serial_summary AS
  SELECT customer_id, portfolio.summarize(txn_date, amount, '1998-06-30', 'week') AS s
  FROM cdnow_transactions GROUP BY customer_id;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET enable_hashagg = off;  -- partial GroupAggregate over sorted input, not hashing
-- With about three rows per customer, partial aggregation saves little, and
-- whether the planner takes it is up to the version's cost model (15 does,
-- 18 puts one GroupAggregate above a Gather Merge instead). Telling it there
-- are only 100 customers makes partial aggregation its choice on every
-- version; the statistic changes plans, never results.
ALTER TABLE cdnow_transactions ALTER customer_id SET (n_distinct = 100);
ANALYZE cdnow_transactions;
\i test/fixtures/plan_has.sql
SELECT pg_temp.plan_has($$SELECT customer_id, portfolio.summarize(txn_date, amount,
         '1998-06-30', 'week') FROM cdnow_transactions GROUP BY customer_id$$,
       '"Partial Mode": "Partial"') AS partial_aggregate;
CREATE TEMP TABLE parallel_summary AS
  SELECT customer_id, portfolio.summarize(txn_date, amount, '1998-06-30', 'week') AS s
  FROM cdnow_transactions GROUP BY customer_id;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET enable_hashagg;
SELECT count(*) AS customers,
       count(*) FILTER (WHERE p.customer_id IS NULL OR q.customer_id IS NULL
         OR (p.s).first_date IS DISTINCT FROM (q.s).first_date
         OR (p.s).last_date IS DISTINCT FROM (q.s).last_date
         OR (p.s).transactions IS DISTINCT FROM (q.s).transactions
         OR (p.s).periods IS DISTINCT FROM (q.s).periods
         OR (p.s).frequency IS DISTINCT FROM (q.s).frequency
         OR (p.s).recency IS DISTINCT FROM (q.s).recency
         OR (p.s).age IS DISTINCT FROM (q.s).age
         OR (p.s).days_since_last IS DISTINCT FROM (q.s).days_since_last
         OR (p.s).total_amount IS DISTINCT FROM (q.s).total_amount
         OR (p.s).avg_amount IS DISTINCT FROM (q.s).avg_amount
         OR (p.s).monetary IS DISTINCT FROM (q.s).monetary
         OR pg_temp.fdiffer((p.s).mean_gap, (q.s).mean_gap, 1e-12)
         OR pg_temp.fdiffer((p.s).gap_stddev, (q.s).gap_stddev, 1e-12)
         OR (p.s).max_gap IS DISTINCT FROM (q.s).max_gap
         OR (p.s).last_gap IS DISTINCT FROM (q.s).last_gap
         OR (p.s).unit IS DISTINCT FROM (q.s).unit) AS mismatched
FROM serial_summary p FULL JOIN parallel_summary q ON p.customer_id = q.customer_id;

--
-- 5. The same comparison on the log plus synthetic rows the real data lacks:
-- returns (negative amounts, a third or twice the purchase) 0-44 days after
-- about a fifth of the purchases, some in a purchase period, some not, some
-- after as_of; rows with a NULL date
-- or amount; 50 customers with returns only (NULL summary); 50 customers whose
-- purchases all come a year later (NULL summary as of 1997-09-30).
--
CREATE TEMP TABLE txn_plus AS
  SELECT customer_id, txn_date, amount FROM cdnow_transactions
  UNION ALL
  SELECT customer_id, txn_date + customer_id % 45,
         -round(amount * CASE WHEN customer_id % 7 = 0 THEN 2 ELSE 1 / 3.0 END, 2)
  FROM cdnow_transactions
  WHERE (customer_id + extract(day FROM txn_date)::int) % 5 = 0 AND amount > 0
  UNION ALL
  SELECT customer_id, NULL, amount FROM cdnow_transactions WHERE customer_id % 97 = 0
  UNION ALL
  SELECT customer_id, txn_date - 3, NULL FROM cdnow_transactions WHERE customer_id % 89 = 0
  UNION ALL
  SELECT 100000 + customer_id, txn_date, -amount
  FROM cdnow_transactions WHERE customer_id <= 50 AND amount > 0
  UNION ALL
  SELECT 200000 + customer_id, txn_date + 365, amount
  FROM cdnow_transactions WHERE customer_id <= 50;
SELECT count(*) AS rows, count(DISTINCT customer_id) AS customers,
       count(*) FILTER (WHERE amount < 0) AS returns,
       count(*) FILTER (WHERE txn_date IS NULL OR amount IS NULL) AS null_rows
FROM txn_plus;
CREATE OR REPLACE TEMP VIEW txn AS
  SELECT customer_id, txn_date, amount::numeric AS amount FROM txn_plus;
SELECT c.*
FROM (VALUES ('day', date '1997-09-30'), ('week', '1997-09-30'), ('month', '1997-09-30'),
             ('quarter', '1997-09-30'), ('day', '1998-06-30'), ('week', '1998-06-30')) v(u, a),
     LATERAL pg_temp.check_summary(v.u, v.a) c;
-- The returns did change totals (as of 1998-06-30, unit week): customers whose
-- total is below what they purchased, and customers with a negative total.
SELECT count(*) FILTER (WHERE (s).total_amount < p.purchased) AS customers_with_returns,
       count(*) FILTER (WHERE (s).total_amount < 0) AS negative_totals
FROM (SELECT customer_id, portfolio.summarize(txn_date, amount, '1998-06-30', 'week') AS s
      FROM txn_plus GROUP BY customer_id) q
JOIN (SELECT customer_id, sum(amount) AS purchased FROM txn_plus
      WHERE amount >= 0 AND txn_date <= '1998-06-30' GROUP BY customer_id) p USING (customer_id);

--
-- 6. The published summary of the CDNOW sample (2,357 of these customers; Fader,
-- Hardie & Lee's calibration period, weeks 1-39): x = frequency, t_x = recency
-- and T = age in weeks (unit day divided by 7), zbar = monetary, all rounded to
-- 2 decimals, as of 1997-09-30.
--
CREATE TEMP TABLE sample_line (line text);
\copy sample_line FROM 'data/cdnow/CDNOW_sample.txt' WITH (FORMAT text, DELIMITER E'\x01')
CREATE TEMP TABLE sample_txn AS
  SELECT f[1]::int AS customer_id, f[2]::int AS sample_id, to_date(f[3], 'YYYYMMDD') AS txn_date,
         f[4]::int AS cds, f[5]::numeric(10,2) AS amount
  FROM (SELECT regexp_split_to_array(btrim(line), '\s+') AS f
        FROM sample_line WHERE line ~ '\S') q;
CREATE TEMP TABLE published (id int, x int, t_x numeric, t numeric, zbar numeric);
\copy published FROM 'data/cdnow/cdnow_customers_summary_with_transactions.csv' WITH (FORMAT csv, HEADER)
-- The sample's rows are exactly the master log's rows of those customers.
SELECT count(*) AS sample_rows, count(DISTINCT sample_id) AS sample_customers,
       (SELECT count(*) FROM cdnow_transactions m
        WHERE m.customer_id IN (SELECT customer_id FROM sample_txn)) AS master_rows,
       count(*) FILTER (WHERE NOT EXISTS (
         SELECT FROM cdnow_transactions m
         WHERE (m.customer_id, m.txn_date, m.cds, m.amount)
             = (t.customer_id, t.txn_date, t.cds, t.amount))) AS not_in_master
FROM sample_txn t;
SELECT count(*) AS customers, count(*) FILTER (WHERE p.x > 0) AS repeat_buyers,
       sum(p.x) AS repeat_days,
       count(*) FILTER (WHERE (s).frequency IS DISTINCT FROM p.x) AS x_mismatched,
       count(*) FILTER (WHERE round(((s).recency / 7)::numeric, 2) IS DISTINCT FROM p.t_x)
         AS t_x_mismatched,
       count(*) FILTER (WHERE round(((s).age / 7)::numeric, 2) IS DISTINCT FROM p.t)
         AS t_mismatched,
       count(*) FILTER (WHERE round((s).monetary, 2) IS DISTINCT FROM p.zbar) AS zbar_mismatched
FROM (SELECT s.customer_id, portfolio.summarize(txn_date, amount, '1997-09-30', 'day') AS s
      FROM cdnow_transactions s
      WHERE s.customer_id IN (SELECT customer_id FROM sample_txn)
      GROUP BY s.customer_id) e
JOIN (SELECT DISTINCT customer_id, sample_id FROM sample_txn) m USING (customer_id)
FULL JOIN published p ON p.id = m.sample_id;

SET client_min_messages = warning;
DROP SCHEMA summary_cdnow CASCADE;
RESET client_min_messages;
RESET search_path;
