#!/usr/bin/env bash
# pg_dump and restore a database that uses portfolio, with rfm_segments
# and contact_policy edited (in each, one default row changed, one retired,
# one added), a follow-up agenda over a contact log, a stored value
# of every type of ours (through their text output and input), and a
# tracked orders table: the restored database has the same segment table and
# stored values, gives the same results, and its tracking triggers still
# keep the summary table current, scoring new rows with the RFM cuts and
# models that portfolio.refresh stored (portfolio.tracking_models).
# Runs inside a cluster (scripts/test.sh): PGHOST/PGPORT/PGUSER are set.
set -euo pipefail

# This server's programs: a bare psql or pg_dump is Debian's pg_wrapper's
# choice (the newest packaged version), not necessarily the server under test.
bin=${PG_BINDIR:-$("${PG_CONFIG:-pg_config}" --bindir)}

src=portfolio_dump_src
dst=portfolio_dump_dst
work=$(mktemp -d)
trap 'rm -rf "$work"; "$bin/dropdb" --if-exists "$src"; "$bin/dropdb" --if-exists "$dst"' EXIT

export PGOPTIONS="-c client_min_messages=warning"
q() { "$bin/psql" -X -q -v ON_ERROR_STOP=1 -At "$@"; }

"$bin/dropdb" --if-exists "$src"
"$bin/dropdb" --if-exists "$dst"
"$bin/createdb" "$src"
"$bin/createdb" "$dst"

q -d "$src" <<'SQL'
CREATE EXTENSION portfolio;
CREATE TABLE orders (customer int, txn_date date, amount numeric(10, 2));
SELECT setseed(0.5);
INSERT INTO orders
SELECT (200 * random())::int, DATE '2020-01-01' + (700 * random())::int,
       round((100 * random())::numeric, 2)
  FROM generate_series(1, 5000);
UPDATE portfolio.rfm_segments SET r_min = 3 WHERE bins = 5 AND name = 'Champions';
UPDATE portfolio.rfm_segments SET enabled = false WHERE bins = 5 AND name = 'Lost';
INSERT INTO portfolio.rfm_segments (name, priority, bins, r_min, r_max, f_min, f_max, m_min, m_max)
VALUES ('Whales', 0, 5, 1, 5, 1, 5, 5, 5);
UPDATE portfolio.contact_policy SET every_days = 5, channel = 'sms' WHERE alert = 'red' AND segment IS NULL;
UPDATE portfolio.contact_policy SET enabled = false WHERE alert = 'green' AND segment IS NULL;
INSERT INTO portfolio.contact_policy (alert, segment, every_days, channel) VALUES ('yellow', 'Whales', 2, 'visit');
CREATE TABLE crm (customer int, contacted_at date, outcome text, channel text);
INSERT INTO crm SELECT customer, DATE '2021-12-31' - customer % 40, (ARRAY['answered', 'awaiting', 'no_answer'])[1 + customer % 3], 'phone'
  FROM generate_series(1, 20) AS customer;
CREATE TABLE saved_cuts AS
SELECT portfolio.rfm_cuts(s) AS cuts
  FROM (SELECT portfolio.summarize(txn_date, amount, '2021-12-31') s FROM orders GROUP BY customer) q;
CREATE TABLE saved_summaries AS
SELECT customer, portfolio.summarize(txn_date, amount, '2021-12-31', 'week'::portfolio.period_unit) AS s,
       portfolio.activity(txn_date, amount, '2021-12-31', 'month') AS act
  FROM orders GROUP BY customer;
CREATE TABLE saved_models AS
SELECT portfolio.cohort_matrix(act) AS cohorts, portfolio.period_retention(act) AS retention,
       portfolio.bgnbd_fit(s) AS bgnbd,
       portfolio.gg_fit((s).frequency, (s).monetary) FILTER (WHERE (s).frequency > 0) AS gg,
       portfolio.abc_cuts((s).total_amount::float8) AS abc,
       portfolio.scaler_fit(ARRAY[(s).frequency, (s).total_amount]::float8[]) AS scaler,
       portfolio.kmeans_fit(ARRAY[(s).frequency, (s).total_amount]::float8[], 3, 42) AS km,
       portfolio.affinity(ARRAY['c' || customer % 5, 'f' || (s).frequency, 'é"\' || (s).periods % 3]) AS baskets
  FROM saved_summaries;
CREATE TABLE saved_labels AS
SELECT customer, portfolio.lifecycle_stage(s) AS stage, portfolio.alert_level(s) AS alert,
       portfolio.kam_strategy(random(), random()) AS kam, portfolio.profit_quadrant(random(), random(), 0.5, 0.5) AS pq,
       'month'::portfolio.period_unit AS unit
  FROM saved_summaries;
CREATE TABLE tracked (id serial, customer int, ordered_at date, total numeric(10, 2));
INSERT INTO tracked (customer, ordered_at, total) SELECT customer, txn_date, amount FROM orders WHERE customer < 20;
SELECT portfolio.track_orders('tracked', 'customer', 'ordered_at', 'total', NULL, 'day', 'UTC') IS NOT NULL AS tracking \gset
SELECT portfolio.refresh('tracked', '2021-12-31') IS NOT NULL AS refreshed \gset
SQL

results() {
    q -d "$1" <<'SQL'
SELECT name, priority, bins, r_min, r_max, f_min, f_max, m_min, m_max, enabled, is_default
  FROM portfolio.rfm_segments ORDER BY bins, priority, name;
SELECT cuts FROM saved_cuts;
SELECT customer, s, portfolio.rfm_score(cuts, s)
  FROM (SELECT customer, portfolio.summarize(txn_date, amount, '2021-12-31') s
          FROM orders GROUP BY customer) q, saved_cuts
 ORDER BY customer;
SELECT * FROM saved_summaries ORDER BY customer;
SELECT * FROM saved_models;
SELECT * FROM saved_labels ORDER BY customer;
SELECT c.* FROM saved_models, portfolio.cohort_retention(cohorts) c;
SELECT portfolio.bgnbd_p_alive(bgnbd, 2, 30, 50), portfolio.gg_expected_spend(gg, 2, 40),
       portfolio.abc_class(50, abc), portfolio.scale(ARRAY[2, 40]::float8[], scaler),
       portfolio.kmeans_assign(ARRAY[2, 40]::float8[], km)
  FROM saved_models;
SELECT r.* FROM saved_models, portfolio.rules(baskets, 0.05, 0.1) r ORDER BY 1, 2;
SELECT customer, first_date, last_date, transactions, total_amount, lifecycle, alert,
       lifecycle_rank, alert_rank, cell, segment, p_alive, clv
  FROM tracked_portfolio ORDER BY 1;
SELECT orders, summary, cuts, bg, gg, as_of FROM portfolio.tracking_models;
SELECT * FROM portfolio.contact_policy ORDER BY alert, segment;
SELECT * FROM portfolio.followups('tracked', 'crm', '2021-12-31', 30);
SQL
}

results "$src" > "$work/before"
"$bin/pg_dump" "$src" > "$work/dump.sql"
q -d "$dst" -f "$work/dump.sql" > /dev/null
results "$dst" > "$work/after"

# The restored triggers still track: a new order of a new customer and one
# of an existing customer, in both databases.
for db in "$src" "$dst"; do
    q -d "$db" -c "INSERT INTO tracked (customer, ordered_at, total) VALUES (1, '2022-01-05', 3.50), (999, '2022-01-06', 8.00)"
    q -d "$db" -c "SELECT customer, transactions, last_date, total_amount, segment, p_alive, clv FROM tracked_portfolio WHERE customer IN (1, 999) ORDER BY 1" > "$work/tracked.$db"
done
if ! diff -u "$work/tracked.$src" "$work/tracked.$dst" || [ "$(wc -l < "$work/tracked.$dst")" -ne 2 ]; then
    echo "not ok: the restored tracking triggers do not keep the summary table as the original's" >&2
    exit 1
fi

if ! diff -u "$work/before" "$work/after"; then
    echo "not ok: the restored database differs" >&2
    exit 1
fi
grep -q 'Whales' "$work/before" || { echo "not ok: the added segment is missing" >&2; exit 1; }
grep -q '^Champions|1|5|3|' "$work/before" || { echo "not ok: the edited segment is missing" >&2; exit 1; }
grep -q '^Lost|10|5|1|2|1|2|1|2|f|f$' "$work/before" || { echo "not ok: the retired segment is missing" >&2; exit 1; }
grep -q '^red||5|3|2|sms|t|f$' "$work/before" || { echo "not ok: the edited contact policy is missing" >&2; exit 1; }
grep -q '^yellow|Whales|2|7|3|visit|t|f$' "$work/before" || { echo "not ok: the added contact policy is missing" >&2; exit 1; }
echo "ok - dump and restore keep rfm_segments and contact_policy edits and every result ($(wc -l < "$work/after") lines compared)"
