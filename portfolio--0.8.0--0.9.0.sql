/* portfolio--0.8.0--0.9.0.sql: BI-ready by construction.  One section per
   change, each self-contained, in the order below. */

\echo Use "ALTER EXTENSION portfolio UPDATE TO '0.9.0'" to load this file. \quit

-- ---------- plumbing moves to portfolio_internal ----------

-- Schema portfolio keeps what users name in a query; the support functions
-- of aggregates, the I/O functions of types, trigger functions and the
-- helpers of our own SQL and PL/pgSQL functions move to portfolio_internal
-- (src/sql/summary.sql says why).  Created by this script, the schema is a
-- member of the extension, as it is for a fresh install.
CREATE SCHEMA portfolio_internal;
COMMENT ON SCHEMA portfolio_internal IS
'support functions of the portfolio extension (aggregate support, type I/O, triggers, helpers); users call the functions in schema portfolio';
GRANT USAGE ON SCHEMA portfolio_internal TO PUBLIC;

-- SET SCHEMA keeps each function's OID, owner, privileges and comment: the
-- aggregates and types that use them, the segment table's triggers and the
-- triggers track_orders attached to users' orders tables call them by OID
-- and keep working.  In the order of the install script.
ALTER FUNCTION @extschema@.summarize_numeric_accum(internal, date, numeric, date, text) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.summarize_numeric_accum_day(internal, date, numeric, date) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.summarize_float8_accum(internal, date, double precision, date, text) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.summarize_float8_accum_day(internal, date, double precision, date) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.summarize_combine(internal, internal) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.summarize_serialize(internal) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.summarize_deserialize(bytea, internal) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.summarize_final(internal) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.summarize_numeric_accum_period_unit(internal, date, numeric, date, @extschema@.period_unit) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.summarize_float8_accum_period_unit(internal, date, double precision, date, @extschema@.period_unit) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.rfm_cuts_in(cstring) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.rfm_cuts_out(@extschema@.rfm_cuts) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.rfm_cuts_send(@extschema@.rfm_cuts) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.rfm_cuts_recv(internal) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.rfm_cuts_state_in(cstring) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.rfm_cuts_state_out(@extschema@.rfm_cuts_state) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.rfm_cuts_state_send(@extschema@.rfm_cuts_state) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.rfm_cuts_state_recv(internal) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.rfm_cuts_accum(@extschema@.rfm_cuts_state, double precision, double precision, double precision, integer) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.rfm_cuts_accum_summary(@extschema@.rfm_cuts_state, @extschema@.summary, integer) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.rfm_cuts_combine(@extschema@.rfm_cuts_state, @extschema@.rfm_cuts_state) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.rfm_cuts_final(@extschema@.rfm_cuts_state) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.rfm_cuts_accum_5(@extschema@.rfm_cuts_state, double precision, double precision, double precision) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.rfm_cuts_accum_summary_5(@extschema@.rfm_cuts_state, @extschema@.summary) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.rfm_segments_mark_edited() SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.rfm_segments_replace_default() SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.activity_in(cstring) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.activity_out(@extschema@.activity) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.activity_send(@extschema@.activity) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.activity_recv(internal) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.activity_final(internal) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.cohort_matrix_in(cstring) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.cohort_matrix_out(@extschema@.cohort_matrix) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.cohort_matrix_send(@extschema@.cohort_matrix) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.cohort_matrix_recv(internal) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.cohort_matrix_accum(@extschema@.cohort_matrix, @extschema@.activity) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.cohort_matrix_combine(@extschema@.cohort_matrix, @extschema@.cohort_matrix) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.cohort_matrix_final(@extschema@.cohort_matrix) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.period_retention_in(cstring) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.period_retention_out(@extschema@.period_retention) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.period_retention_send(@extschema@.period_retention) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.period_retention_recv(internal) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.period_retention_accum(@extschema@.period_retention, @extschema@.activity) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.period_retention_combine(@extschema@.period_retention, @extschema@.period_retention) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.period_retention_final(@extschema@.period_retention) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.activity_query(rel regclass, customer_col name, date_col name, amount_col name) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.activity_as_of(rel regclass, customer_col name, date_col name, amount_col name, unit text, as_of date) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.nps_accum(bigint[], integer) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.nps_combine(bigint[], bigint[]) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.nps_final(bigint[]) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.csat_accum(bigint[], integer, integer) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.csat_accum_5(bigint[], integer) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.csat_combine(bigint[], bigint[]) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.csat_final(bigint[]) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.repeat_purchase_rate_accum(bigint[], @extschema@.summary) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.repeat_purchase_rate_combine(bigint[], bigint[]) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.repeat_purchase_rate_final(bigint[]) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.tracking_fields() SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.tracking_args(orders regclass) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.tracking_summaries_sql(orders regclass, args text[], filter text) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.tracking_eq_sql(args text[]) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.track_orders_trigger() SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.tracking_base_type(t regtype) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.tracking_column(rel regclass, col name, role text) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.tracking_check(orders regclass, customer_col name, date_col name, amount_col name) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.tracking_create_table(orders regclass, customer_col name, summary_table name) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.tracking_key_eq(rel regclass) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.tracking_index(orders regclass, customer_col name, eq text[]) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.tracking_default_name(orders regclass) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.fit_histogram_in(cstring) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.fit_histogram_out(@extschema@.fit_histogram) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.fit_histogram_send(@extschema@.fit_histogram) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.fit_histogram_recv(internal) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.bgnbd_fit_accum(@extschema@.fit_histogram, double precision, double precision, double precision) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.bgnbd_fit_accum_penalized(@extschema@.fit_histogram, double precision, double precision, double precision, double precision) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.bgnbd_fit_accum_summary(@extschema@.fit_histogram, @extschema@.summary) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.gg_fit_accum(@extschema@.fit_histogram, double precision, double precision) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.fit_histogram_combine(@extschema@.fit_histogram, @extschema@.fit_histogram) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.bgnbd_fit_final(@extschema@.fit_histogram) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.gg_fit_final(@extschema@.fit_histogram) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.model_time_scale(unit text) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.model_summaries_query(rel regclass, customer_col name, date_col name, amount_col name, as_of text, scale text) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.model_check_args(rel regclass, customer_col name, date_col name, calibration_end date, holdout_end date) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.concentration_state_in(cstring) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.concentration_state_out(@extschema@.concentration_state) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.concentration_state_send(@extschema@.concentration_state) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.concentration_state_recv(internal) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.concentration_accum(@extschema@.concentration_state, double precision) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.concentration_accum_fraction(@extschema@.concentration_state, double precision, double precision) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.concentration_accum_points(@extschema@.concentration_state, double precision, integer) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.concentration_accum_abc(@extschema@.concentration_state, double precision, double precision, double precision) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.concentration_combine(@extschema@.concentration_state, @extschema@.concentration_state) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.gini_final(@extschema@.concentration_state) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.top_share_final(@extschema@.concentration_state) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.lorenz_final(@extschema@.concentration_state) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.hhi_accum(double precision[], double precision) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.hhi_combine(double precision[], double precision[]) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.hhi_final(double precision[]) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.abc_cuts_in(cstring) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.abc_cuts_out(@extschema@.abc_cuts) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.abc_cuts_send(@extschema@.abc_cuts) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.abc_cuts_recv(internal) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.abc_cuts_final(@extschema@.concentration_state) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.scaler_accum(double precision[], double precision[]) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.scaler_combine(double precision[], double precision[]) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.scaler_final(double precision[]) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.kmeans_state_in(cstring) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.kmeans_state_out(@extschema@.kmeans_state) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.kmeans_state_send(@extschema@.kmeans_state) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.kmeans_state_recv(internal) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.kmeans_accum(@extschema@.kmeans_state, double precision[], integer, bigint) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.kmeans_combine(@extschema@.kmeans_state, @extschema@.kmeans_state) SET SCHEMA portfolio_internal;
ALTER FUNCTION @extschema@.kmeans_final(@extschema@.kmeans_state) SET SCHEMA portfolio_internal;

-- The bodies of SQL and PL/pgSQL functions name the helpers they call, and
-- are not rewritten by SET SCHEMA: the functions that call a moved helper
-- are re-created with the qualified name (each is a member of the
-- extension already, so OR REPLACE cannot take over another's function).
-- Their definitions are those of src/sql/; tracking_create_table,
-- untrack_orders and refresh_alerts, which the BI layout changes too, are
-- re-created once, in the tracked table's section below.

CREATE OR REPLACE FUNCTION @extschema@.cohort_retention(rel regclass, customer_col name, date_col name,
                                             amount_col name, unit text DEFAULT 'month',
                                             as_of date DEFAULT NULL)
RETURNS TABLE (cohort date, period integer, cohort_size bigint, active bigint,
               retention double precision, revenue numeric)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    m @extschema@.cohort_matrix;
BEGIN
    as_of := portfolio_internal.activity_as_of(rel, customer_col, date_col, amount_col, unit, as_of);
    IF as_of IS NULL THEN
        RETURN;  -- no transactions
    END IF;
    EXECUTE 'SELECT @extschema@.cohort_matrix(a) FROM ('
            || portfolio_internal.activity_query(rel, customer_col, date_col, amount_col) || ') s'
        INTO m USING as_of, unit;
    IF m IS NOT NULL THEN
        RETURN QUERY SELECT * FROM @extschema@.cohort_retention(m);
    END IF;
END
$$;

CREATE OR REPLACE FUNCTION @extschema@.retention_by_period(rel regclass, customer_col name, date_col name,
                                                amount_col name, unit text DEFAULT 'month',
                                                as_of date DEFAULT NULL)
RETURNS TABLE (period_start date, customers_start bigint, new_customers bigint,
               customers_end bigint, retained bigint, retention_rate double precision,
               churn_rate double precision, crr double precision, revenue numeric,
               nrr double precision, grr double precision)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    r @extschema@.period_retention;
BEGIN
    as_of := portfolio_internal.activity_as_of(rel, customer_col, date_col, amount_col, unit, as_of);
    IF as_of IS NULL THEN
        RETURN;  -- no transactions
    END IF;
    EXECUTE 'SELECT @extschema@.period_retention(a) FROM ('
            || portfolio_internal.activity_query(rel, customer_col, date_col, amount_col) || ') s'
        INTO r USING as_of, unit;
    IF r IS NOT NULL THEN
        RETURN QUERY SELECT * FROM @extschema@.retention_by_period(r);
    END IF;
END
$$;

CREATE OR REPLACE FUNCTION portfolio_internal.tracking_args(orders regclass) RETURNS text[]
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    raw  bytea;
    args text[] := '{}';
    i    int;
BEGIN
    SELECT t.tgargs INTO raw
      FROM pg_trigger t
     WHERE t.tgrelid = orders
       AND t.tgfoid = 'portfolio_internal.track_orders_trigger()'::regprocedure
     ORDER BY t.tgname LIMIT 1;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    LOOP
        i := position('\x00'::bytea IN raw);
        EXIT WHEN i = 0;
        args := args || convert_from(substring(raw FROM 1 FOR i - 1), getdatabaseencoding());
        raw := substring(raw FROM i + 1);
    END LOOP;
    RETURN args;
END;
$$;

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
        EXECUTE format('DELETE FROM %s', summary);
        RETURN NULL;
    END IF;
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

CREATE OR REPLACE FUNCTION portfolio_internal.tracking_index(orders regclass, customer_col name, eq text[])
RETURNS void LANGUAGE plpgsql VOLATILE STRICT SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    cust pg_attribute := portfolio_internal.tracking_column(orders, customer_col, 'customer');
BEGIN
    IF NOT EXISTS (
        SELECT FROM pg_index i
          JOIN pg_opclass oc ON oc.oid = i.indclass[0]
          JOIN pg_amop ao ON ao.amopfamily = oc.opcfamily AND ao.amopstrategy = 3
          JOIN pg_operator o ON o.oid = ao.amopopr
          JOIN pg_namespace n ON n.oid = o.oprnamespace
         WHERE i.indrelid = orders AND i.indkey[0] = cust.attnum AND i.indpred IS NULL
           AND i.indisvalid AND i.indcollation[0] = cust.attcollation
           AND n.nspname = eq[1] AND o.oprname = eq[2]) THEN
        EXECUTE format('CREATE INDEX ON %s (%I)', orders, customer_col);
    END IF;
END;
$$;

CREATE OR REPLACE FUNCTION @extschema@.track_orders(orders regclass, customer_col name, date_col name, amount_col name,
                                         summary_table name DEFAULT NULL, unit text DEFAULT 'day',
                                         time_zone text DEFAULT NULL)
RETURNS regclass LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    u       text := lower(unit);
    tz      text := coalesce(time_zone, current_setting('TimeZone'));
    kind    text;
    summary regclass;
    eq      text[];
    args    text;
    ev      text;
BEGIN
    IF orders IS NULL OR customer_col IS NULL OR date_col IS NULL OR amount_col IS NULL OR unit IS NULL THEN
        RAISE EXCEPTION 'orders, customer_col, date_col, amount_col and unit must not be NULL'
              USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF u NOT IN ('day', 'week', 'month', 'quarter') THEN
        RAISE EXCEPTION 'unknown unit "%"', unit
              USING ERRCODE = 'invalid_parameter_value',
                    HINT = 'The unit is day, week, month or quarter.';
    END IF;
    PERFORM now() AT TIME ZONE tz;          -- an unknown time zone is an error (22023)
    -- No order may change between the initial fill and the triggers.
    EXECUTE format('LOCK TABLE %s IN SHARE ROW EXCLUSIVE MODE', orders);
    kind := portfolio_internal.tracking_check(orders, customer_col, date_col, amount_col);
    summary := portfolio_internal.tracking_create_table(orders, customer_col,
                                                        coalesce(summary_table, portfolio_internal.tracking_default_name(orders)));
    eq := portfolio_internal.tracking_key_eq(summary);
    PERFORM portfolio_internal.tracking_index(orders, customer_col, eq);

    args := format('%L, %L, %L, %L, %L, %L, %L, %L, %L', customer_col, date_col, amount_col,
                   summary::text, u, tz, kind, eq[1], eq[2]);
    FOREACH ev IN ARRAY ARRAY['insert', 'update', 'delete'] LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER %s ON %s REFERENCING %s FOR EACH STATEMENT '
                       'EXECUTE FUNCTION portfolio_internal.track_orders_trigger(%s)',
                       'portfolio_track_' || ev, upper(ev), orders,
                       CASE ev WHEN 'insert' THEN 'NEW TABLE AS portfolio_new_rows'
                               WHEN 'delete' THEN 'OLD TABLE AS portfolio_old_rows'
                               ELSE 'OLD TABLE AS portfolio_old_rows NEW TABLE AS portfolio_new_rows' END,
                       args);
    END LOOP;
    EXECUTE format('CREATE TRIGGER portfolio_track_truncate AFTER TRUNCATE ON %s FOR EACH STATEMENT '
                   'EXECUTE FUNCTION portfolio_internal.track_orders_trigger(%s)', orders, args);

    PERFORM @extschema@.refresh_alerts(orders);
    RETURN summary;
END;
$$;

CREATE OR REPLACE FUNCTION @extschema@.repeat_purchase_histogram(
    rel regclass, customer_col name, date_col name, calibration_end date,
    unit text DEFAULT 'week', max_frequency integer DEFAULT 7,
    m @extschema@.bgnbd DEFAULT NULL)
RETURNS TABLE (repeat_purchases integer, label text, actual bigint, expected double precision)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    scale double precision := portfolio_internal.model_time_scale(unit);
    summaries text;
BEGIN
    PERFORM portfolio_internal.model_check_args(rel, customer_col, date_col, calibration_end, NULL);
    IF max_frequency IS NULL OR max_frequency < 1 THEN
        RAISE EXCEPTION 'max_frequency must be at least 1'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('The value given was %s.', coalesce(max_frequency::text, 'NULL')),
                  HINT = 'The last row counts the customers with max_frequency repeat purchases or more.';
    END IF;
    summaries := portfolio_internal.model_summaries_query(rel, customer_col, date_col, NULL, '$1', '$2');
    IF m IS NULL THEN
        EXECUTE 'SELECT (f).* FROM (SELECT @extschema@.bgnbd_fit(frequency, recency, age) AS f FROM ('
                || summaries || ') s) fit'
            INTO m USING calibration_end, scale;
    END IF;
    IF m IS NULL THEN
        RETURN;  -- no customer by calibration_end
    END IF;
    RETURN QUERY EXECUTE
        'WITH s AS (' || summaries || '), '
        'ages AS (SELECT age, pg_catalog.count(*) AS n FROM s GROUP BY age), '
        'buckets AS (SELECT k FROM pg_catalog.generate_series(0, $3) AS k), '
        'model AS (SELECT b.k, pg_catalog.sum(a.n * @extschema@.bgnbd_pmf($4, b.k, a.age)) AS e '
        '          FROM buckets b, ages a WHERE b.k < $3 GROUP BY b.k), '
        'seen AS (SELECT LEAST(frequency, $3)::integer AS k, pg_catalog.count(*) AS n FROM s GROUP BY 1) '
        'SELECT b.k, CASE WHEN b.k < $3 THEN b.k::text ELSE b.k || ''+'' END, '
        '       coalesce(seen.n, 0), '
        '       CASE WHEN b.k < $3 THEN coalesce(model.e, 0) '
        '            ELSE (SELECT pg_catalog.count(*) FROM s) - (SELECT coalesce(pg_catalog.sum(e), 0) FROM model) END '
        'FROM buckets b LEFT JOIN seen ON seen.k = b.k LEFT JOIN model ON model.k = b.k ORDER BY b.k'
        USING calibration_end, scale, max_frequency, m;
END
$$;

CREATE OR REPLACE FUNCTION @extschema@.holdout_purchases(
    rel regclass, customer_col name, date_col name, calibration_end date, holdout_end date,
    unit text DEFAULT 'week', max_frequency integer DEFAULT 7,
    m @extschema@.bgnbd DEFAULT NULL)
RETURNS TABLE (frequency integer, label text, customers bigint, actual double precision,
               expected double precision)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    scale double precision := portfolio_internal.model_time_scale(unit);
    summaries text;
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
                  HINT = 'The last row gathers the customers with max_frequency repeat purchases or more.';
    END IF;
    summaries := portfolio_internal.model_summaries_query(rel, customer_col, date_col, NULL, '$1', '$2');
    IF m IS NULL THEN
        EXECUTE 'SELECT (f).* FROM (SELECT @extschema@.bgnbd_fit(frequency, recency, age) AS f FROM ('
                || summaries || ') s) fit'
            INTO m USING calibration_end, scale;
    END IF;
    IF m IS NULL THEN
        RETURN;
    END IF;
    RETURN QUERY EXECUTE
        'WITH cal AS (' || summaries || '), '
        'later AS (' || portfolio_internal.model_summaries_query(rel, customer_col, date_col, NULL, '$5', '$2') || '), '
        'both_ AS (SELECT LEAST(cal.frequency, $3)::integer AS k, '
        '                 later.frequency - cal.frequency AS held, '
        '                 @extschema@.bgnbd_expected($4, ($5 - $1) / $2, cal.frequency, cal.recency, cal.age) AS e '
        '          FROM cal JOIN later ON later.c = cal.c) '
        'SELECT k, CASE WHEN k < $3 THEN k::text ELSE k || ''+'' END, pg_catalog.count(*), '
        '       pg_catalog.avg(held), pg_catalog.avg(e) '
        'FROM both_ GROUP BY k ORDER BY k'
        USING calibration_end, scale, max_frequency, m, holdout_end;
END
$$;

CREATE OR REPLACE FUNCTION @extschema@.purchase_tracking(
    rel regclass, customer_col name, date_col name, calibration_end date, holdout_end date,
    unit text DEFAULT 'week', m @extschema@.bgnbd DEFAULT NULL)
RETURNS TABLE (period integer, period_start date, period_end date, holdout boolean,
               actual bigint, expected double precision,
               cumulative_actual bigint, cumulative_expected double precision)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    scale double precision := portfolio_internal.model_time_scale(unit);
    summaries text;
    days text;
BEGIN
    PERFORM portfolio_internal.model_check_args(rel, customer_col, date_col, calibration_end, holdout_end);
    IF holdout_end IS NULL THEN
        holdout_end := calibration_end;
    END IF;
    summaries := portfolio_internal.model_summaries_query(rel, customer_col, date_col, NULL, '$1', '$2');
    IF m IS NULL THEN
        EXECUTE 'SELECT (f).* FROM (SELECT @extschema@.bgnbd_fit(frequency, recency, age) AS f FROM ('
                || summaries || ') s) fit'
            INTO m USING calibration_end, scale;
    END IF;
    IF m IS NULL THEN
        RETURN;
    END IF;
    -- one row per customer and purchase day up to holdout_end
    days := pg_catalog.format(
        'SELECT DISTINCT %1$I AS c, (%2$I)::pg_catalog.date AS d FROM %3$s '
        'WHERE %1$I IS NOT NULL AND %2$I IS NOT NULL AND (%2$I)::pg_catalog.date <= $2',
        customer_col, date_col, rel);
    -- Periods of scale days from the first purchase in the table.  A
    -- customer's repeat purchases are its purchase days after its first;
    -- the model expects E[X(age)] of them by a given age, so a period adds
    -- E[X(age at its end)] - E[X(age at its start)] for each customer who
    -- has made its first purchase by its end.
    RETURN QUERY EXECUTE
        'WITH d AS (' || days || '), '
        'firsts AS (SELECT c, pg_catalog.min(d) AS f FROM d GROUP BY c), '
        'start_ AS (SELECT pg_catalog.min(f) AS s FROM firsts), '
        'periods AS (SELECT k, s + ((k - 1) * $3)::integer AS p0, s + (k * $3)::integer AS p1 '
        '            FROM start_, pg_catalog.generate_series(1, '
        '                 pg_catalog.ceil((($2 - s) + 1) / $3)::integer) AS k), '
        'cohorts AS (SELECT f, pg_catalog.count(*) AS n FROM firsts GROUP BY f), '
        'seen AS (SELECT p.k, pg_catalog.count(*) AS n FROM d JOIN firsts USING (c) '
        '         JOIN periods p ON d.d >= p.p0 AND d.d < p.p1 WHERE d.d > firsts.f GROUP BY p.k), '
        'model AS (SELECT p.k, pg_catalog.sum(co.n * ('
        '              @extschema@.bgnbd_expected($1, (LEAST(p.p1, $2 + 1) - co.f) / $3)'
        '            - @extschema@.bgnbd_expected($1, GREATEST(p.p0 - co.f, 0) / $3))) AS e '
        '          FROM periods p JOIN cohorts co ON co.f < p.p1 GROUP BY p.k), '
        'rows_ AS (SELECT p.k, p.p0, LEAST(p.p1, $2 + 1) - 1 AS p_last, p.p0 > $4 AS held, '
        '                 coalesce(seen.n, 0) AS n, coalesce(model.e, 0) AS e '
        '          FROM periods p LEFT JOIN seen ON seen.k = p.k LEFT JOIN model ON model.k = p.k) '
        'SELECT k, p0, p_last, held, n, e, '
        '       (pg_catalog.sum(n) OVER (ORDER BY k))::bigint, pg_catalog.sum(e) OVER (ORDER BY k) '
        'FROM rows_ ORDER BY k'
        USING m, holdout_end, scale, calibration_end;
END
$$;

CREATE OR REPLACE FUNCTION @extschema@.forecast(
    rel regclass, customer_col name, date_col name, amount_col name, as_of date,
    periods integer DEFAULT 12, period_unit text DEFAULT 'month',
    new_customers double precision DEFAULT 0,
    first_purchase_amount double precision DEFAULT NULL,
    unit text DEFAULT 'week',
    bg @extschema@.bgnbd DEFAULT NULL, gg @extschema@.gamma_gamma DEFAULT NULL)
RETURNS TABLE (period integer, period_start date, period_end date,
               existing_transactions double precision, existing_revenue double precision,
               arrivals double precision, new_transactions double precision,
               new_revenue double precision,
               transactions double precision, revenue double precision)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    scale double precision := portfolio_internal.model_time_scale(unit);
    summaries text;
    mean_spend double precision;
BEGIN
    PERFORM portfolio_internal.model_check_args(rel, customer_col, date_col, as_of, NULL);
    PERFORM @extschema@.period_start(as_of, period_unit);	-- 22023 for an unknown unit
    IF amount_col IS NULL THEN
        RAISE EXCEPTION 'amount_col must not be null'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'The revenue forecast needs the amount of each order.';
    END IF;
    IF periods IS NULL OR periods < 1 OR periods > 1000 THEN
        RAISE EXCEPTION 'periods must be between 1 and 1000'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('The value given was %s.', coalesce(periods::text, 'NULL'));
    END IF;
    IF new_customers IS NULL OR NOT (new_customers >= 0 AND new_customers < 'infinity')
       OR (first_purchase_amount IS NOT NULL AND NOT (first_purchase_amount >= 0 AND first_purchase_amount < 'infinity')) THEN
        RAISE EXCEPTION 'new_customers and first_purchase_amount must be finite numbers, not negative'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('new_customers is %s and first_purchase_amount %s.', new_customers,
                                             coalesce(first_purchase_amount::text, 'NULL')),
                  HINT = 'new_customers is the expected number of first purchases per period, 0 for existing customers only.';
    END IF;
    summaries := portfolio_internal.model_summaries_query(rel, customer_col, date_col, amount_col, '$1', '$2');
    IF bg IS NULL THEN
        EXECUTE 'SELECT (f).* FROM (SELECT @extschema@.bgnbd_fit(frequency, recency, age) AS f FROM ('
                || summaries || ') s) fit'
            INTO bg USING as_of, scale;
    END IF;
    IF gg IS NULL THEN
        EXECUTE 'SELECT (f).* FROM (SELECT @extschema@.gg_fit(frequency, monetary) AS f FROM ('
                || summaries || ') s WHERE monetary > 0 OR frequency = 0) fit'
            INTO gg USING as_of, scale;
    END IF;
    IF bg IS NULL OR gg IS NULL THEN
        RETURN;  -- no customers, or no repeat customers to learn spend from
    END IF;
    mean_spend := @extschema@.gg_expected_spend(gg, 0, 0);
    -- Calendar periods from the day after as_of: the first runs to the end
    -- of its calendar period, the others are whole.  Purchases on day d are
    -- at model time (d - as_of) / scale, so a period of days p0 .. p1 - 1
    -- holds E[Y((p1 - 1 - as_of) / scale)] - E[Y((p0 - 1 - as_of) / scale)]
    -- of a customer's purchases: the existing customers' purchases by the
    -- end of each period are summed once, and a period's are the difference
    -- of two such sums.  Arrivals come evenly over the days of a
    -- period (a partial first period gets its share), each with one first
    -- purchase on its day a and then E[X((d - a) / scale)] repeat purchases
    -- by day d.  Customers with repeat purchases of no value (monetary 0)
    -- are valued at the mean spend.
    RETURN QUERY EXECUTE
        'WITH step AS (SELECT CASE pg_catalog.lower($4) WHEN ''day'' THEN interval ''1 day'' '
        '                   WHEN ''week'' THEN interval ''7 days'' WHEN ''month'' THEN interval ''1 month'' '
        '                   ELSE interval ''3 months'' END AS s), '
        'edges AS (SELECT k, (@extschema@.period_start($1 + 1, $4) + (k - 1) * step.s)::pg_catalog.date AS e '
        '          FROM step, pg_catalog.generate_series(1, $3 + 1) AS k), '
        'periods AS (SELECT a.k, GREATEST(a.e, $1 + 1) AS p0, b.e AS p1, b.e - a.e AS whole '
        '            FROM edges a JOIN edges b ON b.k = a.k + 1), '
        'cust AS (' || summaries || '), '
        'spend AS MATERIALIZED (SELECT frequency, recency, age, '
        '                 CASE WHEN frequency = 0 OR monetary > 0 '
        '                      THEN @extschema@.gg_expected_spend($6, frequency, monetary) ELSE $7 END AS s '
        '          FROM cust), '
        'ends AS (SELECT k, p1 - 1 AS d FROM periods UNION ALL SELECT 0, $1), '
        'totals AS (SELECT k, pg_catalog.sum(y) AS y, pg_catalog.sum(s * y) AS r '
        '           FROM (SELECT e.k, c.s, @extschema@.bgnbd_expected($5, (e.d - $1) / $2, '
        '                        c.frequency, c.recency, c.age) AS y '
        '                   FROM ends e, spend c OFFSET 0) AS v GROUP BY k), '
        'existing AS (SELECT k, y - pg_catalog.lag(y) OVER (ORDER BY k) AS y, '
        '                    r - pg_catalog.lag(r) OVER (ORDER BY k) AS r FROM totals), '
        'arrivals AS (SELECT p.k, d::pg_catalog.date AS a, $8 / p.whole AS rate FROM periods p, '
        '             pg_catalog.generate_series(p.p0, p.p1 - 1, interval ''1 day'') AS d WHERE $8 > 0), '
        'pairs AS (SELECT q.k, r.rate, GREATEST(q.p0 - 1 - r.a, 0) AS t0, q.p1 - 1 - r.a AS t1 '
        '          FROM periods q JOIN arrivals r ON r.a <= q.p1 - 1), '
        'ages AS (SELECT t, @extschema@.bgnbd_expected($5, t / $2) AS e '
        '         FROM (SELECT t0 AS t FROM pairs UNION SELECT t1 FROM pairs) AS u), '
        'repeats AS (SELECT k, pg_catalog.sum(rate * (e1.e - e0.e)) AS y FROM pairs '
        '            JOIN ages e0 ON e0.t = t0 JOIN ages e1 ON e1.t = t1 GROUP BY k), '
        'firsts AS (SELECT k, pg_catalog.sum(rate) AS n FROM arrivals GROUP BY k) '
        'SELECT p.k, p.p0, p.p1 - 1, coalesce(x.y, 0), coalesce(x.r, 0), '
        '       coalesce(f.n, 0), coalesce(f.n, 0) + coalesce(rp.y, 0), '
        '       coalesce(f.n, 0) * $9 + coalesce(rp.y, 0) * $7, '
        '       coalesce(x.y, 0) + coalesce(f.n, 0) + coalesce(rp.y, 0), '
        '       coalesce(x.r, 0) + coalesce(f.n, 0) * $9 + coalesce(rp.y, 0) * $7 '
        'FROM periods p LEFT JOIN existing x ON x.k = p.k LEFT JOIN firsts f ON f.k = p.k '
        'LEFT JOIN repeats rp ON rp.k = p.k ORDER BY p.k'
        USING as_of, scale, periods, period_unit, bg, gg, mean_spend, new_customers,
              coalesce(first_purchase_amount, mean_spend);
END
$$;

-- ---------- BI: customers() and model_fits() ----------

-- bi.sql: one call over an orders table for BI tools and notebooks: every
-- customer's summary, RFM, lifecycle, alert and lifetime value as plain
-- typed columns (customers), and the model fits as rows (model_fits; a
-- stored model's rows are model_parameters').

-- The row of customers(): the fields of summary with the same names and
-- types, then RFM, lifecycle, alert and the model predictions.  A type
-- rather than RETURNS TABLE because two of summary's fields, periods and
-- unit, are also argument names of customers(), which PL/pgSQL forbids.
CREATE TYPE @extschema@.customer_profile AS (
    customer           text,
    first_date         date,
    last_date          date,
    transactions       bigint,
    periods            integer,
    frequency          integer,
    recency            double precision,
    age                double precision,
    days_since_last    integer,
    total_amount       numeric,
    avg_amount         numeric,
    monetary           numeric,
    mean_gap           double precision,
    gap_stddev         double precision,
    max_gap            integer,
    last_gap           integer,
    unit               text,
    r                  integer,
    f                  integer,
    m                  integer,
    cell               text,
    segment            text,
    lifecycle          text,
    lifecycle_rank     integer,
    alert              text,
    alert_rank         integer,
    p_alive            double precision,
    expected_purchases double precision,
    clv                numeric
);
COMMENT ON TYPE @extschema@.customer_profile IS
'one row of customers(): a customer''s summary fields, RFM scores and segment, lifecycle and alert as text with their ranks, P(alive), expected purchases and CLV';

-- Checks the arguments shared by customers() and model_fits() and returns
-- the as-of date: as_of itself, or the last transaction date when it is
-- NULL (NULL for a table without transactions).  The callers run it inside
-- their own exception block and re-raise, so the user sees the error as
-- raised by the function they called.
CREATE FUNCTION portfolio_internal.bi_table_as_of(rel regclass, customer_col name, date_col name,
                                           amount_col name, as_of date, unit text)
RETURNS date LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    arg text;
    col name;
    typ oid;
    last_date date;
BEGIN
    IF rel IS NULL THEN
        RAISE EXCEPTION 'rel must not be null'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Pass the orders table, e.g. ''orders''::regclass or just ''orders''.';
    END IF;
    FOREACH arg IN ARRAY ARRAY['customer_col', 'date_col', 'amount_col'] LOOP
        col := CASE arg WHEN 'customer_col' THEN customer_col WHEN 'date_col' THEN date_col
                        ELSE amount_col END;
        IF col IS NULL THEN
            RAISE EXCEPTION '% must not be null', arg
                USING ERRCODE = 'null_value_not_allowed',
                      HINT = format('Pass the name of the column of %s that holds the %s.', rel,
                                    CASE arg WHEN 'customer_col' THEN 'customer'
                                             WHEN 'date_col' THEN 'transaction date' ELSE 'amount' END);
        END IF;
        SELECT t.oid INTO typ
          FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
         WHERE a.attrelid = rel AND a.attname = col AND a.attnum > 0 AND NOT a.attisdropped;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'column "%" (%) does not exist in %', col, arg, rel
                USING ERRCODE = 'undefined_column',
                      HINT = 'Column names are case-sensitive: pass the name as \d shows it, without quotes.';
        END IF;
        -- a domain counts as its base type
        typ := coalesce(nullif((SELECT typbasetype FROM pg_type WHERE oid = typ), 0), typ);
        IF arg = 'date_col' AND typ NOT IN ('date'::regtype, 'timestamp'::regtype, 'timestamptz'::regtype) THEN
            RAISE EXCEPTION 'column "%" (date_col) of % is of type %, not a date', col, rel, typ::regtype
                USING ERRCODE = 'datatype_mismatch',
                      HINT = 'Pass a column of type date, timestamp or timestamp with time zone.';
        END IF;
        IF arg = 'amount_col' AND (SELECT typcategory FROM pg_type WHERE oid = typ) <> 'N' THEN
            RAISE EXCEPTION 'column "%" (amount_col) of % is of type %, not a number', col, rel, typ::regtype
                USING ERRCODE = 'datatype_mismatch',
                      HINT = 'Pass a column of a numeric type (numeric, integer, double precision...).';
        END IF;
    END LOOP;
    IF unit IS NULL THEN
        RAISE EXCEPTION 'unit must not be null'
            USING ERRCODE = 'null_value_not_allowed', HINT = 'Use one of: day, week, month, quarter.';
    END IF;
    PERFORM @extschema@.period_start(DATE '2000-01-01', unit);  -- 22023 for an unknown unit
    IF as_of IS NOT NULL THEN
        RETURN as_of;
    END IF;
    EXECUTE format('SELECT pg_catalog.max((%I)::pg_catalog.date) FROM %s WHERE %I IS NOT NULL',
                   date_col, rel, customer_col)
        INTO last_date;
    RETURN last_date;
END
$$;
COMMENT ON FUNCTION portfolio_internal.bi_table_as_of(regclass, name, name, name, date, text) IS
'checks the table, column and unit arguments of customers() and model_fits(); a NULL as_of becomes the last transaction date';

-- The query of one summary per customer of a table, with $1 = as_of and
-- $2 = unit, and its customer as text.  Names are quoted identifiers, never
-- SQL; casts name pg_catalog's types.
CREATE FUNCTION portfolio_internal.bi_summary_query(rel regclass, customer_col name, date_col name,
                                             amount_col name)
RETURNS text LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp
RETURN pg_catalog.format(
    'SELECT (%4$I)::pg_catalog.text AS c,'
    ' @extschema@.summarize((%2$I)::pg_catalog.date, (%3$I)::pg_catalog.numeric, $1, $2) AS s'
    ' FROM %1$s WHERE %4$I IS NOT NULL GROUP BY %4$I',
    rel, date_col, amount_col, customer_col);
COMMENT ON FUNCTION portfolio_internal.bi_summary_query(regclass, name, name, name) IS
'the SQL of one summary per customer of a table ($1 = as_of, $2 = unit), customer as text, used by customers() and model_fits()';

-- One customer per row, everything from one scan of the table: the
-- summaries are gathered into two arrays by the query that also learns the
-- RFM cuts and fits both models; the rows are then computed from the arrays
-- with the C functions.  A model that cannot be fitted leaves its columns
-- NULL and says why in a NOTICE.  Every error is re-raised by this function
-- itself, so the user sees one CONTEXT line, this function's, and never the
-- statements inside it.
CREATE FUNCTION @extschema@.customers(rel regclass, customer_col name, date_col name, amount_col name,
                                      as_of date DEFAULT NULL, unit text DEFAULT 'day',
                                      bins integer DEFAULT 5, periods integer DEFAULT 12,
                                      period_length double precision DEFAULT NULL,
                                      discount_rate double precision DEFAULT 0.01)
RETURNS SETOF @extschema@.customer_profile
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED ROWS 10000
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    custs text[];
    sums @extschema@.summary[];
    cuts @extschema@.rfm_cuts;
    bg @extschema@.bgnbd;
    gg @extschema@.gamma_gamma;
    bgs @extschema@.bgnbd[];   -- a composite cannot be one of several INTO targets
    ggs @extschema@.gamma_gamma[];
    repeaters bigint;
    spenders bigint;
    have_bg boolean;
    have_gg boolean;
    horizon double precision;
    stages @extschema@.lifecycle[] := enum_range(NULL::@extschema@.lifecycle);
    alerts @extschema@.alert[] := enum_range(NULL::@extschema@.alert);
    e_state text;
    e_message text;
    e_detail text;
    e_hint text;
BEGIN
    BEGIN
        IF bins IS NULL OR bins NOT BETWEEN 2 AND 9 THEN
            RAISE EXCEPTION 'bins must be between 2 and 9'
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = format('The value given was %s.', coalesce(bins::text, 'NULL')),
                      HINT = 'Pass the number of RFM score buckets, 5 for the standard segments.';
        END IF;
        IF periods IS NULL OR periods < 0 THEN
            RAISE EXCEPTION 'periods must be a number of periods, at least 0'
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = format('The value given was %s.', coalesce(periods::text, 'NULL')),
                      HINT = 'periods is the CLV horizon in periods of period_length, e.g. 12 months.';
        END IF;
        period_length := coalesce(period_length,
                                  CASE lower(unit) WHEN 'day' THEN 30.4375 WHEN 'week' THEN 30.4375 / 7
                                            WHEN 'month' THEN 1 ELSE 1.0 / 3 END);
        IF NOT (period_length > 0) OR period_length IN ('Infinity', 'NaN') THEN  -- NaN > 0 in SQL
            RAISE EXCEPTION 'period_length must be a finite number greater than zero'
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = format('The value given was %s.', period_length),
                      HINT = format('period_length is one CLV period in %ss; NULL means one month (30.4375 days).', unit);
        END IF;
        horizon := periods * period_length;
        IF discount_rate IS NULL OR NOT (discount_rate > -1) OR discount_rate IN ('Infinity', 'NaN') THEN
            RAISE EXCEPTION 'discount_rate must be a finite number greater than -1'
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = format('The value given was %s.', coalesce(discount_rate::text, 'NULL')),
                      HINT = 'discount_rate is the rate per period of period_length, e.g. 0.01 for 1% a month.';
        END IF;
        -- the table last: a NULL as_of costs a query
        as_of := portfolio_internal.bi_table_as_of(rel, customer_col, date_col, amount_col, as_of, unit);
        IF as_of IS NULL THEN
            RETURN;  -- no transactions
        END IF;

        EXECUTE 'SELECT pg_catalog.array_agg(c), pg_catalog.array_agg(s),'
                '       @extschema@.rfm_cuts(s, $3), ARRAY[@extschema@.bgnbd_fit(s)],'
                '       ARRAY[@extschema@.gg_fit((s).frequency, (s).monetary) FILTER (WHERE (s).monetary > 0)],'
                '       pg_catalog.count(*) FILTER (WHERE (s).frequency > 0),'
                '       pg_catalog.count(*) FILTER (WHERE (s).frequency > 0 AND (s).monetary > 0)'
                '  FROM (' || portfolio_internal.bi_summary_query(rel, customer_col, date_col, amount_col)
                || ') x WHERE (s).first_date IS NOT NULL'
            INTO custs, sums, cuts, bgs, ggs, repeaters, spenders USING as_of, unit, bins;
        IF custs IS NULL THEN
            RETURN;  -- no transactions up to as_of
        END IF;
        bg := bgs[1];
        gg := ggs[1];

        have_bg := repeaters > 0 AND bg.converged;
        IF repeaters = 0 THEN
            RAISE NOTICE 'BG/NBD cannot be fitted: no customer has a repeat purchase as of %', as_of
                USING DETAIL = 'p_alive, expected_purchases and clv are NULL.';
        ELSIF NOT bg.converged THEN
            RAISE NOTICE 'the BG/NBD fit did not converge (% customers, % with repeat purchases)',
                         bg.customers, repeaters
                USING DETAIL = 'p_alive, expected_purchases and clv are NULL.',
                      HINT = 'BG/NBD needs more customers, with repeat purchases among them; the other columns are filled.';
        END IF;
        have_gg := have_bg AND spenders > 0 AND gg.converged AND gg.q > 1;
        IF NOT have_bg THEN
            NULL;  -- clv needs both models; said above
        ELSIF spenders = 0 THEN
            RAISE NOTICE 'Gamma-Gamma cannot be fitted: no repeat buyer has a positive spend'
                USING DETAIL = 'clv is NULL.';
        ELSIF NOT gg.converged THEN
            RAISE NOTICE 'the Gamma-Gamma fit did not converge (% repeat buyers with positive spend)', spenders
                USING DETAIL = 'clv is NULL.';
        ELSIF NOT have_gg THEN
            RAISE NOTICE 'the Gamma-Gamma fit has no finite mean spend (q = % <= 1)', gg.q
                USING DETAIL = 'clv is NULL.';
        END IF;

        RETURN QUERY
        SELECT u.c, (u.s).first_date, (u.s).last_date, (u.s).transactions, (u.s).periods,
               (u.s).frequency, (u.s).recency, (u.s).age, (u.s).days_since_last, (u.s).total_amount,
               round((u.s).avg_amount, 2), round((u.s).monetary, 2),
               round((u.s).mean_gap::numeric, 2)::double precision,
               round((u.s).gap_stddev::numeric, 2)::double precision,
               (u.s).max_gap, (u.s).last_gap, (u.s).unit,
               sc.r, sc.f, sc.m, sc.cell, sc.segment,
               l.stage::text, array_position(stages, l.stage), l.alert::text, array_position(alerts, l.alert),
               p.p_alive, p.expected, round(p.clv::numeric, 2)
          FROM (SELECT unnest(custs) AS c, unnest(sums) AS s) AS u  -- in step; s stays one composite
         CROSS JOIN LATERAL @extschema@.rfm_score(cuts, u.s) AS sc
         CROSS JOIN LATERAL (
               SELECT CASE WHEN have_bg THEN @extschema@.bgnbd_p_alive(bg, (u.s).frequency, (u.s).recency, (u.s).age) END
                          AS p_alive,
                      CASE WHEN have_bg THEN @extschema@.bgnbd_expected(bg, horizon, (u.s).frequency, (u.s).recency, (u.s).age) END
                          AS expected,
                      CASE WHEN have_gg AND ((u.s).frequency = 0 OR (u.s).monetary > 0)
                           THEN @extschema@.clv(bg, gg, (u.s).frequency, (u.s).recency, (u.s).age,
                                                (u.s).monetary::double precision, periods, period_length,
                                                discount_rate) END AS clv) AS p
         CROSS JOIN LATERAL (
               SELECT @extschema@.lifecycle_stage(u.s) AS stage,
                      @extschema@.alert_level(u.s, p.p_alive) AS alert) AS l;
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS e_state = RETURNED_SQLSTATE, e_message = MESSAGE_TEXT,
                                e_detail = PG_EXCEPTION_DETAIL, e_hint = PG_EXCEPTION_HINT;
        IF e_detail = '' AND e_hint = '' THEN
            RAISE EXCEPTION USING ERRCODE = e_state, MESSAGE = e_message;
        ELSIF e_hint = '' THEN
            RAISE EXCEPTION USING ERRCODE = e_state, MESSAGE = e_message, DETAIL = e_detail;
        ELSIF e_detail = '' THEN
            RAISE EXCEPTION USING ERRCODE = e_state, MESSAGE = e_message, HINT = e_hint;
        ELSE
            RAISE EXCEPTION USING ERRCODE = e_state, MESSAGE = e_message, DETAIL = e_detail, HINT = e_hint;
        END IF;
    END;
END
$$;
COMMENT ON FUNCTION @extschema@.customers(regclass, name, name, name, date, text, integer, integer, double precision, double precision) IS
'one row per customer of an orders table as plain columns: its summary, RFM scores and segment, lifecycle and alert (text, with ranks), and from BG/NBD and Gamma-Gamma fitted in the same call P(alive), expected purchases and CLV over periods * period_length';

-- ---------- the model fits as rows ----------

-- BG/NBD over every customer's summary and Gamma-Gamma over the repeat
-- buyers with a positive spend (as customers() fits them), from one scan of
-- the table: per model and parameter, model_parameters' row (estimate,
-- standard error, 95% interval) with the fit's log-likelihood, customers
-- and convergence repeated on each.  A model that cannot be fitted has no
-- rows; one that did not converge has its rows, with converged false.
CREATE FUNCTION @extschema@.model_fits(rel regclass, customer_col name, date_col name, amount_col name,
                                       as_of date DEFAULT NULL, unit text DEFAULT 'week')
RETURNS TABLE (model text, parameter text, estimate double precision, std_error double precision,
               ci_lower double precision, ci_upper double precision,
               loglik double precision, customers bigint, converged boolean)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED ROWS 7
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    bgs @extschema@.bgnbd[];   -- a composite cannot be one of several INTO targets
    ggs @extschema@.gamma_gamma[];
    e_state text;
    e_message text;
    e_detail text;
    e_hint text;
BEGIN
    BEGIN
        as_of := portfolio_internal.bi_table_as_of(rel, customer_col, date_col, amount_col, as_of, unit);
        IF as_of IS NULL THEN
            RETURN;  -- no transactions
        END IF;
        EXECUTE 'SELECT ARRAY[@extschema@.bgnbd_fit(s) FILTER (WHERE (s).first_date IS NOT NULL)],'
                '       ARRAY[@extschema@.gg_fit((s).frequency, (s).monetary) FILTER (WHERE (s).monetary > 0)]'
                '  FROM (' || portfolio_internal.bi_summary_query(rel, customer_col, date_col, amount_col) || ') x'
            INTO bgs, ggs USING as_of, unit;
        -- model_parameters gives a stored model the same rows, without the fit's columns
        RETURN QUERY
        SELECT 'bgnbd', b.*, (bgs[1]).loglik, (bgs[1]).customers, (bgs[1]).converged
          FROM @extschema@.model_parameters(bgs[1]) AS b
        UNION ALL
        SELECT 'gamma_gamma', g.*, (ggs[1]).loglik, (ggs[1]).customers, (ggs[1]).converged
          FROM @extschema@.model_parameters(ggs[1]) AS g;
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS e_state = RETURNED_SQLSTATE, e_message = MESSAGE_TEXT,
                                e_detail = PG_EXCEPTION_DETAIL, e_hint = PG_EXCEPTION_HINT;
        IF e_detail = '' AND e_hint = '' THEN
            RAISE EXCEPTION USING ERRCODE = e_state, MESSAGE = e_message;
        ELSIF e_hint = '' THEN
            RAISE EXCEPTION USING ERRCODE = e_state, MESSAGE = e_message, DETAIL = e_detail;
        ELSIF e_detail = '' THEN
            RAISE EXCEPTION USING ERRCODE = e_state, MESSAGE = e_message, HINT = e_hint;
        ELSE
            RAISE EXCEPTION USING ERRCODE = e_state, MESSAGE = e_message, DETAIL = e_detail, HINT = e_hint;
        END IF;
    END;
END
$$;
COMMENT ON FUNCTION @extschema@.model_fits(regclass, name, name, name, date, text) IS
'BG/NBD and Gamma-Gamma fitted on a table''s customers, one row per model and parameter: estimate, standard error, 95% confidence interval, log-likelihood, customers, convergence';

-- ---------- BI: the tracked table ----------

-- The summary table is the BI table: lifecycle and alert are text with
-- their business order as ranks, so that a driver that binds strings
-- (pgJDBC's setString sends varchar) can filter them; the amounts a user
-- reads are rounded to cents (total_amount stays exact); and the
-- population-relative columns (RFM scores and segment, P(alive), expected
-- purchases, CLV) come from the RFM cuts and models that portfolio.refresh
-- learned last, stored here, one row per tracked orders table.
CREATE TABLE @extschema@.tracking_models (
    orders        regclass PRIMARY KEY,
    summary       regclass NOT NULL UNIQUE,
    cuts          @extschema@.rfm_cuts,
    bg            @extschema@.bgnbd,
    gg            @extschema@.gamma_gamma,
    bins          integer NOT NULL DEFAULT 5 CHECK (bins BETWEEN 2 AND 9),
    periods       integer NOT NULL DEFAULT 12 CHECK (periods >= 0),
    period_length double precision CHECK (period_length > 0 AND period_length < 'Infinity'),
    discount_rate double precision NOT NULL DEFAULT 0.01 CHECK (discount_rate > -1 AND discount_rate < 'Infinity'),
    learned_at    timestamptz,
    as_of         date
);
COMMENT ON TABLE @extschema@.tracking_models IS
'the RFM cuts and BG/NBD and Gamma-Gamma fits that portfolio.refresh learned for each tracked orders table, with the settings it learns and scores with (bins, and the CLV horizon: periods of period_length, discounted at discount_rate per period); the owner of an orders table may edit its row';
COMMENT ON COLUMN @extschema@.tracking_models.orders IS 'the tracked orders table';
COMMENT ON COLUMN @extschema@.tracking_models.summary IS 'its summary table';
COMMENT ON COLUMN @extschema@.tracking_models.cuts IS 'RFM cut points learned over the customers; NULL before the first refresh';
COMMENT ON COLUMN @extschema@.tracking_models.bg IS 'BG/NBD fit; NULL when it could not be fitted';
COMMENT ON COLUMN @extschema@.tracking_models.gg IS 'Gamma-Gamma fit; NULL when it could not be fitted';
COMMENT ON COLUMN @extschema@.tracking_models.bins IS 'number of RFM bins refresh learns (default 5)';
COMMENT ON COLUMN @extschema@.tracking_models.periods IS 'CLV horizon in periods (default 12)';
COMMENT ON COLUMN @extschema@.tracking_models.period_length IS 'one CLV period in the tracking unit; NULL: one month (30.4375 days)';
COMMENT ON COLUMN @extschema@.tracking_models.discount_rate IS 'CLV discount rate per period (default 0.01)';
COMMENT ON COLUMN @extschema@.tracking_models.learned_at IS 'when refresh learned the row';
COMMENT ON COLUMN @extschema@.tracking_models.as_of IS 'the date the models were learned as of';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.tracking_models', '');
GRANT SELECT, INSERT, UPDATE, DELETE ON @extschema@.tracking_models TO PUBLIC;

-- Only the owner of an orders table (or a member of its role) writes its
-- row, and only for a summary table it owns too (no one may attach their
-- cuts and fits to another owner's summary table).
CREATE FUNCTION portfolio_internal.tracking_models_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    -- the tables the row named before (OLD) and will name (NEW)
    old_rels regclass[] := CASE WHEN TG_OP <> 'INSERT' THEN ARRAY[OLD.orders, OLD.summary] ELSE '{}' END;
    new_rels regclass[] := CASE WHEN TG_OP <> 'DELETE' THEN ARRAY[NEW.orders, NEW.summary] ELSE '{}' END;
    rel regclass;
    owner oid;
BEGIN
    FOREACH rel IN ARRAY old_rels || new_rels LOOP
        owner := (SELECT relowner FROM pg_class WHERE oid = rel);
        -- A table dropped since is no one's: its row may be deleted.  But a
        -- row may only name tables that exist, or a table created later
        -- with the same OID would get its models.
        IF owner IS NULL AND rel = ANY (new_rels) THEN
            RAISE EXCEPTION 'relation with OID % does not exist', rel::oid
                  USING ERRCODE = 'undefined_table',
                        DETAIL = 'A row of portfolio.tracking_models names a tracked orders table and its summary table.';
        END IF;
        IF owner IS NOT NULL AND NOT pg_has_role(current_user, owner, 'USAGE') THEN
            RAISE EXCEPTION 'must be owner of table %', rel
                  USING ERRCODE = 'insufficient_privilege',
                        DETAIL = 'Only the owner of a tracked orders table and its summary table may change their row of portfolio.tracking_models.';
        END IF;
    END LOOP;
    RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END;
$$;
COMMENT ON FUNCTION portfolio_internal.tracking_models_guard() IS
'trigger: only the owner of an orders table and its summary table changes their row of tracking_models';
CREATE TRIGGER tracking_models_guard BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.tracking_models
    FOR EACH ROW EXECUTE FUNCTION portfolio_internal.tracking_models_guard();

-- The columns of the BI layout that the summary table gains, besides the
-- key, as_of, the summary fields, lifecycle, alert and updated_at.
CREATE FUNCTION portfolio_internal.tracking_bi_columns() RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$ SELECT '{lifecycle_rank,alert_rank,r,f,m,cell,segment,p_alive,expected_purchases,clv}'::text[] $$;
COMMENT ON FUNCTION portfolio_internal.tracking_bi_columns() IS
'support function of track_orders: the columns of the summary table after the summary fields, lifecycle, alert and updated_at';

-- "CASE col WHEN 'label1' THEN 1 ... END" over the labels of an enum, in
-- their declared order.
CREATE FUNCTION portfolio_internal.tracking_rank_sql(col text, labels anyarray) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
    SELECT format('CASE %I %s END', col, string_agg(format('WHEN %L THEN %s', l, i), ' ' ORDER BY i))
      FROM unnest(labels::text[]) WITH ORDINALITY AS u(l, i);
$$;
COMMENT ON FUNCTION portfolio_internal.tracking_rank_sql(text, anyarray) IS
'support function of track_orders: the rank of an enum label held as text, as SQL';

-- Gives a summary table the BI layout (idempotent): lifecycle and alert
-- become text, checked against the enums' labels, with generated ranks;
-- avg_amount and monetary numeric(18,2); the RFM and model columns; and the
-- row trigger that fills them.
CREATE FUNCTION portfolio_internal.tracking_bi_layout(summary regclass) RETURNS void
LANGUAGE plpgsql VOLATILE STRICT SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    key   name := (SELECT attname FROM pg_attribute WHERE attrelid = summary AND attnum = 1);
    steps text[] := '{}';
    col   text;
BEGIN
    IF key = ANY (portfolio_internal.tracking_bi_columns()) THEN
        RAISE EXCEPTION 'customer column "%" has the name of a column of the summary table', key
              USING ERRCODE = 'duplicate_column',
                    DETAIL = format('The summary table has the columns %s.', array_to_string(portfolio_internal.tracking_bi_columns(), ', ')),
                    HINT = 'Rename the customer column of the orders table.';
    END IF;
    FOREACH col IN ARRAY ARRAY['lifecycle', 'alert'] LOOP
        IF (SELECT atttypid FROM pg_attribute WHERE attrelid = summary AND attname = col AND NOT attisdropped)
           <> 'text'::regtype THEN
            steps := steps || format('ALTER COLUMN %1$I TYPE text USING %1$I::text', col);
        END IF;
        IF NOT EXISTS (SELECT FROM pg_constraint WHERE conrelid = summary AND conname = 'portfolio_' || col || '_label') THEN
            steps := steps || format('ADD CONSTRAINT %I CHECK (%I IN (%s))', 'portfolio_' || col || '_label', col,
                                     (SELECT string_agg(quote_literal(l), ', ') FROM unnest(CASE col
                                         WHEN 'lifecycle' THEN enum_range(NULL::@extschema@.lifecycle)::text[]
                                         ELSE enum_range(NULL::@extschema@.alert)::text[] END) AS l));
        END IF;
    END LOOP;
    FOREACH col IN ARRAY ARRAY['avg_amount', 'monetary'] LOOP
        IF (SELECT format_type(atttypid, atttypmod) FROM pg_attribute
             WHERE attrelid = summary AND attname = col AND NOT attisdropped) <> 'numeric(18,2)' THEN
            steps := steps || format('ALTER COLUMN %I TYPE numeric(18,2)', col);
        END IF;
    END LOOP;
    FOREACH col IN ARRAY portfolio_internal.tracking_bi_columns() LOOP
        IF NOT EXISTS (SELECT FROM pg_attribute WHERE attrelid = summary AND attname = col AND NOT attisdropped) THEN
            steps := steps || format('ADD COLUMN %I %s', col, CASE col
                WHEN 'lifecycle_rank' THEN format('integer GENERATED ALWAYS AS (%s) STORED',
                    portfolio_internal.tracking_rank_sql('lifecycle', enum_range(NULL::@extschema@.lifecycle)))
                WHEN 'alert_rank' THEN format('integer GENERATED ALWAYS AS (%s) STORED',
                    portfolio_internal.tracking_rank_sql('alert', enum_range(NULL::@extschema@.alert)))
                WHEN 'cell' THEN 'text' WHEN 'segment' THEN 'text'
                WHEN 'p_alive' THEN 'double precision' WHEN 'expected_purchases' THEN 'double precision'
                WHEN 'clv' THEN 'numeric(18,2)' ELSE 'integer' END);
        END IF;
    END LOOP;
    IF steps <> '{}' THEN
        EXECUTE format('ALTER TABLE %s %s', summary, array_to_string(steps, ', '));
    END IF;
    IF EXISTS (SELECT FROM pg_trigger WHERE tgrelid = summary AND tgname = 'portfolio_bi_columns') THEN
        EXECUTE format('DROP TRIGGER portfolio_bi_columns ON %s', summary);
    END IF;
    EXECUTE format('CREATE TRIGGER portfolio_bi_columns BEFORE INSERT OR UPDATE ON %s FOR EACH ROW '
                   'EXECUTE FUNCTION portfolio_internal.tracking_bi_row()', summary);
    EXECUTE format($c$COMMENT ON COLUMN %1$s.lifecycle_rank IS 'order of lifecycle: new = 1 .. reactivated = 6';
                      COMMENT ON COLUMN %1$s.alert_rank IS 'order of alert: green = 1, yellow = 2, red = 3';
                      COMMENT ON COLUMN %1$s.segment IS 'RFM segment (portfolio.rfm_segments) from the cuts of the last portfolio.refresh';
                      COMMENT ON COLUMN %1$s.p_alive IS 'BG/NBD P(alive) from the fit of the last portfolio.refresh';
                      COMMENT ON COLUMN %1$s.expected_purchases IS 'BG/NBD expected purchases over the CLV horizon (portfolio.tracking_models)';
                      COMMENT ON COLUMN %1$s.clv IS 'discounted CLV over the horizon of portfolio.tracking_models, from the fits of the last portfolio.refresh'$c$,
                   summary);
END;
$$;
COMMENT ON FUNCTION portfolio_internal.tracking_bi_layout(regclass) IS
'support function of track_orders and upgrade_tracking: gives a summary table its BI columns and their trigger (idempotent)';

-- The row trigger of a summary table: the RFM and model columns of the row
-- from its summary fields and the cuts and fits stored for the table (NULL
-- where there are none yet, or for a placeholder row).  CLV reads the
-- stored monetary, rounded to cents.
CREATE FUNCTION portfolio_internal.tracking_bi_row() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    m       @extschema@.tracking_models;
    s       @extschema@.summary;
    sc      @extschema@.rfm;
    horizon double precision;
BEGIN
    NEW.r := NULL; NEW.f := NULL; NEW.m := NULL; NEW.cell := NULL; NEW.segment := NULL;
    NEW.p_alive := NULL; NEW.expected_purchases := NULL; NEW.clv := NULL;
    IF NEW.first_date IS NULL THEN
        RETURN NEW;
    END IF;
    SELECT * INTO m FROM @extschema@.tracking_models AS t WHERE t.summary = TG_RELID;
    IF NOT FOUND THEN
        RETURN NEW;
    END IF;
    s := ROW(NEW.first_date, NEW.last_date, NEW.transactions, NEW.periods, NEW.frequency, NEW.recency,
             NEW.age, NEW.days_since_last, NEW.total_amount, NEW.avg_amount, NEW.monetary, NEW.mean_gap,
             NEW.gap_stddev, NEW.max_gap, NEW.last_gap, NEW.unit);
    IF m.cuts IS NOT NULL THEN
        sc := @extschema@.rfm_score(m.cuts, s);
        NEW.r := sc.r; NEW.f := sc.f; NEW.m := sc.m; NEW.cell := sc.cell; NEW.segment := sc.segment;
    END IF;
    IF m.bg IS NOT NULL THEN
        horizon := m.periods * portfolio_internal.tracking_period_length(m.period_length, NEW.unit);
        NEW.p_alive := @extschema@.bgnbd_p_alive(m.bg, NEW.frequency, NEW.recency, NEW.age);
        NEW.expected_purchases := @extschema@.bgnbd_expected(m.bg, horizon, NEW.frequency, NEW.recency, NEW.age);
        IF m.gg IS NOT NULL AND (NEW.frequency = 0 OR NEW.monetary > 0) THEN
            NEW.clv := @extschema@.clv(m.bg, m.gg, NEW.frequency, NEW.recency, NEW.age, NEW.monetary,
                                       m.periods, portfolio_internal.tracking_period_length(m.period_length, NEW.unit),
                                       m.discount_rate);
        END IF;
    END IF;
    RETURN NEW;
END;
$$;
COMMENT ON FUNCTION portfolio_internal.tracking_bi_row() IS
'trigger of a summary table: its RFM, P(alive), expected purchases and CLV columns from the cuts and fits in tracking_models';

-- One CLV period in a unit: the stored length, or one month.
CREATE FUNCTION portfolio_internal.tracking_period_length(period_length double precision, unit text) RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
    SELECT coalesce(period_length, CASE unit WHEN 'day' THEN 30.4375 WHEN 'week' THEN 30.4375 / 7
                                             WHEN 'month' THEN 1 ELSE 1.0 / 3 END);
$$;
COMMENT ON FUNCTION portfolio_internal.tracking_period_length(double precision, text) IS
'support function of refresh: one CLV period in the tracking unit (NULL: one month of 30.4375 days)';

-- The summary table of a tracked orders table the caller owns, or an
-- error: NULL, not tracked, not the owner, or (when bi) not migrated.
CREATE FUNCTION portfolio_internal.tracking_bi_target(orders regclass, bi boolean) RETURNS regclass
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    args    text[];
    summary regclass;
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
    IF NOT pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = orders), 'USAGE') THEN
        RAISE EXCEPTION 'must be owner of table %', orders
              USING ERRCODE = 'insufficient_privilege',
                    DETAIL = 'Only the owner of a tracked orders table may refresh or migrate its summary table.';
    END IF;
    summary := args[4]::regclass;
    IF bi AND NOT EXISTS (SELECT FROM pg_trigger WHERE tgrelid = summary AND tgname = 'portfolio_bi_columns'
                             AND tgfoid = 'portfolio_internal.tracking_bi_row()'::regprocedure) THEN
        RAISE EXCEPTION 'summary table % of % has no BI columns', summary, orders
              USING ERRCODE = 'object_not_in_prerequisite_state',
                    DETAIL = 'It was created by portfolio 0.8.0 or earlier.',
                    HINT = format('Call portfolio.upgrade_tracking(%L) first.', orders::text);
    END IF;
    RETURN summary;
END;
$$;
COMMENT ON FUNCTION portfolio_internal.tracking_bi_target(regclass, boolean) IS
'support function of refresh and upgrade_tracking: the summary table of a tracked orders table the caller owns, or an error';

-- The nightly job: learns the RFM cuts and the BG/NBD and Gamma-Gamma fits
-- over every customer's summary as of a date, stores them, and rewrites
-- the summary table in one UPDATE (refresh_alerts), whose row trigger
-- scores every row with them.  A model that cannot be fitted is stored as
-- NULL, and its columns are NULL, with a NOTICE.  Returns the number of
-- rows written.
CREATE FUNCTION @extschema@.refresh(orders regclass, as_of date DEFAULT NULL) RETURNS bigint
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
COMMENT ON FUNCTION @extschema@.refresh(regclass, date) IS
'the nightly job of a tracked orders table: learns the RFM cuts and the BG/NBD and Gamma-Gamma fits as of a date (default: today in the tracking time zone), then rewrites every row of the summary table with them and with lifecycle and alert as of that date; returns the number of rows written';

-- Converts a summary table created by portfolio 0.8.0 or earlier to the BI
-- layout (idempotent); its RFM and model columns stay NULL until the next
-- refresh.
CREATE FUNCTION @extschema@.upgrade_tracking(orders regclass) RETURNS regclass
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    summary regclass := portfolio_internal.tracking_bi_target(orders, false);
BEGIN
    PERFORM portfolio_internal.tracking_bi_layout(summary);
    RETURN summary;
END;
$$;
COMMENT ON FUNCTION @extschema@.upgrade_tracking(regclass) IS
'gives the summary table of a tracked orders table created by portfolio 0.8.0 or earlier the BI columns (lifecycle and alert as text with ranks, amounts in cents, RFM, P(alive), expected purchases, CLV) and their trigger; idempotent; call portfolio.refresh next to fill them';

-- The functions that the BI layout changes: track_orders gives a new summary
-- table the BI layout, untrack_orders forgets the table's models, and
-- refresh_alerts compares lifecycle and alert as text, which reads both layouts.
CREATE OR REPLACE FUNCTION portfolio_internal.tracking_create_table(orders regclass, customer_col name, summary_table name)
RETURNS regclass LANGUAGE plpgsql VOLATILE STRICT SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    nsp    name;
    cust   pg_attribute;
    fields text;
    result regclass;
BEGIN
    SELECT n.nspname INTO nsp FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = orders;
    cust := portfolio_internal.tracking_column(orders, customer_col, 'customer');
    SELECT string_agg(format('%I %s', attname, format_type(atttypid, atttypmod)), ', ' ORDER BY attnum)
      INTO fields
      FROM pg_attribute WHERE attrelid = '@extschema@.summary'::regclass AND attnum > 0 AND NOT attisdropped;
    EXECUTE format('CREATE TABLE %I.%I (%I %s%s PRIMARY KEY, as_of date, %s, '
                   'lifecycle @extschema@.lifecycle, alert @extschema@.alert, updated_at timestamptz)',
                   nsp, summary_table, customer_col, format_type(cust.atttypid, cust.atttypmod),
                   CASE WHEN cust.attcollation <> 0 THEN ' COLLATE ' || cust.attcollation::regcollation::text ELSE '' END,
                   fields);
    result := format('%I.%I', nsp, summary_table)::regclass;
    EXECUTE format('COMMENT ON TABLE %s IS %L', result,
                   format('customer summaries of %s, kept current by portfolio.track_orders', orders));
    PERFORM portfolio_internal.tracking_bi_layout(result);
    RETURN result;
END;
$$;
COMMENT ON FUNCTION portfolio_internal.tracking_create_table(regclass, name, name) IS
'support function of track_orders: creates the summary table';

CREATE OR REPLACE FUNCTION @extschema@.untrack_orders(orders regclass) RETURNS void
LANGUAGE plpgsql VOLATILE STRICT SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    trig name;
    n    int := 0;
BEGIN
    FOR trig IN SELECT tgname FROM pg_trigger
                 WHERE tgrelid = orders AND tgfoid = 'portfolio_internal.track_orders_trigger()'::regprocedure
                 ORDER BY tgname LOOP
        EXECUTE format('DROP TRIGGER %I ON %s', trig, orders);
        n := n + 1;
    END LOOP;
    IF n = 0 THEN
        RAISE EXCEPTION 'table % is not tracked', orders
              USING ERRCODE = 'undefined_object',
                    DETAIL = 'It has no trigger of portfolio.track_orders.';
    END IF;
    DELETE FROM @extschema@.tracking_models AS t WHERE t.orders = untrack_orders.orders;
END;
$$;
COMMENT ON FUNCTION @extschema@.untrack_orders(regclass) IS
'drops the triggers of track_orders from an orders table; the summary table and the index stay';

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
COMMENT ON FUNCTION @extschema@.refresh_alerts(regclass, date) IS
'recomputes every customer of a tracked orders table as of a date (default: today in the tracking time zone); returns how many changed lifecycle or alert';
