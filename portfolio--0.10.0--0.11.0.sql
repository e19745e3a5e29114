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

-- ---------- choosing a model ----------

-- compare_models fits BG/NBD, MBG/NBD, Pareto/NBD and BG/BB on an orders table, one row
-- per model with AIC, BIC and the holdout error; compare_frequencies and
-- compare_holdout give the diagnostics of each.

-- The discrete-time histories of an orders table for BG/BB: each customer's
-- purchase periods of scale days from its first purchase (period 0, not
-- counted), as of calibration_end ($1) and, for the holdout, holdout_end
-- ($3): rows (c, x, tx, n, held, h) with n the periods 1 .. n complete by
-- calibration_end, x those with a purchase, tx the last of them (0 without
-- any), h the periods after n complete by holdout_end and held those with a
-- purchase (NULLs without a holdout).  Only complete periods count, so a
-- customer's calibration history does not depend on the holdout end.
CREATE FUNCTION portfolio_internal.model_periods_query(rel regclass, customer_col name, date_col name)
RETURNS text LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp
RETURN pg_catalog.format(
    'WITH o AS (SELECT %2$I AS c, (%3$I)::pg_catalog.date AS d FROM %1$s'
    '           WHERE %2$I IS NOT NULL AND %3$I IS NOT NULL AND (%3$I)::pg_catalog.date <= coalesce($3, $1)), '
    'f AS (SELECT c, pg_catalog.min(d) AS first FROM o GROUP BY c HAVING pg_catalog.min(d) <= $1), '
    'k AS (SELECT DISTINCT o.c, pg_catalog.floor((o.d - f.first) / $2)::pg_catalog.int8 AS k, '
    '             GREATEST(pg_catalog.floor(($1 - f.first + 1) / $2) - 1, 0)::pg_catalog.int8 AS n, '
    '             (CASE WHEN $3 IS NOT NULL'
    '                   THEN GREATEST(pg_catalog.floor(($3 - f.first + 1) / $2) - 1, 0) END)::pg_catalog.int8 AS last '
    '      FROM o JOIN f ON f.c = o.c) '
    'SELECT c, (pg_catalog.count(*) FILTER (WHERE k BETWEEN 1 AND n))::pg_catalog.float8 AS x, '
    '       coalesce(pg_catalog.max(k) FILTER (WHERE k BETWEEN 1 AND n), 0)::pg_catalog.float8 AS tx, '
    '       pg_catalog.min(n)::pg_catalog.float8 AS n, '
    '       (CASE WHEN $3 IS NOT NULL THEN pg_catalog.count(*) FILTER (WHERE k > n AND k <= last) END)'
    '           ::pg_catalog.float8 AS held, '
    '       (pg_catalog.min(last) - pg_catalog.min(n))::pg_catalog.float8 AS h '
    'FROM k GROUP BY c',
    rel, customer_col, date_col);
COMMENT ON FUNCTION portfolio_internal.model_periods_query(regclass, name, name) IS
'support function of compare_models: the SQL of the discrete-time (BG/BB) histories of an orders table, purchase periods of a model time unit';

-- What a model's likelihood and holdout count in compare_models,
-- compare_frequencies and compare_holdout: repeat purchase days, or for
-- BG/BB purchase periods of the unit.
CREATE FUNCTION portfolio_internal.model_representation(model text, unit text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp
RETURN CASE WHEN model = 'bgbb' THEN 'discrete: ' || lower(unit) || 's with a purchase'
            ELSE 'continuous: repeat purchase days in ' || lower(unit) || 's' END;
COMMENT ON FUNCTION portfolio_internal.model_representation(text, text) IS
'support function of compare_models, compare_frequencies and compare_holdout: what a model''s likelihood and holdout count';

-- The models the comparisons fit to the continuous-time summaries: each
-- has <model>_fit(frequency, recency, age), <model>_pmf and <model>_expected.
CREATE FUNCTION portfolio_internal.continuous_models() RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp
RETURN ARRAY['bgnbd', 'mbgnbd', 'pareto_nbd'];
COMMENT ON FUNCTION portfolio_internal.continuous_models() IS
'support function of compare_frequencies and compare_holdout: the continuous-time purchase models they fit';

CREATE FUNCTION @extschema@.compare_models(
    rel regclass, customer_col name, date_col name, calibration_end date,
    holdout_end date DEFAULT NULL, unit text DEFAULT 'week')
RETURNS TABLE (model text, representation text, parameters text, loglik double precision,
               n_parameters integer, customers bigint, aic double precision, bic double precision,
               converged boolean, holdout_actual double precision, holdout_expected double precision,
               holdout_error double precision, holdout_relative_error double precision)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    scale double precision := portfolio_internal.model_time_scale(unit);
    name text;
    cal text;
    later text;
    -- After the histories (hist) with their holdout purchases and horizons
    -- (held, h_t; NULL without a holdout), %1$s fits the model and %2$s
    -- is its expectation: the model's row as compare_models returns it.
    -- AIC and BIC only where $5 (continuous time) says the likelihoods
    -- compare.
    tail text :=
        'fit AS (SELECT %1$s AS m, pg_catalog.count(*) AS fitted FROM hist HAVING pg_catalog.count(*) > 0), '
        'k AS (SELECT pg_catalog.count(*) AS k, pg_catalog.string_agg(p.parameter || '' = '' '
        '             || pg_catalog.round(p.estimate::pg_catalog.numeric, 4), '', '' ORDER BY p.i) AS text '
        '      FROM fit, @extschema@.model_parameters(fit.m) WITH ORDINALITY AS p(parameter, estimate, se, lo, hi, i)), '
        'hold AS (SELECT pg_catalog.sum(held) AS actual, pg_catalog.sum(%2$s) AS e FROM hist, fit) '
        'SELECT $4, portfolio_internal.model_representation($4, $6), k.text, (fit.m).loglik, k.k::integer, fit.fitted, '
        '       CASE WHEN $5 THEN 2 * k.k - 2 * (fit.m).loglik END, '
        '       CASE WHEN $5 THEN k.k * pg_catalog.ln(fit.fitted) - 2 * (fit.m).loglik END, '
        '       (fit.m).converged, hold.actual, hold.e, hold.e - hold.actual, '
        '       (hold.e - hold.actual) / NULLIF(hold.actual, 0) '
        'FROM fit, k, hold';
BEGIN
    PERFORM portfolio_internal.model_check_args(rel, customer_col, date_col, calibration_end, holdout_end);
    cal := portfolio_internal.model_summaries_query(rel, customer_col, date_col, NULL, '$1', '$2');
    -- the customers' repeat purchase days in the holdout ($3), if there is one
    later := CASE WHEN holdout_end IS NULL
                  THEN 'SELECT cal.*, NULL::pg_catalog.float8 AS held FROM (' || cal || ') cal'
                  ELSE 'SELECT cal.*, later.frequency - cal.frequency AS held FROM (' || cal || ') cal JOIN ('
                       || portfolio_internal.model_summaries_query(rel, customer_col, date_col, NULL, '$3', '$2')
                       || ') later ON later.c = cal.c' END;
    FOREACH name IN ARRAY portfolio_internal.continuous_models() LOOP
        RETURN QUERY EXECUTE
            'WITH hist AS MATERIALIZED (' || later || '), '
            || pg_catalog.format(tail, '@extschema@.' || name || '_fit(frequency, recency, age)',
                                 '@extschema@.' || name || '_expected(fit.m, ($3 - $1) / $2, frequency, recency, age)')
            USING calibration_end, scale, holdout_end, name, true, unit;
    END LOOP;
    -- BG/BB over the purchase periods: its own likelihood, no AIC or BIC
    RETURN QUERY EXECUTE
        'WITH hist AS MATERIALIZED (' || portfolio_internal.model_periods_query(rel, customer_col, date_col) || '), '
        || pg_catalog.format(tail, '@extschema@.bgbb_fit(x, tx, n)', '@extschema@.bgbb_expected(fit.m, h, x, tx, n)')
        USING calibration_end, scale, holdout_end, 'bgbb', false, unit;
END
$$;
COMMENT ON FUNCTION @extschema@.compare_models(regclass, name, name, date, date, text) IS
'every applicable lifetime-value model fitted on the calibration period of an orders table, one row each: parameters, log-likelihood, AIC and BIC (continuous-time models only: they are fitted to the same data), and with a holdout end the actual and expected holdout transactions';

CREATE FUNCTION @extschema@.compare_frequencies(
    rel regclass, customer_col name, date_col name, calibration_end date,
    unit text DEFAULT 'week', max_frequency integer DEFAULT 7)
RETURNS TABLE (model text, representation text, repeat_purchases integer, label text, actual bigint,
               expected double precision)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    scale double precision := portfolio_internal.model_time_scale(unit);
    name text;
    cal text;
    -- after the histories h, their model and the customers by age or n
    -- (ages): the frequencies seen and expected (sums of P(X = k)); %1$s is
    -- the pmf, %2$s the parameter that holds max_frequency
    tail text :=
        'buckets AS (SELECT k FROM pg_catalog.generate_series(0, %2$s) AS k), '
        'expected_ AS (SELECT b.k, pg_catalog.sum(a.n * %1$s) AS e '
        '              FROM buckets b, ages a, fit WHERE b.k < %2$s GROUP BY b.k), '
        'seen AS (SELECT LEAST(x, %2$s)::integer AS k, pg_catalog.count(*) AS n FROM h GROUP BY 1) '
        'SELECT $4, $5, b.k, CASE WHEN b.k < %2$s THEN b.k::text ELSE b.k || ''+'' END, coalesce(seen.n, 0), '
        '       CASE WHEN b.k < %2$s THEN coalesce(e.e, 0) '
        '            ELSE (SELECT pg_catalog.count(*) FROM h) - (SELECT coalesce(pg_catalog.sum(e), 0) FROM expected_) END '
        'FROM buckets b LEFT JOIN seen ON seen.k = b.k LEFT JOIN expected_ e ON e.k = b.k '
        'WHERE EXISTS (SELECT FROM fit) ORDER BY b.k';
BEGIN
    PERFORM portfolio_internal.model_check_args(rel, customer_col, date_col, calibration_end, NULL);
    IF max_frequency IS NULL OR max_frequency < 1 THEN
        RAISE EXCEPTION 'max_frequency must be at least 1'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('The value given was %s.', coalesce(max_frequency::text, 'NULL')),
                  HINT = 'The last row of each model counts the customers with max_frequency repeat purchases or more.';
    END IF;
    cal := portfolio_internal.model_summaries_query(rel, customer_col, date_col, NULL, '$1', '$2');
    FOREACH name IN ARRAY portfolio_internal.continuous_models() LOOP
        RETURN QUERY EXECUTE
            'WITH h AS MATERIALIZED (SELECT frequency AS x, recency, age FROM (' || cal || ') s), '
            'fit AS (SELECT @extschema@.' || name || '_fit(x, recency, age) AS m FROM h HAVING pg_catalog.count(*) > 0), '
            'ages AS (SELECT age AS t, pg_catalog.count(*) AS n FROM h GROUP BY age), '
            || pg_catalog.format(tail, '@extschema@.' || name || '_pmf(fit.m, b.k, a.t)', '$3')
            USING calibration_end, scale, max_frequency, name, portfolio_internal.model_representation(name, unit);
    END LOOP;
    RETURN QUERY EXECUTE
        'WITH h AS MATERIALIZED (' || portfolio_internal.model_periods_query(rel, customer_col, date_col) || '), '
        'fit AS (SELECT @extschema@.bgbb_fit(x, tx, n) AS m FROM h HAVING pg_catalog.count(*) > 0), '
        'ages AS (SELECT n AS t, pg_catalog.count(*) AS n FROM h GROUP BY h.n), '
        || pg_catalog.format(tail, '@extschema@.bgbb_pmf(fit.m, b.k, a.t)', '$6')
        -- the periods' query reads $3 as the holdout end: none here
        USING calibration_end, scale, NULL::date, 'bgbb', portfolio_internal.model_representation('bgbb', unit),
              max_frequency;
END
$$;
COMMENT ON FUNCTION @extschema@.compare_frequencies(regclass, name, name, date, text, integer) IS
'for every model of compare_models, the customers by repeat purchases in the calibration period (0 .. max_frequency or more), actual and as the model expects';

CREATE FUNCTION @extschema@.compare_holdout(
    rel regclass, customer_col name, date_col name, calibration_end date, holdout_end date,
    unit text DEFAULT 'week', max_frequency integer DEFAULT 7)
RETURNS TABLE (model text, representation text, frequency integer, label text, customers bigint,
               actual double precision, expected double precision)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    scale double precision := portfolio_internal.model_time_scale(unit);
    name text;
    cal text;
    -- after the customers' histories with their holdout purchases (pairs)
    -- and their model (fit): %1$s the expectation, %2$s the parameter that
    -- holds max_frequency
    tail text :=
        'SELECT $4, $5, LEAST(x, %2$s)::integer, '
        '       CASE WHEN LEAST(x, %2$s) < %2$s THEN LEAST(x, %2$s)::text ELSE %2$s || ''+'' END, '
        '       pg_catalog.count(*), pg_catalog.avg(held), pg_catalog.avg(%1$s) '
        'FROM pairs, fit GROUP BY 3, 4 ORDER BY 3';
BEGIN
    PERFORM portfolio_internal.model_check_args(rel, customer_col, date_col, calibration_end, holdout_end);
    IF holdout_end IS NULL THEN
        RAISE EXCEPTION 'holdout_end must not be null'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Pass the last day of the holdout period.';
    END IF;
    IF max_frequency IS NULL OR max_frequency < 1 THEN
        RAISE EXCEPTION 'max_frequency must be at least 1'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('The value given was %s.', coalesce(max_frequency::text, 'NULL')),
                  HINT = 'The last row of each model gathers the customers with max_frequency repeat purchases or more.';
    END IF;
    cal := portfolio_internal.model_summaries_query(rel, customer_col, date_col, NULL, '$1', '$2');
    FOREACH name IN ARRAY portfolio_internal.continuous_models() LOOP
        RETURN QUERY EXECUTE
            'WITH pairs AS MATERIALIZED (SELECT cal.frequency AS x, cal.recency, cal.age, '
            '                            later.frequency - cal.frequency AS held FROM (' || cal || ') cal JOIN ('
            || portfolio_internal.model_summaries_query(rel, customer_col, date_col, NULL, '$6', '$2')
            || ') later ON later.c = cal.c), '
            'fit AS (SELECT @extschema@.' || name || '_fit(x, recency, age) AS m FROM pairs HAVING pg_catalog.count(*) > 0) '
            || pg_catalog.format(tail, '@extschema@.' || name || '_expected(fit.m, ($6 - $1) / $2, x, recency, age)', '$3')
            USING calibration_end, scale, max_frequency, name, portfolio_internal.model_representation(name, unit),
                  holdout_end;
    END LOOP;
    RETURN QUERY EXECUTE
        'WITH pairs AS MATERIALIZED (SELECT x, tx, n, held, h FROM ('
        || portfolio_internal.model_periods_query(rel, customer_col, date_col) || ') p), '
        'fit AS (SELECT @extschema@.bgbb_fit(x, tx, n) AS m FROM pairs HAVING pg_catalog.count(*) > 0) '
        || pg_catalog.format(tail, '@extschema@.bgbb_expected(fit.m, h, x, tx, n)', '$6')
        USING calibration_end, scale, holdout_end, 'bgbb', portfolio_internal.model_representation('bgbb', unit),
              max_frequency;
END
$$;
COMMENT ON FUNCTION @extschema@.compare_holdout(regclass, name, name, date, date, text, integer) IS
'for every model of compare_models, the mean holdout transactions of the customers of each calibration frequency (0 .. max_frequency or more), actual and as the model expects given each history';

-- ---------- cross-sell ----------

-- next_products: for each customer the items to offer next, by the
-- association rules of its purchases.  association_rules now checks its
-- columns through the helper both share.
-- The columns a one-call affinity function reads, by argument name: an
-- error naming the argument when one is NULL or not a column of rel.
CREATE FUNCTION portfolio_internal.affinity_check_columns(rel regclass, args text[], cols name[])
RETURNS void LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF rel IS NULL THEN
        RAISE EXCEPTION 'rel must not be null'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Pass the table of order lines, e.g. ''order_lines''::regclass or just ''order_lines''.';
    END IF;
    FOR i IN 1 .. cardinality(args) LOOP
        IF cols[i] IS NULL THEN
            RAISE EXCEPTION '% must not be null', args[i]
                USING ERRCODE = 'null_value_not_allowed',
                      HINT = format('Pass the name of the column of %s that holds the %s.', rel,
                                    CASE args[i] WHEN 'basket_col' THEN 'basket (order, invoice)'
                                                 WHEN 'customer_col' THEN 'customer'
                                                 WHEN 'category_col' THEN 'product category'
                                                 WHEN 'amount_col' THEN 'amount' ELSE 'item' END);
        END IF;
        IF NOT EXISTS (SELECT FROM pg_attribute a
                        WHERE a.attrelid = rel AND a.attname = cols[i] AND a.attnum > 0 AND NOT a.attisdropped) THEN
            RAISE EXCEPTION 'column "%" (%) does not exist in %', cols[i], args[i], rel
                USING ERRCODE = 'undefined_column',
                      HINT = 'Column names are case-sensitive: pass the name as \d shows it, without quotes.';
        END IF;
    END LOOP;
END
$$;
COMMENT ON FUNCTION portfolio_internal.affinity_check_columns(regclass, text[], name[]) IS
'support function of association_rules, next_products, product_shares and product_mix: checks the table and the columns they read';

CREATE OR REPLACE FUNCTION @extschema@.association_rules(rel regclass, basket_col name, item_col name,
                                              min_support double precision, min_confidence double precision,
                                              max_items integer DEFAULT NULL)
RETURNS TABLE (antecedent text[], consequent text, support double precision,
               confidence double precision, lift double precision, leverage double precision,
               conviction double precision, baskets bigint)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED ROWS 100
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    -- the thresholds are checked before the table is read
    PERFORM @extschema@.rules(NULL, min_support, min_confidence, max_items);
    PERFORM portfolio_internal.affinity_check_columns(rel, ARRAY['basket_col', 'item_col'],
                                                      ARRAY[basket_col, item_col]);
    RETURN QUERY EXECUTE format(
        'SELECT r.* FROM (SELECT @extschema@.affinity(b.items) AS a'
        ' FROM (SELECT pg_catalog.array_agg((t.%I)::pg_catalog.text) AS items'
        ' FROM %s t WHERE t.%I IS NOT NULL GROUP BY t.%I) b) s,'
        ' @extschema@.rules(s.a, $1, $2, $3) r',
        item_col, rel, basket_col, basket_col)
        USING min_support, min_confidence, max_items;
END
$$;
COMMENT ON FUNCTION @extschema@.association_rules(regclass, name, name, double precision, double precision, integer) IS
'association rules of a table of (basket, item) rows: the baskets of each basket_col value (any type; NULL baskets and items left out), mined as rules() does';

CREATE FUNCTION @extschema@.next_products(rel regclass, customer_col name, basket_col name, item_col name,
                                          min_support double precision, min_confidence double precision,
                                          max_items integer DEFAULT NULL, rank_by text DEFAULT 'confidence',
                                          top integer DEFAULT 5)
RETURNS TABLE (customer text, rank integer, item text, score double precision, antecedent text[],
               support double precision, confidence double precision, lift double precision)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED ROWS 1000
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM @extschema@.rules(NULL, min_support, min_confidence, max_items);
    PERFORM portfolio_internal.affinity_check_columns(rel, ARRAY['customer_col', 'basket_col', 'item_col'],
                                                      ARRAY[customer_col, basket_col, item_col]);
    IF rank_by IS NULL OR rank_by NOT IN ('confidence', 'lift', 'leverage', 'conviction', 'support') THEN
        RAISE EXCEPTION 'rank_by must be confidence, lift, leverage, conviction or support'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('The value given was %s.', coalesce(quote_literal(rank_by), 'NULL')),
                  HINT = 'confidence ranks by how often the suggestion follows what the customer bought; lift by how much more often than by chance.';
    END IF;
    IF top IS NOT NULL AND top < 1 THEN
        RAISE EXCEPTION 'top must be at least 1, or NULL for every suggestion'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('The value given was %s.', top);
    END IF;
    -- Each customer's items (of any basket); every rule whose antecedent
    -- the customer has bought and whose consequent it has not; for each
    -- such item the best of those rules, which justifies it; the items
    -- ranked by that rule's score.  Ties go to the rule with more support,
    -- then the shorter antecedent, then the item's and antecedent's text.
    RETURN QUERY EXECUTE format(
        'WITH r AS MATERIALIZED (SELECT * FROM @extschema@.association_rules($1, $2, $3, $4, $5, $6)), '
        'bought AS (SELECT (t.%1$I)::pg_catalog.text AS c, '
        '                  pg_catalog.array_agg(DISTINCT (t.%2$I)::pg_catalog.text) AS items '
        '           FROM %3$s t WHERE t.%1$I IS NOT NULL AND t.%2$I IS NOT NULL GROUP BY 1), '
        'best AS (SELECT DISTINCT ON (b.c, r.consequent) b.c, r.consequent AS item, r.%4$I AS score, '
        '                r.antecedent, r.support, r.confidence, r.lift '
        '         FROM bought b JOIN r ON r.antecedent OPERATOR(pg_catalog.<@) b.items '
        '                              AND r.consequent OPERATOR(pg_catalog.<>) ALL (b.items) '
        '         ORDER BY b.c, r.consequent, r.%4$I DESC, r.support DESC, '
        '                  pg_catalog.cardinality(r.antecedent), r.antecedent::pg_catalog.text), '
        'ranked AS (SELECT best.*, (pg_catalog.row_number() OVER (PARTITION BY best.c '
        '                  ORDER BY best.score DESC, best.support DESC, best.item))::integer AS k FROM best) '
        'SELECT c, k, item, score, antecedent, support, confidence, lift FROM ranked '
        'WHERE $7 IS NULL OR k <= $7 ORDER BY c, k',
        customer_col, item_col, rel, rank_by)
        USING rel, basket_col, item_col, min_support, min_confidence, max_items, top;
END
$$;
COMMENT ON FUNCTION @extschema@.next_products(regclass, name, name, name, double precision, double precision, integer, text, integer) IS
'cross-sell: for each customer of a table of order lines, the items it has not bought, ranked by the score (rank_by) of the best association rule whose antecedent it has bought, with that rule; top per customer (NULL: all)';

-- ---------- product mix ----------

-- product_shares and product_mix: each customer's spend per product
-- category, the dominant one and the diversity of the mix.
-- Each customer's net spend per category (or lines, without an amount
-- column), positive nets only: rows (c, category, spend).
CREATE FUNCTION portfolio_internal.product_spend_query(rel regclass, customer_col name, category_col name,
                                                       amount_col name)
RETURNS text LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp
RETURN pg_catalog.format(
    'SELECT (t.%1$I)::pg_catalog.text AS c, (t.%2$I)::pg_catalog.text AS category, '
    '       pg_catalog.sum(%3$s)::pg_catalog.float8 AS spend '
    'FROM %4$s t WHERE t.%1$I IS NOT NULL AND t.%2$I IS NOT NULL %5$s GROUP BY 1, 2 '
    'HAVING pg_catalog.sum(%3$s) > 0',
    customer_col, category_col,
    CASE WHEN amount_col IS NULL THEN '1' ELSE pg_catalog.format('(t.%I)::pg_catalog.numeric', amount_col) END,
    rel,
    CASE WHEN amount_col IS NULL THEN '' ELSE pg_catalog.format('AND t.%I IS NOT NULL', amount_col) END);
COMMENT ON FUNCTION portfolio_internal.product_spend_query(regclass, name, name, name) IS
'support function of product_mix and product_shares: the SQL of each customer''s positive net spend per category';

CREATE FUNCTION @extschema@.product_shares(rel regclass, customer_col name, category_col name,
                                           amount_col name DEFAULT NULL)
RETURNS TABLE (customer text, category text, spend double precision, share double precision, rank integer)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED ROWS 1000
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM portfolio_internal.affinity_check_columns(rel, ARRAY['customer_col', 'category_col'],
                                                      ARRAY[customer_col, category_col]);
    IF amount_col IS NOT NULL THEN
        PERFORM portfolio_internal.affinity_check_columns(rel, ARRAY['amount_col'], ARRAY[amount_col]);
    END IF;
    RETURN QUERY EXECUTE
        'WITH s AS (' || portfolio_internal.product_spend_query(rel, customer_col, category_col, amount_col) || ') '
        'SELECT c, category, spend, spend / pg_catalog.sum(spend) OVER (PARTITION BY c), '
        '       (pg_catalog.row_number() OVER (PARTITION BY c ORDER BY spend DESC, category))::integer '
        'FROM s ORDER BY c, 5';
END
$$;
COMMENT ON FUNCTION @extschema@.product_shares(regclass, name, name, name) IS
'each customer''s share of spend per product category (net of returns, categories with a positive net only; lines instead of spend without amount_col), ranked';

CREATE FUNCTION @extschema@.product_mix(rel regclass, customer_col name, category_col name,
                                        amount_col name DEFAULT NULL)
RETURNS TABLE (customer text, spend double precision, categories integer, dominant_category text,
               dominant_share double precision, shannon double precision, herfindahl double precision)
LANGUAGE sql STABLE PARALLEL RESTRICTED ROWS 1000 SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT s.customer, pg_catalog.sum(s.spend), pg_catalog.count(*)::integer,
           pg_catalog.min(s.category) FILTER (WHERE s.rank = 1), pg_catalog.max(s.share),
           -pg_catalog.sum(s.share * pg_catalog.ln(s.share)), pg_catalog.sum(s.share * s.share)
      FROM @extschema@.product_shares(rel, customer_col, category_col, amount_col) AS s
     GROUP BY s.customer
     ORDER BY s.customer;
END;
COMMENT ON FUNCTION @extschema@.product_mix(regclass, name, name, name) IS
'each customer''s product mix: spend, the number of categories bought, the dominant category and its share, and the Shannon entropy and Herfindahl index of the shares (net of returns; lines without amount_col)';

-- ---------- Pareto/NBD ----------

-- The same objects as src/sql/models_pareto_nbd.sql creates on a fresh
-- install; its fit shares the fit_histogram state (model 6).
COMMENT ON TYPE @extschema@.fit_histogram IS
'partial state of bgnbd_fit, mbgnbd_fit, gg_fit, sbg_fit, bgbb_fit and pareto_nbd_fit: the distinct customer histories and how many customers share each';
COMMENT ON FUNCTION portfolio_internal.fit_histogram_combine(@extschema@.fit_histogram, @extschema@.fit_histogram) IS 'combine function of bgnbd_fit, mbgnbd_fit, gg_fit, sbg_fit, bgbb_fit and pareto_nbd_fit';
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

-- Pareto/NBD: fitting

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

-- Pareto/NBD: predictions

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

-- Pareto/NBD: simulation

CREATE FUNCTION @extschema@.pareto_nbd_simulate(m @extschema@.pareto_nbd, customers integer, age double precision, seed bigint)
RETURNS TABLE (customer integer, t double precision)
AS 'MODULE_PATHNAME', 'pareto_nbd_simulate' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE ROWS 3000;
COMMENT ON FUNCTION @extschema@.pareto_nbd_simulate(@extschema@.pareto_nbd, integer, double precision, bigint) IS
'purchases drawn from a Pareto/NBD model: customers 1..customers, each with its first purchase at t = 0 and repeat purchases until its exponential lifetime ends or t reaches age; the same seed gives the same rows';

-- Pareto/NBD: the parameters as rows

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
