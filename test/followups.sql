-- The follow-up agenda: followups() over a hand-built contact history with
-- one customer at each boundary of the default policy (due today, due
-- tomorrow, overdue, awaiting an answer and past the wait, answered by an
-- order, tried without answer, never contacted, a contact after as_of, a
-- contact with no orders), the order of the agenda, policy edits (a
-- segment's own row, a retired row, a restored default); then on CDNOW with
-- a generated contact log against a plain-SQL reference of the documented
-- rules (0 rows differ either way); then bad arguments.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS portfolio;
SET LOCAL search_path = public, portfolio;
SELECT plan(38);
SET LOCAL client_min_messages = warning;
SET LOCAL TimeZone = 'UTC';

\set QUIET on
-- as_of 2024-06-01 (D).  Default policy: green every 90 days, yellow every
-- 30 (answer 7, retry 7), red every 7 (answer 3, retry 2).  One-time buyers
-- have a cadence of 90 days: green up to 90 days since the purchase,
-- yellow up to 135, red after.
CREATE TABLE fu_orders (customer text, d date, amount numeric);
INSERT INTO fu_orders VALUES
    ('due_today',   DATE '2024-06-01' - 90,  10),   -- green, due D
    ('tomorrow',    DATE '2024-06-01' - 89,  20),   -- green, due D + 1
    ('red_called',  DATE '2024-06-01' - 200, 30),   -- red, answered call D - 10: due D - 3
    ('awaiting',    DATE '2024-06-01' - 200, 40),   -- red, awaiting since D - 2: due D + 1
    ('late_answer', DATE '2024-06-01' - 300, 50),   -- red, awaiting since D - 5: due D - 2
    ('answered',    DATE '2024-06-01' - 100, 60),
    ('answered',    DATE '2024-06-01' - 40,  60),   -- ordered the day of the contact
    ('no_answer',   DATE '2024-06-01' - 100, 70),   -- yellow, not reached D - 7: due D
    ('never',       DATE '2024-06-01' - 120, 80),   -- yellow, no contact: due D - 90
    ('future',      DATE '2024-06-01' - 60,  90);   -- green, contact after D ignored
CREATE TABLE fu_contacts (customer text, contacted_at timestamptz, outcome text, channel text);
INSERT INTO fu_contacts VALUES
    ('red_called',  '2024-04-01 09:00+00', 'answered',  'phone'),
    ('red_called',  '2024-05-22 09:00+00', NULL,        'phone'),
    ('awaiting',    '2024-05-30 16:00+00', 'awaiting',  'email'),
    ('late_answer', '2024-05-27 10:00+00', 'awaiting',  'email'),
    ('answered',    '2024-04-22 08:00+00', 'awaiting',  'email'),
    ('no_answer',   '2024-05-25 11:00+00', 'no_answer', 'phone'),
    ('future',      '2024-06-05 11:00+00', 'answered',  'visit'),
    ('prospect',    '2024-05-01 11:00+00', 'answered',  'visit'),
    (NULL,          '2024-05-01 11:00+00', 'answered',  'visit'),
    ('never',       NULL,                  'answered',  'visit');
SELECT track_orders('fu_orders', 'customer', 'd', 'amount');
SELECT refresh_alerts('fu_orders', '2024-06-01');
CREATE TEMP TABLE agenda AS SELECT * FROM followups('fu_orders', 'fu_contacts', '2024-06-01');
CREATE TEMP TABLE week AS SELECT * FROM followups('fu_orders', 'fu_contacts', '2024-06-01', 60);
\set QUIET off

SELECT set_eq('SELECT customer FROM agenda',
              ARRAY['due_today', 'red_called', 'late_answer', 'no_answer', 'never'],
              'the agenda as of D: due today and every overdue customer, no one due later, no prospect');
SELECT is((SELECT (due_date, days_overdue, awaiting_answer, contacts) FROM agenda WHERE customer = 'due_today'),
          ROW(DATE '2024-06-01', 0, false, 0::bigint), 'green one-time buyer of D - 90, never contacted: due today, 0 days overdue');
SELECT is((SELECT (due_date, days_overdue) FROM week WHERE customer = 'tomorrow'),
          ROW(DATE '2024-06-02', -1), 'green buyer of D - 89: due tomorrow, in the agenda of the next days as -1 days overdue');
SELECT is((SELECT (alert, channel, due_date, days_overdue, last_contact, last_outcome, contacts, days_between_contacts)
             FROM agenda WHERE customer = 'red_called'),
          ROW('red'::text, 'phone'::text, DATE '2024-05-29', 3, DATE '2024-05-22', 'answered'::text, 2::bigint, 51::float8),
          'red, last contact answered (NULL outcome counts as answered) on D - 10: due 7 days later, 3 days overdue; two contacts 51 days apart');
SELECT is((SELECT (due_date, days_overdue, awaiting_answer, last_outcome, last_channel) FROM week WHERE customer = 'awaiting'),
          ROW(DATE '2024-06-02', -1, true, 'awaiting'::text, 'email'::text),
          'red, awaiting an answer since D - 2: not due until the 3 days of answer_days are over');
SELECT is((SELECT (due_date, days_overdue, awaiting_answer) FROM agenda WHERE customer = 'late_answer'),
          ROW(DATE '2024-05-30', 2, true), 'red, awaiting since D - 5: due after 3 days, 2 days overdue, still awaiting');
SELECT is((SELECT (alert, due_date, awaiting_answer, last_outcome) FROM week WHERE customer = 'answered'),
          ROW('green'::text, DATE '2024-07-21', false, 'awaiting'::text),
          'an order on the day of an awaiting contact answers it: the next contact 90 days after both');
SELECT is((SELECT (alert, channel, due_date, days_overdue, awaiting_answer) FROM agenda WHERE customer = 'no_answer'),
          ROW('yellow'::text, 'email'::text, DATE '2024-06-01', 0, false),
          'yellow, not reached on D - 7: tried again retry_days (7) later, due today');
SELECT is((SELECT (due_date, days_overdue, last_contact, last_outcome, contacts) FROM agenda WHERE customer = 'never'),
          ROW(DATE '2024-03-03', 90, NULL::date, NULL::text, 0::bigint),
          'yellow, never contacted (a contact without a time is not one): due 30 days after the order, 90 overdue');
SELECT is((SELECT (due_date, last_contact, contacts) FROM week WHERE customer = 'future'),
          ROW(DATE '2024-07-01', NULL::date, 0::bigint), 'a contact after as_of is not seen');
SELECT is((SELECT count(*) FROM week WHERE customer = 'prospect'), 0::bigint,
          'a contact with no orders is not a customer of the portfolio: never on the agenda');
SELECT is((SELECT array_agg(customer ORDER BY priority) FROM agenda),
          ARRAY['late_answer', 'red_called', 'never', 'no_answer', 'due_today'],
          'the order: red before yellow before green, then by value at risk (here revenue), then the earliest due');
SELECT is((SELECT array_agg(priority ORDER BY priority) FROM agenda), ARRAY[1, 2, 3, 4, 5]::bigint[],
          'priority numbers the agenda from 1');
SELECT is((SELECT array_agg(customer ORDER BY priority) FROM week),
          ARRAY['late_answer', 'red_called', 'never', 'no_answer', 'due_today',
                'awaiting', 'answered', 'future', 'tomorrow'],
          'within_days: who is due already first, then who falls due in the window, in the same order');
SELECT is((SELECT array_agg(DISTINCT (value_basis, value_at_risk = (SELECT total_amount FROM fu_orders_portfolio s WHERE s.customer = w.customer))::text)
             FROM week w),
          ARRAY['(revenue,t)'], 'without a model (no refresh yet) the value at risk is the revenue');

-- The tracked form agrees with the form over the orders table where they
-- see the same alerts (no model: the BG/NBD fit of 9 customers does not
-- converge, and customers() alerts by cadence too).
SELECT set_eq('SELECT priority, customer, alert, lifecycle, channel, due_date, days_overdue, awaiting_answer, last_order,
                     last_contact, last_outcome, last_channel, contacts, days_between_contacts, value_at_risk, value_basis
                FROM agenda',
              $$SELECT priority, customer, alert, lifecycle, channel, due_date, days_overdue, awaiting_answer, last_order,
                       last_contact, last_outcome, last_channel, contacts, days_between_contacts, value_at_risk, value_basis
                  FROM followups('fu_orders', 'fu_contacts', 'customer', 'd', 'amount', as_of => '2024-06-01')$$,
              'the form over the orders table gives the same agenda (but for segments, which the tracked table has after a refresh)');

-- Policy edits.  A segment's own row wins over the row for any segment.
SELECT is((SELECT segment FROM fu_orders_portfolio WHERE customer = 'red_called'), NULL,
          'before portfolio.refresh the tracked table has no segments');
\set QUIET on
SELECT refresh('fu_orders', '2024-06-01');
CREATE TEMP TABLE seg AS SELECT segment FROM fu_orders_portfolio WHERE customer = 'red_called';
INSERT INTO contact_policy (alert, segment, every_days, channel)
SELECT 'red', segment, 1, 'visit' FROM seg;
\set QUIET off
SELECT is((SELECT (segment, channel, due_date) FROM followups('fu_orders', 'fu_contacts', '2024-06-01') WHERE customer = 'red_called'),
          ROW((SELECT segment FROM seg), 'visit'::text, DATE '2024-05-23'),
          'a row for the customer''s segment gives its channel and its days between contacts');
SELECT is((SELECT (channel, due_date) FROM followups('fu_orders', 'fu_contacts', '2024-06-01') WHERE customer = 'late_answer'),
          ROW('phone'::text, DATE '2024-05-30'),
          'customers of other segments keep the row for any segment');
UPDATE contact_policy SET enabled = false WHERE alert = 'yellow' AND segment IS NULL;
SELECT is((SELECT count(*) FROM followups('fu_orders', 'fu_contacts', '2024-06-01', 365) WHERE alert = 'yellow'
            AND segment IS DISTINCT FROM 'Champions'), 0::bigint,
          'a retired row takes its customers off the agenda');
SELECT is((SELECT is_default FROM contact_policy WHERE alert = 'yellow' AND segment IS NULL), false,
          'an edited default row is the user''s: pg_dump keeps it');
INSERT INTO contact_policy (alert, segment, every_days, answer_days, retry_days, channel)
VALUES ('green', NULL, 60, 10, 10, 'sms');
SELECT is((SELECT (every_days, channel, is_default, (SELECT count(*) FROM contact_policy WHERE alert = 'green'))
             FROM contact_policy WHERE alert = 'green' AND segment IS NULL),
          ROW(60, 'sms'::text, false, 1::bigint),
          'inserting the key of a default row replaces it, as a restore does');
SELECT throws_ok($$INSERT INTO contact_policy (alert, every_days, channel) VALUES ('orange', 7, 'phone')$$,
                 '23514', NULL, 'an alert level must be green, yellow or red');
SELECT throws_ok($$INSERT INTO contact_policy (alert, segment, every_days, channel) VALUES ('red', 'X', 0, 'phone')$$,
                 '23514', NULL, 'every_days is at least 1');
SELECT throws_ok($$INSERT INTO contact_policy (alert, segment, every_days, channel) VALUES ('red', 'X', 5, 'a'), ('red', 'X', 6, 'b')$$,
                 '23505', NULL, 'one row per alert level and segment');

-- CDNOW, with a contact log generated from hashes of the customer ids,
-- against a plain-SQL reference of the rules doc/followups.md states.
\i data/cdnow/load_cdnow.sql
\set QUIET on
CREATE TEMP TABLE crm AS
SELECT customer_id AS cust, DATE '1998-06-30' - (abs(hashint4(customer_id * 7 + k)) % 200) + make_interval(hours => k) AS at,
       (ARRAY['answered', 'awaiting', 'no_answer', NULL])[1 + abs(hashint4(customer_id * 11 + k)) % 4] AS result,
       (ARRAY['phone', 'email'])[1 + abs(hashint4(customer_id + k)) % 2] AS via
  FROM cdnow_transactions CROSS JOIN generate_series(1, 3) AS k
 WHERE abs(hashint4(customer_id * 13 + k)) % 3 = 0
 GROUP BY customer_id, k;
-- the policy as edited above: a segment's row, a retired row, a replaced one
CREATE TEMP TABLE got AS
SELECT * FROM followups('cdnow_transactions', 'crm', 'customer_id', 'txn_date', 'amount', 'at', 'result', 'via', 'cust',
                        '1998-06-30', 30);
CREATE TEMP TABLE prof AS
SELECT * FROM customers('cdnow_transactions', 'customer_id', 'txn_date', 'amount', '1998-06-30');
CREATE TEMP TABLE ref AS
WITH seen AS (SELECT cust::text AS c, at::date AS d, at, coalesce(result, 'answered') AS result, via
                FROM crm WHERE at::date <= '1998-06-30'),
last AS (SELECT DISTINCT ON (c) * FROM seen ORDER BY c, at DESC),
rule AS (SELECT p.customer, r.every_days, r.answer_days, r.retry_days, r.channel
           FROM prof p
           JOIN LATERAL (SELECT * FROM contact_policy c
                          WHERE c.enabled AND c.alert = p.alert AND (c.segment = p.segment OR c.segment IS NULL)
                          ORDER BY c.segment NULLS LAST LIMIT 1) r ON true),
d AS (SELECT p.customer, p.alert, p.segment, p.lifecycle, r.channel, p.last_date, l.d AS contact_d, l.result, l.via,
             coalesce(st.n, 0) AS n, st.first_d,
             CASE WHEN l.d > p.last_date AND l.result = 'awaiting' THEN l.d + r.answer_days
                  WHEN l.d > p.last_date AND l.result = 'no_answer' THEN l.d + r.retry_days
                  WHEN l.d > p.last_date THEN l.d + r.every_days
                  ELSE p.last_date + r.every_days END AS due,
             coalesce(round(p.clv * (1 - p.p_alive)::numeric, 2), p.total_amount) AS value,
             CASE WHEN p.clv IS NULL THEN 'revenue' ELSE 'clv_at_risk' END AS basis
        FROM prof p JOIN rule r USING (customer) LEFT JOIN last l ON l.c = p.customer
        LEFT JOIN (SELECT c, count(*) AS n, min(d) AS first_d FROM seen GROUP BY c) st ON st.c = p.customer)
SELECT row_number() OVER (ORDER BY due <= '1998-06-30' DESC, array_position('{green,yellow,red}', alert) DESC,
                                   value DESC, due, customer) AS priority,
       customer, alert, segment, lifecycle, channel, due, DATE '1998-06-30' - due AS overdue,
       coalesce(contact_d > last_date AND result = 'awaiting', false) AS awaiting, last_date, contact_d, result, via, n,
       CASE WHEN n > 1 THEN (contact_d - first_d)::float8 / (n - 1) END AS spacing, value, basis
  FROM d WHERE due <= DATE '1998-06-30' + 30;
\set QUIET off
SELECT cmp_ok((SELECT count(*) FROM got), '>', 1000::bigint, 'CDNOW: more than a thousand customers on the agenda of the month');
SELECT is((SELECT count(*) FROM (SELECT * FROM got EXCEPT ALL SELECT * FROM ref) x), 0::bigint,
          'CDNOW: every row of followups is in the plain-SQL reference');
SELECT is((SELECT count(*) FROM (SELECT * FROM ref EXCEPT ALL SELECT * FROM got) x), 0::bigint,
          'CDNOW: every row of the plain-SQL reference is in followups');
SELECT is((SELECT count(DISTINCT value_basis) FROM got), 2::bigint,
          'CDNOW: both bases of the value at risk occur (clv_at_risk where the model gives one)');
SELECT ok((SELECT bool_and(awaiting_answer = (last_outcome = 'awaiting' AND last_contact > last_order)) FROM got WHERE last_contact IS NOT NULL),
          'CDNOW: awaiting_answer is an awaiting contact after the last order');

-- Bad arguments.
SELECT throws_ok($$SELECT * FROM followups('fu_orders', NULL)$$, '22004', 'contacts must not be NULL', 'NULL contacts');
SELECT throws_ok($$SELECT * FROM followups('fu_contacts', 'fu_contacts')$$, '42704', 'table public.fu_contacts is not tracked',
                 'the short form needs a tracked orders table');
SELECT throws_ok($$SELECT * FROM followups('fu_orders', 'fu_contacts', '2024-06-01', -1)$$, '22023',
                 'within_days must be a number of days, at least 0', 'negative within_days');
SELECT throws_ok($$SELECT * FROM followups('fu_orders', 'fu_contacts', '2024-06-01', at_col => 'when')$$, '42703',
                 'column "when" (at_col) does not exist in public.fu_contacts', 'a missing column is named with its role');
SELECT throws_ok($$SELECT * FROM followups('fu_orders', 'fu_contacts', '2024-06-01', at_col => 'channel')$$, '42804',
                 'column "channel" (at_col) of public.fu_contacts is of type text, not a date', 'the time of a contact must be a date or timestamp');
SELECT throws_ok($$SELECT * FROM followups('fu_orders', 'fu_orders', '2024-06-01')$$, '42703',
                 'column "contacted_at" (at_col) does not exist in public.fu_orders', 'the default column names are checked too');
\set QUIET on
INSERT INTO fu_contacts VALUES ('never', '2024-05-01 11:00+00', 'maybe', 'phone');
\set QUIET off
SELECT throws_ok($$SELECT * FROM followups('fu_orders', 'fu_contacts', '2024-06-01')$$, '22023',
                 'unknown contact outcome ''maybe'' (customer never) in public.fu_contacts', 'an outcome outside the vocabulary');
SELECT throws_ok($$SELECT * FROM followups('fu_orders', 'fu_contacts', '2024-05-01')$$, '22023',
                 'as_of 2024-05-01 is before the date of the summary table of public.fu_orders (2024-06-01)',
                 'the tracked form cannot look back before its summary table');

SELECT * FROM finish();
ROLLBACK;
