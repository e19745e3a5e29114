-- Gamma-Gamma and CLV: the model type and its constructor, the expected
-- spend against its closed form, the fitting aggregate on data simulated in
-- plain SQL from known parameters (checked against a plain-SQL
-- log-likelihood), a forced parallel fit, and clv against the sum it stands
-- for (bad input: test/models_hostile.sql).  The published CDNOW fit is in
-- test/models_cdnow.sql.
CREATE SCHEMA gamma_gamma_test;
SET search_path = gamma_gamma_test, public;
SET extra_float_digits = 0;

\i test/fixtures/plan_has.sql
\i test/fixtures/force_parallel.sql

-- ======================================================================
-- The model type and the expected spend
-- ======================================================================

SELECT (portfolio.gamma_gamma(6.25, 3.74, 15.44)).*;
SELECT portfolio.gamma_gamma(1, NULL, 1) IS NULL AS strict;

-- p (v + x m) / (p x + q - 1); for x = 0 the mean p v / (q - 1) whatever m is.
SELECT x, m, round(portfolio.gg_expected_spend(g, x, m)::numeric, 9) AS spend,
       abs(portfolio.gg_expected_spend(g, x, m)
           - CASE WHEN x = 0 THEN (g).p * (g).v / ((g).q - 1)
                  ELSE (g).p * ((g).v + x * m) / ((g).p * x + (g).q - 1) END) < 1e-12 AS closed_form
  FROM (SELECT portfolio.gamma_gamma(6.25, 3.74, 15.44) AS g) s,
       (VALUES (0, 0), (0, -5), (0, 'NaN'), (1, 22.35), (2, 22.35), (10, 5), (1000, 80), (1e6, 0.01)) v(x, m);
-- Many purchases: the customer's own mean wins.
SELECT round(portfolio.gg_expected_spend(portfolio.gamma_gamma(6.25, 3.74, 15.44), 1e9, 42)::numeric, 6) AS own_mean;
-- q <= 1 has no finite mean for a customer without repeat purchases
-- (test/models_hostile.sql); with repeat purchases the expected spend is finite.
SELECT round(portfolio.gg_expected_spend(portfolio.gamma_gamma(2, 0.8, 10), 1, 20)::numeric, 6) AS with_purchases;

-- ======================================================================
-- gg_fit
-- ======================================================================

-- 8,000 repeat customers from p = 3, q = 5, v = 40 (integer shapes, so the
-- gamma draws are sums of exponentials): nu ~ Gamma(q, rate v), and the mean
-- of x purchases ~ Gamma(p x, rate x nu).
SELECT setseed(0.25);
CREATE TABLE spend AS
SELECT c, x::float8 AS x,
       (SELECT -sum(ln(1 - random())) FROM generate_series(1, 3 * x)) / (x * nu) AS m
  FROM (SELECT c, 1 + (c % 7) AS x,
               (SELECT -sum(ln(1 - random())) FROM generate_series(1, 5 + 0 * c)) / 40 AS nu
          FROM generate_series(1, 8000) c) k;
ANALYZE spend;
CREATE TABLE fit AS SELECT portfolio.gg_fit(x, m) AS g FROM spend;
SELECT (g).customers, (g).converged,
       abs((g).p / 3 - 1) < 0.15 AND abs((g).q / 5 - 1) < 0.25 AND abs((g).v / 40 - 1) < 0.3 AS near_truth
  FROM fit;

-- The log-likelihood in plain SQL, with its own log-gamma (recurrence up to
-- 20, then Stirling's series), and it is a maximum.
CREATE FUNCTION lgamma_plain(z float8) RETURNS float8 LANGUAGE sql IMMUTABLE AS $$
    SELECT (w - 0.5) * ln(w) - w + 0.5 * ln(2 * pi()) + 1 / (12 * w) - 1 / (360 * w ^ 3)
           + 1 / (1260 * w ^ 5) - 1 / (1680 * w ^ 7) - shift
      FROM (SELECT z + n AS w, coalesce((SELECT sum(ln(z + k)) FROM generate_series(0, n - 1) k), 0) AS shift
              FROM (SELECT greatest(0, ceil(20 - z))::int AS n) c) s
$$;
CREATE FUNCTION plain_loglik(p float8, q float8, v float8) RETURNS float8 LANGUAGE sql STABLE AS $$
    SELECT sum(lgamma_plain(p * x + q) - lgamma_plain(p * x) - lgamma_plain(q) + q * ln(v)
               + (p * x - 1) * ln(m) + p * x * ln(x) - (p * x + q) * ln(v + x * m))
      FROM gamma_gamma_test.spend
$$;
SELECT abs((g).loglik / plain_loglik((g).p, (g).q, (g).v) - 1) < 1e-11 AS loglik_matches,
       (SELECT bool_and(plain_loglik((g).p * fp, (g).q * fq, (g).v * fv) < (g).loglik)
          FROM (VALUES (1.01, 1, 1), (0.99, 1, 1), (1, 1.01, 1), (1, 0.99, 1), (1, 1, 1.01), (1, 1, 0.99)) f(fp, fq, fv)) AS is_maximum
  FROM fit;

-- Customers without repeat purchases are skipped whatever their monetary;
-- NULL rows are skipped; no rows give NULL.
SELECT (portfolio.gg_fit(x, m)).customers
  FROM (VALUES (0::float8, 0::float8), (0, -3), (0, NULL), (NULL, 5), (2, NULL), (2, 10), (3, 12), (1, 9)) v(x, m);
SELECT portfolio.gg_fit(x, m) IS NULL AS only_first_purchases FROM (VALUES (0::float8, 0::float8)) v(x, m);
SELECT portfolio.gg_fit(x, m) IS NULL AS empty FROM spend WHERE false;

-- Forced parallel: the same fit, to the last bit.
CREATE TABLE big AS SELECT s.* FROM spend s, generate_series(1, 4);
ANALYZE big;
SELECT pg_temp.force_serial();
CREATE TABLE serial_fit AS SELECT portfolio.gg_fit(x, m) AS g FROM big;
SELECT pg_temp.force_parallel();
SELECT pg_temp.plan_has('SELECT portfolio.gg_fit(x, m) FROM gamma_gamma_test.big',
                        '"Partial Mode": "Partial"') AS partial_aggregate;
SET extra_float_digits = 3;
SELECT (g).customers, (g)::text = (s)::text AS identical_fit
  FROM (SELECT portfolio.gg_fit(x, m) AS g FROM big) p, (SELECT g AS s FROM serial_fit) q;
SELECT portfolio.gg_fit(x, m) IS NULL AS empty_parallel FROM big WHERE x < 0;
RESET ALL;
SET search_path = gamma_gamma_test, public;
SET extra_float_digits = 0;

-- ======================================================================
-- clv
-- ======================================================================

CREATE TABLE models AS
SELECT portfolio.bgnbd(0.242594150135163, 4.41358992619427, 0.792919156817962, 2.42589514735171) AS bg,
       portfolio.gamma_gamma(6.25, 3.74, 15.44) AS gg;

-- The sum it stands for, in plain SQL: 12 months of weekly data (a month is
-- 4.345 weeks), 1% a month; and 52 weeks at 0.2% a week.
SELECT x, tx, age, m, periods, period_length, rate,
       round(portfolio.clv(bg, gg, x, tx, age, m, periods, period_length, rate)::numeric, 6) AS clv,
       abs(portfolio.clv(bg, gg, x, tx, age, m, periods, period_length, rate) - plain) < 1e-9 * plain AS matches
  FROM models, (VALUES (2, 30.43, 38.86, 22.35, 12, 4.345, 0.01), (0, 0, 38.86, 0, 12, 4.345, 0.01),
                       (7, 37, 38.86, 40, 52, 1, 0.002), (1, 2, 38.86, 15, 12, 4.345, 0.01)) v(x, tx, age, m, periods, period_length, rate),
       LATERAL (SELECT portfolio.gg_expected_spend(gg, x, m)
                       * sum((portfolio.bgnbd_expected(bg, i * period_length, x, tx, age)
                              - portfolio.bgnbd_expected(bg, (i - 1) * period_length, x, tx, age))
                             / (1 + rate) ^ i) AS plain
                  FROM generate_series(1, periods) i) p
 ORDER BY x;
-- Without discounting the sum telescopes: spend * E[Y(periods * L)].
SELECT abs(portfolio.clv(bg, gg, 2, 30.43, 38.86, 22.35, 24, 4.345, 0)
           - portfolio.gg_expected_spend(gg, 2, 22.35) * portfolio.bgnbd_expected(bg, 24 * 4.345, 2, 30.43, 38.86))
       < 1e-9 AS telescopes,
       portfolio.clv(bg, gg, 2, 30.43, 38.86, 22.35, 0, 4.345, 0.01) AS no_periods
  FROM models;

DROP SCHEMA gamma_gamma_test CASCADE;
