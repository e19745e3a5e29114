-- Hostile input for rfm_cuts (four overloads), rfm_score (two), the
-- rfm_segments table, the types rfm_cuts and rfm_cuts_state, and the
-- support functions called with hand-written states.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS portfolio;
SET LOCAL search_path = portfolio, portfolio_internal, public;
SELECT plan(108);

-- Ten customers' recency, frequency and monetary value.
CREATE TEMP TABLE rfm_c AS SELECT * FROM (VALUES (1, 5::float8, 1::float8, 10::float8), (2, 30, 2, 20), (3, 60, 3, 50), (4, 400, 12, 1000)) t(id, dsl, freq, money);

-- ---------- rfm_cuts text input ----------
SELECT throws_ok($$SELECT ''::rfm_cuts$$, '22P02', 'invalid input syntax for type portfolio.rfm_cuts: ""', 'empty text');
SELECT throws_ok($$SELECT 'garbage'::rfm_cuts$$, '22P02', 'invalid input syntax for type portfolio.rfm_cuts: "garbage"', 'garbage');
SELECT throws_ok($$SELECT 'bins=5'::rfm_cuts$$, '22P02', 'invalid input syntax for type portfolio.rfm_cuts: "bins=5"', 'truncated after bins');
SELECT throws_ok($$SELECT 'bins=5; r=1,2,3,4; f=1,2,3,4; m=1,2,3'::rfm_cuts$$, '22P02',
                 'invalid input syntax for type portfolio.rfm_cuts: "bins=5; r=1,2,3,4; f=1,2,3,4; m=1,2,3"', 'a section one value short');
SELECT throws_ok($$SELECT 'bins=3; r=1; f=1,2; m=1,2'::portfolio.rfm_cuts$$, '22P02', 'invalid input syntax for type portfolio.rfm_cuts: "bins=3; r=1; f=1,2; m=1,2"', 'a section one value short, three bins');
SELECT throws_ok($$SELECT 'bins=5; r=1,2,3,4; f=1,2,3,4; m=1,2,3,4,5'::rfm_cuts$$, '22P02',
                 'invalid input syntax for type portfolio.rfm_cuts: "bins=5; r=1,2,3,4; f=1,2,3,4; m=1,2,3,4,5"', 'a section one value long');
SELECT throws_ok($$SELECT 'bins=5; r=1,2,3,4; f=1,2,3,4; m=1,2,3,4 junk'::rfm_cuts$$, '22P02',
                 'invalid input syntax for type portfolio.rfm_cuts: "bins=5; r=1,2,3,4; f=1,2,3,4; m=1,2,3,4 junk"', 'trailing junk');
SELECT throws_ok($$SELECT 'bins=5; r=1,2,3,4; r=1,2,3,4; m=1,2,3,4'::rfm_cuts$$, '22P02',
                 'invalid input syntax for type portfolio.rfm_cuts: "bins=5; r=1,2,3,4; r=1,2,3,4; m=1,2,3,4"', 'a duplicated section');
SELECT throws_ok($$SELECT 'bins=5; f=1,2,3,4; r=1,2,3,4; m=1,2,3,4'::rfm_cuts$$, '22P02',
                 'invalid input syntax for type portfolio.rfm_cuts: "bins=5; f=1,2,3,4; r=1,2,3,4; m=1,2,3,4"', 'sections out of order');
SELECT throws_ok($$SELECT 'bins=3; f=1,2; r=1,2; m=1,2'::portfolio.rfm_cuts$$, '22P02', 'invalid input syntax for type portfolio.rfm_cuts: "bins=3; f=1,2; r=1,2; m=1,2"', 'sections out of order, three bins');
SELECT throws_ok($$SELECT 'bins=3; r=1,2; f=1,2; m=1,2; x'::portfolio.rfm_cuts$$, '22P02', 'invalid input syntax for type portfolio.rfm_cuts: "bins=3; r=1,2; f=1,2; m=1,2; x"', 'an unknown section after the last');
SELECT throws_ok($$SELECT 'bins=5; r=4,3,2,1; f=1,2,3,4; m=1,2,3,4'::rfm_cuts$$, '22P02',
                 'invalid input syntax for type portfolio.rfm_cuts: "bins=5; r=4,3,2,1; f=1,2,3,4; m=1,2,3,4"', 'decreasing cut points');
SELECT throws_ok($$SELECT 'bins=3; r=2,1; f=1,2; m=1,2'::portfolio.rfm_cuts$$, '22P02', 'invalid input syntax for type portfolio.rfm_cuts: "bins=3; r=2,1; f=1,2; m=1,2"', 'decreasing cut points, three bins');
SELECT throws_ok($$SELECT 'bins=1; r=; f=; m='::rfm_cuts$$, '22P02',
                 'invalid input syntax for type portfolio.rfm_cuts: "bins=1; r=; f=; m="', 'bins 1');
SELECT throws_ok($$SELECT 'bins=10; r=1,2,3,4,5,6,7,8,9; f=1,2,3,4,5,6,7,8,9; m=1,2,3,4,5,6,7,8,9'::rfm_cuts$$, '22P02',
                 'invalid input syntax for type portfolio.rfm_cuts: "bins=10; r=1,2,3,4,5,6,7,8,9; f=1,2,3,4,5,6,7,8,9; m=1,2,3,4,5,6,7,8,9"', 'bins 10');
SELECT throws_ok($$SELECT 'bins=-5; r=1'::rfm_cuts$$, '22P02', 'invalid input syntax for type portfolio.rfm_cuts: "bins=-5; r=1"', 'negative bins');
SELECT throws_ok($$SELECT 'bins=99999999999999999999999; r=1'::rfm_cuts$$, '22P02',
                 'invalid input syntax for type portfolio.rfm_cuts: "bins=99999999999999999999999; r=1"', 'huge bins');
SELECT throws_ok($$SELECT 'bins=99999999999999999999; r=1'::portfolio.rfm_cuts$$, '22P02', 'invalid input syntax for type portfolio.rfm_cuts: "bins=99999999999999999999; r=1"', 'bins beyond bigint');
SELECT throws_ok($$SELECT 'bins=2.5; r=1; f=1; m=1'::rfm_cuts$$, '22P02',
                 'invalid input syntax for type portfolio.rfm_cuts: "bins=2.5; r=1; f=1; m=1"', 'fractional bins');
SELECT throws_ok($$SELECT 'bins=2; r=NaN; f=1; m=1'::rfm_cuts$$, '22P02',
                 'invalid input syntax for type portfolio.rfm_cuts: "bins=2; r=NaN; f=1; m=1"', 'NaN cut');
SELECT throws_ok($$SELECT 'bins=3; r=1,2; f=1,2; m=1,NaN'::portfolio.rfm_cuts$$, '22P02', 'invalid input syntax for type portfolio.rfm_cuts: "bins=3; r=1,2; f=1,2; m=1,NaN"', 'NaN monetary cut');
SELECT throws_ok($$SELECT 'bins=2; r=1; f=Infinity; m=1'::rfm_cuts$$, '22P02',
                 'invalid input syntax for type portfolio.rfm_cuts: "bins=2; r=1; f=Infinity; m=1"', 'Infinity cut');
SELECT throws_ok($$SELECT 'bins=2; r=1; f=1; m=-Infinity'::rfm_cuts$$, '22P02',
                 'invalid input syntax for type portfolio.rfm_cuts: "bins=2; r=1; f=1; m=-Infinity"', '-Infinity cut');
SELECT throws_ok($$SELECT 'bins=2; r=1e400; f=1; m=1'::rfm_cuts$$, '22003',
                 '"1e400" is out of range for type double precision', 'a cut beyond float8');
SELECT throws_ok($$SELECT 'bins=3; r=1,2; f=1,2; m=1,1e999'::portfolio.rfm_cuts$$, '22003', '"1e999" is out of range for type double precision', 'a monetary cut beyond float8');
SELECT throws_ok($$SELECT 'bins=2; r=abc; f=1; m=1'::rfm_cuts$$, '22P02',
                 'invalid input syntax for type portfolio.rfm_cuts: "bins=2; r=abc; f=1; m=1"', 'a cut that is not a number');
SELECT throws_ok($$SELECT E'bins=2; r=1; f=1; m=1\\000'::rfm_cuts$$, '22P02',
                 'invalid input syntax for type portfolio.rfm_cuts: "bins=2; r=1; f=1; m=1\000"', 'an embedded escape after the last value');
SELECT throws_ok($$SELECT ' BINS=2; r=1; f=1; m=1'::rfm_cuts$$, '22P02',
                 'invalid input syntax for type portfolio.rfm_cuts: " BINS=2; r=1; f=1; m=1"', 'keywords are lowercase');
SELECT is('bins=2;r=1;f=1;m=1'::rfm_cuts::text, 'bins=2; r=1; f=1; m=1', 'spaces are optional');
SELECT is('bins=2; r=-0; f=1e-320; m=1.7976931348623157e308'::rfm_cuts::text,
          'bins=2; r=0; f=1e-320; m=1.7976931348623157e+308', '-0 reads as 0; subnormal and largest doubles kept');
SELECT is('bins=3; r=0.1,0.30000000000000004; f=1,1; m=2,3'::rfm_cuts::text::rfm_cuts::text,
          'bins=3; r=0.1,0.30000000000000004; f=1,1; m=2,3', 'round trip keeps every bit');
SELECT is((SELECT c::text::rfm_cuts::text = c::text FROM (SELECT rfm_cuts(x, x * 1.1, x / 3.0, 7) c
             FROM generate_series(1, 50) x) q), true, 'aggregate result: out then in gives the same value');

-- ---------- rfm_cuts_state text input ----------
SELECT throws_ok($$SELECT ''::rfm_cuts_state$$, '22P02', 'invalid input syntax for type portfolio.rfm_cuts_state: ""', 'state: empty');
SELECT throws_ok($$SELECT 'bins=5;'::rfm_cuts_state$$, '22P02', 'invalid input syntax for type portfolio.rfm_cuts_state: "bins=5;"', 'state: truncated');
SELECT throws_ok($$SELECT 'bins=3;'::portfolio.rfm_cuts_state$$, '22P02', 'invalid input syntax for type portfolio.rfm_cuts_state: "bins=3;"', 'state: truncated, three bins');
SELECT throws_ok($$SELECT 'bins=5; 1,2'::rfm_cuts_state$$, '22P02', 'invalid input syntax for type portfolio.rfm_cuts_state: "bins=5; 1,2"', 'state: two values');
SELECT throws_ok($$SELECT 'bins=3; 1,2'::portfolio.rfm_cuts_state$$, '22P02', 'invalid input syntax for type portfolio.rfm_cuts_state: "bins=3; 1,2"', 'state: two values, three bins');
SELECT throws_ok($$SELECT 'bins=5; 1,2,3,4'::rfm_cuts_state$$, '22P02', 'invalid input syntax for type portfolio.rfm_cuts_state: "bins=5; 1,2,3,4"', 'state: four values');
SELECT throws_ok($$SELECT 'bins=3; 1,2,3,4'::portfolio.rfm_cuts_state$$, '22P02', 'invalid input syntax for type portfolio.rfm_cuts_state: "bins=3; 1,2,3,4"', 'state: four values, three bins');
SELECT throws_ok($$SELECT 'bins=5; 1,2,NaN'::rfm_cuts_state$$, '22P02', 'invalid input syntax for type portfolio.rfm_cuts_state: "bins=5; 1,2,NaN"', 'state: NaN');
SELECT throws_ok($$SELECT 'bins=5; Infinity,2,3'::rfm_cuts_state$$, '22P02', 'invalid input syntax for type portfolio.rfm_cuts_state: "bins=5; Infinity,2,3"', 'state: Infinity');
SELECT throws_ok($$SELECT 'bins=3; 1,2,Infinity'::portfolio.rfm_cuts_state$$, '22P02', 'invalid input syntax for type portfolio.rfm_cuts_state: "bins=3; 1,2,Infinity"', 'state: Infinity as the last value');
SELECT throws_ok($$SELECT 'bins=5; 1,2,3; 4,5,6 x'::rfm_cuts_state$$, '22P02', 'invalid input syntax for type portfolio.rfm_cuts_state: "bins=5; 1,2,3; 4,5,6 x"', 'state: trailing junk');
SELECT throws_ok($$SELECT 'bins=0; 1,2,3'::rfm_cuts_state$$, '22P02', 'invalid input syntax for type portfolio.rfm_cuts_state: "bins=0; 1,2,3"', 'state: bins 0');
SELECT throws_ok($$SELECT 'bins=5 bins=5; 1,2,3'::rfm_cuts_state$$, '22P02', 'invalid input syntax for type portfolio.rfm_cuts_state: "bins=5 bins=5; 1,2,3"', 'state: bins twice');
SELECT is('bins=5'::rfm_cuts_state::text, 'bins=5', 'state: no customers yet');
SELECT is('bins=5; -1,-2,-3; 0.1,1e300,-0'::rfm_cuts_state::text, 'bins=5; -1,-2,-3; 0.1,1e+300,0', 'state: negative and extreme values read back');
SELECT is((SELECT count(*) FROM regexp_matches(s::text, ';', 'g')) , 10000::bigint, 'state: 10000 customers grow the buffer')
  FROM (SELECT ('bins=4' || string_agg('; ' || i || ',' || i || ',' || i, ''))::rfm_cuts_state s FROM generate_series(1, 10000) i) q;

-- ---------- support functions with hand-written states ----------
SELECT ok(rfm_cuts_final('bins=5'::rfm_cuts_state) IS NULL, 'final of a state without customers: NULL');
SELECT is(rfm_cuts_final('bins=5; -1,-2,-3')::text, 'bins=5; r=-1,-1,-1,-1; f=-2,-2,-2,-2; m=-3,-3,-3,-3', 'final of one customer with negative values');
SELECT is(rfm_cuts_final('bins=3; 3,1,1; 1,2,2; 2,3,3')::text, 'bins=3; r=1,2; f=1,2; m=1,2', 'final sorts the values (percentile_disc 1/3, 2/3)');
SELECT ok(rfm_cuts_combine(NULL, NULL) IS NULL, 'combine NULL, NULL');
SELECT is(rfm_cuts_combine('bins=3; 1,1,1', NULL)::text, 'bins=3; 1,1,1', 'combine with NULL on the right');
SELECT is(rfm_cuts_combine(NULL, 'bins=3; 1,1,1')::text, 'bins=3; 1,1,1', 'combine with NULL on the left');
SELECT is(rfm_cuts_combine('bins=3; 1,1,1', 'bins=3; 2,2,2')::text, 'bins=3; 1,1,1; 2,2,2', 'combine appends');
SELECT is(rfm_cuts_combine('bins=3', 'bins=3')::text, 'bins=3', 'combine of two empty states');
SELECT throws_ok($$SELECT rfm_cuts_combine('bins=3; 1,1,1', 'bins=4; 2,2,2')$$, '22023',
                 'bins must be the same for every row of a group', 'combine of states with different bins');
SELECT is(rfm_cuts_accum(NULL, 1, 2, 3, 5)::text, 'bins=5; 1,2,3', 'accum starts a state');
SELECT ok(rfm_cuts_accum(NULL, NULL, 2, 3, 5) IS NULL, 'accum of a NULL value and no state: NULL');
SELECT is(rfm_cuts_accum('bins=5; 9,9,9', 1, NULL, 3, 5)::text, 'bins=5; 9,9,9', 'accum of a NULL value keeps the state');
SELECT throws_ok($$SELECT rfm_cuts_accum(NULL, 1, 2, 3, NULL)$$, '22004', 'bins must not be null', 'accum: NULL bins');
SELECT throws_ok($$SELECT rfm_cuts_accum('bins=3', 1, 2, 3, 5)$$, '22023', 'bins must be the same for every row of a group', 'accum: bins differ from the state''s');
SELECT throws_ok($$SELECT rfm_cuts_accum('bins=3', 'NaN', 2, 3, 3)$$, '22023', 'days_since_last must be a finite number', 'accum: NaN');
SELECT throws_ok($$SELECT rfm_cuts_accum_5('bins=5; 1,1,1', 1, 2, '-Infinity')$$, '22023', 'monetary must be a finite number', 'accum_5: -Infinity');
SELECT throws_ok($$SELECT rfm_cuts_accum_5('bins=3; 1,1,1', 1, 2, 3)$$, '22023', 'bins must be the same for every row of a group', 'accum_5 on a 3-bin state');
SELECT ok(rfm_cuts_accum_summary(NULL, NULL, 5) IS NULL, 'accum_summary: NULL summary is skipped');
SELECT throws_ok($$SELECT rfm_cuts_accum_summary_5(NULL, ROW('2020-01-01','2020-01-01',1,1,0,0,0,7,'NaN',1,0,NULL,NULL,NULL,NULL,'day')::summary)$$,
                 '22023', 'monetary must be a finite number', 'accum_summary_5: a hand-built summary with a NaN total');
SELECT throws_ok($$SELECT rfm_cuts_accum_summary(NULL, ROW('2020-01-01','2020-01-01',1,1,0,0,0,7,'Infinity',1,0,NULL,NULL,NULL,NULL,'day')::summary, 4)$$,
                 '22023', 'monetary must be a finite number', 'accum_summary: an infinite total');
SELECT throws_ok($$SELECT rfm_cuts_accum_summary(NULL, ROW('2020-01-01','2020-01-01',1,1,0,0,0,7,'1e400',1,0,NULL,NULL,NULL,NULL,'day')::summary, 4)$$,
                 '22003', '"' || '1e400'::numeric::text || '" is out of range for type double precision', 'accum_summary: a total beyond float8');
SELECT is(rfm_cuts_accum_summary_5(NULL, ROW(NULL,NULL,-5,NULL,NULL,NULL,NULL,-7,'-3',NULL,NULL,NULL,NULL,NULL,NULL,NULL)::summary)::text,
          'bins=5; -7,-5,-3', 'accum_summary_5 reads days_since_last, transactions and total_amount only');
SELECT ok(rfm_cuts_accum_summary_5(NULL, ROW(NULL,NULL,NULL,NULL,NULL,NULL,NULL,7,'5',NULL,NULL,NULL,NULL,NULL,NULL,NULL)::summary) IS NULL,
          'accum_summary_5: a NULL field read skips the customer');

-- ---------- the aggregate ----------
SELECT throws_ok($$SELECT rfm_cuts(1, 2, 3, 0)$$, '22023', 'bins must be between 2 and 9', 'bins 0');
SELECT throws_ok($$SELECT rfm_cuts(1, 2, 3, -1)$$, '22023', 'bins must be between 2 and 9', 'bins -1');
SELECT throws_ok($$SELECT rfm_cuts(1, 2, 3, 2147483647)$$, '22023', 'bins must be between 2 and 9', 'bins 2^31-1');
SELECT throws_ok($$SELECT rfm_cuts(1, 2, 3, NULL)$$, '22004', 'bins must not be null', 'bins NULL');
SELECT throws_ok($$SELECT rfm_cuts(NULL::float8, NULL, NULL, NULL)$$, '22004', 'bins must not be null', 'bins NULL on a skipped row');
SELECT throws_ok($$SELECT rfm_cuts(NULL::summary, 0)$$, '22023', 'bins must be between 2 and 9', 'summary form: bins 0 on a NULL summary');
SELECT throws_ok($$SELECT rfm_cuts(a, a, a, a::int) FROM (VALUES (2.0::float8), (3)) t(a)$$, '22023',
                 'bins must be the same for every row of a group', 'two bins values in one group');
SELECT throws_ok($$SELECT rfm_cuts(1, 'NaN', 1)$$, '22023', 'frequency must be a finite number', 'five bins: NaN frequency');
SELECT throws_ok($$SELECT rfm_cuts(1, 1, 'Infinity', 3)$$, '22023', 'monetary must be a finite number', 'Infinity monetary');
SELECT throws_ok($$SELECT portfolio.rfm_cuts(dsl, freq, 'Infinity') FROM rfm_c$$, '22023', 'monetary must be a finite number', 'five bins: Infinity monetary');
SELECT throws_ok($$SELECT rfm_cuts('-Infinity', 1, 1, 3)$$, '22023', 'days_since_last must be a finite number', '-Infinity days_since_last');
SELECT throws_ok($$SELECT portfolio.rfm_cuts('-Infinity', freq, money) FROM rfm_c$$, '22023', 'days_since_last must be a finite number', 'five bins: -Infinity days_since_last');
SELECT ok(rfm_cuts(NULL::float8, NULL, NULL, 5) IS NULL, 'only NULL values: NULL');
SELECT ok(rfm_cuts(NULL::summary) IS NULL, 'only a NULL summary: NULL');
SELECT is(rfm_cuts(-1e308, -1, -1e-308, 3)::text, 'bins=3; r=-1e+308,-1e+308; f=-1,-1; m=-1e-308,-1e-308', 'extreme finite values are cut points like any other');
SELECT is((SELECT rfm_cuts(s)::text FROM (SELECT summarize(d, 10.0, '2020-12-31') s
             FROM (VALUES (DATE '2020-01-01'), ('2020-06-01')) t(d)) q),
          'bins=5; r=213,213,213,213; f=2,2,2,2; m=20,20,20,20', 'summary form learns days_since_last, transactions, total_amount');

CREATE TABLE public.hr_empty (r float8, f float8, m float8) WITH (parallel_workers = 2);
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SET LOCAL max_parallel_workers_per_gather = 2;
\ir lib/plans.sql
SELECT matches(pg_temp.plan_of($$SELECT rfm_cuts(r, f, m) FROM hr_empty$$), 'Partial Aggregate', 'rfm_cuts gets a parallel plan');
SELECT results_eq($$SELECT rfm_cuts(r, f, m) IS NULL, rfm_cuts(r, f, m, 4) IS NULL FROM hr_empty$$,
                  $$VALUES (true, true)$$, 'parallel, no rows: NULL');
INSERT INTO hr_empty SELECT NULL, NULL, NULL FROM generate_series(1, 2000);
ANALYZE hr_empty;
SELECT results_eq($$SELECT rfm_cuts(r, f, m) IS NULL, rfm_cuts(r, f, m, 4) IS NULL FROM hr_empty$$,
                  $$VALUES (true, true)$$, 'parallel, all-NULL rows: NULL');
RESET parallel_setup_cost; RESET parallel_tuple_cost; RESET min_parallel_table_scan_size; RESET max_parallel_workers_per_gather;

-- ---------- rfm_score ----------
SELECT throws_ok($$SELECT rfm_score('bins=3; r=10,20; f=1,2; m=5,6', 'NaN', 1, 1)$$, '22023', 'days_since_last must be a finite number', 'score: NaN');
SELECT throws_ok($$SELECT rfm_score('bins=3; r=10,20; f=1,2; m=5,6', 1, 'Infinity', 1)$$, '22023', 'frequency must be a finite number', 'score: Infinity');
SELECT throws_ok($$SELECT rfm_score('bins=3; r=10,20; f=1,2; m=5,6', 1, 1, '-Infinity')$$, '22023', 'monetary must be a finite number', 'score: -Infinity');
SELECT ok(rfm_score('bins=3; r=10,20; f=1,2; m=5,6', NULL, 1, 1) IS NULL, 'score: NULL value gives NULL (STRICT)');
SELECT ok(rfm_score(NULL::rfm_cuts, 1, 1, 1) IS NULL, 'score: NULL cuts give NULL');
SELECT ok(rfm_score('bins=5; r=1,2,3,4; f=1,2,3,4; m=1,2,3,4', NULL::summary) IS NULL, 'score: NULL summary gives NULL');
SELECT ok(rfm_score('bins=5; r=1,2,3,4; f=1,2,3,4; m=1,2,3,4', ROW(NULL,NULL,NULL,NULL,NULL,NULL,NULL,7,'5',NULL,NULL,NULL,NULL,NULL,NULL,NULL)::summary) IS NULL,
          'score: a summary with a NULL field read gives NULL');
SELECT throws_ok($$SELECT rfm_score('bins=5; r=1,2,3,4; f=1,2,3,4; m=1,2,3,4', ROW('2020-01-01','2020-01-01',1,1,0,0,0,7,'NaN',1,0,NULL,NULL,NULL,NULL,'day')::summary)$$,
                 '22023', 'monetary must be a finite number', 'score: summary with a NaN total');
SELECT results_eq($$SELECT (rfm_score('bins=3; r=10,20; f=1,2; m=5,6', -1e308, -1e308, 1e308)).*$$,
                  $$VALUES (3, 1, 3, '313', NULL::text)$$, 'score: extreme finite values; no segments for 3 bins');
SELECT results_eq($$SELECT (rfm_score('bins=3; r=10,20; f=1,2; m=5,6', 10, 1, 5)).*$$,
                  $$VALUES (3, 1, 1, '311', NULL::text)$$, 'score: values equal to the cuts (strictly below counts)');

-- ---------- rfm_segments ----------
SELECT throws_ok($$INSERT INTO rfm_segments (name, priority, bins, r_min, r_max, f_min, f_max, m_min, m_max) VALUES ('x', 1, 10, 1, 1, 1, 1, 1, 1)$$,
                 '23514', 'new row for relation "rfm_segments" violates check constraint "rfm_segments_bins_check"', 'segments: bins 10');
SELECT throws_ok($$INSERT INTO rfm_segments (name, priority, bins, r_min, r_max, f_min, f_max, m_min, m_max) VALUES ('x', 1, 5, 3, 2, 1, 1, 1, 1)$$,
                 '23514', 'new row for relation "rfm_segments" violates check constraint "rfm_segments_check"', 'segments: r_min > r_max');
SELECT throws_ok($$INSERT INTO rfm_segments (name, priority, bins, r_min, r_max, f_min, f_max, m_min, m_max) VALUES (NULL, 1, 5, 1, 2, 1, 1, 1, 1)$$,
                 '23502', 'null value in column "name" of relation "rfm_segments" violates not-null constraint', 'segments: NULL name');
INSERT INTO rfm_segments (name, priority, bins, r_min, r_max, f_min, f_max, m_min, m_max)
VALUES ('', -2147483648, 5, 1, 5, 1, 5, 1, 5),
       (E'Robert''); DROP TABLE portfolio.rfm_segments; --', 0, 3, 1, 3, 1, 3, 1, 3);
SELECT is((rfm_score('bins=5; r=10,20,30,40; f=1,2,3,4; m=5,6,7,8', 0, 100, 100)).segment, '',
          'segments: an empty name with the smallest priority wins');
SELECT is((rfm_score('bins=3; r=10,20; f=1,2; m=5,6', 10, 1, 5)).segment, E'Robert''); DROP TABLE portfolio.rfm_segments; --',
          'segments: a name that looks like SQL is only a name');
SELECT throws_ok($$INSERT INTO rfm_segments (name, priority, bins, r_min, r_max, f_min, f_max, m_min, m_max) VALUES ('', 1, 5, 1, 5, 1, 5, 1, 5)$$,
                 '23505', 'duplicate key value violates unique constraint "rfm_segments_pkey"', 'segments: a duplicate user row');
UPDATE rfm_segments SET enabled = false WHERE bins = 3;
SELECT is((rfm_score('bins=3; r=10,20; f=1,2; m=5,6', 10, 1, 5)).segment, 'Others', 'segments: every row of a bins disabled gives Others');
SELECT throws_ok($$SELECT rfm_segments_mark_edited()$$, '0A000', 'trigger functions can only be called as triggers',
                 'segments: trigger function called directly');

SELECT * FROM finish();
ROLLBACK;
