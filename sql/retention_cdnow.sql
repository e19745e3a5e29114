--
-- retention_cdnow: cohort_retention and retention_by_period on the CDNOW
-- master log (69,659 rows, 23,570 customers) against plain-SQL computations
-- of the same definitions, row for row, for units week and month, as of the
-- last transaction (NULL as_of) and as of the end of the calibration period.
--
-- The reference uses date_trunc for periods, GROUP BY ... HAVING for
-- purchase periods and self-joins for retention: nothing from the extension.
-- Each check prints counts of rows on either side and of mismatches (0).
-- Counts and revenue are compared exactly; rates within a relative 1e-12.
--
-- Own schema, so that other tests and this one do not share cdnow_transactions.
CREATE SCHEMA retention_cdnow;
SET search_path = retention_cdnow, public;
SET DateStyle = ISO;
\set ECHO none
\i data/cdnow/load_cdnow.sql
\set ECHO all

-- Purchase periods and their revenue per customer: a period with at least
-- one purchase (amount >= 0); its revenue is every amount dated in it.
CREATE FUNCTION ref_activity(unit text, as_of date)
RETURNS TABLE (customer_id int, p date, n int, rev numeric) LANGUAGE sql STABLE AS $$
    SELECT customer_id, p, CASE unit
               WHEN 'week' THEN (p - DATE '2000-01-03') / 7
               WHEN 'month' THEN extract(year FROM p)::int * 12 + extract(month FROM p)::int
           END AS n, rev
      FROM (SELECT customer_id, date_trunc(unit, txn_date)::date AS p, sum(amount) AS rev
              FROM cdnow_transactions
             WHERE txn_date <= as_of
             GROUP BY 1, 2
            HAVING bool_or(amount >= 0)) t
$$;

-- The period number and start of as_of, and the interval of one period.
CREATE FUNCTION ref_last(unit text, as_of date) RETURNS TABLE (n int, step interval) LANGUAGE sql STABLE AS $$
    SELECT CASE unit
               WHEN 'week' THEN (date_trunc('week', as_of)::date - DATE '2000-01-03') / 7
               WHEN 'month' THEN extract(year FROM as_of)::int * 12 + extract(month FROM as_of)::int
           END,
           ('1 ' || unit)::interval
$$;

CREATE FUNCTION ref_cohorts(unit text, as_of date)
RETURNS TABLE (cohort date, period int, cohort_size bigint, active bigint, retention float8, revenue numeric)
LANGUAGE sql STABLE AS $$
    WITH act AS (SELECT * FROM ref_activity(unit, as_of)),
    firsts AS (SELECT customer_id, min(p) AS cohort, min(n) AS cn FROM act GROUP BY customer_id),
    sizes AS (SELECT cohort, cn, count(*) AS size FROM firsts GROUP BY cohort, cn),
    grid AS (SELECT cohort, size, k FROM sizes, ref_last(unit, as_of) l, generate_series(0, l.n - cn) k),
    cells AS (SELECT f.cohort, a.n - f.cn AS k, count(*) AS active, sum(a.rev) AS revenue
                FROM act a JOIN firsts f USING (customer_id) GROUP BY 1, 2)
    SELECT g.cohort, g.k, g.size, coalesce(c.active, 0), coalesce(c.active, 0)::float8 / g.size,
           coalesce(c.revenue, 0)
      FROM grid g LEFT JOIN cells c USING (cohort, k)
$$;

CREATE FUNCTION ref_periods(unit text, as_of date)
RETURNS TABLE (period_start date, customers_start bigint, new_customers bigint, customers_end bigint,
               retained bigint, retention_rate float8, churn_rate float8, crr float8, revenue numeric,
               nrr float8, grr float8)
LANGUAGE sql STABLE AS $$
    WITH act AS (SELECT * FROM ref_activity(unit, as_of)),
    periods AS (SELECT (SELECT min(p) FROM act) + (i * l.step) AS p,
                       (SELECT min(n) FROM act) + i AS n
                  FROM ref_last(unit, as_of) l,
                       generate_series(0, l.n - (SELECT min(n) FROM act)) i),
    totals AS (SELECT n, count(*) AS e, sum(rev) AS revenue FROM act GROUP BY n),
    news AS (SELECT n, count(*) AS new_customers
               FROM (SELECT min(n) AS n FROM act GROUP BY customer_id) f GROUP BY n),
    kept AS (SELECT now.n, count(*) AS retained, sum(now.rev) AS retained_revenue
               FROM act now JOIN act before ON before.customer_id = now.customer_id AND before.n = now.n - 1
              GROUP BY now.n),
    gross AS (SELECT before.n + 1 AS n, sum(least(coalesce(now.rev, 0), before.rev)) AS gross
                FROM act before LEFT JOIN act now ON now.customer_id = before.customer_id AND now.n = before.n + 1
               GROUP BY before.n + 1),
    figures AS (SELECT p.p, p.n, coalesce(t.e, 0) AS e, coalesce(t.revenue, 0) AS revenue,
                       coalesce(nw.new_customers, 0) AS new_customers, coalesce(k.retained, 0) AS retained,
                       k.retained_revenue, g.gross,
                       coalesce(lag(t.e) OVER w, 0) AS s, lag(t.revenue) OVER w AS revenue_before
                  FROM periods p LEFT JOIN totals t USING (n) LEFT JOIN news nw USING (n)
                       LEFT JOIN kept k USING (n) LEFT JOIN gross g USING (n)
                WINDOW w AS (ORDER BY p.n))
    SELECT p, s, new_customers, e, retained,
           CASE WHEN s > 0 THEN retained::float8 / s END,
           CASE WHEN s > 0 THEN 1 - retained::float8 / s END,
           CASE WHEN s > 0 THEN (e - new_customers)::float8 / s END,
           revenue,
           CASE WHEN s > 0 AND revenue_before <> 0 THEN (coalesce(retained_revenue, 0) / revenue_before)::float8 END,
           CASE WHEN s > 0 AND revenue_before <> 0 THEN (coalesce(gross, 0) / revenue_before)::float8 END
      FROM figures
$$;

CREATE FUNCTION close(a float8, b float8) RETURNS bool LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN a IS NULL OR b IS NULL THEN a IS NULL AND b IS NULL
                ELSE abs(a - b) <= 1e-12 * greatest(abs(a), abs(b), 1) END
$$;

-- The cases: units week and month, as of the last transaction (the one-call
-- functions resolve NULL to 1998-06-30) and as of 1997-09-30.
CREATE TABLE cases (unit text, as_of date, given date);
INSERT INTO cases VALUES ('month', '1998-06-30', NULL), ('week', '1998-06-30', NULL),
                         ('month', '1997-09-30', '1997-09-30'), ('week', '1997-09-30', '1997-09-30');

-- Cohort retention: same rows, same values.
SELECT c.unit, c.as_of, x.*
  FROM cases c, LATERAL (
    SELECT count(o.cohort) AS ours, count(r.cohort) AS reference,
           count(*) FILTER (WHERE o.cohort IS NULL OR r.cohort IS NULL
                               OR o.cohort_size <> r.cohort_size OR o.active <> r.active
                               OR o.retention <> r.retention OR o.revenue <> r.revenue) AS mismatched,
           sum(o.active) AS active, sum(o.revenue) AS revenue
      FROM portfolio.cohort_retention('cdnow_transactions', 'customer_id', 'txn_date', 'amount', c.unit, c.given) o
      FULL JOIN ref_cohorts(c.unit, c.as_of) r USING (cohort, period)) x
 ORDER BY 1 DESC, 2;

-- Period retention: same rows, same counts and revenue, rates within 1e-12.
SELECT c.unit, c.as_of, x.*
  FROM cases c, LATERAL (
    SELECT count(o.period_start) AS ours, count(r.period_start) AS reference,
           count(*) FILTER (WHERE o.period_start IS NULL OR r.period_start IS NULL
                               OR (o.customers_start, o.new_customers, o.customers_end, o.retained, o.revenue)
                                  IS DISTINCT FROM (r.customers_start, r.new_customers, r.customers_end, r.retained, r.revenue)) AS counts_mismatched,
           count(*) FILTER (WHERE NOT (close(o.retention_rate, r.retention_rate) AND close(o.churn_rate, r.churn_rate)
                                       AND close(o.crr, r.crr) AND close(o.nrr, r.nrr) AND close(o.grr, r.grr))) AS rates_mismatched,
           count(o.nrr) AS with_nrr
      FROM portfolio.retention_by_period('cdnow_transactions', 'customer_id', 'txn_date', 'amount', c.unit, c.given) o
      FULL JOIN ref_periods(c.unit, c.as_of) r USING (period_start)) x
 ORDER BY 1 DESC, 2;

-- The monthly figures themselves, for the record.
SET extra_float_digits = 0;
SELECT period_start, customers_start, new_customers, customers_end, retained,
       round(retention_rate::numeric, 4) AS retention_rate, round(crr::numeric, 4) AS crr, revenue,
       round(nrr::numeric, 4) AS nrr, round(grr::numeric, 4) AS grr
  FROM portfolio.retention_by_period('cdnow_transactions', 'customer_id', 'txn_date', 'amount');

-- The composable form gives the same rows as the one-call function.
SELECT count(*) AS rows,
       count(*) FILTER (WHERE o IS DISTINCT FROM r) AS mismatched
  FROM portfolio.cohort_retention('cdnow_transactions', 'customer_id', 'txn_date', 'amount', 'week') o
  FULL JOIN portfolio.cohort_retention((
      SELECT portfolio.cohort_matrix(a)
        FROM (SELECT portfolio.activity(txn_date, amount, '1998-06-30', 'week') AS a
                FROM cdnow_transactions GROUP BY customer_id) s)) r USING (cohort, period);

DROP SCHEMA retention_cdnow CASCADE;
