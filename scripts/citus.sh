#!/usr/bin/env bash
# scripts/citus.sh: Citus, for the Citus suite (test/citus.sh) only, built
# from the source archive in $CITUS_VENDOR (default: shared/vendor/citus
# beside the repository or one of its parents; its README says what it is)
# and installed into the server of $PG_CONFIG. Citus is AGPL-3.0: it is unpacked and built in a
# temporary directory, never copied into this repository, and nothing of
# ours links against it.
#
# Exit status: 0 when Citus is installed (already, or now); 3 when there is
# no source here (a user's clone), 4 when this Citus does not support the
# server's major version; anything else is a failure. The last line says
# which.
#
# A build is reused: the server's extension directory has citus.control and
# a stamp naming the archive's sha256. A Citus installed otherwise (no
# stamp) is used as it is, source or not.
set -euo pipefail
cd "$(dirname "$0")/.."

: "${PG_CONFIG:?PG_CONFIG must name the server to build against}"
major=$("$PG_CONFIG" --version | sed -E 's/^PostgreSQL ([0-9]+).*/\1/')
extdir=$("$PG_CONFIG" --sharedir)/extension
stamp=$extdir/citus.portfolio-build
installed=no
if [ -f "$extdir/citus.control" ] && [ -f "$("$PG_CONFIG" --pkglibdir)/citus.so" ]; then installed=yes; fi
# A Citus installed otherwise (a package) is used as it is.
if [ $installed = yes ] && [ ! -f "$stamp" ]; then
    echo "Citus $(sed -n "s/^default_version = '\(.*\)'/\1/p" "$extdir/citus.control") is installed in PostgreSQL $major (not built here)"
    exit 0
fi

# The source: $CITUS_VENDOR, else shared/vendor/citus beside the repository
# or beside one of its parent directories (a clone in a subdirectory).
vendor=${CITUS_VENDOR:-}
if [ -z "$vendor" ]; then
    dir=$(pwd -P)
    while [ "$dir" != / ]; do
        dir=$(dirname "$dir")
        if [ -d "$dir/shared/vendor/citus" ]; then vendor=$dir/shared/vendor/citus; break; fi
    done
fi
archive=$(ls "${vendor:-/nonexistent}"/citus-*.tar.gz 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$archive" ]; then
    echo "no Citus source: neither CITUS_VENDOR nor a shared/vendor/citus beside the repository or its parents has citus-X.Y.Z.tar.gz"
    exit 3
fi
version=$(basename "$archive" .tar.gz)
version=${version#citus-}
# Citus 13.2 supports PostgreSQL 15, 16 and 17.
case "$version/$major" in
    13.*/1[567]) ;;
    *) echo "Citus $version does not support PostgreSQL $major"; exit 4 ;;
esac
sum=$(sha256sum "$archive" | cut -d' ' -f1)
if [ $installed = yes ] && [ "$(cat "$stamp")" = "$sum" ]; then
    echo "Citus $version is installed in PostgreSQL $major ($extdir)"
    exit 0
fi

scripts/ensure-deps.sh liblz4-dev libzstd-dev libkrb5-dev libssl-dev libselinux1-dev libxslt1-dev \
    libpam0g-dev libreadline-dev autoconf flex bison >&2
build=$(mktemp -d "${TMPDIR:-/tmp}/portfolio-citus.XXXXXX")
trap 'rm -rf "$build"' EXIT
tar -xzf "$archive" -C "$build"
src=$build/citus-$version
# Debian's 15.x headers declare have_createdb_privilege (a backport), which
# Citus's compatibility header defines again as a static inline helper for
# 15: rename the helper, and the call uses the server's own function.
sed -i 's/^have_createdb_privilege(void)$/citus_own_have_createdb_privilege(void)/' \
    "$src/src/include/pg_version_compat.h"
t0=$SECONDS
(
    cd "$src"
    ./configure --without-libcurl PG_CONFIG="$PG_CONFIG" >"$build/configure.log" 2>&1 ||
        { tail -n 30 "$build/configure.log"; exit 1; }
    make -j"$(nproc)" >"$build/make.log" 2>&1 || { grep -m 20 -E 'error|Error' "$build/make.log"; exit 1; }
    make install >"$build/install.log" 2>&1 || { tail -n 30 "$build/install.log"; exit 1; }
) >&2
echo "$sum" > "$stamp"
echo "Citus $version built and installed in PostgreSQL $major in $((SECONDS - t0)) s"
