-- Hostile input for the tracking API (track_orders, untrack_orders,
-- refresh_alerts, and the triggers they attach): NULL and unknown
-- arguments, names that are not SQL, wrong column types; every case has a
-- documented value or a specific SQLSTATE and message.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS portfolio;
SET LOCAL search_path = portfolio, public;
SELECT plan(26);

-- ---------- tracking ----------
CREATE TABLE public.hk_orders (cust int, d date, amt numeric, t text, frequency int, ts timestamptz);
CREATE VIEW public.hk_view AS SELECT * FROM public.hk_orders;
SELECT throws_ok($$SELECT track_orders(NULL, 'cust', 'd', 'amt')$$, '22004',
                 'orders, customer_col, date_col, amount_col and unit must not be NULL', 'track: NULL table');
SELECT throws_ok($$SELECT track_orders('hk_orders', 'cust', 'd', 'amt', unit => NULL)$$, '22004',
                 'orders, customer_col, date_col, amount_col and unit must not be NULL', 'track: NULL unit');
SELECT throws_ok($$SELECT track_orders('hk_orders', 'cust', 'd', 'amt', unit => 'fortnight')$$, '22023', 'unknown unit "fortnight"', 'track: unknown unit');
SELECT throws_ok($$SELECT track_orders('hk_orders', 'cust', 'd', 'amt', unit => '')$$, '22023', 'unknown unit ""', 'track: empty unit');
SELECT throws_ok($$SELECT track_orders('hk_orders', 'cust', 'd', 'amt', time_zone => 'Mars/Olympus')$$, '22023',
                 'time zone "Mars/Olympus" not recognized', 'track: unknown time zone');
SELECT throws_ok($$SELECT track_orders('hk_nope', 'cust', 'd', 'amt')$$, '42P01', 'relation "hk_nope" does not exist', 'track: no such table');
SELECT throws_ok($$SELECT track_orders('hk_orders; DROP TABLE hk_orders', 'cust', 'd', 'amt')$$, '42602', 'invalid name syntax', 'track: injection through the table name');
SELECT throws_ok($$SELECT track_orders('hk_view', 'cust', 'd', 'amt')$$, '42809', 'public.hk_view is not a table', 'track: a view');
SELECT throws_ok($$SELECT track_orders('hk_orders', 'nope', 'd', 'amt')$$, '42703', 'column "nope" of relation public.hk_orders does not exist', 'track: no such customer column');
SELECT throws_ok($$SELECT track_orders('hk_orders', 'cust', 'ctid', 'amt')$$, '42703', 'column "ctid" of relation public.hk_orders does not exist', 'track: a system column');
SELECT throws_ok($$SELECT track_orders('hk_orders', 'cust', 'd); DROP TABLE hk_orders; --', 'amt')$$, '42703',
                 'column "d); DROP TABLE hk_orders; --" of relation public.hk_orders does not exist', 'track: injection through a column name');
SELECT throws_ok($$SELECT track_orders('hk_orders', 'cust', 'amt', 'amt')$$, '42804', 'date column "amt" is of type numeric', 'track: a numeric date column');
SELECT throws_ok($$SELECT track_orders('hk_orders', 'cust', 'd', 't')$$, '42804', 'amount column "t" is of type text', 'track: a text amount column');
SELECT throws_ok($$SELECT track_orders('hk_orders', 'cust', 'd', 'd')$$, '42804', 'amount column "d" is of type date', 'track: a date amount column');
SELECT throws_ok($$SELECT track_orders('hk_orders', 'frequency', 'd', 'amt')$$, '42701',
                 'customer column "frequency" has the name of a column of the summary table', 'track: a customer column named like a summary field');
SELECT throws_ok($$SELECT untrack_orders('hk_orders')$$, '42704', 'table public.hk_orders is not tracked', 'untrack: not tracked');
SELECT throws_ok($$SELECT refresh_alerts('hk_orders', '2020-01-01')$$, '42704', 'table public.hk_orders is not tracked', 'refresh: not tracked');
SELECT throws_ok($$SELECT refresh_alerts(NULL)$$, '22004', 'orders must not be NULL', 'refresh: NULL table');
SELECT ok(untrack_orders(NULL) IS NULL, 'untrack: STRICT');

CREATE TABLE public."hk Or""ders; --" ("Cust ""id"";" text, "Day" timestamp, "Amt" bigint);
INSERT INTO public."hk Or""ders; --" VALUES ('a''b', '2020-01-01 10:00', 5), ('a''b', '2020-02-01 10:00', 7);
SELECT is(track_orders('public."hk Or""ders; --"', 'Cust "id";', 'Day', 'Amt', summary_table => 'hk Sum"mary', unit => 'MONTH')::text,
          '"hk Sum""mary"', 'track: names needing quotes everywhere');
SELECT is(refresh_alerts('public."hk Or""ders; --"', '2020-03-01'), 1::bigint, 'refresh: one customer changed (its as_of moved)');
SELECT results_eq($$SELECT "Cust ""id"";", frequency, total_amount, unit FROM public."hk Sum""mary"$$,
                  $$VALUES ('a''b', 1, 12::numeric, 'month')$$, 'track: the summary of the quoted table is right');
SELECT throws_ok($$SELECT track_orders('public."hk Or""ders; --"', 'Cust "id";', 'Day', 'Amt', summary_table => 'hk other')$$, '42710',
                 'table public."hk Or""ders; --" is already tracked', 'track: twice');
SELECT throws_ok($$INSERT INTO public."hk Or""ders; --" VALUES ('c', 'infinity', 1)$$, '22008', 'txn_date must be a finite date',
                 'trigger: an infinite order date');
SELECT lives_ok($$SELECT untrack_orders('public."hk Or""ders; --"')$$, 'untrack: a tracked table with a quoted name');
SELECT throws_ok($$SELECT track_orders('public."hk Or""ders; --"', 'Cust "id";', 'Day', 'Amt', summary_table => 'hk Sum"mary')$$, '42P07',
                 'relation "hk Sum"mary" already exists', 'track: the summary table exists');

SELECT * FROM finish();
ROLLBACK;
