-- The portfolio report printed by `make demo` and checked by test/demo.sh,
-- both through scripts/report.sh (which loads data/cdnow/load_cdnow.sql
-- first and runs psql -X -q -v ON_ERROR_STOP=1 -P pager=off).
-- Every number comes from the extension's functions over cdnow_transactions;
-- the text around them only names and explains them. Money is shown one
-- way, as the money type in the C locale ($1,234.56); no line is wider than
-- 100 characters (test/demo.sh checks), and the pager is never opened.

\set as_of 1998-06-30
\set bins 5
-- A cadence threshold no customer reaches: alert_level with it applies the
-- P(alive) rule alone (see section 4).
\set never 1e300
\pset pager off
\pset footer off
\pset null '-'
SET lc_monetary = 'C';

-- One summary per customer, shared by every section.
CREATE TEMP TABLE report_customers AS
SELECT customer_id, portfolio.summarize(txn_date, amount, :'as_of'::date) AS s
FROM cdnow_transactions
GROUP BY customer_id;

-- BG/NBD and Gamma-Gamma fitted on every customer's history up to as_of, in
-- weeks (recency and age in days / 7), for P(alive) in the alerts and for
-- CLV: 12 months of 4.345 weeks, discounted at 1% a month. Gamma-Gamma
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
-- The alert, and which of its two rules gave it: the cadence rule alone is
-- alert_level without a model, the P(alive) rule alone is alert_level with
-- cadence thresholds nobody reaches; the alert is the worse of the two.
CREATE TEMP TABLE report_alerts AS
SELECT customer_id, alert,
       CASE WHEN alert = 'green' THEN '-'
            WHEN by_cadence = alert AND by_p_alive = alert THEN 'both'
            WHEN by_cadence = alert THEN 'cadence'
            ELSE 'P(alive)' END AS rule
FROM (SELECT customer_id,
             portfolio.alert_level(s, p_alive) AS alert,
             portfolio.alert_level(s) AS by_cadence,
             portfolio.alert_level(s, p_alive, :never, :never) AS by_p_alive
      FROM report_customers JOIN report_values USING (customer_id)) AS a;

\echo
\echo 'CDNOW customer portfolio, as of' :as_of
\echo 'CD purchases of the customers who first bought in 1997-Q1 (Fader, Hardie & Lee 2005).'
\echo 'Words used throughout: a transaction is one row of the log (amount >= 0); a customer''s'
\echo 'transactions on one day make one purchase day; repeat purchases are the purchase days after'
\echo 'the first (the models'' "frequency"). Money in US dollars.'

\echo
\echo '1. Overview'
\pset expanded on
\pset tuples_only on
SELECT pg_catalog.to_char(count(*), 'FM999,999,999') AS "customers",
       pg_catalog.to_char(sum((s).transactions), 'FM999,999,999') AS "transactions",
       pg_catalog.to_char(sum((s).periods), 'FM999,999,999') AS "purchase days",
       pg_catalog.to_char(sum((s).frequency), 'FM999,999,999') AS "repeat purchases",
       sum((s).total_amount)::money AS "revenue",
       (sum((s).total_amount) / sum((s).transactions))::money AS "average transaction",
       pg_catalog.to_char(100 * portfolio.repeat_purchase_rate(s), 'FM990.0')
           || '% (customers with a repeat purchase)' AS "repeat purchase rate",
       min((s).first_date) || ' .. ' || max((s).last_date) AS "purchase dates"
FROM report_customers;
\pset tuples_only off
\pset expanded off

\echo
\echo '2. RFM segments'
\echo 'Each customer gets three scores from 1 to' :bins '(quintiles of the portfolio): R from days'
\echo 'since the last purchase (recent = high), F from transactions, M from revenue; the segment is'
\echo 'the first rule of portfolio.rfm_segments, in priority order, that the scores match.'
\echo 'Per customer: the revenue of the segment / its customers.'
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
       round(100.0 * coalesce(b.customers, 0) / sum(b.customers) OVER (), 1) AS "% of customers",
       coalesce(b.revenue, 0.00)::money AS revenue,
       round(100.0 * coalesce(b.revenue, 0) / sum(b.revenue) OVER (), 1) AS "% of revenue",
       (b.revenue / b.customers)::money AS "per customer"
FROM segments AS g
FULL JOIN by_segment AS b ON b.segment = g.name
ORDER BY g.priority NULLS LAST, 1;

\echo
\echo '3. Monthly cohort retention'
\echo 'Customers grouped by the month of their first purchase (the cohort; its size in brackets):'
\echo 'the % of each cohort that bought in month n after that first month (0 = the first month).'
SELECT to_char(cohort, 'YYYY-MM') || ' (' || cohort_size || ')' AS "cohort (customers)",
       period AS month, round(100 * retention)::int AS pct
FROM portfolio.cohort_retention('cdnow_transactions', 'customer_id', 'txn_date', 'amount',
                                'month', :'as_of')
ORDER BY period, cohort
\crosstabview month "cohort (customers)" pct

\echo
\echo '4. Lifecycle and alerts'
\echo 'A customer''s cadence is its usual gap: the mean days between its purchase days (at least 7;'
\echo '90 for a customer with one purchase day). overdue = days since the last purchase / cadence.'
\echo 'Stage (portfolio.lifecycle_stage): active up to overdue 1.5, at_risk above 1.5, lapsed above'
\echo '2.5, lost above 4; reactivated: not overdue, but its last gap was over 2.5 earlier cadences.'
\echo 'Alert (portfolio.alert_level): the worse of two rules. Cadence: yellow when overdue is above'
\echo '1, red above 1.5. P(alive) from the BG/NBD model fitted on all data (section 6): yellow below'
\echo '0.5, red below 0.2. So a customer likely alive can still be red: it is late for its own rhythm.'
SELECT portfolio.lifecycle_stage(s) AS stage,
       count(*) FILTER (WHERE alert = 'green') AS green,
       count(*) FILTER (WHERE alert = 'yellow') AS yellow,
       count(*) FILTER (WHERE alert = 'red') AS red,
       count(*) AS customers,
       sum((s).total_amount)::money AS revenue
FROM report_customers JOIN report_alerts USING (customer_id)
GROUP BY 1
ORDER BY 1;
\echo
\echo 'Which rule gave the yellow and red alerts (customers):'
SELECT alert,
       count(*) FILTER (WHERE rule = 'cadence') AS "cadence only",
       count(*) FILTER (WHERE rule = 'P(alive)') AS "P(alive) only",
       count(*) FILTER (WHERE rule = 'both') AS "both rules",
       count(*) AS customers
FROM report_alerts
WHERE alert <> 'green'
GROUP BY 1
ORDER BY 1;

\echo
\echo '5. Customers most at risk'
\echo 'Red alert and at least one repeat purchase, highest CLV first. CLV: the value expected from'
\echo 'the customer in the next 12 months (section 8). Days silent: days since the last purchase;'
\echo 'usual gap: the cadence in days; rule: which alert rule (section 4) made it red.'
SELECT customer_id AS customer, round(clv::numeric, 2)::money AS "CLV",
       round(p_alive::numeric, 3) AS "P(alive)", (s).frequency AS "repeat purchases",
       (s).days_since_last AS "days silent", round((s).mean_gap) AS "usual gap",
       portfolio.lifecycle_stage(s) AS stage, rule
FROM report_customers JOIN report_values USING (customer_id) JOIN report_alerts USING (customer_id)
WHERE alert = 'red' AND (s).frequency >= 1
ORDER BY clv DESC NULLS LAST, customer_id
LIMIT 10;

\echo
\echo '6. The lifetime-value models'
\echo 'Two fits of each model, in weeks. The fit on all data up to' :as_of 'gives P(alive) and CLV'
\echo '(sections 4, 5, 8, 10); the fit on the 39-week calibration period up to 1997-09-30 is'
\echo 'checked against what happened next (section 7). BG/NBD: purchase rates are gamma(r, alpha)'
\echo 'across customers, and after each purchase a customer drops out with a probability that is'
\echo 'beta(a, b). Gamma-Gamma: spend per purchase day, fitted on the repeat buyers with positive'
\echo 'spend (p, q, v). Converged: the optimiser reached a maximum of the likelihood.'
CREATE TEMP TABLE report_calibration AS
SELECT customer_id, portfolio.summarize(txn_date, amount, '1997-09-30') AS s
FROM cdnow_transactions
GROUP BY customer_id;
CREATE TEMP TABLE report_calibration_models AS
SELECT portfolio.bgnbd_fit((s).frequency, (s).recency / 7, (s).age / 7) AS bg,
       portfolio.gg_fit((s).frequency, (s).monetary) FILTER (WHERE (s).monetary > 0) AS gg
FROM report_calibration;
SELECT fit AS "data up to", model, parameters, customers, converged
FROM (SELECT 1 AS o, :'as_of' AS fit, bg, gg FROM report_models
      UNION ALL
      SELECT 2, '1997-09-30', bg, gg FROM report_calibration_models) AS f,
     LATERAL (
         SELECT 'BG/NBD' AS model,
                format('r = %s, alpha = %s, a = %s, b = %s',
                       round((bg).r::numeric, 3), round((bg).alpha::numeric, 3),
                       round((bg).a::numeric, 3), round((bg).b::numeric, 3)) AS parameters,
                (bg).customers, CASE WHEN (bg).converged THEN 'yes' ELSE 'NO' END AS converged
         UNION ALL
         SELECT 'Gamma-Gamma',
                format('p = %s, q = %s, v = %s', round((gg).p::numeric, 3),
                       round((gg).q::numeric, 3), round((gg).v::numeric, 3)),
                (gg).customers, CASE WHEN (gg).converged THEN 'yes' ELSE 'NO' END) AS m
ORDER BY o, model;

\echo
\echo '7. Holdout check: the calibration fit forecasts weeks 40-78 (1997-10-01 .. 1998-06-30)'
\echo 'Every purchase then is a repeat purchase (all customers first bought in 1997-Q1). Error ='
\echo '(forecast - actual) / actual; negative: the model expected less than happened.'
\pset expanded on
\pset tuples_only on
SELECT pg_catalog.to_char(forecast, 'FM999,999') AS "repeat purchases, forecast",
       pg_catalog.to_char(actual, 'FM999,999') AS "repeat purchases, actual",
       pg_catalog.to_char(100 * (forecast - actual) / actual, 'FMS990.0') || '%' AS "repeat purchases, error",
       revenue_forecast::money AS "revenue, forecast",
       revenue_actual::money AS "revenue, actual",
       pg_catalog.to_char(100 * (revenue_forecast - revenue_actual) / revenue_actual, 'FMS990.0')
           || '%' AS "revenue, error"
FROM (SELECT round(sum(portfolio.bgnbd_expected(bg, 39, (s).frequency, (s).recency / 7,
                                               (s).age / 7))::numeric) AS forecast,
             (SELECT count(DISTINCT (customer_id, txn_date)) FROM cdnow_transactions
               WHERE txn_date > '1997-09-30') AS actual,
             round(sum(portfolio.gg_expected_spend(gg, (s).frequency, (s).monetary)
                       * portfolio.bgnbd_expected(bg, 39, (s).frequency, (s).recency / 7,
                                                  (s).age / 7))::numeric, 2) AS revenue_forecast,
             (SELECT sum(amount) FROM cdnow_transactions
               WHERE txn_date > '1997-09-30') AS revenue_actual
      FROM report_calibration, report_calibration_models
      WHERE (s).frequency = 0 OR (s).monetary > 0) AS h;
\pset tuples_only off
\pset expanded off

\echo 'Week by week (portfolio.purchase_tracking): repeat purchases since 1997-01-01, running'
\echo 'totals, actual and as the calibration fit expects for customers who started on different days.'
SELECT t.period AS week, t.period_end AS "week ends",
       CASE WHEN t.holdout THEN 'holdout' ELSE 'calibration' END AS "part",
       pg_catalog.to_char(t.cumulative_actual, 'FM999,999') AS actual,
       pg_catalog.to_char(t.cumulative_expected, 'FM999,999') AS expected,
       pg_catalog.to_char(100 * (t.cumulative_expected - t.cumulative_actual) / t.cumulative_actual,
                          'FMS990.0') || '%' AS error
FROM report_calibration_models AS m,
     portfolio.purchase_tracking('cdnow_transactions', 'customer_id', 'txn_date',
                                 DATE '1997-09-30', DATE '1998-06-30', 'week', m.bg) AS t
WHERE t.period % 13 = 0
ORDER BY t.period;
\echo 'Read the CLV figures below as estimates of this quality: a forecast this far below the'
\echo 'actual suggests they are more likely too low than too high.'

\echo
\echo '8. Top customers by CLV'
\echo 'CLV: expected spend per purchase day (Gamma-Gamma) times the purchase days expected (BG/NBD)'
\echo 'in each of the next 12 months of 4.345 weeks, month i divided by 1.01^i (1% a month); the'
\echo 'models fitted on all data (section 6). Alert: level and the rule that gave it (section 4).'
SELECT customer_id AS customer, round(clv::numeric, 2)::money AS "CLV",
       round(p_alive::numeric, 3) AS "P(alive)",
       (s).frequency AS "repeat purchases", (s).total_amount::money AS "revenue so far",
       (s).days_since_last AS "days silent",
       alert || CASE WHEN rule <> '-' THEN ' (' || rule || ')' ELSE '' END AS alert
FROM report_customers JOIN report_values USING (customer_id) JOIN report_alerts USING (customer_id)
ORDER BY clv DESC NULLS LAST, customer_id
LIMIT 10;

\echo
\echo '9. Concentration of revenue (net revenue per customer)'
\echo 'Gini: 0 when every customer brings the same, 1 when one brings everything. HHI: the sum of'
\echo 'squared revenue shares; usual reading (US merger guidelines, 2010): below 0.15 unconcentrated,'
\echo '0.15 to 0.25 moderately, above 0.25 highly concentrated. 1 / HHI is the equivalent number of'
\echo 'equal customers.'
CREATE TEMP TABLE report_revenue AS
SELECT customer_id, (s).total_amount::float8 AS revenue FROM report_customers;
\pset expanded on
\pset tuples_only on
SELECT round(gini::numeric, 3) AS "Gini coefficient",
       round(hhi::numeric, 6) || CASE WHEN hhi < 0.15 THEN ' (unconcentrated)'
                                      WHEN hhi <= 0.25 THEN ' (moderately concentrated)'
                                      ELSE ' (highly concentrated)' END
           AS "Herfindahl-Hirschman index (HHI)",
       pg_catalog.to_char(round((1 / hhi)::numeric), 'FM999,999,999')
           || ' (of ' || pg_catalog.to_char(customers, 'FM999,999,999') || ' customers)'
           AS "equivalent customers (1 / HHI)",
       round(100 * top1::numeric, 1) || '%' AS "revenue of the top 1% of customers",
       round(100 * top20::numeric, 1) || '%' AS "revenue of the top 20% of customers"
FROM (SELECT portfolio.gini(revenue) AS gini, portfolio.hhi(revenue) AS hhi, count(*) AS customers,
             portfolio.top_share(revenue, 0.01) AS top1, portfolio.top_share(revenue, 0.20) AS top20
      FROM report_revenue) AS c;
\pset tuples_only off
\pset expanded off
\echo
\echo 'Lorenz curve: the % of revenue brought by the bottom x% of customers'
SELECT 'bottom x% of customers' AS " ", (10 * (j - 1))::text AS x, round(100 * share::numeric, 1) AS pct
FROM (SELECT portfolio.lorenz(revenue, 10) AS l FROM report_revenue) AS c,
     unnest(l) WITH ORDINALITY AS u(share, j)
WHERE j BETWEEN 2 AND 10
ORDER BY j
\crosstabview 1 x pct
\echo
\echo 'ABC classes (portfolio.abc_cuts, 80/15/5): customers ranked by revenue, largest first; A are'
\echo 'those who together bring the first 80% of revenue, B the next 15%, C the last 5%. Smallest:'
\echo 'the revenue of the smallest customer in the class, i.e. the threshold to enter it.'
WITH cuts AS (SELECT portfolio.abc_cuts(revenue) AS cuts FROM report_revenue)
SELECT portfolio.abc_class(revenue, cuts) AS class,
       count(*) AS customers,
       round(100.0 * count(*) / sum(count(*)) OVER (), 1) AS "% of customers",
       round(sum(revenue)::numeric, 2)::money AS revenue,
       round(100 * (sum(revenue) / sum(sum(revenue)) OVER ())::numeric, 1) AS "% of revenue",
       round(min(revenue)::numeric, 2)::money AS "smallest"
FROM report_revenue, cuts
GROUP BY 1
ORDER BY 1;

\echo
\echo '10. Key-account strategy (KAM portfolio, Millman & Wilson)'
\echo 'Attractiveness = 0.6 ln(1 + CLV) + 0.4 P(alive); our strength = 0.5 ln(1 + revenue so far)'
\echo '+ 0.5 ln(1 + repeat purchases); each criterion z-scored over all customers (a customer without'
\echo 'a CLV counts 0). High = above the portfolio average; the strategy (portfolio.kam_strategy) is'
\echo 'the quadrant. Key accounts: the 100 most attractive ("less is more"); the others keep their'
\echo 'strategy but are not key.'
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
           portfolio.weighted_score(portfolio.scale(attractiveness, a, 'zscore'), '{0.6, 0.4}')
               AS attractiveness,
           portfolio.weighted_score(portfolio.scale(strength, s, 'zscore'), '{0.5, 0.5}')
               AS strength
    FROM report_criteria, scalers
), classified AS (
    SELECT portfolio.kam_strategy(attractiveness, strength, 0, 0) AS strategy, revenue,
           row_number() OVER (ORDER BY attractiveness DESC, customer_id) <= 100 AS key_account
    FROM scored
)
SELECT strategy, portfolio.kam_label(strategy) AS meaning,
       count(*) AS customers, count(*) FILTER (WHERE key_account) AS "key accounts",
       sum(revenue)::money AS revenue,
       round(100 * sum(revenue) / sum(sum(revenue)) OVER (), 1) AS "% of revenue"
FROM classified
GROUP BY strategy
ORDER BY strategy;

DROP TABLE report_customers, report_models, report_values, report_alerts, report_calibration,
           report_calibration_models, report_revenue, report_criteria;
