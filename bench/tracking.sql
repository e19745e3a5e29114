-- The cost of portfolio.track_orders' triggers: the same inserts into an
-- orders table that is tracked and into an identical one that is not.
--
--   psql -X -f bench/tracking.sql        (in a database where CREATE EXTENSION portfolio works)
--   psql -X -v rows=100000 -v reps=1 -f bench/tracking.sql
--
-- psql variables (defaults): rows (1000000), customers (rows / 10), singles
-- (2000), reps (2), seed (0.42).  Measured, each with clock_timestamp()
-- inside the server, COMMIT included:
--   bulk     one INSERT ... SELECT of `rows` rows (customers spread evenly,
--            dates over 2022-2024, numeric(12,2) amounts) into the empty
--            table; the tracked one recomputes every customer once;
--   singles  `singles` single-row INSERT statements, each its own
--            transaction, into the loaded tables (existing customers);
--   singles in one transaction: the same statements without the commits;
--   refresh_alerts over the tracked table (the nightly job).
-- Both tables have the same index on customer_id (track_orders would create
-- it); the tables are ordinary (logged).  Prints one table: milliseconds,
-- best of `reps`, and the ratio tracked / untracked.
\set ON_ERROR_STOP 1
\if :{?rows} \else \set rows 1000000 \endif
\if :{?customers}
\else
SELECT :rows / 10 AS customers \gset
\endif
\if :{?singles} \else \set singles 2000 \endif
\if :{?reps} \else \set reps 2 \endif
\if :{?seed} \else \set seed 0.42 \endif
SET client_min_messages = warning;

CREATE EXTENSION IF NOT EXISTS portfolio;
DROP TABLE IF EXISTS bench_track_src, bench_track_plain, bench_track_orders,
                     bench_track_orders_portfolio, bench_track_times;
DROP PROCEDURE IF EXISTS bench_track_run;

SELECT setseed(:seed);
CREATE UNLOGGED TABLE bench_track_src AS
SELECT (1 + (g * 7919) % :customers)::int AS customer_id,   -- every customer, :rows / :customers rows each
       DATE '2022-01-01' + floor(1096 * random())::int AS txn_date,
       round((1 + 299 * random())::numeric, 2)::numeric(12, 2) AS amount
  FROM generate_series(1, :rows::bigint) g;
VACUUM (FREEZE, ANALYZE) bench_track_src;

CREATE TABLE bench_track_plain (id bigserial PRIMARY KEY, customer_id int NOT NULL,
                                txn_date date NOT NULL, amount numeric(12, 2) NOT NULL);
CREATE TABLE bench_track_orders (LIKE bench_track_plain INCLUDING ALL);
CREATE INDEX ON bench_track_plain (customer_id);
CREATE INDEX ON bench_track_orders (customer_id);
SELECT portfolio.track_orders('bench_track_orders', 'customer_id', 'txn_date', 'amount') AS summary_table;

CREATE TABLE bench_track_times (what text, tbl text, rep int, ms float8);

CREATE PROCEDURE bench_track_run(reps int, singles int, customers int)
LANGUAGE plpgsql AS $$
DECLARE
    t0  timestamptz;
    tbl text;
BEGIN
    FOR rep IN 1 .. reps LOOP
        FOREACH tbl IN ARRAY ARRAY['bench_track_plain', 'bench_track_orders'] LOOP
            EXECUTE format('TRUNCATE %I', tbl);    -- empties the summary table too
            COMMIT;
            t0 := clock_timestamp();
            EXECUTE format('INSERT INTO %I (customer_id, txn_date, amount) '
                           'SELECT customer_id, txn_date, amount FROM bench_track_src', tbl);
            COMMIT;
            INSERT INTO bench_track_times
            VALUES ('bulk', tbl, rep, 1000 * extract(epoch FROM clock_timestamp() - t0));
            COMMIT;
        END LOOP;
        FOREACH tbl IN ARRAY ARRAY['bench_track_plain', 'bench_track_orders'] LOOP
            t0 := clock_timestamp();
            FOR i IN 1 .. singles LOOP
                EXECUTE format('INSERT INTO %I (customer_id, txn_date, amount) VALUES ($1, $2, $3)', tbl)
                USING 1 + (i * 104729) % customers, DATE '2024-12-31', 10.00;
                COMMIT;
            END LOOP;
            INSERT INTO bench_track_times
            VALUES ('singles', tbl, rep, 1000 * extract(epoch FROM clock_timestamp() - t0));
            COMMIT;
            t0 := clock_timestamp();
            FOR i IN 1 .. singles LOOP
                EXECUTE format('INSERT INTO %I (customer_id, txn_date, amount) VALUES ($1, $2, $3)', tbl)
                USING 1 + (i * 104729) % customers, DATE '2024-12-30', 10.00;
            END LOOP;
            COMMIT;
            INSERT INTO bench_track_times
            VALUES ('singles in one transaction', tbl, rep, 1000 * extract(epoch FROM clock_timestamp() - t0));
            COMMIT;
        END LOOP;
        t0 := clock_timestamp();
        PERFORM portfolio.refresh_alerts('bench_track_orders');
        COMMIT;
        INSERT INTO bench_track_times
        VALUES ('refresh_alerts', 'bench_track_orders', rep, 1000 * extract(epoch FROM clock_timestamp() - t0));
        COMMIT;
    END LOOP;
END;
$$;

CHECKPOINT;
CALL bench_track_run(:reps, :singles, :customers);

-- The tracked table is right: one row per customer, equal to a fresh summarize.
SELECT (SELECT count(*) FROM bench_track_orders_portfolio) AS summary_rows,
       (SELECT count(DISTINCT customer_id) FROM bench_track_orders) AS customers,
       (SELECT count(*)
          FROM (SELECT customer_id, portfolio.summarize(txn_date, amount, x.as_of) AS s, x
                  FROM bench_track_orders JOIN bench_track_orders_portfolio x USING (customer_id)
                 GROUP BY customer_id, x) q
         WHERE (s).transactions <> (x).transactions OR (s).total_amount <> (x).total_amount
            OR (s).last_date <> (x).last_date) AS mismatches;

\echo
\echo 'Tracking cost (ms, best of' :reps 'runs):' :rows 'rows,' :customers 'customers;' :singles 'single-row inserts'
SELECT what,
       round(min(ms) FILTER (WHERE tbl = 'bench_track_plain')::numeric, 1) AS untracked_ms,
       round(min(ms) FILTER (WHERE tbl = 'bench_track_orders')::numeric, 1) AS tracked_ms,
       round((min(ms) FILTER (WHERE tbl = 'bench_track_orders')
              / min(ms) FILTER (WHERE tbl = 'bench_track_plain'))::numeric, 1) AS ratio,
       CASE WHEN what LIKE 'singles%' THEN
            round((1000 * min(ms) FILTER (WHERE tbl = 'bench_track_orders') / :singles)::numeric)
            || ' us per statement tracked, '
            || round((1000 * min(ms) FILTER (WHERE tbl = 'bench_track_plain') / :singles)::numeric)
            || ' untracked' END AS per_statement
  FROM bench_track_times
 GROUP BY what
 ORDER BY min(rep), what;
SELECT rep, what, tbl, round(ms::numeric, 1) AS ms FROM bench_track_times ORDER BY rep, what, tbl;

DROP PROCEDURE bench_track_run;
DROP TABLE bench_track_src, bench_track_plain, bench_track_orders, bench_track_orders_portfolio,
           bench_track_times;
