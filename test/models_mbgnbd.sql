-- MBG/NBD (Batislam, Denizel & Filiztekin 2007) in SQL: the fit on the
-- CDNOW sample against lifetimes' ModifiedBetaGeoFitter (r = 0.525,
-- alpha = 6.183, a = 0.891, b = 1.614, its standard errors), the
-- predictions at lifetimes' parameters against lifetimes 0.11.3 and the
-- published closed forms (test/unit/reference/mbgnbd_reference.py; DERT by
-- quadrature of delta int e^(-delta t) E[Y(t)] dt), CLV through the generic
-- path, the simulator, parallel and Citus-style partial fits, and hostile
-- input with the SQLSTATE and message of each error.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS portfolio;
SELECT plan(61);
SET LOCAL client_min_messages = warning;
\ir lib/plans.sql

\set QUIET on
CREATE TEMP TABLE published_lines (line text);
\copy published_lines FROM 'data/cdnow/cdnow_customers_summary_with_transactions.csv' WITH (FORMAT text, DELIMITER E'\x01')
CREATE TEMP TABLE published AS
SELECT f[1]::int AS id, f[2]::float8 AS x, f[3]::float8 AS t_x, f[4]::float8 AS t
  FROM (SELECT string_to_array(btrim(line, E' \r'), ',') AS f FROM published_lines
         WHERE line ~ '^[0-9]') s;
CREATE TEMP TABLE mb AS SELECT portfolio.mbgnbd_fit(x, t_x, t) AS m FROM published;
-- lifetimes 0.11.3's ModifiedBetaGeoFitter().fit on the same file
CREATE TEMP TABLE lt AS
SELECT portfolio.mbgnbd(0.5248377255676664, 6.1829884791339715, 0.8913562809311414, 1.6140000256721279) AS m;
CREATE FUNCTION pg_temp.sig3(value float8) RETURNS numeric LANGUAGE sql AS
$$ SELECT round(value::numeric, 2 - floor(log(abs(value)))::int) $$;
CREATE FUNCTION pg_temp.close(got float8, want float8, rel float8) RETURNS bool LANGUAGE sql AS
$$ SELECT abs(got - want) <= rel * abs(want) $$;
\set QUIET off

-- ---------- the fit on CDNOW ----------
SELECT is((SELECT (m).customers FROM mb), 2357::bigint, 'MBG/NBD: 2,357 customers');
SELECT ok((SELECT (m).converged FROM mb), 'MBG/NBD: the fit converged');
SELECT is((SELECT ARRAY[pg_temp.sig3((m).r), round((m).alpha::numeric, 3), pg_temp.sig3((m).a), round((m).b::numeric, 3)] FROM mb),
          ARRAY[0.525, 6.183, 0.891, 1.614], 'MBG/NBD on CDNOW: r = 0.525, alpha = 6.183, a = 0.891, b = 1.614');
SELECT ok((SELECT pg_temp.close((m).r, 0.5248377255676664, 1e-5) AND pg_temp.close((m).alpha, 6.1829884791339715, 1e-5)
              AND pg_temp.close((m).a, 0.8913562809311414, 1e-5) AND pg_temp.close((m).b, 1.6140000256721279, 1e-5) FROM mb),
          'the parameters are lifetimes'' to 1e-5');
-- the sum of the published log-likelihood at lifetimes' parameters, at 30 digits (mpmath): -9582.13268489992
SELECT ok((SELECT abs((m).loglik - (-9582.13268489992)) <= 1e-6 FROM mb), 'LL = -9582.1327 (the published form summed at 30 digits)');
SELECT is((SELECT array_agg(round(std_error::numeric, 4) ORDER BY parameter) FROM mb, portfolio.model_parameters(m)),
          ARRAY[0.1548, 0.6956, 0.5375, 0.0833], 'standard errors of a, alpha, b, r as lifetimes'' summary: 0.1548, 0.6956, 0.5375, 0.0833');
SELECT is((SELECT (m).unit FROM mb), NULL, 'a fit on bare numbers has no unit');
SELECT ok((SELECT (m).loglik > (SELECT (portfolio.bgnbd_fit(x, t_x, t)).loglik FROM published) FROM mb),
          'on CDNOW MBG/NBD fits better than BG/NBD (-9582.13 against -9582.43)');

-- From the raw log in days, through summarize: the same r, a, b; alpha in days
\set QUIET on
CREATE TEMP TABLE sample_lines (line text);
\copy sample_lines FROM 'data/cdnow/CDNOW_sample.txt' WITH (FORMAT text, DELIMITER E'\x01')
CREATE TEMP TABLE sample_tx AS
SELECT f[2]::int AS id, to_date(f[3], 'YYYYMMDD') AS day
  FROM (SELECT regexp_split_to_array(btrim(line), '\s+') AS f FROM sample_lines WHERE line ~ '\S') s;
\set QUIET off
SELECT is((SELECT ARRAY[pg_temp.sig3((m).r), pg_temp.sig3((m).alpha / 7), pg_temp.sig3((m).a), pg_temp.sig3((m).b)]::text || (m).unit
             FROM (SELECT portfolio.mbgnbd_fit(s) AS m
                     FROM (SELECT portfolio.summarize(day, 1, '1997-09-30') AS s FROM sample_tx GROUP BY id) c) f),
          '{0.525,6.18,0.891,1.61}day', 'mbgnbd_fit(summary) on the raw log in days: the same model, alpha in days, unit day');

-- ---------- predictions at lifetimes' parameters ----------
-- lifetimes 0.11.3: conditional_probability_alive, conditional_expected_number_of_purchases_up_to_time,
-- expected_number_of_purchases_up_to_time, probability_of_n_purchases_up_to_time
SELECT ok((SELECT pg_temp.close(portfolio.mbgnbd_p_alive(m, 0, 0, 38.86), 0.38971644205016459393, 1e-12) FROM lt),
          'P(alive | 0, 0, 38.86) = 0.389716: below 1 without repeat purchases');
SELECT ok((SELECT pg_temp.close(portfolio.mbgnbd_p_alive(m, 2, 30.43, 38.86), 0.70612626, 1e-8)
              AND pg_temp.close(portfolio.mbgnbd_p_alive(m, 26, 30.86, 31), 0.96555287, 1e-8)
              AND pg_temp.close(portfolio.mbgnbd_p_alive(m, 1, 1.71, 38.86), 0.17081963, 1e-7) FROM lt),
          'P(alive) for (2, 30.43, 38.86), (26, 30.86, 31), (1, 1.71, 38.86): 0.706126, 0.965553, 0.170820 as lifetimes');
SELECT ok((SELECT pg_temp.close(portfolio.mbgnbd_expected(m, 52, 0, 0, 38.86), 0.19762848288207954, 1e-12)
              AND pg_temp.close(portfolio.mbgnbd_expected(m, 52, 2, 30.43, 38.86), 1.5968258736918506, 1e-12)
              AND pg_temp.close(portfolio.mbgnbd_expected(m, 52, 26, 30.86, 31), 23.999957703153463, 1e-12)
              AND pg_temp.close(portfolio.mbgnbd_expected(m, 52, 5, 20, 38), 1.4040564772391937, 1e-12) FROM lt),
          'expected purchases in the next 52 weeks: 0.197628, 1.596826, 23.999958, 1.404056 as lifetimes (1e-12)');
SELECT ok((SELECT pg_temp.close(portfolio.mbgnbd_expected(m, 39), 1.1822837952882768, 1e-12)
              AND pg_temp.close(portfolio.mbgnbd_expected(m, 52), 1.4188895552521743, 1e-12) FROM lt),
          'E[X(39)] = 1.182284, E[X(52)] = 1.418890 as lifetimes');
SELECT ok((SELECT pg_temp.close(portfolio.mbgnbd_pmf(m, 0, 39), 0.5826055674071031, 1e-12)
              AND pg_temp.close(portfolio.mbgnbd_pmf(m, 1, 39), 0.18276337398066533, 1e-12)
              AND pg_temp.close(portfolio.mbgnbd_pmf(m, 2, 39), 0.08687059147523454, 1e-12)
              AND pg_temp.close(portfolio.mbgnbd_pmf(m, 5, 39), 0.01937576152368667, 1e-12) FROM lt),
          'P(X(39) = 0, 1, 2, 5) = 0.582606, 0.182763, 0.086871, 0.019376 as lifetimes');
SELECT ok((SELECT abs(sum(portfolio.mbgnbd_pmf(m, n, 39)) - 1) < 1e-12
              AND pg_temp.close(sum(n * portfolio.mbgnbd_pmf(m, n, 39)), portfolio.mbgnbd_expected(m, 39), 1e-12)
             FROM lt, generate_series(0, 3000) n GROUP BY m),
          'the pmf sums to 1 and its mean is E[X(39)]');
-- DERT: delta int_0^inf e^(-delta t) E[Y(t)] dt by mpmath quadrature of the closed form of E[Y]
SELECT ok((SELECT pg_temp.close(portfolio.mbgnbd_dert(m, 0, 0, 38.86, 0.0027), 0.72246411432374945, 1e-9)
              AND pg_temp.close(portfolio.mbgnbd_dert(m, 2, 30.43, 38.86, 0.0027), 4.9107723467741804, 1e-9)
              AND pg_temp.close(portfolio.mbgnbd_dert(m, 26, 30.86, 31, 0.05), 10.273419685965387, 1e-9)
              AND pg_temp.close(portfolio.mbgnbd_dert(m, 1, 1.71, 38.86, 0.5), 0.011321669646846168, 1e-9) FROM lt),
          'DERT agrees with the integral of the discounted expected purchases to 1e-9');
SELECT ok((SELECT portfolio.mbgnbd_p_alive_future(m, 0, 2, 30.43, 38.86) = portfolio.mbgnbd_p_alive(m, 2, 30.43, 38.86)
              AND portfolio.mbgnbd_p_alive_future(m, 52, 2, 30.43, 38.86) < portfolio.mbgnbd_p_alive(m, 2, 30.43, 38.86)
              AND portfolio.mbgnbd_p_alive_future(m, 52, 2, 30.43, 38.86) > 0 FROM lt),
          'P(alive) 52 weeks on is P(alive) at t = 0 and falls after');
-- P(alive at T + t) = P(alive) 2F1(r + x, a; a + b + x + 1; -t / (alpha + T)), the mean of (1 + p s)^-(r + x) over the posterior p (mpmath)
SELECT ok((SELECT pg_temp.close(portfolio.mbgnbd_p_alive_future(m, 52, 2, 30.43, 38.86), 0.49264598448147592613, 1e-10)
              AND pg_temp.close(portfolio.mbgnbd_p_alive_future(m, 52, 0, 0, 38.86), 0.34469451218585324751, 1e-10) FROM lt),
          'P(alive) 52 weeks on: 0.492646 and 0.344695, the hypergeometric closed form');
SELECT is((SELECT count(*) FROM lt, published
            WHERE NOT portfolio.mbgnbd_p_alive(m, x, t_x, t) BETWEEN 0 AND 1
               OR NOT portfolio.mbgnbd_expected(m, 39, x, t_x, t) >= 0), 0::bigint,
          'P(alive) within [0, 1] and expectations >= 0 for every CDNOW customer');

-- ---------- CLV through the generic path ----------
SELECT ok((SELECT pg_temp.close(portfolio.clv(m, portfolio.gamma_gamma(6.25, 3.74, 15.45), 2, 30.43, 38.86, 20, 12, 4.345, 0.01),
                                portfolio.gg_expected_spend(portfolio.gamma_gamma(6.25, 3.74, 15.45), 2, 20) *
                                (SELECT sum((portfolio.mbgnbd_expected(m, i * 4.345, 2, 30.43, 38.86)
                                             - portfolio.mbgnbd_expected(m, (i - 1) * 4.345, 2, 30.43, 38.86)) / 1.01 ^ i)
                                   FROM generate_series(1, 12) i), 1e-12) FROM lt),
          'clv is the expected spend times the discounted differences of mbgnbd_expected');
SELECT ok((SELECT pg_temp.close((SELECT sum(discounted_value) FROM portfolio.clv_by_period(m, portfolio.gamma_gamma(6.25, 3.74, 15.45), 2, 30.43, 38.86, 20, 12, 4.345, 0.01)),
                                portfolio.clv(m, portfolio.gamma_gamma(6.25, 3.74, 15.45), 2, 30.43, 38.86, 20, 12, 4.345, 0.01), 1e-12) FROM lt),
          'clv_by_period''s discounted values add up to clv');
SELECT ok((SELECT portfolio.clv(m, portfolio.gamma_gamma(6.25, 3.74, 15.45), 0, 0, 38.86, 0, 12, 4.345, 0.01)
                  < portfolio.clv(portfolio.bgnbd((m).r, (m).alpha, (m).a, (m).b), portfolio.gamma_gamma(6.25, 3.74, 15.45), 0, 0, 38.86, 0, 12, 4.345, 0.01) FROM lt),
          'a customer without repeat purchases is worth less under MBG/NBD (it may be gone) than under BG/NBD with the same parameters');

-- ---------- the simulator ----------
SELECT is((SELECT md5(string_agg(customer || ':' || t, ',' ORDER BY customer, t)) FROM lt, portfolio.mbgnbd_simulate(m, 500, 52, 7)),
          (SELECT md5(string_agg(customer || ':' || t, ',' ORDER BY customer, t)) FROM lt, portfolio.mbgnbd_simulate(m, 500, 52, 7)),
          'the same seed gives the same purchases');
SELECT isnt((SELECT md5(string_agg(customer || ':' || t, ',' ORDER BY customer, t)) FROM lt, portfolio.mbgnbd_simulate(m, 500, 52, 7)),
            (SELECT md5(string_agg(customer || ':' || t, ',' ORDER BY customer, t)) FROM lt, portfolio.mbgnbd_simulate(m, 500, 52, 8)),
            'another seed gives other purchases');
SELECT is((SELECT count(DISTINCT customer) || ' ' || min(t) || ' ' || (max(t) < 52)::text FROM lt, portfolio.mbgnbd_simulate(m, 1000, 52, 1)),
          '1000 0 true', 'every customer has its first purchase at 0, none at or after age');
-- 20,000 simulated customers, 39 weeks: the share without repeat purchases is P(X(39) = 0) within 4 standard errors
SELECT ok((SELECT abs(avg((n = 1)::int) - 0.5826055674071031) <= 4 * sqrt(0.5826 * 0.4174 / 20000)
             FROM (SELECT customer, count(*) AS n FROM lt, portfolio.mbgnbd_simulate(m, 20000, 39, 11) GROUP BY customer) c),
          'simulated customers without repeat purchases: P(X(39) = 0) within 4 standard errors');
SELECT ok((SELECT count(*) = 100 AND max(t) = 0 FROM portfolio.mbgnbd_simulate(portfolio.mbgnbd(1, 1, 1e6, 1e-6), 100, 52, 3)),
          'with p near 1 every customer drops out at its first purchase');

-- ---------- parallel and partial fits ----------
\set QUIET on
CREATE TEMP TABLE sim AS
SELECT (s).frequency::float8 AS x, (s).recency AS t_x, (s).age AS age, s
  FROM (SELECT portfolio.summarize(DATE '2020-01-06' + (7 * t)::int, 1, DATE '2021-01-04', 'week') AS s
          FROM lt, portfolio.mbgnbd_simulate(m, 3000, 52, 5) GROUP BY customer) c;
ANALYZE sim;
CREATE AGGREGATE pg_temp.mbgnbd_state(float8, float8, float8) (
    SFUNC = portfolio_internal.mbgnbd_fit_accum, STYPE = portfolio.fit_histogram);
\set QUIET off
SELECT is((SELECT portfolio.mbgnbd_fit(x, t_x, age)::text FROM sim),
          (SELECT portfolio.mbgnbd_fit(x, t_x, age)::text FROM (SELECT * FROM sim ORDER BY random()) q),
          'the fit does not depend on the order of the rows');
SELECT is((SELECT portfolio_internal.mbgnbd_fit_final(portfolio_internal.fit_histogram_combine(
                      (SELECT pg_temp.mbgnbd_state(x, t_x, age) FROM sim WHERE x::int % 3 = 0),
                      portfolio_internal.fit_histogram_combine(
                          (SELECT pg_temp.mbgnbd_state(x, t_x, age) FROM sim WHERE x::int % 3 = 1),
                          (SELECT pg_temp.mbgnbd_state(x, t_x, age) FROM sim WHERE x::int % 3 = 2))))::text),
          (SELECT portfolio.mbgnbd_fit(x, t_x, age)::text FROM sim),
          'three partial states (as Citus workers compute them) combined give the serial fit bit for bit');
\set QUIET on
\ir fixtures/force_parallel.sql
SELECT pg_temp.force_parallel();
\set QUIET off
SELECT ok(pg_temp.plan_has('SELECT portfolio.mbgnbd_fit(x, t_x, age) FROM sim', 'Partial'),
          'mbgnbd_fit(float8, float8, float8) runs as a Partial Aggregate');
SELECT ok(pg_temp.plan_has('SELECT portfolio.mbgnbd_fit(s) FROM sim', 'Partial'),
          'mbgnbd_fit(summary) runs as a Partial Aggregate');
\set QUIET on
CREATE TEMP TABLE par AS
SELECT (SELECT portfolio.mbgnbd_fit(x, t_x, age)::text FROM sim) AS f, (SELECT portfolio.mbgnbd_fit(s)::text FROM sim) AS g;
SELECT pg_temp.force_serial();
\set QUIET off
SELECT is((SELECT f FROM par), (SELECT portfolio.mbgnbd_fit(x, t_x, age)::text FROM sim),
          'the parallel fit is the serial one, bit for bit');
SELECT is((SELECT g FROM par), (SELECT portfolio.mbgnbd_fit(s)::text FROM sim),
          'the parallel fit over summaries is the serial one, bit for bit');
SELECT ok((SELECT (portfolio.mbgnbd_fit(s)).unit = 'week' FROM sim), 'a fit over summaries names their unit');

-- ---------- hostile input ----------
SELECT ok((SELECT portfolio.mbgnbd(NULL, 1, 1, 1)) IS NULL, 'mbgnbd(NULL, ...) is NULL (STRICT)');
SELECT throws_ok($q$SELECT portfolio.mbgnbd('NaN', 1, 1, 1)$q$, '22023', 'mbgnbd parameter r must be a finite number greater than zero', 'mbgnbd: NaN r');
SELECT throws_ok($q$SELECT portfolio.mbgnbd(1, 'Infinity', 1, 1)$q$, '22023', 'mbgnbd parameter alpha must be a finite number greater than zero', 'mbgnbd: Infinity alpha');
SELECT throws_ok($q$SELECT portfolio.mbgnbd(1, 1, 0, 1)$q$, '22023', 'mbgnbd parameter a must be a finite number greater than zero', 'mbgnbd: a = 0');
SELECT throws_ok($q$SELECT portfolio.mbgnbd(1, 1, 1, -1)$q$, '22023', 'mbgnbd parameter b must be a finite number greater than zero', 'mbgnbd: negative b');
SELECT throws_ok($q$SELECT portfolio.mbgnbd_p_alive(ROW(1, 1, 1, NULL, NULL, NULL, NULL, NULL, NULL)::portfolio.mbgnbd, 1, 1, 2)$q$, '22004', 'mbgnbd parameter b must not be null', 'a hand-built model with a NULL b');
SELECT throws_ok($q$SELECT portfolio.mbgnbd_expected(ROW(1, 'NaN', 1, 1, NULL, NULL, NULL, NULL, NULL)::portfolio.mbgnbd, 1)$q$, '22023', 'mbgnbd parameter alpha must be a finite number greater than zero', 'a hand-built model with a NaN alpha');
SELECT throws_ok($q$SELECT portfolio.mbgnbd_p_alive(portfolio.mbgnbd(1, 1, 1, 1), 1, 3, 2)$q$, '22023', 'recency must not be greater than age', 'P(alive): recency past age');
SELECT throws_ok($q$SELECT portfolio.mbgnbd_expected(portfolio.mbgnbd(1, 1, 1, 1), 1, 0.5, 1, 2)$q$, '22023', 'frequency must be a whole number of repeat purchases, at least 0', 'expected: a fractional frequency');
SELECT throws_ok($q$SELECT portfolio.mbgnbd_expected(portfolio.mbgnbd(1, 1, 1, 1), -1)$q$, '22023', 't must not be negative', 'E[X(t)]: negative t');
SELECT throws_ok($q$SELECT portfolio.mbgnbd_expected(portfolio.mbgnbd(1, 1, 1, 1), 'Infinity', 1, 1, 2)$q$, '22023', 't must be a finite number', 'expected: infinite t');
SELECT throws_ok($q$SELECT portfolio.mbgnbd_pmf(portfolio.mbgnbd(1, 1, 1, 1), -1, 1)$q$, '22023', 'n must not be negative', 'pmf: negative n');
SELECT throws_ok($q$SELECT portfolio.mbgnbd_dert(portfolio.mbgnbd(1, 1, 1, 1), 1, 1, 2, 0)$q$, '22023', 'delta must be greater than zero', 'DERT: delta 0');
SELECT throws_ok($q$SELECT portfolio.mbgnbd_dert(portfolio.mbgnbd(1, 1, 1, 1), 1, 1, 2, 'NaN')$q$, '22023', 'delta must be a finite number', 'DERT: NaN delta');
SELECT throws_ok($q$SELECT portfolio.mbgnbd_simulate(portfolio.mbgnbd(1, 1, 1, 1), -1, 1, 1)$q$, '22023', 'customers must not be negative', 'simulate: negative customers');
SELECT throws_ok($q$SELECT portfolio.clv(portfolio.mbgnbd(1, 1, 1, 1), portfolio.gamma_gamma(6, 4, 15), 1, 1, 2, 10, 12, 0, 0.01)$q$, '22023', 'period_length must be greater than zero', 'clv: period_length 0');
SELECT throws_ok($q$SELECT portfolio.mbgnbd_fit(f, r, a) FROM (VALUES ('NaN'::float8, 1::float8, 2::float8)) v(f, r, a)$q$, '22023', 'frequency, recency and age must be finite numbers', 'fit: a NaN frequency');
SELECT throws_ok($q$SELECT portfolio.mbgnbd_fit(f, r, a) FROM (VALUES (0::float8, 1::float8, 2::float8)) v(f, r, a)$q$, '22023', 'recency must be 0 when frequency is 0', 'fit: recency without repeat purchases');
SELECT ok((SELECT portfolio.mbgnbd_fit(x, t_x, t) FROM published WHERE false) IS NULL, 'a fit over no rows is NULL');
SELECT ok((SELECT portfolio.mbgnbd_fit(f, r, a) FROM (VALUES (NULL::float8, 1::float8, 2::float8), (1, NULL, 2)) v(f, r, a)) IS NULL, 'a fit over NULL rows only is NULL');
SELECT is((SELECT (m).converged = false AND (m).r > 0 AND (m).alpha < 'Infinity' AND (m).a > 0 AND (m).b > 0 AND (m).loglik <= 0
             FROM (SELECT portfolio.mbgnbd_fit(f, r, a) AS m FROM (VALUES (0::float8, 0::float8, 10::float8), (0, 0, 20)) v(f, r, a)) s),
          true, 'nobody ever bought again: not converged, finite positive parameters, no NaN');
SELECT is((SELECT (m).r > 0 AND (m).alpha > 0 AND (m).a > 0 AND (m).b > 0 AND (m).loglik < 0 AND (m).customers = 2
             FROM (SELECT portfolio.mbgnbd_fit(f, r, a) AS m FROM (VALUES (1e9::float8, 1e9::float8, 1e9::float8), (0, 0, 1e9)) v(f, r, a)) s),
          true, 'frequency 1e9: positive, finite parameters (no NaN)');
SELECT throws_ok($q$SELECT portfolio_internal.fit_histogram_combine('model=mbgnbd; 1 1 2 1', 'model=bgnbd; penalizer=0; 1 1 2 1')$q$, '22023', 'a mbgnbd state cannot be used to fit a bgnbd model', 'a BG/NBD state does not combine with an MBG/NBD one');
SELECT throws_ok($q$SELECT portfolio_internal.mbgnbd_fit_final('model=bgnbd; penalizer=0; 1 1 2 1')$q$, '22023', 'a bgnbd state cannot be used to fit a mbgnbd model', 'a BG/NBD state is not fitted as MBG/NBD');
SELECT is((SELECT portfolio_internal.fit_histogram_in('model=mbgnbd; unit=week; 0 0 38.86 3; 2 30.43 38.86 1')::text),
          'model=mbgnbd; unit=week; 0 0 38.86 3; 2 30.43 38.86 1', 'an MBG/NBD state''s text form reads back');
SELECT throws_ok($q$SELECT portfolio_internal.fit_histogram_in('model=mbgnbd; penalizer=0.5; 1 1 2 1')$q$, '22P02', NULL, 'an MBG/NBD state takes no penalizer');
SELECT ok((SELECT portfolio.mbgnbd_p_alive(portfolio.mbgnbd(1e308, 1e308, 1e308, 1e308), 1e15, 1, 1e300) BETWEEN 0 AND 1
              AND portfolio.mbgnbd_p_alive(portfolio.mbgnbd(5e-324, 5e-324, 5e-324, 5e-324), 0, 0, 1e300) BETWEEN 0 AND 1
              AND portfolio.mbgnbd_expected(portfolio.mbgnbd(5e-324, 1, 5e-324, 1e308), 1e300, 0, 0, 1e300) >= 0
              AND portfolio.mbgnbd_pmf(portfolio.mbgnbd(1, 1, 1e308, 5e-324), 0, 1e300) BETWEEN 0 AND 1),
          'extreme parameters and histories: probabilities within [0, 1], expectations >= 0, no NaN');

SELECT * FROM finish();
ROLLBACK;
