#!/usr/bin/env bash
# `make psql`: a psql session on a throwaway cluster with portfolio ready to
# try: install what is missing, build and install the extension, start a
# cluster of PostgreSQL $PGVERSION (15 unless PGVERSION=17 or 18, as for the
# other scripts), create the database "portfolio" with the extension in it and
# its schema on the search_path (public, portfolio), load the CDNOW
# transaction log into the table cdnow_transactions, then run psql. When psql
# exits, the cluster is stopped and its directory removed: nothing is kept.
#
#   make psql                         interactive
#   make psql PGVERSION=18
#   make psql ARGS='-c "select 1"'    arguments for psql (not interactive)
#   scripts/psql.sh -X -c 'select count(*) from cdnow_transactions'
#
# The arguments go to psql unchanged; its exit status is the script's. psql
# runs in the repository root (so `\i data/cdnow/load_cdnow.sql` works), as
# the superuser postgres, with PGDATABASE=portfolio (a bare \c reconnects to
# it) and the cluster's PGHOST and PGPORT. It reads ~/.psqlrc unless given
# -X. Everything but psql's own output (the build, the setup) goes to stderr.
#
# Ctrl-C in psql cancels the running query and nothing else: on a terminal,
# psql runs as its own foreground job (set -m), so the interrupt reaches only
# psql, not this script, the cluster or make. Ctrl-Z cannot suspend the
# session (make would not give the shell back anyway): psql is resumed.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

if [ "${1:-}" != --in-cluster ]; then
    # what make demo installs (the server), not the test tools
    build_and_install --demo >&2
    status=$(mktemp)
    trap 'rm -f "$status"' EXIT
    # psql's exit status goes through a file: an error in a -c command is
    # psql's to report, not a reason for in_cluster to print the server log.
    in_cluster "$0" --in-cluster "$status" "$@" || exit
    exit "$(cat "$status")"
fi

# ---- inside the cluster ------------------------------------------------------
status=$2
shift 2
setup=("$PG_BINDIR/psql" -X -q -v ON_ERROR_STOP=1)
"$PG_BINDIR/createdb" portfolio
export PGDATABASE=portfolio
"${setup[@]}" >&2 <<'EOF'
CREATE EXTENSION portfolio;
ALTER DATABASE portfolio SET search_path = public, portfolio;
\i data/cdnow/load_cdnow.sql
EOF

if [ -t 0 ]; then
    rows=$("${setup[@]}" -A -t -c 'SELECT count(*) FROM cdnow_transactions')
    echo "portfolio $("${setup[@]}" -A -t -c "SELECT extversion FROM pg_extension WHERE extname = 'portfolio'")" \
         "on PostgreSQL $PGVERSION, database portfolio, search_path public, portfolio;" \
         "cdnow_transactions has $rows rows. The cluster is removed when psql exits." >&2
    # Job control: psql becomes its own process group and gets the terminal,
    # so that Ctrl-C (SIGINT to the terminal's foreground group) reaches it
    # alone.
    set -m
fi
rc=0
"$PG_BINDIR/psql" "$@" || rc=$?
# Ctrl-Z stops psql, and there is no shell here to come back to (make and
# the shell that ran it do not see it): resume psql rather than go on and
# remove the cluster under it.
while [ -n "$(jobs -sp)" ]; do
    echo "psql was stopped (Ctrl-Z), which would leave it without its cluster: resuming it" >&2
    rc=0
    fg >/dev/null || rc=$?
done
echo "$rc" > "$status"
