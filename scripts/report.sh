#!/usr/bin/env bash
# scripts/report.sh: print the portfolio report on stdout: CDNOW
# (scripts/report.sql), then a retailer, Online Retail
# (scripts/report_retail.sql). The one way
# to print it: `make demo` (scripts/demo.sh) shows it and test/demo.sh
# compares it with test/fixtures/demo-report.txt, both through this script,
# so they cannot drift apart.
#
# Needs a server reachable through the usual PG* variables (in_cluster of
# scripts/lib.sh sets them), PG_BINDIR (its programs) and the extension
# installed there; it creates the extension, cdnow_transactions and
# online_retail in the current database (PGDATABASE), which should
# therefore be empty.
#
# psql: -X ignores ~/.psqlrc, ON_ERROR_STOP makes any error fatal, and
# pager=off keeps the report out of a pager in a narrow terminal (the report
# also says \pset pager off for anyone who runs it by hand).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${PG_BINDIR:?PG_BINDIR (where psql is) is not set}"
exec "$PG_BINDIR/psql" -X -q -v ON_ERROR_STOP=1 -P pager=off \
    -c 'CREATE EXTENSION portfolio' \
    -f data/cdnow/load_cdnow.sql \
    -f scripts/report.sql \
    -f data/online_retail/load_online_retail.sql \
    -f scripts/report_retail.sql
