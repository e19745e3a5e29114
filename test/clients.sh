#!/usr/bin/env bash
# The BI workload from the clients BI tools and notebooks use, each with its
# default settings: pgJDBC (Metabase, Tableau, Power BI, DBeaver), psycopg 3,
# psycopg2 through pandas, and node-postgres.  Every client runs the same
# test/clients/workload.txt against CDNOW: the one-call functions with a
# bound parameter for every argument, their rows equal, value by value, to
# the functions they are made of called directly, no composite arriving as
# a string, filters bound as strings (on customers() and on a tracked
# orders table, refreshed as of 1998-06-30), the SQLSTATE, detail and hint of
# errors without internal context, and a dashboard of concurrent
# connections (its p50/p95 per query are printed as TAP comments).
#
# pgJDBC speaks TCP only, so this starts a cluster of its own on 127.0.0.1
# at a free port.  node-postgres comes from npm (test/clients/package.json
# and its lock file), installed once into a cache outside the repository.
# Skipped (77) when a client is not installed: scripts/ensure-deps.sh
# installs them for `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
. test/lib/requirements.sh

jdbc=/usr/share/java/postgresql.jar
missing=()
[ -f "$jdbc" ] && command -v java >/dev/null || missing+=("pgJDBC (default-jdk-headless, libpostgresql-jdbc-java)")
/usr/bin/python3 -c 'import psycopg, psycopg2, pandas' 2>/dev/null || missing+=("python3-psycopg, python3-psycopg2, python3-pandas")
command -v node >/dev/null && command -v npm >/dev/null || missing+=("nodejs and npm")
skip_if_missing "${missing[@]}"
skip_without_cdnow

# node-postgres, installed from the lock file when it changed.
npm_cached test/clients clients-node pg

free_port() {
    /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

run_clients() {
    export PGHOST=127.0.0.1 PGPORT=$1 PGDATABASE=portfolio_clients PGUSER=postgres
    "$PG_BINDIR/createdb" "$PGDATABASE"
    "$PG_BINDIR/psql" -X -q -v ON_ERROR_STOP=1 -c 'SET client_min_messages = warning' \
        -c 'CREATE EXTENSION portfolio' -f data/cdnow/load_cdnow.sql \
        -c 'CREATE TABLE orders AS SELECT * FROM cdnow_transactions' \
        -c "SELECT portfolio.track_orders('orders', 'customer_id', 'txn_date', 'amount', NULL, 'week', 'UTC')" \
        -c "SELECT portfolio.refresh('orders', DATE '1998-06-30')" -c 'ANALYZE' >/dev/null
    local rc=0 workload=test/clients/workload.txt
    java -cp "$jdbc" test/clients/Clients.java "$workload" || rc=1
    /usr/bin/python3 test/clients/clients.py psycopg "$workload" || rc=1
    /usr/bin/python3 test/clients/clients.py psycopg2 "$workload" || rc=1
    NODE_PATH=$node_dir/node_modules node test/clients/clients.js "$workload" || rc=1
    return $rc
}

port=$(free_port)
# A cluster of our own (in_cluster's is on a Unix socket only); trust for
# 127.0.0.1 is initdb's -A trust.
in_cluster -o "listen_addresses = '127.0.0.1'" -o "port = $port" \
    bash -c "set -euo pipefail; $(declare -f run_clients); jdbc=$(printf %q "$jdbc");
             node_dir=$(printf %q "$node_dir"); run_clients $port"
