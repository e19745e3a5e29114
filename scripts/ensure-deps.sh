#!/usr/bin/env bash
# Install what `make demo` and `make test` need, if anything is missing, and
# the packages named as arguments (scripts/hardening.sh asks for its tools).
# Silent when everything is there. As root it runs apt-get; otherwise it
# prints the command to run and exits 1.
set -euo pipefail

pkgs=(postgresql-15 postgresql-server-dev-15 postgresql-15-pgtap
      libtap-parser-sourcehandler-pgtap-perl sqlsmith unzip
      # the BI clients of test/clients.sh: pgJDBC, psycopg 3, psycopg2 and pandas
      default-jdk-headless libpostgresql-jdbc-java python3-psycopg python3-psycopg2 python3-pandas
      "$@")
# node-postgres comes from npm (test/clients.sh); Node.js itself from Debian
# unless the machine has one already (NodeSource's, say).
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    pkgs+=(nodejs npm)
fi
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

install=(apt-get install -y --no-install-recommends "${missing[@]}")
if [ "$(id -u)" -ne 0 ]; then
    echo "portfolio needs these packages: ${missing[*]}" >&2
    echo "Install them with:" >&2
    echo "  sudo apt-get update && sudo ${install[*]}" >&2
    exit 1
fi

echo "Installing ${missing[*]} ..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
if ! apt-cache show postgresql-15 >/dev/null 2>&1; then
    # e.g. Ubuntu releases that ship another major version
    echo "PostgreSQL 15 is not in this system's apt sources; add the PGDG repository" >&2
    echo "(/usr/share/postgresql-common/pgdg/apt.postgresql.org.sh) and run this again." >&2
    exit 1
fi
"${install[@]}"
