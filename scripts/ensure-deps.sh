#!/usr/bin/env bash
# scripts/ensure-deps.sh [--demo] [PACKAGE...]: install what `make test`
# needs, or with --demo only what `make demo` needs, if anything is missing,
# and the packages named as arguments (scripts/hardening.sh asks for its
# tools). Silent when everything is there. As root it runs apt-get; otherwise
# it prints the command to run and exits 1.
#
# Quiet: one line says what it installs; apt's output goes to a log that is
# shown (its end) only on failure. Another apt or dpkg holding its lock (the
# daily timer, another engineer) is waited for, up to APT_LOCK_WAIT seconds
# (default 600): `apt-get update` does not wait for a lock by itself, so it
# is tried again until then, and it is skipped when every missing package can
# already be installed from the current lists.
set -euo pipefail

mode="test"
if [ "${1:-}" = --demo ]; then
    mode=demo
    shift
fi
if [ $mode = demo ]; then
    # The server to build against and to run: Debian's 15, or for 17 and 18
    # (PGVERSION) nothing here, as scripts/pg-server.sh installs what its
    # build needs. Nothing test-only: no pgTAP, pg_prove, sqlsmith or unzip.
    pkgs=()
    if [ "${PGVERSION:-15}" = 15 ]; then pkgs+=(postgresql-15 postgresql-server-dev-15); fi
else
    pkgs=(postgresql-15 postgresql-server-dev-15 postgresql-15-pgtap
          libtap-parser-sourcehandler-pgtap-perl sqlsmith unzip
          # the BI clients of test/clients.sh: pgJDBC, psycopg 3, psycopg2, pandas
          default-jdk-headless libpostgresql-jdbc-java python3-psycopg python3-psycopg2
          python3-pandas
          # the browser of test/report.sh (the HTML report; playwright-core from npm drives it)
          chromium)
    # node-postgres comes from npm (test/clients.sh); Node.js itself from
    # Debian unless the machine has one already (NodeSource's, say).
    if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
        pkgs+=(nodejs npm)
    fi
fi
pkgs+=("$@")
# A compiler and make are enough; build-essential is only the way to get them.
if ! command -v make >/dev/null || ! command -v gcc >/dev/null; then
    pkgs+=(build-essential)
fi

missing=()
for p in "${pkgs[@]}"; do
    # "ii " = wanted and installed; anything else (absent, half-removed) is missing.
    [ "$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null)" = "ii " ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

install=(install -y -q --no-install-recommends "${missing[@]}")
if [ "$(id -u)" -ne 0 ]; then
    echo "portfolio needs these packages: ${missing[*]}" >&2
    echo "Install them with:" >&2
    echo "  sudo apt-get update && sudo apt-get ${install[*]}" >&2
    exit 1
fi

wait_s=${APT_LOCK_WAIT:-600}
deadline=$((SECONDS + wait_s))
told=no
# apt_get ARG...: apt-get ARG..., output on stdout, tried again while another
# process holds one of apt's or dpkg's locks, until the deadline. Within a
# try, DPkg::Lock::Timeout makes install wait for dpkg's lock itself; the
# other locks (the lists' for update, the archives') fail at once.
apt_get() {
    local out rc left
    while :; do
        left=$((deadline - SECONDS))
        [ $left -gt 0 ] || left=1
        rc=0
        out=$(DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout="$left" "$@" 2>&1) ||
            rc=$?
        printf '%s\n' "$out"
        [ $rc -ne 0 ] || return 0
        grep -qiE 'could not get lock|unable to lock|unable to acquire|another process using it' \
            <<<"$out" || return $rc
        if [ $SECONDS -ge $deadline ]; then
            echo "apt is still locked by another process after $wait_s s (APT_LOCK_WAIT); giving up"
            return $rc
        fi
        if [ $told = no ]; then
            echo "ensure-deps.sh: another apt or dpkg holds its lock; waiting (up to $wait_s s)" >&2
            told=yes
        fi
        sleep 3
    done
}

log=$(mktemp "${TMPDIR:-/tmp}/portfolio-deps.XXXXXX")
fail() {
    echo "ensure-deps.sh: $1; the end of apt's output ($log):" >&2
    tail -n 20 "$log" >&2
    exit 1
}
# installable PACKAGE: the current lists offer a version of it.
installable() {
    apt-cache policy "$1" 2>/dev/null | grep -qE '^ *Candidate: [^(]'
}

echo "ensure-deps.sh: installing ${missing[*]} (for make $mode) ..."
updated=no
for p in "${missing[@]}"; do
    if ! installable "$p"; then
        apt_get update >>"$log" || fail "apt-get update failed"
        updated=yes
        break
    fi
done
if [[ " ${missing[*]} " == *" postgresql-15 "* ]] && ! installable postgresql-15; then
    # e.g. Ubuntu releases that ship another major version
    echo "PostgreSQL 15 is not in this system's apt sources; add the PGDG repository" >&2
    echo "(/usr/share/postgresql-common/pgdg/apt.postgresql.org.sh) and run this again." >&2
    exit 1
fi
if ! apt_get "${install[@]}" >>"$log"; then
    # Lists that are there but stale name files the mirror no longer has.
    [ $updated = no ] || fail "apt-get install failed"
    apt_get update >>"$log" || fail "apt-get update failed"
    apt_get "${install[@]}" >>"$log" || fail "apt-get install failed"
fi
rm -f "$log"
