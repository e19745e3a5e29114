/* portfolio--0.1.0.sql: customer summary and RFM */

\echo Use "CREATE EXTENSION portfolio" to load this file. \quit

-- ======================================================================
-- Customer summary
-- ======================================================================

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

CREATE FUNCTION @extschema@.summarize_numeric_accum(internal, date, numeric, date, text)
RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.summarize_numeric_accum_day(internal, date, numeric, date)
RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.summarize_float8_accum(internal, date, double precision, date, text)
RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.summarize_float8_accum_day(internal, date, double precision, date)
RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.summarize_combine(internal, internal)
RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.summarize_serialize(internal)
RETURNS bytea AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.summarize_deserialize(bytea, internal)
RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.summarize_final(internal)
RETURNS @extschema@.summary AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.summarize_numeric_accum(internal, date, numeric, date, text) IS 'transition function of summarize(date, numeric, date, text)';
COMMENT ON FUNCTION @extschema@.summarize_numeric_accum_day(internal, date, numeric, date) IS 'transition function of summarize(date, numeric, date)';
COMMENT ON FUNCTION @extschema@.summarize_float8_accum(internal, date, double precision, date, text) IS 'transition function of summarize(date, float8, date, text)';
COMMENT ON FUNCTION @extschema@.summarize_float8_accum_day(internal, date, double precision, date) IS 'transition function of summarize(date, float8, date)';
COMMENT ON FUNCTION @extschema@.summarize_combine(internal, internal) IS 'combine function of summarize';
COMMENT ON FUNCTION @extschema@.summarize_serialize(internal) IS 'serialize function of summarize';
COMMENT ON FUNCTION @extschema@.summarize_deserialize(bytea, internal) IS 'deserialize function of summarize';
COMMENT ON FUNCTION @extschema@.summarize_final(internal) IS 'final function of summarize';

CREATE AGGREGATE @extschema@.summarize(txn_date date, amount numeric, as_of date, unit text) (
    SFUNC = @extschema@.summarize_numeric_accum,
    STYPE = internal,
    SSPACE = 128,
    FINALFUNC = @extschema@.summarize_final,
    COMBINEFUNC = @extschema@.summarize_combine,
    SERIALFUNC = @extschema@.summarize_serialize,
    DESERIALFUNC = @extschema@.summarize_deserialize,
    PARALLEL = SAFE
);
CREATE AGGREGATE @extschema@.summarize(txn_date date, amount numeric, as_of date) (
    SFUNC = @extschema@.summarize_numeric_accum_day,
    STYPE = internal,
    SSPACE = 128,
    FINALFUNC = @extschema@.summarize_final,
    COMBINEFUNC = @extschema@.summarize_combine,
    SERIALFUNC = @extschema@.summarize_serialize,
    DESERIALFUNC = @extschema@.summarize_deserialize,
    PARALLEL = SAFE
);
CREATE AGGREGATE @extschema@.summarize(txn_date date, amount double precision, as_of date, unit text) (
    SFUNC = @extschema@.summarize_float8_accum,
    STYPE = internal,
    SSPACE = 128,
    FINALFUNC = @extschema@.summarize_final,
    COMBINEFUNC = @extschema@.summarize_combine,
    SERIALFUNC = @extschema@.summarize_serialize,
    DESERIALFUNC = @extschema@.summarize_deserialize,
    PARALLEL = SAFE
);
CREATE AGGREGATE @extschema@.summarize(txn_date date, amount double precision, as_of date) (
    SFUNC = @extschema@.summarize_float8_accum_day,
    STYPE = internal,
    SSPACE = 128,
    FINALFUNC = @extschema@.summarize_final,
    COMBINEFUNC = @extschema@.summarize_combine,
    SERIALFUNC = @extschema@.summarize_serialize,
    DESERIALFUNC = @extschema@.summarize_deserialize,
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
