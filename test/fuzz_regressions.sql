-- What fuzzing the type input functions found (test/fuzz), kept as SQL cases.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS portfolio;
SELECT plan(8);

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

SELECT * FROM finish();
ROLLBACK;
