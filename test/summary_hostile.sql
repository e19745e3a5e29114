-- Hostile input for summarize (all six overloads), the summary type and
-- period_start: every case has a documented value or a specific SQLSTATE
-- and message.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS portfolio;
SET LOCAL search_path = portfolio, public;
SELECT plan(76);

-- Customers' orders for the cases that need a table (customer 1 and 2).
CREATE TEMP TABLE tx AS SELECT * FROM (VALUES (1, DATE '2020-01-01', 10.0), (1, '2020-02-15', 5.5), (2, '2020-03-01', 7.0)) t(customer, txn_date, amount);

-- ---------- NULL arguments ----------
SELECT throws_ok($$SELECT summarize(d, 1.0, NULL::date) FROM (VALUES (DATE '2020-01-01')) t(d)$$,
                 '22004', 'as_of must not be null', 'numeric, no unit: NULL as_of');
SELECT throws_ok($$SELECT summarize(d, 1.0::float8, NULL::date) FROM (VALUES (DATE '2020-01-01')) t(d)$$,
                 '22004', 'as_of must not be null', 'float8, no unit: NULL as_of');
SELECT throws_ok($$SELECT summarize(d, 1.0, '2020-01-01', NULL::text) FROM (VALUES (DATE '2020-01-01')) t(d)$$,
                 '22004', 'unit must not be null', 'numeric, text unit: NULL unit');
SELECT throws_ok($$SELECT summarize(d, 1.0::float8, '2020-01-01', NULL::text) FROM (VALUES (DATE '2020-01-01')) t(d)$$,
                 '22004', 'unit must not be null', 'float8, text unit: NULL unit');
SELECT throws_ok($$SELECT summarize(d, 1.0, '2020-01-01', NULL::period_unit) FROM (VALUES (DATE '2020-01-01')) t(d)$$,
                 '22004', 'unit must not be null', 'numeric, enum unit: NULL unit');
SELECT throws_ok($$SELECT summarize(d, 1.0::float8, '2020-01-01', NULL::period_unit) FROM (VALUES (DATE '2020-01-01')) t(d)$$,
                 '22004', 'unit must not be null', 'float8, enum unit: NULL unit');
SELECT throws_ok($$SELECT summarize(NULL::date, NULL::numeric, NULL::date)$$,
                 '22004', 'as_of must not be null', 'a NULL as_of is an error even on a row that is skipped');
SELECT ok(summarize(NULL::date, 1.0, '2020-01-01') IS NULL, 'a NULL date is skipped: NULL summary');
SELECT ok(summarize('2020-01-01'::date, NULL::numeric, '2020-01-01') IS NULL, 'a NULL numeric amount is skipped');
SELECT ok(summarize('2020-01-01'::date, NULL::float8, '2020-01-01', 'week') IS NULL, 'a NULL float8 amount is skipped');
SELECT ok(summarize(NULL::date, 'NaN'::float8, '2020-01-01') IS NULL, 'a NaN amount on a row with a NULL date is skipped, not checked');
SELECT is((SELECT (summarize(d, a, '2020-12-31')).transactions
             FROM (VALUES (DATE '2020-01-01', 1.0), (NULL, 5.0), ('2020-02-01', NULL)) t(d, a)),
          1::bigint, 'only the row with a date and an amount counts');

-- ---------- empty and all-NULL input, also under a forced parallel plan ----------
CREATE TABLE public.hs_empty (d date, a numeric, f float8) WITH (parallel_workers = 2);
SELECT ok(summarize(d, a, '2020-01-01') IS NULL, 'no rows: NULL') FROM hs_empty;
SELECT ok(summarize(d, f, '2020-01-01', 'month'::period_unit) IS NULL, 'no rows, enum unit: NULL') FROM hs_empty;
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SET LOCAL max_parallel_workers_per_gather = 2;
\ir lib/plans.sql
SELECT matches(pg_temp.plan_of($$SELECT summarize(d, a, '2020-01-01') FROM hs_empty$$), 'Partial Aggregate',
               'the empty table gets a parallel plan');
SELECT results_eq($$SELECT summarize(d, a, '2020-01-01') IS NULL, summarize(d, f, '2020-01-01') IS NULL,
                           summarize(d, a, '2020-01-01', 'week') IS NULL, summarize(d, f, '2020-01-01', 'week') IS NULL,
                           summarize(d, a, '2020-01-01', 'week'::period_unit) IS NULL,
                           summarize(d, f, '2020-01-01', 'week'::period_unit) IS NULL FROM hs_empty$$,
                  $$VALUES (true, true, true, true, true, true)$$, 'parallel, no rows: every overload gives NULL');
INSERT INTO hs_empty SELECT NULL, NULL, NULL FROM generate_series(1, 2000);
ANALYZE hs_empty;
SELECT results_eq($$SELECT summarize(d, a, '2020-01-01') IS NULL, summarize(d, f, '2020-01-01') IS NULL,
                           summarize(d, a, '2020-01-01', 'quarter') IS NULL, summarize(d, f, '2020-01-01', 'quarter') IS NULL,
                           summarize(d, a, '2020-01-01', 'day'::period_unit) IS NULL,
                           summarize(d, f, '2020-01-01', 'day'::period_unit) IS NULL FROM hs_empty$$,
                  $$VALUES (true, true, true, true, true, true)$$, 'parallel, all-NULL rows: every overload gives NULL');
UPDATE hs_empty SET d = '2019-06-01', a = 2, f = 2 WHERE ctid = '(0,1)';
SELECT results_eq($$SELECT (summarize(d, a, '2020-01-01')).total_amount, (summarize(d, f, '2020-01-01', 'month'::period_unit)).total_amount FROM hs_empty$$,
                  $$VALUES (2::numeric, 2::numeric)$$, 'parallel, one real row among NULLs: its amount');
RESET parallel_setup_cost; RESET parallel_tuple_cost; RESET min_parallel_table_scan_size; RESET max_parallel_workers_per_gather;

-- ---------- units ----------
SELECT is((summarize(DATE '2020-01-01', 1.0, '2020-01-01', 'MONTH')).unit, 'month', 'a text unit is case-insensitive');
SELECT is((summarize(DATE '2020-01-01', 1.0::float8, '2020-01-01', 'Quarter')).unit, 'quarter', 'mixed case, float8');
SELECT throws_ok($$SELECT summarize(DATE '2020-01-01', 1.0, '2020-01-01', '')$$,
                 '22023', 'unknown period unit ""', 'empty unit');
SELECT throws_ok($$SELECT summarize(DATE '2020-01-01', 1.0::float8, '2020-01-01', 'fortnight')$$,
                 '22023', 'unknown period unit "fortnight"', 'unknown unit');
SELECT throws_ok($$SELECT summarize(DATE '2020-01-01', 1.0, '2020-01-01', ' month')$$,
                 '22023', 'unknown period unit " month"', 'a unit with a leading space');
SELECT throws_ok($$SELECT portfolio.summarize(txn_date, amount, '2020-03-30', 'year') FROM tx$$, '22023', 'unknown period unit "year"', 'a unit that is not one: year');
SELECT throws_ok($$SELECT summarize(DATE '2020-01-01', 1.0, '2020-01-01', E'day\\x00')$$,
                 '22023', 'unknown period unit "day\x00"', 'a unit with an embedded escape');
SELECT throws_ok($$SELECT summarize(DATE '2020-01-01', 1.0, '2020-01-01', 'fortnight'::period_unit)$$,
                 '22P02', 'invalid input value for enum period_unit: "fortnight"', 'an unknown enum label');
SELECT throws_ok($$SELECT summarize(DATE '2020-01-01', 1.0, '2020-01-01', 'Month'::period_unit)$$,
                 '22P02', 'invalid input value for enum period_unit: "Month"', 'enum labels are case-sensitive');
SELECT throws_ok($$SELECT summarize(DATE '2020-01-01', 1.0, '2020-05-01', u) FROM (VALUES ('day'), ('week')) t(u)$$,
                 '22023', 'unit must be the same for every row of a group', 'two units in one group');
SELECT throws_ok($$SELECT portfolio.summarize(txn_date, amount, '2020-03-30', CASE WHEN customer = 1 THEN 'day' ELSE 'week' END::portfolio.period_unit) FROM tx$$, '22023', 'unit must be the same for every row of a group', 'two enum units in one group');
SELECT is((SELECT (summarize(DATE '2020-01-01', 1.0, '2020-05-01', u)).transactions FROM (VALUES ('day'), ('DAY')) t(u)),
          2::bigint, 'day and DAY are one unit');
SELECT throws_ok($$SELECT summarize(d, 1.0, d) FROM (VALUES (DATE '2020-05-01'), ('2020-05-02')) t(d)$$,
                 '22023', 'as_of must be the same for every row of a group', 'two as_of dates in one group');

-- ---------- extreme dates ----------
SELECT throws_ok($$SELECT summarize(DATE 'infinity', 1.0, '2020-01-01')$$,
                 '22008', 'txn_date must be a finite date', 'infinity as txn_date');
SELECT throws_ok($$SELECT summarize(DATE '-infinity', 1.0::float8, '2020-01-01', 'week')$$,
                 '22008', 'txn_date must be a finite date', '-infinity as txn_date');
SELECT throws_ok($$SELECT portfolio.summarize(d, 1::numeric, '2020-01-01') FROM (VALUES (DATE '-infinity')) v(d)$$, '22008', 'txn_date must be a finite date', 'numeric, no unit: -infinity as txn_date');
SELECT throws_ok($$SELECT summarize(DATE '2020-01-01', 1.0, 'infinity', 'month'::period_unit)$$,
                 '22008', 'as_of must be a finite date', 'infinity as as_of');
SELECT throws_ok($$SELECT portfolio.summarize(txn_date, amount, 'infinity') FROM tx$$, '22008', 'as_of must be a finite date', 'numeric, no unit: infinity as as_of');
SELECT throws_ok($$SELECT summarize(DATE '2020-01-01', 1.0::float8, '-infinity')$$,
                 '22008', 'as_of must be a finite date', '-infinity as as_of');
SELECT results_eq($$SELECT (s).days_since_last, (s).recency, (s).age, (s).mean_gap, (s).max_gap
                      FROM (SELECT summarize(d, 1.0, '5874897-12-31') s
                              FROM (VALUES (DATE '4713-01-01 BC'), ('5874897-12-31')) t(d)) q$$,
                  $$VALUES (0, 2147483455::float8, 2147483455::float8, 2147483455::float8, 2147483455)$$,
                  'the widest span of dates: day counts fit their int and float8 columns');
SELECT results_eq($$SELECT u, (s).frequency, (s).recency
                      FROM (SELECT u, summarize(d, 1.0::float8, '5874897-12-31', u::period_unit) s
                              FROM (VALUES (DATE '4714-11-24 BC'), ('5874897-12-31')) t(d),
                                   unnest(ARRAY['day', 'week', 'month', 'quarter']) u GROUP BY u) q ORDER BY u$$,
                  $$VALUES ('day', 1, 2147483493::float8), ('month', 1, 70555321::float8),
                           ('quarter', 1, 23518440::float8), ('week', 1, 306783356::float8)$$,
                  'first and last date PostgreSQL stores, every unit: periods counted without overflow');
SELECT is((SELECT (summarize(d, 1.0, '4714-11-24 BC', 'week')).age FROM (VALUES (DATE '4714-11-24 BC')) t(d)),
          0::float8, 'a purchase on the first storable date, whose week starts before it');
SELECT ok((SELECT summarize(d, 1.0, '2020-01-01') IS NULL FROM (VALUES (DATE '2020-01-02'), ('2021-01-01')) t(d)),
          'every row after as_of: NULL');
SELECT results_eq($$SELECT (s).first_date, (s).last_date, (s).transactions, (s).periods, (s).total_amount, (s).mean_gap, (s).max_gap
                      FROM (SELECT summarize(d, a, '2020-12-31') s
                              FROM (VALUES (DATE '2020-05-01', 3.0), ('2020-01-01', 1.0), ('2021-01-01', 50.0),
                                           ('2020-03-01', 2.0), ('2020-01-01', 4.0)) t(d, a)) q$$,
                  $$VALUES (DATE '2020-01-01', DATE '2020-05-01', 4::bigint, 3, 10.0, 60.5::float8, 61)$$,
                  'dates out of order, a repeated date and a row after as_of');

-- ---------- zero, negative, NaN and infinite amounts ----------
SELECT results_eq($$SELECT (s).transactions, (s).total_amount, (s).monetary
                      FROM (SELECT summarize(d, a, '2020-12-31') s
                              FROM (VALUES (DATE '2020-05-01', 0.0), ('2020-05-02', -0.0)) t(d, a)) q$$,
                  $$VALUES (2::bigint, 0.0, 0.0)$$, 'zero and negative zero amounts are purchases');
SELECT ok((SELECT summarize(d, a, '2020-12-31') IS NULL FROM (VALUES (DATE '2020-05-01', -1.0), ('2020-05-02', -2.0)) t(d, a)),
          'only returns: NULL');
SELECT results_eq($$SELECT (s).transactions, (s).total_amount, (s).avg_amount
                      FROM (SELECT summarize(d, a, '2020-12-31') s
                              FROM (VALUES (DATE '2020-05-01', 1.0), ('2020-05-01', -5.0)) t(d, a)) q$$,
                  $$VALUES (1::bigint, -4.0, -4.0)$$, 'a return larger than the day''s purchase: negative total, as documented');
SELECT throws_ok($$SELECT summarize(DATE '2020-01-01', 'NaN'::numeric, '2020-01-01')$$,
                 '22023', 'amount must be a finite number', 'numeric NaN');
SELECT throws_ok($$SELECT summarize(DATE '2020-01-01', 'Infinity'::numeric, '2020-01-01', 'week')$$,
                 '22023', 'amount must be a finite number', 'numeric Infinity');
SELECT throws_ok($$SELECT summarize(DATE '2020-01-01', '-Infinity'::numeric, '2020-01-01', 'week'::period_unit)$$,
                 '22023', 'amount must be a finite number', 'numeric -Infinity');
SELECT throws_ok($$SELECT portfolio.summarize(txn_date, '-Infinity'::numeric, '2020-03-30') FROM tx$$, '22023', 'amount must be a finite number', 'numeric -Infinity, no unit');
SELECT throws_ok($$SELECT summarize(DATE '2020-01-01', 'NaN'::float8, '2020-01-01')$$,
                 '22023', 'amount must be a finite number', 'float8 NaN');
SELECT throws_ok($$SELECT portfolio.summarize(txn_date, 'Infinity'::float8, '2020-03-30') FROM tx$$, '22023', 'amount must be a finite number', 'float8 Infinity, no unit');
SELECT throws_ok($$SELECT summarize(DATE '2020-01-01', 'Infinity'::float8, '2020-01-01', 'month')$$,
                 '22023', 'amount must be a finite number', 'float8 Infinity');
SELECT throws_ok($$SELECT summarize(DATE '2020-01-01', '-Infinity'::float8, '2020-01-01', 'month'::period_unit)$$,
                 '22023', 'amount must be a finite number', 'float8 -Infinity');
SELECT ok(summarize(DATE '2021-01-01', 'NaN'::float8, '2020-01-01') IS NULL,
          'a NaN amount after as_of is ignored with its row');

-- ---------- huge values ----------
SELECT ok((SELECT (summarize(d, a, '2020-12-31')).total_amount = 2 * '1e130000'::numeric
             FROM (VALUES (DATE '2020-05-01', '1e130000'::numeric), ('2020-05-02', '1e130000'::numeric)) t(d, a)),
          'numeric amounts of 1e130000 add up exactly');
SELECT is((SELECT (summarize(d, a, '2020-12-31')).total_amount
             FROM (VALUES (DATE '2020-05-01', 9223372036854775807::numeric), ('2020-05-01', 9223372036854775807::numeric),
                          ('2020-05-02', 1::numeric)) t(d, a)),
          18446744073709551615::numeric, 'a day whose total overflows int64, then a new date: exact');
SELECT is((SELECT (summarize(d, a, '2020-12-31', 'month')).monetary
             FROM (VALUES (DATE '2020-04-01', 1::numeric), ('2020-05-01', 9223372036854775807::numeric),
                          ('2020-05-02', 9223372036854775807::numeric), ('2020-05-03', 0.5)) t(d, a)),
          18446744073709551614.5::numeric, 'a month total beyond int64 with mixed scales: exact monetary');
SELECT is((SELECT (summarize(d, a, '2020-12-31')).total_amount
             FROM (VALUES (DATE '2020-05-01', 0.000000000000000000000000000000000000000000001::numeric), ('2020-05-01', 1e20::numeric)) t(d, a)),
          100000000000000000000.000000000000000000000000000000000000000000001::numeric, 'a 45-decimal amount stays exact');
SELECT throws_ok($$SELECT summarize(d, a, '2020-12-31') FROM (VALUES (DATE '2020-05-01', 1.7e308::float8), ('2020-05-01', 1.7e308::float8)) t(d, a)$$,
                 '22003', 'sum of float8 amounts is out of range', 'float8 amounts of one day beyond the float8 range');
SELECT throws_ok($$SELECT summarize(d, a, '2020-12-31', 'month') FROM (VALUES (DATE '2020-05-01', 1.7e308::float8), ('2020-05-02', 1.7e308::float8)) t(d, a)$$,
                 '22003', 'sum of float8 amounts is out of range', 'float8 period total beyond the float8 range');
SELECT throws_ok($$SELECT portfolio.summarize(d, 1e308::float8, '2020-03-30') FROM (VALUES (DATE '2020-01-01'), ('2020-01-02')) v(d)$$, '22003', 'sum of float8 amounts is out of range', 'float8 total of two days beyond the float8 range');
SELECT is((SELECT (summarize(d, a, '2020-12-31')).total_amount
             FROM (VALUES (DATE '2020-05-01', 1.7e308::float8), ('2020-05-02', -1.7e308::float8)) t(d, a)),
          1.7e308::float8::numeric, 'a return of -1.7e308 on a day without purchases is dropped, as documented');
SELECT is((SELECT (summarize(d::date, 1.0, '2020-12-31')).transactions FROM generate_series(DATE '2020-01-01', '2020-12-31', '1 day') d),
          366::bigint, 'many distinct dates grow the state past its first buffer');
SELECT is((SELECT (summarize('2020-06-01'::date, 1.0::float8, '2020-12-31')).transactions FROM generate_series(1, 100000)),
          100000::bigint, '100000 purchases on one day');

-- (The transition, combine, serialize, deserialize and final functions take
-- internal, which SQL cannot pass: 'cannot cast type unknown to internal'.)

-- ---------- the summary type ----------
SELECT is('(2020-01-01,2020-01-01,1,1,0,0,0,0,1,1,0,,,,,day)'::summary::text,
          '(2020-01-01,2020-01-01,1,1,0,0,0,0,1,1,0,,,,,day)', 'a summary round-trips as text');
SELECT throws_ok($$SELECT portfolio_internal.summarize_numeric_accum(NULL, '2020-01-01', 1, '2020-01-01', 'day')$$, '42883', 'function portfolio_internal.summarize_numeric_accum(unknown, unknown, integer, unknown, unknown) does not exist', 'the transition function is only for the aggregate');
SELECT is((SELECT s::text::summary = s FROM (SELECT summarize(d, a, '2020-12-31', 'week') s
             FROM (VALUES (DATE '2020-01-01', 1.25), ('2020-03-01', 7.5), ('2020-03-09', 0)) t(d, a)) q),
          true, 'a summary from summarize: out then in gives the same value');
SELECT throws_ok($$SELECT '(garbage)'::summary$$, '22007', 'invalid input syntax for type date: "garbage"',
                 'malformed summary text');
SELECT throws_ok($$SELECT '(2020-01-01,2020-01-01,1,1,0,0,0,0,1,1,0,,,,,day,extra)'::summary$$, '22P02',
                 'malformed record literal: "(2020-01-01,2020-01-01,1,1,0,0,0,0,1,1,0,,,,,day,extra)"',
                 'a summary with an extra field');

-- ---------- period_start ----------
SELECT results_eq($$SELECT period_start('infinity', 'week'), period_start('-infinity', 'month')$$,
                  $$VALUES (DATE 'infinity', DATE '-infinity')$$, 'period_start: infinities unchanged');
SELECT is(period_start('4714-11-24 BC', 'week'), DATE '4714-11-24 BC', 'period_start: the first date is a Monday');
SELECT throws_ok($$SELECT period_start('4714-11-24 BC', 'month')$$, '22008', 'date out of range', 'period_start: a month starting before the first date');
SELECT results_eq($$SELECT period_start('5874897-12-31', 'week'), period_start('5874897-12-31', 'quarter')$$,
                  $$VALUES (DATE '5874897-12-30', DATE '5874897-10-01')$$, 'period_start: the last date');
SELECT throws_ok($$SELECT period_start('2020-01-01', '')$$, '22023', 'unknown period unit ""', 'period_start: empty unit');
SELECT throws_ok($$SELECT portfolio.period_start('2020-01-01', 'year')$$, '22023', 'unknown period unit "year"', 'period_start: unknown unit');
SELECT ok(period_start('2020-01-01', NULL) IS NULL AND period_start(NULL, 'day') IS NULL, 'period_start: STRICT');

SELECT * FROM finish();
ROLLBACK;
