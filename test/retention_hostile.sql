-- Hostile input for activity (both overloads and its type), cohort_matrix,
-- cohort_retention (both), period_retention, retention_by_period (both),
-- activity_as_of, and their support functions called directly with
-- hand-written states.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS portfolio;
SET LOCAL search_path = portfolio, portfolio_internal, public;
SELECT plan(133);

-- Orders of customers 1 and 2 for the cases that need a table.
CREATE TEMP TABLE tx AS SELECT * FROM (VALUES (1, DATE '2020-01-05', 10.00::numeric(10, 2)), (1, '2020-02-07', 20.00), (2, '2020-02-10', 7.00), (2, '2020-03-02', 3.00)) t(customer, txn_date, amount);

-- ---------- activity: arguments ----------
SELECT throws_ok($$SELECT activity(DATE '2020-01-01', 1.0, NULL, 'day')$$, '22004', 'as_of must not be null', 'activity: NULL as_of');
SELECT throws_ok($$SELECT activity(DATE '2020-01-01', 1.0, '2020-01-01', NULL::text)$$, '22004', 'unit must not be null', 'activity: NULL text unit');
SELECT throws_ok($$SELECT activity(DATE '2020-01-01', 1.0, '2020-01-01', NULL::period_unit)$$, '22004', 'unit must not be null', 'activity: NULL enum unit');
SELECT throws_ok($$SELECT activity(DATE '2020-01-01', 1.0, '2020-01-01', '')$$, '22023', 'unknown period unit ""', 'activity: empty unit');
SELECT throws_ok($$SELECT portfolio.activity(txn_date, amount, '2020-04-30', 'fortnight') FROM tx$$, '22023', 'unknown period unit "fortnight"', 'activity: unknown unit');
SELECT throws_ok($$SELECT portfolio.activity(txn_date, amount, 'infinity', 'month') FROM tx$$, '22008', 'as_of must be a finite date', 'activity: infinite as_of, text unit');
SELECT throws_ok($$SELECT activity(DATE '2020-01-01', 1.0, '2020-01-01', 'fortnight'::period_unit)$$, '22P02',
                 'invalid input value for enum period_unit: "fortnight"', 'activity: unknown enum label');
SELECT is(activity(DATE '2020-01-01', 1.0, '2020-01-01', 'WEEK')::text, 'week as of 2020-01-01, scale 1: 2019-12-30 1.0', 'activity: unit any case');
SELECT throws_ok($$SELECT activity(DATE 'infinity', 1.0, '2020-01-01', 'day')$$, '22008', 'txn_date must be a finite date', 'activity: infinity date');
SELECT throws_ok($$SELECT activity(DATE '2020-01-01', 1.0, '-infinity', 'day'::period_unit)$$, '22008', 'as_of must be a finite date', 'activity: -infinity as_of');
SELECT throws_ok($$SELECT activity(DATE '2020-01-01', 'NaN', '2020-01-01', 'day')$$, '22023', 'amount must be a finite number', 'activity: NaN');
SELECT throws_ok($$SELECT activity(DATE '2020-01-01', 'Infinity', '2020-01-01', 'day')$$, '22023', 'amount must be a finite number', 'activity: Infinity');
SELECT throws_ok($$SELECT activity(DATE '2020-01-01', '-Infinity', '2020-01-01', 'day'::period_unit)$$, '22023', 'amount must be a finite number', 'activity: -Infinity');
SELECT ok(activity(NULL::date, 1.0, '2020-01-01', 'day') IS NULL, 'activity: a NULL date is skipped');
SELECT ok(activity(DATE '2020-01-01', NULL::numeric, '2020-01-01', 'day') IS NULL, 'activity: a NULL amount is skipped');
SELECT ok(activity(DATE '2020-02-01', 1.0, '2020-01-01', 'day') IS NULL, 'activity: a row after as_of is ignored');
SELECT ok(activity(DATE '2020-01-01', -1.0, '2020-01-01', 'day') IS NULL, 'activity: only a return: NULL');
SELECT is((SELECT activity(d, a, '2020-12-31', 'month')::text FROM (VALUES (DATE '2020-05-01', 0.0), ('2020-01-01', 2.5), ('2020-05-09', -1)) t(d, a)),
          'month as of 2020-12-31, scale 1: 2020-01-01 2.5; 2020-05-01 -1.0', 'activity: out of order, zero and a return in a purchase month');
SELECT is((SELECT activity(d, 1.0, '5874897-12-31', 'day')::text FROM (VALUES (DATE '4713-01-01 BC'), ('5874897-12-31')) t(d)),
          'day as of 5874897-12-31, scale 1: -4712-01-01 1.0; 5874897-12-31 1.0', 'activity: the widest dates (years astronomical)');
SELECT is((SELECT activity(d, 1.0, '5874897-12-31', 'week'::period_unit)::text FROM (VALUES (DATE '4714-11-24 BC')) t(d)),
          'week as of 5874897-12-31, scale 1: -4713-11-24 1.0', 'activity: the first storable date, a Monday');
SELECT throws_ok($$SELECT activity(DATE '2020-01-01', 1e-39, '2020-01-01', 'day')$$, '22003',
                 'amount 0.000000000000000000000000000000000000001 has too many digits for an exact revenue total', 'activity: 39 decimals');
SELECT throws_ok($$SELECT activity(d, 99999999999999999999999999999999999999, '2020-01-01', 'day') FROM (VALUES (DATE '2020-01-01'), ('2020-01-01')) t(d)$$, '22003',
                 'amount 199999999999999999999999999999999999998 has too many digits for an exact revenue total', 'activity: a day total beyond 38 digits');
SELECT throws_ok($$SELECT activity(DATE '2020-01-01', 1e130000, '2020-01-01', 'day')$$, '22003',
                 'amount ' || 1e130000::text || ' has too many digits for an exact revenue total', 'activity: 1e130000');
SELECT throws_ok($$SELECT portfolio.activity('2020-01-01', 1e39, '2020-04-30', 'month')$$, '22003', 'amount 1000000000000000000000000000000000000000 has too many digits for an exact revenue total', 'activity: 1e39, a 40-digit amount');

-- ---------- activity: text ----------
SELECT throws_ok($$SELECT ''::activity$$, '22P02', 'invalid input syntax for type portfolio.activity: ""', 'activity text: empty');
SELECT throws_ok($$SELECT 'garbage'::activity$$, '22P02', 'invalid input syntax for type portfolio.activity: "garbage"', 'activity text: garbage');
SELECT throws_ok($$SELECT 'month as of 2020-04-30, scale 2:'::activity$$, '22P02',
                 'invalid input syntax for type portfolio.activity: "month as of 2020-04-30, scale 2:"', 'activity text: no period');
SELECT throws_ok($$SELECT 'month as of 2020-04-30, scale 2: 2020-01-01 1.00; 2020-01-01 2.00'::activity$$, '22P02',
                 'invalid input syntax for type portfolio.activity: "month as of 2020-04-30, scale 2: 2020-01-01 1.00; 2020-01-01 2.00"', 'activity text: duplicated period');
SELECT throws_ok($$SELECT 'month as of 2020-04-30, scale 2: 2020-02-01 1.00; 2020-01-01 2.00'::activity$$, '22P02',
                 'invalid input syntax for type portfolio.activity: "month as of 2020-04-30, scale 2: 2020-02-01 1.00; 2020-01-01 2.00"', 'activity text: periods out of order');
SELECT throws_ok($$SELECT 'month as of 2020-04-30, scale 2: 2020-05-01 1.00'::activity$$, '22P02',
                 'invalid input syntax for type portfolio.activity: "month as of 2020-04-30, scale 2: 2020-05-01 1.00"', 'activity text: a period after as_of');
SELECT throws_ok($$SELECT 'month as of 2020-04-30, scale 2: 2020-01-02 1.00'::activity$$, '22P02',
                 'invalid input syntax for type portfolio.activity: "month as of 2020-04-30, scale 2: 2020-01-02 1.00"', 'activity text: not the first day of a month');
SELECT throws_ok($$SELECT 'month as of 2020-04-30, scale 2: 2020-01-02 1'::portfolio.activity$$, '22P02', 'invalid input syntax for type portfolio.activity: "month as of 2020-04-30, scale 2: 2020-01-02 1"', 'activity text: not the first day of a month, no decimals');
SELECT throws_ok($$SELECT 'month as of 2020-04-30, scale 2: 2020-02-01 1; 2020-01-01 1'::portfolio.activity$$, '22P02', 'invalid input syntax for type portfolio.activity: "month as of 2020-04-30, scale 2: 2020-02-01 1; 2020-01-01 1"', 'activity text: periods out of order, no decimals');
SELECT throws_ok($$SELECT 'month as of 2020-04-30, scale 2: 2020-05-01 1'::portfolio.activity$$, '22P02', 'invalid input syntax for type portfolio.activity: "month as of 2020-04-30, scale 2: 2020-05-01 1"', 'activity text: a period after as_of, no decimals');
SELECT throws_ok($$SELECT 'month as of 2020-04-30, scale 2: 2020-01-01 1.234'::portfolio.activity$$, '22P02', 'invalid input syntax for type portfolio.activity: "month as of 2020-04-30, scale 2: 2020-01-01 1.234"', 'activity text: three decimals at scale 2');
SELECT throws_ok($$SELECT 'month as of 2020-04-30, scale 2: 2020-01-01 1.001'::activity$$, '22P02',
                 'invalid input syntax for type portfolio.activity: "month as of 2020-04-30, scale 2: 2020-01-01 1.001"', 'activity text: more decimals than the scale');
SELECT throws_ok($$SELECT 'month as of 2020-04-30, scale 39: 2020-01-01 1'::activity$$, '22P02',
                 'invalid input syntax for type portfolio.activity: "month as of 2020-04-30, scale 39: 2020-01-01 1"', 'activity text: scale 39');
SELECT throws_ok($$SELECT 'month as of 2020-04-30, scale -1: 2020-01-01 1'::activity$$, '22P02',
                 'invalid input syntax for type portfolio.activity: "month as of 2020-04-30, scale -1: 2020-01-01 1"', 'activity text: negative scale');
SELECT throws_ok($$SELECT 'month as of 2020-04-30, scale 99999999999999999999: 2020-01-01 1'::activity$$, '22P02',
                 'invalid input syntax for type portfolio.activity: "month as of 2020-04-30, scale 99999999999999999999: 2020-01-01 1"', 'activity text: huge scale');
SELECT throws_ok($$SELECT 'fortnight as of 2020-04-30, scale 2: 2020-01-01 1'::activity$$, '22P02',
                 'invalid input syntax for type portfolio.activity: "fortnight as of 2020-04-30, scale 2: 2020-01-01 1"', 'activity text: unknown unit');
SELECT throws_ok($$SELECT 'year as of 2020-04-30, scale 2: 2020-01-01 1'::portfolio.activity$$, '22P02', 'invalid input syntax for type portfolio.activity: "year as of 2020-04-30, scale 2: 2020-01-01 1"', 'activity text: unit year');
SELECT throws_ok($$SELECT 'month as of 2020-02-30, scale 2: 2020-01-01 1'::activity$$, '22P02',
                 'invalid input syntax for type portfolio.activity: "month as of 2020-02-30, scale 2: 2020-01-01 1"', 'activity text: 30 February');
SELECT throws_ok($$SELECT 'month as of infinity, scale 2: 2020-01-01 1'::activity$$, '22P02',
                 'invalid input syntax for type portfolio.activity: "month as of infinity, scale 2: 2020-01-01 1"', 'activity text: infinite as_of');
SELECT throws_ok($$SELECT 'month as of 2020-04-30, scale 2: 2020-01-01 1.00 junk'::activity$$, '22P02',
                 'invalid input syntax for type portfolio.activity: "month as of 2020-04-30, scale 2: 2020-01-01 1.00 junk"', 'activity text: trailing junk');
SELECT throws_ok($$SELECT 'month as of 2020-04-30, scale 2: 2020-01-01 1 2020-02-01 1'::portfolio.activity$$, '22P02', 'invalid input syntax for type portfolio.activity: "month as of 2020-04-30, scale 2: 2020-01-01 1 2020-02-01 1"', 'activity text: two periods without ";"');
SELECT throws_ok($$SELECT 'month as of 2020-04-30, scale 2: 2020-01-01 1; 2020-02-01'::portfolio.activity$$, '22P02', 'invalid input syntax for type portfolio.activity: "month as of 2020-04-30, scale 2: 2020-01-01 1; 2020-02-01"', 'activity text: a period without revenue');
SELECT throws_ok($$SELECT 'month as of 2020-04-30, scale 2: 2020-01-01 999999999999999999999999999999999999999999'::portfolio.activity$$, '22P02', 'invalid input syntax for type portfolio.activity: "month as of 2020-04-30, scale 2: 2020-01-01 999999999999999999999999999999999999999999"', 'activity text: 42 digits');
SELECT throws_ok($$SELECT 'month as of 2020-04-30, scale 2: 2020-01-01 1.00;'::activity$$, '22P02',
                 'invalid input syntax for type portfolio.activity: "month as of 2020-04-30, scale 2: 2020-01-01 1.00;"', 'activity text: truncated after ";"');
SELECT throws_ok($$SELECT 'month as of 2020-04-30, scale 2: 2020-01-01 NaN'::activity$$, '22P02',
                 'invalid input syntax for type portfolio.activity: "month as of 2020-04-30, scale 2: 2020-01-01 NaN"', 'activity text: NaN revenue');
SELECT throws_ok($$SELECT 'month as of 2020-04-30, scale 0: 2020-01-01 999999999999999999999999999999999999999'::activity$$, '22P02',
                 'invalid input syntax for type portfolio.activity: "month as of 2020-04-30, scale 0: 2020-01-01 999999999999999999999999999999999999999"', 'activity text: 39 digits');
SELECT throws_ok($$SELECT E'month as of 2020-04-30, scale 0: 2020-01-01 1\\000'::activity$$, '22P02',
                 'invalid input syntax for type portfolio.activity: "month as of 2020-04-30, scale 0: 2020-01-01 1\000"', 'activity text: embedded escape');
SELECT throws_ok($$SELECT 'day as of 5874898-01-01, scale 0: 2020-01-01 1'::activity$$, '22P02',
                 'invalid input syntax for type portfolio.activity: "day as of 5874898-01-01, scale 0: 2020-01-01 1"', 'activity text: as_of beyond the last date');
SELECT is('MONTH as of 2020-04-30, scale 0: 2020-01-01 -99999999999999999999999999999999999999'::activity::text,
          'month as of 2020-04-30, scale 0: 2020-01-01 -99999999999999999999999999999999999999', 'activity text: unit any case, 38 digits');
SELECT is((SELECT a::text::activity::text = a::text FROM (SELECT activity(d, x, '2021-03-31', 'quarter') a
             FROM (VALUES (DATE '2020-01-05', 1.5), ('2020-08-01', 0.125), ('2021-02-01', -0.1), ('2021-02-02', 7)) t(d, x)) q),
          true, 'activity: out then in gives the same value');

-- ---------- cohort_matrix and period_retention: text ----------
SELECT throws_ok($$SELECT ''::cohort_matrix$$, '22P02', 'invalid input syntax for type portfolio.cohort_matrix: ""', 'matrix text: empty');
SELECT is('month as of 2020-04-30, scale 2:'::cohort_matrix::text, 'month as of 2020-04-30, scale 2:', 'matrix text: no cohorts');
SELECT throws_ok($$SELECT 'month as of 2020-02-29, scale 0: 2020-01-01 size 2: 1 0, 0 0'::cohort_matrix$$, '22P02',
                 'invalid portfolio.cohort_matrix: "month as of 2020-02-29, scale 0: 2020-01-01 size 2: 1 0, 0 0"', 'matrix text: a member not active at offset 0');
SELECT throws_ok($$SELECT 'month as of 2020-02-29, scale 0: 2020-01-01 size 2: 2 0, 3 0'::cohort_matrix$$, '22P02',
                 'invalid portfolio.cohort_matrix: "month as of 2020-02-29, scale 0: 2020-01-01 size 2: 2 0, 3 0"', 'matrix text: more active than members');
SELECT throws_ok($$SELECT 'month as of 2020-02-29, scale 0: 2020-01-01 size 2: 1 5, 1 5'::portfolio.cohort_matrix$$, '22P02', 'invalid portfolio.cohort_matrix: "month as of 2020-02-29, scale 0: 2020-01-01 size 2: 1 5, 1 5"', 'matrix text: a member not active at offset 0, with revenue');
SELECT throws_ok($$SELECT 'month as of 2020-02-29, scale 0: 2020-01-01 size 2: 2 5, 3 5'::portfolio.cohort_matrix$$, '22P02', 'invalid portfolio.cohort_matrix: "month as of 2020-02-29, scale 0: 2020-01-01 size 2: 2 5, 3 5"', 'matrix text: more active than members, with revenue');
SELECT throws_ok($$SELECT 'month as of 2020-02-29, scale 0: 2020-01-01 size 2: 2 0'::cohort_matrix$$, '22P02',
                 'invalid input syntax for type portfolio.cohort_matrix: "month as of 2020-02-29, scale 0: 2020-01-01 size 2: 2 0"', 'matrix text: a missing offset');
SELECT throws_ok($$SELECT 'month as of 2020-02-29, scale 0: 2020-01-01 size 2: 2 5'::portfolio.cohort_matrix$$, '22P02', 'invalid input syntax for type portfolio.cohort_matrix: "month as of 2020-02-29, scale 0: 2020-01-01 size 2: 2 5"', 'matrix text: a missing offset, with revenue');
SELECT throws_ok($$SELECT 'month as of 2020-02-29, scale 0: 2020-01-01 size 2: 2 0, 1 0, 1 0'::cohort_matrix$$, '22P02',
                 'invalid input syntax for type portfolio.cohort_matrix: "month as of 2020-02-29, scale 0: 2020-01-01 size 2: 2 0, 1 0, 1 0"', 'matrix text: an offset after as_of');
SELECT throws_ok($$SELECT 'month as of 2020-02-29, scale 0: 2020-01-01 size 0: 0 0, 0 0'::cohort_matrix$$, '22P02',
                 'invalid input syntax for type portfolio.cohort_matrix: "month as of 2020-02-29, scale 0: 2020-01-01 size 0: 0 0, 0 0"', 'matrix text: an empty cohort');
SELECT throws_ok($$SELECT 'month as of 2020-02-29, scale 0: 2020-01-01 size -1: -1 0, 0 0'::cohort_matrix$$, '22P02',
                 'invalid input syntax for type portfolio.cohort_matrix: "month as of 2020-02-29, scale 0: 2020-01-01 size -1: -1 0, 0 0"', 'matrix text: negative size');
SELECT throws_ok($$SELECT 'month as of 2020-02-29, scale 0: 2020-01-01 size 2: 2 0, -1 0'::cohort_matrix$$, '22P02',
                 'invalid input syntax for type portfolio.cohort_matrix: "month as of 2020-02-29, scale 0: 2020-01-01 size 2: 2 0, -1 0"', 'matrix text: negative active count');
SELECT throws_ok($$SELECT 'month as of 2020-02-29, scale 0: 2020-01-01 size 2: 2 0, 1 0; 2020-01-01 size 2: 2 0, 1 0'::cohort_matrix$$, '22P02',
                 'invalid input syntax for type portfolio.cohort_matrix: "month as of 2020-02-29, scale 0: 2020-01-01 size 2: 2 0, 1 0; 2020-01-01 size 2: 2 0, 1 0"', 'matrix text: duplicated cohort');
SELECT throws_ok($$SELECT 'month as of 2020-02-29, scale 0: 2020-02-01 size 1: 1 5; 2020-01-01 size 1: 1 5, 0 0'::portfolio.cohort_matrix$$, '22P02', 'invalid input syntax for type portfolio.cohort_matrix: "month as of 2020-02-29, scale 0: 2020-02-01 size 1: 1 5; 2020-01-01 size 1: 1 5, 0 0"', 'matrix text: cohorts out of order');
SELECT throws_ok($$SELECT 'month as of 2020-02-29, scale 0: 2020-01-01 size 99999999999999999999: 1 0, 0 0'::cohort_matrix$$, '22P02',
                 'invalid input syntax for type portfolio.cohort_matrix: "month as of 2020-02-29, scale 0: 2020-01-01 size 99999999999999999999: 1 0, 0 0"', 'matrix text: a size beyond bigint');
SELECT throws_ok($$SELECT 'day as of 5874897-12-31, scale 0: -4712-01-01 size 1: 1 0'::cohort_matrix$$, '54000',
                 'cohort matrix is too large', 'matrix text: 2^31 days of cohorts');
SELECT is('month as of 2020-02-29, scale 0: 2020-01-01 size 2: 2 0, 1 0; 2020-02-01 size 1: 1 5'::cohort_matrix::text::cohort_matrix::text,
          'month as of 2020-02-29, scale 0: 2020-01-01 size 2: 2 0, 1 0; 2020-02-01 size 1: 1 5', 'matrix: round trip');
SELECT throws_ok($$SELECT ''::period_retention$$, '22P02', 'invalid input syntax for type portfolio.period_retention: ""', 'figures text: empty');
SELECT throws_ok($$SELECT 'month as of 2020-02-29, scale 0: 2020-01-01 1 2 0 0 0 0'::period_retention$$, '22P02',
                 'invalid portfolio.period_retention: "month as of 2020-02-29, scale 0: 2020-01-01 1 2 0 0 0 0"', 'figures text: more new than active');
SELECT throws_ok($$SELECT 'month as of 2020-02-29, scale 0: 2020-01-01 1 1 1 0 0 0'::period_retention$$, '22P02',
                 'invalid portfolio.period_retention: "month as of 2020-02-29, scale 0: 2020-01-01 1 1 1 0 0 0"', 'figures text: retained without a period before');
SELECT throws_ok($$SELECT 'month as of 2020-02-29, scale 0: 2020-01-01 1 1 1 5 0 0'::portfolio.period_retention$$, '22P02', 'invalid portfolio.period_retention: "month as of 2020-02-29, scale 0: 2020-01-01 1 1 1 5 0 0"', 'figures text: retained without a period before, with revenue');
SELECT throws_ok($$SELECT 'month as of 2020-02-29, scale 0: 2020-01-01 1 1 0 5 0 0; 2020-02-01 1 0 2 5 5 5'::portfolio.period_retention$$, '22P02', 'invalid portfolio.period_retention: "month as of 2020-02-29, scale 0: 2020-01-01 1 1 0 5 0 0; 2020-02-01 1 0 2 5 5 5"', 'figures text: more retained than active the period before');
SELECT throws_ok($$SELECT 'month as of 2020-02-29, scale 0: 2020-01-01 0 0 0 5 0 0'::period_retention$$, '22P02',
                 'invalid portfolio.period_retention: "month as of 2020-02-29, scale 0: 2020-01-01 0 0 0 5 0 0"', 'figures text: revenue without customers');
SELECT throws_ok($$SELECT 'month as of 2020-02-29, scale 0: 2020-01-01 1 1 0 5 0'::period_retention$$, '22P02',
                 'invalid input syntax for type portfolio.period_retention: "month as of 2020-02-29, scale 0: 2020-01-01 1 1 0 5 0"', 'figures text: a missing field');
SELECT throws_ok($$SELECT 'month as of 2020-02-29, scale 0: 2020-01-01 1 -1 0 5 0 0'::period_retention$$, '22P02',
                 'invalid input syntax for type portfolio.period_retention: "month as of 2020-02-29, scale 0: 2020-01-01 1 -1 0 5 0 0"', 'figures text: a negative count');
SELECT throws_ok($$SELECT 'month as of 2020-02-29, scale 0: 2020-01-01 -1 0 0 5 0 0'::portfolio.period_retention$$, '22P02', 'invalid input syntax for type portfolio.period_retention: "month as of 2020-02-29, scale 0: 2020-01-01 -1 0 0 5 0 0"', 'figures text: a negative active count');
SELECT throws_ok($$SELECT 'day as of 2020-01-02, scale 0: 2020-01-01 9223372036854775807 9223372036854775807 0 0 0 0; 2020-01-02 9223372036854775807 9223372036854775807 9223372036854775807 0 0 0'::period_retention$$, '22P02',
                 'invalid portfolio.period_retention: "day as of 2020-01-02, scale 0: 2020-01-01 9223372036854775807 9223372036854775807 0 0 0 0; 2020-01-02 9223372036854775807 9223372036854775807 9223372036854775807 0 0 0"',
                 'figures text: new + retained beyond bigint is still more than active (was accepted by a wrapping sum)');
SELECT throws_ok($$SELECT 'day as of 5874897-12-31, scale 0: -4712-01-01 1 1 0 0 0 0'::period_retention$$, '54000',
                 'period retention is too large', 'figures text: 2^31 days');
SELECT is('month as of 2020-02-29, scale 0: 2020-01-01 1 1 0 5 0 0; 2020-02-01 2 1 1 7 3 3'::period_retention::text::period_retention::text,
          'month as of 2020-02-29, scale 0: 2020-01-01 1 1 0 5 0 0; 2020-02-01 2 1 1 7 3 3', 'figures: round trip');

-- ---------- support functions with hand-written states ----------
SELECT throws_ok($$SELECT cohort_matrix_combine('day as of 2020-01-02, scale 0: 2020-01-01 size 9223372036854775807: 9223372036854775807 0, 0 0',
                                                'day as of 2020-01-02, scale 0: 2020-01-01 size 9223372036854775807: 9223372036854775807 0, 0 0')$$,
                 '22003', 'customer count out of range', 'matrix combine: sizes beyond bigint (wrapped to -2 before)');
SELECT throws_ok($$SELECT period_retention_combine('day as of 2020-01-01, scale 0: 2020-01-01 9223372036854775807 9223372036854775807 0 0 0 0',
                                                   'day as of 2020-01-01, scale 0: 2020-01-01 1 1 0 0 0 0')$$,
                 '22003', 'customer count out of range', 'figures combine: counts beyond bigint');
SELECT throws_ok($$SELECT cohort_matrix_accum('day as of 2020-01-02, scale 0: 2020-01-01 size 9223372036854775807: 9223372036854775807 0, 0 0',
                                              'day as of 2020-01-02, scale 0: 2020-01-01 5')$$,
                 '22003', 'customer count out of range', 'matrix accum: one more member than bigint holds');
SELECT throws_ok($$SELECT period_retention_accum('day as of 2020-01-02, scale 0: 2020-01-01 9223372036854775807 9223372036854775807 0 0 0 0',
                                                 'day as of 2020-01-02, scale 0: 2020-01-01 5')$$,
                 '22003', 'customer count out of range', 'figures accum: one more active customer than bigint holds');
SELECT throws_ok($$SELECT cohort_matrix_combine('month as of 2020-02-29, scale 0: 2020-01-01 size 1: 1 0, 0 0', 'month as of 2020-03-31, scale 0: 2020-01-01 size 1: 1 0, 0 0, 0 0')$$,
                 '22023', 'activities with different units or as_of dates cannot be combined', 'matrix combine: different as_of');
SELECT throws_ok($$SELECT period_retention_combine('month as of 2020-02-29, scale 0: 2020-01-01 1 1 0 0 0 0', 'week as of 2020-02-29, scale 0: 2020-02-24 1 1 0 0 0 0')$$,
                 '22023', 'activities with different units or as_of dates cannot be combined', 'figures combine: different units');
SELECT throws_ok($$SELECT cohort_matrix_accum('month as of 2020-02-29, scale 0:', 'month as of 2020-03-31, scale 0: 2020-01-01 5')$$,
                 '22023', 'activities with different units or as_of dates cannot be combined', 'matrix accum: activity of another as_of');
SELECT throws_ok($$SELECT portfolio_internal.cohort_matrix_combine('month as of 2020-04-30, scale 0: 2020-04-01 size 1: 1 5',
                                                            'day as of 2020-04-30, scale 0: 2020-04-30 size 1: 1 5')$$,
                 '22023', 'activities with different units or as_of dates cannot be combined', 'matrix combine: different units');
SELECT throws_ok($$SELECT cohort_matrix_combine('month as of 2020-02-29, scale 0: 2020-01-01 size 1: 1 99999999999999999999999999999999999999, 0 0', 'month as of 2020-02-29, scale 0: 2020-01-01 size 1: 1 99999999999999999999999999999999999999, 0 0')$$,
                 '22003', 'revenue total out of range', 'matrix combine: revenue beyond 38 digits');
SELECT throws_ok($$SELECT period_retention_combine('month as of 2020-02-29, scale 0: 2020-01-01 1 1 0 9999999999999999999999999999999999999 0 0', 'month as of 2020-02-29, scale 38: 2020-01-01 1 1 0 0.1 0 0')$$,
                 '22003', 'revenue total out of range', 'figures combine: rescaling to 38 decimals overflows');
SELECT ok(cohort_matrix_combine(NULL, NULL) IS NULL AND cohort_matrix_accum(NULL, NULL) IS NULL
          AND period_retention_combine(NULL, NULL) IS NULL AND period_retention_accum(NULL, NULL) IS NULL, 'NULL states and activities: NULL');
SELECT is(cohort_matrix_combine('month as of 2020-02-29, scale 1: 2020-01-01 size 1: 1 0.5, 0 0.0', 'month as of 2020-02-29, scale 0: 2020-02-01 size 1: 1 3')::text,
          'month as of 2020-02-29, scale 1: 2020-01-01 size 1: 1 0.5, 0 0.0; 2020-02-01 size 1: 1 3.0', 'matrix combine: scales and rows merge');
SELECT is(cohort_matrix_accum('month as of 2020-02-29, scale 0: 2020-01-01 size 1: 1 0, 0 0', NULL)::text,
          'month as of 2020-02-29, scale 0: 2020-01-01 size 1: 1 0, 0 0', 'matrix accum: a NULL activity keeps the state');
SELECT is(period_retention_final('month as of 2020-02-29, scale 0: 2020-01-01 1 1 0 0 0 0')::text,
          'month as of 2020-02-29, scale 0: 2020-01-01 1 1 0 0 0 0; 2020-02-01 0 0 0 0 0 0', 'figures final: periods up to as_of');
SELECT is(cohort_matrix_final('month as of 2020-02-29, scale 0:')::text, 'month as of 2020-02-29, scale 0:', 'matrix final of an empty matrix');

-- ---------- the row functions ----------
SELECT is_empty($$SELECT * FROM cohort_retention(NULL::cohort_matrix)$$, 'cohort_retention(NULL): no rows');
SELECT is_empty($$SELECT * FROM cohort_retention('month as of 2020-02-29, scale 0:'::cohort_matrix)$$, 'cohort_retention of an empty matrix: no rows');
SELECT is_empty($$SELECT * FROM retention_by_period('month as of 2020-02-29, scale 0:'::period_retention)$$, 'retention_by_period of empty figures: no rows');
SELECT results_eq($$SELECT customers_start, new_customers, customers_end, retained, retention_rate, crr, nrr, grr
                      FROM retention_by_period('month as of 2020-02-29, scale 0: 2020-01-01 1 1 0 0 0 0; 2020-02-01 1 0 1 7 3 3'::period_retention)$$,
                  $$VALUES (0::bigint, 1::bigint, 1::bigint, 0::bigint, NULL::float8, NULL::float8, NULL::float8, NULL::float8),
                           (1, 0, 1, 1, 1, 1, NULL, NULL)$$, 'revenue 0 in the period before: nrr and grr NULL, not Infinity');

-- ---------- aggregates: empty, all-NULL, forced parallel ----------
CREATE TABLE public.hret (a activity) WITH (parallel_workers = 2);
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SET LOCAL max_parallel_workers_per_gather = 2;
\ir lib/plans.sql
SELECT matches(pg_temp.plan_of($$SELECT cohort_matrix(a), period_retention(a) FROM hret$$), 'Partial Aggregate', 'the retention aggregates get a parallel plan');
SELECT results_eq($$SELECT cohort_matrix(a) IS NULL, period_retention(a) IS NULL FROM hret$$, $$VALUES (true, true)$$, 'parallel, no rows: NULL');
INSERT INTO hret SELECT NULL FROM generate_series(1, 2000);
ANALYZE hret;
SELECT results_eq($$SELECT cohort_matrix(a) IS NULL, period_retention(a) IS NULL FROM hret$$, $$VALUES (true, true)$$, 'parallel, all-NULL rows: NULL');
RESET parallel_setup_cost; RESET parallel_tuple_cost; RESET min_parallel_table_scan_size; RESET max_parallel_workers_per_gather;
SELECT throws_ok($$SELECT cohort_matrix(a) FROM (VALUES ('day as of 5874897-12-31, scale 0: -4712-01-01 5'::activity)) t(a)$$, '54000',
                 'cohort matrix is too large', 'cohort_matrix of an activity 2^31 days before as_of');
SELECT throws_ok($$SELECT period_retention(a) FROM (VALUES ('day as of 5874897-12-31, scale 0: -4712-01-01 5'::activity)) t(a)$$, '54000',
                 'period retention is too large', 'period_retention of an activity 2^31 days before as_of');
SELECT throws_ok($$SELECT cohort_matrix(a) FROM (VALUES ('day as of 2020-01-02, scale 0: 2020-01-01 5'::activity), ('week as of 2020-01-02, scale 0: 2019-12-30 5')) t(a)$$, '22023',
                 'activities with different units or as_of dates cannot be combined', 'cohort_matrix of activities of two units');
SELECT throws_ok($$SELECT portfolio.period_retention(a) FROM (
    SELECT portfolio.activity(txn_date, amount, '2020-04-30', 'month') a FROM tx WHERE customer = 1 GROUP BY customer
    UNION ALL SELECT portfolio.activity(txn_date, amount, '2020-03-31', 'month') FROM tx WHERE customer = 2 GROUP BY customer) s$$,
                 '22023', 'activities with different units or as_of dates cannot be combined', 'period_retention of activities of two as_of dates');
SELECT throws_ok($$SELECT portfolio.cohort_matrix(a) FROM (VALUES
    ('month as of 2020-04-30, scale 0: 2020-04-01 99999999999999999999999999999999999999'::portfolio.activity),
    ('month as of 2020-04-30, scale 0: 2020-04-01 99999999999999999999999999999999999999')) v(a)$$,
                 '22003', 'revenue total out of range', 'cohort_matrix: two activities whose revenue adds past 38 digits');
SELECT throws_ok($$SELECT portfolio.cohort_matrix(a) FROM (VALUES
    ('month as of 2020-04-30, scale 0: 2020-04-01 99999999999999999999999999999999999999'::portfolio.activity),
    ('month as of 2020-04-30, scale 1: 2020-04-01 0.5')) v(a)$$,
                 '22003', 'revenue total out of range', 'cohort_matrix: rescaling a 38-digit revenue to scale 1 overflows');

-- ---------- the one-call forms ----------
CREATE TABLE public.hret_orders (c int, d date, a numeric, t text, i int, "We;ird ""col" date);
INSERT INTO hret_orders VALUES (1, '2020-01-05', 10, 'x', 1, '2020-01-05'), (NULL, '2020-01-01', 5, 'y', 2, NULL);
SELECT throws_ok($$SELECT * FROM cohort_retention('hret_nope', 'c', 'd', 'a')$$, '42P01', 'relation "hret_nope" does not exist', 'one call: no such table');
SELECT throws_ok($$SELECT * FROM cohort_retention('hret_orders', 'nope', 'd', 'a')$$, '42703', 'column "nope" does not exist', 'one call: no such column');
SELECT throws_ok($$SELECT * FROM portfolio.retention_by_period('tx', 'customer', 'day', 'amount')$$, '42703', 'column "day" does not exist', 'one call: no such date column, retention_by_period');
SELECT throws_ok($$SELECT * FROM retention_by_period('hret_orders', 'c', 'i', 'a')$$, '42846', 'cannot cast type integer to date', 'one call: an integer date column');
SELECT throws_ok($$SELECT * FROM portfolio.cohort_retention('tx', 'customer', 'customer', 'amount')$$, '42846', 'cannot cast type integer to date', 'one call: an integer date column, cohort_retention');
SELECT throws_ok($$SELECT * FROM cohort_retention('hret_orders', 'c', 'd', 'd')$$, '42846', 'cannot cast type date to numeric', 'one call: a date amount column');
SELECT throws_ok($$SELECT * FROM cohort_retention('hret_orders', 'c', 'd', 't')$$, '22P02', 'invalid input syntax for type numeric: "x"', 'one call: a text amount that does not parse');
SELECT throws_ok($$SELECT * FROM cohort_retention('hret_orders', 'c', 'd); DROP TABLE hret_orders; --', 'a')$$, '42703',
                 'column "d); DROP TABLE hret_orders; --" does not exist', 'one call: injection through a column name is a name');
SELECT throws_ok($$SELECT * FROM cohort_retention('hret_orders; DROP TABLE hret_orders', 'c', 'd', 'a')$$, '42602', 'invalid name syntax', 'one call: injection through the table name');
SELECT is((SELECT count(*) FROM cohort_retention('hret_orders', 'c', 'We;ird "col', 'a')), 1::bigint, 'one call: a column name needing quotes');
SELECT throws_ok($$SELECT * FROM cohort_retention('hret_orders', 'c', 'd', 'a', 'fortnight')$$, '22023', 'unknown period unit "fortnight"', 'one call: unknown unit');
SELECT throws_ok($$SELECT * FROM portfolio.retention_by_period('tx', 'customer', 'txn_date', 'amount', 'year')$$, '22023', 'unknown period unit "year"', 'one call: unknown unit, retention_by_period');
SELECT throws_ok($$SELECT * FROM retention_by_period('hret_orders', 'c', 'd', 'a', NULL)$$, '22004', 'the table, its column names and the unit must not be null', 'one call: NULL unit');
SELECT throws_ok($$SELECT * FROM cohort_retention(NULL, 'c', 'd', 'a')$$, '22004', 'the table, its column names and the unit must not be null', 'one call: NULL table');
SELECT throws_ok($$SELECT * FROM portfolio.cohort_retention('tx', NULL, 'txn_date', 'amount')$$, '22004', 'the table, its column names and the unit must not be null', 'one call: NULL customer column');
SELECT throws_ok($$SELECT * FROM portfolio.cohort_retention('tx', 'customer', 'txn_date', 'amount', NULL)$$, '22004', 'the table, its column names and the unit must not be null', 'one call: NULL unit, cohort_retention');
SELECT throws_ok($$SELECT * FROM cohort_retention('hret_orders', 'c', 'd', 'a', 'month', 'infinity')$$, '22008', 'as_of must be a finite date', 'one call: infinite as_of');
SELECT is_empty($$SELECT * FROM retention_by_period('hret_orders', 'c', 'd', 'a', 'day', '2019-01-01')$$, 'one call: as_of before every row: no rows');
SELECT results_eq($$SELECT activity_as_of('hret_orders', 'c', 'd', 'a', 'DAY', NULL), activity_as_of('hret_orders', 'c', 'd', 'a', 'day', '2000-01-01')$$,
                  $$VALUES (DATE '2020-01-05', DATE '2000-01-01')$$, 'activity_as_of: the last date of a customer row, or as_of itself');
SELECT throws_ok($$SELECT activity_as_of('hret_orders', 'c', 'd', 'a', 'x', NULL)$$, '22023', 'unknown period unit "x"', 'activity_as_of: unknown unit');
CREATE TABLE public.hret_none (c int, d date, a numeric);
SELECT ok(activity_as_of('hret_none', 'c', 'd', 'a', 'day', NULL) IS NULL, 'activity_as_of: empty table gives NULL');
SELECT is_empty($$SELECT * FROM cohort_retention('hret_none', 'c', 'd', 'a')$$, 'one call: empty table, no rows');

SELECT * FROM finish();
ROLLBACK;
