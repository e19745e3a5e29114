-- The extension's objects follow the conventions: every object commented,
-- every aggregate parallel safe with a combine function (and serialize /
-- deserialize for internal states), honest volatility, no SECURITY DEFINER,
-- the segment table dumped by pg_dump.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS portfolio;
SELECT plan(63);

CREATE TEMP VIEW members AS
SELECT d.classid, d.objid
  FROM pg_depend d JOIN pg_extension e ON d.refobjid = e.oid
 WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e' AND e.extname = 'portfolio';
CREATE TEMP VIEW our_functions AS
SELECT p.* FROM pg_proc p JOIN members m ON m.classid = 'pg_proc'::regclass AND m.objid = p.oid;
CREATE TEMP VIEW our_aggregates AS
SELECT a.*, p.oid::regprocedure AS signature, p.proparallel
  FROM pg_aggregate a JOIN our_functions p ON p.oid = a.aggfnoid;

SELECT has_schema('portfolio');
SELECT has_type('portfolio', 'summary', 'type summary exists');
SELECT has_type('portfolio', 'rfm', 'type rfm exists');
SELECT has_type('portfolio', 'rfm_cuts', 'type rfm_cuts exists');
SELECT has_type('portfolio', 'rfm_cuts_state', 'type rfm_cuts_state exists');
SELECT has_table('portfolio', 'rfm_segments', 'table rfm_segments exists');
SELECT columns_are('portfolio', 'summary',
    ARRAY['first_date', 'last_date', 'transactions', 'periods', 'frequency', 'recency', 'age',
          'days_since_last', 'total_amount', 'avg_amount', 'monetary', 'mean_gap', 'gap_stddev',
          'max_gap', 'last_gap', 'unit'],
    'summary has the documented fields');
SELECT is((SELECT string_agg(format_type(atttypid, NULL), ',' ORDER BY attnum)
             FROM pg_attribute WHERE attrelid = 'portfolio.summary'::regclass AND attnum > 0),
          'date,date,bigint,integer,integer,double precision,double precision,integer,numeric,numeric,numeric,double precision,double precision,integer,integer,text',
          'summary fields have the documented types');

SELECT set_eq($$SELECT signature::text FROM our_aggregates$$,
    ARRAY['portfolio.summarize(date,numeric,date,text)', 'portfolio.summarize(date,numeric,date)',
          'portfolio.summarize(date,double precision,date,text)', 'portfolio.summarize(date,double precision,date)',
          'portfolio.rfm_cuts(double precision,double precision,double precision,integer)',
          'portfolio.rfm_cuts(double precision,double precision,double precision)',
          'portfolio.rfm_cuts(portfolio.summary,integer)', 'portfolio.rfm_cuts(portfolio.summary)',
          'portfolio.summarize(date,numeric,date,portfolio.period_unit)',
          'portfolio.summarize(date,double precision,date,portfolio.period_unit)',
          'portfolio.activity(date,numeric,date,text)', 'portfolio.activity(date,numeric,date,portfolio.period_unit)',
          'portfolio.cohort_matrix(portfolio.activity)',
          'portfolio.period_retention(portfolio.activity)', 'portfolio.repeat_purchase_rate(portfolio.summary)',
          'portfolio.nps(integer)', 'portfolio.csat(integer,integer)', 'portfolio.csat(integer)',
          'portfolio.bgnbd_fit(double precision,double precision,double precision)',
          'portfolio.bgnbd_fit(double precision,double precision,double precision,double precision)',
          'portfolio.bgnbd_fit(portfolio.summary)', 'portfolio.gg_fit(double precision,double precision)',
          'portfolio.sbg_fit(integer,boolean)', 'portfolio.sbg_fit(integer,boolean,double precision)',
          'portfolio.mbgnbd_fit(double precision,double precision,double precision)',
          'portfolio.mbgnbd_fit(portfolio.summary)',
          'portfolio.bgbb_fit(double precision,double precision,double precision)',
          'portfolio.bgbb_fit(double precision,double precision,double precision,double precision)',
          'portfolio.pareto_nbd_fit(double precision,double precision,double precision)',
          'portfolio.pareto_nbd_fit(portfolio.summary)',
          'portfolio.gini(double precision)', 'portfolio.hhi(double precision)',
          'portfolio.top_share(double precision,double precision)', 'portfolio.lorenz(double precision,integer)',
          'portfolio.abc_cuts(double precision,double precision,double precision)',
          'portfolio.abc_cuts(double precision)', 'portfolio.scaler_fit(double precision[])',
          'portfolio.kmeans_fit(double precision[],integer,bigint)', 'portfolio.affinity(text[])'],
    'the aggregates are the documented ones');
SELECT is_empty($$SELECT signature FROM our_aggregates WHERE aggcombinefn = 0$$,
    'every aggregate has a combine function');
SELECT is_empty($$SELECT signature FROM our_aggregates
                  WHERE aggtranstype = 'internal'::regtype AND (aggserialfn = 0 OR aggdeserialfn = 0)$$,
    'every aggregate with internal state serializes it');
SELECT is_empty($$SELECT signature FROM our_aggregates
                  WHERE aggtranstype <> 'internal'::regtype
                    AND aggtranstype NOT IN (SELECT oid FROM pg_type WHERE typinput <> 0 AND typoutput <> 0)$$,
    'every concrete state type has text input and output');
SELECT is_empty($$SELECT oid::regprocedure FROM our_functions
                  WHERE proparallel <> 's' AND prorettype <> 'trigger'::regtype
                    AND proname NOT IN ('cohort_retention', 'retention_by_period', 'activity_as_of',
                                        'track_orders', 'untrack_orders', 'refresh_alerts',
                                        'tracking_create_table', 'tracking_index',
                                        'refresh', 'upgrade_tracking', 'tracking_bi_layout',
                                        'repeat_purchase_histogram', 'holdout_purchases',
                                        'purchase_tracking', 'forecast',
                                        'customers', 'model_fits', 'bi_table_as_of',
                                        'association_rules', 'next_products', 'product_shares', 'product_mix',
                                        'compare_models', 'compare_frequencies', 'compare_holdout',
                                        'followups', 'followups_agenda')$$,
    'every function and aggregate is PARALLEL SAFE but the trigger functions, those that write and those that run queries on a table');
SELECT is_empty($$SELECT oid::regprocedure FROM our_functions
                  WHERE proparallel <> 'u' AND prosrc ~* '\mEXCEPTION\s+WHEN'$$,
    'a function with an exception block (a subtransaction, which parallel mode forbids) is PARALLEL UNSAFE');
SELECT is_empty($$SELECT oid::regprocedure FROM our_functions
                  WHERE proname IN ('cohort_retention', 'retention_by_period', 'activity_as_of',
                                    'repeat_purchase_histogram', 'holdout_purchases',
                                    'purchase_tracking', 'forecast',
                                    'bi_table_as_of',
                                    'association_rules', 'next_products', 'product_shares', 'product_mix',
                                    'compare_models', 'compare_frequencies', 'compare_holdout')
                    AND 'regclass'::regtype::oid = ANY (proargtypes::oid[]) AND proparallel <> 'r'$$,
    'the functions that read a table by name are PARALLEL RESTRICTED (but those with an exception block: below)');
SELECT has_type('portfolio', 'activity', 'type activity exists');
SELECT has_type('portfolio', 'cohort_matrix', 'type cohort_matrix exists');
SELECT has_type('portfolio', 'period_retention', 'type period_retention exists');
SELECT enum_has_labels('portfolio', 'lifecycle', ARRAY['new', 'active', 'at_risk', 'lapsed', 'lost', 'reactivated'],
    'lifecycle stages in order');
SELECT enum_has_labels('portfolio', 'alert', ARRAY['green', 'yellow', 'red'], 'alert levels in order');
SELECT columns_are('portfolio', 'bgnbd',
    ARRAY['r', 'alpha', 'a', 'b', 'loglik', 'customers', 'converged', 'unit', 'vcov'], 'bgnbd has the documented fields');
SELECT columns_are('portfolio', 'mbgnbd',
    ARRAY['r', 'alpha', 'a', 'b', 'loglik', 'customers', 'converged', 'unit', 'vcov'], 'mbgnbd has the documented fields');
SELECT columns_are('portfolio', 'bgbb',
    ARRAY['alpha', 'beta', 'gamma', 'delta', 'loglik', 'customers', 'converged', 'vcov'], 'bgbb has the documented fields');
SELECT columns_are('portfolio', 'pareto_nbd',
    ARRAY['r', 'alpha', 's', 'beta', 'loglik', 'customers', 'converged', 'unit', 'vcov'], 'pareto_nbd has the documented fields');
SELECT columns_are('portfolio', 'gamma_gamma',
    ARRAY['p', 'q', 'v', 'loglik', 'customers', 'converged', 'vcov'], 'gamma_gamma has the documented fields');
SELECT has_type('portfolio', 'fit_histogram', 'type fit_histogram exists');
SELECT is_empty($$SELECT oid::regprocedure FROM our_functions
                  WHERE proname ~ '^(bgnbd|mbgnbd|bgbb|pareto_nbd|gg|gamma_gamma|clv|model_parameters)' AND proname !~ '_accum'
                    AND prokind = 'f' AND proname <> 'bgnbd_matrix'
                    AND (provolatile <> 'i' OR NOT proisstrict)$$,
    'the model constructors, predictions and simulator are IMMUTABLE and STRICT');
SELECT is((SELECT provolatile::text || proisstrict::text FROM our_functions WHERE proname = 'bgnbd_matrix'), 'ifalse',
    'bgnbd_matrix is IMMUTABLE and not STRICT: a NULL max_frequency means the default grid');
SELECT enum_has_labels('portfolio', 'period_unit', ARRAY['day', 'week', 'month', 'quarter'],
    'period units in the order of the C enum PeriodUnit');
SELECT has_type('portfolio', 'concentration_state', 'type concentration_state exists');
SELECT has_type('portfolio', 'abc_cuts', 'type abc_cuts exists');
SELECT columns_are('portfolio', 'scaler', ARRAY['n', 'min', 'max', 'mean', 'sd'], 'scaler has the documented fields');
SELECT enum_has_labels('portfolio', 'kam_strategy', ARRAY['invest_expand', 'invest_selective', 'maintain', 'milk'],
    'key-account strategies in order');
SELECT enum_has_labels('portfolio', 'profit_quadrant', ARRAY['carriage_trade', 'passive', 'bargain_basement', 'aggressive'],
    'profitability quadrants in order');
SELECT columns_are('portfolio', 'kmeans', ARRAY['centroids', 'sizes', 'inertia', 'iterations', 'converged'],
    'kmeans has the documented fields');
SELECT is_empty($$SELECT oid::regprocedure FROM our_functions
                  WHERE proname IN ('abc_class', 'scale', 'weighted_score', 'kam_strategy', 'kam_label',
                                    'profit_quadrant', 'kmeans_assign', 'distance')
                    AND (provolatile <> 'i' OR NOT proisstrict)$$,
    'the strategy, scoring and k-means functions are IMMUTABLE and STRICT');
SELECT is_empty($$SELECT oid::regprocedure FROM our_functions
                  WHERE proname IN ('track_orders', 'untrack_orders', 'refresh_alerts',
                                    'tracking_create_table', 'tracking_index')
                    AND (provolatile <> 'v' OR proparallel <> 'u')$$,
    'the functions that create or change tables are VOLATILE and PARALLEL UNSAFE');
SELECT is_empty($$SELECT oid::regprocedure FROM our_functions WHERE prosecdef$$,
    'no function is SECURITY DEFINER');
SELECT is_empty($$SELECT p.oid::regprocedure FROM our_functions p JOIN pg_language l ON l.oid = p.prolang
                  WHERE l.lanname NOT IN ('c', 'internal')
                    AND NOT coalesce('search_path=pg_catalog, pg_temp' = ANY (p.proconfig), false)$$,
    'every SQL and PL/pgSQL function runs with search_path = pg_catalog, pg_temp, never the caller''s');
SELECT is((SELECT trusted FROM pg_available_extension_versions
            WHERE name = 'portfolio' AND version = (SELECT extversion FROM pg_extension WHERE extname = 'portfolio')),
          true, 'the extension is trusted: a database owner can install it');
SELECT ok(has_table_privilege('public', 'portfolio.rfm_segments', 'SELECT'),
    'every role may read rfm_segments (rfm_score reads it as the caller)');
SELECT ok(NOT has_table_privilege('public', 'portfolio.rfm_segments', 'INSERT, UPDATE, DELETE, TRUNCATE'),
    'only the installing role may change rfm_segments');
SELECT is_empty($$SELECT oid::regprocedure FROM our_functions
                  WHERE provolatile = 'i' AND proname IN ('rfm_score')$$,
    'functions that read rfm_segments are not IMMUTABLE');
SELECT is((SELECT provolatile::text FROM pg_proc
            WHERE oid = 'portfolio.rfm_score(portfolio.rfm_cuts,double precision,double precision,double precision)'::regprocedure),
          's', 'rfm_score is STABLE');
SELECT is_empty($$SELECT oid::regprocedure FROM our_functions
                  WHERE NOT proisstrict AND (proname IN ('rfm_score', 'lifecycle_stage', 'period_start')
                                             OR proname ~ '_(in|out)$')$$,
    'rfm_score, lifecycle_stage, period_start and the type I/O functions are STRICT');
SELECT is_empty($$SELECT oid::regprocedure FROM our_functions
                  WHERE obj_description(oid, 'pg_proc') IS NULL$$,
    'every function and aggregate has a comment');
-- The types we create, not the ones the server makes with them: since
-- PostgreSQL 17 the array types and a table's row type are members of the
-- extension too (on 15 they are not), and they have no comments of their own.
SELECT is_empty($$SELECT t.oid::regtype FROM pg_type t JOIN members m ON m.classid = 'pg_type'::regclass AND m.objid = t.oid
                  WHERE obj_description(t.oid, 'pg_type') IS NULL
                    AND t.typcategory <> 'A'
                    AND (t.typrelid = 0 OR (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')$$,
    'every type has a comment');
SELECT ok(obj_description('portfolio.rfm_segments'::regclass, 'pg_class') IS NOT NULL,
    'rfm_segments has a comment');
SELECT is((SELECT extcondition FROM pg_extension WHERE extname = 'portfolio'),
          ARRAY['WHERE NOT is_default', '', 'WHERE NOT is_default'],
          'pg_dump keeps the rows users added or edited (rfm_segments, contact_policy), and every row of tracking_models');
SELECT is((SELECT count(*) FROM portfolio.rfm_segments WHERE is_default AND bins = 5 AND enabled),
          10::bigint, 'the ten standard segments are seeded');
SELECT is((SELECT array_agg(alert ORDER BY alert) FROM portfolio.contact_policy WHERE is_default AND enabled AND segment IS NULL),
          '{green,red,yellow}'::text[], 'the contact policy is seeded for every alert level');
SELECT ok(has_table_privilege('public', 'portfolio.contact_policy', 'SELECT')
          AND NOT has_table_privilege('public', 'portfolio.contact_policy', 'INSERT, UPDATE, DELETE, TRUNCATE'),
    'every role may read contact_policy (followups reads it as the caller); only the installing role may change it');

-- ---------- schema portfolio shows only what users call ----------
-- The rule: a function a user names in a query stays in portfolio;
-- everything only the extension's own aggregates, types, triggers and
-- functions call lives in portfolio_internal.  The plumbing by name: the
-- support functions of aggregates and the I/O functions of types (named
-- like core's), trigger functions, and the helpers of track_orders, of the
-- one-call retention functions, of the model diagnostics and of the BI
-- functions.
CREATE TEMP VIEW plumbing AS
SELECT p.oid, p.proname, p.pronamespace FROM our_functions p
 WHERE p.prokind = 'f'
   AND (p.proname ~ '_(accum(_[a-z0-9]+)*|combine|final|serialize|deserialize|in|out|send|recv)$'
        OR p.prorettype = 'trigger'::regtype
        OR p.proname ~ '^tracking_'
        OR p.proname IN ('activity_as_of', 'activity_query',
                         'model_check_args', 'model_summaries_query', 'model_periods_query', 'model_time_scale',
                         'model_parameter_rows', 'affinity_check_columns', 'product_spend_query',
                         'model_representation', 'continuous_models',
                         'bi_table_as_of', 'bi_summary_query', 'followups_column', 'followups_agenda'));
SELECT has_schema('portfolio_internal');
SELECT is((SELECT count(*) FROM members
            WHERE classid = 'pg_namespace'::regclass AND objid = 'portfolio_internal'::regnamespace),
          1::bigint, 'portfolio_internal is a member of the extension: DROP EXTENSION drops it');
SELECT ok(has_schema_privilege('public', 'portfolio_internal', 'USAGE'),
    'every role may use portfolio_internal (the triggers of track_orders run as the writer)');
SELECT ok(NOT has_schema_privilege('public', 'portfolio_internal', 'CREATE'),
    'no role but its owner may create objects in portfolio_internal');
SELECT is_empty($$SELECT oid::regprocedure FROM our_functions
                  WHERE pronamespace NOT IN ('portfolio'::regnamespace, 'portfolio_internal'::regnamespace)$$,
    'every function lives in portfolio or portfolio_internal');
SELECT is_empty($$SELECT oid::regprocedure FROM plumbing WHERE pronamespace = 'portfolio'::regnamespace$$,
    'no function in portfolio is plumbing (*_accum*, *_combine, *_final, *_serialize, *_deserialize, '
    '*_in, *_out, *_send, *_recv, triggers, tracking_*, activity_as_of, activity_query, model_* and bi_* helpers)');
SELECT is_empty($$SELECT oid::regprocedure FROM our_functions
                  WHERE pronamespace = 'portfolio_internal'::regnamespace AND oid NOT IN (SELECT oid FROM plumbing)$$,
    'every function in portfolio_internal is plumbing: nothing users call moved there');
SELECT is_empty($$SELECT a.signature || ' uses ' || f::regprocedure::text
                    FROM our_aggregates a,
                         unnest(ARRAY[a.aggtransfn, a.aggfinalfn, a.aggcombinefn, a.aggserialfn, a.aggdeserialfn,
                                      a.aggmtransfn, a.aggminvtransfn, a.aggmfinalfn]::oid[]) AS f
                   WHERE f <> 0 AND (SELECT pronamespace FROM pg_proc WHERE oid = f) <> 'portfolio_internal'::regnamespace$$,
    'every aggregate''s support functions live in portfolio_internal');
SELECT is_empty($$SELECT t.oid::regtype || ' uses ' || f::regprocedure::text
                    FROM pg_type t JOIN members m ON m.classid = 'pg_type'::regclass AND m.objid = t.oid,
                         unnest(ARRAY[t.typinput, t.typoutput, t.typreceive, t.typsend]::oid[]) AS f
                   WHERE f <> 0 AND (SELECT pronamespace FROM pg_proc WHERE oid = f)
                                    NOT IN ('pg_catalog'::regnamespace, 'portfolio_internal'::regnamespace)$$,
    'the I/O functions of our types are core''s or live in portfolio_internal');
SELECT is_empty($$SELECT oid::regprocedure FROM our_functions
                  WHERE pronamespace = 'portfolio_internal'::regnamespace
                    AND NOT has_function_privilege('public', oid, 'EXECUTE')$$,
    'every role may execute the plumbing, as before it moved (triggers and aggregates run as the caller)');
-- What pgJDBC's DatabaseMetaData.getFunctions(null, 'portfolio', '%') lists
-- (pg_proc rows of kind f in the schema): the functions users call.
SELECT set_eq($$SELECT DISTINCT proname::text FROM pg_proc
                 WHERE pronamespace = 'portfolio'::regnamespace AND prokind = 'f'$$,
    ARRAY['abc_class', 'alert_level', 'association_rules', 'bgbb', 'bgbb_dert', 'bgbb_expected', 'bgbb_p_alive',
          'bgbb_pmf', 'bgbb_simulate', 'bgnbd', 'bgnbd_dert', 'bgnbd_expected', 'bgnbd_matrix',
          'bgnbd_p_alive', 'bgnbd_p_alive_future', 'bgnbd_pmf', 'bgnbd_simulate', 'clv', 'clv_by_period',
          'cohort_retention', 'compare_frequencies', 'compare_holdout', 'compare_models', 'customers', 'distance', 'followups', 'forecast', 'gamma_gamma', 'gg_expected_spend',
          'holdout_purchases', 'kam_label', 'kam_strategy', 'kmeans_assign', 'lifecycle_stage',
          'mbgnbd', 'mbgnbd_dert', 'mbgnbd_expected', 'mbgnbd_p_alive', 'mbgnbd_p_alive_future',
          'mbgnbd_pmf', 'mbgnbd_simulate', 'next_products',
          'model_fits', 'model_parameters', 'pareto_nbd', 'pareto_nbd_dert', 'pareto_nbd_expected',
          'pareto_nbd_p_alive', 'pareto_nbd_p_alive_future', 'pareto_nbd_pmf', 'pareto_nbd_simulate', 'period_start',
          'product_mix', 'product_shares', 'profit_quadrant', 'purchase_tracking', 'refresh', 'refresh_alerts',
          'repeat_purchase_histogram', 'retention_by_period', 'retention_rate', 'rfm_score', 'rules', 'scale',
          'sbg', 'sbg_derl', 'sbg_residual_value', 'sbg_retention', 'sbg_simulate', 'sbg_survival',
          'track_orders', 'untrack_orders', 'upgrade_tracking', 'weighted_score'],
    'getFunctions on schema portfolio lists only the functions users call');

SELECT * FROM finish();
ROLLBACK;
