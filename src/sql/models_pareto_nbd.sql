-- models_pareto_nbd.sql: the Pareto/NBD purchase model (Schmittlein,
-- Morrison & Colombo 1987): purchases at a gamma-distributed Poisson rate
-- until an exponential lifetime of gamma-distributed rate ends.  Its type,
-- fits, predictions, CLV and simulator mirror BG/NBD's (models.sql).

CREATE TYPE @extschema@.pareto_nbd AS (
    r         double precision,
    alpha     double precision,
    s         double precision,
    beta      double precision,
    loglik    double precision,
    customers bigint,
    converged boolean,
    unit      text,
    vcov      double precision[]
);
COMMENT ON TYPE @extschema@.pareto_nbd IS
'Pareto/NBD purchase model (Schmittlein, Morrison & Colombo 1987): r, alpha (purchase rate), s, beta (dropout rate), and for a fit its log-likelihood, customers, convergence, time unit and the covariance of (r, alpha, s, beta)';

CREATE FUNCTION @extschema@.pareto_nbd(r double precision, alpha double precision, s double precision, beta double precision)
RETURNS @extschema@.pareto_nbd AS 'MODULE_PATHNAME', 'pareto_nbd_new' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.pareto_nbd(double precision, double precision, double precision, double precision) IS
'a Pareto/NBD model with known parameters (each finite and > 0); loglik, customers, converged and unit are NULL';

-- ---------- fitting ----------

CREATE FUNCTION portfolio_internal.pareto_nbd_fit_accum(@extschema@.fit_histogram, double precision, double precision, double precision)
RETURNS @extschema@.fit_histogram AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.pareto_nbd_fit_accum_summary(@extschema@.fit_histogram, @extschema@.summary)
RETURNS @extschema@.fit_histogram AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.pareto_nbd_fit_final(@extschema@.fit_histogram)
RETURNS @extschema@.pareto_nbd AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION portfolio_internal.pareto_nbd_fit_accum(@extschema@.fit_histogram, double precision, double precision, double precision) IS 'transition function of pareto_nbd_fit(float8, float8, float8)';
COMMENT ON FUNCTION portfolio_internal.pareto_nbd_fit_accum_summary(@extschema@.fit_histogram, @extschema@.summary) IS 'transition function of pareto_nbd_fit(summary)';
COMMENT ON FUNCTION portfolio_internal.pareto_nbd_fit_final(@extschema@.fit_histogram) IS 'final function of pareto_nbd_fit: the maximum-likelihood fit';

CREATE AGGREGATE @extschema@.pareto_nbd_fit(frequency double precision, recency double precision, age double precision) (
    SFUNC = portfolio_internal.pareto_nbd_fit_accum,
    STYPE = @extschema@.fit_histogram,
    FINALFUNC = portfolio_internal.pareto_nbd_fit_final,
    COMBINEFUNC = portfolio_internal.fit_histogram_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.pareto_nbd_fit(double precision, double precision, double precision) IS
'maximum-likelihood Pareto/NBD fit over one (frequency, recency, age) per customer; NULL rows are skipped';

CREATE AGGREGATE @extschema@.pareto_nbd_fit(s @extschema@.summary) (
    SFUNC = portfolio_internal.pareto_nbd_fit_accum_summary,
    STYPE = @extschema@.fit_histogram,
    FINALFUNC = portfolio_internal.pareto_nbd_fit_final,
    COMBINEFUNC = portfolio_internal.fit_histogram_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.pareto_nbd_fit(@extschema@.summary) IS
'maximum-likelihood Pareto/NBD fit over one summary per customer, in the summaries'' unit (which must be the same for all)';

-- ---------- predictions ----------

CREATE FUNCTION @extschema@.pareto_nbd_p_alive(m @extschema@.pareto_nbd, frequency double precision, recency double precision, age double precision)
RETURNS double precision AS 'MODULE_PATHNAME', 'pareto_nbd_p_alive_sql' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE COST 25;
COMMENT ON FUNCTION @extschema@.pareto_nbd_p_alive(@extschema@.pareto_nbd, double precision, double precision, double precision) IS
'probability that a customer with this history is still alive at its age';

CREATE FUNCTION @extschema@.pareto_nbd_expected(m @extschema@.pareto_nbd, t double precision, frequency double precision, recency double precision, age double precision)
RETURNS double precision AS 'MODULE_PATHNAME', 'pareto_nbd_expected_sql' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE COST 25;
COMMENT ON FUNCTION @extschema@.pareto_nbd_expected(@extschema@.pareto_nbd, double precision, double precision, double precision, double precision) IS
'expected purchases in the next t periods of a customer with this history';

CREATE FUNCTION @extschema@.pareto_nbd_expected(m @extschema@.pareto_nbd, t double precision)
RETURNS double precision AS 'MODULE_PATHNAME', 'pareto_nbd_expected_new_sql' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE COST 5;
COMMENT ON FUNCTION @extschema@.pareto_nbd_expected(@extschema@.pareto_nbd, double precision) IS
'E[X(t)]: expected repeat purchases in the first t periods of a new customer';

CREATE FUNCTION @extschema@.pareto_nbd_pmf(m @extschema@.pareto_nbd, n integer, t double precision)
RETURNS double precision AS 'MODULE_PATHNAME', 'pareto_nbd_pmf_sql' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE COST 300;
COMMENT ON FUNCTION @extschema@.pareto_nbd_pmf(@extschema@.pareto_nbd, integer, double precision) IS
'P(X(t) = n): probability that a new customer makes exactly n repeat purchases in its first t periods';

CREATE FUNCTION @extschema@.pareto_nbd_p_alive_future(m @extschema@.pareto_nbd, t double precision, frequency double precision, recency double precision, age double precision)
RETURNS double precision AS 'MODULE_PATHNAME', 'pareto_nbd_p_alive_future_sql' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE COST 25;
COMMENT ON FUNCTION @extschema@.pareto_nbd_p_alive_future(@extschema@.pareto_nbd, double precision, double precision, double precision, double precision) IS
'probability that a customer with this history is alive t periods after its age';

CREATE FUNCTION @extschema@.pareto_nbd_dert(m @extschema@.pareto_nbd, frequency double precision, recency double precision, age double precision, delta double precision)
RETURNS double precision AS 'MODULE_PATHNAME', 'pareto_nbd_dert_sql' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE COST 50;
COMMENT ON FUNCTION @extschema@.pareto_nbd_dert(@extschema@.pareto_nbd, double precision, double precision, double precision, double precision) IS
'discounted expected residual transactions in closed form (Fader, Hardie & Lee 2005): the expected future purchases, each discounted continuously at delta per unit of the model''s time';

CREATE FUNCTION @extschema@.clv(bg @extschema@.pareto_nbd, gg @extschema@.gamma_gamma,
                                frequency double precision, recency double precision, age double precision,
                                monetary double precision, periods integer, period_length double precision,
                                discount_rate double precision)
RETURNS double precision AS 'MODULE_PATHNAME', 'pareto_nbd_clv_sql' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE COST 100;
COMMENT ON FUNCTION @extschema@.clv(@extschema@.pareto_nbd, @extschema@.gamma_gamma, double precision, double precision, double precision, double precision, integer, double precision, double precision) IS
'discounted customer lifetime value with a Pareto/NBD purchase model: expected spend times the expected purchases of each of periods periods of period_length model time units, discounted at discount_rate per period';

CREATE FUNCTION @extschema@.clv_by_period(bg @extschema@.pareto_nbd, gg @extschema@.gamma_gamma,
                                          frequency double precision, recency double precision, age double precision,
                                          monetary double precision, periods integer, period_length double precision,
                                          discount_rate double precision)
RETURNS TABLE (period integer, expected_purchases double precision, expected_revenue double precision,
               discount_factor double precision, discounted_value double precision)
AS 'MODULE_PATHNAME', 'pareto_nbd_clv_by_period' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE COST 400 ROWS 12;
COMMENT ON FUNCTION @extschema@.clv_by_period(@extschema@.pareto_nbd, @extschema@.gamma_gamma, double precision, double precision, double precision, double precision, integer, double precision, double precision) IS
'one customer''s lifetime value with a Pareto/NBD purchase model, period by period; the discounted values add up to clv';

-- ---------- simulation ----------

CREATE FUNCTION @extschema@.pareto_nbd_simulate(m @extschema@.pareto_nbd, customers integer, age double precision, seed bigint)
RETURNS TABLE (customer integer, t double precision)
AS 'MODULE_PATHNAME', 'pareto_nbd_simulate' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE ROWS 3000;
COMMENT ON FUNCTION @extschema@.pareto_nbd_simulate(@extschema@.pareto_nbd, integer, double precision, bigint) IS
'purchases drawn from a Pareto/NBD model: customers 1..customers, each with its first purchase at t = 0 and repeat purchases until its exponential lifetime ends or t reaches age; the same seed gives the same rows';

-- ---------- the parameters as rows ----------

CREATE FUNCTION @extschema@.model_parameters(m @extschema@.pareto_nbd)
RETURNS TABLE (parameter text, estimate double precision, std_error double precision,
               ci_lower double precision, ci_upper double precision)
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT * FROM portfolio_internal.model_parameter_rows(ARRAY['r', 'alpha', 's', 'beta'],
                                                          ARRAY[m.r, m.alpha, m.s, m.beta], m.vcov);
END;
COMMENT ON FUNCTION @extschema@.model_parameters(@extschema@.pareto_nbd) IS
'a Pareto/NBD model''s parameters as rows: estimate, standard error and 95% confidence interval (NULL without a covariance: a model built from known parameters)';
