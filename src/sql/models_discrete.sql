-- models_discrete.sql: the discrete-time lifetime-value models: the
-- shifted-beta-geometric (sBG) model of contractual churn (type, fit,
-- survival, retention, DERL, residual value, simulator) and the BG/BB model
-- of purchases at discrete opportunities (type, fit, P(alive), expected
-- transactions, pmf, DERT, CLV, simulator).  Their fits share the
-- fit_histogram state of models.sql.

-- ---------- the shifted-beta-geometric model ----------

CREATE TYPE @extschema@.sbg AS (
    alpha     double precision,
    beta      double precision,
    loglik    double precision,
    customers bigint,
    converged boolean,
    vcov      double precision[]
);
COMMENT ON TYPE @extschema@.sbg IS
'shifted-beta-geometric contractual churn model (Fader & Hardie 2007): alpha, beta of the beta distribution of the churn probability, and for a fit its log-likelihood, customers, convergence and the covariance of (alpha, beta)';

CREATE FUNCTION @extschema@.sbg(alpha double precision, beta double precision)
RETURNS @extschema@.sbg AS 'MODULE_PATHNAME', 'sbg_new' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.sbg(double precision, double precision) IS
'an sBG model with known parameters (each finite and > 0); loglik, customers, converged and vcov are NULL';

CREATE FUNCTION portfolio_internal.sbg_fit_accum(@extschema@.fit_histogram, integer, boolean)
RETURNS @extschema@.fit_histogram AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.sbg_fit_accum_weighted(@extschema@.fit_histogram, integer, boolean, double precision)
RETURNS @extschema@.fit_histogram AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.sbg_fit_final(@extschema@.fit_histogram)
RETURNS @extschema@.sbg AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION portfolio_internal.sbg_fit_accum(@extschema@.fit_histogram, integer, boolean) IS 'transition function of sbg_fit(integer, boolean)';
COMMENT ON FUNCTION portfolio_internal.sbg_fit_accum_weighted(@extschema@.fit_histogram, integer, boolean, double precision) IS 'transition function of sbg_fit(integer, boolean, float8)';
COMMENT ON FUNCTION portfolio_internal.sbg_fit_final(@extschema@.fit_histogram) IS 'final function of sbg_fit: the maximum-likelihood fit';

CREATE AGGREGATE @extschema@.sbg_fit(t integer, churned boolean) (
    SFUNC = portfolio_internal.sbg_fit_accum,
    STYPE = @extschema@.fit_histogram,
    FINALFUNC = portfolio_internal.sbg_fit_final,
    COMBINEFUNC = portfolio_internal.fit_histogram_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.sbg_fit(integer, boolean) IS
'maximum-likelihood sBG fit over one (t, churned) per customer: t is the period in which it churned, or for a customer still active its renewals so far; NULL rows are skipped';

CREATE AGGREGATE @extschema@.sbg_fit(t integer, churned boolean, customers double precision) (
    SFUNC = portfolio_internal.sbg_fit_accum_weighted,
    STYPE = @extschema@.fit_histogram,
    FINALFUNC = portfolio_internal.sbg_fit_final,
    COMBINEFUNC = portfolio_internal.fit_histogram_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.sbg_fit(integer, boolean, double precision) IS
'maximum-likelihood sBG fit over weighted rows: customers (a whole number) customers share each (t, churned), as in a cohort''s counts; NULL rows are skipped';

CREATE FUNCTION @extschema@.sbg_survival(m @extschema@.sbg, t integer)
RETURNS double precision AS 'MODULE_PATHNAME', 'sbg_survival_sql' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE COST 5;
COMMENT ON FUNCTION @extschema@.sbg_survival(@extschema@.sbg, integer) IS
'S(t) = B(alpha, beta + t) / B(alpha, beta): the share of a cohort still active after t renewals';

CREATE FUNCTION @extschema@.sbg_retention(m @extschema@.sbg, t integer)
RETURNS double precision AS 'MODULE_PATHNAME', 'sbg_retention_sql' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE COST 2;
COMMENT ON FUNCTION @extschema@.sbg_retention(@extschema@.sbg, integer) IS
'r(t) = S(t) / S(t - 1) = (beta + t - 1) / (alpha + beta + t - 1): the share of the customers active after t - 1 renewals who make renewal t';

CREATE FUNCTION @extschema@.sbg_derl(m @extschema@.sbg, renewals integer, discount_rate double precision)
RETURNS double precision AS 'MODULE_PATHNAME', 'sbg_derl_sql' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE COST 1000;
COMMENT ON FUNCTION @extschema@.sbg_derl(@extschema@.sbg, integer, double precision) IS
'discounted expected residual lifetime (Fader & Hardie 2010) of a customer who has made renewals renewals: its expected future payments, the one at the next renewal undiscounted, each later one discounted at discount_rate per period';

CREATE FUNCTION @extschema@.sbg_residual_value(m @extschema@.sbg, renewals integer, value double precision, discount_rate double precision)
RETURNS double precision AS 'MODULE_PATHNAME', 'sbg_residual_value_sql' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE COST 1000;
COMMENT ON FUNCTION @extschema@.sbg_residual_value(@extschema@.sbg, integer, double precision, double precision) IS
'expected lifetime value still to come from a customer who has made renewals renewals and pays value per period: value * sbg_derl(m, renewals, discount_rate)';

CREATE FUNCTION @extschema@.sbg_simulate(m @extschema@.sbg, customers integer, periods integer, seed bigint)
RETURNS TABLE (customer integer, t integer, churned boolean)
AS 'MODULE_PATHNAME', 'sbg_simulate' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE ROWS 1000;
COMMENT ON FUNCTION @extschema@.sbg_simulate(@extschema@.sbg, integer, integer, bigint) IS
'customers drawn from an sBG model, each observed for periods renewal opportunities, one row each as sbg_fit takes it: (t, true) for one who churned in period t, (periods, false) for one still active; the same seed gives the same rows';

CREATE FUNCTION @extschema@.model_parameters(m @extschema@.sbg)
RETURNS TABLE (parameter text, estimate double precision, std_error double precision,
               ci_lower double precision, ci_upper double precision)
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT * FROM portfolio_internal.model_parameter_rows(ARRAY['alpha', 'beta'],
                                                          ARRAY[m.alpha, m.beta], m.vcov);
END;
COMMENT ON FUNCTION @extschema@.model_parameters(@extschema@.sbg) IS
'an sBG model''s parameters as rows: estimate, standard error and 95% confidence interval (NULL without a covariance: a model built from known parameters)';

-- ---------- the BG/BB model ----------

CREATE TYPE @extschema@.bgbb AS (
    alpha     double precision,
    beta      double precision,
    gamma     double precision,
    delta     double precision,
    loglik    double precision,
    customers bigint,
    converged boolean,
    vcov      double precision[]
);
COMMENT ON TYPE @extschema@.bgbb IS
'beta-geometric/beta-Bernoulli model of discrete-time purchasing (Fader, Hardie & Shang 2010): alpha, beta of the beta distribution of the transaction probability, gamma, delta of the dropout probability, and for a fit its log-likelihood, customers, convergence and the covariance of (alpha, beta, gamma, delta)';

CREATE FUNCTION @extschema@.bgbb(alpha double precision, beta double precision, gamma double precision, delta double precision)
RETURNS @extschema@.bgbb AS 'MODULE_PATHNAME', 'bgbb_new' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.bgbb(double precision, double precision, double precision, double precision) IS
'a BG/BB model with known parameters (each finite and > 0); loglik, customers, converged and vcov are NULL';

CREATE FUNCTION portfolio_internal.bgbb_fit_accum(@extschema@.fit_histogram, double precision, double precision, double precision)
RETURNS @extschema@.fit_histogram AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.bgbb_fit_accum_weighted(@extschema@.fit_histogram, double precision, double precision, double precision, double precision)
RETURNS @extschema@.fit_histogram AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.bgbb_fit_final(@extschema@.fit_histogram)
RETURNS @extschema@.bgbb AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION portfolio_internal.bgbb_fit_accum(@extschema@.fit_histogram, double precision, double precision, double precision) IS 'transition function of bgbb_fit(float8, float8, float8)';
COMMENT ON FUNCTION portfolio_internal.bgbb_fit_accum_weighted(@extschema@.fit_histogram, double precision, double precision, double precision, double precision) IS 'transition function of bgbb_fit(float8, float8, float8, float8)';
COMMENT ON FUNCTION portfolio_internal.bgbb_fit_final(@extschema@.fit_histogram) IS 'final function of bgbb_fit: the maximum-likelihood fit';

CREATE AGGREGATE @extschema@.bgbb_fit(frequency double precision, recency double precision, n double precision) (
    SFUNC = portfolio_internal.bgbb_fit_accum,
    STYPE = @extschema@.fit_histogram,
    FINALFUNC = portfolio_internal.bgbb_fit_final,
    COMBINEFUNC = portfolio_internal.fit_histogram_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.bgbb_fit(double precision, double precision, double precision) IS
'maximum-likelihood BG/BB fit over one (frequency, recency, n) per customer: frequency transactions in n opportunities, the last at opportunity recency; NULL rows are skipped';

CREATE AGGREGATE @extschema@.bgbb_fit(frequency double precision, recency double precision, n double precision, weight double precision) (
    SFUNC = portfolio_internal.bgbb_fit_accum_weighted,
    STYPE = @extschema@.fit_histogram,
    FINALFUNC = portfolio_internal.bgbb_fit_final,
    COMBINEFUNC = portfolio_internal.fit_histogram_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.bgbb_fit(double precision, double precision, double precision, double precision) IS
'maximum-likelihood BG/BB fit over weighted patterns: weight (a whole number) customers share each (frequency, recency, n); NULL rows are skipped';

CREATE FUNCTION @extschema@.bgbb_p_alive(m @extschema@.bgbb, frequency double precision, recency double precision, n double precision)
RETURNS double precision AS 'MODULE_PATHNAME', 'bgbb_p_alive_sql' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE COST 10;
COMMENT ON FUNCTION @extschema@.bgbb_p_alive(@extschema@.bgbb, double precision, double precision, double precision) IS
'probability that a customer with this history is alive at the next opportunity, n + 1';

CREATE FUNCTION @extschema@.bgbb_expected(m @extschema@.bgbb, t double precision, frequency double precision, recency double precision, n double precision)
RETURNS double precision AS 'MODULE_PATHNAME', 'bgbb_expected_sql' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE COST 20;
COMMENT ON FUNCTION @extschema@.bgbb_expected(@extschema@.bgbb, double precision, double precision, double precision, double precision) IS
'expected transactions of a customer with this history in the next t opportunities, n + 1 .. n + t';

CREATE FUNCTION @extschema@.bgbb_expected(m @extschema@.bgbb, t double precision)
RETURNS double precision AS 'MODULE_PATHNAME', 'bgbb_expected_new_sql' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE COST 20;
COMMENT ON FUNCTION @extschema@.bgbb_expected(@extschema@.bgbb, double precision) IS
'expected transactions of a new customer in its first t opportunities';

CREATE FUNCTION @extschema@.bgbb_pmf(m @extschema@.bgbb, x integer, n double precision)
RETURNS double precision AS 'MODULE_PATHNAME', 'bgbb_pmf_sql' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE COST 50;
COMMENT ON FUNCTION @extschema@.bgbb_pmf(@extschema@.bgbb, integer, double precision) IS
'P(X(n) = x): probability that a new customer makes exactly x transactions in its first n opportunities';

CREATE FUNCTION @extschema@.bgbb_dert(m @extschema@.bgbb, frequency double precision, recency double precision, n double precision, discount_rate double precision)
RETURNS double precision AS 'MODULE_PATHNAME', 'bgbb_dert_sql' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE COST 1000;
COMMENT ON FUNCTION @extschema@.bgbb_dert(@extschema@.bgbb, double precision, double precision, double precision, double precision) IS
'discounted expected residual transactions (Fader, Hardie & Shang 2010): the expected transactions from opportunity n + 1 on, the one at n + k discounted k times at discount_rate per opportunity';

CREATE FUNCTION @extschema@.clv(bg @extschema@.bgbb, gg @extschema@.gamma_gamma,
                                frequency double precision, recency double precision, n double precision,
                                monetary double precision, periods integer, period_length double precision,
                                discount_rate double precision)
RETURNS double precision AS 'MODULE_PATHNAME', 'bgbb_clv_sql' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE COST 100;
COMMENT ON FUNCTION @extschema@.clv(@extschema@.bgbb, @extschema@.gamma_gamma, double precision, double precision, double precision, double precision, integer, double precision, double precision) IS
'discounted customer lifetime value with a BG/BB purchase model: expected spend times the expected transactions of each of periods periods of period_length (whole) opportunities, discounted at discount_rate per period';

CREATE FUNCTION @extschema@.bgbb_simulate(m @extschema@.bgbb, customers integer, n integer, seed bigint)
RETURNS TABLE (customer integer, frequency integer, recency integer, n integer)
AS 'MODULE_PATHNAME', 'bgbb_simulate' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE ROWS 1000;
COMMENT ON FUNCTION @extschema@.bgbb_simulate(@extschema@.bgbb, integer, integer, bigint) IS
'customers drawn from a BG/BB model, each observed for n opportunities, one (customer, frequency, recency, n) row each as bgbb_fit takes it; the same seed gives the same rows';

CREATE FUNCTION @extschema@.model_parameters(m @extschema@.bgbb)
RETURNS TABLE (parameter text, estimate double precision, std_error double precision,
               ci_lower double precision, ci_upper double precision)
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT * FROM portfolio_internal.model_parameter_rows(ARRAY['alpha', 'beta', 'gamma', 'delta'],
                                                          ARRAY[m.alpha, m.beta, m.gamma, m.delta], m.vcov);
END;
COMMENT ON FUNCTION @extschema@.model_parameters(@extschema@.bgbb) IS
'a BG/BB model''s parameters as rows: estimate, standard error and 95% confidence interval (NULL without a covariance: a model built from known parameters)';
