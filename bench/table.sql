-- The one table of `make bench` (scripts/bench.sh): every capability that a
-- part of the benchmark put into bench_result (bench/common.sql).
--
--   ms                 median of the timed runs: serial / 2 workers (forced)
--   workers speed-up   our serial ms / our 2-worker ms
--   x faster           plain-SQL ms / our ms, serial / 2 workers (a plain query
--                      that cannot run in parallel counts with its serial time)
--   M rows/s           input rows per second, ours, serial
--   peak MB            the backend's own peak memory during our serial runs
--   same               the two ways gave the same answer (checked in this run)
\pset footer off
\pset null ''

CREATE FUNCTION pg_temp.pair(a float8, b float8, digits int, suffix text DEFAULT '') RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN a IS NULL AND b IS NULL THEN NULL
                ELSE concat_ws(' / ', round(a::numeric, digits) || suffix, round(b::numeric, digits) || suffix)
           END
$$;

\echo
\echo 'Every capability: ours against the plain-SQL way, same server, same run (pairs are serial / 2 workers)'
SELECT capability,
       step,
       to_char(input_rows, 'FM999,999,999,999') AS rows,
       pg_temp.pair(ours_serial_ms, ours_parallel_ms, 0) AS "ms",
       round((ours_serial_ms / ours_parallel_ms)::numeric, 2) || 'x' AS "workers speed-up",
       pg_temp.pair(plain_serial_ms, plain_parallel_ms, 0) AS "plain SQL ms",
       pg_temp.pair(plain_serial_ms / ours_serial_ms,
                    coalesce(plain_parallel_ms, plain_serial_ms) / ours_parallel_ms, 1, 'x') AS "x faster",
       round((input_rows / ours_serial_ms / 1000)::numeric, 2) AS "M rows/s",
       round(peak_kb / 1024.0, 1) AS "peak MB",
       same
  FROM bench_result
 ORDER BY ord, step;
