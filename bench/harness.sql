-- Timing harness (scripts/bench.sh).  Needs bench_query (bench/queries.sql).
--
-- CALL bench_measure(id, workers, reps[, explain]) runs bench_query.sql wrapped as
--     SELECT count(t) FROM (<sql>) t
-- with max_parallel_workers_per_gather = workers, for this call only.  With
-- workers > 0 it also sets parallel_setup_cost = parallel_tuple_cost = 0, so
-- that the planner does use the workers; whether it would have at the default
-- costs is recorded too (EXPLAIN only).  Then:
--   1. once under EXPLAIN (ANALYZE, BUFFERS): a warm-up that also records the
--      plan, the workers launched, any spill to disk and the JIT time
--      (bench_plan; EXPLAIN prints JIT only with COSTS on); skipped when
--      explain is false (the scaling series, where it would double the time);
--   2. reps times for real, each timed by clock_timestamp() around EXECUTE
--      inside the server, so neither psql nor the network is measured
--      (bench_timing).  The plan is made afresh each time.  Around each run,
--      outside the timed interval, the backend's peak memory is reset and
--      read (bench_peak_reset, bench_peak_kb in bench/common.sql).

DROP TABLE IF EXISTS bench_timing, bench_plan;
CREATE TABLE bench_timing (
    id      text    NOT NULL,
    workers integer NOT NULL,
    rep     integer NOT NULL,
    ms      float8  NOT NULL,
    groups  bigint  NOT NULL,      -- what count(t) returned
    peak_kb bigint                 -- peak memory of the backend (leader), kB
);
CREATE TABLE bench_plan (
    id       text    NOT NULL,
    workers  integer NOT NULL,
    plan     text    NOT NULL,     -- EXPLAIN ANALYZE output of the warm-up
    default_parallel boolean NOT NULL,  -- would the default costs give a parallel plan?
    shape    text    NOT NULL,     -- its node names, outermost first
    launched integer NOT NULL,     -- parallel workers launched
    spill_kb bigint  NOT NULL,     -- sorts and hash aggregates on disk, summed
    jit_ms   float8  NOT NULL      -- JIT compilation, leader and workers summed
);

CREATE OR REPLACE PROCEDURE bench_measure(p_id text, p_workers integer, p_reps integer DEFAULT 3,
                                          p_explain boolean DEFAULT true)
LANGUAGE plpgsql AS $$
DECLARE
    q      text;
    line   text;
    plan   text := '';
    t0     timestamptz;
    ms     float8;
    n      bigint;
    times  text := '';
    default_parallel boolean := false;
BEGIN
    SELECT 'SELECT count(t) FROM (' || sql || ') t' INTO STRICT q FROM bench_query WHERE id = p_id;
    PERFORM set_config('max_parallel_workers_per_gather', p_workers::text, true);
    IF p_workers > 0 THEN
        FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP
            default_parallel := default_parallel OR line LIKE '%Gather%';
        END LOOP;
        PERFORM set_config('parallel_setup_cost', '0', true);
        PERFORM set_config('parallel_tuple_cost', '0', true);
    END IF;

    IF p_explain THEN
        FOR line IN EXECUTE 'EXPLAIN (ANALYZE, BUFFERS) ' || q LOOP
            plan := plan || line || E'\n';
        END LOOP;
        INSERT INTO bench_plan
        SELECT p_id, p_workers, plan, default_parallel,
               -- "->  Parallel Seq Scan on bench_tx (actual ...)" gives "Parallel Seq Scan"
               (SELECT string_agg(m[1], ' > ' ORDER BY o)
                  FROM regexp_matches(plan, '(?:^|\n) *(?:-> +)?([A-Z][A-Za-z]*(?: [A-Z][A-Za-z]*)*)(?: on | using | *\()', 'g')
                       WITH ORDINALITY AS x(m, o)),
               coalesce((SELECT sum(m[1]::int) FROM regexp_matches(plan, 'Workers Launched: (\d+)', 'g') AS m), 0),
               coalesce((SELECT sum(m[1]::bigint) FROM regexp_matches(plan, 'Disk(?: Usage)?: (\d+)kB', 'g') AS m), 0),
               coalesce((SELECT sum(m[1]::float8) FROM regexp_matches(plan, 'Emission [0-9.]+ ms, Total ([0-9.]+) ms', 'g') AS m), 0);
    END IF;

    FOR i IN 1 .. p_reps LOOP
        PERFORM bench_peak_reset();
        t0 := clock_timestamp();
        EXECUTE q INTO n;
        ms := 1000 * extract(epoch FROM clock_timestamp() - t0);
        INSERT INTO bench_timing VALUES (p_id, p_workers, i, ms, n, bench_peak_kb());
        times := times || ' ' || round(ms::numeric);
    END LOOP;
    -- INFO reaches psql whatever client_min_messages says.
    RAISE INFO '% (% workers):% ms', p_id, p_workers, times;
END;
$$;
