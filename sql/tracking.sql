-- portfolio.track_orders: the summary table stays equal to a fresh
-- summarize of the orders through 10,000 random INSERT, UPDATE and DELETE
-- statements (and a TRUNCATE); setup errors; names that are not SQL; rows
-- moving between customers; refresh_alerts; untrack_orders.
-- (Concurrent sessions: test/tracking_concurrency.sh.)
-- Own schema: the regression files share one database.
CREATE SCHEMA tracking_test;
SET search_path = tracking_test, public;
SET extra_float_digits = 0;
SET client_min_messages = warning;

\i test/fixtures/try.sql

-- The summary table has one column per field of portfolio.summary, in order.
SELECT portfolio_internal.tracking_fields() =
       (SELECT string_agg(attname, ', ' ORDER BY attnum) FROM pg_attribute
         WHERE attrelid = 'portfolio.summary'::regclass AND attnum > 0) AS fields_agree;

-- pg_temp.mismatches(orders, summary, customer, date expression, amount):
-- the number of customers whose row in the summary table differs from a
-- fresh summarize of their orders as of the row's as_of (customers with a
-- purchase but no row, and rows without a customer with a purchase, count
-- too), plus rows whose as_of is not today.
CREATE FUNCTION pg_temp.mismatches(orders text, summary text, cust text, date_expr text, amount text,
                                   unit text DEFAULT 'day', today date DEFAULT current_date)
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    n bigint;
BEGIN
    EXECUTE format($q$
        WITH fresh AS (
            SELECT o.%3$I AS c,
                   portfolio.summarize(%4$s, o.%5$I::numeric, coalesce(x.as_of, %7$L), %6$L) AS s
              FROM %1$s o LEFT JOIN %2$s x ON x.%3$I = o.%3$I
             WHERE o.%3$I IS NOT NULL
             GROUP BY o.%3$I),
        buyers AS (SELECT * FROM fresh WHERE (s).first_date IS NOT NULL)
        SELECT count(*)
          FROM buyers f FULL JOIN %2$s x ON x.%3$I = f.c
         WHERE f.c IS NULL OR x.%3$I IS NULL OR x.as_of <> %7$L
            OR ROW(x.first_date, x.last_date, x.transactions, x.periods, x.frequency, x.recency,
                   x.age, x.days_since_last, x.total_amount, x.avg_amount, x.monetary, x.mean_gap,
                   x.gap_stddev, x.max_gap, x.last_gap, x.unit)::portfolio.summary
               IS DISTINCT FROM ROW((f.s).first_date, (f.s).last_date, (f.s).transactions, (f.s).periods, (f.s).frequency,
                   (f.s).recency, (f.s).age, (f.s).days_since_last, (f.s).total_amount, round((f.s).avg_amount, 2),
                   round((f.s).monetary, 2), (f.s).mean_gap, (f.s).gap_stddev, (f.s).max_gap, (f.s).last_gap,
                   (f.s).unit)::portfolio.summary
            OR x.lifecycle IS DISTINCT FROM portfolio.lifecycle_stage(f.s)::text
            OR x.alert IS DISTINCT FROM portfolio.alert_level(f.s)::text
            OR x.updated_at IS NULL$q$,
        orders, summary, cust, date_expr, amount, unit, today) INTO n;
    RETURN n;
END;
$$;

-- ----------------------------------------------------------------------
-- 10,000 random statements
-- ----------------------------------------------------------------------

CREATE TABLE orders (id bigserial PRIMARY KEY, customer int, txn_date date,
                     amount numeric(12, 2), note text);
SELECT setseed(0.31);
-- Customers 1..300, two years of dates, some returns.
INSERT INTO orders (customer, txn_date, amount)
SELECT 1 + (299 * random())::int, current_date - (730 * random())::int,
       CASE WHEN random() < 0.05 THEN -round((30 * random())::numeric, 2)
            ELSE round((200 * random())::numeric, 2) END
  FROM generate_series(1, 3000);

SELECT portfolio.track_orders('orders', 'customer', 'txn_date', 'amount') AS summary_table;
SELECT pg_temp.mismatches('orders', 'orders_portfolio', 'customer', 'o.txn_date', 'amount') AS after_setup;
-- the index on orders (customer) that the trigger's lookups use
SELECT indexrelid::regclass FROM pg_index WHERE indrelid = 'orders'::regclass AND NOT indisprimary;

-- A random customer (5% NULL), date (5% in the next 30 days: ignored until
-- then) and amount (5% returns, 2% NULL).
CREATE FUNCTION pg_temp.rc() RETURNS int LANGUAGE sql AS
$$ SELECT CASE WHEN random() < 0.05 THEN NULL ELSE 1 + (329 * random())::int END $$;
CREATE FUNCTION pg_temp.rd() RETURNS date LANGUAGE sql AS
$$ SELECT CASE WHEN random() < 0.05 THEN current_date + (30 * random())::int
               ELSE current_date - (730 * random())::int END $$;
CREATE FUNCTION pg_temp.ra() RETURNS numeric LANGUAGE sql AS
$$ SELECT CASE WHEN random() < 0.02 THEN NULL
               WHEN random() < 0.05 THEN -round((30 * random())::numeric, 2)
               ELSE round((200 * random())::numeric, 2) END $$;

CREATE TEMP TABLE checks (step int, mismatches bigint);
DO $$
DECLARE
    r   float8;
    id0 bigint;
    w   int;
    c1  int;
    c2  int;
BEGIN
    FOR step IN 1 .. 10000 LOOP
        r := random();
        id0 := 1 + (currval('orders_id_seq') * random())::bigint;
        w := (30 * random())::int;
        c1 := pg_temp.rc();
        c2 := pg_temp.rc();
        IF r < 0.25 THEN        -- one row
            INSERT INTO orders (customer, txn_date, amount) VALUES (c1, pg_temp.rd(), pg_temp.ra());
        ELSIF r < 0.35 THEN     -- a bulk insert of 2..40 rows
            INSERT INTO orders (customer, txn_date, amount)
            SELECT pg_temp.rc(), pg_temp.rd(), pg_temp.ra() FROM generate_series(1, 2 + w + (10 * random())::int);
        ELSIF r < 0.45 THEN     -- amount of one row
            UPDATE orders SET amount = pg_temp.ra() WHERE id = id0;
        ELSIF r < 0.52 THEN     -- dates of a range of rows
            UPDATE orders SET txn_date = txn_date + (20 * random())::int - 10 WHERE id BETWEEN id0 AND id0 + w;
        ELSIF r < 0.58 THEN     -- a range of rows moves to one customer
            UPDATE orders SET customer = c1 WHERE id BETWEEN id0 AND id0 + w;
        ELSIF r < 0.62 THEN     -- every order of a customer moves to another
            UPDATE orders SET customer = c2 WHERE customer = c1;
        ELSIF r < 0.67 THEN     -- customer, date and amount at once
            UPDATE orders SET customer = pg_temp.rc(), txn_date = pg_temp.rd(), amount = pg_temp.ra()
             WHERE id BETWEEN id0 AND id0 + w / 3;
        ELSIF r < 0.72 THEN     -- a column that is not tracked
            UPDATE orders SET note = 'n' || step WHERE id BETWEEN id0 AND id0 + w;
        ELSIF r < 0.82 THEN     -- one row
            DELETE FROM orders WHERE id = id0;
        ELSIF r < 0.89 THEN     -- a range of rows
            DELETE FROM orders WHERE id BETWEEN id0 AND id0 + w;
        ELSIF r < 0.91 THEN     -- every order of a customer
            DELETE FROM orders WHERE customer = c1;
        ELSIF r < 0.95 THEN     -- one statement that deletes and inserts (two firings)
            WITH gone AS (DELETE FROM orders WHERE id BETWEEN id0 AND id0 + w / 3 RETURNING customer, txn_date, amount)
            INSERT INTO orders (customer, txn_date, amount)
            SELECT coalesce(c1, customer), txn_date + 1, amount FROM gone;
        ELSE                    -- copies of a customer's orders, shifted a day, for another customer
            INSERT INTO orders (customer, txn_date, amount)
            SELECT c2, txn_date + 1, amount FROM orders WHERE customer = c1;
        END IF;
        IF step = 5000 THEN
            TRUNCATE orders;
            INSERT INTO checks SELECT -step, count(*) FROM orders_portfolio;
            INSERT INTO orders (customer, txn_date, amount)
            SELECT pg_temp.rc(), pg_temp.rd(), pg_temp.ra() FROM generate_series(1, 2000);
        END IF;
        IF step % 500 = 0 THEN
            INSERT INTO checks
            SELECT step, pg_temp.mismatches('orders', 'orders_portfolio', 'customer', 'o.txn_date', 'amount');
        END IF;
    END LOOP;
END;
$$;
-- 20 checks, every one with 0 mismatches; the summary table was empty
-- right after the TRUNCATE.
SELECT count(*) FILTER (WHERE step > 0) AS checks, sum(mismatches) FILTER (WHERE step > 0) AS mismatches,
       sum(mismatches) FILTER (WHERE step < 0) AS rows_after_truncate
  FROM checks;
SELECT (SELECT count(*) FROM orders) AS orders,
       (SELECT count(*) FROM orders_portfolio) AS customers,
       (SELECT count(DISTINCT customer) FROM orders
         WHERE customer IS NOT NULL AND txn_date <= current_date AND amount >= 0) AS buyers;

-- refresh_alerts as of today changes nothing and keeps the table equal.
SELECT portfolio.refresh_alerts('orders') AS changed_today;
SELECT pg_temp.mismatches('orders', 'orders_portfolio', 'customer', 'o.txn_date', 'amount') AS after_refresh;

-- ----------------------------------------------------------------------
-- Hand-checked cases
-- ----------------------------------------------------------------------

CREATE TABLE shop (id int PRIMARY KEY, customer text, txn_date date, amount numeric, note text);
INSERT INTO shop VALUES (1, 'ann', current_date - 20, 10), (2, 'ann', current_date - 10, 20),
                        (3, 'bob', current_date - 5, 7), (4, NULL, current_date - 1, 100);
SELECT portfolio.track_orders('shop', 'customer', 'txn_date', 'amount', 'shop_customers');
-- The NULL customer has no row.
SELECT customer, first_date = current_date - 20 AS first_ok, transactions, total_amount
  FROM shop_customers ORDER BY customer;

-- A row moves from ann to bob: both are recomputed.
UPDATE shop SET customer = 'bob' WHERE id = 2;
SELECT customer, transactions, total_amount, last_date = current_date - 5 AS last_ok
  FROM shop_customers ORDER BY customer;
-- ... and to a new customer, carol, with a new date and amount in one UPDATE.
UPDATE shop SET customer = 'carol', txn_date = current_date - 2, amount = 1.5 WHERE id = 3;
SELECT customer, transactions, total_amount FROM shop_customers ORDER BY customer;

-- Deleting a customer's last order removes its row; a return alone or a
-- future order gives no row either.
DELETE FROM shop WHERE id = 1;
INSERT INTO shop VALUES (5, 'dan', current_date - 3, -5), (6, 'eve', current_date + 3, 5);
SELECT customer, transactions, total_amount FROM shop_customers ORDER BY customer;

-- Updating a column that is not tracked recomputes nobody (the rows keep
-- their version).
CREATE TEMP TABLE versions AS SELECT customer, xmin::text AS v FROM shop_customers;
UPDATE shop SET note = 'checked';
SELECT count(*) AS rows_rewritten FROM shop_customers s JOIN versions v USING (customer) WHERE s.xmin::text <> v.v;
-- ... nor does setting a tracked column to the value it has.
UPDATE shop SET amount = amount, customer = customer;
SELECT count(*) AS rows_rewritten FROM shop_customers s JOIN versions v USING (customer) WHERE s.xmin::text <> v.v;

-- TRUNCATE empties the summary table.
TRUNCATE shop;
SELECT count(*) AS rows_after_truncate FROM shop_customers;
INSERT INTO shop VALUES (1, 'ann', current_date - 20, 10);
SELECT customer, transactions FROM shop_customers;

-- ----------------------------------------------------------------------
-- Setup errors
-- ----------------------------------------------------------------------

CREATE TABLE bad (customer int, d date, t timestamp, tz timestamptz, a numeric, i int, f float8,
                  m money, txt text, b boolean, as_of int);
CREATE VIEW bad_view AS SELECT * FROM bad;
SELECT pg_temp.try($$SELECT portfolio.track_orders('bad', 'customer', 'd', 'a', unit => 'year')$$);
SELECT pg_temp.try($$SELECT portfolio.track_orders('bad', 'customer', 'd', 'a', unit => NULL)$$);
SELECT pg_temp.try($$SELECT portfolio.track_orders('bad', NULL, 'd', 'a')$$);
SELECT pg_temp.try($$SELECT portfolio.track_orders(NULL, 'customer', 'd', 'a')$$);
SELECT pg_temp.try($$SELECT portfolio.track_orders('bad', 'client', 'd', 'a')$$);
SELECT pg_temp.try($$SELECT portfolio.track_orders('bad', 'customer', 'day', 'a')$$);
SELECT pg_temp.try($$SELECT portfolio.track_orders('bad', 'customer', 'd', 'amt')$$);
SELECT pg_temp.try($$SELECT portfolio.track_orders('bad', 'customer', 'ctid', 'a')$$);
SELECT pg_temp.try($$SELECT portfolio.track_orders('bad', 'customer', 'txt', 'a')$$);
SELECT pg_temp.try($$SELECT portfolio.track_orders('bad', 'customer', 'i', 'a')$$);
SELECT pg_temp.try($$SELECT portfolio.track_orders('bad', 'customer', 'd', 'txt')$$);
SELECT pg_temp.try($$SELECT portfolio.track_orders('bad', 'customer', 'd', 'b')$$);
SELECT pg_temp.try($$SELECT portfolio.track_orders('bad', 'customer', 'd', 'd')$$);
SELECT pg_temp.try($$SELECT portfolio.track_orders('bad', 'as_of', 'd', 'a')$$);
SELECT pg_temp.try($$SELECT portfolio.track_orders('bad_view', 'customer', 'd', 'a')$$);
SELECT pg_temp.try($$SELECT portfolio.track_orders('bad', 'customer', 'd', 'a', time_zone => 'Mars/Olympus')$$);
SELECT pg_temp.try($$SELECT portfolio.track_orders('bad', 'customer', 'd', 'a', 'orders_portfolio')$$);
SELECT pg_temp.try($$SELECT portfolio.track_orders('orders', 'customer', 'txn_date', 'amount', 'other')$$);
SELECT pg_temp.try($$SELECT portfolio.track_orders('no_such_table', 'customer', 'd', 'a')$$);
-- none of them left a trigger, a table or an index behind
SELECT portfolio_internal.tracking_args('bad') IS NULL AS bad_untracked,
       to_regclass('bad_portfolio') IS NULL AS no_table,
       (SELECT count(*) FROM pg_index WHERE indrelid = 'bad'::regclass) AS indexes;
SELECT portfolio.untrack_orders(NULL) IS NULL AS untrack_null;

-- Every accepted column type: date, timestamp and timestamptz dates; numeric,
-- integer, float8 and money amounts; unit names in any case.
INSERT INTO bad (customer, d, t, tz, a, i, f, m) VALUES
    (1, '2020-01-01', '2020-01-01 10:00', '2020-01-01 23:00-05', 1.5, 2, 2.5, 3.25);
SELECT portfolio.track_orders('bad', 'customer', 't', 'i', 'bad_1', 'WEEK');
SELECT portfolio.untrack_orders('bad');
SELECT portfolio.track_orders('bad', 'customer', 'tz', 'f', 'bad_2', 'Month');
SELECT portfolio.untrack_orders('bad');
SELECT portfolio.track_orders('bad', 'customer', 'd', 'm', 'bad_3', 'quarter');
SELECT 'bad_1' AS t, first_date, total_amount, unit FROM bad_1
UNION ALL SELECT 'bad_2', first_date, total_amount, unit FROM bad_2
UNION ALL SELECT 'bad_3', first_date, total_amount, unit FROM bad_3 ORDER BY 1;

-- ----------------------------------------------------------------------
-- Names are names: quotes, spaces, semicolons and SQL in them
-- ----------------------------------------------------------------------

CREATE SCHEMA "we""ird; schema";
CREATE TABLE "we""ird; schema"."orders""; DROP TABLE orders; --" (
    "cust id" text, "date"")col" date, "amount; --" numeric, "unit" text);
INSERT INTO "we""ird; schema"."orders""; DROP TABLE orders; --" VALUES
    ('x''); DROP TABLE orders; --', '2024-01-01', 10, 'u'), ('x''); DROP TABLE orders; --', '2024-01-05', 20, 'u'),
    ('Robert"); --', '2024-02-01', 5, 'u');
SELECT portfolio.track_orders('"we""ird; schema"."orders""; DROP TABLE orders; --"',
                              'cust id', 'date")col', 'amount; --');
INSERT INTO "we""ird; schema"."orders""; DROP TABLE orders; --" VALUES ('Robert"); --', '2024-03-01', 1, 'u');
UPDATE "we""ird; schema"."orders""; DROP TABLE orders; --" SET "cust id" = 'Robert"); --' WHERE "amount; --" = 20;
DELETE FROM "we""ird; schema"."orders""; DROP TABLE orders; --" WHERE "amount; --" = 10;
SELECT "cust id", first_date, transactions, total_amount
  FROM "we""ird; schema"."orders""; DROP TABLE orders; --_portfolio" ORDER BY 1;
SELECT pg_temp.mismatches('"we""ird; schema"."orders""; DROP TABLE orders; --"',
                          '"we""ird; schema"."orders""; DROP TABLE orders; --_portfolio"',
                          'cust id', 'o."date"")col"', 'amount; --') AS weird_mismatches;
SELECT portfolio.refresh_alerts('"we""ird; schema"."orders""; DROP TABLE orders; --"', '2024-06-30') AS changed;
SELECT portfolio.untrack_orders('"we""ird; schema"."orders""; DROP TABLE orders; --"');
SELECT to_regclass('orders') IS NOT NULL AS orders_still_there;

-- A name of 63 bytes: the default summary table name keeps the suffix.
CREATE TABLE order_lines_of_the_north_western_region_and_the_islands_2024_q1
    (customer int, d date, a numeric);
INSERT INTO order_lines_of_the_north_western_region_and_the_islands_2024_q1 VALUES (1, '2024-01-01', 1);
SELECT portfolio.track_orders('order_lines_of_the_north_western_region_and_the_islands_2024_q1', 'customer', 'd', 'a');
INSERT INTO order_lines_of_the_north_western_region_and_the_islands_2024_q1 VALUES (1, '2024-01-02', 1);
SELECT transactions FROM order_lines_of_the_north_western_region_and_the_islan_portfolio;
-- ... also in characters of two bytes (the table name keeps 31 of them, the summary table 26)
CREATE TABLE "ñññññññññññññññññññññññññññññññññññññññññññ" (customer int, d date, a numeric);
SELECT portfolio.track_orders('"ñññññññññññññññññññññññññññññññññññññññññññ"', 'customer', 'd', 'a') IS NOT NULL AS tracked;
SELECT length(relname) AS characters, octet_length(relname) AS bytes FROM pg_class
 WHERE relname LIKE 'ñ%' AND relkind = 'r' ORDER BY relname;

-- ----------------------------------------------------------------------
-- Customer types compared as the key compares them; time zones
-- ----------------------------------------------------------------------

-- A citext customer: 'Ann@Example.com' and 'ann@example.com' are one
-- customer, even with citext outside the search_path.
CREATE SCHEMA ext;
CREATE EXTENSION citext SCHEMA ext;
CREATE TABLE web_orders (email ext.citext, placed_at timestamptz, total float8);
SET TimeZone = 'UTC';
-- The dates are those of Tokyo, whatever the session's time zone.
SELECT portfolio.track_orders('web_orders', 'email', 'placed_at', 'total', time_zone => 'Asia/Tokyo');
INSERT INTO web_orders VALUES ('Ann@Example.com', '2024-03-01 20:00+00', 10.25);
SET TimeZone = 'America/Los_Angeles';
INSERT INTO web_orders VALUES ('ann@example.com', '2024-03-05 01:00+00', 4.75);
SELECT email, first_date, last_date, transactions, total_amount,
       as_of = (now() AT TIME ZONE 'Asia/Tokyo')::date AS as_of_tokyo FROM web_orders_portfolio;
DELETE FROM web_orders WHERE total > 5;
SELECT email, first_date, transactions, total_amount FROM web_orders_portfolio;
-- An order that summarize rejects makes the statement fail, and nothing changes.
SELECT pg_temp.try($$INSERT INTO web_orders VALUES ('bob@example.com', now(), 'NaN')$$);
SELECT pg_temp.try($$INSERT INTO web_orders VALUES ('bob@example.com', 'infinity', 1)$$);
SELECT count(*) AS web_orders, (SELECT count(*) FROM web_orders_portfolio) AS customers FROM web_orders;
RESET TimeZone;

-- ----------------------------------------------------------------------
-- Indexes
-- ----------------------------------------------------------------------

-- An index that leads with the customer column serves; a partial one does not.
CREATE TABLE indexed (customer int, d date, a numeric);
CREATE INDEX indexed_customer_d ON indexed (customer, d);
SELECT portfolio.track_orders('indexed', 'customer', 'd', 'a');
CREATE TABLE partial (customer int, d date, a numeric);
CREATE INDEX partial_customer ON partial (customer) WHERE a > 0;
SELECT portfolio.track_orders('partial', 'customer', 'd', 'a');
SELECT indrelid::regclass, indexrelid::regclass FROM pg_index
 WHERE indrelid IN ('indexed'::regclass, 'partial'::regclass) ORDER BY 1, 2;

-- ----------------------------------------------------------------------
-- A partitioned orders table: rows moving between partitions
-- ----------------------------------------------------------------------

CREATE TABLE sales (customer int, d date, a numeric) PARTITION BY RANGE (d);
CREATE TABLE sales_2023 PARTITION OF sales FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
CREATE TABLE sales_2024 PARTITION OF sales FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
INSERT INTO sales VALUES (1, '2023-05-01', 10), (1, '2024-05-01', 20), (2, '2024-06-01', 5);
SELECT portfolio.track_orders('sales', 'customer', 'd', 'a');
UPDATE sales SET d = '2023-06-01', customer = 2 WHERE a = 20;
SELECT customer, first_date, last_date, transactions, total_amount FROM sales_portfolio ORDER BY 1;
SELECT pg_temp.mismatches('sales', 'sales_portfolio', 'customer', 'o.d', 'a') AS sales_mismatches;

-- ----------------------------------------------------------------------
-- refresh_alerts
-- ----------------------------------------------------------------------

-- As of 2024-06-30: customers 1..3 bought every 10 days until 2024-06-25
-- (silent 5 days = 0.5 cadences: active, green); 4..7 once on 2024-06-20 (a
-- one-time buyer is measured against expected_gap, 90 days: 10 / 90, new,
-- green); 8 and 9 once on 2024-03-01 (121 / 90 = 1.34: new, yellow).
-- On 2024-07-30 customers 1..3 are silent 35 / 10 = 3.5 cadences (lapsed,
-- red), 8 and 9 151 / 90 = 1.68 (at_risk, red), and 4..7 (40 / 90) stay
-- new and green: 5 customers change.
CREATE TABLE visits (customer int, d date, a numeric);
INSERT INTO visits
SELECT c, DATE '2024-06-25' - 10 * k, 10 FROM generate_series(1, 3) c, generate_series(0, 5) k
UNION ALL SELECT c, DATE '2024-06-20', 10 FROM generate_series(4, 7) c
UNION ALL SELECT c, DATE '2024-03-01', 10 FROM generate_series(8, 9) c;
SELECT portfolio.track_orders('visits', 'customer', 'd', 'a') IS NOT NULL AS tracked;
SELECT portfolio.refresh_alerts('visits', '2024-06-30') IS NOT NULL AS refreshed;
SELECT customer, as_of, days_since_last, lifecycle, alert FROM visits_portfolio ORDER BY customer;
CREATE TEMP TABLE before AS SELECT customer, lifecycle, alert FROM visits_portfolio;
SELECT portfolio.refresh_alerts('visits', '2024-07-30') AS changed;
SELECT customer, as_of, days_since_last, lifecycle, alert FROM visits_portfolio ORDER BY customer;
-- the count agrees with the rows
SELECT count(*) AS changed_rows FROM before b FULL JOIN visits_portfolio v USING (customer)
 WHERE (b.lifecycle, b.alert) IS DISTINCT FROM (v.lifecycle, v.alert);
-- The same date again changes nothing.
SELECT portfolio.refresh_alerts('visits', '2024-07-30') AS changed;
-- Back to 2024-03-15: customers 1..7 had not bought yet and lose their
-- row (they count as changed), 8 and 9 (14 days) are new and green again:
-- 9 changes.
SELECT portfolio.refresh_alerts('visits', '2024-03-15') AS changed;
SELECT customer, as_of, days_since_last, lifecycle, alert FROM visits_portfolio ORDER BY customer;
-- A refresh also repairs a table edited by hand or left behind while the
-- triggers were disabled: customer 10 (74 / 90: new, green) comes and 9
-- goes (2 changes); 8's total is put back, which changes no stage or alert.
ALTER TABLE visits DISABLE TRIGGER USER;
INSERT INTO visits VALUES (10, '2024-01-01', 1);
DELETE FROM visits WHERE customer = 9;
ALTER TABLE visits ENABLE TRIGGER USER;
UPDATE visits_portfolio SET total_amount = 0 WHERE customer = 8;
SELECT portfolio.refresh_alerts('visits', '2024-03-15') AS changed;
SELECT pg_temp.mismatches('visits', 'visits_portfolio', 'customer', 'o.d', 'a', today => '2024-03-15') AS visits_mismatches;

-- ----------------------------------------------------------------------
-- untrack_orders
-- ----------------------------------------------------------------------

SELECT portfolio.untrack_orders('shop');
SELECT count(*) AS triggers_left FROM pg_trigger WHERE tgrelid = 'shop'::regclass;
INSERT INTO shop VALUES (2, 'zoe', current_date, 1);
SELECT customer FROM shop_customers ORDER BY 1;
SELECT pg_temp.try($$SELECT portfolio.refresh_alerts('shop')$$);
-- Tracking again into a new table reuses the index on shop (customer).
SELECT portfolio.track_orders('shop', 'customer', 'txn_date', 'amount', 'shop_customers_2');
SELECT customer FROM shop_customers_2 ORDER BY 1;
SELECT count(*) AS indexes FROM pg_index WHERE indrelid = 'shop'::regclass;
