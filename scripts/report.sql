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

-- BG/NBD and Gamma-Gamma fitted on every customer's history up to as_of, in
-- weeks (recency and age in days / 7), for P(alive) in the alerts and for
-- CLV: 12 months of 4.345 weeks, discounted at 1% a month.  Gamma-Gamma
-- needs positive spend: the log has one repeat buyer whose returns cancel
-- its purchases.
CREATE TEMP TABLE report_models AS
SELECT portfolio.bgnbd_fit((s).frequency, (s).recency / 7, (s).age / 7) AS bg,
       portfolio.gg_fit((s).frequency, (s).monetary) FILTER (WHERE (s).monetary > 0) AS gg
FROM report_customers;
CREATE TEMP TABLE report_values AS
SELECT customer_id,
       portfolio.bgnbd_p_alive(bg, (s).frequency, (s).recency / 7, (s).age / 7) AS p_alive,
       CASE WHEN (s).frequency = 0 OR (s).monetary > 0
            THEN portfolio.clv(bg, gg, (s).frequency, (s).recency / 7, (s).age / 7,
                               (s).monetary, 12, 4.345, 0.01) END AS clv
FROM report_customers, report_models;

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
\echo '4. Lifecycle and alerts (own purchase cadence, and BG/NBD P(alive): yellow below 0.5, red below 0.2)'
SELECT portfolio.lifecycle_stage(s) AS stage,
       count(*) FILTER (WHERE alert = 'green') AS green,
       count(*) FILTER (WHERE alert = 'yellow') AS yellow,
       count(*) FILTER (WHERE alert = 'red') AS red,
       count(*) AS customers,
       round(sum((s).total_amount)) AS "revenue ($)"
FROM report_customers JOIN report_values USING (customer_id),
     LATERAL (SELECT portfolio.alert_level(s, p_alive) AS alert) a
GROUP BY 1
ORDER BY 1;

\echo
\echo '5. Customers most at risk: red alert, repeat buyers, most expected value first'
SELECT customer_id AS customer, (s).total_amount AS "revenue ($)", (s).transactions AS purchases,
       (s).last_date AS "last purchase", (s).days_since_last AS "days silent",
       round((s).mean_gap) AS "usual gap (days)",
       round(p_alive::numeric, 3) AS "P(alive)",
       round(clv::numeric, 2) AS "CLV 12 months ($)",
       portfolio.lifecycle_stage(s) AS stage
FROM report_customers JOIN report_values USING (customer_id)
WHERE portfolio.alert_level(s, p_alive) = 'red' AND (s).frequency >= 1
ORDER BY clv DESC NULLS LAST, customer_id
LIMIT 10;

\echo
\echo '6. Lifetime-value models on the 39-week calibration period (1997-01-01 .. 1997-09-30, weeks)'
CREATE TEMP TABLE report_calibration AS
SELECT customer_id, portfolio.summarize(txn_date, amount, '1997-09-30') AS s
FROM cdnow_transactions
GROUP BY customer_id;
CREATE TEMP TABLE report_calibration_models AS
SELECT portfolio.bgnbd_fit((s).frequency, (s).recency / 7, (s).age / 7) AS bg,
       portfolio.gg_fit((s).frequency, (s).monetary) FILTER (WHERE (s).monetary > 0) AS gg
FROM report_calibration;
SELECT 'BG/NBD' AS model,
       format('r = %s, alpha = %s, a = %s, b = %s', round((bg).r::numeric, 3), round((bg).alpha::numeric, 3),
              round((bg).a::numeric, 3), round((bg).b::numeric, 3)) AS parameters,
       round((bg).loglik::numeric, 1) AS "log-likelihood", (bg).customers, (bg).converged
FROM report_calibration_models
UNION ALL
SELECT 'Gamma-Gamma',
       format('p = %s, q = %s, v = %s', round((gg).p::numeric, 3), round((gg).q::numeric, 3),
              round((gg).v::numeric, 3)),
       round((gg).loglik::numeric, 1), (gg).customers, (gg).converged
FROM report_calibration_models;

\echo
\echo '7. Holdout: repeat purchase days in weeks 40-78 (1997-10-01 .. 1998-06-30), forecast against actual'
SELECT round(sum(portfolio.bgnbd_expected(bg, 39, (s).frequency, (s).recency / 7, (s).age / 7)))
           AS "forecast (BG/NBD)",
       (SELECT count(DISTINCT (customer_id, txn_date)) FROM cdnow_transactions
         WHERE txn_date > '1997-09-30') AS actual,
       round(sum(portfolio.gg_expected_spend(gg, (s).frequency, (s).monetary)
                 * portfolio.bgnbd_expected(bg, 39, (s).frequency, (s).recency / 7, (s).age / 7)))
           AS "revenue forecast ($)",
       (SELECT sum(amount) FROM cdnow_transactions WHERE txn_date > '1997-09-30') AS "actual revenue ($)"
FROM report_calibration, report_calibration_models
WHERE (s).frequency = 0 OR (s).monetary > 0;

\echo
\echo '8. Top customers by CLV (next 12 months, 1% a month) with P(alive)'
SELECT customer_id AS customer, round(clv::numeric, 2) AS "CLV 12 months ($)",
       round(p_alive::numeric, 3) AS "P(alive)",
       (s).frequency AS "repeat purchases", (s).total_amount AS "revenue so far ($)",
       (s).last_date AS "last purchase", portfolio.alert_level(s, p_alive) AS alert
FROM report_customers JOIN report_values USING (customer_id)
ORDER BY clv DESC NULLS LAST, customer_id
LIMIT 10;

\echo
\echo '9. Concentration of revenue (net revenue per customer; ABC: A = first 80% of revenue, B = next 15%, C = last 5%)'
CREATE TEMP TABLE report_revenue AS
SELECT customer_id, (s).total_amount::float8 AS revenue FROM report_customers;
\pset expanded on
\pset tuples_only on
SELECT round(portfolio.gini(revenue)::numeric, 3) AS "Gini coefficient",
       round(portfolio.hhi(revenue)::numeric, 6) AS "Herfindahl-Hirschman index",
       round(100 * portfolio.top_share(revenue, 0.01)::numeric, 1) AS "top 1% of customers hold (%)",
       round(100 * portfolio.top_share(revenue, 0.20)::numeric, 1) AS "top 20% of customers hold (%)",
       (SELECT string_agg(format('%s%%: %s%%', 10 * (j - 1), round(100 * share::numeric, 1)), ', ' ORDER BY j)
          FROM unnest(portfolio.lorenz(revenue, 10)) WITH ORDINALITY AS l(share, j)
         WHERE j BETWEEN 2 AND 10) AS "Lorenz: bottom x% of customers hold"
FROM report_revenue;
\pset tuples_only off
\pset expanded off
WITH cuts AS (SELECT portfolio.abc_cuts(revenue) AS cuts FROM report_revenue)
SELECT portfolio.abc_class(revenue, cuts) AS class,
       count(*) AS customers,
       round(100.0 * count(*) / sum(count(*)) OVER (), 1) AS "share of customers (%)",
       round(sum(revenue)::numeric, 2) AS "revenue ($)",
       round(100 * (sum(revenue) / sum(sum(revenue)) OVER ())::numeric, 1) AS "share of revenue (%)",
       round(min(revenue)::numeric, 2) AS "from ($)"
FROM report_revenue, cuts
GROUP BY 1
ORDER BY 1;

\echo
\echo '10. Key-account strategy (KAM portfolio, Millman & Wilson), high = above the portfolio average'
\echo '    attractiveness = 0.6 ln(1 + CLV 12 months) + 0.4 P(alive); our strength = 0.5 ln(1 + revenue so far)'
\echo '    + 0.5 ln(1 + repeat purchases); each criterion z-scored over all customers. Key accounts: the 100 most'
\echo '    attractive ("less is more"); the rest keep their strategy but are not key. A customer without a CLV counts 0.'
CREATE TEMP TABLE report_criteria AS
SELECT customer_id, (s).total_amount AS revenue,
       ARRAY[ln(1 + greatest(coalesce(clv, 0), 0)), p_alive] AS attractiveness,
       ARRAY[ln(1 + greatest((s).total_amount, 0)::float8), ln(1 + (s).frequency)] AS strength
FROM report_customers JOIN report_values USING (customer_id);
WITH scalers AS (
    SELECT portfolio.scaler_fit(attractiveness) AS a, portfolio.scaler_fit(strength) AS s
    FROM report_criteria
), scored AS (
    SELECT customer_id, revenue,
           portfolio.weighted_score(portfolio.scale(attractiveness, a, 'zscore'), '{0.6, 0.4}') AS attractiveness,
           portfolio.weighted_score(portfolio.scale(strength, s, 'zscore'), '{0.5, 0.5}') AS strength
    FROM report_criteria, scalers
), classified AS (
    SELECT portfolio.kam_strategy(attractiveness, strength, 0, 0) AS strategy, revenue,
           row_number() OVER (ORDER BY attractiveness DESC, customer_id) <= 100 AS key_account
    FROM scored
)
SELECT strategy, portfolio.kam_label(strategy) AS "strategy (en)", portfolio.kam_label(strategy, 'es') AS "estrategia (es)",
       count(*) AS customers, count(*) FILTER (WHERE key_account) AS "key accounts",
       round(sum(revenue)) AS "revenue ($)",
       round(100 * sum(revenue) / sum(sum(revenue)) OVER (), 1) AS "share of revenue (%)"
FROM classified
GROUP BY strategy
ORDER BY strategy;

DROP TABLE report_customers, report_models, report_values, report_calibration,
           report_calibration_models, report_revenue, report_criteria;
