-- Satisfaction and retention KPIs: portfolio.nps, portfolio.csat,
-- portfolio.repeat_purchase_rate and portfolio.retention_rate.  Every
-- boundary by hand, random data against plain SQL of the same definition,
-- NULL and empty input, states as text and called directly, and forced
-- parallel plans against the serial answers (bad input and malformed
-- states: test/kpis_hostile.sql).
-- Own schema: the regression files share one database.
CREATE SCHEMA kpis_test;
SET search_path = kpis_test, public;
SET extra_float_digits = 0;

\i test/fixtures/plan_has.sql

-- ======================================================================
-- nps
-- ======================================================================

-- Each score alone: 0 to 6 detractors (-100), 7 and 8 passives (0),
-- 9 and 10 promoters (100).
SELECT s AS score, portfolio.nps(s)
  FROM generate_series(0, 10) s GROUP BY s ORDER BY s;

-- Mixes, by hand: {0,6,7,8,9,10}: 2/6 - 2/6 = 0; {6,7,9,9}: 50 - 25 = 25;
-- {10,10,10,0}: 75 - 25 = 50; {0,1,2,9}: 25 - 75 = -50; {6,9,9}: 66.67 - 33.33.
SELECT k, portfolio.nps(s)
  FROM (VALUES (1, 0), (1, 6), (1, 7), (1, 8), (1, 9), (1, 10),
               (2, 6), (2, 7), (2, 9), (2, 9),
               (3, 10), (3, 10), (3, 10), (3, 0),
               (4, 0), (4, 1), (4, 2), (4, 9),
               (5, 6), (5, 9), (5, 9)) v(k, s)
 GROUP BY k ORDER BY k;

-- NULL scores are ignored; no rows, or only NULLs, give NULL.
SELECT portfolio.nps(s) AS with_nulls
  FROM (VALUES (9), (NULL), (NULL), (0)) v(s);
SELECT portfolio.nps(s) IS NULL AS only_nulls
  FROM (VALUES (NULL::int), (NULL)) v(s);
SELECT portfolio.nps(s) IS NULL AS empty
  FROM generate_series(1, 0) s;

-- As a window: the running NPS equals the running plain-SQL value.
SELECT i, s,
       portfolio.nps(s) OVER w AS nps,
       100.0::float8 * (count(*) FILTER (WHERE s >= 9) OVER w
                        - count(*) FILTER (WHERE s <= 6) OVER w) / count(s) OVER w AS plain
  FROM (VALUES (1, 9), (2, NULL), (3, 3), (4, 8), (5, 10), (6, 10)) v(i, s)
WINDOW w AS (ORDER BY i ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
 ORDER BY i;

-- ======================================================================
-- csat
-- ======================================================================

-- Boundaries on several scales: 1, scale_max - 2, scale_max - 1 and
-- scale_max alone.  Satisfied is scale_max - 1 or higher, so on the 2-point
-- scale every score is satisfied.
SELECT scale, score, portfolio.csat(score, scale)
  FROM (SELECT scale, unnest(ARRAY[1, scale - 2, scale - 1, scale]) AS score
          FROM unnest(ARRAY[2, 3, 5, 7, 10, 2147483647]) scale) b
 WHERE score >= 1
 GROUP BY scale, score ORDER BY scale, score;
-- The one-argument form is the 1 to 5 scale.
SELECT s AS score, portfolio.csat(s) AS csat, portfolio.csat(s, 5) AS csat_5
  FROM generate_series(1, 5) s GROUP BY s ORDER BY s;

-- Mixes, by hand: {1,2,3,4,5} on 1-5: 2/5; {3,6,7,7} on 1-7: 3/4;
-- {1,1,2} on 1-2: all; {8,9,10} on 1-10: 2/3.
SELECT k, portfolio.csat(s, scale)
  FROM (VALUES (1, 1, 5), (1, 2, 5), (1, 3, 5), (1, 4, 5), (1, 5, 5),
               (2, 3, 7), (2, 6, 7), (2, 7, 7), (2, 7, 7),
               (3, 1, 2), (3, 1, 2), (3, 2, 2),
               (4, 8, 10), (4, 9, 10), (4, 10, 10)) v(k, s, scale)
 GROUP BY k ORDER BY k;

-- NULL scores are ignored; no rows, or only NULLs, give NULL.
SELECT portfolio.csat(s, 5) AS with_nulls, portfolio.csat(s) AS with_nulls_5
  FROM (VALUES (5), (NULL), (2)) v(s);
SELECT portfolio.csat(s, 5) IS NULL AS only_nulls, portfolio.csat(s) IS NULL AS only_nulls_5
  FROM (VALUES (NULL::int), (NULL)) v(s);
SELECT portfolio.csat(s, 5) IS NULL AS empty, portfolio.csat(s) IS NULL AS empty_5
  FROM generate_series(1, 0) s;

-- Different scales in one group are an error; grouping by the scale is the fix.
SELECT m, portfolio.csat(s, m)
  FROM (VALUES (3, 5), (4, 7), (5, 5), (7, 7), (1, 7)) v(s, m) GROUP BY m ORDER BY m;

-- ======================================================================
-- nps and csat against plain SQL on random survey data
-- ======================================================================

SELECT setseed(0.17);
CREATE TABLE survey AS
SELECT g AS id, g % 37 AS grp,
       CASE WHEN random() < 0.05 THEN NULL ELSE floor(random() * 11)::int END AS nps_score,
       CASE WHEN random() < 0.05 THEN NULL ELSE 1 + floor(random() * 5)::int END AS c5,
       CASE WHEN random() < 0.05 THEN NULL ELSE 1 + floor(random() * 7)::int END AS c7,
       CASE WHEN random() < 0.05 THEN NULL ELSE 1 + floor(random() * 10)::int END AS c10,
       CASE WHEN random() < 0.05 THEN NULL ELSE 1 + floor(random() * 2)::int END AS c2
  FROM generate_series(1, 60000) g;
ANALYZE survey;

-- The same float8 arithmetic (exact equality), and the definition as
-- % promoters - % detractors in numeric (within 1e-9).
CREATE VIEW survey_ours AS
SELECT grp, portfolio.nps(nps_score) AS nps, portfolio.csat(c5) AS csat5,
       portfolio.csat(c7, 7) AS csat7, portfolio.csat(c10, 10) AS csat10,
       portfolio.csat(c2, 2) AS csat2
  FROM survey GROUP BY grp;
CREATE VIEW survey_plain AS
SELECT grp,
       100.0::float8 * (count(*) FILTER (WHERE nps_score >= 9)
                        - count(*) FILTER (WHERE nps_score <= 6)) / count(nps_score) AS nps,
       100 * avg((nps_score >= 9)::int) - 100 * avg((nps_score <= 6)::int) AS nps_numeric,
       100.0::float8 * count(*) FILTER (WHERE c5 >= 4) / count(c5) AS csat5,
       100.0::float8 * count(*) FILTER (WHERE c7 >= 6) / count(c7) AS csat7,
       100.0::float8 * count(*) FILTER (WHERE c10 >= 9) / count(c10) AS csat10,
       100 * avg((c10 >= 9)::int) AS csat10_numeric,
       100.0::float8 * count(*) FILTER (WHERE c2 >= 1) / count(c2) AS csat2
  FROM survey GROUP BY grp;
SELECT count(*) AS groups,
       count(*) FILTER (WHERE o.nps IS DISTINCT FROM p.nps) AS nps_differs,
       count(*) FILTER (WHERE abs(o.nps::numeric - p.nps_numeric) > 1e-9) AS nps_numeric_differs,
       count(*) FILTER (WHERE o.csat5 IS DISTINCT FROM p.csat5) AS csat5_differs,
       count(*) FILTER (WHERE o.csat7 IS DISTINCT FROM p.csat7) AS csat7_differs,
       count(*) FILTER (WHERE o.csat10 IS DISTINCT FROM p.csat10) AS csat10_differs,
       count(*) FILTER (WHERE abs(o.csat10::numeric - p.csat10_numeric) > 1e-9) AS csat10_numeric_differs,
       count(*) FILTER (WHERE o.csat2 IS DISTINCT FROM p.csat2) AS csat2_differs,
       count(*) FILTER (WHERE o.csat2 <> 100) AS csat2_not_100
  FROM survey_ours o JOIN survey_plain p USING (grp);
-- Over the whole table.
SELECT round(portfolio.nps(nps_score)::numeric, 6) AS nps,
       portfolio.nps(nps_score) = 100.0::float8 * (count(*) FILTER (WHERE nps_score >= 9)
                                  - count(*) FILTER (WHERE nps_score <= 6)) / count(nps_score) AS nps_same,
       round(portfolio.csat(c7, 7)::numeric, 6) AS csat7,
       portfolio.csat(c7, 7) = 100.0::float8 * count(*) FILTER (WHERE c7 >= 6) / count(c7) AS csat7_same
  FROM survey;

-- ======================================================================
-- repeat_purchase_rate
-- ======================================================================

-- By hand: frequency 0, 1, 5 and a NULL summary: 2 of 3 customers.
CREATE FUNCTION pg_temp.summary_with(frequency int) RETURNS portfolio.summary
LANGUAGE sql AS $$
    SELECT ROW(DATE '2020-01-01', DATE '2020-01-01', 1, frequency + 1, frequency,
               0, 0, 0, 1, 1, 0, NULL, NULL, NULL, NULL, 'day')::portfolio.summary
$$;
SELECT portfolio.repeat_purchase_rate(s) AS rate
  FROM (VALUES (pg_temp.summary_with(0)), (pg_temp.summary_with(1)),
               (pg_temp.summary_with(5)), (NULL)) v(s);
SELECT portfolio.repeat_purchase_rate(pg_temp.summary_with(0)) AS one_time,
       portfolio.repeat_purchase_rate(pg_temp.summary_with(1)) AS repeat;
-- NULL summaries only, or no rows: NULL.
SELECT portfolio.repeat_purchase_rate(s) IS NULL AS only_nulls
  FROM (VALUES (NULL::portfolio.summary), (NULL)) v(s);
SELECT portfolio.repeat_purchase_rate(pg_temp.summary_with(g)) IS NULL AS empty
  FROM generate_series(1, 0) g;

-- Real summaries: random orders, many one-time buyers, returns, and rows
-- after as_of (a customer with nothing before it has a NULL summary).
SELECT setseed(0.29);
CREATE TABLE orders AS
SELECT floor(6000 * random())::int AS customer,
       DATE '2020-01-01' + floor(730 * random())::int AS txn_date,
       CASE WHEN random() < 0.03 THEN -10 ELSE round((100 * random())::numeric, 2) END AS amount
  FROM generate_series(1, 15000) g;
ANALYZE orders;
CREATE TABLE customer_summary AS
SELECT customer,
       portfolio.summarize(txn_date, amount, '2021-06-30') AS by_day,
       portfolio.summarize(txn_date, amount, '2021-06-30', 'month') AS by_month
  FROM orders GROUP BY customer;
ANALYZE customer_summary;
-- Plain SQL from the orders: customers with a purchase (amount >= 0) on or
-- before as_of, and those with purchases on two or more days (months).
CREATE VIEW repeat_plain AS
SELECT count(*) AS customers,
       count(*) FILTER (WHERE days >= 2) AS day_repeaters,
       count(*) FILTER (WHERE months >= 2) AS month_repeaters
  FROM (SELECT customer, count(DISTINCT txn_date) AS days,
               count(DISTINCT date_trunc('month', txn_date)) AS months
          FROM orders WHERE amount >= 0 AND txn_date <= '2021-06-30'
         GROUP BY customer) c;
SELECT p.customers, p.day_repeaters, p.month_repeaters,
       s.by_day_customers = p.customers AS summaries_match,
       r.by_day = p.day_repeaters::float8 / p.customers AS by_day_same,
       r.by_month = p.month_repeaters::float8 / p.customers AS by_month_same,
       r.by_day = (SELECT count(*) FILTER (WHERE (by_day).frequency >= 1)::float8 / count(by_day)
                     FROM customer_summary) AS by_day_same_as_fields,
       round(r.by_day::numeric, 6) AS by_day, round(r.by_month::numeric, 6) AS by_month
  FROM repeat_plain p,
       (SELECT count(by_day) AS by_day_customers, count(*) - count(by_day) AS null_summaries
          FROM customer_summary) s,
       (SELECT portfolio.repeat_purchase_rate(by_day) AS by_day,
               portfolio.repeat_purchase_rate(by_month) AS by_month
          FROM customer_summary) r;
SELECT count(*) - count(by_day) > 0 AS some_summaries_null FROM customer_summary;

-- ======================================================================
-- retention_rate
-- ======================================================================

SELECT s, e, n, portfolio.retention_rate(s, e, n)
  FROM (VALUES (100, 90, 10),   -- 0.8
               (100, 100, 0),   -- 1: everyone stayed, nobody new
               (10, 5, 5),      -- 0: every end customer is new
               (1, 1, 1),       -- 0
               (10, 15, 0),     -- 1.5: reactivated customers counted as retained
               (3, 2, 0),       -- 2/3
               (0, 0, 0),       -- NULL: no customers at the start
               (0, 5, 5),       -- NULL
               (9223372036854775807, 9223372036854775807, 0),
               (9223372036854775807, 9223372036854775807, 9223372036854775807)
       ) v(s, e, n);
-- STRICT: a NULL argument gives NULL.
SELECT portfolio.retention_rate(NULL, 1, 0) IS NULL AS null_start,
       portfolio.retention_rate(1, NULL, 0) IS NULL AS null_end,
       portfolio.retention_rate(1, 1, NULL) IS NULL AS null_new;

-- ======================================================================
-- Support functions: states as text, direct calls
-- ======================================================================

-- Partial states travel as text and combine exactly: {10,4,3} + {5,1,1}
-- is 15 responses, 5 promoters, 4 detractors: 100 / 15.
SELECT portfolio_internal.nps_combine('{10,4,3}', '{5,1,1}') AS nps_state,
       portfolio_internal.nps_final(portfolio_internal.nps_combine('{10,4,3}', '{5,1,1}')) AS nps,
       portfolio_internal.csat_combine('{0,0,0}', '{7,4,3}') AS csat_state,
       portfolio_internal.csat_final(portfolio_internal.csat_combine('{7,2,1}', '{7,4,3}')) AS csat,
       portfolio_internal.repeat_purchase_rate_final(portfolio_internal.repeat_purchase_rate_combine('{3,1}', '{1,1}')) AS rate;
-- NULL on either side of a combine gives the other side.
SELECT portfolio_internal.nps_combine(NULL, '{1,1,0}') AS left_null,
       portfolio_internal.nps_combine('{1,1,0}', NULL) AS right_null,
       portfolio_internal.nps_combine(NULL, NULL) IS NULL AS both_null,
       portfolio_internal.csat_combine(NULL, '{5,1,1}') AS csat_left_null,
       portfolio_internal.repeat_purchase_rate_combine('{2,0}', NULL) AS rate_right_null;
-- Empty states give NULL from the final functions.
SELECT portfolio_internal.nps_final('{0,0,0}') IS NULL AS nps_empty,
       portfolio_internal.csat_final('{0,0,0}') IS NULL AS csat_empty,
       portfolio_internal.csat_final('{5,0,0}') IS NULL AS csat_empty_with_scale,
       portfolio_internal.repeat_purchase_rate_final('{0,0}') IS NULL AS rate_empty;
-- Called directly, transition and combine functions leave their input alone.
SELECT s AS before, portfolio_internal.nps_accum(s, 9) AS accum, portfolio_internal.nps_combine(s, s) AS combined, s AS after
  FROM (VALUES ('{1,0,1}'::bigint[])) v(s);
SELECT portfolio_internal.csat_accum(NULL, 4, 5) AS from_null, portfolio_internal.csat_accum('{0,0,0}', NULL, 5) AS null_score,
       portfolio_internal.csat_accum_5('{5,1,0}', 5) AS accum_5,
       portfolio_internal.repeat_purchase_rate_accum('{1,0}', pg_temp.summary_with(2)) AS rate_accum;

-- The lower bound of a state does not matter.
SELECT portfolio_internal.nps_final('[0:2]={2,1,0}') AS zero_based;


-- ======================================================================
-- Parallel plans
-- ======================================================================

\i test/fixtures/force_parallel.sql

CREATE VIEW survey_total AS
SELECT portfolio.nps(nps_score) AS nps, portfolio.csat(c5) AS csat5,
       portfolio.csat(c7, 7) AS csat7, portfolio.csat(c10, 10) AS csat10
  FROM survey;
CREATE VIEW survey_empty AS
SELECT portfolio.nps(nps_score) FILTER (WHERE id < 0) AS nps,
       portfolio.csat(c5) FILTER (WHERE id < 0) AS csat5,
       portfolio.csat(c7, 7) FILTER (WHERE id < 0) AS csat7
  FROM survey;
-- Two rows reach the aggregates: most partial states are empty.
CREATE VIEW survey_two AS
SELECT portfolio.nps(nps_score) FILTER (WHERE id IN (1, 59999)) AS nps,
       portfolio.csat(c7, 7) FILTER (WHERE id IN (1, 59999)) AS csat7
  FROM survey;
-- Ten copies of the customer summaries, in seven groups.
CREATE TABLE many_summaries AS
SELECT customer + 10000 * k AS customer, (customer + k) % 7 AS grp, by_day, by_month
  FROM customer_summary, generate_series(0, 9) k;
ANALYZE many_summaries;
CREATE VIEW rate_total AS
SELECT portfolio.repeat_purchase_rate(by_day) AS by_day,
       portfolio.repeat_purchase_rate(by_month) AS by_month,
       portfolio.repeat_purchase_rate(by_day) FILTER (WHERE customer < 0) AS empty
  FROM many_summaries;
CREATE VIEW rate_grouped AS
SELECT grp, portfolio.repeat_purchase_rate(by_day) AS by_day,
       portfolio.repeat_purchase_rate(by_month) AS by_month
  FROM many_summaries GROUP BY grp;

-- In EXPLAIN's JSON a Partial Aggregate node reads like this:
\set partial '"Partial Mode": "Partial"'
SELECT pg_temp.force_parallel();
SELECT pg_temp.plan_has('SELECT * FROM survey_total', :'partial') AS total_partial,
       pg_temp.plan_has('SELECT * FROM survey_ours', :'partial') AS grouped_partial,
       pg_temp.plan_has('SELECT * FROM survey_empty', :'partial') AS empty_partial,
       pg_temp.plan_has('SELECT * FROM survey_two', :'partial') AS two_partial,
       pg_temp.plan_has('SELECT * FROM rate_total', :'partial') AS rate_partial,
       pg_temp.plan_has('SELECT * FROM rate_grouped', :'partial') AS rate_grouped_partial;
EXPLAIN (COSTS OFF) SELECT * FROM survey_total;
EXPLAIN (COSTS OFF) SELECT * FROM survey_ours;
EXPLAIN (COSTS OFF) SELECT * FROM rate_grouped;
CREATE TEMP TABLE p_total AS SELECT * FROM survey_total;
CREATE TEMP TABLE p_grouped AS SELECT * FROM survey_ours;
CREATE TEMP TABLE p_empty AS SELECT * FROM survey_empty;
CREATE TEMP TABLE p_two AS SELECT * FROM survey_two;
CREATE TEMP TABLE p_rate AS SELECT * FROM rate_total;
CREATE TEMP TABLE p_rate_grouped AS SELECT * FROM rate_grouped;

SELECT pg_temp.force_serial();
SELECT pg_temp.plan_has('SELECT * FROM survey_total', :'partial') AS serial_partial;
SELECT (SELECT row(p.*) = row(s.*) FROM p_total p, survey_total s) AS total_same,
       (SELECT count(*) FROM p_grouped p FULL JOIN survey_ours s USING (grp)
         WHERE row(p.*) IS DISTINCT FROM row(s.*)) AS grouped_differ,
       (SELECT count(*) FROM p_grouped) AS groups,
       (SELECT p.nps IS NULL AND p.csat5 IS NULL AND p.csat7 IS NULL FROM p_empty p) AS empty_null,
       (SELECT row(p.*) = row(s.*) FROM p_two p, survey_two s) AS two_same,
       (SELECT p.by_day = s.by_day AND p.by_month = s.by_month AND p.empty IS NULL
          FROM p_rate p, rate_total s) AS rate_same,
       (SELECT count(*) FROM p_rate_grouped p FULL JOIN rate_grouped s USING (grp)
         WHERE row(p.*) IS DISTINCT FROM row(s.*)) AS rate_grouped_differ;
SELECT p.nps = 100.0::float8 * (count(*) FILTER (WHERE nps_score >= 9)
                              - count(*) FILTER (WHERE nps_score <= 6)) / count(nps_score) AS two_nps_plain,
       p.csat7 = 100.0::float8 * count(*) FILTER (WHERE c7 >= 6) / count(c7) AS two_csat7_plain
  FROM p_two p, survey WHERE id IN (1, 59999) GROUP BY p.nps, p.csat7;
