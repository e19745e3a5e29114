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
       pg_catalog.to_char(100.0 * count(*) FILTER (WHERE (s).frequency >= 1) / count(*), 'FM990.0')
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

DROP TABLE report_customers;
