# Shared by demo.sh, test.sh and bench.sh; source it from the repository root.

# Build against PostgreSQL 15 even where other versions are installed too.
export PG_CONFIG=/usr/lib/postgresql/15/bin/pg_config

# Install missing packages, then build and install the extension. Each step
# returns on failure by hand, so this also works where set -e does not apply
# (in `if ! build_and_install`).
build_and_install() {
    scripts/ensure-deps.sh || return
    make -s PG_CONFIG="$PG_CONFIG" || return
    if [ -w "$("$PG_CONFIG" --pkglibdir)" ] && [ -w "$("$PG_CONFIG" --sharedir)/extension" ]; then
        make -s install PG_CONFIG="$PG_CONFIG"
    else
        sudo make -s install PG_CONFIG="$PG_CONFIG"
    fi
}

# Run "$@" with a throwaway PostgreSQL 15 cluster (temporary directory, owned
# by postgres when we are root; the port is the first free one, so an
# inherited PGPORT must not pin it). PGHOST, PGPORT, PGUSER, PGDATABASE and
# PGPASSWORD point at it; it is dropped when "$@" exits.
in_cluster() {
    env -u PGPORT pg_virtualenv -t -v 15 "$@"
}
