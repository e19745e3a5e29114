-- BG/BB (Fader, Hardie & Shang 2010) in SQL: the fit on the donations data
-- against the published parameters and log-likelihood, the predictions at
-- BTYD's printed parameters against the published values, P(alive), the
-- conditional expectation, the pmf and DERT against plain-SQL sums of the
-- paper's definitions, CLV through the generic path, the simulator, the
-- weighted and per-customer fits, parallel and Citus-style partial fits,
-- and hostile input with the SQLSTATE and message of each error.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS portfolio;
SELECT plan(60);
SET LOCAL client_min_messages = warning;
\ir lib/plans.sql

\set QUIET on
CREATE TEMP TABLE donations (frequency float8, recency float8, n float8, weight float8);
\copy donations FROM 'data/cdnow/donations.csv' WITH (FORMAT csv, HEADER true)
CREATE TEMP TABLE fitted AS SELECT portfolio.bgbb_fit(frequency, recency, n, weight) AS m FROM donations;
-- BTYD's walkthrough prints these parameters for the same data
CREATE TEMP TABLE btyd AS SELECT portfolio.bgbb(1.203528, 0.749726, 0.656781, 2.783796) AS m;
CREATE FUNCTION pg_temp.close(got float8, want float8, rel float8) RETURNS bool LANGUAGE sql AS
$$ SELECT abs(got - want) <= rel * abs(want) $$;
-- ln B(a + da, b + db) - ln B(a, b) for whole shifts, as a product of ratios
CREATE FUNCTION pg_temp.lbr(a float8, b float8, da int, db int) RETURNS float8 LANGUAGE sql AS $$
    SELECT coalesce((SELECT sum(ln(a + k)) FROM generate_series(0, da - 1) k), 0)
         + coalesce((SELECT sum(ln(b + k)) FROM generate_series(0, db - 1) k), 0)
         - coalesce((SELECT sum(ln(a + b + k)) FROM generate_series(0, da + db - 1) k), 0) $$;
-- FHS (2010) eq. 5: alive through n, or dead just before opportunity t_x + i + 1
CREATE FUNCTION pg_temp.lik(m portfolio.bgbb, x int, tx int, n int) RETURNS float8 LANGUAGE sql AS $$
    SELECT exp(pg_temp.lbr(m.alpha, m.beta, x, n - x) + pg_temp.lbr(m.gamma, m.delta, 0, n))
         + coalesce((SELECT sum(exp(pg_temp.lbr(m.alpha, m.beta, x, tx - x + i) + pg_temp.lbr(m.gamma, m.delta, 0, tx + i)
                                    + ln(m.gamma / (m.gamma + m.delta + tx + i))))
                       FROM generate_series(0, n - tx - 1) i), 0) $$;
-- the expected transactions at opportunity n + k of a customer with this history
CREATE FUNCTION pg_temp.at(m portfolio.bgbb, k int, x int, tx int, n int) RETURNS float8 LANGUAGE sql AS $$
    SELECT exp(pg_temp.lbr(m.alpha, m.beta, x + 1, n - x) + pg_temp.lbr(m.gamma, m.delta, 0, n + k)) / pg_temp.lik(m, x, tx, n) $$;
CREATE TEMP TABLE histories AS
SELECT x, tx, n FROM (VALUES (0, 0, 6), (1, 1, 6), (2, 5, 6), (4, 5, 6), (6, 6, 6), (3, 10, 20), (0, 0, 1)) v(x, tx, n);
\set QUIET off

-- ---------- the fit on the donations data ----------
SELECT is((SELECT (m).customers FROM fitted), 11104::bigint, 'donations: 11,104 donors in 22 weighted patterns');
SELECT ok((SELECT (m).converged FROM fitted), 'the fit converged');
SELECT is((SELECT ARRAY[round((m).alpha::numeric, 3), round((m).beta::numeric, 3), round((m).gamma::numeric, 3), round((m).delta::numeric, 3)] FROM fitted),
          ARRAY[1.204, 0.750, 0.657, 2.783], 'donations: alpha = 1.204, beta = 0.750, gamma = 0.657, delta = 2.783 (published)');
SELECT ok((SELECT abs((m).loglik - (-33225.58)) < 0.1 FROM fitted), 'LL within 0.1 of the published -33225.58');
SELECT ok((SELECT abs((m).loglik - (SELECT sum(weight * ln(pg_temp.lik(f.m, frequency::int, recency::int, n::int))) FROM donations)) < 1e-8
             FROM fitted f), 'the reported LL is the plain-SQL sum of the paper''s likelihood at the fitted parameters');
SELECT is((SELECT count(*) || ' ' || bool_and(std_error > 0 AND ci_lower < estimate AND estimate < ci_upper)
             FROM fitted, portfolio.model_parameters(m)), '4 true', 'model_parameters: four rows, each with a standard error and an interval around it');
SELECT is((SELECT portfolio.bgbb_fit(frequency, recency, n)::text
             FROM donations, generate_series(1, weight::int)),
          (SELECT m::text FROM fitted), 'one row per donor gives the weighted fit bit for bit');
SELECT is((SELECT portfolio.bgbb_fit(frequency, recency, n, w)::text
             FROM (SELECT frequency, recency, n, weight - 1 AS w FROM donations UNION ALL SELECT frequency, recency, n, 1 FROM donations) s),
          (SELECT m::text FROM fitted), 'a pattern split over two rows is the same pattern');

-- ---------- published predictions (BTYD's parameters; FHS 2010) ----------
SELECT ok((SELECT pg_temp.close(portfolio.bgbb_expected(m, 10), 3.179805, 1e-5) FROM btyd),
          'a new donor''s expected transactions in its first 10 opportunities: 3.179805');
SELECT ok((SELECT pg_temp.close(portfolio.bgbb_expected(m, 10, 0, 0, 6), 0.130217, 1e-5) FROM btyd),
          'E[X(6, 16) | x = 0, t_x = 0, n = 6] = 0.130217');
SELECT ok((SELECT pg_temp.close(portfolio.bgbb_expected(m, 10, 4, 5, 6), 3.627858, 1e-5) FROM btyd),
          'E[X(6, 16) | x = 4, t_x = 5, n = 6] = 3.627858');
SELECT is((SELECT ARRAY[round(portfolio.bgbb_expected(m, 10)::numeric, 4), round(portfolio.bgbb_expected(m, 10, 0, 0, 6)::numeric, 4),
                        round(portfolio.bgbb_expected(m, 10, 4, 5, 6)::numeric, 4)]
             FROM (SELECT portfolio.bgbb(1.204, 0.750, 0.657, 2.783) AS m) r),
          ARRAY[3.1789, 0.1301, 3.6271], 'the rounded parameters give 3.1789, 0.1301, 3.6271');

-- ---------- predictions against plain SQL ----------
SELECT is((SELECT count(*) FROM btyd, histories
            WHERE NOT pg_temp.close(portfolio.bgbb_p_alive(m, x, tx, n),
                                    exp(pg_temp.lbr((m).alpha, (m).beta, x, n - x) + pg_temp.lbr((m).gamma, (m).delta, 0, n + 1)) / pg_temp.lik(m, x, tx, n), 1e-12)),
          0::bigint, 'P(alive at n + 1) is eq. 11 in plain SQL for 7 histories');
SELECT is((SELECT count(*) FROM btyd, histories, (VALUES (1), (5), (30)) t(t)
            WHERE NOT pg_temp.close(portfolio.bgbb_expected(m, t, x, tx, n),
                                    (SELECT sum(pg_temp.at(m, k, x, tx, n)) FROM generate_series(1, t) k), 1e-12)),
          0::bigint, 'E[X(n, n + t) | history] is the plain-SQL sum of the expected transactions at each opportunity, 21 cases');
SELECT is((SELECT count(*) FROM btyd, histories, (VALUES (0.05), (0.1), (1.0)) d(d)
            WHERE NOT pg_temp.close(portfolio.bgbb_dert(m, x, tx, n, d),
                                    (SELECT sum(pg_temp.at(m, k, x, tx, n) / (1 + d) ^ k) FROM generate_series(1, 600) k), 1e-9)),
          0::bigint, 'DERT is the plain-SQL discounted sum of expected transactions within 1e-9, 21 cases');
SELECT ok((SELECT abs(sum(portfolio.bgbb_pmf(m, x, 6)) - 1) < 1e-13 AND pg_temp.close(sum(x * portfolio.bgbb_pmf(m, x, 6)), portfolio.bgbb_expected(m, 6), 1e-12)
             FROM btyd, generate_series(0, 6) x GROUP BY m), 'the pmf over x = 0..6 sums to 1 and its mean is E[X(6)]');
SELECT ok((SELECT abs(portfolio.bgbb_pmf(m, 0, 6) - (SELECT sum(weight) FILTER (WHERE frequency = 0) / sum(weight) FROM donations)) < 0.005
             FROM fitted), 'the fitted P(X(6) = 0) is within half a point of the donors'' observed share');
SELECT is(portfolio.bgbb_pmf(m, 7, 6), 0::float8, 'P(X(6) = 7) = 0') FROM btyd;
SELECT ok(portfolio.bgbb_p_alive(m, 1, 1, 6) < portfolio.bgbb_p_alive(m, 1, 6, 6) AND portfolio.bgbb_p_alive(m, 1, 6, 6) < 1,
          'P(alive) is higher for a donor whose last donation was recent') FROM btyd;

-- ---------- CLV through the generic path ----------
SELECT ok((SELECT pg_temp.close(portfolio.clv(m, portfolio.gamma_gamma(6, 4, 15), 4, 5, 6, 40, 10, 1, 0.1),
                                portfolio.gg_expected_spend(portfolio.gamma_gamma(6, 4, 15), 4, 40)
                                * (SELECT sum(pg_temp.at(m, k, 4, 5, 6) / 1.1 ^ k) FROM generate_series(1, 10) k), 1e-12) FROM btyd),
          'clv is the expected spend times the discounted expected transactions of the next 10 opportunities');
SELECT ok((SELECT pg_temp.close(portfolio.clv(m, portfolio.gamma_gamma(6, 4, 15), 2, 5, 6, 40, 5, 2, 0.1),
                                portfolio.gg_expected_spend(portfolio.gamma_gamma(6, 4, 15), 2, 40)
                                * (SELECT sum((portfolio.bgbb_expected(m, 2 * k, 2, 5, 6) - portfolio.bgbb_expected(m, 2 * k - 2, 2, 5, 6)) / 1.1 ^ k)
                                     FROM generate_series(1, 5) k), 1e-12) FROM btyd),
          'with periods of 2 opportunities, clv discounts each period''s expected transactions once');
SELECT ok((SELECT abs(portfolio.clv(m, portfolio.gamma_gamma(6, 4, 15), 4, 5, 6, 40, 200, 1, 0.1)
                      - portfolio.gg_expected_spend(portfolio.gamma_gamma(6, 4, 15), 4, 40) * portfolio.bgbb_dert(m, 4, 5, 6, 0.1))
              <= 1e-9 * portfolio.clv(m, portfolio.gamma_gamma(6, 4, 15), 4, 5, 6, 40, 200, 1, 0.1) FROM btyd),
          'over 200 opportunities clv is the spend times DERT');

-- ---------- the simulator ----------
SELECT is((SELECT md5(string_agg(concat_ws(':', customer, frequency, recency, n), ',' ORDER BY customer)) FROM btyd, portfolio.bgbb_simulate(m, 500, 6, 7)),
          (SELECT md5(string_agg(concat_ws(':', customer, frequency, recency, n), ',' ORDER BY customer)) FROM btyd, portfolio.bgbb_simulate(m, 500, 6, 7)),
          'the same seed gives the same donors');
SELECT isnt((SELECT md5(string_agg(concat_ws(':', customer, frequency, recency, n), ',' ORDER BY customer)) FROM btyd, portfolio.bgbb_simulate(m, 500, 6, 7)),
            (SELECT md5(string_agg(concat_ws(':', customer, frequency, recency, n), ',' ORDER BY customer)) FROM btyd, portfolio.bgbb_simulate(m, 500, 6, 8)),
            'another seed gives other donors');
SELECT is((SELECT count(*) || ' ' || bool_and(frequency <= recency AND recency <= n AND n = 6 AND (frequency = 0) = (recency = 0))
             FROM btyd, portfolio.bgbb_simulate(m, 1000, 6, 1)), '1000 true', 'every simulated history is one the fit takes');
SELECT ok((SELECT abs(avg(frequency) - portfolio.bgbb_expected(m, 6)) <= 4 * stddev(frequency) / sqrt(20000)
             FROM btyd, portfolio.bgbb_simulate(m, 20000, 6, 11) GROUP BY m), 'the mean of 20,000 simulated donors is E[X(6)] within 4 standard errors');

-- ---------- parallel and partial fits ----------
\set QUIET on
CREATE TEMP TABLE sim AS SELECT frequency::float8 AS x, recency::float8 AS tx, n::float8 AS n FROM btyd, portfolio.bgbb_simulate(m, 20000, 10, 5);
ANALYZE sim;
CREATE AGGREGATE pg_temp.bgbb_state(float8, float8, float8) (
    SFUNC = portfolio_internal.bgbb_fit_accum, STYPE = portfolio.fit_histogram);
\set QUIET off
SELECT is((SELECT portfolio.bgbb_fit(x, tx, n)::text FROM sim),
          (SELECT portfolio.bgbb_fit(x, tx, n)::text FROM (SELECT * FROM sim ORDER BY random()) q),
          'the fit does not depend on the order of the rows');
SELECT is((SELECT portfolio_internal.bgbb_fit_final(portfolio_internal.fit_histogram_combine(
                      (SELECT pg_temp.bgbb_state(x, tx, n) FROM sim WHERE x::int % 3 = 0),
                      portfolio_internal.fit_histogram_combine(
                          (SELECT pg_temp.bgbb_state(x, tx, n) FROM sim WHERE x::int % 3 = 1),
                          (SELECT pg_temp.bgbb_state(x, tx, n) FROM sim WHERE x::int % 3 = 2))))::text),
          (SELECT portfolio.bgbb_fit(x, tx, n)::text FROM sim),
          'three partial states (as Citus workers compute them) combined give the serial fit bit for bit');
\set QUIET on
\ir fixtures/force_parallel.sql
SELECT pg_temp.force_parallel();
\set QUIET off
SELECT ok(pg_temp.plan_has('SELECT portfolio.bgbb_fit(x, tx, n) FROM sim', 'Partial'),
          'bgbb_fit(float8, float8, float8) runs as a Partial Aggregate');
\set QUIET on
CREATE TEMP TABLE par AS SELECT (SELECT portfolio.bgbb_fit(x, tx, n)::text FROM sim) AS f;
SELECT pg_temp.force_serial();
\set QUIET off
SELECT is((SELECT f FROM par), (SELECT portfolio.bgbb_fit(x, tx, n)::text FROM sim), 'the parallel fit is the serial one, bit for bit');

-- ---------- hostile input ----------
SELECT ok(portfolio.bgbb(NULL, 1, 1, 1) IS NULL, 'bgbb(NULL, ...) is NULL (STRICT)');
SELECT throws_ok($q$SELECT portfolio.bgbb('NaN', 1, 1, 1)$q$, '22023', 'bgbb parameter alpha must be a finite number greater than zero', 'bgbb: NaN alpha');
SELECT throws_ok($q$SELECT portfolio.bgbb(1, 'Infinity', 1, 1)$q$, '22023', 'bgbb parameter beta must be a finite number greater than zero', 'bgbb: Infinity beta');
SELECT throws_ok($q$SELECT portfolio.bgbb(1, 1, 0, 1)$q$, '22023', 'bgbb parameter gamma must be a finite number greater than zero', 'bgbb: gamma 0');
SELECT throws_ok($q$SELECT portfolio.bgbb(1, 1, 1, -1)$q$, '22023', 'bgbb parameter delta must be a finite number greater than zero', 'bgbb: negative delta');
SELECT throws_ok($q$SELECT portfolio.bgbb_p_alive(ROW(1, 1, 1, NULL, NULL, NULL, NULL, NULL)::portfolio.bgbb, 1, 1, 2)$q$, '22004', 'bgbb parameter delta must not be null', 'a hand-built model with a NULL delta');
SELECT throws_ok($q$SELECT portfolio.bgbb_p_alive(portfolio.bgbb(1, 1, 1, 1), 3, 2, 6)$q$, '22023', 'frequency must not exceed recency (the opportunity of the last transaction)', 'P(alive): frequency above recency');
SELECT throws_ok($q$SELECT portfolio.bgbb_p_alive(portfolio.bgbb(1, 1, 1, 1), 1, 7, 6)$q$, '22023', 'recency must be a whole number from 0 to n', 'P(alive): recency past n');
SELECT throws_ok($q$SELECT portfolio.bgbb_p_alive(portfolio.bgbb(1, 1, 1, 1), 0, 2, 6)$q$, '22023', 'recency must be 0 when frequency is 0', 'P(alive): recency without transactions');
SELECT throws_ok($q$SELECT portfolio.bgbb_expected(portfolio.bgbb(1, 1, 1, 1), 1, 0.5, 1, 6)$q$, '22023', 'frequency must be a whole number from 0 to n', 'expected: a fractional frequency');
SELECT throws_ok($q$SELECT portfolio.bgbb_expected(portfolio.bgbb(1, 1, 1, 1), 1, 1, 1, 'NaN')$q$, '22023', 'n must be a whole number of opportunities from 0 to 1000000', 'expected: NaN n');
SELECT throws_ok($q$SELECT portfolio.bgbb_dert(portfolio.bgbb(1, 1, 1, 1), 1, 1, 2e6, 0.1)$q$, '22023', 'n must be a whole number of opportunities from 0 to 1000000', 'DERT: n above a million');
SELECT throws_ok($q$SELECT portfolio.bgbb_expected(portfolio.bgbb(1, 1, 1, 1), -1)$q$, '22023', 't must be a whole number of opportunities from 0 to 1000000', 'E[X(t)]: negative t');
SELECT throws_ok($q$SELECT portfolio.bgbb_expected(portfolio.bgbb(1, 1, 1, 1), 1.5, 1, 1, 6)$q$, '22023', 't must be a whole number of opportunities from 0 to 1000000', 'expected: a fractional t');
SELECT throws_ok($q$SELECT portfolio.bgbb_pmf(portfolio.bgbb(1, 1, 1, 1), -1, 6)$q$, '22023', 'x must not be negative', 'pmf: negative x');
SELECT throws_ok($q$SELECT portfolio.bgbb_pmf(portfolio.bgbb(1, 1, 1, 1), 1, 'Infinity')$q$, '22023', 'n must be a whole number of opportunities from 0 to 1000000', 'pmf: infinite n');
SELECT throws_ok($q$SELECT portfolio.bgbb_dert(portfolio.bgbb(1, 1, 1, 1), 1, 1, 2, 0)$q$, '22023', 'discount_rate must be a finite number of at least 1e-06', 'DERT: rate 0');
SELECT throws_ok($q$SELECT portfolio.bgbb_dert(portfolio.bgbb(1, 1, 1, 1), 1, 1, 2, 'NaN')$q$, '22023', 'discount_rate must be a finite number of at least 1e-06', 'DERT: NaN rate');
SELECT throws_ok($q$SELECT portfolio.clv(portfolio.bgbb(1, 1, 1, 1), portfolio.gamma_gamma(6, 4, 15), 1, 1, 2, 10, 12, 0.5, 0.01)$q$, '22023', 'period_length must be a whole number of opportunities, at least 1, with periods * period_length at most 1000000', 'clv: half an opportunity per period');
SELECT throws_ok($q$SELECT portfolio.clv(portfolio.bgbb(1, 1, 1, 1), portfolio.gamma_gamma(6, 4, 15), 1, 1, 2, 10, 2000000, 1, 0.01)$q$, '22023', 'period_length must be a whole number of opportunities, at least 1, with periods * period_length at most 1000000', 'clv: more than a million opportunities');
SELECT throws_ok($q$SELECT portfolio.bgbb_simulate(portfolio.bgbb(1, 1, 1, 1), -1, 6, 1)$q$, '22023', 'customers must not be negative', 'simulate: negative customers');
SELECT throws_ok($q$SELECT portfolio.bgbb_fit(f, r, n, w) FROM (VALUES (1::float8, 1::float8, 6::float8, 2.5::float8)) v(f, r, n, w)$q$, '22023', 'weight must be a whole number from 0 to 2^53', 'fit: a fractional weight');
SELECT throws_ok($q$SELECT portfolio.bgbb_fit(f, r, n) FROM (VALUES (2::float8, 1::float8, 6::float8)) v(f, r, n)$q$, '22023', 'frequency must not exceed recency (the opportunity of the last transaction)', 'fit: frequency above recency');
SELECT ok((SELECT portfolio.bgbb_fit(frequency, recency, n) FROM donations WHERE false) IS NULL, 'a fit over no rows is NULL');
SELECT ok((SELECT portfolio.bgbb_fit(f, r, n, w) FROM (VALUES (NULL::float8, 1::float8, 6::float8, 1::float8), (1, 1, 6, NULL), (1, 1, 6, 0)) v(f, r, n, w)) IS NULL,
          'a fit over NULL rows and zero weights only is NULL');
SELECT is((SELECT (m).converged = false AND (m).alpha > 0 AND (m).beta < 'Infinity' AND (m).gamma > 0 AND (m).delta > 0 AND (m).loglik <= 0
             FROM (SELECT portfolio.bgbb_fit(f, r, n) AS m FROM (VALUES (0::float8, 0::float8, 6::float8), (0, 0, 6)) v(f, r, n)) s),
          true, 'nobody ever transacted again: not converged, finite positive parameters, no NaN');
SELECT throws_ok($q$SELECT portfolio_internal.fit_histogram_combine('model=bgbb; 1 1 6 1', 'model=sbg; 1 1 1')$q$, '22023', 'a bgbb state cannot be used to fit a sbg model', 'a BG/BB state does not combine with an sBG one');
SELECT is(portfolio_internal.fit_histogram_in('model=bgbb; 0 0 6 3464; 6 6 6 1203')::text, 'model=bgbb; 0 0 6 3464; 6 6 6 1203', 'a BG/BB state''s text form reads back');
SELECT throws_ok($q$SELECT portfolio_internal.fit_histogram_in('model=bgbb; 2 1 6 1')$q$, '22P02', NULL, 'a BG/BB state with frequency above recency is malformed');
SELECT ok((SELECT portfolio.bgbb_p_alive(portfolio.bgbb(1e308, 1e308, 1e308, 1e308), 500000, 1000000, 1000000) BETWEEN 0 AND 1
              AND portfolio.bgbb_p_alive(portfolio.bgbb(5e-324, 5e-324, 5e-324, 5e-324), 0, 0, 1000000) BETWEEN 0 AND 1
              AND portfolio.bgbb_expected(portfolio.bgbb(5e-324, 1, 5e-324, 1e308), 1000000, 0, 0, 1000000) >= 0
              AND portfolio.bgbb_pmf(portfolio.bgbb(1, 1, 1e308, 5e-324), 0, 1000000) BETWEEN 0 AND 1
              AND portfolio.bgbb_dert(portfolio.bgbb(1e-300, 1e300, 1e-300, 1e300), 3, 5, 1000000, 1e-6) >= 0),
          'extreme parameters and histories: probabilities within [0, 1], expectations >= 0, no NaN');

SELECT * FROM finish();
ROLLBACK;
