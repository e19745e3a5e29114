-- Online Retail (UCI; data/online_retail/) end to end: the load; the orders
-- of the portfolio (one per invoice of a customer, cancellations as
-- negative amounts, the summary's returns); every customer's summary
-- against the plain-SQL reference of its definitions (test/lib/
-- summary_reference.sql), by day and by month; cohort retention against
-- plain counts; a BG/NBD fit; the baskets (purchase invoices, product codes
-- only), their association rules against a plain-SQL computation of the
-- same definitions and under a forced parallel plan; cross-sell
-- suggestions against their definition; the follow-up agenda.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS portfolio;
SET LOCAL search_path = public, portfolio;
SELECT plan(23);
SET LOCAL client_min_messages = warning;

\i data/online_retail/load_online_retail.sql
\set QUIET on
-- One order per invoice of a customer, on the invoice's day, for the sum of
-- its lines.  A cancellation (C...) is a negative amount: a return, which
-- counts only in a period with purchases.  Rows without a customer (whole
-- invoices, and the stock write-offs) are not orders of the portfolio.
CREATE TABLE retail_orders AS
SELECT customer_id, invoice_no, min(invoice_date)::date AS txn_date, sum(quantity * unit_price) AS amount
  FROM online_retail WHERE customer_id IS NOT NULL
 GROUP BY customer_id, invoice_no;
CREATE TEMP VIEW txn AS SELECT customer_id, txn_date, amount FROM retail_orders;
\i test/lib/summary_reference.sql
-- The baskets: invoices that are neither cancellations (C...) nor bad-debt
-- adjustments (A...), with their products: stock codes of five digits
-- (postage, fees, discounts, manual lines and vouchers left out).
CREATE TABLE retail_lines AS
SELECT DISTINCT invoice_no, stock_code, customer_id FROM online_retail
 WHERE invoice_no !~ '^[CA]' AND stock_code ~ '^[0-9]{5}';
\set QUIET off

SELECT is((SELECT (count(*), count(DISTINCT invoice_no), count(DISTINCT customer_id)) FROM online_retail),
          ROW(541909::bigint, 25900::bigint, 4372::bigint), 'the load: 541,909 lines, 25,900 invoices, 4,372 customers');
SELECT is((SELECT count(DISTINCT invoice_no) FROM online_retail WHERE invoice_no !~ '^[CA]'), 22061::bigint,
          '22,061 invoices are neither cancellations nor adjustments');
SELECT is((SELECT (count(DISTINCT invoice_no), count(DISTINCT stock_code)) FROM retail_lines),
          ROW(21862::bigint, 4028::bigint), '21,862 of them hold a product (199 only postage or fees): the baskets, of 4,028 products');
SELECT ok((SELECT bool_and((amount < 0) = (invoice_no LIKE 'C%')) FROM retail_orders),
          'every cancellation is a negative order, every other invoice of a customer a purchase');

-- The summary, by day and by month, as of the last day of the file.
SELECT is((SELECT (count(*) FILTER (WHERE in_ext AND in_ref), count(*) FILTER (WHERE bad <> '{}'))
             FROM pg_temp.summary_diff('day', '2011-12-09')),
          ROW(4339::bigint, 0::bigint), 'summary by day: 4,339 customers, every field equal to the plain-SQL reference');
SELECT is((SELECT count(*) FILTER (WHERE bad <> '{}') FROM pg_temp.summary_diff('month', '2011-12-09')), 0::bigint,
          'summary by month: every field equal to the plain-SQL reference');
SELECT is((SELECT count(*) FROM (SELECT customer_id, summarize(txn_date, amount, '2011-12-09') AS s
                                   FROM retail_orders GROUP BY customer_id) q WHERE s IS NULL),
          33::bigint, 'the 33 customers with only cancellations have no summary');
SELECT cmp_ok((SELECT count(*) FROM (SELECT customer_id, summarize(txn_date, amount, '2011-12-09') AS s,
                                            sum(amount) FILTER (WHERE amount > 0) AS bought
                                       FROM retail_orders GROUP BY customer_id) q
                WHERE (s).total_amount < bought), '>', 400::bigint,
              'cancellations lower the total of hundreds of customers (493)');

-- Retention: monthly cohorts by first purchase, against plain counts.
\set QUIET on
CREATE TEMP TABLE got_cohorts AS
SELECT cohort, period, cohort_size, active
  FROM cohort_retention('retail_orders', 'customer_id', 'txn_date', 'amount', 'month', '2011-12-09');
CREATE TEMP TABLE ref_cohorts AS
WITH m AS (SELECT DISTINCT customer_id, date_trunc('month', txn_date)::date AS p
             FROM retail_orders WHERE amount >= 0),
f AS (SELECT customer_id, min(p) AS cohort FROM m GROUP BY customer_id),
sizes AS (SELECT cohort, count(*) AS n FROM f GROUP BY cohort)
SELECT f.cohort, k AS period, s.n AS cohort_size,
       count(m.customer_id) AS active
  FROM f JOIN sizes s USING (cohort)
 CROSS JOIN generate_series(0, (extract(year FROM age(DATE '2011-12-01', f.cohort)) * 12
                                + extract(month FROM age(DATE '2011-12-01', f.cohort)))::int) AS k
  LEFT JOIN m ON m.customer_id = f.customer_id AND m.p = (f.cohort + make_interval(months => k))::date
 GROUP BY f.cohort, k, s.n;
\set QUIET off
SELECT is((SELECT count(*) FROM got_cohorts), (SELECT count(*) FROM ref_cohorts), 'cohorts: as many cells as the plain counts (13 cohorts)');
SELECT is((SELECT count(*) FROM (SELECT * FROM got_cohorts EXCEPT SELECT * FROM ref_cohorts) x), 0::bigint,
          'cohorts: every size and active count equals the plain counts');

-- A lifetime-value model: BG/NBD by day, and its calibration check (the
-- expected repeat purchases of the customers over their own ages against
-- the actual ones).
\set QUIET on
CREATE TEMP TABLE retail_summaries AS
SELECT customer_id, summarize(txn_date, amount, '2011-12-09') AS s FROM retail_orders GROUP BY customer_id;
CREATE TEMP TABLE retail_fit AS SELECT bgnbd_fit(s) AS bg FROM retail_summaries WHERE s IS NOT NULL;
\set QUIET off
SELECT ok((SELECT (bg).converged FROM retail_fit), 'BG/NBD converges on Online Retail');
SELECT cmp_ok((SELECT abs(sum(bgnbd_expected(f.bg, (s).age)) / sum((s).frequency) - 1)
                 FROM retail_summaries, retail_fit f WHERE s IS NOT NULL), '<', 0.05::float8,
              'BG/NBD: expected repeat purchases within 5% of the actual ones');

-- Association rules at minimum support 0.02 and confidence 0.5, against the
-- same definitions in plain SQL (itemsets of up to 3 items by self-joins;
-- support of X -> y = baskets with X and y / baskets, confidence = that /
-- baskets with X, lift = confidence / support of y, leverage = support -
-- support(X) support(y), conviction = (1 - support(y)) / (1 - confidence)).
\set QUIET on
CREATE TEMP TABLE got_rules AS
SELECT (SELECT array_agg(x ORDER BY x COLLATE "C") FROM unnest(antecedent) x) AS antecedent, consequent,
       round(support::numeric, 12) AS support, round(confidence::numeric, 12) AS confidence,
       round(lift::numeric, 10) AS lift, round(leverage::numeric, 12) AS leverage,
       round(conviction::numeric, 10) AS conviction, baskets
  FROM association_rules('retail_lines', 'invoice_no', 'stock_code', 0.02, 0.5);
CREATE TEMP TABLE ref_rules AS
WITH n AS (SELECT count(DISTINCT invoice_no)::float8 AS n FROM retail_lines),
f1 AS (SELECT stock_code, count(*) AS c FROM retail_lines GROUP BY 1 HAVING count(*) >= 0.02 * (SELECT n FROM n)),
l AS (SELECT invoice_no, stock_code FROM retail_lines JOIN f1 USING (stock_code)),
f2 AS (SELECT a.stock_code AS x, b.stock_code AS y, count(*) AS c
         FROM l a JOIN l b ON b.invoice_no = a.invoice_no AND b.stock_code > a.stock_code COLLATE "C"
        GROUP BY 1, 2 HAVING count(*) >= 0.02 * (SELECT n FROM n)),
f3 AS (SELECT p.x, p.y, c.stock_code AS z, count(*) AS c
         FROM f2 p JOIN l a ON a.stock_code = p.x JOIN l b ON b.invoice_no = a.invoice_no AND b.stock_code = p.y
         JOIN l c ON c.invoice_no = a.invoice_no AND c.stock_code > p.y COLLATE "C"
        GROUP BY 1, 2, 3 HAVING count(*) >= 0.02 * (SELECT n FROM n)),
sets AS (SELECT ARRAY[stock_code] AS items, c FROM f1
         UNION ALL SELECT ARRAY[x, y], c FROM f2 UNION ALL SELECT ARRAY[x, y, z], c FROM f3),
r AS (SELECT z.items[:k - 1] || z.items[k + 1:] AS antecedent, z.items[k] AS consequent,
             z.c / (SELECT n FROM n) AS support, z.c::float8 / x.c AS confidence,
             x.c / (SELECT n FROM n) AS sx, y.c / (SELECT n FROM n) AS sy, z.c AS baskets
        FROM sets z CROSS JOIN generate_subscripts(z.items, 1) k
        JOIN sets x ON x.items = z.items[:k - 1] || z.items[k + 1:]
        JOIN sets y ON y.items = ARRAY[z.items[k]]
       WHERE cardinality(z.items) >= 2)
SELECT antecedent, consequent, round(support::numeric, 12) AS support, round(confidence::numeric, 12) AS confidence,
       round((confidence / sy)::numeric, 10) AS lift, round((support - sx * sy)::numeric, 12) AS leverage,
       round(((1 - sy) / (1 - confidence))::numeric, 10) AS conviction, baskets
  FROM r WHERE confidence >= 0.5;
\set QUIET off
SELECT is((SELECT (count(*), count(*) FILTER (WHERE cardinality(antecedent) = 2)) FROM got_rules),
          ROW(44::bigint, 3::bigint), '44 rules at support 0.02 and confidence 0.5, 3 of them with two items on the left');
SELECT is((SELECT count(*) FROM (SELECT * FROM got_rules EXCEPT ALL SELECT * FROM ref_rules) x), 0::bigint,
          'every rule equals the plain-SQL computation (support, confidence, lift, leverage, conviction, baskets)');
SELECT is((SELECT count(*) FROM (SELECT * FROM ref_rules EXCEPT ALL SELECT * FROM got_rules) x), 0::bigint,
          'and the plain-SQL computation has no other rule');
SELECT is((SELECT (antecedent, consequent, baskets) FROM got_rules ORDER BY lift DESC LIMIT 1),
          ROW('{22697,22699}'::text[], '22698'::text, 542::bigint),
          'the top rule by lift: two of the Regency teacup and saucers sell the third (green, pink, roses)');

-- The affinity aggregate under a forced parallel plan gives the serial
-- state's rules.
\set QUIET on
\i test/fixtures/force_parallel.sql
CREATE TABLE retail_baskets AS
SELECT invoice_no, array_agg(stock_code) AS items FROM retail_lines GROUP BY invoice_no;
ANALYZE retail_baskets;
SELECT pg_temp.force_serial();
CREATE TEMP TABLE serial_state AS SELECT affinity(items) AS a FROM retail_baskets;
SELECT pg_temp.force_parallel();
CREATE TEMP TABLE parallel_plan (line text);
DO $$
DECLARE l text;
BEGIN
    FOR l IN EXPLAIN SELECT affinity(items) FROM retail_baskets LOOP
        INSERT INTO parallel_plan VALUES (l);
    END LOOP;
END $$;
CREATE TEMP TABLE parallel_state AS SELECT affinity(items) AS a FROM retail_baskets;
SELECT pg_temp.force_serial();
RESET max_parallel_workers_per_gather;
RESET enable_hashagg;
\set QUIET off
SELECT ok(EXISTS (SELECT FROM parallel_plan WHERE line ~ 'Partial Aggregate')
          AND EXISTS (SELECT FROM parallel_plan WHERE line ~ 'Gather'),
          'the forced plan aggregates the baskets in parallel workers');
SELECT is((SELECT count(*) FROM (SELECT r.* FROM parallel_state, rules(a, 0.01, 0.5) r
                                 EXCEPT ALL SELECT r.* FROM serial_state, rules(a, 0.01, 0.5) r) x)
          + (SELECT count(*) FROM (SELECT r.* FROM serial_state, rules(a, 0.01, 0.5) r
                                   EXCEPT ALL SELECT r.* FROM parallel_state, rules(a, 0.01, 0.5) r) x),
          0::bigint, 'the parallel state gives exactly the serial rules (support 0.01: 581 rules)');
SELECT is((SELECT count(*) FROM serial_state, rules(a, 0.01, 0.5)), 581::bigint, '581 rules at support 0.01');

-- Cross-sell: each suggestion is an item the customer has not bought, from
-- a rule whose antecedent the customer has bought, the best such rule by
-- confidence; at most 5 per customer, ranked 1..n.
\set QUIET on
CREATE TEMP TABLE sugg AS
SELECT * FROM next_products('retail_lines', 'customer_id', 'invoice_no', 'stock_code', 0.02, 0.5);
CREATE TEMP TABLE bought AS
SELECT customer_id::text AS customer, array_agg(DISTINCT stock_code) AS items
  FROM retail_lines WHERE customer_id IS NOT NULL GROUP BY 1;
\set QUIET off
SELECT cmp_ok((SELECT count(DISTINCT customer) FROM sugg), '>', 1000::bigint, 'suggestions for more than a thousand customers');
SELECT is((SELECT count(*) FROM sugg s JOIN bought b USING (customer)
            WHERE s.item = ANY (b.items) OR NOT s.antecedent <@ b.items
               OR round(s.confidence::numeric, 12) < (SELECT max(r.confidence) FROM got_rules r
                                   WHERE r.consequent = s.item AND r.antecedent <@ b.items)),
          0::bigint, 'every suggestion: not bought, its rule''s antecedent bought, the most confident such rule');
SELECT is((SELECT count(*) FROM (SELECT customer, array_agg(rank ORDER BY rank) AS ranks FROM sugg GROUP BY customer) q
            WHERE ranks <> (SELECT array_agg(k) FROM generate_series(1, cardinality(ranks)) k) OR cardinality(ranks) > 5),
          0::bigint, 'each customer''s suggestions are ranked 1..n, n at most 5');

-- The follow-up agenda of the retailer as of its last day, with no contact
-- yet: every customer due is on it, the first one red.
\set QUIET on
CREATE TEMP TABLE retail_contacts (customer_id int, contacted_at date, outcome text, channel text);
CREATE TEMP TABLE agenda AS
SELECT * FROM followups('retail_orders', 'retail_contacts', 'customer_id', 'txn_date', 'amount', as_of => '2011-12-09');
\set QUIET off
SELECT is((SELECT (alert, priority) FROM agenda ORDER BY priority LIMIT 1), ROW('red'::text, 1::bigint),
          'the agenda starts with a red customer');

SELECT * FROM finish();
ROLLBACK;
