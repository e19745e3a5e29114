#!/usr/bin/env bash
# `make demo`: install what is missing, build, start a throwaway PostgreSQL 15,
# load the CDNOW transaction log and print the portfolio report.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

build_and_install
# One psql session; -X ignores ~/.psqlrc, ON_ERROR_STOP makes any error fatal.
in_cluster "$PG_BINDIR/psql" -X -q -v ON_ERROR_STOP=1 \
    -c 'CREATE EXTENSION portfolio' \
    -f data/cdnow/load_cdnow.sql \
    -f scripts/report.sql
