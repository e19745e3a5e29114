-- kpis.sql: satisfaction and retention KPIs: NPS, CSAT, repeat purchase
-- rate and the customer retention rate (CRR).

-- The aggregates run across customers: their states are bigint[] counts
-- (lossless text, so distributed engines can ship partial states), updated
-- in place inside an aggregate.  INITCOND is all zeros and the final
-- functions give NULL for zero responses, also through combine.

-- nps state: {responses, promoters, detractors}
CREATE FUNCTION portfolio_internal.nps_accum(bigint[], integer)
RETURNS bigint[] AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.nps_combine(bigint[], bigint[])
RETURNS bigint[] AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.nps_final(bigint[])
RETURNS double precision AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION portfolio_internal.nps_accum(bigint[], integer) IS 'transition function of nps';
COMMENT ON FUNCTION portfolio_internal.nps_combine(bigint[], bigint[]) IS 'combine function of nps';
COMMENT ON FUNCTION portfolio_internal.nps_final(bigint[]) IS 'final function of nps';

CREATE AGGREGATE @extschema@.nps(score integer) (
    SFUNC = portfolio_internal.nps_accum,
    STYPE = bigint[],
    FINALFUNC = portfolio_internal.nps_final,
    COMBINEFUNC = portfolio_internal.nps_combine,
    INITCOND = '{0,0,0}',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.nps(integer) IS
'Net Promoter Score of 0-10 survey scores: % promoters (9-10) minus % detractors (0-6), -100 to 100';

-- csat state: {scale_max (0 until a row sets it), responses, satisfied}
CREATE FUNCTION portfolio_internal.csat_accum(bigint[], integer, integer)
RETURNS bigint[] AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
-- Aggregates cannot have defaults: the 1-5 overload has its own transition function.
CREATE FUNCTION portfolio_internal.csat_accum_5(bigint[], integer)
RETURNS bigint[] AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.csat_combine(bigint[], bigint[])
RETURNS bigint[] AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.csat_final(bigint[])
RETURNS double precision AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION portfolio_internal.csat_accum(bigint[], integer, integer) IS 'transition function of csat(int, int)';
COMMENT ON FUNCTION portfolio_internal.csat_accum_5(bigint[], integer) IS 'transition function of csat(int)';
COMMENT ON FUNCTION portfolio_internal.csat_combine(bigint[], bigint[]) IS 'combine function of csat';
COMMENT ON FUNCTION portfolio_internal.csat_final(bigint[]) IS 'final function of csat';

CREATE AGGREGATE @extschema@.csat(score integer, scale_max integer) (
    SFUNC = portfolio_internal.csat_accum,
    STYPE = bigint[],
    FINALFUNC = portfolio_internal.csat_final,
    COMBINEFUNC = portfolio_internal.csat_combine,
    INITCOND = '{0,0,0}',
    PARALLEL = SAFE
);
CREATE AGGREGATE @extschema@.csat(score integer) (
    SFUNC = portfolio_internal.csat_accum_5,
    STYPE = bigint[],
    FINALFUNC = portfolio_internal.csat_final,
    COMBINEFUNC = portfolio_internal.csat_combine,
    INITCOND = '{0,0,0}',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.csat(integer, integer) IS
'customer satisfaction score: % of 1-scale_max survey scores that are scale_max - 1 or higher';
COMMENT ON AGGREGATE @extschema@.csat(integer) IS
'customer satisfaction score on the 1-5 scale: % of scores that are 4 or 5';

-- repeat_purchase_rate state: {customers, repeat customers}
CREATE FUNCTION portfolio_internal.repeat_purchase_rate_accum(bigint[], @extschema@.summary)
RETURNS bigint[] AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.repeat_purchase_rate_combine(bigint[], bigint[])
RETURNS bigint[] AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.repeat_purchase_rate_final(bigint[])
RETURNS double precision AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION portfolio_internal.repeat_purchase_rate_accum(bigint[], @extschema@.summary) IS 'transition function of repeat_purchase_rate';
COMMENT ON FUNCTION portfolio_internal.repeat_purchase_rate_combine(bigint[], bigint[]) IS 'combine function of repeat_purchase_rate';
COMMENT ON FUNCTION portfolio_internal.repeat_purchase_rate_final(bigint[]) IS 'final function of repeat_purchase_rate';

CREATE AGGREGATE @extschema@.repeat_purchase_rate(s @extschema@.summary) (
    SFUNC = portfolio_internal.repeat_purchase_rate_accum,
    STYPE = bigint[],
    FINALFUNC = portfolio_internal.repeat_purchase_rate_final,
    COMBINEFUNC = portfolio_internal.repeat_purchase_rate_combine,
    INITCOND = '{0,0}',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.repeat_purchase_rate(@extschema@.summary) IS
'share (0 to 1) of customers whose summary has frequency >= 1, i.e. who bought in more than one period';

CREATE FUNCTION @extschema@.retention_rate(customers_start bigint, customers_end bigint, new_customers bigint)
RETURNS double precision AS 'MODULE_PATHNAME', 'retention_rate' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.retention_rate(bigint, bigint, bigint) IS
'customer retention rate CRR = (customers_end - new_customers) / customers_start; NULL when customers_start is 0';
