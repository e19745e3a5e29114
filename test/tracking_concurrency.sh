#!/usr/bin/env bash
# portfolio.track_orders under concurrent sessions (READ COMMITTED unless
# said otherwise):
#  1. two sessions insert orders of the same existing and new customer; the
#     second waits for the first to commit; nothing is lost;
#  2. a session inserts an order of a customer whose last order another
#     session is deleting: the row comes back with the new order;
#  3. bulk statements touching overlapping customers in opposite orders,
#     started together, five rounds: no deadlock;
#  4. refresh_alerts makes writers wait and loses none of their changes;
#  5. REPEATABLE READ: the session that would compute from a stale snapshot
#     gets a serialization failure (40001) instead, for an update and for a
#     deletion of the customer's row by the other session;
#  6. the follow-up agenda: followups waits for no writer of orders or
#     contacts, nor for refresh_alerts, and sees what they have committed.
# After each step the summary table equals a fresh summarize of the orders.
# Runs inside a cluster (scripts/test.sh): PGHOST/PGPORT/PGUSER are set.
set -euo pipefail

# This server's programs: a bare psql or pg_dump is Debian's pg_wrapper's
# choice (the newest packaged version), not necessarily the server under test.
bin=${PG_BINDIR:-$("${PG_CONFIG:-pg_config}" --bindir)}

db=portfolio_tracking_concurrency
work=$(mktemp -d)
pids=()
cleanup() {
    local p
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    "$bin/dropdb" --if-exists "$db" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

export PGOPTIONS="-c client_min_messages=warning"
q() { "$bin/psql" -X -q -v ON_ERROR_STOP=1 -At -d "$db" "$@"; }
fail() { echo "not ok: $*" >&2; for f in "$work"/*.out; do echo "--- $f" >&2; cat "$f" >&2; done; exit 1; }

# A session: psql reading statements from a FIFO, named by application_name.
start() {
    mkfifo "$work/$1.in"
    PGAPPNAME=$1 "$bin/psql" -X -q -At -d "$db" -v VERBOSITY=sqlstate <"$work/$1.in" >"$work/$1.out" 2>&1 &
    pids+=($!)
    eval "exec {fd_$1}>\"\$work/$1.in\""
}
send() { local fd="fd_$1"; printf '%s\n' "$2" >&"${!fd}"; }
# sync SESSION: wait until the session has run everything sent so far.
sync_n=0
sync() {
    sync_n=$((sync_n + 1))
    send "$1" "\\! touch $work/$1.sync$sync_n"
    for _ in $(seq 200); do
        [ -e "$work/$1.sync$sync_n" ] && return 0
        sleep 0.05
    done
    fail "session $1 did not finish its statements"
}
# waits SESSION: whether it waits for a lock (checked for up to 10 s).
waits() {
    for _ in $(seq 200); do
        [ "$(q -c "SELECT count(*) FROM pg_stat_activity
                    WHERE application_name = '$1' AND wait_event_type = 'Lock'")" = 1 ] && return 0
        sleep 0.05
    done
    return 1
}
check() {  # STEP: the summary table equals a fresh summarize
    local n
    n=$(q -c "SELECT mismatches()")
    [ "$n" = 0 ] || fail "$1: $n customers differ from a fresh summarize"
}

"$bin/dropdb" --if-exists "$db"
"$bin/createdb" "$db"
q <<'SQL'
CREATE EXTENSION portfolio;
CREATE TABLE orders (id bigserial, customer int, d date, amount numeric(12, 2));
INSERT INTO orders (customer, d, amount)
SELECT c, current_date - 7 * k, 10 FROM generate_series(1, 50) c, generate_series(1, 4) k;
SELECT portfolio.track_orders('orders', 'customer', 'd', 'amount');
CREATE TABLE contacts (customer int, contacted_at timestamptz, outcome text, channel text);
CREATE FUNCTION mismatches() RETURNS bigint LANGUAGE sql AS $$
    WITH f AS (SELECT customer, portfolio.summarize(d, amount, current_date) AS s
                 FROM orders WHERE customer IS NOT NULL GROUP BY customer)
    SELECT count(*) FROM (SELECT * FROM f WHERE (s).first_date IS NOT NULL) f
      FULL JOIN orders_portfolio x USING (customer)
     WHERE f.s IS NULL OR x.customer IS NULL OR x.as_of <> current_date
        OR ROW(x.first_date, x.last_date, x.transactions, x.periods, x.frequency, x.recency,
               x.age, x.days_since_last, x.total_amount, x.avg_amount, x.monetary, x.mean_gap,
               x.gap_stddev, x.max_gap, x.last_gap, x.unit)::portfolio.summary
           IS DISTINCT FROM ROW((f.s).first_date, (f.s).last_date, (f.s).transactions, (f.s).periods, (f.s).frequency,
                   (f.s).recency, (f.s).age, (f.s).days_since_last, (f.s).total_amount, round((f.s).avg_amount, 2),
                   round((f.s).monetary, 2), (f.s).mean_gap, (f.s).gap_stddev, (f.s).max_gap, (f.s).last_gap,
                   (f.s).unit)::portfolio.summary
        OR x.lifecycle IS DISTINCT FROM portfolio.lifecycle_stage(f.s)::text
        OR x.alert IS DISTINCT FROM portfolio.alert_level(f.s)::text
$$;
SQL
start s1
start s2
start s0

# 1. The same customers (1 exists, 100 is new) from two transactions.
send s1 "BEGIN; INSERT INTO orders (customer, d, amount) VALUES (1, current_date, 1), (100, current_date, 1);"
sync s1
send s2 "BEGIN; INSERT INTO orders (customer, d, amount) VALUES (1, current_date - 1, 2), (100, current_date - 1, 2);"
waits s2 || fail "1: session 2 did not wait for session 1"
send s1 "COMMIT;"
sync s1
sync s2
send s2 "COMMIT;"
sync s2
check "1"
[ "$(q -c "SELECT transactions || ' ' || total_amount FROM orders_portfolio WHERE customer = 1")" = "6 43.00" ] ||
    fail "1: customer 1 lost an order"
[ "$(q -c "SELECT transactions || ' ' || total_amount FROM orders_portfolio WHERE customer = 100")" = "2 3.00" ] ||
    fail "1: customer 100 lost an order"
echo "ok 1 - two transactions inserting orders of the same customers: the second waits, nothing is lost"

# 2. One session deletes customer 7's orders (its row goes), the other
#    inserts one: the row comes back with the new order only.
send s1 "BEGIN; DELETE FROM orders WHERE customer = 7;"
sync s1
send s2 "INSERT INTO orders (customer, d, amount) VALUES (7, current_date, 5);"
waits s2 || fail "2: session 2 did not wait for session 1"
send s1 "COMMIT;"
sync s1
sync s2
check "2"
[ "$(q -c "SELECT transactions || ' ' || total_amount FROM orders_portfolio WHERE customer = 7")" = "1 5.00" ] ||
    fail "2: customer 7 should have its new order only"
echo "ok 2 - an insert waiting for the deletion of the customer's row brings the row back"

# 3. Bulk statements over customers 1..400 (200 of them new), one session in
#    ascending and the other in descending order, released together by an
#    advisory lock; then each moves its rows to the next customer.
for round in 1 2 3 4 5; do
    send s0 "SELECT pg_advisory_lock(42);"
    sync s0
    for s in s1 s2; do
        if [ $s = s1 ]; then dir=ASC amt=1; else dir=DESC amt=2; fi
        send $s "BEGIN; SELECT pg_advisory_xact_lock_shared(42);
INSERT INTO orders (customer, d, amount)
SELECT c, current_date - (c * $round) % 90, $amt FROM generate_series(1, 400) c ORDER BY c $dir;
UPDATE orders SET customer = customer % 400 + 1 WHERE amount = $amt AND d = current_date - ($round * 3) % 90;
COMMIT;"
    done
    waits s1 || fail "3: session 1 is not at the barrier"
    waits s2 || fail "3: session 2 is not at the barrier"
    send s0 "SELECT pg_advisory_unlock(42);"
    sync s1
    sync s2
done
if grep -q . "$work/s1.out" "$work/s2.out"; then
    fail "3: a session reported an error"
fi
check "3"
echo "ok 3 - bulk statements over the same customers in opposite orders: no deadlock, nothing lost"

# 4. refresh_alerts holds the table; a writer waits and its change survives.
send s1 "BEGIN; SELECT portfolio.refresh_alerts('orders') >= 0;"
sync s1
send s2 "INSERT INTO orders (customer, d, amount) VALUES (5, current_date, 7);"
waits s2 || fail "4: the writer did not wait for refresh_alerts"
send s1 "COMMIT;"
sync s1
sync s2
check "4"
echo "ok 4 - a writer waits for refresh_alerts and its change is kept"

# 5. REPEATABLE READ: session 1's snapshot predates session 2's change to
#    customer 3 (an update of its row) and to customer 8 (its row deleted).
#    Session 1 tries to commit: both statements must fail with a
#    serialization failure (40001), and the summary table stay exact. (Before
#    the trigger locked the rows its snapshot sees first, the deleted row of
#    customer 8 was sometimes passed over and a summary from the old snapshot
#    committed, depending on where the placeholder row landed.)
#    VACUUM first frees room at the start of the summary table, so that a
#    placeholder lands before the customers' rows, as it did when the bug
#    showed.
q -c "VACUUM orders_portfolio"
: >"$work/s1.out"
send s1 "BEGIN ISOLATION LEVEL REPEATABLE READ; SELECT count(*) > 0 FROM orders;"
sync s1
send s2 "INSERT INTO orders (customer, d, amount) VALUES (3, current_date, 5);"
sync s2
send s1 "INSERT INTO orders (customer, d, amount) VALUES (3, current_date, 6);"
send s1 "COMMIT;"
send s1 "BEGIN ISOLATION LEVEL REPEATABLE READ; SELECT count(*) > 0 FROM orders;"
sync s1
send s2 "DELETE FROM orders WHERE customer = 8;"
sync s2
send s1 "INSERT INTO orders (customer, d, amount) VALUES (8, current_date, 6);"
send s1 "COMMIT;"
sync s1
[ "$(grep -c '^ERROR:  40001$' "$work/s1.out")" = 2 ] || fail "5: expected two serialization failures"
check "5"
echo "ok 5 - REPEATABLE READ: serialization failures (40001) instead of stale summaries"

# 6. Writers of contacts and orders hold their transactions open, and
#    refresh_alerts holds the summary table: followups answers at once
#    (statement_timeout 5 s) from what is committed.
agenda() {  # CUSTOMER: its last outcome, awaiting_answer and last order
    PGOPTIONS="$PGOPTIONS -c statement_timeout=5s" q -c "
        SELECT coalesce(last_outcome, '-') || ' ' || awaiting_answer || ' ' || (current_date - last_order)
          FROM portfolio.followups('orders', 'contacts', within_days => 365) WHERE customer = '$1'"
}
send s1 "BEGIN; INSERT INTO contacts VALUES (20, now(), 'awaiting', 'email');"
send s2 "BEGIN; INSERT INTO orders (customer, d, amount) VALUES (21, current_date, 3); INSERT INTO contacts VALUES (21, now() - interval '1 day', 'awaiting', 'phone');"
sync s1
sync s2
[ "$(agenda 20)" = "- false 7" ] || fail "6: followups saw an uncommitted contact or waited: $(agenda 20)"
[ "$(agenda 21)" = "- false 7" ] || fail "6: followups saw an uncommitted order: $(agenda 21)"
send s1 "COMMIT;"
send s2 "COMMIT;"
sync s1
sync s2
send s1 "BEGIN; SELECT portfolio.refresh_alerts('orders') >= 0;"
sync s1
[ "$(agenda 20)" = "awaiting true 7" ] || fail "6: a committed contact is not on the agenda: $(agenda 20)"
[ "$(agenda 21)" = "awaiting false 0" ] || fail "6: an order after the contact does not answer it: $(agenda 21)"
send s1 "COMMIT;"
sync s1
check "6"
echo "ok 6 - followups waits for no writer nor refresh_alerts and sees what they committed"

for s in s0 s1 s2; do
    eval "exec {fd_$s}>&-"
done
wait
pids=()
echo "ok - tracking under concurrent sessions"
