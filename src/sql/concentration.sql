-- concentration.sql: concentration (Gini, HHI, top share, Lorenz points) and
-- ABC / Pareto classes.

-- gini, top_share, lorenz and abc_cuts need every value (exact order
-- statistics), so they share one growing state.
CREATE TYPE @extschema@.concentration_state;
CREATE FUNCTION portfolio_internal.concentration_state_in(cstring) RETURNS @extschema@.concentration_state
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.concentration_state_out(@extschema@.concentration_state) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.concentration_state_send(@extschema@.concentration_state) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.concentration_state_recv(internal) RETURNS @extschema@.concentration_state
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE TYPE @extschema@.concentration_state (
    INPUT = portfolio_internal.concentration_state_in,
    OUTPUT = portfolio_internal.concentration_state_out,
    RECEIVE = portfolio_internal.concentration_state_recv,
    SEND = portfolio_internal.concentration_state_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);
COMMENT ON TYPE @extschema@.concentration_state IS
'partial state of gini, top_share, lorenz and abc_cuts: the aggregate''s parameters and one value per customer, e.g. ''args=0.8,0.95; values=120.5,3,0''';
COMMENT ON FUNCTION portfolio_internal.concentration_state_in(cstring) IS 'input function of concentration_state';
COMMENT ON FUNCTION portfolio_internal.concentration_state_out(@extschema@.concentration_state) IS 'output function of concentration_state';
COMMENT ON FUNCTION portfolio_internal.concentration_state_send(@extschema@.concentration_state) IS 'binary output function of concentration_state';
COMMENT ON FUNCTION portfolio_internal.concentration_state_recv(internal) IS 'binary input function of concentration_state';

CREATE FUNCTION portfolio_internal.concentration_accum(@extschema@.concentration_state, double precision)
RETURNS @extschema@.concentration_state AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.concentration_accum_fraction(@extschema@.concentration_state, double precision, double precision)
RETURNS @extschema@.concentration_state AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.concentration_accum_points(@extschema@.concentration_state, double precision, integer)
RETURNS @extschema@.concentration_state AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.concentration_accum_abc(@extschema@.concentration_state, double precision, double precision, double precision)
RETURNS @extschema@.concentration_state AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.concentration_combine(@extschema@.concentration_state, @extschema@.concentration_state)
RETURNS @extschema@.concentration_state AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.gini_final(@extschema@.concentration_state)
RETURNS double precision AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.top_share_final(@extschema@.concentration_state)
RETURNS double precision AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.lorenz_final(@extschema@.concentration_state)
RETURNS double precision[] AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION portfolio_internal.concentration_accum(@extschema@.concentration_state, double precision) IS 'transition function of gini and abc_cuts(float8)';
COMMENT ON FUNCTION portfolio_internal.concentration_accum_fraction(@extschema@.concentration_state, double precision, double precision) IS 'transition function of top_share';
COMMENT ON FUNCTION portfolio_internal.concentration_accum_points(@extschema@.concentration_state, double precision, integer) IS 'transition function of lorenz';
COMMENT ON FUNCTION portfolio_internal.concentration_accum_abc(@extschema@.concentration_state, double precision, double precision, double precision) IS 'transition function of abc_cuts(float8, float8, float8)';
COMMENT ON FUNCTION portfolio_internal.concentration_combine(@extschema@.concentration_state, @extschema@.concentration_state) IS 'combine function of gini, top_share, lorenz and abc_cuts';
COMMENT ON FUNCTION portfolio_internal.gini_final(@extschema@.concentration_state) IS 'final function of gini';
COMMENT ON FUNCTION portfolio_internal.top_share_final(@extschema@.concentration_state) IS 'final function of top_share';
COMMENT ON FUNCTION portfolio_internal.lorenz_final(@extschema@.concentration_state) IS 'final function of lorenz';

CREATE AGGREGATE @extschema@.gini(value double precision) (
    SFUNC = portfolio_internal.concentration_accum,
    STYPE = @extschema@.concentration_state,
    FINALFUNC = portfolio_internal.gini_final,
    COMBINEFUNC = portfolio_internal.concentration_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.gini(double precision) IS
'Gini coefficient of one value per customer: sum over pairs |x_i - x_j| / (2 n total); NULL when there are no values or they are all 0';

CREATE AGGREGATE @extschema@.top_share(value double precision, fraction double precision) (
    SFUNC = portfolio_internal.concentration_accum_fraction,
    STYPE = @extschema@.concentration_state,
    FINALFUNC = portfolio_internal.top_share_final,
    COMBINEFUNC = portfolio_internal.concentration_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.top_share(double precision, double precision) IS
'share of the total held by the ceil(fraction * n) largest values; NULL when there are no values or they are all 0';

CREATE AGGREGATE @extschema@.lorenz(value double precision, points integer) (
    SFUNC = portfolio_internal.concentration_accum_points,
    STYPE = @extschema@.concentration_state,
    FINALFUNC = portfolio_internal.lorenz_final,
    COMBINEFUNC = portfolio_internal.concentration_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.lorenz(double precision, integer) IS
'Lorenz curve: points + 1 values, value j the share of the total held by the floor(j * n / points) smallest values; NULL when there are no values or they are all 0';

-- HHI needs only sums: a fixed-size float8[] state updated in place.
CREATE FUNCTION portfolio_internal.hhi_accum(double precision[], double precision)
RETURNS double precision[] AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.hhi_combine(double precision[], double precision[])
RETURNS double precision[] AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.hhi_final(double precision[])
RETURNS double precision AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION portfolio_internal.hhi_accum(double precision[], double precision) IS 'transition function of hhi';
COMMENT ON FUNCTION portfolio_internal.hhi_combine(double precision[], double precision[]) IS 'combine function of hhi';
COMMENT ON FUNCTION portfolio_internal.hhi_final(double precision[]) IS 'final function of hhi';

CREATE AGGREGATE @extschema@.hhi(value double precision) (
    SFUNC = portfolio_internal.hhi_accum,
    STYPE = double precision[],
    FINALFUNC = portfolio_internal.hhi_final,
    COMBINEFUNC = portfolio_internal.hhi_combine,
    INITCOND = '{0,0,0,0,0}',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.hhi(double precision) IS
'Herfindahl-Hirschman index of one value per customer: sum of squared shares of the total, 0 to 1; NULL when there are no values or they are all 0';

-- ---------- ABC / Pareto classes ----------

CREATE TYPE @extschema@.abc_cuts;
CREATE FUNCTION portfolio_internal.abc_cuts_in(cstring) RETURNS @extschema@.abc_cuts
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.abc_cuts_out(@extschema@.abc_cuts) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.abc_cuts_send(@extschema@.abc_cuts) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.abc_cuts_recv(internal) RETURNS @extschema@.abc_cuts
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE TYPE @extschema@.abc_cuts (
    INPUT = portfolio_internal.abc_cuts_in,
    OUTPUT = portfolio_internal.abc_cuts_out,
    RECEIVE = portfolio_internal.abc_cuts_recv,
    SEND = portfolio_internal.abc_cuts_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = plain
);
COMMENT ON TYPE @extschema@.abc_cuts IS
'ABC thresholds learned by abc_cuts: the shares and the smallest value of class A and of class B, e.g. ''a_share=0.8; b_share=0.95; a=120.5; b=40''';
COMMENT ON FUNCTION portfolio_internal.abc_cuts_in(cstring) IS 'input function of abc_cuts';
COMMENT ON FUNCTION portfolio_internal.abc_cuts_out(@extschema@.abc_cuts) IS 'output function of abc_cuts';
COMMENT ON FUNCTION portfolio_internal.abc_cuts_send(@extschema@.abc_cuts) IS 'binary output function of abc_cuts';
COMMENT ON FUNCTION portfolio_internal.abc_cuts_recv(internal) IS 'binary input function of abc_cuts';

CREATE FUNCTION portfolio_internal.abc_cuts_final(@extschema@.concentration_state)
RETURNS @extschema@.abc_cuts AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION portfolio_internal.abc_cuts_final(@extschema@.concentration_state) IS 'final function of abc_cuts';

CREATE AGGREGATE @extschema@.abc_cuts(value double precision, a_share double precision, b_share double precision) (
    SFUNC = portfolio_internal.concentration_accum_abc,
    STYPE = @extschema@.concentration_state,
    FINALFUNC = portfolio_internal.abc_cuts_final,
    COMBINEFUNC = portfolio_internal.concentration_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.abc_cuts(double precision, double precision, double precision) IS
'ABC thresholds: a customer is A when the customers with a strictly greater value hold less than a_share of the total, B when they hold less than b_share, C otherwise';

CREATE AGGREGATE @extschema@.abc_cuts(value double precision) (
    SFUNC = portfolio_internal.concentration_accum,
    STYPE = @extschema@.concentration_state,
    FINALFUNC = portfolio_internal.abc_cuts_final,
    COMBINEFUNC = portfolio_internal.concentration_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.abc_cuts(double precision) IS
'ABC thresholds with the usual 80/15/5 split: a_share 0.80, b_share 0.95';

CREATE FUNCTION @extschema@.abc_class(value double precision, cuts @extschema@.abc_cuts)
RETURNS text AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.abc_class(double precision, @extschema@.abc_cuts) IS
'''A'', ''B'' or ''C'': A from the A threshold up, B from the B threshold up, C below';
