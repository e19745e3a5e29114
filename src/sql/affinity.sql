-- affinity.sql: what customers buy together: the affinity aggregate, the
-- portfolio.baskets it collects, rules(), association_rules(), the
-- cross-sell suggestions of next_products(), and each customer's product
-- mix (product_shares(), product_mix()).

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

-- The columns a one-call affinity function reads, by argument name: an
-- error naming the argument when one is NULL or not a column of rel.
CREATE FUNCTION portfolio_internal.affinity_check_columns(rel regclass, args text[], cols name[])
RETURNS void LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF rel IS NULL THEN
        RAISE EXCEPTION 'rel must not be null'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Pass the table of order lines, e.g. ''order_lines''::regclass or just ''order_lines''.';
    END IF;
    FOR i IN 1 .. cardinality(args) LOOP
        IF cols[i] IS NULL THEN
            RAISE EXCEPTION '% must not be null', args[i]
                USING ERRCODE = 'null_value_not_allowed',
                      HINT = format('Pass the name of the column of %s that holds the %s.', rel,
                                    CASE args[i] WHEN 'basket_col' THEN 'basket (order, invoice)'
                                                 WHEN 'customer_col' THEN 'customer'
                                                 WHEN 'category_col' THEN 'product category'
                                                 WHEN 'amount_col' THEN 'amount' ELSE 'item' END);
        END IF;
        IF NOT EXISTS (SELECT FROM pg_attribute a
                        WHERE a.attrelid = rel AND a.attname = cols[i] AND a.attnum > 0 AND NOT a.attisdropped) THEN
            RAISE EXCEPTION 'column "%" (%) does not exist in %', cols[i], args[i], rel
                USING ERRCODE = 'undefined_column',
                      HINT = 'Column names are case-sensitive: pass the name as \d shows it, without quotes.';
        END IF;
    END LOOP;
END
$$;
COMMENT ON FUNCTION portfolio_internal.affinity_check_columns(regclass, text[], name[]) IS
'support function of association_rules, next_products, product_shares and product_mix: checks the table and the columns they read';

CREATE FUNCTION @extschema@.association_rules(rel regclass, basket_col name, item_col name,
                                              min_support double precision, min_confidence double precision,
                                              max_items integer DEFAULT NULL)
RETURNS TABLE (antecedent text[], consequent text, support double precision,
               confidence double precision, lift double precision, leverage double precision,
               conviction double precision, baskets bigint)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED ROWS 100
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    -- the thresholds are checked before the table is read
    PERFORM @extschema@.rules(NULL, min_support, min_confidence, max_items);
    PERFORM portfolio_internal.affinity_check_columns(rel, ARRAY['basket_col', 'item_col'],
                                                      ARRAY[basket_col, item_col]);
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

-- ---------- cross-sell ----------

CREATE FUNCTION @extschema@.next_products(rel regclass, customer_col name, basket_col name, item_col name,
                                          min_support double precision, min_confidence double precision,
                                          max_items integer DEFAULT NULL, rank_by text DEFAULT 'confidence',
                                          top integer DEFAULT 5)
RETURNS TABLE (customer text, rank integer, item text, score double precision, antecedent text[],
               support double precision, confidence double precision, lift double precision)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED ROWS 1000
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM @extschema@.rules(NULL, min_support, min_confidence, max_items);
    PERFORM portfolio_internal.affinity_check_columns(rel, ARRAY['customer_col', 'basket_col', 'item_col'],
                                                      ARRAY[customer_col, basket_col, item_col]);
    IF rank_by IS NULL OR rank_by NOT IN ('confidence', 'lift', 'leverage', 'conviction', 'support') THEN
        RAISE EXCEPTION 'rank_by must be confidence, lift, leverage, conviction or support'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('The value given was %s.', coalesce(quote_literal(rank_by), 'NULL')),
                  HINT = 'confidence ranks by how often the suggestion follows what the customer bought; lift by how much more often than by chance.';
    END IF;
    IF top IS NOT NULL AND top < 1 THEN
        RAISE EXCEPTION 'top must be at least 1, or NULL for every suggestion'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('The value given was %s.', top);
    END IF;
    -- Each customer's items (of any basket); every rule whose antecedent
    -- the customer has bought and whose consequent it has not; for each
    -- such item the best of those rules, which justifies it; the items
    -- ranked by that rule's score.  Ties go to the rule with more support,
    -- then the shorter antecedent, then the item's and antecedent's text.
    RETURN QUERY EXECUTE format(
        'WITH r AS MATERIALIZED (SELECT * FROM @extschema@.association_rules($1, $2, $3, $4, $5, $6)), '
        'bought AS (SELECT (t.%1$I)::pg_catalog.text AS c, '
        '                  pg_catalog.array_agg(DISTINCT (t.%2$I)::pg_catalog.text) AS items '
        '           FROM %3$s t WHERE t.%1$I IS NOT NULL AND t.%2$I IS NOT NULL GROUP BY 1), '
        'best AS (SELECT DISTINCT ON (b.c, r.consequent) b.c, r.consequent AS item, r.%4$I AS score, '
        '                r.antecedent, r.support, r.confidence, r.lift '
        '         FROM bought b JOIN r ON r.antecedent OPERATOR(pg_catalog.<@) b.items '
        '                              AND r.consequent OPERATOR(pg_catalog.<>) ALL (b.items) '
        '         ORDER BY b.c, r.consequent, r.%4$I DESC, r.support DESC, '
        '                  pg_catalog.cardinality(r.antecedent), r.antecedent::pg_catalog.text), '
        'ranked AS (SELECT best.*, (pg_catalog.row_number() OVER (PARTITION BY best.c '
        '                  ORDER BY best.score DESC, best.support DESC, best.item))::integer AS k FROM best) '
        'SELECT c, k, item, score, antecedent, support, confidence, lift FROM ranked '
        'WHERE $7 IS NULL OR k <= $7 ORDER BY c, k',
        customer_col, item_col, rel, rank_by)
        USING rel, basket_col, item_col, min_support, min_confidence, max_items, top;
END
$$;
COMMENT ON FUNCTION @extschema@.next_products(regclass, name, name, name, double precision, double precision, integer, text, integer) IS
'cross-sell: for each customer of a table of order lines, the items it has not bought, ranked by the score (rank_by) of the best association rule whose antecedent it has bought, with that rule; top per customer (NULL: all)';

-- ---------- product mix ----------

-- Each customer's net spend per category (or lines, without an amount
-- column), positive nets only: rows (c, category, spend).
CREATE FUNCTION portfolio_internal.product_spend_query(rel regclass, customer_col name, category_col name,
                                                       amount_col name)
RETURNS text LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp
RETURN pg_catalog.format(
    'SELECT (t.%1$I)::pg_catalog.text AS c, (t.%2$I)::pg_catalog.text AS category, '
    '       pg_catalog.sum(%3$s)::pg_catalog.float8 AS spend '
    'FROM %4$s t WHERE t.%1$I IS NOT NULL AND t.%2$I IS NOT NULL %5$s GROUP BY 1, 2 '
    'HAVING pg_catalog.sum(%3$s) > 0',
    customer_col, category_col,
    CASE WHEN amount_col IS NULL THEN '1' ELSE pg_catalog.format('(t.%I)::pg_catalog.numeric', amount_col) END,
    rel,
    CASE WHEN amount_col IS NULL THEN '' ELSE pg_catalog.format('AND t.%I IS NOT NULL', amount_col) END);
COMMENT ON FUNCTION portfolio_internal.product_spend_query(regclass, name, name, name) IS
'support function of product_mix and product_shares: the SQL of each customer''s positive net spend per category';

CREATE FUNCTION @extschema@.product_shares(rel regclass, customer_col name, category_col name,
                                           amount_col name DEFAULT NULL)
RETURNS TABLE (customer text, category text, spend double precision, share double precision, rank integer)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED ROWS 1000
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM portfolio_internal.affinity_check_columns(rel, ARRAY['customer_col', 'category_col'],
                                                      ARRAY[customer_col, category_col]);
    IF amount_col IS NOT NULL THEN
        PERFORM portfolio_internal.affinity_check_columns(rel, ARRAY['amount_col'], ARRAY[amount_col]);
    END IF;
    RETURN QUERY EXECUTE
        'WITH s AS (' || portfolio_internal.product_spend_query(rel, customer_col, category_col, amount_col) || ') '
        'SELECT c, category, spend, spend / pg_catalog.sum(spend) OVER (PARTITION BY c), '
        '       (pg_catalog.row_number() OVER (PARTITION BY c ORDER BY spend DESC, category))::integer '
        'FROM s ORDER BY c, 5';
END
$$;
COMMENT ON FUNCTION @extschema@.product_shares(regclass, name, name, name) IS
'each customer''s share of spend per product category (net of returns, categories with a positive net only; lines instead of spend without amount_col), ranked';

CREATE FUNCTION @extschema@.product_mix(rel regclass, customer_col name, category_col name,
                                        amount_col name DEFAULT NULL)
RETURNS TABLE (customer text, spend double precision, categories integer, dominant_category text,
               dominant_share double precision, shannon double precision, herfindahl double precision)
LANGUAGE sql STABLE PARALLEL RESTRICTED ROWS 1000 SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT s.customer, pg_catalog.sum(s.spend), pg_catalog.count(*)::integer,
           pg_catalog.min(s.category) FILTER (WHERE s.rank = 1), pg_catalog.max(s.share),
           -pg_catalog.sum(s.share * pg_catalog.ln(s.share)), pg_catalog.sum(s.share * s.share)
      FROM @extschema@.product_shares(rel, customer_col, category_col, amount_col) AS s
     GROUP BY s.customer
     ORDER BY s.customer;
END;
COMMENT ON FUNCTION @extschema@.product_mix(regclass, name, name, name) IS
'each customer''s product mix: spend, the number of categories bought, the dominant category and its share, and the Shannon entropy and Herfindahl index of the shares (net of returns; lines without amount_col)';
