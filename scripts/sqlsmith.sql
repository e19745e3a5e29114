-- The database that scripts/sqlsmith.sh points sqlsmith at: portfolio, and
-- sample tables in schema fuzz whose columns have the types that portfolio's
-- functions and aggregates take, so that sqlsmith (which builds expressions
-- from columns and from function results) can reach them. A few hundred rows
-- from a fixed seed, with NULLs and odd values mixed in.
--
-- It also creates the role fuzzer (no superuser, SELECT only on fuzz: the
-- modifying statements sqlsmith generates fail and the sample data stays as
-- it is) and, in schema fuzz_catalog, a view pg_proc that shadows the real
-- one for sqlsmith's catalog queries when fuzzer's search_path puts it first:
-- portfolio's functions and a few dozen basic ones, so that most generated
-- calls are ours. The view is empty outside sqlsmith's schema-loading session.
-- The server needs shared_preload_libraries = pg_stat_statements.
\set ON_ERROR_STOP on
SET client_min_messages = warning;

CREATE EXTENSION IF NOT EXISTS portfolio;
CREATE SCHEMA fuzz;
SELECT setseed(0.7071);

-- ---------------------------------------------------------------------------
-- orders: one row per transaction
-- ---------------------------------------------------------------------------
CREATE TABLE fuzz.orders AS
SELECT g AS id,
       1 + (g * 7919) % 60 AS customer,
       date '2020-01-01' + (random() * 720)::int AS txn_date,
       round((random() * 400)::numeric, 2) AS amount,
       random() * 400 AS amount_f,
       date '2021-06-30' AS as_of,
       (ARRAY['day', 'week', 'month', 'quarter', 'en', 'minmax', 'Week', ' month', 'year', ''])[1 + g % 10] AS unit,
       (ARRAY['day', 'week', 'month', 'quarter'])[1 + g % 4]::portfolio.period_unit AS unit_e,
       (g % 11) AS score,
       2 + g % 5 AS bins,
       (g * 31)::bigint AS seed
  FROM generate_series(1, 400) g;

-- Odd rows: NULL in every column in turn, NaN and infinite amounts, dates at
-- the ends of the range, an as_of before the purchase, unknown units, zero
-- and negative amounts, huge and tiny numbers.
INSERT INTO fuzz.orders VALUES
    (401, NULL, '2020-02-01', 10, 10, '2021-06-30', 'day', 'day', 5, 5, 1),
    (402, 1, NULL, 10, 10, '2021-06-30', 'week', 'week', NULL, 5, 1),
    (403, 2, '2020-02-01', NULL, NULL, '2021-06-30', 'month', 'month', 10, NULL, NULL),
    (404, 3, '2020-02-01', 10, 10, NULL, NULL, NULL, -1, 1, -1),
    (405, 4, '2020-02-01', 'NaN', 'NaN', '2021-06-30', 'day', 'day', 11, 0, 0),
    (406, 5, '2020-02-01', 0, 'Infinity', '2021-06-30', 'day', 'day', 0, -3, 9223372036854775807),
    (407, 6, '2020-02-01', -25.5, '-Infinity', '2021-06-30', 'quarter', 'quarter', 100, 1000000, -9223372036854775808),
    (408, 7, 'infinity', 1e100, 1e300, '2021-06-30', 'Month', 'month', 7, 2147483647, 42),
    (409, 8, '-infinity', 1e-100, 5e-324, 'infinity', 'year', 'week', 3, -2147483648, 42),
    (410, 9, '4713-01-01 BC', 12.34, -0.0, '2021-06-30', '', 'day', 2, 3, 42),
    (411, 10, '5874897-12-31', 1, 1.7976931348623157e308, '2021-06-30', ' week', 'week', 4, 100, 42),
    (412, 11, '2022-01-01', 5, 5, '2020-01-01', 'month', 'month', 9, 5, 42),
    (413, 12, '2020-02-29', 99999999999999999999999999999999999999, 1e-300, '2020-02-29', 'quarter', 'quarter', 8, 2, 42),
    (414, 13, '2020-12-31', -0.000001, -1e-300, '-infinity', 'day', 'day', 6, 4, 42);

-- ---------------------------------------------------------------------------
-- customers: one row per customer, with its summary and derived values
-- ---------------------------------------------------------------------------
CREATE TABLE fuzz.customers AS
SELECT customer,
       s,
       (s).frequency::float8 AS frequency,
       (s).recency AS recency,
       (s).age AS age,
       (s).monetary::float8 AS monetary,
       (s).days_since_last::float8 AS days_since_last,
       (s).total_amount AS total_amount,
       ARRAY[(s).frequency, (s).recency, (s).monetary::float8] AS features,
       ARRAY[random(), random(), random()] AS weights,
       random() AS p_alive,
       random() AS attractiveness,
       random() AS strength,
       (ARRAY['en', 'es', 'fr', NULL, 'day', 'week'])[1 + customer % 6] AS lang,
       (ARRAY['minmax', 'zscore', 'MinMax', NULL, 'month', 'quarter'])[1 + customer % 6] AS method,
       portfolio.lifecycle_stage(s) AS stage,
       portfolio.alert_level(s) AS light,
       portfolio.kam_strategy(random(), random()) AS strategy,
       portfolio.profit_quadrant(random(), random(), 0.5, 0.5) AS quadrant,
       ((customer * 13) % 11)::int AS nps_score
  FROM (SELECT customer, portfolio.summarize(txn_date, amount, date '2021-06-30', 'week') AS s
          FROM fuzz.orders
         WHERE customer IS NOT NULL AND txn_date BETWEEN '2020-01-01' AND '2021-12-31'
               AND amount IS NOT NULL AND amount <> 'NaN' AND amount < 1e20
         GROUP BY customer) c;

-- Summaries no aggregate produces: NULL fields, negative counts, NaN,
-- infinities, an unknown unit, frequency above transactions.
INSERT INTO fuzz.customers (customer, s, frequency, recency, age, monetary, days_since_last,
                            features, weights, p_alive, attractiveness, strength, lang, method, nps_score)
SELECT 100 + i, s, f, r, a, m, d, feat, w, p, p, 1 - p, l, meth, sc
  FROM (VALUES
    (1, NULL::portfolio.summary, NULL::float8, NULL::float8, NULL::float8, NULL::float8, NULL::float8,
        NULL::float8[], NULL::float8[], NULL::float8, NULL::text, NULL::text, NULL::int),
    (2, ROW(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::portfolio.summary,
        0, 0, 0, 0, 0, '{}', '{}', 0, '', '', 0),
    (3, ROW('2020-01-01', '2020-12-31', -5, -1, -3, -2.5, 'NaN', 10, -100, 'NaN', 0, 'Infinity', -1, 0, 0, 'day')::portfolio.summary,
        -3, -2.5, 'NaN', 'NaN', -1, '{NaN,1,2}', '{1,NaN,1}', 'NaN', 'es', 'zscore', -1),
    (4, ROW('2020-12-31', '2020-01-01', 1, 1, 5, 'Infinity', '-Infinity', 0, 1e30, 1e30, 1e30, 1e300, 1e300, 2147483647, 2147483647, 'fortnight')::portfolio.summary,
        5, 'Infinity', '-Infinity', 1e30, 2147483647, '{Infinity,-Infinity,0}', '{0,0,0}', 'Infinity', 'en', 'minmax', 10),
    (5, ROW('infinity', '-infinity', 9223372036854775807, 2147483647, 2147483647, 1e-320, 1e-320, -2147483648, 'NaN', 0, -0.0, -0.0, 0, 0, 0, '')::portfolio.summary,
        2147483647, 1e-320, 1e-320, 0, -2147483648, '{1e308,1e308,1e308}', '{-1,2,-1}', -0.0, 'fr', 'MinMax', 11),
    (6, ROW('2020-01-01', '2020-01-01', 1, 1, 0, 0, 0, 0, 5, 5, 0, NULL, NULL, NULL, NULL, 'week')::portfolio.summary,
        0, 0, 0, 0, 0, '{1}', '{1}', 1, 'en', 'zscore', 5),
    (7, ROW('2020-01-01', '2021-06-01', 30, 12, 11, 70, 80, 29, 3000.5, 100, 101, 2.5, 1.5, 5, 3, 'month')::portfolio.summary,
        11, 70, 80, 101, 29, '{{1,2},{3,4}}', '{{1,2},{3,4}}', 0.5, 'es', 'minmax', 9),
    (8, ROW('2020-01-01', '2021-06-01', 3, 3, 2, 1e-300, 1e300, 29, 1e-30, 1e-30, 1e-30, 1e-300, 0, 1, 1, 'quarter')::portfolio.summary,
        2, 1e-300, 1e300, 1e-30, 29, '{1,NULL,3}', '{NULL,1,1}', 2, 'es', 'zscore', 3),
    (9, ROW('2020-01-01', '2021-06-01', 3, 3, 2, 10, 60, 29, 30, 10, 10, 30, 0, 30, 30, 'week')::portfolio.summary,
        2, 10, 60, 10, 29, '[0:2]={1,2,3}', '[2:4]={1,1,1}', 0.25, 'en', 'minmax', 7)
  ) v(i, s, f, r, a, m, d, feat, w, p, l, meth, sc);

-- ---------------------------------------------------------------------------
-- models: fitted and hand-written model parameters, good and bad
-- ---------------------------------------------------------------------------
CREATE TABLE fuzz.models (
    id             int,
    bg             portfolio.bgnbd,
    gg             portfolio.gamma_gamma,
    km             portfolio.kmeans,
    sc             portfolio.scaler,
    cuts           portfolio.rfm_cuts,
    abc            portfolio.abc_cuts,
    t              float8,
    periods        int,
    period_length  float8,
    discount_rate  float8,
    customers      int,
    k              int,
    fraction       float8
);
INSERT INTO fuzz.models (id, bg, gg, km, sc, cuts, abc, t, periods, period_length, discount_rate, customers, k, fraction)
SELECT 1,
       (SELECT portfolio.bgnbd_fit(s) FROM fuzz.customers WHERE customer < 100),
       (SELECT portfolio.gg_fit(frequency, monetary) FROM fuzz.customers WHERE customer < 100 AND frequency > 0),
       (SELECT portfolio.kmeans_fit(features, 3, 42) FROM fuzz.customers WHERE customer < 100),
       (SELECT portfolio.scaler_fit(features) FROM fuzz.customers WHERE customer < 100),
       (SELECT portfolio.rfm_cuts(s) FROM fuzz.customers WHERE customer < 100),
       (SELECT portfolio.abc_cuts(total_amount::float8) FROM fuzz.customers WHERE customer < 100),
       52, 12, 4.345, 0.01, 10, 3, 0.2;
INSERT INTO fuzz.models (id, bg, gg, km, sc, cuts, abc, t, periods, period_length, discount_rate, customers, k, fraction)
VALUES
    (2, portfolio.bgnbd(0.243, 4.414, 0.793, 2.426), portfolio.gamma_gamma(6.25, 3.74, 15.45),
        ROW('{{0,0},{10,10}}', '{5,5}', 1, 1, true)::portfolio.kmeans,
        ROW(2, '{0,0}', '{1,1}', '{0.5,0.5}', '{0.5,0.5}')::portfolio.scaler,
        'bins=5; r=1,3,5,10; f=102,116,143,201; m=10020.65,11658.01,14067.61,19539.96',
        'a_share=0.8; b_share=0.95; a=120.5; b=40', 39, 1, 1, 0, 1, 1, 0.5),
    (3, ROW('NaN', -1, 0, 'Infinity', NULL, NULL, NULL, 'fortnight', '{{NaN}}')::portfolio.bgnbd,
        ROW(-1, 0, 'NaN', NULL, NULL, NULL, '{}')::portfolio.gamma_gamma,
        ROW('{{1,2,3}}', '{1,2}', 'NaN', -1, NULL)::portfolio.kmeans,
        ROW(-1, '{1}', '{0,1}', '{NaN}', '{-1}')::portfolio.scaler,
        'bins=4; r=3e-300,0.1,2; f=1,1,1; m=-5,0,1.7976931348623157e308',
        'a_share=0.8; b_share=0.95; a=1e300; b=1e-300', 'NaN', -1, 'Infinity', -0.5, -1, 0, 'NaN'),
    (4, ROW(1e300, 1e-300, 1e300, 1e-300, 0, 0, false, 'day', NULL)::portfolio.bgnbd,
        ROW(1e300, 1e-300, 1e300, 0, 0, false, NULL)::portfolio.gamma_gamma,
        ROW(NULL, NULL, NULL, NULL, NULL)::portfolio.kmeans,
        ROW(0, NULL, NULL, NULL, NULL)::portfolio.scaler,
        'bins=2; r=0; f=0; m=0', 'a_share=0.8; b_share=0.95; a=3; b=1', 1e300, 2147483647, 1e-300, 1e300, 2147483647, 2147483647, 1),
    (5, NULL, NULL, ROW('{{NaN,1}}', '{1}', 0, 0, true)::portfolio.kmeans,
        ROW(3, '{1,NULL}', '{NULL,2}', '{1,2}', '{0,0}')::portfolio.scaler,
        NULL, NULL, -1e300, -2147483648, 0, 'Infinity', 0, -1, -0.0),
    (6, ROW(1, 1, 1, 1, NULL, NULL, NULL, NULL, NULL)::portfolio.bgnbd, ROW(1, 1, 1, NULL, NULL, NULL, NULL)::portfolio.gamma_gamma,
        ROW('{}', '{}', 0, 0, false)::portfolio.kmeans, ROW(1, '{}', '{}', '{}', '{}')::portfolio.scaler,
        'bins=2; r=1; f=2; m=3', 'a_share=0.5; b_share=0.6; a=0; b=0', 0, 0, 0, 0, 0, 100001, 1e-300);

-- sBG contract customers and models: fitted, published, extreme and broken.
CREATE TABLE fuzz.renewals (
    id             int,
    m              portfolio.sbg,
    t              int,
    churned        boolean,
    customers      float8,
    discount_rate  float8
);
INSERT INTO fuzz.renewals
SELECT 1, (SELECT portfolio.sbg_fit(t, churned) FROM portfolio.sbg_simulate(portfolio.sbg(0.7, 1.2), 500, 12, 1)),
       7, false, 241, 0.1
UNION ALL VALUES
    (2, portfolio.sbg(0.668, 3.806), 1, true, 131, 0.1),
    (3, ROW('NaN', -1, NULL, NULL, NULL, '{{NaN}}')::portfolio.sbg, -1, true, 'NaN', 'NaN'),
    (4, ROW(1e300, 1e-300, 0, 0, false, NULL)::portfolio.sbg, 2147483647, false, 9007199254740992, 1e-6),
    (5, NULL, 0, true, -1, 0),
    (6, ROW(1, 1, NULL, NULL, NULL, NULL)::portfolio.sbg, 0, false, 0.5, 'Infinity');

-- BG/BB donors and models: fitted, published, extreme and broken.
CREATE TABLE fuzz.donors (
    id             int,
    m              portfolio.bgbb,
    frequency      float8,
    recency        float8,
    n              float8,
    weight         float8,
    discount_rate  float8
);
INSERT INTO fuzz.donors
SELECT 1, (SELECT portfolio.bgbb_fit(frequency, recency, n)
             FROM portfolio.bgbb_simulate(portfolio.bgbb(1.2, 0.75, 0.66, 2.8), 500, 6, 1)),
       4, 5, 6, 284, 0.1
UNION ALL VALUES
    (2, portfolio.bgbb(1.204, 0.750, 0.657, 2.783), 0, 0, 6, 3464, 0.1),
    (3, ROW('NaN', -1, 1, 1, NULL, NULL, NULL, '{{NaN}}')::portfolio.bgbb, -1, 2, 1, 'NaN', 'NaN'),
    (4, ROW(1e300, 1e-300, 1e300, 1e-300, 0, 0, false, NULL)::portfolio.bgbb, 500000, 1000000, 1000000, 9007199254740992, 1e-6),
    (5, NULL, 0.5, 7, 6, -1, 0),
    (6, ROW(1, 1, 1, 1, NULL, NULL, NULL, NULL)::portfolio.bgbb, 6, 6, 6, 0.5, 'Infinity');

-- Pareto/NBD models and histories: fitted, published, extreme and broken.
CREATE TABLE fuzz.pareto (
    id         int,
    m          portfolio.pareto_nbd,
    frequency  float8,
    recency    float8,
    age        float8,
    t          float8,
    n          int,
    delta      float8
);
INSERT INTO fuzz.pareto
SELECT 1, (SELECT portfolio.pareto_nbd_fit(s) FROM fuzz.customers WHERE customer < 100), 2, 30.43, 38.86, 52, 3, 0.0027
UNION ALL VALUES
    (2, portfolio.pareto_nbd(0.553, 10.58, 0.606, 11.67), 26, 30.86, 31, 52, 0, 0.05),
    (3, ROW('NaN', -1, 0, 'Infinity', NULL, NULL, NULL, 'fortnight', '{{NaN}}')::portfolio.pareto_nbd, 'NaN', -1, 'Infinity', -1, -1, 0),
    (4, ROW(1e300, 1e-300, 1e300, 1e-300, 0, 0, false, 'day', NULL)::portfolio.pareto_nbd, 1e15, 1, 1e300, 1e300, 2147483647, 1e-300),
    (5, NULL, 0, 0, 0, 0, 0, NULL),
    (6, ROW(1, 1, 1, 1, NULL, NULL, NULL, NULL, NULL)::portfolio.pareto_nbd, 400, 30, 31, 0, 100, 1e300);

-- ---------------------------------------------------------------------------
-- states: aggregate states and their text forms, good and bad
-- ---------------------------------------------------------------------------
CREATE TABLE fuzz.states (
    id       int,
    rcs      portfolio.rfm_cuts_state,
    act      portfolio.activity,
    cm       portfolio.cohort_matrix,
    pr       portfolio.period_retention,
    fh       portfolio.fit_histogram,
    cs       portfolio.concentration_state,
    ks       portfolio.kmeans_state,
    bk       portfolio.baskets,
    items    text[],
    counts   bigint[],
    acc      float8[],
    txt      text,
    regc     regclass,
    col      name
);
INSERT INTO fuzz.states (id, act)
SELECT customer, portfolio.activity(txn_date, amount, date '2021-06-30', 'month')
  FROM fuzz.orders
 WHERE customer IS NOT NULL AND txn_date BETWEEN '2020-01-01' AND '2021-12-31'
       AND amount IS NOT NULL AND amount <> 'NaN' AND amount < 1e20
 GROUP BY customer;
UPDATE fuzz.states SET
    cm = (SELECT portfolio.cohort_matrix(act) FROM fuzz.states s2 WHERE s2.id <= states.id),
    pr = (SELECT portfolio.period_retention(act) FROM fuzz.states s2 WHERE s2.id % 3 = states.id % 3),
    counts = ARRAY[id, id * 2, id % 7]::bigint[],
    acc = ARRAY[id, id * 1.5, random()],
    regc = (ARRAY['fuzz.orders', 'fuzz.customers', 'pg_class', NULL])[1 + id % 4]::regclass,
    col = (ARRAY['customer', 'txn_date', 'amount', 'no_such', NULL, 'Customer'])[1 + id % 6];
-- A basket per row (a few NULL, empty, repeated and NULL items), and the
-- baskets of the rows up to it.
UPDATE fuzz.states SET
    items = CASE id % 5 WHEN 0 THEN ARRAY['p' || id % 5, 'p' || id % 7, NULL] WHEN 1 THEN '{}'
                        WHEN 2 THEN NULL WHEN 3 THEN ARRAY['x', 'x', ''] ELSE ARRAY['é"\', 'p' || id % 3] END;
UPDATE fuzz.states SET bk = (SELECT portfolio.affinity(items) FROM fuzz.states s2 WHERE s2.id <= states.id);
-- Internal states only exist through their text form: valid ones from the
-- regression tests plus some written for this.
INSERT INTO fuzz.states (id, rcs, act, cm, pr, fh, cs, ks, counts, acc, txt) VALUES
    (101, 'bins=2; 1,2,3; 0.1,0.2,0.30000000000000004', '  week as of 2020-04-30 , scale 0 : 2020-01-06 3 ',
         'day as of 2020-01-01, scale 0:', 'day as of 2020-01-01, scale 0:',
         'model=bgnbd; penalizer=0; 0 0 10 3; 2 4.5 10 1; 1 9.75 10 2', 'args=0.8,0.95; values=120.5,3,0',
         'k=2; seed=5; dims=2; 0.1,-0; 5e-324,1.7976931348623157e308; 0.30000000000000004,1e22',
         '{}', '{}', 'bins=2; 1,2,3'),
    (102, 'bins=3; 1,2,3', 'month as of 2020-04-30, scale 0: 2020-04-01 99999999999999999999999999999999999999',
         NULL, NULL, 'model=gamma_gamma; 2 22.35 1; 1 0.1 4', 'args=; values=1,2',
         'k=2; seed=1; dims=0', '{0,0,0}', '{0}', 'k=2; seed=1; dims=2; 1,2'),
    (103, NULL, NULL, NULL, NULL, 'model=bgnbd; unit=week; penalizer=0.5;0 0 1e-300 2',
         'args=; values=', ' k=3 ;seed= -7;dims=1;-0; 1e-320 ;2.5 ', '{-1,-2,-3}', '{NaN,Infinity}',
         'args=0.5; values=1,2'),
    (104, NULL, NULL, NULL, NULL, 'model=bgnbd; penalizer=0', 'args=0.5; values=1,2', 'k=2; seed=42; dims=2; 1,2; 3,4.5',
         '{9223372036854775807,9223372036854775807,1}', '{1e308,1e308,-1e308}', 'model=gamma_gamma; 1 1 1'),
    (105, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '[0:2]={1,2,3}', '{{1,2},{3,4}}', 'bins=5; r=1; f=1; m=1'),
    (113, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '[5:7]={4,5,6}', '[5:7]={1,2,3}', 'k=2; seed=1; dims=1; 1; 2; 3'),
    (106, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '{1,NULL}', '{1,NULL}', 'day as of 2020-01-01, scale 0: 2020-01-01 1'),
    (107, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'a_share=0.8; b_share=0.95; a=3; b=1'),
    (108, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, ''),
    (109, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'not a state at all'),
    (110, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'bins=99999999999999999999; r=1'),
    (111, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'week as of infinity, scale 0: 2020-01-06 3'),
    (112, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'k=100000; seed=1; dims=3; 1,2,3'),
    (114, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '"b","a"; "a"'),
    (115, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '"a","b"; "a"; "b\\"');
UPDATE fuzz.states SET bk = '"a","b"; "a","b"; "a"; ""' WHERE id = 101;
UPDATE fuzz.states SET bk = '', items = ARRAY['a', NULL, 'a'] WHERE id = 102;

-- sqlsmith rarely aggregates a whole table, so odd rows in a big table are
-- rarely seen: these small tables are mostly odd rows.
CREATE TABLE fuzz.orders_odd AS SELECT * FROM fuzz.orders WHERE id > 400 OR id % 40 = 0;
CREATE TABLE fuzz.customers_odd AS SELECT * FROM fuzz.customers WHERE customer > 100 OR customer % 10 = 0;

ANALYZE fuzz.orders, fuzz.customers, fuzz.models, fuzz.renewals, fuzz.donors, fuzz.pareto, fuzz.states, fuzz.orders_odd, fuzz.customers_odd;

-- sqlsmith calls no set-returning function: these wrappers, named like the
-- functions they call, let it pass random arguments to portfolio's.
CREATE FUNCTION fuzz.bgnbd_simulate(m portfolio.bgnbd, customers int, age float8, seed bigint)
RETURNS bigint LANGUAGE sql
RETURN (SELECT count(*) FROM portfolio.bgnbd_simulate(m, customers, age, seed));
CREATE FUNCTION fuzz.pareto_nbd_simulate(m portfolio.pareto_nbd, customers int, age float8, seed bigint)
RETURNS bigint LANGUAGE sql
RETURN (SELECT count(*) FROM portfolio.pareto_nbd_simulate(m, customers, age, seed));
CREATE FUNCTION fuzz.sbg_simulate(m portfolio.sbg, customers int, periods int, seed bigint)
RETURNS bigint LANGUAGE sql
RETURN (SELECT count(*) FROM portfolio.sbg_simulate(m, customers, periods, seed));
CREATE FUNCTION fuzz.bgbb_simulate(m portfolio.bgbb, customers int, n int, seed bigint)
RETURNS bigint LANGUAGE sql
RETURN (SELECT count(*) FROM portfolio.bgbb_simulate(m, customers, n, seed));
CREATE FUNCTION fuzz.cohort_retention(m portfolio.cohort_matrix)
RETURNS bigint LANGUAGE sql
RETURN (SELECT count(*) FROM portfolio.cohort_retention(m));
CREATE FUNCTION fuzz.retention_by_period(r portfolio.period_retention)
RETURNS bigint LANGUAGE sql
RETURN (SELECT count(*) FROM portfolio.retention_by_period(r));
CREATE FUNCTION fuzz.rules(b portfolio.baskets, min_support float8, min_confidence float8, max_items int)
RETURNS bigint LANGUAGE sql
RETURN (SELECT count(*) FROM portfolio.rules(b, min_support, min_confidence, max_items));
CREATE FUNCTION fuzz.association_rules(rel regclass, basket_col name, item_col name, min_support float8,
                                       min_confidence float8, max_items int)
RETURNS bigint LANGUAGE sql
RETURN (SELECT count(*) FROM portfolio.association_rules(rel, basket_col, item_col, min_support, min_confidence,
                                                         max_items));
CREATE FUNCTION fuzz.cohort_retention(rel regclass, customer_col name, date_col name,
                                      amount_col name, unit text, as_of date)
RETURNS bigint LANGUAGE sql
RETURN (SELECT count(*) FROM portfolio.cohort_retention(rel, customer_col, date_col, amount_col, unit, as_of));
CREATE FUNCTION fuzz.retention_by_period(rel regclass, customer_col name, date_col name,
                                         amount_col name, unit text, as_of date)
RETURNS bigint LANGUAGE sql
RETURN (SELECT count(*) FROM portfolio.retention_by_period(rel, customer_col, date_col, amount_col, unit, as_of));

-- ---------------------------------------------------------------------------
-- the fuzzer role and its view of pg_proc
-- ---------------------------------------------------------------------------
DO $$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'fuzzer') THEN
        CREATE ROLE fuzzer LOGIN;
    END IF;
END $$;
GRANT USAGE ON SCHEMA fuzz, portfolio TO fuzzer;
GRANT SELECT ON ALL TABLES IN SCHEMA fuzz TO fuzzer;

CREATE SCHEMA fuzz_catalog;
GRANT USAGE ON SCHEMA fuzz_catalog TO fuzzer;
-- sqlsmith reads these columns of pg_proc; it names every function by schema
-- and name, so the search_path only changes what its catalog queries see.
CREATE VIEW fuzz_catalog.pg_proc AS
SELECT p.oid, p.proname, p.pronamespace, p.prorettype, p.proretset, p.prokind, p.proargtypes
  FROM pg_catalog.pg_proc p
 WHERE pg_catalog.current_setting('application_name') LIKE '%::schema'
   AND ((p.pronamespace IN ('portfolio'::regnamespace, 'portfolio_internal'::regnamespace, 'fuzz'::regnamespace)
             AND p.pronargs > 0)
        OR (p.pronamespace = 'pg_catalog'::regnamespace AND p.proname IN (
            -- values of our argument types from other values
            'float8', 'int4', 'int8', 'numeric', 'text', 'date', 'abs', 'round', 'trunc',
            'sqrt', 'ln', 'exp', 'power', 'sign', 'random', 'float8pl', 'float8mul',
            'float8div', 'int4pl', 'int4mi', 'date_pli', 'date_mii', 'make_date', 'upper',
            'lower', 'concat', 'repeat', 'substr', 'replace', 'btrim', 'textcat',
            'array_append', 'array_prepend', 'array_cat', 'array_fill', 'array_length',
            'array_ndims', 'array_remove', 'array_replace', 'trim_array', 'width_bucket',
            -- text <-> cstring, to feed our types' input functions
            'textin', 'textout',
            -- aggregates that make arrays and numbers from columns
            'array_agg', 'sum', 'min', 'max', 'avg', 'count', 'stddev', 'string_agg')));
GRANT SELECT ON fuzz_catalog.pg_proc TO fuzzer;

-- Which statements ran without error, for the coverage report; out of
-- fuzzer's sight.
CREATE SCHEMA fuzz_stats;
CREATE EXTENSION pg_stat_statements SCHEMA fuzz_stats;
REVOKE ALL ON fuzz_stats.pg_stat_statements, fuzz_stats.pg_stat_statements_info FROM PUBLIC;
