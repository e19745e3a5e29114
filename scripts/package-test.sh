#!/usr/bin/env bash
# `make package-test` (and .ci/run, after `make test`): build the Debian
# package from a clean clone of HEAD and test what it installs.
#   1. build deps   install what debian/control asks for, if anything is missing
#   2. clear        purge an installed package, remove whatever make install
#                   put at the package's paths, so the tests see the package
#                   only (the server falls back to the system's files when it
#                   cannot read the build tree's: none must be there)
#   3. build        dpkg-buildpackage -us -uc -b in a temporary clone of HEAD;
#                   its build-time installcheck must run every sql/*.sql
#   4. install      dpkg -i postgresql-NN-portfolio_*.deb
#   5. dpkg -V      the installed files are the packaged ones (silent)
#   6. contents     the library, the control file and every install and
#                   upgrade script of the tree, and nothing else but docs
#   7. nm -D        the packaged library exports every C function that any
#                   packaged script names (scripts/c-functions.sh)
#   8. installcheck the autopkgtest (debian/tests/installcheck: pg_buildext
#                   installcheck, i.e. make installcheck from the clone in a
#                   pg_virtualenv cluster, nothing built or installed) must
#                   pass every sql/*.sql against the installed package
#   9. restore      purge the package and make install this tree's own
#                   build, so the suites after this one see that
# Step 9 runs whenever step 2 or later ran, even after a failure. It prints
# one line per step; the full log is in a temporary file, named (and kept)
# on failure. Needs root. It installs into the system PostgreSQL, so it
# holds /tmp/portfolio-pg15.lock for its whole run: it takes the lock
# itself, unless it runs under a flock of that file already.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
top=$PWD
. scripts/lib.sh

# Hold the lock unless a process this one runs under holds it already
# (flock /tmp/portfolio-pg15.lock bash .ci/run): taking it again would wait
# forever. /proc/locks names the process that holds a flock and the inode.
lock=/tmp/portfolio-pg15.lock
under_lock() {
    local inode holders p
    inode=$(stat -c %i "$lock" 2>/dev/null) || return 1
    holders=" $(awk -v i="$inode" '$2 == "FLOCK" && $4 == "WRITE" {
                    n = split($6, d, ":"); if (d[n] == i) print $5 }' /proc/locks | tr '\n' ' ')"
    p=$$
    while [ -n "$p" ] && [ "$p" -gt 1 ]; do
        case $holders in *" $p "*) return 0 ;; esac
        p=$(ps -o ppid= -p "$p" | tr -d ' ')
    done
    return 1
}
if ! under_lock; then
    exec flock "$lock" "$0" "$@"
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "package-test.sh installs a package: run it as root" >&2
    exit 1
fi

major=$("$PG_CONFIG" --version | sed -E 's/^PostgreSQL ([0-9]+).*/\1/')
package=postgresql-$major-portfolio
pkglibdir=$("$PG_CONFIG" --pkglibdir)
extdir=$("$PG_CONFIG" --sharedir)/extension
work=$(mktemp -d)
# The build-time tests' server runs as postgres and reads the package tree
# in the clone (extension_destdir): mktemp's 0700 would hide it.
chmod 755 "$work"
log=$(mktemp --tmpdir portfolio-package-test.XXXXXX.log)
src=$work/src
status=0 touched=0 t_start=$SECONDS

pass() { echo "ok - $1 ($((SECONDS - t0)) s)"; }
die() {  # STEP MESSAGE: the step failed, stop here (the EXIT trap restores)
    echo "not ok - $1: $2 ($((SECONDS - t0)) s)"
    status=1
    exit 1
}
run() { "$@" >>"$log" 2>&1; }
# "All N tests passed." of pg_regress, the last one in FILE, or 0.
regress_passed() {
    sed -n 's/^ *All \([0-9]\+\) tests passed\. *$/\1/p' "$1" | tail -n 1 | grep . || echo 0
}

restore() {
    if [ "$touched" = 1 ]; then
        t0=$SECONDS
        if run dpkg --purge "$package" && run build_and_install; then
            pass "restore: $package purged, this tree's build installed again"
        else
            echo "not ok - restore: dpkg --purge $package or build_and_install failed"
            status=1
        fi
    fi
    rm -rf "$work"
    if [ "$status" -eq 0 ]; then
        echo "# package test passed in $((SECONDS - t_start)) s"
        rm -f "$log"
    else
        echo "# package test failed after $((SECONDS - t_start)) s; log: $log"
    fi
    exit "$status"
}
trap restore EXIT

# 1. build deps -----------------------------------------------------------------
t0=$SECONDS
run scripts/ensure-deps.sh dpkg-dev git binutils || die "build deps" "scripts/ensure-deps.sh failed"
sha=$(git rev-parse HEAD) || die "build deps" "not a git checkout"
run git clone -q --shared --no-checkout "$top" "$src" || die "build deps" "git clone failed"
run git -C "$src" checkout -q --detach "$sha" || die "build deps" "git checkout $sha failed"
if ! (cd "$src" && dpkg-checkbuilddeps) >>"$log" 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    run apt-get update -qq || die "build deps" "apt-get update failed"
    (cd "$src" && apt-get build-dep -y -qq --no-install-recommends ./) >>"$log" 2>&1 ||
        die "build deps" "apt-get build-dep failed"
fi
pass "build deps (clone of ${sha:0:12})"

regress=("$src"/sql/*.sql)
full=${#regress[@]}

# 2. clear ----------------------------------------------------------------------
t0=$SECONDS
touched=1
if dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null | grep -qv '^not-installed$'; then
    run dpkg --purge "$package" || die "clear" "dpkg --purge $package failed"
fi
rm -rf "$extdir"/portfolio.control "$extdir"/portfolio--*.sql "$pkglibdir"/portfolio.so \
       "$pkglibdir"/bitcode/portfolio.index.bc "$pkglibdir"/bitcode/portfolio
pass "clear: no $package, nothing of make install's left"

# 3. build ----------------------------------------------------------------------
t0=$SECONDS
(cd "$src" && dpkg-buildpackage -us -uc -b) >>"$log" 2>&1 || die "build" "dpkg-buildpackage -us -uc -b failed"
deb=$(echo "$work/${package}"_*.deb)
[ -f "$deb" ] || die "build" "no $package .deb was built (debian/pgversions and $PG_CONFIG disagree?)"
built_tests=$(regress_passed "$log")
[ "$built_tests" -eq "$full" ] ||
    die "build" "the build-time installcheck passed $built_tests tests, not all $full"
pass "build: $(basename "$deb"), build-time installcheck $built_tests of $full"

# 4. install --------------------------------------------------------------------
t0=$SECONDS
run dpkg -i "$deb" || die "install" "dpkg -i $(basename "$deb") failed"
pass "install: dpkg -i $(basename "$deb")"

# 5. dpkg -V --------------------------------------------------------------------
t0=$SECONDS
verify=$(dpkg -V "$package" 2>&1)
[ -z "$verify" ] || { echo "$verify" >>"$log"; die "dpkg -V" "$(echo "$verify" | head -n 3 | tr '\n' ' ')"; }
pass "dpkg -V $package: silent"

# 6. contents -------------------------------------------------------------------
t0=$SECONDS
files=$(dpkg -L "$package" | while read -r f; do [ -d "$f" ] || echo "$f"; done)
current=$(sed -n "s/^default_version = '\(.*\)'/\1/p" "$src/portfolio.control")
for f in portfolio.control portfolio--0.1.0.sql "portfolio--$current.sql" \
         $(cd "$src" && echo portfolio--*--*.sql); do
    echo "$files" | grep -qxF "$extdir/$f" || die "contents" "$f is not in the package"
done
echo "$files" | grep -qxF "$pkglibdir/portfolio.so" || die "contents" "portfolio.so is not in the package"
others=$(echo "$files" | grep -vE "^($extdir/portfolio(\.control|--.*\.sql)|$pkglibdir/portfolio\.so|$pkglibdir/bitcode/portfolio(\.index\.bc|/.*\.bc)|/usr/share/doc/$package/.*)\$" || true)
[ -z "$others" ] || die "contents" "unexpected files: $(echo "$others" | head -n 3 | tr '\n' ' ')"
pass "contents: $(echo "$files" | grep -c '\.sql$') SQL scripts, the control file, portfolio.so and its bitcode, docs"

# 7. nm -D ----------------------------------------------------------------------
t0=$SECONDS
scripts_in_package=$(echo "$files" | grep "^$extdir/portfolio--.*\.sql\$")
# shellcheck disable=SC2086  # one path a word
n=$("$src"/scripts/c-functions.sh --check "$pkglibdir/portfolio.so" $scripts_in_package 2>>"$log") ||
    die "nm -D" "$(tail -n 1 "$log")"
pass "nm -D: portfolio.so exports all $n C functions the packaged scripts name"

# 8. installcheck ---------------------------------------------------------------
t0=$SECONDS
mark=$(wc -l < "$log")
(cd "$src" && env -u PGPORT debian/tests/installcheck) >>"$log" 2>&1 ||
    die "installcheck" "the regression suite failed against the installed package"
passed=$(tail -n +"$((mark + 1))" "$log" > "$work/check.log"; regress_passed "$work/check.log")
[ "$passed" -eq "$full" ] ||
    die "installcheck" "$passed tests passed against the installed package, not all $full"
pass "installcheck against the installed package: $passed of $full tests"

# 9. restore: the EXIT trap
