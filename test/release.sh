#!/usr/bin/env bash
# A release a DBA can pin. The version agrees everywhere it is written:
# META.json (the distribution's and the extension's), default_version in
# portfolio.control, the newest heading of CHANGELOG.md and the newest entry
# of debian/changelog; the upgrade scripts chain from 0.1.0 to it without
# gaps or forks. And make dist's
# archive holds what a PGXN user needs (the build, the scripts, the
# regression suite) and nothing that .gitattributes marks export-ignore.
# Needs no server; scripts/test.sh runs it with the other test/*.sh. From a
# release archive (no git), the archive part is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
shopt -s nullglob

status=0
fail() { echo "not ok: $*"; status=1; }

current=$(sed -n "s/^default_version = '\(.*\)'/\1/p" portfolio.control)
[ -n "$current" ] || { echo "not ok: portfolio.control has no default_version"; exit 1; }

# ---- the version, everywhere -------------------------------------------------
read -r meta_version provides_version < <(perl -MJSON::PP -0777 -ne '
    my $m = decode_json($_);
    print join(" ", $m->{version} // "none", $m->{provides}{portfolio}{version} // "none"), "\n"' META.json)
[ "$meta_version" = "$current" ] || fail "META.json version is $meta_version, portfolio.control says $current"
[ "$provides_version" = "$current" ] ||
    fail "META.json provides.portfolio.version is $provides_version, portfolio.control says $current"

# The newest section comes first ("## 0.7.0 — unreleased") and is the highest.
headings=$(sed -n 's/^## \([0-9][0-9.]*\).*/\1/p' CHANGELOG.md)
newest=$(echo "$headings" | head -n 1)
[ "$newest" = "$current" ] || fail "the newest CHANGELOG.md heading is '## $newest', portfolio.control says $current"
[ "$(echo "$headings" | sort -V | tail -n 1)" = "$newest" ] ||
    fail "CHANGELOG.md has a heading newer than its first one ($newest)"

# The Debian package carries the same upstream version ("0.8.0-1").
debian_version=$(sed -n '1s/^portfolio (\([^)-]*\)-[^)]*).*/\1/p' debian/changelog)
[ "$debian_version" = "$current" ] ||
    fail "debian/changelog's newest entry is for ${debian_version:-no version}, portfolio.control says $current"

# ---- the upgrade chain -------------------------------------------------------
# portfolio--A--B.sql for every step, each version once as a start, each step
# upwards, and the walk from 0.1.0 (whose install script starts the chain)
# reaches the current version through every script.
declare -A next=()
for f in portfolio--*--*.sql; do
    step=${f#portfolio--}; step=${step%.sql}
    from=${step%%--*} to=${step#*--}
    if [ -n "${next[$from]:-}" ]; then
        fail "two upgrade scripts start at $from: to ${next[$from]} and to $to"
    elif [ "$from" = "$to" ] || [ "$(printf '%s\n' "$from" "$to" | sort -V | head -n 1)" != "$from" ]; then
        fail "$f does not go up"
    fi
    next[$from]=$to
done
[ -f portfolio--0.1.0.sql ] || fail "portfolio--0.1.0.sql, where the upgrade chain starts, is missing"
[ -n "$(echo portfolio--*--"$current".sql)" ] || fail "no upgrade script leads to $current"
v=0.1.0 steps=0
while [ -n "${next[$v]:-}" ] && [ "$steps" -le "${#next[@]}" ]; do
    v=${next[$v]} steps=$((steps + 1))
done
[ "$v" = "$current" ] || fail "the upgrade chain from 0.1.0 ends at $v, not $current"
[ "$steps" -eq "${#next[@]}" ] ||
    fail "$((${#next[@]} - steps)) upgrade scripts are not on the chain from 0.1.0 to $current"

# ---- the release archive -----------------------------------------------------
if ! git rev-parse --verify -q HEAD >/dev/null 2>&1; then
    echo "# not a git checkout: the release archive is not checked"
else
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    if ! make -s dist DISTFILE="$work/dist.zip" >"$work/dist.log" 2>&1; then
        cat "$work/dist.log"
        fail "make dist failed"
    else
        prefix="portfolio-$current/"
        unzip -Z1 "$work/dist.zip" | grep -v '/$' > "$work/entries"
        if grep -v -F "$prefix" "$work/entries" | grep -q .; then
            fail "archive entries outside $prefix: $(grep -v -F "$prefix" "$work/entries" | head -n 3 | tr '\n' ' ')"
        fi
        sed "s|^$prefix||" "$work/entries" | sort > "$work/shipped"

        # What git archive should leave out: a committed file that is
        # export-ignore itself or lies under a directory that is.
        git ls-tree -r --name-only HEAD | sort > "$work/committed"
        awk -F/ '{ p = $1; print p; for (i = 2; i <= NF; i++) { p = p "/" $i; print p } }' "$work/committed" |
            sort -u | git check-attr --stdin export-ignore | awk -F': ' '$3 == "set" { print $1 }' > "$work/ignored"
        awk 'NR == FNR { ig[$0] = 1; next }
             { p = $0; out = 0
               while (1) { if (p in ig) { out = 1; break }
                           if (sub(/\/[^\/]*$/, "", p) == 0) break }
               if (!out) print }' "$work/ignored" "$work/committed" | sort > "$work/expected"
        if ! diff -u "$work/expected" "$work/shipped" > "$work/diff"; then
            fail "the archive differs from HEAD less its export-ignore paths:"
            grep -E '^[-+][^-+]' "$work/diff" | head -n 20
        fi

        # What a PGXN user needs to build, install, upgrade and test it.
        needed=(Makefile portfolio.control META.json LICENSE README.md CHANGELOG.md
                portfolio--0.1.0.sql portfolio--*--*.sql src/*.c src/*.h src/sql/*.sql
                sql/*.sql expected/*.out test/fixtures/*.sql test/fuzz/fuzz.mk)
        for f in "${needed[@]}"; do
            grep -qxF "$f" "$work/shipped" || fail "the archive lacks $f"
        done
        # What must not be in it (doc/developing.md, "Releases and packages").
        if grep -E '^(data/cdnow|data/groceries|data/online_retail|debian|\.ci)/' "$work/shipped" | grep -q .; then
            fail "the archive holds export-ignored files: $(grep -E '^(data/cdnow|data/groceries|data/online_retail|debian|\.ci)/' "$work/shipped" | head -n 3 | tr '\n' ' ')"
        fi

        # Unpacked, it runs the regression tests that need no CDNOW data.
        unzip -q "$work/dist.zip" -d "$work"
        plan=$(make -s -n -C "$work/$prefix" installcheck PG_CONFIG="${PG_CONFIG:-pg_config}" 2>&1) || true
        runnable=$(grep -LE '^.(i|copy) .*data/cdnow/' sql/*.sql | xargs -n 1 basename | sed 's/\.sql$//' | sort | tr '\n' ' ')
        planned=$(echo "$plan" | sed -n 's/.*--dbname=contrib_regression //p' | tr ' ' '\n' | grep . | sort | tr '\n' ' ')
        if [ -z "$planned" ] || [ "$planned" != "$runnable" ]; then
            fail "make installcheck from the archive would run '$planned', not the tests without CDNOW: '$runnable'"
        fi
        echo "$plan" | grep -q 'data/cdnow/ is absent' ||
            fail "make installcheck from the archive does not say that it leaves out the CDNOW tests"
    fi
fi

[ $status -eq 0 ] && echo "ok: version $current in META.json, portfolio.control, CHANGELOG.md and debian/changelog, a chain of ${#next[@]} upgrade scripts from 0.1.0, and the release archive"
exit $status
