-- Hostile input for nps, csat (both), lifecycle_stage, alert_level and the
-- tracking API (track_orders, untrack_orders, refresh_alerts).
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS portfolio;
SET LOCAL search_path = portfolio, public;
SELECT plan(116);

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
SELECT is(nps_final('[0:2]={1,0,1}'), -100::float8, 'nps state: another lower bound reads the same three counts');
SELECT throws_ok($$SELECT nps_combine('{9223372036854775807,0,0}', '{1,0,0}')$$, '22003', 'nps count out of range', 'nps combine: beyond bigint');
SELECT throws_ok($$SELECT nps_accum('{9223372036854775807,0,0}', 5)$$, '22003', 'nps count out of range', 'nps accum: beyond bigint');
SELECT ok(nps_accum('{1,1,0}', NULL) IS NULL, 'nps accum is STRICT (the aggregate skips NULL answers)');
SELECT is(nps_combine(NULL, '{2,1,0}'), '{2,1,0}'::bigint[], 'nps combine: NULL on the left');

-- ---------- csat ----------
SELECT throws_ok($$SELECT csat(1, 1)$$, '22023', 'scale_max must be at least 2', 'csat: scale_max 1');
SELECT throws_ok($$SELECT csat(1, 0)$$, '22023', 'scale_max must be at least 2', 'csat: scale_max 0');
SELECT throws_ok($$SELECT csat(1, -5)$$, '22023', 'scale_max must be at least 2', 'csat: negative scale_max');
SELECT throws_ok($$SELECT csat(1, NULL)$$, '22004', 'scale_max must not be null', 'csat: NULL scale_max');
SELECT throws_ok($$SELECT csat(NULL, NULL)$$, '22004', 'scale_max must not be null', 'csat: NULL scale_max on a NULL answer');
SELECT throws_ok($$SELECT csat(s, m) FROM (VALUES (1, 5), (1, 7)) t(s, m)$$, '22023', 'scale_max must be the same for every row of a group', 'csat: two scales');
SELECT throws_ok($$SELECT csat(0)$$, '22023', 'csat score must be between 1 and 5', 'csat: 0 on 1-5');
SELECT throws_ok($$SELECT csat(6)$$, '22023', 'csat score must be between 1 and 5', 'csat: 6 on 1-5');
SELECT throws_ok($$SELECT csat(2147483647, 7)$$, '22023', 'csat score must be between 1 and 7', 'csat: 2^31-1 on 1-7');
SELECT is(csat(s, 2147483647), 100 * 2::float8 / 3, 'csat: the largest scale') FROM (VALUES (2147483647), (2147483646), (1)) t(s);
SELECT ok(csat(NULL::int) IS NULL AND csat(NULL::int, 7) IS NULL, 'csat: NULL answers only');
SELECT ok(csat_final('{0,0,0}') IS NULL, 'csat_final: no responses');
SELECT throws_ok($$SELECT csat_final('{1,2,1}')$$, '22023', 'malformed csat state', 'csat state: scale 1');
SELECT throws_ok($$SELECT csat_final('{5,1,2}')$$, '22023', 'malformed csat state', 'csat state: more satisfied than responses');
SELECT throws_ok($$SELECT csat_final('{0,1,1}')$$, '22023', 'malformed csat state', 'csat state: responses without a scale');
SELECT throws_ok($$SELECT csat_combine('{5,1,1}', '{7,1,1}')$$, '22023', 'scale_max must be the same for every row of a group', 'csat combine: two scales');
SELECT is(csat_combine('{0,0,0}', '{5,1,1}'), '{5,1,1}'::bigint[], 'csat combine: an empty state takes the other''s scale');
SELECT throws_ok($$SELECT csat_accum('{5,0,0}', 3, 7)$$, '22023', 'scale_max must be the same for every row of a group', 'csat accum: state of another scale');
SELECT throws_ok($$SELECT csat_accum_5('{7,0,0}', 3)$$, '22023', 'scale_max must be the same for every row of a group', 'csat accum_5 on a 7-point state');
SELECT throws_ok($$SELECT csat_combine('{5,9223372036854775807,0}', '{5,1,1}')$$, '22003', 'csat count out of range', 'csat combine: beyond bigint');

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

-- ---------- lifecycle_stage ----------
CREATE TEMP TABLE hk_s AS SELECT summarize(DATE '2020-01-01', 1.0, '2020-02-01') AS s;
SELECT ok(lifecycle_stage(NULL::summary) IS NULL AND lifecycle_stage(s, NULL) IS NULL, 'lifecycle: STRICT') FROM hk_s;
SELECT throws_ok($$SELECT lifecycle_stage(s, 'NaN') FROM hk_s$$, '22023', 'expected_gap must be a finite number', 'lifecycle: NaN expected_gap');
SELECT throws_ok($$SELECT lifecycle_stage(s, 'Infinity') FROM hk_s$$, '22023', 'expected_gap must be a finite number', 'lifecycle: Infinity expected_gap');
SELECT throws_ok($$SELECT lifecycle_stage(s, '-Infinity') FROM hk_s$$, '22023', 'expected_gap must be a finite number', 'lifecycle: -Infinity expected_gap');
SELECT throws_ok($$SELECT lifecycle_stage(s, 0) FROM hk_s$$, '22023', 'expected_gap must be greater than zero', 'lifecycle: expected_gap 0');
SELECT throws_ok($$SELECT lifecycle_stage(s, -1) FROM hk_s$$, '22023', 'expected_gap must be greater than zero', 'lifecycle: negative expected_gap');
SELECT throws_ok($$SELECT lifecycle_stage(s, at_risk => 'NaN') FROM hk_s$$, '22023', 'at_risk must be a finite number', 'lifecycle: NaN at_risk');
SELECT throws_ok($$SELECT lifecycle_stage(s, lapsed => 'Infinity') FROM hk_s$$, '22023', 'lapsed must be a finite number', 'lifecycle: Infinity lapsed');
SELECT throws_ok($$SELECT lifecycle_stage(s, lost => '-Infinity') FROM hk_s$$, '22023', 'lost must be a finite number', 'lifecycle: -Infinity lost');
SELECT throws_ok($$SELECT lifecycle_stage(s, min_cadence => 'NaN') FROM hk_s$$, '22023', 'min_cadence must be a finite number', 'lifecycle: NaN min_cadence');
SELECT throws_ok($$SELECT lifecycle_stage(s, at_risk => 3, lapsed => 2) FROM hk_s$$, '22023', 'at_risk must not be greater than lapsed', 'lifecycle: at_risk > lapsed');
SELECT throws_ok($$SELECT lifecycle_stage(s, lapsed => 5, lost => 4) FROM hk_s$$, '22023', 'lapsed must not be greater than lost', 'lifecycle: lapsed > lost');
SELECT is(lifecycle_stage(s, expected_gap => 1e-308, at_risk => 1e-308, lapsed => 1e308, lost => 1e308, min_cadence => 1e-308), 'lost'::lifecycle,
          'lifecycle: extreme thresholds: overdue 31 / 1e-308 overflows to Infinity, which is beyond lost = 1e308') FROM hk_s;
SELECT results_eq($$SELECT lifecycle_stage(s), alert_level(s) FROM (SELECT summarize(d, 1.0, '5874897-12-31') s
                      FROM (VALUES (DATE '4714-11-24 BC'), ('4714-11-25 BC'), ('5874897-12-31')) v(d)) q$$,
                  $$VALUES ('reactivated'::lifecycle, 'green'::alert)$$, 'lifecycle: a gap across the whole date range is a lapse, then a return');
SELECT throws_ok($$SELECT lifecycle_stage(ROW('2020-01-01','2020-01-01',1,1,0,0,0,NULL,1,1,0,NULL,NULL,NULL,NULL,'day')::summary)$$,
                 '22004', 'summary field days_since_last must not be null', 'lifecycle: NULL days_since_last');
SELECT throws_ok($$SELECT lifecycle_stage(ROW('2020-01-01','2020-01-01',1,1,NULL,0,0,5,1,1,0,NULL,NULL,NULL,NULL,'day')::summary)$$,
                 '22004', 'summary field frequency must not be null', 'lifecycle: NULL frequency');
SELECT throws_ok($$SELECT lifecycle_stage(ROW('2020-01-01','2020-01-01',1,1,0,0,0,-5,1,1,0,NULL,NULL,NULL,NULL,'day')::summary)$$,
                 '22023', 'summary field days_since_last must not be negative', 'lifecycle: negative days_since_last (a date after as_of)');
SELECT throws_ok($$SELECT lifecycle_stage(ROW('2020-01-01','2020-01-01',1,1,-1,0,0,5,1,1,0,NULL,NULL,NULL,NULL,'day')::summary)$$,
                 '22023', 'summary field frequency must not be negative', 'lifecycle: negative frequency');
SELECT throws_ok($$SELECT lifecycle_stage(ROW('2020-01-01','2020-03-01',2,2,1,0,0,5,1,1,0,'NaN',NULL,60,60,'day')::summary)$$,
                 '22023', 'summary field mean_gap must be a finite number of at least 1', 'lifecycle: NaN mean_gap');
SELECT throws_ok($$SELECT lifecycle_stage(ROW('2020-01-01','2020-03-01',2,2,1,0,0,5,1,1,0,'Infinity',NULL,60,60,'day')::summary)$$,
                 '22023', 'summary field mean_gap must be a finite number of at least 1', 'lifecycle: Infinity mean_gap');
SELECT throws_ok($$SELECT lifecycle_stage(ROW('2020-01-01','2020-03-01',2,2,1,0,0,5,1,1,0,'-Infinity',NULL,60,60,'day')::summary)$$,
                 '22023', 'summary field mean_gap must be a finite number of at least 1', 'lifecycle: -Infinity mean_gap');
SELECT throws_ok($$SELECT lifecycle_stage(ROW('2020-03-01','2020-01-01',2,2,1,0,0,5,1,1,0,60,NULL,60,60,'day')::summary)$$,
                 '22023', 'summary field last_date must not be before first_date', 'lifecycle: dates out of order');
SELECT throws_ok($$SELECT lifecycle_stage(ROW('infinity','infinity',2,2,1,0,0,5,1,1,0,60,NULL,60,60,'day')::summary)$$,
                 '22008', 'summary field first_date must be a finite date', 'lifecycle: infinite first_date');
SELECT throws_ok($$SELECT lifecycle_stage(ROW('2020-01-01','infinity',2,2,1,0,0,5,1,1,0,60,NULL,60,60,'day')::summary)$$,
                 '22008', 'summary field last_date must be a finite date', 'lifecycle: infinite last_date');
SELECT throws_ok($$SELECT lifecycle_stage(ROW('2020-01-01','2020-03-01',2,2,1,0,0,5,1,1,0,37,NULL,60,60,'day')::summary)$$,
                 '22023', 'summary field mean_gap does not divide last_date - first_date into whole gaps', 'lifecycle: inconsistent mean_gap');
SELECT throws_ok($$SELECT lifecycle_stage(ROW('2020-01-01','2020-03-01',2,2,1,0,0,5,1,1,0,60,NULL,59,59,'day')::summary)$$,
                 '22023', 'summary field last_gap does not fit the other gaps', 'lifecycle: inconsistent last_gap');
SELECT throws_ok($$SELECT lifecycle_stage(ROW(NULL,'2020-03-01',2,2,1,0,0,5,1,1,0,60,NULL,60,60,'day')::summary)$$,
                 '22004', 'summary field first_date must not be null', 'lifecycle: NULL first_date read');
SELECT is(lifecycle_stage(ROW('2020-01-01','2020-03-01',2,2,1,0,0,5,1,1,0,NULL,NULL,NULL,NULL,'day')::summary), 'active'::lifecycle,
          'lifecycle: NULL mean_gap means no cadence of its own, never reactivated');
SELECT is(lifecycle_stage(ROW(NULL,NULL,NULL,NULL,2147483647,NULL,NULL,2147483647,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL)::summary), 'lost'::lifecycle,
          'lifecycle: int extremes, fields not read left NULL');

-- ---------- alert_level ----------
SELECT ok(alert_level(NULL::summary) IS NULL, 'alert: a NULL summary gives NULL');
SELECT throws_ok($$SELECT alert_level(NULL::summary, due => NULL)$$, '22004', 'due must not be null', 'alert: NULL threshold also on a NULL summary');
SELECT throws_ok($$SELECT alert_level(NULL::summary, p_alive => 'NaN')$$, '22023', 'p_alive must be a finite number', 'alert: NaN p_alive on a NULL summary');
SELECT throws_ok($$SELECT alert_level(s, p_alive => 'Infinity') FROM hk_s$$, '22023', 'p_alive must be a finite number', 'alert: Infinity p_alive');
SELECT throws_ok($$SELECT alert_level(s, p_alive => '-Infinity') FROM hk_s$$, '22023', 'p_alive must be a finite number', 'alert: -Infinity p_alive');
SELECT throws_ok($$SELECT alert_level(s, p_alive => 1.5) FROM hk_s$$, '22023', 'p_alive must be between 0 and 1', 'alert: p_alive 1.5');
SELECT throws_ok($$SELECT alert_level(s, p_alive => -0.1) FROM hk_s$$, '22023', 'p_alive must be between 0 and 1', 'alert: p_alive -0.1');
SELECT throws_ok($$SELECT alert_level(s, due => 'NaN') FROM hk_s$$, '22023', 'due must be a finite number', 'alert: NaN due');
SELECT throws_ok($$SELECT alert_level(s, due => 0) FROM hk_s$$, '22023', 'due must be greater than zero', 'alert: due 0');
SELECT throws_ok($$SELECT alert_level(s, due => 2, at_risk => 1) FROM hk_s$$, '22023', 'due must not be greater than at_risk', 'alert: due > at_risk');
SELECT throws_ok($$SELECT alert_level(s, at_risk => '-Infinity') FROM hk_s$$, '22023', 'at_risk must be a finite number', 'alert: -Infinity at_risk');
SELECT throws_ok($$SELECT alert_level(s, p_alive_yellow => 'NaN') FROM hk_s$$, '22023', 'p_alive_yellow must be a finite number', 'alert: NaN p_alive_yellow');
SELECT throws_ok($$SELECT alert_level(s, p_alive_yellow => 1.1) FROM hk_s$$, '22023', 'p_alive_yellow must be between 0 and 1', 'alert: p_alive_yellow 1.1');
SELECT throws_ok($$SELECT alert_level(s, p_alive_red => 0.6) FROM hk_s$$, '22023', 'p_alive_red must not be greater than p_alive_yellow', 'alert: red above yellow');
SELECT throws_ok($$SELECT alert_level(s, p_alive_red => 'Infinity') FROM hk_s$$, '22023', 'p_alive_red must be a finite number', 'alert: Infinity p_alive_red');
SELECT throws_ok($$SELECT alert_level(s, expected_gap => 'NaN') FROM hk_s$$, '22023', 'expected_gap must be a finite number', 'alert: NaN expected_gap');
SELECT throws_ok($$SELECT alert_level(s, min_cadence => '-Infinity') FROM hk_s$$, '22023', 'min_cadence must be a finite number', 'alert: -Infinity min_cadence');
SELECT throws_ok($$SELECT alert_level(s, expected_gap => NULL) FROM hk_s$$, '22004', 'expected_gap must not be null', 'alert: NULL expected_gap');
SELECT throws_ok($$SELECT alert_level(ROW('2020-01-01','2020-03-01',2,2,1,0,0,5,1,1,0,'NaN',NULL,60,60,'day')::summary)$$,
                 '22023', 'summary field mean_gap must be a finite number of at least 1', 'alert: NaN mean_gap');
SELECT results_eq($$SELECT alert_level(s, p_alive => 0), alert_level(s, p_alive => 1), alert_level(s, p_alive => 0.2), alert_level(s, p_alive => 0.5) FROM hk_s$$,
                  $$VALUES ('red'::alert, 'green'::alert, 'yellow'::alert, 'green'::alert)$$, 'alert: p_alive at 0, 1 and exactly at the thresholds');

-- ---------- tracking ----------
CREATE TABLE public.hk_orders (cust int, d date, amt numeric, t text, frequency int, ts timestamptz);
CREATE VIEW public.hk_view AS SELECT * FROM public.hk_orders;
SELECT throws_ok($$SELECT track_orders(NULL, 'cust', 'd', 'amt')$$, '22004',
                 'orders, customer_col, date_col, amount_col and unit must not be NULL', 'track: NULL table');
SELECT throws_ok($$SELECT track_orders('hk_orders', 'cust', 'd', 'amt', unit => NULL)$$, '22004',
                 'orders, customer_col, date_col, amount_col and unit must not be NULL', 'track: NULL unit');
SELECT throws_ok($$SELECT track_orders('hk_orders', 'cust', 'd', 'amt', unit => 'fortnight')$$, '22023', 'unknown unit "fortnight"', 'track: unknown unit');
SELECT throws_ok($$SELECT track_orders('hk_orders', 'cust', 'd', 'amt', unit => '')$$, '22023', 'unknown unit ""', 'track: empty unit');
SELECT throws_ok($$SELECT track_orders('hk_orders', 'cust', 'd', 'amt', time_zone => 'Mars/Olympus')$$, '22023',
                 'time zone "Mars/Olympus" not recognized', 'track: unknown time zone');
SELECT throws_ok($$SELECT track_orders('hk_nope', 'cust', 'd', 'amt')$$, '42P01', 'relation "hk_nope" does not exist', 'track: no such table');
SELECT throws_ok($$SELECT track_orders('hk_orders; DROP TABLE hk_orders', 'cust', 'd', 'amt')$$, '42602', 'invalid name syntax', 'track: injection through the table name');
SELECT throws_ok($$SELECT track_orders('hk_view', 'cust', 'd', 'amt')$$, '42809', 'public.hk_view is not a table', 'track: a view');
SELECT throws_ok($$SELECT track_orders('hk_orders', 'nope', 'd', 'amt')$$, '42703', 'column "nope" of relation public.hk_orders does not exist', 'track: no such customer column');
SELECT throws_ok($$SELECT track_orders('hk_orders', 'cust', 'ctid', 'amt')$$, '42703', 'column "ctid" of relation public.hk_orders does not exist', 'track: a system column');
SELECT throws_ok($$SELECT track_orders('hk_orders', 'cust', 'd); DROP TABLE hk_orders; --', 'amt')$$, '42703',
                 'column "d); DROP TABLE hk_orders; --" of relation public.hk_orders does not exist', 'track: injection through a column name');
SELECT throws_ok($$SELECT track_orders('hk_orders', 'cust', 'amt', 'amt')$$, '42804', 'date column "amt" is of type numeric', 'track: a numeric date column');
SELECT throws_ok($$SELECT track_orders('hk_orders', 'cust', 'd', 't')$$, '42804', 'amount column "t" is of type text', 'track: a text amount column');
SELECT throws_ok($$SELECT track_orders('hk_orders', 'cust', 'd', 'd')$$, '42804', 'amount column "d" is of type date', 'track: a date amount column');
SELECT throws_ok($$SELECT track_orders('hk_orders', 'frequency', 'd', 'amt')$$, '42701',
                 'customer column "frequency" has the name of a column of the summary table', 'track: a customer column named like a summary field');
SELECT throws_ok($$SELECT untrack_orders('hk_orders')$$, '42704', 'table public.hk_orders is not tracked', 'untrack: not tracked');
SELECT throws_ok($$SELECT refresh_alerts('hk_orders', '2020-01-01')$$, '42704', 'table public.hk_orders is not tracked', 'refresh: not tracked');
SELECT throws_ok($$SELECT refresh_alerts(NULL)$$, '22004', 'orders must not be NULL', 'refresh: NULL table');
SELECT ok(untrack_orders(NULL) IS NULL, 'untrack: STRICT');

CREATE TABLE public."hk Or""ders; --" ("Cust ""id"";" text, "Day" timestamp, "Amt" bigint);
INSERT INTO public."hk Or""ders; --" VALUES ('a''b', '2020-01-01 10:00', 5), ('a''b', '2020-02-01 10:00', 7);
SELECT is(track_orders('public."hk Or""ders; --"', 'Cust "id";', 'Day', 'Amt', summary_table => 'hk Sum"mary', unit => 'MONTH')::text,
          '"hk Sum""mary"', 'track: names needing quotes everywhere');
SELECT is(refresh_alerts('public."hk Or""ders; --"', '2020-03-01'), 1::bigint, 'refresh: one customer changed (its as_of moved)');
SELECT results_eq($$SELECT "Cust ""id"";", frequency, total_amount, unit FROM public."hk Sum""mary"$$,
                  $$VALUES ('a''b', 1, 12::numeric, 'month')$$, 'track: the summary of the quoted table is right');
SELECT throws_ok($$SELECT track_orders('public."hk Or""ders; --"', 'Cust "id";', 'Day', 'Amt', summary_table => 'hk other')$$, '42710',
                 'table public."hk Or""ders; --" is already tracked', 'track: twice');
SELECT throws_ok($$INSERT INTO public."hk Or""ders; --" VALUES ('c', 'infinity', 1)$$, '22008', 'txn_date must be a finite date',
                 'trigger: an infinite order date');
SELECT lives_ok($$SELECT untrack_orders('public."hk Or""ders; --"')$$, 'untrack: a tracked table with a quoted name');
SELECT throws_ok($$SELECT track_orders('public."hk Or""ders; --"', 'Cust "id";', 'Day', 'Amt', summary_table => 'hk Sum"mary')$$, '42P07',
                 'relation "hk Sum"mary" already exists', 'track: the summary table exists');

SELECT * FROM finish();
ROLLBACK;
