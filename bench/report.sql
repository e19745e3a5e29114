-- The benchmark's table (scripts/bench.sh), from bench_timing and bench_plan.
-- psql variable: rows (of bench_tx).
--
-- serial ms, parallel ms   median of the timed runs, max_parallel_workers_per_gather
--                          0, and 2 with parallel_setup_cost = parallel_tuple_cost
--                          = 0; "*" marks a query that the planner would have
--                          kept serial at the default costs
-- M rows/s                 input rows (bench_tx, or bench_summary for RFM) per
--                          second, serial / parallel
-- x faster than plain SQL  plain-SQL ms / this ms (for summaries: the day
--                          summary in plain SQL), serial / parallel
-- x time of count(*)       this ms / bare count(*) ms, serial / parallel
\pset footer off
\pset null '-'

DROP TABLE IF EXISTS bench_median;
CREATE TABLE bench_median AS
SELECT q.id, q.ord, q.capability, q.label, q.reference,
       CASE q.input WHEN 'bench_tx' THEN :rows ELSE (SELECT count(*) FROM bench_summary) END AS input_rows,
       t.workers,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY t.ms) AS ms,
       max(t.peak_kb) AS peak_kb,
       p.launched, p.default_parallel
  FROM bench_query q
  JOIN bench_timing t USING (id)
  JOIN bench_plan p USING (id, workers)
 GROUP BY q.id, q.ord, q.capability, q.label, q.reference, q.input, t.workers, p.launched, p.default_parallel;

CREATE FUNCTION pg_temp.pair(a float8, b float8, digits int) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(round(a::numeric, digits)::text, '-') || ' / ' || coalesce(round(b::numeric, digits)::text, '-')
$$;

\echo
\echo 'Results: median of the timed runs; pairs are serial / parallel'
WITH m AS (
    SELECT id, ord, capability, label, reference, input_rows,
           max(ms) FILTER (WHERE workers = 0) AS s_ms,
           max(ms) FILTER (WHERE workers > 0) AS p_ms,
           bool_or(default_parallel) FILTER (WHERE workers > 0) AS default_parallel
      FROM bench_median GROUP BY 1, 2, 3, 4, 5, 6
), c AS (
    SELECT s_ms AS c_s, p_ms AS c_p FROM m WHERE id = 'bare_count'
)
SELECT m.capability,
       m.label AS query,
       to_char(m.s_ms, 'FM999,999,990') AS "serial ms",
       to_char(m.p_ms, 'FM999,999,990') || CASE WHEN NOT m.default_parallel THEN '*' ELSE '' END AS "parallel ms",
       pg_temp.pair(m.input_rows / m.s_ms / 1000, m.input_rows / m.p_ms / 1000, 2) AS "M rows/s",
       pg_temp.pair(r.s_ms / m.s_ms, r.p_ms / m.p_ms, 2)
           || CASE WHEN m.id = 'summarize_month' THEN ' (a)' ELSE '' END AS "x faster than plain SQL",
       CASE WHEN m.capability IN ('summary', 'baseline', 'cohorts')
            THEN pg_temp.pair(m.s_ms / c.c_s, m.p_ms / c.c_p, 2) END AS "x time of count(*)"
  FROM m CROSS JOIN c
  LEFT JOIN m r ON r.id = coalesce(m.reference, CASE WHEN m.id = 'bare_count' THEN 'plain_summary' ELSE m.id END)
 ORDER BY m.ord;
\echo '(a) the plain SQL computes day periods; the month summary is compared with it for scale only.'
\echo '*   at the default parallel_setup_cost and parallel_tuple_cost the planner would not use workers.'

\echo
\echo 'Goal: summarize at least 2x faster than the plain SQL and within 1.5x of the bare count(*)'
WITH m AS (SELECT id, workers, ms FROM bench_median)
SELECT s.id AS query,
       CASE s.workers WHEN 0 THEN 'serial' ELSE 'parallel' END AS mode,
       round((p.ms / s.ms)::numeric, 2) AS "x faster than plain",
       round((s.ms / c.ms)::numeric, 2) AS "x time of count(*)",
       CASE WHEN p.ms / s.ms >= 2 AND s.ms / c.ms <= 1.5 THEN 'PASS'
            ELSE 'FAIL' || CASE WHEN p.ms / s.ms < 2 THEN ' (speedup < 2)' ELSE '' END
                        || CASE WHEN s.ms / c.ms > 1.5 THEN ' (> 1.5x count)' ELSE '' END
       END AS goal
  FROM m s
  JOIN m p ON p.id = 'plain_summary' AND p.workers = s.workers
  JOIN m c ON c.id = 'bare_count' AND c.workers = s.workers
 WHERE s.id LIKE 'summarize%'
 ORDER BY s.id <> 'summarize_day', s.id, s.workers;

\echo
\echo 'Goal: cohort_retention at least 3x faster than the plain SQL that computes the same rows'
SELECT CASE s.workers WHEN 0 THEN 'serial' ELSE 'parallel' END AS mode,
       round(s.ms::numeric) AS "cohort_retention ms", round(p.ms::numeric) AS "plain SQL ms",
       round((p.ms / s.ms)::numeric, 2) AS "x faster than plain",
       CASE WHEN p.ms / s.ms >= 3 THEN 'PASS' ELSE 'FAIL (speedup < 3)' END AS goal
  FROM bench_median s JOIN bench_median p ON p.id = 'plain_cohorts' AND p.workers = s.workers
 WHERE s.id = 'cohort_retention'
 ORDER BY s.workers;

\echo
\echo 'Plans (warm-up run under EXPLAIN ANALYZE): workers launched, spill to disk, JIT time, nodes'
SELECT id AS query, workers AS max_workers,
       CASE WHEN workers = 0 THEN '-' WHEN default_parallel THEN 'yes' ELSE 'no' END AS "parallel by default",
       launched,
       CASE WHEN spill_kb = 0 THEN '-' ELSE pg_size_pretty(spill_kb * 1024) END AS spill,
       CASE WHEN jit_ms = 0 THEN '-' ELSE round(jit_ms::numeric)::text END AS jit_ms,
       shape
  FROM bench_plan JOIN bench_query USING (id)
 ORDER BY ord, workers;

-- Into the table of every capability (bench/common.sql, printed by
-- bench/table.sql).  "same" comes from the check on the small log
-- (bench_check.check_diff): the same query texts, compared value by value.
WITH m AS (
    SELECT id, input_rows,
           max(ms) FILTER (WHERE workers = 0) AS s_ms,
           max(ms) FILTER (WHERE workers > 0) AS p_ms,
           max(peak_kb) FILTER (WHERE workers = 0) AS peak_kb
      FROM bench_median GROUP BY id, input_rows
), diffs AS (
    SELECT count(*) FILTER (WHERE field NOT LIKE 'rfm%' AND field <> 'cohort row') AS summary,
           count(*) FILTER (WHERE field LIKE 'rfm cuts%') AS cuts,
           count(*) FILTER (WHERE field = 'rfm score') AS score,
           count(*) FILTER (WHERE field = 'cohort row') AS cohorts
      FROM bench_check.check_diff WHERE differs
), pairs AS (
    SELECT v.* FROM diffs, LATERAL (VALUES
        (10, 'summary', 'summarize numeric, day', 'summarize_day', 'plain_summary', summary),
        (11, 'summary', 'summarize float8, day', 'summarize_float8', 'plain_summary', NULL::bigint),
        (12, 'summary', 'summarize numeric, month (no plain SQL of months here)', 'summarize_month', NULL, NULL),
        (13, 'summary', 'floor: bare count(*) GROUP BY customer', 'bare_count', NULL, NULL),
        (20, 'rfm', 'rfm_cuts(summary) vs percentile_disc', 'rfm_cuts', 'plain_cuts', cuts),
        (21, 'rfm', 'rfm_cuts(columns) vs percentile_disc', 'rfm_cuts_columns', 'plain_cuts', cuts),
        (22, 'rfm', 'rfm_score + segment, every customer', 'rfm_score', 'plain_score', score),
        (30, 'cohorts', 'cohort_retention, month', 'cohort_retention', 'plain_cohorts', cohorts)
    ) AS v(ord, capability, step, ours, plain, mismatches)
)
INSERT INTO bench_result
SELECT p.ord, p.capability, p.step, o.input_rows, o.s_ms, o.p_ms, r.s_ms, r.p_ms, o.peak_kb,
       CASE WHEN p.mismatches IS NULL THEN NULL WHEN p.mismatches = 0 THEN 'yes' ELSE 'NO' END
  FROM pairs p JOIN m o ON o.id = p.ours LEFT JOIN m r ON r.id = p.plain;
