-- Hostile input for nps and csat (both), repeat_purchase_rate and
-- retention_rate, and their support functions called directly with
-- hand-written states: every case has a documented value or a specific
-- SQLSTATE and message.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS portfolio;
SET LOCAL search_path = portfolio, portfolio_internal, public;
SELECT plan(84);

-- ---------- nps ----------
SELECT throws_ok($$SELECT nps(11)$$, '22023', 'nps score must be between 0 and 10', 'nps: 11');
SELECT throws_ok($$SELECT nps(-1)$$, '22023', 'nps score must be between 0 and 10', 'nps: -1');
SELECT throws_ok($$SELECT nps(2147483647)$$, '22023', 'nps score must be between 0 and 10', 'nps: 2^31-1');
SELECT throws_ok($$SELECT nps(-2147483648)$$, '22023', 'nps score must be between 0 and 10', 'nps: -2^31');
SELECT ok(nps(NULL::int) IS NULL, 'nps: a NULL answer only: NULL');
SELECT is(nps(s), 0::float8, 'nps: passives only') FROM (VALUES (7), (8), (NULL)) t(s);
SELECT ok(nps_final('{0,0,0}') IS NULL, 'nps_final: no responses is NULL, not NaN');
SELECT throws_ok($$SELECT nps_final('{3,2,2}')$$, '22023', 'malformed nps state', 'nps state: promoters + detractors > responses');
SELECT throws_ok($$SELECT nps_final('{1,2}')$$, '22023', 'malformed nps state', 'nps state: two counts');
SELECT throws_ok($$SELECT nps_final('{}')$$, '22023', 'malformed nps state', 'nps state: empty array');
SELECT throws_ok($$SELECT nps_final('{-1,0,0}')$$, '22023', 'malformed nps state', 'nps state: negative count');
SELECT throws_ok($$SELECT nps_final('{1,NULL,0}')$$, '22023', 'malformed nps state', 'nps state: NULL element');
SELECT throws_ok($$SELECT portfolio_internal.nps_final('{1,1,0,0}')$$, '22023', 'malformed nps state', 'nps state: four counts');
SELECT throws_ok($$SELECT portfolio_internal.nps_final('{{1,1,0}}')$$, '22023', 'malformed nps state', 'nps state: two dimensions');
SELECT is(nps_final('[0:2]={1,0,1}'), -100::float8, 'nps state: another lower bound reads the same three counts');
SELECT throws_ok($$SELECT nps_combine('{9223372036854775807,0,0}', '{1,0,0}')$$, '22003', 'nps count out of range', 'nps combine: beyond bigint');
SELECT throws_ok($$SELECT nps_accum('{9223372036854775807,0,0}', 5)$$, '22003', 'nps count out of range', 'nps accum: beyond bigint');
SELECT ok(nps_accum('{1,1,0}', NULL) IS NULL, 'nps accum is STRICT (the aggregate skips NULL answers)');
SELECT is(nps_combine(NULL, '{2,1,0}'), '{2,1,0}'::bigint[], 'nps combine: NULL on the left');
SELECT throws_ok($$SELECT portfolio_internal.nps_accum('{1,1}', 5)$$, '22023', 'malformed nps state', 'nps accum: a state of two counts');
SELECT throws_ok($$SELECT portfolio_internal.nps_accum('{1,2,0}', 5)$$, '22023', 'malformed nps state', 'nps accum: more detractors than responses');
SELECT throws_ok($$SELECT portfolio_internal.nps_combine('{1,1}', '{1,1,0}')$$, '22023', 'malformed nps state', 'nps combine: a left state of two counts');
SELECT throws_ok($$SELECT portfolio_internal.nps_combine('{1,1,0}', '{1,0,-1}')$$, '22023', 'malformed nps state', 'nps combine: a negative count on the right');
SELECT throws_ok($$SELECT portfolio_internal.nps_combine(NULL, '{0,0,1}')$$, '22023', 'malformed nps state', 'nps combine: NULL on the left, a malformed state on the right');
SELECT throws_ok($$SELECT portfolio_internal.nps_combine('{0,1,0}', NULL)$$, '22023', 'malformed nps state', 'nps combine: a malformed state on the left, NULL on the right');

-- ---------- csat ----------
SELECT throws_ok($$SELECT csat(1, 1)$$, '22023', 'scale_max must be at least 2', 'csat: scale_max 1');
SELECT throws_ok($$SELECT csat(1, 0)$$, '22023', 'scale_max must be at least 2', 'csat: scale_max 0');
SELECT throws_ok($$SELECT csat(1, -5)$$, '22023', 'scale_max must be at least 2', 'csat: negative scale_max');
SELECT throws_ok($$SELECT portfolio.csat(NULL, -3)$$, '22023', 'scale_max must be at least 2', 'csat: negative scale_max on a NULL answer');
SELECT throws_ok($$SELECT csat(1, NULL)$$, '22004', 'scale_max must not be null', 'csat: NULL scale_max');
SELECT throws_ok($$SELECT csat(NULL, NULL)$$, '22004', 'scale_max must not be null', 'csat: NULL scale_max on a NULL answer');
SELECT throws_ok($$SELECT csat(s, m) FROM (VALUES (1, 5), (1, 7)) t(s, m)$$, '22023', 'scale_max must be the same for every row of a group', 'csat: two scales');
SELECT throws_ok($$SELECT portfolio.csat(s, m) FROM (VALUES (3, 5), (NULL, 7)) v(s, m)$$, '22023', 'scale_max must be the same for every row of a group', 'csat: two scales, the second on a NULL answer');
SELECT throws_ok($$SELECT portfolio.csat(s, m) FROM (VALUES (NULL, 7), (3, 5)) v(s, m)$$, '22023', 'scale_max must be the same for every row of a group', 'csat: two scales, the first on a NULL answer');
SELECT throws_ok($$SELECT csat(0)$$, '22023', 'csat score must be between 1 and 5', 'csat: 0 on 1-5');
SELECT throws_ok($$SELECT csat(6)$$, '22023', 'csat score must be between 1 and 5', 'csat: 6 on 1-5');
SELECT throws_ok($$SELECT csat(2147483647, 7)$$, '22023', 'csat score must be between 1 and 7', 'csat: 2^31-1 on 1-7');
SELECT throws_ok($$SELECT portfolio.csat(0, 2)$$, '22023', 'csat score must be between 1 and 2', 'csat: 0 on 1-2');
SELECT throws_ok($$SELECT portfolio.csat(3, 2)$$, '22023', 'csat score must be between 1 and 2', 'csat: 3 on 1-2');
SELECT throws_ok($$SELECT portfolio.csat(-1, 2)$$, '22023', 'csat score must be between 1 and 2', 'csat: -1 on 1-2');
SELECT throws_ok($$SELECT portfolio.csat(0, 5)$$, '22023', 'csat score must be between 1 and 5', 'csat: 0 on 1-5, scale_max given');
SELECT throws_ok($$SELECT portfolio.csat(6, 5)$$, '22023', 'csat score must be between 1 and 5', 'csat: 6 on 1-5, scale_max given');
SELECT throws_ok($$SELECT portfolio.csat(-1, 5)$$, '22023', 'csat score must be between 1 and 5', 'csat: -1 on 1-5, scale_max given');
SELECT throws_ok($$SELECT portfolio.csat(0, 7)$$, '22023', 'csat score must be between 1 and 7', 'csat: 0 on 1-7');
SELECT throws_ok($$SELECT portfolio.csat(-1, 7)$$, '22023', 'csat score must be between 1 and 7', 'csat: -1 on 1-7');
SELECT throws_ok($$SELECT portfolio.csat(0, 10)$$, '22023', 'csat score must be between 1 and 10', 'csat: 0 on 1-10');
SELECT throws_ok($$SELECT portfolio.csat(11, 10)$$, '22023', 'csat score must be between 1 and 10', 'csat: 11 on 1-10');
SELECT throws_ok($$SELECT portfolio.csat(-1, 10)$$, '22023', 'csat score must be between 1 and 10', 'csat: -1 on 1-10');
SELECT is(csat(s, 2147483647), 100 * 2::float8 / 3, 'csat: the largest scale') FROM (VALUES (2147483647), (2147483646), (1)) t(s);
SELECT ok(csat(NULL::int) IS NULL AND csat(NULL::int, 7) IS NULL, 'csat: NULL answers only');
SELECT ok(csat_final('{0,0,0}') IS NULL, 'csat_final: no responses');
SELECT throws_ok($$SELECT csat_final('{1,2,1}')$$, '22023', 'malformed csat state', 'csat state: scale 1');
SELECT throws_ok($$SELECT csat_final('{5,1,2}')$$, '22023', 'malformed csat state', 'csat state: more satisfied than responses');
SELECT throws_ok($$SELECT csat_final('{0,1,1}')$$, '22023', 'malformed csat state', 'csat state: responses without a scale');
SELECT throws_ok($$SELECT portfolio_internal.csat_final('{5,1}')$$, '22023', 'malformed csat state', 'csat state: two elements');
SELECT throws_ok($$SELECT portfolio_internal.csat_final('{2147483648,1,1}')$$, '22023', 'malformed csat state', 'csat state: a scale beyond int');
SELECT throws_ok($$SELECT csat_combine('{5,1,1}', '{7,1,1}')$$, '22023', 'scale_max must be the same for every row of a group', 'csat combine: two scales');
SELECT is(csat_combine('{0,0,0}', '{5,1,1}'), '{5,1,1}'::bigint[], 'csat combine: an empty state takes the other''s scale');
SELECT throws_ok($$SELECT csat_accum('{5,0,0}', 3, 7)$$, '22023', 'scale_max must be the same for every row of a group', 'csat accum: state of another scale');
SELECT throws_ok($$SELECT portfolio_internal.csat_accum('{5,NULL,0}', 3, 5)$$, '22023', 'malformed csat state', 'csat accum: a NULL count in the state');
SELECT throws_ok($$SELECT csat_accum_5('{7,0,0}', 3)$$, '22023', 'scale_max must be the same for every row of a group', 'csat accum_5 on a 7-point state');
SELECT throws_ok($$SELECT csat_combine('{5,9223372036854775807,0}', '{5,1,1}')$$, '22003', 'csat count out of range', 'csat combine: beyond bigint');
SELECT throws_ok($$SELECT portfolio_internal.csat_combine('{5,1,1}', '{5,-1,0}')$$, '22023', 'malformed csat state', 'csat combine: a negative count on the right');

-- ---------- empty and all-NULL through a forced parallel plan ----------
CREATE TABLE public.hk_scores (s int, m int) WITH (parallel_workers = 2);
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SET LOCAL max_parallel_workers_per_gather = 2;
\ir lib/plans.sql
SELECT matches(pg_temp.plan_of($$SELECT nps(s), csat(s), csat(s, 7) FROM hk_scores$$), 'Partial Aggregate', 'nps and csat get a parallel plan');
SELECT results_eq($$SELECT nps(s) IS NULL, csat(s) IS NULL, csat(s, 7) IS NULL FROM hk_scores$$, $$VALUES (true, true, true)$$, 'parallel, no rows: NULL');
INSERT INTO hk_scores SELECT NULL, 7 FROM generate_series(1, 2000);
ANALYZE hk_scores;
SELECT results_eq($$SELECT nps(s) IS NULL, csat(s) IS NULL, csat(s, m) IS NULL FROM hk_scores$$, $$VALUES (true, true, true)$$, 'parallel, all-NULL answers: NULL');
UPDATE hk_scores SET m = NULL WHERE ctid = '(0,5)';
SELECT throws_ok($$SELECT csat(s, m) FROM hk_scores$$, '22004', 'scale_max must not be null', 'parallel: one NULL scale_max among NULL answers is found');
RESET parallel_setup_cost; RESET parallel_tuple_cost; RESET min_parallel_table_scan_size; RESET max_parallel_workers_per_gather;

-- ---------- retention_rate and repeat_purchase_rate ----------
SELECT ok(retention_rate(0, 0, 0) IS NULL AND retention_rate(NULL, 1, 1) IS NULL, 'retention_rate: S = 0 or NULL gives NULL');
SELECT throws_ok($$SELECT retention_rate(-1, 1, 1)$$, '22023', 'customers_start must not be negative', 'retention_rate: negative S');
SELECT throws_ok($$SELECT retention_rate(1, -1, 0)$$, '22023', 'customers_end must not be negative', 'retention_rate: negative E');
SELECT throws_ok($$SELECT portfolio.retention_rate(5, 5, -1)$$, '22023', 'new_customers must not be negative', 'retention_rate: negative N');
SELECT throws_ok($$SELECT portfolio.retention_rate(-9223372036854775808, 0, 0)$$, '22023', 'customers_start must not be negative', 'retention_rate: S = -2^63');
SELECT throws_ok($$SELECT retention_rate(1, 1, 2)$$, '22023', 'new_customers must not exceed customers_end', 'retention_rate: N > E');
SELECT throws_ok($$SELECT portfolio.retention_rate(0, 4, 5)$$, '22023', 'new_customers must not exceed customers_end', 'retention_rate: N > E is an error even when S = 0');
SELECT is(retention_rate(1, 9223372036854775807, 0), 9223372036854775807::float8, 'retention_rate: extreme counts, no overflow');
SELECT throws_ok($$SELECT repeat_purchase_rate(ROW(NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL)::summary)$$, '22004',
                 'frequency of a summary must not be null', 'repeat_purchase_rate: a summary of NULL fields');
SELECT throws_ok($$SELECT repeat_purchase_rate(ROW(NULL,NULL,NULL,NULL,-1,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL)::summary)$$, '22023',
                 'frequency of a summary must not be negative', 'repeat_purchase_rate: negative frequency');
SELECT ok(repeat_purchase_rate(s) IS NULL, 'repeat_purchase_rate: only NULL summaries') FROM (VALUES (NULL::summary)) t(s);
SELECT throws_ok($$SELECT repeat_purchase_rate_final('{1,3}')$$, '22023', 'malformed repeat_purchase_rate state', 'repeat state: more repeaters than customers');
SELECT throws_ok($$SELECT repeat_purchase_rate_final('{{1,1}}')$$, '22023', 'malformed repeat_purchase_rate state', 'repeat state: two dimensions');
SELECT throws_ok($$SELECT portfolio_internal.repeat_purchase_rate_final('{1,0,0}')$$, '22023', 'malformed repeat_purchase_rate state', 'repeat state: three elements');
SELECT throws_ok($$SELECT portfolio_internal.repeat_purchase_rate_combine(NULL, '{NULL,0}')$$, '22023', 'malformed repeat_purchase_rate state', 'repeat state: combine with a NULL element on the right');
SELECT throws_ok($$SELECT portfolio_internal.repeat_purchase_rate_accum('{-1,0}', ROW(DATE '2020-01-01', DATE '2020-01-01', 1, 3, 2, 0, 0, 0, 1, 1, 0, NULL, NULL, NULL, NULL, 'day')::portfolio.summary)$$, '22023', 'malformed repeat_purchase_rate state', 'repeat state: accum on a negative count');
SELECT throws_ok($$SELECT repeat_purchase_rate_combine('{9223372036854775807,0}', '{1,0}')$$, '22003', 'repeat_purchase_rate count out of range', 'repeat state: combine beyond bigint');

SELECT * FROM finish();
ROLLBACK;
