-- The published CDNOW results (Fader, Hardie & Lee 2005; Fader & Hardie's
-- notes): BG/NBD on the 2,357-customer sample in weeks, its predictions, the
-- holdout forecast, and Gamma-Gamma on the 946 repeat buyers.  The sample's
-- summary is Hardie's (data/cdnow/cdnow_customers_summary_with_transactions.csv:
-- x, t_x, T in weeks, zbar); test/summary_published.sql shows that
-- portfolio.summarize reproduces it from the raw log.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS portfolio;
SELECT plan(22);

\set QUIET on
CREATE TEMP TABLE published_lines (line text);
\copy published_lines FROM 'data/cdnow/cdnow_customers_summary_with_transactions.csv' WITH (FORMAT text, DELIMITER E'\x01')
CREATE TEMP TABLE published AS
SELECT f[1]::int AS id, f[2]::float8 AS x, f[3]::float8 AS t_x, f[4]::float8 AS t, f[5]::float8 AS zbar
  FROM (SELECT string_to_array(btrim(line, E' \r'), ',') AS f FROM published_lines
         WHERE line ~ '^[0-9]') s;
CREATE TEMP TABLE sample_lines (line text);
\copy sample_lines FROM 'data/cdnow/CDNOW_sample.txt' WITH (FORMAT text, DELIMITER E'\x01')
CREATE TEMP TABLE sample_tx AS
SELECT f[2]::int AS id, to_date(f[3], 'YYYYMMDD') AS day
  FROM (SELECT regexp_split_to_array(btrim(line), '\s+') AS f FROM sample_lines WHERE line ~ '\S') s;
CREATE TEMP TABLE bg AS SELECT portfolio.bgnbd_fit(x, t_x, t) AS m FROM published;
CREATE TEMP TABLE gg AS SELECT portfolio.gg_fit(x, zbar) AS g FROM published;
-- Three significant digits.
CREATE FUNCTION pg_temp.sig3(value float8) RETURNS numeric LANGUAGE sql AS
$$ SELECT round(value::numeric, 2 - floor(log(abs(value)))::int) $$;
\set QUIET off

SELECT is((SELECT (m).customers FROM bg), 2357::bigint, 'BG/NBD: 2,357 customers');
SELECT ok((SELECT (m).converged FROM bg), 'BG/NBD: the fit converged');
SELECT is((SELECT pg_temp.sig3((m).r) FROM bg), 0.243, 'BG/NBD: r = 0.243');
SELECT is((SELECT pg_temp.sig3((m).alpha) FROM bg), 4.41, 'BG/NBD: alpha = 4.41(4)');
SELECT is((SELECT pg_temp.sig3((m).a) FROM bg), 0.793, 'BG/NBD: a = 0.793');
SELECT is((SELECT pg_temp.sig3((m).b) FROM bg), 2.43, 'BG/NBD: b = 2.43 (2.426)');
SELECT ok((SELECT abs((m).loglik - (-9582.4)) <= 0.1 FROM bg), 'BG/NBD: LL = -9582.4 within 0.1');

-- With the published parameters (FHL 2005, figure 1 and section 5).
SELECT is((SELECT array_agg(round(portfolio.bgnbd_expected(m, t)::numeric, 4) ORDER BY t)
             FROM bg, (VALUES (1), (3), (32)) v(t)),
          ARRAY[0.0532, 0.1506, 1.0437], 'E[X(t)] for t = 1, 3, 32 weeks: 0.0532, 0.1506, 1.0437');
SELECT is((SELECT round(portfolio.bgnbd_expected(m, 78)::numeric, 3) FROM bg), 1.858,
          'E[X(78)] = 1.858');
SELECT is((SELECT round(portfolio.bgnbd_expected(m, 39, 2, 30.43, 38.86)::numeric, 3) FROM bg), 1.226,
          'E[Y(39) | x = 2, t_x = 30.43, T = 38.86] = 1.226');
SELECT ok((SELECT bool_and(portfolio.bgnbd_p_alive(m, x, t_x, t) BETWEEN 0 AND 1) FROM bg, published),
          'P(alive) within [0, 1] for every customer');
SELECT is((SELECT count(*) FROM bg, published WHERE x = 0 AND portfolio.bgnbd_p_alive(m, x, t_x, t) <> 1),
          0::bigint, 'P(alive) = 1 without repeat purchases');

-- The holdout: the sample's customers bought on 1,882 distinct (customer,
-- day) pairs in weeks 40-78 (1997-10-01 .. 1998-06-30), counted from the raw
-- sample log as summarize counts purchases.  The sum of the customers'
-- conditional forecasts from the calibration fit is 1,653 (12% under; the
-- cohort-level forecast, sum of E[X(T + 39)] - E[X(T)], is 1,667).
SELECT is((SELECT count(DISTINCT (id, day)) FROM sample_tx WHERE day > '1997-09-30'), 1882::bigint,
          'the sample log has 1,882 purchase days in the holdout');
SELECT is((SELECT round(sum(portfolio.bgnbd_expected(m, 39, x, t_x, t)))::int FROM bg, published),
          1653, 'the 39-week holdout forecast is 1,653 purchases');

-- From the raw log in days: summarize's frequency, recency and age, fitted
-- in days, give the same r, a and b, and alpha in days is 7 times alpha in
-- weeks (the published summary is rounded to 0.01 week).
SELECT is((SELECT ARRAY[pg_temp.sig3((m).r), pg_temp.sig3((m).alpha / 7), pg_temp.sig3((m).a),
                        pg_temp.sig3((m).b)]
             FROM (SELECT portfolio.bgnbd_fit(s) AS m
                     FROM (SELECT portfolio.summarize(day, 1, '1997-09-30') AS s
                             FROM sample_tx GROUP BY id) c) f),
          ARRAY[0.243, 4.41, 0.793, 2.43], 'a fit on the raw log in days gives the same model');

-- Gamma-Gamma on the repeat buyers (customers with x = 0 are skipped).
SELECT is((SELECT (g).customers FROM gg), 946::bigint, 'Gamma-Gamma: 946 repeat buyers');
SELECT ok((SELECT (g).converged FROM gg), 'Gamma-Gamma: the fit converged');
SELECT is((SELECT pg_temp.sig3((g).p) FROM gg), 6.25, 'Gamma-Gamma: p = 6.25');
SELECT is((SELECT pg_temp.sig3((g).q) FROM gg), 3.74, 'Gamma-Gamma: q = 3.74');
SELECT is((SELECT pg_temp.sig3((g).v) FROM gg), 15.4, 'Gamma-Gamma: v = 15.4 (15.448 at the maximum)');
SELECT ok((SELECT abs((g).loglik - (-4055.92)) <= 0.1 FROM gg), 'Gamma-Gamma: LL = -4055.92 within 0.1');
SELECT is((SELECT round(portfolio.gg_expected_spend(g, 0, 0)::numeric, 2) FROM gg),
          round((SELECT (g).p * (g).v / ((g).q - 1) FROM gg)::numeric, 2),
          'the expected spend without repeat purchases is the population mean p v / (q - 1)');

SELECT * FROM finish();
ROLLBACK;
