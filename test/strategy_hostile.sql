-- Every public function of key-account strategy and the customer
-- profitability matrix (kam_strategy, kam_label, profit_quadrant) given
-- hostile input: each case has an asserted outcome (a documented value, or
-- an error with its SQLSTATE and message).
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS portfolio;
SELECT plan(46);
SET LOCAL client_min_messages = warning;

-- ---------- kam_strategy ----------
SELECT ok((SELECT portfolio.kam_strategy(NULL, 0.5)) IS NULL, 'kam_strategy(NULL, s): NULL');
SELECT ok((SELECT portfolio.kam_strategy(0.5, NULL)) IS NULL, 'kam_strategy(a, NULL): NULL');
SELECT ok((SELECT portfolio.kam_strategy(0.5, 0.5, NULL, 0.5)) IS NULL, 'kam_strategy with a NULL cut: NULL');
SELECT ok((SELECT portfolio.kam_strategy(0.5, 0.5, 0.5, NULL)) IS NULL, 'kam_strategy with a NULL strength cut: NULL');
SELECT is((SELECT portfolio.kam_strategy(0.5, 0.5)::text), 'invest_expand', 'a value equal to its cut counts as high');
SELECT is((SELECT portfolio.kam_strategy(0.4999999, 0.5)::text), 'maintain', 'low attractiveness, high strength: maintain');
SELECT is((SELECT portfolio.kam_strategy(0.5, 0.4999999)::text), 'invest_selective', 'high attractiveness, low strength: invest_selective');
SELECT is((SELECT portfolio.kam_strategy(0, 0)::text), 'milk', 'low/low: milk');
SELECT throws_ok($q$SELECT portfolio.kam_strategy('NaN', 0.5)$q$, '22023', 'attractiveness must not be NaN', 'SELECT portfolio.kam_strategy(''NaN'', 0.5)');
SELECT throws_ok($q$SELECT portfolio.kam_strategy(0.5, 'NaN')$q$, '22023', 'strength must not be NaN', 'SELECT portfolio.kam_strategy(0.5, ''NaN'')');
SELECT throws_ok($q$SELECT portfolio.kam_strategy(0.5, 0.5, 'NaN', 0.5)$q$, '22023', 'attractiveness_cut must not be NaN', 'SELECT portfolio.kam_strategy(0.5, 0.5, ''NaN'', 0.5)');
SELECT throws_ok($q$SELECT portfolio.kam_strategy(0.5, 0.5, 0.5, 'NaN')$q$, '22023', 'strength_cut must not be NaN', 'SELECT portfolio.kam_strategy(0.5, 0.5, 0.5, ''NaN'')');
SELECT throws_ok($q$SELECT portfolio.kam_strategy('NaN', 'NaN', 'NaN', 'NaN')$q$, '22023', 'attractiveness must not be NaN', 'kam_strategy: NaN everywhere names attractiveness first');
SELECT is((SELECT portfolio.kam_strategy('Infinity', '-Infinity')::text), 'invest_selective', 'Infinity is high, -Infinity low');
SELECT is((SELECT portfolio.kam_strategy('Infinity', 'Infinity', 'Infinity', 'Infinity')::text), 'invest_expand', 'Infinity equals an Infinity cut: high');
SELECT is((SELECT portfolio.kam_strategy(1e308, 1e308, '-Infinity', '-Infinity')::text), 'invest_expand', 'a cut of -Infinity: everything is high');
SELECT is((SELECT portfolio.kam_strategy(-1e308, -1e308, 'Infinity', 'Infinity')::text), 'milk', 'a cut of Infinity: every finite value is low');
SELECT is((SELECT portfolio.kam_strategy(-5, -5, -10, 0)::text), 'invest_selective', 'negative scores and cuts are allowed: -5 >= -10 high, -5 < 0 low');
SELECT is((SELECT portfolio.kam_strategy(-0.0, 0, 0, -0.0)::text), 'invest_expand', '-0 equals 0: high');
SELECT is((SELECT portfolio.kam_strategy(5e-324, 0, 0, 5e-324)::text), 'invest_selective', 'subnormal above 0 is high; 0 below 5e-324 is low');
-- ---------- kam_label ----------
SELECT ok((SELECT portfolio.kam_label(NULL)) IS NULL, 'kam_label(NULL): NULL');
SELECT ok((SELECT portfolio.kam_label('milk', NULL)) IS NULL, 'kam_label(s, NULL language): NULL');
SELECT is((SELECT portfolio.kam_label('milk')), (SELECT portfolio.kam_label('milk', 'en')), 'English is the default');
SELECT is((SELECT portfolio.kam_label('invest_expand', 'es') <> portfolio.kam_label('invest_expand', 'en')), true, 'Spanish and English names differ');
SELECT throws_ok($q$SELECT portfolio.kam_label('milk', 'fr')$q$, '22023', 'unknown language "fr"', 'SELECT portfolio.kam_label(''milk'', ''fr'')');
SELECT throws_ok($q$SELECT portfolio.kam_label('milk', '')$q$, '22023', 'unknown language ""', 'SELECT portfolio.kam_label(''milk'', '''')');
SELECT throws_ok($q$SELECT portfolio.kam_label('milk', 'EN')$q$, '22023', 'unknown language "EN"', 'SELECT portfolio.kam_label(''milk'', ''EN'')');
SELECT throws_ok($q$SELECT portfolio.kam_label('milk', 'es-ES')$q$, '22023', 'unknown language "es-ES"', 'kam_label: a language with a region, es-ES');
SELECT throws_ok($q$SELECT portfolio.kam_label('milk', 'en ')$q$, '22023', 'unknown language "en "', 'SELECT portfolio.kam_label(''milk'', ''en '')');
SELECT throws_ok($q$SELECT portfolio.kam_label('milk', 'english')$q$, '22023', 'unknown language "english"', 'SELECT portfolio.kam_label(''milk'', ''english'')');
SELECT throws_ok($q$SELECT portfolio.kam_label('milk', repeat('x', 100000))$q$, '22023', 'unknown language "' || repeat('x', 100000) || '"', 'a 100000-character language: 22023');
SELECT throws_ok($q$SELECT portfolio.kam_label('harvest', 'en')$q$, '22P02', 'invalid input value for enum portfolio.kam_strategy: "harvest"', 'SELECT portfolio.kam_label(''harvest'', ''en'')');
SELECT is((SELECT count(DISTINCT portfolio.kam_label(s, l)) FROM unnest(enum_range(NULL::portfolio.kam_strategy)) s, unnest(ARRAY['en', 'es']) l), 8::bigint, 'eight distinct names: four strategies in two languages');
-- ---------- profit_quadrant ----------
SELECT ok((SELECT portfolio.profit_quadrant(NULL, 1, 1, 1)) IS NULL, 'profit_quadrant(NULL, ...): NULL');
SELECT ok((SELECT portfolio.profit_quadrant(1, 1, 1, NULL)) IS NULL, 'profit_quadrant(..., NULL cut): NULL');
SELECT throws_ok($q$SELECT portfolio.profit_quadrant('NaN', 1, 1, 1)$q$, '22023', 'net_price must not be NaN', 'SELECT portfolio.profit_quadrant(''NaN'', 1, 1, 1)');
SELECT throws_ok($q$SELECT portfolio.profit_quadrant(1, 'NaN', 1, 1)$q$, '22023', 'cost_to_serve must not be NaN', 'SELECT portfolio.profit_quadrant(1, ''NaN'', 1, 1)');
SELECT throws_ok($q$SELECT portfolio.profit_quadrant(1, 1, 'NaN', 1)$q$, '22023', 'price_cut must not be NaN', 'SELECT portfolio.profit_quadrant(1, 1, ''NaN'', 1)');
SELECT throws_ok($q$SELECT portfolio.profit_quadrant(1, 1, 1, 'NaN')$q$, '22023', 'cost_cut must not be NaN', 'SELECT portfolio.profit_quadrant(1, 1, 1, ''NaN'')');
SELECT throws_ok($q$SELECT portfolio.profit_quadrant('NaN', 'NaN', 'NaN', 'NaN')$q$, '22023', 'net_price must not be NaN', 'profit_quadrant: NaN everywhere names net_price first');
SELECT is((SELECT portfolio.profit_quadrant(1, 1, 1, 1)::text), 'carriage_trade', 'equal to both cuts: high price, high cost');
SELECT is((SELECT portfolio.profit_quadrant(2, 0, 1, 1)::text), 'passive', 'high price, low cost');
SELECT is((SELECT portfolio.profit_quadrant(0, 0, 1, 1)::text), 'bargain_basement', 'low price, low cost');
SELECT is((SELECT portfolio.profit_quadrant(0, 2, 1, 1)::text), 'aggressive', 'low price, high cost');
SELECT is((SELECT portfolio.profit_quadrant('Infinity', '-Infinity', 1e308, 1e308)::text), 'passive', 'Infinity price is high, -Infinity cost low');
SELECT is((SELECT portfolio.profit_quadrant(-1, -1, -1, 0)::text), 'passive', 'negative net price (a loss) and cost: -1 >= -1 high price, -1 < 0 low cost');

SELECT * FROM finish();
ROLLBACK;
