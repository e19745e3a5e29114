-- Synthetic transaction log for `make bench` (scripts/bench.sh).
--
-- psql variables: rows, customers, seed.  Creates bench_tx in the first schema
-- of search_path, so the same file builds the benchmark table (public) and
-- the small correctness-check table (bench_check).
--
-- Shape of the data (reproducible: one setseed, then one INSERT ... SELECT whose
-- random() calls run in a fixed order in a single, non-parallel process):
--   txn_date     2022-01-01 .. 2024-12-31 (1096 days), rising with the row
--                number, so the table is in date order like an append-only log
--   customer_id  floor(customers * u^3): heavy-tailed rows per customer; at
--                10m rows and 1m customers: median 6, 99th percentile 73,
--                busiest customer about 100,000 (rows / cbrt(customers)), 4%
--                of customers with one row, 1% of the ids never drawn
--   amount       numeric(12,2), lognormal: exp(ln 30 + z), z standard normal by
--                Box-Muller; 3% are returns (negative), 1% are zero
--   amount_f8    the same amount as float8, stored (for the float8 overload)
-- The table is UNLOGGED: loading skips WAL, reading it is no different.

DROP TABLE IF EXISTS bench_tx;
CREATE UNLOGGED TABLE bench_tx (
    customer_id integer       NOT NULL,
    txn_date    date          NOT NULL,
    amount      numeric(12,2) NOT NULL,
    amount_f8   float8        GENERATED ALWAYS AS (amount::float8) STORED
);

SELECT setseed(:seed) \gset
-- Three levels: the innermost streams the row numbers (a set-returning
-- function in the target list, so nothing is materialized); the middle draws
-- the random numbers, once per row (a subquery with volatile functions is
-- never flattened into its parent); the outer one shapes them.
INSERT INTO bench_tx (customer_id, txn_date, amount)
SELECT floor(:customers * u_customer ^ 3)::integer,
       DATE '2022-01-01' + ((g - 1) * 1096 / :rows)::integer,
       CASE WHEN u_kind < 0.03 THEN -round(lognormal::numeric, 2)   -- return
            WHEN u_kind < 0.04 THEN 0                               -- free item, voucher
            ELSE round(lognormal::numeric, 2)
       END
  FROM (SELECT g, u_customer, u_kind,
               -- Box-Muller: 1 - random() is in (0, 1], so ln() is finite
               exp(ln(30) + sqrt(-2 * ln(1 - u1)) * cos(2 * pi() * u2)) AS lognormal
          FROM (SELECT g, random() AS u_customer, random() AS u1, random() AS u2,
                       random() AS u_kind
                  FROM (SELECT generate_series(1, :rows)::bigint AS g) AS numbers
               ) AS draws
       ) AS shaped;

-- Set hint bits and the visibility map now, not during the first timed run.
VACUUM (FREEZE, ANALYZE) bench_tx;
