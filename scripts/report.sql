-- The portfolio report printed by `make demo` (scripts/demo.sh).
-- Needs the portfolio extension and the cdnow_transactions table
-- (data/cdnow/load_cdnow.sql). Run with psql -X -q -v ON_ERROR_STOP=1.
-- Each section is a titled table; money in dollars, shares in percent.

\set as_of 1998-06-30
\set bins 5
\pset footer off
\pset null '-'

-- One summary per customer, shared by every section.
CREATE TEMP TABLE report_customers AS
SELECT customer_id, portfolio.summarize(txn_date, amount, :'as_of'::date) AS s
FROM cdnow_transactions
GROUP BY customer_id;

\echo
\echo 'CDNOW customer portfolio, as of' :as_of
\echo '(CD purchases of the 23,570 customers who first bought in 1997-Q1; Fader, Hardie & Lee 2005)'

\echo
\echo '1. Overview'
\pset expanded on
\pset tuples_only on
SELECT pg_catalog.to_char(count(*), 'FM999,999,999') AS "customers",
       pg_catalog.to_char(sum((s).transactions), 'FM999,999,999') AS "transactions",
       pg_catalog.to_char(sum((s).total_amount), 'FM999,999,999,990.00') AS "revenue ($)",
       pg_catalog.to_char(sum((s).total_amount) / sum((s).transactions), 'FM999,990.00')
           AS "average ticket ($)",
       pg_catalog.to_char(100 * portfolio.repeat_purchase_rate(s), 'FM990.0')
           AS "repeat purchase rate (%)",
       min((s).first_date) || ' .. ' || max((s).last_date) AS "purchase dates"
FROM report_customers;
\pset tuples_only off
\pset expanded off

\echo
\echo '2. RFM segments (scores 1 to' :bins', segments from portfolio.rfm_segments by priority)'
WITH cuts AS (
    SELECT portfolio.rfm_cuts(s, :bins) AS cuts FROM report_customers
), by_segment AS (
    SELECT (portfolio.rfm_score(cuts, s)).segment AS segment,
           count(*) AS customers, sum((s).total_amount) AS revenue
    FROM report_customers, cuts
    GROUP BY 1
), segments AS (        -- every enabled segment, also those nobody falls in
    SELECT name, priority FROM portfolio.rfm_segments WHERE bins = :bins AND enabled
)
SELECT coalesce(g.name, b.segment) AS segment,
       coalesce(b.customers, 0) AS customers,
       round(100.0 * coalesce(b.customers, 0) / sum(b.customers) OVER (), 1) AS "share (%)",
       coalesce(b.revenue, 0.00) AS "revenue ($)",
       round(100.0 * coalesce(b.revenue, 0) / sum(b.revenue) OVER (), 1) AS "revenue share (%)",
       round(b.revenue / b.customers, 2) AS "revenue per customer ($)"
FROM segments AS g
FULL JOIN by_segment AS b ON b.segment = g.name
ORDER BY g.priority NULLS LAST, 1;

\echo
\echo '3. Monthly cohort retention: % of each cohort buying n months after its first month'
SELECT to_char(cohort, 'YYYY-MM') || ' (' || cohort_size || ')' AS "cohort (customers)",
       period AS month, round(100 * retention)::int AS pct
FROM portfolio.cohort_retention('cdnow_transactions', 'customer_id', 'txn_date', 'amount',
                                'month', :'as_of')
ORDER BY cohort, period
\crosstabview "cohort (customers)" month pct

\echo
\echo '4. Lifecycle and alerts (from each customer''s own purchase cadence)'
SELECT portfolio.lifecycle_stage(s) AS stage,
       count(*) FILTER (WHERE portfolio.alert_level(s) = 'green') AS green,
       count(*) FILTER (WHERE portfolio.alert_level(s) = 'yellow') AS yellow,
       count(*) FILTER (WHERE portfolio.alert_level(s) = 'red') AS red,
       count(*) AS customers,
       round(sum((s).total_amount)) AS "revenue ($)"
FROM report_customers
GROUP BY 1
ORDER BY 1;

\echo
\echo '5. Customers most at risk: red alert, repeat buyers, most revenue first'
SELECT customer_id AS customer, (s).total_amount AS "revenue ($)", (s).transactions AS purchases,
       (s).last_date AS "last purchase", (s).days_since_last AS "days silent",
       round((s).mean_gap) AS "usual gap (days)",
       round(((s).days_since_last / greatest((s).mean_gap, 7))::numeric, 1) AS "x overdue",
       portfolio.lifecycle_stage(s) AS stage
FROM report_customers
WHERE portfolio.alert_level(s) = 'red' AND (s).frequency >= 1
ORDER BY (s).total_amount DESC, customer_id
LIMIT 10;

DROP TABLE report_customers;
