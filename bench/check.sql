-- Do the plain-SQL queries of bench_query compute what the extension does?
-- (scripts/bench.sh runs this once, on the small tables of schema bench_check,
-- with search_path = bench_check, public, after generate.sql and rfm_setup.sql.)
--
-- Integers, dates and numerics must be equal; the float8 gap statistics may
-- differ in the last bits (the extension works in float8, avg() and
-- stddev_samp() of integers in numeric), so they are compared to 1e-9
-- relative and their exact differences are only counted.
-- Leaves bench_check.check_diff: one row per customer and differing field.

\pset footer off
\pset null '-'

-- The queries under test, verbatim; unqualified names resolve to bench_check.
SELECT format('CREATE TEMP VIEW ext_summary AS %s', sql) FROM bench_query WHERE id = 'summarize_day'
\gexec
SELECT format('CREATE TEMP VIEW plain_summary AS %s', sql) FROM bench_query WHERE id = 'plain_summary'
\gexec
SELECT format('CREATE TEMP VIEW ext_score AS %s', sql) FROM bench_query WHERE id = 'rfm_score'
\gexec
SELECT format('CREATE TEMP VIEW plain_score AS %s', sql) FROM bench_query WHERE id = 'plain_score'
\gexec
SELECT format('CREATE TEMP VIEW ext_cohorts AS %s', sql) FROM bench_query WHERE id = 'cohort_retention'
\gexec
SELECT format('CREATE TEMP VIEW plain_cohorts AS %s', sql) FROM bench_query WHERE id = 'plain_cohorts'
\gexec

CREATE FUNCTION pg_temp.close(a float8, b float8) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT a IS NOT DISTINCT FROM b OR abs(a - b) <= 1e-9 * greatest(abs(a), abs(b))
$$;

DROP TABLE IF EXISTS check_diff;
CREATE TABLE check_diff AS
WITH e AS (SELECT customer_id, (s).* FROM ext_summary WHERE (s).first_date IS NOT NULL)
SELECT customer_id, v.*
  FROM e FULL JOIN plain_summary p USING (customer_id)
 CROSS JOIN LATERAL (VALUES
    ('(customer missing)', (e.customer_id IS NULL)::text, (p.customer_id IS NULL)::text,
                                     e.customer_id IS NULL OR p.customer_id IS NULL, NULL::boolean),
    ('first_date',      e.first_date::text,      p.first_date::text,      e.first_date IS DISTINCT FROM p.first_date, NULL),
    ('last_date',       e.last_date::text,       p.last_date::text,       e.last_date IS DISTINCT FROM p.last_date, NULL),
    ('transactions',    e.transactions::text,    p.transactions::text,    e.transactions IS DISTINCT FROM p.transactions, NULL),
    ('periods',         e.periods::text,         p.periods::text,         e.periods IS DISTINCT FROM p.periods, NULL),
    ('frequency',       e.frequency::text,       p.frequency::text,       e.frequency IS DISTINCT FROM p.frequency, NULL),
    ('recency',         e.recency::text,         p.recency::text,         e.recency IS DISTINCT FROM p.recency, NULL),
    ('age',             e.age::text,             p.age::text,             e.age IS DISTINCT FROM p.age, NULL),
    ('days_since_last', e.days_since_last::text, p.days_since_last::text, e.days_since_last IS DISTINCT FROM p.days_since_last, NULL),
    ('total_amount',    e.total_amount::text,    p.total_amount::text,    e.total_amount IS DISTINCT FROM p.total_amount, NULL),
    ('avg_amount',      e.avg_amount::text,      p.avg_amount::text,      e.avg_amount IS DISTINCT FROM p.avg_amount, NULL),
    ('monetary',        e.monetary::text,        p.monetary::text,        e.monetary IS DISTINCT FROM p.monetary, NULL),
    ('mean_gap',        e.mean_gap::text,        p.mean_gap::text,        NOT pg_temp.close(e.mean_gap, p.mean_gap),
                                                                          e.mean_gap IS DISTINCT FROM p.mean_gap),
    ('gap_stddev',      e.gap_stddev::text,      p.gap_stddev::text,      NOT pg_temp.close(e.gap_stddev, p.gap_stddev),
                                                                          e.gap_stddev IS DISTINCT FROM p.gap_stddev),
    ('max_gap',         e.max_gap::text,         p.max_gap::text,         e.max_gap IS DISTINCT FROM p.max_gap, NULL),
    ('last_gap',        e.last_gap::text,        p.last_gap::text,        e.last_gap IS DISTINCT FROM p.last_gap, NULL)
 ) AS v(field, ext, plain, differs, bits_differ)
 WHERE v.differs OR v.bits_differ;

-- Cut points: the extension's 'bins=5; r=...; f=...; m=...' against the arrays.
CREATE FUNCTION pg_temp.cuts_of(cuts text, dim text) RETURNS float8[] LANGUAGE sql IMMUTABLE AS $$
    SELECT string_to_array(substring(cuts FROM dim || '=([^;]*)'), ',')::float8[]
$$;
INSERT INTO check_diff
SELECT NULL, 'rfm cuts ' || dim, ext::text, plain::text, ext IS DISTINCT FROM plain, NULL
  FROM bench_cuts k, bench_plain_cuts p,
       LATERAL (VALUES ('r', pg_temp.cuts_of(k.cuts::text, 'r'), p.r_cuts::float8[]),
                       ('f', pg_temp.cuts_of(k.cuts::text, 'f'), p.f_cuts::float8[]),
                       ('m', pg_temp.cuts_of(k.cuts::text, 'm'), p.m_cuts::float8[])) AS v(dim, ext, plain)
 WHERE ext IS DISTINCT FROM plain;

-- Scores, cells and segments of every customer.
INSERT INTO check_diff
SELECT customer_id, 'rfm score', (e.score).cell || ' ' || (e.score).segment, p.cell || ' ' || p.segment, true, NULL
  FROM ext_score e FULL JOIN plain_score p USING (customer_id)
 WHERE (e.score).r IS DISTINCT FROM p.r OR (e.score).f IS DISTINCT FROM p.f
    OR (e.score).m IS DISTINCT FROM p.m OR (e.score).cell IS DISTINCT FROM p.cell
    OR (e.score).segment IS DISTINCT FROM p.segment;

-- Cohort retention: every (cohort, period) row, all columns exactly.
INSERT INTO check_diff
SELECT NULL, 'cohort row', e::text, p::text, true, NULL
  FROM ext_cohorts e FULL JOIN plain_cohorts p USING (cohort, period)
 WHERE (e.cohort_size, e.active, e.retention, e.revenue)
       IS DISTINCT FROM (p.cohort_size, p.active, p.retention, p.revenue);

\echo
\echo 'Check on bench_check (small scale): the plain SQL against the extension'
SELECT (SELECT count(*) FROM bench_tx) AS rows,
       (SELECT count(*) FROM bench_summary) AS customers,
       (SELECT count(DISTINCT customer_id) FROM check_diff WHERE differs AND customer_id IS NOT NULL)
           AS mismatching_customers,
       (SELECT count(*) FROM check_diff WHERE differs AND field LIKE 'rfm cuts%') AS mismatching_cuts,
       (SELECT count(*) FROM ext_cohorts) AS cohort_rows,
       (SELECT count(*) FROM check_diff WHERE differs AND field = 'cohort row') AS mismatching_cohort_rows;
-- Which fields differ, with one example each (none when all is well);
-- "last bits only" counts float8 values that differ within the tolerance.
SELECT field,
       count(*) FILTER (WHERE differs) AS mismatching,
       count(*) FILTER (WHERE bits_differ AND NOT differs) AS last_bits_only,
       min(customer_id) FILTER (WHERE differs) AS example_customer,
       (array_agg(ext ORDER BY customer_id) FILTER (WHERE differs))[1] AS extension,
       (array_agg(plain ORDER BY customer_id) FILTER (WHERE differs))[1] AS plain_sql
  FROM check_diff
 GROUP BY field
 ORDER BY field;
