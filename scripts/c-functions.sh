#!/usr/bin/env bash
# The C functions that extension scripts name, and whether a library exports
# them all. Written once for test/upgrade.sh (the library make install put in
# place) and scripts/package-test.sh (the library of the Debian package).
#
#   scripts/c-functions.sh SCRIPT...
#       prints the link symbols the scripts name, one a line, sorted
#   scripts/c-functions.sh --check LIBRARY SCRIPT...
#       exits 1, naming them, if LIBRARY (nm -D --defined-only) lacks any of
#       them, or if the scripts name fewer than 100 (then the extraction no
#       longer matches how the scripts are written); else prints the count
#
# A C function is named by its second AS string ('MODULE_PATHNAME',
# 'symbol'), or by its SQL name when there is none. Old scripts count too: a
# database that has not run ALTER EXTENSION UPDATE yet calls the old names.
set -euo pipefail

library=
if [ "${1:-}" = --check ]; then
    library=$2
    shift 2
fi
[ $# -gt 0 ] || { echo "usage: $0 [--check LIBRARY] SCRIPT..." >&2; exit 2; }

named=$(cat "$@" | tr '\n' ' ' | grep -oE "CREATE FUNCTION [^(]+\([^;]*LANGUAGE C[^;]*" |
        sed -E "s/^CREATE FUNCTION (@extschema@|portfolio_internal)\.([a-z0-9_]+)\(.*'MODULE_PATHNAME', '([a-z0-9_]+)'.*/\3/;
                s/^CREATE FUNCTION (@extschema@|portfolio_internal)\.([a-z0-9_]+)\(.*/\2/" | sort -u)
if [ -z "$library" ]; then
    echo "$named"
    exit 0
fi

count=$(echo "$named" | grep -c . || true)
if [ "$count" -lt 100 ]; then
    echo "c-functions.sh: found only $count C functions in $*" >&2
    exit 1
fi
exported=$(nm -D --defined-only "$library" | awk '{print $3}' | sort -u)
missing=$(comm -23 <(echo "$named") <(echo "$exported"))
if [ -n "$missing" ]; then
    echo "c-functions.sh: C functions named by the scripts but missing from $library:" $missing >&2
    exit 1
fi
echo "$count"
