\set summary_reference_saved_echo :ECHO \set summary_reference_saved_quiet :QUIET \set ECHO none \set QUIET on
-- The definitions of portfolio.summary in plain SQL, the reference that
-- sql/summary_cdnow.sql and test/online_retail.sql check summarize against.
-- Reads the view (or table) txn (customer_id int, txn_date date, amount
-- numeric) of the caller's search_path; defines, in pg_temp:
--   period_no(unit, date)         consecutive periods, consecutive numbers
--   ref_summary(unit, as_of)      the summary fields of every customer
--   fdiffer, ndiffer              "differ" within a relative tolerance
--   summary_diff(unit, as_of)     per customer, the fields where
--                                 summarize and ref_summary differ
-- Prints nothing (echo and command tags off while it runs).

-- Period number of a date: consecutive periods get consecutive numbers.
CREATE FUNCTION pg_temp.period_no(u text, d date) RETURNS int
LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT CASE u
    WHEN 'day' THEN d - date '2000-01-01'
    WHEN 'week' THEN (date_trunc('week', d::timestamp)::date - date '2000-01-03') / 7  -- a Monday
    WHEN 'month' THEN 12 * extract(year FROM d)::int + extract(month FROM d)::int
    WHEN 'quarter' THEN 4 * extract(year FROM d)::int + extract(quarter FROM d)::int
  END
$$;

-- The reference: the definitions of portfolio.summary, in plain SQL.
CREATE FUNCTION pg_temp.ref_summary(u text, a date)
RETURNS TABLE (customer_id int, first_date date, last_date date, transactions bigint,
               periods int, frequency int, recency float8, age float8, days_since_last int,
               total_amount numeric, avg_amount numeric, monetary numeric,
               mean_gap float8, gap_stddev float8, max_gap int, last_gap int, unit text)
LANGUAGE sql STABLE AS $$
  WITH usable AS (   -- rows with a NULL date or amount, or after as_of, are ignored
    SELECT t.customer_id, t.txn_date AS d, t.amount AS x,
           date_trunc(u, t.txn_date::timestamp)::date AS p
    FROM txn t
    WHERE t.txn_date IS NOT NULL AND t.amount IS NOT NULL AND t.txn_date <= a
  ), purchase AS (   -- amount >= 0: a transaction
    SELECT * FROM usable WHERE x >= 0
  ), purchase_period AS (
    SELECT DISTINCT customer_id, p FROM purchase
  ), counted AS (    -- purchases, plus the returns that fall in a purchase period
    SELECT usable.* FROM usable JOIN purchase_period USING (customer_id, p)
  ), period_total AS (
    SELECT customer_id, p, sum(x) AS total,
           p = min(p) OVER (PARTITION BY customer_id) AS is_first
    FROM counted GROUP BY customer_id, p
  ), purchase_date AS (
    SELECT DISTINCT customer_id, d FROM purchase
  ), gap AS (
    SELECT customer_id,
           d - lag(d) OVER (PARTITION BY customer_id ORDER BY d) AS g,
           d = max(d) OVER (PARTITION BY customer_id) AS is_last
    FROM purchase_date
  ), by_purchase AS (
    SELECT customer_id, min(d) AS first_date, max(d) AS last_date, count(*) AS transactions
    FROM purchase GROUP BY customer_id
  ), by_period AS (
    SELECT customer_id, count(*)::int AS periods, min(p) AS first_p, max(p) AS last_p,
           sum(total) AS total_amount,
           coalesce(avg(total) FILTER (WHERE NOT is_first), 0) AS monetary
    FROM period_total GROUP BY customer_id
  ), by_gap AS (
    SELECT customer_id, avg(g::float8) AS mean_gap, stddev_samp(g::float8) AS gap_stddev,
           max(g) AS max_gap, max(g) FILTER (WHERE is_last) AS last_gap
    FROM gap GROUP BY customer_id
  )
  SELECT customer_id, first_date, last_date, transactions, periods, periods - 1,
         (pg_temp.period_no(u, last_p) - pg_temp.period_no(u, first_p))::float8,
         (pg_temp.period_no(u, a) - pg_temp.period_no(u, first_p))::float8,
         a - last_date, total_amount, total_amount / transactions, monetary,
         mean_gap, gap_stddev, max_gap, last_gap, u
  FROM by_purchase JOIN by_period USING (customer_id) JOIN by_gap USING (customer_id)
$$;

-- "Differ" with a tolerance; NULL equals only NULL.
CREATE FUNCTION pg_temp.fdiffer(x float8, y float8, tol float8) RETURNS bool
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN x IS NULL OR y IS NULL THEN (x IS NULL) <> (y IS NULL)
              ELSE NOT abs(x - y) <= tol * greatest(abs(x), abs(y), 1) END
$$;
CREATE FUNCTION pg_temp.ndiffer(x numeric, y numeric, tol numeric) RETURNS bool
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN x IS NULL OR y IS NULL THEN (x IS NULL) <> (y IS NULL)
              ELSE NOT abs(x - y) <= tol * greatest(abs(x), abs(y)) END
$$;

-- Per customer, the fields where the extension and the reference differ.
CREATE FUNCTION pg_temp.summary_diff(u text, a date)
RETURNS TABLE (customer_id int, in_ext bool, in_ref bool, bad text[])
LANGUAGE sql STABLE AS $$
  WITH e AS (
    SELECT q.customer_id, (q.s).*
    FROM (SELECT t.customer_id, portfolio.summarize(t.txn_date, t.amount, a, u) AS s
          FROM txn t GROUP BY t.customer_id) q
    WHERE q.s IS DISTINCT FROM NULL
  ), r AS (
    SELECT * FROM pg_temp.ref_summary(u, a)
  )
  SELECT coalesce(e.customer_id, r.customer_id), e.customer_id IS NOT NULL,
         r.customer_id IS NOT NULL,
         CASE WHEN e.customer_id IS NULL THEN ARRAY['missing']
              WHEN r.customer_id IS NULL THEN ARRAY['extra']
              ELSE array_remove(ARRAY[
    CASE WHEN e.first_date IS DISTINCT FROM r.first_date THEN 'first_date' END,
    CASE WHEN e.last_date IS DISTINCT FROM r.last_date THEN 'last_date' END,
    CASE WHEN e.transactions IS DISTINCT FROM r.transactions THEN 'transactions' END,
    CASE WHEN e.periods IS DISTINCT FROM r.periods THEN 'periods' END,
    CASE WHEN e.frequency IS DISTINCT FROM r.frequency THEN 'frequency' END,
    CASE WHEN e.recency IS DISTINCT FROM r.recency THEN 'recency' END,
    CASE WHEN e.age IS DISTINCT FROM r.age THEN 'age' END,
    CASE WHEN e.days_since_last IS DISTINCT FROM r.days_since_last THEN 'days_since_last' END,
    CASE WHEN e.total_amount IS DISTINCT FROM r.total_amount THEN 'total_amount' END,
    CASE WHEN pg_temp.ndiffer(e.avg_amount, r.avg_amount, 1e-12) THEN 'avg_amount' END,
    CASE WHEN pg_temp.ndiffer(e.monetary, r.monetary, 1e-12) THEN 'monetary' END,
    CASE WHEN pg_temp.fdiffer(e.mean_gap, r.mean_gap, 1e-12) THEN 'mean_gap' END,
    CASE WHEN pg_temp.fdiffer(e.gap_stddev, r.gap_stddev, 1e-12) THEN 'gap_stddev' END,
    CASE WHEN e.max_gap IS DISTINCT FROM r.max_gap THEN 'max_gap' END,
    CASE WHEN e.last_gap IS DISTINCT FROM r.last_gap THEN 'last_gap' END,
    CASE WHEN e.unit IS DISTINCT FROM r.unit THEN 'unit' END], NULL) END
  FROM e FULL JOIN r ON e.customer_id = r.customer_id
$$;
\set ECHO :summary_reference_saved_echo \set QUIET :summary_reference_saved_quiet \unset summary_reference_saved_echo \unset summary_reference_saved_quiet
