-- Tracking through every way of writing orders: COPY, INSERT ... ON
-- CONFLICT, MERGE, column privileges; and the ways that bypass the
-- triggers, which the documentation names (session_replication_role =
-- replica, a write straight into a partition): the summary table is stale
-- there, and refresh_alerts repairs it.  After each statement the summary
-- table is compared with a fresh summarize of every order.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS portfolio;
SET LOCAL search_path = portfolio, public;
SET LOCAL client_min_messages = warning;
SELECT plan(16);

CREATE TABLE public.st_orders (id int, c int, d date, a numeric, PRIMARY KEY (id, d)) PARTITION BY RANGE (d);
CREATE TABLE public.st_2023 PARTITION OF public.st_orders FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
CREATE TABLE public.st_2024 PARTITION OF public.st_orders FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
SELECT track_orders('st_orders', 'c', 'd', 'a');
-- Customers whose summary row differs from a fresh summarize, either way.
CREATE FUNCTION pg_temp.mismatches() RETURNS bigint LANGUAGE sql AS $$
    WITH fresh AS (SELECT c, (s).transactions, (s).total_amount, (s).first_date, (s).last_date
                     FROM (SELECT c, summarize(d, a, '2024-12-31') AS s FROM public.st_orders GROUP BY c) AS o),
         tracked AS (SELECT c, transactions, total_amount, first_date, last_date FROM public.st_orders_portfolio)
    SELECT count(DISTINCT c) FROM ((TABLE fresh EXCEPT TABLE tracked) UNION ALL (TABLE tracked EXCEPT TABLE fresh)) AS d $$;

-- ---------- statements the triggers see ----------
COPY public.st_orders (id, c, d, a) FROM PROGRAM
    'printf "1,1,2023-03-01,10\n2,1,2024-02-01,20\n3,2,2024-05-01,5\n"' WITH (FORMAT csv);
SELECT is(pg_temp.mismatches(), 0::bigint, 'COPY FROM');
SELECT is((SELECT transactions FROM st_orders_portfolio WHERE c = 1), 2::bigint, 'COPY FROM: the customer has both orders');
INSERT INTO public.st_orders VALUES (3, 2, '2024-05-01', 50), (4, 3, '2024-06-01', 8)
    ON CONFLICT (id, d) DO UPDATE SET a = EXCLUDED.a;
SELECT is(pg_temp.mismatches(), 0::bigint, 'INSERT ... ON CONFLICT DO UPDATE (one row updated, one inserted)');
SELECT is((SELECT total_amount FROM st_orders_portfolio WHERE c = 2), 50::numeric, 'ON CONFLICT DO UPDATE: the new amount');
INSERT INTO public.st_orders VALUES (4, 9, '2024-06-01', 999), (5, 3, '2024-07-01', 1) ON CONFLICT DO NOTHING;
SELECT is(pg_temp.mismatches(), 0::bigint, 'INSERT ... ON CONFLICT DO NOTHING');
SELECT is((SELECT count(*) FROM st_orders_portfolio WHERE c = 9), 0::bigint, 'ON CONFLICT DO NOTHING: the skipped row counts nowhere');
MERGE INTO public.st_orders AS o
USING (VALUES (1, 1, date '2023-03-01', 11::numeric), (2, 1, date '2024-02-01', NULL), (6, 4, date '2024-08-01', 3)) AS v (id, c, d, a)
   ON o.id = v.id
 WHEN MATCHED AND v.a IS NULL THEN DELETE
 WHEN MATCHED THEN UPDATE SET a = v.a
 WHEN NOT MATCHED THEN INSERT VALUES (v.id, v.c, v.d, v.a);
SELECT is(pg_temp.mismatches(), 0::bigint, 'MERGE: update, delete and insert in one statement');
SELECT is((SELECT (transactions, total_amount) FROM st_orders_portfolio WHERE c = 1), ROW(1::bigint, 11::numeric),
          'MERGE: customer 1 lost one order and the other changed');
UPDATE public.st_orders SET d = '2023-06-01' WHERE id = 6;
SELECT is(pg_temp.mismatches(), 0::bigint, 'an UPDATE that moves a row to another partition');

-- Column privileges are enough: a writer that may read only the customer,
-- date and amount columns.
CREATE ROLE st_writer;
GRANT USAGE ON SCHEMA portfolio TO st_writer;
GRANT SELECT (c, d, a), INSERT (id, c, d, a), UPDATE (a) ON public.st_orders TO st_writer;
GRANT SELECT, INSERT, UPDATE, DELETE ON public.st_orders_portfolio TO st_writer;
SET LOCAL ROLE st_writer;
SELECT lives_ok($$INSERT INTO st_orders (id, c, d, a) VALUES (7, 4, '2024-09-01', 4)$$, 'a writer with column privileges inserts');
RESET ROLE;
SELECT is(pg_temp.mismatches(), 0::bigint, 'column privileges: exact');
REVOKE SELECT (d) ON public.st_orders FROM st_writer;
SET LOCAL ROLE st_writer;
SELECT throws_ok($$INSERT INTO st_orders (id, c, d, a) VALUES (8, 4, '2024-10-01', 4)$$, '42501',
                 'permission denied for table st_orders', 'without SELECT on the date column the write fails');
RESET ROLE;

-- ---------- what bypasses the triggers (documented under Limits) ----------
SET LOCAL session_replication_role = replica;
INSERT INTO public.st_orders VALUES (9, 5, '2024-03-01', 2);
RESET session_replication_role;
SELECT is(pg_temp.mismatches(), 1::bigint, 'session_replication_role = replica: the triggers do not fire, the summary is stale');
SELECT is(refresh_alerts('st_orders', '2024-12-31') >= 1, true, 'refresh_alerts repairs it (a customer gained its row)');
INSERT INTO public.st_2024 VALUES (10, 5, '2024-04-01', 3);
SELECT is(pg_temp.mismatches(), 1::bigint, 'a write straight into a partition is not seen');
SELECT refresh_alerts('st_orders', '2024-12-31');
SELECT is(pg_temp.mismatches(), 0::bigint, 'refresh_alerts repairs it');

SELECT * FROM finish();
ROLLBACK;
