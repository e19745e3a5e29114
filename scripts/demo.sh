#!/usr/bin/env bash
# `make demo`: install what is missing (only what the demo needs), build,
# start a throwaway PostgreSQL ($PGVERSION, 15 by default; PGVERSION=17 or 18
# as for make test), load the CDNOW transaction log and the Online Retail
# invoice lines and print the portfolio report (scripts/report.sh, the same
# one test/demo.sh checks).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

build_and_install --demo
in_cluster scripts/report.sh
