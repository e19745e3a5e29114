#!/usr/bin/env bash
# The manual checks itself (test/lib/docs.py): every public function and
# aggregate has a reference entry under doc/, every internal link of
# README.md and doc/*.md resolves (file and GitHub anchor), and every
# example that shows its output gives that output on the CDNOW data.
# Runs inside a cluster (scripts/test.sh): PGHOST/PGPORT/PGUSER and
# PG_BINDIR are set; the current directory is the repository root.
# Exit 0 pass, 1 fail, 77 skip (no python3 or no psql).
set -uo pipefail
cd "$(dirname "$0")/.."
if ! command -v python3 >/dev/null; then
    echo "ok - docs # SKIP python3 is not installed"
    exit 77
fi
if [ ! -x "${PG_BINDIR:-}/psql" ] && ! command -v psql >/dev/null; then
    echo "ok - docs # SKIP no psql (PG_BINDIR is not set)"
    exit 77
fi
exec python3 test/lib/docs.py
