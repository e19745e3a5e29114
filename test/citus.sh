#!/usr/bin/env bash
# portfolio on a real Citus cluster: a coordinator and two workers of the
# server under test, on loopback ports, with Citus built by scripts/citus.sh
# from the shared source (skipped, exit 77, where there is none or the
# server's version is one Citus does not support: 18 for Citus 13.2).
#
# The data and the queries are sql/parallel_every.sql's: its fixture tables
# (orders, summaries, activities, accounts, surveys) and one query per
# aggregate of the extension. They are created once as local tables (schema
# single) and once distributed by customer over 32 shards (schema dist; a
# table without a customer column by its first column), and every query
# runs on both:
#  1. the answers are equal (exact text the same, floats within 1e-12
#     relative), for every aggregate;
#  2. EXPLAIN (VERBOSE) of the distributed query says where each aggregate
#     runs: the per-customer aggregates (GROUP BY the distribution column)
#     whole on the workers, every cross-customer aggregate split into worker
#     partials (worker_partial_agg) and a coordinator combine
#     (coord_combine_agg);
#  3. EXPLAIN ANALYZE works for a query returning activity values, whose
#     type has binary I/O (Citus's default binary protocol needs it), and for
#     one returning summary values with citus.enable_binary_protocol off
#     (Citus's own limit, see doc/distributed.md).
# Runs from scripts/test.sh (PGHOST/PGPORT of its cluster are set, but this
# test starts its own three servers: Citus must be preloaded).
set -euo pipefail

bin=${PG_BINDIR:-$("${PG_CONFIG:-pg_config}" --bindir)}
export PG_CONFIG=${PG_CONFIG:-$bin/pg_config}

rc=0
msg=$(scripts/citus.sh 2>/dev/null | tail -n 1) || rc=$?
case $rc in
    0) echo "# $msg" ;;
    3|4) echo "skip: $msg"; exit 77 ;;
    *) echo "not ok: scripts/citus.sh failed: $msg"; exit 1 ;;
esac

work=$(mktemp -d)
db=portfolio_citus
export PGOPTIONS="-c client_min_messages=warning"
# The servers must not run as root: as root, initdb and pg_ctl run as
# postgres; otherwise as the current user.
if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$work"
    as_owner() { (cd "$work" && runuser -u postgres -- "$@"); }
    user=postgres
else
    as_owner() { (cd "$work" && "$@"); }
    user=$(id -un)
fi
sock=$work/sock
as_owner mkdir "$sock"
nodes=(coordinator worker1 worker2)
declare -A port
started=()
cleanup() {
    local status=$? n
    set +e
    if [ $status -ne 0 ] && [ $status -ne 77 ]; then
        for n in "${started[@]}"; do
            echo "-- $n server log (last 30 lines):"; tail -n 30 "$work/$n.log"
        done
    fi
    for n in "${started[@]}"; do as_owner "$bin/pg_ctl" stop -D "$work/$n" -m immediate -s >/dev/null 2>&1; done
    rm -rf "$work"
    exit $status
}
trap cleanup EXIT
fail() { echo "not ok: $*" >&2; exit 1; }

# Each node listens on a loopback port (the nodes connect to each other by
# TCP, as Citus does) and on a socket in our directory (for psql here).
next=$((${PGPORT:-5432} + 20))
for n in "${nodes[@]}"; do
    while "$bin/pg_isready" -q -h 127.0.0.1 -p "$next" || [ -e "$sock/.s.PGSQL.$next" ]; do next=$((next + 1)); done
    port[$n]=$next
    next=$((next + 1))
    as_owner "$bin/initdb" -D "$work/$n" -U "$user" -A trust -E UTF8 --no-locale --no-sync >"$work/initdb-$n.log" 2>&1 ||
        { cat "$work/initdb-$n.log"; fail "initdb of $n failed"; }
    cat >>"$work/$n/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = ${port[$n]}
unix_socket_directories = '$sock'
shared_preload_libraries = 'citus'
fsync = off
shared_buffers = 32MB
max_connections = 100
EOF
    started+=("$n")
    as_owner "$bin/pg_ctl" start -w -t 60 -D "$work/$n" -l "$work/$n.log" -s || fail "$n did not start"
done
q() { local n=$1; shift; "$bin/psql" -X -q -v ON_ERROR_STOP=1 -At -h "$sock" -p "${port[$n]}" -U "$user" "$@"; }

for n in "${nodes[@]}"; do
    q "$n" -d postgres -c "CREATE DATABASE $db"
    q "$n" -d "$db" -c "CREATE EXTENSION citus"
done
q coordinator -d "$db" >/dev/null <<SQL
SELECT citus_set_coordinator_host('127.0.0.1', ${port[coordinator]});
SELECT citus_add_node('127.0.0.1', ${port[worker1]});
SELECT citus_add_node('127.0.0.1', ${port[worker2]});
CREATE EXTENSION portfolio;
SQL
version() { q "$1" -d "$db" -c "SELECT extversion FROM pg_extension WHERE extname = 'portfolio'"; }
[ "$(version worker1)" = "$(version coordinator)" ] && [ "$(version worker2)" = "$(version coordinator)" ] ||
    fail "CREATE EXTENSION portfolio on the coordinator did not reach the workers"
echo "ok 1 - a coordinator and two workers, with portfolio $(version coordinator) on each"

# The fixture and the cases of sql/parallel_every.sql (from its data to the
# comparison function), local in schema single.
fixture=$(sed -n '/^-- 20,000 orders of 500 customers/,/^CREATE TABLE parallel_outcome/p' sql/parallel_every.sql |
          sed '$d')
grep -q 'CREATE TABLE parallel_case' <<<"$fixture" || fail "sql/parallel_every.sql no longer has the expected layout"
{
    echo "CREATE SCHEMA single; SET search_path = single, public;"
    echo "$fixture"
} | PGOPTIONS="-c client_min_messages=error" q coordinator -d "$db" >/dev/null
q coordinator -d "$db" >/dev/null <<'SQL'
CREATE SCHEMA dist;
-- Every table of the fixture, by its customer column (or its first one).
DO $$
DECLARE
    t record;
BEGIN
    FOR t IN SELECT c.relname AS name,
                    coalesce((SELECT attname FROM pg_attribute WHERE attrelid = c.oid AND attname = 'customer'),
                             (SELECT attname FROM pg_attribute WHERE attrelid = c.oid AND attnum = 1)) AS key
               FROM pg_class c
              WHERE c.relnamespace = 'single'::regnamespace AND c.relkind = 'r' AND c.relname <> 'parallel_case' LOOP
        EXECUTE format('CREATE TABLE dist.%I (LIKE single.%I)', t.name, t.name);
        PERFORM create_distributed_table(format('dist.%I', t.name), t.key, shard_count => 32);
        EXECUTE format('INSERT INTO dist.%I SELECT * FROM single.%I', t.name, t.name);
    END LOOP;
END $$;
SQL
echo "ok 2 - the fixture of sql/parallel_every.sql, local and distributed over 32 shards"

# Every case on both; where the distributed plan runs the aggregate.
q coordinator -d "$db" >/dev/null <<'SQL'
CREATE TABLE single.citus_outcome (aggregate text, mode text, same boolean, non_null boolean);
CREATE FUNCTION single.same(e1 text, f1 float8[], e2 text, f2 float8[]) RETURNS boolean LANGUAGE sql AS $$
    SELECT e1 IS NOT DISTINCT FROM e2
       AND coalesce(array_length(f1, 1), 0) = coalesce(array_length(f2, 1), 0)
       AND NOT EXISTS (SELECT FROM unnest(f1, f2) u(a, b)
                        WHERE (a IS NULL) <> (b IS NULL) OR abs(a - b) > 1e-12 * greatest(abs(a), abs(b)))
$$;
DO $$
DECLARE
    c record;
    e1 text; f1 float8[];
    e2 text; f2 float8[];
    line text;
    plan text;
    agg text;
BEGIN
    FOR c IN SELECT * FROM single.parallel_case ORDER BY aggregate LOOP
        SET LOCAL search_path = single, public;
        EXECUTE c.query INTO e1, f1;
        SET LOCAL search_path = dist, single, public;
        EXECUTE c.query INTO e2, f2;
        plan := '';
        FOR line IN EXECUTE 'EXPLAIN (VERBOSE) ' || c.query LOOP
            plan := plan || line || E'\n';
        END LOOP;
        agg := split_part(c.aggregate, '(', 1);
        INSERT INTO single.citus_outcome
        VALUES (c.aggregate,
                CASE WHEN plan LIKE '%worker_partial_agg%' AND plan LIKE '%coord_combine_agg%' THEN 'split'
                     WHEN strpos(plan, 'Query: ') > 0
                          AND strpos(substr(plan, strpos(plan, 'Query: ')), agg || '(') > 0 THEN 'workers'
                     ELSE 'coordinator' END,
                single.same(e1, f1, e2, f2), e1 IS NOT NULL OR f1 IS NOT NULL);
    END LOOP;
END $$;
SQL
outcome=$(q coordinator -d "$db" -c "SELECT aggregate, mode, same, non_null FROM single.citus_outcome ORDER BY 1")
echo "$outcome" | sed 's/^/# /'
bad=$(awk -F '|' '$3 != "t" || $4 != "t"' <<<"$outcome")
[ -z "$bad" ] || fail "distributed answers differ from single-node ones (or are NULL): $bad"
echo "ok 3 - $(wc -l <<<"$outcome") aggregates: the distributed answers equal the single-node ones"
# Per customer (GROUP BY the distribution column): whole on the workers;
# across customers: split.
bad=$(awk -F '|' '{ per = ($1 ~ /^portfolio\.(summarize|activity)\(/) }
           (per && $2 != "workers") || (!per && $2 != "split")' <<<"$outcome")
[ -z "$bad" ] || fail "an aggregate does not run where it should: $bad"
echo "ok 4 - per-customer aggregates run whole on the workers, every other one is split into worker partials"

q coordinator -d "$db" -c "EXPLAIN (ANALYZE, VERBOSE) SELECT customer, portfolio.activity(txn_date, amount, '2021-03-31', 'month')
                             FROM dist.orders GROUP BY customer" >/dev/null ||
    fail "EXPLAIN ANALYZE of a query returning activity values"
echo "ok 5 - EXPLAIN ANALYZE of a query returning activity values (binary protocol on)"
# Citus declines binary transfer for every row type, and its binary
# protocol then fails on summary values; off, EXPLAIN ANALYZE works (the
# workaround doc/distributed.md gives).
q coordinator -d "$db" -c "SET citus.enable_binary_protocol = off" \
  -c "EXPLAIN (ANALYZE) SELECT customer, portfolio.summarize(txn_date, amount, '2021-03-31') FROM dist.orders GROUP BY customer" \
  >/dev/null || fail "EXPLAIN ANALYZE of a query returning summary values, binary protocol off"
echo "ok 6 - EXPLAIN ANALYZE of a query returning summary values (binary protocol off)"
