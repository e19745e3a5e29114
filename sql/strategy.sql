-- Key-account strategy and customer profitability matrices: kam_strategy
-- and profit_quadrant on a full grid of values and cuts (on the cuts, one
-- step below and above, ±Infinity) against a plain-SQL CASE, NULL in every
-- argument, the message for NaN, the default cuts, and kam_label in both
-- languages, also in a LATIN1 database and one whose encoding cannot spell
-- the Spanish names (bad input: test/strategy_hostile.sql).
CREATE SCHEMA strategy_test;
SET search_path = strategy_test, public;
SET extra_float_digits = 0;

-- The enums, in the documented order.
SELECT enum_range(NULL::portfolio.kam_strategy) AS kam_strategy,
       enum_range(NULL::portfolio.profit_quadrant) AS profit_quadrant;

-- ======================================================================
-- The grid
-- ======================================================================

-- Values: on the cut 0.5, the doubles just below and above it (0.5 - 1e-16
-- would round to 0.5 itself), the ends of the range and the infinities.
CREATE TABLE vals(v) AS
SELECT v::float8 FROM (VALUES ('-Infinity'), ('-1e308'), ('0'), ('0.49999999999999994'),
                              ('0.5'), ('0.5000000000000001'), ('1'), ('1e308'), ('Infinity')) t(v);
-- Shortest exact output (extra_float_digits 1) tells the neighbours apart.
SET extra_float_digits = 1;
SELECT count(DISTINCT v) AS distinct_values, array_agg(v ORDER BY v) FILTER (WHERE v BETWEEN 0.4 AND 0.6) AS near_cut
  FROM vals;
CREATE TABLE cuts(c) AS
SELECT c::float8 FROM (VALUES ('-Infinity'), ('0'), ('0.5'), ('1'), ('Infinity')) t(c);

-- Every value pair against every pair of cuts: 9 x 9 x 5 x 5 = 2025 cases.
CREATE TABLE grid AS
SELECT x.v AS x, y.v AS y, xc.c AS x_cut, yc.c AS y_cut
  FROM vals x, vals y, cuts xc, cuts yc;
SELECT count(*) AS cases,
       count(*) FILTER (WHERE portfolio.kam_strategy(x, y, x_cut, y_cut)::text
                              IS DISTINCT FROM CASE WHEN x >= x_cut AND y >= y_cut THEN 'invest_expand'
                                                    WHEN x >= x_cut THEN 'invest_selective'
                                                    WHEN y >= y_cut THEN 'maintain'
                                                    ELSE 'milk' END) AS kam_mismatches,
       count(*) FILTER (WHERE portfolio.profit_quadrant(x, y, x_cut, y_cut)::text
                              IS DISTINCT FROM CASE WHEN x >= x_cut AND y >= y_cut THEN 'carriage_trade'
                                                    WHEN x >= x_cut THEN 'passive'
                                                    WHEN y >= y_cut THEN 'aggressive'
                                                    ELSE 'bargain_basement' END) AS profit_mismatches
  FROM grid;
-- Each strategy and quadrant occurs.
SELECT portfolio.kam_strategy(x, y, x_cut, y_cut) AS strategy, count(*)
  FROM grid GROUP BY 1 ORDER BY 1;
SELECT portfolio.profit_quadrant(x, y, x_cut, y_cut) AS quadrant, count(*)
  FROM grid GROUP BY 1 ORDER BY 1;

-- The default cuts (0.5, 0.5): attractiveness down, strength across.
SELECT x AS attractiveness,
       string_agg(CASE portfolio.kam_strategy(x, y) WHEN 'invest_expand' THEN 'IE' WHEN 'invest_selective' THEN 'IS'
                       WHEN 'maintain' THEN 'MA' ELSE 'MI' END, ' ' ORDER BY y) AS "strength: -Inf -1e308 0 0.5- 0.5 0.5+ 1 1e308 Inf"
  FROM vals x(x), vals y(y) GROUP BY x ORDER BY x;
-- price_cut Infinity: only an Infinity price is high; cost_cut 0.5.
SELECT x AS net_price,
       string_agg(CASE portfolio.profit_quadrant(x, y, 'Infinity', 0.5) WHEN 'carriage_trade' THEN 'CT'
                       WHEN 'passive' THEN 'PA' WHEN 'bargain_basement' THEN 'BB' ELSE 'AG' END, ' ' ORDER BY y)
       AS "cost: -Inf -1e308 0 0.5- 0.5 0.5+ 1 1e308 Inf"
  FROM vals x(x), vals y(y) GROUP BY x ORDER BY x;
SET extra_float_digits = 0;
-- Named arguments and the default cuts.
SELECT portfolio.kam_strategy(0.5, 0.5) AS on_default_cuts,
       portfolio.kam_strategy(0.49999999999999994, 0.9) AS just_below,
       portfolio.kam_strategy(strength => 0.2, attractiveness => 0.8) AS named,
       portfolio.kam_strategy(0.6, 0.6, strength_cut => 0.7) AS one_cut_named,
       portfolio.profit_quadrant(120, 35, 100, 40) AS passive,
       portfolio.profit_quadrant(80, 55, price_cut => 100, cost_cut => 40) AS aggressive;

-- ======================================================================
-- NULL and NaN
-- ======================================================================

-- NULL in any argument gives NULL (even beside a NaN).
SELECT portfolio.kam_strategy(NULL, 0.5) IS NULL AND portfolio.kam_strategy(0.5, NULL) IS NULL
       AND portfolio.kam_strategy(0.5, 0.5, NULL) IS NULL AND portfolio.kam_strategy(0.5, 0.5, 0.5, NULL) IS NULL
       AND portfolio.kam_strategy('NaN', NULL) IS NULL AS kam_null,
       portfolio.profit_quadrant(NULL, 1, 1, 1) IS NULL AND portfolio.profit_quadrant(1, NULL, 1, 1) IS NULL
       AND portfolio.profit_quadrant(1, 1, NULL, 1) IS NULL AND portfolio.profit_quadrant(1, 1, 1, NULL) IS NULL
       AS profit_null;
-- NaN in any argument, values or cuts, is an error (every case:
-- test/strategy_hostile.sql); the message says why.
SELECT portfolio.kam_strategy('NaN', 0.5);

-- ======================================================================
-- kam_label
-- ======================================================================

SELECT s, portfolio.kam_label(s) AS en, portfolio.kam_label(s, 'es') AS es,
       encode(convert_to(portfolio.kam_label(s, 'es'), 'UTF8'), 'hex') AS es_utf8
  FROM unnest(enum_range(NULL::portfolio.kam_strategy)) s;
SELECT portfolio.kam_label(portfolio.kam_strategy(0.9, 0.1), 'es') AS from_scores,
       portfolio.kam_label(NULL) IS NULL AND portfolio.kam_label('milk', NULL) IS NULL AS strict;
-- An unknown language (every case: test/strategy_hostile.sql).
SELECT portfolio.kam_label('milk', 'fr');

-- In a LATIN1 database the names are converted (ó is F3, ñ is F1 there);
-- in WIN1251, which has neither, kam_label fails cleanly (22P05).
\set regression_db :DBNAME
CREATE DATABASE strategy_test_latin1 TEMPLATE template0 ENCODING 'LATIN1' LOCALE 'C';
CREATE DATABASE strategy_test_win1251 TEMPLATE template0 ENCODING 'WIN1251' LOCALE 'C';
\c strategy_test_latin1
SET client_encoding = 'UTF8';
CREATE EXTENSION portfolio;
SELECT s, portfolio.kam_label(s, 'es') AS es,
       encode(convert_to(portfolio.kam_label(s, 'es'), 'LATIN1'), 'hex') AS es_latin1,
       length(portfolio.kam_label(s, 'es')) AS characters
  FROM unnest(enum_range(NULL::portfolio.kam_strategy)) s;
\c strategy_test_win1251
SET client_encoding = 'UTF8';
CREATE EXTENSION portfolio;
\i test/fixtures/try.sql
SELECT s, pg_temp.try(format('SELECT portfolio.kam_label(%L, ''es'')', s)) AS es,
       portfolio.kam_label(s) AS en
  FROM unnest(enum_range(NULL::portfolio.kam_strategy)) s;
\c :regression_db
DROP DATABASE strategy_test_latin1;
DROP DATABASE strategy_test_win1251;

DROP SCHEMA strategy_test CASCADE;
