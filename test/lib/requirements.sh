# shellcheck shell=bash
# What some shell tests need (test/clients.sh, test/report.sh): sourced from
# the repository root.

# skip_if_missing WHAT...: exit 77 (skipped), naming WHAT, unless it is empty.
skip_if_missing() {
    [ $# -eq 0 ] && return
    echo "skipped: missing $* (scripts/ensure-deps.sh installs them)"
    exit 77
}

# skip_without_cdnow: exit 77 (skipped) without data/cdnow/.
skip_without_cdnow() {
    [ -f data/cdnow/CDNOW_master.txt ] && return
    echo "skipped: no data/cdnow/ (a release archive leaves it out)"
    exit 77
}

# npm_cached DIR NAME MODULE: install DIR/package-lock.json (npm ci) into
# $cache/NAME, outside the repository, when the lock file changed or MODULE
# is missing there, and set node_dir to that directory. The cache is
# ${PORTFOLIO_CACHE:-/var/cache/portfolio}, or ~/.cache/portfolio where that
# is not writable. One install at a time, into a directory of its own that
# replaces the old one only once npm ci succeeded: a failed or concurrent
# install never leaves a lock file that matches beside a half-filled
# node_modules. Exits 1 (a TAP "not ok" line) when npm ci fails.
npm_cached() {
    local dir=$1 name=$2 module=$3 cache fresh
    cache=${PORTFOLIO_CACHE:-/var/cache/portfolio}
    [ -w "$(dirname "$cache")" ] || [ -w "$cache" ] || cache=${XDG_CACHE_HOME:-$HOME/.cache}/portfolio
    node_dir=$cache/$name
    mkdir -p "$cache"
    exec 8>"$cache/$name.lock"
    flock 8
    if ! cmp -s "$dir/package-lock.json" "$node_dir/package-lock.json" ||
            [ ! -d "$node_dir/node_modules/$module" ]; then
        fresh=$(mktemp -d "$cache/$name.XXXXXX")
        cp "$dir/package.json" "$dir/package-lock.json" "$fresh/"
        if ! (cd "$fresh" && npm ci --no-audit --no-fund --loglevel=error >/dev/null); then
            rm -rf "$fresh"
            echo "not ok - npm ci of $dir/package-lock.json failed (the npm registry must be reachable)"
            exit 1
        fi
        rm -rf "$node_dir"
        mv "$fresh" "$node_dir"
    fi
    chmod -R a+rX "$node_dir"
    flock -u 8
    exec 8>&-
}
