#!/usr/bin/env bash
# pg_dump and restore a database that uses portfolio, with rfm_segments
# edited (one default row changed, one retired, one added): the restored
# database has the same segment table and gives the same results.
# Runs inside a cluster (scripts/test.sh): PGHOST/PGPORT/PGUSER are set.
set -euo pipefail

src=portfolio_dump_src
dst=portfolio_dump_dst
work=$(mktemp -d)
trap 'rm -rf "$work"; dropdb --if-exists "$src"; dropdb --if-exists "$dst"' EXIT

export PGOPTIONS="-c client_min_messages=warning"
q() { psql -X -q -v ON_ERROR_STOP=1 -At "$@"; }

dropdb --if-exists "$src"
dropdb --if-exists "$dst"
createdb "$src"
createdb "$dst"

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
CREATE TABLE saved_cuts AS
SELECT portfolio.rfm_cuts(s) AS cuts
  FROM (SELECT portfolio.summarize(txn_date, amount, '2021-12-31') s FROM orders GROUP BY customer) q;
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
SQL
}

results "$src" > "$work/before"
pg_dump "$src" > "$work/dump.sql"
q -d "$dst" -f "$work/dump.sql" > /dev/null
results "$dst" > "$work/after"

if ! diff -u "$work/before" "$work/after"; then
    echo "not ok: the restored database differs" >&2
    exit 1
fi
grep -q 'Whales' "$work/before" || { echo "not ok: the added segment is missing" >&2; exit 1; }
grep -q '^Champions|1|5|3|' "$work/before" || { echo "not ok: the edited segment is missing" >&2; exit 1; }
grep -q '^Lost|10|5|1|2|1|2|1|2|f|f$' "$work/before" || { echo "not ok: the retired segment is missing" >&2; exit 1; }
echo "ok - dump and restore keep rfm_segments edits and every result ($(wc -l < "$work/after") lines compared)"
