-- Activity, cohort_matrix, period_retention and the one-call functions over
-- a table: definitions on a hand-checked case, text I/O, hostile names and
-- forced parallel plans (bad input: test/retention_hostile.sql).  The CDNOW
-- comparison with plain SQL is retention_cdnow.
-- Own schema: the regression files share one database.
CREATE SCHEMA retention_test;
SET search_path = retention_test, public;
SET extra_float_digits = 0;
SET DateStyle = ISO;
\i test/fixtures/try.sql
\i test/fixtures/plan_has.sql

CREATE TABLE tx (customer int, txn_date date, amount numeric(10, 2));
INSERT INTO tx VALUES
    -- 1: January, February and April (skips March)
    (1, '2020-01-05', 10), (1, '2020-02-07', 20), (1, '2020-04-01', 5),
    -- 2: February; in March a return then a purchase (March revenue 1.00)
    (2, '2020-02-10', 7), (2, '2020-03-01', -2), (2, '2020-03-02', 3),
    -- 3: April only, and a purchase after as_of (ignored)
    (3, '2020-04-20', 1.5), (3, '2020-05-02', 99),
    -- 4: only a return: no activity
    (4, '2020-01-01', -5),
    -- 5: NULL date and NULL amount rows are skipped; a zero-value purchase counts
    (5, NULL, 8), (5, '2020-03-03', NULL), (5, '2020-03-03', 0),
    -- NULL customer: left out by the one-call functions
    (NULL, '2020-01-01', 1000);

-- ---------- period_start ----------
SELECT u, portfolio.period_start('2020-03-18', u) AS march_18,
       portfolio.period_start('2021-01-01', u) AS new_year
  FROM unnest(ARRAY['day', 'week', 'month', 'quarter']) u;
SELECT portfolio.period_start('infinity', 'month') AS inf, portfolio.period_start('-infinity', 'week') AS neg_inf;

-- ---------- activity ----------
-- Purchase periods and their revenue; customer 4 has none (NULL).
SELECT customer, portfolio.activity(txn_date, amount, '2020-04-30', 'month')
  FROM tx WHERE customer IS NOT NULL GROUP BY customer ORDER BY customer;
SELECT customer, portfolio.activity(txn_date, amount, '2020-04-30', 'week')
  FROM tx WHERE customer IN (1, 2) GROUP BY customer ORDER BY customer;
-- The unit as the enum portfolio.period_unit: the same activities.
SELECT u AS unit, count(*) AS customers, bool_and(t.a::text = e.a::text) AS same
  FROM unnest(enum_range(NULL::portfolio.period_unit)) u,
       LATERAL (SELECT customer, portfolio.activity(txn_date, amount, '2020-04-30', u::text) AS a
                  FROM tx GROUP BY customer) t
  JOIN LATERAL (SELECT customer, portfolio.activity(txn_date, amount, '2020-04-30', u) AS a
                  FROM tx GROUP BY customer) e USING (customer)
 GROUP BY u ORDER BY u;
-- Empty input, only NULL rows.
SELECT portfolio.activity(txn_date, amount, '2020-04-30', 'month') FROM tx WHERE false;
SELECT portfolio.activity(txn_date, amount, '2020-04-30', 'month') FROM tx WHERE customer = 5 AND amount IS NULL;
-- The display scale is the largest of the amounts.
SELECT portfolio.activity(d, a, '2020-12-31', 'quarter')
  FROM (VALUES ('2020-01-01'::date, 1::numeric), ('2020-02-01', 0.125), ('2020-07-01', 2.5)) v(d, a);
-- Huge amounts stay exact (128-bit totals).
SELECT portfolio.activity(d, a, '2020-12-31', 'quarter')
  FROM (VALUES ('2020-01-01'::date, 12345678901234567890.12::numeric), ('2020-01-02', 12345678901234567890.12)) v(d, a);

-- ---------- text I/O ----------
SELECT 'month as of 2020-04-30, scale 2: 2020-01-01 10; 2020-04-01 -0.5'::portfolio.activity;
SELECT '  week as of 2020-04-30 , scale 0 : 2020-01-06 3 '::portfolio.activity;
-- A value with no cohorts or periods reads, prints and gives no rows.
SELECT 'day as of 2020-01-01, scale 0:'::portfolio.cohort_matrix AS no_cohorts,
       'day as of 2020-01-01, scale 0:'::portfolio.period_retention AS no_periods;
SELECT count(*) FROM portfolio.cohort_retention('day as of 2020-01-01, scale 0:'::portfolio.cohort_matrix);

-- ---------- cohort_matrix and period_retention ----------
CREATE VIEW activities AS
SELECT customer, portfolio.activity(txn_date, amount, '2020-04-30', 'month') AS a
  FROM tx WHERE customer IS NOT NULL GROUP BY customer;
SELECT portfolio.cohort_matrix(a) FROM activities;
SELECT portfolio.period_retention(a) FROM activities;
-- Text round trips are exact.
SELECT portfolio.cohort_matrix(a)::text::portfolio.cohort_matrix::text = portfolio.cohort_matrix(a)::text AS matrix_round_trip,
       portfolio.period_retention(a)::text::portfolio.period_retention::text = portfolio.period_retention(a)::text AS figures_round_trip
  FROM activities;
-- Hand-checked: cohort January {1}, February {2}, April {3}; customer 5
-- joins in March with a zero-value purchase.
SELECT * FROM portfolio.cohort_retention((SELECT portfolio.cohort_matrix(a) FROM activities));
-- February: S = {1}, E = {1, 2}, N = {2}, retained {1}: NRR 20/10, GRR min(20, 10)/10.
-- March: S = {1, 2}, E = {2, 5}, N = {5}: CRR (2 - 1)/2; NRR 1/27; GRR (min(1, 7) + min(0, 20))/27.
-- April: S = {2, 5}, E = {1, 3}, N = {3}, retained none: CRR (2 - 1)/2 counts the return of 1.
SELECT * FROM portfolio.retention_by_period((SELECT portfolio.period_retention(a) FROM activities));
-- Empty input gives NULL; NULL activities are skipped.
SELECT portfolio.cohort_matrix(a) IS NULL AS empty_matrix, portfolio.period_retention(a) IS NULL AS empty_figures
  FROM activities WHERE false;
SELECT portfolio.cohort_matrix(NULL::portfolio.activity) IS NULL AS null_matrix;
SELECT portfolio.cohort_matrix(a)::text = (SELECT portfolio.cohort_matrix(a)::text FROM activities) AS nulls_skipped
  FROM (SELECT a FROM activities UNION ALL SELECT NULL) s;
-- A customer whose returns exceed its purchases in a period: negative revenue
-- counts as is, and min(0, revenue) when it does not buy the next period.
SELECT * FROM portfolio.retention_by_period((
    SELECT portfolio.period_retention(a) FROM (
        SELECT portfolio.activity(d, amt, '2020-03-31', 'month') a
          FROM (VALUES (1, '2020-01-01'::date, 10::numeric), (1, '2020-01-02', -30),
                       (2, '2020-01-05', 5), (2, '2020-02-05', 8)) v(c, d, amt)
         GROUP BY c) s));
-- Called directly, the transition and combine functions leave their input alone.
SELECT portfolio_internal.cohort_matrix_accum(m, a)::text <> m::text AS changed, m::text = m0 AS input_kept
  FROM (SELECT portfolio.cohort_matrix(a) m, portfolio.cohort_matrix(a)::text m0 FROM activities) x,
       (SELECT a FROM activities WHERE customer = 1) y;
SELECT portfolio_internal.period_retention_combine(r, r)::text AS doubled
  FROM (SELECT portfolio.period_retention(a) r FROM activities) x;
SELECT portfolio_internal.cohort_matrix_combine(NULL, NULL) IS NULL AS both_null;

-- ---------- amounts ----------
-- An amount of 38 digits fits an exact revenue total.
SELECT pg_temp.try($$SELECT portfolio.activity('2020-01-01', 1e38, '2020-04-30', 'month')$$) AS fits;

-- ---------- one call over a table ----------
SELECT * FROM portfolio.cohort_retention('tx', 'customer', 'txn_date', 'amount', 'month', '2020-04-30');
SELECT * FROM portfolio.retention_by_period('tx', 'customer', 'txn_date', 'amount', 'month', '2020-04-30');
-- NULL as_of is the last transaction date (2020-05-02: May is a period).
SELECT max(cohort) AS last_cohort, max(cohort + make_interval(months => period))::date AS last_period
  FROM portfolio.cohort_retention('tx', 'customer', 'txn_date', 'amount');
SELECT count(*) AS weeks FROM portfolio.retention_by_period('tx', 'customer', 'txn_date', 'amount', 'week');
-- A later row without a customer does not move it.
INSERT INTO tx VALUES (NULL, '2020-08-15', 1);
SELECT max(cohort + make_interval(months => period))::date AS last_period
  FROM portfolio.cohort_retention('tx', 'customer', 'txn_date', 'amount');
DELETE FROM tx WHERE customer IS NULL AND txn_date = '2020-08-15';
-- An empty table gives no rows.
CREATE TABLE empty_tx (LIKE tx);
SELECT count(*) FROM portfolio.cohort_retention('empty_tx', 'customer', 'txn_date', 'amount');
SELECT count(*) FROM portfolio.retention_by_period('empty_tx', 'customer', 'txn_date', 'amount', 'week', '2020-01-01');
-- Other column types: a timestamp date, an integer amount, a text customer.
CREATE TABLE tx_other AS
SELECT 'c' || customer AS who, txn_date::timestamp + interval '13 hours' AS at, (amount * 100)::int AS cents
  FROM tx;
SELECT cohort, period, active, revenue FROM portfolio.cohort_retention('tx_other', 'who', 'at', 'cents', 'month', '2020-04-30')
 WHERE active > 0;
-- All six arguments: accepted.
SELECT pg_temp.try($$SELECT * FROM portfolio.retention_by_period('tx', 'customer', 'txn_date', 'amount', 'month', '2020-04-30')$$);
-- Names with quotes, spaces and SQL in them are names, never SQL.
CREATE TABLE "Orders; DROP TABLE tx; --" ("Client ""id""" int, "day of sale" date, "amount)--" numeric);
INSERT INTO "Orders; DROP TABLE tx; --" SELECT customer, txn_date, amount FROM tx;
SELECT count(*) AS rows, sum(active) AS active, sum(revenue) AS revenue
  FROM portfolio.cohort_retention('"Orders; DROP TABLE tx; --"', 'Client "id"', 'day of sale', 'amount)--', 'month', '2020-04-30');
SELECT count(*) AS rows, sum(revenue) AS revenue
  FROM portfolio.retention_by_period('"Orders; DROP TABLE tx; --"', 'Client "id"', 'day of sale', 'amount)--', 'month', '2020-04-30');
SELECT pg_temp.try($$SELECT * FROM portfolio.cohort_retention('tx', 'customer) FROM tx; --', 'txn_date', 'amount')$$);
SELECT to_regclass('tx') IS NOT NULL AS tx_still_there;

-- ---------- forced parallel plans ----------
CREATE TABLE big AS
SELECT (g % 2000)::int AS customer,
       DATE '2019-01-01' + ((g * 7919) % 700)::int AS txn_date,
       round(((g * 104729) % 20000) / 100.0 - 10, 2) AS amount
  FROM generate_series(1::bigint, 60000) g;
ANALYZE big;
CREATE VIEW big_activities AS
SELECT customer, portfolio.activity(txn_date, amount, '2020-10-31', 'month') AS a
  FROM big GROUP BY customer;
\i test/fixtures/force_parallel.sql
CREATE TABLE serial_result AS
SELECT portfolio.cohort_matrix(a)::text AS m, portfolio.period_retention(a)::text AS r,
       (SELECT string_agg(customer || ' ' || a::text, ', ' ORDER BY customer) FROM big_activities) AS acts
  FROM big_activities;
-- The per-customer activity, in workers: summarize's combine and serialization.
SELECT pg_temp.force_parallel();
SELECT pg_temp.plan_has('SELECT * FROM big_activities', '"Partial Mode": "Partial"') AS activity_partial;
SELECT string_agg(customer || ' ' || a::text, ', ' ORDER BY customer) = (SELECT acts FROM serial_result) AS activity_same
  FROM big_activities;
-- The cross-customer aggregates over a table of activities, in workers.
CREATE TABLE big_acts AS SELECT * FROM big_activities;
INSERT INTO big_acts SELECT customer + 2000 * k, a FROM big_acts, generate_series(1, 9) k;
ANALYZE big_acts;
SELECT pg_temp.plan_has('SELECT portfolio.cohort_matrix(a), portfolio.period_retention(a) FROM big_acts',
                        '"Partial Mode": "Partial"') AS matrix_partial;
CREATE TABLE parallel_result AS
SELECT portfolio.cohort_matrix(a) AS m, portfolio.period_retention(a) AS r FROM big_acts;
RESET max_parallel_workers_per_gather;
CREATE TABLE serial_big AS
SELECT portfolio.cohort_matrix(a) AS m, portfolio.period_retention(a) AS r FROM big_acts;
SELECT p.m::text = s.m::text AS matrix_same, p.r::text = s.r::text AS figures_same
  FROM parallel_result p, serial_big s;
-- Ten copies of every customer: ten times the counts and the revenue.
SELECT bool_and(b.cohort_size = 10 * s.cohort_size AND b.active = 10 * s.active
                AND b.revenue = 10 * s.revenue AND b.retention = s.retention) AS tenfold,
       count(*) AS cells
  FROM portfolio.cohort_retention((SELECT m FROM serial_big)) b
  JOIN portfolio.cohort_retention((SELECT m::portfolio.cohort_matrix FROM serial_result)) s USING (cohort, period);
-- Empty input through combine.
SELECT pg_temp.force_parallel();
SELECT portfolio.cohort_matrix(a) IS NULL AS empty_matrix, portfolio.period_retention(a) IS NULL AS empty_figures
  FROM big_acts WHERE customer < 0;
-- The one-call functions under the same settings.
SELECT count(*) AS rows, sum(active) AS active FROM portfolio.cohort_retention('big', 'customer', 'txn_date', 'amount', 'quarter');
