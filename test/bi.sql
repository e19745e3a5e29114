-- customers() and model_fits() over CDNOW: customers() has one row per
-- customer as of 1998-06-30 and every column equals the direct calls
-- (summarize, rfm_cuts/rfm_score, lifecycle_stage, alert_level, bgnbd_fit and
-- gg_fit with bgnbd_p_alive, bgnbd_expected and clv), rounded as documented
-- in doc/bi-tools.md; its columns are plain (no composite, enum or array);
-- text columns filter with a varchar parameter, as pgJDBC binds setString;
-- the model columns are NULL on a table without repeat buyers; each bad
-- argument has its SQLSTATE and message, with one CONTEXT line, the
-- function's own; model_fits() equals the fits' fields and the square roots
-- of their covariance's diagonal, and model_parameters()' rows of the
-- stored fits.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS portfolio;
SET LOCAL search_path = public, portfolio;
SELECT plan(36);

\i data/cdnow/load_cdnow.sql
\set QUIET on
SET LOCAL client_min_messages = warning;
CREATE TEMP TABLE got AS
SELECT * FROM customers('cdnow_transactions', 'customer_id', 'txn_date', 'amount', '1998-06-30');
-- The direct calls, as doc/bi-tools.md spells them out.
CREATE TEMP TABLE direct_s AS
SELECT customer_id::text AS customer, summarize(txn_date, amount, '1998-06-30', 'day') AS s
  FROM cdnow_transactions GROUP BY customer_id;
CREATE TEMP TABLE direct_m AS
SELECT rfm_cuts(s, 5) AS cuts, bgnbd_fit(s) AS bg,
       gg_fit((s).frequency, (s).monetary) FILTER (WHERE (s).monetary > 0) AS gg
  FROM direct_s;
CREATE TEMP TABLE expected AS
SELECT d.customer, d.s, sc.r, sc.f, sc.m, sc.cell, sc.segment,
       lifecycle_stage(d.s) AS lifecycle, alert_level(d.s, p.p_alive) AS alert, p.*
  FROM direct_s d CROSS JOIN direct_m dm
 CROSS JOIN LATERAL rfm_score(dm.cuts, d.s) AS sc
 CROSS JOIN LATERAL (
       SELECT bgnbd_p_alive(dm.bg, (d.s).frequency, (d.s).recency, (d.s).age) AS p_alive,
              bgnbd_expected(dm.bg, 12 * 30.4375, (d.s).frequency, (d.s).recency, (d.s).age) AS expected_purchases,
              CASE WHEN (d.s).frequency = 0 OR (d.s).monetary > 0
                   THEN clv(dm.bg, dm.gg, (d.s).frequency, (d.s).recency, (d.s).age, (d.s).monetary,
                            12, 30.4375, 0.01) END AS clv) AS p;
CREATE TEMP TABLE joined AS
SELECT g AS got, e AS exp FROM got g FULL JOIN expected e ON e.customer = g.customer;
RESET client_min_messages;
\set QUIET off

SELECT is((SELECT count(*) FROM got), 23570::bigint, 'customers(): 23,570 customers as of 1998-06-30');
SELECT is((SELECT count(*) FROM joined WHERE got IS NULL OR exp IS NULL), 0::bigint,
          'customers(): the same customers as summarize grouped by customer_id');
SELECT is((SELECT count(*) FROM joined
            WHERE ((got).first_date, (got).last_date, (got).transactions, (got).periods, (got).frequency,
                   (got).recency, (got).age, (got).days_since_last, (got).total_amount, (got).max_gap,
                   (got).last_gap, (got).unit)
                  IS DISTINCT FROM
                  (((exp).s).first_date, ((exp).s).last_date, ((exp).s).transactions, ((exp).s).periods,
                   ((exp).s).frequency, ((exp).s).recency, ((exp).s).age, ((exp).s).days_since_last,
                   ((exp).s).total_amount, ((exp).s).max_gap, ((exp).s).last_gap, ((exp).s).unit)),
          0::bigint, 'customers(): the exact summary fields equal summarize''s');
SELECT is((SELECT count(*) FROM joined
            WHERE ((got).avg_amount, (got).monetary, (got).mean_gap, (got).gap_stddev)
                  IS DISTINCT FROM
                  (round(((exp).s).avg_amount, 2), round(((exp).s).monetary, 2),
                   round(((exp).s).mean_gap::numeric, 2)::float8, round(((exp).s).gap_stddev::numeric, 2)::float8)),
          0::bigint, 'customers(): avg_amount, monetary, mean_gap and gap_stddev are summarize''s rounded to 2 decimals');
SELECT is((SELECT count(*) FROM joined
            WHERE ((got).r, (got).f, (got).m, (got).cell, (got).segment)
                  IS DISTINCT FROM ((exp).r, (exp).f, (exp).m, (exp).cell, (exp).segment)),
          0::bigint, 'customers(): r, f, m, cell and segment equal rfm_score with rfm_cuts over the same summaries');
SELECT is((SELECT count(*) FROM joined
            WHERE ((got).lifecycle, (got).alert) IS DISTINCT FROM ((exp).lifecycle::text, (exp).alert::text)),
          0::bigint, 'customers(): lifecycle and alert equal lifecycle_stage and alert_level with P(alive)');
SELECT is((SELECT count(*) FROM joined
            WHERE ((got).lifecycle_rank, (got).alert_rank)
                  IS DISTINCT FROM ((SELECT enumsortorder::int FROM pg_enum
                                      WHERE enumtypid = 'lifecycle'::regtype AND enumlabel = (got).lifecycle),
                                    (SELECT enumsortorder::int FROM pg_enum
                                      WHERE enumtypid = 'alert'::regtype AND enumlabel = (got).alert))),
          0::bigint, 'customers(): lifecycle_rank and alert_rank are the enums'' declared order (1, 2, ...)');
SELECT is((SELECT array_agg(DISTINCT alert || '=' || alert_rank ORDER BY alert || '=' || alert_rank) FROM got),
          ARRAY['green=1', 'red=3', 'yellow=2'], 'customers(): alert ranks green 1, yellow 2, red 3');
SELECT is((SELECT count(*) FROM joined
            WHERE ((got).p_alive, (got).expected_purchases)
                  IS DISTINCT FROM ((exp).p_alive, (exp).expected_purchases)),
          0::bigint, 'customers(): p_alive and expected_purchases (12 months of 30.4375 days) equal bgnbd_p_alive and bgnbd_expected');
SELECT is((SELECT count(*) FROM joined WHERE (got).clv IS DISTINCT FROM round((exp).clv::numeric, 2)),
          0::bigint, 'customers(): clv equals clv() rounded to cents (NULL for a repeat buyer without positive spend)');
SELECT is((SELECT count(*) FROM got WHERE clv IS NULL), 1::bigint,
          'customers(): one customer (whose returns cancel its repeat purchases) has no clv');
SELECT is((SELECT count(*) FROM got WHERE p_alive IS NULL OR expected_purchases IS NULL OR r IS NULL
                                       OR segment IS NULL OR lifecycle IS NULL OR alert IS NULL),
          0::bigint, 'customers(): the scores and model columns are filled for every customer');

-- The defaults: as_of is the last transaction date, CLV is 12 months.
SELECT is((SELECT count(*) FROM (
              SELECT * FROM customers('cdnow_transactions', 'customer_id', 'txn_date', 'amount')
              EXCEPT SELECT * FROM got) d),
          0::bigint, 'customers(): a NULL as_of is the last transaction date (1998-06-30)');
SELECT is((SELECT count(*) FROM customers('cdnow_transactions', 'customer_id', 'txn_date', 'amount', '1998-06-30',
                                          unit => 'week') w JOIN got g USING (customer)
            WHERE w.expected_purchases IS DISTINCT FROM
                  bgnbd_expected((SELECT bgnbd_fit(s) FROM (SELECT summarize(txn_date, amount, '1998-06-30', 'week') AS s
                                                              FROM cdnow_transactions GROUP BY customer_id) x),
                                 12 * 30.4375 / 7, w.frequency, w.recency, w.age)),
          0::bigint, 'customers(): in weeks, the CLV period is 30.4375 / 7 weeks by default');

SELECT is((SELECT count(*) FROM customers('cdnow_transactions', 'customer_id', 'txn_date', 'amount', unit => 'Week') u
             FULL JOIN customers('cdnow_transactions', 'customer_id', 'txn_date', 'amount', unit => 'week') l USING (customer)
            WHERE u.expected_purchases IS DISTINCT FROM l.expected_purchases OR u.clv IS DISTINCT FROM l.clv),
          0::bigint, 'customers(): units are case-insensitive, the default CLV period too');

-- Plain columns only, and the summary's with the same names and types.
SELECT is_empty($$SELECT a.attname FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
                   WHERE a.attrelid = 'customer_profile'::regclass AND a.attnum > 0 AND t.typtype <> 'b'$$,
    'customers(): every column has a base type (no composite, enum, domain or range)');
SELECT is_empty($$SELECT a.attname FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
                   WHERE a.attrelid = 'customer_profile'::regclass AND a.attnum > 0 AND t.typcategory = 'A'$$,
    'customers(): no array column');
SELECT is((SELECT prorettype::regtype::text || ' ' || proretset::text FROM pg_proc
            WHERE oid = 'customers(regclass,name,name,name,date,text,integer,integer,double precision,double precision)'::regprocedure),
          'customer_profile true', 'customers() returns SETOF customer_profile, its only overload');
SELECT is((SELECT count(*) FROM pg_proc WHERE proname = 'customers' AND pronamespace = 'portfolio'::regnamespace),
          1::bigint, 'customers() has one overload');
SELECT set_eq($$SELECT attname::text, format_type(atttypid, atttypmod) FROM pg_attribute
                 WHERE attrelid = 'summary'::regclass AND attnum > 0$$,
              $$SELECT attname::text, format_type(atttypid, atttypmod) FROM pg_attribute
                 WHERE attrelid = 'customer_profile'::regclass AND attnum > 0
                   AND attname IN (SELECT attname FROM pg_attribute WHERE attrelid = 'summary'::regclass)$$,
    'customers(): every summary field, with its name and type');
SELECT is_empty($$SELECT t FROM pg_proc, unnest(proallargtypes) AS t JOIN pg_type ON pg_type.oid = t
                   WHERE pg_proc.oid = 'model_fits(regclass,name,name,name,date,text)'::regprocedure
                     AND typname NOT IN ('text', 'float8', 'int8', 'bool', 'regclass', 'name', 'date')$$,
    'model_fits(): plain argument and result types');

-- A varchar parameter, as pgJDBC's setString binds it, filters the text columns.
PREPARE by_alert(varchar) AS SELECT count(*) FROM got WHERE alert = $1;
PREPARE by_alert_call(varchar) AS
    SELECT count(*) FROM customers('cdnow_transactions', 'customer_id', 'txn_date', 'amount', '1998-06-30')
     WHERE alert = $1;
SELECT results_eq('EXECUTE by_alert_call(''red'')', 'EXECUTE by_alert(''red'')',
    'customers(): WHERE alert = $1 with a varchar parameter');
SELECT ok((SELECT count(*) FROM got WHERE alert = 'red') > 0, 'customers(): some customers are red');
PREPARE by_segment(varchar, varchar) AS SELECT count(*) FROM got WHERE segment = $1 AND lifecycle = $2;
SELECT results_eq('EXECUTE by_segment(''Champions'', ''active'')',
    $$SELECT count(*) FROM got WHERE segment = 'Champions' AND lifecycle = 'active'$$,
    'customers(): segment and lifecycle filter with varchar parameters too');

-- Without repeat buyers no model can be fitted: the model columns are NULL
-- (and a NOTICE says why: sql/bi_errors.sql shows it).
CREATE TEMP TABLE once (customer_id int, txn_date date, amount numeric);
INSERT INTO once VALUES (1, '2020-01-05', 10), (2, '2020-02-01', 20.5), (3, '2020-03-01', 7);
SET LOCAL client_min_messages = warning;
SELECT is((SELECT array[count(*), count(p_alive), count(expected_purchases), count(clv), count(segment)]
             FROM customers('once', 'customer_id', 'txn_date', 'amount')),
          array[3::bigint, 0, 0, 0, 3], 'customers(): no repeat buyers: model columns NULL, the rest filled');
RESET client_min_messages;

-- Errors name the argument, with a specific SQLSTATE.
SELECT throws_ok($$SELECT * FROM customers('cdnow_transactions', 'customer_id', 'txn_date', 'amount', unit => 'fortnight')$$,
    '22023', 'unknown period unit "fortnight"', 'customers(): bad unit');
SELECT throws_ok($$SELECT * FROM customers('cdnow_transactions', 'customer_id', 'txn_date', 'amount', bins => 0)$$,
    '22023', 'bins must be between 2 and 9', 'customers(): bins 0');
SELECT throws_ok($$SELECT * FROM customers('cdnow_transactions', 'customer_id', 'day', 'amount')$$,
    '42703', 'column "day" (date_col) does not exist in public.cdnow_transactions', 'customers(): missing column');
SELECT throws_ok($$SELECT * FROM customers(NULL, 'customer_id', 'txn_date', 'amount')$$,
    '22004', 'rel must not be null', 'customers(): NULL rel');
SELECT throws_ok($$SELECT * FROM customers('cdnow_transactions', 'customer_id', 'cds', 'amount')$$,
    '42804', 'column "cds" (date_col) of public.cdnow_transactions is of type integer, not a date',
    'customers(): a date_col that is not a date');
SELECT throws_ok($$SELECT * FROM customers('cdnow_transactions', 'customer_id', 'txn_date', 'amount', period_length => 0)$$,
    '22023', 'period_length must be a finite number greater than zero', 'customers(): period_length 0');
SELECT throws_ok($$SELECT * FROM customers('cdnow_transactions', 'customer_id', 'txn_date', 'amount', discount_rate => 'NaN')$$,
    '22023', 'discount_rate must be a finite number greater than -1', 'customers(): discount_rate NaN');
SELECT throws_ok($$SELECT * FROM model_fits('cdnow_transactions', 'customer_id', 'txn_date', 'amount', unit => 'year')$$,
    '22023', 'unknown period unit "year"', 'model_fits(): bad unit');
-- What the user sees: one CONTEXT line, customers()'s own, never the
-- statements inside it (the helper that checks the unit, the query text).
CREATE FUNCTION pg_temp.error_context(query text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    ctx text;
BEGIN
    EXECUTE query;
    RETURN NULL;
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS ctx = PG_EXCEPTION_CONTEXT;
    -- the last two lines are this function's: its query and its EXECUTE
    RETURN array_to_string((string_to_array(ctx, E'\n'))[1:cardinality(string_to_array(ctx, E'\n')) - 2], E'\n');
END
$$;
SELECT matches(pg_temp.error_context($$SELECT * FROM customers('cdnow_transactions', 'customer_id', 'txn_date', 'amount', unit => 'fortnight')$$),
    '^PL/pgSQL function portfolio\.customers\([a-z ,]+\) line [0-9]+ at RAISE$',
    'customers(): an error found by a helper has customers()''s CONTEXT line only');

-- model_fits(): the fits' fields, and the standard errors from the covariance.
SET LOCAL client_min_messages = warning;
CREATE TEMP TABLE fits AS SELECT * FROM model_fits('cdnow_transactions', 'customer_id', 'txn_date', 'amount', '1998-06-30');
CREATE TEMP TABLE weekly AS
SELECT bgnbd_fit(s) AS bg, gg_fit((s).frequency, (s).monetary) FILTER (WHERE (s).monetary > 0) AS gg
  FROM (SELECT summarize(txn_date, amount, '1998-06-30', 'week') AS s FROM cdnow_transactions GROUP BY customer_id) x;
RESET client_min_messages;
SELECT set_eq('SELECT * FROM fits',
    $$SELECT 'bgnbd', p, e, sqrt((bg).vcov[i][i]), e - 1.959963984540054 * sqrt((bg).vcov[i][i]) AS lo,
             e + 1.959963984540054 * sqrt((bg).vcov[i][i]) AS hi, (bg).loglik, (bg).customers, (bg).converged
        FROM weekly, LATERAL (VALUES (1, 'r', (bg).r), (2, 'alpha', (bg).alpha), (3, 'a', (bg).a), (4, 'b', (bg).b)) v(i, p, e)
      UNION ALL
      SELECT 'gamma_gamma', p, e, sqrt((gg).vcov[i][i]), e - 1.959963984540054 * sqrt((gg).vcov[i][i]),
             e + 1.959963984540054 * sqrt((gg).vcov[i][i]), (gg).loglik, (gg).customers, (gg).converged
        FROM weekly, LATERAL (VALUES (1, 'p', (gg).p), (2, 'q', (gg).q), (3, 'v', (gg).v)) v(i, p, e)$$,
    'model_fits(): in weeks, the fitted parameters, sqrt(diag(vcov)), the 95% interval, loglik, customers and converged');
SELECT results_eq('SELECT parameter, estimate, std_error, ci_lower, ci_upper FROM fits',
    $$SELECT b.* FROM weekly, model_parameters(bg) b UNION ALL SELECT g.* FROM weekly, model_parameters(gg) g$$,
    'model_fits(): model_parameters'' rows of the stored fits, in that order');

SELECT * FROM finish();
ROLLBACK;
