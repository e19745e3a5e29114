/* portfolio--0.3.0--0.4.0.sql: strategy, value and concentration */

\echo Use "ALTER EXTENSION portfolio UPDATE TO '0.4.0'" to load this file. \quit

-- ======================================================================
-- Concentration: Gini, HHI, top share, Lorenz points
-- ======================================================================

-- gini, top_share, lorenz and abc_cuts need every value (exact order
-- statistics), so they share one growing state.
CREATE TYPE @extschema@.concentration_state;
CREATE FUNCTION @extschema@.concentration_state_in(cstring) RETURNS @extschema@.concentration_state
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.concentration_state_out(@extschema@.concentration_state) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE TYPE @extschema@.concentration_state (
    INPUT = @extschema@.concentration_state_in,
    OUTPUT = @extschema@.concentration_state_out,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);
COMMENT ON TYPE @extschema@.concentration_state IS
'partial state of gini, top_share, lorenz and abc_cuts: the aggregate''s parameters and one value per customer, e.g. ''args=0.8,0.95; values=120.5,3,0''';
COMMENT ON FUNCTION @extschema@.concentration_state_in(cstring) IS 'input function of concentration_state';
COMMENT ON FUNCTION @extschema@.concentration_state_out(@extschema@.concentration_state) IS 'output function of concentration_state';

CREATE FUNCTION @extschema@.concentration_accum(@extschema@.concentration_state, double precision)
RETURNS @extschema@.concentration_state AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.concentration_accum_fraction(@extschema@.concentration_state, double precision, double precision)
RETURNS @extschema@.concentration_state AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.concentration_accum_points(@extschema@.concentration_state, double precision, integer)
RETURNS @extschema@.concentration_state AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.concentration_accum_abc(@extschema@.concentration_state, double precision, double precision, double precision)
RETURNS @extschema@.concentration_state AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.concentration_combine(@extschema@.concentration_state, @extschema@.concentration_state)
RETURNS @extschema@.concentration_state AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.gini_final(@extschema@.concentration_state)
RETURNS double precision AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.top_share_final(@extschema@.concentration_state)
RETURNS double precision AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.lorenz_final(@extschema@.concentration_state)
RETURNS double precision[] AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.concentration_accum(@extschema@.concentration_state, double precision) IS 'transition function of gini and abc_cuts(float8)';
COMMENT ON FUNCTION @extschema@.concentration_accum_fraction(@extschema@.concentration_state, double precision, double precision) IS 'transition function of top_share';
COMMENT ON FUNCTION @extschema@.concentration_accum_points(@extschema@.concentration_state, double precision, integer) IS 'transition function of lorenz';
COMMENT ON FUNCTION @extschema@.concentration_accum_abc(@extschema@.concentration_state, double precision, double precision, double precision) IS 'transition function of abc_cuts(float8, float8, float8)';
COMMENT ON FUNCTION @extschema@.concentration_combine(@extschema@.concentration_state, @extschema@.concentration_state) IS 'combine function of gini, top_share, lorenz and abc_cuts';
COMMENT ON FUNCTION @extschema@.gini_final(@extschema@.concentration_state) IS 'final function of gini';
COMMENT ON FUNCTION @extschema@.top_share_final(@extschema@.concentration_state) IS 'final function of top_share';
COMMENT ON FUNCTION @extschema@.lorenz_final(@extschema@.concentration_state) IS 'final function of lorenz';

CREATE AGGREGATE @extschema@.gini(value double precision) (
    SFUNC = @extschema@.concentration_accum,
    STYPE = @extschema@.concentration_state,
    FINALFUNC = @extschema@.gini_final,
    COMBINEFUNC = @extschema@.concentration_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.gini(double precision) IS
'Gini coefficient of one value per customer: sum over pairs |x_i - x_j| / (2 n total); NULL when there are no values or they are all 0';

CREATE AGGREGATE @extschema@.top_share(value double precision, fraction double precision) (
    SFUNC = @extschema@.concentration_accum_fraction,
    STYPE = @extschema@.concentration_state,
    FINALFUNC = @extschema@.top_share_final,
    COMBINEFUNC = @extschema@.concentration_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.top_share(double precision, double precision) IS
'share of the total held by the ceil(fraction * n) largest values; NULL when there are no values or they are all 0';

CREATE AGGREGATE @extschema@.lorenz(value double precision, points integer) (
    SFUNC = @extschema@.concentration_accum_points,
    STYPE = @extschema@.concentration_state,
    FINALFUNC = @extschema@.lorenz_final,
    COMBINEFUNC = @extschema@.concentration_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.lorenz(double precision, integer) IS
'Lorenz curve: points + 1 values, value j the share of the total held by the floor(j * n / points) smallest values; NULL when there are no values or they are all 0';

-- HHI needs only sums: a fixed-size float8[] state updated in place.
CREATE FUNCTION @extschema@.hhi_accum(double precision[], double precision)
RETURNS double precision[] AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.hhi_combine(double precision[], double precision[])
RETURNS double precision[] AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.hhi_final(double precision[])
RETURNS double precision AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.hhi_accum(double precision[], double precision) IS 'transition function of hhi';
COMMENT ON FUNCTION @extschema@.hhi_combine(double precision[], double precision[]) IS 'combine function of hhi';
COMMENT ON FUNCTION @extschema@.hhi_final(double precision[]) IS 'final function of hhi';

CREATE AGGREGATE @extschema@.hhi(value double precision) (
    SFUNC = @extschema@.hhi_accum,
    STYPE = double precision[],
    FINALFUNC = @extschema@.hhi_final,
    COMBINEFUNC = @extschema@.hhi_combine,
    INITCOND = '{0,0,0,0,0}',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.hhi(double precision) IS
'Herfindahl-Hirschman index of one value per customer: sum of squared shares of the total, 0 to 1; NULL when there are no values or they are all 0';

-- ======================================================================
-- ABC / Pareto classes
-- ======================================================================

CREATE TYPE @extschema@.abc_cuts;
CREATE FUNCTION @extschema@.abc_cuts_in(cstring) RETURNS @extschema@.abc_cuts
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.abc_cuts_out(@extschema@.abc_cuts) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE TYPE @extschema@.abc_cuts (
    INPUT = @extschema@.abc_cuts_in,
    OUTPUT = @extschema@.abc_cuts_out,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = plain
);
COMMENT ON TYPE @extschema@.abc_cuts IS
'ABC thresholds learned by abc_cuts: the shares and the smallest value of class A and of class B, e.g. ''a_share=0.8; b_share=0.95; a=120.5; b=40''';
COMMENT ON FUNCTION @extschema@.abc_cuts_in(cstring) IS 'input function of abc_cuts';
COMMENT ON FUNCTION @extschema@.abc_cuts_out(@extschema@.abc_cuts) IS 'output function of abc_cuts';

CREATE FUNCTION @extschema@.abc_cuts_final(@extschema@.concentration_state)
RETURNS @extschema@.abc_cuts AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.abc_cuts_final(@extschema@.concentration_state) IS 'final function of abc_cuts';

CREATE AGGREGATE @extschema@.abc_cuts(value double precision, a_share double precision, b_share double precision) (
    SFUNC = @extschema@.concentration_accum_abc,
    STYPE = @extschema@.concentration_state,
    FINALFUNC = @extschema@.abc_cuts_final,
    COMBINEFUNC = @extschema@.concentration_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.abc_cuts(double precision, double precision, double precision) IS
'ABC thresholds: a customer is A when the customers with a strictly greater value hold less than a_share of the total, B when they hold less than b_share, C otherwise';

CREATE AGGREGATE @extschema@.abc_cuts(value double precision) (
    SFUNC = @extschema@.concentration_accum,
    STYPE = @extschema@.concentration_state,
    FINALFUNC = @extschema@.abc_cuts_final,
    COMBINEFUNC = @extschema@.concentration_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.abc_cuts(double precision) IS
'ABC thresholds with the usual 80/15/5 split: a_share 0.80, b_share 0.95';

CREATE FUNCTION @extschema@.abc_class(value double precision, cuts @extschema@.abc_cuts)
RETURNS text AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.abc_class(double precision, @extschema@.abc_cuts) IS
'''A'', ''B'' or ''C'': A from the A threshold up, B from the B threshold up, C below';

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

-- ======================================================================
-- k-means segments and look-alikes
-- ======================================================================

CREATE TYPE @extschema@.kmeans AS (
    centroids  double precision[],
    sizes      bigint[],
    inertia    double precision,
    iterations integer,
    converged  boolean
);
COMMENT ON TYPE @extschema@.kmeans IS
'k-means model: centroids (k x dimensions), points per cluster, inertia (sum of squared distances to the nearest centroid), Lloyd iterations run and whether the assignment stopped changing';

CREATE TYPE @extschema@.kmeans_state;
CREATE FUNCTION @extschema@.kmeans_state_in(cstring) RETURNS @extschema@.kmeans_state
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.kmeans_state_out(@extschema@.kmeans_state) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE TYPE @extschema@.kmeans_state (
    INPUT = @extschema@.kmeans_state_in,
    OUTPUT = @extschema@.kmeans_state_out,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);
COMMENT ON TYPE @extschema@.kmeans_state IS
'partial state of kmeans_fit: k, the seed and every feature vector, e.g. ''k=2; seed=42; dims=2; 1,2; 3,4.5''';
COMMENT ON FUNCTION @extschema@.kmeans_state_in(cstring) IS 'input function of kmeans_state';
COMMENT ON FUNCTION @extschema@.kmeans_state_out(@extschema@.kmeans_state) IS 'output function of kmeans_state';

CREATE FUNCTION @extschema@.kmeans_accum(@extschema@.kmeans_state, double precision[], integer, bigint)
RETURNS @extschema@.kmeans_state AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.kmeans_combine(@extschema@.kmeans_state, @extschema@.kmeans_state)
RETURNS @extschema@.kmeans_state AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.kmeans_final(@extschema@.kmeans_state)
RETURNS @extschema@.kmeans AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.kmeans_accum(@extschema@.kmeans_state, double precision[], integer, bigint) IS 'transition function of kmeans_fit';
COMMENT ON FUNCTION @extschema@.kmeans_combine(@extschema@.kmeans_state, @extschema@.kmeans_state) IS 'combine function of kmeans_fit';
COMMENT ON FUNCTION @extschema@.kmeans_final(@extschema@.kmeans_state) IS 'final function of kmeans_fit: k-means++ seeding and Lloyd iterations';

CREATE AGGREGATE @extschema@.kmeans_fit(features double precision[], k integer, seed bigint) (
    SFUNC = @extschema@.kmeans_accum,
    STYPE = @extschema@.kmeans_state,
    FINALFUNC = @extschema@.kmeans_final,
    COMBINEFUNC = @extschema@.kmeans_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.kmeans_fit(double precision[], integer, bigint) IS
'k-means clusters of feature vectors: k-means++ seeding from seed, Lloyd iterations; the same seed gives the same model; NULL vectors are skipped';

CREATE FUNCTION @extschema@.kmeans_assign(features double precision[], m @extschema@.kmeans)
RETURNS integer AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.kmeans_assign(double precision[], @extschema@.kmeans) IS
'the nearest centroid of a model (1-based; the lowest number on a tie)';

CREATE FUNCTION @extschema@.distance(a double precision[], b double precision[])
RETURNS double precision AS 'MODULE_PATHNAME', 'feature_distance' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.distance(double precision[], double precision[]) IS
'Euclidean distance between two feature vectors of equal length';
