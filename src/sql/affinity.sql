-- affinity.sql: what customers buy together: the affinity aggregate, the
-- portfolio.baskets it collects, rules() and association_rules().

CREATE TYPE @extschema@.baskets;
CREATE FUNCTION portfolio_internal.baskets_in(cstring) RETURNS @extschema@.baskets
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.baskets_out(@extschema@.baskets) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.baskets_send(@extschema@.baskets) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.baskets_recv(internal) RETURNS @extschema@.baskets
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE TYPE @extschema@.baskets (
    INPUT = portfolio_internal.baskets_in,
    OUTPUT = portfolio_internal.baskets_out,
    RECEIVE = portfolio_internal.baskets_recv,
    SEND = portfolio_internal.baskets_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);
COMMENT ON TYPE @extschema@.baskets IS
'baskets of distinct items, the state and result of affinity, e.g. ''"beer","chips"; "beer","diapers"''';
COMMENT ON FUNCTION portfolio_internal.baskets_in(cstring) IS 'input function of baskets';
COMMENT ON FUNCTION portfolio_internal.baskets_out(@extschema@.baskets) IS 'output function of baskets';
COMMENT ON FUNCTION portfolio_internal.baskets_send(@extschema@.baskets) IS 'binary output function of baskets';
COMMENT ON FUNCTION portfolio_internal.baskets_recv(internal) IS 'binary input function of baskets';

CREATE FUNCTION portfolio_internal.affinity_accum(@extschema@.baskets, text[])
RETURNS @extschema@.baskets AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.affinity_combine(@extschema@.baskets, @extschema@.baskets)
RETURNS @extschema@.baskets AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.affinity_final(@extschema@.baskets)
RETURNS @extschema@.baskets AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION portfolio_internal.affinity_accum(@extschema@.baskets, text[]) IS 'transition function of affinity';
COMMENT ON FUNCTION portfolio_internal.affinity_combine(@extschema@.baskets, @extschema@.baskets) IS 'combine function of affinity';
COMMENT ON FUNCTION portfolio_internal.affinity_final(@extschema@.baskets) IS 'final function of affinity: the baskets in a canonical order';

CREATE AGGREGATE @extschema@.affinity(items text[]) (
    SFUNC = portfolio_internal.affinity_accum,
    STYPE = @extschema@.baskets,
    FINALFUNC = portfolio_internal.affinity_final,
    COMBINEFUNC = portfolio_internal.affinity_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.affinity(text[]) IS
'the baskets of product affinity, one row per basket (its items); NULL items and empty baskets are left out, repeated items counted once; expand with rules()';

CREATE FUNCTION @extschema@.rules(b @extschema@.baskets, min_support double precision,
                                  min_confidence double precision, max_items integer DEFAULT NULL)
RETURNS TABLE (antecedent text[], consequent text, support double precision,
               confidence double precision, lift double precision, leverage double precision,
               conviction double precision, baskets bigint)
AS 'MODULE_PATHNAME', 'baskets_rules' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE ROWS 100;
COMMENT ON FUNCTION @extschema@.rules(@extschema@.baskets, double precision, double precision, integer) IS
'association rules X -> y of baskets with support and confidence at least the minimums and at most max_items items (NULL: any number): support, confidence, lift, leverage, conviction (+Infinity at confidence 1) and the baskets holding X and y';

CREATE FUNCTION @extschema@.association_rules(rel regclass, basket_col name, item_col name,
                                              min_support double precision, min_confidence double precision,
                                              max_items integer DEFAULT NULL)
RETURNS TABLE (antecedent text[], consequent text, support double precision,
               confidence double precision, lift double precision, leverage double precision,
               conviction double precision, baskets bigint)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED ROWS 100
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    arg text;
    col name;
BEGIN
    -- the thresholds are checked before the table is read
    PERFORM @extschema@.rules(NULL, min_support, min_confidence, max_items);
    IF rel IS NULL THEN
        RAISE EXCEPTION 'rel must not be null'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Pass the table of (basket, item) rows, e.g. ''order_lines''::regclass or just ''order_lines''.';
    END IF;
    FOREACH arg IN ARRAY ARRAY['basket_col', 'item_col'] LOOP
        col := CASE arg WHEN 'basket_col' THEN basket_col ELSE item_col END;
        IF col IS NULL THEN
            RAISE EXCEPTION '% must not be null', arg
                USING ERRCODE = 'null_value_not_allowed',
                      HINT = format('Pass the name of the column of %s that holds the %s.', rel,
                                    CASE arg WHEN 'basket_col' THEN 'basket (order, invoice)' ELSE 'item' END);
        END IF;
        IF NOT EXISTS (SELECT FROM pg_attribute a
                        WHERE a.attrelid = rel AND a.attname = col AND a.attnum > 0 AND NOT a.attisdropped) THEN
            RAISE EXCEPTION 'column "%" (%) does not exist in %', col, arg, rel
                USING ERRCODE = 'undefined_column',
                      HINT = 'Column names are case-sensitive: pass the name as \d shows it, without quotes.';
        END IF;
    END LOOP;
    RETURN QUERY EXECUTE format(
        'SELECT r.* FROM (SELECT @extschema@.affinity(b.items) AS a'
        ' FROM (SELECT pg_catalog.array_agg((t.%I)::pg_catalog.text) AS items'
        ' FROM %s t WHERE t.%I IS NOT NULL GROUP BY t.%I) b) s,'
        ' @extschema@.rules(s.a, $1, $2, $3) r',
        item_col, rel, basket_col, basket_col)
        USING min_support, min_confidence, max_items;
END
$$;
COMMENT ON FUNCTION @extschema@.association_rules(regclass, name, name, double precision, double precision, integer) IS
'association rules of a table of (basket, item) rows: the baskets of each basket_col value (any type; NULL baskets and items left out), mined as rules() does';
