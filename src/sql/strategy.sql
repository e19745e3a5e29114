-- strategy.sql: key-account strategy (kam_strategy, kam_label) and the
-- customer profitability matrix (profit_quadrant).

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
