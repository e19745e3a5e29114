-- Binary I/O of the ten base types with a text form of their own: every
-- one has send and receive functions (STRICT, IMMUTABLE, PARALLEL SAFE,
-- commented), and each send function writes the documented bytes (a format
-- version byte, then the fields in network byte order; the room a state
-- keeps for growing travels with it).  Receiving needs the binary protocol:
-- test/binary_io.sh sends values and hostile bytes back through it.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS portfolio;
SET LOCAL search_path = portfolio, portfolio_internal, public;
SELECT plan(19);

CREATE TEMP VIEW base_types AS
SELECT t.oid::regtype AS type, t.typname, t.typsend, t.typreceive
  FROM pg_type t
  JOIN pg_depend d ON d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e'
  JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'portfolio'
 WHERE t.typtype = 'b' AND t.typelem = 0;	-- not the array types (members since 17)

-- ---------- catalog ----------
SELECT set_eq($$SELECT typname::text FROM base_types$$,
    ARRAY['rfm_cuts', 'rfm_cuts_state', 'activity', 'cohort_matrix', 'period_retention', 'fit_histogram',
          'concentration_state', 'abc_cuts', 'kmeans_state', 'baskets'],
    'the base types are the ten with a text form of their own');
SELECT is_empty($$SELECT type FROM base_types
                  WHERE typsend <> ('portfolio_internal.' || typname || '_send')::regproc
                     OR typreceive <> ('portfolio_internal.' || typname || '_recv')::regproc$$,
    'every one sends with <type>_send and receives with <type>_recv');
SELECT is_empty($$SELECT p.oid::regprocedure FROM base_types b JOIN pg_proc p ON p.oid IN (b.typsend, b.typreceive)
                  WHERE NOT p.proisstrict OR p.provolatile <> 'i' OR p.proparallel <> 's'
                     OR obj_description(p.oid, 'pg_proc') IS DISTINCT FROM
                        CASE WHEN p.oid = b.typsend THEN 'binary output function of ' ELSE 'binary input function of ' END
                        || b.typname$$,
    'the send and receive functions are STRICT, IMMUTABLE, PARALLEL SAFE and commented');

-- ---------- the bytes of each type ----------
-- Hex with spaces between the fields.
CREATE FUNCTION pg_temp.bytes(hex text) RETURNS bytea LANGUAGE sql IMMUTABLE
RETURN decode(replace(hex, ' ', ''), 'hex');

SELECT is(rfm_cuts_send('bins=2; r=1; f=2; m=3'),
          pg_temp.bytes('01 00000002 3ff0000000000000 4000000000000000 4008000000000000'),
          'rfm_cuts: version, bins, the cut points of r, f and m');
SELECT is(rfm_cuts_state_send('bins=3; 1,2,3'),
          pg_temp.bytes('01 00000003 0000000000000001 0000000000000010 3ff0000000000000 4000000000000000 4008000000000000'),
          'rfm_cuts_state: version, bins, count, room (16, as text input allocates), the triples');
SELECT is(substr(rfm_cuts_state_send(rfm_cuts_accum(NULL, 1, 2, 3, 5)), 6, 16),
          pg_temp.bytes('0000000000000001 0000000000000040'),
          'a state built by the transition function sends its room (64)');
SELECT is(activity_send('month as of 2020-04-30, scale 2: 2020-01-01 10.00'),
          pg_temp.bytes('01 02 02 00001d01 00000001 00005eb0 000000000000000000000000000003e8'),
          'activity: version, unit, scale, as_of, count, then each period and its 128-bit revenue');
SELECT is(cohort_matrix_send('month as of 2020-02-29, scale 0: 2020-01-01 size 1: 1 5, 0 0'),
          pg_temp.bytes('01 02 00 00001cc4 00000002 00000002 '
                        '0000000000000000 0000000000000000 00000000000000000000000000000000 '
                        '0000000000000001 0000000000000001 00000000000000000000000000000005 '
                        '0000000000000000 00000000000000000000000000000000'),
          'cohort_matrix: the header with rows and room, then every row, as_of''s period first');
SELECT is(period_retention_send('month as of 2020-02-29, scale 0: 2020-01-01 1 1 0 5 0 0; 2020-02-01 1 0 1 7 7 5'),
          pg_temp.bytes('01 02 00 00001cc4 00000002 00000002 '
                        '0000000000000001 0000000000000000 0000000000000001 00000000000000000000000000000007 '
                        '00000000000000000000000000000007 00000000000000000000000000000005 '
                        '0000000000000001 0000000000000001 0000000000000000 00000000000000000000000000000005 '
                        '00000000000000000000000000000000 00000000000000000000000000000000'),
          'period_retention: the header with rows and room, then the figures of every period');
SELECT is(fit_histogram_send('model=gamma_gamma; 2 22.35 1'),
          pg_temp.bytes('01 02 ff 0000000000000000 0000000000000001 0000000000000040 '
                        '4000000000000000 403659999999999a 0000000000000001'),
          'fit_histogram: version, model, unit (none), penalizer, count, room, then the histories');
SELECT is(concentration_state_send('args=0.8,0.95; values=1'),
          pg_temp.bytes('01 02 00 3fe999999999999a 3fee666666666666 0000000000000001 0000000000000040 3ff0000000000000'),
          'concentration_state: version, nargs, kind, the parameters, count, room, the values');
SELECT is(concentration_state_send('points=10; values='),
          pg_temp.bytes('01 01 02 4024000000000000 0000000000000000 0000000000000040'),
          'a lorenz state sends its kind (points)');
SELECT is(abc_cuts_send('a_share=0.8; b_share=0.95; a=120.5; b=40'),
          pg_temp.bytes('01 3fe999999999999a 3fee666666666666 405e200000000000 4044000000000000'),
          'abc_cuts: version and the four numbers');
SELECT is(kmeans_state_send('k=2; seed=42; dims=2; 1,2; 3,4.5'),
          pg_temp.bytes('01 00000002 000000000000002a 00000002 0000000000000002 0000000000000040 '
                        '3ff0000000000000 4000000000000000 4008000000000000 4012000000000000'),
          'kmeans_state: version, k, seed, dims, count, room, the vectors');
SELECT is(kmeans_state_send('k=3; seed=-1; dims=0'),
          pg_temp.bytes('01 00000003 ffffffffffffffff 00000000 0000000000000000 0000000000000000'),
          'a kmeans_state without vectors has no room');
SELECT is(baskets_send('"beer","chips"; "milk"'),
          pg_temp.bytes('01 0000000000000002 0000000000000400 '
                        '00000002 00000004 62656572 00000005 6368697073 00000001 00000004 6d696c6b'),
          'baskets: version, count, room (1024, as text input allocates), each basket''s items with their lengths');
SELECT is(baskets_send(affinity(ARRAY['b', 'a'])),
          pg_temp.bytes('01 0000000000000001 000000000000000e 00000002 00000001 61 00000001 62'),
          'the final value of affinity: sorted, no spare room');
SELECT ok(kmeans_state_send(NULL) IS NULL AND abc_cuts_send(NULL) IS NULL, 'send of NULL is NULL (STRICT)');
SET LOCAL extra_float_digits = -15;
SELECT is(rfm_cuts_send('bins=2; r=0.1; f=2; m=3'),
          pg_temp.bytes('01 00000002 3fb999999999999a 4000000000000000 4008000000000000'),
          'the bytes are the double itself, whatever extra_float_digits says');

SELECT * FROM finish();
ROLLBACK;
