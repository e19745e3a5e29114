/* portfolio--0.3.0--0.4.0.sql: strategy, value and concentration */

\echo Use "ALTER EXTENSION portfolio UPDATE TO '0.4.0'" to load this file. \quit

-- ======================================================================
-- Multi-criteria scoring
-- ======================================================================

CREATE TYPE @extschema@.scaler AS (
    n    bigint,
    min  double precision[],
    max  double precision[],
    mean double precision[],
    sd   double precision[]
);
COMMENT ON TYPE @extschema@.scaler IS
'per-dimension scaling learned by scaler_fit: the number of vectors, and the minimum, maximum, mean and population standard deviation of each dimension';

CREATE FUNCTION @extschema@.scaler_accum(double precision[], double precision[])
RETURNS double precision[] AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.scaler_combine(double precision[], double precision[])
RETURNS double precision[] AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.scaler_final(double precision[])
RETURNS @extschema@.scaler AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.scaler_accum(double precision[], double precision[]) IS 'transition function of scaler_fit';
COMMENT ON FUNCTION @extschema@.scaler_combine(double precision[], double precision[]) IS 'combine function of scaler_fit';
COMMENT ON FUNCTION @extschema@.scaler_final(double precision[]) IS 'final function of scaler_fit';

CREATE AGGREGATE @extschema@.scaler_fit(features double precision[]) (
    SFUNC = @extschema@.scaler_accum,
    STYPE = double precision[],
    FINALFUNC = @extschema@.scaler_final,
    COMBINEFUNC = @extschema@.scaler_combine,
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

-- ======================================================================
-- Key-account strategy and customer profitability
-- ======================================================================

CREATE TYPE @extschema@.kam_strategy AS ENUM ('invest_expand', 'invest_selective', 'maintain', 'milk');
COMMENT ON TYPE @extschema@.kam_strategy IS
'key-account strategy (Millman & Wilson): attractiveness x strength high/high invest_expand, high/low invest_selective, low/high maintain, low/low milk';

CREATE FUNCTION @extschema@.kam_strategy(attractiveness double precision, strength double precision,
                                         attractiveness_cut double precision DEFAULT 0.5,
                                         strength_cut double precision DEFAULT 0.5)
RETURNS @extschema@.kam_strategy AS 'MODULE_PATHNAME', 'kam_strategy_sql' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.kam_strategy(double precision, double precision, double precision, double precision) IS
'the key-account strategy of an account from its attractiveness and our strength; a value equal to its cut counts as high';

CREATE FUNCTION @extschema@.kam_label(s @extschema@.kam_strategy, lang text DEFAULT 'en')
RETURNS text AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.kam_label(@extschema@.kam_strategy, text) IS
'the name of a key-account strategy in English (''en'') or Spanish (''es'')';

CREATE TYPE @extschema@.profit_quadrant AS ENUM ('carriage_trade', 'passive', 'bargain_basement', 'aggressive');
COMMENT ON TYPE @extschema@.profit_quadrant IS
'customer profitability matrix (Shapiro et al. 1987): net price x cost to serve high/high carriage_trade, high/low passive, low/low bargain_basement, low/high aggressive';

CREATE FUNCTION @extschema@.profit_quadrant(net_price double precision, cost_to_serve double precision,
                                            price_cut double precision, cost_cut double precision)
RETURNS @extschema@.profit_quadrant AS 'MODULE_PATHNAME', 'profit_quadrant_sql' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.profit_quadrant(double precision, double precision, double precision, double precision) IS
'the profitability quadrant of a customer from its net price and cost to serve; a value equal to its cut counts as high';

