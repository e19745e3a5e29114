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
#                                  instead (unchecked: where the archive
#                                  serves nothing verifiable, exit status 3)
#
# The cache is ${PORTFOLIO_CACHE:-/var/cache/portfolio}: pg-VERSION/ is the
# installed server, pg-VERSION.log the build log. A finished build is marked
# by pg-VERSION/.portfolio-build (the source versions, and how each was
# verified); a directory without it is half-done and built again. Exit
# status 3: neither the indexed version nor an earlier verifiable one is
# served.
#
# Debian's archive serves the sources of later releases: this adds their
# deb-src entries (/etc/apt/sources.list.d/portfolio-pgsrc.sources, source
# packages only, so that no binary package of trixie or unstable can ever be
# installed), installs the build dependencies from bookworm by name (not
# apt-get build-dep, which would want trixie's), downloads the upstream
# tarball of the source package (apt checks it against the signed index) and
# builds it as it is: none of Debian's patches is needed for a test server.
# Where the archive here does not serve the version its index names, the
# newest earlier version of the same package that the pool serves is taken
# instead, its .dsc's signature checked with gpgv against debian-keyring
# and its files against the .dsc's SHA-256 (see "The pool" below); the
# stamp says which version was built and how it was verified. Then pgTAP,
# from its source package (unstable's, the same way), against that server.
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
    if [ $rc -eq 3 ]; then echo "not served" >&2; return $rc; fi  # our download functions' 3
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
      libxml2-dev tzdata libtap-parser-sourcehandler-pgtap-perl curl gpgv)
missing=()
for p in "${deps[@]}"; do
    [ "$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null)" = "ii " ] || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    # bookworm's, by name: the deb-src suites add no binary packages.
    step "installing ${missing[*]}" apt_retry install -y --no-install-recommends "${missing[@]}"
fi

# ---- the sources ------------------------------------------------------------------
# The version the suite's index names comes first. Only its upstream tarball
# is downloaded (apt's own downloader checks it against the hash in the
# signed Sources index): the test server is PostgreSQL as released, without
# Debian's patches, and the archive's mirror here does not always serve the
# .dsc and .debian.tar.xz (it does not for pgtap).
fetch_orig() {  # PACKAGE SUITE: download PACKAGE's upstream tarball into $work/PACKAGE
    local line uri file hash out
    line=$(apt-get source --print-uris -qq "$1/$2" | grep -E "\.orig\.tar\.[a-z0-9]+' " | head -n 1)
    [ -n "$line" ] || { echo "no upstream tarball in the source package $1/$2"; return 1; }
    read -r uri file _ hash <<<"$line"
    uri=${uri//\'/}
    echo "$uri $hash"
    mkdir -p "$work/$1" || return 1
    if ! out=$(/usr/lib/apt/apt-helper download-file "$uri" "$work/$1/$file" "$hash" 2>&1); then
        echo "$out"
        # Served but not what the signed index says: never fall back from that.
        grep -qi 'hash sum mismatch' <<<"$out" && return 1
        return 3
    fi
    echo "$out"
    mkdir -p "$work/$1/src" && tar -xf "$work/$1/$file" -C "$work/$1/src" --strip-components=1
}
source_version() {  # PACKAGE SUITE: the source package's version in that suite
    apt-get source --print-uris -qq "$1/$2" | sed -nE "s/^'[^']*\/$1_([^']*)\.dsc' .*/\1/p" |
        sed 's/%2[bB]/+/g; s/%3[aA]/:/g'
}
pool_dir() {  # PACKAGE SUITE: the pool directory of the source package (a URL)
    apt-get source --print-uris -qq "$1/$2" | sed -nE "s/^'([^']*)\/$1_[^']*\.dsc' .*/\1/p"
}

# The pool. An index can name a version whose files the archive here does not
# serve (trixie's postgresql-17 17.12-0+deb13u1: HTTP 404) while the pool
# still holds earlier uploads of the same package, complete. No index we
# have lists those, so apt cannot vouch for them; the .dsc's own signature
# does: every upload's .dsc is signed by the Debian developer who uploaded
# it, and debian-keyring (bookworm's, verified by apt) holds the developers'
# keys. So: the newest earlier version the pool serves (candidates from the
# indexed one downwards, same Debian revision pattern: 17.12-0+deb13u1 ->
# 17.11-0+deb13u3 ... 17.11-0+deb13u1 -> 17.10-0+deb13u3 ...; 1.3.4-1 ->
# 1.3.3-3 ... 1.3.3-1 -> 1.3.2-3 ...), its .dsc checked with gpgv against
# that keyring and nothing else, then the files the signed part of the .dsc
# lists, each checked against its size and SHA-256 there. A bad signature
# or checksum stops the script (exit 1): the source is never built
# unverified. A .dsc whose signer is not in the keyring (or whose key has
# expired or been revoked), or whose files are not all served, cannot be
# verified and the next earlier version is tried.
keyring=/usr/share/keyrings/debian-keyring.gpg
pool_candidates() {  # VERSION: the earlier versions to try, newest first
    local v=$1 epoch="" up rev base minor pre n top m r
    [[ $v == *:* ]] && epoch=${v%%:*}: v=${v#*:}
    [[ $v == *-* ]] || return 0
    up=${v%-*} rev=${v##*-}
    [[ $up =~ ^(.*\.)([0-9]+)$ ]] || return 0
    base=${BASH_REMATCH[1]} minor=${BASH_REMATCH[2]}
    [[ $rev =~ ^(.*[^0-9])?([0-9]+)$ ]] || return 0
    pre=${BASH_REMATCH[1]} n=${BASH_REMATCH[2]}
    for ((r = n - 1; r >= 1; r--)); do echo "$epoch$up-$pre$r"; done
    top=$((n > 3 ? n : 3))
    for ((m = minor - 1; m >= 0; m--)); do
        for ((r = top; r >= 1; r--)); do echo "$epoch$base$m-$pre$r"; done
    done
}
url_file() { local f=${1//+/%2b}; echo "${f//:/%3a}"; }
# pool_find PACKAGE SUITE: sets pool_version, pool_files ("SHA256 SIZE NAME"
# lines), pool_signer, pool_key, pool_signed, pool_url; returns 0, 3 when
# nothing verifiable is served, 1 on a bad signature.
pool_find() {
    local pkg=$1 indexed dir cand dsc status rc fields f unserved
    indexed=$(source_version "$pkg" "$2")
    dir=$(pool_dir "$pkg" "$2")
    if [ -z "$dir" ] || [ -z "$indexed" ]; then echo "no .dsc of $pkg in $2's index"; return 3; fi
    echo "$pkg: $2's index names $indexed; looking in $dir/ for an earlier version"
    for cand in $(pool_candidates "$indexed"); do
        dsc=${pkg}_${cand#*:}.dsc
        if ! curl -sfI --max-time 30 "$dir/$(url_file "$dsc")" >/dev/null; then
            echo "$dsc: not served"
            continue
        fi
        curl -sf --max-time 60 --retry 2 -o "$work/$dsc" "$dir/$(url_file "$dsc")" ||
            { echo "$dsc: served, but its download failed"; continue; }
        status=$work/$dsc.gpgv rc=0
        rm -f "$work/$dsc.signed"
        gpgv --keyring "$keyring" --status-fd 3 --output "$work/$dsc.signed" "$work/$dsc" \
            3>"$status" || rc=$?
        cat "$status"
        if grep -q '^\[GNUPG:\] BADSIG' "$status"; then
            echo "BAD signature on $dsc (gpgv, $keyring): refusing to build it or anything older"
            pool_bad="the signature of $dsc from $dir/ is BAD (gpgv against $keyring): not built"
            return 1
        fi
        if [ $rc -ne 0 ] || ! grep -q '^\[GNUPG:\] GOODSIG' "$status" ||
           ! grep -q '^\[GNUPG:\] VALIDSIG' "$status"; then
            echo "$dsc: no good signature by a key in $keyring (unknown, expired or revoked key); trying an earlier version"
            continue
        fi
        # Only what the signature covers counts: gpgv's output, not the file.
        fields=$(sed -nE 's/^(Source|Version): *(.*)$/\1=\2/p' "$work/$dsc.signed" | sort | tr '\n' ' ')
        if [ "$fields" != "Source=$pkg Version=$cand " ]; then
            echo "$dsc: its signed part says '$fields', not Source=$pkg Version=$cand; trying an earlier version"
            continue
        fi
        pool_files=$(awk '/^Checksums-Sha256:/ { f = 1; next } /^[^ ]/ { f = 0 }
                          f && NF == 3 { print $1, $2, $3 }' "$work/$dsc.signed")
        if [ -z "$pool_files" ] || grep -qvE '^[0-9a-f]{64} [0-9]+ [A-Za-z0-9][A-Za-z0-9.+~_-]*$' <<<"$pool_files" ||
           ! grep -qE '\.orig\.tar\.[a-z0-9]+$' <<<"$pool_files"; then
            echo "$dsc: no usable Checksums-Sha256 (with an upstream tarball) in its signed part; trying an earlier version"
            continue
        fi
        unserved=no
        while read -r _ _ f; do
            curl -sfI --max-time 30 "$dir/$(url_file "$f")" >/dev/null || { echo "$f: not served"; unserved=yes; }
        done <<<"$pool_files"
        if [ $unserved = yes ]; then
            echo "$dsc: not every file it lists is served; trying an earlier version"
            continue
        fi
        pool_version=$cand pool_url=$dir
        pool_signer=$(sed -nE 's/^\[GNUPG:\] GOODSIG [0-9A-F]+ (.*)$/\1/p' "$status" | head -n 1)
        pool_key=$(awk '$2 == "VALIDSIG" { print $3; exit }' "$status")
        pool_signed=$(awk '$2 == "VALIDSIG" { print $4; exit }' "$status")
        echo "$dsc: good signature by $pool_signer (key $pool_key, signed $pool_signed); its files are served"
        return 0
    done
    echo "no earlier $pkg in $dir/ with a good signature and every file served"
    return 3
}
pool_fetch() {  # PACKAGE: download $pool_files, check them, unpack the upstream tarball
    local pkg=$1 sum size f orig=
    mkdir -p "$work/$pkg" || return 1
    while read -r sum size f; do
        curl -sf --max-time 600 --retry 2 -o "$work/$pkg/$f" "$pool_url/$(url_file "$f")" ||
            { pool_bad="downloading $f from $pool_url/ failed"; echo "$pool_bad"; return 1; }
        if [ "$(stat -c %s "$work/$pkg/$f")" != "$size" ] ||
           [ "$(sha256sum <"$work/$pkg/$f" | cut -d' ' -f1)" != "$sum" ]; then
            pool_bad="$f from $pool_url/ does not match the size and SHA-256 in its signed .dsc: not built"
            echo "$pool_bad"
            return 1
        fi
        echo "$f: $size bytes, SHA-256 $sum, as the signed .dsc says"
        [[ $f =~ \.orig\.tar\.[a-z0-9]+$ ]] && orig=$f
    done <<<"$pool_files"
    mkdir -p "$work/$pkg/src" && tar -xf "$work/$pkg/$orig" -C "$work/$pkg/src" --strip-components=1
}

# get_source PACKAGE SUITE: PACKAGE's upstream source unpacked in
# $work/PACKAGE/src, from the index or else from the pool; sets got_source
# ("PACKAGE VERSION (how)", the stamp's line) and got_how (the details).
# Returns 3 when nothing verifiable is served, 1 on any other failure.
get_source() {
    local pkg=$1 suite=$2 indexed rc=0
    indexed=$(source_version "$pkg" "$suite")
    step "downloading $pkg $indexed ($suite)" fetch_orig "$pkg" "$suite" || rc=$?
    if [ $rc -eq 0 ]; then
        got_source="$pkg $indexed ($suite's index)"
        got_how="$pkg $indexed: the upstream tarball, checked by apt against the SHA-256 in $suite's signed Sources index"
        return 0
    fi
    [ $rc -eq 3 ] || return 1
    echo "pg-server.sh: $pkg $indexed is listed in $suite but not served here;" \
         "looking in the pool for an earlier version with a signed .dsc" >&2
    if [ ! -s "$keyring" ]; then
        step "installing debian-keyring (the keys that sign the .dsc)" \
            apt_retry install -y -q --no-install-recommends debian-keyring || return 1
    fi
    rc=0
    pool_bad=
    step "finding an earlier $pkg in the pool (.dsc signed, files served)" pool_find "$pkg" "$suite" || rc=$?
    if [ $rc -ne 0 ]; then
        [ -z "$pool_bad" ] || echo "pg-server.sh: $pool_bad" >&2
        return $rc
    fi
    step "downloading $pkg $pool_version (pool; .dsc signed by $pool_signer), checking SHA-256" \
        pool_fetch "$pkg" || { [ -z "$pool_bad" ] || echo "pg-server.sh: $pool_bad" >&2; return 1; }
    got_source="$pkg $pool_version (pool; .dsc signed by $pool_signer)"
    got_how="$pkg $pool_version: from the pool ($pool_url/), as $suite's index names $indexed, which is not served here;"
    got_how+=" .dsc signed $pool_signed by $pool_signer, key $pool_key, good by gpgv against $keyring;"
    got_how+=" its files match the SHA-256 in its signed part"
}
not_served() {  # PACKAGE SUITE: exit 3, nothing verifiable to build
    step_name=
    echo "pg-server.sh: $1 is listed in $2 but neither its source nor an earlier version's" \
         "with a good signature can be downloaded from the archive here (see $log);" \
         "PostgreSQL $version cannot be built" >&2
    exit 3
}

rc=0
if [ -n "$tarball" ]; then
    pg_source=$(basename "$tarball")
    pg_how="$pg_source: an upstream tarball given with --tarball, not checked"
    unpack_tarball() {
        mkdir -p "$work/postgresql-$version/src"
        tar -xf "$tarball" -C "$work/postgresql-$version/src" --strip-components=1
    }
    step "unpacking $pg_source" unpack_tarball
else
    get_source "postgresql-$version" "$suite" || rc=$?
    [ $rc -ne 3 ] || not_served "postgresql-$version" "$suite"
    [ $rc -eq 0 ] || exit $rc
    pg_source=$got_source pg_how=$got_how
fi
# pgTAP before the server's build: without it the server is of no use here.
get_source pgtap "$pgtap_suite" || rc=$?
[ $rc -ne 3 ] || not_served pgtap "$pgtap_suite"
[ $rc -eq 0 ] || exit $rc
pgtap_source=$got_source pgtap_how=$got_how

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
step "building and installing pgTAP" make -C "$work/pgtap/src" PG_CONFIG="$prefix/bin/pg_config" install

# The server runs as postgres when the tests run as root: it must read it all.
chmod -R a+rX "$prefix"
{
    echo "$pg_source"
    echo "$pgtap_source"
    echo "$pg_how"
    echo "$pgtap_how"
    echo "built in $((SECONDS - started)) s on $(date -u +%Y-%m-%dT%H:%MZ)"
} >"$stamp"
step_name=
echo "pg-server.sh: PostgreSQL $version ($pg_source, $pgtap_source) built in $((SECONDS - started)) s" >&2
echo "$prefix"
