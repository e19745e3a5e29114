-- models_discrete.sql: the discrete-time lifetime-value models: the
-- shifted-beta-geometric (sBG) model of contractual churn (type, fit,
-- survival, retention, DERL, residual value, simulator).  Its fit shares
-- the fit_histogram state of models.sql.

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
