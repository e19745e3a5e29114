-- Every public function and aggregate of the discrete-time models
-- (src/sql/models_discrete.sql: the sbg composite and constructor, sbg_fit
-- x2, sbg_survival, sbg_retention, sbg_derl, sbg_residual_value,
-- sbg_simulate, model_parameters(sbg), and the fit_histogram state with
-- model=sbg) given hostile input: each case has an asserted outcome, a
-- documented value or an error with its SQLSTATE and message.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS portfolio;
SELECT plan(57);
SET LOCAL client_min_messages = warning;
CREATE TEMP TABLE m AS SELECT portfolio.sbg(0.668, 3.806) AS m;

-- ---------- the constructor: every parameter finite and > 0 ----------
SELECT ok(portfolio.sbg(NULL, 1) IS NULL AND portfolio.sbg(1, NULL) IS NULL, 'sbg(NULL, 1) and sbg(1, NULL) are NULL (strict)');
SELECT throws_ok($q$SELECT portfolio.sbg('NaN', 1)$q$, '22023', 'sbg parameter alpha must be a finite number greater than zero', 'sbg: NaN alpha');
SELECT throws_ok($q$SELECT portfolio.sbg(1, 'Infinity')$q$, '22023', 'sbg parameter beta must be a finite number greater than zero', 'sbg: Infinity beta');
SELECT throws_ok($q$SELECT portfolio.sbg(0, 1)$q$, '22023', 'sbg parameter alpha must be a finite number greater than zero', 'sbg: alpha 0');
SELECT throws_ok($q$SELECT portfolio.sbg(1, -0.0)$q$, '22023', 'sbg parameter beta must be a finite number greater than zero', 'sbg: beta -0');
SELECT throws_ok($q$SELECT portfolio.sbg(-1, 1)$q$, '22023', 'sbg parameter alpha must be a finite number greater than zero', 'sbg: negative alpha');
SELECT is(portfolio.sbg(1e308, 1e-308)::text, '(1e+308,1e-308,,,,)', 'sbg(1e308, 1e-308): the extremes are models');
SELECT throws_ok($q$SELECT portfolio.sbg_survival(ROW(NULL, 1, NULL, NULL, NULL, NULL)::portfolio.sbg, 1)$q$, '22004', 'sbg parameter alpha must not be null', 'a model row with a NULL alpha');
SELECT throws_ok($q$SELECT portfolio.sbg_derl(ROW(1, 'NaN', NULL, NULL, NULL, NULL)::portfolio.sbg, 1, 0.1)$q$, '22023', 'sbg parameter beta must be a finite number greater than zero', 'a model row with a NaN beta');

-- ---------- survival and retention ----------
SELECT is(portfolio.sbg_survival(m, 0), 1::float8, 'S(0) = 1') FROM m;
SELECT throws_ok($q$SELECT portfolio.sbg_survival(portfolio.sbg(1, 1), -1)$q$, '22023', 't must be at least 0', 'S(-1)');
SELECT ok(portfolio.sbg_survival(portfolio.sbg(1, 1), NULL) IS NULL, 'S(NULL) is NULL (strict)');
SELECT ok(s > 0 AND s < 1e-5, 'S(2^31 - 1) is small and positive: ' || s) FROM (SELECT portfolio.sbg_survival(m, 2147483647) s FROM m) q;
SELECT is(portfolio.sbg_survival(portfolio.sbg(1e308, 1e-308), 2147483647), 0::float8, 'S(t) of extreme parameters underflows to 0, never NaN');
SELECT is(portfolio.sbg_survival(portfolio.sbg(1e-308, 1e308), 2147483647), 1::float8, 'S(t) of a model that never churns is 1');
SELECT throws_ok($q$SELECT portfolio.sbg_retention(portfolio.sbg(1, 1), 0)$q$, '22023', 't must be at least 1', 'r(0)');
SELECT is(portfolio.sbg_retention(portfolio.sbg(1, 1e308), 2147483647), 1::float8, 'r(t) near beta = 1e308 is 1, not NaN');
SELECT is(portfolio.sbg_retention(portfolio.sbg(1e308, 1e-308), 1), 0::float8, 'r(1) of alpha = 1e308, beta = 1e-308 is 0, not NaN');

-- ---------- DERL and residual value ----------
SELECT throws_ok($q$SELECT portfolio.sbg_derl(portfolio.sbg(1, 1), -1, 0.1)$q$, '22023', 'renewals must be at least 0', 'DERL of -1 renewals');
SELECT throws_ok($q$SELECT portfolio.sbg_derl(portfolio.sbg(1, 1), 1, 'NaN')$q$, '22023', 'discount_rate must be a finite number of at least 1e-06', 'DERL at a NaN rate');
SELECT throws_ok($q$SELECT portfolio.sbg_derl(portfolio.sbg(1, 1), 1, 'Infinity')$q$, '22023', 'discount_rate must be a finite number of at least 1e-06', 'DERL at an infinite rate');
SELECT throws_ok($q$SELECT portfolio.sbg_derl(portfolio.sbg(1, 1), 1, 0)$q$, '22023', 'discount_rate must be a finite number of at least 1e-06', 'DERL undiscounted (infinite for alpha <= 1)');
SELECT throws_ok($q$SELECT portfolio.sbg_derl(portfolio.sbg(1, 1), 1, -0.1)$q$, '22023', 'discount_rate must be a finite number of at least 1e-06', 'DERL at a negative rate');
SELECT throws_ok($q$SELECT portfolio.sbg_derl(portfolio.sbg(1, 1), 1, 1e-7)$q$, '22023', 'discount_rate must be a finite number of at least 1e-06', 'DERL below the smallest rate');
SELECT ok(abs(portfolio.sbg_derl(m, 7, 1e300) - portfolio.sbg_retention(m, 8)) < 1e-15, 'DERL at a huge rate is the next renewal''s probability') FROM m;
SELECT ok(d > 1000 AND d < 1e7, 'DERL at the smallest rate is finite and large: ' || d) FROM (SELECT portfolio.sbg_derl(portfolio.sbg(0.5, 1), 0, 1e-6) d) q;
SELECT ok(d > 0 AND d < 1, 'DERL of extreme parameters stays finite: ' || d) FROM (SELECT portfolio.sbg_derl(portfolio.sbg(1e308, 1e308), 2147483647, 1e-6) d) q;
SELECT throws_ok($q$SELECT portfolio.sbg_residual_value(portfolio.sbg(1, 1), 1, 'NaN', 0.1)$q$, '22023', 'value must be a finite number', 'residual value of a NaN value');
SELECT throws_ok($q$SELECT portfolio.sbg_residual_value(portfolio.sbg(1, 1), 1, '-Infinity', 0.1)$q$, '22023', 'value must be a finite number', 'residual value of an infinite value');
SELECT throws_ok($q$SELECT portfolio.sbg_residual_value(portfolio.sbg(0.5, 1), 0, 1e308, 0.001)$q$, '22003', 'the residual value is out of range for type double precision', 'a residual value beyond a float8');
SELECT is(portfolio.sbg_residual_value(m, 7, -100, 0.1), -100 * portfolio.sbg_derl(m, 7, 0.1), 'a negative value per period (a loss) is scaled like any other') FROM m;

-- ---------- the fit ----------
SELECT ok((SELECT portfolio.sbg_fit(t, c) FROM (VALUES (1, true)) v(t, c) WHERE false) IS NULL, 'sbg_fit of no rows is NULL');
SELECT ok((SELECT portfolio.sbg_fit(t, c) FROM (VALUES (NULL::int, true), (1, NULL)) v(t, c)) IS NULL, 'sbg_fit of NULL rows only is NULL');
SELECT ok((SELECT portfolio.sbg_fit(t, c, w) FROM (VALUES (1, true, 0::float8), (2, false, NULL)) v(t, c, w)) IS NULL, 'sbg_fit of rows with 0 or NULL customers only is NULL');
SELECT throws_ok($q$SELECT portfolio.sbg_fit(-1, false)$q$, '22023', 't must be a whole number of periods, at least 0', 'sbg_fit: t = -1');
SELECT throws_ok($q$SELECT portfolio.sbg_fit(0, true)$q$, '22023', 't must be at least 1 for a churned customer (the period in which it churned)', 'sbg_fit: churned at t = 0');
SELECT throws_ok($q$SELECT portfolio.sbg_fit(1, true, 'NaN')$q$, '22023', 'customers must be a whole number from 0 to 2^53', 'sbg_fit: NaN customers');
SELECT throws_ok($q$SELECT portfolio.sbg_fit(1, true, 'Infinity')$q$, '22023', 'customers must be a whole number from 0 to 2^53', 'sbg_fit: infinite customers');
SELECT throws_ok($q$SELECT portfolio.sbg_fit(1, true, -1)$q$, '22023', 'customers must be a whole number from 0 to 2^53', 'sbg_fit: negative customers');
SELECT throws_ok($q$SELECT portfolio.sbg_fit(1, true, 2.5)$q$, '22023', 'customers must be a whole number from 0 to 2^53', 'sbg_fit: fractional customers');
SELECT throws_ok($q$SELECT portfolio.sbg_fit(1, true, 1e300)$q$, '22023', 'customers must be a whole number from 0 to 2^53', 'sbg_fit: 1e300 customers');
SELECT throws_ok($q$SELECT portfolio.sbg_fit(t, true, 9007199254740992) FROM generate_series(1, 1025) t$q$, '22003', NULL, 'sbg_fit: customers summing past a bigint');
SELECT is((SELECT (f).converged::text || coalesce((f).vcov::text, ' no vcov') FROM (SELECT portfolio.sbg_fit(1, true, 100) f) q), 'false no vcov', 'everyone churning at once identifies nothing: converged false, no covariance');
SELECT is((SELECT (f).converged::text || coalesce((f).vcov::text, ' no vcov') FROM (SELECT portfolio.sbg_fit(5, false, 100) f) q), 'false no vcov', 'nobody churning identifies nothing: converged false, no covariance');
SELECT ok((SELECT (f).alpha > 0 AND (f).beta > 0 AND (f).loglik <= 0 FROM (SELECT portfolio.sbg_fit(2147483647, c, 1) f FROM (VALUES (true), (false)) v(c)) q), 'sbg_fit at t = 2^31 - 1 gives finite parameters and LL');
SELECT throws_ok($q$SELECT portfolio_internal.sbg_fit_final('model=bgnbd; penalizer=0; 1 1 2 1')$q$, '22023', 'a bgnbd state cannot be used to fit a sbg model', 'a BG/NBD state given to sbg''s final function');
SELECT throws_ok($q$SELECT portfolio_internal.fit_histogram_combine(portfolio_internal.sbg_fit_accum(NULL, 1, true), portfolio_internal.gg_fit_accum(NULL, 1, 10))$q$, '22023', 'a sbg state cannot be used to fit a gamma_gamma model', 'combining an sbg state with a Gamma-Gamma one');

-- ---------- the state's text form ----------
SELECT is('model=sbg; 2 1 3; 4 0 1; 2 1 2'::portfolio.fit_histogram::text, 'model=sbg; 2 1 5; 4 0 1', 'model=sbg: repeated histories merge');
SELECT throws_ok($q$SELECT 'model=sbg; 0 1 3'::portfolio.fit_histogram$q$, '22P02', NULL, 'model=sbg: churned at t = 0 is refused');
SELECT throws_ok($q$SELECT 'model=sbg; 2 0.5 3'::portfolio.fit_histogram$q$, '22P02', NULL, 'model=sbg: churned must be 0 or 1');
SELECT throws_ok($q$SELECT 'model=sbg; 2.5 0 3'::portfolio.fit_histogram$q$, '22P02', NULL, 'model=sbg: t must be whole');
SELECT throws_ok($q$SELECT 'model=sbg; penalizer=0'::portfolio.fit_histogram$q$, '22P02', NULL, 'model=sbg takes no penalizer');

-- ---------- the simulator ----------
SELECT throws_ok($q$SELECT * FROM portfolio.sbg_simulate(portfolio.sbg(1, 1), -1, 5, 1)$q$, '22023', 'customers must be at least 0', 'simulate -1 customers');
SELECT throws_ok($q$SELECT * FROM portfolio.sbg_simulate(portfolio.sbg(1, 1), 5, -1, 1)$q$, '22023', 'periods must be at least 0', 'simulate -1 periods');
SELECT is((SELECT count(*) FROM portfolio.sbg_simulate(portfolio.sbg(1, 1), 0, 5, 1)), 0::bigint, 'simulating 0 customers gives no rows');
SELECT is((SELECT string_agg(DISTINCT t || ' ' || churned, ',') FROM portfolio.sbg_simulate(portfolio.sbg(1, 1), 100, 0, 1)), '0 false', 'observed for 0 periods, every customer is (0, false)');
SELECT is((SELECT count(*) FILTER (WHERE churned) FROM portfolio.sbg_simulate(portfolio.sbg(1e-300, 1e300), 1000, 2147483647, 1)), 0::bigint, 'a model that never churns simulates no churn, even over 2^31 - 1 periods');

SELECT * FROM finish();
ROLLBACK;
