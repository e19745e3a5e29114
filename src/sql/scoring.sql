-- scoring.sql: multi-criteria scoring: scalers learned over customers
-- (scaler_fit), scaling (scale) and weighted scores (weighted_score).

CREATE TYPE @extschema@.scaler AS (
    n    bigint,
    min  double precision[],
    max  double precision[],
    mean double precision[],
    sd   double precision[]
);
COMMENT ON TYPE @extschema@.scaler IS
'per-dimension scaling learned by scaler_fit: the number of vectors, and the minimum, maximum, mean and population standard deviation of each dimension';

CREATE FUNCTION portfolio_internal.scaler_accum(double precision[], double precision[])
RETURNS double precision[] AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.scaler_combine(double precision[], double precision[])
RETURNS double precision[] AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.scaler_final(double precision[])
RETURNS @extschema@.scaler AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION portfolio_internal.scaler_accum(double precision[], double precision[]) IS 'transition function of scaler_fit';
COMMENT ON FUNCTION portfolio_internal.scaler_combine(double precision[], double precision[]) IS 'combine function of scaler_fit';
COMMENT ON FUNCTION portfolio_internal.scaler_final(double precision[]) IS 'final function of scaler_fit';

CREATE AGGREGATE @extschema@.scaler_fit(features double precision[]) (
    SFUNC = portfolio_internal.scaler_accum,
    STYPE = double precision[],
    FINALFUNC = portfolio_internal.scaler_final,
    COMBINEFUNC = portfolio_internal.scaler_combine,
    INITCOND = '{0}',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.scaler_fit(double precision[]) IS
'learns min-max and z-score scaling over feature vectors of equal length; NULL vectors are skipped';

CREATE FUNCTION @extschema@.scale(features double precision[], s @extschema@.scaler, method text DEFAULT 'minmax')
RETURNS double precision[] AS 'MODULE_PATHNAME', 'scaler_scale' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.scale(double precision[], @extschema@.scaler, text) IS
'features scaled with a learned scaler: ''minmax'' (x - min) / (max - min) or ''zscore'' (x - mean) / sd; a dimension with no spread scales to 0';

CREATE FUNCTION @extschema@.weighted_score(criteria double precision[], weights double precision[])
RETURNS double precision AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.weighted_score(double precision[], double precision[]) IS
'sum of criteria times weights, the weights normalised to sum 1';
