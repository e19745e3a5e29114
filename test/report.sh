#!/usr/bin/env bash
# test/report.sh [--pictures]: the HTML report of `make report`
# (scripts/html_report.py), rendered in a real browser. For CDNOW, loaded
# into a fresh database:
#   1. the file: at least eight inline SVG charts, the Content-Security-Policy
#      that lets the browser fetch nothing, and no script, no link, no source,
#      no url(), no @import or @font-face, no address but the SVG namespace;
#   2. in headless Chromium (Debian's chromium, driven by playwright-core from
#      npm: test/report/package-lock.json, installed once into a cache outside
#      the repository), test/report/check.js: the page makes no request but
#      the file itself and logs no error; each chart has a title, a reading and
#      titles on both axes, an SVG of at least 20 elements and a screenshot
#      with ink;
#   3. every number the page shows as a mark (its data-k / data-v) equals its
#      value from test/report/reference.sql, fresh SQL with plain-SQL
#      references where they are short (test/report/compare.py), and the page
#      shows no number the SQL does not give;
#   4. the checks can fail: a copy of the report with an image from the
#      network and one chart emptied fails check.js on exactly those.
# --pictures also writes the screenshots the README shows, doc/report-*.png.
# Runs inside a cluster (scripts/test.sh): PGHOST/PGPORT/PGUSER are set.
# Skipped (77) without data/cdnow/, chromium, node and npm, or python3:
# scripts/ensure-deps.sh installs them for `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."
. test/lib/requirements.sh

chromium=${CHROMIUM:-/usr/bin/chromium}
missing=()
[ -x "$chromium" ] || missing+=("chromium")
command -v node >/dev/null && command -v npm >/dev/null || missing+=("nodejs and npm")
command -v python3 >/dev/null || missing+=("python3")
skip_if_missing "${missing[@]}"
skip_without_cdnow
PG_BINDIR=${PG_BINDIR:-$("${PG_CONFIG:-pg_config}" --bindir)}

# playwright-core, installed from the lock file when it changed, as
# test/clients.sh installs node-postgres. It downloads no browser.
npm_cached test/report report-node playwright-core

db=portfolio_html_report
work=$(mktemp -d)
chmod 755 "$work"
trap 'rm -rf "$work"; "$PG_BINDIR/dropdb" --if-exists "$db" >/dev/null 2>&1 || true' EXIT
"$PG_BINDIR/dropdb" --if-exists "$db" >/dev/null 2>&1 || true
"$PG_BINDIR/createdb" "$db"
"$PG_BINDIR/psql" -X -q -v ON_ERROR_STOP=1 -d "$db" -c 'SET client_min_messages = warning' \
    -c 'CREATE EXTENSION portfolio' -f data/cdnow/load_cdnow.sql

failed=0
n=0
tap() {  # tap OK|FAIL DESCRIPTION
    n=$((n + 1))
    if [ "$1" = OK ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=1; fi
}
tap_if() {  # tap_if DESCRIPTION COMMAND...: ok when COMMAND succeeds
    local what=$1
    shift
    if "$@"; then tap OK "$what"; else tap FAIL "$what"; fi
}

# The report with its defaults: CDNOW's table and columns, as of the last
# order, calibrated on the first half (the demo's 1997-09-30).
t0=$(date +%s%N)
if ! PSQL=$PG_BINDIR/psql python3 scripts/html_report.py --dbname "$db" -o "$work/report.html" \
        2>"$work/stderr"; then
    echo "not ok - scripts/html_report.py failed:"
    cat "$work/stderr"
    exit 1
fi
ms=$((($(date +%s%N) - t0) / 1000000))
echo "# scripts/html_report.py wrote $(wc -c <"$work/report.html") bytes in $((ms / 1000)).$(printf %03d $((ms % 1000))) s"
[ -s "$work/stderr" ] && { echo "# on stderr:"; sed 's/^/#   /' "$work/stderr"; }
tap_if "nothing on stderr" test ! -s "$work/stderr"

# 1. the file
html=$work/report.html
svgs=$(grep -o '<svg ' "$html" | wc -l)
tap_if "$svgs inline SVG charts (at least 8)" test "$svgs" -ge 8
tap_if "the Content-Security-Policy forbids every fetch" grep -qF \
    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">" \
    "$html"
refs=$(grep -oiE '<script|<link|<iframe|<object|<embed|<img|\bsrc=|\bhref=|url\(|@import|@font-face|[a-z]+://[^"]*' \
           "$html" | grep -vx 'http://www.w3.org/2000/svg' | sort | uniq -c || true)
tap_if "no external reference in the file" test -z "$refs"
[ -z "$refs" ] || while IFS= read -r line; do echo "#   $line"; done <<<"$refs"

# 2. in the browser
mkdir -p "$work/shots"
rc=0
NODE_PATH=$node_dir/node_modules CHROMIUM=$chromium node test/report/check.js "$html" "$work/shots" \
    >"$work/check.tap" 2>&1 || rc=$?
while IFS= read -r line; do
    case $line in
        "ok "*) tap OK "${line#ok * - }" ;;
        "not ok "*) tap FAIL "${line#not ok * - }" ;;
        *) echo "$line" ;;
    esac
done <"$work/check.tap"
[ $rc -eq 0 ] || tap FAIL "test/report/check.js exits 0 (it exited $rc)"

# 3. the numbers
if [ -f "$work/shots/values.json" ]; then
    "$PG_BINDIR/psql" -X -q --csv -t -d "$db" -f test/report/reference.sql >"$work/reference.csv"
    python3 test/report/compare.py "$work/shots/values.json" "$work/reference.csv" $((n + 1)) \
        >"$work/compare.tap" || failed=1
    cat "$work/compare.tap"
    n=$((n + $(grep -cE '^(not )?ok ' "$work/compare.tap")))
else
    tap FAIL "check.js wrote the numbers of the page"
fi

# 4. a report that must fail: an image from the network, the Lorenz chart emptied
sed -e 's|<h1>|<img src="http://192.0.2.1/pixel.png" alt=""><h1>|' \
    -e 's|\(<figure class="chart" id="lorenz">.*<svg [^>]*>\).*\(</svg>\)|\1\2|' \
    "$html" >"$work/bad.html"
mkdir -p "$work/bad"
NODE_PATH=$node_dir/node_modules CHROMIUM=$chromium node test/report/check.js "$work/bad.html" "$work/bad" \
    >"$work/bad.tap" 2>&1 || true
# Chromium reports the request for the image, then refuses it (a console
# error); nothing else may fail.
if grep -q '^not ok .* - the page requests nothing but itself' "$work/bad.tap" &&
   grep -q '^not ok .* - no console errors' "$work/bad.tap" &&
   grep -q '^not ok .* - lorenz: one inline SVG' "$work/bad.tap" &&
   grep -q '^not ok .* - lorenz: .* pixels drawn' "$work/bad.tap" &&
   ! grep '^not ok' "$work/bad.tap" |
       grep -vqE ' - (no console errors|lorenz: |the page requests nothing|still no request)'; then
    tap OK "a report with a fetch and an empty chart fails on those (the request, the SVG, its ink)"
else
    tap FAIL "a report with a fetch and an empty chart fails on those"
    sed 's/^/#   /' "$work/bad.tap" | grep -v '^#   ok'
fi

if [ "${1:-}" = --pictures ]; then
    for id in cohorts tracking; do
        cp "$work/shots/$id.png" "doc/report-$id.png"
        echo "# wrote doc/report-$id.png ($(wc -c <"doc/report-$id.png") bytes)"
    done
fi
echo "1..$n"
exit $failed
