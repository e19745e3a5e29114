-- RFM: cut points, scores, the tie rule and the segment table (bad input:
-- test/rfm_hostile.sql).  The CDNOW comparison with plain SQL is rfm_cdnow.
SET extra_float_digits = 0;

-- Ten customers with ties in every dimension.
CREATE TABLE rfm_c (id int, dsl float8, freq float8, money float8);
INSERT INTO rfm_c VALUES
    (1, 5, 1, 10), (2, 5, 1, 20), (3, 10, 2, 20), (4, 30, 2, 30), (5, 30, 3, 40),
    (6, 60, 3, 50), (7, 90, 4, 60), (8, 90, 8, 70), (9, 200, 9, 80), (10, 400, 12, 1000);

-- Cut k is percentile_disc(k / bins), the same as plain SQL.
SELECT portfolio.rfm_cuts(dsl, freq, money) AS cuts FROM rfm_c;
SELECT percentile_disc(ARRAY[0.2, 0.4, 0.6, 0.8]) WITHIN GROUP (ORDER BY dsl) AS r,
       percentile_disc(ARRAY[0.2, 0.4, 0.6, 0.8]) WITHIN GROUP (ORDER BY freq) AS f,
       percentile_disc(ARRAY[0.2, 0.4, 0.6, 0.8]) WITHIN GROUP (ORDER BY money) AS m
  FROM rfm_c;
SELECT portfolio.rfm_cuts(dsl, freq, money, 3) AS three,
       portfolio.rfm_cuts(dsl, freq, money, 2) AS two,
       portfolio.rfm_cuts(dsl, freq, money, 9) AS nine
  FROM rfm_c;

-- Scores: equal values always score the same (unlike NTILE); R is reversed.
WITH cuts AS (SELECT portfolio.rfm_cuts(dsl, freq, money) AS k FROM rfm_c)
SELECT id, dsl, freq, money, (portfolio.rfm_score(k, dsl, freq, money)).*
  FROM rfm_c, cuts ORDER BY id;

-- A value equal to a cut is not above it; values beyond every cut are fine.
SELECT (portfolio.rfm_score('bins=3; r=10,20; f=1,2; m=5,6', 10, 1, 5)).cell AS at_cuts,
       (portfolio.rfm_score('bins=3; r=10,20; f=1,2; m=5,6', 10.5, 1.5, 5.5)).cell AS between,
       (portfolio.rfm_score('bins=3; r=10,20; f=1,2; m=5,6', -1, 1e300, -1e300)).cell AS beyond;

-- The summary forms learn from and score days_since_last, transactions and
-- total_amount.
CREATE TABLE rfm_tx (customer int, d date, amount numeric);
INSERT INTO rfm_tx
SELECT g % 40, DATE '2020-01-01' + (g * 7) % 365, (g % 13) * 2.5
  FROM generate_series(1, 400) g;
WITH s AS (SELECT customer, portfolio.summarize(d, amount, '2020-12-31') s FROM rfm_tx GROUP BY customer)
SELECT portfolio.rfm_cuts(s)::text = portfolio.rfm_cuts((s).days_since_last, (s).transactions, (s).total_amount::float8)::text AS same_cuts,
       portfolio.rfm_cuts(s, 4)::text = portfolio.rfm_cuts((s).days_since_last, (s).transactions, (s).total_amount::float8, 4)::text AS same_cuts_4
  FROM s;
WITH s AS (SELECT customer, portfolio.summarize(d, amount, '2020-12-31') s FROM rfm_tx GROUP BY customer),
     k AS (SELECT portfolio.rfm_cuts(s) k FROM s)
SELECT count(*) AS customers,
       count(*) FILTER (WHERE portfolio.rfm_score(k, s) IS DISTINCT FROM
                               portfolio.rfm_score(k, (s).days_since_last, (s).transactions, (s).total_amount::float8)) AS differ
  FROM s, k;

-- NULL rows are skipped when learning; a NULL argument scores NULL.
SELECT portfolio.rfm_cuts(v, 1, 1, 2) FROM (VALUES (1::float8), (NULL), (3)) t(v);
SELECT portfolio.rfm_cuts(s, 2) FROM (VALUES (NULL::portfolio.summary)) t(s);
SELECT portfolio.rfm_score('bins=2; r=1; f=1; m=1', NULL, 1, 1) IS NULL AS null_score,
       portfolio.rfm_score('bins=2; r=1; f=1; m=1', NULL::portfolio.summary) IS NULL AS null_summary;
-- Empty input gives NULL cuts.
SELECT portfolio.rfm_cuts(dsl, freq, money) IS NULL AS empty FROM rfm_c WHERE false;
-- One customer: every cut is its value.
SELECT portfolio.rfm_cuts(dsl, freq, money, 4) FROM rfm_c WHERE id = 3;

-- Text input and output round-trip, exactly.
SELECT 'bins=4; r=3e-300,0.1,2; f=1,1,1; m=-5,0,1.7976931348623157e308'::portfolio.rfm_cuts;
SELECT ' bins = 2 ;r= 1 ; f=2; m = 3 '::portfolio.rfm_cuts;
SELECT portfolio.rfm_cuts(dsl / 3, freq / 7, money / 11)::text::portfolio.rfm_cuts::text
     = portfolio.rfm_cuts(dsl / 3, freq / 7, money / 11)::text AS cuts_round_trip
  FROM rfm_c;
SELECT 'bins=2; 1,2,3; 0.1,0.2,0.30000000000000004'::portfolio.rfm_cuts_state;
SET extra_float_digits = -15;
SELECT 'bins=2; 0.1,0.2,0.30000000000000004'::portfolio.rfm_cuts_state AS lossless_whatever_extra_float_digits;
RESET extra_float_digits;

-- The state's functions work outside an aggregate without changing their input.
SELECT portfolio_internal.rfm_cuts_accum('bins=3; 1,2,3', 4, 5, 6, 3);
SELECT portfolio_internal.rfm_cuts_combine('bins=3; 1,2,3', 'bins=3; 4,5,6; 7,8,9');
SELECT portfolio_internal.rfm_cuts_combine(NULL, 'bins=3; 4,5,6');
SELECT portfolio_internal.rfm_cuts_final('bins=3; 3,1,1; 1,2,2; 2,3,3');
SELECT portfolio_internal.rfm_cuts_final('bins=3') IS NULL AS empty_state;

-- ----------------------------------------------------------------------
-- Segments
-- ----------------------------------------------------------------------

SELECT name, priority, bins, r_min, r_max, f_min, f_max, m_min, m_max, enabled, is_default
  FROM portfolio.rfm_segments ORDER BY bins, priority;

-- Every one of the ten default segments is reachable, and some cells are
-- left to 'Others'.  Cuts 1..4 make score = value for F and M, 6 - value for R.
WITH cells AS (
    SELECT r, f, m, portfolio.rfm_score('bins=5; r=1,2,3,4; f=1,2,3,4; m=1,2,3,4',
                                        6 - r, f, m) AS s
      FROM generate_series(1, 5) r, generate_series(1, 5) f, generate_series(1, 5) m)
SELECT (s).segment, count(*) AS cells,
       bool_and((s).r = r AND (s).f = f AND (s).m = m
                AND (s).cell = r::text || f::text || m::text) AS scores_right
  FROM cells GROUP BY (s).segment ORDER BY min(r * 100 + f * 10 + m);

-- First match in priority order: 555 is both Champions and Loyal Customers.
SELECT (portfolio.rfm_score('bins=5; r=1,2,3,4; f=1,2,3,4; m=1,2,3,4', 1, 5, 5)).segment;
-- A bins value with no rows in the table gives a NULL segment.
SELECT (portfolio.rfm_score('bins=3; r=1,2; f=1,2; m=1,2', 1, 3, 3)).*;

-- The edits below are rolled back so that later tests see the defaults.
BEGIN;
-- Users edit the table: an added row is theirs (not a default); an edited
-- default row stops being a default; a retired row stops matching.
INSERT INTO portfolio.rfm_segments (name, priority, bins, r_min, r_max, f_min, f_max, m_min, m_max)
VALUES ('Top', 1, 3, 3, 3, 3, 3, 3, 3), ('Rest', 2, 3, 1, 3, 1, 3, 1, 3);
UPDATE portfolio.rfm_segments SET priority = 0 WHERE bins = 5 AND name = 'Lost';
UPDATE portfolio.rfm_segments SET enabled = false WHERE bins = 5 AND name = 'Champions';
SELECT name, priority, bins, enabled, is_default FROM portfolio.rfm_segments
 WHERE NOT is_default ORDER BY bins, priority;
SELECT (portfolio.rfm_score('bins=3; r=1,2; f=1,2; m=1,2', 1, 3, 3)).segment AS top,
       (portfolio.rfm_score('bins=3; r=1,2; f=1,2; m=1,2', 3, 3, 3)).segment AS rest,
       (portfolio.rfm_score('bins=5; r=1,2,3,4; f=1,2,3,4; m=1,2,3,4', 1, 5, 5)).segment AS was_champion;
-- Inserting a row with the key of a seeded row replaces the seeded row
-- (this is how pg_dump restores an edited default).
INSERT INTO portfolio.rfm_segments (name, priority, bins, r_min, r_max, f_min, f_max, m_min, m_max)
VALUES ('Promising', 4, 5, 3, 5, 1, 1, 1, 1);
SELECT name, priority, r_min, r_max, is_default FROM portfolio.rfm_segments
 WHERE name = 'Promising';
-- Users cannot mark their rows as defaults (they would be lost by pg_dump).
UPDATE portfolio.rfm_segments SET is_default = true WHERE name = 'Top';
SELECT is_default FROM portfolio.rfm_segments WHERE name = 'Top';
-- The dump filter keeps exactly the user's rows.
SELECT extcondition FROM pg_extension WHERE extname = 'portfolio';
ROLLBACK;
