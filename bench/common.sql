-- Shared by every part of the benchmark (scripts/bench.sh, and each
-- bench/*.sql run on its own): the table of results that `make bench` prints
-- at the end (bench/table.sql), and the backend's peak memory.
--
-- bench_result: one row per capability step, filled by each part.
--   ord              order in the table (parts use their own hundreds)
--   capability       summary, rfm, cohorts, kpis, models, strategy, ...
--   step             what was timed, ours first
--   input_rows       rows read by the query (for rows/s)
--   ours_ms          median ms of the extension, serial and with 2 workers
--   plain_ms         median ms of the plain-SQL way, serial and with 2
--                    workers (NULL where there is none, e.g. model fits)
--   peak_kb          peak memory of the backend while running ours, serial
--                    (see bench_peak_kb), the largest over the timed runs
--   same             whether ours and the plain SQL gave the same answer
--                    ('yes' / 'NO' / NULL where not compared in this run)
CREATE TABLE IF NOT EXISTS bench_result (
    ord              integer NOT NULL,
    capability       text    NOT NULL,
    step             text    NOT NULL,
    input_rows       bigint,
    ours_serial_ms   float8,
    ours_parallel_ms float8,
    plain_serial_ms  float8,
    plain_parallel_ms float8,
    peak_kb          bigint,
    same             text
);

-- Peak memory of this backend, from Linux's /proc/self/status: VmHWM (the
-- high-water mark of the resident set since bench_peak_reset) less the
-- shared memory and mapped files resident now (shared_buffers pages the
-- query touched, the binaries).  What is left is the backend's own memory:
-- hash tables, sorts, aggregate states.  Needs superuser (pg_read_file of an
-- absolute path, COPY to a file); NULL where /proc is not there.
CREATE OR REPLACE FUNCTION bench_peak_reset() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF (pg_stat_file('/proc/self/clear_refs', true)).size IS NOT NULL THEN
        -- "5" resets the resident-set high-water mark to the current size.
        EXECUTE $c$COPY (SELECT 5) TO '/proc/self/clear_refs'$c$;
    END IF;
END $$;

CREATE OR REPLACE FUNCTION bench_peak_kb() RETURNS bigint LANGUAGE sql AS $$
    SELECT substring(s FROM 'VmHWM:\s*(\d+)')::bigint
           - substring(s FROM 'RssFile:\s*(\d+)')::bigint
           - substring(s FROM 'RssShmem:\s*(\d+)')::bigint
      FROM (SELECT pg_read_file('/proc/self/status', 0, 65536, true) AS s) f
$$;

-- For the rest of this transaction: max_parallel_workers_per_gather =
-- workers and, with workers, parallel_setup_cost and parallel_tuple_cost 0 so
-- that the planner does use them (else their defaults).
CREATE OR REPLACE FUNCTION bench_set_workers(workers integer) RETURNS void LANGUAGE sql AS $$
    SELECT set_config('max_parallel_workers_per_gather', workers::text, true),
           set_config('parallel_setup_cost', CASE WHEN workers > 0 THEN '0' ELSE '1000' END, true),
           set_config('parallel_tuple_cost', CASE WHEN workers > 0 THEN '0' ELSE '0.1' END, true)
$$;

-- Run query reps times with this many workers (forced when > 0) and add one
-- row to the table times (ord, step, way, workers, ms, peak_kb, answer):
-- the median time, the answer (the query's one value as text) and, for
-- ours ('portfolio') serial, the largest peak memory of the backend (reset
-- and read around each run, outside the timed interval).
CREATE OR REPLACE PROCEDURE bench_step_time(times regclass, ord int, step text, way text, query text,
                                            workers int, reps int)
LANGUAGE plpgsql AS $$
DECLARE
    t0 timestamptz;
    ms float8[] := '{}';
    answer text;
    peak bigint;
BEGIN
    PERFORM bench_set_workers(workers);
    FOR i IN 1 .. reps LOOP
        IF way = 'portfolio' AND workers = 0 THEN
            PERFORM bench_peak_reset();
        END IF;
        t0 := clock_timestamp();
        EXECUTE query INTO answer;
        ms := ms || 1000 * extract(epoch FROM clock_timestamp() - t0)::float8;
        IF way = 'portfolio' AND workers = 0 THEN
            peak := greatest(peak, bench_peak_kb());
        END IF;
    END LOOP;
    EXECUTE format('INSERT INTO %s SELECT $1, $2, $3, $4, percentile_cont(0.5) WITHIN GROUP (ORDER BY t), $5, $6'
                   ' FROM unnest($7) t', times)
        USING ord, step, way, workers, peak, answer, ms;
    RAISE INFO '% (%, % workers): % ms', step, way, workers, array_to_string(ms, ' ');
END $$;
