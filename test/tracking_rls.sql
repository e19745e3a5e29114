-- Tracking under row-level security: the summary table is exact whoever
-- writes, or the write fails, and a tenant reads nothing of another tenant
-- through what the extension creates.
--
-- The case this guards against: with a policy by region on the orders, two
-- writers who each see one region insert orders for the same customer; a
-- trigger that recomputed the customer from what its writer can see would
-- leave 1 transaction and 10 where the customer has 3 orders totalling 160.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS portfolio;
SET LOCAL search_path = portfolio, public;
SET LOCAL client_min_messages = warning;
SELECT plan(23);

CREATE ROLE rls_owner;
CREATE ROLE rls_east;
CREATE ROLE rls_west;
CREATE ROLE rls_admin BYPASSRLS;
GRANT USAGE ON SCHEMA portfolio TO rls_owner, rls_east, rls_west, rls_admin;
GRANT CREATE ON SCHEMA public TO rls_owner;

SET LOCAL ROLE rls_owner;
CREATE TABLE public.rls_orders (c int, d date, a numeric, region text);
RESET ROLE;
-- The orders as their owner sees them, summarized from scratch: what the
-- summary table must equal.  (The tables come next.)
SET LOCAL check_function_bodies = off;
CREATE FUNCTION pg_temp.fresh() RETURNS TABLE (c int, transactions int, total numeric) LANGUAGE sql AS $$
    SELECT o.c, (s).transactions, (s).total_amount
      FROM (SELECT c, summarize(d, a, '2024-12-31') AS s FROM public.rls_orders GROUP BY c) AS o $$;
CREATE FUNCTION pg_temp.tracked() RETURNS TABLE (c int, transactions int, total numeric) LANGUAGE sql AS $$
    SELECT c, transactions, total_amount FROM public.rls_orders_portfolio $$;

SET LOCAL ROLE rls_owner;
SELECT lives_ok($$SELECT track_orders('rls_orders', 'c', 'd', 'a')$$, 'track a table without row-level security');
GRANT SELECT, INSERT, UPDATE, DELETE ON public.rls_orders TO rls_east, rls_west, rls_admin;
GRANT SELECT, INSERT, UPDATE, DELETE ON public.rls_orders_portfolio TO rls_east, rls_west, rls_admin;
-- The table gains row-level security later: each region's writer sees its
-- own rows only.
ALTER TABLE public.rls_orders ENABLE ROW LEVEL SECURITY;
CREATE POLICY east ON public.rls_orders TO rls_east USING (region = 'east') WITH CHECK (region = 'east');
CREATE POLICY west ON public.rls_orders TO rls_west USING (region = 'west') WITH CHECK (region = 'west');
INSERT INTO public.rls_orders VALUES (1, '2024-01-10', 100, 'east');
RESET ROLE;

-- ---------- writers that row-level security restricts ----------
SET LOCAL ROLE rls_west;
SELECT throws_ok($$INSERT INTO rls_orders VALUES (1, '2024-02-10', 10, 'west')$$, '42501',
                 'row-level security hides rows of public.rls_orders from role rls_west',
                 'INSERT by a restricted writer fails');
SELECT throws_ok($$UPDATE rls_orders SET a = a + 1$$, '42501',
                 'row-level security hides rows of public.rls_orders from role rls_west',
                 'UPDATE by a restricted writer fails (even one that changes no row it sees)');
SELECT throws_ok($$SELECT refresh_alerts('rls_orders')$$, '42501',
                 'row-level security hides rows of public.rls_orders from role rls_west',
                 'refresh_alerts by a restricted role fails');
RESET ROLE;
SET LOCAL ROLE rls_east;
SELECT throws_ok($$DELETE FROM rls_orders WHERE c = 1$$, '42501',
                 'row-level security hides rows of public.rls_orders from role rls_east',
                 'DELETE by a restricted writer fails');
RESET ROLE;
SELECT results_eq('SELECT * FROM pg_temp.tracked()', $$VALUES (1, 1, 100::numeric)$$,
                  'the failed statements changed neither the orders nor the summary');

-- ---------- writers that see every row ----------
SET LOCAL ROLE rls_owner;
SELECT lives_ok($$INSERT INTO rls_orders VALUES (1, '2024-02-10', 10, 'west'), (2, '2024-03-01', 5, 'west')$$,
                'the owner (without FORCE) writes');
RESET ROLE;
SET LOCAL ROLE rls_admin;
SELECT lives_ok($$INSERT INTO rls_orders VALUES (1, '2024-03-10', 50, 'east')$$, 'a BYPASSRLS role writes');
RESET ROLE;
SELECT results_eq('SELECT * FROM pg_temp.tracked() ORDER BY c', $$VALUES (1, 3, 160::numeric), (2, 1, 5::numeric)$$,
                  'the customer of both regions: 3 orders totalling 160');
SELECT set_eq('SELECT * FROM pg_temp.tracked()', 'SELECT * FROM pg_temp.fresh()',
              'the summary table equals a fresh summarize over every order');
SET LOCAL ROLE rls_owner;
SELECT lives_ok($$SELECT refresh_alerts('rls_orders', '2024-12-31')$$, 'the owner refreshes');
RESET ROLE;
SELECT set_eq('SELECT * FROM pg_temp.tracked()', 'SELECT * FROM pg_temp.fresh()', 'still exact after refresh_alerts');

-- FORCE ROW LEVEL SECURITY restricts the owner too: to the east here.
SET LOCAL ROLE rls_owner;
ALTER TABLE public.rls_orders FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_east ON public.rls_orders TO rls_owner USING (region = 'east') WITH CHECK (region = 'east');
SELECT throws_ok($$INSERT INTO rls_orders VALUES (2, '2024-04-01', 7, 'east')$$, '42501',
                 'row-level security hides rows of public.rls_orders from role rls_owner',
                 'under FORCE ROW LEVEL SECURITY the owner''s writes fail');
ALTER TABLE public.rls_orders NO FORCE ROW LEVEL SECURITY;
-- Row-level security on the summary table: the trigger would update only
-- the rows it sees.
ALTER TABLE public.rls_orders_portfolio ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.rls_orders_portfolio FORCE ROW LEVEL SECURITY;
SELECT throws_ok($$INSERT INTO rls_orders VALUES (2, '2024-04-01', 7, 'east')$$, '42501',
                 'row-level security hides rows of public.rls_orders_portfolio from role rls_owner',
                 'row-level security on the summary table: writes fail');
SELECT throws_ok($$TRUNCATE rls_orders$$, '42501',
                 'row-level security hides rows of public.rls_orders_portfolio from role rls_owner',
                 'TRUNCATE fails too when the summary table hides rows');
ALTER TABLE public.rls_orders_portfolio DISABLE ROW LEVEL SECURITY;
SELECT lives_ok($$INSERT INTO rls_orders VALUES (2, '2024-04-01', 7, 'east')$$, 'without it, the owner writes again');
RESET ROLE;
SELECT set_eq('SELECT * FROM pg_temp.tracked()', 'SELECT * FROM pg_temp.fresh()', 'exact after every case above');

-- ---------- attaching ----------
SET LOCAL ROLE rls_owner;
SELECT lives_ok($$SELECT untrack_orders('rls_orders')$$, 'untrack works under row-level security');
DROP TABLE public.rls_orders_portfolio;
SELECT throws_ok($$SELECT track_orders('rls_orders', 'c', 'd', 'a')$$, '0A000',
                 'table public.rls_orders has row-level security',
                 'track_orders refuses a table with row-level security');
RESET ROLE;

-- ---------- no leak ----------
-- A tenant reads its own region through the extension's functions, and
-- nothing of the summary table that mixes tenants.
SET LOCAL ROLE rls_owner;
ALTER TABLE public.rls_orders DISABLE ROW LEVEL SECURITY;
SELECT lives_ok($$SELECT track_orders('rls_orders', 'c', 'd', 'a')$$, 'track it again without row-level security');
ALTER TABLE public.rls_orders ENABLE ROW LEVEL SECURITY;
RESET ROLE;
SET LOCAL ROLE rls_east;
SELECT throws_ok($$SELECT * FROM rls_orders_portfolio$$, '42501', 'permission denied for table rls_orders_portfolio',
                 'a tenant cannot read the summary table, which it was never granted');
SELECT results_eq($$SELECT customer, transactions, total_amount FROM customers('rls_orders', 'c', 'd', 'a', '2024-12-31')
                    ORDER BY customer$$,
                  $$VALUES ('1', 2::bigint, 150::numeric), ('2', 1::bigint, 7::numeric)$$,
                  'portfolio.customers shows a tenant its own orders only');
SELECT results_eq($$SELECT (summarize(d, a, '2024-12-31')).total_amount FROM rls_orders$$, $$VALUES (157::numeric)$$,
                  'summarize sees what the tenant may see');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
