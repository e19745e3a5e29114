#!/usr/bin/env bash
# A tracked bulk insert killed in the middle (kill -9 of its backend): the
# server restarts through crash recovery, and the orders and the summary
# table are both as before the statement, since the triggers write in the
# statement's own transaction. Then a bulk insert run to the end keeps the
# summary exact.
#
# The crash would restart every session of the cluster of the other tests
# and put "terminated by signal" in its log, which the test runs read as a
# crash of ours: so this test starts a cluster of its own, with the server
# under test (PG_BINDIR), and stops it at the end.
set -euo pipefail

bin=${PG_BINDIR:-$("${PG_CONFIG:-pg_config}" --bindir)}
work=$(mktemp -d)
chmod 755 "$work"
as_owner() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" -eq 0 ] && chown postgres: "$work"
started=no
cleanup() {
    [ $started = yes ] && as_owner "$bin/pg_ctl" stop -D "$work/data" -m immediate >/dev/null 2>&1
    rm -rf "$work"
}
trap cleanup EXIT
(cd / && as_owner "$bin/initdb" -D "$work/data" -U postgres -A trust --no-sync) >"$work/initdb.log" 2>&1 ||
    { cat "$work/initdb.log"; exit 1; }
printf '%s\n' "listen_addresses = ''" "unix_socket_directories = '$work'" "fsync = off" >>"$work/data/postgresql.conf"
(cd / && as_owner "$bin/pg_ctl" start -D "$work/data" -l "$work/server.log" -w -t 120) >/dev/null ||
    { tail -n 50 "$work/server.log"; exit 1; }
started=yes
export PGHOST=$work PGPORT=5432 PGUSER=postgres PGDATABASE=postgres
unset PGPASSWORD PGSERVICE PGHOSTADDR
db=portfolio_tracking_crash
export PGOPTIONS="-c client_min_messages=warning"
q() { "$bin/psql" -X -q -v ON_ERROR_STOP=1 -At -d "$db" "$@"; }
fail() { echo "not ok: $*" >&2; exit 1; }

"$bin/createdb" "$db"
q >/dev/null <<'SQL'
CREATE EXTENSION portfolio;
CREATE TABLE orders (customer int, d date, amount numeric(12, 2));
INSERT INTO orders SELECT c, date '2024-01-01' + c % 300, 10 FROM generate_series(1, 1000) c;
SELECT portfolio.track_orders('orders', 'customer', 'd', 'amount');
CREATE FUNCTION mismatches() RETURNS bigint LANGUAGE sql AS $$
    WITH fresh AS (SELECT customer, (s).transactions, (s).total_amount, (s).first_date, (s).last_date
                     FROM (SELECT customer, portfolio.summarize(d, amount, current_date) AS s
                             FROM orders GROUP BY customer) AS o),
         tracked AS (SELECT customer, transactions, total_amount, first_date, last_date FROM orders_portfolio)
    SELECT count(DISTINCT customer)
      FROM ((TABLE fresh EXCEPT TABLE tracked) UNION ALL (TABLE tracked EXCEPT TABLE fresh)) AS d $$;
SQL
before=$(q -c "SELECT count(*) || ' ' || sum(total_amount) FROM orders_portfolio")

# A bulk insert of N rows (3,000,000: long enough to be killed in its
# triggers' work or before).
bulk() { echo "INSERT INTO orders SELECT c % 50000, date '2024-01-01' + c % 300, 1 FROM generate_series(1, $1) c"; }
PGAPPNAME=portfolio_bulk "$bin/psql" -X -q -d "$db" -c "$(bulk 3000000)" >"$work/bulk.out" 2>&1 &
bulk_pid=$!
pid=
for _ in $(seq 100); do
    pid=$(q -c "SELECT pid FROM pg_stat_activity WHERE application_name = 'portfolio_bulk' AND state = 'active'")
    [ -n "$pid" ] && break
    sleep 0.1
done
[ -n "$pid" ] || fail "the bulk insert did not start"
sleep 2
kill -9 "$pid" 2>/dev/null || fail "could not kill backend $pid"
wait "$bulk_pid" && fail "the killed insert reported success"
# Crash recovery: wait until the server accepts connections again.
for _ in $(seq 300); do
    q -c "SELECT 1" >/dev/null 2>&1 && break
    sleep 0.2
done
q -c "SELECT 1" >/dev/null || fail "the server did not come back after the crash"

[ "$(q -c "SELECT count(*) FROM orders")" = 1000 ] || fail "the killed insert left orders behind"
[ "$(q -c "SELECT count(*) || ' ' || sum(total_amount) FROM orders_portfolio")" = "$before" ] ||
    fail "the summary table changed though the insert was rolled back"
[ "$(q -c "SELECT mismatches()")" = 0 ] || fail "after the crash the summary differs from a fresh summarize"
echo "ok 1 - a bulk insert killed with -9: orders and summary both as before"

q -c "$(bulk 300000)"
[ "$(q -c "SELECT mismatches()")" = 0 ] || fail "after the bulk insert the summary differs from a fresh summarize"
echo "ok 2 - a bulk insert run to the end: the summary is exact"
