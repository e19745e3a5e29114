/* portfolio--0.1.0--0.2.0.sql: retention, cohorts, satisfaction, lifecycle, alerts, tracking */

\echo Use "ALTER EXTENSION portfolio UPDATE TO '0.2.0'" to load this file. \quit

-- ======================================================================
-- Activity, cohorts and period retention
-- ======================================================================

CREATE FUNCTION @extschema@.period_start(day date, unit text) RETURNS date
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.period_start(date, text) IS
'first day of the day''s period: the day itself, its week (Monday), month or quarter';

-- activity: one customer's purchase periods and their revenue.
CREATE TYPE @extschema@.activity;
CREATE FUNCTION @extschema@.activity_in(cstring) RETURNS @extschema@.activity
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.activity_out(@extschema@.activity) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE TYPE @extschema@.activity (
    INPUT = @extschema@.activity_in,
    OUTPUT = @extschema@.activity_out,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);
COMMENT ON TYPE @extschema@.activity IS
'one customer''s purchase periods as of a date (unit day, week, month or quarter) and the revenue of each';
COMMENT ON FUNCTION @extschema@.activity_in(cstring) IS 'input function of activity';
COMMENT ON FUNCTION @extschema@.activity_out(@extschema@.activity) IS 'output function of activity';

CREATE FUNCTION @extschema@.activity_final(internal) RETURNS @extschema@.activity
    AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.activity_final(internal) IS 'final function of activity';

-- activity shares summarize's transition state: one entry per distinct date.
CREATE AGGREGATE @extschema@.activity(txn_date date, amount numeric, as_of date, unit text) (
    SFUNC = @extschema@.summarize_numeric_accum,
    STYPE = internal,
    SSPACE = 256,
    FINALFUNC = @extschema@.activity_final,
    COMBINEFUNC = @extschema@.summarize_combine,
    SERIALFUNC = @extschema@.summarize_serialize,
    DESERIALFUNC = @extschema@.summarize_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.activity(date, numeric, date, text) IS
'one customer''s activity: its purchase periods up to as_of and the revenue of each, for cohort_matrix and period_retention';

-- cohort_matrix: per cohort, its size and its active customers and revenue
-- at every period offset.
CREATE TYPE @extschema@.cohort_matrix;
CREATE FUNCTION @extschema@.cohort_matrix_in(cstring) RETURNS @extschema@.cohort_matrix
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.cohort_matrix_out(@extschema@.cohort_matrix) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE TYPE @extschema@.cohort_matrix (
    INPUT = @extschema@.cohort_matrix_in,
    OUTPUT = @extschema@.cohort_matrix_out,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);
COMMENT ON TYPE @extschema@.cohort_matrix IS
'cohort retention matrix (also the partial state of the cohort_matrix aggregate): per first-purchase cohort, its size and its active customers and revenue at each period offset';
COMMENT ON FUNCTION @extschema@.cohort_matrix_in(cstring) IS 'input function of cohort_matrix';
COMMENT ON FUNCTION @extschema@.cohort_matrix_out(@extschema@.cohort_matrix) IS 'output function of cohort_matrix';

CREATE FUNCTION @extschema@.cohort_matrix_accum(@extschema@.cohort_matrix, @extschema@.activity)
RETURNS @extschema@.cohort_matrix AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.cohort_matrix_combine(@extschema@.cohort_matrix, @extschema@.cohort_matrix)
RETURNS @extschema@.cohort_matrix AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.cohort_matrix_final(@extschema@.cohort_matrix)
RETURNS @extschema@.cohort_matrix AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.cohort_matrix_accum(@extschema@.cohort_matrix, @extschema@.activity) IS 'transition function of cohort_matrix';
COMMENT ON FUNCTION @extschema@.cohort_matrix_combine(@extschema@.cohort_matrix, @extschema@.cohort_matrix) IS 'combine function of cohort_matrix';
COMMENT ON FUNCTION @extschema@.cohort_matrix_final(@extschema@.cohort_matrix) IS 'final function of cohort_matrix: drops the spare room of the state';

CREATE AGGREGATE @extschema@.cohort_matrix(a @extschema@.activity) (
    SFUNC = @extschema@.cohort_matrix_accum,
    STYPE = @extschema@.cohort_matrix,
    FINALFUNC = @extschema@.cohort_matrix_final,
    COMBINEFUNC = @extschema@.cohort_matrix_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.cohort_matrix(@extschema@.activity) IS
'cohort retention matrix of the customers'' activities (same unit and as_of)';

CREATE FUNCTION @extschema@.cohort_retention(m @extschema@.cohort_matrix)
RETURNS TABLE (cohort date, period integer, cohort_size bigint, active bigint,
               retention double precision, revenue numeric)
    AS 'MODULE_PATHNAME', 'cohort_retention_rows' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.cohort_retention(@extschema@.cohort_matrix) IS
'the cohort matrix as rows: cohort, period offset, cohort size, active customers, retention, revenue';

-- period_retention: per period, active, new and retained customers and revenue.
CREATE TYPE @extschema@.period_retention;
CREATE FUNCTION @extschema@.period_retention_in(cstring) RETURNS @extschema@.period_retention
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.period_retention_out(@extschema@.period_retention) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE TYPE @extschema@.period_retention (
    INPUT = @extschema@.period_retention_in,
    OUTPUT = @extschema@.period_retention_out,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);
COMMENT ON TYPE @extschema@.period_retention IS
'period retention figures (also the partial state of the period_retention aggregate): per period, active, new and retained customers, revenue, retained and gross retained revenue';
COMMENT ON FUNCTION @extschema@.period_retention_in(cstring) IS 'input function of period_retention';
COMMENT ON FUNCTION @extschema@.period_retention_out(@extschema@.period_retention) IS 'output function of period_retention';

CREATE FUNCTION @extschema@.period_retention_accum(@extschema@.period_retention, @extschema@.activity)
RETURNS @extschema@.period_retention AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.period_retention_combine(@extschema@.period_retention, @extschema@.period_retention)
RETURNS @extschema@.period_retention AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.period_retention_final(@extschema@.period_retention)
RETURNS @extschema@.period_retention AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.period_retention_accum(@extschema@.period_retention, @extschema@.activity) IS 'transition function of period_retention';
COMMENT ON FUNCTION @extschema@.period_retention_combine(@extschema@.period_retention, @extschema@.period_retention) IS 'combine function of period_retention';
COMMENT ON FUNCTION @extschema@.period_retention_final(@extschema@.period_retention) IS 'final function of period_retention: drops the spare room of the state';

CREATE AGGREGATE @extschema@.period_retention(a @extschema@.activity) (
    SFUNC = @extschema@.period_retention_accum,
    STYPE = @extschema@.period_retention,
    FINALFUNC = @extschema@.period_retention_final,
    COMBINEFUNC = @extschema@.period_retention_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.period_retention(@extschema@.activity) IS
'period retention figures of the customers'' activities (same unit and as_of)';

CREATE FUNCTION @extschema@.retention_by_period(r @extschema@.period_retention)
RETURNS TABLE (period_start date, customers_start bigint, new_customers bigint,
               customers_end bigint, retained bigint, retention_rate double precision,
               churn_rate double precision, crr double precision, revenue numeric,
               nrr double precision, grr double precision)
    AS 'MODULE_PATHNAME', 'retention_by_period_rows' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.retention_by_period(@extschema@.period_retention) IS
'the period retention figures as rows: customers at start, new, at end, retained, retention, churn, CRR, revenue, NRR, GRR';

-- ---------- one call over a table, for BI tools ----------

-- The query that computes one activity per customer of a table, with $1 the
-- as_of date and $2 the unit.  Names are quoted identifiers: never SQL.
CREATE FUNCTION @extschema@.activity_query(rel regclass, customer_col name, date_col name,
                                           amount_col name)
RETURNS text LANGUAGE sql STABLE PARALLEL SAFE
RETURN pg_catalog.format(
    'SELECT @extschema@.activity((%2$I)::date, (%3$I)::numeric, $1, $2) AS a'
    ' FROM %1$s WHERE %4$I IS NOT NULL GROUP BY %4$I',
    rel, date_col, amount_col, customer_col);
COMMENT ON FUNCTION @extschema@.activity_query(regclass, name, name, name) IS
'the SQL of one activity per customer of a table ($1 = as_of, $2 = unit), used by cohort_retention and retention_by_period';

-- Check the arguments of the one-call functions and resolve a NULL as_of to
-- the last transaction date of a customer (NULL for an empty table).
CREATE FUNCTION @extschema@.activity_as_of(rel regclass, customer_col name, date_col name,
                                           amount_col name, unit text, as_of date)
RETURNS date LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
AS $$
DECLARE
    last_date date;
BEGIN
    IF rel IS NULL OR customer_col IS NULL OR date_col IS NULL OR amount_col IS NULL
       OR unit IS NULL THEN
        RAISE EXCEPTION 'the table, its column names and the unit must not be null'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Pass a table, the customer, date and amount columns, and a unit.';
    END IF;
    PERFORM @extschema@.period_start(DATE '2000-01-01', unit);  -- 22023 for an unknown unit
    IF as_of IS NOT NULL THEN
        RETURN as_of;
    END IF;
    EXECUTE pg_catalog.format('SELECT pg_catalog.max((%I)::date) FROM %s WHERE %I IS NOT NULL',
                              date_col, rel, customer_col)
        INTO last_date;
    RETURN last_date;
END
$$;
COMMENT ON FUNCTION @extschema@.activity_as_of(regclass, name, name, name, text, date) IS
'checks the arguments of cohort_retention and retention_by_period over a table; a NULL as_of becomes the last transaction date';

CREATE FUNCTION @extschema@.cohort_retention(rel regclass, customer_col name, date_col name,
                                             amount_col name, unit text DEFAULT 'month',
                                             as_of date DEFAULT NULL)
RETURNS TABLE (cohort date, period integer, cohort_size bigint, active bigint,
               retention double precision, revenue numeric)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
AS $$
DECLARE
    m @extschema@.cohort_matrix;
BEGIN
    as_of := @extschema@.activity_as_of(rel, customer_col, date_col, amount_col, unit, as_of);
    IF as_of IS NULL THEN
        RETURN;  -- no transactions
    END IF;
    EXECUTE 'SELECT @extschema@.cohort_matrix(a) FROM ('
            || @extschema@.activity_query(rel, customer_col, date_col, amount_col) || ') s'
        INTO m USING as_of, unit;
    IF m IS NOT NULL THEN
        RETURN QUERY SELECT * FROM @extschema@.cohort_retention(m);
    END IF;
END
$$;
COMMENT ON FUNCTION @extschema@.cohort_retention(regclass, name, name, name, text, date) IS
'cohort retention of a table''s customers: one row per first-purchase cohort and period offset';

CREATE FUNCTION @extschema@.retention_by_period(rel regclass, customer_col name, date_col name,
                                                amount_col name, unit text DEFAULT 'month',
                                                as_of date DEFAULT NULL)
RETURNS TABLE (period_start date, customers_start bigint, new_customers bigint,
               customers_end bigint, retained bigint, retention_rate double precision,
               churn_rate double precision, crr double precision, revenue numeric,
               nrr double precision, grr double precision)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
AS $$
DECLARE
    r @extschema@.period_retention;
BEGIN
    as_of := @extschema@.activity_as_of(rel, customer_col, date_col, amount_col, unit, as_of);
    IF as_of IS NULL THEN
        RETURN;  -- no transactions
    END IF;
    EXECUTE 'SELECT @extschema@.period_retention(a) FROM ('
            || @extschema@.activity_query(rel, customer_col, date_col, amount_col) || ') s'
        INTO r USING as_of, unit;
    IF r IS NOT NULL THEN
        RETURN QUERY SELECT * FROM @extschema@.retention_by_period(r);
    END IF;
END
$$;
COMMENT ON FUNCTION @extschema@.retention_by_period(regclass, name, name, name, text, date) IS
'retention of a table''s customers period by period: customers at start, new, at end, retained, rates, revenue, NRR, GRR';

-- ======================================================================
-- Satisfaction and retention KPIs: NPS, CSAT, repeat purchase rate, CRR
-- ======================================================================

-- The aggregates run across customers: their states are bigint[] counts
-- (lossless text, so distributed engines can ship partial states), updated
-- in place inside an aggregate.  INITCOND is all zeros and the final
-- functions give NULL for zero responses, also through combine.

-- nps state: {responses, promoters, detractors}
CREATE FUNCTION @extschema@.nps_accum(bigint[], integer)
RETURNS bigint[] AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.nps_combine(bigint[], bigint[])
RETURNS bigint[] AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.nps_final(bigint[])
RETURNS double precision AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.nps_accum(bigint[], integer) IS 'transition function of nps';
COMMENT ON FUNCTION @extschema@.nps_combine(bigint[], bigint[]) IS 'combine function of nps';
COMMENT ON FUNCTION @extschema@.nps_final(bigint[]) IS 'final function of nps';

CREATE AGGREGATE @extschema@.nps(score integer) (
    SFUNC = @extschema@.nps_accum,
    STYPE = bigint[],
    FINALFUNC = @extschema@.nps_final,
    COMBINEFUNC = @extschema@.nps_combine,
    INITCOND = '{0,0,0}',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.nps(integer) IS
'Net Promoter Score of 0-10 survey scores: % promoters (9-10) minus % detractors (0-6), -100 to 100';

-- csat state: {scale_max (0 until a row sets it), responses, satisfied}
CREATE FUNCTION @extschema@.csat_accum(bigint[], integer, integer)
RETURNS bigint[] AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
-- Aggregates cannot have defaults: the 1-5 overload has its own transition function.
CREATE FUNCTION @extschema@.csat_accum_5(bigint[], integer)
RETURNS bigint[] AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.csat_combine(bigint[], bigint[])
RETURNS bigint[] AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.csat_final(bigint[])
RETURNS double precision AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.csat_accum(bigint[], integer, integer) IS 'transition function of csat(int, int)';
COMMENT ON FUNCTION @extschema@.csat_accum_5(bigint[], integer) IS 'transition function of csat(int)';
COMMENT ON FUNCTION @extschema@.csat_combine(bigint[], bigint[]) IS 'combine function of csat';
COMMENT ON FUNCTION @extschema@.csat_final(bigint[]) IS 'final function of csat';

CREATE AGGREGATE @extschema@.csat(score integer, scale_max integer) (
    SFUNC = @extschema@.csat_accum,
    STYPE = bigint[],
    FINALFUNC = @extschema@.csat_final,
    COMBINEFUNC = @extschema@.csat_combine,
    INITCOND = '{0,0,0}',
    PARALLEL = SAFE
);
CREATE AGGREGATE @extschema@.csat(score integer) (
    SFUNC = @extschema@.csat_accum_5,
    STYPE = bigint[],
    FINALFUNC = @extschema@.csat_final,
    COMBINEFUNC = @extschema@.csat_combine,
    INITCOND = '{0,0,0}',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.csat(integer, integer) IS
'customer satisfaction score: % of 1-scale_max survey scores that are scale_max - 1 or higher';
COMMENT ON AGGREGATE @extschema@.csat(integer) IS
'customer satisfaction score on the 1-5 scale: % of scores that are 4 or 5';

-- repeat_purchase_rate state: {customers, repeat customers}
CREATE FUNCTION @extschema@.repeat_purchase_rate_accum(bigint[], @extschema@.summary)
RETURNS bigint[] AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.repeat_purchase_rate_combine(bigint[], bigint[])
RETURNS bigint[] AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.repeat_purchase_rate_final(bigint[])
RETURNS double precision AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.repeat_purchase_rate_accum(bigint[], @extschema@.summary) IS 'transition function of repeat_purchase_rate';
COMMENT ON FUNCTION @extschema@.repeat_purchase_rate_combine(bigint[], bigint[]) IS 'combine function of repeat_purchase_rate';
COMMENT ON FUNCTION @extschema@.repeat_purchase_rate_final(bigint[]) IS 'final function of repeat_purchase_rate';

CREATE AGGREGATE @extschema@.repeat_purchase_rate(s @extschema@.summary) (
    SFUNC = @extschema@.repeat_purchase_rate_accum,
    STYPE = bigint[],
    FINALFUNC = @extschema@.repeat_purchase_rate_final,
    COMBINEFUNC = @extschema@.repeat_purchase_rate_combine,
    INITCOND = '{0,0}',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.repeat_purchase_rate(@extschema@.summary) IS
'share (0 to 1) of customers whose summary has frequency >= 1, i.e. who bought in more than one period';

CREATE FUNCTION @extschema@.retention_rate(customers_start bigint, customers_end bigint, new_customers bigint)
RETURNS double precision AS 'MODULE_PATHNAME', 'retention_rate' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.retention_rate(bigint, bigint, bigint) IS
'customer retention rate CRR = (customers_end - new_customers) / customers_start; NULL when customers_start is 0';

-- ======================================================================
-- Lifecycle stage and traffic-light alert
-- ======================================================================

-- Both read a customer's summary against its own purchase cadence:
--   cadence = max(mean_gap, min_cadence) with frequency >= 1 and a mean gap,
--             else expected_gap;  overdue = days_since_last / cadence.
-- The labels sort in the order listed (ORDER BY and comparisons use it).
CREATE TYPE @extschema@.lifecycle AS ENUM ('new', 'active', 'at_risk', 'lapsed', 'lost', 'reactivated');
COMMENT ON TYPE @extschema@.lifecycle IS
'lifecycle stage of a customer: new, active, at_risk, lapsed, lost or reactivated';

CREATE TYPE @extschema@.alert AS ENUM ('green', 'yellow', 'red');
COMMENT ON TYPE @extschema@.alert IS
'traffic-light follow-up level: green (waiting on the customer), yellow (remind), red (constant follow-up)';

CREATE FUNCTION @extschema@.lifecycle_stage(
    s @extschema@.summary,
    expected_gap double precision DEFAULT 90,
    at_risk double precision DEFAULT 1.5,
    lapsed double precision DEFAULT 2.5,
    lost double precision DEFAULT 4,
    min_cadence double precision DEFAULT 7)
RETURNS @extschema@.lifecycle AS 'MODULE_PATHNAME', 'lifecycle_stage'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.lifecycle_stage(@extschema@.summary, double precision, double precision, double precision, double precision, double precision) IS
'lifecycle stage of a customer summary from how overdue it is relative to its own purchase cadence';

-- Not STRICT: a NULL p_alive means "no model"; a NULL s gives NULL; a NULL
-- threshold is an error.
CREATE FUNCTION @extschema@.alert_level(
    s @extschema@.summary,
    p_alive double precision DEFAULT NULL,
    due double precision DEFAULT 1,
    at_risk double precision DEFAULT 1.5,
    p_alive_yellow double precision DEFAULT 0.5,
    p_alive_red double precision DEFAULT 0.2,
    expected_gap double precision DEFAULT 90,
    min_cadence double precision DEFAULT 7)
RETURNS @extschema@.alert AS 'MODULE_PATHNAME', 'alert_level'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.alert_level(@extschema@.summary, double precision, double precision, double precision, double precision, double precision, double precision, double precision) IS
'traffic-light alert of a customer summary from how overdue it is relative to its cadence and, given a model, its P(alive)';

-- ======================================================================
-- Tracking: a per-customer summary table kept current by triggers
-- ======================================================================
--
-- portfolio.track_orders attaches four statement-level triggers to a user's
-- orders table.  Their arguments hold the whole configuration (so that
-- pg_dump restores it with the triggers), in this order:
--   0 customer column      1 date column        2 amount column
--   3 summary table (schema-qualified, quoted)  4 unit
--   5 time zone            6 date column kind: date, timestamp or timestamptz
--   7, 8 schema and name of the customer type's equality operator (the one
--        of the summary table's primary key, so that a citext customer is
--        compared as the key compares it, whatever the search_path)
-- Every name is spliced into SQL with format('%I') or as a regclass, never
-- as text.

-- The summary fields as columns of the summary table, in the order of the
-- portfolio.summary type (sql/tracking.sql checks that they agree).
CREATE FUNCTION @extschema@.tracking_fields() RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT 'first_date, last_date, transactions, periods, frequency, recency, age, days_since_last, '
          'total_amount, avg_amount, monetary, mean_gap, gap_stddev, max_gap, last_gap, unit' $$;
COMMENT ON FUNCTION @extschema@.tracking_fields() IS
'support function of track_orders: the summary fields as a column list';

-- The arguments of the tracking triggers of a table (1-based), or NULL when
-- it is not tracked.  tgargs is the arguments, each ended by a zero byte.
CREATE FUNCTION @extschema@.tracking_args(orders regclass) RETURNS text[]
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    raw  bytea;
    args text[] := '{}';
    i    int;
BEGIN
    SELECT t.tgargs INTO raw
      FROM pg_trigger t
     WHERE t.tgrelid = orders
       AND t.tgfoid = '@extschema@.track_orders_trigger()'::regprocedure
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
COMMENT ON FUNCTION @extschema@.tracking_args(regclass) IS
'support function of track_orders: the configuration of a tracked orders table (its trigger arguments), NULL when not tracked';

-- SQL that summarizes the orders of the customers that "filter" (a
-- condition on o) selects: rows (c, summary fields..., lifecycle, alert) of
-- customers with at least one purchase as of $1, in unit $2.
CREATE FUNCTION @extschema@.tracking_summaries_sql(orders regclass, args text[], filter text)
RETURNS text LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    date_expr text;
BEGIN
    date_expr := CASE args[7]
        WHEN 'timestamptz' THEN format('(o.%I AT TIME ZONE %L)::pg_catalog.date', args[2], args[6])
        ELSE format('o.%I::pg_catalog.date', args[2]) END;
    RETURN format(
        'SELECT q.c, (q.s).*, @extschema@.lifecycle_stage(q.s) AS lifecycle, '
        '@extschema@.alert_level(q.s) AS alert '
        'FROM (SELECT o.%1$I AS c, @extschema@.summarize(%2$s, o.%3$I::pg_catalog.numeric, $1, $2) AS s '
        'FROM %4$s AS o WHERE %5$s GROUP BY 1) AS q '
        'WHERE (q.s).first_date IS NOT NULL',
        args[1], date_expr, args[3], orders, filter);
END;
$$;
COMMENT ON FUNCTION @extschema@.tracking_summaries_sql(regclass, text[], text) IS
'support function of track_orders: the query that summarizes the orders of some customers';

-- The customer type's equality operator as SQL: OPERATOR(schema.op).  The
-- name is checked to be made of operator characters only.
CREATE FUNCTION @extschema@.tracking_eq_sql(args text[]) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
BEGIN
    IF args[9] !~ '^[-+*/<>=~!@#%^&|`?]+$' THEN
        RAISE EXCEPTION 'invalid tracking trigger argument'
              USING ERRCODE = 'invalid_parameter_value',
                    DETAIL = format('"%s" is not an operator name.', args[9]),
                    HINT = 'Call portfolio.untrack_orders and portfolio.track_orders again.';
    END IF;
    RETURN format('OPERATOR(%I.%s)', args[8], args[9]);
END;
$$;
COMMENT ON FUNCTION @extschema@.tracking_eq_sql(text[]) IS
'support function of track_orders: the equality operator of the customer column, as SQL';

-- The trigger.  Each firing recomputes every customer that the statement
-- touched, in three steps:
--  1. touched: the customers of the new rows (INSERT), the old rows
--     (DELETE), or, for UPDATE, of the rows whose (customer, date, amount)
--     changed, from both sides (a row moved from A to B touches both;
--     updating other columns touches nobody);
--  2. lock them, in customer order (so that two bulk statements cannot
--     deadlock): one INSERT ... ON CONFLICT DO UPDATE ... WHERE false adds a
--     placeholder row for a new customer and locks an existing row, waiting
--     for a concurrent transaction that holds it;
--  3. recompute them from the orders in a later statement, whose snapshot
--     (READ COMMITTED) sees everything the transactions we waited for
--     committed: update the rows of customers with purchases, delete the
--     others (placeholders included).  The UPDATE also names t, whose size
--     the planner knows from the transition table, so that a single-row
--     statement looks its row up by key even before the tables are analyzed.
CREATE FUNCTION @extschema@.track_orders_trigger() RETURNS trigger
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
    eq := @extschema@.tracking_eq_sql(args);
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
        @extschema@.tracking_summaries_sql(TG_RELID::regclass, args,
                                           format('o.%s %s ANY (SELECT c FROM t)', cust, eq)),
        summary, cust, eq, @extschema@.tracking_fields(),
        replace(@extschema@.tracking_fields(), ', ', ', f.'))
    USING as_of, args[5];
    RETURN NULL;
END;
$$;
COMMENT ON FUNCTION @extschema@.track_orders_trigger() IS
'trigger of track_orders: recomputes the summary rows of the customers a statement touched; its arguments are the configuration';

-- The base type of a type (through domains).
CREATE FUNCTION @extschema@.tracking_base_type(t regtype) RETURNS regtype
LANGUAGE sql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
    WITH RECURSIVE d(oid, base) AS (
        SELECT oid, typbasetype FROM pg_type WHERE oid = t
        UNION ALL
        SELECT p.oid, p.typbasetype FROM pg_type p JOIN d ON p.oid = d.base
    )
    SELECT oid::regtype FROM d WHERE base = 0;
$$;
COMMENT ON FUNCTION @extschema@.tracking_base_type(regtype) IS
'support function of track_orders: the base type of a domain, or the type itself';

-- A column of a table that exists, or error 42703.
CREATE FUNCTION @extschema@.tracking_column(rel regclass, col name, role text)
RETURNS pg_catalog.pg_attribute LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    a pg_attribute;
BEGIN
    SELECT * INTO a FROM pg_attribute
     WHERE attrelid = rel AND attname = col AND attnum > 0 AND NOT attisdropped;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'column "%" of relation % does not exist', col, rel
              USING ERRCODE = 'undefined_column',
                    DETAIL = format('The %s column must be a column of the orders table.', role);
    END IF;
    RETURN a;
END;
$$;
COMMENT ON FUNCTION @extschema@.tracking_column(regclass, name, text) IS
'support function of track_orders: a column of the orders table, or an error';

-- Validates the orders table and the columns; returns the kind of the date
-- column (date, timestamp or timestamptz).
CREATE FUNCTION @extschema@.tracking_check(orders regclass, customer_col name, date_col name, amount_col name)
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
    IF @extschema@.tracking_args(orders) IS NOT NULL THEN
        RAISE EXCEPTION 'table % is already tracked', orders
              USING ERRCODE = 'duplicate_object',
                    HINT = 'Call portfolio.untrack_orders first to track it again.';
    END IF;
    PERFORM @extschema@.tracking_column(orders, customer_col, 'customer');
    IF customer_col = ANY (string_to_array(@extschema@.tracking_fields(), ', ')
                           || '{as_of,lifecycle,alert,updated_at}'::text[]) THEN
        RAISE EXCEPTION 'customer column "%" has the name of a column of the summary table', customer_col
              USING ERRCODE = 'duplicate_column',
                    DETAIL = 'The summary table has the customer column besides as_of, the summary fields, lifecycle, alert and updated_at.',
                    HINT = 'Rename the customer column of the orders table.';
    END IF;
    date_type := @extschema@.tracking_base_type((@extschema@.tracking_column(orders, date_col, 'date')).atttypid);
    amt_type := @extschema@.tracking_base_type((@extschema@.tracking_column(orders, amount_col, 'amount')).atttypid);
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
COMMENT ON FUNCTION @extschema@.tracking_check(regclass, name, name, name) IS
'support function of track_orders: validates the orders table and its columns, returns the kind of the date column';

-- Creates the summary table; returns it.
CREATE FUNCTION @extschema@.tracking_create_table(orders regclass, customer_col name, summary_table name)
RETURNS regclass LANGUAGE plpgsql VOLATILE STRICT SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    nsp    name;
    cust   pg_attribute;
    fields text;
    result regclass;
BEGIN
    SELECT n.nspname INTO nsp FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = orders;
    cust := @extschema@.tracking_column(orders, customer_col, 'customer');
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
COMMENT ON FUNCTION @extschema@.tracking_create_table(regclass, name, name) IS
'support function of track_orders: creates the summary table';

-- The equality operator of a table's primary key (first column): schema
-- and name.
CREATE FUNCTION @extschema@.tracking_key_eq(rel regclass) RETURNS text[]
LANGUAGE sql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
    SELECT ARRAY[n.nspname::text, o.oprname::text]
      FROM pg_index i
      JOIN pg_opclass oc ON oc.oid = i.indclass[0]
      JOIN pg_amop ao ON ao.amopfamily = oc.opcfamily AND ao.amopstrategy = 3
                     AND ao.amoplefttype = oc.opcintype AND ao.amoprighttype = oc.opcintype
      JOIN pg_operator o ON o.oid = ao.amopopr
      JOIN pg_namespace n ON n.oid = o.oprnamespace
     WHERE i.indrelid = rel AND i.indisprimary;
$$;
COMMENT ON FUNCTION @extschema@.tracking_key_eq(regclass) IS
'support function of track_orders: schema and name of the equality operator of a table''s primary key';

-- Creates an index on orders (customer) unless a valid, non-partial index
-- leads with that column, with the collation of the column and an operator
-- family that has the key's equality operator (so that it serves the
-- lookups of the trigger).
CREATE FUNCTION @extschema@.tracking_index(orders regclass, customer_col name, eq text[])
RETURNS void LANGUAGE plpgsql VOLATILE STRICT SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    cust pg_attribute := @extschema@.tracking_column(orders, customer_col, 'customer');
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
COMMENT ON FUNCTION @extschema@.tracking_index(regclass, name, text[]) IS
'support function of track_orders: indexes the customer column of the orders unless an index can serve';

-- <orders>_portfolio, the orders name shortened so that the suffix fits in
-- a name (63 bytes).
CREATE FUNCTION @extschema@.tracking_default_name(orders regclass) RETURNS name
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    base text := (SELECT relname FROM pg_class WHERE oid = orders);
BEGIN
    WHILE octet_length(base) > 63 - octet_length('_portfolio') LOOP
        base := left(base, -1);
    END LOOP;
    RETURN base || '_portfolio';
END;
$$;
COMMENT ON FUNCTION @extschema@.tracking_default_name(regclass) IS
'support function of track_orders: the default name of the summary table';

CREATE FUNCTION @extschema@.track_orders(orders regclass, customer_col name, date_col name, amount_col name,
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
    kind := @extschema@.tracking_check(orders, customer_col, date_col, amount_col);
    summary := @extschema@.tracking_create_table(orders, customer_col,
                                                 coalesce(summary_table, @extschema@.tracking_default_name(orders)));
    eq := @extschema@.tracking_key_eq(summary);
    PERFORM @extschema@.tracking_index(orders, customer_col, eq);

    args := format('%L, %L, %L, %L, %L, %L, %L, %L, %L', customer_col, date_col, amount_col,
                   summary::text, u, tz, kind, eq[1], eq[2]);
    FOREACH ev IN ARRAY ARRAY['insert', 'update', 'delete'] LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER %s ON %s REFERENCING %s FOR EACH STATEMENT '
                       'EXECUTE FUNCTION @extschema@.track_orders_trigger(%s)',
                       'portfolio_track_' || ev, upper(ev), orders,
                       CASE ev WHEN 'insert' THEN 'NEW TABLE AS portfolio_new_rows'
                               WHEN 'delete' THEN 'OLD TABLE AS portfolio_old_rows'
                               ELSE 'OLD TABLE AS portfolio_old_rows NEW TABLE AS portfolio_new_rows' END,
                       args);
    END LOOP;
    EXECUTE format('CREATE TRIGGER portfolio_track_truncate AFTER TRUNCATE ON %s FOR EACH STATEMENT '
                   'EXECUTE FUNCTION @extschema@.track_orders_trigger(%s)', orders, args);

    PERFORM @extschema@.refresh_alerts(orders);
    RETURN summary;
END;
$$;
COMMENT ON FUNCTION @extschema@.track_orders(regclass, name, name, name, name, text, text) IS
'creates a per-customer summary table of an orders table, fills it, and attaches triggers that keep it current';

CREATE FUNCTION @extschema@.untrack_orders(orders regclass) RETURNS void
LANGUAGE plpgsql VOLATILE STRICT SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    trig name;
    n    int := 0;
BEGIN
    FOR trig IN SELECT tgname FROM pg_trigger
                 WHERE tgrelid = orders AND tgfoid = '@extschema@.track_orders_trigger()'::regprocedure
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
COMMENT ON FUNCTION @extschema@.untrack_orders(regclass) IS
'drops the triggers of track_orders from an orders table; the summary table and the index stay';

-- Rebuilds the whole summary table as of a date under a lock that makes
-- the triggers wait; returns how many customers changed lifecycle or alert
-- (a customer who gains or loses its row counts).
CREATE FUNCTION @extschema@.refresh_alerts(orders regclass, as_of date DEFAULT NULL) RETURNS bigint
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    args    text[];
    summary regclass;
    cust    text;
    eq      text;
    fields  text := @extschema@.tracking_fields();
    n       bigint;
BEGIN
    IF orders IS NULL THEN
        RAISE EXCEPTION 'orders must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    args := @extschema@.tracking_args(orders);
    IF args IS NULL THEN
        RAISE EXCEPTION 'table % is not tracked', orders
              USING ERRCODE = 'undefined_object',
                    HINT = 'Call portfolio.track_orders first.';
    END IF;
    summary := args[4]::regclass;
    cust := quote_ident(args[1]);
    eq := @extschema@.tracking_eq_sql(args);
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
        @extschema@.tracking_summaries_sql(orders, args, format('o.%s IS NOT NULL', cust)),
        summary, cust, eq, fields, replace(fields, ', ', ', f.'))
    INTO n
    USING coalesce(as_of, (now() AT TIME ZONE args[6])::date), args[5];
    RETURN n;
END;
$$;
COMMENT ON FUNCTION @extschema@.refresh_alerts(regclass, date) IS
'recomputes every customer of a tracked orders table as of a date (default: today in the tracking time zone); returns how many changed lifecycle or alert';
