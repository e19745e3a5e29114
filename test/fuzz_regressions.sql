-- What fuzzing the type input functions found (test/fuzz), kept as SQL cases.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS portfolio;
SELECT plan(11);

-- Hexadecimal floats: strtod reads them, float8out never writes them and
-- not every platform reads them, so the lossless text forms reject them.
SELECT throws_ok($$SELECT 'k=1; seed=1; dims=1; 0x10'::portfolio.kmeans_state$$,
	'22P02', 'invalid input syntax for type portfolio.kmeans_state: "k=1; seed=1; dims=1; 0x10"',
	'kmeans_state rejects a hexadecimal float');
SELECT throws_ok($$SELECT 'a_share=0x1p-1; b_share=0.95; a=3; b=1'::portfolio.abc_cuts$$,
	'22P02', 'invalid input syntax for type portfolio.abc_cuts: "a_share=0x1p-1; b_share=0.95; a=3; b=1"',
	'abc_cuts rejects a hexadecimal float');
SELECT throws_ok($$SELECT 'args=; values=1,-0X2'::portfolio.concentration_state$$,
	'22P02', 'invalid input syntax for type portfolio.concentration_state: "args=; values=1,-0X2"',
	'concentration_state rejects a signed hexadecimal float');
SELECT throws_ok($$SELECT 'model=gamma_gamma; 0x2 22.35 1'::portfolio.fit_histogram$$,
	'22P02', 'invalid input syntax for type portfolio.fit_histogram: "model=gamma_gamma; 0x2 22.35 1"',
	'fit_histogram rejects a hexadecimal float');
SELECT throws_ok($$SELECT 'bins=2; r=0x1; f=1; m=1'::portfolio.rfm_cuts$$,
	'22P02', 'invalid input syntax for type portfolio.rfm_cuts: "bins=2; r=0x1; f=1; m=1"',
	'rfm_cuts rejects a hexadecimal float');
SELECT throws_ok($$SELECT 'bins=2; 1,2,0x3'::portfolio.rfm_cuts_state$$,
	'22P02', 'invalid input syntax for type portfolio.rfm_cuts_state: "bins=2; 1,2,0x3"',
	'rfm_cuts_state rejects a hexadecimal float');

-- A number that underflows to 0 is out of range for float8in; the scanner
-- read it as 0.
SELECT throws_ok($$SELECT 'args=; values=1e-400'::portfolio.concentration_state$$,
	'22P02', 'invalid input syntax for type portfolio.concentration_state: "args=; values=1e-400"',
	'concentration_state rejects a value that underflows to 0');
-- ... while a denormal still reads back exactly.
SELECT is('k=1; seed=1; dims=1; 5e-324'::portfolio.kmeans_state::text,
	'k=1; seed=1; dims=1; 5e-324', 'kmeans_state keeps the smallest denormal');

-- Found by fuzz_period_retention_in (in CI): a scale beyond int was narrowed
-- before it was checked, so 277777777777777777 read as a negative scale and
-- a revenue was rescaled past 10^38 (signed overflow). Shared by the three
-- retention types' headers.
SELECT throws_ok($$SELECT 'month as of 2020-04-30, scale 277777777777777777: 2020-01-01 1 1 0 20.00 0.00 0.00'::portfolio.period_retention$$,
                 '22P02', NULL, 'period_retention rejects a scale beyond int');
SELECT throws_ok($$SELECT 'month as of 2020-04-30, scale 4294967298: 2020-01-01 20.00'::portfolio.activity$$,
                 '22P02', NULL, 'activity rejects a scale that narrows to 2');
SELECT throws_ok($$SELECT 'month as of 2020-04-30, scale 4294967335: 2020-01-01 size 1: 1 20.00'::portfolio.cohort_matrix$$,
                 '22P02', NULL, 'cohort_matrix rejects a scale that narrows to 39');

SELECT * FROM finish();
ROLLBACK;
