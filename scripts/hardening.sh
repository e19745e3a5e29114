#!/usr/bin/env bash
# `make hardening` (and .ci/run, after `make test`): the checks that need
# their own builds, so they run one after the other, never beside `make test`
# (each installs the extension system-wide):
#   1. scripts/sanitize.sh: pg_regress, pgTAP, the shell tests and the unit
#      tests against an AddressSanitizer + UBSan build, runtime preloaded into
#      its own server; it reinstalls the normal build at the end;
#   2. the unit tests under valgrind (make unittest-valgrind);
#   3. each libFuzzer harness for 15 s (make fuzz-c-ci).
# Installs clang, its fuzzer runtime and valgrind when missing. Ends with one
# line per step and exits non-zero if any failed.
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

scripts/ensure-deps.sh clang libclang-rt-14-dev valgrind || exit 1

results=() failed=0
step() {  # NAME COMMAND...
    local name=$1 t0=$SECONDS
    shift
    echo "== $name"
    if "$@"; then
        results+=("ok - $name ($((SECONDS - t0)) s)")
    else
        results+=("not ok - $name ($((SECONDS - t0)) s)")
        failed=$((failed + 1))
    fi
}
step "sanitizers: every suite under ASan + UBSan" scripts/sanitize.sh
step "unit tests under valgrind" make -s unittest-valgrind
step "libFuzzer harnesses, 15 s each" make -s fuzz-c-ci PG_CONFIG="$PG_CONFIG"

printf '%s\n' "${results[@]}"
[ "$failed" -eq 0 ]
