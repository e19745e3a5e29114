-- models_mbgnbd.sql: the MBG/NBD purchase model (Batislam, Denizel &
-- Filiztekin 2007): BG/NBD with a drop-out chance right after the first
-- purchase too.  Its type, fits, predictions, CLV and simulator mirror
-- BG/NBD's (models.sql).

CREATE TYPE @extschema@.mbgnbd AS (
    r         double precision,
    alpha     double precision,
    a         double precision,
    b         double precision,
    loglik    double precision,
    customers bigint,
    converged boolean,
    unit      text,
    vcov      double precision[]
);
COMMENT ON TYPE @extschema@.mbgnbd IS
'MBG/NBD purchase model (Batislam, Denizel & Filiztekin 2007): r, alpha (purchase rate), a, b (dropout, also at the first purchase), and for a fit its log-likelihood, customers, convergence, time unit and the covariance of (r, alpha, a, b)';

CREATE FUNCTION @extschema@.mbgnbd(r double precision, alpha double precision, a double precision, b double precision)
RETURNS @extschema@.mbgnbd AS 'MODULE_PATHNAME', 'mbgnbd_new' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.mbgnbd(double precision, double precision, double precision, double precision) IS
'an MBG/NBD model with known parameters (each finite and > 0); loglik, customers, converged and unit are NULL';

-- ---------- fitting ----------

CREATE FUNCTION portfolio_internal.mbgnbd_fit_accum(@extschema@.fit_histogram, double precision, double precision, double precision)
RETURNS @extschema@.fit_histogram AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.mbgnbd_fit_accum_summary(@extschema@.fit_histogram, @extschema@.summary)
RETURNS @extschema@.fit_histogram AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.mbgnbd_fit_final(@extschema@.fit_histogram)
RETURNS @extschema@.mbgnbd AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION portfolio_internal.mbgnbd_fit_accum(@extschema@.fit_histogram, double precision, double precision, double precision) IS 'transition function of mbgnbd_fit(float8, float8, float8)';
COMMENT ON FUNCTION portfolio_internal.mbgnbd_fit_accum_summary(@extschema@.fit_histogram, @extschema@.summary) IS 'transition function of mbgnbd_fit(summary)';
COMMENT ON FUNCTION portfolio_internal.mbgnbd_fit_final(@extschema@.fit_histogram) IS 'final function of mbgnbd_fit: the maximum-likelihood fit';

CREATE AGGREGATE @extschema@.mbgnbd_fit(frequency double precision, recency double precision, age double precision) (
    SFUNC = portfolio_internal.mbgnbd_fit_accum,
    STYPE = @extschema@.fit_histogram,
    FINALFUNC = portfolio_internal.mbgnbd_fit_final,
    COMBINEFUNC = portfolio_internal.fit_histogram_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.mbgnbd_fit(double precision, double precision, double precision) IS
'maximum-likelihood MBG/NBD fit over one (frequency, recency, age) per customer; NULL rows are skipped';

CREATE AGGREGATE @extschema@.mbgnbd_fit(s @extschema@.summary) (
    SFUNC = portfolio_internal.mbgnbd_fit_accum_summary,
    STYPE = @extschema@.fit_histogram,
    FINALFUNC = portfolio_internal.mbgnbd_fit_final,
    COMBINEFUNC = portfolio_internal.fit_histogram_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.mbgnbd_fit(@extschema@.summary) IS
'maximum-likelihood MBG/NBD fit over one summary per customer, in the summaries'' unit (which must be the same for all)';

-- ---------- predictions (COSTs as BG/NBD's, models.sql) ----------

CREATE FUNCTION @extschema@.mbgnbd_p_alive(m @extschema@.mbgnbd, frequency double precision, recency double precision, age double precision)
RETURNS double precision AS 'MODULE_PATHNAME', 'mbgnbd_p_alive_sql' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE COST 5;
COMMENT ON FUNCTION @extschema@.mbgnbd_p_alive(@extschema@.mbgnbd, double precision, double precision, double precision) IS
'probability that a customer with this history is still alive at its age (below 1 also without repeat purchases: MBG/NBD customers may drop out at once)';

CREATE FUNCTION @extschema@.mbgnbd_expected(m @extschema@.mbgnbd, t double precision, frequency double precision, recency double precision, age double precision)
RETURNS double precision AS 'MODULE_PATHNAME', 'mbgnbd_expected_sql' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE COST 25;
COMMENT ON FUNCTION @extschema@.mbgnbd_expected(@extschema@.mbgnbd, double precision, double precision, double precision, double precision) IS
'expected purchases in the next t periods of a customer with this history';

CREATE FUNCTION @extschema@.mbgnbd_expected(m @extschema@.mbgnbd, t double precision)
RETURNS double precision AS 'MODULE_PATHNAME', 'mbgnbd_expected_new_sql' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE COST 30;
COMMENT ON FUNCTION @extschema@.mbgnbd_expected(@extschema@.mbgnbd, double precision) IS
'E[X(t)]: expected repeat purchases in the first t periods of a new customer';

CREATE FUNCTION @extschema@.mbgnbd_pmf(m @extschema@.mbgnbd, n integer, t double precision)
RETURNS double precision AS 'MODULE_PATHNAME', 'mbgnbd_pmf_sql' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE COST 100;
COMMENT ON FUNCTION @extschema@.mbgnbd_pmf(@extschema@.mbgnbd, integer, double precision) IS
'P(X(t) = n): probability that a new customer makes exactly n repeat purchases in its first t periods';

CREATE FUNCTION @extschema@.mbgnbd_p_alive_future(m @extschema@.mbgnbd, t double precision, frequency double precision, recency double precision, age double precision)
RETURNS double precision AS 'MODULE_PATHNAME', 'mbgnbd_p_alive_future_sql' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE COST 25;
COMMENT ON FUNCTION @extschema@.mbgnbd_p_alive_future(@extschema@.mbgnbd, double precision, double precision, double precision, double precision) IS
'probability that a customer with this history is alive t periods after its age, counting the drop-outs its purchases in between may bring';

CREATE FUNCTION @extschema@.mbgnbd_dert(m @extschema@.mbgnbd, frequency double precision, recency double precision, age double precision, delta double precision)
RETURNS double precision AS 'MODULE_PATHNAME', 'mbgnbd_dert_sql' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE COST 3000;
COMMENT ON FUNCTION @extschema@.mbgnbd_dert(@extschema@.mbgnbd, double precision, double precision, double precision, double precision) IS
'discounted expected residual transactions: the expected future purchases, each discounted continuously at delta per unit of the model''s time';

CREATE FUNCTION @extschema@.clv(bg @extschema@.mbgnbd, gg @extschema@.gamma_gamma,
                                frequency double precision, recency double precision, age double precision,
                                monetary double precision, periods integer, period_length double precision,
                                discount_rate double precision)
RETURNS double precision AS 'MODULE_PATHNAME', 'mbgnbd_clv_sql' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE COST 100;
COMMENT ON FUNCTION @extschema@.clv(@extschema@.mbgnbd, @extschema@.gamma_gamma, double precision, double precision, double precision, double precision, integer, double precision, double precision) IS
'discounted customer lifetime value with an MBG/NBD purchase model: expected spend times the expected purchases of each of periods periods of period_length model time units, discounted at discount_rate per period';

CREATE FUNCTION @extschema@.clv_by_period(bg @extschema@.mbgnbd, gg @extschema@.gamma_gamma,
                                          frequency double precision, recency double precision, age double precision,
                                          monetary double precision, periods integer, period_length double precision,
                                          discount_rate double precision)
RETURNS TABLE (period integer, expected_purchases double precision, expected_revenue double precision,
               discount_factor double precision, discounted_value double precision)
AS 'MODULE_PATHNAME', 'mbgnbd_clv_by_period' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE COST 400 ROWS 12;
COMMENT ON FUNCTION @extschema@.clv_by_period(@extschema@.mbgnbd, @extschema@.gamma_gamma, double precision, double precision, double precision, double precision, integer, double precision, double precision) IS
'one customer''s lifetime value with an MBG/NBD purchase model, period by period; the discounted values add up to clv';

-- ---------- simulation ----------

CREATE FUNCTION @extschema@.mbgnbd_simulate(m @extschema@.mbgnbd, customers integer, age double precision, seed bigint)
RETURNS TABLE (customer integer, t double precision)
AS 'MODULE_PATHNAME', 'mbgnbd_simulate' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE ROWS 3000;
COMMENT ON FUNCTION @extschema@.mbgnbd_simulate(@extschema@.mbgnbd, integer, double precision, bigint) IS
'purchases drawn from an MBG/NBD model: customers 1..customers, each with its first purchase at t = 0, after which (and after each repeat purchase) it may drop out, until t reaches age; the same seed gives the same rows';

-- ---------- the parameters as rows ----------

CREATE FUNCTION @extschema@.model_parameters(m @extschema@.mbgnbd)
RETURNS TABLE (parameter text, estimate double precision, std_error double precision,
               ci_lower double precision, ci_upper double precision)
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT * FROM portfolio_internal.model_parameter_rows(ARRAY['r', 'alpha', 'a', 'b'],
                                                          ARRAY[m.r, m.alpha, m.a, m.b], m.vcov);
END;
COMMENT ON FUNCTION @extschema@.model_parameters(@extschema@.mbgnbd) IS
'an MBG/NBD model''s parameters as rows: estimate, standard error and 95% confidence interval (NULL without a covariance: a model built from known parameters)';
