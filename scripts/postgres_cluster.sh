#!/usr/bin/env bash
# A throw-away PostgreSQL + PostGIS cluster for the tests and the benchmark.
#
#   scripts/postgres_cluster.sh COMMAND [ARGS…]
#
# Installs `postgresql` and `postgresql-15-postgis-3` from Debian when missing (through sudo when not root),
# creates a cluster in a new temporary folder with `initdb`, starts it with `pg_ctl` listening on a Unix
# socket in that folder only (no TCP port), creates the database `schouw_test`, runs COMMAND with
#   SCHOUW_TEST_POSTGRES_URL=postgresql://USER@/schouw_test?host=FOLDER
# in its environment, and stops the cluster and removes the folder when COMMAND ends (also on Ctrl-C or an
# error). Exits with COMMAND's status.
#
# The server runs as the current user. PostgreSQL refuses to run as root, so as root (CI) it runs as the
# `postgres` user that Debian's package creates; the tests connect through the socket with `trust`
# authentication, which is safe here because only the socket in a private folder listens.
set -euo pipefail

if (($# == 0)); then
    echo "usage: scripts/postgres_cluster.sh COMMAND [ARGS…]" >&2
    exit 64
fi

source "$(dirname "$0")/apt_missing.sh"
install_missing postgres_cluster postgresql postgresql-15-postgis-3

# Debian keeps the server programs out of PATH.
bin=""
for candidate in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
    if [[ -x "$candidate/initdb" ]]; then bin="$candidate"; break; fi
done
if [[ -z "$bin" ]]; then
    bin="$(dirname "$(command -v initdb || echo /nonexistent/initdb)")"
    [[ -x "$bin/initdb" ]] || { echo "postgres_cluster: initdb not found" >&2; exit 1; }
fi

folder="$(mktemp -d "${TMPDIR:-/tmp}/schouw-pg.XXXXXX")"
as_owner=()
user="$(id -un)"
if [[ $(id -u) -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
    user="postgres"
    chown postgres "$folder"
    as_owner=(runuser -u postgres --)
fi

stop_cluster() {
    local status=$?
    if [[ -f "$folder/data/postmaster.pid" ]]; then
        "${as_owner[@]}" "$bin/pg_ctl" -D "$folder/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$folder"
    exit "$status"
}
trap stop_cluster EXIT
trap 'exit 130' INT TERM

"${as_owner[@]}" "$bin/initdb" -D "$folder/data" -U "$user" -A trust -E UTF8 --locale=C.UTF-8 >"$folder/initdb.log" 2>&1 \
    || { cat "$folder/initdb.log" >&2; exit 1; }
# Enough connections for 8 processes' pools and the tests' own; no TCP at all.
"${as_owner[@]}" "$bin/pg_ctl" -D "$folder/data" -l "$folder/server.log" -w -t 60 \
    -o "-c listen_addresses='' -c unix_socket_directories='$folder' -c max_connections=200 -c shared_buffers=128MB" \
    start >/dev/null || { cat "$folder/server.log" >&2; exit 1; }
"${as_owner[@]}" "$bin/createdb" -h "$folder" -U "$user" schouw_test

export SCHOUW_TEST_POSTGRES_URL="postgresql://$user@/schouw_test?host=$folder"
echo "postgres_cluster: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on $folder (SCHOUW_TEST_POSTGRES_URL)"
set +e
"$@"
status=$?
set -e
exit "$status"
