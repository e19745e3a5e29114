-- The numbers the HTML report of CDNOW must show, computed again here for
-- test/report.sh, one row "key,value" per mark of the page (its data-k and
-- data-v). Where a plain-SQL computation of the same definition is short,
-- it is that (counts, revenue, cohort retention, Gini, top-20% share, ABC
-- classes, the actual repeat purchases); the model curves are the
-- extension's model functions called directly on models fitted here
-- (P(alive) per grid cell with bgnbd_p_alive, the expectation of the
-- histogram from bgnbd_pmf per customer, the tracking and forecast rows).
-- Run with psql --csv -t on a database where cdnow_transactions is loaded.

\set ON_ERROR_STOP on
\set as_of 1998-06-30
\set calibration_end 1997-09-30
SET client_min_messages = warning;

CREATE TEMP TABLE ref_days AS          -- one row per customer and purchase day
SELECT DISTINCT customer_id, txn_date FROM cdnow_transactions WHERE txn_date <= :'as_of';
CREATE TEMP TABLE ref_revenue AS     -- net revenue; the concentration counts a negative one 0
SELECT customer_id, sum(amount) AS revenue, count(*) AS transactions
FROM cdnow_transactions WHERE txn_date <= :'as_of' GROUP BY customer_id;
CREATE TEMP TABLE ref_models AS
SELECT portfolio.bgnbd_fit((s).frequency, (s).recency / 7, (s).age / 7) AS bg,
       portfolio.gg_fit((s).frequency, (s).monetary) FILTER (WHERE (s).monetary > 0) AS gg
FROM (SELECT portfolio.summarize(txn_date, amount, :'as_of') AS s
      FROM cdnow_transactions GROUP BY customer_id) AS c;
CREATE TEMP TABLE ref_calibration AS   -- repeat purchase days and age in weeks at calibration_end
SELECT customer_id, count(*) - 1 AS repeats, (:'calibration_end'::date - min(txn_date)) / 7.0 AS age
FROM ref_days WHERE txn_date <= :'calibration_end' GROUP BY customer_id;
CREATE TEMP TABLE ref_calibration_model AS
SELECT portfolio.bgnbd_fit((s).frequency, (s).recency / 7, (s).age / 7) AS bg
FROM (SELECT portfolio.summarize(txn_date, amount, :'calibration_end') AS s
      FROM cdnow_transactions WHERE txn_date <= :'calibration_end' GROUP BY customer_id) AS c;

-- overview
SELECT 'overview:as_of', :'as_of'
UNION ALL SELECT 'overview:calibration_end', :'calibration_end'
UNION ALL SELECT 'overview:customers', count(*)::text FROM ref_revenue
UNION ALL SELECT 'overview:transactions', sum(transactions)::text FROM ref_revenue
UNION ALL SELECT 'overview:revenue', sum(revenue)::text FROM ref_revenue
UNION ALL SELECT 'overview:repeat_customers', count(*)::text
          FROM (SELECT customer_id FROM ref_days GROUP BY 1 HAVING count(*) > 1) AS r;

-- cohort retention: the share of a first-purchase month's customers who
-- bought in the k-th month after it
WITH firsts AS (
    SELECT customer_id, date_trunc('month', min(txn_date)) AS cohort FROM ref_days GROUP BY 1
), sizes AS (
    SELECT cohort, count(*) AS n FROM firsts GROUP BY 1
), active AS (
    SELECT f.cohort, (extract(year FROM age(date_trunc('month', d.txn_date), f.cohort)) * 12
                      + extract(month FROM age(date_trunc('month', d.txn_date), f.cohort)))::int AS k,
           count(DISTINCT d.customer_id) AS n
    FROM ref_days AS d JOIN firsts AS f USING (customer_id)
    GROUP BY 1, 2
), offsets AS (
    SELECT cohort, k FROM sizes,
         generate_series(0, (extract(year FROM age(date_trunc('month', :'as_of'::date), cohort)) * 12
                             + extract(month FROM age(date_trunc('month', :'as_of'::date), cohort)))::int) AS k
)
SELECT 'cohort:' || to_char(o.cohort, 'YYYY-MM') || ':' || o.k,
       (coalesce(a.n, 0)::float8 / s.n)::text
FROM offsets AS o JOIN sizes AS s USING (cohort) LEFT JOIN active AS a USING (cohort, k);

-- RFM segments, scored from the summaries here (not portfolio.customers)
WITH s AS (
    SELECT portfolio.summarize(txn_date, amount, :'as_of') AS s FROM cdnow_transactions GROUP BY customer_id
), cuts AS (
    SELECT portfolio.rfm_cuts(s, 5) AS c FROM s
), scored AS (
    SELECT (portfolio.rfm_score(c, s)).segment, (s).total_amount FROM s, cuts
), names AS (
    SELECT name FROM portfolio.rfm_segments WHERE bins = 5 AND enabled
    UNION SELECT segment FROM scored
)
SELECT 'segment:' || n.name || ':' || v.what, v.value
FROM names AS n
CROSS JOIN LATERAL (
    SELECT 'customers' AS what, count(*)::text AS value FROM scored WHERE segment = n.name
    UNION ALL
    SELECT 'revenue', coalesce(sum(total_amount), 0)::text FROM scored WHERE segment = n.name) AS v;

-- Gini (the sorted-values form: sum (2i - n - 1) x_i / (n sum x)) and the
-- share of the ceil(0.2 n) largest customers
WITH ranked AS (
    SELECT greatest(revenue, 0)::float8 AS x, row_number() OVER (ORDER BY revenue) AS i,
           count(*) OVER () AS n
    FROM ref_revenue
)
SELECT 'concentration:gini', (sum((2 * i - n - 1) * x) / (max(n) * sum(x)))::text FROM ranked
UNION ALL
SELECT 'concentration:top20',
       (sum(x) FILTER (WHERE i > max_n - ceil(0.2 * max_n)) / sum(x))::text
FROM (SELECT x, i, max(n) OVER () AS max_n FROM ranked) AS r;

-- ABC: A while the customers with a strictly greater revenue hold less than
-- 80% of it, B less than 95%, C the rest
WITH positive AS (
    SELECT greatest(revenue, 0) AS revenue FROM ref_revenue
), ranked AS (
    SELECT revenue, coalesce(sum(revenue) OVER (ORDER BY revenue DESC
                                                GROUPS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)
                    / sum(revenue) OVER () AS above
    FROM positive
), classed AS (
    SELECT CASE WHEN above < 0.80 THEN 'A' WHEN above < 0.95 THEN 'B' ELSE 'C' END AS class, revenue
    FROM ranked
)
SELECT 'abc:' || class || ':customers', count(*)::text FROM classed GROUP BY class
UNION ALL
SELECT 'abc:' || class || ':revenue', sum(revenue)::text FROM classed GROUP BY class;

-- repeat purchases in the calibration period: customers with 0 .. 6 and 7
-- or more, actual and the model's sum over customers of P(X(age) = k)
WITH k AS (SELECT generate_series(0, 7) AS k)
SELECT 'histogram:' || k || ':actual', count(c.customer_id)::text
FROM k LEFT JOIN ref_calibration AS c ON least(c.repeats, 7) = k.k
GROUP BY k
UNION ALL
SELECT 'histogram:' || k || ':expected',
       CASE WHEN k < 7 THEN sum(portfolio.bgnbd_pmf(m.bg, k, c.age))
            ELSE count(*) - sum((SELECT sum(portfolio.bgnbd_pmf(m.bg, j, c.age))
                                 FROM generate_series(0, 6) AS j)) END::text
FROM k, ref_calibration AS c, ref_calibration_model AS m
GROUP BY k;

-- tracking: the running total of repeat purchase days by week from the
-- first purchase in the data; the model's from purchase_tracking itself
WITH firsts AS (
    SELECT customer_id, min(txn_date) AS f FROM ref_days GROUP BY 1
), start_ AS (
    SELECT min(f) AS s FROM firsts
), weeks AS (
    SELECT w FROM start_, generate_series(1, ceil(((:'as_of'::date - s) + 1) / 7.0)::int) AS w
), repeats AS (
    SELECT (d.txn_date - s) / 7 + 1 AS w, count(*) AS n
    FROM ref_days AS d JOIN firsts USING (customer_id), start_
    WHERE d.txn_date > firsts.f GROUP BY 1
)
SELECT 'tracking:' || w || ':actual', (sum(coalesce(n, 0)) OVER (ORDER BY w))::text
FROM weeks LEFT JOIN repeats USING (w)
UNION ALL
SELECT 'tracking:' || t.period || ':expected', t.cumulative_expected::text
FROM ref_calibration_model AS m,
     portfolio.purchase_tracking('cdnow_transactions', 'customer_id', 'txn_date', :'calibration_end',
                                 :'as_of', 'week', m.bg) AS t;

-- P(alive) at the largest age, frequencies 0 .. the 99th percentile of the
-- repeat purchases, recency in 20 steps of age / 20 (0 alone when f = 0)
WITH per_customer AS (
    SELECT count(*) - 1 AS repeats, (:'as_of'::date - min(txn_date)) / 7.0 AS age FROM ref_days GROUP BY customer_id
), grid AS (
    SELECT max(age)::float8 AS age,
           least(greatest(percentile_disc(0.99) WITHIN GROUP (ORDER BY repeats), 1), 40) AS top
    FROM per_customer
)
SELECT 'p_alive:' || f || ':' || r::text, portfolio.bgnbd_p_alive(m.bg, f, r, g.age)::text
FROM grid AS g, ref_models AS m, generate_series(0, g.top) AS f,
     LATERAL (SELECT g.age * i / 20 AS r FROM generate_series(0, 20) AS i
              WHERE f > 0 OR i = 0) AS rs;

-- the strategy map: CLV (12 months of 30.4375 days at 1% a month) and
-- P(alive) from the models fitted here in days, as portfolio.customers fits
-- them (in weeks they agree only to the optimiser's tolerance, which moves a
-- customer on a quadrant's edge); z-scores from avg and stddev_pop; the
-- quadrants from the signs
CREATE TEMP TABLE ref_day_models AS
SELECT portfolio.bgnbd_fit((s).frequency, (s).recency, (s).age) AS bg,
       portfolio.gg_fit((s).frequency, (s).monetary) FILTER (WHERE (s).monetary > 0) AS gg
FROM (SELECT portfolio.summarize(txn_date, amount, :'as_of') AS s
      FROM cdnow_transactions GROUP BY customer_id) AS c;
CREATE TEMP TABLE ref_scores AS
WITH s AS (
    SELECT customer_id, portfolio.summarize(txn_date, amount, :'as_of') AS s
    FROM cdnow_transactions GROUP BY customer_id
), v AS (
    SELECT customer_id, (s).total_amount AS revenue,
           ln(1 + greatest(coalesce(round(CASE WHEN (s).frequency = 0 OR (s).monetary > 0
                  THEN portfolio.clv(bg, gg, (s).frequency, (s).recency, (s).age,
                                     (s).monetary, 12, 30.4375, 0.01) END::numeric, 2), 0), 0)::float8) AS c1,
           portfolio.bgnbd_p_alive(bg, (s).frequency, (s).recency, (s).age) AS c2,
           ln(1 + greatest((s).total_amount, 0)::float8) AS c3, ln(1 + (s).frequency) AS c4
    FROM s, ref_day_models
)
SELECT customer_id, revenue,
       0.6 * (c1 - avg(c1) OVER ()) / stddev_pop(c1) OVER () + 0.4 * (c2 - avg(c2) OVER ()) / stddev_pop(c2) OVER ()
           AS attractiveness,
       0.5 * (c3 - avg(c3) OVER ()) / stddev_pop(c3) OVER () + 0.5 * (c4 - avg(c4) OVER ()) / stddev_pop(c4) OVER ()
           AS strength
FROM v;
SELECT 'strategy:' || CASE WHEN attractiveness >= 0 AND strength >= 0 THEN 'invest_expand'
                           WHEN attractiveness >= 0 THEN 'invest_selective'
                           WHEN strength >= 0 THEN 'maintain' ELSE 'milk' END || ':customers',
       count(*)::text
FROM ref_scores GROUP BY 1;
WITH b AS (SELECT min(strength) AS s0, max(strength) AS s1, min(attractiveness) AS a0,
                  max(attractiveness) AS a1 FROM ref_scores)
SELECT 'strategy_grid:' || least(floor(30 * (strength - s0) / (s1 - s0)) + 1, 30) || ':'
                        || least(floor(30 * (attractiveness - a0) / (a1 - a0)) + 1, 30),
       count(*)::text
FROM ref_scores, b GROUP BY 1;

-- the forecast, from the models fitted here
SELECT 'forecast:' || f.period || ':' || w.what, w.value
FROM ref_models AS m,
     portfolio.forecast('cdnow_transactions', 'customer_id', 'txn_date', 'amount', :'as_of', 12, 'month',
                        0, NULL, 'week', m.bg, m.gg) AS f,
     LATERAL (VALUES ('revenue', f.revenue::text), ('transactions', f.transactions::text)) AS w(what, value);
