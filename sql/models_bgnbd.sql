-- BG/NBD: the model type and its constructor, P(alive), expected purchases
-- and P(X(t) = n) against closed forms and a plain-SQL series, the edges
-- (frequency 0, recency = age, x > 300, huge ages and horizons), the fitting
-- aggregate (NULL, empty, penalizer, units, its state's text form), a forced
-- parallel fit against the serial one, and the simulator (bad input:
-- test/models_hostile.sql).
-- The published CDNOW values are in test/models_cdnow.sql; recovery of known
-- parameters from a million simulated customers in test/models_recovery.sql.
CREATE SCHEMA bgnbd_test;
SET search_path = bgnbd_test, public;
SET extra_float_digits = 0;

\i test/fixtures/plan_has.sql
\i test/fixtures/force_parallel.sql

-- The CDNOW fit (weeks), from lifetimes; test/models_cdnow.sql fits it.
CREATE TABLE models AS
SELECT 'cdnow' AS name, portfolio.bgnbd(0.242594150135163, 4.41358992619427,
                                        0.792919156817962, 2.42589514735171) AS m
UNION ALL SELECT 'a_above_1', portfolio.bgnbd(0.5, 8, 2.5, 4)
UNION ALL SELECT 'a_is_1', portfolio.bgnbd(1.2, 3, 1, 1.5);

-- ======================================================================
-- The model type
-- ======================================================================

SELECT (m).* FROM models WHERE name = 'cdnow';
SELECT portfolio.bgnbd(1, 2, 3, NULL) IS NULL AS strict;

-- ======================================================================
-- P(alive)
-- ======================================================================

-- Closed form 1 / (1 + a/(b+x-1) ((alpha+T)/(alpha+t_x))^(r+x)) in plain SQL,
-- over a grid of histories, for every model: the largest relative difference.
CREATE TABLE histories AS
SELECT x::float8 AS x, (CASE WHEN x = 0 THEN 0 ELSE tx END)::float8 AS tx, age::float8 AS age
  FROM generate_series(0, 12, 3) x, (VALUES (0.5), (10), (30.43), (38.86)) r(tx),
       (VALUES (38.86), (52)) g(age)
 WHERE tx <= age
UNION SELECT 0, 0, 0;
SELECT name, count(*) AS histories,
       max(abs(portfolio.bgnbd_p_alive(m, x, tx, age) - plain) / plain) < 1e-13 AS matches
  FROM models, histories,
       LATERAL (SELECT CASE WHEN x = 0 THEN 1
                       ELSE 1 / (1 + (m).a / ((m).b + x - 1)
                                 * power(((m).alpha + age) / ((m).alpha + tx), (m).r + x)) END AS plain) p
 GROUP BY name ORDER BY name;

-- Edges: no repeat purchase (1), recency = age, x > 300 long silent or just
-- bought, huge ages; always within [0, 1].
SELECT x, tx::float8, age::float8, round(portfolio.bgnbd_p_alive(m, x, tx, age)::numeric, 10) AS p_alive
  FROM models, (VALUES (0, 0, 38.86), (2, 30.43, 38.86), (2, 38.86, 38.86),
                       (350, 10, 38.86), (350, 38.86, 38.86), (100000, 1, 38.86),
                       (5, 1, 1e9), (5, 1e9, 1e9), (1, 0, 1e300), (1, 1e300, 1e300),
                       (3, 0, 0)) h(x, tx, age)
 WHERE name = 'cdnow';

SELECT portfolio.bgnbd_p_alive(m, NULL, 1, 2) IS NULL AS strict FROM models WHERE name = 'cdnow';

-- ======================================================================
-- Expected purchases
-- ======================================================================

-- E[X(t)] against the Fader-Hardie-Lee closed form with a plain-SQL series
-- for 2F1(r, b; a+b-1; z), where it converges fast (a > 1, z <= 1/2).
CREATE FUNCTION hyp2f1(a float8, b float8, c float8, z float8) RETURNS float8
LANGUAGE sql IMMUTABLE AS $$
    WITH RECURSIVE term(n, value) AS (
        SELECT 0, 1::float8
        UNION ALL
        SELECT n + 1, value * (a + n) * (b + n) / ((c + n) * (n + 1)) * z
          FROM term WHERE n < 400 AND abs(value) > 1e-30)
    SELECT sum(value) FROM term
$$;
SELECT t, round(portfolio.bgnbd_expected(m, t)::numeric, 10) AS expected,
       abs(portfolio.bgnbd_expected(m, t) - plain) / plain < 1e-11 AS matches_series
  FROM models, (VALUES (1), (4), (8)) v(t),
       LATERAL (SELECT ((m).a + (m).b - 1) / ((m).a - 1)
                       * (1 - power((m).alpha / ((m).alpha + t), (m).r)
                          * hyp2f1((m).r, (m).b, (m).a + (m).b - 1, t / ((m).alpha + t))) AS plain) p
 WHERE name = 'a_above_1' ORDER BY t;

-- E[Y(t) | history] against the same closed form with the history terms.
SELECT x, tx, age, t,
       abs(portfolio.bgnbd_expected(m, t, x, tx, age) - plain) / plain < 1e-11 AS matches_series
  FROM models, (VALUES (0, 0, 20, 10), (1, 5, 20, 10), (4, 18, 20, 15), (30, 19, 20, 19)) h(x, tx, age, t),
       LATERAL (SELECT ((m).a + (m).b + x - 1) / ((m).a - 1)
                       * (1 - power(((m).alpha + age) / ((m).alpha + age + t), (m).r + x)
                          * hyp2f1((m).r + x, (m).b + x, (m).a + (m).b + x - 1, t / ((m).alpha + age + t)))
                       / (1 + CASE WHEN x > 0 THEN (m).a / ((m).b + x - 1)
                                   * power(((m).alpha + age) / ((m).alpha + tx), (m).r + x) ELSE 0 END) AS plain) p
 WHERE name = 'a_above_1' ORDER BY x;

-- A customer seen at age 0 without repeat purchases is a new customer.
SELECT name, bool_and(abs(portfolio.bgnbd_expected(m, t, 0, 0, 0) - portfolio.bgnbd_expected(m, t))
                      <= 1e-12 * portfolio.bgnbd_expected(m, t)) AS same
  FROM models, (VALUES (0.5), (3), (39), (500)) v(t) GROUP BY name ORDER BY name;

-- Nothing is expected in no time; more time, more purchases.
SELECT name, portfolio.bgnbd_expected(m, 0) AS new_customer,
       portfolio.bgnbd_expected(m, 0, 2, 30.43, 38.86) AS with_history
  FROM models ORDER BY name;
SELECT name, bool_and(e2 > e1) AS increasing
  FROM models, LATERAL (SELECT t, portfolio.bgnbd_expected(m, t) AS e1,
                               portfolio.bgnbd_expected(m, t * 1.5 + 1) AS e2
                          FROM generate_series(0, 200, 10) t) g
 GROUP BY name ORDER BY name;

-- Edges: x > 300, recency = age, huge ages and horizons stay finite.
SELECT x, tx, age, t, round(portfolio.bgnbd_expected(m, t, x, tx, age)::numeric, 6) AS expected
  FROM models, (VALUES (2, 30.43, 38.86, 39), (2, 38.86, 38.86, 39), (350, 38.86, 38.86, 39),
                       (350, 5, 38.86, 39), (0, 0, 1e9, 39), (5, 1e9, 1e9, 39),
                       (5, 1e9, 1e9, 1e6), (2, 30.43, 38.86, 1e12)) h(x, tx, age, t)
 WHERE name = 'cdnow';
SELECT round(portfolio.bgnbd_expected(m, 1e12)::numeric, 3) AS long_horizon_a_above_1
  FROM models WHERE name = 'a_above_1';
-- a = 1: the expectation grows like ln t, finite however long (a < 1 grows
-- like t^(1 - a), beyond float8 for such a horizon: test/models_hostile.sql).
SELECT round(portfolio.bgnbd_expected(portfolio.bgnbd(1e6, 1e-6, 1, 1), 1e300)::numeric, 6) AS a_is_1;

-- ======================================================================
-- P(X(t) = n)
-- ======================================================================

-- n = 0 and n = 1 by their closed forms: (alpha/(alpha+t))^r, and
-- b/(a+b) r (alpha/(alpha+t))^r t/(alpha+t) + a/(a+b) (1 - (alpha/(alpha+t))^r).
SELECT name, t,
       abs(portfolio.bgnbd_pmf(m, 0, t) - p0) <= 1e-13 AS n0,
       abs(portfolio.bgnbd_pmf(m, 1, t) - p1) <= 1e-13 AS n1
  FROM models, (VALUES (1), (39), (1000)) v(t),
       LATERAL (SELECT power((m).alpha / ((m).alpha + t), (m).r) AS p0) z,
       LATERAL (SELECT (m).b / ((m).a + (m).b) * (m).r * p0 * t / ((m).alpha + t)
                       + (m).a / ((m).a + (m).b) * (1 - p0) AS p1) o
 ORDER BY name, t;

-- The probabilities add up to 1, and their mean is E[X(t)] (a > 1: the tail is thin).
SELECT name, t, round(sum(portfolio.bgnbd_pmf(m, n, t))::numeric, 9) AS total,
       abs(sum(n * portfolio.bgnbd_pmf(m, n, t)) - portfolio.bgnbd_expected(m, t))
           < 1e-6 * portfolio.bgnbd_expected(m, t) AS mean_is_expected
  FROM models, (VALUES (5), (39)) v(t), generate_series(0, 3000) n
 WHERE name = 'a_above_1' GROUP BY name, t, m ORDER BY t;
SELECT n, portfolio.bgnbd_pmf(m, n, 39) BETWEEN 0 AND 1 AS probability
  FROM models, (VALUES (0), (1), (350), (100000), (2147483647)) v(n) WHERE name = 'cdnow';

-- ======================================================================
-- bgnbd_fit
-- ======================================================================

-- 20,000 customers simulated from a known model, observed for 52 periods.
CREATE TABLE sim AS
SELECT customer, count(*) - 1 AS x, max(t) AS tx, 52::float8 AS age
  FROM portfolio.bgnbd_simulate(portfolio.bgnbd(0.8, 6, 1.5, 4), 20000, 52, 7) GROUP BY customer;
ALTER TABLE sim ALTER COLUMN x TYPE float8;
ANALYZE sim;

CREATE TABLE fit AS SELECT portfolio.bgnbd_fit(x, tx, age) AS m FROM sim;
SELECT (m).customers, (m).converged, (m).unit,
       abs((m).r / 0.8 - 1) < 0.2 AND abs((m).alpha / 6 - 1) < 0.2 AND
       abs((m).a / 1.5 - 1) < 0.35 AND abs((m).b / 4 - 1) < 0.35 AS near_truth
  FROM fit;
-- The log-likelihood in plain SQL (FHL 2005, eq. 6), with ln Gamma(r+x) -
-- ln Gamma(r) and ln B(a, b+x) - ln B(a, b) written as sums over j < x.
CREATE FUNCTION plain_loglik(r float8, alpha float8, a float8, b float8) RETURNS float8
LANGUAGE sql STABLE AS $$
    SELECT sum(lx + r * ln(alpha) + greatest(a3, a4) + ln(1 + exp(least(a3, a4) - greatest(a3, a4))))
      FROM bgnbd_test.sim,
           LATERAL (SELECT coalesce(sum(ln(r + j) + ln((b + j) / (a + b + j))), 0) AS lx
                      FROM generate_series(0, x::int - 1) j) g,
           LATERAL (SELECT -(r + x) * ln(alpha + age) AS a3,
                           CASE WHEN x > 0 THEN ln(a) - ln(b + x - 1) - (r + x) * ln(alpha + tx)
                                ELSE '-Infinity' END AS a4) t
$$;
SELECT abs((m).loglik / plain_loglik((m).r, (m).alpha, (m).a, (m).b) - 1) < 1e-12 AS loglik_matches
  FROM fit;
-- And it is a maximum: moving any parameter by 1% either way lowers it.
SELECT bool_and(plain_loglik((m).r * fr, (m).alpha * fal, (m).a * fa, (m).b * fb) < (m).loglik) AS is_maximum
  FROM fit, (VALUES (1.01, 1, 1, 1), (0.99, 1, 1, 1), (1, 1.01, 1, 1), (1, 0.99, 1, 1),
                    (1, 1, 1.01, 1), (1, 1, 0.99, 1), (1, 1, 1, 1.01), (1, 1, 1, 0.99)) f(fr, fal, fa, fb);

-- The same rows in another order, or fed as summaries' fields, give the same fit.
SELECT (SELECT portfolio.bgnbd_fit(x, tx, age ORDER BY random()) FROM sim) = m AS order_free
  FROM fit;

-- Penalised: lifetimes' penalizer_coef shrinks r^2 + (alpha / max age)^2 +
-- a^2 + b^2 (not always each term: at 0.001 alpha grows a little), and at
-- 0.1 every parameter.
SELECT lambda, (pm).converged,
       (pm).r ^ 2 + ((pm).alpha / 52) ^ 2 + (pm).a ^ 2 + (pm).b ^ 2
           < (m).r ^ 2 + ((m).alpha / 52) ^ 2 + (m).a ^ 2 + (m).b ^ 2 AS penalty_shrinks,
       (pm).r < (m).r AND (pm).alpha < (m).alpha AND (pm).a < (m).a AND (pm).b < (m).b AS each_shrinks
  FROM fit, (VALUES (0.001), (0.1)) v(lambda),
       LATERAL (SELECT portfolio.bgnbd_fit(x, tx, age, lambda) AS pm FROM sim) p
 ORDER BY lambda;
SELECT (SELECT portfolio.bgnbd_fit(x, tx, age, 0) FROM sim) = m AS zero_is_plain FROM fit;

-- NULL rows are skipped; no rows, or only NULLs, give NULL.
SELECT (portfolio.bgnbd_fit(x, tx, age)).customers AS with_nulls
  FROM (VALUES (1::float8, 1::float8, 5::float8), (NULL, 1, 5), (2, NULL, 5), (0, 0, NULL), (0, 0, 5)) v(x, tx, age);
SELECT portfolio.bgnbd_fit(x, tx, age) IS NULL AS only_nulls
  FROM (VALUES (NULL::float8, NULL::float8, NULL::float8)) v(x, tx, age);
SELECT portfolio.bgnbd_fit(x, tx, age) IS NULL AS empty FROM sim WHERE false;

-- Degenerate data do not give garbage: no repeat purchase at all, or a
-- single customer, is not enough to identify the model.
SELECT (m).converged, (m).customers,
       (m).r > 0 AND (m).alpha > 0 AND (m).a > 0 AND (m).b > 0 AS positive
  FROM (SELECT portfolio.bgnbd_fit(0, 0, 30 + i % 3) AS m FROM generate_series(1, 100) i) f;
SELECT (m).converged, (m).customers FROM (SELECT portfolio.bgnbd_fit(3, 20, 30) AS m) f;

-- From summaries: the unit is recorded, and units cannot be mixed.
CREATE TABLE orders (customer int, day date, amount numeric);
INSERT INTO orders
SELECT customer, date '2024-01-01' + (t * 7)::int, 10
  FROM portfolio.bgnbd_simulate(portfolio.bgnbd(0.8, 6, 1.5, 4), 2000, 52, 11);
SELECT (m).unit, (m).customers, (m).converged
  FROM (SELECT portfolio.bgnbd_fit(s) AS m
          FROM (SELECT portfolio.summarize(day, amount, '2024-12-29', 'week') AS s
                  FROM orders GROUP BY customer) c) f;
SELECT portfolio.bgnbd_fit(NULL::portfolio.summary) IS NULL AS null_summary;

-- ======================================================================
-- The state: text form, combine
-- ======================================================================

-- A fit's state in text and back fits the same model.
SELECT 'model=bgnbd; penalizer=0; 0 0 10 3; 2 4.5 10 1; 1 9.75 10 2'::portfolio.fit_histogram;
SELECT 'model=bgnbd; unit=week; penalizer=0.5;0 0 1e-300 2'::portfolio.fit_histogram;
SELECT 'model=gamma_gamma; 2 22.35 1; 1 0.1 4'::portfolio.fit_histogram;
SELECT 'model=bgnbd; penalizer=0'::portfolio.fit_histogram AS empty,
       portfolio_internal.bgnbd_fit_final('model=bgnbd; penalizer=0') IS NULL AS fits_nothing;
-- Repeated histories merge; values keep every bit.
SELECT 'model=bgnbd; penalizer=0; 1 0.1 0.30000000000000004 2; 1 0.1 0.30000000000000004 5'::portfolio.fit_histogram;
SELECT portfolio_internal.bgnbd_fit_final(portfolio_internal.fit_histogram_in(portfolio_internal.fit_histogram_out(
           portfolio_internal.bgnbd_fit_accum(portfolio_internal.bgnbd_fit_accum(NULL, 1, 1, 2), 0, 0, 2))))
     = portfolio.bgnbd_fit(x, tx, 2) AS round_trip
  FROM (VALUES (1, 1), (0, 0)) v(x, tx);

-- Forced parallel: two workers fit partial histograms, combined, and the
-- fit is the serial one to the last bit (the histogram is sorted before
-- fitting, so the optimiser sees the same input).
CREATE TABLE big AS SELECT s.* FROM sim s, generate_series(1, 5);
ANALYZE big;
SELECT pg_temp.force_serial();
CREATE TABLE serial_fit AS SELECT portfolio.bgnbd_fit(x, tx, age) AS m FROM big;
SELECT pg_temp.force_parallel();
SELECT pg_temp.plan_has('SELECT portfolio.bgnbd_fit(x, tx, age) FROM bgnbd_test.big',
                        '"Partial Mode": "Partial"') AS partial_aggregate;
SET extra_float_digits = 3;
SELECT (m).customers, (m)::text = (s)::text AS identical_fit
  FROM (SELECT portfolio.bgnbd_fit(x, tx, age) AS m FROM big) p, (SELECT m AS s FROM serial_fit) q;
-- No rows in any worker: NULL through combine.
SELECT portfolio.bgnbd_fit(x, tx, age) IS NULL AS empty_parallel FROM big WHERE x < 0;
RESET ALL;
SET search_path = bgnbd_test, public;
SET extra_float_digits = 0;

-- ======================================================================
-- P(alive) at T + t, DERT, CLV by period, the parameters' errors
-- ======================================================================

-- P(alive at T + t) counts the drop-outs future purchases bring: at t = 0
-- it is P(alive); it falls with t; for a customer without repeat purchases
-- it is the mean of (1 + p s)^-(r + x) over p ~ Beta(a, b + x), here
-- against a plain-SQL midpoint sum over p (2,000 points) of the Beta density.
SELECT count(*) AS mismatches FROM models, histories
 WHERE portfolio.bgnbd_p_alive_future(m, 0, x, tx, age) <> portfolio.bgnbd_p_alive(m, x, tx, age)
    OR portfolio.bgnbd_p_alive_future(m, 10, x, tx, age) > portfolio.bgnbd_p_alive(m, x, tx, age)
    OR portfolio.bgnbd_p_alive_future(m, 20, x, tx, age) > portfolio.bgnbd_p_alive_future(m, 10, x, tx, age);
SELECT abs(portfolio.bgnbd_p_alive_future(m, 26, 0, 0, 38.86) - s.v) / s.v < 1e-5 AS survival_agrees
  FROM models, LATERAL (
       SELECT sum(power(p, (m).a - 1) * power(1 - p, (m).b - 1) * power(1 + p * 26 / ((m).alpha + 38.86), -(m).r))
              / sum(power(p, (m).a - 1) * power(1 - p, (m).b - 1)) AS v
         FROM (SELECT (i - 0.5) / 2000.0 AS p FROM generate_series(1, 2000) i) g) s
 WHERE name = 'a_above_1';

-- DERT = int_0^inf e^(-delta t) dE[Y(t)] = delta int_0^inf e^(-delta t) E[Y(t)] dt:
-- against that integral by the trapezoidal rule in t = e^u / delta, u from
-- -12 to 6 in steps of 1/16, in plain SQL over bgnbd_expected.
SELECT name, x, tx, age, round(portfolio.bgnbd_dert(m, x, tx, age, 0.0027)::numeric, 6) AS dert,
       abs(portfolio.bgnbd_dert(m, x, tx, age, 0.0027) - q.v) / q.v < 1e-7 AS agrees
  FROM models, (VALUES (0, 0, 38.86), (2, 30.43, 38.86), (12, 38, 52)) h(x, tx, age),
       LATERAL (SELECT 0.0027 * sum(w * exp(-0.0027 * t) * portfolio.bgnbd_expected(m, t, x, tx, age) * t) / 16 AS v
                  FROM (SELECT exp(u / 16.0) / 0.0027 AS t, CASE WHEN u IN (-192, 96) THEN 0.5 ELSE 1 END AS w
                          FROM generate_series(-192, 96) u) g) q
 ORDER BY name, x;
-- A larger discount, a smaller DERT; delta must be > 0 (test/models_hostile.sql).
SELECT bool_and(portfolio.bgnbd_dert(m, x, tx, age, 0.01) < portfolio.bgnbd_dert(m, x, tx, age, 0.001)) AS falls
  FROM models, histories;

-- clv_by_period: the discounted values add up to clv, the purchases to
-- E[Y(12 L)], the revenues to purchases times the expected spend.
CREATE TABLE cdnow_gg AS SELECT portfolio.gamma_gamma(6.25, 3.74, 15.44) AS gg;
SELECT period, round(expected_purchases::numeric, 6) AS purchases, round(expected_revenue::numeric, 4) AS revenue,
       round(discount_factor::numeric, 6) AS factor, round(discounted_value::numeric, 4) AS value
  FROM models, cdnow_gg, portfolio.clv_by_period(m, gg, 2, 30.43, 38.86, 35, 12, 4.345, 0.01)
 WHERE name = 'cdnow' ORDER BY period;
SELECT count(*) AS mismatches FROM models, cdnow_gg, histories, LATERAL (
       SELECT sum(discounted_value) AS v, sum(expected_purchases) AS y, count(*) AS n
         FROM portfolio.clv_by_period(m, gg, x, tx, age, 35, 12, 4.345, 0.01)) c
 WHERE c.n <> 12
    OR abs(c.v - portfolio.clv(m, gg, x, tx, age, 35, 12, 4.345, 0.01)) > 1e-12 * c.v
    OR abs(c.y - portfolio.bgnbd_expected(m, 12 * 4.345, x, tx, age)) > 1e-12 * c.y;
SELECT count(*) FROM portfolio.clv_by_period((SELECT m FROM models WHERE name = 'cdnow'), portfolio.gamma_gamma(6, 4, 15), 1, 2, 3, 10, 0, 1, 0);

-- The memo of the per-row functions: one query over many customers (the
-- memo shared, slots reused) gives exactly what each customer computed in
-- a query of its own gives.
CREATE TABLE crowd AS
SELECT i, (i % 7)::float8 AS x, CASE WHEN i % 7 = 0 THEN 0 ELSE (i % 30)::float8 END AS tx,
       (30 + i % 23)::float8 AS age FROM generate_series(1, 6000) i;
CREATE TABLE together AS
SELECT i, portfolio.bgnbd_expected(m, 39, x, tx, age) AS e, portfolio.bgnbd_p_alive_future(m, 13, x, tx, age) AS s,
       portfolio.bgnbd_dert(m, x, tx, age, 0.0027) AS d,
       portfolio.clv(m, gg, x, tx, age, 20 + x, 12, 4.345, 0.01) AS v
  FROM crowd, models, cdnow_gg WHERE name = 'cdnow';
CREATE FUNCTION alone(j int) RETURNS float8[] LANGUAGE plpgsql AS $$
DECLARE r float8[];
BEGIN
    EXECUTE 'SELECT ARRAY[portfolio.bgnbd_expected(m, 39, x, tx, age), portfolio.bgnbd_p_alive_future(m, 13, x, tx, age),
                          portfolio.bgnbd_dert(m, x, tx, age, 0.0027), portfolio.clv(m, gg, x, tx, age, 20 + x, 12, 4.345, 0.01)]
               FROM crowd, models, cdnow_gg WHERE name = ''cdnow'' AND i = ' || j INTO r;
    RETURN r;
END $$;
SELECT count(*) AS differ FROM together WHERE i % 97 = 0 AND ARRAY[e, s, d, v] <> alone(i);

-- The parameters as rows: a fit has standard errors (lifetimes' CDNOW
-- summary prints 0.01, 0.38, 0.19, 0.71); a model of known parameters none.
CREATE TABLE cdnow (id int, x float8, tx float8, age float8, zbar float8);
\copy cdnow FROM 'data/cdnow/cdnow_customers_summary_with_transactions.csv' WITH (FORMAT csv, HEADER)
SELECT parameter, round(estimate::numeric, 3) AS estimate, round(std_error::numeric, 2) AS std_error,
       round(ci_lower::numeric, 2) AS ci_lower, round(ci_upper::numeric, 2) AS ci_upper
  FROM (SELECT portfolio.bgnbd_fit(x, tx, age) AS f FROM cdnow) c, portfolio.model_parameters(f);
SELECT parameter, estimate, std_error FROM portfolio.model_parameters((SELECT m FROM models WHERE name = 'cdnow'));
-- The covariance is symmetric with a positive diagonal.
SELECT array_dims(vcov) AS dims, vcov[1][2] = vcov[2][1] AND vcov[3][4] = vcov[4][3] AS symmetric,
       vcov[1][1] > 0 AND vcov[4][4] > 0 AS positive
  FROM (SELECT (portfolio.bgnbd_fit(x, tx, age)).vcov FROM cdnow) c;

-- ======================================================================
-- bgnbd_simulate
-- ======================================================================

-- Reproducible for a seed; another seed gives other rows.
SELECT (SELECT array_agg(row(customer, t)) FROM portfolio.bgnbd_simulate(portfolio.bgnbd(0.8, 6, 1.5, 4), 50, 52, 1))
     = (SELECT array_agg(row(customer, t)) FROM portfolio.bgnbd_simulate(portfolio.bgnbd(0.8, 6, 1.5, 4), 50, 52, 1)) AS same_seed,
       (SELECT array_agg(row(customer, t)) FROM portfolio.bgnbd_simulate(portfolio.bgnbd(0.8, 6, 1.5, 4), 50, 52, 1))
     = (SELECT array_agg(row(customer, t)) FROM portfolio.bgnbd_simulate(portfolio.bgnbd(0.8, 6, 1.5, 4), 50, 52, 2)) AS other_seed;
-- Every customer starts at t = 0, times increase and stay below age.
SELECT count(DISTINCT customer) AS customers, min(customer), max(customer),
       bool_and(first_t = 0) AS first_at_zero, bool_and(increasing) AS increasing, max(t) < 52 AS before_age
  FROM (SELECT customer, t, first_value(t) OVER w AS first_t,
               t > coalesce(lag(t) OVER w, -1) AS increasing
          FROM portfolio.bgnbd_simulate(portfolio.bgnbd(0.8, 6, 1.5, 4), 1000, 52, 3)
        WINDOW w AS (PARTITION BY customer ORDER BY t)) s;
-- The mean number of repeat purchases is E[X(52)], within 4 standard errors;
-- the share without any is P(X(52) = 0).
SELECT abs(avg(x) - portfolio.bgnbd_expected(m, 52)) < 4 * stddev(x) / sqrt(count(*)) AS mean_is_expected,
       abs(avg((x = 0)::int) - portfolio.bgnbd_pmf(m, 0, 52))
           < 4 * sqrt(portfolio.bgnbd_pmf(m, 0, 52) * (1 - portfolio.bgnbd_pmf(m, 0, 52)) / count(*)) AS zero_share
  FROM sim, (SELECT portfolio.bgnbd(0.8, 6, 1.5, 4) AS m) t GROUP BY m;
SELECT count(*) FROM portfolio.bgnbd_simulate(portfolio.bgnbd(1, 1, 1, 1), 0, 52, 1);
SELECT customer, t FROM portfolio.bgnbd_simulate(portfolio.bgnbd(1, 1, 1, 1), 3, 0, 1);

DROP SCHEMA bgnbd_test CASCADE;
