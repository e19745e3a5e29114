-- compare_models, compare_frequencies and compare_holdout on the CDNOW
-- sample (calibration to 1997-09-30, holdout to 1998-06-30, weeks): each
-- row against the fit and the predictions called directly on summaries
-- computed here (and BG/NBD's rows against repeat_purchase_histogram and
-- holdout_purchases), AIC and BIC from their definitions, the counts
-- against plain SQL (distinct purchase days, and distinct purchase weeks
-- for BG/BB's discrete histories, computed here with integer arithmetic),
-- and bad arguments.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS portfolio;
SELECT plan(33);
SET LOCAL client_min_messages = warning;

\set QUIET on
CREATE TEMP TABLE sample_lines (line text);
\copy sample_lines FROM 'data/cdnow/CDNOW_sample.txt' WITH (FORMAT text, DELIMITER E'\x01')
CREATE TEMP TABLE sample_tx AS
SELECT f[2]::int AS id, to_date(f[3], 'YYYYMMDD') AS day
  FROM (SELECT regexp_split_to_array(btrim(line), '\s+') AS f FROM sample_lines WHERE line ~ '\S') s;
CREATE TEMP TABLE cmp AS
SELECT * FROM portfolio.compare_models('sample_tx', 'id', 'day', '1997-09-30', '1998-06-30');
-- the calibration summaries in weeks, as compare_models reads them
CREATE TEMP TABLE cal AS
SELECT id, (s).frequency::float8 AS x, (s).recency / 7 AS tx, (s).age / 7 AS age
  FROM (SELECT id, portfolio.summarize(day, 0, '1997-09-30', 'day') AS s FROM sample_tx WHERE day <= '1997-09-30' GROUP BY id) c;
CREATE TEMP TABLE fits AS
SELECT portfolio.bgnbd_fit(x, tx, age) AS bg, portfolio.mbgnbd_fit(x, tx, age) AS mbg,
       portfolio.pareto_nbd_fit(x, tx, age) AS pn FROM cal;
-- BG/BB's histories in whole weeks from the first purchase, the weeks complete
-- by each end date, by integer division
CREATE TEMP TABLE weeks AS
WITH firsts AS (SELECT id, min(day) AS first FROM sample_tx GROUP BY id),
     k AS (SELECT DISTINCT t.id, (t.day - f.first) / 7 AS k, greatest(('1997-09-30'::date - f.first + 1) / 7 - 1, 0) AS n,
                  greatest(('1998-06-30'::date - f.first + 1) / 7 - 1, 0) AS last
             FROM sample_tx t JOIN firsts f USING (id) WHERE t.day <= '1998-06-30')
SELECT id, count(*) FILTER (WHERE k BETWEEN 1 AND n)::float8 AS x,
       coalesce(max(k) FILTER (WHERE k BETWEEN 1 AND n), 0)::float8 AS tx, min(n)::float8 AS n,
       count(*) FILTER (WHERE k > n AND k <= last)::float8 AS held, (min(last) - min(n))::float8 AS h
  FROM k GROUP BY id;
CREATE TEMP TABLE bb AS SELECT portfolio.bgbb_fit(x, tx, n) AS m FROM weeks;
\set QUIET off

SELECT is((SELECT array_agg(model || ':' || customers ORDER BY model) FROM cmp),
          ARRAY['bgbb:2357', 'bgnbd:2357', 'mbgnbd:2357', 'pareto_nbd:2357'], 'four models, each over the 2,357 customers');
SELECT is((SELECT loglik FROM cmp WHERE model = 'bgnbd'), (SELECT (bg).loglik FROM fits), 'BG/NBD: the log-likelihood of bgnbd_fit over the summaries');
SELECT is((SELECT loglik FROM cmp WHERE model = 'mbgnbd'), (SELECT (mbg).loglik FROM fits), 'MBG/NBD: the log-likelihood of mbgnbd_fit');
SELECT is((SELECT loglik FROM cmp WHERE model = 'pareto_nbd'), (SELECT (pn).loglik FROM fits), 'Pareto/NBD: the log-likelihood of pareto_nbd_fit');
SELECT is((SELECT parameters FROM cmp WHERE model = 'bgnbd'),
          (SELECT format('r = %s, alpha = %s, a = %s, b = %s', round((bg).r::numeric, 4), round((bg).alpha::numeric, 4),
                         round((bg).a::numeric, 4), round((bg).b::numeric, 4)) FROM fits),
          'BG/NBD: its parameters as text');
SELECT ok((SELECT bool_and(abs(aic - (2 * 4 - 2 * loglik)) < 1e-9 AND abs(bic - (4 * ln(2357) - 2 * loglik)) < 1e-9)
             FROM cmp WHERE model <> 'bgbb'), 'AIC = 2k - 2 LL and BIC = k ln N - 2 LL for the continuous-time models');
SELECT ok((SELECT aic FROM cmp WHERE model = 'mbgnbd') < (SELECT aic FROM cmp WHERE model = 'bgnbd'),
          'on CDNOW, MBG/NBD has the lower AIC (it fits better with as many parameters)');
SELECT is((SELECT aic IS NULL AND bic IS NULL AND representation = 'discrete: weeks with a purchase' FROM cmp WHERE model = 'bgbb'),
          true, 'BG/BB: no AIC or BIC (other data), and the output says what it counts');
SELECT is((SELECT count(DISTINCT representation) FROM cmp WHERE model <> 'bgbb'), 1::bigint,
          'the continuous-time models share one representation');
SELECT is((SELECT holdout_actual FROM cmp WHERE model = 'bgnbd'),
          (SELECT count(DISTINCT (id, day))::float8 FROM sample_tx WHERE day > '1997-09-30' AND day <= '1998-06-30'),
          'holdout actual: the distinct purchase days after the calibration end, plain SQL');
SELECT ok((SELECT abs(holdout_expected - (SELECT sum(portfolio.bgnbd_expected(bg, ('1998-06-30'::date - '1997-09-30'::date) / 7.0, x, tx, age))
                                          FROM cal, fits)) < 1e-9 FROM cmp WHERE model = 'bgnbd'),
          'BG/NBD holdout expected: the sum of bgnbd_expected over the customers');
SELECT ok((SELECT abs(holdout_expected - (SELECT sum(portfolio.mbgnbd_expected(mbg, ('1998-06-30'::date - '1997-09-30'::date) / 7.0, x, tx, age))
                                          FROM cal, fits)) < 1e-9 FROM cmp WHERE model = 'mbgnbd'),
          'MBG/NBD holdout expected: the sum of mbgnbd_expected');
SELECT ok((SELECT abs(holdout_expected - (SELECT sum(portfolio.pareto_nbd_expected(pn, ('1998-06-30'::date - '1997-09-30'::date) / 7.0, x, tx, age))
                                          FROM cal, fits)) < 1e-9 FROM cmp WHERE model = 'pareto_nbd'),
          'Pareto/NBD holdout expected: the sum of pareto_nbd_expected');
SELECT ok((SELECT abs(holdout_error - (holdout_expected - holdout_actual)) < 1e-9
                  AND abs(holdout_relative_error - holdout_error / holdout_actual) < 1e-12 FROM cmp WHERE model = 'bgnbd'),
          'holdout error and relative error from their definitions');
SELECT is((SELECT loglik FROM cmp WHERE model = 'bgbb'), (SELECT (m).loglik FROM bb),
          'BG/BB: the fit over purchase weeks computed here by integer division');
SELECT is((SELECT holdout_actual FROM cmp WHERE model = 'bgbb'), (SELECT sum(held) FROM weeks),
          'BG/BB holdout actual: the weeks with a purchase after the calibration weeks');
SELECT ok((SELECT abs(holdout_expected - (SELECT sum(portfolio.bgbb_expected(m, h, x, tx, n)) FROM weeks, bb)) < 1e-9 FROM cmp WHERE model = 'bgbb'),
          'BG/BB holdout expected: the sum of bgbb_expected over those weeks');
SELECT is((SELECT count(*) FILTER (WHERE holdout_actual IS NULL AND holdout_expected IS NULL)
             FROM portfolio.compare_models('sample_tx', 'id', 'day', '1997-09-30')), 4::bigint,
          'without a holdout end, no holdout columns');
SELECT throws_ok($q$SELECT * FROM portfolio.compare_models('sample_tx', 'id', 'day', '1997-09-30', '1997-09-01')$q$,
                 '22023', 'holdout_end must be after calibration_end', 'a holdout that ends before the calibration');
SELECT throws_ok($q$SELECT * FROM portfolio.compare_models('sample_tx', 'id', 'day', '1997-09-30', NULL, 'month')$q$,
                 '22023', 'unknown model time unit "month"', 'months vary in length: not a model time unit');
SELECT throws_ok($q$SELECT * FROM portfolio.compare_models('sample_tx', 'id', 'day', NULL)$q$,
                 '22004', 'the table, its customer and date columns and the calibration end must not be null', 'no calibration end');
SELECT is_empty($q$SELECT * FROM portfolio.compare_models('sample_tx', 'id', 'day', '1996-12-31', '1997-06-30')$q$,
                'no customer by the calibration end: no rows');

-- ---------- the diagnostics of every model ----------
\set QUIET on
CREATE TEMP TABLE freq AS SELECT * FROM portfolio.compare_frequencies('sample_tx', 'id', 'day', '1997-09-30');
CREATE TEMP TABLE hold AS SELECT * FROM portfolio.compare_holdout('sample_tx', 'id', 'day', '1997-09-30', '1998-06-30');
\set QUIET off
SELECT is((SELECT array_agg(model || ':' || n ORDER BY model) FROM (SELECT model, count(*) AS n FROM freq GROUP BY model) q),
          ARRAY['bgbb:8', 'bgnbd:8', 'mbgnbd:8', 'pareto_nbd:8'], 'compare_frequencies: 0 .. 7+ for each of the four models');
SELECT is((SELECT count(*) FROM freq f JOIN portfolio.repeat_purchase_histogram('sample_tx', 'id', 'day', '1997-09-30') r
              ON r.repeat_purchases = f.repeat_purchases AND r.label = f.label AND r.actual = f.actual
             AND abs(r.expected - f.expected) <= 1e-9 * greatest(1, r.expected)
           WHERE f.model = 'bgnbd'), 8::bigint, 'its BG/NBD rows are repeat_purchase_histogram''s');
SELECT ok((SELECT bool_and(abs(f.expected - (SELECT sum(portfolio.mbgnbd_pmf(mbg, f.repeat_purchases, age)) FROM cal, fits)) < 1e-9)
             FROM freq f WHERE f.model = 'mbgnbd' AND f.repeat_purchases < 7),
          'its MBG/NBD rows expect the sum of each customer''s P(X(age) = k)');
SELECT is((SELECT array_agg(actual ORDER BY repeat_purchases) FROM freq WHERE model = 'bgbb'),
          (SELECT array_agg(coalesce(n, 0) ORDER BY k) FROM generate_series(0, 7) k
             LEFT JOIN (SELECT least(x, 7)::int AS b, count(*) AS n FROM weeks GROUP BY 1) w ON w.b = k),
          'its BG/BB rows count the customers by purchase weeks, plain SQL');
SELECT ok((SELECT bool_and(abs(s - 2357) < 1e-6) FROM (SELECT sum(expected) AS s FROM freq GROUP BY model) q),
          'each model''s expected counts add up to the 2,357 customers');
SELECT is((SELECT count(*) FROM hold h JOIN portfolio.holdout_purchases('sample_tx', 'id', 'day', '1997-09-30', '1998-06-30') r
              ON r.frequency = h.frequency AND r.customers = h.customers AND abs(r.actual - h.actual) < 1e-12
             AND abs(r.expected - h.expected) <= 1e-9 * greatest(1, r.expected)
           WHERE h.model = 'bgnbd'), 8::bigint, 'compare_holdout: its BG/NBD rows are holdout_purchases''s');
SELECT ok((SELECT bool_and(abs(h.expected - (SELECT avg(portfolio.mbgnbd_expected(mbg, ('1998-06-30'::date - '1997-09-30'::date) / 7.0, x, tx, age))
                                              FROM cal, fits WHERE least(x, 7) = h.frequency)) < 1e-9)
             FROM hold h WHERE h.model = 'mbgnbd'), 'its MBG/NBD rows: the mean of mbgnbd_expected by calibration frequency');
SELECT ok((SELECT bool_and(abs(f.expected - (SELECT sum(portfolio.pareto_nbd_pmf(pn, f.repeat_purchases, age)) FROM cal, fits)) < 1e-9)
             FROM freq f WHERE f.model = 'pareto_nbd' AND f.repeat_purchases < 7),
          'its Pareto/NBD rows expect the sum of each customer''s P(X(age) = k)');
SELECT ok((SELECT bool_and(h.customers = w.n AND abs(h.actual - w.held) < 1e-12 AND abs(h.expected - w.e) < 1e-9)
             FROM hold h JOIN (SELECT least(x, 7)::int AS f, count(*) AS n, avg(held) AS held,
                                      avg(portfolio.bgbb_expected(m, h, x, tx, n)) AS e
                                 FROM weeks, bb GROUP BY 1) w ON w.f = h.frequency
            WHERE h.model = 'bgbb'), 'its BG/BB rows: customers, mean purchase weeks held and expected by purchase weeks, plain SQL');
SELECT throws_ok($q$SELECT * FROM portfolio.compare_holdout('sample_tx', 'id', 'day', '1997-09-30', NULL)$q$,
                 '22004', 'holdout_end must not be null', 'compare_holdout needs a holdout end');
SELECT throws_ok($q$SELECT * FROM portfolio.compare_frequencies('sample_tx', 'id', 'day', '1997-09-30', 'week', 0)$q$,
                 '22023', 'max_frequency must be at least 1', 'compare_frequencies: max_frequency 0');

SELECT * FROM finish();
ROLLBACK;
