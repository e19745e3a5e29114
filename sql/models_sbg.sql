-- sBG, the shifted-beta-geometric model of contractual churn: the published
-- fits, projections and DERL of Fader & Hardie's two cohorts, survival,
-- retention and DERL against plain-SQL sums of the same definitions, the
-- weighted and one-row-per-customer fits against each other, partial
-- states fitted apart and combined (as Citus's workers would) and a forced
-- parallel fit against the serial one, the simulator, and the fit's
-- standard errors (bad input: test/models_discrete_hostile.sql).
CREATE SCHEMA sbg_test;
SET search_path = sbg_test, public;
SET extra_float_digits = 0;

\i test/fixtures/plan_has.sql
\i test/fixtures/force_parallel.sql

-- Fader & Hardie (2007), "How to project customer retention", tables 1-2:
-- of 1,000 customers each, the share (%) still active at the start of years
-- 0..12; the model is fitted on years 0..7.
CREATE TABLE cohort_survival (cohort text, year int, pct float8);
INSERT INTO cohort_survival
SELECT 'regular', y - 1, pct FROM unnest(ARRAY[100, 63.1, 46.8, 38.2, 32.6, 28.9, 26.2, 24.1]::float8[]) WITH ORDINALITY AS v(pct, y)
UNION ALL
SELECT 'high end', y - 1, pct FROM unnest(ARRAY[100, 86.9, 74.3, 65.3, 59.3, 55.1, 51.7, 49.1, 46.8, 44.5, 42.7, 40.9, 39.4]::float8[]) WITH ORDINALITY AS v(pct, y);

-- The fit's rows: customers who churned in year t (t = 1..7), and those
-- still active after the 7 renewals of the calibration period.
CREATE TABLE cohort_rows AS
SELECT cohort, year AS t, true AS churned, round(10 * (lag(pct) OVER w - pct)) AS customers
  FROM cohort_survival WHERE year <= 7 WINDOW w AS (PARTITION BY cohort ORDER BY year)
UNION ALL
SELECT cohort, 7, false, round(10 * pct) FROM cohort_survival WHERE year = 7;
DELETE FROM cohort_rows WHERE customers IS NULL;

CREATE TABLE fits AS
SELECT cohort, portfolio.sbg_fit(t, churned, customers) AS m FROM cohort_rows GROUP BY cohort;

-- Published: regular alpha = 0.704, beta = 1.182; high end 0.668, 3.806.
SELECT cohort, round((m).alpha::numeric, 3) AS alpha, round((m).beta::numeric, 3) AS beta,
       round((m).loglik::numeric, 2) AS loglik, (m).customers, (m).converged
  FROM fits ORDER BY cohort;

-- The high-end projection for years 8..12, against the paper's 46.0, 43.6,
-- 41.4, 39.5, 37.8 (and the observed survival it compares them with).
SELECT s.year, round(100 * portfolio.sbg_survival(m, s.year)::numeric, 1) AS projected,
       abs(100 * portfolio.sbg_survival(m, s.year) - p.published) < 0.1 AS within_0_1,
       s.pct AS observed
  FROM fits, cohort_survival s,
       (VALUES (8, 46.0), (9, 43.6), (10, 41.4), (11, 39.5), (12, 37.8)) AS p(year, published)
 WHERE fits.cohort = 'high end' AND s.cohort = 'high end' AND s.year = p.year
 ORDER BY s.year;

-- Fader & Hardie (2010): DERL at d = 10% of a high-end customer who has made
-- 7 renewals, 7.530.
SELECT round(portfolio.sbg_derl(m, 7, 0.1)::numeric, 3) AS derl,
       round(portfolio.sbg_residual_value(m, 7, 100, 0.1)::numeric, 1) AS value_of_100_a_year
  FROM fits WHERE cohort = 'high end';

-- The standard errors (observed information) and 95% intervals.
SELECT cohort, parameter, round(estimate::numeric, 3) AS estimate, round(std_error::numeric, 3) AS std_error,
       round(ci_lower::numeric, 3) AS ci_lower, round(ci_upper::numeric, 3) AS ci_upper
  FROM fits, portfolio.model_parameters(m) ORDER BY cohort, parameter;

-- One row per customer fits the same histogram as the weighted rows: the
-- same fit, bit for bit.
SET extra_float_digits = 3;
SELECT cohort, (SELECT portfolio.sbg_fit(r.t, r.churned)
                  FROM cohort_rows r, generate_series(1, r.customers::int)
                 WHERE r.cohort = f.cohort)::text = m::text AS same_fit
  FROM fits f ORDER BY cohort;
SET extra_float_digits = 0;

-- ======================================================================
-- Survival, retention and DERL against plain SQL
-- ======================================================================

CREATE TABLE models AS
SELECT 'high end' AS name, m FROM fits WHERE cohort = 'high end'
UNION ALL SELECT 'small shapes', portfolio.sbg(0.05, 0.2)
UNION ALL SELECT 'large shapes', portfolio.sbg(15, 40)
UNION ALL SELECT 'alpha 1', portfolio.sbg(1, 1);

-- S(t) is the product of the retention rates (beta + k - 1) / (alpha + beta
-- + k - 1), k = 1..t, and r(t) = S(t) / S(t - 1).
SELECT count(*) AS survival_mismatches
  FROM models, generate_series(1, 60) t
 WHERE abs(portfolio.sbg_survival(m, t)
           - exp((SELECT sum(ln(((m).beta + k - 1) / ((m).alpha + (m).beta + k - 1))) FROM generate_series(1, t) k)))
       > 1e-12 * portfolio.sbg_survival(m, t)
    OR abs(portfolio.sbg_retention(m, t) - portfolio.sbg_survival(m, t) / portfolio.sbg_survival(m, t - 1)) > 1e-12;

-- DERL, the closed form, against the direct sum of S(n + 1 + k) / S(n) /
-- (1 + d)^k over k = 0..K, (1 + d)^-K = e^-40 (the rest is below 1e-15).
SELECT count(*) AS derl_mismatches
  FROM (SELECT name, m, n, d, portfolio.sbg_derl(m, n, d) AS closed,
               (SELECT sum(portfolio.sbg_survival(m, n + 1 + k) / portfolio.sbg_survival(m, n) / (1 + d) ^ k)
                  FROM generate_series(0, ceil(40 / ln(1 + d))::int) k) AS summed
          FROM models, unnest(ARRAY[0, 1, 7, 30]) n, unnest(ARRAY[0.01, 0.1, 0.5]::float8[]) d) q
 WHERE abs(closed - summed) > 1e-9 * summed;
SELECT count(*) AS derl_cases FROM models, unnest(ARRAY[0, 1, 7, 30]) n, unnest(ARRAY[0.01, 0.1, 0.5]::float8[]) d;

-- ======================================================================
-- Partial states and parallel plans
-- ======================================================================

-- The fit's state is a histogram: two shards' partial states, sent as text
-- (as a coordinator receives them) and combined, give the serial fit.
CREATE AGGREGATE sbg_partial(integer, boolean, double precision) (
    SFUNC = portfolio_internal.sbg_fit_accum_weighted, STYPE = portfolio.fit_histogram
);
SET extra_float_digits = 3;
SELECT cohort,
       portfolio_internal.sbg_fit_final(portfolio_internal.fit_histogram_combine(
           (SELECT sbg_partial(t, churned, customers)::text FROM cohort_rows r WHERE r.cohort = f.cohort AND t % 2 = 0)::portfolio.fit_histogram,
           (SELECT sbg_partial(t, churned, customers)::text FROM cohort_rows r WHERE r.cohort = f.cohort AND t % 2 = 1)::portfolio.fit_histogram))::text
       = m::text AS combined_is_serial
  FROM fits f ORDER BY cohort;
SELECT (SELECT sbg_partial(t, churned, customers) FROM cohort_rows WHERE cohort = 'regular')::text AS regular_state;

-- 200,000 simulated customers over 10 periods; a forced parallel fit is the
-- serial one to the last bit.
CREATE TABLE sim AS SELECT * FROM portfolio.sbg_simulate(portfolio.sbg(0.7, 1.2), 200000, 10, 2026);
ANALYZE sim;
SELECT pg_temp.force_serial();
CREATE TABLE serial_fit AS SELECT portfolio.sbg_fit(t, churned) AS m FROM sim;
SELECT pg_temp.force_parallel();
SELECT pg_temp.plan_has('SELECT portfolio.sbg_fit(t, churned) FROM sbg_test.sim',
                        '"Partial Mode": "Partial"') AS partial_aggregate;
SELECT (p)::text = (s)::text AS identical_fit
  FROM (SELECT portfolio.sbg_fit(t, churned) AS p FROM sim) a, (SELECT m AS s FROM serial_fit) b;
SELECT portfolio.sbg_fit(t, churned) IS NULL AS empty_parallel FROM sim WHERE t < 0;
RESET ALL;
SET search_path = sbg_test, public;
SET extra_float_digits = 0;

-- ======================================================================
-- The simulator
-- ======================================================================

-- The same seed gives the same rows; another seed others.
SELECT (SELECT string_agg(t || ':' || churned, ',' ORDER BY customer) FROM portfolio.sbg_simulate(portfolio.sbg(0.7, 1.2), 20, 10, 7))
     = (SELECT string_agg(t || ':' || churned, ',' ORDER BY customer) FROM portfolio.sbg_simulate(portfolio.sbg(0.7, 1.2), 20, 10, 7)) AS same_seed_same_rows,
       (SELECT string_agg(t || ':' || churned, ',' ORDER BY customer) FROM portfolio.sbg_simulate(portfolio.sbg(0.7, 1.2), 20, 10, 7))
     = (SELECT string_agg(t || ':' || churned, ',' ORDER BY customer) FROM portfolio.sbg_simulate(portfolio.sbg(0.7, 1.2), 20, 10, 8)) AS other_seed_same_rows;

-- The share still active after t renewals is S(t) within 4 standard errors,
-- and the fit recovers (0.7, 1.2) within 4 of its own standard errors.
SELECT count(*) AS survival_outside_4_se
  FROM generate_series(1, 10) t,
       LATERAL (SELECT avg((s.churned = false OR s.t > t.t)::int) AS share FROM sim s) o,
       LATERAL (SELECT portfolio.sbg_survival(portfolio.sbg(0.7, 1.2), t.t) AS s) e
 WHERE abs(o.share - e.s) > 4 * sqrt(e.s * (1 - e.s) / 200000);
SELECT parameter, abs(estimate - truth) < 4 * std_error AS within_4_se, std_error < 0.05 * truth AS se_below_5_percent
  FROM serial_fit, portfolio.model_parameters(m) p JOIN (VALUES ('alpha', 0.7), ('beta', 1.2)) v(name, truth) ON v.name = p.parameter
 ORDER BY parameter;
