-- Every aggregate of the extension, listed from the catalog, under a forced
-- parallel plan: the plan has a Partial Aggregate of it (so its combine,
-- and serialize and deserialize where it has them, really run), and the
-- answer is the serial one: identical for integers, numerics, dates, order
-- statistics and model fits (which sort their input), float8 sums within
-- 1e-12 relative.  A new aggregate without a case here fails the coverage
-- check at the end.
CREATE SCHEMA parallel_every;
SET search_path = parallel_every, public;
SET extra_float_digits = 3;
\i test/fixtures/force_parallel.sql
\i test/fixtures/plan_has.sql

-- 20,000 orders of 500 customers (heavy-tailed), 2% returns, over 27 months.
SELECT setseed(0.17);
CREATE TABLE orders AS
SELECT (500 * random() ^ 2)::int AS customer, DATE '2019-01-01' + (820 * random())::int AS txn_date,
       CASE WHEN random() < 0.02 THEN -round((50 * random())::numeric, 2)
            ELSE round((200 * random())::numeric, 2) END AS amount
  FROM generate_series(1, 20000);
CREATE TABLE summaries AS
SELECT customer, s FROM (SELECT customer, portfolio.summarize(txn_date, amount, '2021-03-31') AS s
                           FROM orders GROUP BY customer) q
 WHERE s IS NOT NULL;
CREATE TABLE activities AS
SELECT customer, portfolio.activity(txn_date, amount, '2021-03-31', 'month') AS a
  FROM orders GROUP BY customer;
CREATE TABLE accounts AS
SELECT customer, (s).total_amount::float8 AS revenue,
       ARRAY[(s).frequency, (s).days_since_last, (s).total_amount]::float8[] AS features,
       (s).frequency::float8 AS x, (s).recency AS t_x, (s).age AS age, (s).monetary::float8 AS monetary
  FROM summaries WHERE (s).total_amount > 0;
-- z-scored features for k-means, computed here so that the only aggregate
-- in its query is kmeans_fit (whose Partial Aggregate the check must see).
ALTER TABLE accounts ADD COLUMN scaled float8[];
UPDATE accounts SET scaled = portfolio.scale(features, (SELECT portfolio.scaler_fit(features) FROM accounts), 'zscore');
CREATE TABLE surveys AS SELECT g, (g * 7 % 11) AS nps_score, 1 + (g * 3 % 5) AS csat_score FROM generate_series(1, 5000) g;
-- 3,000 contract customers (sBG), weighted 1 to 3.
CREATE TABLE renewals AS
SELECT customer, t, churned, 1 + customer % 3 AS weight
  FROM portfolio.sbg_simulate(portfolio.sbg(0.7, 1.2), 3000, 12, 1);
-- 3,000 donors (BG/BB) over 8 opportunities, weighted 1 to 3.
CREATE TABLE donors AS
SELECT customer, frequency::float8 AS x, recency::float8 AS t_x, n::float8 AS n, 1 + customer % 3 AS weight
  FROM portfolio.bgbb_simulate(portfolio.bgbb(1.2, 0.75, 0.66, 2.8), 3000, 8, 1);
-- One row per basket (a customer's orders, the items cents of their amounts
-- mod 30, NULL for returns), so that the only aggregate in its query is affinity.
CREATE TABLE baskets AS
SELECT customer, array_agg(CASE WHEN amount >= 0 THEN 'p' || ((amount * 100)::int % 30) END) AS items
  FROM orders GROUP BY customer;
ANALYZE orders, summaries, activities, accounts, surveys, renewals, donors, baskets;

-- The fields of a summary with float8 amounts that do not depend on the
-- order in which the amounts were added.
CREATE FUNCTION exact_fields(s portfolio.summary) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT concat_ws(',', s.first_date, s.last_date, s.transactions, s.periods, s.frequency, s.recency, s.age,
                     s.days_since_last, s.mean_gap, s.gap_stddev, s.max_gap, s.last_gap)
$$;

-- Each case: the aggregate (as the catalog names it) and a query whose one
-- row is (exact text, float8[] compared within 1e-12 relative).
CREATE TABLE parallel_case (aggregate text PRIMARY KEY, query text NOT NULL);
INSERT INTO parallel_case VALUES
('portfolio.summarize(date,numeric,date,text)',
 $q$SELECT string_agg(s::text, ';' ORDER BY customer), NULL::float8[]
      FROM (SELECT customer, portfolio.summarize(txn_date, amount, '2021-03-31', 'week') AS s
              FROM orders GROUP BY customer) q$q$),
('portfolio.summarize(date,numeric,date)',
 $q$SELECT string_agg(s::text, ';' ORDER BY customer), NULL::float8[]
      FROM (SELECT customer, portfolio.summarize(txn_date, amount, '2021-03-31') AS s
              FROM orders GROUP BY customer) q$q$),
('portfolio.summarize(date,double precision,date,text)',
 $q$SELECT string_agg(exact_fields(s), ';' ORDER BY customer),
           array_agg((s).total_amount ORDER BY customer) || array_agg((s).monetary ORDER BY customer)
      FROM (SELECT customer, portfolio.summarize(txn_date, amount::float8, '2021-03-31', 'month') AS s
              FROM orders GROUP BY customer) q$q$),
('portfolio.summarize(date,double precision,date)',
 $q$SELECT string_agg(exact_fields(s), ';' ORDER BY customer),
           array_agg((s).total_amount ORDER BY customer) || array_agg((s).avg_amount ORDER BY customer)
      FROM (SELECT customer, portfolio.summarize(txn_date, amount::float8, '2021-03-31') AS s
              FROM orders GROUP BY customer) q$q$),
('portfolio.summarize(date,numeric,date,portfolio.period_unit)',
 $q$SELECT string_agg(s::text, ';' ORDER BY customer), NULL::float8[]
      FROM (SELECT customer, portfolio.summarize(txn_date, amount, '2021-03-31', 'month'::portfolio.period_unit) AS s
              FROM orders GROUP BY customer) q$q$),
('portfolio.summarize(date,double precision,date,portfolio.period_unit)',
 $q$SELECT string_agg(exact_fields(s), ';' ORDER BY customer),
           array_agg((s).total_amount ORDER BY customer) || array_agg((s).monetary ORDER BY customer)
      FROM (SELECT customer, portfolio.summarize(txn_date, amount::float8, '2021-03-31', 'quarter'::portfolio.period_unit) AS s
              FROM orders GROUP BY customer) q$q$),
('portfolio.activity(date,numeric,date,portfolio.period_unit)',
 $q$SELECT string_agg(a::text, ';' ORDER BY customer), NULL::float8[]
      FROM (SELECT customer, portfolio.activity(txn_date, amount, '2021-03-31', 'week'::portfolio.period_unit) AS a
              FROM orders GROUP BY customer) q$q$),
('portfolio.rfm_cuts(double precision,double precision,double precision,integer)',
 $q$SELECT portfolio.rfm_cuts((s).days_since_last, (s).transactions, (s).total_amount::float8, 4)::text, NULL::float8[]
      FROM summaries$q$),
('portfolio.rfm_cuts(double precision,double precision,double precision)',
 $q$SELECT portfolio.rfm_cuts((s).days_since_last, (s).transactions, (s).total_amount::float8)::text, NULL::float8[]
      FROM summaries$q$),
('portfolio.rfm_cuts(portfolio.summary,integer)',
 $q$SELECT portfolio.rfm_cuts(s, 3)::text, NULL::float8[] FROM summaries$q$),
('portfolio.rfm_cuts(portfolio.summary)',
 $q$SELECT portfolio.rfm_cuts(s)::text, NULL::float8[] FROM summaries$q$),
('portfolio.activity(date,numeric,date,text)',
 $q$SELECT string_agg(a::text, ';' ORDER BY customer), NULL::float8[]
      FROM (SELECT customer, portfolio.activity(txn_date, amount, '2021-03-31', 'quarter') AS a
              FROM orders GROUP BY customer) q$q$),
('portfolio.cohort_matrix(portfolio.activity)',
 $q$SELECT portfolio.cohort_matrix(a)::text, NULL::float8[] FROM activities$q$),
('portfolio.period_retention(portfolio.activity)',
 $q$SELECT portfolio.period_retention(a)::text, NULL::float8[] FROM activities$q$),
('portfolio.nps(integer)',
 $q$SELECT portfolio.nps(nps_score)::text, NULL::float8[] FROM surveys$q$),
('portfolio.csat(integer,integer)',
 $q$SELECT portfolio.csat(csat_score, 5)::text, NULL::float8[] FROM surveys$q$),
('portfolio.csat(integer)',
 $q$SELECT portfolio.csat(csat_score)::text, NULL::float8[] FROM surveys$q$),
('portfolio.repeat_purchase_rate(portfolio.summary)',
 $q$SELECT portfolio.repeat_purchase_rate(s)::text, NULL::float8[] FROM summaries$q$),
('portfolio.bgnbd_fit(double precision,double precision,double precision)',
 $q$SELECT portfolio.bgnbd_fit(x, t_x, age)::text, NULL::float8[] FROM accounts$q$),
('portfolio.bgnbd_fit(double precision,double precision,double precision,double precision)',
 $q$SELECT portfolio.bgnbd_fit(x, t_x, age, 0.01)::text, NULL::float8[] FROM accounts$q$),
('portfolio.bgnbd_fit(portfolio.summary)',
 $q$SELECT portfolio.bgnbd_fit(s)::text, NULL::float8[] FROM summaries$q$),
('portfolio.sbg_fit(integer,boolean)',
 $q$SELECT portfolio.sbg_fit(t, churned)::text, NULL::float8[] FROM renewals$q$),
('portfolio.sbg_fit(integer,boolean,double precision)',
 $q$SELECT portfolio.sbg_fit(t, churned, weight)::text, NULL::float8[] FROM renewals$q$),
('portfolio.mbgnbd_fit(double precision,double precision,double precision)',
 $q$SELECT portfolio.mbgnbd_fit(x, t_x, age)::text, NULL::float8[] FROM accounts$q$),
('portfolio.mbgnbd_fit(portfolio.summary)',
 $q$SELECT portfolio.mbgnbd_fit(s)::text, NULL::float8[] FROM summaries$q$),
('portfolio.bgbb_fit(double precision,double precision,double precision)',
 $q$SELECT portfolio.bgbb_fit(x, t_x, n)::text, NULL::float8[] FROM donors$q$),
('portfolio.bgbb_fit(double precision,double precision,double precision,double precision)',
 $q$SELECT portfolio.bgbb_fit(x, t_x, n, weight)::text, NULL::float8[] FROM donors$q$),
('portfolio.pareto_nbd_fit(double precision,double precision,double precision)',
 $q$SELECT portfolio.pareto_nbd_fit(x, t_x, age)::text, NULL::float8[] FROM accounts$q$),
('portfolio.pareto_nbd_fit(portfolio.summary)',
 $q$SELECT portfolio.pareto_nbd_fit(s)::text, NULL::float8[] FROM summaries$q$),
('portfolio.gg_fit(double precision,double precision)',
 $q$SELECT portfolio.gg_fit(x, monetary)::text, NULL::float8[] FROM accounts WHERE monetary > 0 OR x = 0$q$),
('portfolio.gini(double precision)',
 $q$SELECT portfolio.gini(revenue)::text, NULL::float8[] FROM accounts$q$),
('portfolio.top_share(double precision,double precision)',
 $q$SELECT portfolio.top_share(revenue, 0.2)::text, NULL::float8[] FROM accounts$q$),
('portfolio.lorenz(double precision,integer)',
 $q$SELECT portfolio.lorenz(revenue, 10)::text, NULL::float8[] FROM accounts$q$),
('portfolio.hhi(double precision)',
 $q$SELECT NULL::text, ARRAY[portfolio.hhi(revenue)] FROM accounts$q$),
('portfolio.abc_cuts(double precision,double precision,double precision)',
 $q$SELECT portfolio.abc_cuts(revenue, 0.7, 0.9)::text, NULL::float8[] FROM accounts$q$),
('portfolio.abc_cuts(double precision)',
 $q$SELECT portfolio.abc_cuts(revenue)::text, NULL::float8[] FROM accounts$q$),
('portfolio.scaler_fit(double precision[])',
 $q$SELECT (f).n::text, (f).min || (f).max || (f).mean || (f).sd
      FROM (SELECT portfolio.scaler_fit(features) AS f FROM accounts) q$q$),
('portfolio.kmeans_fit(double precision[],integer,bigint)',
 $q$SELECT portfolio.kmeans_fit(scaled, 4, 7)::text, NULL::float8[] FROM accounts$q$),
('portfolio.affinity(text[])',
 $q$SELECT portfolio.affinity(items)::text, NULL::float8[] FROM baskets$q$);

-- Equal: the exact parts the same text, the floats within 1e-12 relative.
CREATE FUNCTION pg_temp.same(e1 text, f1 float8[], e2 text, f2 float8[]) RETURNS boolean LANGUAGE sql AS $$
    SELECT e1 IS NOT DISTINCT FROM e2
       AND coalesce(array_length(f1, 1), 0) = coalesce(array_length(f2, 1), 0)
       AND NOT EXISTS (SELECT FROM unnest(f1, f2) u(a, b)
                        WHERE (a IS NULL) <> (b IS NULL) OR abs(a - b) > 1e-12 * greatest(abs(a), abs(b)))
$$;

CREATE TABLE parallel_outcome (aggregate text, partial_aggregate boolean, same boolean, non_null boolean);
DO $$
DECLARE
    c record;
    e_serial text;
    f_serial float8[];
    e_parallel text;
    f_parallel float8[];
    partial boolean;
BEGIN
    FOR c IN SELECT * FROM parallel_case ORDER BY aggregate LOOP
        PERFORM pg_temp.force_serial();
        EXECUTE c.query INTO e_serial, f_serial;
        PERFORM pg_temp.force_parallel();
        partial := pg_temp.plan_has(c.query, '"Partial Mode": "Partial"');
        EXECUTE c.query INTO e_parallel, f_parallel;
        INSERT INTO parallel_outcome
        VALUES (c.aggregate, partial, pg_temp.same(e_serial, f_serial, e_parallel, f_parallel),
                e_serial IS NOT NULL OR f_serial IS NOT NULL);
    END LOOP;
END $$;
RESET ALL;
SET search_path = parallel_every, public;

SELECT aggregate, partial_aggregate, same, non_null FROM parallel_outcome ORDER BY aggregate;

-- Coverage: every aggregate of the extension has a case, and every case an aggregate.
SELECT p.oid::regprocedure::text AS aggregate_without_case
  FROM pg_aggregate a
  JOIN pg_proc p ON p.oid = a.aggfnoid
  JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
  JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'portfolio'
EXCEPT SELECT aggregate FROM parallel_case;
SELECT aggregate AS case_without_aggregate FROM parallel_case
EXCEPT SELECT p.oid::regprocedure::text
  FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid;

DROP SCHEMA parallel_every CASCADE;
