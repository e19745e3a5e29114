#!/usr/bin/env bash
# scripts/pg-server.sh VERSION: a PostgreSQL VERSION server built from
# Debian's source package, with contrib and pgTAP, in a cache directory
# outside the repository; prints its prefix (bin/pg_config is there) on the
# last line. A build that is already there is reused.
#
#   scripts/pg-server.sh 17        postgresql-17 from trixie
#   scripts/pg-server.sh 18        postgresql-18 from unstable
#   scripts/pg-server.sh 15        postgresql-15 from bookworm (make test uses
#                                  Debian's packaged 15; this is for comparison)
#   scripts/pg-server.sh --rebuild 17   build again even if the cache has it
#   scripts/pg-server.sh --tarball postgresql-17.6.tar.bz2 17
#                                  build from an upstream release tarball
#                                  instead (where the archive will not serve
#                                  the source package: exit status 3)
#
# The cache is ${PORTFOLIO_CACHE:-/var/cache/portfolio}: pg-VERSION/ is the
# installed server, pg-VERSION.log the build log. A finished build is marked
# by pg-VERSION/.portfolio-build (the source versions); a directory without
# it is half-done and built again.
#
# Debian's archive serves the sources of later releases: this adds their
# deb-src entries (/etc/apt/sources.list.d/portfolio-pgsrc.sources, source
# packages only, so that no binary package of trixie or unstable can ever be
# installed), installs the build dependencies from bookworm by name (not
# apt-get build-dep, which would want trixie's), downloads the source package
# (apt checks it against the signed index) and builds the upstream tarball
# in it as it is: none of Debian's patches is needed for a test server.
# Then pgTAP, from its source package (unstable's), against that server.
# pg_prove comes from bookworm's libtap-parser-sourcehandler-pgtap-perl.
#
# Needs root for apt-get (or the packages and sources already there) and
# about 2 GB of disk while building (the installed server is about 40 MB).
set -euo pipefail

rebuild=no tarball=
while [ $# -gt 1 ]; do
    case $1 in
        --rebuild) rebuild=yes; shift ;;
        --tarball) tarball=$(realpath "$2"); shift 2 ;;
        *) break ;;
    esac
done
version=${1:-}
case $version in
    15) suite=bookworm ;;
    17) suite=trixie ;;
    18) suite=unstable ;;
    *) echo "usage: $0 [--rebuild] [--tarball FILE] 15|17|18" >&2; exit 2 ;;
esac
# pgTAP follows upstream closely; unstable's builds against 15 to 18.
pgtap_suite=unstable

cache=${PORTFOLIO_CACHE:-/var/cache/portfolio}
prefix=$cache/pg-$version
stamp=$prefix/.portfolio-build
log=$cache/pg-$version.log

if [ $rebuild = no ] && [ -f "$stamp" ] && [ -x "$prefix/bin/pg_config" ]; then
    echo "$prefix"
    exit 0
fi

mkdir -p "$cache"
# One build per version at a time: a second caller waits, then reuses it.
exec 9>"$cache/pg-$version.lock"
if ! flock -n 9; then
    echo "pg-server.sh: waiting for another build of PostgreSQL $version" >&2
    flock 9
    if [ $rebuild = no ] && [ -f "$stamp" ]; then echo "$prefix"; exit 0; fi
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/portfolio-pg$version.XXXXXX")
: >"$log"
started=$SECONDS
step_name=
cleanup() {
    local rc=$?
    rm -rf "$work"
    if [ $rc -ne 0 ] && [ -n "$step_name" ]; then
        echo "pg-server.sh: '$step_name' failed; the log is $log (last lines:)" >&2
        tail -n 15 "$log" >&2
    fi
}
trap cleanup EXIT

# step "what" COMMAND...: one line on stderr, the output into the log.
step() {
    local t0=$SECONDS
    step_name=$1
    shift
    printf 'pg-server.sh: %s ... ' "$step_name" >&2
    { echo "==== $step_name: $*"; } >>"$log"
    local rc=0
    "$@" >>"$log" 2>&1 || rc=$?
    if [ $rc -ne 0 ]; then echo "failed" >&2; return $rc; fi
    echo "$((SECONDS - t0)) s" >&2
}

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# apt-get, waiting politely for another apt or dpkg (another engineer, the
# daily timer) to let go of its lock: up to 10 minutes.
apt_retry() {
    local i out
    for i in $(seq 60); do
        if out=$(as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=10 "$@" 2>&1); then
            echo "$out"
            return 0
        fi
        echo "$out"
        grep -qiE 'could not get lock|unable to lock|is another process using it' <<<"$out" || return 1
        echo "(apt is locked by another process; try $i, waiting 10 s)"
        sleep 10
    done
    return 1
}

# ---- sources -------------------------------------------------------------------
srclist=/etc/apt/sources.list.d/portfolio-pgsrc.sources
add_sources() {
    as_root tee "$srclist" >/dev/null <<'EOF'
# Added by portfolio's scripts/pg-server.sh: source packages only (Types:
# deb-src), so that nothing from these suites is ever installed, just built.
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm trixie unstable
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
}
has_source() {  # PACKAGE SUITE: apt knows the source package in that suite
    apt-get source --print-uris -qq "$1/$2" >/dev/null 2>&1
}
if ! has_source "postgresql-$version" "$suite" || ! has_source pgtap "$pgtap_suite"; then
    if [ ! -f "$srclist" ]; then
        step "adding deb-src entries ($srclist)" add_sources
    fi
    step "apt-get update" apt_retry update
    if ! has_source "postgresql-$version" "$suite"; then
        step_name="finding postgresql-$version in $suite's sources"
        echo "pg-server.sh: no source package postgresql-$version in $suite" >&2
        exit 1
    fi
fi

# ---- build dependencies, from bookworm ---------------------------------------------
# configure: a compiler, make, bison, flex, perl, pkg-config, readline, zlib,
# ICU (the default since 16), OpenSSL (for sslinfo and pgcrypto in contrib,
# and SCRAM through OpenSSL); libxml2 for contrib/xml2 and the xml type.
deps=(gcc make bison flex perl pkg-config libreadline-dev zlib1g-dev libicu-dev libssl-dev
      libxml2-dev tzdata libtap-parser-sourcehandler-pgtap-perl)
missing=()
for p in "${deps[@]}"; do
    [ "$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null)" = "ii " ] || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    # bookworm's, by name: the deb-src suites add no binary packages.
    step "installing ${missing[*]}" apt_retry install -y --no-install-recommends "${missing[@]}"
fi

# ---- the source ------------------------------------------------------------------
# Only the upstream tarball of the source package is downloaded (apt's own
# downloader checks it against the hash in the signed Sources index): the
# test server is PostgreSQL as released, without Debian's patches, and the
# archive's mirror here does not always serve the .dsc and .debian.tar.xz
# (it does not for pgtap).
fetch_orig() {  # PACKAGE SUITE: download PACKAGE's upstream tarball into $work/PACKAGE
    local line uri file hash
    line=$(apt-get source --print-uris -qq "$1/$2" | grep -E "\.orig\.tar\.[a-z0-9]+' " | head -n 1)
    [ -n "$line" ] || { echo "no upstream tarball in the source package $1/$2"; return 1; }
    read -r uri file _ hash <<<"$line"
    uri=${uri//\'/}
    echo "$uri $hash"
    mkdir -p "$work/$1"
    /usr/lib/apt/apt-helper download-file "$uri" "$work/$1/$file" "$hash" || return 3
    mkdir "$work/$1/src"
    tar -xf "$work/$1/$file" -C "$work/$1/src" --strip-components=1
}
source_version() {  # PACKAGE SUITE: the source package's version in that suite
    apt-get source --print-uris -qq "$1/$2" | sed -nE "s/^'[^']*\/$1_([^']*)\.dsc' .*/\1/p" |
        sed 's/%2[bB]/+/g; s/%3[aA]/:/g'
}
rc=0
if [ -n "$tarball" ]; then
    pg_source=$(basename "$tarball")
    unpack_tarball() {
        mkdir -p "$work/postgresql-$version/src"
        tar -xf "$tarball" -C "$work/postgresql-$version/src" --strip-components=1
    }
    step "unpacking $pg_source" unpack_tarball
else
    pg_source="postgresql-$version $(source_version "postgresql-$version" "$suite")"
    step "downloading $pg_source ($suite)" fetch_orig "postgresql-$version" "$suite" || rc=$?
fi
if [ $rc -eq 3 ]; then
    # Not a build failure: the archive lists the package but will not serve it.
    step_name=
    echo "pg-server.sh: $pg_source is listed in $suite but its source cannot be downloaded" \
         "from the archive here (see $log); PostgreSQL $version cannot be built" >&2
    exit 3
fi
[ $rc -eq 0 ] || exit $rc

# ---- the server ------------------------------------------------------------------
rm -rf "$prefix"
src=$work/postgresql-$version/src
configure() {
    cd "$src" && ./configure --prefix="$prefix" --with-openssl --with-icu --with-libxml \
        --with-system-tzdata=/usr/share/zoneinfo --without-llvm --disable-nls
}
step "configure (prefix $prefix)" configure
step "make -j2 (server)" make -C "$src" -j2
step "make -j2 (contrib)" make -C "$src/contrib" -j2
step "make install" make -C "$src" install
step "make install (contrib)" make -C "$src/contrib" install

# ---- pgTAP -----------------------------------------------------------------------
pgtap_source="pgtap $(source_version pgtap "$pgtap_suite")"
step "downloading $pgtap_source ($pgtap_suite)" fetch_orig pgtap "$pgtap_suite"
step "building and installing pgTAP" make -C "$work/pgtap/src" PG_CONFIG="$prefix/bin/pg_config" install

# The server runs as postgres when the tests run as root: it must read it all.
chmod -R a+rX "$prefix"
{
    echo "$pg_source"
    echo "$pgtap_source"
    echo "built in $((SECONDS - started)) s on $(date -u +%Y-%m-%dT%H:%MZ)"
} >"$stamp"
step_name=
echo "pg-server.sh: PostgreSQL $version ($pg_source, $pgtap_source) built in $((SECONDS - started)) s" >&2
echo "$prefix"
