-- retention.sql: retention and cohorts (activity, cohort_matrix,
-- period_retention, and the one-call cohort_retention and
-- retention_by_period over a table).

-- activity: one customer's purchase periods and their revenue.
CREATE TYPE @extschema@.activity;
CREATE FUNCTION portfolio_internal.activity_in(cstring) RETURNS @extschema@.activity
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.activity_out(@extschema@.activity) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.activity_send(@extschema@.activity) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.activity_recv(internal) RETURNS @extschema@.activity
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE TYPE @extschema@.activity (
    INPUT = portfolio_internal.activity_in,
    OUTPUT = portfolio_internal.activity_out,
    RECEIVE = portfolio_internal.activity_recv,
    SEND = portfolio_internal.activity_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);
COMMENT ON TYPE @extschema@.activity IS
'one customer''s purchase periods as of a date (unit day, week, month or quarter) and the revenue of each';
COMMENT ON FUNCTION portfolio_internal.activity_in(cstring) IS 'input function of activity';
COMMENT ON FUNCTION portfolio_internal.activity_out(@extschema@.activity) IS 'output function of activity';
COMMENT ON FUNCTION portfolio_internal.activity_send(@extschema@.activity) IS 'binary output function of activity';
COMMENT ON FUNCTION portfolio_internal.activity_recv(internal) IS 'binary input function of activity';

CREATE FUNCTION portfolio_internal.activity_final(internal) RETURNS @extschema@.activity
    AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION portfolio_internal.activity_final(internal) IS 'final function of activity';

-- activity shares summarize's transition state: one entry per distinct date.
CREATE AGGREGATE @extschema@.activity(txn_date date, amount numeric, as_of date, unit text) (
    SFUNC = portfolio_internal.summarize_numeric_accum,
    STYPE = internal,
    SSPACE = 256,
    FINALFUNC = portfolio_internal.activity_final,
    COMBINEFUNC = portfolio_internal.summarize_combine,
    SERIALFUNC = portfolio_internal.summarize_serialize,
    DESERIALFUNC = portfolio_internal.summarize_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.activity(date, numeric, date, text) IS
'one customer''s activity: its purchase periods up to as_of and the revenue of each, for cohort_matrix and period_retention';
CREATE AGGREGATE @extschema@.activity(txn_date date, amount numeric, as_of date, unit @extschema@.period_unit) (
    SFUNC = portfolio_internal.summarize_numeric_accum_period_unit,
    STYPE = internal,
    SSPACE = 256,
    FINALFUNC = portfolio_internal.activity_final,
    COMBINEFUNC = portfolio_internal.summarize_combine,
    SERIALFUNC = portfolio_internal.summarize_serialize,
    DESERIALFUNC = portfolio_internal.summarize_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.activity(date, numeric, date, @extschema@.period_unit) IS
'one customer''s activity in periods of an enum unit, for cohort_matrix and period_retention (pushed down by postgres_fdw)';

-- cohort_matrix: per cohort, its size and its active customers and revenue
-- at every period offset.
CREATE TYPE @extschema@.cohort_matrix;
CREATE FUNCTION portfolio_internal.cohort_matrix_in(cstring) RETURNS @extschema@.cohort_matrix
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.cohort_matrix_out(@extschema@.cohort_matrix) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.cohort_matrix_send(@extschema@.cohort_matrix) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.cohort_matrix_recv(internal) RETURNS @extschema@.cohort_matrix
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE TYPE @extschema@.cohort_matrix (
    INPUT = portfolio_internal.cohort_matrix_in,
    OUTPUT = portfolio_internal.cohort_matrix_out,
    RECEIVE = portfolio_internal.cohort_matrix_recv,
    SEND = portfolio_internal.cohort_matrix_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);
COMMENT ON TYPE @extschema@.cohort_matrix IS
'cohort retention matrix (also the partial state of the cohort_matrix aggregate): per first-purchase cohort, its size and its active customers and revenue at each period offset';
COMMENT ON FUNCTION portfolio_internal.cohort_matrix_in(cstring) IS 'input function of cohort_matrix';
COMMENT ON FUNCTION portfolio_internal.cohort_matrix_out(@extschema@.cohort_matrix) IS 'output function of cohort_matrix';
COMMENT ON FUNCTION portfolio_internal.cohort_matrix_send(@extschema@.cohort_matrix) IS 'binary output function of cohort_matrix';
COMMENT ON FUNCTION portfolio_internal.cohort_matrix_recv(internal) IS 'binary input function of cohort_matrix';

CREATE FUNCTION portfolio_internal.cohort_matrix_accum(@extschema@.cohort_matrix, @extschema@.activity)
RETURNS @extschema@.cohort_matrix AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.cohort_matrix_combine(@extschema@.cohort_matrix, @extschema@.cohort_matrix)
RETURNS @extschema@.cohort_matrix AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.cohort_matrix_final(@extschema@.cohort_matrix)
RETURNS @extschema@.cohort_matrix AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION portfolio_internal.cohort_matrix_accum(@extschema@.cohort_matrix, @extschema@.activity) IS 'transition function of cohort_matrix';
COMMENT ON FUNCTION portfolio_internal.cohort_matrix_combine(@extschema@.cohort_matrix, @extschema@.cohort_matrix) IS 'combine function of cohort_matrix';
COMMENT ON FUNCTION portfolio_internal.cohort_matrix_final(@extschema@.cohort_matrix) IS 'final function of cohort_matrix: drops the spare room of the state';

CREATE AGGREGATE @extschema@.cohort_matrix(a @extschema@.activity) (
    SFUNC = portfolio_internal.cohort_matrix_accum,
    STYPE = @extschema@.cohort_matrix,
    FINALFUNC = portfolio_internal.cohort_matrix_final,
    COMBINEFUNC = portfolio_internal.cohort_matrix_combine,
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
CREATE FUNCTION portfolio_internal.period_retention_in(cstring) RETURNS @extschema@.period_retention
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.period_retention_out(@extschema@.period_retention) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.period_retention_send(@extschema@.period_retention) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.period_retention_recv(internal) RETURNS @extschema@.period_retention
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE TYPE @extschema@.period_retention (
    INPUT = portfolio_internal.period_retention_in,
    OUTPUT = portfolio_internal.period_retention_out,
    RECEIVE = portfolio_internal.period_retention_recv,
    SEND = portfolio_internal.period_retention_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);
COMMENT ON TYPE @extschema@.period_retention IS
'period retention figures (also the partial state of the period_retention aggregate): per period, active, new and retained customers, revenue, retained and gross retained revenue';
COMMENT ON FUNCTION portfolio_internal.period_retention_in(cstring) IS 'input function of period_retention';
COMMENT ON FUNCTION portfolio_internal.period_retention_out(@extschema@.period_retention) IS 'output function of period_retention';
COMMENT ON FUNCTION portfolio_internal.period_retention_send(@extschema@.period_retention) IS 'binary output function of period_retention';
COMMENT ON FUNCTION portfolio_internal.period_retention_recv(internal) IS 'binary input function of period_retention';

CREATE FUNCTION portfolio_internal.period_retention_accum(@extschema@.period_retention, @extschema@.activity)
RETURNS @extschema@.period_retention AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.period_retention_combine(@extschema@.period_retention, @extschema@.period_retention)
RETURNS @extschema@.period_retention AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.period_retention_final(@extschema@.period_retention)
RETURNS @extschema@.period_retention AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION portfolio_internal.period_retention_accum(@extschema@.period_retention, @extschema@.activity) IS 'transition function of period_retention';
COMMENT ON FUNCTION portfolio_internal.period_retention_combine(@extschema@.period_retention, @extschema@.period_retention) IS 'combine function of period_retention';
COMMENT ON FUNCTION portfolio_internal.period_retention_final(@extschema@.period_retention) IS 'final function of period_retention: drops the spare room of the state';

CREATE AGGREGATE @extschema@.period_retention(a @extschema@.activity) (
    SFUNC = portfolio_internal.period_retention_accum,
    STYPE = @extschema@.period_retention,
    FINALFUNC = portfolio_internal.period_retention_final,
    COMBINEFUNC = portfolio_internal.period_retention_combine,
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
-- The query is run later, possibly under any search_path: its casts name
-- pg_catalog's types.
CREATE FUNCTION portfolio_internal.activity_query(rel regclass, customer_col name, date_col name,
                                                  amount_col name)
RETURNS text LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp
RETURN pg_catalog.format(
    'SELECT @extschema@.activity((%2$I)::pg_catalog.date, (%3$I)::pg_catalog.numeric, $1, $2) AS a'
    ' FROM %1$s WHERE %4$I IS NOT NULL GROUP BY %4$I',
    rel, date_col, amount_col, customer_col);
COMMENT ON FUNCTION portfolio_internal.activity_query(regclass, name, name, name) IS
'the SQL of one activity per customer of a table ($1 = as_of, $2 = unit), used by cohort_retention and retention_by_period';

-- Check the arguments of the one-call functions and resolve a NULL as_of to
-- the last transaction date of a customer (NULL for an empty table).
CREATE FUNCTION portfolio_internal.activity_as_of(rel regclass, customer_col name, date_col name,
                                                  amount_col name, unit text, as_of date)
RETURNS date LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp AS $$
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
COMMENT ON FUNCTION portfolio_internal.activity_as_of(regclass, name, name, name, text, date) IS
'checks the arguments of cohort_retention and retention_by_period over a table; a NULL as_of becomes the last transaction date';

CREATE FUNCTION @extschema@.cohort_retention(rel regclass, customer_col name, date_col name,
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
COMMENT ON FUNCTION @extschema@.retention_by_period(regclass, name, name, name, text, date) IS
'retention of a table''s customers period by period: customers at start, new, at end, retained, rates, revenue, NRR, GRR';
