-- kmeans.sql: data-driven segments and look-alikes: kmeans_fit,
-- kmeans_assign and distance.

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
CREATE FUNCTION portfolio_internal.kmeans_state_in(cstring) RETURNS @extschema@.kmeans_state
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.kmeans_state_out(@extschema@.kmeans_state) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.kmeans_state_send(@extschema@.kmeans_state) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.kmeans_state_recv(internal) RETURNS @extschema@.kmeans_state
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE TYPE @extschema@.kmeans_state (
    INPUT = portfolio_internal.kmeans_state_in,
    OUTPUT = portfolio_internal.kmeans_state_out,
    RECEIVE = portfolio_internal.kmeans_state_recv,
    SEND = portfolio_internal.kmeans_state_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);
COMMENT ON TYPE @extschema@.kmeans_state IS
'partial state of kmeans_fit: k, the seed and every feature vector, e.g. ''k=2; seed=42; dims=2; 1,2; 3,4.5''';
COMMENT ON FUNCTION portfolio_internal.kmeans_state_in(cstring) IS 'input function of kmeans_state';
COMMENT ON FUNCTION portfolio_internal.kmeans_state_out(@extschema@.kmeans_state) IS 'output function of kmeans_state';
COMMENT ON FUNCTION portfolio_internal.kmeans_state_send(@extschema@.kmeans_state) IS 'binary output function of kmeans_state';
COMMENT ON FUNCTION portfolio_internal.kmeans_state_recv(internal) IS 'binary input function of kmeans_state';

CREATE FUNCTION portfolio_internal.kmeans_accum(@extschema@.kmeans_state, double precision[], integer, bigint)
RETURNS @extschema@.kmeans_state AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.kmeans_combine(@extschema@.kmeans_state, @extschema@.kmeans_state)
RETURNS @extschema@.kmeans_state AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.kmeans_final(@extschema@.kmeans_state)
RETURNS @extschema@.kmeans AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION portfolio_internal.kmeans_accum(@extschema@.kmeans_state, double precision[], integer, bigint) IS 'transition function of kmeans_fit';
COMMENT ON FUNCTION portfolio_internal.kmeans_combine(@extschema@.kmeans_state, @extschema@.kmeans_state) IS 'combine function of kmeans_fit';
COMMENT ON FUNCTION portfolio_internal.kmeans_final(@extschema@.kmeans_state) IS 'final function of kmeans_fit: k-means++ seeding and Lloyd iterations';

CREATE AGGREGATE @extschema@.kmeans_fit(features double precision[], k integer, seed bigint) (
    SFUNC = portfolio_internal.kmeans_accum,
    STYPE = @extschema@.kmeans_state,
    FINALFUNC = portfolio_internal.kmeans_final,
    COMBINEFUNC = portfolio_internal.kmeans_combine,
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
