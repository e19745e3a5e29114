-- summary.sql: the customer summary (summarize and its result type) and the
-- period units every capability counts in (period_start, period_unit).
-- First in the install script, it also creates portfolio_internal.

-- What users call lives in @extschema@; the plumbing lives here: the
-- support functions of aggregates, the I/O functions of types, trigger
-- functions and the helpers of our SQL and PL/pgSQL functions.  A BI tool
-- or driver browsing @extschema@ (pgJDBC's getFunctions, psql's \df) lists
-- only what a query names.  Created by this script, the schema is a member
-- of the extension, so DROP EXTENSION drops it.  Every role may use it, as
-- every role may execute what is in it: the triggers of track_orders run
-- their helpers as the role that writes the orders.  Nothing in it is
-- SECURITY DEFINER, so calling the plumbing directly gives no rights beyond
-- the caller's; USAGE on @extschema@ still decides who can use the types,
-- aggregates and functions users call.
CREATE SCHEMA portfolio_internal;
COMMENT ON SCHEMA portfolio_internal IS
'support functions of the portfolio extension (aggregate support, type I/O, triggers, helpers); users call the functions in schema portfolio';
GRANT USAGE ON SCHEMA portfolio_internal TO PUBLIC;

CREATE TYPE @extschema@.summary AS (
    first_date      date,
    last_date       date,
    transactions    bigint,
    periods         integer,
    frequency       integer,
    recency         double precision,
    age             double precision,
    days_since_last integer,
    total_amount    numeric,
    avg_amount      numeric,
    monetary        numeric,
    mean_gap        double precision,
    gap_stddev      double precision,
    max_gap         integer,
    last_gap        integer,
    unit            text
);
COMMENT ON TYPE @extschema@.summary IS
'one customer''s purchase history as of a date: dates, counts, frequency/recency/age in periods, amounts and gaps';

CREATE FUNCTION portfolio_internal.summarize_numeric_accum(internal, date, numeric, date, text)
RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.summarize_numeric_accum_day(internal, date, numeric, date)
RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.summarize_float8_accum(internal, date, double precision, date, text)
RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.summarize_float8_accum_day(internal, date, double precision, date)
RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.summarize_combine(internal, internal)
RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.summarize_serialize(internal)
RETURNS bytea AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.summarize_deserialize(bytea, internal)
RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.summarize_final(internal)
RETURNS @extschema@.summary AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION portfolio_internal.summarize_numeric_accum(internal, date, numeric, date, text) IS 'transition function of summarize(date, numeric, date, text)';
COMMENT ON FUNCTION portfolio_internal.summarize_numeric_accum_day(internal, date, numeric, date) IS 'transition function of summarize(date, numeric, date)';
COMMENT ON FUNCTION portfolio_internal.summarize_float8_accum(internal, date, double precision, date, text) IS 'transition function of summarize(date, float8, date, text)';
COMMENT ON FUNCTION portfolio_internal.summarize_float8_accum_day(internal, date, double precision, date) IS 'transition function of summarize(date, float8, date)';
COMMENT ON FUNCTION portfolio_internal.summarize_combine(internal, internal) IS 'combine function of summarize';
COMMENT ON FUNCTION portfolio_internal.summarize_serialize(internal) IS 'serialize function of summarize';
COMMENT ON FUNCTION portfolio_internal.summarize_deserialize(bytea, internal) IS 'deserialize function of summarize';
COMMENT ON FUNCTION portfolio_internal.summarize_final(internal) IS 'final function of summarize';

-- SSPACE: a customer's state is 128 bytes for up to 7 purchase dates and
-- doubles from there; 256 is typical of real logs.
CREATE AGGREGATE @extschema@.summarize(txn_date date, amount numeric, as_of date, unit text) (
    SFUNC = portfolio_internal.summarize_numeric_accum,
    STYPE = internal,
    SSPACE = 256,
    FINALFUNC = portfolio_internal.summarize_final,
    COMBINEFUNC = portfolio_internal.summarize_combine,
    SERIALFUNC = portfolio_internal.summarize_serialize,
    DESERIALFUNC = portfolio_internal.summarize_deserialize,
    PARALLEL = SAFE
);
CREATE AGGREGATE @extschema@.summarize(txn_date date, amount numeric, as_of date) (
    SFUNC = portfolio_internal.summarize_numeric_accum_day,
    STYPE = internal,
    SSPACE = 256,
    FINALFUNC = portfolio_internal.summarize_final,
    COMBINEFUNC = portfolio_internal.summarize_combine,
    SERIALFUNC = portfolio_internal.summarize_serialize,
    DESERIALFUNC = portfolio_internal.summarize_deserialize,
    PARALLEL = SAFE
);
CREATE AGGREGATE @extschema@.summarize(txn_date date, amount double precision, as_of date, unit text) (
    SFUNC = portfolio_internal.summarize_float8_accum,
    STYPE = internal,
    SSPACE = 256,
    FINALFUNC = portfolio_internal.summarize_final,
    COMBINEFUNC = portfolio_internal.summarize_combine,
    SERIALFUNC = portfolio_internal.summarize_serialize,
    DESERIALFUNC = portfolio_internal.summarize_deserialize,
    PARALLEL = SAFE
);
CREATE AGGREGATE @extschema@.summarize(txn_date date, amount double precision, as_of date) (
    SFUNC = portfolio_internal.summarize_float8_accum_day,
    STYPE = internal,
    SSPACE = 256,
    FINALFUNC = portfolio_internal.summarize_final,
    COMBINEFUNC = portfolio_internal.summarize_combine,
    SERIALFUNC = portfolio_internal.summarize_serialize,
    DESERIALFUNC = portfolio_internal.summarize_deserialize,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.summarize(date, numeric, date, text) IS
'customer summary of transactions (date, exact amount) as of a date, in day, week, month or quarter periods';
COMMENT ON AGGREGATE @extschema@.summarize(date, numeric, date) IS
'customer summary of transactions (date, exact amount) as of a date, in days';
COMMENT ON AGGREGATE @extschema@.summarize(date, double precision, date, text) IS
'customer summary of transactions (date, float8 amount) as of a date, in day, week, month or quarter periods';
COMMENT ON AGGREGATE @extschema@.summarize(date, double precision, date) IS
'customer summary of transactions (date, float8 amount) as of a date, in days';

-- ---------- period units ----------

CREATE FUNCTION @extschema@.period_start(day date, unit text) RETURNS date
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.period_start(date, text) IS
'first day of the day''s period: the day itself, its week (Monday), month or quarter';

-- The aggregates that take a period unit also take it as this enum.  A
-- text argument makes an aggregate collation-sensitive, and postgres_fdw
-- sends such an aggregate to a remote server only when the collation comes
-- from a column of the foreign table, never from a constant like 'month';
-- an enum has no collation, so summarize(..., 'month'::portfolio.period_unit)
-- and activity(...) grouped by the partition key run on the shards.  A
-- quoted unit without a cast still means the text forms (PostgreSQL prefers
-- the string category for an unknown literal): nothing existing changes.
CREATE TYPE @extschema@.period_unit AS ENUM ('day', 'week', 'month', 'quarter');
COMMENT ON TYPE @extschema@.period_unit IS
'a period unit (day, week starting Monday, month, quarter) without collation, so that aggregates taking it can be pushed down by postgres_fdw';

CREATE FUNCTION portfolio_internal.summarize_numeric_accum_period_unit(internal, date, numeric, date, @extschema@.period_unit)
RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.summarize_float8_accum_period_unit(internal, date, double precision, date, @extschema@.period_unit)
RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION portfolio_internal.summarize_numeric_accum_period_unit(internal, date, numeric, date, @extschema@.period_unit) IS
'transition function of summarize(date, numeric, date, period_unit) and activity(date, numeric, date, period_unit)';
COMMENT ON FUNCTION portfolio_internal.summarize_float8_accum_period_unit(internal, date, double precision, date, @extschema@.period_unit) IS
'transition function of summarize(date, float8, date, period_unit)';

CREATE AGGREGATE @extschema@.summarize(txn_date date, amount numeric, as_of date, unit @extschema@.period_unit) (
    SFUNC = portfolio_internal.summarize_numeric_accum_period_unit,
    STYPE = internal,
    SSPACE = 256,
    FINALFUNC = portfolio_internal.summarize_final,
    COMBINEFUNC = portfolio_internal.summarize_combine,
    SERIALFUNC = portfolio_internal.summarize_serialize,
    DESERIALFUNC = portfolio_internal.summarize_deserialize,
    PARALLEL = SAFE
);
CREATE AGGREGATE @extschema@.summarize(txn_date date, amount double precision, as_of date, unit @extschema@.period_unit) (
    SFUNC = portfolio_internal.summarize_float8_accum_period_unit,
    STYPE = internal,
    SSPACE = 256,
    FINALFUNC = portfolio_internal.summarize_final,
    COMBINEFUNC = portfolio_internal.summarize_combine,
    SERIALFUNC = portfolio_internal.summarize_serialize,
    DESERIALFUNC = portfolio_internal.summarize_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.summarize(date, numeric, date, @extschema@.period_unit) IS
'customer summary of transactions (date, exact amount) as of a date, in periods of an enum unit (pushed down by postgres_fdw)';
COMMENT ON AGGREGATE @extschema@.summarize(date, double precision, date, @extschema@.period_unit) IS
'customer summary of transactions (date, float8 amount) as of a date, in periods of an enum unit (pushed down by postgres_fdw)';
