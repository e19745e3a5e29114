/* portfolio--0.6.0--0.7.0.sql: binary send and receive for the base types */

\echo Use "ALTER EXTENSION portfolio UPDATE TO '0.7.0'" to load this file. \quit

-- The nine base types with a text form of their own get a binary one too,
-- so that COPY ... (FORMAT binary), binary result columns and binary
-- parameters carry them.  The format of each (a version byte, then the
-- fields in network byte order) is described at the top of its codec in
-- src/*_codec.h; the receive functions check what they read as strictly as
-- the input functions do.

CREATE FUNCTION @extschema@.rfm_cuts_send(@extschema@.rfm_cuts) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.rfm_cuts_recv(internal) RETURNS @extschema@.rfm_cuts
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rfm_cuts_send(@extschema@.rfm_cuts) IS 'binary output function of rfm_cuts';
COMMENT ON FUNCTION @extschema@.rfm_cuts_recv(internal) IS 'binary input function of rfm_cuts';
ALTER TYPE @extschema@.rfm_cuts SET (SEND = @extschema@.rfm_cuts_send, RECEIVE = @extschema@.rfm_cuts_recv);

CREATE FUNCTION @extschema@.rfm_cuts_state_send(@extschema@.rfm_cuts_state) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.rfm_cuts_state_recv(internal) RETURNS @extschema@.rfm_cuts_state
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rfm_cuts_state_send(@extschema@.rfm_cuts_state) IS 'binary output function of rfm_cuts_state';
COMMENT ON FUNCTION @extschema@.rfm_cuts_state_recv(internal) IS 'binary input function of rfm_cuts_state';
ALTER TYPE @extschema@.rfm_cuts_state SET (SEND = @extschema@.rfm_cuts_state_send, RECEIVE = @extschema@.rfm_cuts_state_recv);

CREATE FUNCTION @extschema@.activity_send(@extschema@.activity) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.activity_recv(internal) RETURNS @extschema@.activity
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.activity_send(@extschema@.activity) IS 'binary output function of activity';
COMMENT ON FUNCTION @extschema@.activity_recv(internal) IS 'binary input function of activity';
ALTER TYPE @extschema@.activity SET (SEND = @extschema@.activity_send, RECEIVE = @extschema@.activity_recv);

CREATE FUNCTION @extschema@.cohort_matrix_send(@extschema@.cohort_matrix) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.cohort_matrix_recv(internal) RETURNS @extschema@.cohort_matrix
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.cohort_matrix_send(@extschema@.cohort_matrix) IS 'binary output function of cohort_matrix';
COMMENT ON FUNCTION @extschema@.cohort_matrix_recv(internal) IS 'binary input function of cohort_matrix';
ALTER TYPE @extschema@.cohort_matrix SET (SEND = @extschema@.cohort_matrix_send, RECEIVE = @extschema@.cohort_matrix_recv);

CREATE FUNCTION @extschema@.period_retention_send(@extschema@.period_retention) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.period_retention_recv(internal) RETURNS @extschema@.period_retention
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.period_retention_send(@extschema@.period_retention) IS 'binary output function of period_retention';
COMMENT ON FUNCTION @extschema@.period_retention_recv(internal) IS 'binary input function of period_retention';
ALTER TYPE @extschema@.period_retention SET (SEND = @extschema@.period_retention_send, RECEIVE = @extschema@.period_retention_recv);

CREATE FUNCTION @extschema@.fit_histogram_send(@extschema@.fit_histogram) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.fit_histogram_recv(internal) RETURNS @extschema@.fit_histogram
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.fit_histogram_send(@extschema@.fit_histogram) IS 'binary output function of fit_histogram';
COMMENT ON FUNCTION @extschema@.fit_histogram_recv(internal) IS 'binary input function of fit_histogram';
ALTER TYPE @extschema@.fit_histogram SET (SEND = @extschema@.fit_histogram_send, RECEIVE = @extschema@.fit_histogram_recv);

CREATE FUNCTION @extschema@.concentration_state_send(@extschema@.concentration_state) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.concentration_state_recv(internal) RETURNS @extschema@.concentration_state
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.concentration_state_send(@extschema@.concentration_state) IS 'binary output function of concentration_state';
COMMENT ON FUNCTION @extschema@.concentration_state_recv(internal) IS 'binary input function of concentration_state';
ALTER TYPE @extschema@.concentration_state SET (SEND = @extschema@.concentration_state_send, RECEIVE = @extschema@.concentration_state_recv);

CREATE FUNCTION @extschema@.abc_cuts_send(@extschema@.abc_cuts) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.abc_cuts_recv(internal) RETURNS @extschema@.abc_cuts
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.abc_cuts_send(@extschema@.abc_cuts) IS 'binary output function of abc_cuts';
COMMENT ON FUNCTION @extschema@.abc_cuts_recv(internal) IS 'binary input function of abc_cuts';
ALTER TYPE @extschema@.abc_cuts SET (SEND = @extschema@.abc_cuts_send, RECEIVE = @extschema@.abc_cuts_recv);

CREATE FUNCTION @extschema@.kmeans_state_send(@extschema@.kmeans_state) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.kmeans_state_recv(internal) RETURNS @extschema@.kmeans_state
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.kmeans_state_send(@extschema@.kmeans_state) IS 'binary output function of kmeans_state';
COMMENT ON FUNCTION @extschema@.kmeans_state_recv(internal) IS 'binary input function of kmeans_state';
ALTER TYPE @extschema@.kmeans_state SET (SEND = @extschema@.kmeans_state_send, RECEIVE = @extschema@.kmeans_state_recv);
