/* portfolio--0.4.0--0.5.0.sql: the period unit as an enum, for sharded tables */

\echo Use "ALTER EXTENSION portfolio UPDATE TO '0.5.0'" to load this file. \quit

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

CREATE FUNCTION @extschema@.summarize_numeric_accum_period_unit(internal, date, numeric, date, @extschema@.period_unit)
RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.summarize_float8_accum_period_unit(internal, date, double precision, date, @extschema@.period_unit)
RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.summarize_numeric_accum_period_unit(internal, date, numeric, date, @extschema@.period_unit) IS
'transition function of summarize(date, numeric, date, period_unit) and activity(date, numeric, date, period_unit)';
COMMENT ON FUNCTION @extschema@.summarize_float8_accum_period_unit(internal, date, double precision, date, @extschema@.period_unit) IS
'transition function of summarize(date, float8, date, period_unit)';

CREATE AGGREGATE @extschema@.summarize(txn_date date, amount numeric, as_of date, unit @extschema@.period_unit) (
    SFUNC = @extschema@.summarize_numeric_accum_period_unit,
    STYPE = internal,
    SSPACE = 256,
    FINALFUNC = @extschema@.summarize_final,
    COMBINEFUNC = @extschema@.summarize_combine,
    SERIALFUNC = @extschema@.summarize_serialize,
    DESERIALFUNC = @extschema@.summarize_deserialize,
    PARALLEL = SAFE
);
CREATE AGGREGATE @extschema@.summarize(txn_date date, amount double precision, as_of date, unit @extschema@.period_unit) (
    SFUNC = @extschema@.summarize_float8_accum_period_unit,
    STYPE = internal,
    SSPACE = 256,
    FINALFUNC = @extschema@.summarize_final,
    COMBINEFUNC = @extschema@.summarize_combine,
    SERIALFUNC = @extschema@.summarize_serialize,
    DESERIALFUNC = @extschema@.summarize_deserialize,
    PARALLEL = SAFE
);
CREATE AGGREGATE @extschema@.activity(txn_date date, amount numeric, as_of date, unit @extschema@.period_unit) (
    SFUNC = @extschema@.summarize_numeric_accum_period_unit,
    STYPE = internal,
    SSPACE = 256,
    FINALFUNC = @extschema@.activity_final,
    COMBINEFUNC = @extschema@.summarize_combine,
    SERIALFUNC = @extschema@.summarize_serialize,
    DESERIALFUNC = @extschema@.summarize_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.summarize(date, numeric, date, @extschema@.period_unit) IS
'customer summary of transactions (date, exact amount) as of a date, in periods of an enum unit (pushed down by postgres_fdw)';
COMMENT ON AGGREGATE @extschema@.summarize(date, double precision, date, @extschema@.period_unit) IS
'customer summary of transactions (date, float8 amount) as of a date, in periods of an enum unit (pushed down by postgres_fdw)';
COMMENT ON AGGREGATE @extschema@.activity(date, numeric, date, @extschema@.period_unit) IS
'one customer''s activity in periods of an enum unit, for cohort_matrix and period_retention (pushed down by postgres_fdw)';
