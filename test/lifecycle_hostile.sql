-- Hostile input for lifecycle_stage and alert_level: their thresholds and
-- the summary fields they read; every case has a documented value or a
-- specific SQLSTATE and message.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS portfolio;
SET LOCAL search_path = portfolio, public;
SELECT plan(70);

-- ---------- lifecycle_stage ----------
CREATE TEMP TABLE hk_s AS SELECT summarize(DATE '2020-01-01', 1.0, '2020-02-01') AS s;
SELECT ok(lifecycle_stage(NULL::summary) IS NULL AND lifecycle_stage(s, NULL) IS NULL, 'lifecycle: STRICT') FROM hk_s;
SELECT throws_ok($$SELECT lifecycle_stage(s, 'NaN') FROM hk_s$$, '22023', 'expected_gap must be a finite number', 'lifecycle: NaN expected_gap');
SELECT throws_ok($$SELECT lifecycle_stage(s, 'Infinity') FROM hk_s$$, '22023', 'expected_gap must be a finite number', 'lifecycle: Infinity expected_gap');
SELECT throws_ok($$SELECT lifecycle_stage(s, '-Infinity') FROM hk_s$$, '22023', 'expected_gap must be a finite number', 'lifecycle: -Infinity expected_gap');
SELECT throws_ok($$SELECT lifecycle_stage(s, 0) FROM hk_s$$, '22023', 'expected_gap must be greater than zero', 'lifecycle: expected_gap 0');
SELECT throws_ok($$SELECT lifecycle_stage(s, -1) FROM hk_s$$, '22023', 'expected_gap must be greater than zero', 'lifecycle: negative expected_gap');
SELECT throws_ok($$SELECT portfolio.lifecycle_stage(s, at_risk => 0) FROM hk_s$$, '22023', 'at_risk must be greater than zero', 'lifecycle: at_risk 0');
SELECT throws_ok($$SELECT portfolio.lifecycle_stage(s, min_cadence => 0) FROM hk_s$$, '22023', 'min_cadence must be greater than zero', 'lifecycle: min_cadence 0');
SELECT throws_ok($$SELECT lifecycle_stage(s, at_risk => 'NaN') FROM hk_s$$, '22023', 'at_risk must be a finite number', 'lifecycle: NaN at_risk');
SELECT throws_ok($$SELECT lifecycle_stage(s, lapsed => 'Infinity') FROM hk_s$$, '22023', 'lapsed must be a finite number', 'lifecycle: Infinity lapsed');
SELECT throws_ok($$SELECT portfolio.lifecycle_stage(s, lapsed => '-Infinity') FROM hk_s$$, '22023', 'lapsed must be a finite number', 'lifecycle: -Infinity lapsed');
SELECT throws_ok($$SELECT lifecycle_stage(s, lost => '-Infinity') FROM hk_s$$, '22023', 'lost must be a finite number', 'lifecycle: -Infinity lost');
SELECT throws_ok($$SELECT portfolio.lifecycle_stage(s, lost => 'Infinity') FROM hk_s$$, '22023', 'lost must be a finite number', 'lifecycle: Infinity lost');
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
SELECT throws_ok($$SELECT portfolio.lifecycle_stage('(01-01-2020,01-02-2020,2,2,1,,,0,10,10,10,0.5,,1,1,day)'::portfolio.summary)$$, '22023', 'summary field mean_gap must be a finite number of at least 1', 'lifecycle: mean_gap 0.5, below 1');
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
SELECT throws_ok($$SELECT portfolio.alert_level(NULL, 1.1)$$, '22023', 'p_alive must be between 0 and 1', 'alert: p_alive 1.1 on a NULL summary');
SELECT throws_ok($$SELECT alert_level(s, p_alive => 'Infinity') FROM hk_s$$, '22023', 'p_alive must be a finite number', 'alert: Infinity p_alive');
SELECT throws_ok($$SELECT alert_level(s, p_alive => '-Infinity') FROM hk_s$$, '22023', 'p_alive must be a finite number', 'alert: -Infinity p_alive');
SELECT throws_ok($$SELECT alert_level(s, p_alive => 1.5) FROM hk_s$$, '22023', 'p_alive must be between 0 and 1', 'alert: p_alive 1.5');
SELECT throws_ok($$SELECT alert_level(s, p_alive => -0.1) FROM hk_s$$, '22023', 'p_alive must be between 0 and 1', 'alert: p_alive -0.1');
SELECT throws_ok($$SELECT alert_level(s, due => 'NaN') FROM hk_s$$, '22023', 'due must be a finite number', 'alert: NaN due');
SELECT throws_ok($$SELECT alert_level(s, due => 0) FROM hk_s$$, '22023', 'due must be greater than zero', 'alert: due 0');
SELECT throws_ok($$SELECT alert_level(s, due => 2, at_risk => 1) FROM hk_s$$, '22023', 'due must not be greater than at_risk', 'alert: due > at_risk');
SELECT throws_ok($$SELECT portfolio.alert_level(s, at_risk => NULL) FROM hk_s$$, '22004', 'at_risk must not be null', 'alert: NULL at_risk');
SELECT throws_ok($$SELECT portfolio.alert_level(s, at_risk => -1) FROM hk_s$$, '22023', 'at_risk must be greater than zero', 'alert: negative at_risk');
SELECT throws_ok($$SELECT alert_level(s, at_risk => '-Infinity') FROM hk_s$$, '22023', 'at_risk must be a finite number', 'alert: -Infinity at_risk');
SELECT throws_ok($$SELECT alert_level(s, p_alive_yellow => 'NaN') FROM hk_s$$, '22023', 'p_alive_yellow must be a finite number', 'alert: NaN p_alive_yellow');
SELECT throws_ok($$SELECT alert_level(s, p_alive_yellow => 1.1) FROM hk_s$$, '22023', 'p_alive_yellow must be between 0 and 1', 'alert: p_alive_yellow 1.1');
SELECT throws_ok($$SELECT portfolio.alert_level(s, p_alive_yellow => NULL) FROM hk_s$$, '22004', 'p_alive_yellow must not be null', 'alert: NULL p_alive_yellow');
SELECT throws_ok($$SELECT portfolio.alert_level(s, p_alive_yellow => 'Infinity') FROM hk_s$$, '22023', 'p_alive_yellow must be a finite number', 'alert: Infinity p_alive_yellow');
SELECT throws_ok($$SELECT alert_level(s, p_alive_red => 0.6) FROM hk_s$$, '22023', 'p_alive_red must not be greater than p_alive_yellow', 'alert: red above yellow');
SELECT throws_ok($$SELECT alert_level(s, p_alive_red => 'Infinity') FROM hk_s$$, '22023', 'p_alive_red must be a finite number', 'alert: Infinity p_alive_red');
SELECT throws_ok($$SELECT portfolio.alert_level(s, p_alive_red => NULL) FROM hk_s$$, '22004', 'p_alive_red must not be null', 'alert: NULL p_alive_red');
SELECT throws_ok($$SELECT portfolio.alert_level(s, p_alive_red => -0.01) FROM hk_s$$, '22023', 'p_alive_red must be between 0 and 1', 'alert: p_alive_red below 0');
SELECT throws_ok($$SELECT alert_level(s, expected_gap => 'NaN') FROM hk_s$$, '22023', 'expected_gap must be a finite number', 'alert: NaN expected_gap');
SELECT throws_ok($$SELECT alert_level(s, min_cadence => '-Infinity') FROM hk_s$$, '22023', 'min_cadence must be a finite number', 'alert: -Infinity min_cadence');
SELECT throws_ok($$SELECT portfolio.alert_level(s, expected_gap => 'Infinity') FROM hk_s$$, '22023', 'expected_gap must be a finite number', 'alert: Infinity expected_gap');
SELECT throws_ok($$SELECT portfolio.alert_level(s, min_cadence => NULL) FROM hk_s$$, '22004', 'min_cadence must not be null', 'alert: NULL min_cadence');
SELECT throws_ok($$SELECT portfolio.alert_level(s, min_cadence => -7) FROM hk_s$$, '22023', 'min_cadence must be greater than zero', 'alert: negative min_cadence');
SELECT throws_ok($$SELECT alert_level(s, expected_gap => NULL) FROM hk_s$$, '22004', 'expected_gap must not be null', 'alert: NULL expected_gap');
SELECT throws_ok($$SELECT alert_level(ROW('2020-01-01','2020-03-01',2,2,1,0,0,5,1,1,0,'NaN',NULL,60,60,'day')::summary)$$,
                 '22023', 'summary field mean_gap must be a finite number of at least 1', 'alert: NaN mean_gap');
SELECT throws_ok($$SELECT portfolio.alert_level('(01-01-2020,01-01-2020,1,1,0,,,,10,10,10,,,,,day)'::portfolio.summary)$$, '22004', 'summary field days_since_last must not be null', 'alert: NULL days_since_last');
SELECT throws_ok($$SELECT portfolio.alert_level('(01-01-2020,01-01-2020,1,1,,,,0,10,10,10,,,,,day)'::portfolio.summary)$$, '22004', 'summary field frequency must not be null', 'alert: NULL frequency');
SELECT throws_ok($$SELECT portfolio.alert_level('(01-01-2020,01-01-2020,1,1,0,,,-1,10,10,10,,,,,day)'::portfolio.summary)$$, '22023', 'summary field days_since_last must not be negative', 'alert: negative days_since_last');
SELECT throws_ok($$SELECT portfolio.alert_level('(01-01-2020,01-01-2020,1,0,-1,,,0,10,10,10,,,,,day)'::portfolio.summary)$$, '22023', 'summary field frequency must not be negative', 'alert: negative frequency');
SELECT throws_ok($$SELECT portfolio.alert_level('(01-01-2020,01-02-2020,2,2,1,,,0,10,10,10,0.5,,1,1,day)'::portfolio.summary)$$, '22023', 'summary field mean_gap must be a finite number of at least 1', 'alert: mean_gap 0.5, below 1');
SELECT throws_ok($$SELECT portfolio.alert_level('(01-01-2020,01-02-2020,2,2,1,,,0,10,10,10,Infinity,,1,1,day)'::portfolio.summary)$$, '22023', 'summary field mean_gap must be a finite number of at least 1', 'alert: Infinity mean_gap');
SELECT results_eq($$SELECT alert_level(s, p_alive => 0), alert_level(s, p_alive => 1), alert_level(s, p_alive => 0.2), alert_level(s, p_alive => 0.5) FROM hk_s$$,
                  $$VALUES ('red'::alert, 'green'::alert, 'yellow'::alert, 'green'::alert)$$, 'alert: p_alive at 0, 1 and exactly at the thresholds');

SELECT * FROM finish();
ROLLBACK;
