-- Model diagnostics and the sales forecast on the CDNOW sample (2,357
-- customers, calibration to 1997-09-30, holdout to 1998-06-30, weeks):
-- repeat_purchase_histogram, holdout_purchases, purchase_tracking,
-- bgnbd_matrix and forecast, each against a plain-SQL computation of the
-- same definition (purchases counted by day; a period's expectation as
-- differences of E[X(t)] or E[Y(t)] customer by customer).  Bad input:
-- test/models_hostile.sql.
CREATE SCHEMA diagnostics_test;
SET search_path = diagnostics_test, public;
SET extra_float_digits = 0;

CREATE TABLE sample_line (line text);
\copy sample_line FROM 'data/cdnow/CDNOW_sample.txt' WITH (FORMAT text, DELIMITER E'\x01')
CREATE TABLE orders AS
SELECT f[2]::int AS customer_id, to_date(f[3], 'YYYYMMDD') AS txn_date, f[5]::numeric(10,2) AS amount
  FROM (SELECT regexp_split_to_array(btrim(line), '\s+') AS f FROM sample_line) s;
SELECT count(*) AS orders, count(DISTINCT customer_id) AS customers FROM orders;

-- Purchase days, each customer's first, and the calibration summaries in weeks.
CREATE TABLE days AS SELECT DISTINCT customer_id AS c, txn_date AS d FROM orders;
CREATE TABLE firsts AS SELECT c, min(d) AS f FROM days GROUP BY c;
CREATE TABLE cal AS
SELECT c, count(*) - 1 AS x,
       (max(d) - min(d)) / 7.0 AS tx, (DATE '1997-09-30' - min(d)) / 7.0 AS age
  FROM days WHERE d <= '1997-09-30' GROUP BY c;
CREATE TABLE m AS
SELECT portfolio.bgnbd_fit(x, tx, age) AS bg FROM cal;
SELECT round((bg).r::numeric, 3) AS r, round((bg).alpha::numeric, 3) AS alpha,
       round((bg).a::numeric, 3) AS a, round((bg).b::numeric, 3) AS b FROM m;

-- ---------- the repeat-purchase histogram ----------

-- Actual counts by plain SQL, expected as the sum of each customer's pmf
-- (not grouped by age as the function does); the last bucket holds the rest.
CREATE TABLE hist AS SELECT * FROM portfolio.repeat_purchase_histogram('orders', 'customer_id', 'txn_date', '1997-09-30');
SELECT repeat_purchases, label, actual, round(expected::numeric, 2) AS expected FROM hist ORDER BY 1;
SELECT count(*) AS mismatches FROM hist h
  LEFT JOIN (SELECT least(x, 7) AS k, count(*) AS n FROM cal GROUP BY 1) a ON a.k = h.repeat_purchases
 WHERE h.actual <> coalesce(a.n, 0);
SELECT max(abs(h.expected - e.e) / e.e) < 1e-12 AS pmf_sums_agree
  FROM hist h JOIN (SELECT k, sum(portfolio.bgnbd_pmf((SELECT bg FROM m), k, age)) AS e
                      FROM cal, generate_series(0, 6) k GROUP BY k) e ON e.k = h.repeat_purchases;
SELECT abs(sum(expected) - 2357) < 1e-9 AS expected_adds_up, sum(actual) AS actual FROM hist;

-- ---------- calibration against holdout ----------

CREATE TABLE held AS
SELECT c.c, least(c.x, 7) AS k, coalesce(h.n, 0) AS n,
       portfolio.bgnbd_expected((SELECT bg FROM m), (DATE '1998-06-30' - DATE '1997-09-30') / 7.0, c.x, c.tx, c.age) AS e
  FROM cal c LEFT JOIN (SELECT c, count(*) AS n FROM days WHERE d > '1997-09-30' AND d <= '1998-06-30' GROUP BY c) h ON h.c = c.c;
CREATE TABLE hold AS SELECT * FROM portfolio.holdout_purchases('orders', 'customer_id', 'txn_date', '1997-09-30', '1998-06-30');
SELECT frequency, label, customers, round(actual::numeric, 3) AS actual, round(expected::numeric, 3) AS expected FROM hold ORDER BY 1;
SELECT count(*) AS mismatches FROM hold h
  JOIN (SELECT k, count(*) AS customers, avg(n) AS actual, avg(e) AS expected FROM held GROUP BY k) p ON p.k = h.frequency
 WHERE h.customers <> p.customers OR abs(h.actual - p.actual) > 1e-12 OR abs(h.expected - p.expected) > 1e-12 * p.expected;

-- ---------- tracking ----------

-- Weeks from 1997-01-01; a customer's repeat purchases are its purchase
-- days after its first; the model adds E[X(age at the week's end)] -
-- E[X(age at its start)] for every customer who has started by then.
CREATE TABLE tracking AS SELECT * FROM portfolio.purchase_tracking('orders', 'customer_id', 'txn_date', '1997-09-30', '1998-06-30');
SELECT count(*) AS weeks, min(period_start), max(period_end), count(*) FILTER (WHERE holdout) AS holdout_weeks FROM tracking;
SELECT period, period_start, period_end, holdout, actual, round(expected::numeric, 2) AS expected,
       cumulative_actual, round(cumulative_expected::numeric, 1) AS cumulative_expected
  FROM tracking WHERE period IN (1, 2, 12, 39, 40, 78) ORDER BY period;
SELECT count(*) AS mismatches FROM tracking t
  LEFT JOIN (SELECT (d.d - DATE '1997-01-01') / 7 + 1 AS k, count(*) AS n
               FROM days d JOIN firsts f USING (c) WHERE d.d > f.f GROUP BY 1) a ON a.k = t.period
 WHERE t.actual <> coalesce(a.n, 0);
SELECT max(abs(t.expected - p.e)) < 1e-9 AS expectations_agree
  FROM tracking t JOIN (
       SELECT w.k, sum(portfolio.bgnbd_expected((SELECT bg FROM m), (w.e1 - f.f) / 7.0)
                     - portfolio.bgnbd_expected((SELECT bg FROM m), greatest(w.e0 - f.f, 0) / 7.0)) AS e
         FROM firsts f,
              (SELECT k, DATE '1997-01-01' + (k - 1) * 7 AS e0, DATE '1997-01-01' + k * 7 AS e1
                 FROM generate_series(1, 78) k) w
        WHERE f.f < w.e1 GROUP BY w.k) p ON p.k = t.period;

-- ---------- the frequency x recency matrix ----------

CREATE TABLE grid AS SELECT * FROM portfolio.bgnbd_matrix((SELECT bg FROM m), 38.86, 10, 4);
SELECT count(*) AS points, count(DISTINCT frequency) AS frequencies FROM grid;
SELECT frequency, recency, round(p_alive::numeric, 4) AS p_alive, round(expected_purchases::numeric, 4) AS expected
  FROM grid WHERE frequency IN (0, 1, 10) ORDER BY 1, 2;
SELECT count(*) AS mismatches FROM grid
 WHERE p_alive <> portfolio.bgnbd_p_alive((SELECT bg FROM m), frequency, recency, 38.86)
    OR expected_purchases <> portfolio.bgnbd_expected((SELECT bg FROM m), 1, frequency, recency, 38.86);
-- lifetimes' default grid: frequencies up to the 99.9% point of purchases by age
SELECT max(frequency) AS default_max_frequency FROM portfolio.bgnbd_matrix((SELECT bg FROM m), 38.86);

-- ---------- the forecast ----------

-- Existing customers: the forecast of each calendar month is the sum of
-- each customer's E[Y(end)] - E[Y(start)], valued at its expected spend;
-- over the nine months it telescopes to the sum of E[Y(39 weeks)].
CREATE TABLE fc AS SELECT * FROM portfolio.forecast('orders', 'customer_id', 'txn_date', 'amount', '1997-09-30', 9, 'month');
SELECT period, period_start, period_end, round(existing_transactions::numeric, 2) AS transactions,
       round(existing_revenue::numeric, 2) AS revenue, arrivals, new_transactions FROM fc ORDER BY 1;
-- Each customer's summary and expected spend as the function takes them
-- (summarize by day; Gamma-Gamma fitted on the repeat customers with spend;
-- a repeat customer without spend valued at the mean).
CREATE TABLE spend AS
WITH s AS (SELECT customer_id AS c, portfolio.summarize(txn_date, amount, '1997-09-30', 'day') AS s
             FROM orders GROUP BY 1),
     g AS (SELECT portfolio.gg_fit((s).frequency, (s).monetary::float8) AS gg FROM s
            WHERE (s).monetary > 0 OR (s).frequency = 0)
SELECT c.c, c.x, c.tx, c.age,
       CASE WHEN (s.s).frequency = 0 OR (s.s).monetary > 0
            THEN portfolio.gg_expected_spend(g.gg, (s.s).frequency, (s.s).monetary::float8)
            ELSE portfolio.gg_expected_spend(g.gg, 0, 0) END AS s
  FROM cal c JOIN s ON s.c = c.c, g;
SELECT count(*) AS mismatches FROM fc
  JOIN (SELECT k, sum(e) AS y, sum(s * e) AS r FROM (
          SELECT k, s, portfolio.bgnbd_expected((SELECT bg FROM m), (p1 - 1 - DATE '1997-09-30') / 7.0, x, tx, age)
                     - portfolio.bgnbd_expected((SELECT bg FROM m), (p0 - 1 - DATE '1997-09-30') / 7.0, x, tx, age) AS e
            FROM spend, (SELECT k, (DATE '1997-10-01' + (k - 1) * interval '1 month')::date AS p0,
                                   (DATE '1997-10-01' + k * interval '1 month')::date AS p1
                           FROM generate_series(1, 9) k) w) q GROUP BY k) p ON p.k = fc.period
 WHERE abs(fc.existing_transactions - p.y) > 1e-9 * p.y OR abs(fc.existing_revenue - p.r) > 1e-9 * p.r;
SELECT abs(sum(existing_transactions) -
           (SELECT sum(portfolio.bgnbd_expected((SELECT bg FROM m), (DATE '1998-06-30' - DATE '1997-09-30') / 7.0, x, tx, age))
              FROM cal)) < 1e-9 AS telescopes
  FROM fc;
-- New customers: 70 a month from mid-month (the first period is partial);
-- each makes a first purchase on its day, then E[X(age)] repeat purchases.
-- (the model is the one above, passed as an argument rather than fitted as of 1997-09-14)
CREATE TABLE fc_new AS SELECT * FROM portfolio.forecast('orders', 'customer_id', 'txn_date', 'amount', '1997-09-14', 3, 'month', 70, 20, bg => (SELECT bg FROM m));
SELECT period, period_start, period_end, round(arrivals::numeric, 6) AS arrivals,
       round(new_transactions::numeric, 4) AS new_transactions, round(new_revenue::numeric, 2) AS new_revenue
  FROM fc_new ORDER BY 1;
SELECT count(*) AS mismatches FROM fc_new
  JOIN (SELECT k, sum(rate * (portfolio.bgnbd_expected((SELECT bg FROM m), (p1 - 1 - a) / 7.0)
                             - portfolio.bgnbd_expected((SELECT bg FROM m), greatest(p0 - 1 - a, 0) / 7.0))) AS y
          FROM (SELECT k, greatest(e0, DATE '1997-09-15') AS p0, e1 AS p1 FROM (
                  SELECT k, (DATE '1997-09-01' + (k - 1) * interval '1 month')::date AS e0,
                            (DATE '1997-09-01' + k * interval '1 month')::date AS e1
                    FROM generate_series(1, 3) k) e) q,
               (SELECT a::date AS a, 70.0 / (e1 - e0) AS rate FROM (
                  SELECT (DATE '1997-09-01' + (k - 1) * interval '1 month')::date AS e0,
                         (DATE '1997-09-01' + k * interval '1 month')::date AS e1
                    FROM generate_series(1, 3) k) e,
                       generate_series(greatest(e0, DATE '1997-09-15'), e1 - 1, interval '1 day') a) arr
         WHERE arr.a <= q.p1 - 1 GROUP BY k) p ON p.k = fc_new.period
 WHERE abs(fc_new.new_transactions - fc_new.arrivals - p.y) > 1e-9;

SET client_min_messages = warning;
DROP SCHEMA diagnostics_test CASCADE;
