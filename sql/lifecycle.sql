-- portfolio.lifecycle_stage and portfolio.alert_level: every boundary of
-- every rule on hand-built summaries, real summaries from summarize, the
-- rules re-implemented in plain SQL and compared over thousands of random
-- customers, defaults against explicit arguments, bad input, and a query
-- using them under a forced parallel plan.
-- Own schema: the regression files share one database.
CREATE SCHEMA lifecycle_test;
SET search_path = lifecycle_test, public;
SET extra_float_digits = 0;

\i test/fixtures/try.sql
\i test/fixtures/plan_has.sql

-- A hand-built summary as summarize would fill it: one purchase date when n
-- is NULL, else n gaps over span days, the last of them last_gap.  The
-- fields the rules do not read are plausible but unchecked.
CREATE FUNCTION pg_temp.s(days_since_last int, frequency int, span int DEFAULT NULL,
                          n int DEFAULT NULL, last_gap int DEFAULT NULL)
RETURNS portfolio.summary LANGUAGE sql AS $$
    SELECT ROW(DATE '2020-01-01', DATE '2020-01-01' + coalesce(span, 0),
               coalesce(n, 0) + 1, frequency + 1, frequency, NULL, NULL, days_since_last,
               10, 10, 10, span::float8 / n, NULL, last_gap, last_gap, 'day')::portfolio.summary
$$;
-- The same summary with some fields replaced (JSON null for NULL).
CREATE FUNCTION pg_temp.edit(s portfolio.summary, fields jsonb)
RETURNS portfolio.summary LANGUAGE sql AS $$
    SELECT jsonb_populate_record(s, fields)
$$;

-- ======================================================================
-- Lifecycle stage: each threshold exactly (the milder stage) and just above
-- ======================================================================

-- Defaults: expected_gap 90, at_risk 1.5, lapsed 2.5, lost 4, min_cadence 7.
SELECT label, portfolio.lifecycle_stage(s) AS stage, expected,
       portfolio.lifecycle_stage(s)::text = expected AS ok
  FROM (VALUES
    -- one purchase period: cadence expected_gap = 90; thresholds 135, 225, 360 days
    ('one period, 0 days',                 pg_temp.s(0, 0),   'new'),
    ('one period, 135 days (1.5)',         pg_temp.s(135, 0), 'new'),
    ('one period, 136 days',               pg_temp.s(136, 0), 'at_risk'),
    ('one period, 225 days (2.5)',         pg_temp.s(225, 0), 'at_risk'),
    ('one period, 226 days',               pg_temp.s(226, 0), 'lapsed'),
    ('one period, 360 days (4)',           pg_temp.s(360, 0), 'lapsed'),
    ('one period, 361 days',               pg_temp.s(361, 0), 'lost'),
    -- own cadence 30 (one gap of 30 days): thresholds 45, 75, 120 days
    ('cadence 30, 45 days (1.5)',          pg_temp.s(45, 1, 30, 1, 30),  'active'),
    ('cadence 30, 46 days',                pg_temp.s(46, 1, 30, 1, 30),  'at_risk'),
    ('cadence 30, 75 days (2.5)',          pg_temp.s(75, 1, 30, 1, 30),  'at_risk'),
    ('cadence 30, 76 days',                pg_temp.s(76, 1, 30, 1, 30),  'lapsed'),
    ('cadence 30, 120 days (4)',           pg_temp.s(120, 1, 30, 1, 30), 'lapsed'),
    ('cadence 30, 121 days',               pg_temp.s(121, 1, 30, 1, 30), 'lost'),
    -- mean gap 6 floored at min_cadence 7: 10 days is 1.43 (unfloored 1.67)
    ('mean gap 6, 10 days (floor 7)',      pg_temp.s(10, 1, 6, 1, 6),  'active'),
    ('mean gap 6, 11 days (11/7 = 1.57)',  pg_temp.s(11, 1, 6, 1, 6),  'at_risk'),
    ('mean gap 7, 10 days',                pg_temp.s(10, 1, 7, 1, 7),  'active'),
    -- frequency 0 with gaps (several dates in one month): cadence expected_gap
    ('frequency 0, gaps of 10, 100 days',  pg_temp.s(100, 0, 20, 2, 10), 'new'),
    ('frequency 0, gaps of 10, 136 days',  pg_temp.s(136, 0, 20, 2, 10), 'at_risk'),
    -- frequency >= 1 without a mean gap: cadence expected_gap, not reactivated
    ('frequency 2, no mean gap, 100 days', pg_temp.s(100, 2), 'active'),
    -- reactivated, one gap: the earlier cadence is expected_gap, lapsed beyond 225
    ('one gap of 225 days',                pg_temp.s(0, 1, 225, 1, 225), 'active'),
    ('one gap of 226 days',                pg_temp.s(0, 1, 226, 1, 226), 'reactivated'),
    -- reactivated, several gaps: gaps 10, 10 then the last; earlier cadence 10
    ('gaps 10, 10, 25',                    pg_temp.s(0, 3, 45, 3, 25), 'active'),
    ('gaps 10, 10, 26',                    pg_temp.s(0, 3, 46, 3, 26), 'reactivated'),
    -- gaps 2, 2 then the last: earlier cadence floored at 7, lapsed beyond 17.5
    ('gaps 2, 2, 17 (floor 7)',            pg_temp.s(0, 3, 21, 3, 17), 'active'),
    ('gaps 2, 2, 18 (floor 7)',            pg_temp.s(0, 3, 22, 3, 18), 'reactivated'),
    -- gaps 10, 10, 40 (mean 20): reactivated until overdue passes 1.5 at 30 days
    ('gaps 10, 10, 40, 30 days (1.5)',     pg_temp.s(30, 3, 60, 3, 40), 'reactivated'),
    ('gaps 10, 10, 40, 31 days',           pg_temp.s(31, 3, 60, 3, 40), 'at_risk'),
    -- the frequency of a month summary may be lower than the gaps: 3 gaps, frequency 1
    ('gaps 10, 10, 40, frequency 1',       pg_temp.s(0, 1, 60, 3, 40), 'reactivated')
  ) AS v(label, s, expected);

-- Explicit thresholds move the boundaries.
SELECT label, stage, expected, stage::text = expected AS ok
  FROM (VALUES
    ('expected_gap 30, one period, 45 days',  portfolio.lifecycle_stage(pg_temp.s(45, 0), expected_gap => 30), 'new'),
    ('expected_gap 30, one period, 46 days',  portfolio.lifecycle_stage(pg_temp.s(46, 0), expected_gap => 30), 'at_risk'),
    ('min_cadence 10, mean gap 6, 15 days',   portfolio.lifecycle_stage(pg_temp.s(15, 1, 6, 1, 6), min_cadence => 10), 'active'),
    ('min_cadence 10, mean gap 6, 16 days',   portfolio.lifecycle_stage(pg_temp.s(16, 1, 6, 1, 6), min_cadence => 10), 'at_risk'),
    ('min_cadence 1, mean gap 6, 10 days',    portfolio.lifecycle_stage(pg_temp.s(10, 1, 6, 1, 6), min_cadence => 1), 'at_risk'),
    ('at_risk 2, cadence 30, 60 days',        portfolio.lifecycle_stage(pg_temp.s(60, 1, 30, 1, 30), at_risk => 2), 'active'),
    ('at_risk 2, cadence 30, 61 days',        portfolio.lifecycle_stage(pg_temp.s(61, 1, 30, 1, 30), at_risk => 2), 'at_risk'),
    ('lapsed 3, cadence 30, 90 days',         portfolio.lifecycle_stage(pg_temp.s(90, 1, 30, 1, 30), lapsed => 3), 'at_risk'),
    ('lapsed 3, cadence 30, 91 days',         portfolio.lifecycle_stage(pg_temp.s(91, 1, 30, 1, 30), lapsed => 3), 'lapsed'),
    ('lost 3, cadence 30, 90 days',           portfolio.lifecycle_stage(pg_temp.s(90, 1, 30, 1, 30), lost => 3), 'lapsed'),
    ('lost 3, cadence 30, 91 days',           portfolio.lifecycle_stage(pg_temp.s(91, 1, 30, 1, 30), lost => 3), 'lost'),
    ('all three 2, cadence 30, 60 days',      portfolio.lifecycle_stage(pg_temp.s(60, 1, 30, 1, 30), at_risk => 2, lapsed => 2, lost => 2), 'active'),
    ('all three 2, cadence 30, 61 days',      portfolio.lifecycle_stage(pg_temp.s(61, 1, 30, 1, 30), at_risk => 2, lapsed => 2, lost => 2), 'lost'),
    -- lapsed also sets reactivation: gaps 10, 10, 26 are not a lapse at 3
    ('lapsed 3, gaps 10, 10, 26',             portfolio.lifecycle_stage(pg_temp.s(0, 3, 46, 3, 26), lapsed => 3), 'active'),
    ('lapsed 3, gaps 10, 10, 31',             portfolio.lifecycle_stage(pg_temp.s(0, 3, 51, 3, 31), lapsed => 3), 'reactivated'),
    -- expected_gap sets reactivation after one gap: 2.5 * 30 = 75
    ('expected_gap 30, one gap of 75',        portfolio.lifecycle_stage(pg_temp.s(0, 1, 75, 1, 75), expected_gap => 30), 'active'),
    ('expected_gap 30, one gap of 76',        portfolio.lifecycle_stage(pg_temp.s(0, 1, 76, 1, 76), expected_gap => 30), 'reactivated')
  ) AS v(label, stage, expected);

-- ======================================================================
-- Alert level
-- ======================================================================

-- Defaults: due 1, at_risk 1.5, p_alive_yellow 0.5, p_alive_red 0.2,
-- expected_gap 90, min_cadence 7; p_alive NULL (no model).
SELECT label, alert, expected, alert::text = expected AS ok
  FROM (VALUES
    ('one period, 90 days (1)',           portfolio.alert_level(pg_temp.s(90, 0)),  'green'),
    ('one period, 91 days',               portfolio.alert_level(pg_temp.s(91, 0)),  'yellow'),
    ('one period, 135 days (1.5)',        portfolio.alert_level(pg_temp.s(135, 0)), 'yellow'),
    ('one period, 136 days',              portfolio.alert_level(pg_temp.s(136, 0)), 'red'),
    ('cadence 30, 30 days (1)',           portfolio.alert_level(pg_temp.s(30, 1, 30, 1, 30)), 'green'),
    ('cadence 30, 31 days',               portfolio.alert_level(pg_temp.s(31, 1, 30, 1, 30)), 'yellow'),
    ('cadence 30, 45 days (1.5)',         portfolio.alert_level(pg_temp.s(45, 1, 30, 1, 30)), 'yellow'),
    ('cadence 30, 46 days',               portfolio.alert_level(pg_temp.s(46, 1, 30, 1, 30)), 'red'),
    ('mean gap 6 floored at 7, 7 days',   portfolio.alert_level(pg_temp.s(7, 1, 6, 1, 6)), 'green'),
    ('mean gap 6 floored at 7, 8 days',   portfolio.alert_level(pg_temp.s(8, 1, 6, 1, 6)), 'yellow'),
    -- P(alive) at 0 days: only the model speaks
    ('p_alive NULL',                      portfolio.alert_level(pg_temp.s(0, 0), NULL), 'green'),
    ('p_alive 1',                         portfolio.alert_level(pg_temp.s(0, 0), 1),    'green'),
    ('p_alive 0.5',                       portfolio.alert_level(pg_temp.s(0, 0), 0.5),  'green'),
    ('p_alive 0.49999999',                portfolio.alert_level(pg_temp.s(0, 0), 0.49999999), 'yellow'),
    ('p_alive 0.2',                       portfolio.alert_level(pg_temp.s(0, 0), 0.2),  'yellow'),
    ('p_alive 0.19999999',                portfolio.alert_level(pg_temp.s(0, 0), 0.19999999), 'red'),
    ('p_alive 0',                         portfolio.alert_level(pg_temp.s(0, 0), 0),    'red'),
    -- either rule raises the level
    ('136 days, p_alive 1',               portfolio.alert_level(pg_temp.s(136, 0), 1),   'red'),
    ('91 days, p_alive 0.9',              portfolio.alert_level(pg_temp.s(91, 0), 0.9),  'yellow'),
    ('91 days, p_alive 0.1',              portfolio.alert_level(pg_temp.s(91, 0), 0.1),  'red'),
    ('90 days, p_alive 0.3',              portfolio.alert_level(pg_temp.s(90, 0), 0.3),  'yellow'),
    -- explicit thresholds
    ('due 1.2, 108 days',                 portfolio.alert_level(pg_temp.s(108, 0), due => 1.2), 'green'),
    ('due 1.2, 109 days',                 portfolio.alert_level(pg_temp.s(109, 0), due => 1.2), 'yellow'),
    ('due = at_risk = 1.5, 135 days',     portfolio.alert_level(pg_temp.s(135, 0), due => 1.5), 'green'),
    ('due = at_risk = 1.5, 136 days',     portfolio.alert_level(pg_temp.s(136, 0), due => 1.5), 'red'),
    ('at_risk 2, 180 days',               portfolio.alert_level(pg_temp.s(180, 0), at_risk => 2), 'yellow'),
    ('at_risk 2, 181 days',               portfolio.alert_level(pg_temp.s(181, 0), at_risk => 2), 'red'),
    ('p_alive_red 0: p_alive 0',          portfolio.alert_level(pg_temp.s(0, 0), 0, p_alive_red => 0), 'yellow'),
    ('both p thresholds 0: p_alive 0',    portfolio.alert_level(pg_temp.s(0, 0), 0, p_alive_yellow => 0, p_alive_red => 0), 'green'),
    ('p_alive_yellow 1: p_alive 0.99',    portfolio.alert_level(pg_temp.s(0, 0), 0.99, p_alive_yellow => 1), 'yellow'),
    ('expected_gap 30, one period, 31',   portfolio.alert_level(pg_temp.s(31, 0), expected_gap => 30), 'yellow'),
    ('min_cadence 10, mean gap 6, 10',    portfolio.alert_level(pg_temp.s(10, 1, 6, 1, 6), min_cadence => 10), 'green'),
    ('min_cadence 10, mean gap 6, 11',    portfolio.alert_level(pg_temp.s(11, 1, 6, 1, 6), min_cadence => 10), 'yellow')
  ) AS v(label, alert, expected);

-- NULL: a NULL summary gives NULL; lifecycle_stage is STRICT, so a NULL
-- threshold gives NULL too (alert_level rejects it, see bad input).
SELECT portfolio.lifecycle_stage(NULL) IS NULL AS stage_null_s,
       portfolio.lifecycle_stage(pg_temp.s(0, 0), NULL) IS NULL AS stage_null_threshold,
       portfolio.alert_level(NULL) IS NULL AS alert_null_s,
       portfolio.alert_level(NULL, 0.5) IS NULL AS alert_null_s_with_p_alive;

-- The labels sort in the order of the type.
SELECT array_agg(l ORDER BY l) AS stages FROM unnest(enum_range(NULL::portfolio.lifecycle)) l;
SELECT array_agg(l ORDER BY l DESC) AS alerts FROM unnest(enum_range(NULL::portfolio.alert)) l;

-- ======================================================================
-- Real summaries from summarize
-- ======================================================================

CREATE TABLE life_orders (customer int, txn_date date, amount numeric);
INSERT INTO life_orders VALUES
    -- 1: one purchase, 61 days ago
    (1, '2020-11-01', 10),
    -- 2: every 30 days, last 30 days ago
    (2, '2020-09-03', 10), (2, '2020-10-03', 10), (2, '2020-11-02', 10), (2, '2020-12-02', 10),
    -- 3: every 30 days, last 60 days ago
    (3, '2020-09-03', 10), (3, '2020-10-03', 10), (3, '2020-11-02', 10),
    -- 4: gaps of 10, 10, then 315 days; last 31 days ago
    (4, '2020-01-01', 10), (4, '2020-01-11', 10), (4, '2020-01-21', 10), (4, '2020-12-01', 10),
    -- 5: one gap of 31 days, last 700 days ago
    (5, '2019-01-01', 10), (5, '2019-02-01', 10),
    -- 6: three days in a row, last yesterday (mean gap 1, floored at 7)
    (6, '2020-12-29', 10), (6, '2020-12-30', 10), (6, '2020-12-31', 10),
    -- 7: one gap of 20 days, last 68 days ago
    (7, '2020-10-05', 10), (7, '2020-10-25', 10),
    -- 8: two dates in December (frequency 0 by month, 1 by day), last 12 days ago
    (8, '2020-12-05', 10), (8, '2020-12-20', 10),
    -- 9: a purchase after as_of only: no summary
    (9, '2021-02-01', 10),
    -- 10: one gap of 231 days, last 10 days ago
    (10, '2020-05-05', 10), (10, '2020-12-22', 10),
    -- 11: one gap of 225 days (2.5 times expected_gap), last 10 days ago
    (11, '2020-05-11', 10), (11, '2020-12-22', 10);

SELECT customer, unit, (s).frequency, (s).days_since_last AS days, (s).mean_gap, (s).last_gap,
       portfolio.lifecycle_stage(s) AS stage, portfolio.alert_level(s) AS alert
  FROM (SELECT customer, unit, portfolio.summarize(txn_date, amount, '2021-01-01', unit) AS s
          FROM life_orders, (VALUES ('day'), ('month')) u(unit)
         GROUP BY customer, unit) q
 ORDER BY customer, unit;

-- ======================================================================
-- The rules in plain SQL, against the C functions
-- ======================================================================

CREATE FUNCTION pg_temp.sql_cadence(s portfolio.summary, expected_gap float8, min_cadence float8)
RETURNS float8 LANGUAGE sql AS $$
    SELECT CASE WHEN (s).frequency >= 1 AND (s).mean_gap IS NOT NULL
                THEN greatest((s).mean_gap, min_cadence) ELSE expected_gap END
$$;
CREATE FUNCTION pg_temp.sql_earlier_cadence(s portfolio.summary, expected_gap float8, min_cadence float8)
RETURNS float8 LANGUAGE sql AS $$
    SELECT CASE WHEN n_gaps >= 2
                THEN greatest(((s).last_date - (s).first_date - (s).last_gap) / (n_gaps - 1), min_cadence)
                ELSE expected_gap END
      FROM (SELECT round(((s).last_date - (s).first_date) / (s).mean_gap) AS n_gaps) g
$$;
CREATE FUNCTION pg_temp.sql_stage(s portfolio.summary, expected_gap float8, at_risk float8,
                                  lapsed float8, lost float8, min_cadence float8)
RETURNS text LANGUAGE sql AS $$
    SELECT CASE WHEN overdue > lost THEN 'lost'
                WHEN overdue > lapsed THEN 'lapsed'
                WHEN overdue > at_risk THEN 'at_risk'
                WHEN (s).frequency = 0 THEN 'new'
                WHEN (s).mean_gap IS NOT NULL
                 AND (s).last_gap > lapsed * pg_temp.sql_earlier_cadence(s, expected_gap, min_cadence)
                THEN 'reactivated'
                ELSE 'active' END
      FROM (SELECT (s).days_since_last / pg_temp.sql_cadence(s, expected_gap, min_cadence) AS overdue) o
$$;
CREATE FUNCTION pg_temp.sql_alert(s portfolio.summary, p_alive float8, due float8, at_risk float8,
                                  p_alive_yellow float8, p_alive_red float8,
                                  expected_gap float8, min_cadence float8)
RETURNS text LANGUAGE sql AS $$
    SELECT CASE WHEN overdue > at_risk OR p_alive < p_alive_red THEN 'red'
                WHEN overdue > due OR p_alive < p_alive_yellow THEN 'yellow'
                ELSE 'green' END
      FROM (SELECT (s).days_since_last / pg_temp.sql_cadence(s, expected_gap, min_cadence) AS overdue) o
$$;

-- Random customers: a cadence of 1 to 60 days, up to 12 purchases, gaps of
-- 0.5 to 1.5 cadences and now and then a pause of 3 to 9; summarized by day
-- and by month as of 0 to 5 cadences after the last purchase.  Thresholds
-- come from small sets so that exact boundaries occur, P(alive) in tenths
-- or NULL.
SELECT setseed(0.2024);
CREATE TABLE random_customers AS
SELECT c AS customer, 1 + floor(60 * random())::int AS cadence,
       1 + floor(12 * random() * random())::int AS purchases,
       DATE '2019-01-01' + floor(600 * random())::int AS start
  FROM generate_series(1, 2500) c;
CREATE TABLE random_orders AS
SELECT customer, start + (sum(gap) OVER (PARTITION BY customer ORDER BY k))::int AS txn_date
  FROM (SELECT customer, start, k,
               CASE WHEN k = 1 THEN 0
                    WHEN random() < 0.15 THEN round(cadence * (3 + 6 * random()))
                    ELSE round(cadence * (0.5 + random())) END AS gap
          FROM random_customers, generate_series(1, purchases) k) g;
CREATE TABLE random_as_of AS
SELECT customer, last + floor(5 * cadence * random())::int AS as_of
  FROM (SELECT customer, cadence, max(txn_date) AS last
          FROM random_orders JOIN random_customers USING (customer)
         GROUP BY customer, cadence ORDER BY customer) q;
CREATE TABLE random_cases AS
SELECT customer, unit, s,
       (ARRAY[30, 60, 90])[1 + floor(3 * random())::int]::float8 AS expected_gap,
       at_risk, lapsed, lapsed + (ARRAY[0, 1, 1.5])[1 + floor(3 * random())::int]::float8 AS lost,
       (ARRAY[1, 7, 10])[1 + floor(3 * random())::int]::float8 AS min_cadence,
       at_risk - (ARRAY[0, 0.5])[1 + floor(2 * random())::int]::float8 AS due,
       CASE WHEN random() < 0.3 THEN NULL ELSE round(random()::numeric, 1)::float8 END AS p_alive,
       p_alive_yellow, p_alive_yellow * (ARRAY[0, 0.4, 1])[1 + floor(3 * random())::int]::float8 AS p_alive_red
  FROM (SELECT *, at_risk + (ARRAY[0, 0.5, 1])[1 + floor(3 * random())::int]::float8 AS lapsed
          FROM (SELECT customer, unit, s,
                       (ARRAY[1, 1.5, 2])[1 + floor(3 * random())::int]::float8 AS at_risk,
                       (ARRAY[0.5, 0.6])[1 + floor(2 * random())::int]::float8 AS p_alive_yellow
                  FROM (SELECT customer, unit, portfolio.summarize(txn_date, 1::numeric, as_of, unit) AS s
                          FROM random_orders JOIN random_as_of USING (customer),
                               (VALUES ('day'), ('month')) u(unit)
                         GROUP BY customer, unit, as_of
                         ORDER BY customer, unit) q) a) b;
ANALYZE random_cases;

CREATE TEMP VIEW compared AS
SELECT *, portfolio.lifecycle_stage(s, expected_gap, at_risk, lapsed, lost, min_cadence)::text AS c_stage,
       pg_temp.sql_stage(s, expected_gap, at_risk, lapsed, lost, min_cadence) AS sql_stage,
       portfolio.alert_level(s, p_alive, due, at_risk, p_alive_yellow, p_alive_red,
                             expected_gap, min_cadence)::text AS c_alert,
       pg_temp.sql_alert(s, p_alive, due, at_risk, p_alive_yellow, p_alive_red,
                         expected_gap, min_cadence) AS sql_alert,
       (s).days_since_last / pg_temp.sql_cadence(s, expected_gap, min_cadence) AS overdue
  FROM random_cases;

SELECT count(*) AS cases,
       count(*) FILTER (WHERE c_stage IS DISTINCT FROM sql_stage) AS stage_mismatches,
       count(*) FILTER (WHERE c_alert IS DISTINCT FROM sql_alert) AS alert_mismatches
  FROM compared;
-- Every stage and level occurs, and so do exact boundaries.
SELECT c_stage, count(*) FROM compared GROUP BY c_stage ORDER BY c_stage::portfolio.lifecycle;
SELECT c_alert, count(*) FROM compared GROUP BY c_alert ORDER BY c_alert::portfolio.alert;
SELECT count(*) FILTER (WHERE overdue IN (at_risk, lapsed, lost)) AS overdue_at_stage_threshold,
       count(*) FILTER (WHERE overdue = due) AS overdue_at_due,
       count(*) FILTER (WHERE (s).frequency >= 1 AND (s).mean_gap IS NOT NULL
                          AND (s).last_gap = lapsed * pg_temp.sql_earlier_cadence(s, expected_gap, min_cadence))
           AS last_gap_at_lapse,
       count(*) FILTER (WHERE p_alive IN (p_alive_yellow, p_alive_red)) AS p_alive_at_threshold,
       count(*) FILTER (WHERE (s).frequency >= 1 AND (s).mean_gap < min_cadence) AS cadence_floored,
       count(*) FILTER (WHERE (s).frequency = 0 AND (s).mean_gap IS NOT NULL) AS frequency_0_with_gaps,
       count(*) FILTER (WHERE c_stage = 'reactivated' AND (s).last_gap = (s).last_date - (s).first_date)
           AS reactivated_one_gap,
       count(*) FILTER (WHERE c_stage = 'reactivated' AND (s).last_gap < (s).last_date - (s).first_date)
           AS reactivated_several_gaps
  FROM compared;

-- Defaults against explicit arguments, positional and named, and against
-- the plain SQL with the documented default values.
SELECT count(*) AS summaries,
       count(*) FILTER (WHERE portfolio.lifecycle_stage(s) IS DISTINCT FROM portfolio.lifecycle_stage(s, 90, 1.5, 2.5, 4, 7)
                           OR portfolio.lifecycle_stage(s) IS DISTINCT FROM
                              portfolio.lifecycle_stage(s, min_cadence => 7, lost => 4, lapsed => 2.5, at_risk => 1.5, expected_gap => 90)
                           OR portfolio.lifecycle_stage(s)::text IS DISTINCT FROM pg_temp.sql_stage(s, 90, 1.5, 2.5, 4, 7))
           AS stage_differs,
       count(*) FILTER (WHERE portfolio.alert_level(s) IS DISTINCT FROM portfolio.alert_level(s, NULL, 1, 1.5, 0.5, 0.2, 90, 7)
                           OR portfolio.alert_level(s, p_alive) IS DISTINCT FROM
                              portfolio.alert_level(s, min_cadence => 7, expected_gap => 90, p_alive_red => 0.2,
                                                    p_alive_yellow => 0.5, at_risk => 1.5, due => 1, p_alive => p_alive)
                           OR portfolio.alert_level(s, p_alive)::text IS DISTINCT FROM
                              pg_temp.sql_alert(s, p_alive, 1, 1.5, 0.5, 0.2, 90, 7))
           AS alert_differs
  FROM random_cases;

-- ======================================================================
-- Under a forced parallel plan: the same result as serial
-- ======================================================================

\i test/fixtures/force_parallel.sql
CREATE VIEW stages_and_alerts AS
SELECT customer, unit,
       portfolio.lifecycle_stage(s, expected_gap, at_risk, lapsed, lost, min_cadence) AS stage,
       portfolio.alert_level(s, p_alive, due, at_risk, p_alive_yellow, p_alive_red, expected_gap, min_cadence) AS alert,
       portfolio.lifecycle_stage(s) AS default_stage,
       portfolio.alert_level(s, p_alive) AS default_alert
  FROM random_cases;

SELECT pg_temp.force_parallel();
SELECT pg_temp.plan_has('SELECT * FROM stages_and_alerts', 'Gather') AS parallel_plan;
EXPLAIN (COSTS OFF) SELECT * FROM stages_and_alerts;
CREATE TEMP TABLE parallel_result AS SELECT * FROM stages_and_alerts;
SELECT pg_temp.force_serial();
SELECT pg_temp.plan_has('SELECT * FROM stages_and_alerts', 'Gather') AS parallel_plan;
CREATE TEMP TABLE serial_result AS SELECT * FROM stages_and_alerts;
RESET ALL;
SET extra_float_digits = 0;
SELECT count(*) AS customers,
       count(*) FILTER (WHERE (p.stage, p.alert, p.default_stage, p.default_alert)
                              IS DISTINCT FROM (s.stage, s.alert, s.default_stage, s.default_alert)) AS differences
  FROM parallel_result p FULL JOIN serial_result s USING (customer, unit);

-- ======================================================================
-- Bad input
-- ======================================================================

-- Thresholds may be equal (their bad values: test/lifecycle_hostile.sql).
SELECT pg_temp.try($$SELECT portfolio.lifecycle_stage(pg_temp.s(0, 0), at_risk => 2, lapsed => 2, lost => 2)$$);
SELECT pg_temp.try($$SELECT portfolio.alert_level(pg_temp.s(0, 0), 0, due => 1.5, p_alive_yellow => 1, p_alive_red => 1)$$);

-- Summary fields: NULL where a rule needs the field is 22004; inconsistent
-- is 22023; an infinite date is 22008.  Side by side: the fields that
-- lifecycle_stage reads and alert_level does not (those both read are in
-- test/lifecycle_hostile.sql).
SELECT field, pg_temp.try(format('SELECT portfolio.lifecycle_stage(%L::portfolio.summary)', s)) AS lifecycle_stage,
       pg_temp.try(format('SELECT portfolio.alert_level(%L::portfolio.summary)', s)) AS alert_level
  FROM (VALUES
    ('last_gap NULL',               pg_temp.edit(pg_temp.s(0, 1, 30, 1, 30), '{"last_gap": null}')),
    ('first_date NULL',             pg_temp.edit(pg_temp.s(0, 1, 30, 1, 30), '{"first_date": null}')),
    ('last_date NULL',              pg_temp.edit(pg_temp.s(0, 1, 30, 1, 30), '{"last_date": null}')),
    ('last_date before first_date', pg_temp.edit(pg_temp.s(0, 1, 30, 1, 30), '{"last_date": "2019-12-01"}')),
    ('first_date -infinity',        pg_temp.edit(pg_temp.s(0, 1, 30, 1, 30), '{"first_date": "-infinity"}')),
    ('last_date infinity',          pg_temp.edit(pg_temp.s(0, 1, 30, 1, 30), '{"last_date": "infinity"}')),
    ('mean_gap 33.33 over 100 days', pg_temp.edit(pg_temp.s(0, 3, 100, 3, 30), '{"mean_gap": 33.33}')),
    ('mean_gap above the span',     pg_temp.edit(pg_temp.s(0, 1, 30, 1, 30), '{"mean_gap": 61}')),
    ('one gap, last_gap 20 of 30',  pg_temp.s(0, 1, 30, 1, 20)),
    ('last_gap 0',                  pg_temp.s(0, 3, 30, 3, 0)),
    ('last_gap 29 of 3 gaps in 30', pg_temp.s(0, 3, 30, 3, 29)),
    ('last_gap 31 of 30 days',      pg_temp.s(0, 3, 30, 3, 31)),
    -- not read, so not checked: gap fields of a customer with frequency 0,
    -- dates and last gap without a mean gap
    ('frequency 0, gap fields bad', pg_temp.edit(pg_temp.s(0, 0), '{"mean_gap": -5, "last_gap": -1, "first_date": null}')),
    ('no mean_gap, dates NULL',     pg_temp.edit(pg_temp.s(0, 2), '{"first_date": null, "last_date": null}'))
  ) AS v(field, s);

-- The messages say what to change.
\set VERBOSITY default
SELECT portfolio.lifecycle_stage(pg_temp.s(0, 0), at_risk => 3);
SELECT portfolio.alert_level(pg_temp.s(0, 0), 1.5);
SELECT portfolio.alert_level(pg_temp.s(0, 0), p_alive_red => NULL);
SELECT portfolio.lifecycle_stage(pg_temp.edit(pg_temp.s(0, 0), '{"days_since_last": null}'));
SELECT portfolio.lifecycle_stage(pg_temp.edit(pg_temp.s(0, 3, 100, 3, 30), '{"mean_gap": 33.33}'));
SELECT portfolio.lifecycle_stage(pg_temp.s(0, 3, 30, 3, 29));
