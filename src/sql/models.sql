-- models.sql: lifetime-value models: BG/NBD and Gamma-Gamma (types, fits,
-- predictions), CLV and the BG/NBD simulator.

-- ---------- model types ----------

CREATE TYPE @extschema@.bgnbd AS (
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
COMMENT ON TYPE @extschema@.bgnbd IS
'BG/NBD purchase model (Fader, Hardie & Lee 2005): r, alpha (purchase rate), a, b (dropout), and for a fit its log-likelihood, customers, convergence, time unit and the covariance of (r, alpha, a, b)';

CREATE TYPE @extschema@.gamma_gamma AS (
    p         double precision,
    q         double precision,
    v         double precision,
    loglik    double precision,
    customers bigint,
    converged boolean,
    vcov      double precision[]
);
COMMENT ON TYPE @extschema@.gamma_gamma IS
'Gamma-Gamma spend model: p, q, v, and for a fit its log-likelihood, customers, convergence and the covariance of (p, q, v)';

CREATE FUNCTION @extschema@.bgnbd(r double precision, alpha double precision, a double precision, b double precision)
RETURNS @extschema@.bgnbd AS 'MODULE_PATHNAME', 'bgnbd_new' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.bgnbd(double precision, double precision, double precision, double precision) IS
'a BG/NBD model with known parameters (each finite and > 0); loglik, customers, converged and unit are NULL';

CREATE FUNCTION @extschema@.gamma_gamma(p double precision, q double precision, v double precision)
RETURNS @extschema@.gamma_gamma AS 'MODULE_PATHNAME', 'gamma_gamma_new' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.gamma_gamma(double precision, double precision, double precision) IS
'a Gamma-Gamma model with known parameters (each finite and > 0); loglik, customers and converged are NULL';

-- ---------- fitting: a histogram of distinct histories, then maximum likelihood ----------

CREATE TYPE @extschema@.fit_histogram;
CREATE FUNCTION portfolio_internal.fit_histogram_in(cstring) RETURNS @extschema@.fit_histogram
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.fit_histogram_out(@extschema@.fit_histogram) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.fit_histogram_send(@extschema@.fit_histogram) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.fit_histogram_recv(internal) RETURNS @extschema@.fit_histogram
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE TYPE @extschema@.fit_histogram (
    INPUT = portfolio_internal.fit_histogram_in,
    OUTPUT = portfolio_internal.fit_histogram_out,
    RECEIVE = portfolio_internal.fit_histogram_recv,
    SEND = portfolio_internal.fit_histogram_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);
COMMENT ON TYPE @extschema@.fit_histogram IS
'partial state of bgnbd_fit, mbgnbd_fit, gg_fit, sbg_fit, bgbb_fit and pareto_nbd_fit: the distinct customer histories and how many customers share each';
COMMENT ON FUNCTION portfolio_internal.fit_histogram_in(cstring) IS 'input function of fit_histogram';
COMMENT ON FUNCTION portfolio_internal.fit_histogram_out(@extschema@.fit_histogram) IS 'output function of fit_histogram';
COMMENT ON FUNCTION portfolio_internal.fit_histogram_send(@extschema@.fit_histogram) IS 'binary output function of fit_histogram';
COMMENT ON FUNCTION portfolio_internal.fit_histogram_recv(internal) IS 'binary input function of fit_histogram';

CREATE FUNCTION portfolio_internal.bgnbd_fit_accum(@extschema@.fit_histogram, double precision, double precision, double precision)
RETURNS @extschema@.fit_histogram AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.bgnbd_fit_accum_penalized(@extschema@.fit_histogram, double precision, double precision, double precision, double precision)
RETURNS @extschema@.fit_histogram AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.bgnbd_fit_accum_summary(@extschema@.fit_histogram, @extschema@.summary)
RETURNS @extschema@.fit_histogram AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.gg_fit_accum(@extschema@.fit_histogram, double precision, double precision)
RETURNS @extschema@.fit_histogram AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.fit_histogram_combine(@extschema@.fit_histogram, @extschema@.fit_histogram)
RETURNS @extschema@.fit_histogram AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.bgnbd_fit_final(@extschema@.fit_histogram)
RETURNS @extschema@.bgnbd AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.gg_fit_final(@extschema@.fit_histogram)
RETURNS @extschema@.gamma_gamma AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION portfolio_internal.bgnbd_fit_accum(@extschema@.fit_histogram, double precision, double precision, double precision) IS 'transition function of bgnbd_fit(float8, float8, float8)';
COMMENT ON FUNCTION portfolio_internal.bgnbd_fit_accum_penalized(@extschema@.fit_histogram, double precision, double precision, double precision, double precision) IS 'transition function of bgnbd_fit(float8, float8, float8, float8)';
COMMENT ON FUNCTION portfolio_internal.bgnbd_fit_accum_summary(@extschema@.fit_histogram, @extschema@.summary) IS 'transition function of bgnbd_fit(summary)';
COMMENT ON FUNCTION portfolio_internal.gg_fit_accum(@extschema@.fit_histogram, double precision, double precision) IS 'transition function of gg_fit';
COMMENT ON FUNCTION portfolio_internal.fit_histogram_combine(@extschema@.fit_histogram, @extschema@.fit_histogram) IS 'combine function of bgnbd_fit, mbgnbd_fit, gg_fit, sbg_fit, bgbb_fit and pareto_nbd_fit';
COMMENT ON FUNCTION portfolio_internal.bgnbd_fit_final(@extschema@.fit_histogram) IS 'final function of bgnbd_fit: the maximum-likelihood fit';
COMMENT ON FUNCTION portfolio_internal.gg_fit_final(@extschema@.fit_histogram) IS 'final function of gg_fit: the maximum-likelihood fit';

CREATE AGGREGATE @extschema@.bgnbd_fit(frequency double precision, recency double precision, age double precision) (
    SFUNC = portfolio_internal.bgnbd_fit_accum,
    STYPE = @extschema@.fit_histogram,
    FINALFUNC = portfolio_internal.bgnbd_fit_final,
    COMBINEFUNC = portfolio_internal.fit_histogram_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.bgnbd_fit(double precision, double precision, double precision) IS
'maximum-likelihood BG/NBD fit over one (frequency, recency, age) per customer; NULL rows are skipped';

CREATE AGGREGATE @extschema@.bgnbd_fit(frequency double precision, recency double precision, age double precision, penalizer double precision) (
    SFUNC = portfolio_internal.bgnbd_fit_accum_penalized,
    STYPE = @extschema@.fit_histogram,
    FINALFUNC = portfolio_internal.bgnbd_fit_final,
    COMBINEFUNC = portfolio_internal.fit_histogram_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.bgnbd_fit(double precision, double precision, double precision, double precision) IS
'penalised BG/NBD fit: minimises -(sum LL)/n + penalizer * (r^2 + (alpha / max age)^2 + a^2 + b^2), as lifetimes'' penalizer_coef';

CREATE AGGREGATE @extschema@.bgnbd_fit(s @extschema@.summary) (
    SFUNC = portfolio_internal.bgnbd_fit_accum_summary,
    STYPE = @extschema@.fit_histogram,
    FINALFUNC = portfolio_internal.bgnbd_fit_final,
    COMBINEFUNC = portfolio_internal.fit_histogram_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.bgnbd_fit(@extschema@.summary) IS
'maximum-likelihood BG/NBD fit over one summary per customer, in the summaries'' unit (which must be the same for all)';

CREATE AGGREGATE @extschema@.gg_fit(frequency double precision, monetary double precision) (
    SFUNC = portfolio_internal.gg_fit_accum,
    STYPE = @extschema@.fit_histogram,
    FINALFUNC = portfolio_internal.gg_fit_final,
    COMBINEFUNC = portfolio_internal.fit_histogram_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.gg_fit(double precision, double precision) IS
'maximum-likelihood Gamma-Gamma fit over one (frequency, monetary) per customer; customers with frequency 0 and NULL rows are skipped';

-- ---------- predictions ----------

-- The COSTs are in units of a simple operator (cpu_operator_cost), measured
-- (bench/clv.sql): P(alive) about 5, a memoised expectation 25, CLV 100,
-- DERT 3000.  They let the planner run these in parallel workers where the
-- work outweighs moving the rows (the C default, 1, never does).

CREATE FUNCTION @extschema@.bgnbd_p_alive(m @extschema@.bgnbd, frequency double precision, recency double precision, age double precision)
RETURNS double precision AS 'MODULE_PATHNAME', 'bgnbd_p_alive_sql' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE COST 5;
COMMENT ON FUNCTION @extschema@.bgnbd_p_alive(@extschema@.bgnbd, double precision, double precision, double precision) IS
'probability that a customer with this history is still alive at its age';

CREATE FUNCTION @extschema@.bgnbd_expected(m @extschema@.bgnbd, t double precision, frequency double precision, recency double precision, age double precision)
RETURNS double precision AS 'MODULE_PATHNAME', 'bgnbd_expected_sql' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE COST 25;
COMMENT ON FUNCTION @extschema@.bgnbd_expected(@extschema@.bgnbd, double precision, double precision, double precision, double precision) IS
'expected purchases in the next t periods of a customer with this history';

CREATE FUNCTION @extschema@.bgnbd_expected(m @extschema@.bgnbd, t double precision)
RETURNS double precision AS 'MODULE_PATHNAME', 'bgnbd_expected_new_sql' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE COST 30;
COMMENT ON FUNCTION @extschema@.bgnbd_expected(@extschema@.bgnbd, double precision) IS
'E[X(t)]: expected repeat purchases in the first t periods of a new customer';

CREATE FUNCTION @extschema@.bgnbd_pmf(m @extschema@.bgnbd, n integer, t double precision)
RETURNS double precision AS 'MODULE_PATHNAME', 'bgnbd_pmf_sql' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE COST 100;
COMMENT ON FUNCTION @extschema@.bgnbd_pmf(@extschema@.bgnbd, integer, double precision) IS
'P(X(t) = n): probability that a new customer makes exactly n repeat purchases in its first t periods';

CREATE FUNCTION @extschema@.gg_expected_spend(m @extschema@.gamma_gamma, frequency double precision, monetary double precision)
RETURNS double precision AS 'MODULE_PATHNAME', 'gg_expected_spend_sql' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE COST 2;
COMMENT ON FUNCTION @extschema@.gg_expected_spend(@extschema@.gamma_gamma, double precision, double precision) IS
'expected mean spend per purchase of a customer; for frequency 0 the population mean p * v / (q - 1)';

CREATE FUNCTION @extschema@.clv(bg @extschema@.bgnbd, gg @extschema@.gamma_gamma,
                                frequency double precision, recency double precision, age double precision,
                                monetary double precision, periods integer, period_length double precision,
                                discount_rate double precision)
RETURNS double precision AS 'MODULE_PATHNAME', 'clv_sql' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE COST 100;
COMMENT ON FUNCTION @extschema@.clv(@extschema@.bgnbd, @extschema@.gamma_gamma, double precision, double precision, double precision, double precision, integer, double precision, double precision) IS
'discounted customer lifetime value: expected spend times the expected purchases of each of periods periods of period_length model time units, discounted at discount_rate per period';

-- ---------- simulation ----------

CREATE FUNCTION @extschema@.bgnbd_simulate(m @extschema@.bgnbd, customers integer, age double precision, seed bigint)
RETURNS TABLE (customer integer, t double precision)
AS 'MODULE_PATHNAME', 'bgnbd_simulate' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE ROWS 3000;
COMMENT ON FUNCTION @extschema@.bgnbd_simulate(@extschema@.bgnbd, integer, double precision, bigint) IS
'purchases drawn from a BG/NBD model: customers 1..customers, each with its first purchase at t = 0 and repeat purchases until it drops out or t reaches age; the same seed gives the same rows';

-- ---------- predictions over the posterior ----------

CREATE FUNCTION @extschema@.bgnbd_p_alive_future(m @extschema@.bgnbd, t double precision, frequency double precision, recency double precision, age double precision)
RETURNS double precision AS 'MODULE_PATHNAME', 'bgnbd_p_alive_future_sql' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE COST 25;
COMMENT ON FUNCTION @extschema@.bgnbd_p_alive_future(@extschema@.bgnbd, double precision, double precision, double precision, double precision) IS
'probability that a customer with this history is alive t periods after its age, counting the drop-outs its purchases in between may bring';

CREATE FUNCTION @extschema@.bgnbd_dert(m @extschema@.bgnbd, frequency double precision, recency double precision, age double precision, delta double precision)
RETURNS double precision AS 'MODULE_PATHNAME', 'bgnbd_dert_sql' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE COST 3000;
COMMENT ON FUNCTION @extschema@.bgnbd_dert(@extschema@.bgnbd, double precision, double precision, double precision, double precision) IS
'discounted expected residual transactions: the expected future purchases, each discounted continuously at delta per unit of the model''s time';

CREATE FUNCTION @extschema@.clv_by_period(bg @extschema@.bgnbd, gg @extschema@.gamma_gamma,
                                          frequency double precision, recency double precision, age double precision,
                                          monetary double precision, periods integer, period_length double precision,
                                          discount_rate double precision)
RETURNS TABLE (period integer, expected_purchases double precision, expected_revenue double precision,
               discount_factor double precision, discounted_value double precision)
AS 'MODULE_PATHNAME', 'clv_by_period' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE COST 400 ROWS 12;
COMMENT ON FUNCTION @extschema@.clv_by_period(@extschema@.bgnbd, @extschema@.gamma_gamma, double precision, double precision, double precision, double precision, integer, double precision, double precision) IS
'one customer''s lifetime value period by period: expected purchases and revenue, discount factor and discounted value of each period; the discounted values add up to clv';

-- ---------- the parameters as rows ----------

-- The rows of model_parameters, for every model: each parameter's estimate,
-- its standard error (the square root of the covariance's diagonal) and its
-- Wald interval; NULL errors without a covariance.  1.959963984540054 = the
-- 97.5% quantile of the standard normal, as lifetimes' summary and
-- CLVTools' confint use it.
CREATE FUNCTION portfolio_internal.model_parameter_rows(names text[], estimates double precision[],
                                                        vcov double precision[])
RETURNS TABLE (parameter text, estimate double precision, std_error double precision,
               ci_lower double precision, ci_upper double precision)
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT p.name, p.estimate, pg_catalog.sqrt(vcov[p.i][p.i]),
           p.estimate - 1.959963984540054 * pg_catalog.sqrt(vcov[p.i][p.i]),
           p.estimate + 1.959963984540054 * pg_catalog.sqrt(vcov[p.i][p.i])
      FROM ROWS FROM (pg_catalog.unnest(names), pg_catalog.unnest(estimates)) WITH ORDINALITY AS p(name, estimate, i)
     ORDER BY p.i;
END;
COMMENT ON FUNCTION portfolio_internal.model_parameter_rows(text[], double precision[], double precision[]) IS
'support function of model_parameters: parameters, estimates and covariance as rows with standard errors and 95% Wald intervals';

CREATE FUNCTION @extschema@.model_parameters(m @extschema@.bgnbd)
RETURNS TABLE (parameter text, estimate double precision, std_error double precision,
               ci_lower double precision, ci_upper double precision)
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT * FROM portfolio_internal.model_parameter_rows(ARRAY['r', 'alpha', 'a', 'b'],
                                                          ARRAY[m.r, m.alpha, m.a, m.b], m.vcov);
END;
COMMENT ON FUNCTION @extschema@.model_parameters(@extschema@.bgnbd) IS
'a BG/NBD model''s parameters as rows: estimate, standard error and 95% confidence interval (NULL without a covariance: a model built from known parameters, or a penalised fit)';

CREATE FUNCTION @extschema@.model_parameters(m @extschema@.gamma_gamma)
RETURNS TABLE (parameter text, estimate double precision, std_error double precision,
               ci_lower double precision, ci_upper double precision)
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT * FROM portfolio_internal.model_parameter_rows(ARRAY['p', 'q', 'v'],
                                                          ARRAY[m.p, m.q, m.v], m.vcov);
END;
COMMENT ON FUNCTION @extschema@.model_parameters(@extschema@.gamma_gamma) IS
'a Gamma-Gamma model''s parameters as rows: estimate, standard error and 95% confidence interval (NULL without a covariance)';
