-- portfolio.summarize: definitions on small hand-checked cases (its bad
-- input is in test/summary_hostile.sql).  The CDNOW comparison with plain
-- SQL is summary_cdnow.
SET extra_float_digits = 0;

CREATE TABLE tx (customer int, txn_date date, amount numeric);
INSERT INTO tx VALUES
    -- customer 1: two purchases on one day, a return in a purchase month,
    -- a zero-value purchase, and a purchase after as_of in as_of's month
    (1, '2020-01-05', 10), (1, '2020-01-05', 5), (1, '2020-02-10', 7.5),
    (1, '2020-02-11', -2), (1, '2020-03-01', 0), (1, '2020-03-31', 100),
    -- customer 2: a single purchase, and a return in a month without purchases
    (2, '2020-02-29', 20), (2, '2020-03-15', -5),
    -- customer 3: only rows after as_of
    (3, '2020-04-01', 50),
    -- customer 4: NULL date and NULL amount rows are skipped
    (4, NULL, 30), (4, '2020-01-10', NULL), (4, '2020-01-10', 12.25),
    (4, '2020-03-10', 1),
    -- customer 5: only a return
    (5, '2020-01-20', -10);

-- Monthly summaries as of 2020-03-30.
SELECT customer, (s).*
  FROM (SELECT customer, portfolio.summarize(txn_date, amount, '2020-03-30', 'month') AS s
          FROM tx GROUP BY customer) q
 ORDER BY customer;

-- Daily summaries (the three-argument form means unit 'day').
SELECT customer, (s).*
  FROM (SELECT customer, portfolio.summarize(txn_date, amount, '2020-03-30') AS s
          FROM tx GROUP BY customer) q
 ORDER BY customer;

-- Weeks start on Monday: Sunday 2020-01-05 and Monday 2020-01-06 are two
-- weeks; Monday 2020-01-06 and Sunday 2020-01-12 are one.
SELECT (portfolio.summarize(d, 1::numeric, '2020-01-20', 'week')).periods AS sun_mon,
       (portfolio.summarize(d + 1, 1::numeric, '2020-01-20', 'week')).periods AS mon_sun
  FROM (VALUES (DATE '2020-01-05'), (DATE '2020-01-12')) v(d);
SELECT (s).frequency, (s).recency, (s).age, (s).unit
  FROM (SELECT portfolio.summarize(d, 1::numeric, '2020-01-20', 'week') s
          FROM (VALUES (DATE '2020-01-05'), (DATE '2020-01-06'), (DATE '2020-01-13')) v(d)) q;

-- Quarters are calendar quarters; the unit name is case-insensitive.
SELECT (s).periods, (s).frequency, (s).recency, (s).age, (s).monetary, (s).unit
  FROM (SELECT portfolio.summarize(d, a, '2021-01-01', 'QUARTER') s
          FROM (VALUES (DATE '2020-03-31', 10::numeric), ('2020-04-01', 20),
                       ('2020-06-30', 30), ('2020-12-31', 1)) v(d, a)) q;

-- Standard deviation of the gaps needs two gaps; one purchase date has none.
SELECT (s).mean_gap, (s).gap_stddev, (s).max_gap, (s).last_gap
  FROM (SELECT portfolio.summarize(d, 1::numeric, '2020-12-31') s
          FROM (VALUES (DATE '2020-01-01'), ('2020-01-11'), ('2020-01-31'), ('2020-03-01')) v(d)) q;

-- Money stays exact in numeric; avg_amount and monetary are numeric divisions.
SELECT (s).total_amount, (s).avg_amount, (s).monetary
  FROM (SELECT portfolio.summarize(d, a, '2020-12-31') s
          FROM (VALUES (DATE '2020-01-01', 0.1), ('2020-01-02', 0.2), ('2020-01-03', 0.3),
                       ('2020-01-04', 1e30)) v(d, a)) q;

-- Which overload a literal amount picks: integers and quoted literals go to
-- float8 (PostgreSQL's preferred numeric type); an unquoted decimal such as
-- 2.5 is already numeric and goes to the numeric overload.
EXPLAIN (VERBOSE, COSTS OFF)
SELECT portfolio.summarize(d, 10, '2020-12-31'),
       portfolio.summarize(d, '2.5', '2020-12-31'),
       portfolio.summarize(d, 2.5, '2020-12-31')
  FROM (VALUES (DATE '2020-01-01')) v(d);
-- The float8 overload gives the same summary, its total converted to numeric.
SELECT (portfolio.summarize(d, a::float8, '2020-03-30', 'month')).*
  FROM (VALUES (DATE '2020-01-05', 10.5), ('2020-02-10', 7.25), ('2020-02-11', -2)) v(d, a);

-- Empty input and a group with nothing on or before as_of give NULL.
SELECT portfolio.summarize(txn_date, amount, '2020-03-30') IS NULL AS empty
  FROM tx WHERE false;
SELECT portfolio.summarize(txn_date, amount, '2019-12-31', 'month') IS NULL AS before_all
  FROM tx;

-- The summary can also run as a window, giving the history after each row.
SELECT d, (s).transactions, (s).frequency, (s).total_amount
  FROM (SELECT d, portfolio.summarize(d, a, '2020-12-31')
                   OVER (ORDER BY d ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) s
          FROM (VALUES (DATE '2020-01-01', 1::numeric), ('2020-01-01', 2), ('2020-02-01', 3)) v(d, a)) q
 ORDER BY d, (s).transactions;

-- Many rows on few dates: the state merges them (2000 rows, 3 dates).
SELECT (s).transactions, (s).periods, (s).total_amount, (s).first_date, (s).last_date
  FROM (SELECT portfolio.summarize(DATE '2020-01-01' + (g % 3), g::numeric, '2020-12-31') s
          FROM generate_series(1, 2000) g) q;

-- Extreme but finite dates.
SELECT (s).days_since_last, (s).age, (s).recency
  FROM (SELECT portfolio.summarize(d, 1::numeric, '5874897-12-31', 'month') s
          FROM (VALUES (DATE '4713-01-01 BC'), (DATE '5874897-12-31')) v(d)) q;
SELECT (s).age
  FROM (SELECT portfolio.summarize(DATE '4713-11-24 BC', 1::numeric, '4713-12-31 BC', 'week') s) q;

-- Exact numeric amounts whatever their size and scale.  Small amounts are
-- added in 64-bit fixed point, others in numeric; the results must equal
-- plain SQL's sum, display scale included.
CREATE TABLE exact (customer int, txn_date date, amount numeric);
INSERT INTO exact VALUES
    -- scales 0 to 3 mixed within a day and across days
    (1, '2020-01-01', 1), (1, '2020-01-01', 0.5), (1, '2020-01-02', 0.125), (1, '2020-02-01', 2.10),
    -- a return of a finer scale in a month without purchases is dropped: its
    -- scale must not show in the total
    (2, '2020-01-01', 10.5), (2, '2020-02-15', -0.0001), (2, '2020-03-01', 1.25),
    -- sums beyond 64 bits: 92233720368547758.07 is the largest fixed value at scale 2
    (3, '2020-01-01', 92233720368547758.07), (3, '2020-01-01', 0.01), (3, '2020-01-02', 92233720368547758.07),
    -- values that never fit: huge, or more than 18 decimals
    (4, '2020-01-01', 1e30), (4, '2020-01-02', 0.1234567890123456789012), (4, '2020-02-01', -5),
    -- a fixed state that meets a huge value later
    (5, '2020-01-01', 1.5), (5, '2020-01-02', 2.25), (5, '2020-03-01', 123456789012345678901234567890.5),
    -- negative totals
    (6, '2020-01-01', 1), (6, '2020-01-01', -30.333), (6, '2020-02-01', 0);
WITH counted AS (   -- purchases, and returns in a month that has a purchase
    SELECT e.customer, e.amount, date_trunc('month', e.txn_date) AS p
      FROM exact e
     WHERE EXISTS (SELECT FROM exact f WHERE f.customer = e.customer AND f.amount >= 0
                      AND date_trunc('month', f.txn_date) = date_trunc('month', e.txn_date))),
reference AS (
    SELECT customer, sum(amount) AS total,
           sum(amount) / count(*) FILTER (WHERE amount >= 0) AS avg_amount
      FROM counted GROUP BY customer),
ours AS (
    SELECT customer, portfolio.summarize(txn_date, amount, '2020-12-31', 'month') s
      FROM exact GROUP BY customer)
SELECT customer, (s).total_amount, r.total::text = (s).total_amount::text AS same_total,
       r.avg_amount::text = (s).avg_amount::text AS same_avg, (s).monetary
  FROM ours JOIN reference r USING (customer)
 ORDER BY customer;

-- Row order does not matter: the state keeps one entry per date and, when
-- its buffer fills, sorts the entries after the leading in-order run and
-- merges them with it.  3,000 rows over 400 dates with returns, and 20
-- returns alone on 10 more dates (which do not count), fed in date order,
-- reversed, cycling through the dates, and shuffled, give the same summary;
-- and its totals are the plain sums over the dates with a purchase.
CREATE TABLE orders_by_row AS
SELECT g, DATE '2020-01-01' + (g * 7919 % 400) AS txn_date,
       CASE WHEN g % 13 = 0 THEN -(g % 50)::numeric / 4 ELSE (g % 97)::numeric / 4 END AS amount
  FROM generate_series(1, 3000) g
UNION ALL
SELECT g, DATE '2021-03-01' + g % 10, -g::numeric / 8 FROM generate_series(3001, 3020) g;
WITH orders AS (
    SELECT 'date order' AS feed, portfolio.summarize(txn_date, amount, '2021-12-31' ORDER BY txn_date, g) AS s
      FROM orders_by_row
    UNION ALL
    SELECT 'reversed', portfolio.summarize(txn_date, amount, '2021-12-31' ORDER BY txn_date DESC, g)
      FROM orders_by_row
    UNION ALL
    SELECT 'cycling', portfolio.summarize(txn_date, amount, '2021-12-31' ORDER BY g % 400, g)
      FROM orders_by_row
    UNION ALL
    SELECT 'shuffled', portfolio.summarize(txn_date, amount, '2021-12-31' ORDER BY md5(g::text))
      FROM orders_by_row),
plain AS (
    SELECT sum(amount) AS total, count(*) FILTER (WHERE amount >= 0) AS purchases,
           count(DISTINCT txn_date) AS dates
      FROM orders_by_row
     WHERE txn_date IN (SELECT txn_date FROM orders_by_row WHERE amount >= 0))
SELECT feed, (s).periods = plain.dates AS periods_match, (s).transactions = plain.purchases AS transactions_match,
       (s).total_amount = plain.total AS total_matches,
       s::text = (SELECT s::text FROM orders WHERE feed = 'date order') AS same_summary
  FROM orders, plain
 ORDER BY feed;

-- The unit as the enum portfolio.period_unit (which postgres_fdw can push
-- down) gives the same summaries as the unit as text, for every unit and
-- both amount types.  The same rows shuffled
-- (orders_by_row above) so that the state sorts.
SELECT u AS unit,
       bool_and(t.s::text = e.s::text) AS numeric_same, bool_and(tf.s::text = ef.s::text) AS float8_same
  FROM unnest(enum_range(NULL::portfolio.period_unit)) u,
       LATERAL (SELECT portfolio.summarize(txn_date, amount, '2021-12-31', u::text ORDER BY md5(g::text)) AS s
                  FROM orders_by_row) t,
       LATERAL (SELECT portfolio.summarize(txn_date, amount, '2021-12-31', u ORDER BY md5(g::text)) AS s
                  FROM orders_by_row) e,
       LATERAL (SELECT portfolio.summarize(txn_date, amount::float8, '2021-12-31', u::text ORDER BY md5(g::text)) AS s
                  FROM orders_by_row) tf,
       LATERAL (SELECT portfolio.summarize(txn_date, amount::float8, '2021-12-31', u ORDER BY md5(g::text)) AS s
                  FROM orders_by_row) ef
 GROUP BY u ORDER BY u;

-- A day whose sum overflows 64-bit fixed point while the state collapses
-- to make room (the state turns numeric there) and a new date arriving
-- then: the new entry's amount is stored in the state's new form (this
-- crashed the server before 0.5.0).
SELECT (s).periods, (s).transactions, (s).total_amount
  FROM (SELECT portfolio.summarize(d, a, '2020-02-01' ORDER BY o) AS s
          FROM (VALUES (1, DATE '2020-01-01', 5000000000000000000::numeric), (2, '2020-01-02', 1),
                       (3, '2020-01-01', 5000000000000000000), (4, '2020-01-03', 1), (5, '2020-01-04', 1),
                       (6, '2020-01-05', 1), (7, '2020-01-06', 1), (8, '2020-01-07', 1),
                       (9, '2020-01-08', 1)) v(o, d, a)) q;
