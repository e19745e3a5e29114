/* portfolio--0.9.0--0.10.0.sql.  One section per change, each
   self-contained, in the order below. */

\echo Use "ALTER EXTENSION portfolio UPDATE TO '0.10.0'" to load this file. \quit

-- ---------- tracking under row-level security ----------

-- A tracked summary is recomputed as the role that writes: under row-level
-- security that restricts it, the statement now fails (42501) instead of
-- writing a summary from part of a customer's orders; track_orders refuses
-- a table with row-level security (0A000).
CREATE FUNCTION portfolio_internal.tracking_sees_all(VARIADIC rels regclass[]) RETURNS void
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    rel regclass;
BEGIN
    FOREACH rel IN ARRAY rels LOOP
        IF row_security_active(rel) THEN
            RAISE EXCEPTION 'row-level security hides rows of % from role %', rel, current_user
                  USING ERRCODE = 'insufficient_privilege',
                        DETAIL = 'A tracked summary is recomputed from every order of a customer, as the role that '
                                 'writes; the rows that role cannot see would be lost.',
                        HINT = 'Write as a role that row-level security does not restrict (the table owner without '
                               'FORCE ROW LEVEL SECURITY, or a role with BYPASSRLS), or call portfolio.untrack_orders.';
        END IF;
    END LOOP;
END;
$$;
COMMENT ON FUNCTION portfolio_internal.tracking_sees_all(regclass[]) IS
'support function of tracking: an error (42501) when row-level security restricts the current role on one of the tables';

CREATE OR REPLACE FUNCTION portfolio_internal.track_orders_trigger() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    args    text[] := TG_ARGV[0:TG_NARGS - 1];   -- a slice is 1-based
    summary text;
    cust    text;
    eq      text;
    touched text;
    n       bigint;
    as_of   date;
BEGIN
    summary := args[4]::regclass::text;
    IF TG_OP = 'TRUNCATE' THEN
        -- TRUNCATE empties the orders whatever row-level security says.
        PERFORM portfolio_internal.tracking_sees_all(summary::regclass);
        EXECUTE format('DELETE FROM %s', summary);
        RETURN NULL;
    END IF;
    PERFORM portfolio_internal.tracking_sees_all(TG_RELID::regclass, summary::regclass);
    cust := quote_ident(args[1]);
    eq := portfolio_internal.tracking_eq_sql(args);
    touched := CASE TG_OP
        WHEN 'INSERT' THEN format('SELECT o.%s AS c FROM portfolio_new_rows AS o', cust)
        WHEN 'DELETE' THEN format('SELECT o.%s AS c FROM portfolio_old_rows AS o', cust)
        ELSE format('SELECT c FROM (SELECT o.%1$s AS c, o.%2$I AS d, o.%3$I AS a FROM portfolio_old_rows AS o '
                    'EXCEPT ALL SELECT o.%1$s, o.%2$I, o.%3$I FROM portfolio_new_rows AS o) AS old_side '
                    'UNION ALL '
                    'SELECT c FROM (SELECT o.%1$s AS c, o.%2$I AS d, o.%3$I AS a FROM portfolio_new_rows AS o '
                    'EXCEPT ALL SELECT o.%1$s, o.%2$I, o.%3$I FROM portfolio_old_rows AS o) AS new_side',
                    cust, args[2], args[3]) END;

    -- In REPEATABLE READ and SERIALIZABLE the recomputation reads the
    -- transaction's snapshot, so a customer whose row another transaction
    -- changed or deleted since must fail the statement (40001).  Locking the
    -- rows this snapshot sees does that, and it must come before the
    -- placeholders: once one is inserted for a key whose row another
    -- transaction deleted since, the snapshot sees two rows of that key, and
    -- the recomputation's join, which knows the key is unique, may stop at
    -- the placeholder, never meet the deleted row, and commit a summary from
    -- the old snapshot (test/tracking_concurrency.sh saw it when the
    -- placeholder landed before the old row in the index).
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        EXECUTE format('SELECT FROM %1$s AS x WHERE x.%2$s %3$s ANY (SELECT c FROM (%4$s) AS t) '
                       'ORDER BY x.%2$s FOR UPDATE OF x', summary, cust, eq, touched);
    END IF;
    EXECUTE format(
        'WITH t AS (SELECT DISTINCT c FROM (%1$s) AS t WHERE c IS NOT NULL), '
        'locked AS (INSERT INTO %2$s AS x (%3$s) SELECT c FROM t ORDER BY c '
        'ON CONFLICT (%3$s) DO UPDATE SET %3$s = EXCLUDED.%3$s WHERE false) '
        'SELECT count(*) FROM t',
        touched, summary, cust) INTO n;
    IF n = 0 THEN
        RETURN NULL;
    END IF;

    as_of := (now() AT TIME ZONE args[6])::date;
    EXECUTE format(
        'WITH t AS (SELECT DISTINCT c FROM (%1$s) AS t WHERE c IS NOT NULL), '
        'f AS (%2$s), '
        'gone AS (DELETE FROM %3$s AS x WHERE x.%4$s %5$s ANY (SELECT c FROM t) '
        'AND NOT EXISTS (SELECT FROM f WHERE f.c %5$s x.%4$s)) '
        'UPDATE %3$s AS x SET (as_of, %6$s, lifecycle, alert, updated_at) '
        '= ROW($1, f.%7$s, f.lifecycle, f.alert, pg_catalog.now()) '
        'FROM f WHERE x.%4$s %5$s f.c AND x.%4$s %5$s ANY (SELECT c FROM t)',
        touched,
        portfolio_internal.tracking_summaries_sql(TG_RELID::regclass, args,
                                                  format('o.%s %s ANY (SELECT c FROM t)', cust, eq)),
        summary, cust, eq, portfolio_internal.tracking_fields(),
        replace(portfolio_internal.tracking_fields(), ', ', ', f.'))
    USING as_of, args[5];
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION portfolio_internal.tracking_check(orders regclass, customer_col name, date_col name, amount_col name)
RETURNS text LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    kind      "char";
    date_type regtype;
    amt_type  regtype;
BEGIN
    SELECT relkind INTO kind FROM pg_class WHERE oid = orders;
    IF kind NOT IN ('r', 'p') THEN
        RAISE EXCEPTION '% is not a table', orders
              USING ERRCODE = 'wrong_object_type',
                    DETAIL = 'Only ordinary and partitioned tables can be tracked.';
    END IF;
    IF (SELECT relrowsecurity FROM pg_class WHERE oid = orders) THEN
        RAISE EXCEPTION 'table % has row-level security', orders
              USING ERRCODE = 'feature_not_supported',
                    DETAIL = 'A tracked summary is recomputed from every order of a customer, as the role that writes; '
                             'a writer that row-level security restricts would see only some of them.',
                    HINT = 'Summarize in queries instead (portfolio.summarize and portfolio.customers see what the '
                           'caller may see), or disable row-level security on the table first.';
    END IF;
    IF portfolio_internal.tracking_args(orders) IS NOT NULL THEN
        RAISE EXCEPTION 'table % is already tracked', orders
              USING ERRCODE = 'duplicate_object',
                    HINT = 'Call portfolio.untrack_orders first to track it again.';
    END IF;
    PERFORM portfolio_internal.tracking_column(orders, customer_col, 'customer');
    IF customer_col = ANY (string_to_array(portfolio_internal.tracking_fields(), ', ')
                           || '{as_of,lifecycle,alert,updated_at}'::text[]) THEN
        RAISE EXCEPTION 'customer column "%" has the name of a column of the summary table', customer_col
              USING ERRCODE = 'duplicate_column',
                    DETAIL = 'The summary table has the customer column besides as_of, the summary fields, lifecycle, alert and updated_at.',
                    HINT = 'Rename the customer column of the orders table.';
    END IF;
    date_type := portfolio_internal.tracking_base_type((portfolio_internal.tracking_column(orders, date_col, 'date')).atttypid);
    amt_type := portfolio_internal.tracking_base_type((portfolio_internal.tracking_column(orders, amount_col, 'amount')).atttypid);
    IF date_type NOT IN ('date'::regtype, 'timestamp'::regtype, 'timestamptz'::regtype) THEN
        RAISE EXCEPTION 'date column "%" is of type %', date_col, date_type
              USING ERRCODE = 'datatype_mismatch',
                    DETAIL = 'The date column must be of type date, timestamp or timestamp with time zone.';
    END IF;
    IF amt_type <> 'numeric'::regtype AND NOT EXISTS (
           SELECT FROM pg_cast c JOIN pg_type t ON t.oid = c.castsource
            WHERE c.castsource = amt_type AND c.casttarget = 'numeric'::regtype AND t.typcategory = 'N') THEN
        RAISE EXCEPTION 'amount column "%" is of type %', amount_col, amt_type
              USING ERRCODE = 'datatype_mismatch',
                    DETAIL = 'The amount column must be of a numeric type that can be cast to numeric.';
    END IF;
    RETURN CASE date_type WHEN 'date'::regtype THEN 'date'
                          WHEN 'timestamp'::regtype THEN 'timestamp' ELSE 'timestamptz' END;
END;
$$;

CREATE OR REPLACE FUNCTION @extschema@.refresh_alerts(orders regclass, as_of date DEFAULT NULL) RETURNS bigint
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    args    text[];
    summary regclass;
    cust    text;
    eq      text;
    fields  text := portfolio_internal.tracking_fields();
    n       bigint;
BEGIN
    IF orders IS NULL THEN
        RAISE EXCEPTION 'orders must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    args := portfolio_internal.tracking_args(orders);
    IF args IS NULL THEN
        RAISE EXCEPTION 'table % is not tracked', orders
              USING ERRCODE = 'undefined_object',
                    HINT = 'Call portfolio.track_orders first.';
    END IF;
    summary := args[4]::regclass;
    PERFORM portfolio_internal.tracking_sees_all(orders, summary);
    cust := quote_ident(args[1]);
    eq := portfolio_internal.tracking_eq_sql(args);
    -- Writers of orders wait (their triggers write the summary table), so
    -- that no recomputation they commit is overwritten with older values.
    EXECUTE format('LOCK TABLE %s IN SHARE ROW EXCLUSIVE MODE', summary);
    EXECUTE format(
        'WITH f AS (%1$s), '
        'changed AS (SELECT count(*) AS n FROM f FULL JOIN %2$s AS x ON x.%3$s %4$s f.c '
        'WHERE f.c IS NULL OR x.%3$s IS NULL '
        'OR (f.lifecycle::text, f.alert::text) IS DISTINCT FROM (x.lifecycle::text, x.alert::text)), '
        'gone AS (DELETE FROM %2$s AS x WHERE NOT EXISTS (SELECT FROM f WHERE f.c %4$s x.%3$s)), '
        'kept AS (UPDATE %2$s AS x SET (as_of, %5$s, lifecycle, alert, updated_at) '
        '= ROW($1, f.%6$s, f.lifecycle, f.alert, pg_catalog.now()) FROM f WHERE x.%3$s %4$s f.c), '
        'came AS (INSERT INTO %2$s (%3$s, as_of, %5$s, lifecycle, alert, updated_at) '
        'SELECT f.c, $1, f.%6$s, f.lifecycle, f.alert, pg_catalog.now() FROM f '
        'WHERE NOT EXISTS (SELECT FROM %2$s AS x WHERE x.%3$s %4$s f.c)) '
        'SELECT n FROM changed',
        portfolio_internal.tracking_summaries_sql(orders, args, format('o.%s IS NOT NULL', cust)),
        summary, cust, eq, fields, replace(fields, ', ', ', f.'))
    INTO n
    USING coalesce(as_of, (now() AT TIME ZONE args[6])::date), args[5];
    RETURN n;
END;
$$;

CREATE OR REPLACE FUNCTION @extschema@.refresh(orders regclass, as_of date DEFAULT NULL) RETURNS bigint
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    target    regclass := portfolio_internal.tracking_bi_target(orders, true);
    args      text[] := portfolio_internal.tracking_args(orders);
    day       date := coalesce(as_of, (now() AT TIME ZONE args[6])::date);
    bins      integer := coalesce((SELECT t.bins FROM @extschema@.tracking_models AS t WHERE t.orders = refresh.orders), 5);
    cuts      @extschema@.rfm_cuts;
    bgs       @extschema@.bgnbd[];   -- a composite cannot be one of several INTO targets
    ggs       @extschema@.gamma_gamma[];
    bg        @extschema@.bgnbd;
    gg        @extschema@.gamma_gamma;
    repeaters bigint;
    spenders  bigint;
    n         bigint;
BEGIN
    PERFORM portfolio_internal.tracking_sees_all(orders, target);
    -- Writers of orders wait from here to the end, as in refresh_alerts.
    EXECUTE format('LOCK TABLE %s IN SHARE ROW EXCLUSIVE MODE', target);
    EXECUTE format(
        'SELECT @extschema@.rfm_cuts(f.s, $3), ARRAY[@extschema@.bgnbd_fit(f.s)], '
        'ARRAY[@extschema@.gg_fit((f.s).frequency, (f.s).monetary) FILTER (WHERE (f.s).monetary > 0)], '
        'pg_catalog.count(*) FILTER (WHERE (f.s).frequency > 0), '
        'pg_catalog.count(*) FILTER (WHERE (f.s).frequency > 0 AND (f.s).monetary > 0) '
        'FROM (SELECT ROW(f.%s)::@extschema@.summary AS s FROM (%s) AS f) AS f',
        replace(portfolio_internal.tracking_fields(), ', ', ', f.'),
        portfolio_internal.tracking_summaries_sql(orders, args, format('o.%I IS NOT NULL', args[1])))
    INTO cuts, bgs, ggs, repeaters, spenders
    USING day, args[5], bins;
    bg := bgs[1];
    gg := ggs[1];
    IF coalesce(repeaters, 0) = 0 THEN
        RAISE NOTICE 'BG/NBD cannot be fitted: no customer of % has a repeat purchase as of %', orders, day
            USING DETAIL = 'p_alive, expected_purchases and clv are NULL.';
        bg := NULL;
    ELSIF NOT bg.converged THEN
        RAISE NOTICE 'the BG/NBD fit of % did not converge (% customers, % with repeat purchases)',
                     orders, bg.customers, repeaters
            USING DETAIL = 'p_alive, expected_purchases and clv are NULL.';
        bg := NULL;
    END IF;
    IF bg IS NULL THEN
        gg := NULL;    -- CLV needs both; said above
    ELSIF spenders = 0 THEN
        RAISE NOTICE 'Gamma-Gamma cannot be fitted: no repeat buyer of % has a positive spend', orders
            USING DETAIL = 'clv is NULL.';
        gg := NULL;
    ELSIF NOT gg.converged OR NOT gg.q > 1 THEN
        RAISE NOTICE 'the Gamma-Gamma fit of % did not converge or has no finite mean spend (q = %)', orders, gg.q
            USING DETAIL = 'clv is NULL.';
        gg := NULL;
    END IF;
    DELETE FROM @extschema@.tracking_models AS t WHERE t.summary = target AND t.orders <> refresh.orders;
    INSERT INTO @extschema@.tracking_models AS t (orders, summary, cuts, bg, gg, learned_at, as_of)
    VALUES (refresh.orders, target, cuts, bg, gg, pg_catalog.now(), day)
    ON CONFLICT ON CONSTRAINT tracking_models_pkey DO UPDATE
       SET summary = EXCLUDED.summary, cuts = EXCLUDED.cuts, bg = EXCLUDED.bg, gg = EXCLUDED.gg,
           learned_at = EXCLUDED.learned_at, as_of = EXCLUDED.as_of;
    PERFORM @extschema@.refresh_alerts(orders, day);
    EXECUTE format('SELECT pg_catalog.count(*) FROM %s', target) INTO n;
    RETURN n;
END;
$$;

-- ---------- model_parameters: one body for every model ----------

-- The rows of model_parameters come from one support function, which the
-- new models' model_parameters below use too.
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

CREATE OR REPLACE FUNCTION @extschema@.model_parameters(m @extschema@.bgnbd)
RETURNS TABLE (parameter text, estimate double precision, std_error double precision,
               ci_lower double precision, ci_upper double precision)
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT * FROM portfolio_internal.model_parameter_rows(ARRAY['r', 'alpha', 'a', 'b'],
                                                          ARRAY[m.r, m.alpha, m.a, m.b], m.vcov);
END;

CREATE OR REPLACE FUNCTION @extschema@.model_parameters(m @extschema@.gamma_gamma)
RETURNS TABLE (parameter text, estimate double precision, std_error double precision,
               ci_lower double precision, ci_upper double precision)
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT * FROM portfolio_internal.model_parameter_rows(ARRAY['p', 'q', 'v'],
                                                          ARRAY[m.p, m.q, m.v], m.vcov);
END;


-- ---------- the shifted-beta-geometric model (sBG) ----------

-- New objects, as src/sql/models_discrete.sql creates them; the fit shares
-- the fit_histogram state and its combine function of 0.9.0, whose text
-- and binary forms now also name model=sbg, and whose comments say so.
COMMENT ON TYPE @extschema@.fit_histogram IS
'partial state of bgnbd_fit, gg_fit and sbg_fit: the distinct customer histories and how many customers share each';
COMMENT ON FUNCTION portfolio_internal.fit_histogram_combine(@extschema@.fit_histogram, @extschema@.fit_histogram) IS 'combine function of bgnbd_fit, gg_fit and sbg_fit';

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

-- ---------- product affinity: affinity, baskets, rules, association_rules ----------

-- New objects only, as src/sql/affinity.sql defines them.
CREATE TYPE @extschema@.baskets;
CREATE FUNCTION portfolio_internal.baskets_in(cstring) RETURNS @extschema@.baskets
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.baskets_out(@extschema@.baskets) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.baskets_send(@extschema@.baskets) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.baskets_recv(internal) RETURNS @extschema@.baskets
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE TYPE @extschema@.baskets (
    INPUT = portfolio_internal.baskets_in,
    OUTPUT = portfolio_internal.baskets_out,
    RECEIVE = portfolio_internal.baskets_recv,
    SEND = portfolio_internal.baskets_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);
COMMENT ON TYPE @extschema@.baskets IS
'baskets of distinct items, the state and result of affinity, e.g. ''"beer","chips"; "beer","diapers"''';
COMMENT ON FUNCTION portfolio_internal.baskets_in(cstring) IS 'input function of baskets';
COMMENT ON FUNCTION portfolio_internal.baskets_out(@extschema@.baskets) IS 'output function of baskets';
COMMENT ON FUNCTION portfolio_internal.baskets_send(@extschema@.baskets) IS 'binary output function of baskets';
COMMENT ON FUNCTION portfolio_internal.baskets_recv(internal) IS 'binary input function of baskets';

CREATE FUNCTION portfolio_internal.affinity_accum(@extschema@.baskets, text[])
RETURNS @extschema@.baskets AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.affinity_combine(@extschema@.baskets, @extschema@.baskets)
RETURNS @extschema@.baskets AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.affinity_final(@extschema@.baskets)
RETURNS @extschema@.baskets AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION portfolio_internal.affinity_accum(@extschema@.baskets, text[]) IS 'transition function of affinity';
COMMENT ON FUNCTION portfolio_internal.affinity_combine(@extschema@.baskets, @extschema@.baskets) IS 'combine function of affinity';
COMMENT ON FUNCTION portfolio_internal.affinity_final(@extschema@.baskets) IS 'final function of affinity: the baskets in a canonical order';

CREATE AGGREGATE @extschema@.affinity(items text[]) (
    SFUNC = portfolio_internal.affinity_accum,
    STYPE = @extschema@.baskets,
    FINALFUNC = portfolio_internal.affinity_final,
    COMBINEFUNC = portfolio_internal.affinity_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.affinity(text[]) IS
'the baskets of product affinity, one row per basket (its items); NULL items and empty baskets are left out, repeated items counted once; expand with rules()';

CREATE FUNCTION @extschema@.rules(b @extschema@.baskets, min_support double precision,
                                  min_confidence double precision, max_items integer DEFAULT NULL)
RETURNS TABLE (antecedent text[], consequent text, support double precision,
               confidence double precision, lift double precision, leverage double precision,
               conviction double precision, baskets bigint)
AS 'MODULE_PATHNAME', 'baskets_rules' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE ROWS 100;
COMMENT ON FUNCTION @extschema@.rules(@extschema@.baskets, double precision, double precision, integer) IS
'association rules X -> y of baskets with support and confidence at least the minimums and at most max_items items (NULL: any number): support, confidence, lift, leverage, conviction (+Infinity at confidence 1) and the baskets holding X and y';

CREATE FUNCTION @extschema@.association_rules(rel regclass, basket_col name, item_col name,
                                              min_support double precision, min_confidence double precision,
                                              max_items integer DEFAULT NULL)
RETURNS TABLE (antecedent text[], consequent text, support double precision,
               confidence double precision, lift double precision, leverage double precision,
               conviction double precision, baskets bigint)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED ROWS 100
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    arg text;
    col name;
BEGIN
    -- the thresholds are checked before the table is read
    PERFORM @extschema@.rules(NULL, min_support, min_confidence, max_items);
    IF rel IS NULL THEN
        RAISE EXCEPTION 'rel must not be null'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Pass the table of (basket, item) rows, e.g. ''order_lines''::regclass or just ''order_lines''.';
    END IF;
    FOREACH arg IN ARRAY ARRAY['basket_col', 'item_col'] LOOP
        col := CASE arg WHEN 'basket_col' THEN basket_col ELSE item_col END;
        IF col IS NULL THEN
            RAISE EXCEPTION '% must not be null', arg
                USING ERRCODE = 'null_value_not_allowed',
                      HINT = format('Pass the name of the column of %s that holds the %s.', rel,
                                    CASE arg WHEN 'basket_col' THEN 'basket (order, invoice)' ELSE 'item' END);
        END IF;
        IF NOT EXISTS (SELECT FROM pg_attribute a
                        WHERE a.attrelid = rel AND a.attname = col AND a.attnum > 0 AND NOT a.attisdropped) THEN
            RAISE EXCEPTION 'column "%" (%) does not exist in %', col, arg, rel
                USING ERRCODE = 'undefined_column',
                      HINT = 'Column names are case-sensitive: pass the name as \d shows it, without quotes.';
        END IF;
    END LOOP;
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

-- ---------- MBG/NBD (Batislam, Denizel & Filiztekin 2007) ----------

-- The same objects as src/sql/models_mbgnbd.sql creates on a fresh install.
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

-- The fit shares the fit_histogram state and its combine function.
COMMENT ON TYPE @extschema@.fit_histogram IS
'partial state of bgnbd_fit, mbgnbd_fit, gg_fit and sbg_fit: the distinct customer histories and how many customers share each';
COMMENT ON FUNCTION portfolio_internal.fit_histogram_combine(@extschema@.fit_histogram, @extschema@.fit_histogram) IS 'combine function of bgnbd_fit, mbgnbd_fit, gg_fit and sbg_fit';

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
