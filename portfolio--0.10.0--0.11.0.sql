/* portfolio--0.10.0--0.11.0.sql.  One section per change, each
   self-contained, in the order below. */

\echo Use "ALTER EXTENSION portfolio UPDATE TO '0.11.0'" to load this file. \quit

-- ---------- BG/BB ----------

-- The beta-geometric/beta-Bernoulli model of purchases at discrete
-- opportunities (Fader, Hardie & Shang 2010): its fit shares the
-- fit_histogram state (model 5).
COMMENT ON TYPE @extschema@.fit_histogram IS
'partial state of bgnbd_fit, mbgnbd_fit, gg_fit, sbg_fit and bgbb_fit: the distinct customer histories and how many customers share each';
COMMENT ON FUNCTION portfolio_internal.fit_histogram_combine(@extschema@.fit_histogram, @extschema@.fit_histogram) IS 'combine function of bgnbd_fit, mbgnbd_fit, gg_fit, sbg_fit and bgbb_fit';

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
