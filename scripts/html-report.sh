#!/usr/bin/env bash
# `make report` (scripts/html-report.sh OUTPUT.html): like `make demo`,
# install what is missing (what the demo needs, and python3), build, start a
# throwaway PostgreSQL ($PGVERSION, 15 by default), load the CDNOW
# transaction log, then write the HTML portfolio report of it with
# scripts/html_report.py: one self-contained file, nine charts. For one's own
# data, run scripts/html_report.py against one's own database (doc/report.md).
set -euo pipefail
out=${1:?usage: scripts/html-report.sh OUTPUT.html}
cd "$(dirname "$0")/.."
. scripts/lib.sh

deps=()
command -v python3 >/dev/null || deps=(python3)
build_and_install --demo "${deps[@]}"
write_report() {
    "$PG_BINDIR/psql" -X -q -v ON_ERROR_STOP=1 -c 'SET client_min_messages = warning' \
        -c 'CREATE EXTENSION portfolio' -f data/cdnow/load_cdnow.sql
    PSQL=$PG_BINDIR/psql python3 scripts/html_report.py --title 'CDNOW customer portfolio' --output "$out"
}
in_cluster write_report
echo "wrote $out"
