-- Pareto/NBD (Schmittlein, Morrison & Colombo 1987) in SQL: the fit on the
-- CDNOW sample against BTYD's published one (r = 0.553, alpha = 10.58,
-- s = 0.606, beta = 11.67, LL = -9594.98; beta weakly identified, its
-- standard error about 6.2), the issue's published predictions at the
-- maximum and at BTYD's printed parameters, DERT's closed form against
-- mpmath quadrature of delta int e^(-delta t) E[Y(t)] dt
-- (test/unit/reference/pareto_nbd_reference.py), CLV through the generic
-- path, the simulator, parallel and Citus-style partial fits, and hostile
-- input with the SQLSTATE and message of each error.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS portfolio;
SELECT plan(57);
SET LOCAL client_min_messages = warning;
\ir lib/plans.sql

\set QUIET on
CREATE TEMP TABLE published_lines (line text);
\copy published_lines FROM 'data/cdnow/cdnow_customers_summary_with_transactions.csv' WITH (FORMAT text, DELIMITER E'\x01')
CREATE TEMP TABLE published AS
SELECT f[1]::int AS id, f[2]::float8 AS x, f[3]::float8 AS t_x, f[4]::float8 AS t
  FROM (SELECT string_to_array(btrim(line, E' \r'), ',') AS f FROM published_lines
         WHERE line ~ '^[0-9]') s;
CREATE TEMP TABLE pn AS SELECT portfolio.pareto_nbd_fit(x, t_x, t) AS m FROM published;
-- the maximum (the issue's) and the parameters BTYD's walkthrough prints
CREATE TEMP TABLE at_max AS SELECT portfolio.pareto_nbd(0.553275, 10.5776, 0.606214, 11.6679) AS m;
CREATE TEMP TABLE btyd AS SELECT portfolio.pareto_nbd(0.5534, 10.5802, 0.6061, 11.6562) AS m;
CREATE FUNCTION pg_temp.close(got float8, want float8, rel float8) RETURNS bool LANGUAGE sql AS
$$ SELECT abs(got - want) <= rel * abs(want) $$;
\set QUIET off

-- ---------- the fit on CDNOW ----------
SELECT is((SELECT (m).customers FROM pn), 2357::bigint, 'Pareto/NBD: 2,357 customers');
SELECT ok((SELECT (m).converged FROM pn), 'Pareto/NBD: the fit converged');
SELECT is((SELECT ARRAY[round((m).r::numeric, 3), round((m).alpha::numeric, 2), round((m).s::numeric, 3)] FROM pn),
          ARRAY[0.553, 10.58, 0.606], 'Pareto/NBD on CDNOW: r = 0.553, alpha = 10.58, s = 0.606');
SELECT ok((SELECT abs((m).beta - 11.67) < 0.05 FROM pn), 'beta = 11.67 (loosely: its standard error is about 6.2)');
SELECT ok((SELECT abs((m).loglik - (-9594.98)) < 0.1 FROM pn), 'LL within 0.1 of -9594.98');
SELECT is((SELECT array_agg(round(std_error::numeric, 1) ORDER BY parameter) FROM pn, portfolio.model_parameters(m)
            WHERE parameter IN ('beta', 'alpha')),
          ARRAY[0.8, 6.2], 'standard errors of alpha and beta: 0.8 and 6.2 (beta weakly identified)');
SELECT is((SELECT (m).unit FROM pn), NULL, 'a fit on bare numbers has no unit');
SELECT ok((SELECT (m).loglik < (SELECT (portfolio.bgnbd_fit(x, t_x, t)).loglik FROM published) FROM pn),
          'on CDNOW BG/NBD fits better than Pareto/NBD (-9582.43 against -9594.98)');

-- From the raw log in days, through summarize: the same r and s; alpha and beta in days
\set QUIET on
CREATE TEMP TABLE sample_lines (line text);
\copy sample_lines FROM 'data/cdnow/CDNOW_sample.txt' WITH (FORMAT text, DELIMITER E'\x01')
CREATE TEMP TABLE sample_tx AS
SELECT f[2]::int AS id, to_date(f[3], 'YYYYMMDD') AS day
  FROM (SELECT regexp_split_to_array(btrim(line), '\s+') AS f FROM sample_lines WHERE line ~ '\S') s;
\set QUIET off
SELECT is((SELECT ARRAY[round((m).r::numeric, 3), round(((m).alpha / 7)::numeric, 1), round((m).s::numeric, 2)]::text || (m).unit
             FROM (SELECT portfolio.pareto_nbd_fit(s) AS m
                     FROM (SELECT portfolio.summarize(day, 1, '1997-09-30') AS s FROM sample_tx GROUP BY id) c) f),
          '{0.553,10.6,0.61}day', 'pareto_nbd_fit(summary) on the raw log in days: the same model, alpha in days, unit day');

-- ---------- the published predictions ----------
SELECT ok((SELECT pg_temp.close(portfolio.pareto_nbd_expected(m, 52), 1.4734, 5e-4)
              AND pg_temp.close(portfolio.pareto_nbd_p_alive(m, 26, 30.86, 31), 0.99792, 5e-4)
              AND pg_temp.close(portfolio.pareto_nbd_expected(m, 52, 26, 30.86, 31), 25.4565, 5e-4) FROM at_max),
          'at the maximum: E[X(52)] = 1.4734; for (26, 30.86, 31) P(alive) = 0.99792, E[Y(52)] = 25.4565');
SELECT ok((SELECT pg_temp.close(portfolio.pareto_nbd_expected(m, 52), 1.4731, 5e-4)
              AND pg_temp.close(portfolio.pareto_nbd_p_alive(m, 26, 30.86, 31), 0.99792, 5e-4)
              AND pg_temp.close(portfolio.pareto_nbd_expected(m, 52, 26, 30.86, 31), 25.4549, 5e-4) FROM btyd),
          'at BTYD''s printed parameters: 1.4731, 0.99792, 25.4549');
SELECT ok((SELECT pg_temp.close((SELECT portfolio.pareto_nbd_expected(m, 52) FROM at_max), (SELECT portfolio.pareto_nbd_expected(m, 52) FROM pn), 1e-4)),
          'E[X(52)] of the fitted model is the published one');
-- mpmath, 30 digits, from the definitions (test/unit/reference/pareto_nbd_reference.py)
SELECT ok((SELECT pg_temp.close(portfolio.pareto_nbd_p_alive(m, 0, 0, 38.86), 0.29509680103657835655, 1e-12)
              AND pg_temp.close(portfolio.pareto_nbd_p_alive(m, 2, 30.43, 38.86), 0.86911860073472771938, 1e-12)
              AND pg_temp.close(portfolio.pareto_nbd_p_alive(m, 200, 20, 39), 2.0880058807641461317e-40, 1e-10) FROM at_max),
          'P(alive) for (0, 0, 38.86), (2, 30.43, 38.86), (200, 20, 39): the integral of the definition (mpmath)');
SELECT ok((SELECT pg_temp.close(portfolio.pareto_nbd_expected(m, 52, 0, 0, 38.86), 0.13617092974957298551, 1e-12)
              AND pg_temp.close(portfolio.pareto_nbd_expected(m, 52, 2, 30.43, 38.86), 1.8507829583600467598, 1e-12)
              AND pg_temp.close(portfolio.pareto_nbd_expected(m, 1, 26, 30.86, 31), 0.63284263544006005439, 1e-12) FROM at_max),
          'conditional expected purchases: mpmath to 1e-12');
SELECT ok((SELECT pg_temp.close(portfolio.pareto_nbd_pmf(m, 0, 39), 0.59353301251425856658, 1e-10)
              AND pg_temp.close(portfolio.pareto_nbd_pmf(m, 1, 39), 0.16558471760785871105, 1e-10)
              AND pg_temp.close(portfolio.pareto_nbd_pmf(m, 5, 39), 0.021491869564633659623, 1e-10)
              AND pg_temp.close(portfolio.pareto_nbd_pmf(m, 20, 520), 0.0032562340864731405974, 1e-10) FROM at_max),
          'P(X(39) = 0, 1, 5) and P(X(520) = 20): mpmath to 1e-10');
SELECT ok((SELECT abs(sum(portfolio.pareto_nbd_pmf(m, n, 39)) - 1) < 1e-11
              AND pg_temp.close(sum(n * portfolio.pareto_nbd_pmf(m, n, 39)), portfolio.pareto_nbd_expected(m, 39), 1e-10)
             FROM at_max, generate_series(0, 3000) n GROUP BY m),
          'the pmf sums to 1 and its mean is E[X(39)]');
-- DERT: delta int_0^inf e^(-delta t) E[Y(t)] dt by mpmath quadrature
SELECT ok((SELECT pg_temp.close(portfolio.pareto_nbd_dert(m, 0, 0, 38.86, 0.0027), 0.47692964532386662912, 1e-9)
              AND pg_temp.close(portfolio.pareto_nbd_dert(m, 2, 30.43, 38.86, 0.05), 0.755767923999259308, 1e-9)
              AND pg_temp.close(portfolio.pareto_nbd_dert(m, 26, 30.86, 31, 0.0027), 86.030890202831456832, 1e-9)
              AND pg_temp.close(portfolio.pareto_nbd_dert(m, 26, 30.86, 31, 0.5), 1.2408493896511923665, 1e-9)
              AND pg_temp.close(portfolio.pareto_nbd_dert(m, 200, 20, 39, 0.05), 1.4226668873594922484e-38, 1e-9) FROM at_max),
          'DERT''s closed form agrees with the integral of the discounted expected purchases to 1e-9');
SELECT ok((SELECT bool_and(portfolio.pareto_nbd_dert(portfolio.pareto_nbd(0.55, 10.58, s, beta), 2, 30.43, 38.86, 0.0027)
                               BETWEEN 0 AND (0.55 + 2) / (10.58 + 38.86) / 0.0027 * (1 + 1e-12))
                 FROM unnest(ARRAY[11.67, 1e6, 1e12, 1e300]) beta, unnest(ARRAY[0.1, 0.606, 1, 3.5, 1e5]) s),
          'DERT stays finite and below its no-drop-out limit for beta up to 1e300 (CLVTools #171, #132)');
SELECT ok((SELECT pg_temp.close(portfolio.pareto_nbd_p_alive_future(m, 52, 2, 30.43, 38.86),
                                portfolio.pareto_nbd_p_alive(m, 2, 30.43, 38.86) * ((11.6679 + 38.86) / (11.6679 + 38.86 + 52)) ^ 0.606214, 1e-13)
              AND portfolio.pareto_nbd_p_alive_future(m, 0, 2, 30.43, 38.86) = portfolio.pareto_nbd_p_alive(m, 2, 30.43, 38.86) FROM at_max),
          'P(alive) t on is P(alive) times ((beta + T) / (beta + T + t))^s');
SELECT is((SELECT count(*) FROM at_max, published
            WHERE NOT portfolio.pareto_nbd_p_alive(m, x, t_x, t) BETWEEN 0 AND 1
               OR NOT portfolio.pareto_nbd_expected(m, 39, x, t_x, t) >= 0), 0::bigint,
          'P(alive) within [0, 1] and expectations >= 0 for every CDNOW customer');
SELECT is((SELECT count(*) FROM at_max, generate_series(150, 2000, 10) x
            WHERE NOT portfolio.pareto_nbd_p_alive(m, x, 30, 39) BETWEEN 0 AND 1
               OR NOT portfolio.pareto_nbd_expected(m, 52, x, 30, 39) >= 0), 0::bigint,
          'x from 150 to 2000: P(alive) within [0, 1], no NaN (CLVTools #100, lifetimes #25)');

-- ---------- CLV through the generic path ----------
SELECT ok((SELECT pg_temp.close(portfolio.clv(m, portfolio.gamma_gamma(6.25, 3.74, 15.45), 2, 30.43, 38.86, 20, 12, 4.345, 0.01),
                                portfolio.gg_expected_spend(portfolio.gamma_gamma(6.25, 3.74, 15.45), 2, 20) *
                                (SELECT sum((portfolio.pareto_nbd_expected(m, i * 4.345, 2, 30.43, 38.86)
                                             - portfolio.pareto_nbd_expected(m, (i - 1) * 4.345, 2, 30.43, 38.86)) / 1.01 ^ i)
                                   FROM generate_series(1, 12) i), 1e-12) FROM at_max),
          'clv is the expected spend times the discounted differences of pareto_nbd_expected');
SELECT ok((SELECT pg_temp.close((SELECT sum(discounted_value) FROM portfolio.clv_by_period(m, portfolio.gamma_gamma(6.25, 3.74, 15.45), 2, 30.43, 38.86, 20, 12, 4.345, 0.01)),
                                portfolio.clv(m, portfolio.gamma_gamma(6.25, 3.74, 15.45), 2, 30.43, 38.86, 20, 12, 4.345, 0.01), 1e-12) FROM at_max),
          'clv_by_period''s discounted values add up to clv');
SELECT ok((SELECT pg_temp.close((SELECT sum(expected_purchases) FROM portfolio.clv_by_period(m, portfolio.gamma_gamma(6.25, 3.74, 15.45), 2, 30.43, 38.86, 20, 12, 4.345, 0.01)),
                                portfolio.pareto_nbd_expected(m, 12 * 4.345, 2, 30.43, 38.86), 1e-12) FROM at_max),
          'clv_by_period''s expected purchases add up to pareto_nbd_expected over the 12 periods');

-- ---------- the simulator ----------
SELECT is((SELECT md5(string_agg(customer || ':' || t, ',' ORDER BY customer, t)) FROM at_max, portfolio.pareto_nbd_simulate(m, 500, 52, 7)),
          (SELECT md5(string_agg(customer || ':' || t, ',' ORDER BY customer, t)) FROM at_max, portfolio.pareto_nbd_simulate(m, 500, 52, 7)),
          'the same seed gives the same purchases');
SELECT isnt((SELECT md5(string_agg(customer || ':' || t, ',' ORDER BY customer, t)) FROM at_max, portfolio.pareto_nbd_simulate(m, 500, 52, 7)),
            (SELECT md5(string_agg(customer || ':' || t, ',' ORDER BY customer, t)) FROM at_max, portfolio.pareto_nbd_simulate(m, 500, 52, 8)),
            'another seed gives other purchases');
SELECT is((SELECT count(DISTINCT customer) || ' ' || min(t) || ' ' || (max(t) < 52)::text FROM at_max, portfolio.pareto_nbd_simulate(m, 1000, 52, 1)),
          '1000 0 true', 'every customer has its first purchase at 0, none at or after age');
-- 20,000 simulated customers, 39 weeks: the share without repeat purchases is P(X(39) = 0) within 4 standard errors
SELECT ok((SELECT abs(avg((n = 1)::int) - 0.59353301251425856658) <= 4 * sqrt(0.5935 * 0.4065 / 20000)
             FROM (SELECT customer, count(*) AS n FROM at_max, portfolio.pareto_nbd_simulate(m, 20000, 39, 11) GROUP BY customer) c),
          'simulated customers without repeat purchases: P(X(39) = 0) within 4 standard errors');

-- ---------- parallel and partial fits ----------
\set QUIET on
CREATE TEMP TABLE sim AS
SELECT (s).frequency::float8 AS x, (s).recency AS t_x, (s).age AS age, s
  FROM (SELECT portfolio.summarize(DATE '2020-01-06' + (7 * t)::int, 1, DATE '2021-01-04', 'week') AS s
          FROM at_max, portfolio.pareto_nbd_simulate(m, 3000, 52, 5) GROUP BY customer) c;
ANALYZE sim;
CREATE AGGREGATE pg_temp.pareto_state(float8, float8, float8) (
    SFUNC = portfolio_internal.pareto_nbd_fit_accum, STYPE = portfolio.fit_histogram);
\set QUIET off
SELECT is((SELECT portfolio.pareto_nbd_fit(x, t_x, age)::text FROM sim),
          (SELECT portfolio.pareto_nbd_fit(x, t_x, age)::text FROM (SELECT * FROM sim ORDER BY random()) q),
          'the fit does not depend on the order of the rows');
SELECT is((SELECT portfolio_internal.pareto_nbd_fit_final(portfolio_internal.fit_histogram_combine(
                      (SELECT pg_temp.pareto_state(x, t_x, age) FROM sim WHERE x::int % 3 = 0),
                      portfolio_internal.fit_histogram_combine(
                          (SELECT pg_temp.pareto_state(x, t_x, age) FROM sim WHERE x::int % 3 = 1),
                          (SELECT pg_temp.pareto_state(x, t_x, age) FROM sim WHERE x::int % 3 = 2))))::text),
          (SELECT portfolio.pareto_nbd_fit(x, t_x, age)::text FROM sim),
          'three partial states (as Citus workers compute them) combined give the serial fit bit for bit');
\set QUIET on
\ir fixtures/force_parallel.sql
SELECT pg_temp.force_parallel();
\set QUIET off
SELECT ok(pg_temp.plan_has('SELECT portfolio.pareto_nbd_fit(x, t_x, age) FROM sim', 'Partial'),
          'pareto_nbd_fit(float8, float8, float8) runs as a Partial Aggregate');
SELECT ok(pg_temp.plan_has('SELECT portfolio.pareto_nbd_fit(s) FROM sim', 'Partial'),
          'pareto_nbd_fit(summary) runs as a Partial Aggregate');
\set QUIET on
CREATE TEMP TABLE par AS
SELECT (SELECT portfolio.pareto_nbd_fit(x, t_x, age)::text FROM sim) AS f, (SELECT portfolio.pareto_nbd_fit(s)::text FROM sim) AS g;
SELECT pg_temp.force_serial();
\set QUIET off
SELECT is((SELECT f FROM par), (SELECT portfolio.pareto_nbd_fit(x, t_x, age)::text FROM sim),
          'the parallel fit is the serial one, bit for bit');
SELECT is((SELECT g FROM par), (SELECT portfolio.pareto_nbd_fit(s)::text FROM sim),
          'the parallel fit over summaries is the serial one, bit for bit');
SELECT ok((SELECT (portfolio.pareto_nbd_fit(s)).unit = 'week' FROM sim), 'a fit over summaries names their unit');

-- ---------- hostile input ----------
SELECT ok((SELECT portfolio.pareto_nbd(NULL, 1, 1, 1)) IS NULL, 'pareto_nbd(NULL, ...) is NULL (STRICT)');
SELECT throws_ok($q$SELECT portfolio.pareto_nbd('NaN', 1, 1, 1)$q$, '22023', 'pareto_nbd parameter r must be a finite number greater than zero', 'pareto_nbd: NaN r');
SELECT throws_ok($q$SELECT portfolio.pareto_nbd(1, 'Infinity', 1, 1)$q$, '22023', 'pareto_nbd parameter alpha must be a finite number greater than zero', 'pareto_nbd: Infinity alpha');
SELECT throws_ok($q$SELECT portfolio.pareto_nbd(1, 1, 0, 1)$q$, '22023', 'pareto_nbd parameter s must be a finite number greater than zero', 'pareto_nbd: s = 0');
SELECT throws_ok($q$SELECT portfolio.pareto_nbd(1, 1, 1, -1)$q$, '22023', 'pareto_nbd parameter beta must be a finite number greater than zero', 'pareto_nbd: negative beta');
SELECT throws_ok($q$SELECT portfolio.pareto_nbd_p_alive(ROW(1, 1, 1, NULL, NULL, NULL, NULL, NULL, NULL)::portfolio.pareto_nbd, 1, 1, 2)$q$, '22004', 'pareto_nbd parameter beta must not be null', 'a hand-built model with a NULL beta');
SELECT throws_ok($q$SELECT portfolio.pareto_nbd_expected(ROW(1, 'NaN', 1, 1, NULL, NULL, NULL, NULL, NULL)::portfolio.pareto_nbd, 1)$q$, '22023', 'pareto_nbd parameter alpha must be a finite number greater than zero', 'a hand-built model with a NaN alpha');
SELECT throws_ok($q$SELECT portfolio.pareto_nbd_p_alive(portfolio.pareto_nbd(1, 1, 1, 1), 1, 3, 2)$q$, '22023', 'recency must not be greater than age', 'P(alive): recency past age');
SELECT throws_ok($q$SELECT portfolio.pareto_nbd_expected(portfolio.pareto_nbd(1, 1, 1, 1), 1, 0.5, 1, 2)$q$, '22023', 'frequency must be a whole number of repeat purchases, at least 0', 'expected: a fractional frequency');
SELECT throws_ok($q$SELECT portfolio.pareto_nbd_expected(portfolio.pareto_nbd(1, 1, 1, 1), -1)$q$, '22023', 't must not be negative', 'E[X(t)]: negative t');
SELECT throws_ok($q$SELECT portfolio.pareto_nbd_p_alive_future(portfolio.pareto_nbd(1, 1, 1, 1), 'Infinity', 1, 1, 2)$q$, '22023', 't must be a finite number', 'P(alive) later: infinite t');
SELECT throws_ok($q$SELECT portfolio.pareto_nbd_pmf(portfolio.pareto_nbd(1, 1, 1, 1), -1, 1)$q$, '22023', 'n must not be negative', 'pmf: negative n');
SELECT throws_ok($q$SELECT portfolio.pareto_nbd_dert(portfolio.pareto_nbd(1, 1, 1, 1), 1, 1, 2, 0)$q$, '22023', 'delta must be greater than zero', 'DERT: delta 0');
SELECT throws_ok($q$SELECT portfolio.pareto_nbd_simulate(portfolio.pareto_nbd(1, 1, 1, 1), -1, 1, 1)$q$, '22023', 'customers must not be negative', 'simulate: negative customers');
SELECT throws_ok($q$SELECT portfolio.clv(portfolio.pareto_nbd(1, 1, 1, 1), portfolio.gamma_gamma(6, 4, 15), 1, 1, 2, 10, 12, 0, 0.01)$q$, '22023', 'period_length must be greater than zero', 'clv: period_length 0');
SELECT throws_ok($q$SELECT portfolio.pareto_nbd_fit(f, r, a) FROM (VALUES ('NaN'::float8, 1::float8, 2::float8)) v(f, r, a)$q$, '22023', 'frequency, recency and age must be finite numbers', 'fit: a NaN frequency');
SELECT ok((SELECT portfolio.pareto_nbd_fit(x, t_x, t) FROM published WHERE false) IS NULL, 'a fit over no rows is NULL');
SELECT is((SELECT (m).converged = false AND (m).r > 0 AND (m).alpha < 'Infinity' AND (m).s > 0 AND (m).beta < 'Infinity' AND (m).loglik <= 0
             FROM (SELECT portfolio.pareto_nbd_fit(f, r, a) AS m FROM (VALUES (0::float8, 0::float8, 10::float8), (0, 0, 20)) v(f, r, a)) s),
          true, 'nobody ever bought again: not converged, finite positive parameters, no NaN');
SELECT is((SELECT (m).r > 0 AND (m).alpha > 0 AND (m).s > 0 AND (m).beta > 0 AND (m).customers = 2
             FROM (SELECT portfolio.pareto_nbd_fit(f, r, a) AS m FROM (VALUES (1e9::float8, 1e9::float8, 1e9::float8), (0, 0, 1e9)) v(f, r, a)) s),
          true, 'frequency 1e9: positive, finite parameters (no NaN)');
SELECT throws_ok($q$SELECT portfolio_internal.pareto_nbd_fit_final('model=bgnbd; penalizer=0; 1 1 2 1')$q$, '22023', 'a bgnbd state cannot be used to fit a pareto_nbd model', 'a BG/NBD state is not fitted as Pareto/NBD');
SELECT is((SELECT portfolio_internal.fit_histogram_in('model=pareto_nbd; unit=week; 0 0 38.86 3; 2 30.43 38.86 1')::text),
          'model=pareto_nbd; unit=week; 0 0 38.86 3; 2 30.43 38.86 1', 'a Pareto/NBD state''s text form reads back');
SELECT ok((SELECT portfolio.pareto_nbd_p_alive(portfolio.pareto_nbd(1e308, 1e308, 1e308, 1e308), 1e15, 1, 1e300) BETWEEN 0 AND 1
              AND portfolio.pareto_nbd_p_alive(portfolio.pareto_nbd(5e-324, 5e-324, 5e-324, 5e-324), 0, 0, 1e300) BETWEEN 0 AND 1
              AND portfolio.pareto_nbd_expected(portfolio.pareto_nbd(5e-324, 1, 5e-324, 1e308), 1e300, 0, 0, 1e300) >= 0
              AND portfolio.pareto_nbd_pmf(portfolio.pareto_nbd(1, 1, 1e308, 5e-324), 0, 1e300) BETWEEN 0 AND 1
              AND portfolio.pareto_nbd_dert(portfolio.pareto_nbd(5e-324, 5e-324, 5e-324, 5e-324), 0, 0, 1e300, 1e-300) >= 0),
          'extreme parameters and histories: probabilities within [0, 1], expectations >= 0, no NaN');

SELECT * FROM finish();
ROLLBACK;
