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
-- Their definitions are those of src/sql/.

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
    RETURN result;
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
    cust := quote_ident(args[1]);
    eq := portfolio_internal.tracking_eq_sql(args);
    -- Writers of orders wait (their triggers write the summary table), so
    -- that no recomputation they commit is overwritten with older values.
    EXECUTE format('LOCK TABLE %s IN SHARE ROW EXCLUSIVE MODE', summary);
    EXECUTE format(
        'WITH f AS (%1$s), '
        'changed AS (SELECT count(*) AS n FROM f FULL JOIN %2$s AS x ON x.%3$s %4$s f.c '
        'WHERE f.c IS NULL OR x.%3$s IS NULL '
        'OR (f.lifecycle, f.alert) IS DISTINCT FROM (x.lifecycle, x.alert)), '
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
