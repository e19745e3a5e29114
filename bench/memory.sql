-- Memory at the extremes (scripts/bench.sh; also on its own:
-- psql -X -f bench/memory.sql where CREATE EXTENSION portfolio works).
--
-- psql variables (defaults): one_rows (10000000), groups (10000000).
--   one customer   one_rows transactions of a single customer over three
--                  years (1,096 dates): summarize and activity keep one entry
--                  per distinct date, so the backend's memory must stay that
--                  of a few thousand entries, not of the rows; serial and with
--                  2 workers (one partial state each, then combined);
--   many groups    groups customers with one transaction each under
--                  work_mem = 4MB and a forced hash aggregate: the hash table
--                  must spill to disk in batches instead of failing or
--                  growing past hash_mem (work_mem x hash_mem_multiplier);
--                  the bare count(*) the same way, for comparison.
-- Each result is checked: the one customer's transactions and periods, and
-- the number of summaries and of their transactions.
\set ON_ERROR_STOP 1
\if :{?one_rows} \else \set one_rows 10000000 \endif
\if :{?groups} \else \set groups 10000000 \endif
SET client_min_messages = warning;
\ir common.sql

CREATE EXTENSION IF NOT EXISTS portfolio;
DROP TABLE IF EXISTS bench_one, bench_many, bench_memory;

SELECT setseed(0.42);
CREATE UNLOGGED TABLE bench_one AS
SELECT 1 AS customer_id, DATE '2022-01-01' + (g % 1096)::int AS txn_date,
       round((100 * random())::numeric, 2) AS amount
  FROM generate_series(1, :one_rows) g;
CREATE UNLOGGED TABLE bench_many AS
SELECT g AS customer_id, DATE '2022-01-01' + (g % 1096)::int AS txn_date,
       round((100 * random())::numeric, 2) AS amount
  FROM generate_series(1, :groups) g;
VACUUM (FREEZE, ANALYZE) bench_one, bench_many;

CREATE TABLE bench_memory (ord int, step text, workers int, ms float8, peak_kb bigint,
                           batches int, disk_kb bigint, answer text, expected text);

-- Run query once under EXPLAIN ANALYZE (hash batches and disk use, summed
-- over the plan's nodes) and once for real, timed, with the backend's peak
-- memory around it; keep its one value as answer.
-- With p_work_mem, work_mem is that and the hash aggregate is forced
-- (enable_sort off), so that it has to spill.
CREATE PROCEDURE bench_memory_run(p_ord int, p_step text, p_query text, p_workers int, p_expected text,
                                  p_work_mem text DEFAULT NULL)
LANGUAGE plpgsql AS $$
DECLARE
    line text;
    plan text := '';
    t0 timestamptz;
    ms float8;
    answer text;
BEGIN
    PERFORM bench_set_workers(p_workers);
    IF p_work_mem IS NOT NULL THEN
        PERFORM set_config('work_mem', p_work_mem, true);
        PERFORM set_config('enable_sort', 'off', true);
    END IF;
    FOR line IN EXECUTE 'EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) ' || p_query LOOP
        plan := plan || line || E'\n';
    END LOOP;
    PERFORM bench_peak_reset();
    t0 := clock_timestamp();
    EXECUTE p_query INTO answer;
    ms := 1000 * extract(epoch FROM clock_timestamp() - t0);
    INSERT INTO bench_memory VALUES (
        p_ord, p_step, p_workers, ms, bench_peak_kb(),
        coalesce((SELECT max(m[1]::int) FROM regexp_matches(plan, 'Batches: (\d+)', 'g') AS m), 0),
        coalesce((SELECT sum(m[1]::bigint) FROM regexp_matches(plan, 'Disk(?: Usage)?: (\d+)kB', 'g') AS m), 0),
        answer, p_expected);
    RAISE INFO '%, % workers: % ms', p_step, p_workers, round(ms::numeric);
END $$;

-- ---- one customer, every transaction -----------------------------------------
\set q_one_summary 'SELECT format(''%s transactions, %s periods'', (s).transactions, (s).periods) FROM (SELECT portfolio.summarize(txn_date, amount, DATE ''2024-12-31'') AS s FROM bench_one GROUP BY customer_id) q'
\set q_one_month 'SELECT format(''%s transactions, %s periods'', (s).transactions, (s).periods) FROM (SELECT portfolio.summarize(txn_date, amount, DATE ''2024-12-31'', ''month'') AS s FROM bench_one GROUP BY customer_id) q'
\set q_one_activity 'SELECT length(a::text) > 0 FROM (SELECT portfolio.activity(txn_date, amount, DATE ''2024-12-31'', ''month'') AS a FROM bench_one GROUP BY customer_id) q'
\set q_one_count 'SELECT count(*)::text FROM bench_one GROUP BY customer_id'
SELECT format('%s transactions, 1096 periods', :one_rows) AS one_day,
       format('%s transactions, 36 periods', :one_rows) AS one_month \gset
-- Each run in a session of its own (\c), so that the peak memory is the
-- query's and not what generating the data left in the backend.
\set QUIET 1
\c
CALL bench_memory_run(1, 'one customer: summarize, day', :'q_one_summary', 0, :'one_day');
\c
CALL bench_memory_run(1, 'one customer: summarize, day', :'q_one_summary', 2, :'one_day');
\c
CALL bench_memory_run(2, 'one customer: summarize, month', :'q_one_month', 0, :'one_month');
\c
CALL bench_memory_run(3, 'one customer: activity, month', :'q_one_activity', 0, 'true');
\c
CALL bench_memory_run(4, 'one customer: bare count(*)', :'q_one_count', 0, :'one_rows');

-- ---- many groups, small work_mem -----------------------------------------------
\set q_many_summary 'SELECT format(''%s summaries, %s transactions'', count(*), sum((s).transactions)) FROM (SELECT customer_id, portfolio.summarize(txn_date, amount, DATE ''2024-12-31'') AS s FROM bench_many GROUP BY customer_id) q'
\set q_many_count 'SELECT format(''%s summaries, %s transactions'', count(*), sum(n)) FROM (SELECT customer_id, count(*) AS n FROM bench_many GROUP BY customer_id) q'
SELECT format('%s summaries, %s transactions', :groups, :groups) AS many \gset
\c
CALL bench_memory_run(5, 'many groups, work_mem 4MB: summarize', :'q_many_summary', 0, :'many', '4MB');
\c
CALL bench_memory_run(5, 'many groups, work_mem 4MB: summarize', :'q_many_summary', 2, :'many', '4MB');
\c
CALL bench_memory_run(6, 'many groups, work_mem 4MB: bare count(*)', :'q_many_count', 0, :'many', '4MB');
\set QUIET 0

\pset footer off
\echo
\echo 'Memory at the extremes:' :one_rows 'transactions of one customer;' :groups 'customers under work_mem 4MB (hash aggregate forced)'
SELECT step, workers, round(ms::numeric) AS ms, round(peak_kb / 1024.0, 1) AS "peak MB",
       batches AS "hash batches", round(disk_kb / 1024.0, 1) AS "disk MB",
       answer = expected AS correct
  FROM bench_memory ORDER BY ord, workers;

INSERT INTO bench_result (ord, capability, step, input_rows, ours_serial_ms, ours_parallel_ms, peak_kb, same)
SELECT 700 + ord, 'memory',
       step || CASE WHEN max(batches) > 1
                    THEN format(' (%s batches, %s MB on disk)', max(batches), round(max(disk_kb) / 1024.0))
                    ELSE '' END,
       CASE WHEN step LIKE 'one%' THEN :one_rows ELSE :groups END,
       max(ms) FILTER (WHERE workers = 0), max(ms) FILTER (WHERE workers > 0),
       max(peak_kb) FILTER (WHERE workers = 0),
       CASE WHEN bool_and(answer = expected) THEN 'yes' ELSE 'NO' END
  FROM bench_memory GROUP BY ord, step;

DROP TABLE bench_one, bench_many, bench_memory;
DROP PROCEDURE bench_memory_run;
