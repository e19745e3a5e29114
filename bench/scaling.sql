-- The scaling series of `make bench-scaling` (scripts/bench.sh scaling):
-- bench_scaling holds, for each scale, the serial time and the backend's
-- peak memory of each query, one timed run each.
--   ns/row    ms per input row: flat when time grows linearly with the rows
--   peak MB   the backend's own memory (bench/common.sql): bounded by
--             work_mem x hash_mem_multiplier for the hash aggregates, which
--             spill to disk beyond it
\pset footer off
\pset null ''

\echo
\echo 'Scaling: serial ms, ns per input row and peak backend MB at each scale (one run each)'
SELECT id AS query,
       string_agg(to_char(ms, 'FM999,999,990'), ' | ' ORDER BY rows) AS "ms",
       string_agg(round((1e6 * ms / input_rows)::numeric)::text, ' | ' ORDER BY rows) AS "ns/row",
       string_agg(round(peak_kb / 1024.0)::text, ' | ' ORDER BY rows) AS "peak MB",
       round(((array_agg(ms / input_rows ORDER BY rows DESC))[1]
              / (array_agg(ms / input_rows ORDER BY rows))[1])::numeric, 2) AS "ns/row largest / smallest"
  FROM bench_scaling
 GROUP BY id, ord
 ORDER BY ord;
SELECT string_agg(format('%s: %s rows, %s customers', scale, to_char(rows, 'FM999,999,999,999'),
                         to_char(customers, 'FM999,999,999,999')), '; ' ORDER BY rows) AS scales
  FROM (SELECT DISTINCT scale, rows, customers FROM bench_scaling) s;
